"""The consent tab and its dialogs on a real vault through the real DatabaseWorker:
status badges, recording a consent (save as PDF / print → signed → save), the rule that a
changed form must be printed again, health confirmation, withdrawal, previews."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from referral_desk.core.services import clients, consent
from referral_desk.ui.consent import HAS_QTPDF, ConsentDialog, ConsentTab, PdfPreviewDialog, RevokeDialog
from referral_desk.ui.widgets import format_date
from tests.conftest import client_data
from tests.consent_fixtures import complete_profile
from tests.screenshots import screenshot_dir
from tests.ui.clients_fixtures import call_sync, clients_ctx, clients_db, german_locale, type_text, wait_idle  # noqa: F401

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def client(qtbot, clients_db):
    return call_sync(qtbot, clients_db, clients.create_client, data=client_data())


@pytest.fixture
def tab(qtbot, clients_db, client, german_locale, tmp_path):
    from referral_desk.ui import i18n

    i18n.apply_language("de")  # German plural forms ("1 Einwilligung") come from a translation file
    call_sync(qtbot, clients_db, complete_profile)
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
    args = {
        "recipient": "jobcenter",
        "categories": ["identity", "residence"],
        "purpose": "Vermittlung in Arbeit",
        "given_on": days(-100),
    }
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
    _grant(
        qtbot,
        clients_db,
        client.id,
        recipient="agentur",
        given_on=days(-200),
        valid_until=days(10),
        categories=["identity"],
    )
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
    assert dialog.recipient_combo.count() == 3 and dialog.language_combo.count() == 16
    if dialog.language_combo.currentData() != "de":  # translations are unreviewed until approved
        assert dialog.allow_unreviewed_check.isVisibleTo(dialog)
        dialog.allow_unreviewed_check.setChecked(True)
    return dialog


def test_record_a_consent_save_pdf_signed_then_save(qtbot, clients_db, client, tab, tmp_path):
    dialog = _open_dialog(qtbot, clients_db, tab)
    assert _unnamed_interactive(dialog) == []
    assert dialog.language_combo.currentData() == "tr"  # the client's preferred language
    # the purposes offered for the Agentur, its default ticked
    assert set(dialog.purpose_checks) == {"job_placement", "benefits_sgb3", "recognition", "language_course", "other"}
    assert dialog.purpose_value() == "job_placement,benefits_sgb3"
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("jobcenter"))
    assert dialog.purpose_value() == "job_placement,benefits_sgb2"  # follows the recipient
    assert "benefits_sgb3" not in dialog.purpose_checks
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
    prepared = call_sync(
        qtbot,
        clients_db,
        consent.prepare_form,
        client_id=client.id,
        recipient="jobcenter",
        categories=["identity", "residence"],
        language="tr",
        purpose=rows[0].purpose,
        valid_until=rows[0].valid_until,
    )
    assert prepared.text_sha256 == rows[0].text_sha256
    cov = call_sync(
        qtbot,
        clients_db,
        consent.coverage,
        client_id=client.id,
        recipient="jobcenter",
        categories=["residence"],
        on=TODAY,
    )
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


def test_revoke_after_a_withdrawal_elsewhere_writes_nothing_and_reloads(qtbot, clients_db, client, tab):
    """Another desk withdrew the consent while this dialog was open (issue 18): the dialog's
    withdrawal is refused as stale, says so, and the list shows the stored state."""
    c = _grant(qtbot, clients_db, client.id)
    tab.reload()
    wait_idle(qtbot, clients_db)
    tab.table.selectRow(0)
    dialog = tab.revoke_selected()
    call_sync(qtbot, clients_db, consent.revoke, consent_id=c.id, categories=["residence"], reason="Anruf")
    dialog.confirm_button.click()
    wait_idle(qtbot, clients_db)
    assert "anderen Arbeitsplatz geändert" in dialog.error_label.text() and not dialog.confirm_button.isEnabled()
    stored = call_sync(qtbot, clients_db, consent.list_for_client, client_id=client.id)[0]
    assert stored.status == "active" and stored.withdrawn_categories == ["residence"]  # only the other desk's
    assert len(stored.withdrawals) == 1
    assert tab.rows()[0].version == stored.version == 2  # the list was reloaded


# --- issue 11: minors, approved translations, partial withdrawal and the notice, 1366 × 768 -------


SHOTS = screenshot_dir()


def _years_ago(years: int, days_: int = 0) -> dt.date:
    try:
        d = TODAY.replace(year=TODAY.year - years)
    except ValueError:
        d = TODAY.replace(year=TODAY.year - years, day=28)
    return d + dt.timedelta(days=days_)


def test_dialog_fits_a_1366x768_screen_and_asks_for_the_guardian_of_a_14_year_old(
    qtbot, clients_db, german_locale, tmp_path
):
    from referral_desk.ui import i18n

    i18n.apply_language("de")
    call_sync(qtbot, clients_db, complete_profile)
    kid = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data=client_data(
            family_name="Haddad",
            given_names="Leyla",
            birth_date=_years_ago(14, -30).isoformat(),
            arrival_date=None,
            preferred_language="ar",
        ),
    )
    tab = ConsentTab(clients_db, kid.id, preferred_language="ar")
    tab.save_path_provider = lambda name: str(tmp_path / name)
    qtbot.addWidget(tab)
    tab.show()
    wait_idle(qtbot, clients_db)
    dialog = tab.add_consent()
    wait_idle(qtbot, clients_db)
    assert dialog.height() <= 768 - 60 and dialog.width() <= 1366
    assert dialog.grant_button.isVisible() and dialog.save_pdf_button.isVisible()  # outside the scrolling part
    assert dialog.guardian_row.isVisibleTo(dialog) and dialog.guardian_label.text().endswith("*")
    assert "14 Jahre" in dialog.guardian_hint.text()
    assert "nicht geprüft" in dialog.review_label.text() and dialog.allow_unreviewed_check.isVisibleTo(dialog)
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("jobcenter"))
    dialog.category_checks["identity"].setChecked(True)
    dialog.save_pdf_button.click()  # no guardian for a 14-year-old
    wait_idle(qtbot, clients_db)
    assert dialog._errors["guardian"].isVisible() and "unter 15" in dialog._errors["guardian"].text()
    type_text(dialog.guardian_edit, "Samira Haddad")
    dialog.save_pdf_button.click()  # translation not approved, no override
    wait_idle(qtbot, clients_db)
    assert dialog._errors["allow_unreviewed"].isVisible() and not dialog.signed_check.isEnabled()
    dialog.allow_unreviewed_check.setChecked(True)
    dialog.save_pdf_button.click()
    wait_idle(qtbot, clients_db)
    assert dialog.signed_check.isEnabled(), dialog.error_label.text()
    dialog.resize(dialog.width(), 708)
    dialog.status_label.setText(dialog.tr("Gedruckt (5 Seiten)."))  # not the test's temp path
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "36-consent-dialog-guardian.png"))
    dialog.signed_check.setChecked(True)
    dialog.grant_button.click()
    wait_idle(qtbot, clients_db)
    row = tab.rows()[0]
    assert row.guardian_name == "Samira Haddad"
    assert "Sorgeberechtigte Person: Samira Haddad" in tab.detail_label.text()
    assert tab.summary_label.text().startswith("1 Einwilligung,")  # Qt's %n plural form
    # once approved, the dialog says so and needs no override
    call_sync(qtbot, clients_db, consent.approve_template, regime="dsgvo", language="ar")
    dialog = tab.add_consent()
    wait_idle(qtbot, clients_db)
    assert "freigegeben" in dialog.review_label.text() and not dialog.allow_unreviewed_check.isVisibleTo(dialog)
    tab.close_children()
    wait_idle(qtbot, clients_db)


def test_partial_withdrawal_flags_referrals_and_offers_the_notice(qtbot, clients_db, client, tab, tmp_path):
    from referral_desk.core.services import referrals

    c = _grant(qtbot, clients_db, client.id, categories=["identity", "contact", "residence"])
    ref = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=client.id,
        recipient="jobcenter",
        categories=["identity", "residence"],
        request="Vermittlung",
        created_on=days(-5),
    )
    tab.reload()
    wait_idle(qtbot, clients_db)
    tab.table.selectRow(0)
    assert not tab.notice_button.isEnabled()  # nothing withdrawn yet
    dialog = tab.revoke_selected()
    assert set(dialog.category_checks) == {"identity", "contact", "residence"}
    assert "ganze Einwilligung" in dialog.scope_label.text()
    dialog.category_checks["identity"].setChecked(False)
    dialog.category_checks["contact"].setChecked(False)
    assert "Nur die angekreuzten" in dialog.scope_label.text() and dialog.chosen() == ["residence"]
    dialog.source_combo.setCurrentIndex(dialog.source_combo.findData("email"))
    dialog.confirm_button.click()
    wait_idle(qtbot, clients_db)
    done = dialog.done_label.text()
    assert dialog.done_label.isVisible() and "Aufenthalt" in done and "Weiter gültig: Identität, Kontaktdaten" in done
    assert "1 Überleitung wird nicht mehr gedruckt" in done
    assert f"Überleitung {ref.id} vom {format_date(days(-5))} – enthält widerrufene Daten" in done
    assert dialog.notice_button.isVisible()
    dialog.resize(640, dialog.height())
    dialog.grab().save(str(SHOTS / "37-consent-partial-withdrawal.png"))
    dialog.notice_button.click()
    wait_idle(qtbot, clients_db)
    notice = tmp_path / f"{client.case_number}_Widerruf-Mitteilung_{TODAY.isoformat()}.pdf"
    assert notice.read_bytes().startswith(b"%PDF") and "Mitteilung gespeichert" in dialog.done_label.text()
    dialog.close_button.click()
    wait_idle(qtbot, clients_db)
    row = tab.rows()[0]
    assert row.id == c.id and row.status == "active" and row.active_categories == ["identity", "contact"]
    assert tab.table.item(0, 2).text() == "Identität, Kontaktdaten · widerrufen: Aufenthalt"
    assert "Widerrufen ab" in tab.detail_label.text()
    assert tab.notice_button.isEnabled() and tab.revoke_button.isEnabled()
    # the data column is the widest and wraps instead of cutting the categories off
    widths = [tab.table.columnWidth(i) for i in range(tab.table.columnCount())]
    assert widths[2] == max(widths) and tab.table.wordWrap()


def test_admin_approves_a_translation_and_enters_the_supervisory_authority(qtbot, clients_db, german_locale):
    from referral_desk.ui.consent.forms_tab import ConsentFormsTab

    w = ConsentFormsTab(clients_db)
    qtbot.addWidget(w)
    w.resize(900, 700)
    w.show()
    w.reload()
    wait_idle(qtbot, clients_db)
    langs = [w.table.item(r, 0).data(0x0100) for r in range(w.table.rowCount())]
    assert langs[0] == "de" and len(langs) == 16 and "ti" in langs and "fa-AF" in langs
    assert w.table.item(0, 2).text() == "verbindlich"
    w.table.selectRow(0)
    assert not w.approve_button.isEnabled()  # German needs no approval
    w.table.selectRow(langs.index("ti"))
    assert w.approve_button.isEnabled() and w.table.item(langs.index("ti"), 2).text() == "ungeprüft"
    type_text(w.note_edit, "Geprueft von Frau T.")
    w.approve_button.click()
    wait_idle(qtbot, clients_db)
    assert w.table.item(langs.index("ti"), 2).text() == "freigegeben" and w.table.item(langs.index("ti"), 4).text()
    states = {s.language: s.status for s in call_sync(qtbot, clients_db, consent.review_states)}
    assert states["ti"] == "approved"
    # the DSGVO authority of Rhineland-Palatinate ships with its address (REFERENCE.md)
    assert w.authority_edits["street"].text() == "Hintere Bleiche 34"
    assert "Noch nicht geprüft" not in w.authority_hint.text()
    w.authority_edits["email"].setText("kein-mail")
    w.authority_save_button.click()
    wait_idle(qtbot, clients_db)
    assert w._errors["email"].isVisible()
    w.authority_edits["email"].setText("poststelle@example.org")
    w.authority_save_button.click()
    wait_idle(qtbot, clients_db)
    assert not w._errors["email"].isVisible()
    from referral_desk.core.services import supervisory

    assert call_sync(qtbot, clients_db, supervisory.get).email == "poststelle@example.org"
    assert _unnamed_interactive(w) == []
    w.grab().save(str(SHOTS / "38-admin-consent-forms.png"))


def test_purposes_are_chosen_from_the_catalogue_and_recorded_as_keys(qtbot, clients_db, client, tab, tmp_path):
    dialog = _open_dialog(qtbot, clients_db, tab)
    dialog.recipient_combo.setCurrentIndex(dialog.recipient_combo.findData("jobcenter"))
    dialog.purpose_checks["benefits_sgb2"].setChecked(False)
    dialog.purpose_checks["job_placement"].setChecked(False)
    # nothing chosen: nothing can be printed, and the dialog says why
    assert not dialog.save_pdf_button.isEnabled() and "Zweck" in dialog._errors["purpose"].text()
    dialog.purpose_checks["other"].setChecked(True)
    assert dialog.purpose_other_edit.isEnabled() and not dialog.save_pdf_button.isEnabled()  # other needs words
    type_text(dialog.purpose_other_edit, "Wohnungssuche")
    dialog.purpose_checks["recognition"].setChecked(True)
    assert dialog.purpose_value() == "recognition,other:Wohnungssuche"
    assert dialog.save_pdf_button.isEnabled()
    # the category boxes say which record fields each category covers (forms/category_fields.toml)
    hint = dialog.findChild(QLabel, "consent_category_residence_hint").text()
    assert "Aus der Akte:" in hint and "Aufenthaltsstatus" in hint
    dialog.category_checks["identity"].setChecked(True)
    dialog.save_pdf_button.click()
    wait_idle(qtbot, clients_db)
    dialog.signed_check.setChecked(True)
    dialog.grant_button.click()
    wait_idle(qtbot, clients_db)
    row = tab.rows()[0]
    assert row.purposes == ["recognition", "other"]
    assert row.purpose == "Anerkennung ausländischer Berufs- und Studienabschlüsse; Anderer Zweck: Wohnungssuche"


def test_withdrawing_a_purpose_in_the_dialog(qtbot, clients_db, client, tab, tmp_path):
    from referral_desk.core.services import referrals

    c = _grant(qtbot, clients_db, client.id, categories=["identity", "contact"], purpose="job_placement,benefits_sgb2")
    ref = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=client.id,
        recipient="jobcenter",
        categories=["identity"],
        request="Bürgergeld-Antrag",
        purpose="benefits_sgb2",
        created_on=days(-3),
    )
    tab.reload()
    wait_idle(qtbot, clients_db)
    tab.table.selectRow(0)
    dialog = tab.revoke_selected()
    assert set(dialog.purpose_checks) == {"job_placement", "benefits_sgb2"} and dialog.purposes_box.isVisibleTo(dialog)
    assert "ganze Einwilligung" in dialog.scope_label.text()
    dialog.purpose_checks["job_placement"].setChecked(False)
    assert "Zwecke" in dialog.scope_label.text()
    assert dialog.chosen() is None and dialog.chosen_purposes() == ["benefits_sgb2"]
    dialog.resize(640, dialog.height())
    SHOTS.mkdir(parents=True, exist_ok=True)
    dialog.grab().save(str(SHOTS / "39-consent-purpose-withdrawal.png"))
    dialog.confirm_button.click()
    wait_idle(qtbot, clients_db)
    done = dialog.done_label.text()
    assert "Zweck: Beratung zu und Bezug von Bürgergeld" in done
    assert "Weiter gültig für: Vermittlung in Arbeit oder Ausbildung" in done
    # the referral keeps all its data but serves the withdrawn purpose, and says so
    assert f"Überleitung {ref.id} vom {format_date(days(-3))} – dient einem widerrufenen Zweck" in done
    assert "widerrufene Daten" not in done
    dialog.grab().save(str(tmp_path / "purpose-withdrawal-done.png"))
    dialog.close_button.click()
    wait_idle(qtbot, clients_db)
    row = tab.rows()[0]
    assert row.id == c.id and row.status == "active" and row.active_purposes == ["job_placement"]
    assert "widerrufen: Beratung zu und Bezug von Bürgergeld" in tab.table.item(0, 3).text()
    assert "Zweck: Beratung zu und Bezug von Bürgergeld" in tab.detail_label.text()
    # a consent with one purpose left offers no purpose choice (withdrawing it is the whole consent)
    dialog = tab.revoke_selected()
    assert not dialog.purpose_checks and not dialog.purposes_box.isVisibleTo(dialog)
    dialog.reject()
