"""The consent tab and its dialogs on a real vault through the real DatabaseWorker:
status badges, recording a consent (save as PDF / print → signed → save), the rule that a
changed form must be printed again, health confirmation, withdrawal, previews."""
from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (QAbstractSpinBox, QCalendarWidget, QCheckBox, QComboBox, QDialog, QLineEdit,
                               QPushButton, QWidget)

from referral_desk.core.services import clients, consent
from referral_desk.ui.consent import HAS_QTPDF, ConsentDialog, ConsentTab, PdfPreviewDialog, RevokeDialog
from tests.conftest import client_data
from tests.ui.clients_fixtures import call_sync, clients_ctx, clients_db, german_locale, type_text, wait_idle  # noqa: F401

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def client(qtbot, clients_db):
    return call_sync(qtbot, clients_db, clients.create_client, data=client_data())


@pytest.fixture
def tab(qtbot, clients_db, client, german_locale, tmp_path):
    w = ConsentTab(clients_db, client.id, preferred_language="tr", interpreter_needed=False)
    w.save_path_provider = lambda name: str(tmp_path / name)
    qtbot.addWidget(w)
    w.resize(1100, 560)
    w.show()
    qtbot.waitExposed(w)
    wait_idle(qtbot, clients_db)
    yield w
    w.close_children()
    wait_idle(qtbot, clients_db)


def _grant(qtbot, db, client_id, **kw):
    args = {"recipient": "jobcenter", "categories": ["identity", "residence"], "purpose": "Vermittlung in Arbeit",
            "given_on": days(-100)}
    args.update(kw)
    return call_sync(qtbot, db, consent.grant, client_id=client_id, **args)


def _unnamed_interactive(root: QWidget) -> list[QWidget]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, (QPushButton, QCheckBox, QComboBox, QLineEdit)):
            continue
        p, inside = w, False
        while p is not None and p is not root:
            if isinstance(p, (QCalendarWidget, QAbstractSpinBox, QComboBox)) and p is not w:
                inside = True
                break
            p = p.parentWidget()
        if not inside and not w.objectName():
            out.append(w)
    return out


def test_list_shows_status_badges_and_what_each_covers(qtbot, clients_db, client, tab, tmp_path):
    assert "Keine Einwilligungen" in tab.summary_label.text()
    _grant(qtbot, clients_db, client.id)
    _grant(qtbot, clients_db, client.id, recipient="agentur", given_on=days(-200), valid_until=days(10),
           categories=["identity"])
    _grant(qtbot, clients_db, client.id, given_on=days(-900), valid_until=days(-200))
    gone = _grant(qtbot, clients_db, client.id, recipient="auslaenderbehoerde")
    call_sync(qtbot, clients_db, consent.revoke, consent_id=gone.id, on=days(-1))
    tab.reload()
    wait_idle(qtbot, clients_db)
    statuses = [tab.table.item(r, 0).text() for r in range(tab.table.rowCount())]
    assert statuses == ["aktiv", "aktiv · läuft bald ab", "abgelaufen", "widerrufen"]
    badges = [tab.table.item(r, 0).data(0x0100 + 1) for r in range(tab.table.rowCount())]
    assert badges == ["active", "expires_soon", "expired", "withdrawn"]
    assert tab.table.item(0, 2).text() == "Identität, Aufenthalt"
    assert "4 Einwilligungen, davon 2 aktiv" in tab.summary_label.text() and "läuft bald ab" in tab.summary_label.text()
    tab.table.selectRow(0)
    detail = tab.detail_label.text()
    assert "Jobcenter Vorderpfalz-Ludwigshafen" in detail and "Aufenthaltsstatus, Gültigkeit" in detail
    assert tab.revoke_button.isEnabled()
    tab.table.selectRow(3)
    assert not tab.revoke_button.isEnabled()
    assert _unnamed_interactive(tab) == []
    tab.grab().save(str(tmp_path / "consent-tab.png"))


def _open_dialog(qtbot, db, tab) -> ConsentDialog:
    tab.add_button.click()
    dialog = tab.dialog
    assert isinstance(dialog, ConsentDialog)
    wait_idle(qtbot, db)
    assert dialog.recipient_combo.count() == 3 and dialog.language_combo.count() == 11
    return dialog


def test_record_a_consent_save_pdf_signed_then_save(qtbot, clients_db, client, tab, tmp_path):
    dialog = _open_dialog(qtbot, clients_db, tab)
    assert _unnamed_interactive(dialog) == []
    assert dialog.language_combo.currentData() == "tr"  # the client's preferred language
    assert dialog.purpose_edit.text().endswith("SGB III")  # the default purpose for the Agentur
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("jobcenter"))
    assert dialog.purpose_edit.text().startswith("Vermittlung in Arbeit oder Ausbildung")  # follows the recipient
    assert dialog.valid_until_edit.date() == consent.add_months(TODAY, 24)
    assert not dialog.grant_button.isEnabled() and not dialog.signed_check.isEnabled()
    dialog.category_checks["identity"].setChecked(True)
    dialog.category_checks["residence"].setChecked(True)
    assert not dialog.health_confirmed_check.isEnabled()
    dialog.grab().save(str(tmp_path / "consent-dialog.png"))
    dialog.save_pdf_button.click()
    wait_idle(qtbot, clients_db)
    saved = tmp_path / f"{client.case_number}_Einwilligung_{TODAY.isoformat()}.pdf"
    assert saved.read_bytes().startswith(b"%PDF")
    assert client.family_name not in saved.name
    assert dialog.signed_check.isEnabled() and not dialog.grant_button.isEnabled()
    # changing the form after printing: must be printed again
    dialog.direction_combo.setCurrentIndex(1)
    assert not dialog.signed_check.isEnabled() and "neu drucken" in dialog.status_label.text()
    dialog.direction_combo.setCurrentIndex(0)
    dialog.save_pdf_button.click()
    wait_idle(qtbot, clients_db)
    dialog.signed_check.setChecked(True)
    dialog.signed_on_edit.set_date(days(-1))
    assert dialog.grant_button.isEnabled()
    dialog.grant_button.click()
    wait_idle(qtbot, clients_db)
    assert tab.dialog is None
    rows = tab.rows()
    assert len(rows) == 1 and rows[0].given_on == days(-1) and rows[0].language == "tr"
    assert rows[0].categories == ["identity", "residence"]
    # the hash recorded is the hash of the text that was saved
    prepared = call_sync(qtbot, clients_db, consent.prepare_form, client_id=client.id, recipient="jobcenter",
                         categories=["identity", "residence"], language="tr", purpose=rows[0].purpose,
                         valid_until=rows[0].valid_until)
    assert prepared.text_sha256 == rows[0].text_sha256
    cov = call_sync(qtbot, clients_db, consent.coverage, client_id=client.id, recipient="jobcenter",
                    categories=["residence"], on=TODAY)
    assert cov.covered


def test_health_needs_the_separate_confirmation(qtbot, clients_db, client, tab):
    dialog = _open_dialog(qtbot, clients_db, tab)
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("jobcenter"))
    dialog.category_checks["identity"].setChecked(True)
    dialog.health_check.setChecked(True)
    assert dialog.health_confirmed_check.isEnabled()
    dialog.save_pdf_button.click()
    wait_idle(qtbot, clients_db)
    dialog.signed_check.setChecked(True)
    dialog.grant_button.click()
    wait_idle(qtbot, clients_db)
    label = dialog._errors["health_confirmed"]
    assert label.isVisible() and "Gesundheitsdaten" in label.text()
    assert tab.dialog is dialog and tab.rows() == []
    dialog.health_confirmed_check.setChecked(True)
    dialog.grant_button.click()
    wait_idle(qtbot, clients_db)
    assert tab.rows()[0].categories == ["identity", "health"] and tab.rows()[0].health_confirmed


def test_errors_stay_inline(qtbot, clients_db, client, tab):
    dialog = _open_dialog(qtbot, clients_db, tab)
    dialog.save_pdf_button.click()  # no category ticked
    wait_idle(qtbot, clients_db)
    assert dialog._errors["categories"].isVisible()
    dialog.category_checks["contact"].setChecked(True)
    dialog.valid_until_edit.setText("31.02.2030")
    dialog.save_pdf_button.click()
    wait_idle(qtbot, clients_db)
    assert dialog._errors["valid_until"].isVisible()


def test_preview(qtbot, clients_db, client, tab):
    dialog = _open_dialog(qtbot, clients_db, tab)
    dialog.category_checks["identity"].setChecked(True)
    dialog.language_combo.setCurrentIndex(dialog.language_combo.findData("ar"))
    dialog.preview_button.click()
    wait_idle(qtbot, clients_db)
    preview = dialog.findChild(PdfPreviewDialog, "consent_preview_dialog")
    assert preview is not None and preview.isVisible()
    if HAS_QTPDF:
        assert preview.document.pageCount() >= 3
    else:
        text = preview.view.toPlainText()
        assert "Ayşe Yılmaz" in text and "موافقة على نقل البيانات الشخصية" in text
    preview.accept()


def test_print_with_an_injected_printer(qtbot, clients_db, client, tab, tmp_path):
    if not HAS_QTPDF:
        dialog = _open_dialog(qtbot, clients_db, tab)
        assert not dialog.print_button.isEnabled() and "PDF" in dialog.print_button.toolTip()
        return
    out = tmp_path / "printed.pdf"

    def printer():
        p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        p.setOutputFileName(str(out))
        return p

    class AcceptingDialog(QDialog):
        def __init__(self, _printer, parent):
            super().__init__(parent)

        def open(self):
            QTimer.singleShot(0, self.accept)

    tab.printer_factory = printer
    tab.print_dialog_factory = AcceptingDialog
    dialog = _open_dialog(qtbot, clients_db, tab)
    dialog.category_checks["identity"].setChecked(True)
    dialog.print_button.click()
    qtbot.waitUntil(lambda: dialog.signed_check.isEnabled(), timeout=20_000)
    assert out.read_bytes().startswith(b"%PDF") and "Gedruckt" in dialog.status_label.text()


def test_revoke(qtbot, clients_db, client, tab):
    c = _grant(qtbot, clients_db, client.id)
    tab.reload()
    wait_idle(qtbot, clients_db)
    tab.table.selectRow(0)
    dialog = tab.revoke_selected()
    assert isinstance(dialog, RevokeDialog) and _unnamed_interactive(dialog) == []
    dialog.on_edit.set_date(days(1))  # in the future: refused inline
    dialog.confirm_button.click()
    wait_idle(qtbot, clients_db)
    assert dialog._errors["on"].isVisible()
    dialog.on_edit.set_date(days(-2))
    type_text(dialog.reason_edit, "Brief vom Montag")
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("letter"))
    dialog.confirm_button.click()
    wait_idle(qtbot, clients_db)
    row = tab.rows()[0]
    assert row.id == c.id and row.status == "withdrawn" and row.withdrawn_on == days(-2)
    assert row.withdrawal_source == "letter" and row.withdrawal_reason == "Brief vom Montag"
    assert tab.table.item(0, 0).text() == "widerrufen" and not tab.revoke_button.isEnabled()
