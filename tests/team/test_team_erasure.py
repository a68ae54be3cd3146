"""Erasure, legal hold, the access export and group sessions on the team database.

The server decides (revisions 0005 and 0006): only the lead of the client's counsellor deletes
or erases, never under a legal hold; a counsellor's raw SQL can neither delete case records
nor lift a hold nor bring an erased record back; erasing removes every colleague's draft of
the record. Group sessions are seen by who held them, their lead and whoever sees a
registered participant. Proven with raw SQL as each login and through the services and CLI.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from psycopg import errors

from referral_desk.core.audit import verify_chain
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.services import casework, clients, contacts, drafts, groups, organisation, retention
from referral_desk.core.team import shares
from tests.conftest import client_data

TODAY = dt.date.today()


def _client_of(team_db, who: str, family: str) -> int:
    ctx = team_db.context(who)
    with ctx.vault:
        c = clients.create_client(ctx, data=client_data(family_name=family))
        contacts.add_contact(
            ctx, client_id=c.id, data={"date": TODAY.isoformat(), "minutes": 30, "topics": ["work"], "note": "Notiz"}
        )
        goal = casework.add_goal(ctx, client_id=c.id, data={"area": "work", "goal": "Arbeit finden"})
        casework.add_step(ctx, goal_id=goal.id, data={"text": "Bewerbung schreiben"})
    return c.id


def test_a_counsellor_cannot_delete_case_records_or_lift_a_hold(team_db):
    cid = _client_of(team_db, "anna", "Löschprobe")
    with team_db.raw("anna") as anna:
        for sql in (
            "DELETE FROM contact WHERE client_id = %s",
            "DELETE FROM support_step WHERE client_id = %s",
            "DELETE FROM support_goal WHERE client_id = %s",
            "DELETE FROM client WHERE id = %s",
        ):
            with pytest.raises(errors.InsufficientPrivilege):
                anna.execute(sql, (cid,))
        with pytest.raises(errors.InsufficientPrivilege, match="lead"):
            anna.execute("UPDATE client SET legal_hold = true WHERE id = %s", (cid,))
        with pytest.raises(errors.InsufficientPrivilege, match="lead"):
            anna.execute("UPDATE client SET erased_on = current_date WHERE id = %s", (cid,))
        # Her own work still deletes what it rebuilds: the name keys of a rename.
        anna_ctx = team_db.context("anna")
        with anna_ctx.vault:
            clients.update_client(anna_ctx, client_id=cid, changes={"family_name": "Löschprobe-Neu"})
    with team_db.raw("super") as su:
        assert su.execute("SELECT count(*) FROM contact WHERE client_id = %s", (cid,)).fetchone()[0] == 1


def test_the_lead_erases_under_the_servers_rules(team_db, run):
    cid = _client_of(team_db, "anna", "Sentinelname")
    other_team = _client_of(team_db, "carl", "Nordteam")
    lena = team_db.context("lena")
    anna = team_db.context("anna")
    bert = team_db.context("bert")
    try:
        # A colleague covering during leave, and both with an unsaved form of the record.
        shares.share_client(anna, client_id=cid, colleague=team_db.users["bert"], until=TODAY + dt.timedelta(days=7))
        drafts.save_draft(anna, kind="client", ref=str(cid), payload={"family_name": "Sentinelname"})
        drafts.save_draft(bert, kind="client", ref=str(cid), payload={"notes": "Sentinelname"})
        # The lead puts a legal hold: nothing can be deleted, not even by the lead's raw SQL.
        retention.set_legal_hold(lena, client_id=cid, hold=True)
        with team_db.raw("lena") as lead_sql:
            assert lead_sql.execute("DELETE FROM client WHERE id = %s", (cid,)).rowcount == 0
            assert lead_sql.execute("DELETE FROM contact WHERE client_id = %s", (cid,)).rowcount == 0
            # Carl's client is another team's: invisible, so nothing to delete.
            assert lead_sql.execute("DELETE FROM contact WHERE client_id = %s", (other_team,)).rowcount == 0
        with pytest.raises(PolicyRefused) as held:
            retention.erase_client(lena, client_id=cid, mode="delete")
        assert held.value.code == "retention.legal_hold"
        with pytest.raises(PolicyRefused):  # a counsellor never erases (service and server)
            retention.erase_client(anna, client_id=cid, mode="delete")
        retention.set_legal_hold(lena, client_id=cid, hold=False)
        # The CLI with --dsn: the lead's login erases completely.
        code, out, err = run("--json", "--dsn", team_db.dsn("lena"), "client", "erase", str(cid), "--mode", "delete")
        assert code == 0, err
        assert json.loads(out)["mode"] == "delete"
    finally:
        for ctx in (lena, anna, bert):
            ctx.vault.close()
    with team_db.raw("super") as su:
        assert su.execute("SELECT count(*) FROM client WHERE id = %s", (cid,)).fetchone()[0] == 0
        for table in ("contact", "support_goal", "support_step", "client_name_key", "client_share"):
            left = su.execute(f"SELECT count(*) FROM {table} WHERE client_id = %s", (cid,)).fetchone()[0]
            assert left == 0, table
        assert su.execute("SELECT count(*) FROM draft WHERE ref = %s", (str(cid),)).fetchone()[0] == 0
        erased_by = su.execute(
            "SELECT u.name FROM audit_event e JOIN user_account u ON u.id = e.user_id "
            "WHERE e.action = 'client.erase' AND e.entity_id = %s",
            (cid,),
        ).fetchall()
        assert erased_by == [(team_db.users["lena"],)]
        assert su.execute("SELECT count(*) FROM client WHERE id = %s", (other_team,)).fetchone()[0] == 1
    with team_db.engine("super").connect() as conn:
        assert verify_chain(conn, _audit_key(team_db))


def _audit_key(team_db) -> bytes:
    with team_db.raw("super") as su:
        return bytes(su.execute("SELECT audit_key FROM team_secret WHERE id = 1").fetchone()[0])


def test_an_anonymised_record_stays_anonymised(team_db, run, tmp_path):
    cid = _client_of(team_db, "bert", "Anonymprobe")
    lena = team_db.context("lena")
    with lena.vault:
        retention.close_case(lena, client_id=cid)
        assert retention.erase_client(lena, client_id=cid, mode="anonymise") == "anonymise"
    for who in ("bert", "lena"):
        with team_db.raw(who) as conn, pytest.raises(errors.InsufficientPrivilege, match="final"):
            conn.execute("UPDATE client SET erased_on = NULL WHERE id = %s", (cid,))
    # The access export of what is left, as its counsellor through the CLI (JSON and PDF).
    out = tmp_path / "auskunft"
    code, _stdout, err = run("--json", "--dsn", team_db.dsn("bert"), "client", "export", str(cid), "--out", str(out))
    assert code == 0, err
    report = json.loads((tmp_path / "auskunft.json").read_text(encoding="utf-8"))
    assert report["client"]["family_name"].startswith("Gelöscht ")
    assert report["contacts"][0]["note"] is None and report["contacts"][0]["date"] == TODAY.isoformat()
    assert (tmp_path / "auskunft.pdf").read_bytes().startswith(b"%PDF")
    # Anna may not read Bert's client, so she cannot export it either.
    code, _out, err = run("--dsn", team_db.dsn("anna"), "client", "export", str(cid), "--out", str(out))
    assert code != 0 and "Anonymprobe" not in err


def test_group_sessions_follow_the_caseload(team_db, run):
    anna_client = _client_of(team_db, "anna", "Gruppenteilnehmerin")
    anna, bert, carl, lena = (team_db.context(w) for w in ("anna", "bert", "carl", "lena"))
    try:
        mine = groups.add_group(
            anna,
            data={
                "date": TODAY.isoformat(),
                "minutes": 90,
                "topic": "work",
                "participants": 8,
                "client_ids": [anna_client],
                "note": "Raum 2",
            },
        )
        with pytest.raises(NotFound):  # Bert cannot register Anna's client
            groups.add_group(
                bert,
                data={"date": TODAY.isoformat(), "minutes": 60, "topic": "work", "participants": 3,
                      "client_ids": [anna_client]},
            )  # fmt: skip
        code, out, err = run(
            "--json", "--dsn", team_db.dsn("carl"), "group", "add", "--date", TODAY.isoformat(),
            "--minutes", "60", "--topic", "health", "--participants", "5",
        )  # fmt: skip
        assert code == 0, err
        carls = json.loads(out)["id"]

        def seen(ctx) -> dict[int, list[int]]:
            return {g.id: g.client_ids for g in groups.list_groups(ctx)}

        assert seen(anna) == {mine.id: [anna_client]}
        assert mine.id not in seen(bert) and carls not in seen(bert)
        assert seen(carl) == {carls: []}
        assert mine.id in seen(lena) and carls not in seen(lena)  # Lena leads team default
        # Covering for Anna, Bert sees the session through its participant.
        shares.share_client(
            anna, client_id=anna_client, colleague=team_db.users["bert"], until=TODAY + dt.timedelta(days=3)
        )
        assert seen(bert)[mine.id] == [anna_client]
        # The access export lists the session of the client.
        from referral_desk.core.services import access

        sessions = access.export_client(anna, client_id=anna_client)["case_work"]["group_sessions"]
        assert sessions == [{"date": TODAY.isoformat(), "topic": "work", "service": mine.service}]
    finally:
        for ctx in (anna, bert, carl, lena):
            ctx.vault.close()
    with team_db.raw("anna") as anna_sql, team_db.raw("super") as su:
        bert_id = su.execute("SELECT user_id FROM team_user WHERE db_role = %s", (team_db.users["bert"],)).fetchone()[0]
        with pytest.raises(errors.InsufficientPrivilege):  # not in a colleague's name
            anna_sql.execute(
                "INSERT INTO group_session (date, minutes, topic, participants, service, counsellor_id, created_at) "
                "VALUES (current_date, 60, 'work', 3, 'mbe', %s, now())",
                (bert_id,),
            )
        assert anna_sql.execute("SELECT count(*) FROM group_session WHERE id = %s", (carls,)).fetchone()[0] == 0
        with pytest.raises(errors.InsufficientPrivilege):
            anna_sql.execute("DELETE FROM group_session WHERE id = %s", (mine.id,))


def test_a_service_used_only_by_a_colleagues_group_stays_offered(team_db):
    admin = team_db.context("admin")
    carl = team_db.context("carl")
    try:
        org = organisation.get_organisation(admin)
        organisation.update_organisation(admin, changes={"services": ["mbe", "jmd"]}, expected_version=org.version)
        groups.add_group(
            carl, data={"date": TODAY.isoformat(), "minutes": 45, "topic": "work", "participants": 4, "service": "jmd"}
        )
        org = organisation.get_organisation(admin)
        with pytest.raises(InvalidInput) as refused:  # the admin reads no group session, the server answers
            organisation.update_organisation(admin, changes={"services": ["mbe"]}, expected_version=org.version)
        assert refused.value.code == "organisation.service_in_use" and refused.value.field == "services"
    finally:
        admin.vault.close()
        carl.vault.close()
