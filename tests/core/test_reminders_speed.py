"""The reminders list stays cheap (issue 13: ≤ 100 ms at 100,000 clients): every part of its
one statement reads a partial index range, never a whole table, and the referral follow-ups
in it are exactly what the referrals page counts (one statement for both)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core.services import casework, clients, demo, referrals, reminders
from referral_desk.core.services.clients import ClientQuery
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD

TODAY = dt.date.today()
INDEXES = {
    "residence_expiry": "ix_client_open_expiry",
    "plan_step": "ix_support_step_open",
    "referral_follow_up": "ix_referral_status",
}


def _plan(conn, sql: str, params: dict) -> list[str]:
    return [r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)]


@pytest.fixture
def demo_ctx(admin_ctx):
    demo.generate(admin_ctx, clients=400, seed=2)
    return admin_ctx


@pytest.mark.parametrize("mine", [False, True])
def test_no_part_of_the_reminders_scans_a_table(demo_ctx, mine):
    p = reminders.params(TODAY, reminders.DEFAULT_DAYS, 1)
    with demo_ctx.reading() as conn:
        for kind, sql in reminders.queries(mine=mine).items():
            plan = _plan(conn, sql, p)
            assert not [line for line in plan if line.startswith("SCAN")], (kind, plan)
            assert any(INDEXES[kind] in line for line in plan), (kind, plan)
        # the closed-goal test is one probe of the partial index
        step_plan = _plan(conn, reminders.queries(mine=mine)["plan_step"], p)
        assert any("ix_support_review_closed" in line for line in step_plan), step_plan
        whole = _plan(conn, reminders.statement(mine=mine), p)
        assert not [line for line in whole if line.startswith("SCAN")], whole


def test_banner_and_referrals_page_count_the_same_follow_ups(demo_ctx):
    listed = [r.subject_id for r in reminders.reminders(demo_ctx) if r.kind == "referral_follow_up"]
    page = [r.subject_id for r in referrals.due_follow_ups(demo_ctx)]
    assert listed and sorted(listed) == sorted(page)
    # and the page's "Nur fällige Wiedervorlagen" filter shows the same referrals
    assert sorted(r.id for r in referrals.list_referrals(demo_ctx, overdue_only=True)) == sorted(page)


def test_list_is_sorted_soonest_first_and_complete(demo_ctx):
    items = reminders.reminders(demo_ctx)
    assert [(r.due_on, r.kind, r.case_number) for r in items] == sorted(
        (r.due_on, r.kind, r.case_number) for r in items
    )
    assert {r.kind for r in items} == {"residence_expiry", "plan_step", "referral_follow_up"}
    hi = TODAY + dt.timedelta(days=reminders.DEFAULT_DAYS)
    lo = TODAY - dt.timedelta(days=reminders.EXPIRED_GRACE_DAYS)
    with demo_ctx.reading() as conn:  # the same list the slow way: every open case's title
        expected = {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM client WHERE case_status = 'open' AND erased_on IS NULL "
                "AND residence_valid_until BETWEEN ? AND ?",
                (lo.isoformat(), hi.isoformat()),
            )
        }
    assert {r.client_id for r in items if r.kind == "residence_expiry"} == expected


FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"


def test_upgraded_fixture_vault_has_the_reminder_indexes_and_uses_them(tmp_path):
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    with Vault.unlock(target, user="admin", password=ADMIN_PASSWORD) as vault:
        ctx = ServiceContext.sign_in(vault, "admin")
        with vault.read() as conn:
            names = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'index'"))}
        assert {"ix_client_open_expiry", "ix_support_step_open", "ix_support_review_closed"} <= names
        assert not {"ix_client_valid_until", "ix_support_step_due"} & names  # replaced
        cid = clients.search_ids(ctx, query=ClientQuery())[0]
        clients.update_client(
            ctx,
            client_id=cid,
            changes={
                "residence_status": "aufenthaltserlaubnis_familie",
                "residence_valid_until": (TODAY + dt.timedelta(days=20)).isoformat(),
            },
        )
        goal = casework.add_goal(ctx, client_id=cid, data={"area": "work", "goal": "Praktikum finden"})
        step = casework.add_step(
            ctx,
            goal_id=goal.id,
            data={"text": "Lebenslauf schreiben", "due_on": (TODAY + dt.timedelta(days=3)).isoformat()},
        )
        items = [(r.kind, r.client_id) for r in reminders.reminders(ctx)]
        assert ("residence_expiry", cid) in items and ("plan_step", cid) in items
        casework.add_review(ctx, goal_id=goal.id, data={"outcome": "dropped"})  # no longer due
        assert ("plan_step", cid) not in [(r.kind, r.client_id) for r in reminders.reminders(ctx)]
        assert step.id


def test_large_demo_rebuilds_the_indexes_it_dropped(admin_ctx, monkeypatch):
    """The bulk path of ``demo`` (indexes dropped, rows written, indexes built again) ends
    with exactly the schema of the models."""
    from referral_desk.core import migrations

    monkeypatch.setattr(demo, "BULK_INDEX_REBUILD", 50)
    with admin_ctx.reading() as conn:
        before = migrations.schema_ddl(conn)
    demo.generate(admin_ctx, clients=120, seed=4)
    with admin_ctx.reading() as conn:
        assert migrations.schema_ddl(conn) == before
        assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
        cid, case_number, birth = conn.exec_driver_sql(
            "SELECT id, case_number, birth_date FROM client ORDER BY id DESC LIMIT 1"
        ).one()
    assert len(clients.search_ids(admin_ctx, query=ClientQuery())) == 120
    assert [c.id for c in clients.find_clients(admin_ctx, text_query=case_number)] == [cid]
    birth_text = dt.date.fromisoformat(birth).strftime("%d.%m.%Y")
    assert cid in [c.id for c in clients.find_clients(admin_ctx, text_query=birth_text)]
