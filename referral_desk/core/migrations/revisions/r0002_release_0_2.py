"""Release 0.2: letters, consent contents, case work, statistics, versions (``v2.py``).

The upgrade of a 0.1 vault, in the parts written before the history was kept (each in its
``v2_<topic>.py``). A team database is created at this schema or later (``server init``).

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from referral_desk.core.migrations import history, v2

    conn = op.get_bind()
    history.desk_only(conn, revision)
    v2.upgrade(conn)


def downgrade() -> None:
    raise NotImplementedError("a vault is never downgraded: restore a backup instead")
