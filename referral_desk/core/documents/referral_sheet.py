"""The printed referral sheet ("Überleitungsbogen"): a DIN 5008 letter in three copies.

``facts_for(client, categories)`` is the one place that decides which stored client data
go on a sheet: it reads only the fields of the categories it is given (the service passes
exactly the categories a consent covers on the print date) and returns the client block
and one section per category. Categories the record has no fields for (qualifications,
employment, household, health) and values that are not known get a line for the
counsellor to fill in by hand — nothing is invented.

``render_pdf(data, copies=...)`` lays the sheet out on A4 after DIN 5008 form B:
letterhead (45 mm, with the organisation's logo), the address field in the window
position (20 mm from the left, 45 mm from the top, 85 × 45 mm; a return-address line in
its upper zone), the information block with case number, contact and date at 125 mm,
the subject line at 98.4 mm, fold and hole marks. Each copy (recipient, client, file)
starts on its own page and every page says whose copy it is; pages are numbered per copy.
Every copy ends with the feedback form for the recipient to return (kept in one piece: on
the last page if it fits, else on a page of its own).

Text goes through ``layout`` (per-run fonts, Arabic shaping, bidi per line), so names in
Arabic, Persian or Cyrillic script print correctly. No Qt; nothing is written to disk.
"""
from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping, Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (BaseDocTemplate, CondPageBreak, Flowable, Frame, KeepTogether, NextPageTemplate,
                                PageTemplate, Spacer)

from referral_desk.core import catalogues
from referral_desk.core.documents import fonts
from referral_desk.core.documents.layout import (GREY, LIGHT, Rule, SignatureBlock, SignatureField, TextBlock, Trace,
                                                 draw_text, wrap_lines)
from referral_desk.core.documents.naming import suggested_filename as _suggested_filename
from referral_desk.core.documents.text import isolate

TEMPLATE_ID = "referral-sheet"
TEMPLATE_VERSION = "1"

COPIES: tuple[str, ...] = ("recipient", "client", "file")
COPY_MARKS: dict[str, str] = {
    "recipient": "Ausfertigung für die Empfängerstelle",
    "client": "Ausfertigung für die Klientin bzw. den Klienten",
    "file": "Ausfertigung für die Akte",
}
CATEGORY_ORDER: tuple[str, ...] = ("identity", "contact", "residence", "language", "qualifications", "employment",
                                   "benefits", "household", "health")
URGENCY_LABELS = {"normal": "normal", "urgent": "dringend"}

PAGE_W, PAGE_H = A4
LEFT = 25 * mm  # DIN 5008: text starts 25 mm from the left edge
RIGHT = 20 * mm
TEXT_W = PAGE_W - LEFT - RIGHT
FIRST_TOP = 98.4 * mm  # subject line (form B)
NEXT_TOP = 27 * mm
BOTTOM = 24 * mm
LABEL_W = 46 * mm


def _top(y_mm: float) -> float:
    """A distance from the top edge (mm) as a reportlab y coordinate."""
    return PAGE_H - y_mm * mm


def fmt_date(d: dt.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


# --- what goes on the sheet -------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """One line of the sheet: a label and a value, or (``value`` None) a line to fill in."""

    label: str
    value: str | None
    lines: int = 1  # lines to write on when the value is missing


@dataclass(frozen=True)
class Section:
    key: str  # data category
    title: str
    facts: tuple[Fact, ...]


@dataclass(frozen=True)
class ConsentRef:
    id: int
    given_on: dt.date
    valid_until: dt.date
    categories: tuple[str, ...]
    purpose: str


@dataclass(frozen=True)
class SheetData:
    organisation_name: str
    organisation_service: str | None
    organisation_address: tuple[str, ...]  # street, "postal code city"
    organisation_phone: str | None
    organisation_email: str | None
    recipient_lines: tuple[str, ...]  # name, department, contact person, street, "postal code city"
    recipient_name: str
    case_number: str
    referral_id: int
    letter_date: dt.date  # the date of the referral
    printed_on: dt.date
    counsellor_name: str
    counsellor_phone: str | None
    counsellor_email: str | None
    client: tuple[Fact, ...]  # the client block (already limited to the covered categories)
    sections: tuple[Section, ...]  # relevant facts, one per covered category
    consent: ConsentRef
    request: str
    requested_action: str | None
    urgency: str
    deadline: dt.date | None
    attachments: tuple[str, ...]
    organisation_logo: bytes | None = field(default=None, repr=False)

    @property
    def reference(self) -> str:
        return f"{self.case_number} / Ü {self.referral_id}"


def _label(enum: str, key: str | None) -> str | None:
    if not key or key == "unknown":
        return None
    try:
        return catalogues.enum_label(enum, key, "de")
    except KeyError:
        return None


def _address(street: Any, postal_code: Any, city: Any) -> str | None:
    town = " ".join(str(p) for p in (postal_code, city) if p)
    return ", ".join(p for p in (street, town) if p) or None


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def facts_for(client: Mapping[str, Any], categories: Iterable[str]) -> tuple[tuple[Fact, ...], tuple[Section, ...]]:
    """The client block and the sections of relevant facts for ``categories``.

    Reads ONLY the fields that belong to the given categories (DESIGN.md §2): identity
    (names, birth date, gender, nationality), contact (address, phone, e-mail), residence
    (status, valid until, employment permission, arrival), language (preferred language,
    interpreter, German level, integration course), benefits (Jobcenter customer / BG
    number). Unknown values and categories without stored fields become lines to fill in."""
    cats = [k for k in CATEGORY_ORDER if k in set(categories)]
    block: list[Fact] = []
    sections: list[Section] = []
    for key in cats:
        title = catalogues.enum_label("data_category", key, "de")
        facts: list[Fact] = []
        if key == "identity":
            name = " ".join(p for p in (client.get("given_names"), client.get("family_name")) if p)
            block.append(Fact("Name", isolate(name, "L") if name else None))
            birth = _as_date(client.get("birth_date"))
            block.append(Fact("Geburtsdatum", fmt_date(birth) or None))
            gender = client.get("gender")
            facts.append(Fact("Geschlecht", _label("gender", gender) if gender != "unspecified" else None))
            nats = [n for n in (client.get("nationalities") or []) if n != "unknown"]
            facts.append(Fact("Staatsangehörigkeit", ", ".join(catalogues.country_name(n, "de") for n in nats) or None))
        elif key == "contact":
            block.append(Fact("Anschrift", _address(client.get("street"), client.get("postal_code"),
                                                    client.get("city"))))
            block.append(Fact("Telefon", client.get("phone") or None))
            if client.get("email"):
                block.append(Fact("E-Mail", client.get("email")))
        elif key == "residence":
            status = client.get("residence_status")
            label = None
            if status and status != "unknown":
                try:
                    label = catalogues.residence_status_label(status, "de")
                except KeyError:
                    label = None
            facts.append(Fact("Aufenthaltsstatus", label))
            if status not in ("deutsch", "freizuegigkeit_eu", "niederlassungserlaubnis", "daueraufenthalt_eu"):
                until = _as_date(client.get("residence_valid_until"))
                facts.append(Fact("Gültig bis", fmt_date(until) or None))
            facts.append(Fact("Erwerbstätigkeit (§ 4a Abs. 3 AufenthG)",
                              _label("employment_permitted", client.get("employment_permitted"))))
            arrival = _as_date(client.get("arrival_date"))
            facts.append(Fact("Einreise", fmt_date(arrival) or None))
            facts.append(Fact("Wohnsitzauflage, Nebenbestimmungen", None))
        elif key == "language":
            lang = client.get("preferred_language")
            lang_text = catalogues.language_name(lang, "de") if lang else None
            interpreter = "Dolmetschung erforderlich" if client.get("interpreter_needed") else None
            block.append(Fact("Sprache", "; ".join(p for p in (lang_text, interpreter) if p) or None))
            facts.append(Fact("Deutschkenntnisse", _label("german_level", client.get("german_level"))))
            facts.append(Fact("Integrationskurs", _label("integration_course", client.get("integration_course"))))
            facts.append(Fact("Sprachzertifikate (Art, Datum)", None))
        elif key == "qualifications":
            facts += [Fact("Schulabschluss", None), Fact("Berufsausbildung, Studium", None),
                      Fact("Anerkennung ausländischer Abschlüsse", None)]
        elif key == "employment":
            facts += [Fact("Derzeitige Beschäftigung, Arbeitssuche", None), Fact("Berufserfahrung", None, 2)]
        elif key == "benefits":
            number = client.get("jobcenter_customer_number")
            block.append(Fact("Kundennr. / BG-Nr. Jobcenter", number or None))
            facts += [Fact("Leistungsbezug (SGB II, SGB III, AsylbLG)", None),
                      Fact("Kundennummer Agentur für Arbeit", None)]
        elif key == "household":
            facts += [Fact("Familienstand", None), Fact("Personen im Haushalt, Kinder", None, 2)]
        elif key == "health":
            facts.append(Fact("Für das Anliegen wichtige gesundheitliche Angaben", None, 2))
        if facts:
            sections.append(Section(key, title, tuple(facts)))
    return tuple(block), tuple(sections)


# --- flowables ------------------------------------------------------------------------------------


class FactRow(Flowable):
    """Label on the left, value (any script) or a line to write on, on the right."""

    def __init__(self, fact: Fact, *, trace: Trace | None = None, label_w: float = LABEL_W,
                 size: float = 9.2) -> None:
        super().__init__()
        self.fact = fact
        self.label_w = label_w
        self.size = size
        self.label = TextBlock(fact.label, size=size - 0.8, color=GREY, rtl=False, space_after=0, trace=trace)
        self.value = None
        if fact.value:
            self.value = TextBlock(fact.value, size=size, align="left", space_after=0, trace=trace)
        self.spaceAfter = 1.6

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width = availWidth
        _w, lh = self.label.wrap(self.label_w - 3 * mm, availHeight)
        if self.value is not None:
            _w, vh = self.value.wrap(availWidth - self.label_w, availHeight)
        else:
            vh = (self.fact.lines - 1) * 6.5 * mm + 5.6 * mm
        self.height = max(lh + 0.8, vh)
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        offset = 0.8 if self.value is not None else 0
        self.label.drawOn(canv, 0, self.height - self.label.height - offset)
        if self.value is not None:
            self.value.drawOn(canv, self.label_w, self.height - self.value.height)
            return
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        for i in range(self.fact.lines):  # the first line just under the label's baseline
            y = self.height - 4 * mm - i * 6.5 * mm
            canv.line(self.label_w, y, self.width, y)
        canv.restoreState()


class WriteLines(Flowable):
    """Empty lines to write on (no label): outcome and next steps in the feedback form."""

    def __init__(self, lines: int = 2, *, step: float = 7 * mm) -> None:
        super().__init__()
        self.lines = lines
        self.step = step
        self.spaceAfter = 2

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        self.height = self.lines * self.step
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        for i in range(self.lines):
            y = self.height - (i + 1) * self.step + 1 * mm
            canv.line(0, y, self.width, y)
        canv.restoreState()


def _heading(text: str, trace: Trace | None) -> list[Flowable]:
    return [CondPageBreak(28 * mm),
            TextBlock(text, size=10.5, bold=True, rtl=False, space_before=6, space_after=1, keep_with_next=True,
                      trace=trace),
            Rule(space_before=0, space_after=3)]


def _para(text: str, trace: Trace | None, *, size: float = 9.5, **kw: Any) -> TextBlock:
    return TextBlock(text, size=size, rtl=False, trace=trace, **kw)


def _body(data: SheetData, trace: Trace | None) -> list[Flowable]:
    """The letter part of one copy (fresh flowables: they keep layout state)."""
    story: list[Flowable] = []
    story.append(TextBlock(f"Überleitung an {data.recipient_name}", size=11.5, bold=True, rtl=False, space_after=0,
                           trace=trace))
    story.append(_para(f"Fallnummer {data.case_number} · Überleitung Nr. {data.referral_id} vom "
                       f"{fmt_date(data.letter_date)}", trace, size=9, color=GREY, space_after=6))
    if data.urgency == "urgent":
        flag = "DRINGEND" + (f" – bitte bis {fmt_date(data.deadline)} bearbeiten" if data.deadline else "")
        story.append(TextBlock(flag, size=9.5, bold=True, rtl=False, background=colors_urgent(), padding=3,
                               space_after=6, trace=trace))
    story.append(_para("Sehr geehrte Damen und Herren,", trace, space_after=4))
    story.append(_para(
        "mit Einverständnis der unten genannten Person leiten wir Ihnen das folgende Anliegen zu und bitten um "
        "Ihre Unterstützung. Übermittelt werden nur Angaben, in deren Weitergabe an Ihre Stelle die Person "
        "schriftlich eingewilligt hat (Abschnitt 2). Für eine kurze Rückmeldung mit dem beigefügten "
        "Rückmeldebogen sind wir Ihnen dankbar.", trace, space_after=2))

    story += _heading("1. Klientin / Klient", trace)
    story += [FactRow(f, trace=trace) for f in data.client]

    c = data.consent
    story += _heading("2. Einwilligung", trace)
    cats = ", ".join(catalogues.enum_label("data_category", k, "de") for k in CATEGORY_ORDER if k in c.categories)
    story += [FactRow(Fact("Einwilligung", f"Nr. {c.id} vom {fmt_date(c.given_on)}, gültig bis "
                                           f"{fmt_date(c.valid_until)}"), trace=trace),
              FactRow(Fact("Empfänger", data.recipient_name), trace=trace),
              FactRow(Fact("Datenkategorien", cats), trace=trace),
              FactRow(Fact("Zweck", c.purpose or None), trace=trace)]
    story.append(_para("Die unterschriebene Einwilligungserklärung liegt bei der Beratungsstelle vor. Sie kann "
                       "jederzeit mit Wirkung für die Zukunft widerrufen werden; über einen Widerruf informieren "
                       "wir Sie.", trace, size=8, color=GREY, space_before=2))

    story += _heading("3. Anliegen", trace)
    story += [FactRow(Fact("Anliegen", data.request), trace=trace),
              FactRow(Fact("Erbetene Maßnahme", data.requested_action or None, 2), trace=trace),
              FactRow(Fact("Dringlichkeit", URGENCY_LABELS.get(data.urgency, data.urgency)), trace=trace)]
    if data.deadline:
        story.append(FactRow(Fact("Frist", fmt_date(data.deadline)), trace=trace))

    story += _heading("4. Relevante Angaben (nur eingewilligte Datenkategorien)", trace)
    if not data.sections:
        story.append(_para("Keine weiteren Angaben.", trace))
    for section in data.sections:
        story.append(TextBlock(section.title, size=9.5, bold=True, rtl=False, space_before=3, space_after=1.5,
                               keep_with_next=True, trace=trace))
        story += [FactRow(f, trace=trace) for f in section.facts]
    if any(f.value is None for s in data.sections for f in s.facts):
        story.append(_para("Leere Zeilen: von der Beratungsstelle handschriftlich zu ergänzen, soweit bekannt und "
                           "für das Anliegen nötig.", trace, size=7.8, color=GREY, space_before=2))

    story += _heading("5. Anlagen", trace)
    if data.attachments:
        story += [_para(f"– {a}", trace, size=9.2, indent=2 * mm, space_after=1.5) for a in data.attachments]
    else:
        story.append(_para("Keine Anlagen.", trace, size=9.2))

    story += _heading("6. Ansprechperson und Unterschriften", trace)
    contact = " · ".join(p for p in (data.counsellor_name, data.counsellor_phone or data.organisation_phone,
                                     data.counsellor_email or data.organisation_email) if p)
    story.append(FactRow(Fact("Beratungsstelle", data.organisation_name), trace=trace))
    story.append(FactRow(Fact("Ansprechperson", contact or None), trace=trace))
    story.append(KeepTogether([SignatureBlock([
        SignatureField("Ort, Datum, Unterschrift Berater*in", data.counsellor_name),
        SignatureField("Zur Kenntnis genommen: Ort, Datum, Unterschrift Klient*in"),
    ], columns=2, sign_height=24, trace=trace)]))
    return story


def colors_urgent():
    from reportlab.lib import colors

    return colors.HexColor("#f8d7d3")


def _feedback(data: SheetData, trace: Trace | None) -> list[Flowable]:
    """The feedback form for the recipient (its own page, to be returned)."""
    org_address = ", ".join(p for p in (data.organisation_name, *data.organisation_address) if p)
    reach = " · ".join(p for p in (data.counsellor_phone or data.organisation_phone,
                                   data.counsellor_email or data.organisation_email) if p)
    story: list[Flowable] = [
        DashedRule(),
        TextBlock("7. Rückmeldung der Empfängerstelle", size=11.5, bold=True, rtl=False, space_after=1, trace=trace),
        _para(f"Bitte ausgefüllt zurücksenden an: {org_address}" + (f" ({reach})" if reach else ""), trace,
              size=9, space_after=1),
        _para(f"Bezug: Überleitung Nr. {data.referral_id} vom {fmt_date(data.letter_date)}, Fallnummer "
              f"{data.case_number}, Ansprechperson {data.counsellor_name}", trace, size=9, space_after=2),
        _para("Bitte diesen Teil ausfüllen und (abgetrennt oder als Kopie) zurücksenden; nur das Nötige eintragen.",
              trace, size=7.8, color=GREY, space_after=4),
        Rule(space_after=5),
        FactRow(Fact("Überleitung eingegangen am", None), trace=trace),
        FactRow(Fact("Rückmeldung vom (Datum)", None), trace=trace),
        FactRow(Fact("Von (Name, Stelle, Telefon)", None, 2), trace=trace),
        Spacer(1, 2 * mm),
        TextBlock("Ergebnis", size=9.5, bold=True, rtl=False, space_after=2, trace=trace),
        TextBlock("Anliegen angenommen; Termin / Ansprechperson:", size=9.2, rtl=False, checkbox=False,
                  indent=2 * mm, space_after=4, trace=trace),
        TextBlock("Anliegen abgelehnt; Grund:", size=9.2, rtl=False, checkbox=False, indent=2 * mm, space_after=4,
                  trace=trace),
        TextBlock("Nicht zuständig; weitergeleitet an:", size=9.2, rtl=False, checkbox=False, indent=2 * mm,
                  space_after=2, trace=trace),
        WriteLines(3),
        TextBlock("Nächste Schritte", size=9.5, bold=True, rtl=False, space_before=4, space_after=2, trace=trace),
        WriteLines(4),
        SignatureBlock([SignatureField("Ort, Datum, Unterschrift Empfängerstelle"),
                        SignatureField("Rückmeldung eingegangen bei der Beratungsstelle am")],
                       columns=2, sign_height=24, trace=trace),
    ]
    return [KeepTogether(story)]


class DashedRule(Flowable):
    """A dashed line across the frame: where the feedback part can be cut off."""

    def __init__(self) -> None:
        super().__init__()
        self.spaceBefore = 10
        self.spaceAfter = 8

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, 1

    def draw(self) -> None:
        canv = self.canv
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.6)
        canv.setDash(4, 3)
        canv.line(0, 0, self.width, 0)
        canv.restoreState()


# --- page furniture -------------------------------------------------------------------------------


def _fold_marks(canv: Canvas) -> None:
    canv.saveState()
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.4)
    for y_mm, length in ((105, 5), (148.5, 8), (210, 5)):  # form B: fold, hole, fold
        canv.line(3 * mm, _top(y_mm), (3 + length) * mm, _top(y_mm))
    canv.restoreState()


def _copy_mark(canv: Canvas, text: str, y: float, trace: Trace | None) -> None:
    size = 8.5
    width = fonts.string_width(text, size, bold=True)
    x1 = PAGE_W - RIGHT
    canv.saveState()
    canv.setFillColor(LIGHT)
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.5)
    canv.roundRect(x1 - width - 6, y - 3.2, width + 12, size + 5.5, 2.5, stroke=1, fill=1)
    canv.restoreState()
    draw_text(canv, x1, y, text, size=size, bold=True, align="right", rtl=False, trace=trace)


class _Furniture:
    """Draws what every copy's pages share: letterhead, address field, information block,
    header of the following pages, fold marks, footer rule. The copy mark, the footer line
    and the page number are drawn per copy when the pages are replayed (``_CopiesCanvas``)."""

    def __init__(self, data: SheetData, trace: Trace | None) -> None:
        self.data = data
        self.trace = trace
        self.logo = None
        if data.organisation_logo:
            try:
                self.logo = ImageReader(io.BytesIO(data.organisation_logo))
            except Exception:  # noqa: BLE001 - a broken logo must not stop printing
                self.logo = None

    def first(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv._rd_first = True  # type: ignore[attr-defined] - read by the copies canvas
        d, t = self.data, self.trace
        # letterhead (0–45 mm)
        text_w = 100 * mm
        if self.logo is not None:
            iw, ih = self.logo.getSize()
            scale = min(45 * mm / iw, 20 * mm / ih)
            w, h = iw * scale, ih * scale
            canv.drawImage(self.logo, PAGE_W - RIGHT - w, _top(12) - h, w, h, mask="auto")
        y = _top(17)
        for line in wrap_lines(d.organisation_name, text_w, size=13, bold=True)[:2]:
            draw_text(canv, LEFT, y, line, size=13, bold=True, rtl=False, trace=t)
            y -= 5.4 * mm
        y += 0.8 * mm
        for line in (d.organisation_service, ", ".join(d.organisation_address),
                     " · ".join(p for p in (d.organisation_phone, d.organisation_email) if p)):
            if line:
                draw_text(canv, LEFT, y, line, size=8.2, color=GREY, rtl=False, trace=t)
                y -= 3.8 * mm
        # address field (20 mm from the left, 45 mm from the top, 85 x 45 mm)
        ret = " · ".join(p for p in (d.organisation_name, *d.organisation_address) if p)
        ret_lines = wrap_lines(ret, 80 * mm, size=6.5)
        draw_text(canv, LEFT, _top(60.2), ret_lines[0] if ret_lines else "", size=6.5, color=GREY, rtl=False,
                  trace=t)
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.3)
        canv.line(LEFT, _top(61), LEFT + 80 * mm, _top(61))
        canv.restoreState()
        lines: list[str] = []
        for raw in d.recipient_lines:
            lines += wrap_lines(raw, 80 * mm, size=10)
        y = _top(66.5)
        for line in lines[:6]:
            draw_text(canv, LEFT, y, line, size=10, rtl=False, trace=t)
            y -= 4.2 * mm
        if len(d.recipient_lines) < 3:  # no address stored for the agency: lines to write it on
            canv.saveState()
            canv.setStrokeColor(GREY)
            canv.setLineWidth(0.4)
            for i in range(2):
                yy = y - i * 6 * mm
                canv.line(LEFT, yy, LEFT + 80 * mm, yy)
            canv.restoreState()
        # information block (125 mm from the left, from 50 mm)
        x_label, x_value = 125 * mm, 148 * mm  # the block may reach 10 mm from the right edge
        rows = [("Unser Zeichen", d.reference), ("Ansprechperson", d.counsellor_name),
                ("Telefon", d.counsellor_phone or d.organisation_phone or ""),
                ("E-Mail", d.counsellor_email or d.organisation_email or ""),
                ("Datum", fmt_date(d.letter_date))]
        y = _top(53)
        for label, value in rows:
            if not value:
                continue
            draw_text(canv, x_label, y, label, size=7.5, color=GREY, rtl=False, trace=t)
            for i, line in enumerate(wrap_lines(value, PAGE_W - 10 * mm - x_value, size=8.5)[:2]):
                draw_text(canv, x_value, y - i * 3.6 * mm, line, size=8.5, rtl=False, trace=t)
                if i:
                    y -= 3.6 * mm
            y -= 4.6 * mm
        _fold_marks(canv)
        self._footer(canv)

    def later(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        canv._rd_first = False  # type: ignore[attr-defined]
        d, t = self.data, self.trace
        draw_text(canv, LEFT, _top(14), d.organisation_name, size=8.5, bold=True, rtl=False, trace=t)
        draw_text(canv, LEFT, _top(18), f"Überleitung · Unser Zeichen {d.reference} · {fmt_date(d.letter_date)}",
                  size=7.5, color=GREY, rtl=False, trace=t)
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(LEFT, _top(21), PAGE_W - RIGHT, _top(21))
        canv.restoreState()
        _fold_marks(canv)
        self._footer(canv)

    def _footer(self, canv: Canvas) -> None:
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(LEFT, 17 * mm, PAGE_W - RIGHT, 17 * mm)
        canv.restoreState()
        draw_text(canv, LEFT, 9 * mm, "Vertraulich: enthält Sozialdaten (§ 67 SGB X). Weitergabe nur im Rahmen der "
                  "Einwilligung.", size=6.5, color=GREY, rtl=False, trace=self.trace)


# Page accumulators of a reportlab canvas (``Canvas._restartAccumulators``): copied for every
# replay of a page, so the marks drawn on one copy do not end up on the next.
_PAGE_LISTS = ("_code", "_psCommandsAfterPage", "_psCommandsBeforePage", "_formsinuse", "_annotationrefs")
_PAGE_DICTS = ("_colorsUsed", "_shadingUsed")


def _copies_canvas(data: SheetData, copies: Sequence[str], trace: Trace | None) -> type[Canvas]:
    class CopiesCanvas(Canvas):
        """Lays out the sheet once and emits its pages once per copy: the copies are the
        same text, so the layout work is done once. Each copy gets its mark at the top,
        its footer line and its own page numbers ("Seite n von N")."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            number = 0
            for copy in copies:
                mark = COPY_MARKS[copy]
                for i, state in enumerate(self._pages):
                    fresh = dict(state)
                    for name in _PAGE_LISTS:
                        if isinstance(fresh.get(name), list):
                            fresh[name] = list(fresh[name])
                    for name in _PAGE_DICTS:
                        if isinstance(fresh.get(name), dict):
                            fresh[name] = dict(fresh[name])
                    number += 1
                    fresh["_pageNumber"] = number
                    self.__dict__.update(fresh)
                    first = state.get("_rd_first", i == 0)
                    _copy_mark(self, mark, _top(40.5 if first else 14.5), trace)
                    draw_text(self, LEFT, 12.5 * mm, f"{mark} · Überleitung Nr. {data.referral_id} · Fallnummer "
                              f"{data.case_number} · gedruckt am {fmt_date(data.printed_on)}", size=7, color=GREY,
                              rtl=False, trace=trace)
                    draw_text(self, PAGE_W - RIGHT, 12.5 * mm, f"Seite {i + 1} von {total}", size=7, align="right",
                              color=GREY, rtl=False, trace=trace)
                    super().showPage()
            super().save()

    return CopiesCanvas


def render_pdf(data: SheetData, *, copies: Sequence[str] = COPIES, trace: Trace | None = None) -> bytes:
    """The sheet as PDF bytes: one copy after the other, each from a new page."""
    fonts.ensure_registered()
    wanted = [c for c in COPIES if c in set(copies)]
    if not wanted:
        raise ValueError("no copies")
    buf = io.BytesIO()
    doc = BaseDocTemplate(buf, pagesize=A4, leftMargin=LEFT, rightMargin=RIGHT, topMargin=NEXT_TOP,
                          bottomMargin=BOTTOM, title=f"Überleitung {data.case_number} Nr. {data.referral_id}",
                          author=data.organisation_name, subject=f"{TEMPLATE_ID} v{TEMPLATE_VERSION}",
                          creator="Referral Desk", producer="Referral Desk", invariant=1, lang="de",
                          initialFontName=fonts.face("sans"))
    furniture = _Furniture(data, trace)
    first = Frame(LEFT, BOTTOM, TEXT_W, PAGE_H - FIRST_TOP - BOTTOM, id="first-frame", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    later = Frame(LEFT, BOTTOM, TEXT_W, PAGE_H - NEXT_TOP - BOTTOM, id="next-frame", leftPadding=0,
                  rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate(id="first", frames=[first], onPage=furniture.first),
                          PageTemplate(id="next", frames=[later], onPage=furniture.later)])
    story: list[Flowable] = [NextPageTemplate("next")]
    story += _body(data, trace)
    story += _feedback(data, trace)  # on the same page if it fits whole, else on its own
    doc.build(story, canvasmaker=_copies_canvas(data, wanted, trace))
    return buf.getvalue()


def plain_text(data: SheetData) -> str:
    """The sheet's content as plain text in logical order (a preview where no PDF viewer
    is available): the same facts the PDF prints, nothing else."""
    out = [f"Überleitung an {data.recipient_name}",
           f"Fallnummer {data.case_number} · Überleitung Nr. {data.referral_id} vom {fmt_date(data.letter_date)}",
           f"Von: {data.organisation_name}" + (f", Ansprechperson {data.counsellor_name}" if data.counsellor_name else ""),
           "", "1. Klientin / Klient"]

    def fact(f: Fact) -> str:
        value = f.value if f.value else "________________"
        return f"   {f.label}: {strip_isolates(value)}"

    out += [fact(f) for f in data.client]
    c = data.consent
    cats = ", ".join(catalogues.enum_label("data_category", k, "de") for k in CATEGORY_ORDER if k in c.categories)
    out += ["", "2. Einwilligung", f"   Nr. {c.id} vom {fmt_date(c.given_on)}, gültig bis {fmt_date(c.valid_until)}",
            f"   Datenkategorien: {cats}", f"   Zweck: {c.purpose}", "", "3. Anliegen", f"   {data.request}"]
    if data.requested_action:
        out.append(f"   Erbetene Maßnahme: {data.requested_action}")
    out.append(f"   Dringlichkeit: {URGENCY_LABELS.get(data.urgency, data.urgency)}"
               + (f", Frist {fmt_date(data.deadline)}" if data.deadline else ""))
    out += ["", "4. Relevante Angaben"]
    for section in data.sections:
        out.append(f"   {section.title}")
        out += ["  " + fact(f) for f in section.facts]
    out += ["", "5. Anlagen"] + [f"   – {a}" for a in data.attachments or ("keine",)]
    out += ["", "6. Unterschriften: Berater*in; Klient*in (zur Kenntnis genommen)",
            "7. Rückmeldung der Empfängerstelle (Formular zum Zurücksenden)",
            "", "Ausfertigungen: " + ", ".join(COPY_MARKS.values())]
    return "\n".join(out)


def strip_isolates(value: str) -> str:
    return "".join(ch for ch in value if ch not in "\u2066\u2067\u2068\u2069")


def suggested_filename(case_number: str, referral_id: int, date: dt.date | None = None) -> str:
    """``2026-00012_Ueberleitung-7_2026-03-12.pdf``: case number, referral number and date,
    never the client's name."""
    return _suggested_filename(case_number, f"Ueberleitung-{int(referral_id)}", date)


__all__ = ["SheetData", "ConsentRef", "Fact", "Section", "facts_for", "render_pdf", "plain_text", "suggested_filename",
           "COPIES", "COPY_MARKS", "TEMPLATE_ID", "TEMPLATE_VERSION"]
