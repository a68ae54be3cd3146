"""Versioned form templates (TOML files in ``forms/``), with per-vault overrides.

Templates are data: the shipped ones live in ``forms/<kind>/...`` (a checkout or, in a
wheel, ``referral_desk/_data/forms``); an organisation can replace one by putting a file
with the same ``id`` and ``language`` and a *higher* ``version`` into ``forms/<kind>/`` of
its vault directory. Lookup: all files of both places are read, and for each
``(id, language)`` the highest version wins; on equal versions the vault's file wins
("vault first, then shipped").

Every file is a TOML table with at least ``id``, ``version`` ("1.0", "1.2.3"),
``language`` (ISO 639-1, optionally with a region: ``fa-AF``) and ``status``; the kind decides what else it must contain
(see ``consent_form.validate_template``). Text values may contain ``{placeholders}``,
filled with ``fill``; ``{{`` and ``}}`` stand for literal braces.
"""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from referral_desk.core.errors import InvalidInput
from referral_desk.core.paths import forms_dir

_VERSION = re.compile(r"\d{1,4}(?:\.\d{1,4}){0,3}")
_ID = re.compile(r"[a-z0-9][a-z0-9\-]{1,60}")
_LANG = re.compile(r"[a-z]{2}(?:-[A-Z]{2})?")  # ISO 639-1, optionally with a region (fa-AF: Dari)
MAX_TEMPLATE_BYTES = 256_000


@dataclass(frozen=True)
class Template:
    kind: str
    id: str
    version: str
    language: str
    status: str
    data: Mapping[str, Any]
    origin: str  # "shipped" | "vault"
    path: Path

    @property
    def version_key(self) -> tuple[int, ...]:
        return version_key(self.version)

    @property
    def regime(self) -> str | None:
        value = self.data.get("regime")
        return value if isinstance(value, str) else None

    def get(self, *keys: str, default: Any = None) -> Any:
        node: Any = self.data
        for key in keys:
            if not isinstance(node, Mapping) or key not in node:
                return default
            node = node[key]
        return node

    def text(self, *keys: str) -> str:
        value = self.get(*keys)
        return value.strip() if isinstance(value, str) else ""


def version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split("."))


def placeholders(text: str) -> set[str]:
    """Names of ``{placeholders}`` in ``text`` (raises ValueError on unbalanced braces)."""
    names = set()
    for _literal, name, spec, conv in string.Formatter().parse(text):
        if name is not None:
            if not name.isidentifier() or spec or conv:
                raise ValueError(f"invalid placeholder {{{name}}}")
            names.add(name)
    return names


def fill(text: str, values: Mapping[str, str]) -> str:
    """Replace placeholders; unknown ones raise KeyError (validated templates have none)."""
    return text.format_map(dict(values))


class TemplateError(InvalidInput):
    """A template file that cannot be used (names the file, relative to its folder)."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__("template.invalid", field="template", path=path.name, detail=detail[:200])


def _parse(path: Path, kind: str, origin: str) -> Template:
    try:
        raw = path.read_bytes()
        if len(raw) > MAX_TEMPLATE_BYTES:
            raise TemplateError(path, "file too large")
        data = tomllib.loads(raw.decode("utf-8"))
    except TemplateError:
        raise
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(path, type(exc).__name__ + ": " + str(exc)) from None
    for key, pattern in (("id", _ID), ("version", _VERSION), ("language", _LANG)):
        value = data.get(key)
        if not isinstance(value, str) or not pattern.fullmatch(value):
            raise TemplateError(path, f"'{key}' missing or malformed")
    status = data.get("status")
    if not isinstance(status, str) or not status.strip():
        raise TemplateError(path, "'status' missing")
    return Template(
        kind=kind,
        id=data["id"],
        version=data["version"],
        language=data["language"],
        status=status.strip(),
        data=data,
        origin=origin,
        path=path,
    )


def _scan(directory: Path, kind: str, origin: str) -> list[Template]:
    base = directory / kind
    if not base.is_dir():
        return []
    return [_parse(p, kind, origin) for p in sorted(base.rglob("*.toml")) if p.is_file()]


@cache
def _shipped(kind: str, root: str) -> tuple[Template, ...]:
    return tuple(_scan(Path(root), kind, "shipped"))


def shipped_templates(kind: str) -> tuple[Template, ...]:
    return _shipped(kind, str(forms_dir()))


def vault_forms_dir(vault_dir: Path | str) -> Path:
    return Path(vault_dir) / "forms"


def available(kind: str, *, vault_dir: Path | str | None = None) -> dict[tuple[str, str], Template]:
    """The template in force for each ``(id, language)``: highest version, vault first."""
    best: dict[tuple[str, str], Template] = {}
    candidates: list[Template] = []
    if vault_dir is not None:
        candidates.extend(_scan(vault_forms_dir(vault_dir), kind, "vault"))
    candidates.extend(shipped_templates(kind))
    for tpl in candidates:  # vault files come first: they win ties
        key = (tpl.id, tpl.language)
        current = best.get(key)
        if current is None or tpl.version_key > current.version_key:
            best[key] = tpl
    return best


def find(kind: str, template_id: str, language: str, *, vault_dir: Path | str | None = None) -> Template | None:
    return available(kind, vault_dir=vault_dir).get((template_id, language))
