"""Small building blocks shared by the client list, the record and the contact dialog:
locale-aware date handling, a typed date field, inline error labels and a guard that keeps
late worker results away from widgets that were closed in the meantime.
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QDate, QLocale, QObject, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QApplication, QCalendarWidget, QHBoxLayout, QLabel, QLineEdit, QMenu, QSizePolicy,
                               QToolButton, QVBoxLayout, QWidget, QWidgetAction)

from referral_desk.core import clock, messages

log = logging.getLogger(__name__)

ERROR_COLOR = QColor("#b00020")


def _qtoday() -> QDate:
    day = clock.today()  # the core's clock, so a test's fixed day reaches the widgets
    return QDate(day.year, day.month, day.day)


# --- language and dates -------------------------------------------------------------


def ui_lang() -> str:
    """Catalogue language for labels: English only if the UI locale is English."""
    return "en" if QLocale().language() == QLocale.Language.English else "de"


def date_format() -> str:
    """Display and input format for dates: German dd.MM.yyyy by default, otherwise the
    locale's short format with a four-digit year (birth dates need the century)."""
    loc = QLocale()
    if loc.language() in (QLocale.Language.German, QLocale.Language.C, QLocale.Language.AnyLanguage):
        return "dd.MM.yyyy"
    fmt = loc.dateFormat(QLocale.FormatType.ShortFormat)
    if "yyyy" not in fmt:
        fmt = fmt.replace("yy", "yyyy")
    return fmt


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


def error_text(exc: BaseException, lang: str | None = None) -> str:
    """A service error for a person: our errors in the UI language, without the JSON key
    in brackets (the label sits right under the field); anything else as a generic line."""
    lang = lang or ui_lang()
    render = getattr(exc, "message", None)
    if not callable(render):
        log.error("unexpected error from a service call: %s", type(exc).__name__)  # the type only: no data
        return ("Unerwarteter Fehler. Bitte erneut versuchen; wenn er bleibt, die Administration informieren."
                if lang == "de" else "Unexpected error. Please try again; if it persists, tell the administrator.")
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


def guarded(owner: QObject, fn: Callable[[Any], None]) -> Callable[[Any], None]:
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



class ErrorLabel(QLabel):
    """Red text under a field; hidden while there is nothing to say."""

    def __init__(self, key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"{key}_error_label")
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        pal = self.palette()
        pal.setColor(QPalette.ColorRole.WindowText, ERROR_COLOR)
        self.setPalette(pal)
        self.hide()

    def show_error(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    def clear_error(self) -> None:
        self.clear()
        self.hide()


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

    textEdited = Signal(str)

    def __init__(self, object_name: str, *, optional: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(object_name)
        example = format_date(dt.date(1985, 3, 12))
        hint_text = self.tr("Datum als %1 eingeben, z. B. %2 oder %3").replace("%1", date_hint()) \
            .replace("%2", example).replace("%3", "12031985")
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
