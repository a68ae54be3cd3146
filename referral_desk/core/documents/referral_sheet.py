"""The printed referral sheet ("Überleitungsbogen"): a DIN 5008 letter (``letter.py``) to the
recipient, with copies for the recipient, the client and the file.

What it prints is true to the consent the client signed:

* ``facts_for(client, categories)`` reads only the fields that the category → fields
  catalogue (``forms/category_fields.toml``) puts under a consented category, and prints each
  under that category — the one whose consent text names it. Unknown values are left out;
  nothing is invented and no blank lines invite handwritten additions.
* The name is the document spelling (as the agency files it) with the name as the person
  writes it in brackets; the service refuses to print a non-Latin name without one.
* Under a one-way consent there is no feedback part; under a mutual one the recipient gets a
  feedback page to return. No text invites passing the data on to anyone else.
* The footer states confidentiality as it is: personal data sent with the person's consent,
  for the named purpose (a welfare organisation's letter holds no "Sozialdaten").

Copies: recipient (letter + feedback page when mutual), client (a short cover in the client's
language where a template exists, then the letter, no feedback form), file (as the recipient's).
Laid out once (``letter.LetterDocument``), emitted per copy. No Qt; nothing written to disk.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Spacer

from referral_desk.core import catalogues, category_fields as cf, dates
from referral_desk.core.documents import letter
from referral_desk.core.documents.layout import GREY, Rule, SignatureBlock, SignatureField, TextBlock, Trace
from referral_desk.core.documents.naming import suggested_filename as _suggested_filename
from referral_desk.core.documents.text import isolate
from referral_desk.core.paths import forms_dir

if TYPE_CHECKING:
    from reportlab.lib.colors import Color

TEMPLATE_ID = "referral-sheet"
TEMPLATE_VERSION = "2"

COPIES: tuple[str, ...] = ("recipient", "client", "file")
COPY_MARKS: dict[str, str] = {
    "recipient": "Ausfertigung für die Empfängerstelle",
    "client": "Ausfertigung für die Klientin bzw. den Klienten",
    "file": "Ausfertigung für die Akte",
}
CATEGORY_ORDER: tuple[str, ...] = cf.CATEGORIES
URGENCY_LABELS = {"normal": "normal", "urgent": "dringend"}
DIRECTION_LABELS = {
    "one_way": "nur in eine Richtung: Ihre Stelle gibt der Beratungsstelle keine Auskunft",
    "mutual": "in beide Richtungen: Ihre Stelle darf der Beratungsstelle mitteilen, wie es weitergeht",
}
LABEL_W = 52 * mm
FOOTER_BASIS = {"dsgvo": "Art. 6 Abs. 1 lit. a DSGVO", "kdg": "§ 6 KDG", "dsg-ekd": "§ 6 DSG-EKD"}

fmt_date = letter.fmt_date


def footer_text(legal_regime: str) -> str:
    """The confidentiality note of every page: true for a welfare organisation (no claim of
    "Sozialdaten"), and no invitation to pass the data on."""
    basis = FOOTER_BASIS.get(legal_regime, FOOTER_BASIS["dsgvo"])
    return (
        f"Vertraulich: personenbezogene Daten, übermittelt mit schriftlicher Einwilligung der betroffenen Person "
        f"({basis}), nur für den genannten Zweck bestimmt."
    )


# --- what goes on the sheet ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class Section:
    key: str  # data category
    title: str
    facts: tuple[Fact, ...]
    fields: tuple[str, ...] = ()  # the record fields the facts were read from (for the consent check)


@dataclass(frozen=True)
class ConsentRef:
    id: int
    given_on: dt.date
    valid_until: dt.date
    categories: tuple[str, ...]
    purpose: str  # the wording of the referral's purpose
    direction: str = "one_way"


@dataclass(frozen=True)
class Cover:
    """The client's cover letter (in their language where a template exists)."""

    language: str
    recipient: letter.Recipient  # the client, with their postal address (or "persönlich ausgehändigt")
    client_name: str  # as the person writes it
    category_labels: tuple[str, ...]  # in the cover's language
    purpose: str  # in the cover's language


@dataclass(frozen=True)
class SheetData:
    sender: letter.Sender
    recipient: letter.Recipient
    legal_regime: str
    case_number: str
    referral_id: int
    letter_date: dt.date
    printed_on: dt.date
    counsellor_name: str
    counsellor_phone: str | None
    counsellor_email: str | None
    sections: tuple[Section, ...]
    consent: ConsentRef
    request: str
    requested_action: str | None
    urgency: str
    deadline: dt.date | None
    attachments: tuple[str, ...]
    cover: Cover | None = None

    @property
    def reference(self) -> str:
        return f"{self.case_number} / Ü {self.referral_id}"

    @property
    def recipient_name(self) -> str:
        return self.recipient.name

    @property
    def feedback(self) -> bool:
        return self.consent.direction == "mutual"

    def printed_fields(self) -> dict[str, set[str]]:
        """Record fields printed under each category (what the consent text must name)."""
        return {s.key: set(s.fields) for s in self.sections}


def _label(enum: str, key: str | None) -> str | None:
    if not key or key == "unknown":
        return None
    try:
        return catalogues.enum_label(enum, key, "de")
    except KeyError:
        return None


def printed_name(client: Mapping[str, Any]) -> str:
    """Document spelling first (as the agency files it), the person's own writing in brackets."""
    own = " ".join(p for p in (client.get("given_names"), client.get("family_name")) if p)
    doc_family = client.get("document_family_name")
    if not doc_family:
        return own
    doc = " ".join(p for p in (client.get("document_given_names") or client.get("given_names"), doc_family) if p)
    return doc if doc == own else f"{doc} ({isolate(own, 'L')})"


def _residence_label(key: str | None) -> str | None:
    if not key or key == "unknown":
        return None
    try:
        return catalogues.residence_status_label(key, "de")
    except KeyError:
        return None


def _join(*parts: str | None, sep: str = " · ") -> str | None:
    return sep.join(p for p in parts if p) or None


# One reader per mention group of the catalogue (keyed by its first field): the label and the
# value, from exactly the group's fields.
def _group_fact(first: str, c: Mapping[str, Any]) -> Fact | None:
    def fact(label: str, value: str | None) -> Fact | None:
        return Fact(label, value) if value else None

    if first == "family_name":
        return fact("Name", printed_name(c))
    if first == "birth_date":
        return fact("Geburtsdatum", fmt_date(dates.as_date(c.get("birth_date"))))
    if first == "gender":
        return fact("Geschlecht", _label("gender", c.get("gender")) if c.get("gender") != "unspecified" else None)
    if first == "nationalities":
        nats = [n for n in (c.get("nationalities") or []) if n != "unknown"]
        return fact("Staatsangehörigkeit", ", ".join(catalogues.country_name(n, "de") for n in nats))
    if first == "street":
        town = " ".join(p for p in (c.get("postal_code"), c.get("city")) if p)
        return fact("Anschrift", _join(c.get("street"), town, sep=", "))
    if first == "phone":
        return fact("Telefon", c.get("phone"))
    if first == "email":
        return fact("E-Mail", c.get("email"))
    if first == "residence_status":
        return fact("Aufenthaltsstatus", _residence_label(c.get("residence_status")))
    if first == "residence_valid_until":
        return fact("Aufenthaltspapier gültig bis", fmt_date(dates.as_date(c.get("residence_valid_until"))))
    if first == "arrival_date":
        return fact("Einreise", fmt_date(dates.as_date(c.get("arrival_date"))))
    if first == "abh_file_reference":
        return fact("Aktenzeichen Ausländerbehörde", c.get("abh_file_reference"))
    if first == "preferred_language":
        lang = c.get("preferred_language")
        return fact("Herkunfts-/bevorzugte Sprache", catalogues.language_name(lang, "de") if lang else None)
    if first == "german_level":
        return fact("Deutschkenntnisse", _label("german_level", c.get("german_level")))
    if first == "integration_course":
        return fact("Integrationskurs", _label("integration_course", c.get("integration_course")))
    if first == "school_education":
        return fact("Schulbildung", _label("school_education", c.get("school_education")))
    if first == "vocational_training":
        training = _label("vocational_training", c.get("vocational_training"))
        return fact(
            "Berufsausbildung, Studium",
            _join(training, c.get("vocational_field"), sep=": ") if training else c.get("vocational_field"),
        )
    if first == "recognition_profession":
        status = _label("recognition_status", c.get("recognition_status"))
        body = c.get("recognition_body")
        return fact(
            "Anerkennung ausländischer Abschlüsse",
            _join(c.get("recognition_profession"), status, f"zuständige Stelle: {body}" if body else None),
        )
    if first == "employment_permitted":
        return fact("Erlaubnis zur Beschäftigung", _label("employment_permitted", c.get("employment_permitted")))
    if first == "employment_status":
        return fact("Derzeitige Tätigkeit", _label("employment_status", c.get("employment_status")))
    if first == "last_occupation":
        return fact("Zuletzt ausgeübter Beruf", c.get("last_occupation"))
    if first == "benefit_type":
        return fact("Leistungsbezug", _label("benefit_type", c.get("benefit_type")))
    if first == "jobcenter_customer_number":
        jc = _join(
            f"Kundennr. {c['jobcenter_customer_number']}" if c.get("jobcenter_customer_number") else None,
            f"BG-Nr. {c['jobcenter_bg_number']}" if c.get("jobcenter_bg_number") else None,
            sep=", ",
        )
        ba = f"Kundennr. {c['ba_customer_number']}" if c.get("ba_customer_number") else None
        return fact("Nummern", _join(f"Jobcenter: {jc}" if jc else None, f"Agentur für Arbeit: {ba}" if ba else None))
    raise KeyError(first)


def facts_for(client: Mapping[str, Any], categories: Iterable[str]) -> tuple[Section, ...]:
    """One section per consented category, each fact under the category the catalogue (and so
    the consent text) puts its fields in. Reads no field of a category not given."""
    wanted = set(categories)
    sections = []
    for key in CATEGORY_ORDER:
        if key not in wanted:
            continue
        category = cf.catalogue()[key]
        facts: list[Fact] = []
        fields: list[str] = []
        for mention in category.mentions:
            fact = _group_fact(mention.fields[0], {f: client.get(f) for f in mention.fields})
            if fact is not None:
                facts.append(fact)
                fields += mention.fields
        sections.append(Section(key, catalogues.enum_label("data_category", key, "de"), tuple(facts), tuple(fields)))
    return tuple(sections)


# --- flowables -------------------------------------------------------------------------------------------


class FactRow(Flowable):
    """Label on the left, value (any script) on the right."""

    def __init__(self, fact: Fact, *, trace: Trace | None = None, label_w: float = LABEL_W, size: float = 9.5) -> None:
        super().__init__()
        self.fact = fact
        self.label_w = label_w
        self.label = TextBlock(fact.label, size=size - 0.9, color=GREY, rtl=False, space_after=0, trace=trace)
        self.value = TextBlock(fact.value, size=size, align="left", space_after=0, trace=trace)
        self.spaceAfter = 1.4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width = availWidth
        _w, lh = self.label.wrap(self.label_w - 3 * mm, availHeight)
        _w, vh = self.value.wrap(availWidth - self.label_w, availHeight)
        self.height = max(lh + 0.8, vh)
        return availWidth, self.height

    def draw(self) -> None:
        self.label.drawOn(self.canv, 0, self.height - self.label.height - 0.8)
        self.value.drawOn(self.canv, self.label_w, self.height - self.value.height)


class WriteLines(Flowable):
    """Empty lines to write on (the recipient's feedback page only)."""

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
    return [
        CondPageBreak(28 * mm),
        TextBlock(
            text, size=10.5, bold=True, rtl=False, space_before=6, space_after=1, keep_with_next=True, trace=trace
        ),
        Rule(space_before=0, space_after=3),
    ]


def _para(text: str, trace: Trace | None, *, size: float = 10, **kw: Any) -> TextBlock:
    return TextBlock(text, size=size, rtl=False, trace=trace, **kw)


def colors_urgent() -> Color:
    from reportlab.lib import colors

    return colors.HexColor("#f8d7d3")


def _body(data: SheetData, trace: Trace | None) -> list[Flowable]:
    story: list[Flowable] = []
    if data.urgency == "urgent":
        flag = "DRINGEND" + (f" – bitte bis {fmt_date(data.deadline)} bearbeiten" if data.deadline else "")
        story.append(
            TextBlock(
                flag, size=9.5, bold=True, rtl=False, background=colors_urgent(), padding=3, space_after=6, trace=trace
            )
        )
    story.append(_para("Sehr geehrte Damen und Herren,", trace, space_after=5))
    answer = (
        "Die Einwilligung erlaubt Ihnen, uns mitzuteilen, wie es weitergeht; dafür liegt ein Rückmeldebogen bei."
        if data.feedback
        else "Die Einwilligung gilt nur in eine Richtung: Bitte senden Sie uns keine Auskünfte über die Person."
    )
    story.append(
        _para(
            "mit schriftlicher Einwilligung der unten genannten Person leiten wir Ihnen das folgende Anliegen zu und "
            "bitten um Ihre Unterstützung. Der Bogen enthält nur Angaben aus den Datenkategorien, in deren "
            f"Übermittlung an Ihre Stelle die Person eingewilligt hat. {answer}",
            trace,
            space_after=2,
        )
    )

    story += _heading("Anliegen", trace)
    story.append(FactRow(Fact("Anliegen", data.request), trace=trace))
    if data.requested_action:
        story.append(FactRow(Fact("Erbetene Maßnahme", data.requested_action), trace=trace))
    story.append(
        FactRow(
            Fact(
                "Dringlichkeit",
                URGENCY_LABELS.get(data.urgency, data.urgency)
                + (f", Frist {fmt_date(data.deadline)}" if data.deadline else ""),
            ),
            trace=trace,
        )
    )

    for section in data.sections:
        story += _heading(section.title, trace)
        if section.facts:
            story += [FactRow(f, trace=trace) for f in section.facts]
        else:
            story.append(_para("Keine Angaben erfasst.", trace, size=9.2, color=GREY))

    c = data.consent
    story += _heading("Einwilligung", trace)
    cats = ", ".join(catalogues.enum_label("data_category", k, "de") for k in CATEGORY_ORDER if k in c.categories)
    story += [
        FactRow(
            Fact("Einwilligung", f"Nr. {c.id} vom {fmt_date(c.given_on)}, gültig bis {fmt_date(c.valid_until)}"),
            trace=trace,
        ),
        FactRow(Fact("Datenkategorien", cats), trace=trace),
        FactRow(Fact("Zweck", c.purpose), trace=trace),
        FactRow(Fact("Richtung", DIRECTION_LABELS.get(c.direction, c.direction)), trace=trace),
    ]
    story.append(
        _para(
            "Die unterschriebene Erklärung liegt der Beratungsstelle vor. Die Person kann sie jederzeit "
            "ganz oder teilweise mit Wirkung für die Zukunft widerrufen; über einen Widerruf informieren "
            "wir Sie.",
            trace,
            size=8.2,
            color=GREY,
            space_before=2,
        )
    )

    story += _heading("Anlagen", trace)
    if data.attachments:
        story += [_para(f"– {a}", trace, size=9.5, indent=2 * mm, space_after=1.5) for a in data.attachments]
    else:
        story.append(_para("Keine Anlagen.", trace, size=9.5))

    story += letter.closing(data.counsellor_name, data.sender.service or "Beratungsstelle", trace=trace)
    story.append(
        KeepTogether(
            [
                SignatureBlock(
                    [SignatureField("Zur Kenntnis genommen: Ort, Datum, Unterschrift Klient*in")],
                    columns=2,
                    sign_height=18,
                    space_before=4,
                    trace=trace,
                )
            ]
        )
    )
    return story


def _feedback(data: SheetData, trace: Trace | None) -> list[Flowable]:
    """The recipient's feedback page (mutual consents only): to be returned to us."""
    s = data.sender
    reach = " · ".join(p for p in (data.counsellor_phone or s.phone, data.counsellor_email or s.email) if p)
    return [
        TextBlock("Rückmeldung an die Beratungsstelle", size=11.5, bold=True, rtl=False, space_after=1, trace=trace),
        _para(
            f"Bitte ausgefüllt zurücksenden an: {s.name}, {s.street}, {s.town}" + (f" ({reach})" if reach else ""),
            trace,
            size=9,
            space_after=1,
        ),
        _para(
            f"Bezug: Überleitung Nr. {data.referral_id} vom {fmt_date(data.letter_date)}, Unser Zeichen "
            f"{data.reference}, Ansprechperson {data.counsellor_name}",
            trace,
            size=9,
            space_after=2,
        ),
        _para(
            "Die Einwilligung der Person erlaubt diese Rückmeldung für den genannten Zweck. Bitte nur das Nötige "
            "eintragen.",
            trace,
            size=7.8,
            color=GREY,
            space_after=4,
        ),
        Rule(space_after=5),
        FactRow(Fact("Überleitung eingegangen am", " "), trace=trace),
        WriteLines(1),
        FactRow(Fact("Rückmeldung von (Name, Stelle, Telefon)", " "), trace=trace),
        WriteLines(2),
        Spacer(1, 2 * mm),
        TextBlock("Ergebnis", size=9.5, bold=True, rtl=False, space_after=2, trace=trace),
        TextBlock(
            "Anliegen angenommen; Termin / Ansprechperson:",
            size=9.2,
            rtl=False,
            checkbox=False,
            indent=2 * mm,
            space_after=4,
            trace=trace,
        ),
        TextBlock(
            "Anliegen abgelehnt; Grund:", size=9.2, rtl=False, checkbox=False, indent=2 * mm, space_after=4, trace=trace
        ),
        TextBlock("Nicht zuständig", size=9.2, rtl=False, checkbox=False, indent=2 * mm, space_after=2, trace=trace),
        WriteLines(3),
        TextBlock("Nächste Schritte", size=9.5, bold=True, rtl=False, space_before=4, space_after=2, trace=trace),
        WriteLines(4),
        SignatureBlock(
            [
                SignatureField("Ort, Datum, Unterschrift Empfängerstelle"),
                SignatureField("Eingegangen bei der Beratungsstelle am"),
            ],
            columns=2,
            sign_height=24,
            trace=trace,
        ),
    ]


@cache
def cover_texts() -> Mapping[str, Mapping[str, str]]:
    return tomllib.loads((forms_dir() / "referral_cover.toml").read_text("utf-8"))


def cover_language(preferred: str | None) -> str:
    return preferred if preferred is not None and preferred in cover_texts() else "de"


def _cover_body(data: SheetData, trace: Trace | None) -> list[Flowable]:
    cover = data.cover
    assert cover is not None
    t = cover_texts()[cover.language]
    s = data.sender
    values = {
        "client_name": cover.client_name,
        "recipient": data.recipient.name,
        "date": fmt_date(data.letter_date),
        "consent_id": str(data.consent.id),
        "given_on": fmt_date(data.consent.given_on),
        "categories": ", ".join(cover.category_labels),
        "purpose": cover.purpose,
        "organisation": s.name,
        "contact": " · ".join(p for p in (data.counsellor_phone or s.phone, data.counsellor_email or s.email) if p),
    }

    def fill(key: str) -> str:
        text = t[key]
        for name, value in values.items():
            text = text.replace("{" + name + "}", isolate(value, "R" if cover.language in ("ar", "fa") else "L"))
        return text

    size = 10.5 if cover.language in ("ar", "fa") else 10
    story: list[Flowable] = [
        TextBlock(fill("salutation"), size=size, space_after=5, trace=trace),
        TextBlock(fill("body"), size=size, space_after=4, trace=trace),
        TextBlock(fill("mutual" if data.feedback else "one_way"), size=size, space_after=4, trace=trace),
        TextBlock(fill("withdraw"), size=size, space_after=2, trace=trace),
    ]
    story += letter.closing(data.counsellor_name, s.service or None, trace=trace, formula=t["closing"])
    return story


def render_pdf(data: SheetData, *, copies: Sequence[str] = COPIES, trace: Trace | None = None) -> bytes:
    """The sheet as PDF bytes: the wanted copies one after the other, each from a new page."""
    wanted = [c for c in COPIES if c in set(copies)]
    if not wanted:
        raise ValueError("no copies")
    doc = letter.LetterDocument(
        title=f"Überleitung {data.case_number} Nr. {data.referral_id}",
        author=data.sender.name,
        subject=f"{TEMPLATE_ID} v{TEMPLATE_VERSION}",
        trace=trace,
    )
    footer = footer_text(data.legal_regime)
    contact = {
        "our_reference": data.reference,
        "contact_name": data.counsellor_name or None,
        "contact_phone": data.counsellor_phone,
        "contact_email": data.counsellor_email,
        "footer": footer,
    }
    head = letter.LetterHead(
        sender=data.sender,
        recipient=data.recipient,
        date=data.letter_date,
        subject=f"Überleitung an {data.recipient.name}",
        reference_line=f"Bezug: Einwilligung Nr. {data.consent.id} vom "
        f"{fmt_date(data.consent.given_on)} · Fallnummer {data.case_number}",
        **contact,
    )
    with_cover = "client" in wanted and data.cover is not None
    if with_cover:
        assert data.cover is not None
        t = cover_texts()[data.cover.language]
        subject = t["subject"].replace("{recipient}", data.recipient.name)
        cover_head = letter.LetterHead(
            sender=data.sender, recipient=data.cover.recipient, date=data.letter_date, subject=subject, **contact
        )
        doc.letter("cover", cover_head, _cover_body(data, trace))
    doc.letter("sheet", head, _body(data, trace))
    if data.feedback:
        doc.pages("feedback", head, _feedback(data, trace), sequence="sheet")
    note = (
        f" · Überleitung Nr. {data.referral_id} · Fallnummer {data.case_number} · gedruckt am "
        f"{fmt_date(data.printed_on)}"
    )
    specs = []
    for copy in wanted:
        groups = ("sheet", "feedback") if copy != "client" else (("cover", "sheet") if with_cover else ("sheet",))
        specs.append(letter.CopySpec(COPY_MARKS[copy], groups, footer_note=COPY_MARKS[copy] + note))
    return doc.render(specs)


def plain_text(data: SheetData) -> str:
    """The sheet's content as plain text in logical order (a preview where no PDF viewer is
    available): the same facts the PDF prints, nothing else."""
    out = [
        f"Überleitung an {data.recipient.name}",
        f"Unser Zeichen {data.reference} · {fmt_date(data.letter_date)}",
        f"Von: {data.sender.name}" + (f", Ansprechperson {data.counsellor_name}" if data.counsellor_name else ""),
        "",
        "Anliegen",
        f"   {data.request}",
    ]
    if data.requested_action:
        out.append(f"   Erbetene Maßnahme: {data.requested_action}")
    out.append(
        f"   Dringlichkeit: {URGENCY_LABELS.get(data.urgency, data.urgency)}"
        + (f", Frist {fmt_date(data.deadline)}" if data.deadline else "")
    )
    for section in data.sections:
        out += ["", section.title]
        out += [f"   {f.label}: {strip_isolates(f.value)}" for f in section.facts] or ["   Keine Angaben erfasst."]
    c = data.consent
    cats = ", ".join(catalogues.enum_label("data_category", k, "de") for k in CATEGORY_ORDER if k in c.categories)
    out += [
        "",
        "Einwilligung",
        f"   Nr. {c.id} vom {fmt_date(c.given_on)}, gültig bis {fmt_date(c.valid_until)}",
        f"   Datenkategorien: {cats}",
        f"   Zweck: {c.purpose}",
        f"   Richtung: {DIRECTION_LABELS.get(c.direction, c.direction)}",
    ]
    out += ["", "Anlagen"] + [f"   – {a}" for a in data.attachments or ("keine",)]
    if data.feedback:
        out += ["", "Rückmeldebogen für die Empfängerstelle (eigene Seite)"]
    out += ["", "Ausfertigungen: " + ", ".join(COPY_MARKS.values()), "", footer_text(data.legal_regime)]
    return "\n".join(out)


def strip_isolates(value: str) -> str:
    return "".join(ch for ch in value if ch not in "\u2066\u2067\u2068\u2069")


def suggested_filename(case_number: str, referral_id: int, date: dt.date | None = None) -> str:
    """``2026-00012_Ueberleitung-7_2026-03-12.pdf``: case number, referral number and date,
    never the client's name."""
    return _suggested_filename(case_number, f"Ueberleitung-{int(referral_id)}", date)


__all__ = [
    "COPIES",
    "COPY_MARKS",
    "TEMPLATE_ID",
    "TEMPLATE_VERSION",
    "ConsentRef",
    "Cover",
    "Fact",
    "Section",
    "SheetData",
    "cover_language",
    "facts_for",
    "footer_text",
    "plain_text",
    "printed_name",
    "render_pdf",
    "suggested_filename",
]
