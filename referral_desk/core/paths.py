"""Where shipped data lives: `resources/` and `forms/`.

In a checkout (and an editable install) they sit beside the package; in a wheel they are
copied into ``referral_desk/_data/`` (see pyproject.toml). Both layouts are supported so
the same code runs from `make run` and from an installed package.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def _data_root() -> Path:
    bundled = _PACKAGE_DIR / "_data"
    if (bundled / "resources").is_dir():
        return bundled
    return _PACKAGE_DIR.parent


def resources_dir() -> Path:
    return _data_root() / "resources"


def forms_dir() -> Path:
    return _data_root() / "forms"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def handbook_dir() -> Path:
    """The German user handbook (docs/handbuch/, shipped in the wheel as _data/docs/handbuch)."""
    return _data_root() / "docs" / "handbuch"
