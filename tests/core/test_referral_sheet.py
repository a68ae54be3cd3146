"""The printed referral sheet: only consented data, each fact under the category the consent
text names it in, on every copy; one-way consents print no feedback part; the printing gate
(addresses, document spelling); the client's cover; DIN 5008 window geometry; fonts cover
every character; the rendering looked at as PNG (``pdftoppm``).

Real vaults and real PDFs read back with pypdf; no mocks.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from referral_desk.core import printable
from referral_desk.core.documents import fonts, letter, referral_sheet as sheet
from referral_desk.core.documents.layout import Trace
from referral_desk.core.errors import PolicyRefused
from referral_desk.core.services import clients, consent, organisation, referrals
from tests.conftest import client_data
from tests.core.letters_fixtures import complete_addresses
from tests.core.pdf_boxes import page_boxes
from tests.screenshots import screenshot_dir

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()
SCREENSHOTS = screenshot_dir()
PDFTOPPM = shutil.which("pdftoppm")
ALL = [
    "identity",
    "contact",
    "residence",
    "language",
    "qualifications",
    "employment",
    "benefits",
    "household",
    "health",
]

# A distinct value in the fields of each category, and what the sheet shows for it.
SENTINEL_CLIENT = client_data(
    family_name="Sentinowa",
    given_names="Ljudmila",
    birth_date="1979-06-21",
    nationalities=["KG"],
    gender="female",
    preferred_language="ru",
    interpreter_needed=True,
    residence_status="aufenthaltserlaubnis_24",
    residence_valid_until="2031-09-17",
    employment_permitted="restricted",
    arrival_date="2019-04-03",
    german_level="C1",
    integration_course="certificate",
    phone="0621 5550199",
    email="sentinel.kontakt@example.org",
    address={"street": "Probeweg 77", "postal_code": "67061", "city": "Ludwigshafen-Mundenheim"},
    jobcenter_customer_number="987D654321",
    notes="GEHEIME-NOTIZ",
    abh_file_reference="32.1-777/19",
    school_education="lower_secondary",
    vocational_training="vocational_completed",
    vocational_field="Schweißerin",
    recognition_profession="Industriemechanikerin",
    recognition_status="partial",
    recognition_body="IHK FOSA Nürnberg",
    employment_status="marginal",
    last_occupation="Lageristin",
    benefit_type="sgb2",
    jobcenter_bg_number="12345BG0067890",
    ba_customer_number="555A998877",
)
SENTINELS: dict[str, list[str]] = {
    "identity": ["Ljudmila Sentinowa", "21.06.1979", "Kirgisistan"],
    "contact": ["0621 5550199", "sentinel.kontakt@example.org", "Probeweg 77", "Ludwigshafen-Mundenheim"],
    "residence": ["vorübergehender Schutz", "17.09.2031", "03.04.2019", "32.1-777/19"],
    "language": ["C1 – beherrscht die deutsche Sprache", "Zertifikat Integrationskurs erhalten", "Russisch"],
    "qualifications": ["Sekundarstufe I", "Schweißerin", "Industriemechanikerin", "IHK FOSA Nürnberg"],
    "employment": ["Eingeschränkt", "Minijob", "Lageristin"],
    "benefits": ["987D654321", "12345BG0067890", "555A998877", "Bürgergeld (SGB II)"],
    "household": [],
    "health": [],
}
NEVER = ["GEHEIME-NOTIZ", "weitergeleitet", "Sozialdaten", "§ 67 SGB X", "Dolmetschung erforderlich"]


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


def _is_cover(page: str) -> bool:
    return (
        "Überleitung an Jobcenter" not in page
        and "Rückmeldung an die Beratungsstelle" not in page
        and "Anliegen" not in page
    )


@pytest.fixture
def sentinel_client(admin_ctx) -> int:
    complete_addresses(admin_ctx)
    cid = clients.create_client(admin_ctx, data=SENTINEL_CLIENT).id
    consent.grant(
        admin_ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=ALL,
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=30),
        health_confirmed=True,
        direction="mutual",
    )
    return cid


SUBSETS = [
    ["identity"],
    ["identity", "contact"],
    ["identity", "residence"],
    ["identity", "language"],
    ["identity", "benefits"],
    ["identity", "qualifications", "employment"],
    ["identity", "contact", "residence", "language", "benefits"],
    ALL,
]


@pytest.mark.parametrize("categories", SUBSETS, ids=["+".join(c) for c in SUBSETS])
def test_sheet_prints_exactly_the_consented_categories_on_every_copy(admin_ctx, sentinel_client, categories):
    r = referrals.create(
        admin_ctx,
        client_id=sentinel_client,
        recipient="jobcenter",
        categories=categories,
        request="Termin bei der Arbeitsvermittlung",
    )
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id)
    texts = _page_texts(pdf)
    copies = _copies(texts)
    assert list(copies) == ["recipient", "client", "file"]
    for copy, pages in copies.items():
        sent = " ".join(p for p in pages if not _is_cover(p))
        for key, values in SENTINELS.items():
            for value in values:
                if key in categories:
                    assert value in sent, f"{value!r} ({key}) missing on the {copy} copy"
                else:
                    assert value not in sent, f"{value!r} ({key}) printed without consent on the {copy} copy"
        for value in NEVER:
            assert value not in " ".join(pages)


def _section_text(whole: str, title: str, titles: list[str]) -> str:
    start = whole.index(title)
    ends = [whole.index(t, start + len(title)) for t in titles if t != title and t in whole[start + len(title) :]]
    return whole[start : min(ends) if ends else len(whole)]


def test_each_fact_sits_under_the_category_whose_consent_text_names_it(admin_ctx, sentinel_client):
    r = referrals.create(admin_ctx, client_id=sentinel_client, recipient="jobcenter", categories=ALL, request="Termin")
    whole = referrals.preview_sheet(admin_ctx, referral_id=r.id, as_text=True)
    titles = [
        "Identität",
        "Kontaktdaten",
        "Aufenthalt",
        "Sprache",
        "Schule und Beruf",
        "Arbeit",
        "Sozialleistungen",
        "Haushalt und Familie",
        "Gesundheit",
        "Einwilligung",
    ]
    blocks = {t: _section_text(whole, "\n" + t + "\n", ["\n" + x + "\n" for x in titles]) for t in titles[:-1]}
    # the example: the work permit is promised under "Arbeit", so it is printed there
    assert "Erlaubnis zur Beschäftigung: Eingeschränkt" in blocks["Arbeit"]
    assert "Eingeschränkt" not in blocks["Aufenthalt"]
    assert "Schweißerin" in blocks["Schule und Beruf"] and "Lageristin" in blocks["Arbeit"]
    assert "12345BG0067890" in blocks["Sozialleistungen"]
    assert "Keine Angaben erfasst." in blocks["Haushalt und Familie"]


def test_one_way_consent_prints_no_feedback_part(admin_ctx):
    complete_addresses(admin_ctx)
    cid = clients.create_client(admin_ctx, data=SENTINEL_CLIENT).id
    consent.grant(
        admin_ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity", "contact"],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=3),
    )
    r = referrals.create(
        admin_ctx, client_id=cid, recipient="jobcenter", categories=["identity", "contact"], request="Termin"
    )
    whole = " ".join(_page_texts(referrals.render_sheet(admin_ctx, referral_id=r.id)))
    for text in (
        "Rückmeldung an die Beratungsstelle",
        "Rückmeldebogen",
        "Nächste Schritte",
        "Unterschrift Empfängerstelle",
        "weitergeleitet",
        "Nicht zuständig",
    ):
        assert text not in whole
    assert "nur in eine Richtung" in whole and "Bitte senden Sie uns keine Auskünfte" in whole


def test_mutual_consent_feedback_page_for_recipient_and_file_not_for_the_client(admin_ctx, sentinel_client):
    r = referrals.create(
        admin_ctx,
        client_id=sentinel_client,
        recipient="jobcenter",
        categories=ALL,
        request="Termin",
        requested_action="Beratung",
        urgency="urgent",
        deadline=TODAY + dt.timedelta(days=10),
        attachments=["Lebenslauf", "Kopie Aufenthaltstitel"],
    )
    texts = _page_texts(referrals.render_sheet(admin_ctx, referral_id=r.id))
    copies = _copies(texts)
    for copy in ("recipient", "file"):
        pages = copies[copy]
        assert "Rückmeldung an die Beratungsstelle" in pages[-1]
        assert sum("Rückmeldung an die Beratungsstelle" in p for p in pages) == 1  # its own page, once
        n = len(pages)
        assert not re.search(r"Seite \d+ von", pages[0])  # DIN 5008: numbers from page 2
        for i, page in enumerate(pages[1:], start=2):
            assert f"Seite {i} von {n}" in page
        whole = " ".join(pages)
        for needle in (
            "Überleitung an Jobcenter Vorderpfalz-Ludwigshafen",
            "Sehr geehrte Damen und Herren",
            "Mit freundlichen Grüßen",
            "Lebenslauf",
            "DRINGEND",
            "Zur Kenntnis genommen",
            f"Fallnummer {r.case_number}",
            "in beide Richtungen",
        ):
            assert needle in whole, (copy, needle)
    client_pages = copies["client"]
    assert not any("Rückmeldung an die Beratungsstelle" in p for p in client_pages)
    # the cover in the client's language (Russian) comes first, then the letter as sent
    assert "Ваша копия" in client_pages[0] and "Jobcenter Vorderpfalz-Ludwigshafen" in client_pages[0]
    assert "Überleitung an Jobcenter" in client_pages[1]
    order = [next(k for k, m in sheet.COPY_MARKS.items() if m in t) for t in texts]
    assert order == sorted(order, key=["recipient", "client", "file"].index)


def test_cover_language_falls_back_to_german_and_is_written_for_the_client(admin_ctx):
    complete_addresses(admin_ctx)
    cid = clients.create_client(admin_ctx, data=client_data(preferred_language="sq", address=None)).id
    consent.grant(
        admin_ctx,
        client_id=cid,
        recipient="agentur",
        categories=["identity"],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=3),
    )
    r = referrals.create(admin_ctx, client_id=cid, recipient="agentur", categories=["identity"], request="Termin")
    pages = _page_texts(referrals.render_sheet(admin_ctx, referral_id=r.id, copies=["client"]))
    cover = pages[0]
    for needle in (
        "Ihre Kopie: Überleitung an Agentur für Arbeit Ludwigshafen",
        "Persönlich ausgehändigt",
        "Einwilligung Nr.",
        "Identität",
        "widerrufen",
        "darf uns nichts über Sie mitteilen",
    ):
        assert needle in cover, needle
    assert "Rückmeldung" not in " ".join(pages)


def test_printing_is_refused_without_complete_addresses(admin_ctx):
    cid = clients.create_client(admin_ctx, data=client_data()).id
    consent.grant(
        admin_ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity"],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=3),
    )
    r = referrals.create(admin_ctx, client_id=cid, recipient="jobcenter", categories=["identity"], request="Termin")
    with pytest.raises(printable.NotPrintable) as exc:
        referrals.render_sheet(admin_ctx, referral_id=r.id)
    assert exc.value.exit_code == 3 and exc.value.missing[0] == "organisation.street"
    complete_addresses(admin_ctx)
    organisation.save_agency(admin_ctx, key="jobcenter", data={"postal_code": None})
    with pytest.raises(printable.NotPrintable) as exc:
        referrals.preview_sheet(admin_ctx, referral_id=r.id)
    assert exc.value.missing == ["agency.jobcenter.postal_code"]
    assert referrals.printing_gaps(admin_ctx, client_id=cid, recipient="jobcenter") == ["agency.jobcenter.postal_code"]


ARABIC = {"family_name": "الخطيب", "given_names": "جمال", "nationalities": ["SY"], "preferred_language": "ar"}


def test_non_latin_name_needs_the_document_spelling(admin_ctx):
    complete_addresses(admin_ctx)
    cid = clients.create_client(admin_ctx, data=client_data(**ARABIC)).id
    consent.grant(
        admin_ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=["identity", "contact"],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=3),
    )
    r = referrals.create(
        admin_ctx, client_id=cid, recipient="jobcenter", categories=["identity", "contact"], request="Termin"
    )
    with pytest.raises(PolicyRefused) as exc:
        referrals.render_sheet(admin_ctx, referral_id=r.id)
    assert exc.value.exit_code == 3 and exc.value.params["field"] == "document_family_name"
    assert "document_family_name" in exc.value.message("en")
    clients.update_client(
        admin_ctx, client_id=cid, changes={"document_family_name": "Al-Khateeb", "document_given_names": "Jamal"}
    )
    trace = Trace()
    with admin_ctx.transaction() as uow:  # the same data the service prints, traced
        ref, client = referrals._load(uow, r.id)
        from referral_desk.core.models import Agency, Consent

        data = referrals._sheet_data(
            uow, ref, client, uow.session.get(Agency, ref.agency_id), uow.session.get(Consent, ref.consent_id), TODAY
        )
    pdf = sheet.render_pdf(data, copies=["recipient"], trace=trace)
    from referral_desk.core.documents.text import display

    drawn = "\n".join(trace.lines)
    assert "Jamal Al-Khateeb (" in drawn and display("جمال الخطيب") in drawn
    # in the address window of the client's cover, their own writing (it is their letter)
    assert data.cover is not None and data.cover.client_name == "جمال الخطيب"
    assert pdf.startswith(b"%PDF")


def test_footer_states_confidentiality_per_regime():
    assert "Sozialdaten" not in sheet.footer_text("dsgvo")
    assert "Art. 6 Abs. 1 lit. a DSGVO" in sheet.footer_text("dsgvo")
    assert "§ 6 KDG" in sheet.footer_text("kdg") and "§ 6 DSG-EKD" in sheet.footer_text("dsg-ekd")


# --- rendering without a vault ---------------------------------------------------------------------------

SENDER = letter.Sender(
    name="Diakonisches Werk Pfalz – Migrationsdienst",
    street="Karlstraße 4",
    postal_code="67059",
    city="Ludwigshafen am Rhein",
    phone="0621 520440",
    email="jmd@diakonie.example.org",
    service="Jugendmigrationsdienst",
)
ABH = letter.Recipient(
    name="Stadt Ludwigshafen am Rhein, Bürgerdienste, Abteilung Aufenthaltsrecht",
    street="Teststraße 17",
    postal_code="67059",
    city="Ludwigshafen am Rhein",
)


def _sheet_data(client: dict, categories: list[str], **kw) -> sheet.SheetData:
    args = {
        "sender": SENDER,
        "recipient": ABH,
        "legal_regime": "dsg-ekd",
        "case_number": "2026-00042",
        "referral_id": 17,
        "letter_date": dt.date(2026, 3, 12),
        "printed_on": dt.date(2026, 3, 12),
        "counsellor_name": "Jana Schäfer",
        "counsellor_phone": "0621 520441",
        "counsellor_email": "j.schaefer@diakonie.example.org",
        "sections": sheet.facts_for(client, categories),
        "consent": sheet.ConsentRef(
            5,
            dt.date(2026, 2, 1),
            dt.date(2028, 2, 1),
            tuple(categories),
            "Erteilung oder Verlängerung eines Aufenthaltstitels",
            "one_way",
        ),
        "request": "Verlängerung des Aufenthaltstitels; der Termin ist dringend, die Erlaubnis läuft bald ab.",
        "requested_action": "Termin zur Vorsprache, Ausstellung einer Fiktionsbescheinigung",
        "urgency": "urgent",
        "deadline": dt.date(2026, 3, 26),
        "attachments": ("Kopie Aufenthaltstitel", "Arbeitsvertrag"),
    }
    args.update(kw)
    return sheet.SheetData(**args)


ARABIC_CLIENT = {
    "family_name": "الحسن",
    "given_names": "محمد",
    "document_family_name": "Al-Hassan",
    "document_given_names": "Mohammed",
    "birth_date": dt.date(1990, 1, 15),
    "gender": "male",
    "nationalities": ["SY"],
    "preferred_language": "ar",
    "interpreter_needed": True,
    "residence_status": "aufenthaltserlaubnis_humanitaer",
    "residence_valid_until": dt.date(2026, 5, 31),
    "employment_permitted": "yes",
    "german_level": "A2",
    "integration_course": "attending",
    "arrival_date": dt.date(2016, 2, 1),
    "phone": "0151 2345678",
    "email": None,
    "street": "Bismarckstraße 10",
    "postal_code": "67059",
    "city": "Ludwigshafen am Rhein",
    "jobcenter_customer_number": "123D456789",
}
CYRILLIC_CLIENT = dict(
    ARABIC_CLIENT,
    family_name="Шевченко",
    given_names="Олександра",
    nationalities=["UA"],
    document_family_name="Shevchenko",
    document_given_names="Oleksandra",
    preferred_language="uk",
    residence_status="aufenthaltserlaubnis_24",
    gender="female",
)


def _cover(client: dict) -> sheet.Cover:
    return sheet.Cover(
        language=client["preferred_language"],
        client_name=f"{client['given_names']} {client['family_name']}",
        recipient=letter.Recipient(
            name=f"{client['given_names']} {client['family_name']}",
            street=client["street"],
            postal_code=client["postal_code"],
            city=client["city"],
        ),
        category_labels=("Identität",),
        purpose="Aufenthalt",
    )


@pytest.mark.parametrize("client", [ARABIC_CLIENT, CYRILLIC_CLIENT], ids=["arabic", "cyrillic"])
def test_every_drawn_character_is_in_its_font(client):
    trace = Trace()
    pdf = sheet.render_pdf(_sheet_data(client, ALL, cover=_cover(client)), trace=trace)
    assert pdf.startswith(b"%PDF")
    for seg, face in trace.runs:
        missing = {ch for ch in seg if ord(ch) not in fonts.cmap(face)}
        assert not missing, (seg, face, missing)
    drawn = "\n".join(trace.lines)
    assert f"{client['document_given_names']} {client['document_family_name']} (" in drawn
    assert "12.03.2026" in drawn and "2026-00042 / Ü 17" in drawn


def test_same_input_same_bytes_and_the_window_holds_the_recipient():
    data = _sheet_data(ARABIC_CLIENT, ["identity", "contact"])
    assert sheet.render_pdf(data) == sheet.render_pdf(data)
    pdf = sheet.render_pdf(data, copies=["recipient"])
    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    boxes = page_boxes(pdf, 0)
    window = [b for b in boxes if b.x0 < 105 and 45 <= b.top < 90]
    assert (
        next(b.text for b in window) == "Diakonie Pfalz – Migrationsdienst · Karlstraße 4 · 67059 Ludwigshafen am Rhein"
    )
    assert window[0].inside(20, 45, 105, 50)
    address = [b.text for b in window[1:]]
    assert address[0].startswith("Stadt Ludwigshafen am Rhein") and address[-1] == "67059 Ludwigshafen am Rhein"
    assert all(b.inside(20, 62.7, 105, 90) for b in window[1:])
    assert any(b.text == "Unser Zeichen" and abs(b.x0 - 125) < 0.1 for b in boxes)


def test_logo_of_the_organisation_is_printed(admin_ctx, sentinel_client):
    from PIL import Image

    img = Image.new("RGB", (200, 80), (200, 30, 30))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    organisation.update_organisation(admin_ctx, changes={}, logo_png=buf.getvalue())
    r = referrals.create(
        admin_ctx, client_id=sentinel_client, recipient="jobcenter", categories=["identity"], request="Termin"
    )
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id, copies=["recipient"])
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) not installed")
def test_render_first_page_to_png(tmp_path):
    data = _sheet_data(ARABIC_CLIENT, ["identity", "contact", "residence", "language", "benefits"])
    pdf = sheet.render_pdf(data, copies=["recipient"])
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", "-", str(tmp_path / "page")],
        input=pdf,
        check=True,
        timeout=60,
    )
    from PIL import Image

    with Image.open(tmp_path / "page.png") as im:
        gray = im.convert("L")
        w, _h = gray.size
        px_mm = w / 210

        def ink(x0, y0, x1, y1) -> int:
            box = gray.crop((int(x0 * px_mm), int(y0 * px_mm), int(x1 * px_mm), int(y1 * px_mm)))
            return sum(box.histogram()[:128])

        assert ink(25, 62.7, 100, 85) > 50  # recipient address in the window
        assert ink(25, 10, 120, 35) > 50  # letterhead
        assert ink(0, 0, 200, 6) == 0  # nothing in the top edge
        assert ink(106, 45, 124, 90) == 0  # nothing between the window and the information block


@pytest.mark.vault_only(reason="the demo fills a desk vault")
def test_demo_data_has_structured_facts_and_latin_document_spellings(admin_ctx):
    from sqlalchemy import text as sql

    from referral_desk.core import validation as v
    from referral_desk.core.services import demo

    demo.generate(admin_ctx, clients=60, seed=3)
    with admin_ctx.reading() as conn:
        rows = conn.execute(
            sql(
                "SELECT family_name, given_names, document_family_name, document_given_names, "
                "employment_status, benefit_type, school_education FROM client"
            )
        ).all()
    spelled = [r for r in rows if r.document_family_name]
    assert spelled and all(v.is_latin_name(f"{r.document_family_name} {r.document_given_names or ''}") for r in spelled)
    assert all(v.has_non_latin_letters(f"{r.family_name} {r.given_names}") for r in spelled)
    assert sum(r.employment_status != "unknown" for r in rows) > 10
    assert sum(r.benefit_type != "unknown" for r in rows) > 10


@pytest.mark.vault_only(reason="the demo fills a desk vault")
@pytest.mark.skipif(PDFTOPPM is None, reason="pdftoppm (poppler-utils) not installed")
def test_demo_sheet_fits_a_din_lang_window_envelope(admin_ctx, tmp_path):
    """A sheet printed for a demo client, rendered and looked at: the recipient's address sits
    inside the address field (the envelope window), nothing else does. The committed screenshot
    marks the field."""
    from sqlalchemy import text as sql

    from referral_desk.core.services import demo

    complete_addresses(admin_ctx)
    demo.generate(admin_ctx, clients=80, seed=11)
    with admin_ctx.reading() as conn:
        row = conn.execute(
            sql(
                "SELECT c.id FROM client c JOIN consent k ON k.client_id = c.id JOIN agency a ON a.id = k.agency_id "
                "WHERE c.document_family_name IS NOT NULL AND a.key = 'jobcenter' AND k.withdrawn_on IS NULL "
                "AND k.valid_until > date('now') AND k.given_on <= date('now') ORDER BY c.id"
            )
        ).first()
    assert row is not None
    cid = row.id
    consent.grant(
        admin_ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=ALL[:7],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=1),
        direction="mutual",
    )
    r = referrals.create(
        admin_ctx,
        client_id=cid,
        recipient="jobcenter",
        categories=ALL[:7],
        request="Termin bei der Arbeitsvermittlung; Unterstützung bei der Anerkennung des Berufsabschlusses.",
        purpose="job_placement",
        attachments=["Lebenslauf"],
    )
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id, copies=["recipient"])
    boxes = page_boxes(pdf, 0)
    window = [b for b in boxes if b.top < 90 and b.bottom > 45 and b.x0 < 105]
    assert window and all(b.inside(20, 45, 105, 90) for b in window)
    assert window[-1].text == "67059 Ludwigshafen am Rhein" and window[1].text == "Jobcenter Vorderpfalz-Ludwigshafen"
    subprocess.run(
        [PDFTOPPM, "-png", "-r", "100", "-f", "1", "-l", "1", "-singlefile", "-", str(tmp_path / "p")],
        input=pdf,
        check=True,
        timeout=60,
    )
    from PIL import Image, ImageDraw

    with Image.open(tmp_path / "p.png") as im:
        im = im.convert("RGB")
        px = im.size[0] / 210
        draw = ImageDraw.Draw(im)
        # the address field = the window of a DIN-lang envelope with the sheet folded to form B
        x0, y0, x1, y1 = 20 * px, 45 * px, 105 * px, 90 * px
        for i in range(0, int(x1 - x0), 12):
            draw.line([(x0 + i, y0), (min(x0 + i + 6, x1), y0)], fill=(200, 0, 0), width=2)
            draw.line([(x0 + i, y1), (min(x0 + i + 6, x1), y1)], fill=(200, 0, 0), width=2)
        for i in range(0, int(y1 - y0), 12):
            draw.line([(x0, y0 + i), (x0, min(y0 + i + 6, y1))], fill=(200, 0, 0), width=2)
            draw.line([(x1, y0 + i), (x1, min(y0 + i + 6, y1))], fill=(200, 0, 0), width=2)
        draw.text((x0 + 2, y1 + 3), "Sichtfenster DIN lang (85 x 45 mm, 20 mm / 45 mm)", fill=(200, 0, 0))
        if SCREENSHOTS.is_dir():
            im.save(SCREENSHOTS / "54-referral-sheet-window.png", optimize=True)
