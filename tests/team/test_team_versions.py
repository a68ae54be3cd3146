"""Version numbers on contacts, consents, referrals and plan steps on the team database.

Two real connections write the same row at the same moment: Lena (the team lead) holds an
uncommitted raw UPDATE of one of Anna's records; Anna's write through the service read the
old version and waits for the row lock. When Lena commits, the server's trigger has raised
the version, Anna's conditional UPDATE finds no row with the version she read, and she gets
``<entity>.version_conflict``: Lena's change stays, nothing of Anna's is half written.
(The same rules on a desk vault: tests/core/test_record_versions.py.)
"""

from __future__ import annotations

import datetime as dt

import pytest

from referral_desk.core.errors import VersionConflict
from referral_desk.core.services import casework, clients, consent, contacts, referrals
from tests.conftest import client_data
from tests.consent_fixtures import referral_with_consent

TODAY = dt.date.today()

# (name, the lead's raw UPDATE, table, the record's id, Anna's write, entity of the error code)
CASES = [
    (
        "contact",
        "UPDATE contact SET note = 'Leitung' WHERE id = %s",
        "contact",
        lambda r: r["contact"].id,
        lambda ctx, r, v: contacts.update_contact(
            ctx, contact_id=r["contact"].id, changes={"minutes": 60}, expected_version=v
        ),
        "contact",
    ),
    (
        "consent",
        "UPDATE consent SET guardian_name = NULL WHERE id = %s",
        "consent",
        lambda r: r["referral"].consent_id,
        lambda ctx, r, v: consent.revoke(
            ctx, consent_id=r["referral"].consent_id, categories=["contact"], expected_version=v
        ),
        "consent",
    ),
    (
        "referral",
        "UPDATE referral SET follow_up_on = CURRENT_DATE + 14 WHERE id = %s",
        "referral",
        lambda r: r["referral"].id,
        lambda ctx, r, v: referrals.change_status(ctx, referral_id=r["referral"].id, status="sent", expected_version=v),
        "referral",
    ),
    (
        "plan_step",
        "UPDATE support_step SET due_on = CURRENT_DATE + 7 WHERE id = %s",
        "support_step",
        lambda r: r["step"].id,
        lambda ctx, r, v: casework.complete_step(ctx, step_id=r["step"].id, expected_version=v),
        "plan",
    ),
]


def _records(ctx, family_name: str) -> dict:
    client = clients.create_client(ctx, data=client_data(family_name=family_name, birth_date="1979-05-04"))
    goal = casework.add_goal(
        ctx,
        client_id=client.id,
        data={"area": "work", "goal": "Arbeit finden", "set_on": TODAY - dt.timedelta(days=7)},
    )
    return {
        "contact": contacts.add_contact(
            ctx, client_id=client.id, data={"date": TODAY.isoformat(), "minutes": 45, "topics": ["work"]}
        ),
        "referral": referral_with_consent(ctx, client.id),
        "step": casework.add_step(ctx, goal_id=goal.id, data={"text": "Lebenslauf schreiben"}),
    }


def _version(team_db, table: str, row_id: int) -> int:
    with team_db.raw("super") as su:
        return su.execute(f"SELECT version FROM {table} WHERE id = %s", (row_id,)).fetchone()[0]


@pytest.mark.parametrize("name, lead_sql, table, row_id, write, entity", CASES, ids=[c[0] for c in CASES])
def test_concurrent_write_conflicts_instead_of_overwriting(team_db, name, lead_sql, table, row_id, write, entity):
    anna = team_db.context("anna")
    try:
        records = _records(anna, f"Versionen-{name}")
        rid = row_id(records)
        assert _version(team_db, table, rid) == 1
        # Lena's raw UPDATE holds the row lock (the trigger raises the version); Anna's write waits.
        outcome = team_db.write_while_locked("lena", lead_sql, (rid,), "anna", lambda: write(anna, records, None))
        error = outcome.get("error")
        assert isinstance(error, VersionConflict), outcome
        assert error.code == f"{entity}.version_conflict" and error.params["current"] == 2
        assert _version(team_db, table, rid) == 2  # Lena's write only
        # Reading again, Anna's write goes through at the version she now holds.
        assert write(anna, records, 2).version == 3
    finally:
        anna.vault.close()


def test_a_stale_expected_version_is_refused_by_the_second_desk(team_db):
    """Two app instances read the same contact; the one that saves second is told."""
    anna, lena = team_db.context("anna"), team_db.context("lena")
    try:
        records = _records(anna, "Zweiplatz")
        contact = records["contact"]
        seen_by_lena = next(c for c in contacts.list_contacts(lena, client_id=contact.client_id) if c.id == contact.id)
        contacts.update_contact(anna, contact_id=contact.id, changes={"minutes": 50}, expected_version=contact.version)
        with pytest.raises(VersionConflict):
            contacts.update_contact(
                lena, contact_id=contact.id, changes={"minutes": 90}, expected_version=seen_by_lena.version
            )
        assert contacts.list_contacts(lena, client_id=contact.client_id)[0].minutes == 50
    finally:
        anna.vault.close()
        lena.vault.close()
