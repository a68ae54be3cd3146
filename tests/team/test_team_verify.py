"""``verify --dsn SUPERUSER``: the team database's integrity checks (core/team/verify.py).

Each check is shown to fail on the change it exists for — made by hand as the superuser, as a
careless administrator or an attacker with those hands would — and to pass again once undone.
"""

from __future__ import annotations

import json

import pytest

from referral_desk.core.services import clients, contacts
from tests.conftest import client_data

CHECKS = [
    "schema_revision",
    "row_level_security",
    "audit_grants",
    "server_triggers",
    "constraints_validated",
    "audit_chain",
]


@pytest.fixture(scope="module")
def activity(team_db):
    ctx = team_db.context("anna")
    with ctx.vault:
        c = clients.create_client(ctx, data=client_data())
        contacts.add_contact(ctx, client_id=c.id, data={"date": "2026-11-02", "minutes": 45, "topics": ["work"]})
    return c.id


def _verify(run, team_db):
    return run("--json", "--dsn", team_db.dsn("super"), "verify")


def test_a_team_database_in_order_passes_every_check(team_db, activity, run):
    code, out, err = _verify(run, team_db)
    assert code == 0, err
    assert json.loads(out) == {"ok": True, "checks": CHECKS}
    code, out, _err = run("--dsn", team_db.dsn("super"), "verify")
    assert code == 0 and "Prüfung bestanden" in out


def test_only_a_superuser_verifies(team_db, activity, run, monkeypatch):
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", team_db.passwords[team_db.users["admin"]])
    code, _out, err = run("--dsn", team_db.dsn("admin"), "verify")
    assert code == 3 and "Superuser" in err
    code, _out, err = run("--dsn", team_db.dsn("super"), "verify", "--acknowledge", "--reason", "x")
    assert code == 2


@pytest.mark.parametrize(
    ("break_sql", "undo_sql", "expected"),
    [
        (
            "ALTER TABLE contact DISABLE ROW LEVEL SECURITY",
            "ALTER TABLE contact ENABLE ROW LEVEL SECURITY",
            "Zeilensicherheit (row-level security) abgeschaltet: contact",
        ),
        (
            'GRANT INSERT ON audit_event TO "{db}_counsellor"',
            'REVOKE INSERT ON audit_event FROM "{db}_counsellor"',
            "{db}_counsellor INSERT",
        ),
        (
            "ALTER TABLE client DISABLE TRIGGER client_guard",
            "ALTER TABLE client ENABLE TRIGGER client_guard",
            "client.client_guard",
        ),
        (
            "ALTER TABLE contact ADD CONSTRAINT minutes_positive CHECK (minutes > 0) NOT VALID",
            "ALTER TABLE contact DROP CONSTRAINT minutes_positive",
            "NOT VALID: minutes_positive",
        ),
        (
            "UPDATE audit_event SET fields = '[]' WHERE seq = 2",
            None,
            "Protokollkette unterbrochen bei Eintrag 2",
        ),
    ],
    ids=["rls_off", "audit_insert", "trigger_off", "unchecked_constraint", "audit_edited"],
)
def test_each_check_names_what_was_changed(team_db, activity, run, break_sql, undo_sql, expected):
    db = team_db.name
    with team_db.raw("super") as su:
        if undo_sql is None:  # keep the row to put it back
            saved = su.execute("SELECT fields::text FROM audit_event WHERE seq = 2").fetchone()[0]
        su.execute(break_sql.format(db=db))
    try:
        code, _out, err = _verify(run, team_db)
        assert code == 5 and expected.format(db=db) in err, err
    finally:
        with team_db.raw("super") as su:
            if undo_sql is None:
                su.execute("UPDATE audit_event SET fields = %s::json WHERE seq = 2", (saved,))
            else:
                su.execute(undo_sql.format(db=db))
    code, _out, err = _verify(run, team_db)
    assert code == 0, err


def test_an_older_schema_is_named(team_db, activity, run):
    with team_db.raw("super") as su:
        head = su.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        su.execute("UPDATE alembic_version SET version_num = '0004'")
    try:
        code, _out, err = _verify(run, team_db)
        assert code == 5 and "0004" in err and "server upgrade" in err
    finally:
        with team_db.raw("super") as su:
            su.execute("UPDATE alembic_version SET version_num = %s", (head,))
