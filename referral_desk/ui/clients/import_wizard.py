"""The list import wizard (DESIGN.md §11): file → sheet → mapping with a live preview →
check → import with progress and cancel → summary.

Everything that reads the file or the vault runs on the database worker (``db.run`` for
the file, ``db.call`` for services); the wizard only shows results. Nothing of the file is
stored anywhere by the wizard: no recent-file list, no QSettings, no temp files.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from referral_desk.ui import file_dialogs
from referral_desk.ui.widgets import call_for, error_text

UNMAPPED_BRUSH = QBrush(QColor("#fff3c4"))  # pale yellow: this column is not imported
ERROR_BRUSH = QBrush(QColor("#f8d0d0"))
UNMAPPED_HEADER = QBrush(QColor("#8a6d00"))

# German labels of the target fields (the wizard's language; English in the .ts file).
FIELD_LABELS = {
    "family_name": "Familienname",
    "given_names": "Vorname(n)",
    "birth_date": "Geburtsdatum",
    "gender": "Geschlecht",
    "nationalities": "Staatsangehörigkeit",
    "preferred_language": "Sprache",
    "interpreter_needed": "Dolmetschung nötig",
    "residence_status": "Aufenthaltsstatus",
    "residence_valid_until": "Aufenthalt gültig bis",
    "employment_permitted": "Erwerbstätigkeit erlaubt",
    "german_level": "Deutschkenntnisse",
    "integration_course": "Integrationskurs",
    "arrival_date": "Einreise",
    "phone": "Telefon",
    "email": "E-Mail",
    "street": "Straße",
    "postal_code": "PLZ",
    "city": "Ort",
    "jobcenter_customer_number": "Jobcenter-Kundennummer",
    "notes": "Notizen",
    "last_contact": "Letzter Kontakt",
    "full_name": "Name, Vorname (eine Spalte)",
    "residence_basis": "Rechtsgrundlage des Aufenthalts",
}


def _run_for(owner: QObject, db: Any, fn: Any, *args: Any, on_success: Any, on_error: Any, **kwargs: Any) -> None:
    """``db.run`` (no signed-in context needed: reading the file) whose replies are dropped
    once ``owner`` is gone (the wizard was closed or the app locked meanwhile)."""
    import shiboken6

    def guarded(callback: Any) -> Any:
        def deliver(value: Any) -> None:
            if shiboken6.isValid(owner):
                callback(value)

        return deliver

    db.run(fn, *args, on_success=guarded(on_success), on_error=guarded(on_error), **kwargs)


class _Progress(QObject):
    """Carries progress from the worker thread to the GUI thread (queued signal)."""

    changed = Signal(str, int, int)

    def report(self, stage: str, done: int, total: int | None) -> None:
        self.changed.emit(stage, done, total or 0)


class ImportState:
    """What the pages share: the file, the sheet, the mapping, the last check and result."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.sheets: list[str] = []
        self.sheet: str | None = None
        self.preview: Any = None
        self.mapping: Any = None  # core Mapping
        self.check: Any = None  # ImportReport of the dry run
        self.result: Any = None  # ImportReport of the import
        self.on_duplicate = "skip"
        self.on_invalid = "refuse"


# --- 1. file ------------------------------------------------------------------------------


class FilePage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Liste auswählen"))
        self.setSubTitle(
            self.tr(
                "Eine Klientenliste aus Excel (XLSX), LibreOffice (ODS) oder als CSV-Datei. "
                "Die Datei wird nur gelesen, nicht kopiert."
            )
        )
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path_edit")
        self.path_edit.setReadOnly(True)
        self.browse_button = QPushButton(self.tr("Datei wählen …"))
        self.browse_button.setObjectName("import_browse_button")
        self.browse_button.clicked.connect(self._browse)
        self.status_label = QLabel()
        self.status_label.setObjectName("import_file_status_label")
        self.status_label.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(self.browse_button)
        lay = QVBoxLayout(self)
        lay.addLayout(row)
        lay.addWidget(self.status_label)
        lay.addStretch(1)
        self._loading = False

    def _browse(self) -> None:
        path = file_dialogs.open_file(
            self, self.tr("Klientenliste öffnen"), self.tr("Tabellen (*.xlsx *.xlsm *.ods *.csv *.txt)"), db=self.wiz.db
        )
        if path:
            self.choose(path)

    def choose(self, path: str | Path) -> None:
        """Read the sheet names on the worker; the page is complete when they arrive."""
        from referral_desk.core.importing import sheet_names

        state = self.wiz.state
        state.path, state.sheets, state.sheet, state.preview, state.check = Path(path), [], None, None, None
        self.path_edit.setText(str(path))
        self.status_label.setText(self.tr("Datei wird gelesen …"))
        self._loading = True
        self.completeChanged.emit()
        _run_for(self, self.wiz.db, sheet_names, Path(path), on_success=self._loaded, on_error=self._failed)

    def _loaded(self, names: list[str]) -> None:
        self._loading = False
        self.wiz.state.sheets = names
        self.status_label.setText(self.tr("%n Tabellenblatt/-blätter gefunden.", "", len(names)))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        self._loading = False
        self.wiz.state.sheets = []
        self.status_label.setText(error_text(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return bool(self.wiz.state.sheets) and not self._loading


# --- 2. sheet -----------------------------------------------------------------------------


class SheetPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Tabellenblatt"))
        self.setSubTitle(
            self.tr(
                "Welches Blatt enthält die Klient*innen? Die Kopfzeile wird automatisch gesucht "
                "(sie darf unter einer Überschrift stehen)."
            )
        )
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("import_sheet_combo")
        form = QFormLayout(self)
        form.addRow(self.tr("Tabellenblatt:"), self.sheet_combo)

    def initializePage(self) -> None:  # noqa: N802
        self.sheet_combo.clear()
        self.sheet_combo.addItems(self.wiz.state.sheets)
        if self.wiz.state.sheet in self.wiz.state.sheets:
            self.sheet_combo.setCurrentText(self.wiz.state.sheet)

    def validatePage(self) -> bool:  # noqa: N802
        chosen = self.sheet_combo.currentText() or None
        if chosen != self.wiz.state.sheet:
            self.wiz.state.sheet, self.wiz.state.mapping, self.wiz.state.check = chosen, None, None
        return True


# --- 3. mapping with preview ------------------------------------------------------------------


class MappingPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Spalten zuordnen"))
        self.setSubTitle(
            self.tr(
                "Jede Spalte einem Feld zuordnen. Die Vorschau zeigt die ersten 20 Zeilen so, wie "
                "sie übernommen würden; gelb: Spalte wird nicht übernommen, rot: Wert ungültig."
            )
        )
        self.columns_table = QTableWidget(0, 2)
        self.columns_table.setObjectName("import_columns_table")
        self.columns_table.setHorizontalHeaderLabels([self.tr("Spalte in der Liste"), self.tr("Feld")])
        self.columns_table.verticalHeader().setVisible(False)
        self.columns_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.columns_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table = QTableWidget(0, 0)
        self.preview_table.setObjectName("import_preview_table")
        self.preview_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview_table.setWordWrap(False)
        self.info_label = QLabel()
        self.info_label.setObjectName("import_mapping_info_label")
        self.info_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Zuordnung speichern …"))
        self.save_button.setObjectName("import_save_mapping_button")
        self.save_button.clicked.connect(self._save_mapping)
        self.load_button = QPushButton(self.tr("Zuordnung laden …"))
        self.load_button.setObjectName("import_load_mapping_button")
        self.load_button.clicked.connect(self._load_mapping)
        buttons = QHBoxLayout()
        buttons.addWidget(self.info_label, 1)
        buttons.addWidget(self.load_button)
        buttons.addWidget(self.save_button)
        grid = QGridLayout(self)
        grid.addWidget(self.columns_table, 0, 0)
        grid.addWidget(self.preview_table, 0, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 3)
        grid.addLayout(buttons, 1, 0, 1, 2)
        self._combos: list[QComboBox] = []
        self._pending = 0
        self._error: str | None = None

    def initializePage(self) -> None:  # noqa: N802
        self._request(self.wiz.state.mapping)

    def _request(self, mapping: Any) -> None:
        from referral_desk.core.importing import preview

        state = self.wiz.state
        self._pending += 1
        self.completeChanged.emit()
        _run_for(
            self,
            self.wiz.db,
            preview,
            state.path,
            sheet=state.sheet,
            mapping=mapping,
            lang=self.wiz.lang,
            on_success=self._show,
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self._pending -= 1
        self._error = error_text(exc)
        self.info_label.setText(self._error)
        self.completeChanged.emit()

    def _show(self, pv: Any) -> None:
        from referral_desk.core.importing.mapping import FIELDS, Mapping

        self._pending -= 1
        self._error = None
        state = self.wiz.state
        state.preview = pv
        state.mapping = Mapping(fields=dict(pv.mapping.fields))
        columns = pv.layout.columns
        # the mapping table: one combo per column
        self.columns_table.setRowCount(len(columns))
        self._combos = []
        for i, col in enumerate(columns):
            item = QTableWidgetItem(f"{col.letter}: {col.header}")
            self.columns_table.setItem(i, 0, item)
            combo = QComboBox()
            combo.setObjectName(f"import_field_combo_{i}")
            combo.addItem(self.tr("– nicht übernehmen –"), None)
            for f in FIELDS:
                combo.addItem(self.tr(FIELD_LABELS[f]), f)
            current = pv.mapping.fields.get(col.index)
            combo.setCurrentIndex(max(0, combo.findData(current)) if current else 0)
            combo.currentIndexChanged.connect(self._changed)
            self.columns_table.setCellWidget(i, 1, combo)
            self._combos.append(combo)
            if current is None:
                item.setBackground(UNMAPPED_BRUSH)
        # the preview: converted values, unmapped columns highlighted, errors red
        self.preview_table.clear()
        self.preview_table.setColumnCount(len(columns))
        self.preview_table.setRowCount(len(pv.rows))
        headers = []
        for col in columns:
            f = pv.mapping.fields.get(col.index)
            headers.append(
                f"{col.header}\n→ {self.tr(FIELD_LABELS[f])}" if f else f"{col.header}\n{self.tr('(nicht übernommen)')}"
            )
        self.preview_table.setHorizontalHeaderLabels(headers)
        self.preview_table.setVerticalHeaderLabels([str(n) for n, _ in pv.rows])
        for r, (_number, cells) in enumerate(pv.rows):
            for c, cell in enumerate(cells):
                item = QTableWidgetItem(cell.text[:200])
                if not cell.mapped:
                    item.setBackground(UNMAPPED_BRUSH)
                    item.setForeground(QBrush(QColor("#6b6b6b")))
                elif cell.error:
                    item.setBackground(ERROR_BRUSH)
                    item.setToolTip(cell.error)
                self.preview_table.setItem(r, c, item)
        self.preview_table.resizeColumnsToContents()
        for c in range(self.preview_table.columnCount()):
            self.preview_table.setColumnWidth(c, min(self.preview_table.columnWidth(c), 220))
        self._update_info()
        self.completeChanged.emit()

    def _changed(self) -> None:
        from referral_desk.core.importing.mapping import Mapping

        state = self.wiz.state
        fields = {}
        for col, combo in zip(state.preview.layout.columns, self._combos):
            if combo.currentData():
                fields[col.index] = combo.currentData()
        state.check = None
        self._request(Mapping(fields=fields))

    def _problems(self) -> list[str]:
        from referral_desk.core.importing.mapping import missing_required

        mapping = self.wiz.state.mapping
        if mapping is None:
            return []
        out = []
        used = list(mapping.fields.values())
        for f in missing_required(used):
            out.append(
                self.tr("Pflichtfeld „%1“ ist keiner Spalte zugeordnet.").replace("%1", self.tr(FIELD_LABELS[f]))
            )
        for f in sorted({u for u in used if used.count(u) > 1}):
            out.append(self.tr("„%1“ ist mehreren Spalten zugeordnet.").replace("%1", self.tr(FIELD_LABELS[f])))
        return out

    def _update_info(self) -> None:
        pv = self.wiz.state.preview
        lines = self._problems()
        for f, headers in pv.mapping.conflicts:
            lines.append(
                self.tr("Mehrere Spalten passen zu „%1“ (%2): bitte eine wählen.")
                .replace("%1", self.tr(FIELD_LABELS[f]))
                .replace("%2", ", ".join(headers))
            )
        unmapped = sum(1 for c in pv.layout.columns if c.index not in pv.mapping.fields)
        summary = (
            self.tr("Kopfzeile: Zeile %1 · %2 von %3 Spalten zugeordnet")
            .replace("%1", str(pv.layout.header_row))
            .replace("%2", str(len(pv.layout.columns) - unmapped))
            .replace("%3", str(len(pv.layout.columns)))
        )
        self.info_label.setText("\n".join([summary, *lines]))

    def isComplete(self) -> bool:  # noqa: N802
        return (
            self._pending == 0 and self._error is None and self.wiz.state.mapping is not None and not self._problems()
        )

    def _save_mapping(self) -> None:
        path = file_dialogs.save_file(
            self, self.tr("Zuordnung speichern"), "zuordnung.json", self.tr("Zuordnung (*.json)"), db=self.wiz.db
        )
        if path:
            self.save_mapping_to(path)

    def save_mapping_to(self, path: str | Path) -> None:
        from referral_desk.core.fileio import atomic_write_bytes
        from referral_desk.core.importing import MappingFile

        state = self.wiz.state
        body = MappingFile.from_mapping(state.preview.layout, state.mapping).to_json()
        try:
            atomic_write_bytes(Path(path), body.encode("utf-8"), mode=0o644)
        except OSError:
            self.info_label.setText(self.tr("Die Zuordnung konnte nicht gespeichert werden."))

    def _load_mapping(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Zuordnung laden"), self.tr("Zuordnung (*.json)"), db=self.wiz.db)
        if path:
            self.load_mapping_from(path)

    def load_mapping_from(self, path: str | Path) -> None:
        from referral_desk.core.errors import ReferralDeskError
        from referral_desk.core.importing import MappingFile

        try:
            mf = MappingFile.load(path)
        except ReferralDeskError as exc:
            self.info_label.setText(error_text(exc))
            return
        self.wiz.state.check = None
        self._request(mf)


# --- 4. check -------------------------------------------------------------------------------


class CheckPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Prüfen"))
        self.setSubTitle(
            self.tr(
                "Jede Zeile wird wie eine Eingabe von Hand geprüft, Dubletten in der Liste und unter den "
                "schon erfassten Klient*innen werden gesucht. Noch wird nichts gespeichert."
            )
        )
        self.duplicate_combo = QComboBox()
        self.duplicate_combo.setObjectName("import_duplicate_combo")
        self.duplicate_combo.addItem(self.tr("überspringen"), "skip")
        self.duplicate_combo.addItem(self.tr("trotzdem anlegen"), "create")
        self.duplicate_combo.addItem(self.tr("Import ablehnen"), "refuse")
        self.invalid_combo = QComboBox()
        self.invalid_combo.setObjectName("import_invalid_combo")
        self.invalid_combo.addItem(self.tr("Import ablehnen (erst korrigieren)"), "refuse")
        self.invalid_combo.addItem(self.tr("überspringen"), "skip")
        for combo in (self.duplicate_combo, self.invalid_combo):
            combo.currentIndexChanged.connect(self._run)
        self.counts_label = QLabel()
        self.counts_label.setObjectName("import_counts_label")
        self.counts_label.setWordWrap(True)
        self.problems_table = QTableWidget(0, 3)
        self.problems_table.setObjectName("import_problems_table")
        self.problems_table.setHorizontalHeaderLabels([self.tr("Zeile"), self.tr("Spalte"), self.tr("Problem")])
        self.problems_table.verticalHeader().setVisible(False)
        self.problems_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems_table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        form = QFormLayout()
        form.addRow(self.tr("Wahrscheinliche Dubletten:"), self.duplicate_combo)
        form.addRow(self.tr("Ungültige Zeilen:"), self.invalid_combo)
        lay = QVBoxLayout(self)
        lay.addLayout(form)
        lay.addWidget(self.counts_label)
        lay.addWidget(self.problems_table, 1)
        self._running = False
        # Leaving this page starts the import: there is no way back into a running import.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, self.tr("Importieren"))

    def initializePage(self) -> None:  # noqa: N802
        self._run()

    def _run(self) -> None:
        from referral_desk.core.importing import check_import

        state = self.wiz.state
        state.on_duplicate = self.duplicate_combo.currentData()
        state.on_invalid = self.invalid_combo.currentData()
        state.check = None
        self._running = True
        self.counts_label.setText(self.tr("Die Liste wird geprüft …"))
        self.problems_table.setRowCount(0)
        self.completeChanged.emit()
        call_for(
            self,
            self.wiz.db,
            check_import,
            path=state.path,
            sheet=state.sheet,
            mapping=state.mapping,
            on_duplicate=state.on_duplicate,
            on_invalid=state.on_invalid,
            on_success=self._show,
            on_error=self._failed,
        )

    def _failed(self, exc: BaseException) -> None:
        self._running = False
        self.counts_label.setText(error_text(exc))
        self.completeChanged.emit()

    def _show(self, report: Any) -> None:
        self._running = False
        self.wiz.state.check = report
        lines = [
            self.tr("%1 Zeilen gelesen · %2 werden angelegt · %3 wahrscheinliche Dubletten · %4 ungültige Zeilen")
            .replace("%1", str(report.rows))
            .replace("%2", str(report.would_create))
            .replace("%3", str(len(report.duplicates)))
            .replace("%4", str(report.invalid_rows))
        ]
        if report.outcome == "refused_invalid":
            lines.append(self.tr("Ungültige Zeilen: bitte die Liste korrigieren oder „überspringen“ wählen."))
        elif report.outcome == "refused_duplicates":
            lines.append(self.tr("Dubletten: „überspringen“ oder „trotzdem anlegen“ wählen."))
        self.counts_label.setText("\n".join(lines))
        rows: list[tuple[str, str, str]] = []
        for p in report.invalid:
            rows.append((str(p.row), p.column or "", p.message(self.wiz.lang)))
        for d in report.duplicates:
            if d.of_row is not None:
                text = self.tr("Dieselbe Person wie in Zeile %1").replace("%1", str(d.of_row))
            elif d.case_number:
                text = self.tr("Schon erfasst: Fallnummer %1").replace("%1", d.case_number)
            else:
                text = self.tr("Schon erfasst (Akte einer anderen Beratungskraft)")
            rows.append((str(d.row), "", text))
        rows.sort(key=lambda r: int(r[0]))
        self.problems_table.setRowCount(len(rows))
        for i, (row, column, message) in enumerate(rows):
            for c, value in enumerate((row, column, message)):
                item = QTableWidgetItem(value)
                if c == 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.problems_table.setItem(i, c, item)
        self.problems_table.resizeColumnToContents(0)
        self.problems_table.resizeColumnToContents(1)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        report = self.wiz.state.check
        return not self._running and report is not None and report.outcome == "dry_run" and report.would_create > 0


# --- 5. import --------------------------------------------------------------------------------


class RunPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Importieren"))
        self.setSubTitle(self.tr("Alle Zeilen werden in einem Schritt gespeichert. Abbrechen speichert nichts."))
        self.progress_bar = QProgressBar()
        self.progress_bar.setObjectName("import_progress_bar")
        self.status_label = QLabel()
        self.status_label.setObjectName("import_run_status_label")
        self.status_label.setWordWrap(True)
        self.cancel_button = QPushButton(self.tr("Import abbrechen"))
        self.cancel_button.setObjectName("import_cancel_button")
        self.cancel_button.clicked.connect(self.cancel)
        lay = QVBoxLayout(self)
        lay.addWidget(self.progress_bar)
        lay.addWidget(self.status_label)
        lay.addWidget(self.cancel_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addStretch(1)
        self._cancel = threading.Event()
        self._progress = _Progress(self)
        self._progress.changed.connect(self._advance)
        self._done = False
        self.running = False

    def initializePage(self) -> None:  # noqa: N802
        from referral_desk.core.importing import import_clients

        state = self.wiz.state
        state.result = None
        self._cancel.clear()
        self._done = False
        self.running = True
        self.cancel_button.setEnabled(True)
        self.progress_bar.setRange(0, max(1, state.check.rows))
        self.progress_bar.setValue(0)
        self.status_label.setText(self.tr("Die Liste wird gelesen und geprüft …"))
        self.completeChanged.emit()
        call_for(
            self,
            self.wiz.db,
            import_clients,
            path=state.path,
            sheet=state.sheet,
            mapping=state.mapping,
            on_duplicate=state.on_duplicate,
            on_invalid=state.on_invalid,
            progress=self._progress.report,
            cancelled=self._cancel.is_set,
            expected_sha256=state.check.sha256,
            on_success=self._finished,
            on_error=self._failed,
        )

    def cancel(self) -> None:
        self._cancel.set()
        self.cancel_button.setEnabled(False)
        self.status_label.setText(self.tr("Wird abgebrochen …"))

    def _advance(self, stage: str, done: int, total: int) -> None:
        if stage == "import":
            self.status_label.setText(self.tr("Klient*innen werden gespeichert …"))
            self.progress_bar.setRange(0, max(1, total))
        self.progress_bar.setValue(min(done, self.progress_bar.maximum()))

    def _finished(self, report: Any) -> None:
        self.running = False
        self.cancel_button.setEnabled(False)
        self.wiz.state.result = report
        self.progress_bar.setValue(self.progress_bar.maximum())
        self._done = report.outcome == "ok"
        if self._done:
            self.status_label.setText(self.tr("%1 Klient*innen angelegt.").replace("%1", str(report.created)))
            self.wiz.imported.emit(list(report.client_ids))
        else:
            self.status_label.setText(self.tr("Nichts gespeichert: die Liste hat sich seit der Prüfung geändert."))
        self.completeChanged.emit()

    def _failed(self, exc: BaseException) -> None:
        from referral_desk.core.importing import ImportCancelled

        self.running = False
        self.cancel_button.setEnabled(False)
        self.progress_bar.setValue(0)
        if isinstance(exc, ImportCancelled):
            self.status_label.setText(self.tr("Import abgebrochen – nichts gespeichert."))
        else:
            self.status_label.setText(error_text(exc))
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802
        return self._done


# --- 6. summary -------------------------------------------------------------------------------


class SummaryPage(QWizardPage):
    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.wiz = wizard
        self.setTitle(self.tr("Fertig"))
        self.summary_label = QLabel()
        self.summary_label.setObjectName("import_summary_label")
        self.summary_label.setWordWrap(True)
        self.show_button = QPushButton(self.tr("Importierte Klient*innen anzeigen"))
        self.show_button.setObjectName("import_show_clients_button")
        self.show_button.clicked.connect(self._show_clients)
        self.clients_table = QTableWidget(0, 3)
        self.clients_table.setObjectName("import_clients_table")
        self.clients_table.setHorizontalHeaderLabels([self.tr("Fallnummer"), self.tr("Name"), self.tr("Geburtsdatum")])
        self.clients_table.verticalHeader().setVisible(False)
        self.clients_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.clients_table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.clients_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.clients_table.cellDoubleClicked.connect(self._open_row)
        self.clients_table.hide()
        lay = QVBoxLayout(self)
        lay.addWidget(self.summary_label)
        lay.addWidget(self.show_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(self.clients_table, 1)
        self._ids: list[int] = []

    def initializePage(self) -> None:  # noqa: N802
        r = self.wiz.state.result
        self._ids = list(r.client_ids)
        text = self.tr(
            "%1 Zeilen gelesen, %2 Klient*innen angelegt, %3 Beratungskontakte übernommen, "
            "%4 Zeilen übersprungen (%5 Dubletten, %6 ungültig)."
        )
        for key, value in (
            ("%1", r.rows),
            ("%2", r.created),
            ("%3", r.contacts),
            ("%4", r.skipped),
            ("%5", len(r.duplicates)),
            ("%6", r.invalid_rows),
        ):
            text = text.replace(key, str(value))
        self.summary_label.setText(text)
        self.clients_table.hide()

    def _show_clients(self) -> None:
        from referral_desk.core.services import clients

        call_for(
            self,
            self.wiz.db,
            clients.summaries,
            ids=self._ids[:500],
            on_success=self._fill,
            on_error=lambda exc: self.summary_label.setText(error_text(exc)),
        )

    def _fill(self, rows: list[Any]) -> None:
        self.clients_table.setRowCount(len(rows))
        for i, s in enumerate(rows):
            values = (s.case_number, f"{s.family_name}, {s.given_names}", s.birth_date.strftime("%d.%m.%Y"))
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                item.setData(Qt.ItemDataRole.UserRole, s.id)
                self.clients_table.setItem(i, c, item)
        self.clients_table.resizeColumnToContents(0)
        self.clients_table.show()

    def _open_row(self, row: int, _column: int) -> None:
        item = self.clients_table.item(row, 0)
        if item is not None:
            self.wiz.open_client_requested.emit(int(item.data(Qt.ItemDataRole.UserRole)))


# --- the wizard ---------------------------------------------------------------------------------


class ImportWizard(QWizard):
    imported = Signal(list)  # ids of the created clients
    open_client_requested = Signal(int)

    def __init__(self, db: Any, parent: QWidget | None = None, *, lang: str = "de") -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(self.tr("Klientenliste importieren"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.db = db
        self.lang = lang
        self.state = ImportState()
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.check_page = CheckPage(self)
        self.run_page = RunPage(self)
        self.summary_page = SummaryPage(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.mapping_page,
            self.check_page,
            self.run_page,
            self.summary_page,
        ):
            self.addPage(page)
        self.resize(1100, 640)

    def reject(self) -> None:
        # Closing during the import cancels it (the transaction rolls back); the window
        # closes once the worker has given up.
        if self.run_page.running:
            self.run_page.cancel()
            return
        super().reject()

    def force_close(self) -> None:
        """Close without asking (the vault locks): a running import is cancelled."""
        if self.run_page.running:
            self.run_page.cancel()
        QWizard.reject(self)
        self.deleteLater()
