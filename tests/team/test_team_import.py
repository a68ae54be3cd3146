"""The list import on the team database (``client import --dsn`` and the app's import button).

Ids come from the tables' sequences (``max(id)`` under row-level security would be the
importer's own maximum), case numbers from the counter under its row lock, and a person already
recorded in a colleague's caseload is found by the server's count without naming the record.
"""

from __future__ import annotations

import json

import pytest

from referral_desk.core.importing import import_clients
from referral_desk.core.services import clients
from tests.conftest import client_data
from tests.core.import_lists import german_rows, write_csv


def test_two_counsellors_import_lists_into_one_team_database(team_db, run, tmp_path):
    bert = team_db.context("bert")
    with bert.vault:  # Bert's records exist first: ids and case numbers Anna's connection cannot see
        existing = clients.create_client(bert, data=client_data(family_name="Vorhanden"))
    anna_list = write_csv(tmp_path / "anna.csv", german_rows(25))
    code, out, err = run("--json", "--dsn", team_db.dsn("anna"), "client", "import", str(anna_list))
    assert code == 0, err
    report = json.loads(out)
    assert report["created"] == 25
    anna_ids = report["client_ids"]
    bert_list = write_csv(tmp_path / "bert.csv", german_rows(40)[25:])
    with bert.vault:
        bert_ids = import_clients(bert, path=bert_list).client_ids
    with team_db.raw("super") as su:
        rows = su.execute(
            "SELECT c.id, c.case_number, u.name FROM client c JOIN user_account u ON u.id = c.counsellor_id "
            "ORDER BY c.id"
        ).fetchall()
        next_id = su.execute("SELECT nextval(pg_get_serial_sequence('client', 'id'))").fetchone()[0]
        keys = su.execute("SELECT count(DISTINCT client_id) FROM client_name_key").fetchone()[0]
    assert len(rows) == 1 + 25 + 15 and len({r[0] for r in rows}) == len(rows)
    assert len({r[1] for r in rows}) == len(rows)  # one case number each
    owners = {r[0]: r[2] for r in rows}
    assert {owners[i] for i in anna_ids} == {team_db.users["anna"]}
    assert {owners[i] for i in bert_ids} == {team_db.users["bert"]}
    assert next_id > max(r[0] for r in rows)  # the sequence moved past every imported id
    assert keys == len(rows)  # the name search finds every imported client
    # Anna's list holds Bert's client: a duplicate, counted by the server, not named.
    again = write_csv(
        tmp_path / "again.csv", [["Vorhanden", "Ayşe", "12.03.1985"]], headers=["Nachname", "Vorname", "Geburtsdatum"]
    )
    anna = team_db.context("anna")
    with anna.vault:
        refused = import_clients(anna, path=again)
    assert refused.outcome == "refused_duplicates"
    assert refused.duplicates[0].to_json() == {"row": 2, "in_vault": True}
    assert existing.case_number not in json.dumps(refused.to_json())
    lena = team_db.context("lena")  # the lead sees Bert's caseload: the case number is named
    with lena.vault:
        assert import_clients(lena, path=again, dry_run=True).duplicates[0].case_number == existing.case_number
    stat = team_db.context("stat")
    with stat.vault:
        from referral_desk.core.errors import PolicyRefused

        with pytest.raises(PolicyRefused):
            import_clients(stat, path=again, dry_run=True)
