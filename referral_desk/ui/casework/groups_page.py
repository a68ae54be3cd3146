"""The "Gruppenangebote" page: group sessions (date, topic, head count, service) with
their optional registered clients; new sessions through ``GroupDialog``."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
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
from referral_desk.core.casework_models import GroupRead
from referral_desk.core.services import casework, desk, groups
from referral_desk.ui.casework.dialogs import GroupDialog
from referral_desk.ui.widgets import ErrorLabel, error_text, format_date, guarded, ui_lang


def short_service(key: str) -> str:
    from referral_desk.ui.clients.page import i18n_service_label

    return i18n_service_label(key)


def _services(ctx) -> list[str]:
    with ctx.reading() as conn:
        return casework.organisation_services(conn)


class GroupsPage(QWidget):
    COLUMNS = ("Datum", "Thema", "Teilnehmende", "Angebot", "Dauer", "Angemeldet", "Berater*in")

    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("groups_page")
        self.db = db
        self.rows: list[GroupRead] = []
        self.services: list[str] = ["mbe"]
        self._dialog: GroupDialog | None = None
        title = QLabel(self.tr("Gruppenangebote"))
        font = title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        title.setFont(font)
        hint = QLabel(
            self.tr(
                "Gruppenangebote werden für die Statistik gezählt (Termine und Teilnehmende); "
                "angemeldete Klient*innen sind optional."
            )
        )
        hint.setWordWrap(True)
        self.service_filter_combo = QComboBox()
        self.service_filter_combo.setObjectName("group_service_filter_combo")
        self.service_filter_combo.addItem(self.tr("Alle Angebote"), None)
        self.service_filter_combo.currentIndexChanged.connect(self.reload)
        self.add_button = QPushButton(self.tr("Gruppenangebot erfassen …"))
        self.add_button.setObjectName("add_group_button")
        self.add_button.clicked.connect(self.add_group)
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("groups_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.count_label = QLabel()
        self.count_label.setObjectName("groups_count_label")
        self.error_label = ErrorLabel()
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.service_filter_combo)
        top.addWidget(self.add_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(hint)
        lay.addWidget(self.error_label)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.count_label)
        self._display_names: dict[str, str] = {}  # people shown by name, not login (as in the client list)
        self.db.call(_services, on_success=guarded(self, self._set_services))
        self.db.call(desk.display_names, on_success=guarded(self, self._set_display_names))
        self.reload()

    def _set_services(self, services: list[str]) -> None:
        self.services = services
        lang = ui_lang()
        self.service_filter_combo.blockSignals(True)
        for s in services:
            self.service_filter_combo.addItem(catalogues.enum_label("service", s, lang), s)
        self.service_filter_combo.blockSignals(False)

    def reload(self) -> None:
        self.db.call(
            groups.list_groups,
            service=self.service_filter_combo.currentData(),
            on_success=guarded(self, self._show),
            on_error=guarded(self, self._failed),
        )

    def _set_display_names(self, names: dict[str, str]) -> None:
        self._display_names = names

    def _failed(self, exc: BaseException) -> None:
        self.error_label.set_error(error_text(exc))

    def _show(self, rows: list[GroupRead]) -> None:
        lang = ui_lang()
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, g in enumerate(rows):
            cells = (
                format_date(g.date),
                catalogues.topic_label(g.topic, lang),
                str(g.participants),
                short_service(g.service),
                self.tr("%1 Min.").replace("%1", str(g.minutes)),
                str(len(g.client_ids)) if g.client_ids else "",
                self._display_names.get(g.counsellor or "", g.counsellor or ""),
            )
            for c, text in enumerate(cells):
                self.table.setItem(r, c, QTableWidgetItem(text))
        total = sum(g.participants for g in rows)
        self.count_label.setText(
            self.tr("%1 Gruppenangebote, %2 Teilnehmende").replace("%1", str(len(rows))).replace("%2", str(total))
        )

    def add_group(self) -> GroupDialog:
        self._dialog = GroupDialog(self.db, self.services, self)
        self._dialog.saved.connect(lambda _g: self.reload())
        self._dialog.show()
        return self._dialog
