"""The withdrawal notice: a DIN 5008 letter telling the recipient of a consent from which
date which data categories may no longer be used (``consent notice``).

Laid out with the shared letter frame (``letter.py``). The text is German (the letter goes
to a German agency); it names the consent by number and date, the categories withdrawn with
their plain-words explanation from the binding consent template, what stays in force after
a partial withdrawal, and the open referrals to that recipient (those that relied on the
withdrawn data are marked). Under a one-way consent it asks for no reply and says that no
information about the person is to be sent back; under a mutual one it asks for a short
confirmation of receipt. No Qt; nothing is written to disk.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from reportlab.lib.units import mm

from referral_desk.core.documents import letter as L  # noqa: N812 - the letter frame's constants read like L.MARGIN
from referral_desk.core.documents.layout import TextBlock, Trace


@dataclass(frozen=True)
class NoticeReferral:
    id: int
    created_on: dt.date
    status_label: str
    affected: bool  # carries data of a withdrawn category or serves a withdrawn purpose
    purpose_withdrawn: bool = False  # affected because its purpose was withdrawn


@dataclass(frozen=True)
class NoticeData:
    head: L.LetterHead
    client_name: str  # the document spelling (letters to agencies)
    birth_date: dt.date
    consent_id: int
    given_on: dt.date
    withdrawn_on: dt.date
    complete: bool
    withdrawn: tuple[tuple[str, str], ...]  # (label, explanation) of the withdrawn categories
    remaining: tuple[str, ...]  # labels still in force (partial withdrawal)
    direction: str  # one_way | mutual
    referrals: tuple[NoticeReferral, ...] = ()
    signer_name: str | None = None
    signer_role: str | None = None
    withdrawn_purposes: tuple[str, ...] = ()  # wording of the purposes withdrawn
    remaining_purposes: tuple[str, ...] = ()  # purposes still in force (partial withdrawal of purposes)


def subject(data: NoticeData) -> str:
    return (
        "Widerruf einer Einwilligung in die Datenweitergabe"
        if data.complete
        else "Teilweiser Widerruf einer Einwilligung in die Datenweitergabe"
    )


def paragraphs(data: NoticeData) -> list[tuple[str, str]]:
    """The body as (kind, text): para | item | small. Also the text tests read."""
    d = L.fmt_date
    out: list[tuple[str, str]] = [("para", "Sehr geehrte Damen und Herren,")]
    what = "ihre Einwilligung" if data.complete else "ihre Einwilligung teilweise"
    out.append(
        (
            "para",
            f"{data.client_name}, geboren am {d(data.birth_date)}, hat {what} vom {d(data.given_on)} "
            f"(unsere Nr. {data.consent_id}) in die Weitergabe von Daten an Sie mit Wirkung ab dem "
            f"{d(data.withdrawn_on)} widerrufen.",
        )
    )
    if data.withdrawn:
        out.append(
            (
                "para",
                f"Ab dem {d(data.withdrawn_on)} dürfen die folgenden Daten, die Sie auf Grundlage "
                "dieser Einwilligung von uns erhalten haben, nicht mehr verwendet werden:",
            )
        )
        out += [("item", f"{label}: {explain}") for label, explain in data.withdrawn]
    if data.withdrawn_purposes:
        out.append(
            (
                "para",
                f"Ab dem {d(data.withdrawn_on)} dürfen die auf Grundlage dieser Einwilligung "
                "erhaltenen Daten für die folgenden Zwecke nicht mehr verwendet werden:",
            )
        )
        out += [("item", p) for p in data.withdrawn_purposes]
    if data.remaining and not data.complete:
        which = "die übrigen Angaben" if data.withdrawn else "diese Angaben"
        out.append(("para", f"Für {which} gilt die Einwilligung weiter: " + ", ".join(data.remaining) + "."))
        if data.remaining_purposes:
            out.append(("para", "Sie gilt weiter für diese Zwecke: " + "; ".join(data.remaining_purposes) + "."))
    else:
        out.append(
            (
                "para",
                "Damit gilt die Einwilligung insgesamt nicht mehr. Wir übermitteln Ihnen auf ihrer "
                "Grundlage keine weiteren Daten.",
            )
        )
    out.append(("para", "Der Widerruf wirkt für die Zukunft; die Übermittlung bis zu diesem Tag bleibt rechtmäßig."))
    if data.referrals:
        out.append(("para", "Offene Überleitungen an Sie zu dieser Person:"))
        for r in data.referrals:
            mark = (
                " – enthält widerrufene Daten, bitte nicht mehr verwenden"
                if r.affected and not r.purpose_withdrawn
                else " – dient einem widerrufenen Zweck, bitte nicht mehr verwenden"
                if r.affected
                else ""
            )
            out.append(("item", f"Überleitung Nr. {r.id} vom {d(r.created_on)} ({r.status_label}){mark}"))
    else:
        out.append(("para", "Offene Überleitungen an Sie zu dieser Person gibt es nicht."))
    if data.direction == "one_way":
        out.append(
            (
                "para",
                "Die Einwilligung erlaubte nur die Weitergabe an Sie, nicht in umgekehrter Richtung. "
                "Diese Mitteilung dient Ihrer Information; eine Antwort ist nicht erforderlich. Bitte "
                "senden Sie uns keine Auskünfte über die Person.",
            )
        )
    else:
        out.append(("para", "Bitte bestätigen Sie uns kurz den Eingang dieser Mitteilung."))
    return out


def canonical_text(data: NoticeData) -> str:
    return "\n".join([subject(data)] + [t for _k, t in paragraphs(data)]) + "\n"


def render_pdf(data: NoticeData, *, trace: Trace | None = None) -> bytes:
    body = []
    for kind, text in paragraphs(data):
        if kind == "item":
            body.append(TextBlock("– " + text, size=10, rtl=False, indent=4 * mm, space_after=3, trace=trace))
        else:
            body.append(TextBlock(text, size=10, rtl=False, space_after=5, trace=trace))
    return L.render_letter(
        data.head, body, signer_name=data.signer_name, signer_role=data.signer_role, title=subject(data), trace=trace
    )
