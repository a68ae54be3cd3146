"""Schema versions of the vault database.

* A new vault is created from the current models and stamped ``LATEST``.
* An older vault is upgraded step by step (``STEPS[n]`` turns version n into n+1) inside
  one transaction, so a failed upgrade leaves the file as it was.
* A vault from a newer program is refused.

``schema_v<N>.sql`` is a frozen snapshot of the DDL of released version N. A test checks
that the current models still produce the snapshot of ``LATEST`` (changing a table needs a
new step and a new snapshot) and that upgrading every older snapshot gives today's schema.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from referral_desk.core import models  # noqa: F401 - registers the tables
from referral_desk.core.errors import InvalidInput
from referral_desk.core.migrations import v2  # after models: its parts use the registered tables

LATEST = 2

# version n -> function that upgrades a connection from n to n+1 (inside a transaction)
STEPS: dict[int, Callable[[Connection], None]] = {1: v2.upgrade}

SNAPSHOT_DIR = Path(__file__).resolve().parent


class VaultTooNew(InvalidInput):
    pass


def snapshot_path(version: int) -> Path:
    return SNAPSHOT_DIR / f"schema_v{version}.sql"


def current_version(conn: Connection) -> int | None:
    has_meta = conn.execute(text("SELECT 1 FROM sqlite_master WHERE type='table' AND name='meta'")).first()
    if not has_meta:
        return None
    row = conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).first()
    return None if row is None else int(row[0])


def create_latest(conn: Connection) -> None:
    SQLModel.metadata.create_all(conn)
    conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(LATEST)})


def upgrade(conn: Connection) -> int:
    """Bring an existing vault to LATEST. Returns the version found."""
    found = current_version(conn)
    if found is None:
        raise InvalidInput("vault.database_unreadable")
    if found > LATEST:
        raise VaultTooNew("vault.newer_schema", found=found, supported=LATEST)
    version = found
    while version < LATEST:
        STEPS[version](conn)
        version += 1
        conn.execute(text("UPDATE meta SET value=:v WHERE key='schema_version'"), {"v": str(version)})
    return found


def schema_ddl(conn: Connection) -> str:
    """Normalised DDL of a database, for comparing against snapshots."""
    rows = conn.execute(
        text(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' "
            "ORDER BY type = 'trigger', type DESC, name"
        )
    ).all()  # triggers last: they need their table
    return "\n".join(" ".join(str(sql).split()) + ";" for _, _, sql in rows) + "\n"
