"""What each role's own connection can and cannot do, proven with raw SQL (psycopg), not
through our services: the server enforces it (DESIGN.md §10)."""

from __future__ import annotations

import psycopg
import pytest
from psycopg import errors

from referral_desk.core.audit import verify_chain
from referral_desk.core.errors import DuplicateClient
from referral_desk.core.services import clients
from tests.conftest import client_data


@pytest.fixture(scope="module")
def caseload(team_db):
    """Anna's and Bert's (team default) and Carl's (team nord) clients, created through the services."""
    ids = {}
    for who, family, given, birth in (
        ("anna", "Haddad", "Rami", "1990-01-02"),
        ("bert", "Kovalenko", "Olena", "1978-06-30"),
        ("carl", "Nowak", "Piotr", "1969-11-11"),
    ):
        ctx = team_db.context(who)
        with ctx.vault:
            ids[who] = clients.create_client(
                ctx, data=client_data(family_name=family, given_names=given, birth_date=birth)
            ).id
    return ids


def _names(conn) -> set[str]:
    return {r[0] for r in conn.execute("SELECT family_name FROM client")}


def test_counsellor_sees_only_own_clients_until_shared(team_db, caseload):
    with team_db.raw("anna") as anna, team_db.raw("bert") as bert:
        assert _names(anna) == {"Haddad"}
        assert anna.execute("SELECT count(*) FROM client WHERE id = %s", (caseload["bert"],)).fetchone()[0] == 0
        cur = anna.execute("UPDATE client SET notes = 'x' WHERE id = %s", (caseload["bert"],))
        assert cur.rowcount == 0  # invisible rows cannot be changed either
        assert (
            anna.execute("SELECT count(*) FROM client_name_key WHERE client_id = %s", (caseload["bert"],)).fetchone()[0]
            == 0
        )
        # Anna cannot share Bert's client with herself.
        with pytest.raises(errors.InsufficientPrivilege):
            anna.execute(
                "SELECT rd_share_client(%s, %s, now() + interval '7 days')", (caseload["bert"], team_db.users["anna"])
            )
        # Bert shares it for his leave: an explicit, time-limited, audited share.
        share_id = bert.execute(
            "SELECT rd_share_client(%s, %s, now() + interval '14 days')", (caseload["bert"], team_db.users["anna"])
        ).fetchone()[0]
        assert _names(anna) == {"Haddad", "Kovalenko"}
        assert anna.execute("UPDATE client SET notes = 'Vertretung' WHERE id = %s", (caseload["bert"],)).rowcount == 1
        with team_db.raw("super") as su:
            audited = su.execute(
                "SELECT user_id, action, entity_id FROM audit_event WHERE action = 'client.share' "
                "ORDER BY seq DESC LIMIT 1"
            ).fetchone()
            bert_id = su.execute(
                "SELECT user_id FROM team_user WHERE db_role = %s", (team_db.users["bert"],)
            ).fetchone()[0]
            assert audited == (bert_id, "client.share", caseload["bert"])
            # The share expires: move it into the past (as time would).
            su.execute(
                "UPDATE client_share SET valid_from = now() - interval '20 days', "
                "valid_until = now() - interval '1 second' WHERE id = %s",
                (share_id,),
            )
        assert _names(anna) == {"Haddad"}
        assert anna.execute("UPDATE client SET notes = 'zu spät' WHERE id = %s", (caseload["bert"],)).rowcount == 0
        # A share cannot be open-ended or far in the future.
        with pytest.raises(errors.InvalidParameterValue):
            bert.execute(
                "SELECT rd_share_client(%s, %s, now() + interval '400 days')", (caseload["bert"], team_db.users["anna"])
            )


def test_share_can_be_ended_early(team_db, caseload):
    with team_db.raw("anna") as anna, team_db.raw("carl") as carl:
        share_id = anna.execute(
            "SELECT rd_share_client(%s, %s, now() + interval '1 day')", (caseload["anna"], team_db.users["carl"])
        ).fetchone()[0]
        assert "Haddad" in _names(carl)
        with pytest.raises(errors.InsufficientPrivilege):
            carl.execute("SELECT rd_end_share(%s)", (share_id,))  # the grantee cannot end or extend it
        anna.execute("SELECT rd_end_share(%s)", (share_id,))
        assert "Haddad" not in _names(carl)


def test_counsellor_cannot_insert_for_someone_else_or_read_secrets(team_db, caseload):
    with team_db.raw("anna") as anna:
        with pytest.raises(errors.InsufficientPrivilege):
            anna.execute("SELECT audit_key FROM team_secret")
        assert (
            anna.execute(
                "SELECT count(*) FROM meta WHERE key NOT LIKE 'case%%' AND key <> 'schema_version'"
            ).fetchone()[0]
            == 0
        )
        with pytest.raises(errors.InsufficientPrivilege):  # RLS WITH CHECK: counsellor_id must be herself
            anna.execute(
                "INSERT INTO client (case_number, case_status, opened_on, counsellor_id, family_name, "
                "given_names, birth_date, gender, nationalities, interpreter_needed, residence_status, "
                "employment_permitted, german_level, integration_course, sort_family, sort_given, dup_key, "
                "legal_hold, created_at, updated_at) VALUES ('X-1', 'open', current_date, %s, 'A', 'B', "
                "'1990-01-01', 'female', '[]', false, 'unknown', 'unknown', 'unknown', 'unknown', '', '', "
                "'', false, now(), now())",
                (
                    anna.execute(
                        "SELECT user_id FROM team_user WHERE db_role = %s", (team_db.users["bert"],)
                    ).fetchone()[0],
                ),
            )
        with pytest.raises(errors.InsufficientPrivilege):
            anna.execute("DELETE FROM client")


def _keys(conn, client_id: int) -> int:
    return conn.execute("SELECT count(*) FROM client_name_key WHERE client_id = %s", (client_id,)).fetchone()[0]


def test_name_keys_follow_the_client_and_cannot_be_claimed(team_db, caseload):
    """The search reads name keys by their client's counsellor (kept by the server): they are
    visible exactly when the client is, a share and its end included, and move with the client."""
    with team_db.raw("anna") as anna, team_db.raw("bert") as bert, team_db.raw("super") as su:
        ids = {
            w: su.execute("SELECT user_id FROM team_user WHERE db_role = %s", (team_db.users[w],)).fetchone()[0]
            for w in ("anna", "bert")
        }
        assert _keys(anna, caseload["anna"]) > 0 and _keys(bert, caseload["anna"]) == 0
        # A key written with someone else's id as owner is stored with the client's counsellor.
        anna.execute(
            "INSERT INTO client_name_key (key, client_id, counsellor_id) VALUES ('n:zzprobe', %s, %s)",
            (caseload["anna"], ids["bert"]),
        )
        assert (
            su.execute("SELECT counsellor_id FROM client_name_key WHERE key = 'n:zzprobe'").fetchone()[0] == ids["anna"]
        )
        assert _keys(bert, caseload["anna"]) == 0
        with pytest.raises(errors.InsufficientPrivilege):  # nor for a client one cannot see
            bert.execute("INSERT INTO client_name_key (key, client_id) VALUES ('n:zzprobe2', %s)", (caseload["anna"],))
        share = anna.execute(
            "SELECT rd_share_client(%s, %s, now() + interval '1 day')", (caseload["anna"], team_db.users["bert"])
        ).fetchone()[0]
        assert _keys(bert, caseload["anna"]) == _keys(anna, caseload["anna"])
        ctx = team_db.context("bert")  # and the search finds the shared client
        with ctx.vault:
            assert [c.id for c in clients.find_clients(ctx, text_query="Haddad")] == [caseload["anna"]]
        anna.execute("SELECT rd_end_share(%s)", (share,))
        assert _keys(bert, caseload["anna"]) == 0
        # The client moves to Bert: its keys go with it.
        su.execute("UPDATE client SET counsellor_id = %s WHERE id = %s", (ids["bert"], caseload["anna"]))
        try:
            assert _keys(anna, caseload["anna"]) == 0 and _keys(bert, caseload["anna"]) > 0
        finally:
            su.execute("UPDATE client SET counsellor_id = %s WHERE id = %s", (ids["anna"], caseload["anna"]))
            su.execute("DELETE FROM client_name_key WHERE key = 'n:zzprobe'")
        assert _keys(anna, caseload["anna"]) > 0 and _keys(bert, caseload["anna"]) == 0


def test_lead_sees_own_team_only(team_db, caseload):
    with team_db.raw("lena") as lena:
        assert {"Haddad", "Kovalenko"} <= _names(lena)
        assert "Nowak" not in _names(lena)  # Carl is in team nord


def test_statistics_gets_aggregates_never_names(team_db, caseload):
    with team_db.raw("stat") as stat:
        for table in ("client", "client_name_key", "contact", "consent", "referral", "audit_event"):
            with pytest.raises(errors.InsufficientPrivilege):
                stat.execute(f"SELECT * FROM {table} LIMIT 1")
        # Its own account row only (the app's session start): no colleague's name.
        assert stat.execute("SELECT name FROM user_account").fetchall() == [(team_db.users["stat"],)]
        with pytest.raises(errors.InsufficientPrivilege):
            stat.execute("SELECT rd_sees_client(1)")
        rows = dict(stat.execute("SELECT category, clients FROM rd_stats_clients('gender', 0)").fetchall())
        # Three clients, all female (client_data): one cell of 3, shown at the minimum cell size 3.
        assert rows == {"female": 3}
        rows = dict(stat.execute("SELECT category, clients FROM rd_stats_clients('gender', 4)").fetchall())
        assert rows == {"female": None}  # below k: suppressed
        with pytest.raises(errors.InvalidParameterValue):
            stat.execute("SELECT * FROM rd_stats_clients('family_name', 0)")


def test_statistics_secondary_suppression(team_db, caseload):
    """One small cell next to large ones would be recoverable from a published total: the
    next smallest cell is hidden as well."""
    ctx = team_db.context("anna")
    with ctx.vault:
        for i in range(4):
            clients.create_client(
                ctx,
                data=client_data(family_name=f"Muster{chr(65 + i)}", gender="male", birth_date=f"1980-02-0{i + 1}"),
                allow_duplicate=True,
            )
        clients.create_client(ctx, data=client_data(family_name="Einzeln", gender="diverse", birth_date="1999-09-09"))
    with team_db.raw("stat") as stat:
        rows = dict(stat.execute("SELECT category, clients FROM rd_stats_clients('gender', 3)").fetchall())
    assert rows == {"diverse": None, "female": None, "male": 4}, rows


def test_duplicate_in_a_colleagues_caseload_is_found_without_naming_it(team_db, caseload):
    """Anna counsels Rami Haddad: Bert cannot see the record, but adding him again is refused
    as a duplicate in another caseload, without its case number (as in a desk vault)."""
    ctx = team_db.context("bert")
    with ctx.vault, pytest.raises(DuplicateClient) as found:
        clients.create_client(ctx, data=client_data(family_name="Haddad", given_names="Rami", birth_date="1990-01-02"))
    assert found.value.hidden == 1 and not found.value.case_numbers
    assert found.value.code == "client.duplicate_elsewhere"
    with team_db.raw("bert") as bert:
        assert _names(bert) == {"Kovalenko"}  # the record itself stays out of reach
        assert bert.execute("SELECT rd_duplicate_count('x')").fetchone()[0] == 0  # a count, nothing else
    with team_db.raw("stat") as stat, pytest.raises(errors.InsufficientPrivilege):
        stat.execute("SELECT rd_duplicate_count('x')")
    with team_db.raw("super") as su:  # the refusal answered "does this person exist?": audited
        action = su.execute("SELECT action FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert action == "client.duplicate_refused"


def test_audit_rows_only_through_the_function(team_db, caseload):
    with team_db.raw("super") as su:
        seq = su.execute("SELECT max(seq) FROM audit_event").fetchone()[0]
    for who in ("anna", "lena", "admin", "stat"):
        with team_db.raw(who) as conn:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(
                    "INSERT INTO audit_event (seq, at, action, fields, prev_mac, mac) "
                    "VALUES (999999, 'x', 'forged.event', '[]', 'x', 'x')"
                )
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("UPDATE audit_event SET action = 'x' WHERE seq = %s", (seq,))
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute("DELETE FROM audit_event WHERE seq = %s", (seq,))
    with team_db.raw("anna") as anna:
        new = anna.execute("SELECT rd_audit('client.view', 'client', %s, '[]')", (caseload["anna"],)).fetchone()[0]
        assert new > seq
        with pytest.raises(errors.InvalidParameterValue):
            anna.execute("SELECT rd_audit('not an action', NULL, NULL, '[]')")
    with team_db.raw("super") as su:
        key = bytes(su.execute("SELECT audit_key FROM team_secret").fetchone()[0])
        from referral_desk.core.team import connection

        engine = connection.make_engine(connection.parse_dsn(team_db.dsn("super")))
        with engine.connect() as conn:
            head, broken = verify_chain(conn, key)
        engine.dispose()
        assert broken is None and head.seq >= new  # the server's chain verifies with the vault's code
    with team_db.raw("ret") as ret:  # the retention job may prune
        assert ret.execute("DELETE FROM audit_event WHERE seq = %s", (new,)).rowcount == 1


def test_nobody_reaches_the_owner_role(team_db):
    """The owner bypasses row-level security: no login may become it or grant it."""
    owner = f"{team_db.name}_owner"
    for who in ("anna", "lena", "admin", "stat", "ret"):
        with team_db.raw(who) as conn:
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f'SET ROLE "{owner}"')
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f'GRANT "{owner}" TO "{team_db.users[who]}"')
            with pytest.raises(errors.InsufficientPrivilege):
                conn.execute(f'GRANT "{team_db.name}_lead" TO "{team_db.users["anna"]}"')  # not even a group


def test_every_role_can_sign_in(team_db):
    """Statistics and retention have no SELECT on user_account; rd_whoami names them."""
    for who, role in (("stat", "statistics"), ("ret", "retention"), ("lena", "lead")):
        ctx = team_db.context(who)
        assert ctx.actor.role == role and ctx.actor.name == team_db.users[who]
        ctx.vault.close()


def test_login_without_tls_or_with_wrong_password_is_refused(team_db):
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(team_db.dsn("anna", sslmode="disable"), connect_timeout=5)
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(team_db.cluster.dsn(team_db.users["anna"], "falsch", dbname=team_db.name), connect_timeout=5)


def test_everyone_changes_only_the_language_of_their_own_account(team_db):
    """Revision 0007: the statistics login reads its own account row and the organisation's
    profile, no colleague's; each login saves its own interface language and nothing else."""
    from referral_desk.core.services import desk

    with team_db.raw("stat") as stat:
        rows = stat.execute("SELECT name FROM user_account").fetchall()
        assert rows == [(team_db.users["stat"],)]
        assert stat.execute("SELECT count(*) FROM organisation").fetchone()[0] == 1
    with team_db.raw("anna") as anna:
        assert anna.execute("SELECT count(*) FROM user_account").fetchone()[0] >= 6  # the team's names
        assert anna.execute(
            "UPDATE user_account SET ui_language = 'en' WHERE name = %s", (team_db.users["bert"],)
        ).rowcount == 0  # fmt: skip
        with pytest.raises(errors.InsufficientPrivilege):
            anna.execute("UPDATE user_account SET role = 'admin' WHERE name = %s", (team_db.users["anna"],))
    for who in ("anna", "stat"):
        ctx = team_db.context(who)
        with ctx.vault:
            desk.set_ui_language(ctx, language="en")
            assert desk.session_start(ctx).ui_language == "en"
    with team_db.raw("super") as su:
        languages = dict(su.execute("SELECT name, ui_language FROM user_account").fetchall())
    assert languages[team_db.users["anna"]] == "en" and languages[team_db.users["bert"]] is None
