"""Statistik page: pick a period, see the tables exactly as they are exported, export them.

Everything shown comes from ``statistics.build_report`` on the database worker: published
values only (suppressed cells as "."), so the screen never shows more than a funder gets.
Periods are calendar months, quarters, half-years or years only (DESIGN.md §7); a profile
selector picks the tables of one funder (MBE, JMD, Kommune). Changing the period or the
profile shows that report at once, and an export always uses the period and profile
SELECTED in the picker (not an older report still on screen). The service checks the role
(counsellors see their own caseload and cannot export), runs the final disclosure check,
writes the file atomically and audits the export.

On a team database (docs/team-database.md) the statistics role, leads and admins see the
reports the administration **published** (``build_report`` decides that, not this page): a
list of them ("Veröffentlichte Auswertungen") sets the picker; a selection not published is
said in the error label, naming the period. The publication fixed the minimum cell size.

The save dialog is ``self.choose_file(suggested_name, fmt) -> str | None``; tests replace it.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import clock, statistics_export
from referral_desk.core.disclosure import SUPPRESSED, TOTAL
from referral_desk.core.services import statistics
from referral_desk.core.services.statistics import Report, StatTable
from referral_desk.ui import file_dialogs, i18n
from referral_desk.ui.widgets import ErrorLabel, error_text

FILE_FILTERS = {"csv": "CSV (*.csv)", "xlsx": "Excel (*.xlsx)", "pdf": "PDF (*.pdf)", "json": "JSON (*.json)"}


def display_value(value: Any) -> str:
    """A published value as shown on screen and in CSV: "." for suppressed, decimal comma."""
    if value == SUPPRESSED:
        return SUPPRESSED
    if isinstance(value, float):
        text = f"{value:.1f}"
        return text.replace(".", ",") if i18n.current_language() == "de" else text
    return str(value)


class BarChart(QWidget):
    """Horizontal bars for a 1-D table: label, bar, value; a suppressed cell shows "." and no bar."""

    BAR = 14
    GAP = 5

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[tuple[str, Any]] = []
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_items(self, items: list[tuple[str, Any]]) -> None:
        self._items = list(items)
        self.setFixedHeight(self.sizeHint().height())
        self.update()

    def items(self) -> list[tuple[str, Any]]:
        return list(self._items)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(420, max(1, len(self._items)) * (self.BAR + self.GAP) + self.GAP)

    def paintEvent(self, event: Any) -> None:  # noqa: N802
        if not self._items:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        fm = self.fontMetrics()
        width = self.width()
        label_w = min(int(width * 0.4), max(fm.horizontalAdvance(label) for label, _v in self._items) + 12)
        value_w = fm.horizontalAdvance("000000") + 8
        plot_w = max(10, width - label_w - value_w)
        numbers = [float(v) for _l, v in self._items if v != SUPPRESSED]
        top = max(numbers + [1.0])
        text_color = self.palette().color(QPalette.ColorRole.WindowText)
        bar_color = QColor("#2f6690")
        y = self.GAP
        for label, value in self._items:
            painter.setPen(text_color)
            shown = fm.elidedText(label, Qt.TextElideMode.ElideRight, label_w - 10)
            painter.drawText(
                0, y, label_w - 8, self.BAR, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, shown
            )
            bar = 0 if value == SUPPRESSED else round(plot_w * float(value) / top)
            if bar > 0:
                painter.fillRect(label_w, y + 1, bar, self.BAR - 2, bar_color)
            painter.setPen(text_color)
            painter.drawText(
                label_w + bar + 4,
                y,
                value_w,
                self.BAR,
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                display_value(value),
            )
            y += self.BAR + self.GAP
        painter.setPen(QColor("#888888"))
        painter.drawLine(label_w, 0, label_w, self.height())
        painter.end()


class StatisticsPage(QWidget):
    def __init__(
        self, db, parent: QWidget | None = None, *, choose_file: Callable[[str, str], str | None] | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("statistics_page")
        self.db = db
        self.report: Report | None = None
        self.choose_file: Callable[[str, str], str | None] = choose_file or self._ask_file
        self.last_export: Any = None

        today = clock.today()
        default = statistics.last_complete_quarter(today)

        self.period_kind_combo = QComboBox()
        self.period_kind_combo.setObjectName("period_kind_combo")
        for label, kind in (
            (self.tr("Monat"), "month"),
            (self.tr("Quartal"), "quarter"),
            (self.tr("Halbjahr"), "half"),
            (self.tr("Jahr"), "year"),
        ):
            self.period_kind_combo.addItem(label, kind)
        self.profile_combo = QComboBox()
        self.profile_combo.setObjectName("profile_combo")
        for key, label in (
            ("all", self.tr("Alle Tabellen")),
            ("mbe", self.tr("MBE (BAMF-Sachbericht)")),
            ("jmd", self.tr("JMD (BMFSFJ-Bericht)")),
            ("kommune", self.tr("Kommune")),
        ):
            self.profile_combo.addItem(label, key)
        # Disclosure-control method (issue 14): suppression by default; the cell-key method
        # publishes every count with fixed noise instead of dots (docs/statistics.md).
        self.method_combo = QComboBox()
        self.method_combo.setObjectName("method_combo")
        self.method_combo.addItem(self.tr("Zellsperrung"), "suppression")
        self.method_combo.addItem(self.tr("Zellschlüsselverfahren"), "cell_key")
        self.method_combo.setToolTip(
            self.tr(
                "Zellsperrung: kleine Zahlen werden durch „.“ ersetzt, alle anderen "
                "sind genau. Zellschlüsselverfahren: jede Zahl erhält eine kleine, "
                "feste Abweichung, es gibt keine Punkte."
            )
        )
        self.year_spin = QSpinBox()
        self.year_spin.setObjectName("year_spin")
        self.year_spin.setRange(2000, 2100)
        self.year_spin.setValue(default.start.year)
        self.month_combo = QComboBox()
        self.month_combo.setObjectName("month_combo")
        for i, name in enumerate(
            (
                self.tr("Januar"),
                self.tr("Februar"),
                self.tr("März"),
                self.tr("April"),
                self.tr("Mai"),
                self.tr("Juni"),
                self.tr("Juli"),
                self.tr("August"),
                self.tr("September"),
                self.tr("Oktober"),
                self.tr("November"),
                self.tr("Dezember"),
            ),
            start=1,
        ):
            self.month_combo.addItem(name, i)
        self.month_combo.setCurrentIndex(default.start.month - 1)
        self.quarter_combo = QComboBox()
        self.quarter_combo.setObjectName("quarter_combo")
        for q in range(1, 5):
            self.quarter_combo.addItem(self.tr("%1. Quartal").replace("%1", str(q)), q)
        self.quarter_combo.setCurrentIndex((default.start.month - 1) // 3)
        self.half_combo = QComboBox()
        self.half_combo.setObjectName("half_combo")
        for h in (1, 2):
            self.half_combo.addItem(self.tr("%1. Halbjahr").replace("%1", str(h)), h)
        self.show_button = QPushButton(self.tr("Anzeigen"))
        self.show_button.setObjectName("show_button")
        self.show_button.clicked.connect(self.reload)
        self.period_kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.period_kind_combo.setCurrentIndex(1)
        # What is selected is what is shown and exported: every change loads that report.
        for combo in (
            self.period_kind_combo,
            self.month_combo,
            self.quarter_combo,
            self.half_combo,
            self.profile_combo,
            self.method_combo,
        ):
            combo.currentIndexChanged.connect(self._selection_changed)
        self.year_spin.valueChanged.connect(self._selection_changed)

        self.export_buttons: dict[str, QPushButton] = {}
        for fmt, label in (
            ("csv", self.tr("CSV …")),
            ("xlsx", self.tr("Excel …")),
            ("pdf", self.tr("PDF …")),
            ("json", self.tr("JSON …")),
        ):
            button = QPushButton(label)
            button.setObjectName(f"export_{fmt}_button")
            button.setToolTip(self.tr("Die angezeigten Tabellen als %1 speichern").replace("%1", fmt.upper()))
            button.setEnabled(False)
            button.clicked.connect(lambda _checked=False, f=fmt: self.export(f))
            self.export_buttons[fmt] = button

        self.heading_label = QLabel()
        self.heading_label.setObjectName("report_heading_label")
        font = self.heading_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.heading_label.setFont(font)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("scope_label")
        self.scope_label.setWordWrap(True)
        self.note_label = QLabel()
        self.note_label.setObjectName("suppression_note_label")
        self.note_label.setWordWrap(True)
        self.status_label = QLabel()
        self.status_label.setObjectName("export_status_label")
        self.status_label.setWordWrap(True)
        self.status_label.setStyleSheet("color: #1b5e20;")
        self.status_label.hide()
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("statistics_error_label")

        # A team database: the reports the administration published (statistics, leads, admins).
        self.published: list[dict[str, Any]] | None = None  # None: not loaded yet
        self.published_combo = QComboBox()
        self.published_combo.setObjectName("published_combo")
        self.published_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.published_combo.setToolTip(
            self.tr("Auf der Teamdatenbank sehen Sie die Auswertungen, die die Administration veröffentlicht hat.")
        )
        self.published_combo.activated.connect(self._published_chosen)
        self.published_hint_label = QLabel(
            self.tr(
                "Noch keine Auswertung veröffentlicht: Das macht die Administration mit dem Befehl "
                "„referral-desk --dsn … stats publish“."
            )
        )
        self.published_hint_label.setObjectName("published_hint_label")
        self.published_hint_label.setWordWrap(True)
        self.published_hint_label.hide()
        self.published_row = QWidget()
        self.published_row.setObjectName("published_row")
        published = QHBoxLayout(self.published_row)
        published.setContentsMargins(0, 0, 0, 0)
        published.addWidget(QLabel(self.tr("Veröffentlichte Auswertungen:")))
        published.addWidget(self.published_combo)
        published.addWidget(self.published_hint_label, 1)
        published.addStretch(0)
        self.published_row.hide()

        self.tables_widget = QWidget()
        self.tables_widget.setObjectName("statistics_tables")
        self.tables_layout = QVBoxLayout(self.tables_widget)
        self.tables_layout.setContentsMargins(0, 0, 8, 0)
        self.tables_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("statistics_scroll_area")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(self.tables_widget)
        self.table_views: dict[str, QTableWidget] = {}
        self.charts: dict[str, BarChart] = {}

        picker = QHBoxLayout()
        picker.addWidget(QLabel(self.tr("Zeitraum:")))
        for w in (self.period_kind_combo, self.month_combo, self.quarter_combo, self.half_combo, self.year_spin):
            picker.addWidget(w)
        picker.addSpacing(12)
        picker.addWidget(QLabel(self.tr("Bericht:")))
        picker.addWidget(self.profile_combo)
        picker.addSpacing(12)
        picker.addWidget(QLabel(self.tr("Verfahren:")))
        picker.addWidget(self.method_combo)
        picker.addWidget(self.show_button)
        picker.addStretch(1)
        exports = QHBoxLayout()
        exports.addWidget(QLabel(self.tr("Exportieren:")))
        for button in self.export_buttons.values():
            exports.addWidget(button)
        exports.addStretch(1)
        lay = QVBoxLayout(self)
        lay.addWidget(self.published_row)
        lay.addLayout(picker)
        lay.addWidget(self.heading_label)
        lay.addWidget(self.scope_label)
        lay.addWidget(self.note_label)
        lay.addLayout(exports)
        lay.addWidget(self.status_label)
        lay.addWidget(self.error_label)
        lay.addWidget(self.scroll_area, 1)
        self._kind_changed()

        # Bound slots, not lambdas: Qt drops them when the page is deleted with its workspace.
        db.signed_in.connect(self._signed_in)
        db.locked.connect(self.clear_for_lock)
        if db.context is not None:
            self.refresh()

    def _signed_in(self, _actor: object) -> None:
        self.published = None
        self.refresh()

    def clear_for_lock(self) -> None:
        """Drop the report and its tables (the vault was locked)."""
        self.published = None
        self._clear_report()

    def _clear_report(self) -> None:
        self.report = None
        self.last_export = None
        self._build_tables_for(None)
        self.heading_label.clear()
        self.scope_label.clear()
        self.note_label.clear()
        self.status_label.hide()
        self.error_label.clear_error()
        for button in self.export_buttons.values():
            button.setEnabled(False)

    # --- period --------------------------------------------------------------------------

    def _kind_changed(self) -> None:
        kind = self.period_kind_combo.currentData()
        self.month_combo.setVisible(kind == "month")
        self.quarter_combo.setVisible(kind == "quarter")
        self.half_combo.setVisible(kind == "half")

    def _selection_changed(self, *_args: object) -> None:
        if not self._loading_selection:
            self.refresh()

    _loading_selection = False

    def set_period(self, kind: str, year: int | None = None, n: int | None = None) -> None:
        """Set the picker (used by tests and by the main window); loads that report once."""
        self._loading_selection = True
        try:
            self.period_kind_combo.setCurrentIndex(self.period_kind_combo.findData(kind))
            if year is not None:
                self.year_spin.setValue(year)
            if kind == "month" and n:
                self.month_combo.setCurrentIndex(n - 1)
            if kind == "quarter" and n:
                self.quarter_combo.setCurrentIndex(n - 1)
            if kind == "half" and n:
                self.half_combo.setCurrentIndex(n - 1)
        finally:
            self._loading_selection = False
        self.refresh()

    def set_profile(self, profile: str) -> None:
        self.profile_combo.setCurrentIndex(self.profile_combo.findData(profile))

    def selected_profile(self) -> str:
        return str(self.profile_combo.currentData())

    def set_method(self, method: str) -> None:
        self.method_combo.setCurrentIndex(self.method_combo.findData(method))

    def selected_method(self) -> str:
        return str(self.method_combo.currentData())

    def selected_period(self) -> tuple[dt.date, dt.date]:
        kind = self.period_kind_combo.currentData()
        n = {"month": self.month_combo, "quarter": self.quarter_combo, "half": self.half_combo}.get(kind)
        period = statistics.period_for(kind, self.year_spin.value(), n.currentData() if n is not None else None)
        return period.start, period.end

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        """The "Anzeigen" button: the report again (on a team database also the published list)."""
        self.published = None
        self.refresh()

    def refresh(self) -> None:
        if self.db.context is None:
            return
        if self.reads_published() and self.published is None:
            self._load_published()  # first the list: it may choose the newest published report
            return
        self._sync_published_combo()
        start, end = self.selected_period()
        self.error_label.clear_error()
        self.status_label.hide()
        self.show_button.setEnabled(False)
        self.db.call(
            statistics.build_report,
            period_from=start,
            period_to=end,
            lang=i18n.current_language(),
            profile=self.selected_profile(),
            method=self.selected_method(),
            on_success=self._show_report,
            on_error=functools.partial(self._report_failed, self._selection()),
        )

    def _selection(self) -> tuple[dt.date, dt.date, str, str]:
        start, end = self.selected_period()
        return start, end, self.selected_profile(), self.selected_method()

    def _failed(self, exc: BaseException) -> None:
        self.show_button.setEnabled(True)
        self.error_label.set_error(error_text(exc))

    def _report_failed(self, selection: tuple[dt.date, dt.date, str, str], exc: BaseException) -> None:
        if selection != self._selection():
            return  # an older request: the report of the current selection is on its way
        if self.is_team():
            # Not published (or refused): no tables of another period under the message; the
            # heading names the selection in words (the message gives its dates).
            self._clear_report()
            start, end, profile, _method = selection
            self._set_heading(statistics.Period(start, end), profile, i18n.current_language())
        self._failed(exc)

    # --- a team database: the published reports ------------------------------------------

    def is_team(self) -> bool:
        return bool(getattr(self.db.context, "team", False))

    def reads_published(self) -> bool:
        return self.db.context is not None and statistics.reads_published(self.db.context)

    def _load_published(self) -> None:
        self.error_label.clear_error()
        self.show_button.setEnabled(False)
        self.db.call(statistics.published_reports, on_success=self._published_loaded, on_error=self._failed)

    def _published_loaded(self, rows: list[dict[str, Any]]) -> None:
        self.show_button.setEnabled(True)
        lang = "en" if i18n.current_language() == "en" else "de"
        self.published = [r for r in rows if r["lang"] == lang]
        self.published_combo.clear()
        self.published_combo.addItem(self.tr("Bitte wählen …"), None)
        for i, row in enumerate(self.published):
            period = statistics.Period(row["period_from"], row["period_to"])
            profile = self.profile_combo.itemText(self.profile_combo.findData(row["profile"]))
            method = self.method_combo.itemText(self.method_combo.findData(row["method"]))
            self.published_combo.addItem(f"{period.label(lang)} · {profile} · {method}", i)
        self.published_row.show()
        self.published_combo.setVisible(bool(self.published))
        self.published_hint_label.setVisible(not self.published)
        if self.published and self._published_index() is None:
            newest = max(self.published, key=lambda r: (r["period_to"], r["period_from"], r["published_at"]))
            self.choose_published(self.published.index(newest))
        else:
            self.refresh()

    def _published_index(self) -> int | None:
        """The entry of the published list that is the current selection, if any."""
        start, end, profile, method = self._selection()
        for i, row in enumerate(self.published or ()):
            if (row["period_from"], row["period_to"], row["profile"], row["method"]) == (start, end, profile, method):
                return i
        return None

    def _sync_published_combo(self) -> None:
        if self.published is None:
            return
        i = self._published_index()
        self.published_combo.setCurrentIndex(0 if i is None else i + 1)

    def _published_chosen(self, combo_index: int) -> None:
        i = self.published_combo.itemData(combo_index)
        if i is not None:
            self.choose_published(int(i))

    def choose_published(self, i: int) -> None:
        """Set the picker to the i-th published report and show it."""
        assert self.published is not None
        row = self.published[i]
        period = statistics.Period(row["period_from"], row["period_to"])
        self._loading_selection = True
        try:
            self.set_profile(row["profile"])
            self.set_method(row["method"])
        finally:
            self._loading_selection = False
        self.set_period(period.kind, period.start.year, period.number)

    def _can_export(self) -> bool:
        actor = self.db.actor
        return actor is not None and actor.role in statistics.EXPORT_ROLES

    def _show_report(self, report: Report) -> None:
        self.show_button.setEnabled(True)
        start, end = self.selected_period()
        if (report.period.start, report.period.end, report.profile, report.method) != (
            start,
            end,
            self.selected_profile(),
            self.selected_method(),
        ):
            return  # an older request: the report of the current selection is on its way
        self.report = report
        self._set_heading(report.period, report.profile, report.lang)
        if report.scope == "own_caseload":
            self.scope_label.setText(
                self.tr("Nur Ihre eigenen Fälle. Berater*innen können die Statistik ansehen, aber nicht exportieren.")
            )
        elif self.reads_published():
            i = self._published_index()
            when = self.published[i]["published_at"] if self.published is not None and i is not None else None
            scope = (
                self.tr("Von der Administration am %3 veröffentlicht · Ganze Organisation (%1) · Mindestfallzahl %2")
                if isinstance(when, dt.datetime)
                else self.tr("Von der Administration veröffentlicht · Ganze Organisation (%1) · Mindestfallzahl %2")
            )
            self.scope_label.setText(
                scope.replace("%1", report.organisation)
                .replace("%2", str(report.min_cell))
                .replace("%3", f"{when.astimezone():%d.%m.%Y}" if isinstance(when, dt.datetime) else "")
            )
        else:
            self.scope_label.setText(
                self.tr("Ganze Organisation (%1) · Mindestfallzahl %2")
                .replace("%1", report.organisation)
                .replace("%2", str(report.min_cell))
            )
        self.note_label.setText(statistics.method_note(report.method, report.min_cell, report.lang))
        can_export = self._can_export()
        for button in self.export_buttons.values():
            button.setEnabled(can_export)
            if not can_export:
                button.setToolTip(self.tr("Exportieren dürfen Teamleitung, Statistik und Administration."))
        self._build_tables(report)

    def _set_heading(self, period: statistics.Period, profile: str, lang: str) -> None:
        self.heading_label.setText(
            self.tr("Statistik %1").replace("%1", period.label(lang))
            + f"  ({period.dates(lang)}) · "
            + statistics.profile_label(profile, lang)
        )

    def _build_tables(self, report: Report) -> None:
        self._build_tables_for(report)

    def _build_tables_for(self, report: Report | None) -> None:
        while self.tables_layout.count() > 1:
            item = self.tables_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.table_views.clear()
        self.charts.clear()
        for table in report.tables if report is not None else ():
            box = QGroupBox(table.title)
            box.setObjectName(f"{table.id}_group")
            lay = QVBoxLayout(box)
            view = self._table_view(table)
            self.table_views[table.id] = view
            row = QHBoxLayout()
            row.addWidget(view, 0, Qt.AlignmentFlag.AlignTop)
            if len(table.dimensions) == 1 and table.id != "overview":
                chart = BarChart()
                chart.setObjectName(f"{table.id}_chart")
                chart.set_items([(label, value) for _k, label, value in table.categories()])
                row.addSpacing(16)
                row.addWidget(chart, 1, Qt.AlignmentFlag.AlignTop)
                self.charts[table.id] = chart
            else:
                row.addStretch(1)
            lay.addLayout(row)
            if table.note:
                note = QLabel(table.note)
                note.setObjectName(f"{table.id}_note_label")
                note.setWordWrap(True)
                note.setStyleSheet("color: #555555;")
                lay.addWidget(note)
            self.tables_layout.insertWidget(self.tables_layout.count() - 1, box)

    def _table_view(self, table: StatTable) -> QTableWidget:
        if len(table.dimensions) == 2:
            headers = [f"{table.dimension_titles[0]} / {table.dimension_titles[1]}"] + [
                table.col_labels[c] for c in table.cols
            ]
            rows = [(r, table.row_labels[r], [table.values[(r, c)] for c in table.cols]) for r in table.rows]
        elif table.dimensions:
            headers = [table.dimension_titles[0], table.measure_title]
            rows = [(r, table.row_labels[r], [table.values[(r,)]]) for r in table.rows]
        else:
            headers = ["", table.measure_title]
            rows = [("", table.measure_title, [table.values[()]])]
        view = QTableWidget(len(rows), len(headers))
        view.setObjectName(f"{table.id}_table")
        view.setHorizontalHeaderLabels(headers)
        view.verticalHeader().hide()
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.setAlternatingRowColors(True)
        view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        bold = QFont(view.font())
        bold.setBold(True)
        for i, (key, label, values) in enumerate(rows):
            total = key == TOTAL
            head = QTableWidgetItem(label)
            if total:
                head.setFont(bold)
            view.setItem(i, 0, head)
            for j, value in enumerate(values, start=1):
                item = QTableWidgetItem(display_value(value))
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if total or (len(table.dimensions) == 2 and table.cols[j - 1] == TOTAL):
                    item.setFont(bold)
                if value == SUPPRESSED:
                    item.setToolTip(self.tr("Unterdrückt (Geheimhaltung)"))
                view.setItem(i, j, item)
        header = view.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for j in range(1, len(headers)):
            header.setSectionResizeMode(j, QHeaderView.ResizeMode.ResizeToContents)
        view.resizeRowsToContents()
        height = header.sizeHint().height() + sum(view.rowHeight(i) for i in range(len(rows))) + 2 * view.frameWidth()
        if len(table.dimensions) == 2:
            height += view.horizontalScrollBar().sizeHint().height()
        view.setFixedHeight(height)
        if len(table.dimensions) < 2:
            view.setFixedWidth(sum(view.columnWidth(j) for j in range(len(headers))) + 2 * view.frameWidth() + 2)
        else:
            # A cross table asks for the width of all its columns (else the layout gave it the
            # default scroll-area width: the row labels only, every number behind a scrollbar);
            # it scrolls only when the window is narrower than that.
            view.setSizeAdjustPolicy(QAbstractScrollArea.SizeAdjustPolicy.AdjustToContents)
        return view

    # --- export ------------------------------------------------------------------------------

    def _ask_file(self, suggested: str, fmt: str) -> str | None:
        path = file_dialogs.save_file(self, self.tr("Statistik speichern"), suggested, FILE_FILTERS[fmt], db=self.db)
        if path and not path.lower().endswith("." + fmt):
            path += "." + fmt
        return path or None

    def suggested_file_name(self, fmt: str) -> str:
        start, end = self.selected_period()
        return statistics.Period(start, end).file_name(fmt)

    def export(self, fmt: str) -> None:
        """Export the period and profile selected in the picker (issue 14: not the last one shown)."""
        if self.db.context is None or not self._can_export():
            return
        start, end = self.selected_period()
        path = self.choose_file(statistics.Period(start, end).file_name(fmt), fmt)
        if not path:
            return
        self.error_label.clear_error()
        self.status_label.hide()
        for button in self.export_buttons.values():
            button.setEnabled(False)
        # A team database: the publication fixed the minimum cell size (build_report checks it).
        min_cell = self.report.min_cell if self.report is not None and not self.is_team() else None
        self.db.call(
            statistics_export.export_report,
            out=path,
            fmt=fmt,
            period_from=start,
            period_to=end,
            min_cell=min_cell,
            lang=i18n.current_language(),
            profile=self.selected_profile(),
            method=self.selected_method(),
            on_success=self._exported,
            on_error=self._export_failed,
        )

    def _exported(self, result: Any) -> None:
        self.last_export = result
        for button in self.export_buttons.values():
            button.setEnabled(self._can_export())
        self.status_label.setText(self.tr("Gespeichert: %1").replace("%1", Path(result.path).name))
        self.status_label.show()

    def _export_failed(self, exc: BaseException) -> None:
        for button in self.export_buttons.values():
            button.setEnabled(self._can_export())
        self.error_label.set_error(error_text(exc))
