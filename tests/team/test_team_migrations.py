"""One migration history for the desk vault and the team database (issue 18).

A team database is created at the head of the history (``server init``); ``server upgrade``
runs what a newer program brings, as the vault does when it is opened. A revision written once
(here one a later release might ship: a column and a table) runs on both databases, and on the
server the new table belongs to the owner role like everything ``server init`` made.
"""

from __future__ import annotations

import json

import pytest
from sqlalchemy import text

from referral_desk.core.migrations import history
from referral_desk.core.team import server
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD
from tests.core.test_migrations import write_revision
from tests.team.conftest import TeamDb


def _revision(team_db: TeamDb) -> str | None:
    with team_db.raw("super") as su:
        return su.execute("SELECT version_num FROM alembic_version").fetchone()[0]


def test_a_new_team_database_is_at_the_head_and_upgrade_has_nothing_to_do(team_db, run):
    assert _revision(team_db) == history.head()
    code, out, err = run("--json", "--dsn", team_db.dsn("super"), "server", "upgrade")
    assert code == 0, err
    assert json.loads(out) == {
        "database": team_db.name,
        "before": history.head(),
        "after": history.head(),
        "applied": [],
    }
    code, out, err = run("--dsn", team_db.dsn("super"), "server", "upgrade")
    assert code == 0 and "auf dem Stand dieses Programms" in out


def test_only_a_superuser_upgrades(team_db, run, monkeypatch):
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", team_db.passwords[team_db.users["admin"]])
    code, _out, err = run("--dsn", team_db.dsn("admin"), "server", "upgrade")
    assert code == 3 and "Superuser" in err


def test_one_revision_runs_on_the_vault_and_on_the_server(pg_cluster, run, monkeypatch, tmp_path, admin_ctx):
    from referral_desk.core.errors import PolicyRefused

    team = TeamDb(pg_cluster, "t_migr_later")  # set up by this program, before the later release
    later = tmp_path / "later"
    write_revision(
        later,
        "9001",
        history.head(),
        '    op.add_column("agency", sa.Column("probe", sa.String))\n'
        '    op.create_table("probe_note", sa.Column("id", sa.Integer, primary_key=True), sa.Column("x", sa.String))',
    )
    monkeypatch.setattr(history, "REVISION_LOCATIONS", [*history.REVISION_LOCATIONS, later])

    # The desk vault: upgraded when opened.
    vault_path = admin_ctx.vault.directory
    admin_ctx.vault.close()
    with Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD) as vault, vault.read() as conn:
        assert history.current(conn) == "9001"
        assert "probe" in {r[1] for r in conn.execute(text("PRAGMA table_info(agency)"))}
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name = 'probe_note'")).scalar() == 1

    # The team database: ``server upgrade`` with the superuser's DSN.
    code, out, err = run("--json", "--dsn", team.dsn("super"), "server", "upgrade")
    assert code == 0, err
    assert json.loads(out)["applied"] == ["9001"] and _revision(team) == "9001"
    with team.raw("super") as su:
        owner = su.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'probe_note'").fetchone()[0]
        columns = {
            r[0] for r in su.execute("SELECT column_name FROM information_schema.columns WHERE table_name = 'agency'")
        }
        assert su.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == "2"
    assert owner == server.role_names(team.name)["owner"] and "probe" in columns
    # The counsellors' connections still work on the upgraded schema.
    anna = team.context("anna")
    try:
        from referral_desk.core.services import organisation

        assert {a.key for a in organisation.list_agencies(anna)} >= {"jobcenter"}
    finally:
        anna.vault.close()

    # A program without the revision refuses the newer database instead of touching it.
    monkeypatch.undo()
    code, _out, err = run("--dsn", team.dsn("super"), "server", "upgrade")
    assert code == 3 and "neueren Programmversion" in err and "9001" in err
    with pytest.raises(PolicyRefused) as refused:  # and a desk of that program does not sign in
        team.context("anna")
    assert refused.value.code == "team.newer_schema"


def _as_left_at_0004(su, db: str) -> None:
    """Undo revisions 0007, 0006 and 0005 on a fresh team database: the state a program of
    revision 0004 made with ``server init``."""
    g = {k: f'"{db}_{k}"' for k in ("counsellor", "lead", "admin", "statistics")}
    for policy in ("user_account_team", "user_account_own", "user_account_language"):
        su.execute(f"DROP POLICY {policy} ON user_account")
    su.execute("ALTER TABLE user_account DISABLE ROW LEVEL SECURITY")
    su.execute(f"REVOKE SELECT ON organisation, user_account FROM {g['statistics']}")
    su.execute(
        f"REVOKE UPDATE (ui_language) ON user_account FROM {g['counsellor']}, {g['lead']}, {g['admin']}, "
        f"{g['statistics']}"
    )
    su.execute(f"REVOKE EXECUTE ON FUNCTION rd_me() FROM {g['statistics']}")
    su.execute("DROP POLICY group_session_seen ON group_session")
    su.execute("DROP POLICY group_session_insert ON group_session")
    su.execute("ALTER TABLE group_session DISABLE ROW LEVEL SECURITY")
    su.execute(f"REVOKE SELECT, INSERT ON group_session FROM {g['counsellor']}, {g['lead']}, {g['admin']}")
    su.execute("DROP FUNCTION rd_service_in_use(text)")
    su.execute("DROP TRIGGER client_guard ON client")
    su.execute("DROP FUNCTION rd_guard_client(), rd_erase_team_rows(integer, boolean)")
    su.execute("DROP POLICY client_erase ON client")
    su.execute(f"REVOKE DELETE ON client FROM {g['lead']}, {g['admin']}")
    for table in ("consent", "contact", "generated_document", "group_participant", "referral", "signposting"):
        su.execute(f"DROP POLICY {table}_erase ON {table}")
        su.execute(f"GRANT DELETE ON {table} TO {g['counsellor']}")
    for table in ("support_goal", "support_step"):
        su.execute(f"DROP POLICY {table}_erase ON {table}")
        su.execute(f"GRANT DELETE ON {table} TO {g['counsellor']}")
    for table in ("consent_withdrawal", "referral_event", "support_review"):
        su.execute(f"DROP POLICY {table}_erase ON {table}")
        su.execute(f"REVOKE DELETE ON {table} FROM {g['lead']}, {g['admin']}")
    su.execute("UPDATE alembic_version SET version_num = '0004'")


def _server_state(team: TeamDb) -> dict[str, set]:
    """Grants, policies, functions and triggers of a team database, role names without the
    database's prefix and whitespace folded: what ``server init`` and ``server upgrade`` must
    agree on."""
    import re

    def fold(value) -> str:
        return re.sub(r"\s+", " ", str(value)).replace(team.name + "_", "<db>_").strip()

    with team.raw("super") as su:
        grants = su.execute(
            "SELECT table_name, grantee, privilege_type FROM information_schema.role_table_grants "
            "WHERE grantee LIKE %s",
            (team.name + "\\_%",),
        ).fetchall()
        grants += su.execute(
            "SELECT table_name || '.' || column_name, grantee, privilege_type "
            "FROM information_schema.role_column_grants WHERE grantee LIKE %s",
            (team.name + "\\_%",),
        ).fetchall()
        policies = su.execute(
            "SELECT tablename, policyname, permissive, roles::text, cmd, qual, with_check FROM pg_policies"
        ).fetchall()
        functions = su.execute(
            "SELECT p.proname, p.prosecdef, pg_get_function_arguments(p.oid), p.prosrc, p.proacl::text "
            "FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'"
        ).fetchall()
        triggers = su.execute(
            "SELECT tgrelid::regclass::text, tgname, tgfoid::regproc::text FROM pg_trigger WHERE NOT tgisinternal"
        ).fetchall()
        rls = su.execute("SELECT relname, relrowsecurity FROM pg_class WHERE relkind = 'r'").fetchall()
    return {
        name: {tuple(fold(v) for v in row) for row in rows}
        for name, rows in (
            ("grants", grants), ("policies", policies), ("functions", functions), ("triggers", triggers), ("rls", rls)
        )
    }  # fmt: skip


def test_a_database_set_up_at_revision_0004_upgrades_to_what_init_makes(pg_cluster, run):
    """Revisions 0005 (erasure decided by the server), 0006 (group sessions) and 0007 (one's
    own account row) written as frozen SQL: upgraded, a database has exactly the grants, policies, functions and
    triggers that ``server init`` of this program makes."""
    old, fresh = TeamDb(pg_cluster, "t_migr_0004"), TeamDb(pg_cluster, "t_migr_head")
    with old.raw("super") as su:
        _as_left_at_0004(su, old.name)
    assert _server_state(old) != _server_state(fresh)  # the comparison can fail
    code, out, err = run("--json", "--dsn", old.dsn("super"), "server", "upgrade")
    assert code == 0, err
    assert json.loads(out)["applied"] == ["0005", "0006", "0007"]
    upgraded, made = _server_state(old), _server_state(fresh)
    for part in made:
        assert upgraded[part] == made[part], (part, upgraded[part] ^ made[part])


def test_a_database_set_up_at_revision_0002_upgrades_to_the_head(pg_cluster, run, monkeypatch):
    """Revisions 0003 and 0004 on a real upgrade. Before them, the administration could not
    enter the supervisory authority on the server (the INSERT was refused) and the
    administration's records had no version; after ``server upgrade`` both are there, and the
    server's trigger raises the new versions on a raw UPDATE too."""
    import psycopg

    from referral_desk.core.errors import PolicyRefused
    from referral_desk.core.services import supervisory

    team = TeamDb(pg_cluster, "t_migr_0002")
    tables = ("organisation", "agency", "supervisory_authority")
    with team.raw("super") as su:  # the database as the program of revision 0002 left it
        _as_left_at_0004(su, team.name)
        su.execute(f'REVOKE INSERT ON supervisory_authority FROM "{team.name}_admin"')
        for table in tables:
            su.execute(f"DROP TRIGGER {table}_version ON {table}")
            su.execute(f"ALTER TABLE {table} DROP COLUMN version")
        su.execute("UPDATE alembic_version SET version_num = '0002'")
    with team.raw("admin") as admin_sql, pytest.raises(psycopg.errors.InsufficientPrivilege):
        admin_sql.execute("INSERT INTO supervisory_authority (regime, updated_at) VALUES ('kdg', now())")
    # This program does not work on the older schema: signing in says what to do.
    with pytest.raises(PolicyRefused) as refused:
        team.context("anna")
    assert refused.value.code == "team.upgrade_needed" and "server upgrade" in refused.value.message("de")
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", team.passwords[team.users["anna"]])
    code, _out, err = run("--dsn", team.dsn("anna"), "client", "find", "x")
    assert code == 3 and "server upgrade" in err
    code, out, err = run("--json", "--dsn", team.dsn("super"), "server", "upgrade")
    assert code == 0, err
    assert json.loads(out)["applied"] == ["0003", "0004", "0005", "0006", "0007"] and _revision(team) == history.head()
    entry = {"name": "Katholisches Datenschutzzentrum", "city": "Frankfurt am Main"}
    admin = team.context("admin")
    try:
        supervisory.set_authority(admin, regime="kdg", changes=entry)
    finally:
        admin.vault.close()
    with team.raw("super") as su:
        before = su.execute("SELECT version FROM agency WHERE key = 'jobcenter'").fetchone()[0]
        su.execute("UPDATE agency SET phone = '0621 000' WHERE key = 'jobcenter'")
        after = su.execute("SELECT version FROM agency WHERE key = 'jobcenter'").fetchone()[0]
        owners = {
            r[0] for r in su.execute("SELECT tableowner FROM pg_tables WHERE tablename = ANY(%s)", (list(tables),))
        }
    assert (before, after) == (1, 2) and owners == {f"{team.name}_owner"}
