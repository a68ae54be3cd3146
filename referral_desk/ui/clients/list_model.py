"""The client list: all matching ids from the database, rows loaded a page at a time.

Sorting and filtering happen in SQL (``clients.search_ids``); the model only holds the id
list (a few MB for 100,000 clients) and a bounded cache of pages of ``ClientSummary`` rows
fetched through the database worker when the view asks for them. ``data()`` never waits:
an uncached row shows a placeholder, its page is requested, and ``dataChanged`` follows.
A generation counter drops results of a query that has been replaced in the meantime.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from PySide6.QtCore import (
    QT_TRANSLATE_NOOP,
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QStaticText, QTransform
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from referral_desk.core import catalogues
from referral_desk.core.models import ClientSummary
from referral_desk.core.services import clients
from referral_desk.core.services.clients import ClientQuery
from referral_desk.ui.widgets import date_format, format_date, ui_lang

PLACEHOLDER = "…"


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # German source text, translated in headerData
    sort: str  # key of clients.SORT_COLUMNS


COLUMNS: tuple[Column, ...] = (
    Column("case_number", str(QT_TRANSLATE_NOOP("ClientListModel", "Fallnummer")), "case_number"),
    Column("family_name", str(QT_TRANSLATE_NOOP("ClientListModel", "Familienname")), "family_name"),
    Column("given_names", str(QT_TRANSLATE_NOOP("ClientListModel", "Vorname(n)")), "given_names"),
    Column("birth_date", str(QT_TRANSLATE_NOOP("ClientListModel", "Geburtsdatum")), "birth_date"),
    Column("nationalities", str(QT_TRANSLATE_NOOP("ClientListModel", "Staatsangehörigkeit")), "nationalities"),
    Column("residence_status", str(QT_TRANSLATE_NOOP("ClientListModel", "Aufenthaltsstatus")), "residence_status"),
    Column("counsellor", str(QT_TRANSLATE_NOOP("ClientListModel", "Berater*in")), "counsellor"),
    Column("last_contact_on", str(QT_TRANSLATE_NOOP("ClientListModel", "Letzter Kontakt")), "last_contact_on"),
    Column("case_status", str(QT_TRANSLATE_NOOP("ClientListModel", "Status")), "case_status"),
)
COLUMN_BY_KEY = {c.key: i for i, c in enumerate(COLUMNS)}
assert all(c.sort in clients.SORT_COLUMNS for c in COLUMNS)


def load_head(ctx, *, query: ClientQuery, first: int) -> tuple[list[int], list[ClientSummary]]:
    """Runs on the worker: the first ids (LIMIT in SQL, on the sort index) and their rows
    in one round trip, so the view paints real rows without waiting for all ids."""
    ids = clients.search_ids(ctx, query=query, limit=first)
    return ids, (clients.summaries(ctx, ids=ids) if ids else [])


class _Row:
    """A summary plus its display strings, formatted once when the page arrives."""

    __slots__ = ("display", "sort", "summary")

    def __init__(self, s: ClientSummary, lang: str, status_labels: dict[str, str], fmt_date) -> None:
        self.summary = s
        nat = ", ".join(_country(c, lang) for c in s.nationalities)
        self.display = (
            s.case_number,
            s.family_name,
            s.given_names,
            fmt_date(s.birth_date),
            nat,
            _residence(s.residence_status, lang),
            s.counsellor or "",
            fmt_date(s.last_contact_on),
            status_labels.get(s.case_status, s.case_status),
        )
        self.sort = (
            s.case_number,
            s.family_name.casefold(),
            s.given_names.casefold(),
            s.birth_date.isoformat(),
            nat,
            self.display[5],
            s.counsellor or "",
            s.last_contact_on.isoformat() if s.last_contact_on else "",
            s.case_status,
        )


def _date_formatter():
    """format_date, made once per page: the German format without a QLocale per call."""
    if date_format() == "dd.MM.yyyy":
        return lambda d: f"{d.day:02d}.{d.month:02d}.{d.year:04d}" if d else ""
    return format_date


def _country(code: str, lang: str) -> str:
    try:
        return catalogues.country_name(code, lang)
    except KeyError:
        return code


def _residence(key: str, lang: str) -> str:
    try:
        return catalogues.residence_status_label(key, lang)
    except KeyError:
        return key


# Plain ints: data() runs for every role of every visible cell on each paint, and
# comparing with enum members costs more than the rest of data().
_DISPLAY = Qt.ItemDataRole.DisplayRole.value
_TOOLTIP = Qt.ItemDataRole.ToolTipRole.value
_FOREGROUND = Qt.ItemDataRole.ForegroundRole.value
_SORT = Qt.ItemDataRole.UserRole.value + 1
_CLIENT_ID = Qt.ItemDataRole.UserRole.value + 2
_SUMMARY = Qt.ItemDataRole.UserRole.value + 3
_HANDLED = frozenset({_DISPLAY, _TOOLTIP, _FOREGROUND, _SORT, _CLIENT_ID, _SUMMARY})
_CLOSED_COLOR = QColor("#6b6b6b")  # closed cases stay readable but step back
_ITEM_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class ClientListModel(QAbstractTableModel):
    SortRole = _SORT
    ClientIdRole = _CLIENT_ID
    SummaryRole = _SUMMARY  # the ClientSummary (Vorta's object role), None if not loaded

    PAGE_SIZE = 200
    MAX_CACHED_PAGES = 40  # 8,000 rows: scrolling all of 100,000 clients must not grow memory
    REST_FALLBACK_MS = 300  # all ids are fetched this long after the first page at the latest

    loading_changed = Signal(bool)
    reloaded = Signal(int)  # new row count after a query finished
    load_failed = Signal(object)  # the service error

    def __init__(self, db, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._query = ClientQuery()
        self._ids: list[int] = []
        self._pages: OrderedDict[int, dict[int, _Row]] = OrderedDict()
        self._inflight: set[int] = set()
        self._wanted: set[int] = set()
        self._generation = 0
        self._loading = False
        self._loaded_once = False
        self.page_requests = 0  # pages fetched since the last reset (for tests and benchmarks)
        self._fetch_timer = QTimer(self)
        self._fetch_timer.setSingleShot(True)
        self._fetch_timer.setInterval(0)
        self._fetch_timer.timeout.connect(self._fetch_wanted)
        self._rest_generation: int | None = None
        self._rest_timer = QTimer(self)
        self._rest_timer.setSingleShot(True)
        self._rest_timer.setInterval(self.REST_FALLBACK_MS)
        self._rest_timer.timeout.connect(self.load_rest)
        self._lang = ui_lang()
        self._status_labels = {"open": self.tr("offen"), "closed": self.tr("geschlossen")}
        #: Optional hook of a view: prepare_head(display_rows, done) is called with the first
        #: page's display strings before the reset and must call done() (maybe later).
        self.prepare_head: Callable[[list[tuple[str, ...]], Callable[[], None]], None] | None = None

    # --- query --------------------------------------------------------------------------

    @property
    def query(self) -> ClientQuery:
        return self._query

    @property
    def is_loading(self) -> bool:
        return self._loading

    @property
    def generation(self) -> int:
        return self._generation

    @property
    def cached_pages(self) -> list[int]:
        return list(self._pages)

    def set_query(self, query: ClientQuery, *, force: bool = False) -> None:
        if query == self._query and self._loaded_once and not force:
            return
        self._query = query
        self.refresh()

    def refresh(self) -> None:
        """Ask the database again for the current query (after a save, a filter change)."""
        if self._db.context is None:
            return  # locked: the page refreshes again on sign-in
        self._generation += 1
        gen = self._generation
        self._set_loading(True)
        # Two steps: the first page at once (what the person sees), then every id (for the
        # scroll bar and the count). For 100,000 clients the second step takes a few hundred
        # ms; the first one a few.
        self._db.call(
            load_head,
            query=self._query,
            first=self.PAGE_SIZE,
            on_success=lambda result, gen=gen: self._head_arrived(gen, result),
            on_error=lambda exc, gen=gen: self._failed(gen, exc),
        )

    def clear(self) -> None:
        """Zero rows and no cached personal data (used when the vault locks)."""
        self._generation += 1
        self.beginResetModel()
        self._ids = []
        self._drop_cache()
        self._loaded_once = False
        self.endResetModel()
        self._set_loading(False)

    def _drop_cache(self) -> None:
        self._rest_generation = None
        self._rest_timer.stop()
        self._pages.clear()
        self._inflight.clear()
        self._wanted.clear()
        self._fetch_timer.stop()
        self.page_requests = 0

    def _head_arrived(self, gen: int, result: tuple[list[int], list[ClientSummary]]) -> None:
        if gen != self._generation:
            return  # a newer query is on its way
        ids, head = result
        self._lang = ui_lang()
        rows = self._rows(head)
        if self.prepare_head is None:
            self._show_head(gen, ids, rows)
        else:  # let the view lay out the visible texts first, a little per event-loop turn
            self.prepare_head([r.display for r in rows], lambda: self._show_head(gen, ids, rows))

    def _show_head(self, gen: int, ids: list[int], rows: list[_Row]) -> None:
        if gen != self._generation:
            return
        self.beginResetModel()
        self._ids = list(ids)
        self._drop_cache()
        if rows:
            self._put(0, rows)
        self._loaded_once = True
        self.endResetModel()
        if len(ids) < self.PAGE_SIZE:
            self._finished()  # that was everything
            return
        # The rest waits until the first rows are painted (a view calls load_rest() after
        # its paint; the timer is the fallback without one): the id query is Python-heavy
        # on the worker and would compete with the painting for the GIL.
        self._rest_generation = gen
        self._rest_timer.start()

    @property
    def rest_pending(self) -> bool:
        return self._rest_generation == self._generation

    def load_rest(self) -> None:
        """Fetch all ids of the current query (the second step of a reload)."""
        if self._rest_generation != self._generation:
            return
        self._rest_generation = None
        if self._db.context is None:
            return  # locked or shut down meanwhile
        self._rest_timer.stop()
        gen = self._generation
        self._db.call(
            clients.search_ids,
            query=self._query,
            on_success=lambda all_ids, gen=gen: self._all_ids_arrived(gen, all_ids),
            on_error=lambda exc, gen=gen: self._failed(gen, exc),
        )

    def _all_ids_arrived(self, gen: int, ids: list[int]) -> None:
        if gen != self._generation:
            return
        shown = len(self._ids)
        if ids[:shown] == self._ids:
            if len(ids) > shown:  # the usual case: append below what is already painted
                self.beginInsertRows(QModelIndex(), shown, len(ids) - 1)
                self._ids = ids
                self.endInsertRows()
        else:  # the data changed between the two steps: start over with the full list
            self.beginResetModel()
            self._ids = ids
            self._drop_cache()
            self.endResetModel()
        self._finished()

    def _finished(self) -> None:
        self._set_loading(False)
        self.reloaded.emit(len(self._ids))

    def _failed(self, gen: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        self._set_loading(False)
        self.load_failed.emit(exc)

    def _set_loading(self, value: bool) -> None:
        if value != self._loading:
            self._loading = value
            self.loading_changed.emit(value)

    # --- pages --------------------------------------------------------------------------

    def _rows(self, summaries: list[ClientSummary]) -> list[_Row]:
        fmt = _date_formatter()
        return [_Row(s, self._lang, self._status_labels, fmt) for s in summaries]

    def _store(self, page: int, summaries: list[ClientSummary]) -> None:
        self._put(page, self._rows(summaries))

    def _put(self, page: int, rows: list[_Row]) -> None:
        self._pages[page] = {r.summary.id: r for r in rows}
        self._pages.move_to_end(page)
        while len(self._pages) > self.MAX_CACHED_PAGES:
            self._pages.popitem(last=False)

    def _want(self, page: int) -> None:
        if page in self._inflight or page in self._wanted:
            return
        self._wanted.add(page)
        # Fetch after painting: data() may be called for many rows in one paint event.
        self._fetch_timer.start()

    def _fetch_wanted(self) -> None:
        if self._db.context is None:
            self._wanted.clear()
            return  # locked: nothing to fetch (the model is cleared on lock anyway)
        gen = self._generation
        for page in sorted(self._wanted):
            if page in self._pages or page in self._inflight:
                continue
            ids = self._ids[page * self.PAGE_SIZE : (page + 1) * self.PAGE_SIZE]
            if not ids:
                continue
            self._inflight.add(page)
            self.page_requests += 1
            self._db.call(
                clients.summaries,
                ids=ids,
                on_success=lambda rows, gen=gen, page=page: self._page_arrived(gen, page, rows),
                on_error=lambda exc, gen=gen, page=page: self._page_failed(gen, page, exc),
            )
        self._wanted.clear()

    def _page_arrived(self, gen: int, page: int, rows: list[ClientSummary]) -> None:
        if gen != self._generation:
            return
        self._inflight.discard(page)
        self._store(page, rows)
        first = page * self.PAGE_SIZE
        last = min(len(self._ids), first + self.PAGE_SIZE) - 1
        if last >= first:
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))

    def _page_failed(self, gen: int, page: int, exc: BaseException) -> None:
        if gen != self._generation:
            return
        self._inflight.discard(page)
        self.load_failed.emit(exc)

    def _row(self, row: int) -> _Row | None:
        page = self._pages.get(row // self.PAGE_SIZE)
        if page is None:
            return None
        return page.get(self._ids[row])

    def cell(self, row: int, column: int) -> tuple[str, bool]:
        """(text, closed) for painting, straight from the cache; asks for the page like
        data() does when the row is not loaded yet."""
        if not 0 <= row < len(self._ids):
            return "", False
        page = self._pages.get(row // self.PAGE_SIZE)
        if page is None:
            self._want(row // self.PAGE_SIZE)
            return (PLACEHOLDER if column == 0 else ""), False
        item = page.get(self._ids[row])
        if item is None:
            return "", False
        return item.display[column], item.summary.case_status == "closed"

    def is_row_loaded(self, row: int) -> bool:
        return (row // self.PAGE_SIZE) in self._pages

    # --- lookups for the page ---------------------------------------------------------

    def client_id(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, client_id: int) -> int:
        try:
            return self._ids.index(client_id)
        except ValueError:
            return -1

    def summary(self, row: int) -> ClientSummary | None:
        r = self._row(row) if 0 <= row < len(self._ids) else None
        return r.summary if r else None

    # --- QAbstractItemModel -------------------------------------------------------------

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(COLUMNS):
            if role == _DISPLAY:
                return QCoreApplication.translate("ClientListModel", COLUMNS[section].title)
            if role == _SORT:
                return COLUMNS[section].sort
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        return _ITEM_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = _DISPLAY) -> Any:
        if role not in _HANDLED:
            return None
        row = index.row()
        ids = self._ids
        if row < 0 or row >= len(ids):
            return None
        if role == _CLIENT_ID:
            return ids[row]  # known without the page
        page = self._pages.get(row // self.PAGE_SIZE)
        if page is None:
            self._want(row // self.PAGE_SIZE)
            return PLACEHOLDER if role == _DISPLAY and index.column() == 0 else None
        item = page.get(ids[row])
        if item is None:
            return None  # removed meanwhile, or no longer visible to this user
        if role == _DISPLAY:
            return item.display[index.column()]
        if role == _FOREGROUND:
            return _CLOSED_COLOR if item.summary.case_status == "closed" else None
        if role == _TOOLTIP:
            return item.display[index.column()] or None
        if role == _SORT:
            return item.sort[index.column()]
        return item.summary  # _SUMMARY

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorting is a new database query (never a proxy over loaded rows)."""
        key = COLUMNS[column].sort if 0 <= column < len(COLUMNS) else "family_name"
        self.set_query(replace(self._query, sort=key, descending=order == Qt.SortOrder.DescendingOrder))


_PE_ITEM = QStyle.PrimitiveElement.PE_PanelItemViewItem
_SELECTED = QStyle.StateFlag.State_Selected.value
_ACTIVE = QStyle.StateFlag.State_Active.value
_NORMAL = QPalette.ColorGroup.Normal
_INACTIVE = QPalette.ColorGroup.Inactive
_TEXT = QPalette.ColorRole.Text
_HIGHLIGHTED_TEXT = QPalette.ColorRole.HighlightedText


class ClientRowDelegate(QStyledItemDelegate):
    """Paints the list's cells from cached QStaticText.

    The default delegate asks the model for seven roles and lays out each cell's text on
    every paint; with names in several scripts that was about half of a full repaint.
    Here each text is laid out once (when first shown); only the few texts too wide for
    their column are elided, once per width.
    Background, selection and alternating rows still come from the style."""

    MARGIN = 4
    MAX_CACHE = 20_000

    def __init__(self, model: ClientListModel, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._model = model
        self._cache: dict[str, QStaticText] = {}
        self._elided: dict[tuple[str, int], QStaticText] = {}
        self._font: QFont | None = None

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        text, closed = self._model.cell(index.row(), index.column())
        widget = option.widget
        (widget.style() if widget is not None else QApplication.style()).drawPrimitive(
            _PE_ITEM, option, painter, widget
        )
        if not text:
            return
        rect = option.rect
        width = rect.width() - 2 * self.MARGIN
        if width <= 0:
            return
        if option.font != self._font:  # a new font invalidates every layout
            self._font = QFont(option.font)
            self._cache.clear()
            self._elided.clear()
        static = self._cache.get(text)
        if static is None:
            if len(self._cache) > self.MAX_CACHE:
                self._cache.clear()
            static = QStaticText(text)
            static.setTextFormat(Qt.TextFormat.PlainText)
            static.prepare(QTransform(), self._font)
            self._cache[text] = static
        state = option.state.value  # one enum conversion per cell; they are slow in Python
        group = _NORMAL if state & _ACTIVE else _INACTIVE
        if state & _SELECTED:
            painter.setPen(option.palette.color(group, _HIGHLIGHTED_TEXT))
        elif closed:
            painter.setPen(_CLOSED_COLOR)
        else:
            painter.setPen(option.palette.color(group, _TEXT))
        painter.setFont(self._font)
        if static.size().width() > width:  # too wide: the few such texts get elided once
            static = self._elided_text(text, width, option)
        painter.drawStaticText(  # type: ignore[call-overload]  # PySide6 accepts (int, float); its stubs do not
            rect.x() + self.MARGIN, rect.y() + (rect.height() - static.size().height()) / 2, static
        )

    def prepare(self, texts: list[str], font: QFont) -> None:
        """Lay out texts before they are painted (see ClientsPage._prepare_head)."""
        if font != self._font:
            self._font = QFont(font)
            self._cache.clear()
            self._elided.clear()
        for text in texts:
            if text and text not in self._cache:
                static = QStaticText(text)
                static.setTextFormat(Qt.TextFormat.PlainText)
                static.prepare(QTransform(), self._font)
                self._cache[text] = static

    def _elided_text(self, text: str, width: int, option: QStyleOptionViewItem) -> QStaticText:
        static = self._elided.get((text, width))
        if static is None:
            if len(self._elided) > self.MAX_CACHE:
                self._elided.clear()
            static = QStaticText(option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight, width))
            static.setTextFormat(Qt.TextFormat.PlainText)
            assert self._font is not None  # paint() sets it before eliding
            static.prepare(QTransform(), self._font)
            self._elided[(text, width)] = static
        return static
