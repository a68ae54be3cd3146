"""Letters in the desktop app (issue 10): the record's document spelling prompt and structured
facts, the referral dialog's preselected recipient and its way to "record consent", the
preview's offer to mark a referral as sent, the refusal when an address is missing with a
button to the setting, and the organisation's data-protection officer in Verwaltung.
Real vault through the real DatabaseWorker, real widgets offscreen."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtWidgets import QWidget

from referral_desk.core.services import clients, consent, organisation, referrals
from referral_desk.ui.clients.record import ClientRecord
from referral_desk.ui.referrals import ReferralsTab
from referral_desk.ui.referrals.dialogs import PreviewDialog
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


class SettingsHost(QWidget):
    """Stands in for the workspace that opens Verwaltung (records what was asked)."""

    def __init__(self) -> None:
        super().__init__()
        self.opened: list[str] = []

    def can_open_setting(self, target: str) -> bool:
        return not target.startswith("record:")

    def open_setting(self, target: str) -> None:
        self.opened.append(target)


def _record(qtbot, db, client_id: int, parent: QWidget | None = None) -> ClientRecord:
    record = ClientRecord(db, client_id=client_id, parent=parent)  # deletes itself on close
    record.show()
    wait_idle(qtbot, db)
    return record


def test_record_prompts_for_the_document_spelling_and_saves_structured_facts(qtbot, clients_db, german_locale):
    c = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data=client_data(family_name="Шевченко", given_names="Олександра", nationalities=["UA"]),
    )
    record = _record(qtbot, clients_db, c.id)
    form = record.form
    assert form.document_spelling_hint_label.isVisible()
    # Cyrillic in the document spelling: the service's message under the field, nothing saved
    type_text(form.document_family_name_edit, "Шевченко")
    record.save_button.click()
    wait_idle(qtbot, clients_db)
    label = form.error_label("document_family_name")
    assert label is not None and label.isVisible() and "lateinische" in label.text()
    form.document_family_name_edit.clear()
    type_text(form.document_family_name_edit, "Shevchenko")
    type_text(form.document_given_names_edit, "Oleksandra")
    assert not form.document_spelling_hint_label.isVisible()
    form.employment_status_combo.setCurrentIndex(form.employment_status_combo.findData("job_seeking"))
    form.benefit_type_combo.setCurrentIndex(form.benefit_type_combo.findData("sgb2"))
    type_text(form.last_occupation_edit, "Apothekerin")
    type_text(form.abh_file_reference_edit, "32.1-4711/22")
    form.edited.emit()
    record.save_button.click()
    wait_idle(qtbot, clients_db)
    saved = call_sync(qtbot, clients_db, clients.get_client, client_id=c.id)
    assert (saved.document_family_name, saved.document_given_names) == ("Shevchenko", "Oleksandra")
    assert (saved.employment_status, saved.benefit_type, saved.last_occupation, saved.abh_file_reference) == (
        "job_seeking",
        "sgb2",
        "Apothekerin",
        "32.1-4711/22",
    )
    if SCREENSHOTS.is_dir():
        record.resize(1100, 1000)
        qtbot.wait(100)
        record.grab().save(str(SCREENSHOTS / "53-record-document-spelling-facts.png"))
    record.close()


def test_create_dialog_preselects_the_consented_recipient_or_offers_to_record_a_consent(
    qtbot, clients_db, german_locale
):
    c = call_sync(qtbot, clients_db, clients.create_client, data=client_data())
    call_sync(
        qtbot,
        clients_db,
        consent.grant,
        client_id=c.id,
        recipient="agentur",
        categories=["identity"],
        purpose="job_placement,recognition",
        given_on=TODAY - dt.timedelta(days=2),
    )
    host = QWidget()
    qtbot.addWidget(host)
    tab = ReferralsTab(clients_db, c.id, parent=host)
    wait_idle(qtbot, clients_db)
    dialog = tab.open_create_dialog()
    wait_idle(qtbot, clients_db)
    assert dialog.recipient == "agentur"  # not the first in the list, the one with a consent
    assert [dialog.purpose_combo.itemData(i) for i in range(dialog.purpose_combo.count())] == [
        "job_placement",
        "recognition",
    ]
    dialog.purpose_combo.setCurrentIndex(1)
    assert dialog.params()["purpose"] == "recognition"
    dialog.select_recipient("jobcenter")
    wait_idle(qtbot, clients_db)
    assert not dialog.create_button.isEnabled()
    assert not dialog.record_consent_button.isVisibleTo(dialog)  # nobody here can open the consent tab
    dialog.reject()
    # inside the client's record the dialog links to "Einwilligungen"
    record = _record(qtbot, clients_db, c.id)
    record.show_tab("ueberleitungen")
    wait_idle(qtbot, clients_db)
    rtab = record.findChild(ReferralsTab)
    dialog = rtab.open_create_dialog()
    wait_idle(qtbot, clients_db)
    dialog.select_recipient("jobcenter")
    wait_idle(qtbot, clients_db)
    assert dialog.record_consent_button.isVisibleTo(dialog)
    dialog.record_consent_button.click()
    assert record.current_tab_key() == "einwilligungen"
    record.close()


def test_preview_refuses_without_address_with_a_button_and_offers_to_mark_sent(
    qtbot, clients_db, german_locale, tmp_path
):
    c = call_sync(qtbot, clients_db, clients.create_client, data=client_data())
    call_sync(
        qtbot,
        clients_db,
        consent.grant,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity"],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=2),
    )
    r = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity"],
        request="Termin",
    )
    host = SettingsHost()
    qtbot.addWidget(host)
    preview = PreviewDialog(clients_db, referral=r, parent=host, save_path_provider=lambda n: str(tmp_path / n))
    wait_idle(qtbot, clients_db)
    assert "organisation.street" in preview.error_label.text()
    assert preview.fix_button.isVisibleTo(preview) and "Organisation" in preview.fix_button.text()
    assert not preview.save_button.isEnabled()
    preview.fix_button.click()
    assert host.opened == ["organisation"]
    # addresses completed: the sheet prints; after saving, the referral can be marked as sent
    call_sync(qtbot, clients_db, complete_addresses)
    preview = PreviewDialog(clients_db, referral=r, parent=host, save_path_provider=lambda n: str(tmp_path / n))
    wait_idle(qtbot, clients_db)
    qtbot.waitUntil(lambda: preview.loaded, timeout=10_000)
    assert not preview.mark_sent_button.isVisibleTo(preview)
    with qtbot.waitSignal(preview.saved, timeout=15_000):
        preview.save_button.click()
    assert preview.mark_sent_button.isVisibleTo(preview)
    with qtbot.waitSignal(preview.marked_sent, timeout=10_000):
        preview.mark_sent_button.click()
    assert call_sync(qtbot, clients_db, referrals.get, referral_id=r.id).status == "sent"
    assert not preview.mark_sent_button.isVisibleTo(preview)


def test_missing_document_spelling_leads_to_the_record(qtbot, clients_db, german_locale):
    call_sync(qtbot, clients_db, complete_addresses)
    c = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data=client_data(family_name="الخطيب", given_names="جمال", nationalities=["SY"]),
    )
    call_sync(
        qtbot,
        clients_db,
        consent.grant,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity"],
        purpose="job_placement",
        given_on=TODAY - dt.timedelta(days=2),
    )
    r = call_sync(
        qtbot,
        clients_db,
        referrals.create,
        client_id=c.id,
        recipient="jobcenter",
        categories=["identity"],
        request="Termin",
    )
    record = _record(qtbot, clients_db, c.id)
    record.show_tab("ueberleitungen")
    wait_idle(qtbot, clients_db)
    rtab = record.findChild(ReferralsTab)
    preview = rtab.open_preview(r)
    wait_idle(qtbot, clients_db)
    assert "document_family_name" in preview.error_label.text()
    assert preview.fix_button.isVisibleTo(preview)
    preview.fix_button.click()
    assert record.current_tab_key() == "stammdaten"
    assert record.form.error_label("document_family_name").isVisible()
    record.close()


def test_organisation_tab_edits_the_data_protection_officer_and_services(qtbot, clients_db, german_locale):
    from referral_desk.ui.admin_page import OrganisationTab

    tab = OrganisationTab(clients_db)
    qtbot.addWidget(tab)
    tab.reload()
    wait_idle(qtbot, clients_db)
    assert tab.letters_hint_label.isVisibleTo(tab) and "organisation.street" in tab.letters_hint_label.text()
    type_text(tab.dpo_name_edit, "Datenschutz Süd GmbH")
    type_text(tab.dpo_email_edit, "dsb@example.org")
    tab.services_checks["jmd"].setChecked(True)
    tab.save()
    wait_idle(qtbot, clients_db)
    org = call_sync(qtbot, clients_db, organisation.get_organisation)
    assert (org.dpo_name, org.dpo_email) == ("Datenschutz Süd GmbH", "dsb@example.org")
    assert org.services == ["mbe", "jmd"]
    type_text(tab.dpo_email_edit, "kein-at")
    tab.dpo_email_edit.setText("kein-at")
    tab.save()
    wait_idle(qtbot, clients_db)
    assert call_sync(qtbot, clients_db, organisation.get_organisation).dpo_email == "dsb@example.org"


@pytest.fixture(autouse=True)
def _german(german_locale):
    yield
