"""The list import wizard, offscreen, on a real vault through the real database worker."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from sqlalchemy import text

from referral_desk.ui.clients.import_wizard import UNMAPPED_BRUSH, ImportWizard
from tests.core.import_lists import GERMAN_HEADERS, german_rows, write_xlsx
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    call_sync_run,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    clients_page,  # noqa: F401 - pytest fixture
    german_locale,  # noqa: F401 - pytest fixture
    wait_idle,
)


def _count(qtbot, db, table: str) -> int:
    ctx = db.context

    def count():
        with ctx.reading() as conn:
            return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()

    return call_sync_run(qtbot, db, count)


def _next(qtbot, wizard: QWizard) -> None:
    button = (
        wizard.button(QWizard.WizardButton.CommitButton)
        if wizard.currentPage().isCommitPage()
        else wizard.button(QWizard.WizardButton.NextButton)
    )
    assert button.isEnabled() and button.isVisible()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _shot(widget, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    widget.grab().save(str(SCREENSHOTS / name))


def test_a_1000_row_german_excel_list_through_the_wizard(qtbot, clients_page, clients_db, tmp_path):
    rows = german_rows(1000)
    rows[6][GERMAN_HEADERS.index("Geb.-Datum")] = "31.02.1990"  # one bad row
    headers = GERMAN_HEADERS + ["Sachbearbeitung"]
    rows = [r + ["Frau Becker"] for r in rows]
    path = write_xlsx(tmp_path / "Klientenliste MBE 2025.xlsx", rows, headers=headers, extra_sheets=("Hinweise",))
    qtbot.mouseClick(clients_page.import_button, Qt.MouseButton.LeftButton)
    wizard: ImportWizard = clients_page._import_wizard
    assert wizard is not None and wizard.isVisible()
    qtbot.addWidget(wizard)

    # 1. file
    wizard.file_page.choose(path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=20_000)
    assert wizard.state.sheets == ["Hinweise", "Klienten"]
    _next(qtbot, wizard)
    # 2. sheet
    assert wizard.currentPage() is wizard.sheet_page
    wizard.sheet_page.sheet_combo.setCurrentText("Klienten")
    _next(qtbot, wizard)
    # 3. mapping with preview
    page = wizard.mapping_page
    qtbot.waitUntil(lambda: page.isComplete(), timeout=20_000)
    preview = page.preview_table
    assert preview.rowCount() == 20 and preview.columnCount() == len(headers)
    assert preview.verticalHeaderItem(0).text() == "4"  # header row 3 below the title
    assert preview.item(0, GERMAN_HEADERS.index("Staatsangehörigkeit")).text() == "Türkei"
    unmapped = preview.item(0, len(headers) - 1)
    assert unmapped.background() == UNMAPPED_BRUSH and unmapped.text() == "Frau Becker"
    bad = preview.item(6, GERMAN_HEADERS.index("Geb.-Datum"))
    assert "gibt es nicht" in bad.toolTip() and "31.02.1990" not in bad.toolTip()
    assert "Kopfzeile: Zeile 3" in page.info_label.text()
    mapping_file = tmp_path / "zuordnung.json"
    page.save_mapping_to(mapping_file)
    saved = json.loads(mapping_file.read_text("utf-8"))
    assert saved["columns"]["Geb.-Datum"] == "birth_date" and saved["columns"]["Sachbearbeitung"] is None
    wizard.resize(1200, 680)
    _shot(wizard, "60-import-mapping.png")
    # unmapping a required column blocks the way on, mapping it again frees it
    combo = page._combos[0]
    combo.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page._pending == 0, timeout=20_000)
    assert not page.isComplete() and "Pflichtfeld" in page.info_label.text()
    page._combos[0].setCurrentIndex(page._combos[0].findData("family_name"))
    qtbot.waitUntil(lambda: page.isComplete(), timeout=20_000)
    _next(qtbot, wizard)
    # 4. check: one invalid row blocks until "skip" is chosen
    check = wizard.check_page
    qtbot.waitUntil(lambda: wizard.state.check is not None, timeout=60_000)
    assert not check.isComplete()
    assert "1000 Zeilen gelesen" in check.counts_label.text()
    assert check.problems_table.rowCount() == 1
    assert check.problems_table.item(0, 0).text() == "10" and check.problems_table.item(0, 1).text() == "Geb.-Datum"
    check.invalid_combo.setCurrentIndex(check.invalid_combo.findData("skip"))
    qtbot.waitUntil(lambda: check.isComplete(), timeout=60_000)
    assert "999 werden angelegt" in check.counts_label.text()
    assert _count(qtbot, clients_db, "client") == 0
    _shot(wizard, "61-import-check.png")
    _next(qtbot, wizard)  # "Importieren"
    # 5. import
    run = wizard.run_page
    qtbot.waitUntil(lambda: run.isComplete(), timeout=120_000)
    assert "999 Klient*innen angelegt" in run.status_label.text()
    assert run.progress_bar.value() == run.progress_bar.maximum()
    assert _count(qtbot, clients_db, "client") == 999
    _next(qtbot, wizard)
    # 6. summary with the imported clients
    summary = wizard.summary_page
    assert "999 Klient*innen angelegt" in summary.summary_label.text()
    assert "333 Beratungskontakte" in summary.summary_label.text()  # row 10 had one, skipped
    qtbot.mouseClick(summary.show_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: summary.clients_table.rowCount() > 0, timeout=20_000)
    assert summary.clients_table.item(0, 1).text() == "Yılmaz, Ayşe"
    _shot(wizard, "62-import-summary.png")
    # the client list shows them; a double click opens the record
    wait_idle(qtbot, clients_db)
    qtbot.waitUntil(lambda: clients_page.model.rowCount() == 999, timeout=30_000)
    summary._open_row(0, 0)
    qtbot.waitUntil(lambda: len(clients_page.open_records()) == 1, timeout=20_000)


def test_cancel_writes_nothing(qtbot, clients_page, clients_db, tmp_path):
    path = write_xlsx(tmp_path / "liste.xlsx", german_rows(1500))
    wizard = clients_page.open_import()
    qtbot.addWidget(wizard)
    wizard.file_page.choose(path)
    qtbot.waitUntil(wizard.file_page.isComplete, timeout=20_000)
    _next(qtbot, wizard)
    _next(qtbot, wizard)
    qtbot.waitUntil(wizard.mapping_page.isComplete, timeout=20_000)
    _next(qtbot, wizard)
    qtbot.waitUntil(wizard.check_page.isComplete, timeout=60_000)
    before = (_count(qtbot, clients_db, "client"), _count(qtbot, clients_db, "audit_event"))
    _next(qtbot, wizard)
    wizard.run_page.cancel()  # before the worker reaches row 500: it stops there
    qtbot.waitUntil(lambda: not wizard.run_page.running, timeout=60_000)
    assert "abgebrochen – nichts gespeichert" in wizard.run_page.status_label.text()
    assert not wizard.run_page.isComplete()
    assert (_count(qtbot, clients_db, "client"), _count(qtbot, clients_db, "audit_event")) == before


def test_bad_file_is_explained_on_the_first_page(qtbot, clients_page, clients_db, tmp_path):
    bad = tmp_path / "liste.csv"
    bad.write_bytes(bytes(range(256)) * 20)
    wizard = clients_page.open_import()  # not handed to qtbot: locking deletes it below
    wizard.file_page.choose(bad)
    qtbot.waitUntil(lambda: wizard.file_page.status_label.text() not in ("", "Datei wird gelesen …"), timeout=20_000)
    assert "keine Textdatei" in wizard.file_page.status_label.text()
    assert not wizard.file_page.isComplete()
    clients_page.clear_for_lock()  # locking closes the wizard
    assert clients_page._import_wizard is None
