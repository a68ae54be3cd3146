"""A record saved elsewhere while it was open: the save is refused as stale, the merge dialog
shows both versions, and what is saved keeps both sides' changes (no lost update). The same
for a draft brought back after a lock. Real vault, real worker; the "other desk" writes
through the services as a second app would."""

from __future__ import annotations

from referral_desk.core.services import clients, drafts
from referral_desk.ui.clients.merge_dialog import MergeDialog
from referral_desk.ui.clients.record import ClientRecord
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    call_sync,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    clients_page,  # noqa: F401 - pytest fixture
    german_locale,  # noqa: F401 - pytest fixture
    wait_idle,
)


def _client(qtbot, db):
    return call_sync(
        qtbot,
        db,
        clients.create_client,
        data={"family_name": "Yılmaz", "given_names": "Ayşe", "birth_date": "1985-03-12", "phone": "0621 111"},
    )


def _open(qtbot, page, db, client_id: int) -> ClientRecord:
    record = page.open_client(client_id)
    wait_idle(qtbot, db)
    assert record.client is not None
    return record


def _merge_dialog(qtbot, record: ClientRecord) -> MergeDialog:
    qtbot.waitUntil(lambda: record.merge_dialog is not None and record.merge_dialog.isVisible(), timeout=5000)
    return record.merge_dialog


def test_a_concurrent_edit_is_merged_not_lost(qtbot, clients_page, clients_db):
    client = _client(qtbot, clients_db)
    record = _open(qtbot, clients_page, clients_db, client.id)
    # Meanwhile, another desk saves a new phone number and a note.
    call_sync(
        qtbot,
        clients_db,
        clients.update_client,
        client_id=client.id,
        changes={"phone": "0621 222", "notes": "Termin Ausländerbehörde 12.01."},
    )
    # Here the counsellor changes the phone too (a conflict) and the city (theirs untouched).
    record.form.phone_edit.setText("0621 333")
    record.form.city_edit.setText("Ludwigshafen am Rhein")
    record.save_button.click()
    dialog = _merge_dialog(qtbot, record)
    plan = dialog.plan
    assert [f.key for f in plan.conflicts] == ["phone"]
    assert {f.key for f in plan.fields} == {"phone", "notes", "city"}
    assert dialog.choices() == {"phone": True, "notes": False, "city": True}
    assert dialog.table.item(0, 0).text().startswith("Telefon")  # conflicts first, by label
    dialog.grab().save(str(SCREENSHOTS / "18-merge-dialog.png"))
    dialog.choose("phone", mine=False)  # the number saved elsewhere is the right one
    dialog.merge_button.click()
    wait_idle(qtbot, clients_db)
    stored = call_sync(qtbot, clients_db, clients.get_client, client_id=client.id)
    assert stored.phone == "0621 222"
    assert stored.notes == "Termin Ausländerbehörde 12.01."  # the other desk's change survived
    assert stored.address.city == "Ludwigshafen am Rhein"  # and this one's
    assert stored.version == client.version + 2
    assert record.client.version == stored.version and not record.is_modified()


def test_cancelling_the_merge_saves_nothing_and_keeps_the_input(qtbot, clients_page, clients_db):
    client = _client(qtbot, clients_db)
    record = _open(qtbot, clients_page, clients_db, client.id)
    call_sync(qtbot, clients_db, clients.update_client, client_id=client.id, changes={"phone": "0621 222"})
    record.form.phone_edit.setText("+49 621 999")
    record.save_button.click()
    dialog = _merge_dialog(qtbot, record)
    dialog.findChild(type(dialog.merge_button), "merge_cancel_button").click()
    wait_idle(qtbot, clients_db)
    assert call_sync(qtbot, clients_db, clients.get_client, client_id=client.id).phone == "0621 222"
    assert record.form.phone_edit.text() == "+49 621 999" and record.is_modified()
    assert "geändert" in record.status_label.text()
    # Saving again now is against the stored version: no second conflict.
    record.save_button.click()
    wait_idle(qtbot, clients_db)
    assert record.merge_dialog is None
    assert call_sync(qtbot, clients_db, clients.get_client, client_id=client.id).phone == "+49 621 999"


def test_a_draft_from_before_a_change_elsewhere_is_merged_when_it_comes_back(qtbot, clients_page, clients_db):
    client = _client(qtbot, clients_db)
    record = _open(qtbot, clients_page, clients_db, client.id)
    record.form.email_edit.setText("ayse@example.org")
    ((kind, ref, payload),) = clients_page.drafts_for_lock()
    assert payload["base_version"] == client.version and payload["base"]["phone"] == "0621 111"
    call_sync(qtbot, clients_db, drafts.save_draft, kind=kind, ref=ref, payload=payload)
    clients_page.clear_for_lock()
    # While this desk was locked, another one changed the phone number.
    call_sync(qtbot, clients_db, clients.update_client, client_id=client.id, changes={"phone": "0621 222"})
    clients_page.refresh()
    assert clients_page.restore_draft(kind, ref, payload)
    wait_idle(qtbot, clients_db)
    (restored,) = clients_page.open_records()
    dialog = _merge_dialog(qtbot, restored)
    assert dialog.plan.conflicts == ()
    assert dialog.choices() == {"phone": False, "email": True}
    dialog.merge_button.click()
    assert restored.form.phone_edit.text() == "0621 222"  # not reverted by the old draft
    assert restored.form.email_edit.text() == "ayse@example.org"
    restored.save_button.click()
    wait_idle(qtbot, clients_db)
    stored = call_sync(qtbot, clients_db, clients.get_client, client_id=client.id)
    assert (stored.phone, stored.email) == ("0621 222", "ayse@example.org")


def test_a_draft_of_the_current_version_comes_back_without_questions(qtbot, clients_page, clients_db):
    client = _client(qtbot, clients_db)
    record = _open(qtbot, clients_page, clients_db, client.id)
    record.form.phone_edit.setText("0621 444")
    ((kind, ref, payload),) = clients_page.drafts_for_lock()
    clients_page.clear_for_lock()
    clients_page.refresh()
    assert clients_page.restore_draft(kind, ref, payload)
    wait_idle(qtbot, clients_db)
    (restored,) = clients_page.open_records()
    qtbot.wait(50)
    assert restored.merge_dialog is None
    assert restored.form.phone_edit.text() == "0621 444" and restored.is_modified()
