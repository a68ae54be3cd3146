"""Where a vault lives, without importing the database stack (the desktop app asks this
before it shows its first page)."""

from __future__ import annotations

import os
from pathlib import Path

DB_FILE = "referral-desk.db"


def default_vault_dir() -> Path:
    env = os.environ.get("REFERRAL_DESK_VAULT")
    if env:
        return Path(env).expanduser()
    from platformdirs import user_data_path

    return user_data_path("referral-desk", appauthor=False) / "vault"


def vault_exists(directory: Path) -> bool:
    return (Path(directory) / DB_FILE).exists()


def state_dir() -> Path:
    """Per-person state kept outside every vault (the audit anchors, DESIGN.md §5).

    ``REFERRAL_DESK_STATE_DIR`` overrides the platform's user state directory (tests point
    it at a temporary folder so no test writes to the real profile)."""
    env = os.environ.get("REFERRAL_DESK_STATE_DIR")
    if env:
        path = Path(env).expanduser()
    else:
        from platformdirs import user_state_path

        path = user_state_path("referral-desk", appauthor=False)
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path
