"""Each person's own account row on the team database: the language, and the statistics login.

Until this revision saving one's interface language in the app on a team database was
refused (nobody had UPDATE on ``user_account``), and the statistics login could not open the
app at all: the session start reads the organisation's profile and one's own account, and
that role could read neither. From here on ``user_account`` has row-level security: the
people working with clients read the team's accounts as before, the statistics login reads
its own row only; everyone may change the ``ui_language`` of their own row and nothing else;
the statistics login reads the organisation's profile (no person in it).

The statements are this revision's, frozen; ``server init`` makes the same state from
``core/team/server.py`` (``tests/team/test_team_migrations.py`` compares both). A desk vault
has no grants: nothing to do there.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    quote = conn.dialect.identifier_preparer.quote
    client_roles = ", ".join(quote(f"{database}_{g}") for g in ("counsellor", "lead", "admin"))
    statistics = quote(f"{database}_statistics")
    op.execute("ALTER TABLE user_account ENABLE ROW LEVEL SECURITY")
    op.execute(f"CREATE POLICY user_account_team ON user_account FOR SELECT TO {client_roles} USING (true)")
    op.execute(f"CREATE POLICY user_account_own ON user_account FOR SELECT TO {statistics} USING (id = rd_me())")
    op.execute(
        f"CREATE POLICY user_account_language ON user_account FOR UPDATE TO {client_roles}, {statistics} "
        "USING (id = rd_me()) WITH CHECK (id = rd_me())"
    )
    op.execute(f"GRANT SELECT ON organisation, user_account TO {statistics}")
    op.execute(f"GRANT UPDATE (ui_language) ON user_account TO {client_roles}, {statistics}")
    op.execute(f"GRANT EXECUTE ON FUNCTION rd_me() TO {statistics}")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded: restore a backup instead")
