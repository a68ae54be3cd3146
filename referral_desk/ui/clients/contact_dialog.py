"""Counselling contacts: the "Beratungskontakte" tab of the record and its edit dialog."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QT_TR_NOOP, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues, clock
from referral_desk.core.errors import InvalidInput, VersionConflict
from referral_desk.core.merge import plan_merge
from referral_desk.core.models import ClientRead, ContactRead
from referral_desk.core.services import contacts
from referral_desk.ui.clients.pickers import LanguagePicker
from referral_desk.ui.clients.record_tab import RecordTab
from referral_desk.ui.widgets import (
    DateField,
    ErrorLabel,
    date_for_service,
    field_error_text,
    field_widget_key,
    format_date,
    guarded,
    normalise_date_text,
    ui_lang,
    with_error,
)

DEFAULT_MINUTES = 45


def _same(key: str, a: Any, b: Any) -> bool:
    """Two dialog values mean the same (date spelling, topic order, surrounding blanks)."""
    if key == "date":
        return normalise_date_text(a) == normalise_date_text(b)
    if key == "topics":
        return sorted(a or []) == sorted(b or [])
    if key == "note":
        return (a or "").strip() == (b or "").strip()
    return bool(a == b)


class ContactDialog(QDialog):
    """Add or edit one counselling contact. Saves through the worker; errors stay inline."""

    saved = Signal(object)  # ContactRead

    def __init__(
        self,
        db,
        *,
        client_id: int,
        contact: ContactRead | None = None,
        defaults: dict[str, Any] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("contact_dialog")
        self.db = db
        self.client_id = client_id
        self.contact = contact
        self._closed_for_good = False
        self._saving = False
        self.merge_dialog: Any = None  # open while a conflict is being resolved
        lang = ui_lang()
        self.setWindowTitle(self.tr("Beratungskontakt bearbeiten") if contact else self.tr("Beratungskontakt erfassen"))

        self._errors = {
            k: ErrorLabel(k)
            for k in ("date", "minutes", "mode", "topics", "interpreter", "language", "note", "with_family")
        }
        self.date_edit = DateField("contact_date_edit", optional=False)
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName("contact_minutes_spin")
        self.minutes_spin.setRange(1, 600)
        self.minutes_spin.setSingleStep(5)
        self.minutes_spin.setSuffix(self.tr(" Min."))
        self.minutes_spin.setFixedWidth(self.minutes_spin.fontMetrics().horizontalAdvance("600 Min.") + 48)
        self.mode_combo = QComboBox()
        self.mode_combo.setObjectName("contact_mode_combo")
        for e in catalogues.enum_entries("contact_mode"):
            self.mode_combo.addItem(e.label(lang), e.key)
        self.interpreter_check = QCheckBox(self.tr("Mit Dolmetschung"))
        self.interpreter_check.setObjectName("contact_interpreter_check")
        # Family members counselled alongside are counted separately for the funders.
        self.with_family_spin = QSpinBox()
        self.with_family_spin.setObjectName("contact_with_family_spin")
        self.with_family_spin.setRange(0, 20)
        self.with_family_spin.setFixedWidth(self.with_family_spin.fontMetrics().horizontalAdvance("20") + 60)
        self.with_family_spin.setToolTip(self.tr("Wie viele Familienangehörige wurden bei diesem Kontakt mitberaten?"))
        self.language_picker = LanguagePicker("contact_language_picker")
        self.language_picker.setPlaceholderText(self.tr("Sprache des Gesprächs (leer = Deutsch/keine Angabe)"))
        self.topic_checks: dict[str, QCheckBox] = {}
        topics_box = QGroupBox(self.tr("Themen"))
        topics_box.setObjectName("contact_topics_box")
        grid = QGridLayout(topics_box)
        all_topics = catalogues.topics()
        per_col = (len(all_topics) + 1) // 2
        for i, topic in enumerate(all_topics):
            check = QCheckBox(topic.label(lang))
            check.setObjectName(f"topic_{topic.key}_check")
            self.topic_checks[topic.key] = check
            grid.addWidget(check, i % per_col, i // per_col)
        grid.addWidget(self._errors["topics"], per_col, 0, 1, 2)
        self.note_edit = QPlainTextEdit()
        self.note_edit.setObjectName("contact_note_edit")
        self.note_edit.setTabChangesFocus(True)
        self.note_edit.setPlaceholderText(self.tr("Kurz und sachlich; nur, was für die Beratung nötig ist."))
        self.note_edit.setMinimumHeight(80)

        form = QFormLayout()
        form.addRow(self.tr("Datum *"), with_error(self.date_edit, self._errors["date"]))
        form.addRow(self.tr("Dauer *"), with_error(self.minutes_spin, self._errors["minutes"]))
        form.addRow(self.tr("Kontaktart"), with_error(self.mode_combo, self._errors["mode"]))
        form.addRow("", with_error(self.interpreter_check, self._errors["interpreter"]))
        form.addRow(self.tr("Sprache"), with_error(self.language_picker, self._errors["language"]))
        form.addRow(
            self.tr("Mitberatene Familienangehörige"), with_error(self.with_family_spin, self._errors["with_family"])
        )
        self.error_label = ErrorLabel("contact")
        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.setObjectName("contact_save_button")
        self.save_button.setDefault(False)
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("contact_cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.cancel_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.error_label)
        lay.addLayout(form)
        lay.addWidget(topics_box)
        lay.addWidget(QLabel(self.tr("Notiz")))
        lay.addWidget(with_error(self.note_edit, self._errors["note"]), 1)
        lay.addLayout(buttons)
        self.resize(620, 620)

        self._focus = {
            "date": self.date_edit.edit,
            "minutes": self.minutes_spin,
            "mode": self.mode_combo,
            "interpreter": self.interpreter_check,
            "language": self.language_picker,
            "note": self.note_edit,
            "topics": next(iter(self.topic_checks.values())),
            "with_family": self.with_family_spin,
        }
        if contact is not None:
            self.set_state(self._state_from(contact))
        else:
            d = defaults or {}
            self.set_state(
                {
                    "date": format_date(clock.today()),
                    "minutes": DEFAULT_MINUTES,
                    "mode": "in_person",
                    "topics": [],
                    "interpreter": bool(d.get("interpreter")),
                    "language": d.get("language"),
                    "note": "",
                    "with_family": 0,
                }
            )
        self._baseline = self.state()
        self._forced_modified = False
        self.date_edit.setFocus()

    # --- state ---------------------------------------------------------------------------

    @staticmethod
    def _state_from(c: ContactRead) -> dict[str, Any]:
        return {
            "date": format_date(c.date),
            "minutes": c.minutes,
            "mode": c.mode,
            "topics": list(c.topics),
            "interpreter": c.interpreter,
            "language": c.language,
            "note": c.note or "",
            "with_family": c.with_family,
        }

    def state(self) -> dict[str, Any]:
        return {
            "date": self.date_edit.text(),
            "minutes": self.minutes_spin.value(),
            "mode": self.mode_combo.currentData(),
            "topics": [k for k, c in self.topic_checks.items() if c.isChecked()],
            "interpreter": self.interpreter_check.isChecked(),
            "language": self.language_picker.value(),
            "note": self.note_edit.toPlainText(),
            "with_family": self.with_family_spin.value(),
        }

    def set_state(self, state: dict[str, Any]) -> None:
        self.date_edit.setText(str(state.get("date") or ""))
        self.minutes_spin.setValue(int(state.get("minutes") or DEFAULT_MINUTES))
        i = self.mode_combo.findData(state.get("mode") or "in_person")
        self.mode_combo.setCurrentIndex(max(i, 0))
        chosen = set(state.get("topics") or [])
        for key, check in self.topic_checks.items():
            check.setChecked(key in chosen)
        self.interpreter_check.setChecked(bool(state.get("interpreter")))
        self.language_picker.set_value(state.get("language"))
        self.note_edit.setPlainText(str(state.get("note") or ""))
        self.with_family_spin.setValue(int(state.get("with_family") or 0))

    def mark_modified(self) -> None:
        self._forced_modified = True

    def is_modified(self) -> bool:
        if self._forced_modified:
            return True
        now, before = self.state(), self._baseline
        now["date"], before = normalise_date_text(now["date"]), {**before, "date": normalise_date_text(before["date"])}
        return now != before

    def _data(self) -> dict[str, Any]:
        s = self.state()
        data: dict[str, Any] = {
            "minutes": s["minutes"],
            "mode": s["mode"],
            "topics": s["topics"],
            "interpreter": s["interpreter"],
            "language": s["language"],
            "note": s["note"] if s["note"].strip() else None,
            "with_family": s["with_family"],
        }
        date = date_for_service(s["date"])
        if date is not None:
            data["date"] = date
        return data

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving:
            return
        for label in self._errors.values():
            label.clear_error()
        self.error_label.clear_error()
        data = self._data()
        if self.contact is None:
            self._saving = True
            self.save_button.setEnabled(False)
            self.db.call(
                contacts.add_contact,
                client_id=self.client_id,
                data=data,
                on_success=guarded(self, self._saved),
                on_error=guarded(self, self._failed),
            )
            return
        old = self._state_from(self.contact)
        before = {
            "date": date_for_service(old["date"]),
            "minutes": old["minutes"],
            "mode": old["mode"],
            "topics": old["topics"],
            "interpreter": old["interpreter"],
            "language": old["language"],
            "note": old["note"] or None,
            "with_family": old["with_family"],
        }
        changes = {k: v for k, v in data.items() if before.get(k) != v}
        if "date" not in data:
            changes["date"] = None  # cleared: the service says it is required
        if not changes:
            self._finish(QDialog.DialogCode.Accepted)
            return
        self._saving = True
        self.save_button.setEnabled(False)
        self.db.call(
            contacts.update_contact,
            contact_id=self.contact.id,
            changes=changes,
            expected_version=self.contact.version,
            on_success=guarded(self, self._saved),
            on_error=guarded(self, self._failed),
        )

    def _saved(self, contact: ContactRead) -> None:
        self._saving = False
        self.saved.emit(contact)
        self._finish(QDialog.DialogCode.Accepted)

    def _failed(self, exc: BaseException) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        if isinstance(exc, VersionConflict) and self.contact is not None:
            self.db.call(
                contacts.list_contacts,
                client_id=self.client_id,
                on_success=guarded(self, self._conflict_loaded),
                on_error=guarded(self, lambda e: self.error_label.show_error(field_error_text(e))),
            )
            return
        text = field_error_text(exc)
        key = field_widget_key(exc.field) if isinstance(exc, InvalidInput) else None
        if key in self._errors:
            self._errors[key].show_error(text)
            self._focus[key].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.error_label.show_error(text)

    # --- merging: the contact was saved elsewhere meanwhile ------------------------------

    def _conflict_loaded(self, rows: list[ContactRead]) -> None:
        """A save was refused as stale: the person's input beside the stored contact, by the
        same three-way rule as the client record (core/merge.py)."""
        assert self.contact is not None
        current = next((c for c in rows if c.id == self.contact.id), None)
        if current is None:  # deleted meanwhile: nothing to merge into
            self.error_label.show_error(self.tr("Dieser Beratungskontakt ist nicht mehr vorhanden."))
            return
        base, mine, theirs = self._state_from(self.contact), self.state(), self._state_from(current)
        plan = plan_merge(base, mine, theirs, same=_same)
        self.contact = current  # saves now go against the stored version
        self.set_state(plan.merged(theirs))
        self._forced_modified = True
        if not plan.fields:
            self.save()
            return
        from referral_desk.ui.clients.merge_dialog import MergeDialog

        dialog = self.merge_dialog = MergeDialog(
            plan,
            label=self.field_label,
            display=self.display_value,
            title=self.tr("Beratungskontakt wurde inzwischen geändert"),
            intro=self.tr(
                "Während Sie diesen Beratungskontakt bearbeitet haben, wurde er an einem anderen Arbeitsplatz "
                "gespeichert. Ihre Eingaben sind nicht verloren. Bitte wählen Sie je Feld, welcher Wert gelten soll."
            ),
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(result: int) -> None:
            self.merge_dialog = None
            if result == int(QDialog.DialogCode.Accepted):
                self.set_state(plan.merged(theirs, dialog.choices()))
                self.save()
            else:
                self.error_label.show_error(
                    self.tr("Nicht gespeichert – der Kontakt wurde inzwischen geändert. Bitte prüfen und speichern.")
                )

        dialog.finished.connect(guarded(self, finished))
        dialog.open()

    def field_label(self, key: str) -> str:
        return {
            "date": self.tr("Datum"),
            "minutes": self.tr("Dauer"),
            "mode": self.tr("Kontaktart"),
            "topics": self.tr("Themen"),
            "interpreter": self.tr("Mit Dolmetschung"),
            "language": self.tr("Sprache"),
            "note": self.tr("Notiz"),
            "with_family": self.tr("Mitberatene Familienangehörige"),
        }.get(key, key)

    def display_value(self, key: str, value: Any) -> str:
        """A state value as the dialog shows it (labels, not keys)."""
        lang = ui_lang()
        if key == "mode":
            return catalogues.enum_label("contact_mode", value, lang) if value else ""
        if key == "topics":
            return ", ".join(t.label(lang) for t in catalogues.topics() if t.key in (value or []))
        if key == "interpreter":
            return self.tr("ja") if value else self.tr("nein")
        if key == "language":
            return self.language_picker.name(value) if value else ""
        if key == "minutes":
            return self.tr("%1 Min.").replace("%1", str(value))
        return str(value if value is not None else "")

    # --- closing -------------------------------------------------------------------------

    def reject(self) -> None:
        if self._closed_for_good:
            return
        if not self.is_modified():
            self._finish(QDialog.DialogCode.Rejected)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Nicht gespeichert"),
            self.tr("Diesen Beratungskontakt verwerfen?"),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("contact_discard_box")
        discard = box.addButton(self.tr("Verwerfen"), QMessageBox.ButtonRole.DestructiveRole)
        back = box.addButton(self.tr("Weiter bearbeiten"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(back)
        box.setEscapeButton(back)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(
            guarded(self, lambda _r: box.clickedButton() is discard and self._finish(QDialog.DialogCode.Rejected))
        )
        box.open()

    def closeEvent(self, event) -> None:  # noqa: N802
        if self._closed_for_good:
            event.accept()
            return
        event.ignore()
        self.reject()

    def force_close(self) -> None:
        for box in self.findChildren(QMessageBox):
            box.close()
        self._finish(QDialog.DialogCode.Rejected)

    def _finish(self, code: QDialog.DialogCode) -> None:
        if self._closed_for_good:
            return
        self._closed_for_good = True
        self.done(code)
        self.deleteLater()


class ContactsTab(RecordTab):
    """List of a client's contacts with add and edit."""

    COLUMNS: tuple[str, ...] = (  # type: ignore[assignment]  # QT_TR_NOOP returns its str; the stubs say object
        QT_TR_NOOP("Datum"),
        QT_TR_NOOP("Dauer"),
        QT_TR_NOOP("Kontaktart"),
        QT_TR_NOOP("Themen"),
        QT_TR_NOOP("Dolmetschung"),
        QT_TR_NOOP("Berater*in"),
        QT_TR_NOOP("Mitberaten"),
    )

    def __init__(self, record) -> None:
        super().__init__(record)
        self._client: ClientRead | None = None
        self._contacts: list[ContactRead] = []
        self._dialog: ContactDialog | None = None
        self._pending_state: dict[str, Any] | None = None
        self._loaded = False
        self.hint_label = QLabel(
            self.tr("Beratungskontakte können erfasst werden, sobald die Stammdaten gespeichert sind.")
        )
        self.hint_label.setObjectName("contacts_hint_label")
        self.hint_label.setWordWrap(True)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("contacts_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.count_label = QLabel()
        self.count_label.setObjectName("contacts_count_label")
        self.add_button = QPushButton(self.tr("Kontakt erfassen …"))
        self.add_button.setObjectName("add_contact_button")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_contact)
        self.edit_button = QPushButton(self.tr("Bearbeiten …"))
        self.edit_button.setObjectName("edit_contact_button")
        self.edit_button.setAutoDefault(False)
        self.edit_button.clicked.connect(self.edit_selected)
        buttons = QHBoxLayout()
        buttons.addWidget(self.count_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.edit_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.hint_label)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self._update_buttons()

    # --- RecordTab -----------------------------------------------------------------------

    def set_client(self, client: ClientRead | None) -> None:
        first = self._client is None or client is None or client.id != self._client.id
        self._client = client
        self.hint_label.setVisible(client is None)
        self._update_buttons()
        if client is not None and first:
            self.reload()

    def is_modified(self) -> bool:
        return self._dialog is not None and self._dialog.is_modified()

    def draft_state(self) -> dict[str, Any] | None:
        if self._dialog is None or not self._dialog.is_modified():
            return self._pending_state
        return {"contact_id": self._dialog.contact.id if self._dialog.contact else None, "values": self._dialog.state()}

    def restore_state(self, state: dict[str, Any]) -> None:
        self._pending_state = dict(state)
        if self._loaded:
            self._restore_pending()

    def close_children(self) -> None:
        if self._dialog is not None:
            self._dialog.force_close()
            self._dialog = None

    # --- list ----------------------------------------------------------------------------

    def reload(self) -> None:
        if self._client is None:
            return
        self.db.call(
            contacts.list_contacts,
            client_id=self._client.id,
            on_success=guarded(self.record, self._show),
            on_error=guarded(self.record, self._failed),
        )

    def _show(self, rows: list[ContactRead]) -> None:
        lang = ui_lang()
        self._contacts = rows
        self.table.setRowCount(len(rows))
        modes = {e.key: e.label(lang) for e in catalogues.enum_entries("contact_mode")}
        for r, c in enumerate(rows):
            topics = ", ".join(_topic(t, lang) for t in c.topics)
            cells = (
                format_date(c.date),
                self.tr("%1 Min.").replace("%1", str(c.minutes)),
                modes.get(c.mode, c.mode),
                topics,
                self.tr("ja") if c.interpreter else self.tr("nein"),
                c.counsellor or "",
                str(c.with_family) if c.with_family else "",
            )
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                if col == 3:
                    item.setToolTip(topics)
                self.table.setItem(r, col, item)
        self.count_label.setText(
            self.tr("Keine Kontakte erfasst")
            if not rows
            else self.tr("%1 Kontakte").replace("%1", str(len(rows)))
            if len(rows) != 1
            else self.tr("1 Kontakt")
        )
        self._loaded = True
        self._update_buttons()
        if self._pending_state is not None:
            self._restore_pending()

    def _failed(self, exc: BaseException) -> None:
        self.count_label.setText(field_error_text(exc))

    def _update_buttons(self) -> None:
        has_client = self._client is not None
        self.add_button.setEnabled(has_client)
        self.edit_button.setEnabled(has_client and bool(self.table.selectionModel().selectedRows()))
        self.table.setEnabled(has_client)

    def contacts(self) -> list[ContactRead]:
        return list(self._contacts)

    # --- dialog --------------------------------------------------------------------------

    def add_contact(self) -> ContactDialog | None:
        return self._open(None)

    def edit_selected(self) -> ContactDialog | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return None
        return self._open(self._contacts[rows[0].row()])

    def _open(self, contact: ContactRead | None) -> ContactDialog | None:
        if self._client is None:
            return None
        if self._dialog is not None:
            self._dialog.raise_()
            self._dialog.activateWindow()
            return self._dialog
        dialog = ContactDialog(
            self.db,
            client_id=self._client.id,
            contact=contact,
            defaults={"language": self._client.preferred_language, "interpreter": self._client.interpreter_needed},
            parent=self.record,
        )
        dialog.saved.connect(self._contact_saved)
        dialog.finished.connect(lambda _r, d=dialog: self._dialog_closed(d))
        self._dialog = dialog
        dialog.open()  # window-modal over the record, never blocks the event loop
        return dialog

    def _dialog_closed(self, dialog: ContactDialog) -> None:
        if self._dialog is dialog:
            self._dialog = None

    def _contact_saved(self, contact: ContactRead) -> None:
        self.reload()
        self.record.data_changed.emit(contact.client_id)

    def _restore_pending(self) -> None:
        state, self._pending_state = self._pending_state, None
        if not state:
            return
        contact_id = state.get("contact_id")
        contact = next((c for c in self._contacts if c.id == contact_id), None) if contact_id else None
        if contact_id and contact is None:
            return  # the contact is gone; nothing to edit
        dialog = self._open(contact)
        if dialog is not None and isinstance(state.get("values"), dict):
            dialog.set_state(state["values"])
            dialog.mark_modified()


def _topic(key: str, lang: str) -> str:
    try:
        return catalogues.topic_label(key, lang)
    except KeyError:
        return key
