"""Reading the audit log (admins and leads): filters by user, action, date and client."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from reportlab.platypus import Flowable
from sqlalchemy import text

from referral_desk.core import clock, policy
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
    user_display: str | None = None  # the person's display name (issue 16: not the login)


def list_events(
    ctx: ServiceContext,
    *,
    user: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    client_id: int | None = None,
    offset: int = 0,
    limit: int = 200,
) -> tuple[int, list[AuditEntry]]:
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
        conds.append(
            "((e.entity = 'client' AND e.entity_id = :cid) "
            "OR (e.entity = 'contact' AND e.entity_id IN (SELECT id FROM contact WHERE client_id = :cid)) "
            "OR (e.entity = 'consent' AND e.entity_id IN (SELECT id FROM consent WHERE client_id = :cid)) "
            "OR (e.entity = 'referral' AND e.entity_id IN (SELECT id FROM referral WHERE client_id = :cid)))"
        )
        params["cid"] = int(client_id)
    where = (" WHERE " + " AND ".join(conds)) if conds else ""
    base = " FROM audit_event e LEFT JOIN user_account u ON u.id = e.user_id" + where
    with ctx.reading() as conn:
        total = conn.execute(text("SELECT count(*)" + base), params).scalar_one()
        rows = conn.execute(
            text(
                "SELECT e.seq, e.at, u.name, e.action, e.entity, e.entity_id, e.fields, "
                "u.display_name" + base + " ORDER BY e.seq DESC LIMIT :limit OFFSET :offset"
            ),
            {**params, "limit": max(1, min(int(limit), 1000)), "offset": max(0, int(offset))},
        )
        # fields: JSON text in a vault, already a list from PostgreSQL's json column.
        entries = [
            AuditEntry(r[0], r[1], r[2], r[3], r[4], r[5], json.loads(r[6]) if isinstance(r[6], str) else r[6], r[7])
            for r in rows
        ]
    return total, entries


def _local(at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return at or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d.%m.%Y %H:%M")


def export_pdf(
    ctx: ServiceContext,
    *,
    out: Path | str | None = None,
    lang: str = "de",
    user: str | None = None,
    action: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    client_id: int | None = None,
    max_rows: int = 20_000,
) -> bytes:
    """The (filtered) audit log as a PDF for the data-protection officer: plain-language
    events, display names, field names – never values. Written to ``out`` if given; the
    export itself is audited."""
    from io import BytesIO
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from referral_desk.core import audit_texts
    from referral_desk.core.documents.fonts import ensure_registered
    from referral_desk.core.fileio import atomic_write_bytes
    from referral_desk.core.services.organisation import get_organisation

    total, entries = list_events(
        ctx, user=user, action=action, date_from=date_from, date_to=date_to, client_id=client_id, limit=1000
    )
    while len(entries) < min(total, max_rows):
        _, more = list_events(
            ctx,
            user=user,
            action=action,
            date_from=date_from,
            date_to=date_to,
            client_id=client_id,
            offset=len(entries),
            limit=1000,
        )
        if not more:
            break
        entries.extend(more)
    ensure_registered()
    en = lang == "en"
    org = get_organisation(ctx)
    body = ParagraphStyle("body", fontName="RD-NotoSans", fontSize=8, leading=10)
    head = ParagraphStyle("head", fontName="RD-NotoSans-Bold", fontSize=14, leading=18)
    small = ParagraphStyle("small", fontName="RD-NotoSans", fontSize=9, leading=12)
    filters = []
    if user:
        filters.append("Person" + f": {user}")
    if action:
        label = dict(audit_texts.category_choices(lang)).get(action, action)
        filters.append(("Ereignisse" if not en else "Events") + f": {label}")
    if date_from or date_to:
        filters.append(
            ("Zeitraum" if not en else "Period")
            + ": "
            + f"{date_from.strftime('%d.%m.%Y') if date_from else '…'} – "
            + f"{date_to.strftime('%d.%m.%Y') if date_to else '…'}"
        )
    if client_id is not None:
        filters.append(("Akte" if not en else "Record") + f": {client_id}")
    header = (
        ["Nr.", "Zeit", "Person", "Ereignis", "Betrifft", "Felder"]
        if not en
        else ["No.", "Time", "Person", "Event", "Concerns", "Fields"]
    )
    rows = [[Paragraph(escape(h), body) for h in header]]
    for e in entries[:max_rows]:
        person = e.user_display or e.user or "System"
        rows.append(
            [
                Paragraph(escape(str(x)), body)
                for x in (
                    e.seq,
                    _local(e.at),
                    person,
                    audit_texts.action_text(e.action, lang),
                    audit_texts.entity_text(e.entity, e.entity_id, lang),
                    audit_texts.fields_text(e.fields, lang),
                )
            ]
        )
    table = Table(rows, colWidths=[14 * mm, 28 * mm, 45 * mm, 80 * mm, 35 * mm, 65 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef5")),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    title = "Protokoll der Datenverarbeitung" if not en else "Processing audit log"
    made = clock.now().strftime("%d.%m.%Y %H:%M")
    intro = (
        f"{escape(org.name)} · erstellt am {made} · {len(rows) - 1} von {total} Einträgen. "
        "Das Protokoll nennt, wer wann was getan hat und welche Felder betroffen waren – nie die Werte."
        if not en
        else f"{escape(org.name)} · made {made} · {len(rows) - 1} of {total} entries. The log names who did "
        "what when and which fields were concerned – never the values."
    )
    story: list[Flowable] = [Paragraph(escape(title), head), Paragraph(intro, small)]
    if filters:
        story.append(Paragraph(escape(" · ".join(filters)), small))
    story += [Spacer(1, 4 * mm), table]
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        leftMargin=12 * mm,
        rightMargin=12 * mm,
        topMargin=12 * mm,
        bottomMargin=12 * mm,
        title=title,
        author="Referral Desk",
    )
    doc.build(story)
    data = buffer.getvalue()
    with ctx.transaction() as uow:
        uow.record("audit.export", fields=["seq", "at", "user", "action", "entity", "fields"])
    if out is not None:
        atomic_write_bytes(Path(out), data)
    return data
