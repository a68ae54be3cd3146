"""The "Klient*innen" page: search, filters, the client table and the open records.

The page owns the open record dialogs, so it can hand their unsaved contents to the main
window when the vault locks (``drafts_for_lock``), close them without asking
(``clear_for_lock``) and bring them back after unlocking (``restore_draft``).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues
from referral_desk.ui.clients.list_model import COLUMN_BY_KEY, COLUMNS, ClientListModel, ClientRowDelegate
from referral_desk.ui.clients.record import DRAFT_KIND, ClientRecord
from referral_desk.ui.widgets import field_error_text, format_number

if TYPE_CHECKING:  # loaded when the wizard is opened
    from referral_desk.ui.clients.import_wizard import ImportWizard

SEARCH_DELAY_MS = 250
REST_AFTER_PAINT_MS = 80
PREPARE_SLICE = 40  # texts laid out per event-loop turn before a reset

# Typical content per column, for initial widths (the person can drag them wider; the
# residence status takes what is left, its labels are the longest).
_SAMPLES = {
    "case_number": "2026-00000",
    "family_name": "Mustermann-Beispiel",
    "given_names": "Abdul Rahman Ali",
    "birth_date": "00.00.0000",
    "nationalities": "Bosnien und Herzegowina",
    "counsellor": "Jonas Hoffmann",
    "last_contact_on": "00.00.0000",
    "case_status": "geschlossen",
}


class ClientTableView(QTableView):
    """A table that asks to open the current client on Enter or double-click."""

    open_requested = Signal(QModelIndex)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802
        index = self.indexAt(event.position().toPoint())
        if event.button() == Qt.MouseButton.LeftButton and index.isValid():
            self.open_requested.emit(index)
            return
        super().mouseDoubleClickEvent(event)


class ClientsPage(QWidget):
    record_opened = Signal(object)  # ClientRecord, e.g. for the main window's window list

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("clients_page")
        self.db = db
        self._editors: dict[str, ClientRecord] = {}
        self._reselect_id: int | None = None

        # Created first: a result may arrive while the rest is still being built.
        self.result_count_label = QLabel()
        self.result_count_label.setObjectName("result_count_label")
        self.table = ClientTableView()
        self.model = ClientListModel(db, self)
        self.model.reloaded.connect(self._reloaded)
        self.model.loading_changed.connect(self._loading_changed)
        self._loading_hint = QTimer(self)
        self._loading_hint.setSingleShot(True)
        self._loading_hint.setInterval(300)  # only say "loading" when it is noticeable
        self._loading_hint.timeout.connect(self._show_loading)
        self.model.load_failed.connect(self._load_failed)

        self.search_edit = QLineEdit()
        self.search_edit.setObjectName("client_search_edit")
        self.search_edit.setPlaceholderText(
            self.tr("Suchen: Name (jede Schreibweise), Geburtsdatum TT.MM.JJJJ oder Fallnummer")
        )
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaxLength(200)
        self.search_edit.installEventFilter(self)
        self.search_edit.textChanged.connect(self._search_typed)
        self.search_edit.returnPressed.connect(self._apply_filters)
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(SEARCH_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filters)

        self.mine_filter_combo = QComboBox()
        self.mine_filter_combo.setObjectName("mine_filter_combo")
        self.mine_filter_combo.addItem(self.tr("Alle Klient*innen"), False)
        self.mine_filter_combo.addItem(self.tr("Meine Klient*innen"), True)
        self.mine_filter_combo.setToolTip(
            self.tr("Ohne Teamzugriff sehen Berater*innen nur ihre eigenen Klient*innen.")
        )
        self.mine_filter_combo.currentIndexChanged.connect(self._apply_filters)
        self.status_filter_combo = QComboBox()
        self.status_filter_combo.setObjectName("status_filter_combo")
        self.status_filter_combo.addItem(self.tr("Alle Fälle"), None)
        self.status_filter_combo.addItem(self.tr("Offene Fälle"), "open")
        self.status_filter_combo.addItem(self.tr("Geschlossene Fälle"), "closed")
        self.status_filter_combo.currentIndexChanged.connect(self._apply_filters)
        # Case work: one vault may hold MBE and JMD cases side by side.
        self.service_filter_combo = QComboBox()
        self.service_filter_combo.setObjectName("service_filter_combo")
        self.service_filter_combo.addItem(self.tr("Alle Angebote"), None)
        for key, label in ((k, i18n_service_label(k)) for k in catalogues.enum_keys("service")):
            self.service_filter_combo.addItem(label, key)
        self.service_filter_combo.currentIndexChanged.connect(self._apply_filters)
        self.new_client_button = QPushButton(self.tr("Neu"))
        self.new_client_button.setObjectName("new_client_button")
        self.new_client_button.setToolTip(self.tr("Neue Klient*in anlegen"))
        self.new_client_button.clicked.connect(self.new_client)
        self.import_button = QPushButton(self.tr("Importieren …"))
        self.import_button.setObjectName("import_clients_button")
        self.import_button.setToolTip(self.tr("Klientenliste aus Excel, LibreOffice oder CSV importieren"))
        self.import_button.clicked.connect(self.open_import)
        self._import_wizard: ImportWizard | None = None

        self.table.setObjectName("client_table")
        self.table.setModel(self.model)
        self._delegate = ClientRowDelegate(self.model, self.table)
        self.table.setItemDelegate(self._delegate)
        self.model.prepare_head = self._prepare_head
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table, arrows move inside
        vheader = self.table.verticalHeader()
        vheader.setVisible(False)
        # Fixed row heights: the view never measures 100,000 rows.
        vheader.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vheader.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setHighlightSections(False)
        fm, hfm = self.table.fontMetrics(), header.fontMetrics()
        for i, col in enumerate(COLUMNS):
            title = self.model.headerData(i, Qt.Orientation.Horizontal)
            header.resizeSection(
                i, max(fm.horizontalAdvance(_SAMPLES.get(col.key, "")) + 16, hfm.horizontalAdvance(title) + 32)
            )  # room for the sort arrow
        # The residence status takes the width that is left, but never less than a readable
        # minimum (then the table scrolls sideways); once dragged by hand it stays as set.
        self._fit_column = COLUMN_BY_KEY["residence_status"]
        self._fit_min = fm.horizontalAdvance("Aufenthaltserlaubnis (Erwerbstätigkeit)") + 16
        self._fitting = False
        self._auto_fit = True
        header.sectionResized.connect(self._section_resized)
        header.setSortIndicator(COLUMN_BY_KEY["family_name"], Qt.SortOrder.AscendingOrder)
        self.table.setSortingEnabled(True)  # calls model.sort -> a database query
        self.table.open_requested.connect(self._open_index)
        # All ids of a query are fetched once the view has painted the first rows and has
        # been quiet for a moment: that query is Python-heavy on the worker and would slow
        # every paint (the GIL) if it ran at the same time.
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(REST_AFTER_PAINT_MS)
        self._rest_timer.timeout.connect(self.model.load_rest)
        self.table.viewport().installEventFilter(self)

        top = QHBoxLayout()
        top.addWidget(self.search_edit, 1)
        top.addWidget(self.mine_filter_combo)
        top.addWidget(self.status_filter_combo)
        top.addWidget(self.service_filter_combo)
        top.addWidget(self.new_client_button)
        top.addWidget(self.import_button)
        lay = QVBoxLayout(self)
        lay.addLayout(top)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.result_count_label)
        self.setFocusProxy(self.search_edit)

        db.signed_in.connect(self._signed_in)  # a bound slot: disconnected when we are deleted
        if db.context is not None:
            self.refresh()

    # --- public API for the main window ---------------------------------------------------

    def focus_search(self) -> None:
        self.search_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_edit.selectAll()

    def refresh(self) -> None:
        """Run the current search again (after a save, on sign-in)."""
        if self.db.context is None:
            return
        self.model.set_query(self._query(), force=True)

    def new_client(self) -> ClientRecord:
        """Open an empty record (or bring the one already being created to the front)."""
        return self._open("new", None)

    def open_import(self):
        """The list import wizard (one at a time); the list refreshes after an import."""
        from referral_desk.ui import i18n
        from referral_desk.ui.clients.import_wizard import ImportWizard

        if self._import_wizard is not None:
            self._import_wizard.raise_()
            self._import_wizard.activateWindow()
            return self._import_wizard
        wizard = ImportWizard(self.db, self, lang=i18n.current_language())
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        wizard.imported.connect(lambda _ids: self.refresh())
        wizard.open_client_requested.connect(self.open_client)
        wizard.destroyed.connect(self._import_closed)
        self._import_wizard = wizard
        wizard.show()
        return wizard

    def _import_closed(self, *_args) -> None:
        self._import_wizard = None

    def open_client(self, client_id: int) -> ClientRecord:
        return self._open(str(client_id), client_id)

    def open_records(self) -> list[ClientRecord]:
        return list(self._editors.values())

    def drafts_for_lock(self) -> list[tuple[str, str, dict[str, Any]]]:
        """(kind, ref, payload) for every open record with unsaved changes."""
        return [(DRAFT_KIND, rec.ref, rec.draft_payload()) for rec in self._editors.values() if rec.is_modified()]

    def clear_for_lock(self) -> None:
        """Close records without asking, and drop every row and the search text."""
        if self._import_wizard is not None:
            self._import_wizard.force_close()  # a running import is cancelled: nothing written
            self._import_wizard = None
        for rec in list(self._editors.values()):
            rec.force_close()
        self._editors.clear()
        self._debounce.stop()
        self.search_edit.blockSignals(True)
        self.search_edit.clear()
        self.search_edit.blockSignals(False)
        self.model.clear()
        self._reselect_id = None
        self.result_count_label.clear()

    def restore_draft(self, kind: str, ref: str, payload: dict[str, Any]) -> bool:
        """Reopen a record with its draft; True if this page handled the draft."""
        if kind != DRAFT_KIND or not isinstance(payload, dict):
            return False
        if ref == "new":
            record = self.new_client()
        else:
            try:
                client_id = int(ref)
            except (TypeError, ValueError):
                return False
            record = self.open_client(client_id)
        record.apply_draft(payload)
        return True

    # --- searching -----------------------------------------------------------------------

    def _signed_in(self, _actor: object) -> None:
        self.refresh()

    def _query(self):
        return replace(
            self.model.query,
            text=self.search_edit.text().strip(),
            mine_only=bool(self.mine_filter_combo.currentData()),
            status=self.status_filter_combo.currentData(),
            service=self.service_filter_combo.currentData(),
        )

    def _search_typed(self, _text: str) -> None:
        self._debounce.start()  # restart: search once the person pauses

    def _apply_filters(self) -> None:
        self._debounce.stop()
        if self.db.context is None:
            return
        self.model.set_query(self._query())

    def _reloaded(self, count: int) -> None:
        if count == 0:
            text = self.tr("Keine Treffer")
            if (
                self.mine_filter_combo.currentData()
                or self.status_filter_combo.currentData()
                or self.service_filter_combo.currentData()
            ):
                text += " – " + self.tr("Filter auf „Alle …“ stellen, um mehr zu sehen")
        elif count == 1:
            text = self.tr("1 Klient*in")
        else:
            text = self.tr("%1 Klient*innen").replace("%1", format_number(count))
        self.result_count_label.setText(text)
        if self._reselect_id is not None:
            row = self.model.row_of(self._reselect_id)
            self._reselect_id = None
            if row >= 0:
                index = self.model.index(row, 0)
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
                )
                self.table.scrollTo(index)

    def _loading_changed(self, loading: bool) -> None:
        if loading:
            self._loading_hint.start()
        else:
            self._loading_hint.stop()

    def _show_loading(self) -> None:
        if self.model.is_loading:
            self.result_count_label.setText(self.tr("Wird geladen …"))

    def _load_failed(self, exc: BaseException) -> None:
        self.result_count_label.setText(field_error_text(exc))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.Resize and obj is self.table.viewport():
            self._fit_columns()
            return False
        if event.type() == QEvent.Type.Paint and obj is self.table.viewport():
            if self.model.rest_pending:  # (re)start once this paint is done
                QTimer.singleShot(0, self._rest_timer.start)
            return False
        if obj is self.search_edit and event.type() == QEvent.Type.KeyPress:
            key = cast(QKeyEvent, event).key()
            if key == Qt.Key.Key_Down and self.model.rowCount() > 0:
                self.table.setFocus(Qt.FocusReason.TabFocusReason)
                if not self.table.currentIndex().isValid():
                    self.table.selectRow(0)
                return True
            if key == Qt.Key.Key_Escape and self.search_edit.text():
                self.search_edit.clear()
                return True
        return super().eventFilter(obj, event)

    def _prepare_head(self, rows: list[tuple[str, ...]], done) -> None:
        """Lay out the texts of the rows about to become visible in small slices, one per
        event-loop turn, then let the model reset: the reset's paint then finds them ready
        and no single turn keeps the GUI busy for long (typing stays smooth)."""
        visible = self.table.viewport().height() // max(1, self.table.verticalHeader().defaultSectionSize()) + 2
        texts = [t for row in rows[:visible] for t in row if t]
        font = self.table.font()

        def step(start: int = 0) -> None:
            self._delegate.prepare(texts[start : start + PREPARE_SLICE], font)
            if start + PREPARE_SLICE < len(texts):
                QTimer.singleShot(0, self, lambda: step(start + PREPARE_SLICE))  # cancelled with us
            else:
                done()

        QTimer.singleShot(0, self, step)

    def _fit_columns(self) -> None:
        if not self._auto_fit:
            return
        header = self.table.horizontalHeader()
        others = sum(header.sectionSize(i) for i in range(header.count()) if i != self._fit_column)
        self._fitting = True
        header.resizeSection(self._fit_column, max(self._fit_min, self.table.viewport().width() - others))
        self._fitting = False

    def _section_resized(self, logical: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if logical == self._fit_column:
            self._auto_fit = False  # the person chose a width
        else:
            self._fit_columns()

    # --- records -------------------------------------------------------------------------

    def _open_index(self, index: QModelIndex) -> None:
        client_id = self.model.data(index, ClientListModel.ClientIdRole)
        if client_id is not None:
            self.open_client(int(client_id))

    def _open(self, ref: str, client_id: int | None) -> ClientRecord:
        record = self._editors.get(ref)
        if record is None:
            record = ClientRecord(self.db, client_id=client_id, parent=self)
            self._editors[ref] = record
            record.saved.connect(self._record_saved)
            record.data_changed.connect(self._record_saved)
            record.ref_changed.connect(self._rekey)
            record.closed.connect(lambda _ref, r=record: self._forget(r))
            record.show()
            self.record_opened.emit(record)
        record.raise_()
        record.activateWindow()
        return record

    def _record_saved(self, client_id: int) -> None:
        self._reselect_id = client_id
        self.refresh()

    def _rekey(self, old: str, new: str) -> None:
        record = self._editors.pop(old, None)
        if record is not None:
            self._editors[new] = record

    def _forget(self, record: ClientRecord) -> None:
        for key, rec in list(self._editors.items()):
            if rec is record:
                del self._editors[key]


def i18n_service_label(key: str) -> str:
    """Short label of a service for the filter (MBE, JMD, Andere)."""
    from referral_desk.ui.widgets import ui_lang

    return {"mbe": "MBE", "jmd": "JMD"}.get(key) or catalogues.enum_label("service", key, ui_lang())
