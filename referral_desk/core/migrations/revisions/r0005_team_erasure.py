"""Erasure (Art. 17) on the team database, decided by the server.

Until this revision every counsellor's login could DELETE contacts, consents, referrals and
documents of their clients with raw SQL, nobody could delete a client, and an erasure left
colleagues' drafts of the record (and a shared client's shares) behind. From here on:

* only the lead of the client's counsellor deletes (restrictive ``<table>_erase`` policies,
  ``client_erase``), never under a legal hold; counsellors keep DELETE on the name keys and
  the attribute history, which their own edits rebuild;
* ``rd_erase_team_rows(client, delete)`` removes what the lead's own connection cannot reach:
  every person's draft of the client and, when the client is deleted, its shares;
* the trigger ``client_guard`` lets only the lead set or lift a legal hold or erase, and an
  erasure is final.

The statements are this revision's, frozen; ``server init`` makes the same state from
``core/team/server.py`` (``tests/team/test_team_migrations.py`` compares both). A desk vault
has no grants: nothing to do there.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

from alembic import op
from sqlalchemy import text

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

CHILDREN = (
    "consent",
    "contact",
    "generated_document",
    "group_participant",
    "referral",
    "signposting",
    "support_goal",
    "support_step",
)
GRANDCHILDREN = (
    ("consent_withdrawal", "consent_id", "consent"),
    ("referral_event", "referral_id", "referral"),
    ("support_review", "goal_id", "support_goal"),
)
DEFINER = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
LED = "counsellor_id IN (SELECT rd_led_counsellors()) AND NOT legal_hold"
LED_C = "c.counsellor_id IN (SELECT rd_led_counsellors()) AND NOT c.legal_hold"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != "postgresql":
        return
    database = conn.execute(text("SELECT current_database()")).scalar_one()
    quote = conn.dialect.identifier_preparer.quote
    counsellors = quote(f"{database}_counsellor")
    erasers = f"{quote(f'{database}_lead')}, {quote(f'{database}_admin')}"
    for table in CHILDREN:
        op.execute(f"REVOKE DELETE ON {table} FROM {counsellors}")
        op.execute(f"GRANT DELETE ON {table} TO {erasers}")
        op.execute(
            f"CREATE POLICY {table}_erase ON {table} AS RESTRICTIVE FOR DELETE USING "
            f"(EXISTS (SELECT 1 FROM client c WHERE c.id = client_id AND {LED_C}))"
        )
    for table, column, parent in GRANDCHILDREN:
        op.execute(f"GRANT DELETE ON {table} TO {erasers}")
        op.execute(
            f"CREATE POLICY {table}_erase ON {table} AS RESTRICTIVE FOR DELETE USING "
            f"(EXISTS (SELECT 1 FROM {parent} p JOIN client c ON c.id = p.client_id "
            f"WHERE p.id = {column} AND {LED_C}))"
        )
    op.execute(f"CREATE POLICY client_erase ON client FOR DELETE USING ({LED})")
    op.execute(f"GRANT DELETE ON client TO {erasers}")
    op.execute(
        f"""CREATE FUNCTION rd_erase_team_rows(p_client integer, p_delete boolean) RETURNS void {DEFINER} AS $$
            DECLARE owner_id integer;
            BEGIN
              SELECT counsellor_id INTO owner_id FROM client WHERE id = p_client;
              IF NOT FOUND OR NOT rd_leads(owner_id) THEN
                RAISE EXCEPTION 'not a client of your team' USING ERRCODE = '42501';
              END IF;
              DELETE FROM draft WHERE kind = 'client' AND ref = p_client::text;
              IF p_delete THEN
                DELETE FROM client_share WHERE client_id = p_client;
              END IF;
            END $$"""
    )
    op.execute(
        f"""CREATE FUNCTION rd_guard_client() RETURNS trigger {DEFINER} AS $$
            BEGIN
              IF OLD.erased_on IS NOT NULL AND NEW.erased_on IS NULL THEN
                RAISE EXCEPTION 'an erasure is final' USING ERRCODE = '42501';
              END IF;
              IF (NEW.legal_hold IS DISTINCT FROM OLD.legal_hold OR NEW.erased_on IS DISTINCT FROM OLD.erased_on)
                 AND NOT rd_leads(OLD.counsellor_id)
                 AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
                RAISE EXCEPTION 'legal hold and erasure are the lead''s' USING ERRCODE = '42501';
              END IF;
              RETURN NEW;
            END $$"""
    )
    op.execute("REVOKE ALL ON FUNCTION rd_erase_team_rows(integer, boolean), rd_guard_client() FROM PUBLIC")
    op.execute(f"GRANT EXECUTE ON FUNCTION rd_erase_team_rows(integer, boolean) TO {erasers}")
    op.execute("CREATE TRIGGER client_guard BEFORE UPDATE ON client FOR EACH ROW EXECUTE FUNCTION rd_guard_client()")


def downgrade() -> None:
    raise NotImplementedError("a database is never downgraded: restore a backup instead")
