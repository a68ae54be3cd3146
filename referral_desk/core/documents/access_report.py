"""PDF of a data-subject access report (Art. 15 DSGVO): everything stored about a client,
and to whom which data was passed on (the data-sharing ledger). Built in memory from the
dictionary ``services.access.export_client`` returns, so JSON and PDF always agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from referral_desk.core import catalogues
from referral_desk.core.documents.layout import GREY, Rule, TextBlock, build_pdf, draw_text

_CLIENT_FIELDS = [
    ("case_number", "Fallnummer"),
    ("family_name", "Familienname"),
    ("given_names", "Vorname(n)"),
    ("birth_date", "Geburtsdatum"),
    ("gender", "Geschlecht"),
    ("nationalities", "Staatsangehörigkeit"),
    ("preferred_language", "Bevorzugte Sprache"),
    ("interpreter_needed", "Dolmetschung nötig"),
    ("residence_status", "Aufenthaltsstatus"),
    ("residence_valid_until", "Aufenthalt gültig bis"),
    ("employment_permitted", "Erwerbstätigkeit erlaubt"),
    ("german_level", "Deutschkenntnisse"),
    ("integration_course", "Integrationskurs"),
    ("arrival_date", "Einreise"),
    ("phone", "Telefon"),
    ("email", "E-Mail"),
    ("address", "Adresse"),
    ("jobcenter_customer_number", "Kundennummer Jobcenter"),
    ("notes", "Notizen"),
    ("case_status", "Status der Akte"),
    ("opened_on", "Akte eröffnet"),
    ("closed_on", "Akte geschlossen"),
    ("counsellor", "Berater*in"),
]


def _date(value: Any) -> str:
    if not value:
        return "–"
    try:
        return dt.date.fromisoformat(str(value)[:10]).strftime("%d.%m.%Y")
    except ValueError:
        return str(value)


def _value(key: str, value: Any) -> str:
    if value in (None, "", []):
        return "–"
    if key in ("birth_date", "residence_valid_until", "arrival_date", "opened_on", "closed_on"):
        return _date(value)
    if key == "nationalities":
        return ", ".join(catalogues.country_name(c) for c in value)
    if key == "preferred_language":
        return catalogues.language_name(value)
    if key == "residence_status":
        return catalogues.residence_status_label(value)
    if key in ("gender", "employment_permitted", "german_level", "integration_course", "case_status"):
        return catalogues.enum_label(key, value)
    if key == "interpreter_needed":
        return "ja" if value else "nein"
    if key == "address":
        parts = [value.get("street"), " ".join(p for p in (value.get("postal_code"), value.get("city")) if p)]
        return ", ".join(p for p in parts if p) or "–"
    return str(value)


def _categories(keys: list[str]) -> str:
    return ", ".join(catalogues.enum_label("data_category", k) for k in keys) or "–"


def render_access_report(report: dict[str, Any]) -> bytes:
    controller = report.get("controller", {})
    client = report["client"]
    story: list[Flowable] = []

    def heading(text: str) -> None:
        story.append(TextBlock(text, size=12, bold=True, space_before=8, space_after=3, keep_with_next=True))
        story.append(Rule(space_after=4))

    story.append(TextBlock("Auskunft über gespeicherte Daten (Art. 15 DSGVO)", size=15, bold=True, space_after=2))
    story.append(
        TextBlock(
            f"Erstellt am {_date(report['generated_at'])} für Fallnummer {client['case_number']}",
            size=9,
            color=GREY,
            space_after=8,
        )
    )
    heading("Gespeicherte Angaben")
    for key, label in _CLIENT_FIELDS:
        story.append(TextBlock(f"{label}: {_value(key, client.get(key))}", size=9.5, space_after=1.5))
    heading("Weitergabe von Daten (an wen, wann, welche Kategorien)")
    if not report["data_sharing_ledger"]:
        story.append(TextBlock("Es wurden keine Daten an Partnerstellen übermittelt.", size=9.5))
    for item in report["data_sharing_ledger"]:
        story.append(
            TextBlock(
                f"{_date(item['date'])} – {item['recipient']}: {_categories(item['categories'])} "
                f"(Status: {item['status']})",
                size=9.5,
                space_after=2,
            )
        )
    heading("Einwilligungen")
    if not report["consents"]:
        story.append(TextBlock("Keine Einwilligungen erfasst.", size=9.5))
    status_de = {"active": "aktiv", "expired": "abgelaufen", "withdrawn": "widerrufen"}
    for c in report["consents"]:
        line = (
            f"{c['recipient_name']}: {_categories(c['categories'])}; erteilt am {_date(c['given_on'])}, "
            f"gültig bis {_date(c['valid_until'])}; {status_de.get(c['status'], c['status'])}"
        )
        if c.get("withdrawn_on"):
            line += f" (Widerruf am {_date(c['withdrawn_on'])})"
        story.append(TextBlock(line, size=9.5, space_after=2))
    heading("Beratungskontakte")
    if not report["contacts"]:
        story.append(TextBlock("Keine Kontakte erfasst.", size=9.5))
    for c in report["contacts"]:
        topics = ", ".join(catalogues.topic_label(t) for t in c["topics"]) or "–"
        line = f"{_date(c['date'])}: {c['minutes']} Min., {catalogues.enum_label('contact_mode', c['mode'])}; {topics}"
        if c.get("note"):
            line += f". Notiz: {c['note']}"
        story.append(TextBlock(line, size=9.5, space_after=2))
    heading("Überleitungen")
    if not report["referrals"]:
        story.append(TextBlock("Keine Überleitungen.", size=9.5))
    for r in report["referrals"]:
        story.append(
            TextBlock(
                f"{_date(r['created_on'])} an {r['recipient_name']}: {r['request'] or '–'} (Status: {r['status']})",
                size=9.5,
                space_after=2,
            )
        )
    case_work = report.get("case_work") or {}
    if case_work.get("support_plan") or case_work.get("signposting") or case_work.get("group_sessions"):
        heading("Förderplan, Verweisberatung und Gruppenangebote")
        for g in case_work.get("support_plan", []):
            story.append(
                TextBlock(
                    f"Ziel ({catalogues.enum_label('plan_area', g['area'])}), vereinbart am "
                    f"{_date(g['set_on'])}: {g['goal'] or '–'}",
                    size=9.5,
                    space_after=1,
                )
            )
            for st in g["steps"]:
                story.append(
                    TextBlock(
                        f"Schritt: {st['text'] or '–'}" + (f", bis {_date(st['due_on'])}" if st["due_on"] else ""),
                        size=9,
                        indent=4 * mm,
                        space_after=1,
                    )
                )
            for rv in g["reviews"]:
                story.append(
                    TextBlock(
                        f"Überprüfung am {_date(rv['on_date'])}: "
                        f"{catalogues.enum_label('plan_outcome', rv['outcome'])}",
                        size=9,
                        indent=4 * mm,
                        space_after=1,
                    )
                )
        for sp in case_work.get("signposting", []):
            story.append(
                TextBlock(
                    f"Verweisberatung am {_date(sp['date'])}: {sp['to_whom'] or '–'} (ohne Datenweitergabe)",
                    size=9.5,
                    space_after=2,
                )
            )
        for gs in case_work.get("group_sessions", []):
            story.append(
                TextBlock(
                    f"Gruppenangebot am {_date(gs['date'])}: {catalogues.topic_label(gs['topic'])}",
                    size=9.5,
                    space_after=2,
                )
            )
    story.append(Spacer(1, 6 * mm))
    story.append(
        TextBlock(
            "Sie haben das Recht auf Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der "
            "Verarbeitung (Art. 18), Datenübertragbarkeit (Art. 20) und Widerspruch (Art. 21) sowie "
            "das Recht, eine Einwilligung jederzeit für die Zukunft zu widerrufen, und ein "
            "Beschwerderecht bei der zuständigen Datenschutzaufsicht.",
            size=8.5,
            color=GREY,
        )
    )

    def letterhead(canv: Canvas, doc: BaseDocTemplate) -> None:
        top = 297 * mm - 14 * mm
        draw_text(canv, 20 * mm, top, controller.get("name") or "", size=11, bold=True)
        address = ", ".join(
            p
            for p in (
                controller.get("street"),
                " ".join(q for q in (controller.get("postal_code"), controller.get("city")) if q),
            )
            if p
        )
        if address:
            draw_text(canv, 20 * mm, top - 5 * mm, address, size=8.5, color=GREY)
        draw_text(canv, 20 * mm, 12 * mm, "Vertraulich – Auskunft nach Art. 15 DSGVO", size=7.5, color=GREY)

    return build_pdf(
        story,
        templates={"page": letterhead},
        first="page",
        title=f"Auskunft {client['case_number']}",
        author=controller.get("name") or "",
    )
