"""DIN 5008 form B, measured in the PDF (issue 10 item 2 and its bad-input list).

Text positions are read back from the rendered PDF with pypdf and compared with the
standard's millimetres: the address field 85 × 45 mm at 20 mm / 45 mm with its return-address
zone (45–50 mm) and address zone (62.7–90 mm), the information block from 125 mm / 50 mm,
the subject at 98.4 mm, page numbers only from page 2."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from referral_desk.core.documents import letter as L  # noqa: N812 - the letter frame's constants read like L.MARGIN
from referral_desk.core.documents.layout import TextBlock
from referral_desk.core.errors import PolicyRefused
from tests.core.pdf_boxes import overlapping, page_boxes, page_count

pytestmark = pytest.mark.both_backends

SENDER = L.Sender(
    name="AWO Kreisverband Ludwigshafen e. V.",
    street="Ludwigstraße 67",
    postal_code="67059",
    city="Ludwigshafen am Rhein",
    phone="0621 123450",
    email="mbe@example.org",
    service="Migrationsberatung für erwachsene Zuwanderer (MBE)",
)
RECIPIENT = L.Recipient(
    name="Jobcenter Vorderpfalz-Ludwigshafen",
    street="Berliner Straße 1",
    postal_code="67059",
    city="Ludwigshafen am Rhein",
    department="Markt und Integration",
)


def head(sender=SENDER, recipient=RECIPIENT, **kw) -> L.LetterHead:
    values = {
        "sender": sender,
        "recipient": recipient,
        "date": dt.date(2026, 3, 12),
        "subject": "Überleitung",
        "our_reference": "2026-00012 / Ü 7",
        "reference_line": "Bezug: Einwilligung Nr. 3 vom 01.03.2026",
        "contact_name": "Dilek Kaya",
        "contact_phone": "0621 123450-12",
        "contact_email": "d.kaya@example.org",
        "footer": "Vertraulich.",
    }
    values.update(kw)
    return L.LetterHead(**values)


def render(h: L.LetterHead, paragraphs: int = 1, signer: str = "Dilek Kaya") -> bytes:
    body = [
        TextBlock("Sehr geehrte Damen und Herren, " + "wir bitten um Ihre Unterstützung. " * 12, size=10, rtl=False)
        for _ in range(paragraphs)
    ]
    return L.render_letter(h, body, signer_name=signer, signer_role="Migrationsberatung")


def zones(pdf: bytes):
    boxes = page_boxes(pdf, 0)
    window = [b for b in boxes if b.x0 < 105 and 44 < b.top < 91]
    ret = [b for b in window if b.top < 50]
    address = [b for b in window if b.top >= 50]
    info = [b for b in boxes if b.x0 >= 120 and 45 < b.top < 98]
    return boxes, ret, address, info


def test_form_b_positions_in_millimetres():
    pdf = render(head())
    boxes, ret, address, info = zones(pdf)
    # return line: one line, inside the 5 mm zone at the top of the field, starting 5 mm inside
    assert len(ret) == 1
    assert ret[0].inside(20, 45, 105, 50)
    assert ret[0].x0 == pytest.approx(25, abs=0.05)
    assert ret[0].text == "AWO KV Ludwigshafen e. V. · Ludwigstraße 67 · 67059 Ludwigshafen am Rhein"  # abbreviated
    # address: in the address zone, first line at its top, writing at 25 mm
    assert [b.text for b in address] == [
        "Jobcenter Vorderpfalz-Ludwigshafen",
        "Markt und Integration",
        "Berliner Straße 1",
        "67059 Ludwigshafen am Rhein",
    ]
    assert all(b.inside(20, 62.7, 105, 90) for b in address)
    assert address[0].top == pytest.approx(62.7, abs=1.0)
    assert all(b.x0 == pytest.approx(25, abs=0.05) for b in address)
    # information block from 125 mm / 50 mm, above the subject line, inside the page's right margin
    labels = {b.text: b for b in info}
    assert {"Unser Zeichen", "Ansprechperson", "Telefon", "E-Mail", "Datum", "12.03.2026"} <= set(labels)
    assert labels["Unser Zeichen"].x0 == pytest.approx(125, abs=0.05)
    assert labels["Unser Zeichen"].top == pytest.approx(50, abs=1.0)
    assert all(b.inside(125, 50, 200, 98.4) for b in info)
    # subject line at 98.4 mm, reference line under it, body from 25 mm
    subject = next(b for b in boxes if b.text == "Überleitung")
    assert subject.top == pytest.approx(98.4, abs=1.0) and subject.x0 == pytest.approx(25, abs=0.05)
    reference = next(b for b in boxes if b.text.startswith("Bezug: Einwilligung"))
    assert subject.bottom <= reference.top < subject.bottom + 3
    # closing formula, then the signer under a signature line
    greeting = next(b for b in boxes if b.text == "Mit freundlichen Grüßen")
    signer = next(b for b in boxes if b.text == "Dilek Kaya" and b.top > greeting.top)
    assert signer.top - greeting.bottom > 10  # room to sign
    assert not overlapping(boxes)
    # one page: no page number
    assert page_count(pdf) == 1
    assert not any(re.fullmatch(r"Seite \d+ von \d+", b.text) for b in boxes)


def test_page_numbers_from_page_two():
    pdf = render(head(), paragraphs=14)
    n = page_count(pdf)
    assert n >= 2
    assert not any(b.text.startswith("Seite ") for b in page_boxes(pdf, 0))
    for i in range(1, n):
        numbers = [b for b in page_boxes(pdf, i) if b.text.startswith("Seite ")]
        assert [b.text for b in numbers] == [f"Seite {i + 1} von {n}"]
        assert numbers[0].x1 == pytest.approx(190, abs=0.1) and numbers[0].bottom > 280
    # following pages repeat who writes and the reference, never the address field
    later = [b.text for b in page_boxes(pdf, 1)]
    assert any("Unser Zeichen 2026-00012 / Ü 7" in t for t in later)
    assert not any(t == "Berliner Straße 1" for t in later)


def test_copies_each_with_their_mark_and_own_numbering():
    doc = L.LetterDocument(title="t", author="a")
    body = [TextBlock("Text. " * 900, size=10, rtl=False)]
    doc.letter("letter", head(), body)
    doc.pages("extra", head(), [TextBlock("Rückmeldung", size=10, rtl=False)], sequence="letter")
    pdf = doc.render([L.CopySpec("Ausfertigung A", ("letter", "extra")), L.CopySpec("Ausfertigung B", ("letter",))])
    n = page_count(pdf)
    per_letter = 0
    while not any(b.text == "Rückmeldung" for b in page_boxes(pdf, per_letter)):
        per_letter += 1
    a_pages = per_letter + 1
    assert n == a_pages + per_letter  # copy B leaves the extra part out
    assert [b.text for b in page_boxes(pdf, a_pages - 1) if b.text.startswith("Seite")] == [
        f"Seite {a_pages} von {a_pages}"
    ]
    assert any(b.text == "Ausfertigung B" for b in page_boxes(pdf, a_pages))
    assert not any(b.text.startswith("Seite") for b in page_boxes(pdf, a_pages))
    assert [b.text for b in page_boxes(pdf, n - 1) if b.text.startswith("Seite")] == [
        f"Seite {per_letter} von {per_letter}"
    ]


LONG_NAME = (
    "Arbeiterwohlfahrt Kreisverband Ludwigshafen am Rhein e. V. – Migrationsberatung für erwachsene "
    "Zuwanderer und Jugendmigrationsdienst, Beratungsstelle Hemshof, Nord und West, Haus der Begegnung"
)


@pytest.mark.parametrize(
    "sender, recipient",
    [
        pytest.param(
            L.Sender(
                name=LONG_NAME[:200],
                street="Ludwigstraße 67",
                postal_code="67059",
                city="Ludwigshafen am Rhein",
                phone="0621 1",
                email="a@example.org",
            ),
            RECIPIENT,
            id="200-character organisation name",
        ),
        pytest.param(
            L.Sender(
                name="Caritasverband für die Diözese Speyer e. V., Caritas-Zentrum Ludwigshafen",
                street="Bürgermeister-Grünzweig-Straße 101–105a",
                postal_code="67059",
                city="Ludwigshafen am Rhein",
                phone="0621 1",
                email="a@example.org",
            ),
            RECIPIENT,
            id="street with house-number range",
        ),
        pytest.param(
            SENDER,
            L.Recipient(
                name="Stadt Ludwigshafen am Rhein, Bürgerdienste, Abteilung Aufenthaltsrecht",
                department="Bereich 3-21 Ausländerangelegenheiten\nTeam Erwerbstätigkeit "
                "und Ausbildung, Sachgebiet Arbeitsmarktzulassung",
                contact_person="Frau İpek Özdemir-von Bülow",
                street="Westendstraße 17–19a",
                postal_code="67059",
                city="Ludwigshafen am Rhein",
            ),
            id="department on two lines and contact person",
        ),
        pytest.param(
            SENDER,
            L.Recipient(
                name="Agentur für Arbeit Ludwigshafen, Gemeinsamer Arbeitgeber-Service und "
                "Team Reha/Schwerbehinderte, Integrationsfachdienst Vorderpfalz-Nord",
                department="Team 311 – Berufsberatung vor dem Erwerbsleben\nMarkt & Integration",
                contact_person="Herrn Mohammed bin Abdallah Al-Khateeb d'Almeida",
                street="Berliner Straße 23a–25 (Eingang C, 2. OG, Zimmer 213)",
                postal_code="67059",
                city="Ludwigshafen am Rhein",
            ),
            id="everything long at once",
        ),
        pytest.param(
            SENDER,
            L.Recipient(
                name="Jobcenter",
                street="Yıldız-İnönü-Straße 1",
                postal_code="67059",
                city="Ludwigshafen",
                contact_person="Herrn O'Neill-van der Berg",
            ),
            id="Turkish dotted and dotless i, apostrophes, particles",
        ),
    ],
)
def test_bad_input_still_fits_the_window_without_cuts_or_overprint(sender, recipient):
    pdf = render(
        head(
            sender=sender,
            recipient=recipient,
            contact_name="Ahmad bin Abdallah Al-Khateeb von Wedel-Jarlsberg",
            contact_email="ahmad.bin.abdallah.al-khateeb@migrationsberatung.example.org",
        )
    )
    boxes, ret, address, info = zones(pdf)
    assert len(ret) == 1 and ret[0].inside(20, 45, 105, 50)
    # the sender's address is printed whole; only the name may be shortened
    assert f"{sender.street} · {sender.postal_code} {sender.city}" in ret[0].text
    assert all(b.inside(20, 62.7, 105, 90) for b in address), [(b.text, b.top, b.bottom, b.x1) for b in address]
    joined = " ".join(b.text for b in address)
    assert recipient.street in joined and f"{recipient.postal_code} {recipient.city}" in joined
    assert address[-1].text == f"{recipient.postal_code} {recipient.city}"
    assert all(b.inside(125, 50, 200, 98.4) for b in info)
    # the letterhead stays above the address field
    assert all(b.bottom <= 45 for b in boxes if b.top < 44)
    assert not overlapping(boxes), overlapping(boxes)[:3]


def test_return_line_abbreviates_the_name_first_and_refuses_rather_than_cut_the_address():
    text, size = L.return_line(
        L.Sender(name=LONG_NAME, street="Ludwigstraße 67", postal_code="67059", city="Ludwigshafen am Rhein")
    )
    assert text.endswith(" · Ludwigstraße 67 · 67059 Ludwigshafen am Rhein") and text.startswith("AWO KV")
    assert 6 <= size <= 7
    with pytest.raises(PolicyRefused) as exc:
        L.return_line(L.Sender(name="AWO", street="Straße " * 30, postal_code="67059", city="Ludwigshafen"))
    assert exc.value.exit_code == 3 and exc.value.params["field"] == "organisation.street"


def test_address_keeps_postal_lines_when_the_name_is_huge():
    block = L.address_block(
        L.Recipient(
            name="Sehr lange Stelle " * 16,
            department="Abteilung A\nTeam B",
            contact_person="Frau X",
            street="Hauptstraße 1",
            postal_code="67059",
            city="Ludwigshafen",
        )
    )
    assert len(block.lines) <= 8 and block.size == 8
    assert block.lines[-2:] == ("Hauptstraße 1", "67059 Ludwigshafen")
    assert any(line.endswith("…") for line in block.lines) and "Frau X" not in block.lines
