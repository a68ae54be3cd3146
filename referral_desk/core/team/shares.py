"""Cover during leave: sharing one client with a colleague for a limited time (team mode).

The server does the work (``rd_share_client`` / ``rd_end_share``, SECURITY DEFINER): it
checks that the caller owns or leads the client, that the colleague is an active counsellor
or lead, and that the share ends within 92 days, and it audits the share in the same
transaction. These functions only translate the person's input and the server's answer.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from pydantic_core import PydanticCustomError
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from referral_desk.core import clock, validation as v
from referral_desk.core.errors import InvalidInput, PolicyRefused

MAX_DAYS = 92


def _until(value: Any) -> dt.datetime:
    """End of the given day (UTC): a share ``--until 2026-12-24`` still covers that day."""
    try:
        day = v.parse_date(value)
    except PydanticCustomError:
        raise InvalidInput("input.invalid_date", field="until") from None
    today = clock.now_utc().date()
    if day < today:
        raise InvalidInput("input.date_too_early", field="until", min=today.isoformat())
    if day > today + dt.timedelta(days=MAX_DAYS - 1):
        raise InvalidInput("team.share_too_long", field="until", days=MAX_DAYS)
    return dt.datetime.combine(day + dt.timedelta(days=1), dt.time(), dt.UTC)


def _server_answer(exc: DBAPIError, field: str) -> Exception:
    state = getattr(exc.orig, "sqlstate", None)
    if state == "42501":
        return PolicyRefused("policy.not_own_client")
    if state == "22023":
        return InvalidInput("team.share_refused", field=field)
    return exc


def share_client(ctx: Any, *, client_id: int, colleague: str, until: Any) -> int:
    """Share ``client_id`` with the login role ``colleague`` until the end of ``until``.
    Returns the share id."""
    ends = _until(until)
    if not isinstance(colleague, str) or not colleague.strip():
        raise InvalidInput("input.required", field="with")
    try:
        with ctx.transaction() as uow:
            return int(
                uow.conn.execute(
                    text("SELECT rd_share_client(:c, :g, :u)"), {"c": client_id, "g": colleague.strip(), "u": ends}
                ).scalar()
            )
    except DBAPIError as exc:
        raise _server_answer(exc, "with") from None


def end_share(ctx: Any, *, share_id: int) -> None:
    try:
        with ctx.transaction() as uow:
            uow.conn.execute(text("SELECT rd_end_share(:s)"), {"s": share_id})
    except DBAPIError as exc:
        raise _server_answer(exc, "share_id") from None


@dataclass(frozen=True)
class ShareRead:
    id: int
    colleague: str  # the colleague's display name
    login: str
    granted_by: str
    valid_until: dt.date  # the last day covered
    ended: bool  # ended early (or expired)


def list_shares(ctx: Any, *, client_id: int) -> list[ShareRead]:
    """The shares of one client the signed-in person may see (their own client's, or the ones
    they received), newest first; the server's policy decides which."""
    with ctx.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT s.id, g.display_name, t.db_role, b.display_name, s.valid_until, "
                "s.ended_at IS NOT NULL OR s.valid_until <= now() FROM client_share s "
                "JOIN user_account g ON g.id = s.grantee_id JOIN team_user t ON t.user_id = s.grantee_id "
                "LEFT JOIN user_account b ON b.id = s.granted_by WHERE s.client_id = :c ORDER BY s.id DESC"
            ),
            {"c": client_id},
        ).all()
    # valid_until is the first moment not covered (midnight UTC after the last day).
    last_day = [(r[4].astimezone(dt.UTC) - dt.timedelta(days=1)).date() for r in rows]
    return [
        ShareRead(int(r[0]), str(r[1]), str(r[2]), str(r[3] or ""), day, bool(r[5])) for r, day in zip(rows, last_day)
    ]


def colleagues(ctx: Any, *, client_id: int) -> list[tuple[str, str]]:
    """(login, display name) of the active counsellors and leads ``client_id`` may be shared
    with: neither oneself nor the client's own counsellor (a lead sharing for them)."""
    assert ctx.actor is not None
    with ctx.reading() as conn:
        rows = conn.execute(
            text(
                "SELECT t.db_role, u.display_name FROM team_user t JOIN user_account u ON u.id = t.user_id "
                "WHERE u.active AND u.role IN ('counsellor', 'lead') AND u.id <> :me "
                "AND u.id IS DISTINCT FROM (SELECT counsellor_id FROM client WHERE id = :c) ORDER BY u.display_name"
            ),
            {"me": ctx.actor.id, "c": client_id},
        ).all()
    return [(str(r[0]), str(r[1])) for r in rows]
