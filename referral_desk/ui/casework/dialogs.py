"""Small entry dialogs of case work: a goal, a step, a review, a signposting, a group
session. Each sends its input to one service call through the DB worker and shows the
service's error under the field it names; nothing is checked twice in the UI."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues, clock
from referral_desk.core.services import casework, groups
from referral_desk.ui.widgets import DateField, FieldForm, date_for_service, format_date, guarded, ui_lang


def _combo(name: str, items: list[tuple[str | None, str]]) -> QComboBox:
    box = QComboBox()
    box.setObjectName(name)
    for key, label in items:
        box.addItem(label, key)
    return box


def _enum_items(name: str) -> list[tuple[str | None, str]]:
    lang = ui_lang()
    return [(e.key, e.label(lang)) for e in catalogues.enum_entries(name)]


def _topic_items(*, optional: bool) -> list[tuple[str | None, str]]:
    lang = ui_lang()
    items: list[tuple[str | None, str]] = [(t.key, t.label(lang)) for t in catalogues.topics()]
    return ([(None, "–")] if optional else []) + items


class EntryDialog(QDialog):
    """A form with OK/Cancel whose OK runs ``self.submit()`` on the worker."""

    saved = Signal(object)

    def __init__(self, db: Any, title: str, object_name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self.setObjectName(object_name)
        self.setWindowTitle(title)
        self.form = FieldForm()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.setObjectName(f"{object_name}_buttons")
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText(self.tr("Speichern"))
        self.save_button.setObjectName(f"{object_name}_save_button")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addLayout(self.form)
        lay.addWidget(self.buttons)
        self._busy = False

    def call(self) -> tuple[Callable[..., Any], dict[str, Any]]:
        raise NotImplementedError

    def save(self) -> None:
        if self._busy:
            return
        self.form.clear_errors()
        fn, kwargs = self.call()
        self._busy = True
        self.save_button.setEnabled(False)
        self.db.call(fn, **kwargs, on_success=guarded(self, self._saved), on_error=guarded(self, self._failed))

    def _saved(self, value: Any) -> None:
        self._busy = False
        self.saved.emit(value)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.form.show_error(exc)


def _text_edit(name: str, height: int = 60) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setFixedHeight(height)
    return edit


class GoalDialog(EntryDialog):
    def __init__(self, db: Any, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(db, self.tr("Ziel im Förderplan"), "goal_dialog", parent)
        self.client_id = client_id
        self.area_combo = _combo("goal_area_combo", _enum_items("plan_area"))
        self.goal_edit = _text_edit("goal_text_edit")
        self.set_on_edit = DateField("goal_set_on_edit", optional=False)
        self.set_on_edit.setText(format_date(clock.today()))
        self.due_edit = DateField("goal_due_edit", optional=True)
        self.form.add_field(self.tr("Lebensbereich"), self.area_combo, "area")
        self.form.add_field(self.tr("Ziel *"), self.goal_edit, "goal")
        self.form.add_field(self.tr("Vereinbart am"), self.set_on_edit, "set_on")
        self.form.add_field(self.tr("Zu erreichen bis"), self.due_edit, "due_on")
        self.form.add_general_error()
        self.resize(520, 300)

    def call(self):
        data: dict[str, Any] = {
            "area": self.area_combo.currentData(),
            "goal": self.goal_edit.toPlainText(),
            "set_on": date_for_service(self.set_on_edit.text()),
            "due_on": date_for_service(self.due_edit.text()),
        }
        return casework.add_goal, {"client_id": self.client_id, "data": data}


class StepDialog(EntryDialog):
    def __init__(self, db: Any, goal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(db, self.tr("Schritt zum Ziel"), "step_dialog", parent)
        self.goal_id = goal_id
        self.text_edit = _text_edit("step_text_edit", 50)
        self.who_combo = _combo("step_who_combo", _enum_items("plan_responsible"))
        self.due_edit = DateField("step_due_edit", optional=True)
        self.form.add_field(self.tr("Schritt *"), self.text_edit, "text")
        self.form.add_field(self.tr("Wer"), self.who_combo, "responsible")
        self.form.add_field(self.tr("Bis"), self.due_edit, "due_on")
        self.form.add_general_error()
        self.resize(480, 240)

    def call(self):
        data = {
            "text": self.text_edit.toPlainText(),
            "responsible": self.who_combo.currentData(),
            "due_on": date_for_service(self.due_edit.text()),
        }
        return casework.add_step, {"goal_id": self.goal_id, "data": data}


class ReviewDialog(EntryDialog):
    def __init__(self, db: Any, goal_id: int, parent: QWidget | None = None) -> None:
        super().__init__(db, self.tr("Ziel überprüfen"), "review_dialog", parent)
        self.goal_id = goal_id
        self.outcome_combo = _combo("review_outcome_combo", _enum_items("plan_outcome"))
        self.on_edit = DateField("review_on_edit", optional=False)
        self.on_edit.setText(format_date(clock.today()))
        self.note_edit = _text_edit("review_note_edit", 50)
        self.form.add_field(self.tr("Ergebnis"), self.outcome_combo, "outcome")
        self.form.add_field(self.tr("Überprüft am"), self.on_edit, "on_date")
        self.form.add_field(self.tr("Notiz"), self.note_edit, "note")
        self.form.add_general_error()
        self.resize(480, 240)

    def call(self):
        note = self.note_edit.toPlainText()
        data = {
            "outcome": self.outcome_combo.currentData(),
            "on_date": date_for_service(self.on_edit.text()),
            "note": note if note.strip() else None,
        }
        return casework.add_review, {"goal_id": self.goal_id, "data": data}


class SignpostDialog(EntryDialog):
    def __init__(self, db: Any, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(db, self.tr("Verweisberatung erfassen"), "signpost_dialog", parent)
        self.client_id = client_id
        self.to_edit = QLineEdit()
        self.to_edit.setObjectName("signpost_to_edit")
        self.to_edit.setPlaceholderText(self.tr("z. B. Schuldnerberatung, Mieterverein"))
        self.date_edit = DateField("signpost_date_edit", optional=False)
        self.date_edit.setText(format_date(clock.today()))
        self.topic_combo = _combo("signpost_topic_combo", _topic_items(optional=True))
        self.form.add_field(self.tr("Verwiesen an *"), self.to_edit, "to_whom")
        self.form.add_field(self.tr("Datum"), self.date_edit, "date")
        self.form.add_field(self.tr("Thema"), self.topic_combo, "topic")
        self.form.add_general_error()
        self.form.addRow(
            _note(
                self.tr(
                    "Es werden keine Daten der Person weitergegeben; erfasst wird nur, wohin "
                    "verwiesen wurde (für die Statistik)."
                )
            )
        )
        self.resize(480, 240)

    def call(self):
        data = {
            "to_whom": self.to_edit.text(),
            "date": date_for_service(self.date_edit.text()),
            "topic": self.topic_combo.currentData(),
        }
        return casework.add_signpost, {"client_id": self.client_id, "data": data}


class GroupDialog(EntryDialog):
    def __init__(self, db: Any, services: list[str], parent: QWidget | None = None) -> None:
        super().__init__(db, self.tr("Gruppenangebot erfassen"), "group_dialog", parent)
        lang = ui_lang()
        self.date_edit = DateField("group_date_edit", optional=False)
        self.date_edit.setText(format_date(clock.today()))
        self.minutes_spin = QSpinBox()
        self.minutes_spin.setObjectName("group_minutes_spin")
        self.minutes_spin.setRange(1, 600)
        self.minutes_spin.setValue(90)
        self.minutes_spin.setSuffix(self.tr(" Min."))
        self.topic_combo = _combo("group_topic_combo", _topic_items(optional=False))
        self.participants_spin = QSpinBox()
        self.participants_spin.setObjectName("group_participants_spin")
        self.participants_spin.setRange(0, 500)  # 0 reaches the service, which names the field
        self.participants_spin.setValue(0)
        self.service_combo = _combo(
            "group_service_combo", [(s, catalogues.enum_label("service", s, lang)) for s in services]
        )
        self.clients_edit = QLineEdit()
        self.clients_edit.setObjectName("group_clients_edit")
        self.clients_edit.setPlaceholderText(self.tr("optional: IDs angemeldeter Klient*innen, z. B. 12, 40"))
        self.form.add_field(self.tr("Datum"), self.date_edit, "date")
        self.form.add_field(self.tr("Dauer"), self.minutes_spin, "minutes")
        self.form.add_field(self.tr("Thema"), self.topic_combo, "topic")
        self.form.add_field(self.tr("Teilnehmende *"), self.participants_spin, "participants")
        self.form.add_field(self.tr("Angebot"), self.service_combo, "service")
        self.form.add_field(self.tr("Angemeldete Klient*innen"), self.clients_edit, "client_ids")
        self.form.add_general_error()
        self.resize(480, 320)

    def call(self):
        ids: list[Any] = []
        for part in self.clients_edit.text().replace(";", ",").split(","):
            part = part.strip()
            if part:
                ids.append(int(part) if part.isdigit() else part)
        data = {
            "date": date_for_service(self.date_edit.text()),
            "minutes": self.minutes_spin.value(),
            "topic": self.topic_combo.currentData(),
            "participants": self.participants_spin.value(),
            "service": self.service_combo.currentData(),
            "client_ids": ids,
        }
        return groups.add_group, {"data": data}


def _note(text: str):
    from PySide6.QtWidgets import QLabel

    label = QLabel(text)
    label.setWordWrap(True)
    label.setEnabled(False)
    return label
