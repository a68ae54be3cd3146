"""Small widgets and helpers shared by all pages.

- ``DateEdit``: dates as dd.MM.yyyy, optionally empty.
- ``ErrorLabel``: an inline error under a field; hidden while empty.
- ``BusyIndicator``: an indeterminate bar shown while the database worker is working.
- ``PasswordStrengthBar``: mirrors ``passwords.strength`` and ``passwords.password_problem``.
- ``FieldForm``: a QFormLayout whose rows carry an error label each, so a service error
  (``exc.field``) lands next to the field it is about.
- ``combo``, ``line_edit``, ``scrolled``, ``read_logo``: small builders used by several pages.
- ``RecordTableModel``: a read-only table of plain read models with an object role.
- ``clipboard_guard``: copies text and remembers it, so locking can clear what we copied.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shiboken6
from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QClipboard, QColor, QFont, QFontDatabase, QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCalendarWidget,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLayout,
    QLineEdit,
    QMenu,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from referral_desk.core import clock, messages, passwords
from referral_desk.core.errors import InvalidInput, ReferralDeskError
from referral_desk.core.messages import field_label
from referral_desk.ui import i18n

log = logging.getLogger(__name__)

ERROR_COLOR = QColor("#b00020")
ObjectRole = Qt.ItemDataRole.UserRole + 1
SortRole = Qt.ItemDataRole.UserRole + 2


# --- messages ----------------------------------------------------------------------------


def error_text(exc: BaseException) -> str:
    """A message for a person: the core's own text in the UI language, never a traceback."""
    if isinstance(exc, ReferralDeskError):
        return exc.message(i18n.current_language())
    return QCoreApplication.translate(
        "widgets", "Unerwarteter Fehler (Programmfehler). Bitte an die Administration melden."
    )


def inline_error_text(exc: BaseException) -> str:
    """Like ``error_text`` but without the leading field label: the message sits right under
    the field, so "Postleitzahl (postal_code): ungültiges Format." becomes "Ungültiges Format."."""
    text = error_text(exc)
    field = getattr(exc, "field", None)
    if field:
        prefix = field_label(field, i18n.current_language()) + ": "
        if text.startswith(prefix) and len(text) > len(prefix):
            rest = text[len(prefix) :]
            text = rest[0].upper() + rest[1:]
    return text


# --- worker calls from pages that may be thrown away ---------------------------------------


def call_for(
    owner: QObject,
    db: Any,
    fn: Callable[..., Any],
    *args: Any,
    on_success: Callable[[Any], None] | None = None,
    on_error: Callable[[Any], None] | None = None,
    **kwargs: Any,
) -> int:
    """``db.call`` for a page: its replies are dropped once ``owner`` is deleted. A lock throws
    pages away while their calls may still be queued; those then fail with "vault locked"
    and nobody is left to show it."""

    def guarded(callback: Callable[[Any], None] | None) -> Callable[[Any], None]:
        def deliver(value: Any) -> None:
            if callback is not None and shiboken6.isValid(owner):
                callback(value)

        return deliver

    return db.call(fn, *args, on_success=guarded(on_success), on_error=guarded(on_error), **kwargs)


def _qtoday() -> QDate:
    day = clock.today()  # the core's clock, so a test's fixed day reaches the widgets
    return QDate(day.year, day.month, day.day)


# --- date edit -----------------------------------------------------------------------------


def date_format() -> str:
    """Display and input format for dates: dd.MM.yyyy in German (and in the C locale of test
    runs), otherwise the locale's short format with a four-digit year (birth dates need the
    century) and fixed-width day and month (typing over a date works)."""
    loc = QLocale()
    if loc.language() in (QLocale.Language.German, QLocale.Language.C, QLocale.Language.AnyLanguage):
        return "dd.MM.yyyy"
    fmt = loc.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    for short, full in (("d", "dd"), ("M", "MM")):
        if full not in fmt:
            fmt = fmt.replace(short, full)
    return fmt


class DateEdit(QDateEdit):
    """A date field in the UI language's order (dd.MM.yyyy, en_GB dd/MM/yyyy, always four-digit
    years); with ``optional=True`` it can be left empty."""

    MIN = QDate(1900, 1, 1)
    MAX = QDate(2100, 12, 31)

    def __init__(self, parent: QWidget | None = None, *, optional: bool = False) -> None:
        super().__init__(parent)
        self._optional = optional
        self.setDisplayFormat(date_format())
        self.setCalendarPopup(True)
        self.setMaximumDate(self.MAX)
        if optional:
            # The day before the first real date stands for "empty" and is shown blank.
            self.setMinimumDate(self.MIN.addDays(-1))
            self.setSpecialValueText(" ")
            self.setDate(self.minimumDate())
        else:
            self.setMinimumDate(self.MIN)
            self.setDate(_qtoday())

    def value(self) -> dt.date | None:
        if self._optional and self.date() == self.minimumDate():
            return None
        value: dt.date = self.date().toPython()  # type: ignore[assignment]  # PySide6 stubs type toPython() as object; a QDate gives a date
        return value

    def set_value(self, value: dt.date | None) -> None:
        if value is None:
            self.setDate(self.minimumDate() if self._optional else _qtoday())
        else:
            self.setDate(QDate(value.year, value.month, value.day))

    def clear_value(self) -> None:
        self.set_value(None)


# --- inline error and busy indicator -------------------------------------------------------


class ErrorLabel(QLabel):
    """Red, word-wrapped text under a field; hidden while there is nothing to say.
    ``ErrorLabel("postal_code")`` names it ``postal_code_error_label`` (tests and the
    service-error routing find it by that name)."""

    def __init__(self, key: str | QWidget | None = None, parent: QWidget | None = None) -> None:
        if isinstance(key, QWidget):  # ErrorLabel(parent)
            key, parent = None, key
        super().__init__(parent)
        if key:
            self.setObjectName(f"{key}_error_label")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setStyleSheet(f"color: {ERROR_COLOR.name()};")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def set_error(self, text: str | None) -> None:
        self.setText(text or "")
        self.setVisible(bool(text))
        self.setAccessibleDescription(text or "")

    show_error = set_error

    def clear_error(self) -> None:
        self.set_error(None)


class BusyIndicator(QProgressBar):
    """An indeterminate progress bar: shown while a worker call runs."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("busy_indicator")
        self.setRange(0, 0)
        self.setTextVisible(False)
        self.setMaximumHeight(8)
        self.setAccessibleName(QCoreApplication.translate("widgets", "Bitte warten"))
        self.hide()

    def set_busy(self, busy: bool) -> None:
        self.setVisible(busy)

    @property
    def is_busy(self) -> bool:
        return self.isVisible()


class PasswordStrengthBar(QWidget):
    """A bar (0..4) and a one-line verdict. ``update_for(password, user)`` refreshes both."""

    _COLOURS = ("#b00020", "#b00020", "#c77700", "#2e7d32", "#1b5e20")

    def __init__(self, parent: QWidget | None = None, *, object_prefix: str = "password") -> None:
        super().__init__(parent)
        self.bar = QProgressBar(self)
        self.bar.setObjectName(f"{object_prefix}_strength_bar")
        self.bar.setRange(0, 4)
        self.bar.setTextVisible(False)
        self.bar.setMaximumHeight(10)
        self.hint_label = QLabel(self)
        self.hint_label.setObjectName(f"{object_prefix}_hint_label")
        self.hint_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.bar)
        layout.addWidget(self.hint_label)
        self.update_for("", "")

    def update_for(self, password: str, user: str = "") -> None:
        score = passwords.strength(password)
        self.bar.setValue(score)
        self.bar.setStyleSheet(f"QProgressBar::chunk {{ background: {self._COLOURS[score]}; }}")
        if not password:
            hint = QCoreApplication.translate("widgets", "Mindestens %1 Zeichen; Satz aus mehreren Wörtern empfohlen.")
            self.hint_label.setText(hint.replace("%1", str(passwords.MIN_LENGTH)))
            return
        problem = passwords.password_problem(password, user=user, lang=i18n.current_language())
        words = (
            QCoreApplication.translate("widgets", "sehr schwach"),
            QCoreApplication.translate("widgets", "schwach"),
            QCoreApplication.translate("widgets", "mittel"),
            QCoreApplication.translate("widgets", "gut"),
            QCoreApplication.translate("widgets", "stark"),
        )
        if problem:
            self.hint_label.setText(QCoreApplication.translate("widgets", "Nicht zulässig: %1").replace("%1", problem))
        else:
            self.hint_label.setText(QCoreApplication.translate("widgets", "Stärke: %1").replace("%1", words[score]))

    @property
    def score(self) -> int:
        return self.bar.value()


def monospace_font(point_size: int | None = None) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    if point_size:
        font.setPointSize(point_size)
    return font


# --- forms with inline errors ----------------------------------------------------------------


def _base_name(widget: QWidget) -> str:
    name = widget.objectName() or "field"
    for suffix in ("_edit", "_combo_box", "_spin_box", "_check_box", "_date_edit", "_button"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class FieldForm(QFormLayout):
    """Rows of (label, field, error label). ``show_error(exc)`` puts a service error under
    the field it names and focuses that field; anything else goes to the general label."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        self.general_error_label = ErrorLabel()
        self._fields: dict[str, tuple[QWidget, ErrorLabel]] = {}
        # Special wording for (field, code) pairs where the core's text is too terse.
        self.overrides: dict[tuple[str, str], str] = {}

    def add_field(self, label: str, widget: QWidget, *fields: str, extra: QWidget | None = None) -> ErrorLabel:
        error = ErrorLabel()
        error.setObjectName(f"{_base_name(widget)}_error_label")
        box = QVBoxLayout()
        box.setSpacing(2)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(widget)
        if extra is not None:
            box.addWidget(extra)
        box.addWidget(error)
        caption = QLabel(label)
        caption.setBuddy(widget)
        caption.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Align the caption with the field's text, not with the error under it.
        caption.setContentsMargins(0, 4, 0, 0)
        self.addRow(caption, box)
        for field in fields:
            self._fields[field] = (widget, error)
        return error

    def add_general_error(self) -> None:
        self.addRow(self.general_error_label)

    def field_widget(self, field: str) -> QWidget | None:
        entry = self._lookup(field)
        return entry[0] if entry else None

    def _lookup(self, field: str | None) -> tuple[QWidget, ErrorLabel] | None:
        if not field:
            return None
        for candidate in (field, field.split("[", 1)[0], field.rsplit(".", 1)[-1]):
            if candidate in self._fields:
                return self._fields[candidate]
        return None

    def handles(self, exc: BaseException) -> bool:
        return self._lookup(getattr(exc, "field", None)) is not None

    def show_error(self, exc: BaseException, *, focus: bool = True) -> None:
        field = getattr(exc, "field", None)
        entry = self._lookup(field)
        code = getattr(exc, "code", "")
        text = self.overrides.get((field or "", code)) or inline_error_text(exc)
        if entry is None:
            self.general_error_label.set_error(error_text(exc))
            return
        widget, label = entry
        label.set_error(text)
        if focus:
            widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_field_error(self, field: str, text: str, *, focus: bool = True) -> None:
        entry = self._lookup(field)
        if entry is None:
            self.general_error_label.set_error(text)
            return
        entry[1].set_error(text)
        if focus:
            entry[0].setFocus(Qt.FocusReason.OtherFocusReason)

    def clear_errors(self) -> None:
        self.general_error_label.clear_error()
        for _widget, label in self._fields.values():
            label.clear_error()

    def has_errors(self) -> bool:
        labels = [self.general_error_label, *(label for _w, label in self._fields.values())]
        return any(not label.isHidden() for label in labels)


def hbox(*items: QWidget | QLayout | None, stretch_at: int | None = None, margins: int = 0) -> QHBoxLayout:
    """A horizontal row; ``None`` items become stretch."""
    layout = QHBoxLayout()
    layout.setContentsMargins(margins, margins, margins, margins)
    for item in items:
        if item is None:
            layout.addStretch(1)
        elif isinstance(item, QLayout):
            layout.addLayout(item)
        else:
            layout.addWidget(item)
    return layout


# --- small builders ----------------------------------------------------------------------------

MAX_LOGO_BYTES = 2_000_000  # the same limit organisation.update_organisation enforces
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class ElidedComboBox(QComboBox):
    """A combo box whose closed field ends a label that does not fit with "…" (instead of
    cutting it off mid-letter) and shows the whole label as tooltip; the open list always
    shows every label in full."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.currentIndexChanged.connect(lambda _i: self._update_tooltip())

    def showPopup(self) -> None:  # noqa: N802 - Qt API
        widest = max((self.fontMetrics().horizontalAdvance(self.itemText(i)) for i in range(self.count())), default=0)
        self.view().setMinimumWidth(widest + 48)
        super().showPopup()

    def is_elided(self) -> bool:
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox

        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        room = (
            self.style()
            .subControlRect(QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self)
            .width()
        )
        return self.fontMetrics().horizontalAdvance(self.currentText()) > room

    def _update_tooltip(self) -> None:
        self.setToolTip(self.currentText() if self.is_elided() else "")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        self._update_tooltip()

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt API
        from PySide6.QtWidgets import QStyle, QStyleOptionComboBox, QStylePainter

        painter = QStylePainter(self)
        opt = QStyleOptionComboBox()
        self.initStyleOption(opt)
        painter.drawComplexControl(QStyle.ComplexControl.CC_ComboBox, opt)
        room = (
            self.style()
            .subControlRect(QStyle.ComplexControl.CC_ComboBox, opt, QStyle.SubControl.SC_ComboBoxEditField, self)
            .width()
        )
        opt.currentText = self.fontMetrics().elidedText(opt.currentText, Qt.TextElideMode.ElideRight, room)
        painter.drawControl(QStyle.ControlElement.CE_ComboBoxLabel, opt)


def combo(object_name: str, choices: list[tuple[str, str]]) -> QComboBox:
    box = ElidedComboBox()
    box.setObjectName(object_name)
    for key, label in choices:
        box.addItem(label, key)
    return box


def select_key(box: QComboBox, key: str) -> None:
    index = box.findData(key)
    if index >= 0:
        box.setCurrentIndex(index)


def line_edit(object_name: str, max_length: int = 200) -> QLineEdit:
    edit = QLineEdit()
    edit.setObjectName(object_name)
    edit.setMaxLength(max_length)
    return edit


def read_logo(path: str | Path) -> bytes:
    """Read a PNG logo, or raise InvalidInput(field="logo") with the reason."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InvalidInput("input.file", field="logo", path=Path(path).name) from None
    if not data.startswith(PNG_SIGNATURE) or len(data) > MAX_LOGO_BYTES:
        raise InvalidInput("input.invalid", field="logo")
    return data


def logo_pixmap(data: bytes | None, height: int = 64) -> QPixmap | None:
    if not data:
        return None
    pixmap = QPixmap()
    if not pixmap.loadFromData(data, "PNG"):
        return None
    return pixmap.scaledToHeight(height, Qt.TransformationMode.SmoothTransformation)


def scrolled(widget: QWidget) -> QScrollArea:
    """``widget`` in a frameless scroll area: long forms stay usable on small screens."""
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


# --- table model ---------------------------------------------------------------------------

Column = tuple[str, Callable[[Any], Any]]


def record_table_view(object_name: str, model: QAbstractTableModel, *, stretch: int) -> QTableView:
    """A read-only, row-selecting table for a ``RecordTableModel``: columns fit their
    contents and column ``stretch`` (the longest text) takes the rest and elides."""
    view = QTableView()
    view.setObjectName(object_name)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    header.setStretchLastSection(False)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    view.setTabKeyNavigation(False)
    return view


def status_label(object_name: str) -> QLabel:
    """A green confirmation line ("Gespeichert."), hidden while empty."""
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setStyleSheet("color: #1b5e20;")
    label.hide()
    return label


def show_status(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class RecordTableModel(QAbstractTableModel):
    """Read-only rows of plain read models. ``ObjectRole`` returns the row's object.

    ``columns`` are (header, value function); a bool value shows as Ja/Nein. ``muted`` marks
    rows drawn in grey (e.g. inactive users)."""

    def __init__(
        self, columns: Sequence[Column], parent: QObject | None = None, *, muted: Callable[[Any], bool] | None = None
    ) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []
        self._muted = muted

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def clear(self) -> None:
        self.set_rows([])

    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_of(self, predicate: Callable[[Any], bool]) -> int:
        for i, row in enumerate(self._rows):
            if predicate(row):
                return i
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802 - Qt API
        return 0 if parent.isValid() else len(self._columns)

    def headerData(  # noqa: N802 - Qt API
        self,
        section: int,
        orientation: Qt.Orientation,
        role: int = Qt.ItemDataRole.DisplayRole,
    ):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self._columns[section][0]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == ObjectRole:
            return row
        value = self._columns[index.column()][1](row)
        if role == SortRole:
            return value
        if role == Qt.ItemDataRole.DisplayRole:
            if isinstance(value, bool):
                return (
                    QCoreApplication.translate("widgets", "Ja")
                    if value
                    else QCoreApplication.translate("widgets", "Nein")
                )
            return "" if value is None else str(value)
        if role == Qt.ItemDataRole.ForegroundRole and self._muted is not None and self._muted(row):
            return QGuiApplication.palette().placeholderText()
        return None


# --- clipboard -------------------------------------------------------------------------------


class ClipboardGuard:
    """Copy through this so that locking can remove what the app put on the clipboard.

    Only text we set (or, where the platform can tell, text while we own the clipboard) is
    cleared: something the person copied from another program stays."""

    def __init__(self) -> None:
        self._last: str | None = None

    def copy(self, text: str) -> None:
        QGuiApplication.clipboard().setText(text)
        self._last = text

    def clear_if_ours(self) -> bool:
        board = QGuiApplication.clipboard()
        current = board.text()
        ours = (self._last is not None and current == self._last) or (bool(current) and board.ownsClipboard())
        self._last = None
        if ours:
            board.clear(QClipboard.Mode.Clipboard)
            if board.supportsSelection() and board.ownsSelection():
                board.clear(QClipboard.Mode.Selection)
        return ours


clipboard_guard = ClipboardGuard()


# --- form helpers: typed dates, service errors under their field, late results ------------

# --- language and dates -------------------------------------------------------------


def ui_lang() -> str:
    """Catalogue language for labels: English only if the UI locale is English."""
    return "en" if QLocale().language() == QLocale.Language.English else "de"


def format_date(value: dt.date | None) -> str:
    if value is None:
        return ""
    return QLocale().toString(QDate(value.year, value.month, value.day), date_format())


def date_hint() -> str:
    """The expected input format in words: TT.MM.JJJJ in German."""
    fmt = date_format()
    if ui_lang() == "de":
        return fmt.replace("dd", "TT").replace("yyyy", "JJJJ")
    return fmt.upper()


def format_number(value: int) -> str:
    return QLocale().toString(int(value))


_DIGITS8 = re.compile(r"(\d{2})(\d{2})(\d{4})")
_DOTTED = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date_text(text: str) -> dt.date | None:
    """A typed date: the locale format, d.M.yyyy, ddMMyyyy or ISO. None if not a date."""
    text = text.strip()
    if not text:
        return None
    qd = QLocale().toDate(text, date_format())
    if qd.isValid():
        return dt.date(qd.year(), qd.month(), qd.day())
    for pattern, order in ((_DOTTED, (3, 2, 1)), (_DIGITS8, (3, 2, 1)), (_ISO, (1, 2, 3))):
        m = pattern.fullmatch(text)
        if m:
            try:
                return dt.date(int(m.group(order[0])), int(m.group(order[1])), int(m.group(order[2])))
            except ValueError:
                return None
    return None


def date_for_service(text: str) -> str | None:
    """What the services get for a typed date: ISO if we understood it, otherwise the raw
    text so the service's own check names the field and says what is wrong."""
    text = text.strip()
    if not text:
        return None
    parsed = parse_date_text(text)
    return parsed.isoformat() if parsed else text


def normalise_date_text(text: str) -> str:
    parsed = parse_date_text(text)
    return format_date(parsed) if parsed else text.strip()


# --- error messages -----------------------------------------------------------------


def field_error_text(exc: BaseException, lang: str | None = None) -> str:
    """A service error for a person: our errors in the UI language, without the JSON key
    in brackets (the label sits right under the field); anything else as a generic line."""
    lang = lang or ui_lang()
    render = getattr(exc, "message", None)
    if not callable(render):
        log.error("unexpected error from a service call: %s", type(exc).__name__)  # the type only: no data
        return (
            "Unerwarteter Fehler. Bitte erneut versuchen; wenn er bleibt, die Administration informieren."
            if lang == "de"
            else "Unexpected error. Please try again; if it persists, tell the administrator."
        )
    text = render(lang)
    params = getattr(exc, "params", {}) or {}
    for key in (params.get("field"), params.get("other")):
        if isinstance(key, str) and key:
            label = messages.field_label(key, lang)
            text = text.replace(label, label.rsplit(" (", 1)[0])
    return text


def field_widget_key(field: str | None) -> str | None:
    """'address.postal_code' -> 'postal_code': widgets and error labels use the last part."""
    if not field:
        return None
    return field.split(".")[-1].split("[", 1)[0]


# --- lifetime guard -----------------------------------------------------------------


def guarded(owner: QObject, fn: Callable[[Any], object]) -> Callable[[Any], None]:
    """Wrap a worker callback so it does nothing once ``owner`` has been deleted
    (a record closed by the lock while a save was in flight)."""

    def call(value: Any) -> None:
        if shiboken6.isValid(owner) and not getattr(owner, "_closed_for_good", False):
            fn(value)

    return call


# --- widgets ------------------------------------------------------------------------

_CALENDAR_ICON: QIcon | None = None


def calendar_icon() -> QIcon:
    """A small calendar drawn at run time (no icon files yet), in the palette's text colour."""
    global _CALENDAR_ICON
    if _CALENDAR_ICON is None:
        pix = QPixmap(16, 16)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        color = QApplication.palette().color(QPalette.ColorRole.WindowText)
        p.setPen(color)
        p.drawRect(1, 2, 13, 12)
        p.fillRect(1, 2, 14, 4, color)
        for x in (4, 7, 10):
            for y in (8, 11):
                p.fillRect(x, y, 2, 2, color)
        p.end()
        _CALENDAR_ICON = QIcon(pix)
    return _CALENDAR_ICON


def with_error(field: QWidget, error: ErrorLabel) -> QWidget:
    """A field with its error label underneath, for one row of a QFormLayout."""
    box = QWidget()
    lay = QVBoxLayout(box)
    lay.setContentsMargins(0, 0, 0, 0)
    lay.setSpacing(2)
    lay.addWidget(field)
    lay.addWidget(error)
    return box


class DateField(QWidget):
    """A typed date (fast with the keyboard) with an optional calendar pop-up.

    Empty means "unknown" for optional dates. The raw text is kept as typed so a
    half-finished date survives a lock (drafts) and bad input reaches the service's check.
    """

    textEdited = Signal(str)  # noqa: N815 - same name as QLineEdit.textEdited

    def __init__(self, object_name: str, *, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(object_name)
        example = format_date(dt.date(1985, 3, 12))
        hint_text = (
            self.tr("Datum als %1 eingeben, z. B. %2 oder %3")
            .replace("%1", date_hint())
            .replace("%2", example)
            .replace("%3", "12031985")
        )
        if optional:
            hint_text += " " + self.tr("(leer lassen, wenn unbekannt)")
        self.edit.setMaxLength(20)
        self.edit.textEdited.connect(self.textEdited)
        self.edit.editingFinished.connect(self._tidy)
        self.calendar_button = QToolButton(self)
        self.calendar_button.setObjectName(f"{object_name}_calendar_button")
        self.calendar_button.setIcon(calendar_icon())
        self.calendar_button.setToolTip(self.tr("Kalender öffnen"))
        self.calendar_button.setAccessibleName(self.tr("Kalender öffnen"))
        self.calendar_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.calendar_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0px; }")
        self.calendar_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # keyboard users type the date
        menu = QMenu(self.calendar_button)
        self._calendar = QCalendarWidget(menu)
        self._calendar.setGridVisible(False)
        self._calendar.setMinimumDate(QDate(1900, 1, 1))
        self._calendar.clicked.connect(self._picked)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self._calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar_button.setMenu(menu)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(2)
        lay.addWidget(self.edit)
        lay.addWidget(self.calendar_button)
        lay.addStretch(1)
        self.setFocusProxy(self.edit)
        self.edit.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("00.00.0000") + 40)
        self.edit.setPlaceholderText(date_hint())
        self.edit.setToolTip(hint_text)

    def text(self) -> str:
        return self.edit.text()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt naming
        self.edit.setText(text)

    def set_date(self, value: dt.date | None) -> None:
        self.edit.setText(format_date(value))

    def date(self) -> dt.date | None:
        return parse_date_text(self.edit.text())

    def _tidy(self) -> None:
        # 12031985 or 1.3.1985 becomes 12.03.1985 once the person leaves the field
        text = self.edit.text()
        tidy = normalise_date_text(text)
        if tidy != text:
            self.edit.setText(tidy)
            self.textEdited.emit(tidy)

    def _prepare_calendar(self) -> None:
        current = self.date()
        if current:
            self._calendar.setSelectedDate(QDate(current.year, current.month, current.day))
        else:
            self._calendar.setSelectedDate(_qtoday())

    def _picked(self, qdate: QDate) -> None:
        self.edit.setText(format_date(dt.date(qdate.year(), qdate.month(), qdate.day())))
        self.textEdited.emit(self.edit.text())
        self.calendar_button.menu().close()
        self.edit.setFocus()


# --- the sign-in pages (desk vault and team database) ------------------------------------

NOTICE_STYLE = "background: #fff8e1; color: #4e342e; border: 1px solid #ffe082; border-radius: 4px; padding: 6px;"


def sign_in_title(object_name: str) -> QLabel:
    """The large "Referral Desk" at the top of a sign-in card."""
    title = QLabel("Referral Desk")
    title.setObjectName(object_name)
    font = title.font()
    font.setPointSize(font.pointSize() + 8)
    font.setBold(True)
    title.setFont(font)
    title.setAlignment(Qt.AlignmentFlag.AlignCenter)
    return title


def centred_label(text: str, object_name: str, *, muted: bool = False, notice: bool = False) -> QLabel:
    """A wrapped, centred line of a sign-in card: ``muted`` for where it signs in to,
    ``notice`` for a message that stays until read (hidden while empty)."""
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setAlignment(Qt.AlignmentFlag.AlignCenter)
    if muted:
        label.setStyleSheet("color: palette(mid);")
    if notice:
        label.setStyleSheet(NOTICE_STYLE)
        label.setVisible(bool(text))
    return label
