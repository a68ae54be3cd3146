"""The printed consent declaration: templates, exact text, and the PDF.

A declaration is printed from two templates of the organisation's legal regime
(``forms/consent/<regime>/<language>.toml``): the German one, which is binding and is
signed, and — if the client's language is not German — the translation, on its own
pages after the German ones. ``compose`` fills both with the data of one consent
(``FormData``) and gives a list of ``Part``s of plain ``Block``s; ``canonical_text`` turns
them into the exact text whose SHA-256 the consent record keeps (``text_sha256``): the
same parameters give the same text, any change of wording, data or template version a
different hash. ``render_pdf`` lays the parts out on A4 with letterhead, check boxes, a
separate empty box for health data, signature lines and a footer naming template, version,
languages and the hash prefix.

No Qt; nothing is written to disk (the PDF is returned as bytes).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, NextPageTemplate, PageBreak

from referral_desk.core import category_fields
from referral_desk.core.documents import templates as tpl_mod
from referral_desk.core.documents.fonts import INVISIBLE
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
from referral_desk.core.documents.naming import suggested_filename
from referral_desk.core.documents.templates import Template, placeholders
from referral_desk.core.documents.text import is_rtl_language, isolate

KIND = "consent"
REGIMES = ("dsgvo", "kdg", "dsg-ekd")
CATEGORY_KEYS = (
    "identity",
    "contact",
    "residence",
    "language",
    "qualifications",
    "employment",
    "benefits",
    "household",
    "health",
)
DIRECTIONS = ("one_way", "mutual")
BINDING_LANGUAGE = "de"

#: Placeholders a template may use.
PLACEHOLDERS = frozenset(
    {
        "client_name",
        "birth_date",
        "case_number",
        "organisation_name",
        "organisation_address",
        "organisation_contact",
        "recipient_name",
        "recipient_address",
        "categories",
        "purpose",
        "valid_until",
        "dpo_name",
        "dpo_contact",
        "supervisory_authority",
        "supervisory_address",
        "guardian_name",
    }
)
#: Age from which a person consents alone (shared/REFERENCE.md: cf. § 36 SGB I).
CAPACITY_AGE = 15
ADULT_AGE = 18

#: Sections every template has, with the placeholders each must contain. Together they
#: cover the twelve elements of a valid declaration (docs/consent.md lists the mapping).
REQUIRED_SECTIONS: dict[str, frozenset[str]] = {
    "intro": frozenset({"client_name", "birth_date", "case_number", "organisation_name"}),
    "processor": frozenset({"organisation_name", "organisation_address"}),  # 1 who processes
    "recipient": frozenset({"recipient_name", "recipient_address"}),  # 2 to whom
    "categories": frozenset({"categories"}),  # 3 which data
    "purpose": frozenset({"purpose"}),  # 4 purpose
    "voluntary": frozenset(),  # 5 voluntary
    "withdrawal": frozenset(),  # 6 withdrawal
    "validity": frozenset({"valid_until"}),  # 7 validity
    "direction_one_way": frozenset({"recipient_name"}),  # 8 direction
    "direction_mutual": frozenset({"recipient_name"}),
    "health": frozenset(),  # 9 separate explicit tick
    "health_tick": frozenset({"recipient_name"}),
    "health_excluded": frozenset(),
    "signatures": frozenset(),  # 10 signatures (client, counsellor, interpreter)
    "public_bodies": frozenset(),  # § 87 AufenthG
    "legal_basis": frozenset(),
    "dpo": frozenset({"dpo_name", "dpo_contact"}),  # 11 data-protection officer
    "rights": frozenset(),  # 11 access, rectification, erasure, restriction
    "complaint": frozenset({"supervisory_authority", "supervisory_address"}),  # 11 complaint
    "refusal": frozenset({"recipient_name"}),  # 12 what refusing means
    "minor_guardian": frozenset({"guardian_name"}),  # under 15: the guardian co-signs
    "minor_insight": frozenset(),  # 15-17: the counsellor's note on insight
}
TRANSLATION_SECTIONS: dict[str, frozenset[str]] = {"sign_german": frozenset()}
REQUIRED_HEADINGS = (
    "processor",
    "dpo",
    "recipient",
    "categories",
    "purpose",
    "direction",
    "validity",
    "voluntary",
    "refusal",
    "withdrawal",
    "rights",
    "complaint",
    "health",
    "public_bodies",
    "legal_basis",
    "minor",
    "signatures",
)
REQUIRED_LABELS = (
    "signature_client",
    "signature_counsellor",
    "signature_interpreter",
    "translation_mark",
    "status_note",
    "address_missing",
    "signature_guardian",
    "signature_guardian_optional",
    "insight_note",
)
#: Headings printed without a number.
UNNUMBERED = frozenset({"legal_basis"})
#: What the legal-basis section must cite, per regime (REFERENCE.md).
CITATIONS: dict[str, tuple[str, ...]] = {
    "dsgvo": ("Art. 6", "Art. 7", "Art. 9", "DSGVO", "BDSG"),
    "kdg": ("§ 6", "§ 8", "§ 11", "KDG"),
    "dsg-ekd": ("§ 6", "§ 11", "§ 13", "DSG-EKD"),
}
#: Order of the sections on the sheet: (section key or None for a computed one, heading key).
LAYOUT = (
    ("intro", None),
    ("processor", "processor"),
    ("dpo", "dpo"),
    ("recipient", "recipient"),
    ("categories", "categories"),
    ("purpose", "purpose"),
    ("direction", "direction"),
    ("validity", "validity"),
    ("voluntary", "voluntary"),
    ("refusal", "refusal"),
    ("withdrawal", "withdrawal"),
    ("rights", "rights"),
    ("complaint", "complaint"),
    ("health", "health"),
    ("public_bodies", "public_bodies"),
    ("legal_basis", "legal_basis"),
    ("minor", "minor"),
    ("signatures", "signatures"),
)


def template_id(regime: str) -> str:
    return f"{KIND}-{regime}"


def validate_template(tpl: Template) -> list[str]:
    """Problems that make a consent template unusable (empty list: fine)."""
    problems: list[str] = []
    regime = tpl.regime
    if regime not in REGIMES:
        problems.append(f"regime {regime!r} unknown")
    elif tpl.id != template_id(regime):
        problems.append(f"id must be {template_id(regime)!r} for regime {regime!r}")
    for key in ("title", "subtitle", "language_name"):
        if not tpl.text(key):
            problems.append(f"{key} missing")
    required = dict(REQUIRED_SECTIONS)
    if tpl.language != BINDING_LANGUAGE:
        required.update(TRANSLATION_SECTIONS)
    for key, needed in required.items():
        text = tpl.text("sections", key)
        if not text:
            problems.append(f"section {key} missing")
            continue
        try:
            used = placeholders(text)
        except ValueError as exc:
            problems.append(f"section {key}: {exc}")
            continue
        if used - PLACEHOLDERS:
            problems.append(f"section {key}: unknown placeholders {sorted(used - PLACEHOLDERS)}")
        if needed - used:
            problems.append(f"section {key}: missing placeholders {sorted(needed - used)}")
    if "{categories}" not in [line.strip() for line in tpl.text("sections", "categories").splitlines()]:
        problems.append("section categories: {categories} must stand on a line of its own")
    public = tpl.text("sections", "public_bodies")
    if "87" not in public or "AufenthG" not in public:
        problems.append("section public_bodies must cite § 87 AufenthG")
    if regime in CITATIONS:
        basis = tpl.text("sections", "legal_basis")
        for cite in CITATIONS[regime]:
            if cite not in basis:
                problems.append(f"section legal_basis must cite {cite!r}")
    for key in REQUIRED_HEADINGS:
        if not tpl.text("headings", key):
            problems.append(f"heading {key} missing")
    for key in REQUIRED_LABELS:
        if not tpl.text("labels", key):
            problems.append(f"label {key} missing")
    for key in CATEGORY_KEYS:
        if not tpl.text("categories", key, "label") or not tpl.text("categories", key, "explain"):
            problems.append(f"category {key}: label and explain needed")
    for group in ("headings", "labels"):
        for key, value in (tpl.get(group) or {}).items():
            if isinstance(value, str) and placeholders(value):
                problems.append(f"{group}.{key} must not contain placeholders")
    return problems


def available_languages(regime: str, *, vault_dir: Path | str | None = None) -> list[str]:
    """Languages with a template for ``regime`` (German first)."""
    langs = sorted(lang for (tid, lang) in tpl_mod.available(KIND, vault_dir=vault_dir) if tid == template_id(regime))
    return sorted(langs, key=lambda code: (code != BINDING_LANGUAGE, code))


def load_templates(
    regime: str, language: str, *, vault_dir: Path | str | None = None
) -> tuple[Template, Template | None]:
    """(German template, translation or None) in force for ``regime`` and ``language``.
    Raises ``TemplateError`` for a template that fails validation, ``LookupError`` if none."""
    found = tpl_mod.available(KIND, vault_dir=vault_dir)
    german = found.get((template_id(regime), BINDING_LANGUAGE))
    if german is None:
        raise LookupError(BINDING_LANGUAGE)
    translation = None
    if language != BINDING_LANGUAGE:
        translation = found.get((template_id(regime), language))
        if translation is None:
            raise LookupError(language)
    for tpl in (german, translation):
        if tpl is not None:
            problems = validate_template(tpl)
            if problems:
                raise tpl_mod.TemplateError(tpl.path, "; ".join(problems[:3]))
    return german, translation


# --- composition ----------------------------------------------------------------------------


@dataclass(frozen=True)
class FormData:
    """Everything printed on a declaration besides the template text."""

    organisation_name: str
    organisation_address: str
    organisation_contact: str
    recipient_name: str
    recipient_address: str
    client_name: str
    birth_date: dt.date
    case_number: str
    categories: tuple[str, ...]
    purpose: str
    valid_until: dt.date
    direction: str = "one_way"
    language: str = BINDING_LANGUAGE
    organisation_service: str | None = None  # letterhead only
    organisation_logo: bytes | None = field(default=None, repr=False)
    dpo_name: str = ""
    dpo_contact: str = ""
    supervisory_authority: str = ""
    supervisory_address: str = ""
    #: The day the person signs: their age on that day decides the guardian rules.
    signed_on: dt.date | None = None
    guardian_name: str | None = None
    #: The organisation's approval of the translation, e.g. "ar v1.1 freigegeben am
    #: 02.12.2026": printed in the footer instead of the "not yet reviewed" notes.
    translation_approval: str | None = None

    @property
    def age(self) -> int | None:
        return age_on(self.birth_date, self.signed_on) if self.signed_on else None

    @property
    def minor_stage(self) -> str | None:
        """``under_15`` | ``15_17`` | None (adult or no signing date)."""
        return minor_stage(self.birth_date, self.signed_on) if self.signed_on else None


def age_on(birth_date: dt.date, on: dt.date) -> int:
    """Completed years on ``on`` (a birthday on 29 February counts from 1 March)."""
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def minor_stage(birth_date: dt.date, on: dt.date) -> str | None:
    age = age_on(birth_date, on)
    if age < CAPACITY_AGE:
        return "under_15"
    if age < ADULT_AGE:
        return "15_17"
    return None


@dataclass(frozen=True)
class Block:
    kind: str  # title | subtitle | note | heading | para | check | fields | small
    text: str
    checked: bool | None = None
    rtl: bool | None = None  # None: the part's direction


@dataclass(frozen=True)
class Part:
    template: Template
    blocks: tuple[Block, ...]
    stage: str | None = None  # minor stage on the signing date (decides the signature lines)

    @property
    def language(self) -> str:
        return self.template.language

    @property
    def rtl(self) -> bool:
        return is_rtl_language(self.template.language)

    @property
    def binding(self) -> bool:
        return self.template.language == BINDING_LANGUAGE


def format_date(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


def _values(tpl: Template, data: FormData) -> dict[str, str]:
    labels = [tpl.text("categories", k, "label") for k in data.categories if k != "health"]
    missing = tpl.text("labels", "address_missing")
    base = "R" if is_rtl_language(tpl.language) else "L"
    values = {
        "client_name": data.client_name,
        "birth_date": format_date(data.birth_date),
        "case_number": data.case_number,
        "organisation_name": data.organisation_name,
        "organisation_address": data.organisation_address or missing,
        "organisation_contact": data.organisation_contact or data.organisation_address or missing,
        "recipient_name": data.recipient_name,
        "recipient_address": data.recipient_address or missing,
        "purpose": data.purpose,
        "valid_until": format_date(data.valid_until),
        "dpo_name": data.dpo_name or missing,
        "dpo_contact": data.dpo_contact or missing,
        "supervisory_authority": data.supervisory_authority or missing,
        "supervisory_address": data.supervisory_address or missing,
        "guardian_name": data.guardian_name or "________________________________",
    }
    # Data inside text of the other direction is embedded in its own direction (see
    # text.isolate); the embedding marks are not part of the canonical text.
    values = {k: isolate(v, base) for k, v in values.items()}
    values["categories"] = ", ".join(labels)
    return values


def _paras(tpl: Template, key: str, values: dict[str, str], data: FormData, kind: str = "para") -> list[Block]:
    out: list[Block] = []
    for line in tpl.text("sections", key).splitlines():
        if not line.strip():
            continue
        if line.strip() == "{categories}":
            for cat in data.categories:
                if cat == "health":
                    continue
                out.append(
                    Block(
                        "check",
                        f"{tpl.text('categories', cat, 'label')}: {tpl.text('categories', cat, 'explain')}",
                        True,
                    )
                )
                passed = passed_fields(cat, tpl.language)
                if passed:
                    out.append(Block("fields", passed))
            continue
        out.append(Block(kind, tpl_mod.fill(line.strip(), values)))
    return out


_LIST_SEPARATOR = {"ar": "، ", "fa": "، ", "fa-AF": "، ", "ps": "، ", "ti": "፣ "}


def passed_fields(category: str, language: str) -> str:
    """The record fields a category passes on, in the words the category's consent text
    uses for them (forms/category_fields.toml ``mentions``), e.g. "(Name, Geburtsdatum)".
    Only words of the approved text itself: no lead-in that a translator has not reviewed.
    Empty for a category without stored fields, or a language the catalogue lacks."""
    phrases = [m.phrases.get(language) for m in category_fields.catalogue()[category].mentions]
    if not phrases or not all(phrases):
        return ""
    return "(" + _LIST_SEPARATOR.get(language, ", ").join(p for p in phrases if p) + ")"


def compose_part(tpl: Template, data: FormData, *, german: Template | None = None) -> Part:
    values = _values(tpl, data)
    blocks: list[Block] = [Block("title", tpl.text("title")), Block("subtitle", tpl.text("subtitle"))]
    if tpl.language == BINDING_LANGUAGE:
        blocks.append(Block("note", tpl.text("labels", "status_note")))
    elif data.translation_approval:
        # Approved by the organisation: no "not yet reviewed" note; the footer names the version.
        blocks.append(Block("note", tpl.text("labels", "translation_mark")))
        if german is not None:
            blocks.append(
                Block(
                    "note",
                    f"Übersetzung ({tpl.text('language_name')}), von der Organisation "
                    f"freigegeben. Verbindlich ist die deutsche Fassung.",
                    rtl=False,
                )
            )
    else:
        blocks.append(Block("note", f"{tpl.text('labels', 'translation_mark')}. {tpl.text('labels', 'status_note')}"))
        if german is not None:
            blocks.append(
                Block(
                    "note",
                    f"Übersetzung ({tpl.text('language_name')}), Status: {tpl.status}. "
                    "Verbindlich ist die deutsche Fassung.",
                    rtl=False,
                )
            )
    number = 0
    stage = data.minor_stage
    for key, heading in LAYOUT:
        if key == "minor" and stage is None:
            continue
        if heading is not None:
            title = tpl.text("headings", heading)
            if heading not in UNNUMBERED:
                number += 1
                title = f"{number}. {title}"
            blocks.append(Block("heading", title))
        if key == "minor":
            blocks.extend(_paras(tpl, "minor_guardian" if stage == "under_15" else "minor_insight", values, data))
        elif key == "direction":
            blocks.extend(_paras(tpl, f"direction_{data.direction}", values, data))
        elif key == "health":
            if "health" in data.categories:
                blocks.extend(_paras(tpl, "health", values, data))
                blocks.append(Block("check", tpl_mod.fill(tpl.text("sections", "health_tick"), values), False))
            else:
                blocks.extend(_paras(tpl, "health_excluded", values, data))
        elif key == "legal_basis":
            blocks.extend(_paras(tpl, key, values, data, kind="small"))
        elif key == "signatures":
            blocks.extend(_paras(tpl, key, values, data))
            if tpl.language != BINDING_LANGUAGE:
                blocks.append(Block("note", tpl.text("sections", "sign_german")))
        else:
            blocks.extend(_paras(tpl, key, values, data))
    return Part(
        tpl, tuple(Block(b.kind, unicodedata.normalize("NFC", b.text), b.checked, b.rtl) for b in blocks), stage
    )


def compose(data: FormData, german: Template, translation: Template | None) -> list[Part]:
    parts = [compose_part(german, data)]
    if translation is not None:
        parts.append(compose_part(translation, data, german=german))
    return parts


def signature_keys(stage: str | None) -> tuple[str, ...]:
    """The signature lines of a declaration: the guardian's for a person under 15; for
    15-17 the counsellor's note on insight and an optional guardian line."""
    keys = ("signature_client", "signature_counsellor", "signature_interpreter")
    if stage == "under_15":
        return keys[:1] + ("signature_guardian",) + keys[1:]
    if stage == "15_17":
        return keys + ("insight_note", "signature_guardian_optional")
    return keys


def signature_fields(parts: list[Part], stage: str | None = None) -> list[tuple[str, str | None]]:
    german = parts[0].template
    other = parts[1].template if len(parts) > 1 else None
    out = []
    for key in signature_keys(stage):
        out.append((german.text("labels", key), other.text("labels", key) if other else None))
    return out


def _stage(parts: list[Part]) -> str | None:
    return parts[0].stage if parts else None


def canonical_text(parts: list[Part]) -> str:
    """The exact text of a declaration: what ``text_sha256`` is computed over."""
    lines: list[str] = []
    for part in parts:
        t = part.template
        lines.append(f"[{t.id} {t.version} {t.language}]")
        for b in part.blocks:
            prefix = "" if b.checked is None else ("[x] " if b.checked else "[ ] ")
            lines.append(prefix + _visible(b.text))
    for de, other in signature_fields(parts, _stage(parts)):
        lines.append("____ " + de + (f" / {other}" if other else ""))
    return "\n".join(lines) + "\n"


def _visible(text: str) -> str:
    return "".join(ch for ch in text if ch not in INVISIBLE or ch == " ")


def text_sha256(parts: list[Part]) -> str:
    return hashlib.sha256(canonical_text(parts).encode("utf-8")).hexdigest()


# --- PDF ------------------------------------------------------------------------------------


def _flowables(part: Part, trace: Trace | None) -> list[Flowable]:
    out: list[Flowable] = []
    for b in part.blocks:
        rtl = part.rtl if b.rtl is None else b.rtl
        if b.kind == "title":
            out.append(TextBlock(b.text, size=14, bold=True, rtl=rtl, space_after=1, trace=trace))
        elif b.kind == "subtitle":
            out.append(TextBlock(b.text, size=10.5, rtl=rtl, color=GREY, space_after=5, trace=trace))
        elif b.kind == "note":
            out.append(
                TextBlock(
                    b.text, size=8.5, rtl=rtl, background=LIGHT, padding=3, space_before=1, space_after=3, trace=trace
                )
            )
        elif b.kind == "heading":
            out.append(
                TextBlock(
                    b.text,
                    size=10,
                    bold=True,
                    rtl=rtl,
                    space_before=5,
                    space_after=1.5,
                    keep_with_next=True,
                    trace=trace,
                )
            )
        elif b.kind == "check":
            out.append(
                TextBlock(b.text, size=9, rtl=rtl, checkbox=bool(b.checked), indent=3 * mm, space_after=2, trace=trace)
            )
        elif b.kind == "fields":  # under its category's box, aligned with the box's text
            out.append(
                TextBlock(
                    b.text, size=8, rtl=rtl, color=GREY, indent=8.5 * mm, space_before=0, space_after=2.5, trace=trace
                )
            )
        elif b.kind == "small":
            out.append(TextBlock(b.text, size=7.8, rtl=rtl, color=GREY, space_after=2, trace=trace))
        else:
            out.append(TextBlock(b.text, size=9, rtl=rtl, space_after=2.5, trace=trace))
    return out


def _letterhead(
    data: FormData, part: Part, footer: str, trace: Trace | None
) -> Callable[[Canvas, BaseDocTemplate], None]:
    from reportlab.lib.pagesizes import A4

    width, height = A4
    left, right = 20 * mm, width - 20 * mm
    logo = None
    if data.organisation_logo:
        try:
            logo = ImageReader(io.BytesIO(data.organisation_logo))
        except Exception:  # noqa: BLE001 - a broken logo must not stop printing
            logo = None
    marker = (
        "Deutsch – verbindliche Fassung"
        if part.binding
        else f"Übersetzung ({part.template.text('language_name')}) – nicht verbindlich"
    )

    def draw(canv: Canvas, doc: BaseDocTemplate) -> None:
        top = height - 14 * mm
        text_right = right
        if logo is not None:
            iw, ih = logo.getSize()
            scale = min(40 * mm / iw, 16 * mm / ih)
            w, h = iw * scale, ih * scale
            canv.drawImage(logo, right - w, top - h + 4 * mm, w, h, mask="auto")
            text_right = right - w - 4 * mm
        draw_text(canv, left, top, data.organisation_name, size=11, bold=True, trace=trace)
        y = top - 4.6 * mm
        for line in (data.organisation_service, data.organisation_address, data.organisation_contact):
            if line:
                draw_text(canv, left, y, line, size=8, color=GREY, trace=trace)
                y -= 3.6 * mm
        rule_y = height - 33 * mm
        draw_text(
            canv,
            text_right if logo is None else right,
            rule_y + 1.8 * mm,
            f"{marker} · Fallnummer {data.case_number}",
            size=7.5,
            align="right",
            color=GREY,
            trace=trace,
        )
        canv.saveState()
        canv.setStrokeColor(GREY)
        canv.setLineWidth(0.5)
        canv.line(left, rule_y, right, rule_y)
        canv.line(left, 16 * mm, right, 16 * mm)
        canv.restoreState()
        draw_text(canv, left, 12 * mm, footer, size=7, color=GREY, trace=trace)

    return draw


def footer_text(parts: list[Part], sha: str, approval: str | None = None) -> str:
    t = parts[0].template
    langs = "+".join(p.language for p in parts)
    out = f"Vorlage {t.id} v{t.version} · {langs} · Text-SHA-256 {sha[:16]}"
    if approval and len(parts) > 1:
        out += f" · Übersetzung {approval}"
    return out


def render_pdf(data: FormData, parts: list[Part], *, trace: Trace | None = None) -> bytes:
    """The declaration as PDF bytes: German (binding) pages, then translation pages."""
    sha = text_sha256(parts)
    footer = footer_text(parts, sha, data.translation_approval)
    story: list[Flowable] = []
    templates = {}
    for i, part in enumerate(parts):
        key = f"part{i}-{part.language}"
        templates[key] = _letterhead(data, part, footer, trace)
        if i:
            story += [NextPageTemplate(key), PageBreak()]
        story += _flowables(part, trace)
        if part.binding:
            story.append(Rule(space_before=6, space_after=2))
            second_rtl = len(parts) > 1 and parts[1].rtl
            story.append(
                SignatureBlock(
                    [SignatureField(de, other, second_rtl) for de, other in signature_fields(parts, data.minor_stage)],
                    columns=2,
                    trace=trace,
                )
            )
    title = f"Einwilligungserklärung {data.case_number}"
    return build_pdf(
        story,
        templates=templates,
        first=f"part0-{parts[0].language}",
        title=title,
        author=data.organisation_name,
        subject=f"{parts[0].template.id} v{parts[0].template.version}",
        setup=PageSetup(),
        trace=trace,
        lang="de",
    )


__all__ = [
    "CATEGORY_KEYS",
    "DIRECTIONS",
    "REGIMES",
    "Block",
    "FormData",
    "Part",
    "available_languages",
    "canonical_text",
    "compose",
    "load_templates",
    "render_pdf",
    "suggested_filename",
    "template_id",
    "text_sha256",
    "validate_template",
]
