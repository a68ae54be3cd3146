"""Verwaltung → "Einwilligungsformulare": the review state of every consent template of the
organisation's regime, approving a translation (``forms approve``), and the supervisory
authority printed on the declarations (editable data; empty fields block printing).

Admin only (the page is built for admins); every call goes through ``db.call``.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues
from referral_desk.core.errors import InvalidInput
from referral_desk.core.services import consent, supervisory
from referral_desk.ui.widgets import (
    ErrorLabel,
    field_error_text,
    field_widget_key,
    format_date,
    guarded,
    ui_lang,
    with_error,
)


class ConsentFormsTab(QWidget):
    """``team``: on a team database only the shipped templates exist (an organisation's own
    template files live in a desk vault's folder): the origin column goes, a note says why."""

    COLUMNS = ("Sprache", "Version", "Status", "Freigegeben am", "von", "Herkunft")
    ORIGIN_COLUMN = 5

    def __init__(self, db, parent: QWidget | None = None, *, team: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("consent_forms_tab")
        self.db = db
        self.team = team
        self._rows: list = []
        self._regime: str | None = None
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("consent_templates_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.note_edit = QLineEdit()
        self.note_edit.setObjectName("consent_approve_note_edit")
        self.note_edit.setMaxLength(500)
        self.note_edit.setPlaceholderText(self.tr("z. B. geprüft von … (Übersetzerin / Übersetzer)"))
        self.approve_button = QPushButton(self.tr("Übersetzung freigeben"))
        self.approve_button.setObjectName("consent_approve_button")
        self.approve_button.setAutoDefault(False)
        self.approve_button.clicked.connect(self.approve_selected)
        self.error_label = ErrorLabel("consent_forms")
        self.info_label = QLabel(
            self.tr(
                "Übersetzungen gelten als ungeprüft, bis die Organisation die Fassung "
                "freigibt. Freigegeben wird genau diese Datei (SHA-256); wird sie danach "
                "verändert, wird nicht mehr gedruckt. Eine korrigierte Übersetzung "
                "braucht eine neue Versionsnummer (siehe docs/consent.md)."
            )
        )
        self.info_label.setObjectName("consent_forms_info_label")
        self.info_label.setWordWrap(True)
        self.team_note_label: QLabel | None = None
        if team:
            self.table.setColumnHidden(self.ORIGIN_COLUMN, True)
            self.team_note_label = QLabel(
                self.tr(
                    "In der Teamdatenbank gelten die mitgelieferten Vorlagen; eigene Vorlagendateien der "
                    "Organisation liegen im Ordner eines Arbeitsplatz-Tresors und sind hier nicht verfügbar."
                )
            )
            self.team_note_label.setObjectName("consent_forms_team_note_label")
            self.team_note_label.setWordWrap(True)
        templates = QGroupBox(self.tr("Vorlagen und Freigaben"))
        templates.setObjectName("consent_templates_box")
        tl = QVBoxLayout(templates)
        tl.addWidget(self.info_label)
        if self.team_note_label is not None:
            tl.addWidget(self.team_note_label)
        tl.addWidget(self.table, 1)
        row = QHBoxLayout()
        row.addWidget(self.note_edit, 1)
        row.addWidget(self.approve_button)
        tl.addLayout(row)

        self._errors = {k: ErrorLabel(f"authority_{k}") for k in supervisory.FIELDS}
        self.authority_edits: dict[str, QLineEdit] = {}
        authority = QGroupBox(self.tr("Datenschutz-Aufsichtsbehörde (wird auf jeder Erklärung gedruckt)"))
        authority.setObjectName("supervisory_authority_box")
        form = QFormLayout(authority)
        self.authority_hint = QLabel()
        self.authority_hint.setObjectName("supervisory_authority_hint_label")
        self.authority_hint.setWordWrap(True)
        form.addRow(self.authority_hint)
        labels = {
            "name": self.tr("Name"),
            "street": self.tr("Straße"),
            "postal_code": self.tr("PLZ"),
            "city": self.tr("Ort"),
            "email": self.tr("E-Mail"),
        }
        for key in supervisory.FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"authority_{key}_edit")
            edit.setMaxLength(300)
            self.authority_edits[key] = edit
            form.addRow(labels[key], with_error(edit, self._errors[key]))
        self.authority_save_button = QPushButton(self.tr("Aufsichtsbehörde speichern"))
        self.authority_save_button.setObjectName("supervisory_authority_save_button")
        self.authority_save_button.setAutoDefault(False)
        self.authority_save_button.clicked.connect(self.save_authority)
        form.addRow("", self.authority_save_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.error_label)
        lay.addWidget(templates, 1)
        lay.addWidget(authority)
        self._selection_changed()

    # --- loading -----------------------------------------------------------------------------

    def reload(self) -> None:
        self.db.call(
            consent.review_states, on_success=guarded(self, self._show_states), on_error=guarded(self, self._failed)
        )
        self.db.call(
            supervisory.get, on_success=guarded(self, self._show_authority), on_error=guarded(self, self._failed)
        )

    def _status_text(self, status: str) -> str:
        return {
            "binding": self.tr("verbindlich"),
            "approved": self.tr("freigegeben"),
            "unreviewed": self.tr("ungeprüft"),
            "tampered": self.tr("VERÄNDERT – Druck gesperrt"),
        }[status]

    def _show_states(self, rows: list) -> None:
        lang = ui_lang()
        self._rows = rows
        self.table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            base = s.language.split("-")[0]
            name = catalogues.language_name(base, lang) if base in catalogues.language_codes() else s.language
            if s.language == "fa-AF":
                name = self.tr("Dari")
            cells = (
                f"{name} ({s.language})",
                s.version,
                self._status_text(s.status),
                format_date(s.approved_at.date()) if s.approved_at else "",
                s.approved_by or "",
                self.tr("eigene Datei") if s.origin == "vault" else self.tr("mitgeliefert"),
            )
            for c, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, s.language)
                self.table.setItem(r, c, item)
        self._selection_changed()

    def _show_authority(self, a) -> None:
        self._regime = a.regime
        for key, edit in self.authority_edits.items():
            edit.setText(getattr(a, key) or "")
            self._errors[key].clear_error()
        regime = (
            catalogues.enum_label("legal_regime", a.regime, ui_lang())
            if a.regime in catalogues.enum_keys("legal_regime")
            else a.regime
        )
        text = self.tr("Rechtsrahmen: %1.").replace("%1", regime)
        if a.missing:
            text += " " + self.tr(
                "Noch nicht geprüft und daher leer: %1. Bitte auf der Website der Behörde "
                "nachsehen und eintragen; bis dahin werden keine Erklärungen gedruckt."
            ).replace("%1", ", ".join(a.missing))
        self.authority_hint.setText(text)

    # --- actions -----------------------------------------------------------------------------

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def _selection_changed(self) -> None:
        s = self.selected()
        self.approve_button.setEnabled(s is not None and s.status == "unreviewed")

    def approve_selected(self) -> None:
        s = self.selected()
        if s is None or s.status != "unreviewed" or self._regime is None:
            return
        self.error_label.clear_error()
        self.approve_button.setEnabled(False)
        self.db.call(
            consent.approve_template,
            regime=self._regime,
            language=s.language,
            note=self.note_edit.text().strip() or None,
            on_success=guarded(self, lambda _a: (self.note_edit.clear(), self.reload())),
            on_error=guarded(self, self._failed),
        )

    def save_authority(self) -> None:
        if self._regime is None:
            return
        for label in self._errors.values():
            label.clear_error()
        self.error_label.clear_error()
        changes: dict[str, Any] = {k: e.text().strip() for k, e in self.authority_edits.items()}
        self.db.call(
            supervisory.set_authority,
            regime=self._regime,
            changes=changes,
            on_success=guarded(self, self._show_authority),
            on_error=guarded(self, self._failed),
        )

    def _failed(self, exc: BaseException) -> None:
        self._selection_changed()
        text = field_error_text(exc)
        key = field_widget_key(exc.field) if isinstance(exc, InvalidInput) else None
        (self._errors.get(key, self.error_label) if key else self.error_label).show_error(text)
