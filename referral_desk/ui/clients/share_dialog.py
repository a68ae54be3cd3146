"""Vertretung: share one client with a colleague for a limited time (team database only).

The server decides (core/team/shares.py): only the client's counsellor or their lead shares,
only with an active colleague, for at most 92 days, audited; ending early is allowed to the
owner, the one who shared and the lead. This dialog lists the record's shares and asks for
a colleague and the last day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from referral_desk.core import clock
from referral_desk.core.team import shares
from referral_desk.ui.widgets import (
    DateEdit,
    ErrorLabel,
    FieldForm,
    RecordTableModel,
    call_for,
    error_text,
    format_date,
    hbox,
    record_table_view,
    show_status,
    status_label,
)


class ShareDialog(QDialog):
    def __init__(self, db: Any, *, client_id: int, case_number: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("share_dialog")
        self.setWindowTitle(self.tr("Vertretung – Akte %1").replace("%1", case_number))
        self.db = db
        self.client_id = client_id
        intro = QLabel(
            self.tr(
                "Während Ihrer Abwesenheit kann eine Kollegin oder ein Kollege diese Akte sehen und bearbeiten – "
                "bis einschließlich zum gewählten Tag, höchstens %1 Tage. Die Freigabe wird protokolliert und "
                "kann jederzeit beendet werden."
            ).replace("%1", str(shares.MAX_DAYS))
        )
        intro.setWordWrap(True)
        self.model = RecordTableModel(
            [
                (self.tr("Kollegin/Kollege"), lambda s: s.colleague),
                (self.tr("bis einschließlich"), lambda s: format_date(s.valid_until)),
                (self.tr("Freigegeben von"), lambda s: s.granted_by),
                (self.tr("Stand"), lambda s: self.tr("beendet") if s.ended else self.tr("läuft")),
            ],
            self,
        )
        self.table = record_table_view("shares_table", self.model, stretch=0)
        self.table.setMinimumHeight(110)
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self._buttons())
        self.end_button = QPushButton(self.tr("Freigabe &beenden"))
        self.end_button.setObjectName("end_share_button")
        self.end_button.clicked.connect(self.end_selected)

        self.colleague_combo = QComboBox()
        self.colleague_combo.setObjectName("share_colleague_combo")
        self.until_edit = DateEdit()
        self.until_edit.setObjectName("share_until_edit")
        today = clock.today()
        self.until_edit.setMinimumDate(today)  # type: ignore[arg-type]  # QDate accepts a date
        self.until_edit.setMaximumDate(today + dt.timedelta(days=shares.MAX_DAYS - 1))  # type: ignore[arg-type]
        self.until_edit.set_value(today + dt.timedelta(days=14))
        self.share_button = QPushButton(self.tr("&Freigeben"))
        self.share_button.setObjectName("share_button")
        self.share_button.clicked.connect(self.share)
        self.form = FieldForm()
        self.form.add_field(self.tr("&Kollegin/Kollege"), self.colleague_combo, "with")
        self.form.add_field(self.tr("&bis einschließlich"), self.until_edit, "until")
        self.form.add_general_error()
        self.status_label = status_label("share_status_label")
        self.status_label.setWordWrap(False)
        self.error_label = ErrorLabel("shares")
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addLayout(hbox(self.error_label, None, self.end_button))
        layout.addLayout(self.form)
        layout.addLayout(hbox(self.status_label, None, self.share_button))
        layout.addWidget(close)
        self.resize(640, 420)
        self._buttons()
        call_for(
            self, db, shares.colleagues, client_id=client_id, on_success=self._fill_colleagues, on_error=self._failed
        )
        self.reload()

    def _fill_colleagues(self, people: list[tuple[str, str]]) -> None:
        self.colleague_combo.clear()
        for login, name in people:
            self.colleague_combo.addItem(name, login)
        self._buttons()

    def reload(self, status: str = "") -> None:
        def shown(rows: list[shares.ShareRead]) -> None:
            self.model.set_rows(rows)
            self._buttons()
            show_status(self.status_label, status)

        call_for(self, self.db, shares.list_shares, client_id=self.client_id, on_success=shown, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        self.error_label.set_error(error_text(exc))

    @property
    def current(self) -> shares.ShareRead | None:
        index = self.table.currentIndex()
        rows = self.model.rows()
        return rows[index.row()] if index.isValid() and index.row() < len(rows) else None

    def _buttons(self) -> None:
        current = self.current
        self.end_button.setEnabled(current is not None and not current.ended)
        self.share_button.setEnabled(self.colleague_combo.count() > 0)

    def share(self) -> None:
        self.form.clear_errors()
        self.error_label.clear_error()
        login = self.colleague_combo.currentData()
        name = self.colleague_combo.currentText()
        until = self.until_edit.value()
        call_for(
            self,
            self.db,
            shares.share_client,
            client_id=self.client_id,
            colleague=login,
            until=until,
            on_success=lambda _id: self.reload(
                self.tr("Freigegeben für %1 bis %2.").replace("%1", name).replace("%2", format_date(until))
            ),
            on_error=self.form.show_error,
        )

    def end_selected(self) -> None:
        current = self.current
        if current is None:
            return
        self.error_label.clear_error()
        call_for(
            self,
            self.db,
            shares.end_share,
            share_id=current.id,
            on_success=lambda _r: self.reload(self.tr("Freigabe für %1 beendet.").replace("%1", current.colleague)),
            on_error=self._failed,
        )
