"""Reading the audit log (admins and leads): filters by user, action, date and client."""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from sqlalchemy import text

from referral_desk.core import policy
from referral_desk.core.errors import PolicyRefused
from referral_desk.core.services.context import ServiceContext


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    user: str | None
    action: str
    entity: str | None
    entity_id: int | None
    fields: list[str]


def list_events(ctx: ServiceContext, *, user: str | None = None, action: str | None = None,
                date_from: dt.date | None = None, date_to: dt.date | None = None, client_id: int | None = None,
                offset: int = 0, limit: int = 200) -> tuple[int, list[AuditEntry]]:
    """(total matching, one page newest first). ``client_id`` also finds the events of the
    client's contacts, consents and referrals."""
    if ctx.actor is None or not (ctx.actor.role == "admin" or policy.is_lead(ctx.actor)):
        raise PolicyRefused("policy.role", action="audit log", roles="admin / lead")
    conds: list[str] = []
    params: dict[str, object] = {}
    if user:
        conds.append("u.name_folded = :user")
        params["user"] = user.casefold()
    if action:
        conds.append("e.action LIKE :action")
        params["action"] = action.replace("%", "") + "%"
    if date_from:
        conds.append("e.at >= :from")
        params["from"] = date_from.isoformat()
    if date_to:
        conds.append("e.at < :to")
        params["to"] = (date_to + dt.timedelta(days=1)).isoformat()
    if client_id is not None:
        conds.append("((e.entity = 'client' AND e.entity_id = :cid) "
                     "OR (e.entity = 'contact' AND e.entity_id IN (SELECT id FROM contact WHERE client_id = :cid)) "
                     "OR (e.entity = 'consent' AND e.entity_id IN (SELECT id FROM consent WHERE client_id = :cid)) "
                     "OR (e.entity = 'referral' AND e.entity_id IN (SELECT id FROM referral WHERE client_id = :cid)))")
        params["cid"] = int(client_id)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    base = " FROM audit_event e LEFT JOIN user_account u ON u.id = e.user_id" + where
    with ctx.reading() as conn:
        total = conn.execute(text("SELECT count(*)" + base), params).scalar_one()
        rows = conn.execute(text("SELECT e.seq, e.at, u.name, e.action, e.entity, e.entity_id, e.fields" + base
                                 + " ORDER BY e.seq DESC LIMIT :limit OFFSET :offset"),
                            {**params, "limit": max(1, min(int(limit), 1000)), "offset": max(0, int(offset))})
        entries = [AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6])) for r in rows]
    return total, entries
