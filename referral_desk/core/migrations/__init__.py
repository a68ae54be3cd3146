"""Schema versions of the vault database (and of the team database: ``history.py``).

* A new vault is created from the current models, stamped ``LATEST`` in ``meta`` and at the
  head of the migration history (``history.py``, Alembic).
* An older vault is upgraded revision by revision inside one transaction, so a failed
  upgrade leaves the file as it was. A vault made before the history was kept is first
  stamped with its release's revision (``history.RELEASES``).
* A vault from a newer program is refused (a higher ``schema_version``, or a revision this
  program does not know).

``schema_v<N>.sql`` is a frozen snapshot of the DDL of released version N. A test checks
that the current models still produce the snapshot of ``LATEST`` (changing a table needs a
new revision and a new snapshot) and that upgrading every older snapshot gives today's schema.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

from referral_desk.core import models  # noqa: F401 - registers the tables
from referral_desk.core.errors import InvalidInput
from referral_desk.core.migrations import history

# The release's schema number in ``meta`` (what release 0.1 reads to refuse a newer vault);
# its last revision is ``history.RELEASES[LATEST]``.
LATEST = 2

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
    history.stamp(conn, history.head())


def upgrade(conn: Connection) -> int:
    """Bring an existing vault to the head of the history. Returns the release version found."""
    found = current_version(conn)
    if found is None:
        raise InvalidInput("vault.database_unreadable")
    if found > LATEST:
        raise VaultTooNew("vault.newer_schema", found=found, supported=LATEST)
    try:
        _revision, applied = history.bring_to_head(conn, release=found)
    except history.NewerRevision as exc:
        raise VaultTooNew("vault.newer_schema", found=exc.revision, supported=history.head()) from None
    if applied or found != LATEST:
        conn.execute(text("UPDATE meta SET value=:v WHERE key='schema_version'"), {"v": str(LATEST)})
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
