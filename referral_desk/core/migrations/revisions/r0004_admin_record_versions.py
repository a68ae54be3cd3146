"""Versions on the administration's records: the organisation profile, the partner agencies
and the organisation's supervisory authority (``models.version_column``).

Two administrators saving the same profile at once: the second is told instead of silently
overwriting (``organisation.version_conflict`` and so on). Written once for both databases:
on the team database the server's trigger also raises the version on raw UPDATEs, as for the
case records. The team's logins may read the revision from here on (checked at sign-in).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

TABLES = ("organisation", "agency", "supervisory_authority")


def upgrade() -> None:
    for table in TABLES:
        op.add_column(table, sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for table in TABLES:  # rd_bump_version: core/team/server.py
            op.execute(
                f"CREATE TRIGGER {table}_version BEFORE UPDATE ON {table} FOR EACH ROW "
                "EXECUTE FUNCTION rd_bump_version()"
            )
        # Signing in checks the revision (core/team/context.py): every login may read it.
        database = conn.execute(sa.text("SELECT current_database()")).scalar_one()
        quote = conn.dialect.identifier_preparer.quote
        groups = ("counsellor", "lead", "statistics", "admin", "retention")  # server.GROUPS of this revision
        op.execute(f"GRANT SELECT ON alembic_version TO {', '.join(quote(f'{database}_{g}') for g in groups)}")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded: restore a backup instead")
