"""Version numbers on the records one edits after creating them (issue 18).

Contacts, consents, referrals, support-plan steps, the organisation profile and the partner
agencies carry ``version`` like the client
record: each write raises it, and a write prepared from a stale read is refused with
``<entity>.version_conflict`` (exit 3, field ``version``) while nothing is written — no row,
no audit event. The same rule on the team database, with two real connections, is in
tests/team/test_team_versions.py.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from referral_desk.core.errors import VersionConflict
from referral_desk.core.services import casework, clients, consent, contacts, organisation, referrals
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD, client_data
from tests.consent_fixtures import referral_with_consent

TODAY = dt.date.today()
both_backends = pytest.mark.both_backends


@pytest.fixture
def case(admin_ctx):
    client = clients.create_client(admin_ctx, data=client_data())
    contact = contacts.add_contact(
        admin_ctx, client_id=client.id, data={"date": TODAY.isoformat(), "minutes": 45, "topics": ["work"]}
    )
    referral = referral_with_consent(admin_ctx, client.id, direction="mutual")
    goal = casework.add_goal(
        admin_ctx,
        client_id=client.id,
        data={"area": "work", "goal": "Arbeit finden", "set_on": TODAY - dt.timedelta(days=7)},
    )
    step = casework.add_step(admin_ctx, goal_id=goal.id, data={"text": "Lebenslauf schreiben"})
    jobcenter_id = organisation.get_agency(admin_ctx, key="jobcenter").id
    return SimpleNamespace(
        client=client, contact=contact, referral=referral, goal=goal, step=step, jobcenter_id=jobcenter_id
    )


def _contact(ctx, case, version, n):
    return contacts.update_contact(
        ctx, contact_id=case.contact.id, changes={"minutes": 50 + n}, expected_version=version
    )


def _revoke(ctx, case, version, n):
    # A partial withdrawal writes only a history row; it still raises the consent's version.
    return consent.revoke(
        ctx, consent_id=case.referral.consent_id, categories=["contact"] if n == 0 else None, expected_version=version
    )


def _status(ctx, case, version, n):
    return referrals.change_status(
        ctx, referral_id=case.referral.id, status="sent" if n == 0 else "withdrawn", expected_version=version
    )


def _feedback(ctx, case, version, n):
    if n == 0:  # feedback comes back on a referral that was sent
        version = referrals.change_status(ctx, referral_id=case.referral.id, status="sent").version
    return referrals.record_feedback(
        ctx,
        referral_id=case.referral.id,
        received_on=TODAY,
        from_="Frau Beispiel, Jobcenter",
        outcome=f"Termin vereinbart ({n})",
        expected_version=version,
    )


def _organisation(ctx, case, version, n):
    return organisation.update_organisation(ctx, changes={"phone": f"0621 55500{n}"}, expected_version=version)


def _agency(ctx, case, version, n):
    return organisation.save_agency(
        ctx, key="jobcenter", data={"contact_person": f"Frau Beispiel {n}"}, expected_version=version
    )


def _step(ctx, case, version, n):
    day = TODAY - dt.timedelta(days=n)  # a corrected date is a change too
    return casework.complete_step(ctx, step_id=case.step.id, done_on=day, expected_version=version)


# (name, write, table, id of the row, entity of the error code)
WRITES = [
    ("contact", _contact, "contact", lambda c: c.contact.id, "contact"),
    ("consent_revoke", _revoke, "consent", lambda c: c.referral.consent_id, "consent"),
    ("referral_status", _status, "referral", lambda c: c.referral.id, "referral"),
    ("referral_feedback", _feedback, "referral", lambda c: c.referral.id, "referral"),
    ("plan_step", _step, "support_step", lambda c: c.step.id, "plan"),
    # The administration's records (revision 0004).
    ("organisation", _organisation, "organisation", lambda c: 1, "organisation"),
    ("agency", _agency, "agency", lambda c: c.jobcenter_id, "agency"),
]


def _row(ctx, table: str, row_id: int) -> dict:
    with ctx.reading() as conn:
        return dict(conn.execute(text(f"SELECT * FROM {table} WHERE id = :id"), {"id": row_id}).mappings().one())


def _events(ctx) -> int:
    with ctx.reading() as conn:
        return conn.execute(text("SELECT count(*) FROM audit_event")).scalar_one()


@both_backends
@pytest.mark.parametrize("name, write, table, row_id, entity", WRITES, ids=[w[0] for w in WRITES])
def test_a_write_raises_the_version_and_a_stale_one_writes_nothing(admin_ctx, case, name, write, table, row_id, entity):
    rid = row_id(case)
    read_at = _row(admin_ctx, table, rid)["version"]
    if entity not in ("organisation", "agency"):  # set up with the vault, then edited
        assert read_at == 1  # a new record starts at 1
    first = write(admin_ctx, case, None if name == "referral_feedback" else read_at, 0)
    stored = _row(admin_ctx, table, rid)
    assert first.version == stored["version"] > read_at

    events = _events(admin_ctx)
    with pytest.raises(VersionConflict) as err:
        write(admin_ctx, case, read_at, 1)  # prepared from the first read: stale now
    assert err.value.code == f"{entity}.version_conflict"
    assert err.value.params["field"] == "version" and err.value.exit_code == 3
    assert err.value.params["expected"] == read_at and err.value.params["current"] == stored["version"]
    assert _row(admin_ctx, table, rid) == stored
    assert _events(admin_ctx) == events

    # With the version it now holds the same write goes through.
    assert write(admin_ctx, case, stored["version"], 1).version == stored["version"] + 1


@both_backends
def test_reads_carry_the_version_the_app_sends_back(admin_ctx, case):
    _contact(admin_ctx, case, 1, 0)
    assert contacts.list_contacts(admin_ctx, client_id=case.client.id)[0].version == 2
    consents = consent.list_for_client(admin_ctx, client_id=case.client.id)
    assert consents[0].version == 1
    assert referrals.get(admin_ctx, referral_id=case.referral.id).version == 1
    plan = casework.get_plan(admin_ctx, client_id=case.client.id)
    assert plan.goals[0].steps[0].version == 1


def test_records_of_a_release_0_1_vault_start_at_version_1(tmp_path):
    """v2_record_versions on the vault made by release 0.1: every contact, consent and
    referral starts at 1, and a stale write to one of them is refused."""
    target = tmp_path / "vault"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vault_v1", target)
    with Vault.unlock(target, user="admin", password=ADMIN_PASSWORD) as vault:
        ctx = ServiceContext.sign_in(vault, "admin")
        with ctx.reading() as conn:
            counts = {
                t: conn.execute(text(f"SELECT count(*), min(version), max(version) FROM {t}")).one()
                for t in ("contact", "consent", "referral")
            }
            contact_id = conn.execute(text("SELECT min(id) FROM contact")).scalar()
        for table, (n, low, high) in counts.items():
            assert n > 0, table
            assert low == high == 1, table
        assert (
            contacts.update_contact(ctx, contact_id=contact_id, changes={"minutes": 61}, expected_version=1).version
            == 2
        )
        with pytest.raises(VersionConflict):
            contacts.update_contact(ctx, contact_id=contact_id, changes={"minutes": 62}, expected_version=1)
