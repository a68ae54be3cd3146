"""Consent declaration templates and PDFs: every element in every language, every
character drawn in a font that has it, right-to-left text in the right order, nothing
written to the system temp dir. PDFs are real (reportlab), read back with pypdf and, where
poppler-utils is installed, rendered to PNG (docs/screenshots/30-, 31-consent-*.png)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import tempfile
import unicodedata
from functools import cache
from pathlib import Path

import pytest

from referral_desk.core.documents import consent_form as cf, fonts, templates as tpl_mod, text as doc_text
from referral_desk.core.documents.layout import Trace
from referral_desk.core.documents.text import is_rtl_language, isolate, shape, visual
from referral_desk.core.errors import InvalidInput
from referral_desk.core.paths import resource
from referral_desk.core.services import clients, consent
from tests.conftest import client_data
from tests.consent_fixtures import complete_profile
from tests.screenshots import screenshot_dir

pytestmark = pytest.mark.both_backends

LANGUAGES = ("de", "tr", "ar", "fa", "ru", "uk", "bg", "ro", "pl", "it", "en", "fa-AF", "ps", "ku", "ti", "sq")
NEW_LANGUAGES = ("fa-AF", "ps", "ku", "ti", "sq")  # issue 11
SCREENSHOTS = screenshot_dir()
PDFTOPPM = shutil.which("pdftoppm")


def _templates() -> list[tpl_mod.Template]:
    return sorted(tpl_mod.shipped_templates("consent"), key=lambda t: (t.id, t.language))


# --- templates ---------------------------------------------------------------------------------


def test_every_regime_has_every_language():
    found = {(t.regime, t.language) for t in _templates()}
    assert found == {(r, lang) for r in cf.REGIMES for lang in LANGUAGES}
    for regime in cf.REGIMES:
        assert cf.available_languages(regime)[0] == "de" and set(cf.available_languages(regime)) == set(LANGUAGES)


@pytest.mark.parametrize("tpl", _templates(), ids=lambda t: f"{t.regime}-{t.language}")
def test_template_contains_every_required_element(tpl):
    # The ten elements of a valid declaration (REFERENCE.md) by named section and placeholder.
    elements = {
        "1 processor": ("processor", {"organisation_name", "organisation_address"}),
        "2 recipient": ("recipient", {"recipient_name", "recipient_address"}),
        "3 categories": ("categories", {"categories"}),
        "4 purpose": ("purpose", {"purpose"}),
        "5 voluntary": ("voluntary", set()),
        "6 withdrawal": ("withdrawal", set()),
        "7 validity": ("validity", {"valid_until"}),
        "8 direction one way": ("direction_one_way", {"recipient_name"}),
        "8 direction mutual": ("direction_mutual", {"recipient_name"}),
        "9 health": ("health", set()),
        "9 health tick": ("health_tick", {"recipient_name"}),
        "10 signatures": ("signatures", set()),
        "11 data-protection officer": ("dpo", {"dpo_name", "dpo_contact"}),
        "11 rights of access, rectification, erasure, restriction": ("rights", {"organisation_name"}),
        "11 complaint to the supervisory authority": ("complaint", {"supervisory_authority", "supervisory_address"}),
        "12 what refusing means": ("refusal", {"recipient_name"}),
        "minor under 15: guardian": ("minor_guardian", {"guardian_name", "client_name"}),
        "minor 15-17: insight": ("minor_insight", {"client_name"}),
        "intro": ("intro", {"client_name", "birth_date", "case_number"}),
        "§ 87 AufenthG": ("public_bodies", set()),
    }
    for element, (section, needed) in elements.items():
        body = tpl.text("sections", section)
        assert body, f"{element}: section {section} missing"
        assert needed <= tpl_mod.placeholders(body), f"{element}: placeholders {needed} missing in {section}"
    assert "{categories}" in [line.strip() for line in tpl.text("sections", "categories").splitlines()]
    assert "87" in tpl.text("sections", "public_bodies") and "AufenthG" in tpl.text("sections", "public_bodies")
    for key in (
        "signature_client",
        "signature_counsellor",
        "signature_interpreter",
        "signature_guardian",
        "signature_guardian_optional",
        "insight_note",
    ):
        assert tpl.text("labels", key)
    for key in cf.REQUIRED_HEADINGS:
        assert tpl.text("headings", key) and not tpl.text("headings", key)[0].isdigit(), key  # numbered when printed
    assert len({tpl.text("headings", k) for k in cf.REQUIRED_HEADINGS}) == len(cf.REQUIRED_HEADINGS)
    assert tpl.text("labels", "signature_interpreter") != tpl.text("labels", "signature_client")
    for cite in cf.CITATIONS[tpl.regime]:
        assert cite in tpl.text("sections", "legal_basis")
    for key in cf.CATEGORY_KEYS:
        assert tpl.text("categories", key, "label") and tpl.text("categories", key, "explain")
    if tpl.language == "de":
        assert tpl.status == "verbindlich"
    else:
        assert tpl.status == "maschinell vorübersetzt, noch nicht geprüft"
        assert tpl.get("status_en") == "machine-drafted, not yet reviewed"
        assert tpl.text("sections", "sign_german")
    assert tpl.id == f"consent-{tpl.regime}" and tpl.version == "1.1"
    assert cf.validate_template(tpl) == []


@pytest.mark.parametrize("tpl", _templates(), ids=lambda t: f"{t.regime}-{t.language}")
def test_every_template_character_has_a_glyph(tpl):
    def strings(node):
        if isinstance(node, str):
            yield node
        elif isinstance(node, dict):
            for value in node.values():
                yield from strings(value)

    for s in strings(dict(tpl.data)):
        assert doc_text.missing_glyphs(s) == set(), s[:60]


def test_fonts_are_shipped_with_their_licence():
    for face in fonts.FACES:
        assert fonts.font_path(face.name).is_file()
    assert "SIL OPEN FONT LICENSE Version 1.1" in resource("fonts", "OFL.txt").read_text("utf-8")
    assert "fonts-noto-core" in resource("fonts", "README.md").read_text("utf-8")
    assert doc_text.missing_glyphs("Ağır İşçi ş ț ą Жёлтый їжак ΑΒΓ محمد رضایی § „…“ – 12.03.2026") == set()
    assert doc_text.missing_glyphs("☐ 😀") == {"☐", "😀"}
    # issue 11: Pashto letters, Kurmanji and Albanian Latin letters, Tigrinya in Ethiopic script
    assert doc_text.missing_glyphs("ټ ډ ړ ښ ږ ګ ڼ ې ۍ ç ê î û ş ë Ç Ê Î Û Ş Ë ሰላም ትግርኛ ። ፣ ፤") == set()
    assert "SIL OPEN FONT LICENSE" in resource("fonts", "OFL.txt").read_text("utf-8")
    assert "NotoSansEthiopic-Regular.ttf" in resource("fonts", "README.md").read_text("utf-8")


@pytest.mark.parametrize(
    "language, letters", [("ps", "ټډړښږګڼېۍ"), ("ti", "ሰላምትግርኛ፣።"), ("ku", "çêîûş"), ("sq", "ëç"), ("fa-AF", "معلومات")]
)
def test_new_languages_use_their_letters_and_the_right_font(language, letters):
    for regime in cf.REGIMES:
        _german, tpl = cf.load_templates(regime, language)
        whole = "".join(str(x) for x in _strings(dict(tpl.data)))
        if language in ("ps", "ti"):
            assert set(letters) <= set(whole), set(letters) - set(whole)
        else:
            assert any(ch in whole for ch in letters)
        assert tpl.status == "maschinell vorübersetzt, noch nicht geprüft"
    assert is_rtl_language(language) == (language in ("ps", "fa-AF"))
    _pdf, trace, _ = _render(_form(language))
    _assert_fonts_cover(trace)
    used = {name for _seg, name in trace.runs}
    if language == "ti":
        assert {"RD-NotoSansEthiopic", "RD-NotoSansEthiopic-Bold"} <= used
        assert all("Ethiopic" in name for seg, name in trace.runs if any(0x1200 <= ord(c) <= 0x137F for c in seg))
    if language in ("ps", "fa-AF"):
        assert "RD-NotoNaskhArabic" in used


def _strings(node):
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)


# --- bidi ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "logical, base, expected",
    [
        ("رقم الملف 2026-00012", "R", "2026-00012 ﻒﻠﻤﻟﺍ ﻢﻗﺭ"),
        ("بتاريخ 12.03.2026.", "R", ".12.03.2026 ﺦﻳﺭﺎﺘﺑ"),
        ("هاتف 0621 123456", "R", "0621 123456 ﻒﺗﺎﻫ"),
        ("(§ 87 AufenthG) قانون", "R", "ﻥﻮﻧﺎﻗ (§ 87 AufenthG)"),
        ("إلى mbe@awo-lu.example اليوم", "R", "ﻡﻮﻴﻟﺍ mbe@awo-lu.example ﻰﻟﺇ"),
        ("Ich, " + isolate("محمد", "L") + " (2026-00012), ok", "L", "Ich, ﺪﻤﺤﻣ (2026-00012), ok"),
        ("إلى " + isolate("AWO e. V.", "R") + " (" + isolate("0621 1", "R") + ").", "R", ".(0621 1) AWO e. V. ﻰﻟﺇ"),
        ("Ayşe Yılmaz", "L", "Ayşe Yılmaz"),
    ],
)
def test_visual_order(logical, base, expected):
    # Compared by letter (NFKC): HarfBuzz may pick a letter's nominal glyph where
    # arabic-reshaper wrote its isolated presentation form; the order is what is tested.
    got = visual(shape(logical), base)
    assert unicodedata.normalize("NFKC", got) == unicodedata.normalize("NFKC", expected)


# --- PDFs ------------------------------------------------------------------------------------------


@cache
def _cmap(face_name: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(fonts.font_path(face_name))).getBestCmap())


@cache
def _glyph_names(face_name: str) -> frozenset[str]:
    from fontTools.ttLib import TTFont

    return frozenset(TTFont(str(fonts.font_path(face_name))).getGlyphOrder())


def _assert_fonts_cover(trace: Trace) -> None:
    assert trace.runs
    for seg, name in trace.runs:
        # a shaped glyph without a code point of its own (HarfBuzz's joined forms) must be a
        # glyph of that font file
        missing = {
            ch for ch in seg if ord(ch) not in _cmap(name) and fonts.shaped_glyph_name(ch) not in _glyph_names(name)
        }
        assert not missing, f"{name} lacks {missing!r} in {seg!r}"


def _pages_text(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages]


def _form(language: str, name: str = "Ayşe Yılmaz", **kw) -> cf.FormData:
    args = {
        "organisation_name": "AWO Kreisverband Ludwigshafen e. V.",
        "organisation_address": "Bahnhofstraße 1, 67059 Ludwigshafen am Rhein",
        "organisation_contact": "0621 123456 · mbe@awo-lu.example",
        "recipient_name": "Jobcenter Vorderpfalz-Ludwigshafen",
        "recipient_address": "Berliner Straße 23a, 67059 Ludwigshafen am Rhein",
        "client_name": name,
        "birth_date": dt.date(1985, 3, 12),
        "case_number": "2026-00012",
        "categories": ("identity", "contact", "residence", "benefits", "health"),
        "purpose": "Vermittlung in Arbeit und Beratung zu Leistungen nach dem SGB II",
        "valid_until": dt.date(2028, 3, 12),
        "language": language,
        "organisation_service": "Migrationsberatung für erwachsene Zuwanderer (MBE)",
        "dpo_name": "Dana Datenschutz",
        "dpo_contact": "datenschutz@awo-lu.example",
        "supervisory_authority": (
            "Der Landesbeauftragte für den Datenschutz und die Informationsfreiheit Rheinland-Pfalz"
        ),
        "supervisory_address": "Hintere Bleiche 34, 55116 Mainz",
        "signed_on": dt.date(2026, 3, 1),
    }
    args.update(kw)
    return cf.FormData(**args)


def _render(data: cf.FormData, regime: str = "dsgvo") -> tuple[bytes, Trace, list[cf.Part]]:
    german, translation = cf.load_templates(regime, data.language)
    parts = cf.compose(data, german, translation)
    trace = Trace()
    return cf.render_pdf(data, parts, trace=trace), trace, parts


@pytest.mark.parametrize("language", LANGUAGES)
def test_generated_pdf_in_every_language(admin_ctx, language):
    complete_profile(admin_ctx)
    c = clients.create_client(admin_ctx, data=client_data())
    pdf = consent.render_form(
        admin_ctx,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity", "residence", "health"],
        language=language,
        purpose="Vermittlung in Arbeit",
        allow_unreviewed=True,
    )
    assert pdf.startswith(b"%PDF")
    assert b"/FontFile2" in pdf  # embedded TrueType
    # the same content, traced: every character drawn is in the cmap of its font
    prepared = consent.prepare_form(
        admin_ctx,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity", "residence", "health"],
        language=language,
        purpose="Vermittlung in Arbeit",
    )
    trace = Trace()
    assert cf.render_pdf(prepared.form, prepared.parts, trace=trace) == pdf  # deterministic
    _assert_fonts_cover(trace)
    pages = _pages_text(pdf)
    assert "Ayşe Yılmaz" in pages[0] and c.case_number in pages[0]
    german_pages = [i for i, t in enumerate(pages) if "verbindliche Fassung" in t]
    if language == "de":
        assert len(german_pages) == len(pages)
    else:
        translated = [t for t in pages if "nicht verbindlich" in t]
        assert translated and german_pages and max(german_pages) < pages.index(translated[0])
        assert any("Ayşe Yılmaz" in t for t in translated)


@pytest.mark.parametrize("language", ["ar", "fa", "fa-AF", "ps"])
def test_rtl_pages_keep_digits_dates_and_case_numbers_in_order(language):
    pdf, trace, _parts = _render(_form(language))
    _assert_fonts_cover(trace)
    translated = [t for t in _pages_text(pdf) if "nicht verbindlich" in t]
    joined = "\n".join(translated)
    for token in (
        "12.03.1985",
        "12.03.2028",
        "2026-00012",
        "0621 123456",
        "mbe@awo-lu.example",
        "Ayşe Yılmaz",
        "AWO Kreisverband Ludwigshafen e. V.",
        "§ 87",
        "AufenthG",
    ):
        assert token in joined, token
    assert "00012-2026" not in joined and "2891.30.21" not in joined
    # an Arabic-script name inside German text: drawn as one right-to-left run
    name = "محمد رضایی" if language.startswith("fa") else "محمد الأحمد"
    pdf, trace, _ = _render(_form(language, name=name))
    _assert_fonts_cover(trace)
    drawn = visual(shape(name), "R")
    assert any(f"Ich, {drawn}, geboren am 12.03.1985" in line for line in trace.lines)
    extracted = unicodedata.normalize("NFKC", "\n".join(_pages_text(pdf)))
    # pypdf puts right-to-left runs back into logical order (older versions: visual order)
    assert name in extracted or unicodedata.normalize("NFKC", drawn) in extracted


def test_pdf_structure_health_box_and_hash():
    data = _form("tr")
    pdf, _trace, parts = _render(data)
    text = cf.canonical_text(parts)
    assert "[ ] Ja, ich willige ausdrücklich ein" in text  # the health box is printed empty
    assert "[x] Identität: Name, Geburtsdatum" in text and "[x] Aufenthalt" in text
    assert "[x] Gesundheit" not in text  # health only in its own section
    assert "[ ] Evet, belirtilen amaç için" in text
    assert "Anschrift:" not in text and "Berliner Straße 23a" in text
    sha = cf.text_sha256(parts)
    pages = _pages_text(pdf)
    assert all(f"Text-SHA-256 {sha[:16]}" in t and "consent-dsgvo v1.1" in t for t in pages)
    assert all(f"/ {len(pages)}" in t for t in pages)
    # no health: the excluded sentence instead of a box
    no_health = cf.compose(_form("de", categories=("identity",)), *cf.load_templates("dsgvo", "de"))
    assert "mit dieser Erklärung nicht weitergegeben" in cf.canonical_text(no_health)
    assert "[ ] Ja, ich willige" not in cf.canonical_text(no_health)
    # any change of data or wording changes the hash
    assert cf.text_sha256(cf.compose(_form("tr", purpose="Anderer Zweck"), *cf.load_templates("dsgvo", "tr"))) != sha
    # the mutual direction text
    mutual = cf.canonical_text(cf.compose(_form("en", direction="mutual"), *cf.load_templates("kdg", "en")))
    assert "In beide Richtungen" in mutual and "Both ways" in mutual and "§ 11 KDG" in mutual


def test_missing_recipient_address_leaves_a_line_to_fill_in():
    text = cf.canonical_text(cf.compose(_form("ru", recipient_address=""), *cf.load_templates("dsgvo", "ru")))
    assert "Anschrift: ____" in text and "Адрес: ____" in text


def test_no_personal_data_in_the_system_temp_dir(admin_ctx, tmp_path, monkeypatch):
    c = clients.create_client(admin_ctx, data=client_data(family_name="Tempcheckname"))
    own_tmp = tmp_path / "systemp"
    own_tmp.mkdir()
    real_tmp = Path(tempfile.gettempdir())
    before = set(real_tmp.iterdir())
    monkeypatch.setattr(tempfile, "tempdir", str(own_tmp))
    for var in ("TMPDIR", "TEMP", "TMP"):
        monkeypatch.setenv(var, str(own_tmp))
    complete_profile(admin_ctx)
    pdf = consent.render_form(
        admin_ctx,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity"],
        language="ar",
        purpose="Vermittlung in Arbeit",
        allow_unreviewed=True,
    )
    assert pdf.startswith(b"%PDF")
    assert list(own_tmp.iterdir()) == []
    for p in set(real_tmp.iterdir()) - before:
        if p.is_file():
            data = p.read_bytes()[:5_000_000]
            assert b"Tempcheckname" not in data and not data.startswith(b"%PDF"), p


# --- organisation overrides -----------------------------------------------------------------------


def _override(vault: Path, version: str, marker: str, *, language: str = "de") -> Path:
    src = next(
        t for t in tpl_mod.shipped_templates("consent") if t.id == "consent-dsgvo" and t.language == language
    ).path
    target = vault / "forms" / "consent" / "eigene"
    target.mkdir(parents=True, exist_ok=True)
    text = src.read_text("utf-8").replace('version = "1.1"', f'version = "{version}"')
    text = text.replace(
        "Mit dieser Erklärung entscheide ich selbst", f"{marker} Mit dieser Erklärung entscheide ich selbst"
    )
    path = target / f"{language}.toml"
    path.write_text(text, "utf-8")
    return path


@pytest.mark.vault_only(reason="an organisation's own template files live in the vault folder")
def test_organisation_template_with_a_higher_version_wins(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    vault = admin_ctx.vault.directory

    def prepared():
        return consent.prepare_form(
            admin_ctx,
            client_id=c.id,
            recipient="jobcenter",
            categories=["identity"],
            language="tr",
            purpose="Vermittlung",
        )

    assert prepared().parts[0].template.origin == "shipped"
    _override(vault, "1.2", "EIGENE-FASSUNG.")
    p = prepared()
    assert p.parts[0].template.origin == "vault" and p.parts[0].template.version == "1.2"
    assert "EIGENE-FASSUNG." in p.text and p.parts[1].template.origin == "shipped"
    g = consent.grant(
        admin_ctx, client_id=c.id, recipient="jobcenter", categories=["identity"], purpose="Vermittlung", language="tr"
    )
    assert g.template_version == "1.2"
    _override(vault, "1.0", "ALT.")  # a lower version than the shipped one loses
    assert prepared().parts[0].template.origin == "shipped"
    _override(vault, "1.1", "GLEICH.")  # equal version: the organisation's file wins
    assert "GLEICH." in prepared().text


@pytest.mark.vault_only(reason="an organisation's own template files live in the vault folder")
def test_broken_organisation_template_is_refused_naming_the_file(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    path = _override(admin_ctx.vault.directory, "2.0", "X")
    path.write_text(path.read_text("utf-8").replace("{recipient_address}", "{recipient_street}"), "utf-8")
    with pytest.raises(InvalidInput) as e:
        consent.render_form(
            admin_ctx,
            client_id=c.id,
            recipient="jobcenter",
            categories=["identity"],
            language="de",
            purpose="Vermittlung",
        )
    assert e.value.field == "template" and "de.toml" in e.value.message("de")
    path.write_text("id = [", "utf-8")
    with pytest.raises(InvalidInput):
        consent.available_languages(admin_ctx)


# --- looking at it ---------------------------------------------------------------------------------


def _png_page(pdf: bytes, page: int, workdir: Path, dpi: int = 70):
    """One page as a PIL image (synthetic test data only, so the files may live in tmp_path)."""
    from PIL import Image

    src = workdir / "form.pdf"
    src.write_bytes(pdf)
    root = workdir / f"page{page}"
    subprocess.run(
        [PDFTOPPM, "-png", "-singlefile", "-r", str(dpi), "-f", str(page), "-l", str(page), str(src), str(root)],
        check=True,
        timeout=60,
    )
    with Image.open(root.with_suffix(".png")) as im:
        im.load()
        return im.copy()


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) not installed")
@pytest.mark.parametrize(
    "language, shot", [("ar", "30-consent-de-ar.png"), ("tr", "31-consent-de-tr.png"), ("fa", None)]
)
def test_render_german_and_translation_pages_to_png(language, shot, tmp_path):
    from PIL import Image

    pdf, _trace, _parts = _render(_form(language, name="Ayşe Yılmaz" if language == "tr" else "Leyla Haddad"))
    pages = _pages_text(pdf)
    first_translation = next(i for i, t in enumerate(pages) if "nicht verbindlich" in t) + 1
    german = _png_page(pdf, 1, tmp_path)
    translated = _png_page(pdf, first_translation, tmp_path)
    assert german.size == translated.size and german.size[0] > 500
    # the translation page of a right-to-left language is right-aligned: more ink on the right
    gray = translated.convert("L")
    w, h = gray.size
    left_ink = sum(1 for x in range(w // 10, w // 2) for y in range(h // 4, h // 2, 4) if gray.getpixel((x, y)) < 128)
    right_ink = sum(
        1 for x in range(w // 2, w - w // 10) for y in range(h // 4, h // 2, 4) if gray.getpixel((x, y)) < 128
    )
    if is_rtl_language(language):
        assert right_ink > left_ink
    sheet = Image.new("RGB", (german.size[0] * 2 + 30, german.size[1]), "#d0d0d0")
    sheet.paste(german.convert("RGB"), (0, 0))
    sheet.paste(translated.convert("RGB"), (german.size[0] + 30, 0))
    sheet.save(tmp_path / f"consent-de-{language}.png")
    if shot:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        sheet.save(SCREENSHOTS / shot, optimize=True)
