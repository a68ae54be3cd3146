"""One reminders list after sign-in (and ``reminders``): residence titles that expire within
N days (default 60; titles that expired in the last 30 days stay on the list), support-plan
steps due within N days and not done, and referral follow-ups that are due.

Steps of a goal reviewed as achieved or dropped are no longer due. Only open, not erased
cases the actor may see. Each query runs on an index
(``ix_client_valid_until`` — named, because without statistics SQLite would rather scan all
open cases by ``ix_client_status`` — ``ix_support_step_due``, ``ix_referral_status``) and the rows are
read with the DB-API cursor: the list must stay under 100 ms at 100,000 clients.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

from referral_desk.core import policy
from referral_desk.core.errors import InvalidInput
from referral_desk.core.casework_models import ReminderRead
from referral_desk.core.services import referrals
from referral_desk.core.services.context import ServiceContext

DEFAULT_DAYS = 60
MAX_DAYS = 730
EXPIRED_GRACE_DAYS = 30  # a title that has just expired is the most urgent of all


_RESIDENCE_SQL = (
    "SELECT c.residence_valid_until, c.id, c.case_number, c.family_name, c.given_names, c.residence_status "
    "FROM client c INDEXED BY ix_client_valid_until WHERE c.residence_valid_until BETWEEN :lo AND :hi AND c.case_status = 'open' "
    "AND c.erased_on IS NULL{mine}")
_STEP_SQL = (
    "SELECT s.due_on, c.id, c.case_number, c.family_name, c.given_names, s.id, s.text "
    "FROM support_step s JOIN client c ON c.id = s.client_id "
    "WHERE s.done_on IS NULL AND s.due_on IS NOT NULL AND s.due_on <= :hi AND c.case_status = 'open' "
    "AND c.erased_on IS NULL{mine} AND NOT EXISTS (SELECT 1 FROM support_review v WHERE v.goal_id = s.goal_id "
    "AND v.outcome IN ('achieved', 'dropped'))")
def queries(*, mine: bool) -> dict[str, str]:
    """The three statements (also used by the benchmark as its raw-SQL floor)."""
    cond = " AND c.counsellor_id = :me" if mine else ""
    return {"residence_expiry": _RESIDENCE_SQL.format(mine=cond), "plan_step": _STEP_SQL.format(mine=cond),
            # The same statement as the referrals page's due count (one definition, in referrals).
            "referral_follow_up": referrals.due_follow_up_statement(mine=mine)}


def params(today: dt.date, days: int, me: int | None) -> dict[str, Any]:
    return {"lo": (today - dt.timedelta(days=EXPIRED_GRACE_DAYS)).isoformat(),
            "hi": (today + dt.timedelta(days=days)).isoformat(), "as_of": today.isoformat(), "me": me}


def _day(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def reminders(ctx: ServiceContext, *, days: int = DEFAULT_DAYS, today: dt.date | None = None) -> list[ReminderRead]:
    """Everything due, soonest first. Not audited per record: the list shows names and
    case numbers the counsellor works with; opening a record is audited as usual."""
    policy.require_client_role(ctx.actor, "reminders")
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= MAX_DAYS:
        raise InvalidInput("input.number", field="days", min=0, max=MAX_DAYS)
    actor = ctx.actor
    assert actor is not None
    today = today or dt.date.today()
    out: list[ReminderRead] = []
    with ctx.reading() as conn:
        raw = conn.connection.dbapi_connection
        team = bool(raw.execute("SELECT team_access FROM organisation WHERE id = 1").fetchone()[0])
        mine = not policy.can_see_all_clients(actor, team_access=team)
        p = params(today, days, actor.id)
        sql = queries(mine=mine)
        for kind, statement in sql.items():
            for row in raw.execute(statement, p).fetchall():
                due = _day(row[0])
                out.append(ReminderRead(kind, due, row[1], row[2], row[3], row[4],
                                        row[5] if kind != "residence_expiry" else None,
                                        row[6] if kind != "residence_expiry" else row[5], due < today))
    out.sort(key=lambda r: (r.due_on, r.kind, r.case_number))
    return out
