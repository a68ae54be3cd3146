"""The referrals tab, its dialogs and the referrals page on a real vault through the real
DatabaseWorker: only consented categories can be ticked (the others disabled with the
reason), create → preview → save / print all three copies, status and feedback, the refusal
after a withdrawal, the page's filters and the follow-up reminder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QDialog

from referral_desk.core.services import clients, consent, referrals
from referral_desk.ui.pdf import HAS_QTPDF
from referral_desk.ui.referrals import ReferralsPage, ReferralsTab
from tests.conftest import client_data
from tests.core.letters_fixtures import complete_addresses
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    call_sync,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    german_locale,  # noqa: F401 - pytest fixture
    type_text,
    wait_idle,
)

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def client(qtbot, clients_db):
    call_sync(qtbot, clients_db, complete_addresses)  # letters print only with complete addresses
    c = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data=client_data(
            family_name="Шевченко",
            given_names="Олександра",
            nationalities=["UA"],
            document_family_name="Shevchenko",
            document_given_names="Oleksandra",
            preferred_language="uk",
            residence_status="aufenthaltserlaubnis_24",
            residence_valid_until=days(400).isoformat(),
        ),
    )
    call_sync(
        qtbot,
        clients_db,
        consent.grant,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity", "contact", "residence", "benefits"],
        purpose="Vermittlung in Arbeit",
        given_on=days(-20),
        direction="mutual",
    )
    return c


@pytest.fixture
def tab(qtbot, clients_db, client, german_locale, tmp_path):
    w = ReferralsTab(clients_db, client.id)
    w.save_path_provider = lambda name: str(tmp_path / name)
    qtbot.addWidget(w)
    w.resize(1000, 560)
    w.show()
    qtbot.waitExposed(w)
    wait_idle(qtbot, clients_db)
    yield w
    w.close_children()


class AcceptingPrintDialog:
    """Stands in for QPrintDialog: the person clicks "Drucken" without changing anything."""

    def __init__(self, printer, parent) -> None:
        self.printer = printer

    def exec(self) -> int:
        return QDialog.DialogCode.Accepted


def _referral(qtbot, db, client, categories: list[str], **kw):
    """A Jobcenter referral made elsewhere (the service), for the tab to show."""
    return call_sync(
        qtbot,
        db,
        referrals.create,
        client_id=client.id,
        recipient="jobcenter",
        categories=categories,
        request="Termin",
        **kw,
    )


def _create_dialog(qtbot, tab, db, recipient: str = "jobcenter"):
    dialog = tab.open_create_dialog()
    wait_idle(qtbot, db)
    dialog.select_recipient(recipient)
    wait_idle(qtbot, db)
    return dialog


def test_create_dialog_enables_only_consented_categories(qtbot, tab, clients_db):
    assert tab.empty_label.isVisible()
    dialog = _create_dialog(qtbot, tab, clients_db)
    checks = dialog.category_checks
    assert {k for k, c in checks.items() if c.isEnabled()} == {"identity", "contact", "residence", "benefits"}
    assert checks["identity"].isChecked()  # a referral always names the person
    for key in ("language", "qualifications", "employment", "household", "health"):
        assert not checks[key].isEnabled() and not checks[key].isChecked()
        assert checks[key].toolTip().startswith("Keine gültige Einwilligung für")
        assert "Jobcenter Vorderpfalz-Ludwigshafen" in checks[key].toolTip()
        assert dialog.category_reasons[key].text() == "Nicht in der Einwilligung enthalten"
    assert dialog.category_reasons["contact"].text().startswith("Einwilligung Nr.")
    # which record fields each category covers (forms/category_fields.toml, the consent text's words)
    assert dialog.category_reasons["contact"].text().endswith("· Anschrift, Telefonnummer, E-Mail-Adresse")
    assert "Aufenthaltsstatus" in dialog.category_reasons["residence"].text()
    assert dialog.create_button.isEnabled()
    # another recipient: nothing consented, nothing can be ticked, nothing created
    dialog.select_recipient("agentur")
    wait_idle(qtbot, clients_db)
    assert not any(c.isEnabled() for c in checks.values())
    assert not dialog.create_button.isEnabled()
    assert "Keine gültige Einwilligung" in dialog.coverage_label.text()
    assert dialog.category_reasons["identity"].text() == "Keine Einwilligung für diese Stelle"
    dialog.select_recipient("jobcenter")
    wait_idle(qtbot, clients_db)
    checks["contact"].setChecked(True)
    checks["residence"].setChecked(True)
    dialog.request_edit.setFocus()
    type_text(dialog.request_edit, "Termin bei der Arbeitsvermittlung – Übersetzung nötig")
    type_text(dialog.action_edit, "Beratung zur Arbeitsaufnahme")
    dialog.urgency_combo.setCurrentIndex(dialog.urgency_combo.findData("urgent"))
    dialog.deadline_edit.set_date(days(10))
    type_text(dialog.attachments_edit, "Lebenslauf")
    dialog.resize(720, dialog.sizeHint().height())
    qtbot.wait(50)
    if SCREENSHOTS.is_dir():
        assert dialog.grab().save(str(SCREENSHOTS / "51-referral-create.png"))
    dialog.reject()


def test_service_refusal_and_field_errors_are_shown_in_the_dialog(qtbot, tab, clients_db):
    dialog = _create_dialog(qtbot, tab, clients_db)
    dialog.create_button.click()  # no request
    wait_idle(qtbot, clients_db)
    assert dialog.errors.labels["request"].isVisible() and dialog.isVisible()
    type_text(dialog.request_edit, "Termin")
    dialog.category_checks["identity"].setChecked(False)
    dialog.category_checks["contact"].setChecked(True)
    dialog.create_button.click()
    wait_idle(qtbot, clients_db)
    assert "Identität" in dialog.errors.labels["categories"].text()
    assert call_sync(qtbot, clients_db, referrals.list_referrals) == []
    dialog.reject()


def test_create_preview_save_and_print_all_copies(qtbot, tab, clients_db, client, tmp_path):
    dialog = _create_dialog(qtbot, tab, clients_db)
    dialog.category_checks["benefits"].setChecked(True)
    type_text(dialog.request_edit, "Termin bei der Arbeitsvermittlung")
    dialog.create_button.click()
    wait_idle(qtbot, clients_db)
    assert not dialog.isVisible() and dialog.created_referral is not None
    preview = tab.preview_dialog
    assert preview is not None and preview.referral.id == dialog.created_referral.id
    qtbot.waitUntil(lambda: preview.loaded, timeout=10_000)
    wait_idle(qtbot, clients_db)
    assert tab.model.rowCount() == 1 and not tab.empty_label.isVisible()
    assert "Шевченко" not in preview.suggested_name and client.case_number in preview.suggested_name
    qtbot.wait(200)
    if SCREENSHOTS.is_dir():
        assert preview.grab().save(str(SCREENSHOTS / "52-referral-preview.png"))
    if not HAS_QTPDF:
        assert "PySide6-Addons" in preview.hint_label.text() and not preview.print_button.isEnabled()
        assert "Олександра Шевченко" in preview.view.toPlainText()
        assert "123D456789" in preview.view.toPlainText()
    # save as PDF
    with qtbot.waitSignal(preview.saved, timeout=15_000) as saved:
        preview.save_button.click()
    path = Path(saved.args[0])
    assert path.parent == tmp_path and path.name == preview.suggested_name
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temp file left behind
    # print: all three copies, through the (injected) printer
    if HAS_QTPDF:
        out = tmp_path / "printed.pdf"

        def printer() -> QPrinter:
            p = QPrinter(QPrinter.PrinterMode.ScreenResolution)
            p.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            p.setOutputFileName(str(out))
            return p

        preview.printer_factory = printer
        preview.print_dialog_factory = AcceptingPrintDialog
        with qtbot.waitSignal(preview.printed, timeout=30_000) as printed:
            preview.print_button.click()
        from pypdf import PdfReader

        pages = len(PdfReader(str(path)).pages)
        assert printed.args[0] == pages and pages >= 4  # three copies, the client's with its cover
        assert len(PdfReader(str(out)).pages) == pages
    with clients_db.context.reading() as conn:  # type: ignore[union-attr]
        from sqlalchemy import text

        kinds = [r[0] for r in conn.execute(text("SELECT kind FROM generated_document"))]
    assert kinds == ["referral_sheet"] * (2 if HAS_QTPDF else 1)
    preview.accept()


def test_status_and_feedback_dialogs(qtbot, tab, clients_db, client):
    r = _referral(qtbot, clients_db, client, ["identity", "contact"], created_on=days(-10))
    tab.refresh(select_id=r.id)
    wait_idle(qtbot, clients_db)
    assert tab.selected().id == r.id
    assert not tab.feedback_button.isEnabled()  # not sent yet
    dialog = tab.open_status_dialog()
    items = [dialog.status_combo.itemData(i) for i in range(dialog.status_combo.count())]
    assert items == ["sent", "withdrawn"]  # only legal next states are offered
    dialog.select_status("sent")
    type_text(dialog.note_edit, "per Post")
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert not dialog.isVisible()
    assert tab.selected().status == "sent" and tab.feedback_button.isEnabled()
    assert "Versandt" in tab.details.toPlainText() and "per Post" in tab.details.toPlainText()
    # received, then rejected needs a reason
    dialog = tab.open_status_dialog("received")
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    dialog = tab.open_status_dialog("rejected")
    assert dialog.reason_edit.isVisibleTo(dialog)
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert dialog.isVisible() and "Grund" in dialog.errors.labels["reason"].text()
    type_text(dialog.reason_edit, "Nicht zuständig")
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert tab.selected().status == "rejected" and not tab.status_button.isEnabled()
    # feedback
    fb = tab.open_feedback_dialog()
    received = fb.received_edit.date()
    assert received in (TODAY, dt.date.today())
    type_text(fb.from_edit, "Frau Klein, Team Integration")
    type_text(fb.outcome_edit, "Zuständig ist die Agentur für Arbeit.")
    fb.save_button.click()
    wait_idle(qtbot, clients_db)
    full = call_sync(qtbot, clients_db, referrals.get, referral_id=r.id)
    # The dialog's default reply date is today when it opened (a run across midnight: that day).
    assert full.feedback_from == "Frau Klein, Team Integration" and full.feedback_received_on == received
    assert [e.to_status for e in full.events] == ["draft", "sent", "received", "rejected"]


def test_a_status_change_from_a_stale_read_is_refused_and_reloaded(qtbot, tab, clients_db, client):
    """Another desk marked the referral sent while this dialog was open (issue 18): the
    dialog says what the status is now, keeps the input, and saves against the new state."""
    r = _referral(qtbot, clients_db, client, ["identity"], created_on=days(-10))
    tab.refresh(select_id=r.id)
    wait_idle(qtbot, clients_db)
    dialog = tab.open_status_dialog("sent")
    call_sync(qtbot, clients_db, referrals.change_status, referral_id=r.id, status="sent", note="per E-Mail")
    type_text(dialog.note_edit, "per Post")
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert dialog.isVisible() and "Status jetzt: Versandt" in dialog.errors.general.text()
    assert dialog.note_edit.toPlainText() == "per Post" and dialog.referral.version == 2
    events = call_sync(qtbot, clients_db, referrals.get, referral_id=r.id).events
    assert [(e.to_status, e.note) for e in events] == [("draft", None), ("sent", "per E-Mail")]
    dialog.select_status("withdrawn")
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert not dialog.isVisible()
    assert call_sync(qtbot, clients_db, referrals.get, referral_id=r.id).status == "withdrawn"


def test_preview_after_withdrawal_shows_the_refusal(qtbot, tab, clients_db, client):
    r = _referral(qtbot, clients_db, client, ["identity"])
    consents = call_sync(qtbot, clients_db, consent.list_for_client, client_id=client.id)
    call_sync(qtbot, clients_db, consent.revoke, consent_id=consents[0].id)
    tab.refresh(select_id=r.id)
    wait_idle(qtbot, clients_db)
    # the list says so before anyone clicks: status, colour, tooltip, and no print button
    status_cell = tab.model.index(0, 3)
    assert tab.model.data(status_cell).endswith("· nicht mehr druckbar")
    assert tab.model.data(status_cell, Qt.ItemDataRole.BackgroundRole) == tab.model.BLOCKED
    assert "widerrufen" in tab.model.data(status_cell, Qt.ItemDataRole.ToolTipRole)
    assert not tab.preview_button.isEnabled() and "widerrufen" in tab.preview_button.toolTip()
    assert tab.details.toPlainText().startswith("Nicht mehr druckbar:") and "widerrufen" in tab.details.toPlainText()
    if SCREENSHOTS.is_dir():
        assert tab.grab().save(str(SCREENSHOTS / "55-referral-no-longer-printable.png"))
    preview = tab.open_preview()  # a double-click still opens it, with the refusal
    wait_idle(qtbot, clients_db)
    assert "widerrufen" in preview.error_label.text()
    assert not preview.save_button.isEnabled() and not preview.print_button.isEnabled()
    preview.reject()


def test_page_filters_and_follow_up_reminder(qtbot, clients_db, client, german_locale):
    due = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=client.id,
        recipient="jobcenter",
        categories=["identity"],
        request="Termin",
        created_on=days(-18),
    )
    fresh = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=client.id,
        recipient="jobcenter",
        categories=["identity", "contact"],
        request="Unterlagen",
        created_on=days(-2),
    )
    done = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=client.id,
        recipient="jobcenter",
        categories=["identity"],
        request="Alt",
        created_on=days(-19),
    )
    call_sync(qtbot, clients_db, referrals.change_status, referral_id=done.id, status="withdrawn")
    page = ReferralsPage(clients_db)
    qtbot.addWidget(page)
    page.resize(1200, 600)
    page.show()
    qtbot.waitExposed(page)
    wait_idle(qtbot, clients_db)

    def ids() -> list[int]:
        return [page.model.data(page.model.index(i, 0)) for i in range(page.model.rowCount())]

    assert ids() == [str(fresh.id), str(due.id)]  # default: open ones, newest first
    assert "1 mit fälliger Wiedervorlage" in page.count_label.text()
    page.set_filters(overdue=True)
    wait_idle(qtbot, clients_db)
    assert ids() == [str(due.id)]
    page.set_filters(status="closed", overdue=False)
    wait_idle(qtbot, clients_db)
    assert ids() == [str(done.id)]
    page.set_filters(status=None, recipient="agentur")
    wait_idle(qtbot, clients_db)
    assert ids() == []
    page.set_filters(recipient=None, counsellor=clients_db.actor.id)
    wait_idle(qtbot, clients_db)
    assert len(ids()) == 3
    with qtbot.waitSignal(page.reminder, timeout=10_000) as reminder:
        page.check_due_follow_ups()
    assert "Bei einer Überleitung ist die Wiedervorlage fällig" in reminder.args[0]
    assert page.due_follow_ups_message() == reminder.args[0]
    page.table.selectRow(0)
    with qtbot.waitSignal(page.open_client_requested) as opened:
        page.open_client_button.click()
    assert opened.args == [client.id]
    page.clear_for_lock()
    assert page.model.rowCount() == 0 and page.due_follow_ups_message() is None
