"""A DIN 5008 letter, form B, for every letter the app prints (referral sheets, client
covers, consent notices, consent declarations).

Geometry (DIN 5008:2020, form B; distances from the top-left corner of A4, in mm):

* letterhead 0–45; the copy mark sits at its foot, right-aligned
* address field 85 × 45 at x 20, y 45 (the window of a DIN-lang envelope):
  return-address zone y 45–50 (one line, the sender), note zone y 50–62.7 (left empty),
  address zone y 62.7–90 (up to six lines; the writing starts 5 mm inside, at x 25)
* information block x 125–200 from y 50 (our reference, contact person, phone, e-mail, date)
* subject line at y 98.4, then a reference line, then the body (x 25 to 190)
* fold marks at y 105 and 210, hole mark at 148.5
* page numbers ("Seite 2 von 3") from page 2 on, bottom right

What must never happen with real data (issue 10): an address cut or overprinted. So the
return line abbreviates the organisation's *name* (known long words first, then trailing
words) and shrinks to 6 pt, but never shortens the street or town; if even the bare address
cannot fit one line, printing is refused naming the field. The recipient's address shrinks
from 10 to 8 pt to take two-line names and departments, drops the contact person, and only
then shortens the agency name; street, postal code and town always print.

One layout, several copies: ``LetterDocument`` lays the parts out once and replays the pages
for each copy (recipient, client, file), each with its copy mark and its own page numbers; a
copy may leave out parts (the client's copy has no feedback form, the recipient's no cover).
No Qt; nothing is written to disk.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfdoc
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageBreak, PageTemplate, Spacer

from referral_desk.core.documents import fonts
from referral_desk.core.documents.layout import GREY, LIGHT, TextBlock, Trace, draw_text, wrap_lines
from referral_desk.core.errors import PolicyRefused

PAGE_W, PAGE_H = A4

# --- geometry (mm from the top-left corner) ----------------------------------------------------------
LEFT_MM = 25.0  # body and address text start 25 mm from the left edge
RIGHT_MM = 20.0
ADDRESS_FIELD = (20.0, 45.0, 85.0, 45.0)  # x, y, width, height
RETURN_ZONE = (45.0, 50.0)  # y from, y to
NOTE_ZONE = (50.0, 62.7)
ADDRESS_ZONE = (62.7, 90.0)
ADDRESS_TEXT_W_MM = 80.0  # 85 mm field minus the 5 mm inner margin
INFO_BLOCK = (125.0, 50.0, 75.0, 47.0)  # x, y, width, height (ends above the subject)
SUBJECT_MM = 98.4
FOLD_MARKS_MM = (105.0, 210.0)
HOLE_MARK_MM = 148.5
NEXT_TOP_MM = 27.0
BOTTOM_MM = 24.0
TEXT_W = PAGE_W - (LEFT_MM + RIGHT_MM) * mm

RETURN_SIZES = (7.0, 6.5, 6.0)  # pt; DIN 5008 sets the return line small, not below 6 pt
ADDRESS_SIZES = ((10.0, 4.23, 6), (9.0, 3.85, 7), (8.0, 3.4, 8))  # pt, leading mm, lines in 27.3 mm
SEP = " · "
ELLIPSIS = "…"

# Common long words in the names of welfare organisations and their usual abbreviations, used
# only in the return line when the full name does not fit.
ABBREVIATIONS: tuple[tuple[str, str], ...] = (
    ("Migrationsberatung für erwachsene Zuwanderer", "MBE"),
    ("Jugendmigrationsdienst", "JMD"),
    ("Arbeiterwohlfahrt", "AWO"),
    ("Diakonisches Werk", "Diakonie"),
    ("Caritasverband", "Caritas"),
    ("Kreisverband", "KV"),
    ("Bezirksverband", "BV"),
    ("Landesverband", "LV"),
    ("Ortsverein", "OV"),
    ("Stadtverband", "SV"),
    ("eingetragener Verein", "e. V."),
    ("Migrationsberatung", "MB"),
    ("Beratungsstelle", "BSt."),
    (" am Rhein", ""),
)


def top(y_mm: float) -> float:
    """A distance from the top edge (mm) as a reportlab y coordinate (points)."""
    return PAGE_H - y_mm * mm


def fmt_date(d: dt.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


# --- parties -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Sender:
    name: str
    street: str
    postal_code: str
    city: str
    phone: str | None = None
    email: str | None = None
    service: str | None = None  # e.g. "Migrationsberatung für erwachsene Zuwanderer (MBE)"
    logo_png: bytes | None = field(default=None, repr=False)

    @property
    def town(self) -> str:
        return f"{self.postal_code} {self.city}".strip()

    @classmethod
    def from_organisation(cls, org: Any, *, service: str | None = None, logo_png: bytes | None = None) -> Sender:
        """From an ``Organisation`` row or read model that passed ``printable.require_printable``."""
        return cls(
            name=org.name,
            street=org.street or "",
            postal_code=org.postal_code or "",
            city=org.city or "",
            phone=org.phone,
            email=org.email,
            service=service,
            logo_png=logo_png,
        )


@dataclass(frozen=True)
class Recipient:
    name: str
    street: str
    postal_code: str
    city: str
    department: str | None = None  # may hold one line break
    contact_person: str | None = None

    @classmethod
    def from_agency(cls, agency: Any) -> Recipient:
        return cls(
            name=agency.name,
            street=agency.street or "",
            postal_code=agency.postal_code or "",
            city=agency.city or "",
            department=agency.department,
            contact_person=agency.contact_person,
        )


@dataclass(frozen=True)
class LetterHead:
    """What the first page of a letter says besides its body."""

    sender: Sender
    recipient: Recipient
    date: dt.date
    subject: str
    our_reference: str | None = None
    reference_line: str | None = None  # under the subject, e.g. "Bezug: Einwilligung vom 01.03.2026"
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    footer: str | None = None  # e.g. the confidentiality note, on every page


# --- the return line and the address --------------------------------------------------------------


def _abbreviate(name: str) -> str:
    out = name
    for long, short in ABBREVIATIONS:
        out = out.replace(long, short)
    return " ".join(out.split())


def _name_candidates(name: str) -> list[str]:
    """The organisation's name, then shorter forms of it, longest first."""
    seen: list[str] = []

    def add(text: str) -> None:
        if text and text not in seen:
            seen.append(text)

    add(name)
    short = _abbreviate(name)
    add(short)
    words = short.split()
    for n in range(len(words) - 1, 0, -1):
        add(" ".join(words[:n]).rstrip(",;:-– ") + ELLIPSIS)
    first = words[0] if words else ""
    for n in range(len(first) - 1, 1, -1):
        add(first[:n] + ELLIPSIS)
    return seen


def return_line(sender: Sender) -> tuple[str, float]:
    """(text, size in pt) of the one-line return address: name · street · postal code town.

    Only the name is ever shortened; the address is printed whole or printing is refused."""
    width = ADDRESS_TEXT_W_MM * mm
    address = f"{sender.street}{SEP}{sender.town}"
    candidates = _name_candidates(sender.name)
    for name in candidates[:2]:  # the full name, then its usual abbreviation, in any size
        for size in RETURN_SIZES:
            line = f"{name}{SEP}{address}"
            if fonts.string_width(line, size) <= width:
                return line, size
    size = RETURN_SIZES[-1]
    for name in candidates[2:]:
        line = f"{name}{SEP}{address}"
        if fonts.string_width(line, size) <= width:
            return line, size
    if fonts.string_width(address, size) <= width:
        return address, size
    # The address alone is longer than the window: the letter cannot be sent as it is.
    raise PolicyRefused("print.return_line", field="organisation.street", fields="organisation.street")


@dataclass(frozen=True)
class AddressBlock:
    lines: tuple[str, ...]
    size: float
    leading_mm: float


def address_block(recipient: Recipient) -> AddressBlock:
    """The recipient's lines for the address zone (6 lines at 10 pt, down to 8 lines at 8 pt)."""
    width = ADDRESS_TEXT_W_MM * mm
    dept = [p.strip() for p in (recipient.department or "").split("\n") if p.strip()]
    contact = [recipient.contact_person] if recipient.contact_person else []
    # A letter handed over in person has no postal lines (the client's own copy).
    postal = [p for p in (recipient.street, f"{recipient.postal_code} {recipient.city}".strip()) if p]

    def wrapped(parts: list[str], size: float) -> list[str]:
        out: list[str] = []
        for p in parts:
            out += wrap_lines(p, width, size=size)
        return out

    for size, leading, max_lines in ADDRESS_SIZES:
        lines = wrapped([recipient.name, *dept, *contact, *postal], size)
        if len(lines) <= max_lines:
            return AddressBlock(tuple(lines), size, leading)
    size, leading, max_lines = ADDRESS_SIZES[-1]
    tail = wrapped([*dept, *postal], size)
    if len(tail) > max_lines - 1:  # keep one department line; the postal lines always print
        tail = wrapped([" ".join(dept)], size)[:1] + wrapped(postal, size) if dept else wrapped(postal, size)
    head = wrapped([recipient.name], size)
    room = max_lines - len(tail)
    if len(head) > room:
        head = head[:room]
        last = head[-1]
        while last and fonts.string_width(last + ELLIPSIS, size) > width:
            last = last[:-1]
        head[-1] = last.rstrip() + ELLIPSIS
    return AddressBlock(tuple(head + tail), size, leading)


# --- flowables for the body ---------------------------------------------------------------------------


class SignatureLine(Flowable):
    """Room to sign, a line, and the signer's name (and role) under it."""

    def __init__(
        self,
        name: str,
        role: str | None = None,
        *,
        trace: Trace | None = None,
        width: float = 70 * mm,
        room: float = 13 * mm,
    ) -> None:
        super().__init__()
        self.name = name
        self.role = role
        self.trace = trace
        self.line_w = width
        self.room = room
        self.spaceBefore = 0
        self.spaceAfter = 4

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width = availWidth
        self.height = self.room + (8.5 * mm if self.role else 5 * mm)
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        y = self.height - self.room
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(0, y, min(self.line_w, self.width), y)
        canv.restoreState()
        width = min(self.line_w, self.width)
        name = wrap_lines(self.name, width, size=9.5)[0] if self.name else ""
        draw_text(canv, 0, y - 4 * mm, name, size=9.5, rtl=False, trace=self.trace)
        if self.role:
            draw_text(
                canv,
                0,
                y - 7.5 * mm,
                wrap_lines(self.role, width, size=8)[0],
                size=8,
                color=GREY,
                rtl=False,
                trace=self.trace,
            )


def closing(
    signer_name: str,
    signer_role: str | None = None,
    *,
    trace: Trace | None = None,
    formula: str = "Mit freundlichen Grüßen",
) -> list[Flowable]:
    """The closing formula and the signature block (kept together)."""
    from reportlab.platypus import KeepTogether

    return [
        KeepTogether(
            [
                TextBlock(formula, size=10, space_before=10, space_after=0, trace=trace),
                SignatureLine(signer_name, signer_role, trace=trace),
            ]
        )
    ]


# --- page furniture ------------------------------------------------------------------------------------


def _fold_marks(canv: Canvas) -> None:
    canv.saveState()
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.4)
    for y_mm, length in ((FOLD_MARKS_MM[0], 5), (HOLE_MARK_MM, 8), (FOLD_MARKS_MM[1], 5)):
        canv.line(3 * mm, top(y_mm), (3 + length) * mm, top(y_mm))
    canv.restoreState()


def _letterhead_name(name: str, width: float) -> tuple[list[str], float]:
    for size, max_lines in ((13, 2), (11, 2), (9.5, 3), (8, 4)):
        lines = wrap_lines(name, width, size=size, bold=True)
        if len(lines) <= max_lines:
            return lines, size
    return wrap_lines(name, width, size=8, bold=True), 8


def short_name(name: str, width: float, size: float, *, bold: bool = True) -> str:
    """The name in one line of ``width``: shortened like the return line when needed."""
    for candidate in _name_candidates(name):
        if fonts.string_width(candidate, size, bold=bold) <= width:
            return candidate
    return ELLIPSIS


class _Furniture:
    def __init__(self, head: LetterHead, group: str, sequence: str, trace: Trace | None) -> None:
        self.head = head
        self.group = group
        self.sequence = sequence
        self.trace = trace
        self.logo = None
        if head.sender.logo_png:
            try:
                self.logo = ImageReader(io.BytesIO(head.sender.logo_png))
            except Exception:  # noqa: BLE001 - a broken logo must not stop printing
                self.logo = None

    def _tag(self, canv: Canvas, first: bool) -> None:
        canv._rd_page = (self.group, self.sequence, first)  # type: ignore[attr-defined]  # read on replay

    def first(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._tag(canv, True)
        h, s, t = self.head, self.head.sender, self.trace
        left = LEFT_MM * mm
        # letterhead (0–45 mm)
        text_w = 105 * mm
        if self.logo is not None:
            iw, ih = self.logo.getSize()
            scale = min(45 * mm / iw, 20 * mm / ih)
            w, hh = iw * scale, ih * scale
            canv.drawImage(self.logo, PAGE_W - RIGHT_MM * mm - w, top(10) - hh, w, hh, mask="auto")
        name_lines, size = _letterhead_name(s.name, text_w)
        y = top(10) - size * 0.8
        for line in name_lines:
            draw_text(canv, left, y, line, size=size, bold=True, rtl=False, trace=t)
            y -= size * 1.2
        y -= 1 * mm
        for sender_line in (s.service, f"{s.street}, {s.town}", SEP.join(p for p in (s.phone, s.email) if p)):
            if sender_line:
                for part in wrap_lines(sender_line, text_w, size=8.2)[:2]:
                    draw_text(canv, left, y, part, size=8.2, color=GREY, rtl=False, trace=t)
                    y -= 3.6 * mm
        # address field: the return line in its zone, a hairline under it, then the address
        text, rsize = return_line(s)
        draw_text(canv, left, top(RETURN_ZONE[1] - 1.3), text, size=rsize, color=GREY, rtl=False, trace=t)
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.3)
        canv.line(left, top(RETURN_ZONE[1] - 0.5), left + ADDRESS_TEXT_W_MM * mm, top(RETURN_ZONE[1] - 0.5))
        canv.restoreState()
        block = address_block(h.recipient)
        y = top(ADDRESS_ZONE[0]) - block.size * 0.95
        for line in block.lines:
            draw_text(canv, left, y, line, size=block.size, rtl=False, trace=t)
            y -= block.leading_mm * mm
        # information block: shrinks rather than running into the subject line
        self._info_block(
            canv,
            [
                ("Unser Zeichen", h.our_reference),
                ("Ansprechperson", h.contact_name),
                ("Telefon", h.contact_phone or s.phone),
                ("E-Mail", h.contact_email or s.email),
                ("Datum", fmt_date(h.date)),
            ],
        )
        _fold_marks(canv)
        self._footer(canv)

    def _info_block(self, canv: Canvas, rows: list[tuple[str, str | None]]) -> None:
        shown = [(label, value) for label, value in rows if value]
        x_label = INFO_BLOCK[0] * mm
        x_value = x_label + 23 * mm
        value_w = (INFO_BLOCK[0] + INFO_BLOCK[2]) * mm - x_value
        room = INFO_BLOCK[3] * mm
        wrapped: list[tuple[str, list[str]]] = []
        step = gap = 0.0
        for size in (8.5, 7.5, 6.5):
            step, gap = size * 1.2, size * 0.4
            wrapped = [(label, wrap_lines(value, value_w, size=size)) for label, value in shown]
            height = sum(len(lines) * step + gap for _label, lines in wrapped)
            if height <= room:
                break
        y = top(INFO_BLOCK[1]) - size * 0.95
        for label, lines in wrapped:
            draw_text(canv, x_label, y, label, size=min(7.5, size), color=GREY, rtl=False, trace=self.trace)
            for line in lines:
                if y < top(INFO_BLOCK[1] + INFO_BLOCK[3]):
                    return  # pathological input: never draw over the subject line
                draw_text(canv, x_value, y, line, size=size, rtl=False, trace=self.trace)
                y -= step
            y -= gap

    def later(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        self._tag(canv, False)
        h, t = self.head, self.trace
        left = LEFT_MM * mm
        width = TEXT_W - 60 * mm  # leave the right side for the copy mark
        draw_text(canv, left, top(14), short_name(h.sender.name, width, 8.5), size=8.5, bold=True, rtl=False, trace=t)
        ref = SEP.join(
            p for p in (h.subject, h.our_reference and f"Unser Zeichen {h.our_reference}", fmt_date(h.date)) if p
        )
        draw_text(canv, left, top(18), wrap_lines(ref, TEXT_W, size=7.5)[0], size=7.5, color=GREY, rtl=False, trace=t)
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(left, top(21), PAGE_W - RIGHT_MM * mm, top(21))
        canv.restoreState()
        _fold_marks(canv)
        self._footer(canv)

    def _footer(self, canv: Canvas) -> None:
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(LEFT_MM * mm, 17 * mm, PAGE_W - RIGHT_MM * mm, 17 * mm)
        canv.restoreState()
        if self.head.footer:
            for i, line in enumerate(wrap_lines(self.head.footer, TEXT_W, size=6.5)[:2]):
                draw_text(
                    canv, LEFT_MM * mm, 14 * mm - i * 2.8 * mm, line, size=6.5, color=GREY, rtl=False, trace=self.trace
                )


def copy_mark(canv: Canvas, text: str, y: float, trace: Trace | None) -> None:
    size = 8.5
    width = fonts.string_width(text, size, bold=True)
    x1 = PAGE_W - RIGHT_MM * mm
    canv.saveState()
    canv.setFillColor(LIGHT)
    canv.setStrokeColor(GREY)
    canv.setLineWidth(0.5)
    canv.roundRect(x1 - width - 6, y - 3.2, width + 12, size + 5.5, 2.5, stroke=1, fill=1)
    canv.restoreState()
    draw_text(canv, x1, y, text, size=size, bold=True, align="right", rtl=False, trace=trace)


# --- documents made of letters and copies --------------------------------------------------------------


@dataclass(frozen=True)
class CopySpec:
    """One copy: its mark (None: unmarked), the parts it contains (document order is kept)
    and a note for its footer line."""

    mark: str | None
    groups: tuple[str, ...]
    footer_note: str | None = None


@dataclass
class _Part:
    group: str
    sequence: str
    head: LetterHead
    story: list[Flowable]
    first_page: bool  # starts with a first page (address field) or with a continuation page


class LetterDocument:
    """Letters (and continuation parts such as a feedback form) laid out once, emitted per copy."""

    def __init__(
        self, *, title: str, author: str, subject: str = "", lang: str = "de", trace: Trace | None = None
    ) -> None:
        self.title = title
        self.author = author
        self.subject = subject
        self.lang = lang
        self.trace = trace
        self.parts: list[_Part] = []

    def letter(self, group: str, head: LetterHead, body: list[Flowable], *, sequence: str | None = None) -> None:
        """A letter: first page with letterhead and address field, subject, reference line, body."""
        t = self.trace
        # The subject takes the direction of its text (a cover letter in Arabic or Persian).
        story: list[Flowable] = [TextBlock(head.subject, size=11, bold=True, space_after=1, trace=t)]
        if head.reference_line:
            story.append(TextBlock(head.reference_line, size=8.8, color=GREY, rtl=False, space_after=0, trace=t))
        story.append(Spacer(1, 5 * mm))
        self.parts.append(_Part(group, sequence or group, head, story + list(body), True))

    def pages(self, group: str, head: LetterHead, body: list[Flowable], *, sequence: str) -> None:
        """Continuation pages (header of a following page) that belong to the letter ``sequence``:
        their pages are numbered with it."""
        self.parts.append(_Part(group, sequence, head, list(body), False))

    def render(self, copies: Sequence[CopySpec]) -> bytes:
        if not self.parts:
            raise ValueError("no parts")
        fonts.ensure_registered()
        buf = io.BytesIO()
        doc = BaseDocTemplate(
            buf,
            pagesize=A4,
            leftMargin=LEFT_MM * mm,
            rightMargin=RIGHT_MM * mm,
            topMargin=NEXT_TOP_MM * mm,
            bottomMargin=BOTTOM_MM * mm,
            title=self.title,
            author=self.author,
            subject=self.subject,
            creator="Referral Desk",
            producer="Referral Desk",
            invariant=1,
            lang=self.lang,
            initialFontName=fonts.face("sans"),
        )
        templates: list[PageTemplate] = []
        story: list[Flowable] = []
        for i, part in enumerate(self.parts):
            furniture = _Furniture(part.head, part.group, part.sequence, self.trace)
            first_id, next_id = f"{part.group}:first", f"{part.group}:next"
            first_frame = Frame(
                LEFT_MM * mm,
                BOTTOM_MM * mm,
                TEXT_W,
                PAGE_H - (SUBJECT_MM + BOTTOM_MM) * mm,
                id=f"{first_id}-frame",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            next_frame = Frame(
                LEFT_MM * mm,
                BOTTOM_MM * mm,
                TEXT_W,
                PAGE_H - (NEXT_TOP_MM + BOTTOM_MM) * mm,
                id=f"{next_id}-frame",
                leftPadding=0,
                rightPadding=0,
                topPadding=0,
                bottomPadding=0,
            )
            if part.first_page:
                templates.append(PageTemplate(id=first_id, frames=[first_frame], onPage=furniture.first))
            templates.append(PageTemplate(id=next_id, frames=[next_frame], onPage=furniture.later))
            start = first_id if part.first_page else next_id
            if i:
                story += [NextPageTemplate(start), PageBreak()]
            story.append(NextPageTemplate(next_id))
            story += part.story
        doc.addPageTemplates(templates)  # the first template starts the document
        doc.build(story, canvasmaker=_copies_canvas(list(copies), self.trace))
        return buf.getvalue()


def _copies_canvas(copies: list[CopySpec], trace: Trace | None) -> type[Canvas]:
    class CopiesCanvas(Canvas):
        """Keeps each laid-out page as a form XObject and emits it once per copy that includes
        it, with the copy's mark, footer note and page numbers per letter from page 2 on. The
        page's content is stored in the PDF once, however many copies show it."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[tuple[str, tuple[str, str, bool]]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            name = f"rdPage{len(self._pages)}"
            # The page becomes a form XObject, built from reportlab's own page state (no
            # public API for this; types-reportlab does not list these attributes).
            w, h = self._pagesize  # type: ignore[attr-defined]
            form = pdfdoc.PDFFormXObject(lowerx=0, lowery=0, upperx=w, uppery=h)
            form.compression = self._pageCompression  # type: ignore[attr-defined]
            form.setStreamList([self._preamble] + self._code)  # type: ignore[attr-defined]
            self._setColorSpace(form)  # type: ignore[attr-defined]
            self._setExtGState(form)  # type: ignore[attr-defined]
            self._setXObjects(form)  # type: ignore[attr-defined]
            self._doc.addForm(name, form)  # type: ignore[attr-defined]
            self._pages.append((name, getattr(self, "_rd_page", ("", "", False))))
            self._startPage()  # type: ignore[attr-defined]

        def save(self) -> None:
            for spec in copies:
                pages = [(name, tag) for name, tag in self._pages if tag[0] in spec.groups]
                totals: dict[str, int] = {}
                for _name, tag in pages:
                    totals[tag[1]] = totals.get(tag[1], 0) + 1
                seen: dict[str, int] = {}
                for name, (_group, seq, first) in pages:
                    seen[seq] = seen.get(seq, 0) + 1
                    self.doForm(name)
                    if spec.mark:
                        copy_mark(self, spec.mark, top(41.5 if first else 14.5), trace)
                    if spec.footer_note:
                        draw_text(
                            self, LEFT_MM * mm, 8 * mm, spec.footer_note, size=6.5, color=GREY, rtl=False, trace=trace
                        )
                    if seen[seq] >= 2:  # DIN 5008: page numbers from the second page on
                        draw_text(
                            self,
                            PAGE_W - RIGHT_MM * mm,
                            8 * mm,
                            f"Seite {seen[seq]} von {totals[seq]}",
                            size=7.5,
                            align="right",
                            color=GREY,
                            rtl=False,
                            trace=trace,
                        )
                    super().showPage()
            super().save()

    return CopiesCanvas


def render_letter(
    head: LetterHead,
    body: Sequence[Flowable],
    *,
    signer_name: str | None = None,
    signer_role: str | None = None,
    title: str = "",
    trace: Trace | None = None,
    lang: str = "de",
    mark: str | None = None,
) -> bytes:
    """A single letter in one copy, with the closing formula and signature when a signer is given."""
    doc = LetterDocument(title=title or head.subject, author=head.sender.name, trace=trace, lang=lang)
    story = list(body)
    if signer_name is not None:
        story += closing(signer_name, signer_role, trace=trace)
    doc.letter("letter", head, story)
    return doc.render([CopySpec(mark, ("letter",))])


__all__ = [
    "ADDRESS_FIELD",
    "ADDRESS_ZONE",
    "INFO_BLOCK",
    "RETURN_ZONE",
    "SUBJECT_MM",
    "CopySpec",
    "LetterDocument",
    "LetterHead",
    "Recipient",
    "Sender",
    "address_block",
    "closing",
    "fmt_date",
    "render_letter",
    "return_line",
    "short_name",
    "top",
]
