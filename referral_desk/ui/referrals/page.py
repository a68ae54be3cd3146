"""The "Überleitungen" page: all referrals the user may see (counsellors: their own clients';
leads: all), filtered in the database by status, recipient, counsellor and due follow-up.

For the main window: ``check_due_follow_ups()`` asks the worker for the open referrals whose
follow-up is due and emits ``reminder(text)`` (nothing if none); ``due_follow_ups_message()``
returns the last such text (or None). ``open_client_requested(client_id)`` asks to open a
client record (double-click on a row with Ctrl, or the button).
"""

from __future__ import annotations

import contextlib
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core.services import organisation, referrals, users
from referral_desk.ui.referrals.dialogs import FeedbackDialog, PreviewDialog, StatusDialog
from referral_desk.ui.referrals.tab import ReferralTableModel, status_text
from referral_desk.ui.widgets import ErrorLabel, ObjectRole, call_for, field_error_text, format_date, ui_lang

LIMIT = 2000


class ReferralsPage(QWidget):
    reminder = Signal(str)
    open_client_requested = Signal(int)

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referrals_page")
        self.db = db
        self._due_message: str | None = None
        self._loading_filters = 0
        self.printer_factory = None
        self.print_dialog_factory = None
        self.save_path_provider = None
        self.dialog: QDialog | None = None
        lang = ui_lang()

        heading = QLabel(self.tr("Überleitungen"))
        heading.setObjectName("referrals_heading_label")
        font = heading.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        heading.setFont(font)

        self.status_combo = QComboBox()
        self.status_combo.setObjectName("referrals_status_combo")
        self.status_combo.addItem(self.tr("Offene"), "open")
        self.status_combo.addItem(self.tr("Abgeschlossene"), "closed")
        self.status_combo.addItem(self.tr("Alle"), None)
        for key in referrals.STATUSES:
            self.status_combo.addItem(referrals.status_label(key, lang), key)
        self.recipient_combo = QComboBox()
        self.recipient_combo.setObjectName("referrals_recipient_combo")
        self.recipient_combo.addItem(self.tr("Alle Stellen"), None)
        self.counsellor_combo = QComboBox()
        self.counsellor_combo.setObjectName("referrals_counsellor_combo")
        self.counsellor_combo.addItem(self.tr("Alle Berater*innen"), None)
        self.overdue_check = QCheckBox(self.tr("Nur fällige Wiedervorlagen"))
        self.overdue_check.setObjectName("referrals_overdue_check")
        for combo in (self.status_combo, self.recipient_combo, self.counsellor_combo):
            combo.currentIndexChanged.connect(self._filters_changed)
        self.overdue_check.toggled.connect(self._filters_changed)
        self.refresh_button = QPushButton(self.tr("Aktualisieren"))
        self.refresh_button.setObjectName("referrals_refresh_button")
        self.refresh_button.clicked.connect(self.refresh)
        filters = QHBoxLayout()
        for label, widget in (
            (self.tr("Status"), self.status_combo),
            (self.tr("Empfänger"), self.recipient_combo),
            (self.tr("Berater*in"), self.counsellor_combo),
        ):
            caption = QLabel(label)
            caption.setBuddy(widget)
            filters.addWidget(caption)
            filters.addWidget(widget)
        filters.addWidget(self.overdue_check)
        filters.addStretch(1)
        filters.addWidget(self.refresh_button)

        self.model = ReferralTableModel(
            [
                (self.tr("Nr."), lambda r: r.id),
                (self.tr("Datum"), lambda r: format_date(r.created_on)),
                (self.tr("Fallnummer"), lambda r: r.case_number),
                (self.tr("Klient*in"), lambda r: f"{r.client_family_name}, {r.client_given_names}"),
                (self.tr("Empfänger"), lambda r: r.recipient_name),
                (self.tr("Status"), status_text),
                (self.tr("Wiedervorlage"), lambda r: format_date(r.follow_up_on) if r.is_open else ""),
                (self.tr("Berater*in"), lambda r: r.counsellor_display_name or r.counsellor or ""),
            ],
            self,
        )
        self.table = QTableView()
        self.table.setObjectName("referrals_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        self.table.doubleClicked.connect(lambda _i: self.open_client())
        self.count_label = QLabel()
        self.count_label.setObjectName("referrals_count_label")
        self.error_label = ErrorLabel("referrals_page")

        self.open_client_button = QPushButton(self.tr("Akte öffnen"))
        self.open_client_button.setObjectName("referrals_open_client_button")
        self.open_client_button.clicked.connect(self.open_client)
        self.preview_button = QPushButton(self.tr("Vorschau / Drucken …"))
        self.preview_button.setObjectName("referrals_preview_button")
        self.preview_button.clicked.connect(self.open_preview)
        self.status_button = QPushButton(self.tr("Status ändern …"))
        self.status_button.setObjectName("referrals_status_button")
        self.status_button.clicked.connect(self.open_status_dialog)
        self.feedback_button = QPushButton(self.tr("Rückmeldung erfassen …"))
        self.feedback_button.setObjectName("referrals_feedback_button")
        self.feedback_button.clicked.connect(self.open_feedback_dialog)
        actions = QHBoxLayout()
        actions.addWidget(self.count_label)
        actions.addStretch(1)
        for b in (self.open_client_button, self.preview_button, self.status_button, self.feedback_button):
            b.setAutoDefault(False)
            actions.addWidget(b)

        lay = QVBoxLayout(self)
        lay.addWidget(heading)
        lay.addLayout(filters)
        lay.addWidget(self.error_label)
        lay.addWidget(self.table, 1)
        lay.addLayout(actions)
        self._update_buttons()
        call_for(self, db, organisation.list_agencies, include_inactive=True, on_success=self._agencies)
        call_for(self, db, users.list_users, include_inactive=True, on_success=self._users)
        self.refresh()

    # --- filters ------------------------------------------------------------------------------

    def _agencies(self, agencies: list) -> None:
        self._loading_filters += 1
        for a in agencies:
            self.recipient_combo.addItem(a.name, a.key)
        self._loading_filters -= 1

    def _users(self, rows: list) -> None:
        self._loading_filters += 1
        for u in rows:
            if u.role in ("counsellor", "lead") or u.also_lead:
                self.counsellor_combo.addItem(u.display_name or u.name, u.id)
        self._loading_filters -= 1

    def _filters_changed(self, *_args: Any) -> None:
        if not self._loading_filters:
            self.refresh()

    def set_filters(
        self,
        *,
        status: Any = "__keep__",
        recipient: Any = "__keep__",
        counsellor: Any = "__keep__",
        overdue: bool | None = None,
    ) -> None:
        self._loading_filters += 1
        try:
            for combo, value in (
                (self.status_combo, status),
                (self.recipient_combo, recipient),
                (self.counsellor_combo, counsellor),
            ):
                if value != "__keep__":
                    index = combo.findData(value)
                    if index >= 0:
                        combo.setCurrentIndex(index)
            if overdue is not None:
                self.overdue_check.setChecked(overdue)
        finally:
            self._loading_filters -= 1
        self.refresh()

    def filters(self) -> dict[str, Any]:
        return {
            "status": self.status_combo.currentData(),
            "recipient": self.recipient_combo.currentData(),
            "counsellor": self.counsellor_combo.currentData(),
            "overdue_only": self.overdue_check.isChecked(),
        }

    # --- data -----------------------------------------------------------------------------------

    def refresh(self) -> None:
        call_for(
            self,
            self.db,
            referrals.list_referrals,
            **self.filters(),
            limit=LIMIT,
            on_success=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list) -> None:
        self.error_label.clear_error()
        selected = self.selected()
        self.model.set_rows(rows)
        n = len(rows)
        text = self.tr("%n Überleitung", "", n) if n == 1 else self.tr("%n Überleitungen", "", n)
        if len(rows) >= LIMIT:
            text = self.tr("Die ersten %1 Überleitungen – bitte Filter enger wählen").replace("%1", str(LIMIT))
        self.count_label.setText(text)

        # The due count comes from the same service as the reminder banner after sign-in
        # (referrals.due_follow_ups), not from the filtered rows, so both say the same number.
        def due(due_rows: list) -> None:
            if due_rows:
                self.count_label.setText(text + " · " + self.tr("%n mit fälliger Wiedervorlage", "", len(due_rows)))
            self.due_count = len(due_rows)

        call_for(self, self.db, referrals.due_follow_ups, on_success=due)
        if selected is not None:
            row = self.model.row_of(lambda r: r.id == selected.id)
            if row >= 0:
                self.table.selectRow(row)
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.error_label.show_error(field_error_text(exc))

    def selected(self):
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.model.data(rows[0], ObjectRole) if rows else None

    def _update_buttons(self) -> None:
        r = self.selected()
        self.open_client_button.setEnabled(r is not None)
        self.preview_button.setEnabled(r is not None and r.status != "withdrawn")
        self.status_button.setEnabled(r is not None and bool(r.next_statuses))
        self.feedback_button.setEnabled(r is not None and r.status in referrals.FEEDBACK_STATUSES)

    # --- reminder ----------------------------------------------------------------------------------

    def check_due_follow_ups(self) -> None:
        """Ask for due follow-ups; emits ``reminder(text)`` if there are any."""
        call_for(self, self.db, referrals.due_follow_ups, on_success=self._due)

    def _due(self, rows: list) -> None:
        self._due_message = self.due_text(len(rows)) if rows else None
        if self._due_message:
            self.reminder.emit(self._due_message)

    def due_text(self, n: int) -> str:
        if n == 1:
            return self.tr(
                "Bei einer Überleitung ist die Wiedervorlage fällig. Unter „Überleitungen“ → „Nur fällige "
                "Wiedervorlagen“ nachsehen."
            )
        return self.tr(
            "Bei %1 Überleitungen ist die Wiedervorlage fällig. Unter „Überleitungen“ → „Nur fällige "
            "Wiedervorlagen“ nachsehen."
        ).replace("%1", str(n))

    def due_follow_ups_message(self) -> str | None:
        """The reminder text from the last ``check_due_follow_ups`` (None: nothing due)."""
        return self._due_message

    def show_due(self) -> None:
        self.set_filters(status="open", overdue=True)

    # --- actions -------------------------------------------------------------------------------------

    def open_client(self) -> None:
        r = self.selected()
        if r is not None:
            self.open_client_requested.emit(r.client_id)

    def open_preview(self) -> PreviewDialog | None:
        r = self.selected()
        if r is None or r.status == "withdrawn":
            return None
        dialog = self.dialog = PreviewDialog(
            self.db,
            referral=r,
            parent=self,
            printer_factory=self.printer_factory,
            print_dialog_factory=self.print_dialog_factory,
            save_path_provider=self.save_path_provider,
        )
        dialog.open()
        return dialog

    def open_status_dialog(self) -> StatusDialog | None:
        r = self.selected()
        if r is None:
            return None
        status_dialog = self.dialog = StatusDialog(self.db, referral=r, parent=self)
        status_dialog.changed.connect(lambda _r: self.refresh())
        status_dialog.open()
        return status_dialog

    def open_feedback_dialog(self) -> FeedbackDialog | None:
        r = self.selected()
        if r is None:
            return None
        feedback_dialog = self.dialog = FeedbackDialog(self.db, referral=r, parent=self)
        feedback_dialog.saved.connect(lambda _r: self.refresh())
        feedback_dialog.open()
        return feedback_dialog

    def clear_for_lock(self) -> None:
        """Drop the rows and close dialogs (the vault is locking)."""
        if self.dialog is not None:
            with contextlib.suppress(RuntimeError):
                self.dialog.reject()
        self.model.clear()
        self._due_message = None
