"""A small layout engine on reportlab platypus for multilingual, bidirectional text.

``TextBlock`` is a paragraph that
- breaks lines by measured width (per-run fonts, see ``fonts.runs``),
- then orders each line for display (``text.visual``) and draws it run by run, so Arabic
  and Persian lines are shaped, ordered and right-aligned, with numbers, dates and Latin
  names inside them kept left-to-right,
- can carry a check box at its start (left for LTR, right for RTL), ticked or empty,
- splits across pages between lines.

``SignatureBlock`` draws signature lines with labels; ``build_pdf`` builds a document in
memory (never a file) with page templates whose callbacks draw letterhead and footer, and
numbers pages "n / N". Every drawn run can be recorded in a ``Trace`` so tests can check
each character against the cmap of the font it was drawn in.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from referral_desk.core.documents import fonts
from referral_desk.core.documents.text import base_direction, carry_embeddings, shape, visual

BLACK = colors.black
GREY = colors.HexColor("#555555")
LIGHT = colors.HexColor("#f1f1f1")


@dataclass
class Trace:
    """What was drawn: (text, font name) per run, and the visual lines, in drawing order."""

    runs: list[tuple[str, str]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)

    def text(self) -> str:
        return "\n".join(self.lines)


def draw_text(
    canv: Canvas,
    x: float,
    y: float,
    text: str,
    *,
    size: float,
    bold: bool = False,
    align: str = "left",
    rtl: bool | None = None,
    color: colors.Color = BLACK,
    trace: Trace | None = None,
    shaped: bool = False,
) -> float:
    """Draw one line at baseline ``y``. ``align`` is relative to ``x``: "left" starts at x,
    "right" ends at x, "center" centres on x. Returns the drawn width."""
    fonts.ensure_registered()
    vis, runs, _widths, total = _prepared_line(text, shaped, rtl, bold, size)
    if align == "right":
        x -= total
    elif align == "center":
        x -= total / 2
    # One text object per line, its colour inside a raw q/Q pair: the canvas's Python-side
    # state is untouched, and a line costs one BT/ET instead of one per run plus a saved state
    # (drawing text was a third of a referral sheet's time).
    text_obj = canv.beginText(x, y)
    text_obj.setFillColor(color)
    for seg, name in runs:
        text_obj.setFont(name, size)
        text_obj.textOut(seg)
    # Save and restore the graphics state around the text (its colour must not leak);
    # reportlab has no public call for a bare q/Q.
    canv._code.append("q")  # type: ignore[attr-defined]
    canv.drawText(text_obj)
    canv._code.append("Q")  # type: ignore[attr-defined]
    if trace is not None:
        trace.runs.extend(runs)
        trace.lines.append(vis)
    return total


@lru_cache(maxsize=8192)
def _prepared_line(
    text: str, shaped: bool, rtl: bool | None, bold: bool, size: float
) -> tuple[str, tuple[tuple[str, str], ...], tuple[float, ...], float]:
    """(visual line, font runs, run widths, total width) of one line: the same lines recur
    on every page and copy of a document, so they are shaped, ordered and measured once."""
    logical = text if shaped else shape(text)
    direction = ("R" if rtl else "L") if rtl is not None else base_direction(logical)
    vis = visual(logical, direction)
    runs = tuple(fonts.runs(vis, bold=bold))
    widths = tuple(pdfmetrics.stringWidth(seg, name, size) for seg, name in runs)
    return vis, runs, widths, sum(widths)


def _break_lines(shaped: str, width: float, size: float, bold: bool) -> list[str]:
    """Greedy line breaking on the shaped *logical* text; hard breaks at "\\n"."""
    return list(_break_lines_cached(shaped, width, size, bold))


@lru_cache(maxsize=4096)
def _break_lines_cached(shaped: str, width: float, size: float, bold: bool) -> tuple[str, ...]:
    lines: list[str] = []
    space = fonts.string_width(" ", size, bold=bold)
    for hard in shaped.split("\n"):
        words = [w for w in hard.split(" ") if w]
        if not words:
            lines.append("")
            continue
        current: list[str] = []
        current_w = 0.0
        for word in words:
            w = fonts.string_width(word, size, bold=bold)
            if w > width:  # a word longer than the line (URL, e-mail): cut by characters
                if current:
                    lines.append(" ".join(current))
                    current, current_w = [], 0.0
                chunk = ""
                for ch in word:
                    if chunk and fonts.string_width(chunk + ch, size, bold=bold) > width:
                        lines.append(chunk)
                        chunk = ""
                    chunk += ch
                current, current_w = [chunk], fonts.string_width(chunk, size, bold=bold)
                continue
            extra = w if not current else space + w
            if current and current_w + extra > width + 0.01:
                lines.append(" ".join(current))
                current, current_w = [word], w
            else:
                current.append(word)
                current_w += extra
        if current:
            lines.append(" ".join(current))
    return tuple(carry_embeddings(lines))


class TextBlock(Flowable):
    """A paragraph in any script. ``rtl=None`` takes the direction of the first strong
    character; ``align=None`` aligns to the start side (left for LTR, right for RTL).
    ``checkbox`` None = none, False = empty box, True = ticked box."""

    def __init__(
        self,
        text: str,
        *,
        size: float = 9.5,
        bold: bool = False,
        rtl: bool | None = None,
        align: str | None = None,
        leading: float | None = None,
        space_before: float = 0,
        space_after: float = 3,
        indent: float = 0,
        checkbox: bool | None = None,
        color: colors.Color = BLACK,
        background: colors.Color | None = None,
        padding: float = 0,
        keep_with_next: bool = False,
        trace: Trace | None = None,
    ) -> None:
        super().__init__()
        self.text = text
        self.size = size
        self.bold = bold
        self._shaped = shape(text)
        self.rtl = (base_direction(self._shaped) == "R") if rtl is None else rtl
        self.align = align or ("right" if self.rtl else "left")
        self.leading = leading or size * (1.55 if self.rtl else 1.32)
        self.spaceBefore = space_before
        self.spaceAfter = space_after
        self.indent = indent
        self.checkbox = checkbox
        self.color = color
        self.background = background
        self.padding = padding
        self.keepWithNext = keep_with_next
        self.trace = trace
        self._lines: list[str] | None = None
        self._lines_width: float | None = None
        self._preset: list[str] | None = None
        self._continued = False

    # --- geometry ----------------------------------------------------------------------

    @property
    def _box_size(self) -> float:
        return self.size * 0.95

    def _text_offset(self) -> float:
        return self.indent + (self._box_size + self.size * 0.6 if self.checkbox is not None else 0)

    def _text_width(self, avail: float) -> float:
        return max(avail - self._text_offset() - 2 * self.padding, self.size * 2)

    def _compute(self, avail: float) -> list[str]:
        if self._preset is not None:
            return self._preset
        if self._lines is None or self._lines_width != avail:
            self._lines = _break_lines(self._shaped, self._text_width(avail), self.size, self.bold)
            self._lines_width = avail
        return self._lines

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803 - reportlab API
        self.width = availWidth
        lines = self._compute(availWidth)
        self.height = len(lines) * self.leading + 2 * self.padding
        return availWidth, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:  # noqa: N803
        lines = self._compute(availWidth)
        fit = int((availHeight - 2 * self.padding) // self.leading)
        if fit < 2 or len(lines) - fit < 2 or fit >= len(lines):
            return []  # keep at least two lines together on each side
        first, rest = self._copy(lines[:fit]), self._copy(lines[fit:])
        first.spaceAfter = 0
        rest.spaceBefore = 0
        rest._continued = True  # keeps the indent of a check box, draws no second box
        return [first, rest]

    def _copy(self, lines: list[str]) -> TextBlock:
        clone = TextBlock(
            self.text,
            size=self.size,
            bold=self.bold,
            rtl=self.rtl,
            align=self.align,
            leading=self.leading,
            space_before=self.spaceBefore,
            space_after=self.spaceAfter,
            indent=self.indent,
            checkbox=self.checkbox,
            color=self.color,
            background=self.background,
            padding=self.padding,
            trace=self.trace,
        )
        clone._preset = lines
        return clone

    # --- drawing -----------------------------------------------------------------------

    def draw(self) -> None:
        canv = self.canv
        lines = self._compute(self.width)
        if self.background is not None:
            canv.saveState()
            canv.setFillColor(self.background)
            canv.setStrokeColor(self.background)
            canv.rect(0, 0, self.width, self.height, stroke=0, fill=1)
            canv.restoreState()
        pad = (self.leading - self.size) / 2
        offset = self._text_offset()
        text_w = self._text_width(self.width)
        left = self.padding + (0 if self.rtl else offset)
        for i, line in enumerate(lines):
            baseline = self.height - self.padding - pad - 0.82 * self.size - i * self.leading
            if self.align == "right":
                x, align = left + text_w, "right"
            elif self.align == "center":
                x, align = left + text_w / 2, "center"
            else:
                x, align = left, "left"
            draw_text(
                canv,
                x,
                baseline,
                line,
                size=self.size,
                bold=self.bold,
                align=align,
                rtl=self.rtl,
                color=self.color,
                trace=self.trace,
                shaped=True,
            )
            if i == 0 and self.checkbox is not None and not self._continued:
                self._draw_box(baseline)

    def _draw_box(self, baseline: float) -> None:
        canv = self.canv
        s = self._box_size
        x = self.width - self.padding - self.indent - s if self.rtl else self.padding + self.indent
        y = baseline - 0.12 * self.size
        canv.saveState()
        canv.setLineWidth(0.8)
        canv.setStrokeColor(BLACK)
        canv.rect(x, y, s, s, stroke=1, fill=0)
        if self.checkbox:
            inset = s * 0.2
            canv.setLineWidth(1.2)
            canv.line(x + inset, y + inset, x + s - inset, y + s - inset)
            canv.line(x + inset, y + s - inset, x + s - inset, y + inset)
        canv.restoreState()


@dataclass
class SignatureField:
    label: str
    second_label: str | None = None  # e.g. the same label in the client's language
    second_rtl: bool = False


class SignatureBlock(Flowable):
    """Signature lines side by side (``columns`` per row), each with its labels below."""

    def __init__(
        self,
        fields_: Sequence[SignatureField],
        *,
        columns: int = 2,
        sign_height: float = 30,
        label_size: float = 7.5,
        space_before: float = 10,
        trace: Trace | None = None,
        rtl: bool = False,
    ) -> None:
        super().__init__()
        self.fields = list(fields_)
        self.columns = max(1, columns)
        self.sign_height = sign_height
        self.label_size = label_size
        self.spaceBefore = space_before
        self.spaceAfter = 4
        self.trace = trace
        self.rtl = rtl
        self._row_height = sign_height + label_size * 3.6

    def _col_w(self) -> float:
        return (self.width - 10 * mm * (self.columns - 1)) / self.columns

    def _lines(self, f: SignatureField) -> tuple[list[str], list[str]]:
        """The labels broken to the column width (a long label must not run into the next column)."""
        w = self._col_w()
        first = wrap_lines(f.label, w, size=self.label_size) or [""]
        second = wrap_lines(f.second_label, w, size=self.label_size) if f.second_label else []
        return first, second

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        ls = self.label_size
        self._rows: list[float] = []
        for start in range(0, len(self.fields), self.columns):
            n = max(len(a) + len(b) for a, b in map(self._lines, self.fields[start : start + self.columns]))
            self._rows.append(self.sign_height + max(ls * 3.6, ls * (1.3 * n + 1.1)))
        self.height = sum(self._rows)
        return availWidth, self.height

    def draw(self) -> None:
        canv = self.canv
        gap = 10 * mm
        col_w = self._col_w()
        ls = self.label_size
        for i, f in enumerate(self.fields):
            row, col = divmod(i, self.columns)
            if self.rtl:
                col = self.columns - 1 - col
            x0 = col * (col_w + gap)
            top = self.height - sum(self._rows[:row])
            line_y = top - self.sign_height
            canv.saveState()
            canv.setLineWidth(0.6)
            canv.line(x0, line_y, x0 + col_w, line_y)
            canv.restoreState()
            first, second = self._lines(f)
            y = line_y - ls * 1.2
            for line in first:
                draw_text(
                    canv,
                    x0 + (col_w if self.rtl else 0),
                    y,
                    line,
                    size=ls,
                    align="right" if self.rtl else "left",
                    rtl=self.rtl,
                    color=GREY,
                    trace=self.trace,
                )
                y -= ls * 1.3
            for line in second:
                draw_text(
                    canv,
                    x0 + (col_w if f.second_rtl else 0),
                    y,
                    line,
                    size=ls,
                    align="right" if f.second_rtl else "left",
                    rtl=f.second_rtl,
                    color=GREY,
                    trace=self.trace,
                )
                y -= ls * 1.3


class Rule(Flowable):
    def __init__(
        self, *, thickness: float = 0.5, color: colors.Color = GREY, space_before: float = 2, space_after: float = 4
    ) -> None:
        super().__init__()
        self.thickness = thickness
        self.color = color
        self.spaceBefore = space_before
        self.spaceAfter = space_after

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        self.width = availWidth
        return availWidth, self.thickness

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setStrokeColor(self.color)
        self.canv.setLineWidth(self.thickness)
        self.canv.line(0, 0, self.width, 0)
        self.canv.restoreState()


# --- documents ----------------------------------------------------------------------------

PageCallback = Callable[[Canvas, BaseDocTemplate], None]


@dataclass
class PageSetup:
    """Margins (points) and how page numbers look."""

    left: float = 20 * mm
    right: float = 20 * mm
    top: float = 38 * mm  # room for the letterhead
    bottom: float = 22 * mm  # room for the footer
    number_size: float = 7.5
    number_format: str = "{page} / {total}"


def _numbering_canvas(setup: PageSetup, trace: Trace | None) -> type[Canvas]:
    class NumberingCanvas(Canvas):
        """Holds pages back until the end so each can say "n / N"."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab API
            self._pages.append(dict(self.__dict__))
            self._startPage()  # type: ignore[attr-defined]  # reportlab's own page reset

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                label = setup.number_format.format(page=self._pageNumber, total=total)  # type: ignore[attr-defined]
                draw_text(
                    self,
                    A4[0] - setup.right,
                    setup.bottom - 14 * mm,
                    label,
                    size=setup.number_size,
                    align="right",
                    color=GREY,
                    trace=trace,
                )
                super().showPage()
            super().save()

    return NumberingCanvas


def build_pdf(
    story: list[Flowable],
    *,
    templates: dict[str, PageCallback],
    first: str,
    title: str,
    author: str = "",
    subject: str = "",
    setup: PageSetup | None = None,
    trace: Trace | None = None,
    lang: str = "de",
) -> bytes:
    """Build an A4 PDF in memory. ``templates`` maps page-template ids to callbacks that
    draw the page furniture (letterhead, footer); switch templates in ``story`` with
    ``NextPageTemplate(id)`` before a ``PageBreak``. Output is deterministic (no
    timestamps or random ids), so the same input gives the same bytes."""
    fonts.ensure_registered()
    setup = setup or PageSetup()
    buf = io.BytesIO()
    doc = BaseDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=setup.left,
        rightMargin=setup.right,
        topMargin=setup.top,
        bottomMargin=setup.bottom,
        title=title,
        author=author,
        subject=subject,
        creator="Referral Desk",
        producer="Referral Desk",
        invariant=1,
        lang=lang,
        initialFontName=fonts.face("sans"),
    )
    frame_w = A4[0] - setup.left - setup.right
    frame_h = A4[1] - setup.top - setup.bottom
    page_templates = []
    ordered = [first] + [k for k in templates if k != first]
    for key in ordered:
        frame = Frame(
            setup.left,
            setup.bottom,
            frame_w,
            frame_h,
            id=f"{key}-frame",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        page_templates.append(PageTemplate(id=key, frames=[frame], onPage=templates[key]))
    doc.addPageTemplates(page_templates)
    doc.build(list(story), canvasmaker=_numbering_canvas(setup, trace))
    return buf.getvalue()


def wrap_lines(text: str, width: float, *, size: float, bold: bool = False) -> list[str]:
    """Break ``text`` for a header or a table cell; each returned line is logical (draw it
    with ``draw_text``)."""
    return list(_break_lines(shape(text), width, size, bold))


def iter_chars(runs: Iterable[tuple[str, str]]) -> Iterable[tuple[str, str]]:
    for seg, name in runs:
        for ch in seg:
            yield ch, name


def clear_caches() -> None:
    """Forget the memoised lines (they may hold names): called when the vault locks."""
    _prepared_line.cache_clear()
    _break_lines_cached.cache_clear()
