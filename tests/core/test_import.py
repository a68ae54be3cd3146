"""List import (DESIGN.md §11): readers, mapping, conversions and the import service on a
real vault. Every bad input names row/column (or the file) and writes nothing unless the
caller asked to skip."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest
from sqlalchemy import text

from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.importing import (
    ImportCancelled,
    MappingFile,
    check_import,
    convert as cv,
    import_clients,
    preview,
)
from referral_desk.core.importing.mapping import auto_mapping, detect_layout
from referral_desk.core.services import clients, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import client_data
from tests.core.import_lists import GERMAN_HEADERS, german_rows, write_csv, write_ods, write_xlsx

# The list import runs on the team database too (ids from the table's sequence, duplicates in
# other caseloads counted by the server): REFERRAL_DESK_TEST_BACKEND=postgresql runs these again.
pytestmark = pytest.mark.both_backends


def _count(ctx, table: str) -> int:
    with ctx.reading() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()


def _state(ctx) -> tuple[int, int, int]:
    return _count(ctx, "client"), _count(ctx, "contact"), _count(ctx, "audit_event")


def _row(**over):
    base = dict(zip(GERMAN_HEADERS, german_rows(1)[0]))
    base.update(over)
    return [base[h] for h in GERMAN_HEADERS]


# --- conversions --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("12.03.1985", dt.date(1985, 3, 12)),
        ("1.2.85", dt.date(1985, 2, 1)),
        ("01.02.05", dt.date(2005, 2, 1)),
        ("1985-03-12", dt.date(1985, 3, 12)),
        (31118.0, dt.date(1985, 3, 12)),
        ("31118", dt.date(1985, 3, 12)),
        (dt.datetime(1985, 3, 12, 0, 0), dt.date(1985, 3, 12)),
        ("", None),
    ],
)
def test_dates(cell, expected):
    assert cv.date_value(cell) == expected


@pytest.mark.parametrize(
    "cell, code",
    [
        ("31.02.1990", "import.date_impossible"),
        ("12/03/1985", "import.date"),
        ("gestern", "import.date"),
        (True, "import.date"),
    ],
)
def test_bad_dates(cell, code):
    with pytest.raises(cv.CellError) as exc:
        cv.date_value(cell)
    assert exc.value.code == code and not exc.value.params


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Türkei", ["TR"]),
        ("türkisch", ["TR"]),
        ("Syrien", ["SY"]),
        ("syrisch", ["SY"]),
        ("TUERKISCH", ["TR"]),
        ("afghanisch", ["AF"]),
        ("eritreisch", ["ER"]),
        ("ukrainisch", ["UA"]),
        ("Turkish", ["TR"]),
        ("Syrian", ["SY"]),
        ("Iraqi", ["IQ"]),
        ("deutsch/türkisch", ["DE", "TR"]),
        ("tr", ["TR"]),
        ("staatenlos", ["stateless"]),
        ("ungeklärt", ["unknown"]),
        ("Kosovo", ["XK"]),
        ("kosovarisch", ["XK"]),
    ],
)
def test_countries_from_names_adjectives_and_codes(cell, expected):
    assert cv.nationalities_value(cell) == expected


def test_unknown_country_is_refused_without_echo():
    with pytest.raises(cv.CellError) as exc:
        cv.nationalities_value("Atlantis")
    assert exc.value.code == "import.country" and "Atlantis" not in repr(exc.value.params)


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("w", "female"),
        ("weiblich", "female"),
        ("Frau", "female"),
        ("m", "male"),
        ("Herr", "male"),
        ("d", "diverse"),
        ("divers", "diverse"),
        ("k. A.", "unspecified"),
        ("F", "female"),
    ],
)
def test_gender(cell, expected):
    assert cv.gender_value(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [("Arabisch", "ar"), ("Türkisch", "tr"), ("Farsi", "fa"), ("Persian", "fa"), ("Tigrinya", "ti"), ("uk", "uk")],
)
def test_languages(cell, expected):
    assert cv.language_value(cell) == expected


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("Duldung", "duldung"),
        ("Niederlassungserlaubnis", "niederlassungserlaubnis"),
        ("§ 24 AufenthG", "aufenthaltserlaubnis_24"),
        ("Blaue Karte EU", "blaue_karte_eu"),
        ("aufenthaltsgestattung", "aufenthaltsgestattung"),
    ],
)
def test_residence_status_labels(cell, expected):
    assert cv.residence_status_value(cell) == expected


def test_ambiguous_residence_label_is_refused():
    with pytest.raises(cv.CellError):
        cv.residence_status_value("Aufenthaltserlaubnis")  # five kinds: the list must say which


def test_phone_and_postal_code_stay_text():
    assert cv.phone_value(6211234567.0) == "6211234567"
    assert cv.phone_value("+49 621 123-45") == "+49 621 123-45"
    assert cv.postal_code_value(1067.0) == "01067" and cv.postal_code_value("67059") == "67059"


# --- header detection and mapping -----------------------------------------------------------


def test_header_row_below_a_title_and_mapping_by_german_names():
    rows = [
        (1, ["Klientenliste 2025", "", ""]),
        (2, ["", "", ""]),
        (3, ["Nachname", "Vorname", "Geb.-Datum", "Staatsangehörigkeit", "Tel.", "Sonstiges"]),
    ]
    layout = detect_layout(rows)
    assert layout.header_row == 3
    mapping = auto_mapping(layout)
    assert mapping.fields == {0: "family_name", 1: "given_names", 2: "birth_date", 3: "nationalities", 4: "phone"}


def test_english_headers():
    layout = detect_layout([(1, ["Last name", "First name", "Date of birth", "Nationality", "E-mail"])])
    assert set(auto_mapping(layout).fields.values()) == {
        "family_name",
        "given_names",
        "birth_date",
        "nationalities",
        "email",
    }


def test_mapping_file_round_trip_holds_headers_only(tmp_path):
    f = write_xlsx(tmp_path / "liste.xlsx", german_rows(3))
    pv = preview(f)
    mf = MappingFile.from_mapping(pv.layout, pv.mapping)
    body = json.loads(mf.to_json())
    assert body["format"] == "referral-desk-import-mapping" and body["header_row"] == 3
    assert body["columns"]["Geb.-Datum"] == "birth_date"
    assert "Yılmaz" not in mf.to_json()
    again = MappingFile.from_json(mf.to_json())
    assert again.apply(pv.layout).fields == pv.mapping.fields
    with pytest.raises(InvalidInput) as exc:
        MappingFile.from_json(json.dumps({**body, "columns": {"Nachname": "hobby"}}))
    assert exc.value.field == "mapping.columns"


def test_unusual_headers_import_with_a_mapping_file(admin_ctx, tmp_path):
    headers = ["Familie", "Rufname", "Tag der Geburt"]
    f = write_csv(tmp_path / "liste.csv", [["Nowak", "Anna", "02.03.1990"]], headers=headers)
    with pytest.raises(InvalidInput) as exc:
        import_clients(admin_ctx, path=f)
    assert exc.value.field == "family_name"  # no column for a required field
    mf = MappingFile(columns={"Familie": "family_name", "Rufname": "given_names", "Tag der Geburt": "birth_date"})
    report = import_clients(admin_ctx, path=f, mapping=mf)
    assert report.created == 1 and report.header_row == 1


# --- the German Excel list -----------------------------------------------------------------------


def test_german_excel_list_with_title_row_imports_like_client_add(admin_ctx, tmp_path):
    f = write_xlsx(tmp_path / "Klientenliste.xlsx", german_rows(60), extra_sheets=("Hinweise",))
    before = _count(admin_ctx, "audit_event")
    report = import_clients(admin_ctx, path=f, sheet="Klienten")
    assert (report.rows, report.created, report.skipped, report.invalid, report.duplicates) == (60, 60, 0, [], [])
    assert report.header_row == 3 and report.contacts == 20 and len(report.client_ids) == 60
    first = clients.get_client(admin_ctx, client_id=report.client_ids[0])
    assert (first.family_name, first.given_names, first.birth_date) == ("Yılmaz", "Ayşe", german_first_birth())
    assert first.nationalities == ["TR"] and first.preferred_language == "tr" and first.gender == "female"
    assert first.residence_status == "niederlassungserlaubnis" and first.address.city == "Ludwigshafen am Rhein"
    assert first.last_contact_on is not None
    # the same data through client add gives the same record
    twin = clients.create_client(
        admin_ctx,
        data=client_data(
            family_name="Zweitperson",
            given_names="Test",
            birth_date=first.birth_date.isoformat(),
            gender="female",
            nationalities=["TR"],
            preferred_language="tr",
            residence_status="niederlassungserlaubnis",
            employment_permitted="unknown",
            german_level="unknown",
            arrival_date=None,
            phone=first.phone,
            email=None,
            address={"street": first.address.street, "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
            jobcenter_customer_number=None,
            notes=first.notes,
        ),
    )
    skip = {"id", "case_number", "family_name", "given_names", "created_at", "updated_at", "last_contact_on"}
    assert first.model_dump(exclude=skip) == twin.model_dump(exclude=skip)
    assert int(twin.case_number.split("-")[1]) == int(report_case_max(admin_ctx, report)) + 1
    # search finds imported people, also by transliteration
    assert report.client_ids[0] in {c.id for c in clients.find_clients(admin_ctx, text_query="Yilmaz Ayse")}
    # audit: one import event with the file's hash (not its name), one create per client
    with admin_ctx.reading() as conn:
        events = conn.execute(
            text("SELECT action, entity_id, fields FROM audit_event WHERE seq > :s ORDER BY seq"), {"s": before}
        ).all()
    actions = [e.action for e in events]
    assert actions.count("client.create") == 61 and actions.count("contact.create") == 20
    imp = [e for e in events if e.action == "client.import"]
    assert len(imp) == 1 and f"sha256:{report.sha256}" in imp[0].fields and "Klientenliste" not in imp[0].fields


def german_first_birth() -> dt.date:
    return dt.datetime.strptime(german_rows(1)[0][2], "%d.%m.%Y").date()


def report_case_max(ctx, report) -> str:
    with ctx.reading() as conn:
        return (
            conn.execute(
                text(
                    "SELECT max(case_number) FROM client WHERE id IN ({})".format(",".join(map(str, report.client_ids)))
                )
            )
            .scalar()
            .split("-")[1]
        )


def test_second_import_finds_every_row_as_duplicate(admin_ctx, tmp_path):
    f = write_xlsx(tmp_path / "liste.xlsx", german_rows(10))
    import_clients(admin_ctx, path=f)
    state = _state(admin_ctx)
    again = import_clients(admin_ctx, path=f)
    assert again.outcome == "refused_duplicates" and again.exit_code == 3 and again.created == 0
    assert [d.case_number for d in again.duplicates][:2] == [
        f"{dt.date.today().year}-00001",
        f"{dt.date.today().year}-00002",
    ]
    assert _state(admin_ctx) == state
    skipped = import_clients(admin_ctx, path=f, on_duplicate="skip")
    assert (skipped.created, skipped.skipped, len(skipped.duplicates)) == (0, 10, 10)
    created = import_clients(admin_ctx, path=f, on_duplicate="create")
    assert created.created == 10 and _count(admin_ctx, "client") == 20


def test_dry_run_writes_nothing(admin_ctx, tmp_path):
    f = write_xlsx(tmp_path / "liste.xlsx", german_rows(5))
    state = _state(admin_ctx)
    report = import_clients(admin_ctx, path=f, dry_run=True)
    assert report.outcome == "dry_run" and report.would_create == 5 and report.created == 0
    assert _state(admin_ctx) == state


def test_cancel_during_the_write_leaves_nothing(admin_ctx, tmp_path):
    f = write_xlsx(tmp_path / "liste.xlsx", german_rows(1200))
    state = _state(admin_ctx)
    seen = []

    def progress(stage, done, total):
        seen.append(stage)

    with pytest.raises(ImportCancelled):
        import_clients(admin_ctx, path=f, progress=progress, cancelled=lambda: "import" in seen and len(seen) > 3)
    assert _state(admin_ctx) == state


def test_csv_utf8_bom_semicolon_and_quoted_newlines(admin_ctx, tmp_path):
    rows = german_rows(3)
    rows[1][-1] = "Zeile eins\nZeile zwei; mit Semikolon"
    f = write_csv(tmp_path / "liste.csv", rows)
    assert f.read_bytes().startswith(b"\xef\xbb\xbf")
    report = import_clients(admin_ctx, path=f)
    assert report.created == 3
    assert (
        clients.get_client(admin_ctx, client_id=report.client_ids[1]).notes == "Zeile eins\nZeile zwei; mit Semikolon"
    )


def test_csv_windows_1252_comma(admin_ctx, tmp_path):
    rows = [
        [
            "Müller",
            "Jörg",
            "03.04.1970",
            "m",
            "türkisch",
            "Türkisch",
            "",
            "Maxstraße 1",
            "67059",
            "Ludwigshafen",
            "Duldung",
            "",
            "",
        ]
    ]
    f = write_csv(tmp_path / "liste.csv", rows, delimiter=",", encoding="cp1252")
    report = import_clients(admin_ctx, path=f)
    got = clients.get_client(admin_ctx, client_id=report.client_ids[0])
    assert (got.family_name, got.given_names, got.nationalities) == ("Müller", "Jörg", ["TR"])


def test_ods(admin_ctx, tmp_path):
    f = write_ods(tmp_path / "liste.ods", german_rows(4))
    report = import_clients(admin_ctx, path=f)
    assert report.created == 4 and report.sheet == "Tabelle1"


# --- bad input: each names what is wrong and writes nothing ----------------------------------------


def _refused(ctx, path, field="file", **kw):
    state = _state(ctx)
    with pytest.raises(InvalidInput) as exc:
        import_clients(ctx, path=path, **kw)
    assert exc.value.field == field
    assert _state(ctx) == state
    return exc.value


def test_empty_file(admin_ctx, tmp_path):
    (tmp_path / "leer.csv").write_bytes(b"")
    assert _refused(admin_ctx, tmp_path / "leer.csv").code == "import.empty"
    (tmp_path / "leer.xlsx").write_bytes(b"")
    assert _refused(admin_ctx, tmp_path / "leer.xlsx").code == "import.empty"


def test_header_only(admin_ctx, tmp_path):
    f = write_xlsx(tmp_path / "kopf.xlsx", [])
    assert _refused(admin_ctx, f).code == "import.no_rows"
    f = write_csv(tmp_path / "kopf.csv", [])
    assert _refused(admin_ctx, f).code == "import.no_rows"


def test_a_200_mb_file_is_refused_before_reading(admin_ctx, tmp_path):
    big = tmp_path / "gross.csv"
    with open(big, "wb") as fh:  # sparse: 200 MB without writing 200 MB
        fh.truncate(200 * 1024 * 1024)
    err = _refused(admin_ctx, big)
    assert err.code == "import.too_large" and "100 MB" in err.message("de")
    small = write_csv(tmp_path / "klein.csv", german_rows(50))
    assert _refused(admin_ctx, small, max_bytes=1024 * 1024 // 1024).code == "import.too_large"


def test_password_protected_xlsx(admin_ctx, tmp_path):
    import msoffcrypto.format.ooxml as ooxml

    plain = write_xlsx(tmp_path / "plain.xlsx", german_rows(2))
    locked = tmp_path / "geschuetzt.xlsx"
    with open(plain, "rb") as src, open(locked, "wb") as out:
        ooxml.OOXMLFile(src).encrypt("Geheim-2025", out)
    err = _refused(admin_ctx, locked)
    assert err.code == "import.password" and "Passwort" in err.message("de")


def test_formula_cell_imports_the_cached_text_never_evaluated(admin_ctx, tmp_path):
    row = _row(Bemerkung='=HYPERLINK("http://example.org/x","klick")')
    f = write_xlsx(tmp_path / "formel.xlsx", [row])
    report = import_clients(admin_ctx, path=f)
    assert clients.get_client(admin_ctx, client_id=report.client_ids[0]).notes == "klick"


def test_merged_cells_give_their_value_to_every_covered_row(admin_ctx, tmp_path):
    import xlsxwriter

    f = tmp_path / "verbunden.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet("Liste")
    ws.write_row(0, 0, ["Nachname", "Vorname", "Geburtsdatum", "Staatsangehörigkeit"])
    ws.write_row(1, 0, ["Haidari", "Farid", "01.01.1990"])
    ws.write_row(2, 0, ["Haidari", "Leyla", "02.02.1992"])
    ws.merge_range(1, 3, 2, 3, "afghanisch")  # one nationality cell for the family
    wb.close()
    report = import_clients(admin_ctx, path=f)
    assert [clients.get_client(admin_ctx, client_id=i).nationalities for i in report.client_ids] == [["AF"], ["AF"]]


def test_hidden_rows_are_imported_like_visible_ones(admin_ctx, tmp_path):
    import xlsxwriter

    f = tmp_path / "versteckt.xlsx"
    wb = xlsxwriter.Workbook(str(f))
    ws = wb.add_worksheet()
    ws.write_row(0, 0, ["Nachname", "Vorname", "Geburtsdatum"])
    ws.write_row(1, 0, ["Sichtbar", "Anna", "01.01.1990"])
    ws.write_row(2, 0, ["Versteckt", "Berta", "02.01.1990"])
    ws.set_row(2, None, None, {"hidden": True})
    wb.close()
    report = import_clients(admin_ctx, path=f)
    assert report.rows == 2 and report.created == 2


def test_binary_garbage_renamed_csv(admin_ctx, tmp_path):
    f = tmp_path / "liste.csv"
    f.write_bytes(os.urandom(4096))
    assert _refused(admin_ctx, f).code in ("import.not_text", "import.mixed_encoding")
    g = tmp_path / "tabelle.csv"
    g.write_bytes(write_xlsx(tmp_path / "x.xlsx", german_rows(2)).read_bytes())
    assert _refused(admin_ctx, g).code == "import.not_text"


def test_mixed_encodings_name_the_row(admin_ctx, tmp_path):
    f = tmp_path / "gemischt.csv"
    f.write_bytes(
        "Nachname;Vorname;Geburtsdatum\nMüller;Jörg;01.01.1970\n".encode()
        + "Schäfer;Bärbel;02.02.1972\n".encode("cp1252")
    )
    err = _refused(admin_ctx, f)
    assert err.code == "import.mixed_encoding" and err.params["row"] == 3
    g = tmp_path / "gemischt2.csv"
    g.write_bytes(
        "Nachname;Vorname;Geburtsdatum\nSchäfer;Bärbel;02.02.1972\n".encode("cp1252")
        + "Müller;Jörg;01.01.1970\n".encode()
    )
    err = _refused(admin_ctx, g)
    assert err.code == "import.mixed_encoding" and err.params["row"] == 3


@pytest.mark.parametrize(
    "column, value, field, code",
    [
        ("Geb.-Datum", "31.02.1990", "birth_date", "import.date_impossible"),
        (
            "Geb.-Datum",
            (dt.date.today() + dt.timedelta(days=30)).strftime("%d.%m.%Y"),
            "birth_date",
            "input.date_future",
        ),
        ("Staatsangehörigkeit", "Atlantis", "nationalities", "import.country"),
        ("Nachname", "X" * 10_000, "family_name", "input.too_long"),
        ("Geschlecht", "vielleicht", "gender", "import.gender"),
        ("Telefon", "ruft nicht an", "phone", "input.phone"),
    ],
)
def test_invalid_cells_name_row_and_column_never_the_value(admin_ctx, tmp_path, column, value, field, code):
    rows = german_rows(3)
    rows[1][GERMAN_HEADERS.index(column)] = value
    f = write_xlsx(tmp_path / "liste.xlsx", rows)
    state = _state(admin_ctx)
    report = import_clients(admin_ctx, path=f)
    assert report.outcome == "refused_invalid" and report.exit_code == 2 and report.created == 0
    assert [(p.row, p.column, p.field, p.code) for p in report.invalid] == [(5, column, field, code)]
    dumped = json.dumps(report.to_json("de"), ensure_ascii=False) + json.dumps(report.to_json("en"))
    assert value[:8] not in dumped
    assert _state(admin_ctx) == state
    skipped = import_clients(admin_ctx, path=f, on_invalid="skip")
    assert (skipped.created, skipped.skipped, len(skipped.invalid)) == (2, 1, 1)


def test_ten_thousand_character_notes_are_fine(admin_ctx, tmp_path):
    f = write_xlsx(tmp_path / "lang.xlsx", [_row(Bemerkung="Notiz " * 1666)])
    report = import_clients(admin_ctx, path=f)
    assert len(clients.get_client(admin_ctx, client_id=report.client_ids[0]).notes) >= 9990


def test_duplicate_header_names_need_a_decision(admin_ctx, tmp_path):
    headers = ["Nachname", "Vorname", "Geburtsdatum", "Telefon", "Telefon"]
    f = write_csv(tmp_path / "liste.csv", [["Nowak", "Anna", "01.01.1980", "0621 1", "0176 2"]], headers=headers)
    err = _refused(admin_ctx, f, field="phone")
    assert err.code == "import.header_twice" and "Telefon, Telefon (2)" in err.message("de")
    mf = MappingFile(
        columns={
            "Nachname": "family_name",
            "Vorname": "given_names",
            "Geburtsdatum": "birth_date",
            "Telefon (2)": "phone",
        }
    )
    report = import_clients(admin_ctx, path=f, mapping=mf)
    assert clients.get_client(admin_ctx, client_id=report.client_ids[0]).phone == "0176 2"


def test_the_same_person_twice_in_the_file(admin_ctx, tmp_path):
    rows = german_rows(3)
    twin = list(rows[0])
    twin[0], twin[1] = "Yilmaz", "Ayse"  # transliterated: the same duplicate key
    rows.append(twin)
    f = write_xlsx(tmp_path / "liste.xlsx", rows)
    state = _state(admin_ctx)
    report = import_clients(admin_ctx, path=f)
    assert report.outcome == "refused_duplicates"
    assert [d.to_json() for d in report.duplicates] == [{"row": 7, "same_as_row": 4}]
    assert _state(admin_ctx) == state
    skipped = import_clients(admin_ctx, path=f, on_duplicate="skip")
    assert (skipped.created, skipped.skipped) == (3, 1)


@pytest.mark.vault_only(reason="desk user accounts (the server's: tests/team/test_team_import.py)")
def test_duplicates_of_another_caseload_hide_the_case_number(admin_ctx, vault_path, tmp_path):
    from referral_desk.core.keyring import KdfParams

    existing = clients.create_client(admin_ctx, data=client_data())
    users.add_user(admin_ctx, name="berater", role="counsellor", password="Beratung-Hemshof-1")
    f = write_csv(
        tmp_path / "liste.csv", [["Yilmaz", "Ayse", "12.03.1985"]], headers=["Nachname", "Vorname", "Geburtsdatum"]
    )
    vault = Vault.unlock(vault_path, user="berater", password="Beratung-Hemshof-1", kdf=KdfParams.fast_for_tests())
    try:
        counsellor = ServiceContext.sign_in(vault, "berater")
        report = import_clients(counsellor, path=f)
        assert report.outcome == "refused_duplicates"
        assert report.duplicates[0].to_json() == {"row": 2, "in_vault": True}
        assert existing.case_number not in json.dumps(report.to_json())
    finally:
        vault.close()
    lead_view = import_clients(admin_ctx, path=f, dry_run=True)
    assert lead_view.duplicates[0].case_number == existing.case_number


@pytest.mark.vault_only(reason="desk user accounts (the server's: tests/team/test_team_import.py)")
def test_statistics_role_may_not_import(admin_ctx, vault_path, tmp_path):
    from referral_desk.core.keyring import KdfParams

    users.add_user(admin_ctx, name="statistik", role="statistics", password="Zahlen-Friesenheim-2")
    f = write_csv(tmp_path / "liste.csv", german_rows(1))
    vault = Vault.unlock(vault_path, user="statistik", password="Zahlen-Friesenheim-2", kdf=KdfParams.fast_for_tests())
    try:
        with pytest.raises(PolicyRefused):
            check_import(ServiceContext.sign_in(vault, "statistik"), path=f)
    finally:
        vault.close()


def test_preview_converts_the_first_rows_and_marks_unmapped_columns(tmp_path):
    headers = GERMAN_HEADERS + ["Sachbearbeitung"]
    rows = [r + ["Frau K."] for r in german_rows(30)]
    rows[2][2] = "31.02.1990"
    f = write_xlsx(tmp_path / "liste.xlsx", rows, headers=headers)
    pv = preview(f)
    assert len(pv.rows) == 20 and pv.rows[0][0] == 4
    first = pv.rows[0][1]
    assert first[4].text == "Türkei" and first[4].mapped and first[2].text == german_rows(1)[0][2]
    assert not first[-1].mapped and first[-1].text == "Frau K."
    bad = pv.rows[2][1][2]
    assert bad.error and "31.02.1990" not in bad.error and bad.text == "31.02.1990"


def test_one_name_column_as_family_name_comma_given_names(admin_ctx, tmp_path):
    headers = ["Name, Vorname", "Geburtsdatum"]
    f = write_csv(
        tmp_path / "liste.csv", [["Yılmaz, Ayşe", "12.03.1985"], ["Abdul Rahman Ali", "01.01.1990"]], headers=headers
    )
    report = import_clients(admin_ctx, path=f)
    assert report.outcome == "refused_invalid"
    assert [(p.row, p.column, p.code) for p in report.invalid] == [(3, "Name, Vorname", "import.full_name")]
    report = import_clients(admin_ctx, path=f, on_invalid="skip")
    got = clients.get_client(admin_ctx, client_id=report.client_ids[0])
    assert (got.family_name, got.given_names) == ("Yılmaz", "Ayşe")
