"""One reminders list after sign-in (and ``reminders``): residence titles that expire within
N days (default 60; titles that expired in the last 30 days stay on the list), support-plan
steps due within N days and not done, and referral follow-ups that are due.

Steps of a goal reviewed as achieved or dropped are no longer due. Only open, not erased
cases the actor may see.

The list must stay under 100 ms at 100,000 clients, so it is ONE statement (three parts
joined with UNION ALL) read with the DB-API cursor, and each part reads a
short range of a partial index that holds only what the list can show
(migrations/v2_casework_indexes.py): ``ix_client_open_expiry`` (named with INDEXED BY:
without statistics SQLite would rather walk all open cases by ``ix_client_status``),
``ix_support_step_open`` with ``ix_support_review_closed`` (also named), and ``ix_referral_status`` for
the follow-ups, whose part is ``referrals.due_follow_up_statement`` — the very statement the
referrals page counts with. tests/core/test_casework.py checks the plan: no part scans a
table.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from referral_desk.core import clock, dates, policy, sqlcompat
from referral_desk.core.casework_models import ReminderRead
from referral_desk.core.errors import InvalidInput
from referral_desk.core.services import referrals
from referral_desk.core.services.context import ServiceContext

DEFAULT_DAYS = 60
MAX_DAYS = 730
EXPIRED_GRACE_DAYS = 30  # a title that has just expired is the most urgent of all

# Every part yields (due date, kind, client id, case number, family name, given names,
# subject id, detail); see ReminderRead.
_RESIDENCE_SQL = (
    "SELECT c.residence_valid_until, 'residence_expiry', c.id, c.case_number, c.family_name, c.given_names, NULL, "
    "c.residence_status FROM client c INDEXED BY ix_client_open_expiry "
    "WHERE c.residence_valid_until BETWEEN :lo AND :hi AND c.case_status = 'open' AND c.erased_on IS NULL{mine}"
)
_STEP_SQL = (
    "SELECT s.due_on, 'plan_step', c.id, c.case_number, c.family_name, c.given_names, s.id, s.text "
    "FROM support_step s JOIN client c ON c.id = s.client_id "
    "WHERE s.done_on IS NULL AND s.due_on <= :hi AND c.case_status = 'open' AND c.erased_on IS NULL{mine} "
    "AND NOT EXISTS (SELECT 1 FROM support_review v INDEXED BY ix_support_review_closed WHERE v.goal_id = s.goal_id "
    "AND v.outcome IN ('achieved', 'dropped'))"
)


def queries(*, mine: bool) -> dict[str, str]:
    """The three parts by kind (each runs on its own too; the EXPLAIN test checks them)."""
    cond = " AND c.counsellor_id = :me" if mine else ""
    return {
        "residence_expiry": _RESIDENCE_SQL.format(mine=cond),
        "plan_step": _STEP_SQL.format(mine=cond),
        # The same statement as the referrals page's due count (one definition, in referrals).
        "referral_follow_up": referrals.due_follow_up_statement(mine=mine, ordered=False),
    }


def statement(*, mine: bool) -> str:
    """The whole list in one statement (also the benchmark's raw-SQL floor). Unordered:
    Python sorts the few thousand tuples faster than SQLite's sorter (measured)."""
    return " UNION ALL ".join(queries(mine=mine).values())


def _order(row: tuple[Any, ...]) -> tuple[Any, ...]:
    return row[0], row[1], row[3]  # due date, kind, case number


def params(today: dt.date, days: int, me: int | None) -> dict[str, Any]:
    return {
        "lo": (today - dt.timedelta(days=EXPIRED_GRACE_DAYS)).isoformat(),
        "hi": (today + dt.timedelta(days=days)).isoformat(),
        "as_of": today.isoformat(),
        "me": me,
    }


def reminders(ctx: ServiceContext, *, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> list[ReminderRead]:
    """Everything due, soonest first. Not audited per record: the list shows names and
    case numbers the counsellor works with; opening a record is audited as usual."""
    policy.require_client_role(ctx.actor, "reminders")
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise InvalidInput("input.number", field="days", min=0, max=MAX_DAYS)
    actor = ctx.actor
    assert actor is not None
    today = today or clock.today()
    with ctx.reading() as conn:
        raw = sqlcompat.dbapi(conn)  # the team database too (its INDEXED BY hints dropped)
        team = bool(raw.execute("SELECT team_access FROM organisation WHERE id = 1").fetchone()[0])
        mine = not policy.can_see_all_clients(actor, team_access=team)
        rows = raw.execute(statement(mine=mine), params(today, days, actor.id)).fetchall()
    rows.sort(key=_order)  # soonest first; ISO date texts sort like the dates
    days_seen: dict[str, dt.date] = {}  # many lines share a date: parse each date text once
    out: list[ReminderRead] = []
    for due_text, kind, client_id, case_number, family, given, subject_id, detail in rows:
        due = days_seen.get(due_text)
        if due is None:
            due = days_seen[due_text] = dates.as_date(due_text)
        out.append(ReminderRead(kind, due, client_id, case_number, family, given, subject_id, detail, due < today))
    return out
