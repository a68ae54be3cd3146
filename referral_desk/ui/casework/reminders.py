"""The reminders list after sign-in: residence titles that expire soon, due plan steps and
referral follow-ups, soonest first; a double click (or "Akte öffnen") opens the record."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues
from referral_desk.core.casework_models import ReminderRead
from referral_desk.ui.widgets import format_date, ui_lang

KIND_LABELS = {
    "residence_expiry": "Aufenthaltstitel läuft ab",
    "plan_step": "Schritt im Förderplan fällig",
    "referral_follow_up": "Wiedervorlage einer Überleitung",
}


def summary(items: list[ReminderRead], tr) -> str:
    """One line for the reminder bar, with proper singular and plural forms."""
    counts = {k: sum(1 for r in items if r.kind == k) for k in KIND_LABELS}
    parts = []
    n = counts["residence_expiry"]
    if n:
        parts.append(
            tr("1 Aufenthaltstitel läuft ab") if n == 1 else tr("%n Aufenthaltstitel laufen ab").replace("%n", str(n))
        )
    n = counts["plan_step"]
    if n:
        parts.append(
            tr("1 Schritt im Förderplan fällig")
            if n == 1
            else tr("%n Schritte im Förderplan fällig").replace("%n", str(n))
        )
    n = counts["referral_follow_up"]
    if n:
        parts.append(
            tr("1 Überleitung mit fälliger Wiedervorlage")
            if n == 1
            else tr("%n Überleitungen mit fälliger Wiedervorlage").replace("%n", str(n))
        )
    return "; ".join(parts) + "."


class RemindersDialog(QDialog):
    open_client_requested = Signal(int)

    def __init__(self, items: list[ReminderRead], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminders_dialog")
        self.setWindowTitle(self.tr("Erinnerungen"))
        self.setModal(False)
        self.items = items
        lang = ui_lang()
        self.table = QTableWidget(len(items), 4)
        self.table.setObjectName("reminders_table")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Fällig"), self.tr("Fallnummer"), self.tr("Name"), self.tr("Erinnerung")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        for r, item in enumerate(items):
            what = self.tr(KIND_LABELS[item.kind])
            if item.kind == "residence_expiry" and item.detail:
                what += f" ({catalogues.residence_status_label(item.detail, lang)})"
            elif item.detail:
                what += f": {item.detail}"
            cells = (format_date(item.due_on), item.case_number, f"{item.family_name}, {item.given_names}", what)
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(Qt.ItemDataRole.UserRole, item.client_id)
                if item.overdue:
                    cell.setForeground(QColor("#b00020"))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        self.table.doubleClicked.connect(lambda _i: self.open_selected())
        self.table.itemSelectionChanged.connect(self._update)
        self.open_button = QPushButton(self.tr("Akte öffnen"))
        self.open_button.setObjectName("reminder_open_button")
        self.open_button.clicked.connect(self.open_selected)
        close = QPushButton(self.tr("Schließen"))
        close.clicked.connect(self.close)
        note = QLabel(
            self.tr(
                "Rot: überfällig. Aufenthaltstitel, die in den nächsten 60 Tagen ablaufen "
                "(oder in den letzten 30 Tagen abgelaufen sind), fällige Schritte und Wiedervorlagen."
            )
        )
        note.setWordWrap(True)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        lay = QVBoxLayout(self)
        lay.addWidget(note)
        lay.addWidget(self.table, 1)
        lay.addLayout(buttons)
        self.resize(820, 420)
        self._update()

    def _update(self) -> None:
        self.open_button.setEnabled(bool(self.table.selectedItems()))

    def open_selected(self, row: int | None = None) -> None:
        if row is None:
            items = self.table.selectedItems()
            if not items:
                return
            row = items[0].row()
        item = self.table.item(row, 0)
        if item is not None:
            self.open_client_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


def load(ctx: Any) -> list[ReminderRead]:
    from referral_desk.core.services import reminders

    return reminders.reminders(ctx)
