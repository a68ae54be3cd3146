"""Release 0.1: the first schema (``schema_v1.sql``).

A vault made by release 0.1 has no history row and is stamped with this revision when opened;
an empty SQLite database upgraded from nothing gets the 0.1 tables from the frozen snapshot.

Revision ID: 0001
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    from referral_desk.core.migrations import history, snapshot_path

    conn = op.get_bind()
    history.desk_only(conn, revision)
    for statement in snapshot_path(1).read_text("utf-8").split(";\n"):
        if statement.strip():
            conn.execute(text(statement))


def downgrade() -> None:
    raise NotImplementedError("a vault is never downgraded: restore a backup instead")
