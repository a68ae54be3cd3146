"""Referral sheets: one sheet (three copies) after the fonts are loaded, and 1,000 sheets in
one batch through the service (consent re-check, fingerprint and audit per sheet).

Every iteration renders a sheet with different personal data (names in Latin, Arabic and
Cyrillic script, requests), so the per-line caches of the layout only help with what really
repeats from sheet to sheet: headings, labels, the letterhead.
"""

from __future__ import annotations

import datetime as dt
import io
import time

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from benchmarks.common import BenchEnv, Figure, median_ms
from referral_desk.core.documents import fonts, letter, referral_sheet as sheet
from referral_desk.core.documents.layout import Trace
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients, consent, organisation, referrals, setup

USER = "admin"
PASSWORD = "Benchmark-Rheinufer-2026"
NAMES = [
    ("Yılmaz", "Ayşe"),
    ("الحسن", "محمد"),
    ("Шевченко", "Олександра"),
    ("Popescu", "Ioana"),
    ("Ahmadi", "Fatemeh"),
    ("Krasniqi", "Arben"),
    ("Nowak", "Piotr"),
    ("حسینی", "زهرا"),
]
ALL = ["identity", "contact", "residence", "language", "benefits"]


def _client(i: int) -> dict:
    family, given = NAMES[i % len(NAMES)]
    latin = family.isascii() or not any("\u0400" <= ch <= "\u06ff" for ch in family)
    return {
        "family_name": f"{family}",
        "given_names": f"{given} {i}" if i >= len(NAMES) else given,
        "document_family_name": None if latin else "Al-Hassan",
        "document_given_names": None if latin else "Jamal",
        # every one of the 200 an adult today (a minor under 15 needs a guardian to sign)
        "birth_date": (dt.date(1950, 1, 1) + dt.timedelta(days=97 * i)).isoformat(),
        "gender": "female",
        "nationalities": ["SY"],
        "preferred_language": "ar",
        "interpreter_needed": bool(i % 2),
        "residence_status": "aufenthaltserlaubnis_humanitaer",
        "residence_valid_until": (dt.date.today() + dt.timedelta(days=200 + i)).isoformat(),
        "employment_permitted": "yes",
        "german_level": "A2",
        "integration_course": "attending",
        "phone": f"0621 {1000000 + i}",
        "address": {"street": f"Bismarckstraße {i % 120 + 1}", "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
        "jobcenter_customer_number": f"{100 + i % 900}D{100000 + i}",
        "benefit_type": "sgb2",
        "jobcenter_bg_number": f"{10000 + i}BG{1000000 + i}",
        "abh_file_reference": f"32.1-{i}/24",
    }


SENDER = letter.Sender(
    name="AWO Kreisverband Ludwigshafen e. V.",
    street="Kaiser-Wilhelm-Straße 12",
    postal_code="67059",
    city="Ludwigshafen am Rhein",
    phone="0621 555000",
    email="mbe@awo.example.org",
    service="Migrationsberatung für erwachsene Zuwanderer (MBE)",
)
RECIPIENT = letter.Recipient(
    name="Jobcenter Vorderpfalz-Ludwigshafen",
    department="Team Integration",
    street="Teststraße 1",
    postal_code="67059",
    city="Ludwigshafen am Rhein",
)


def _data(i: int) -> sheet.SheetData:
    client = {**_client(i), "street": f"Bismarckstraße {i}", "postal_code": "67059", "city": "Ludwigshafen am Rhein"}
    own = f"{client['given_names']} {client['family_name']}"
    return sheet.SheetData(
        sender=SENDER,
        recipient=RECIPIENT,
        legal_regime="dsgvo",
        case_number=f"2026-{i:05d}",
        referral_id=i,
        letter_date=dt.date(2026, 3, 12),
        printed_on=dt.date(2026, 3, 12),
        counsellor_name="Anna Becker",
        counsellor_phone="0621 555012",
        counsellor_email="a.becker@awo.example.org",
        sections=sheet.facts_for(client, ALL),
        consent=sheet.ConsentRef(
            i,
            dt.date(2026, 1, 10),
            dt.date(2028, 1, 10),
            tuple(ALL),
            "Vermittlung in Arbeit oder Ausbildung",
            "mutual" if i % 2 else "one_way",
        ),
        request=f"Termin bei der Arbeitsvermittlung wegen Arbeitsaufnahme (Fall {i}).",
        requested_action="Beratung über Eingliederungsleistungen",
        urgency="urgent" if i % 3 == 0 else "normal",
        deadline=dt.date(2026, 3, 26) if i % 3 == 0 else None,
        attachments=("Lebenslauf", f"Zeugnis {i}"),
        cover=sheet.Cover(
            language="ar",
            client_name=own,
            category_labels=("الهوية", "العنوان"),
            purpose="التوسط في العمل",
            recipient=letter.Recipient(
                name=own, street=client["street"], postal_code="67059", city="Ludwigshafen am Rhein"
            ),
        ),
    )


def _floor(trace: Trace, copies: int) -> bytes:
    """The same runs drawn with the same fonts on a bare canvas, one page per 60 lines: the
    text of one copy (the trace records the shared pages once) drawn once per copy."""
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4, invariant=1)
    for _ in range(copies):
        y = 800.0
        for seg, face in trace.runs:
            canv.setFont(face, 9)
            canv.drawString(60, y, seg)
            y -= 12
            if y < 60:
                canv.showPage()
                y = 800.0
        canv.showPage()
    canv.save()
    return buf.getvalue()


def run(env: BenchEnv) -> list[Figure]:
    figures: list[Figure] = []
    floor_3 = 0.0
    fonts.ensure_registered()
    for i in range(3):  # fonts loaded, static lines measured once
        sheet.render_pdf(_data(10_000 + i))
    # --- one sheet --------------------------------------------------------------------------
    for copies, label in ((sheet.COPIES, "3 copies"), (("recipient",), "1 copy")):
        samples, floors = [], []
        for i in range(40):
            data = _data(i)
            # CPU time of this process: rendering is single-threaded CPU work, and on a shared
            # machine wall time mostly measures the other processes (the floor is timed the same way).
            t = time.process_time()
            sheet.render_pdf(data, copies=copies)
            samples.append(time.process_time() - t)
            trace = Trace()
            sheet.render_pdf(data, copies=("recipient",), trace=trace)
            t = time.process_time()
            _floor(trace, len(copies))
            floors.append(time.process_time() - t)
        value, floor = median_ms(samples), median_ms(floors)
        if len(copies) == 3:
            floor_3 = floor
        figures.append(
            Figure(
                f"referral sheet, {label} (client copy with its cover; CPU time, median of 40, distinct data)",
                value,
                "ms",
                "≤ 60 ms after fonts are loaded",
                floor,
                "reportlab canvas drawing the same runs with the same fonts",
                ok=value <= 60,
            )
        )
    # --- 1,000 sheets through the service -------------------------------------------------------
    ctx, _ = setup.initialise(
        env.workdir / "referrals-vault",
        org_name="Benchmark e. V.",
        admin=USER,
        password=PASSWORD,
        kdf=KdfParams.fast_for_tests(),
        street="Kaiser-Wilhelm-Straße 12",
        postal_code="67059",
        city="Ludwigshafen am Rhein",
        phone="0621 555000",
        email="mbe@awo.example.org",
    )
    try:
        organisation.save_agency(
            ctx,
            key="jobcenter",
            data={"street": "Teststraße 1", "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
        )
        made = clients.create_clients(ctx, items=[_client(i) for i in range(200)], allow_duplicate=True)
        ids = []
        for c in made:
            consent.grant(
                ctx,
                client_id=c.id,
                recipient="jobcenter",
                categories=ALL,
                purpose="Vermittlung in Arbeit",
                given_on=dt.date.today() - dt.timedelta(days=30),
            )
            for k in range(5):
                ids.append(
                    referrals.create(
                        ctx,
                        client_id=c.id,
                        recipient="jobcenter",
                        categories=ALL,
                        request=f"Termin {k}",
                        attachments=["Lebenslauf"],
                    ).id
                )
        t = time.perf_counter()
        for rid in ids:
            referrals.render_sheet(ctx, referral_id=rid)
        batch_s = time.perf_counter() - t
        floor_s = floor_3 / 1000 * len(ids)
        figures.append(
            Figure(
                f"{len(ids):,} sheets (3 copies each) in one batch through the service",
                batch_s,
                "s",
                "reported (total seconds)",
                floor_s,
                f"{len(ids):,} × the canvas floor of one sheet (3 copies)",
                note=f"{batch_s / len(ids) * 1000:.0f} ms per sheet incl. consent check, fingerprint and audit event",
            )
        )
    finally:
        ctx.vault.close()
    return figures


if __name__ == "__main__":  # pragma: no cover - quick look without the full run
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as tmp:
        for f in run(BenchEnv(workdir=Path(tmp))):
            ratio = f" ({f.value / f.floor:.2f}× floor {f.floor:.1f})" if f.floor else ""
            print(f"{f.name}: {f.value:.1f} {f.unit}{ratio} target {f.target} ok={f.ok} {f.note}")
