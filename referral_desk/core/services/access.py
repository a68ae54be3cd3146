"""Data-subject access (Art. 15 DSGVO) and portability (Art. 20): everything stored about
one client, including the data-sharing ledger (to whom, when, which categories)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core import clock, consent_rule as rule, dates, policy
from referral_desk.core.models import filled
from referral_desk.core.services.clients import load_for_access, to_client_read
from referral_desk.core.services.context import ServiceContext

FORMAT = "referral-desk-access-report"


def _rows(conn: Connection, sql: str, **params: Any) -> list[dict[str, Any]]:
    result = conn.execute(text(sql), params)
    keys = list(result.keys())
    out = []
    for row in result:
        item = {}
        for k, v in zip(keys, row):
            if k in ("categories", "topics", "attachments") and isinstance(v, str):
                v = json.loads(v)
            item[k] = dates.as_text(v)
        out.append(item)
    return out


def export_client(ctx: ServiceContext, *, client_id: int) -> dict[str, Any]:
    """The full record as plain JSON-able data. Audited as an export."""
    policy.require_client_role(ctx.actor, "client export")
    today = clock.today()
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        conn = uow.conn
        names = {r[0]: r[1] for r in conn.execute(text("SELECT id, display_name FROM user_account"))}
        record = to_client_read(client, names.get(client.counsellor_id)).model_dump(mode="json")
        contacts = _rows(
            conn,
            "SELECT date, minutes, mode, topics, interpreter, language, note, with_family, "
            "counsellor_id "
            "FROM contact WHERE client_id = :c ORDER BY date, id",
            c=client.id,
        )
        for c in contacts:
            c["counsellor"] = names.get(c.pop("counsellor_id"))
        consents = _rows(
            conn,
            "SELECT s.id, a.key AS recipient, a.name AS recipient_name, s.purpose, s.categories, "
            "s.direction, s.given_on, s.valid_until, s.language, s.template_id, "
            "s.template_version, s.text_sha256, s.interpreter_used, s.withdrawn_on, "
            "s.withdrawal_reason, s.withdrawal_source, " + rule.status_sql("s") + " AS status "
            "FROM consent s JOIN agency a "
            "ON a.id = s.agency_id WHERE s.client_id = :c ORDER BY s.given_on, s.id",
            c=client.id,
            on=today.isoformat(),
        )
        referrals = _rows(
            conn,
            "SELECT r.id, a.key AS recipient, a.name AS recipient_name, r.created_on, "
            "r.request, r.requested_action, r.urgency, r.deadline, r.categories, "
            "r.attachments, r.status, r.status_changed_on, r.rejection_reason, "
            "r.feedback_received_on, r.feedback_from, r.feedback_outcome, "
            "r.feedback_next_steps, r.consent_id FROM referral r JOIN agency a "
            "ON a.id = r.agency_id WHERE r.client_id = :c ORDER BY r.created_on, r.id",
            c=client.id,
        )
        documents = _rows(
            conn,
            "SELECT kind, subject_id, sha256, template_id, template_version, generated_at "
            "FROM generated_document WHERE client_id = :c ORDER BY generated_at",
            c=client.id,
        )
        ledger = [
            {
                "date": r["created_on"],
                "recipient": r["recipient_name"],
                "categories": r["categories"],
                "status": r["status"],
                "referral_id": r["id"],
            }
            for r in referrals
        ]
        from referral_desk.core.services.casework import export_case_work

        case_work = export_case_work(conn, filled(client.id))
        uow.record(
            "client.export",
            entity="client",
            entity_id=client.id,
            fields=["record", "contacts", "consents", "referrals", "documents", "case_work"],
        )
        org = conn.execute(
            text("SELECT name, street, postal_code, city, phone, email FROM organisation WHERE id = 1")
        ).first()
    return {
        "format": FORMAT,
        "version": 1,
        "generated_at": clock.now_utc().isoformat(timespec="seconds"),
        "controller": dict(org._mapping) if org else {},
        "client": record,
        "contacts": contacts,
        "consents": consents,
        "referrals": referrals,
        "data_sharing_ledger": ledger,
        "generated_documents": documents,
        "case_work": case_work,
    }
