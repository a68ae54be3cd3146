"""The team's administration may enter the supervisory authority of its legal regime.

``supervisory set`` (Verwaltung, ``forms authority``) inserts the organisation's own entry
the first time; on the team database the administrators could only update one. A desk vault
has no grants: nothing to do there.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    admins = conn.dialect.identifier_preparer.quote(f"{database}_admin")  # core/team/server.py role_names
    op.execute(f"GRANT INSERT ON supervisory_authority TO {admins}")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded: restore a backup instead")
