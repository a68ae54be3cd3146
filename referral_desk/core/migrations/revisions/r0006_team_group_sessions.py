"""Group sessions on the team database.

Until this revision the team's logins could not read or write ``group_session`` at all (the
section *Gruppenangebote* and ``group add`` were desk-only), and the check that a service is
still in use before the administration stops offering it could not see the records. From
here on a session is seen by who held it, their lead, and whoever sees one of its registered
participants (``group_participant`` keeps its client policy), a counsellor adds sessions in
their own name, and ``rd_service_in_use`` answers the service check for the whole team.

The statements are this revision's, frozen; ``server init`` makes the same state from
``core/team/server.py`` (``tests/team/test_team_migrations.py`` compares both). A desk vault
has no grants: nothing to do there.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    quote = conn.dialect.identifier_preparer.quote
    client_roles = ", ".join(quote(f"{database}_{g}") for g in ("counsellor", "lead", "admin"))
    op.execute("ALTER TABLE group_session ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY group_session_seen ON group_session FOR SELECT USING ("
        "counsellor_id = (SELECT rd_me()) OR counsellor_id IN (SELECT rd_led_counsellors()) "
        "OR id IN (SELECT group_id FROM group_participant))"
    )
    op.execute("CREATE POLICY group_session_insert ON group_session FOR INSERT WITH CHECK (counsellor_id = rd_me())")
    op.execute(f"GRANT SELECT, INSERT ON group_session TO {client_roles}")
    op.execute(
        """CREATE FUNCTION rd_service_in_use(p_service text) RETURNS boolean
           LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
            SELECT EXISTS (SELECT 1 FROM client WHERE service = p_service)
                OR EXISTS (SELECT 1 FROM group_session WHERE service = p_service) $$"""
    )
    op.execute("REVOKE ALL ON FUNCTION rd_service_in_use(text) FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION rd_service_in_use(text) TO {quote(f'{database}_admin')}")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded: restore a backup instead")
