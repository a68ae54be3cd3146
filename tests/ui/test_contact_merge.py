"""A counselling contact saved elsewhere while its dialog was open (issue 18): the save is
refused as stale, the merge dialog shows both versions, and what is saved keeps both sides'
changes. Real vault and worker; the "other desk" writes through the services."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtWidgets import QRadioButton

from referral_desk.core.services import clients, contacts
from referral_desk.ui.clients.contact_dialog import ContactDialog
from tests.conftest import client_data
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    call_sync,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    german_locale,  # noqa: F401 - pytest fixture
    wait_idle,
)

TODAY = dt.date.today()


def _dialog(qtbot, db) -> tuple[ContactDialog, object]:
    client = call_sync(qtbot, db, clients.create_client, data=client_data())
    contact = call_sync(
        qtbot,
        db,
        contacts.add_contact,
        client_id=client.id,
        data={"date": TODAY.isoformat(), "minutes": 45, "topics": ["work"], "note": "Bewerbung besprochen"},
    )
    dialog = ContactDialog(db, client_id=client.id, contact=contact)  # deletes itself once saved
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog, contact


def _closed(dialog: ContactDialog) -> bool:
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def test_a_concurrent_contact_edit_is_merged_not_lost(qtbot, clients_db, german_locale):
    dialog, contact = _dialog(qtbot, clients_db)
    # Meanwhile another desk corrects the duration and adds a topic.
    call_sync(
        qtbot,
        clients_db,
        contacts.update_contact,
        contact_id=contact.id,
        changes={"minutes": 60, "topics": ["work", "housing"]},
    )
    # Here the counsellor changes the duration too (a conflict) and adds an interpreter.
    dialog.minutes_spin.setValue(90)
    dialog.interpreter_check.setChecked(True)
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.merge_dialog is not None and dialog.merge_dialog.isVisible(), timeout=5000)
    merge = dialog.merge_dialog
    assert [f.key for f in merge.plan.conflicts] == ["minutes"]
    assert merge.choices() == {"minutes": True, "topics": False, "interpreter": True}
    assert merge.windowTitle() == "Beratungskontakt wurde inzwischen geändert"
    assert merge.table.item(0, 0).text() == "Dauer ⚠"
    assert merge.findChild(QRadioButton, "merge_theirs_minutes").text() == "60 Min."
    merge.grab().save(str(SCREENSHOTS / "18-contact-merge-dialog.png"))
    merge.merge_button.click()
    wait_idle(qtbot, clients_db)
    (stored,) = call_sync(qtbot, clients_db, contacts.list_contacts, client_id=contact.client_id)
    assert stored.minutes == 90 and stored.interpreter  # this desk's changes
    assert stored.topics == ["work", "housing"]  # the other desk's change survived
    assert stored.note == "Bewerbung besprochen" and stored.version == 3
    qtbot.waitUntil(lambda: _closed(dialog), timeout=5000)


def test_without_overlap_both_sides_are_preselected(qtbot, clients_db, german_locale):
    """No field changed on both sides: the dialog only shows what is taken over; one click."""
    dialog, contact = _dialog(qtbot, clients_db)
    call_sync(qtbot, clients_db, contacts.update_contact, contact_id=contact.id, changes={"with_family": 2})
    dialog.note_edit.setPlainText("Bewerbung besprochen; Lebenslauf mitgegeben")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: dialog.merge_dialog is not None and dialog.merge_dialog.isVisible(), timeout=5000)
    merge = dialog.merge_dialog
    assert merge.plan.conflicts == () and merge.choices() == {"with_family": False, "note": True}
    assert "Keine Überschneidung" in merge.summary_label.text()
    merge.merge_button.click()
    wait_idle(qtbot, clients_db)
    qtbot.waitUntil(lambda: _closed(dialog), timeout=5000)
    (stored,) = call_sync(qtbot, clients_db, contacts.list_contacts, client_id=contact.client_id)
    assert stored.with_family == 2 and stored.note.endswith("Lebenslauf mitgegeben") and stored.version == 3
