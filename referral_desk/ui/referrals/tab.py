"""The "Überleitungen" tab of a client record: the client's referrals, their history, and
the actions (create → preview → print / save, status, feedback).

A standalone widget ``ReferralsTab(db, client_id)``; the record wires it in (e.g. in a
``RecordTab`` whose ``set_client`` calls ``set_client_id``). Tests may replace
``printer_factory``, ``print_dialog_factory`` and ``save_path_provider`` (passed on to the
preview dialog).
"""

from __future__ import annotations

import contextlib
import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core.errors import PolicyRefused
from referral_desk.core.services import referrals
from referral_desk.ui.referrals.dialogs import (
    CreateReferralDialog,
    FeedbackDialog,
    PreviewDialog,
    StatusDialog,
    details_html,
)
from referral_desk.ui.widgets import (
    ErrorLabel,
    ObjectRole,
    RecordTableModel,
    call_for,
    field_error_text,
    format_date,
    ui_lang,
)


def print_block_text(r) -> str | None:
    """Why the consent no longer lets this referral print (the words printing would refuse
    with), or None."""
    if not r.print_block:
        return None
    return PolicyRefused(r.print_block, **r.print_block_params).message(ui_lang())


class ReferralTableModel(RecordTableModel):
    """Referral rows; open ones whose follow-up is due are highlighted, and those the
    consent no longer lets print (withdrawn, expired, purpose withdrawn) stand out more."""

    DUE = QColor("#fde9b6")
    BLOCKED = QColor("#f6d3d3")

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.BackgroundRole and index.isValid():
            row = self._rows[index.row()]
            return self.BLOCKED if row.print_block else self.DUE if row.follow_up_due else None
        if role == Qt.ItemDataRole.ToolTipRole and index.isValid():
            row = self._rows[index.row()]
            return print_block_text(row) or (self.tr_due() if row.follow_up_due else None)
        return super().data(index, role)

    @staticmethod
    def tr_due() -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("ReferralsTab", "Wiedervorlage fällig")

    @staticmethod
    def tr_blocked() -> str:
        from PySide6.QtCore import QCoreApplication

        return QCoreApplication.translate("ReferralsTab", "nicht mehr druckbar")


def status_text(r) -> str:
    text = referrals.status_label(r.status, ui_lang())
    if r.print_block:
        text += " · " + ReferralTableModel.tr_blocked()
    if r.follow_up_due:
        text += " · " + ReferralTableModel.tr_due()
    return text


class ReferralsTab(QWidget):
    """The client's referrals with history and actions."""

    changed = Signal()  # a referral was created or changed

    def __init__(self, db, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referrals_tab")
        self.db = db
        self.client_id = client_id
        self._closed_for_good = False
        self.printer_factory: Callable[[], Any] | None = None
        self.print_dialog_factory: Callable[[Any, QWidget], Any] | None = None
        self.save_path_provider: Callable[[str], str | None] | None = None
        self.create_dialog: CreateReferralDialog | None = None
        self.preview_dialog: PreviewDialog | None = None
        self.status_dialog: StatusDialog | None = None
        self.feedback_dialog: FeedbackDialog | None = None
        self._selected_id: int | None = None

        self.model = ReferralTableModel(
            [
                (self.tr("Nr."), lambda r: r.id),
                (self.tr("Datum"), lambda r: format_date(r.created_on)),
                (self.tr("Empfänger"), lambda r: r.recipient_name),
                (self.tr("Status"), status_text),
                (self.tr("Wiedervorlage"), lambda r: format_date(r.follow_up_on) if r.is_open else ""),
                (self.tr("Anliegen"), lambda r: r.request.splitlines()[0] if r.request else ""),
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
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.selectionModel().selectionChanged.connect(self._selection_changed)
        self.table.doubleClicked.connect(lambda _i: self.open_preview())
        self.details = QTextBrowser()
        self.details.setObjectName("referral_details_browser")
        self.empty_label = QLabel(
            self.tr(
                "Noch keine Überleitungen. Eine Überleitung ist nur mit einer gültigen "
                "Einwilligung für die Empfängerstelle möglich."
            )
        )
        self.empty_label.setObjectName("referrals_empty_label")
        self.empty_label.setWordWrap(True)
        self.error_label = ErrorLabel("referrals_tab")

        self.new_button = QPushButton(self.tr("Überleitung erstellen …"))
        self.new_button.setObjectName("referral_new_button")
        self.new_button.clicked.connect(self.open_create_dialog)
        self.preview_button = QPushButton(self.tr("Vorschau / Drucken …"))
        self.preview_button.setObjectName("referral_preview_button")
        self.preview_button.clicked.connect(self.open_preview)
        self.status_button = QPushButton(self.tr("Status ändern …"))
        self.status_button.setObjectName("referral_status_button")
        self.status_button.clicked.connect(self.open_status_dialog)
        self.feedback_button = QPushButton(self.tr("Rückmeldung erfassen …"))
        self.feedback_button.setObjectName("referral_feedback_button")
        self.feedback_button.clicked.connect(self.open_feedback_dialog)
        buttons = QHBoxLayout()
        for b in (self.new_button, self.preview_button, self.status_button, self.feedback_button):
            b.setAutoDefault(False)
            buttons.addWidget(b)
        buttons.addStretch(1)

        split = QSplitter(Qt.Orientation.Vertical)
        split.setObjectName("referrals_splitter")
        split.addWidget(self.table)
        split.addWidget(self.details)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        lay = QVBoxLayout(self)
        lay.addLayout(buttons)
        lay.addWidget(self.error_label)
        lay.addWidget(self.empty_label)
        lay.addWidget(split, 1)
        self._update_buttons()
        self.refresh()

    # --- data ---------------------------------------------------------------------------------

    def set_client_id(self, client_id: int) -> None:
        self.client_id = client_id
        self.refresh()

    def refresh(self, select_id: int | None = None) -> None:
        if select_id is not None:
            self._selected_id = select_id
        call_for(
            self,
            self.db,
            referrals.list_referrals,
            client_id=self.client_id,
            on_success=self._loaded,
            on_error=self._failed,
        )

    def _loaded(self, rows: list) -> None:
        self.error_label.clear_error()
        keep = self._selected_id
        self.model.set_rows(rows)
        self.empty_label.setVisible(not rows)
        row = self.model.row_of(lambda r: r.id == keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.table.selectionModel().select(
                self.model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
        else:
            self.details.clear()
        self._update_buttons()

    def _failed(self, exc: BaseException) -> None:
        self.error_label.show_error(field_error_text(exc))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self.model.data(rows[0], ObjectRole) if rows else None

    def _selection_changed(self, *_args: Any) -> None:
        r = self.selected()
        self._selected_id = r.id if r else None
        self._update_buttons()
        if r is None:
            self.details.clear()
            return
        call_for(
            self,
            self.db,
            referrals.get,
            referral_id=r.id,
            on_success=lambda full: self._details(full),
            on_error=self._failed,
        )

    def _details(self, full) -> None:
        if full.id == self._selected_id:
            r = self.selected()
            blocked = print_block_text(r) if r is not None and r.id == full.id else None
            label = self.tr("Nicht mehr druckbar:")
            note = f"<p style='color:#9b1c1c'><b>{html.escape(label)}</b> {html.escape(blocked)}</p>" if blocked else ""
            self.details.setHtml(note + details_html(full))
            self.current = full

    def _update_buttons(self) -> None:
        r = self.selected()
        blocked = print_block_text(r) if r is not None else None
        self.preview_button.setEnabled(r is not None and r.status != "withdrawn" and blocked is None)
        # Printing would be refused: the button says why instead of failing after a click.
        self.preview_button.setToolTip(blocked or "")
        self.status_button.setEnabled(r is not None and bool(r.next_statuses))
        one_way = r is not None and r.direction != "mutual"
        self.feedback_button.setEnabled(r is not None and r.status in referrals.FEEDBACK_STATUSES and not one_way)
        # The service refuses feedback under a one-way consent; say why instead of failing later.
        self.feedback_button.setToolTip(
            self.tr("Die Einwilligung gilt nur in eine Richtung: Die Empfängerstelle darf keine Rückmeldung geben.")
            if one_way
            else ""
        )

    # --- actions ------------------------------------------------------------------------------

    def open_create_dialog(self) -> CreateReferralDialog:
        dialog = CreateReferralDialog(self.db, client_id=self.client_id, parent=self)
        dialog.created.connect(self._created)
        self.create_dialog = dialog
        dialog.open()
        return dialog

    def _created(self, referral) -> None:
        self.refresh(select_id=referral.id)
        self.changed.emit()
        self.open_preview(referral)

    def open_preview(self, referral=None) -> PreviewDialog | None:
        referral = referral or self.selected()
        if referral is None or referral.status == "withdrawn":
            return None
        dialog = PreviewDialog(
            self.db,
            referral=referral,
            parent=self,
            printer_factory=self.printer_factory,
            print_dialog_factory=self.print_dialog_factory,
            save_path_provider=self.save_path_provider,
        )
        dialog.marked_sent.connect(lambda ref: (self.refresh(select_id=ref.id), self.changed.emit()))
        self.preview_dialog = dialog
        dialog.open()
        return dialog

    def open_status_dialog(self, status: str | None = None) -> StatusDialog | None:
        r = self.selected()
        if r is None:
            return None
        dialog = StatusDialog(self.db, referral=r, parent=self)
        if status:
            dialog.select_status(status)
        dialog.changed.connect(lambda ref: (self.refresh(select_id=ref.id), self.changed.emit()))
        self.status_dialog = dialog
        dialog.open()
        return dialog

    def open_feedback_dialog(self) -> FeedbackDialog | None:
        r = self.selected()
        if r is None:
            return None
        dialog = FeedbackDialog(self.db, referral=r, parent=self)
        dialog.saved.connect(lambda ref: (self.refresh(select_id=ref.id), self.changed.emit()))
        self.feedback_dialog = dialog
        dialog.open()
        return dialog

    def close_children(self) -> None:
        """Close this tab's dialogs without asking (the vault is locking)."""
        self._closed_for_good = True
        for dialog in (self.create_dialog, self.preview_dialog, self.status_dialog, self.feedback_dialog):
            if dialog is not None:
                with contextlib.suppress(RuntimeError):  # already deleted
                    dialog.reject()
        self.model.clear()
        self.details.clear()
