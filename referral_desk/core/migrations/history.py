"""The schema's migration history: one Alembic history for the desk vault and the team database.

Each revision in ``revisions/`` turns one schema into the next, written for both databases
(``op.*``; SQLite needs ``op.batch_alter_table`` to change a column). The runner is
programmatic — no ``alembic.ini``, no ``env.py`` — and always works on a connection the caller
holds inside its own transaction, so a failed upgrade leaves the database as it was (SQLite
and PostgreSQL both roll DDL back).

``meta.schema_version`` still holds the *release* schema number (``migrations.LATEST``): the
0.1 program reads it to refuse a newer vault. ``RELEASES`` maps each release to its last
revision; a database made before the history was kept carries no ``alembic_version`` row and
is stamped with its release's revision before it is upgraded.

The two first revisions replay what came before the history: 0001 is release 0.1's schema
(``schema_v1.sql``), 0002 release 0.2's upgrade (``v2.py`` and its parts). Both are
SQLite-only: a team database is created at the head (``server init``) and never needs them.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from alembic.operations import Operations
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection

HERE = Path(__file__).resolve().parent
# Where revisions are read from (a test adds a folder with a revision of its own).
REVISION_LOCATIONS: list[Path] = [HERE / "revisions"]

# A database without a history row was made before the history was kept: its release schema
# number (meta.schema_version) -> the revision it is at. Fixed: every later database has a row.
RELEASES = {1: "0001", 2: "0002"}


def script() -> ScriptDirectory:
    return _script(tuple(str(p) for p in REVISION_LOCATIONS))


@functools.cache
def _script(locations: tuple[str, ...]) -> ScriptDirectory:
    # Read once per set of folders: opening a vault asks for the history three times.
    return ScriptDirectory(str(HERE), version_locations=list(locations))


def head() -> str:
    revision = script().get_current_head()
    assert revision is not None  # the history is never empty
    return revision


def known(revision: str) -> bool:
    """The revision is in this program's history (else the database is from a newer one)."""
    return revision in {r.revision for r in script().walk_revisions()}


def current(conn: Connection) -> str | None:
    """The database's revision (None: made before the history was kept)."""
    return MigrationContext.configure(conn).get_current_revision()


def stamp(conn: Connection, revision: str) -> None:
    """Record ``revision`` without running anything (a database already in that state)."""
    MigrationContext.configure(conn).stamp(script(), revision)


def upgrade(conn: Connection) -> list[str]:
    """Run every revision after the database's one, in order, on ``conn`` inside the caller's
    transaction. Returns the revisions applied."""
    directory = script()
    applied: list[str] = []

    def steps(revision: Any, _context: MigrationContext) -> list[Any]:  # what ``env.py`` would hand over
        todo = directory._upgrade_revs("head", revision)
        applied.extend(step.revision.revision for step in todo)
        return todo

    context = MigrationContext.configure(conn, opts={"script": directory, "fn": steps})
    with Operations.context(context):
        context.run_migrations()
    return applied


class NewerRevision(Exception):
    """The database is at a revision this program does not have (made by a newer one)."""

    def __init__(self, revision: str) -> None:
        super().__init__(revision)
        self.revision = revision


def bring_to_head(conn: Connection, *, release: int) -> tuple[str | None, list[str]]:
    """A database made before the history was kept is stamped with its ``release``'s
    revision; one from a newer program is refused (``NewerRevision``, nothing changed); then
    the missing revisions run. Returns (the revision found, the revisions applied)."""
    found = current(conn)
    if found is None:
        stamp(conn, RELEASES[release])
    elif not known(found):
        raise NewerRevision(found)
    return found, upgrade(conn)


def desk_only(conn: Connection, revision: str) -> None:
    """The revisions replaying the time before the history run on a desk vault only."""
    if conn.dialect.name != "sqlite":
        raise RuntimeError(f"revision {revision} replays a desk vault's past; a team database starts at the head")
