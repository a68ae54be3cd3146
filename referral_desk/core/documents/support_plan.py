"""The support plan ("Förderplan" / JMD "Integrationsförderplan") as a DIN A4 PDF the
client signs. Texts are data (``forms/plan/<lang>.json``): German always, and beneath
each German line the client's language where a file for it exists (RTL scripts are laid
out by ``layout.TextBlock``). Goals and steps are printed as the counsellor wrote them.
Built in memory; the caller decides where the bytes go.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Spacer

from referral_desk.core.documents.layout import (
    GREY,
    LIGHT,
    PageSetup,
    Rule,
    SignatureBlock,
    SignatureField,
    TextBlock,
    Trace,
    build_pdf,
    draw_text,
)
from referral_desk.core.documents.text import base_direction, shape
from referral_desk.core.paths import forms_dir

TEMPLATE_ID = "support_plan"
REQUIRED_KEYS = (
    "language",
    "version",
    "review_status",
    "title",
    "service",
    "intro",
    "labels",
    "areas",
    "responsible",
    "outcomes",
    "agreement",
    "signatures",
)


@cache
def load_template(language: str) -> dict[str, Any] | None:
    path = forms_dir() / "plan" / f"{language}.json"
    if not language.isalpha() or not path.is_file():
        return None
    with path.open(encoding="utf-8") as fh:
        template: dict[str, Any] = json.load(fh)
    return template


def available_languages() -> list[str]:
    return sorted(p.stem for p in (forms_dir() / "plan").glob("*.json"))


@dataclass
class PlanStep:
    text: str
    responsible: str
    due_on: dt.date | None
    done_on: dt.date | None


@dataclass
class PlanReview:
    on_date: dt.date
    outcome: str
    note: str | None


@dataclass
class PlanGoal:
    area: str
    goal: str
    set_on: dt.date
    due_on: dt.date | None
    steps: list[PlanStep] = field(default_factory=list)
    reviews: list[PlanReview] = field(default_factory=list)


@dataclass
class PlanData:
    organisation: str
    organisation_address: str
    service: str
    case_number: str
    client_name: str
    birth_date: dt.date
    counsellor: str
    printed_on: dt.date
    goals: list[PlanGoal]
    language: str | None = None  # the client's language; None or "de": German only


def fmt(d: dt.date | None) -> str:
    return d.strftime("%d.%m.%Y") if d else ""


def second_language(language: str | None) -> dict[str, Any] | None:
    if not language or language == "de":
        return None
    return load_template(language)


def _pair(
    story: list[Flowable],
    de_text: str,
    other: str | None,
    *,
    size: float = 9.5,
    bold: bool = False,
    space_after: float = 3,
    trace: Trace | None,
    keep: bool = False,
    indent: float = 0,
) -> None:
    story.append(
        TextBlock(
            de_text,
            size=size,
            bold=bold,
            space_after=0.5 if other else space_after,
            trace=trace,
            keep_with_next=keep or bool(other),
            indent=indent,
        )
    )
    if other:
        rtl = base_direction(shape(other)) == "R"
        story.append(
            TextBlock(
                other,
                size=size * 0.92,
                bold=bold,
                color=GREY,
                space_after=space_after,
                trace=trace,
                keep_with_next=keep,
                indent=0 if rtl else indent,
            )
        )


def render_pdf(data: PlanData, *, trace: Trace | None = None) -> bytes:
    de = load_template("de")
    assert de is not None, "forms/plan/de.json is part of the program"
    tr = second_language(data.language)
    # Label tables, short names in long calls; T is None without a second language.
    L: dict[str, str] = de["labels"]  # noqa: N806
    T: Any = tr["labels"] if tr else None  # noqa: N806
    # Right-to-left translations get lines of their own: mixing them into a German line
    # would reorder the words around them.
    rtl = bool(tr) and tr is not None and base_direction(shape(tr["agreement"])) == "R"

    def both(key: str, **fmt_args: Any) -> tuple[str, str | None]:
        return L[key].format(**fmt_args), (T[key].format(**fmt_args) if T else None)

    story: list[Flowable] = []
    title = de["title"].get(data.service, de["title"]["other"])
    _pair(story, title, tr["title"].get(data.service) if tr else None, size=16, bold=True, space_after=2, trace=trace)
    _pair(
        story,
        de["service"].get(data.service, ""),
        tr["service"].get(data.service) if tr else None,
        size=9.5,
        space_after=6,
        trace=trace,
    )
    head = [
        ("case_number", data.case_number),
        ("name", data.client_name),
        ("birth_date", fmt(data.birth_date)),
        ("counsellor", data.counsellor),
        ("printed_on", fmt(data.printed_on)),
    ]
    for key, value in head:
        de_l, tr_l = both(key)
        if rtl:
            _pair(story, f"{de_l}: {value}", f"{tr_l}: {value}", size=9.5, space_after=1.5, trace=trace)
        else:
            label = f"{de_l}{' / ' + tr_l if tr_l else ''}"
            story.append(TextBlock(f"{label}: {value}", size=9.5, space_after=1.5, trace=trace))
    story.append(Spacer(1, 3 * mm))
    _pair(story, de["intro"], tr["intro"] if tr else None, size=9, space_after=6, trace=trace)
    for n, goal in enumerate(data.goals, start=1):
        story.append(Rule(space_before=4, space_after=3))
        de_area = de["areas"].get(goal.area, goal.area)
        tr_area = tr["areas"].get(goal.area) if tr else None
        num_de, num_tr = both("goal_number", n=n)
        _pair(
            story,
            f"{num_de} – {L['area']}: {de_area}",
            f"{num_tr} – {T['area']}: {tr_area}" if tr else None,
            size=11,
            bold=True,
            trace=trace,
            keep=True,
        )
        dates = f"{L['set_on']} {fmt(goal.set_on)}" + (f", {L['due_on']} {fmt(goal.due_on)}" if goal.due_on else "")
        story.append(
            TextBlock(
                f"{L['goal']}: {goal.goal}",
                size=10,
                space_after=1,
                keep_with_next=True,
                background=LIGHT,
                padding=2,
                trace=trace,
            )
        )
        story.append(TextBlock(dates, size=8.5, color=GREY, space_after=3, keep_with_next=True, trace=trace))
        de_steps, tr_steps = both("steps")
        _pair(story, de_steps, tr_steps, size=9.5, bold=True, space_after=1.5, trace=trace, keep=True)
        if not goal.steps:
            _pair(story, L["no_steps"], T["no_steps"] if T else None, size=9, trace=trace)
        for step in goal.steps:
            who_de = de["responsible"].get(step.responsible, step.responsible)
            who_tr = tr["responsible"].get(step.responsible) if tr else None
            who = who_de + (f" / {who_tr}" if who_tr and not rtl else "")
            parts = [f"{L['responsible']}: {who}"]
            if step.due_on:
                parts.append(f"{L['due_on']} {fmt(step.due_on)}")
            if step.done_on:
                parts.append(f"{L['done']} {fmt(step.done_on)}")
            story.append(
                TextBlock(
                    step.text,
                    size=9.5,
                    checkbox=step.done_on is not None,
                    space_after=0.5,
                    indent=4 * mm,
                    keep_with_next=True,
                    trace=trace,
                )
            )
            story.append(
                TextBlock(
                    " · ".join(parts), size=8.5, color=GREY, space_after=0.5 if rtl else 2.5, indent=8 * mm, trace=trace
                )
            )
            if rtl and who_tr:
                story.append(
                    TextBlock(f"{T['responsible']}: {who_tr}", size=8.5, color=GREY, space_after=2.5, trace=trace)
                )
        for review in goal.reviews:
            out_de = de["outcomes"].get(review.outcome, review.outcome)
            out_tr = tr["outcomes"].get(review.outcome) if tr else None
            line = f"{L['reviews']} {fmt(review.on_date)}: {out_de}" + (f" / {out_tr}" if out_tr and not rtl else "")
            if review.note:
                line += f" – {review.note}"
            story.append(TextBlock(line, size=9, space_after=0.5 if rtl and out_tr else 2, indent=4 * mm, trace=trace))
            if rtl and out_tr:
                story.append(TextBlock(f"{T['reviews']}: {out_tr}", size=8.5, color=GREY, space_after=2, trace=trace))
    story.append(Rule(space_before=6, space_after=4))
    _pair(story, de["agreement"], tr["agreement"] if tr else None, size=9.5, space_after=4, trace=trace, keep=True)
    sig_de, sig_tr = de["signatures"], (tr["signatures"] if tr else {})
    tr_rtl = bool(tr) and base_direction(shape(sig_tr.get("client", ""))) == "R"
    story.append(
        SignatureBlock(
            [
                SignatureField(sig_de["place_date"], sig_tr.get("place_date"), tr_rtl),
                SignatureField(sig_de["client"], sig_tr.get("client"), tr_rtl),
                SignatureField(sig_de["counsellor"], sig_tr.get("counsellor"), tr_rtl),
            ],
            columns=3,
            trace=trace,
        )
    )
    note = None
    if tr and tr.get("review_status") != "approved":
        note = "Übersetzung nicht geprüft – verbindlich ist der deutsche Text."
    footer = f"{data.organisation} · {data.case_number} · {de['title'].get(data.service, '')}"

    def page(canv: Canvas, doc: BaseDocTemplate) -> None:
        canv.saveState()
        top = 297 * mm - 14 * mm
        draw_text(canv, 20 * mm, top, data.organisation, size=11, bold=True, trace=trace)
        if data.organisation_address:
            draw_text(canv, 20 * mm, top - 5 * mm, data.organisation_address, size=8.5, color=GREY, trace=trace)
        draw_text(
            canv, 190 * mm, top, de["service"].get(data.service, ""), size=8.5, align="right", color=GREY, trace=trace
        )
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(20 * mm, top - 8 * mm, 190 * mm, top - 8 * mm)
        draw_text(canv, 20 * mm, 12 * mm, footer, size=7.5, color=GREY, trace=trace)
        if note:
            draw_text(canv, 20 * mm, 16 * mm, note, size=7.5, color=GREY, trace=trace)
        canv.restoreState()

    return build_pdf(
        story,
        templates={"plan": page},
        first="plan",
        title=title,
        author=data.organisation,
        subject=f"{title} {data.case_number}",
        setup=PageSetup(top=30 * mm, bottom=24 * mm),
        trace=trace,
    )
