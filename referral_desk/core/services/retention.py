"""Closing cases, retention, legal hold and erasure (Art. 17 DSGVO).

Closing a case sets its closed date. After the organisation's retention period (default
three years after closing) a case is *due*: leads see a list and erase. Erasure either
anonymises (removes every personal datum and all free text, keeps coded fields that past
statistics were computed from) or deletes the client completely — an organisation setting.
A legal hold blocks erasure. ``secure_delete`` overwrites freed pages; the WAL is
checkpointed and truncated afterwards so no old page lingers there either.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import text

from referral_desk.core import clock, dates, policy, search
from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.models import filled, utcnow
from referral_desk.core.services.clients import load_for_access
from referral_desk.core.services.context import ServiceContext


@dataclass(frozen=True)
class DueClient:
    id: int
    case_number: str
    closed_on: dt.date
    due_since: dt.date
    counsellor: str | None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def close_case(ctx: ServiceContext, *, client_id: int, closed_on: dt.date | None = None) -> None:
    closed_on = closed_on or clock.today()
    if closed_on > clock.today():
        raise InvalidInput("input.date_future", field="closed_on")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if closed_on < client.opened_on:
            raise InvalidInput("input.date_before", field="closed_on", other="opened_on")
        client.case_status = "closed"
        client.closed_on = closed_on
        client.updated_at = utcnow()
        uow.session.add(client)
        uow.session.flush()
        uow.record("client.close", entity="client", entity_id=client.id, fields=["case_status", "closed_on"])


def reopen_case(ctx: ServiceContext, *, client_id: int) -> None:
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        if client.erased_on is not None:
            raise PolicyRefused("retention.erased")
        client.case_status = "open"
        client.closed_on = None
        client.updated_at = utcnow()
        uow.session.add(client)
        uow.session.flush()
        uow.record("client.reopen", entity="client", entity_id=client.id, fields=["case_status", "closed_on"])


def set_legal_hold(ctx: ServiceContext, *, client_id: int, hold: bool) -> None:
    if not policy.is_lead(ctx.actor):
        raise PolicyRefused("policy.role", action="legal hold", roles="lead")
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        client.legal_hold = hold
        uow.session.add(client)
        uow.session.flush()
        uow.record("client.legal_hold", entity="client", entity_id=client.id, fields=["legal_hold"])


def due_for_erasure(ctx: ServiceContext, *, today: dt.date | None = None) -> list[DueClient]:
    """Closed cases past the retention period, not on hold, not yet erased (for leads)."""
    if not policy.is_lead(ctx.actor):
        raise PolicyRefused("policy.role", action="retention list", roles="lead")
    today = today or clock.today()
    with ctx.reading() as conn:
        years = conn.execute(text("SELECT retention_years FROM organisation WHERE id = 1")).scalar_one()
        cutoff = _add_years(today, -int(years))
        rows = conn.execute(
            text(
                "SELECT c.id, c.case_number, c.closed_on, u.name FROM client c LEFT JOIN user_account u "
                "ON u.id = c.counsellor_id WHERE c.case_status = 'closed' AND c.closed_on <= :cutoff "
                "AND NOT c.legal_hold AND c.erased_on IS NULL ORDER BY c.closed_on"
            ),
            {"cutoff": cutoff.isoformat()},
        )
        out = []
        for r in rows:
            closed_on: dt.date | str = r[2]  # NOT NULL for a closed case (the query's condition)
            closed = dates.as_date(closed_on)
            out.append(DueClient(r[0], r[1], closed, _add_years(closed, int(years)), r[3]))
        return out


# Coded fields kept by anonymisation: what past statistics were computed from.
_KEPT = (
    "gender",
    "nationalities",
    "residence_status",
    "employment_permitted",
    "german_level",
    "integration_course",
    "case_status",
    "opened_on",
    "closed_on",
    "counsellor_id",
)


def erase_client(ctx: ServiceContext, *, client_id: int, mode: str | None = None) -> str:
    """Erase a client (Art. 17). Returns the mode used: ``anonymise`` or ``delete``."""
    if not policy.is_lead(ctx.actor):
        raise PolicyRefused("policy.role", action="client erase", roles="lead")
    with ctx.transaction() as uow:
        conn = uow.conn
        client = load_for_access(uow, client_id)
        if client.legal_hold:
            raise PolicyRefused("retention.legal_hold")
        if client.erased_on is not None and mode != "delete":
            raise PolicyRefused("retention.erased")
        mode = mode or conn.execute(text("SELECT erase_mode FROM organisation WHERE id = 1")).scalar_one()
        if mode not in ("anonymise", "delete"):
            raise InvalidInput("input.choice", field="mode", value=str(mode)[:20], allowed="anonymise, delete")
        cid = filled(client.id)
        from referral_desk.core.services.casework import erase_case_work

        erase_case_work(conn, cid, delete=mode == "delete")
        conn.execute(text("DELETE FROM client_name_key WHERE client_id = :c"), {"c": cid})
        if ctx.team:  # every colleague's unsaved form of this client (and its shares when deleted)
            conn.execute(text("SELECT rd_erase_team_rows(:c, :d)"), {"c": cid, "d": mode == "delete"})
        else:
            conn.execute(text("DELETE FROM draft WHERE kind = 'client' AND ref = :r"), {"r": str(cid)})
        conn.execute(text("DELETE FROM generated_document WHERE client_id = :c"), {"c": cid})
        if mode == "delete":
            conn.execute(
                text("DELETE FROM referral_event WHERE referral_id IN (SELECT id FROM referral WHERE client_id = :c)"),
                {"c": cid},
            )
            conn.execute(text("DELETE FROM referral WHERE client_id = :c"), {"c": cid})
            conn.execute(text("DELETE FROM consent WHERE client_id = :c"), {"c": cid})
            conn.execute(text("DELETE FROM contact WHERE client_id = :c"), {"c": cid})
            uow.session.expunge(client)
            conn.execute(text("DELETE FROM client WHERE id = :c"), {"c": cid})
        else:
            # Keep the birth year (age bands) and the arrival year (duration of stay) only.
            birth_year = client.birth_date.year
            arrival_year = client.arrival_date.year if client.arrival_date else None
            placeholder = f"Gelöscht {client.case_number}"
            uow.session.expunge(client)
            conn.execute(
                text(
                    "UPDATE client SET family_name = :ph, given_names = :ph, birth_date = :birth, "
                    "arrival_date = :arrival, preferred_language = NULL, interpreter_needed = :no, "
                    "residence_valid_until = NULL, phone = NULL, email = NULL, street = NULL, postal_code = NULL, "
                    "city = NULL, jobcenter_customer_number = NULL, notes = NULL, sort_family = :sort, "
                    "sort_given = :sort, dup_key = '', erased_on = :today, updated_at = :now WHERE id = :c"
                ),
                {
                    "ph": placeholder,
                    "no": False,
                    "birth": dt.date(birth_year, 7, 1).isoformat(),
                    "arrival": dt.date(arrival_year, 7, 1).isoformat() if arrival_year else None,
                    "sort": search.sort_key(placeholder),
                    "today": clock.today().isoformat(),
                    "now": utcnow().isoformat(" "),
                    "c": cid,
                },
            )
            conn.execute(text("UPDATE contact SET note = NULL, language = NULL WHERE client_id = :c"), {"c": cid})
            conn.execute(
                text("UPDATE consent SET purpose = '', withdrawal_reason = NULL WHERE client_id = :c"), {"c": cid}
            )
            conn.execute(
                text(
                    "UPDATE referral SET request = '', requested_action = NULL, attachments = '[]', "
                    "rejection_reason = NULL, feedback_from = NULL, feedback_outcome = NULL, "
                    "feedback_next_steps = NULL WHERE client_id = :c"
                ),
                {"c": cid},
            )
            conn.execute(
                text(
                    "UPDATE referral_event SET note = NULL WHERE referral_id IN "
                    "(SELECT id FROM referral WHERE client_id = :c)"
                ),
                {"c": cid},
            )
        uow.record("client.erase", entity="client", entity_id=cid, fields=[mode])
    if ctx.team:
        # PostgreSQL keeps the old row versions until (auto)vacuum reclaims them, and in its
        # WAL and backups until they age out: docs/team-database.md "Erasure".
        return mode
    # Old page images may still sit in the WAL; fold them into the (secure-deleting)
    # database file and truncate the WAL.
    with ctx.vault._lock:
        raw = ctx.vault.engine.raw_connection()
        try:
            raw.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            raw.close()
    return mode
