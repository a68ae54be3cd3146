"""The client record: create and edit through the form, inline errors, duplicates, the
unsaved-changes guard, drafts through a lock, and counselling contacts."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from referral_desk.core.services import clients, contacts, drafts
from referral_desk.core.services.clients import ClientQuery
from referral_desk.ui.clients.contact_dialog import ContactDialog
from referral_desk.ui.clients.list_model import COLUMN_BY_KEY
from referral_desk.ui.clients.record import ClientRecord
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    call_sync,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    clients_page,  # noqa: F401 - pytest fixture
    german_locale,  # noqa: F401 - pytest fixture
    type_text,
    wait_idle,
)


def _box(qtbot, parent, name: str) -> QMessageBox:
    qtbot.waitUntil(lambda: any(b.isVisible() for b in parent.findChildren(QMessageBox, name)), timeout=5000)
    return next(b for b in parent.findChildren(QMessageBox, name) if b.isVisible())


def _click(box: QMessageBox, name: str) -> None:
    box.findChild(QPushButton, name).click()


def _type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    type_text(widget, text)  # the events go to the widget itself, focus or not


def _fill_new(qtbot, record: ClientRecord, family: str, given: str, birth: str) -> None:
    f = record.form
    _type_into(qtbot, f.family_name_edit, family)
    _type_into(qtbot, f.given_names_edit, given)
    _type_into(qtbot, f.birth_date_edit.edit, birth)


def _search(qtbot, page, db, text: str) -> list[str]:
    page.search_edit.clear()
    page.focus_search()
    type_text(page.search_edit, text)
    qtbot.waitUntil(lambda: not page._debounce.isActive(), timeout=2000)
    wait_idle(qtbot, db)
    m = page.model
    return [m.data(m.index(r, COLUMN_BY_KEY["family_name"])) for r in range(m.rowCount())]


def _save_and_wait(qtbot, record: ClientRecord, db) -> None:
    record.save_button.click()
    wait_idle(qtbot, db)


def test_create_turkish_and_arabic_clients_and_find_them_transliterated(qtbot, clients_page, clients_db):
    record = clients_page.new_client()
    assert record.objectName() == "client_record" and record.ref == "new"
    assert not record.tabs.isTabEnabled(1)  # contacts need a saved client
    _fill_new(qtbot, record, "Yılmaz", "Ayşe", "12031985")
    record.form.birth_date_edit._tidy()  # leaving the field turns 12031985 into 12.03.1985
    assert record.form.birth_date_edit.text() == "12.03.1985"
    type_text(record.form.nationalities_picker.search_edit, "Türkei")
    record.form.nationalities_picker.search_edit.returnPressed.emit()  # Enter
    qtbot.wait(10)
    assert record.form.nationalities_picker.value() == ["TR"]
    record.form.preferred_language_picker.setText("Türkisch")
    record.form.preferred_language_picker.editingFinished.emit()
    assert record.form.preferred_language_picker.value() == "tr"
    record.form.german_level_combo.setCurrentIndex(record.form.german_level_combo.findData("A2"))
    assert record.is_modified()
    _save_and_wait(qtbot, record, clients_db)
    assert record.client is not None and record.ref == str(record.client_id)
    assert not record.is_modified()
    assert record.tabs.isTabEnabled(1)
    stored = call_sync(qtbot, clients_db, clients.get_client, client_id=record.client_id)
    assert (stored.family_name, stored.given_names, stored.birth_date) == ("Yılmaz", "Ayşe", dt.date(1985, 3, 12))
    assert stored.nationalities == ["TR"] and stored.preferred_language == "tr" and stored.german_level == "A2"
    record.request_close()

    record = clients_page.new_client()
    _fill_new(qtbot, record, "الحسن", "محمد", "01.02.1990")
    type_text(record.form.nationalities_picker.search_edit, "syr")
    record.form.nationalities_picker.search_edit.returnPressed.emit()
    qtbot.wait(10)
    assert record.form.nationalities_picker.value() == ["SY"]
    _save_and_wait(qtbot, record, clients_db)
    assert record.client is not None and record.client.family_name == "الحسن"
    record.request_close()

    assert _search(qtbot, clients_page, clients_db, "Yilmaz") == ["Yılmaz"]
    assert _search(qtbot, clients_page, clients_db, "Mohammed") == ["الحسن"]
    assert _search(qtbot, clients_page, clients_db, "Ayşe") == ["Yılmaz"]
    assert clients_page.result_count_label.text() == "1 Klient*in"


def test_edit_a_field_and_save(qtbot, clients_page, clients_db):
    client = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Kowalska", "given_names": "Anna", "birth_date": "1988-08-08", "nationalities": ["PL"]},
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    record = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    assert record.form.family_name_edit.text() == "Kowalska"
    assert record.header_label.text().startswith(client.case_number)
    assert not record.is_modified()
    _type_into(qtbot, record.form.phone_edit, "0621 504030")
    _type_into(qtbot, record.form.city_edit, "Ludwigshafen am Rhein")
    assert record.is_modified() and record.isWindowModified()
    _save_and_wait(qtbot, record, clients_db)
    stored = call_sync(qtbot, clients_db, clients.get_client, client_id=client.id)
    assert stored.phone == "0621 504030" and stored.address.city == "Ludwigshafen am Rhein"
    assert stored.family_name == "Kowalska"  # untouched fields stay as they were
    assert not record.is_modified()
    assert "Gespeichert" in record.status_label.text()
    # the list was refreshed and the saved client selected
    assert clients_page.table.currentIndex().row() == clients_page.model.row_of(client.id)


def test_bad_input_shows_inline_error_and_writes_nothing(qtbot, clients_page, clients_db):
    record = clients_page.new_client()
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).strftime("%d.%m.%Y")
    _fill_new(qtbot, record, "Şahin", "Emre", tomorrow)
    _save_and_wait(qtbot, record, clients_db)
    label = record.findChild(type(record.form.error_label("birth_date")), "birth_date_error_label")
    assert label.isVisible()
    assert "Geburtsdatum" in label.text() and "Zukunft" in label.text()
    assert "(birth_date)" not in label.text()  # people see the German label, not the JSON key
    assert record.form.birth_date_edit.edit.hasFocus() or QApplication.focusWidget() is record.form.birth_date_edit.edit
    assert record.form.family_name_edit.text() == "Şahin"  # nothing typed is lost
    assert call_sync(qtbot, clients_db, clients.search_ids, query=ClientQuery()) == []

    record.form.birth_date_edit.setText("03.04.1991")
    _type_into(qtbot, record.form.email_edit, "emre.sahin.example.de")
    _save_and_wait(qtbot, record, clients_db)
    assert not record.form.error_label("birth_date").isVisible()
    email_error = record.form.error_label("email")
    assert email_error.objectName() == "email_error_label" and email_error.isVisible()
    assert "E-Mail" in email_error.text()
    assert call_sync(qtbot, clients_db, clients.search_ids, query=ClientQuery()) == []

    record.form.email_edit.setText("emre.sahin@example.de")
    record.form.postal_code_edit.setText("6!")
    _save_and_wait(qtbot, record, clients_db)
    assert record.form.error_label("postal_code").isVisible()  # field "address.postal_code"
    assert "Postleitzahl" in record.form.error_label("postal_code").text()
    record.form.postal_code_edit.setText("67059")
    _save_and_wait(qtbot, record, clients_db)
    assert record.client is not None
    assert not any(record.form.error_label(k).isVisible() for k in ("birth_date", "email", "postal_code"))

    # the same on an update: the stored value stays
    record.form.email_edit.setText("kein-at-zeichen")
    record.form.email_edit.textEdited.emit("kein-at-zeichen")
    _save_and_wait(qtbot, record, clients_db)
    assert record.form.error_label("email").isVisible()
    stored = call_sync(qtbot, clients_db, clients.get_client, client_id=record.client_id)
    assert stored.email == "emre.sahin@example.de"
    assert record.is_modified()


def test_required_fields_are_named(qtbot, clients_page, clients_db):
    record = clients_page.new_client()
    _save_and_wait(qtbot, record, clients_db)
    label = record.form.error_label("family_name")
    assert label.isVisible() and "Familienname" in label.text()
    assert record.form.family_name_edit.hasFocus() or QApplication.focusWidget() is record.form.family_name_edit


def test_duplicate_warning_asks_before_creating(qtbot, clients_page, clients_db):
    first = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Yılmaz", "given_names": "Ayşe", "birth_date": "1985-03-12"},
    )
    record = clients_page.new_client()
    _fill_new(qtbot, record, "Yilmaz", "Ayse", "12.03.1985")  # same person, typed without Turkish letters
    record.save_button.click()
    box = _box(qtbot, record, "duplicate_warning")
    assert first.case_number in box.text() and "Trotzdem anlegen?" in box.text()
    _click(box, "do_not_create_button")
    wait_idle(qtbot, clients_db)
    assert len(call_sync(qtbot, clients_db, clients.search_ids, query=ClientQuery())) == 1
    assert record.client is None and record.form.family_name_edit.text() == "Yilmaz"
    record.save_button.click()
    box = _box(qtbot, record, "duplicate_warning")
    _click(box, "create_anyway_button")
    wait_idle(qtbot, clients_db)
    assert len(call_sync(qtbot, clients_db, clients.search_ids, query=ClientQuery())) == 2
    assert record.client is not None and record.client.case_number != first.case_number


def test_unsaved_changes_guard(qtbot, clients_page, clients_db):
    client = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Petrova", "given_names": "Maria", "birth_date": "1975-02-14"},
    )
    record = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    _type_into(qtbot, record.form.notes_edit, "Termin Ausländerbehörde")
    record.request_close()
    _click(_box(qtbot, record, "unsaved_changes_box"), "unsaved_cancel_button")
    assert record.isVisible() and clients_page.open_records() == [record]
    # a draft kept at an earlier lock is deleted by "Verwerfen"
    call_sync(qtbot, clients_db, drafts.save_draft, kind="client", ref=str(client.id), payload=record.draft_payload())
    qtbot.keyClick(record, Qt.Key.Key_Escape)  # Escape goes through the same guard
    _click(_box(qtbot, record, "unsaved_changes_box"), "unsaved_discard_button")
    wait_idle(qtbot, clients_db)
    assert clients_page.open_records() == []
    assert call_sync(qtbot, clients_db, drafts.list_drafts) == []
    assert call_sync(qtbot, clients_db, clients.get_client, client_id=client.id).notes is None

    record = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    _type_into(qtbot, record.form.notes_edit, "Termin Ausländerbehörde")
    record.close()  # the window's close button
    _click(_box(qtbot, record, "unsaved_changes_box"), "unsaved_save_button")
    wait_idle(qtbot, clients_db)
    assert clients_page.open_records() == []
    assert call_sync(qtbot, clients_db, clients.get_client, client_id=client.id).notes == "Termin Ausländerbehörde"


def test_drafts_survive_a_lock(qtbot, clients_page, clients_db):
    # a new client, half typed (incl. an unfinished date and Arabic script)
    record = clients_page.new_client()
    _fill_new(qtbot, record, "العبيدي", "فاطمة", "07.09.19")
    record.form.interpreter_needed_check.setChecked(True)
    # an existing client with a contact being written
    client = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Hoxha", "given_names": "Arben", "birth_date": "1983-06-01", "preferred_language": "sq"},
    )
    other = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    other.show_tab("kontakte")
    dialog = other.tab("kontakte").add_contact()
    assert dialog.language_picker.value() == "sq"  # the client's language is the default
    _type_into(qtbot, dialog.note_edit, "Bewerbung besprochen")
    dialog.topic_checks["work"].setChecked(True)

    found = {ref: payload for kind, ref, payload in clients_page.drafts_for_lock() if kind == "client"}
    assert set(found) == {"new", str(client.id)}
    assert found["new"]["values"]["family_name"] == "العبيدي"
    assert found["new"]["values"]["birth_date"] == "07.09.19"
    assert found["new"]["values"]["interpreter_needed"] is True
    assert found[str(client.id)]["tab"] == "kontakte"
    assert found[str(client.id)]["tabs"]["kontakte"]["values"]["note"] == "Bewerbung besprochen"

    # what the main window does: keep the drafts in the vault, lock, unlock, restore
    for ref, payload in found.items():
        call_sync(qtbot, clients_db, drafts.save_draft, kind="client", ref=ref, payload=payload)
    clients_page.clear_for_lock()
    assert clients_page.open_records() == [] and clients_page.model.rowCount() == 0
    assert not any(
        isinstance(w, (ClientRecord, ContactDialog, QMessageBox)) and w.isVisible()
        for w in QApplication.topLevelWidgets()
    )
    clients_page.refresh()
    stored = call_sync(qtbot, clients_db, drafts.list_drafts)
    for d in stored:
        assert clients_page.restore_draft(d["kind"], d["ref"], d["payload"])
    assert not clients_page.restore_draft("referral", "1", {})
    wait_idle(qtbot, clients_db)
    records = {r.ref: r for r in clients_page.open_records()}
    new = records["new"]
    assert new.form.family_name_edit.text() == "العبيدي"
    assert new.form.birth_date_edit.text() == "07.09.19"
    assert new.form.interpreter_needed_check.isChecked()
    assert new.is_modified() and new.isWindowModified()
    old = records[str(client.id)]
    assert old.current_tab_key() == "kontakte"
    dialog = old.findChild(ContactDialog, "contact_dialog")
    assert dialog is not None and dialog.note_edit.toPlainText() == "Bewerbung besprochen"
    assert dialog.topic_checks["work"].isChecked() and dialog.is_modified()

    # saving deletes the draft
    new.form.birth_date_edit.setText("07.09.1990")
    _save_and_wait(qtbot, new, clients_db)
    assert new.client is not None
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert [c.note for c in call_sync(qtbot, clients_db, contacts.list_contacts, client_id=client.id)] == [
        "Bewerbung besprochen"
    ]
    old.request_close()  # nothing left unsaved: closes and discards nothing
    wait_idle(qtbot, clients_db)
    remaining = [d["ref"] for d in call_sync(qtbot, clients_db, drafts.list_drafts)]
    assert "new" not in remaining


def test_contacts_add_and_edit(qtbot, clients_page, clients_db):
    client = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Rossi", "given_names": "Giulia", "birth_date": "1995-10-21"},
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    record = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    record.show_tab("kontakte")
    tab = record.tab("kontakte")
    tab.add_button.click()
    dialog = record.findChild(ContactDialog, "contact_dialog")
    assert dialog.isVisible()
    dialog.date_edit.setText((dt.date.today() + dt.timedelta(days=3)).strftime("%d.%m.%Y"))
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert dialog.findChild(type(dialog.error_label), "date_error_label").isVisible()
    assert call_sync(qtbot, clients_db, contacts.list_contacts, client_id=client.id) == []

    day = dt.date.today() - dt.timedelta(days=2)
    dialog.date_edit.setText(day.strftime("%d.%m.%Y"))
    dialog.minutes_spin.setValue(60)
    dialog.mode_combo.setCurrentIndex(dialog.mode_combo.findData("phone"))
    dialog.topic_checks["residence"].setChecked(True)
    dialog.topic_checks["work"].setChecked(True)
    dialog.interpreter_check.setChecked(True)
    dialog.language_picker.set_value("it")
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    assert tab.table.rowCount() == 1
    cells = [tab.table.item(0, c).text() for c in range(tab.table.columnCount())]
    assert cells == [
        day.strftime("%d.%m.%Y"),
        "60 Min.",
        "Telefonisch",
        "Aufenthalt, Arbeit und Beschäftigung",
        "ja",
        "admin",
        "",
    ]  # last: family members counselled alongside (none)
    # the list shows the new last contact
    m = clients_page.model
    assert m.data(m.index(m.row_of(client.id), COLUMN_BY_KEY["last_contact_on"])) == day.strftime("%d.%m.%Y")

    tab.table.selectRow(0)
    dialog = tab.edit_selected()
    assert dialog.minutes_spin.value() == 60
    dialog.minutes_spin.setValue(30)
    dialog.topic_checks["work"].setChecked(False)
    dialog.save_button.click()
    wait_idle(qtbot, clients_db)
    [stored] = call_sync(qtbot, clients_db, contacts.list_contacts, client_id=client.id)
    assert stored.minutes == 30 and stored.topics == ["residence"] and stored.interpreter and stored.language == "it"
    assert tab.table.item(0, 1).text() == "30 Min."


def test_screenshots_of_the_record(qtbot, clients_page, clients_db):
    client = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={
            "family_name": "Yılmaz",
            "given_names": "Ayşe",
            "birth_date": "1985-03-12",
            "gender": "female",
            "nationalities": ["TR"],
            "preferred_language": "tr",
            "interpreter_needed": True,
            "residence_status": "aufenthaltserlaubnis_familie",
            "residence_valid_until": "2027-05-31",
            "employment_permitted": "yes",
            "german_level": "A2",
            "integration_course": "attending",
            "arrival_date": "2019-09-01",
            "phone": "0621 5045 123",
            "email": "ayse.yilmaz@example.de",
            "address": {"street": "Hemshofstraße 12", "postal_code": "67063", "city": "Ludwigshafen am Rhein"},
            "jobcenter_customer_number": "123D456789",
            "notes": "Kommt mit Tochter zur Beratung. Unterlagen zur Anerkennung (Pflegeausbildung) mitbringen.",
        },
    )
    today = dt.date.today()
    for i, (topics, minutes, mode, interp) in enumerate(
        (
            (["residence", "family"], 60, "in_person", True),
            (["language_course"], 30, "phone", False),
            (["recognition", "work"], 45, "in_person", True),
            (["benefits"], 20, "phone", False),
            (["housing", "everyday"], 50, "video", False),
        )
    ):
        call_sync(
            qtbot,
            clients_db,
            contacts.add_contact,
            client_id=client.id,
            data={
                "date": (today - dt.timedelta(days=40 - 8 * i)).isoformat(),
                "minutes": minutes,
                "mode": mode,
                "topics": topics,
                "interpreter": interp,
                "language": "tr" if interp else None,
            },
        )
    record = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    record.resize(1040, 760)
    qtbot.waitExposed(record)
    qtbot.wait(50)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert record.grab().save(str(SCREENSHOTS / "11-client-record.png"))
    record.show_tab("kontakte")
    qtbot.wait(50)
    assert record.grab().save(str(SCREENSHOTS / "12-client-contacts.png"))


def test_a_later_tab_is_one_line(qtbot, clients_page, clients_db, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from referral_desk.ui.clients import record as record_mod

    made = []

    def consents(db, client):
        made.append(client.id)
        return QLabel(f"Einwilligungen für {client.case_number}")

    # The real tabs (Stammdaten, Beratungskontakte, Einwilligungen, Überleitungen) plus one
    # added here with a single line.
    monkeypatch.setattr(
        record_mod,
        "RECORD_TABS",
        [*record_mod.RECORD_TABS, record_mod.TabSpec("probe", "Probe", record_mod.widget_tab(consents))],
    )
    record = clients_page.new_client()
    titles = [record.tabs.tabText(i) for i in range(record.tabs.count())]
    assert titles == ["Stammdaten", "Beratungskontakte", "Einwilligungen", "Überleitungen", "Förderplan", "Probe"]
    last = len(titles) - 1
    assert not record.tabs.isTabEnabled(last) and made == []
    _fill_new(qtbot, record, "Novak", "Ana", "04.04.1994")
    _save_and_wait(qtbot, record, clients_db)
    assert record.tabs.isTabEnabled(last) and made == [record.client_id]
    assert record.tab("probe").inner.text().endswith(record.client.case_number)
