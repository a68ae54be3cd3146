"""v2 part: a version number on client records for optimistic concurrency (issue 18).

Existing records start at 1; every update through the services increments it and refuses
to write when the record changed since it was read (``client.version_conflict``).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE client ADD COLUMN version INTEGER DEFAULT '1' NOT NULL"))
