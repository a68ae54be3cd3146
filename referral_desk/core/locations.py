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
