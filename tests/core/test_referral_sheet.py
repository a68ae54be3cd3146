"""The printed referral sheet: only consented data, on every copy; copies on their own
pages; fonts cover every character (Arabic and Cyrillic names); DIN 5008 geometry; the
rendering looked at as PNG (``pdftoppm``).

Real vaults and real PDFs read back with pypdf; no mocks.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.pdfbase import pdfmetrics

from referral_desk.core.documents import fonts
from referral_desk.core.documents import referral_sheet as sheet
from referral_desk.core.documents.layout import Trace
from referral_desk.core.services import clients, consent, organisation, referrals
from tests.conftest import client_data

TODAY = dt.date.today()
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
PDFTOPPM = shutil.which("pdftoppm")
ALL = ["identity", "contact", "residence", "language", "qualifications", "employment", "benefits", "household",
       "health"]

# A distinct value in the fields of each category, and what the sheet shows for it.
SENTINEL_CLIENT = client_data(
    family_name="Sentinowa", given_names="Ljudmila", birth_date="1979-06-21", nationalities=["KG"],
    gender="female", preferred_language="ru", interpreter_needed=True,
    residence_status="aufenthaltserlaubnis_24", residence_valid_until="2031-09-17", employment_permitted="restricted",
    arrival_date="2019-04-03", german_level="C1", integration_course="certificate",
    phone="0621 5550199", email="sentinel.kontakt@example.org",
    address={"street": "Probeweg 77", "postal_code": "67061", "city": "Ludwigshafen-Mundenheim"},
    jobcenter_customer_number="987D654321", notes="GEHEIME-NOTIZ")
SENTINELS: dict[str, list[str]] = {
    "identity": ["Ljudmila Sentinowa", "21.06.1979", "Kirgisistan"],
    "contact": ["0621 5550199", "sentinel.kontakt@example.org", "Probeweg 77", "Ludwigshafen-Mundenheim"],
    "residence": ["vorübergehender Schutz", "17.09.2031", "03.04.2019", "Eingeschränkt"],
    "language": ["C1 – beherrscht die deutsche Sprache", "Zertifikat Integrationskurs erhalten", "Russisch",
                 "Dolmetschung erforderlich"],
    "qualifications": ["Schulabschluss", "Anerkennung ausländischer Abschlüsse"],
    "employment": ["Derzeitige Beschäftigung", "Berufserfahrung"],
    "benefits": ["987D654321", "Leistungsbezug (SGB II"],
    "household": ["Familienstand", "Personen im Haushalt"],
    "health": ["gesundheitliche Angaben"],
}
NEVER = ["GEHEIME-NOTIZ"]  # notes are never printed


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _page_texts(pdf: bytes) -> list[str]:
    return [_norm(p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages]


def _copies(texts: list[str]) -> dict[str, list[str]]:
    """Page texts grouped by the copy each page says it belongs to."""
    out: dict[str, list[str]] = {}
    for t in texts:
        marks = [k for k, m in sheet.COPY_MARKS.items() if m in t]
        assert len(marks) == 1, t[:200]
        out.setdefault(marks[0], []).append(t)
    return out


@pytest.fixture
def sentinel_client(admin_ctx) -> int:
    cid = clients.create_client(admin_ctx, data=SENTINEL_CLIENT).id
    consent.grant(admin_ctx, client_id=cid, recipient="jobcenter", categories=ALL, purpose="Vermittlung in Arbeit",
                  given_on=TODAY - dt.timedelta(days=30), health_confirmed=True)
    return cid


SUBSETS = [
    ["identity"],
    ["identity", "contact"],
    ["identity", "residence"],
    ["identity", "language"],
    ["identity", "benefits"],
    ["identity", "contact", "residence", "language", "benefits"],
    ["identity", "qualifications", "employment", "household", "health"],
    ALL,
]


@pytest.mark.parametrize("categories", SUBSETS, ids=["+".join(c) for c in SUBSETS])
def test_sheet_prints_exactly_the_consented_categories_on_every_copy(admin_ctx, sentinel_client, categories):
    r = referrals.create(admin_ctx, client_id=sentinel_client, recipient="jobcenter", categories=categories,
                         request="Termin bei der Arbeitsvermittlung")
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id)
    texts = _page_texts(pdf)
    copies = _copies(texts)
    assert list(copies) == ["recipient", "client", "file"]
    for copy, pages in copies.items():
        whole = " ".join(pages)
        for key, values in SENTINELS.items():
            for value in values:
                if key in categories:
                    assert value in whole, f"{value!r} ({key}) missing on the {copy} copy"
                else:
                    assert value not in whole, f"{value!r} ({key}) printed without consent on the {copy} copy"
        for value in NEVER:
            assert value not in whole
    for page in texts:  # no page carries anything of an unconsented category
        for key, values in SENTINELS.items():
            if key not in categories:
                assert not any(v in page for v in values)


def test_consent_narrower_than_the_record_limits_the_sheet(admin_ctx):
    cid = clients.create_client(admin_ctx, data=SENTINEL_CLIENT).id
    consent.grant(admin_ctx, client_id=cid, recipient="auslaenderbehoerde", categories=["identity", "residence"],
                  purpose="Verlängerung", given_on=TODAY - dt.timedelta(days=3))
    r = referrals.create(admin_ctx, client_id=cid, recipient="auslaenderbehoerde", categories=["identity", "residence"],
                         request="Verlängerung des Aufenthaltstitels")
    whole = " ".join(_page_texts(referrals.render_sheet(admin_ctx, referral_id=r.id)))
    assert "17.09.2031" in whole and "Abteilung Aufenthaltsrecht" in whole
    for key in ("contact", "language", "benefits"):
        assert not any(v in whole for v in SENTINELS[key])


def test_each_copy_starts_on_its_own_page_marked_and_numbered(admin_ctx, sentinel_client):
    r = referrals.create(admin_ctx, client_id=sentinel_client, recipient="jobcenter", categories=ALL,
                         request="Termin", requested_action="Beratung", urgency="urgent",
                         deadline=TODAY + dt.timedelta(days=10), attachments=["Lebenslauf", "Kopie Aufenthaltstitel"])
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id)
    texts = _page_texts(pdf)
    copies = _copies(texts)
    n = len(copies["recipient"])
    assert n >= 2 and all(len(p) == n for p in copies.values())
    for copy, pages in copies.items():
        assert pages[0].count("Überleitung an Jobcenter Vorderpfalz-Ludwigshafen") >= 1
        assert "Sehr geehrte Damen und Herren" in pages[0]
        for i, page in enumerate(pages):
            assert f"Seite {i + 1} von {n}" in page
        whole = " ".join(pages)
        for needle in ("1. Klientin / Klient", "2. Einwilligung", "3. Anliegen", "4. Relevante Angaben", "5. Anlagen",
                       "6. Ansprechperson", "7. Rückmeldung der Empfängerstelle", "Lebenslauf", "DRINGEND",
                       "Zur Kenntnis genommen", "Unterschrift Empfängerstelle", "Nächste Schritte",
                       f"Fallnummer {r.case_number}", "§ 4a Abs. 3 AufenthG"):
            assert needle in whole, (copy, needle)
    # the client copies' pages follow each other: recipient pages first, then client, then file
    order = [next(k for k, m in sheet.COPY_MARKS.items() if m in t) for t in texts]
    assert order == ["recipient"] * n + ["client"] * n + ["file"] * n
    one = _page_texts(referrals.render_sheet(admin_ctx, referral_id=r.id, copies=["file"]))
    assert len(one) == n and all(sheet.COPY_MARKS["file"] in t for t in one)


def _sheet_data(client: dict, categories: list[str], **kw) -> sheet.SheetData:
    block, sections = sheet.facts_for(client, categories)
    args = dict(
        organisation_name="Diakonisches Werk Pfalz – Migrationsdienst", organisation_service="Jugendmigrationsdienst",
        organisation_address=("Karlstraße 4", "67059 Ludwigshafen am Rhein"), organisation_phone="0621 520440",
        organisation_email="jmd@diakonie.example.org",
        recipient_lines=("Stadt Ludwigshafen am Rhein, Bürgerdienste, Abteilung Aufenthaltsrecht", "Westendstraße 17",
                         "67059 Ludwigshafen am Rhein"),
        recipient_name="Stadt Ludwigshafen am Rhein, Bürgerdienste, Abteilung Aufenthaltsrecht",
        case_number="2026-00042", referral_id=17, letter_date=dt.date(2026, 3, 12), printed_on=dt.date(2026, 3, 12),
        counsellor_name="Jana Schäfer", counsellor_phone="0621 520441", counsellor_email="j.schaefer@diakonie.example.org",
        client=block, sections=sections,
        consent=sheet.ConsentRef(5, dt.date(2026, 2, 1), dt.date(2028, 2, 1), tuple(categories),
                                 "Klärung aufenthaltsrechtlicher Fragen"),
        request="Verlängerung des Aufenthaltstitels; der Termin ist dringend, die Erlaubnis läuft bald ab.",
        requested_action="Termin zur Vorsprache, Ausstellung einer Fiktionsbescheinigung", urgency="urgent",
        deadline=dt.date(2026, 3, 26), attachments=("Kopie Aufenthaltstitel", "Arbeitsvertrag"))
    args.update(kw)
    return sheet.SheetData(**args)


ARABIC_CLIENT = dict(family_name="الحسن", given_names="محمد", birth_date=dt.date(1990, 1, 15), gender="male",
                     nationalities=["SY"], preferred_language="ar", interpreter_needed=True,
                     residence_status="aufenthaltserlaubnis_humanitaer", residence_valid_until=dt.date(2026, 5, 31),
                     employment_permitted="yes", german_level="A2", integration_course="attending",
                     arrival_date=dt.date(2016, 2, 1), phone="0151 2345678", email=None,
                     street="Bismarckstraße 10", postal_code="67059", city="Ludwigshafen am Rhein",
                     jobcenter_customer_number="123D456789")
CYRILLIC_CLIENT = dict(ARABIC_CLIENT, family_name="Шевченко", given_names="Олександра", nationalities=["UA"],
                       preferred_language="uk", residence_status="aufenthaltserlaubnis_24", gender="female")


@pytest.mark.parametrize("client", [ARABIC_CLIENT, CYRILLIC_CLIENT], ids=["arabic", "cyrillic"])
def test_every_drawn_character_is_in_its_font(client):
    trace = Trace()
    pdf = sheet.render_pdf(_sheet_data(client, ALL), trace=trace)
    assert pdf.startswith(b"%PDF")
    for seg, face in trace.runs:
        missing = {ch for ch in seg if ord(ch) not in fonts.cmap(face)}
        assert not missing, (seg, face, missing)
    drawn = "\n".join(trace.lines)
    name = f"{client['given_names']} {client['family_name']}"
    if client is ARABIC_CLIENT:
        # shaped and in display order; the Latin text around it is untouched
        from referral_desk.core.documents.text import display

        assert display(name) in drawn
        assert any(f == fonts.face("arabic") for _s, f in trace.runs)
    else:
        assert name in drawn
    assert "12.03.2026" in drawn and "2026-00042 / Ü 17" in drawn


def test_same_input_same_bytes_and_din_geometry():
    data = _sheet_data(ARABIC_CLIENT, ["identity", "contact"])
    assert sheet.render_pdf(data) == sheet.render_pdf(data)
    reader = PdfReader(io.BytesIO(sheet.render_pdf(data, copies=["recipient"])))
    page = reader.pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    found: dict[str, tuple[float, float]] = {}

    def visitor(text, cm, tm, font_dict, font_size):
        if text.strip():
            x, y = tm[4] * cm[0] + cm[4], tm[5] * cm[3] + cm[5]
            found.setdefault(text.strip(), (x, y))

    page.extract_text(visitor_text=visitor)
    mm = 72 / 25.4
    # the recipient's first address line sits in the window: 20–105 mm from the left,
    # 45–90 mm from the top (DIN 5008 form B)
    pos = next(v for k, v in found.items() if k.startswith("Stadt Ludwigshafen am Rhein"))
    assert 20 * mm <= pos[0] <= 105 * mm and 842 - 90 * mm <= pos[1] <= 842 - 45 * mm
    # information block at 125 mm
    pos = next(v for k, v in found.items() if k.startswith("Unser Zeichen"))
    assert abs(pos[0] - 125 * mm) < 1


def test_unknown_values_and_missing_agency_address_become_lines_to_fill_in():
    sparse = dict(family_name="Popescu", given_names="Ioana", birth_date=dt.date(1988, 11, 2), gender="unspecified",
                  nationalities=["unknown"], residence_status="unknown", employment_permitted="unknown",
                  german_level="unknown", integration_course="unknown")
    block, sections = sheet.facts_for(sparse, ["identity", "contact", "residence", "language", "benefits"])
    facts = {f.label: f.value for f in block} | {f.label: f.value for s in sections for f in s.facts}
    for label in ("Anschrift", "Telefon", "Aufenthaltsstatus", "Deutschkenntnisse", "Integrationskurs",
                  "Staatsangehörigkeit", "Geschlecht", "Kundennr. / BG-Nr. Jobcenter"):
        assert facts[label] is None, label  # nothing invented: a line to fill in
    texts = _page_texts(sheet.render_pdf(_sheet_data(sparse, ["identity"], recipient_lines=("Jobcenter",))))
    assert "Unbekannt" not in " ".join(texts)


def test_logo_of_the_organisation_is_printed(admin_ctx, sentinel_client, tmp_path):
    from PIL import Image  # noqa: F401  (pillow comes with reportlab)

    img = Image.new("RGB", (200, 80), (200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    organisation.update_organisation(admin_ctx, changes={}, logo_png=buf.getvalue())
    r = referrals.create(admin_ctx, client_id=sentinel_client, recipient="jobcenter", categories=["identity"],
                         request="Termin")
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id, copies=["recipient"])
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) not installed")
def test_render_first_page_to_png(tmp_path):
    data = _sheet_data(ARABIC_CLIENT, ["identity", "contact", "residence", "language", "benefits"])
    pdf = sheet.render_pdf(data, copies=["recipient"])
    subprocess.run([PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", str(tmp_path / "page")],
                   input=pdf, check=True, timeout=60)
    png = tmp_path / "page.png"
    from PIL import Image

    with Image.open(png) as im:
        assert im.size[0] > 600 and im.size[1] > 850
        im.load()
        # ink in the address window and the letterhead, white margins outside
        gray = im.convert("L")
        w, h = gray.size
        px_mm = w / 210

        def ink(x0, y0, x1, y1) -> int:
            box = gray.crop((int(x0 * px_mm), int(y0 * px_mm), int(x1 * px_mm), int(y1 * px_mm)))
            return sum(box.histogram()[:128])

        assert ink(25, 62, 100, 85) > 50  # recipient address
        assert ink(25, 10, 120, 35) > 50  # letterhead
        assert ink(0, 0, 200, 6) == 0  # nothing printed in the top edge
        if SCREENSHOTS.is_dir():
            im.save(SCREENSHOTS / "50-referral-sheet.png", optimize=True)


def test_pdf_text_metrics_fonts_embedded():
    pdf = sheet.render_pdf(_sheet_data(CYRILLIC_CLIENT, ["identity"]), copies=["client"])
    reader = PdfReader(io.BytesIO(pdf))
    fonts_used = set()
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            fonts_used.add(str(f.get_object()["/BaseFont"]))
    assert any("NotoSans" in f for f in fonts_used)
    assert pdfmetrics.getFont(fonts.face("sans"))  # registered once, embedded as subsets
