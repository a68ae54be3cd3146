"""Verwaltung → Datenschutz: backups, audit log, retention and erasure, offboarding, demo data.

Every service call runs on the database worker. The folder chooser and the confirmation
question are plain attributes (``choose_folder``, ``confirm``) so tests can answer them.
The demo generator reports progress from the worker thread through a queued signal; the
progress dialog's "Abbrechen" sets a ``threading.Event`` the generator polls.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import audit_texts, clock, policy
from referral_desk.core.errors import VersionConflict
from referral_desk.core.models import OrganisationRead
from referral_desk.core.services import audit_log, backups, demo, desk, organisation, retention, users
from referral_desk.ui import file_dialogs, i18n
from referral_desk.ui.widgets import (
    DateEdit,
    ErrorLabel,
    FieldForm,
    ObjectRole,
    RecordTableModel,
    call_for,
    combo,
    error_text,
    hbox,
    line_edit,
    record_table_view,
    scrolled,
    select_key,
    show_status,
    status_label,
)
from referral_desk.ui.worker import DatabaseWorker

AUDIT_PAGE = 200


def _local_time(at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return at or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone().strftime("%d.%m.%Y %H:%M:%S")


def _date(day: dt.date | None) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


def _table(object_name: str, model: RecordTableModel, *, stretch: int) -> QTableView:
    view = record_table_view(object_name, model, stretch=stretch)
    view.setMinimumHeight(160)
    return view


def _note(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


class _DemoProgress(QObject):
    """Carries progress from the worker thread to the GUI thread (queued)."""

    progressed = Signal(int, int)


class DataProtectionTab(QWidget):
    users_changed = Signal()
    organisation_saved = Signal(object)  # OrganisationRead
    restore_requested = Signal()
    demo_vault_requested = Signal()

    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None, *, team: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("data_protection_tab")
        self.db = db
        # Team database: the log and erasure run on the server (docs/team-database.md
        # "Erasure"); backups, key rotation, the error list and demo data are a desk vault's.
        self.team = team
        self.choose_folder: Callable[[], str | None] = self._ask_folder
        self.confirm: Callable[[str], bool] = self._ask_confirmation
        self.choose_pdf_path: Callable[[], str | None] = self._ask_pdf_path
        self._audit_stale = False
        self._settings_version: int | None = None  # the organisation's, as the settings were loaded
        self.is_demo_vault = False
        self._display_names: dict[str, str] = {}  # user name → display name (retention list)
        db.changed.connect(self.changed)
        self._audit_filters: dict[str, Any] = {}
        self._audit_rows: list[audit_log.AuditEntry] = []
        self._audit_total = 0
        self.demo_progress_dialog: QProgressDialog | None = None
        self._demo_cancel: threading.Event | None = None
        self._demo_signals = _DemoProgress(self)
        self._demo_signals.progressed.connect(self._demo_progressed, Qt.ConnectionType.QueuedConnection)

        content = QWidget()
        layout = QVBoxLayout(content)
        if team:
            team_note = _note(
                self.tr(
                    "Teamdatenbank: Sicherungen und das Ausscheiden von Mitarbeiter*innen erledigt Ihre "
                    "Administration auf dem Server (Befehle „server backup“ und „user deactivate“)."
                )
            )
            team_note.setObjectName("team_data_protection_note_label")
            layout.addWidget(team_note)
            layout.addWidget(self._build_audit())
            layout.addWidget(self._build_retention())
            layout.addWidget(self._build_erasure_settings())
        else:
            layout.addWidget(self._build_backup())
            layout.addWidget(self._build_audit())
            layout.addWidget(self._build_retention())
            layout.addWidget(self._build_offboarding())
            layout.addWidget(self._build_errors())
            layout.addWidget(self._build_demo())
        layout.addStretch(1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scrolled(content))

    # --- sections ----------------------------------------------------------------------

    def _build_backup(self) -> QGroupBox:
        box = QGroupBox(self.tr("Sicherung"))
        box.setObjectName("backup_group")
        self.backup_now_button = QPushButton(self.tr("Jetzt &sichern …"))
        self.backup_now_button.setObjectName("backup_now_button")
        self.backup_now_button.clicked.connect(self.backup_now)
        self.backup_status_label = status_label("backup_status_label")
        self.backup_error_label = ErrorLabel()
        self.backup_error_label.setObjectName("backup_error_label")

        self.backup_dir_edit = line_edit("backup_dir_edit", 1000)
        self.backup_last_label = QLabel()
        self.backup_last_label.setObjectName("backup_last_label")
        self.backup_last_label.setWordWrap(True)
        self.backup_dir_button = QPushButton(self.tr("Aus&wählen …"))
        self.backup_dir_button.setObjectName("backup_dir_button")
        self.backup_dir_button.clicked.connect(self._pick_backup_dir)
        dir_widget = QWidget()
        dir_widget.setLayout(hbox(self.backup_dir_edit, self.backup_dir_button, stretch_at=0))
        self.backup_keep_spin = QSpinBox()
        self.backup_keep_spin.setObjectName("backup_keep_spin")
        self.backup_keep_spin.setRange(1, 100)
        self.backup_keep_spin.setSuffix(self.tr(" Sicherungen"))
        self.backup_keep_spin.setMaximumWidth(320)
        self.settings_form = FieldForm()
        f = self.settings_form
        f.add_field(self.tr("Ordner für automatische Sicherung"), dir_widget, "backup_dir")
        f.add_field(self.tr("Aufbewahren (neueste)"), self.backup_keep_spin, "backup_keep")
        self._add_erasure_fields(f)

        layout = QVBoxLayout(box)
        layout.addWidget(
            _note(
                self.tr(
                    "Eine Sicherung ist eine verschlüsselte Datei (.rdbackup) mit Datenbank und Schlüsselbund. Beim "
                    "Schließen des Programms wird automatisch gesichert – in den Ordner unten oder, wenn keiner "
                    "gewählt ist, in den Standardordner neben dem Datentresor. Besser ist ein externes Laufwerk."
                )
            )
        )
        layout.addWidget(self.backup_last_label)
        layout.addLayout(hbox(self.backup_now_button, self.backup_status_label, None))
        layout.addWidget(self.backup_error_label)
        layout.addLayout(f)
        layout.addLayout(hbox(self.settings_status_label, None, self.data_protection_save_button))
        restore = _note(
            self.tr(
                "Wiederherstellen: Datei → Aus Sicherung wiederherstellen. Die Sicherung wird geprüft und in einen "
                "neuen Ordner geschrieben; der bisherige Datentresor bleibt unverändert."
            )
        )
        restore.setObjectName("restore_note_label")
        self.restore_button = QPushButton(self.tr("Aus Sicherung &wiederherstellen …"))
        self.restore_button.setObjectName("restore_button")
        self.restore_button.clicked.connect(self.restore_requested)
        layout.addLayout(hbox(restore, self.restore_button))
        return box

    def _build_audit(self) -> QGroupBox:
        box = QGroupBox(self.tr("Protokoll"))
        box.setObjectName("audit_group")
        self.audit_user_combo = QComboBox()
        self.audit_user_combo.setObjectName("audit_user_combo")
        self.audit_user_combo.addItem(self.tr("alle Personen"), None)
        self.audit_user_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.audit_action_combo = QComboBox()
        self.audit_action_combo.setObjectName("audit_action_combo")
        self.audit_action_combo.addItem(self.tr("alle Ereignisse"), None)
        for prefix, label in audit_texts.category_choices(i18n.current_language()):
            self.audit_action_combo.addItem(label, prefix)
        self.audit_action_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.audit_user_combo.activated.connect(lambda _i: self.show_audit())
        self.audit_action_combo.activated.connect(lambda _i: self.show_audit())
        self.audit_from_edit = DateEdit(optional=True)
        self.audit_from_edit.setObjectName("audit_from_edit")
        self.audit_to_edit = DateEdit(optional=True)
        self.audit_to_edit.setObjectName("audit_to_edit")
        self.audit_client_edit = line_edit("audit_client_edit", 12)
        self.audit_client_edit.setValidator(QIntValidator(1, 2_000_000_000, self))
        self.audit_client_edit.setPlaceholderText(self.tr("Nr."))
        self.audit_client_edit.setMaximumWidth(100)
        self.audit_show_button = QPushButton(self.tr("&Anzeigen"))
        self.audit_show_button.setObjectName("audit_show_button")
        self.audit_show_button.clicked.connect(self.show_audit)
        self.audit_client_edit.returnPressed.connect(self.show_audit)
        self.audit_pdf_button = QPushButton(self.tr("Als &PDF für die Datenschutzbeauftragte …"))
        self.audit_pdf_button.setObjectName("audit_pdf_button")
        self.audit_pdf_button.clicked.connect(self.export_audit_pdf)
        self.audit_pdf_status_label = status_label("audit_pdf_status_label")

        def lang() -> str:
            return i18n.current_language()

        # Plain language and display names (issue 16: no "draft.save", no "client_id, tab").
        self.audit_model = RecordTableModel(
            [
                (self.tr("Nr."), lambda e: e.seq),
                (self.tr("Zeit"), lambda e: _local_time(e.at)),
                (self.tr("Person"), lambda e: e.user_display or e.user or self.tr("System")),
                (self.tr("Ereignis"), lambda e: audit_texts.action_text(e.action, lang())),
                (self.tr("Betrifft"), lambda e: audit_texts.entity_text(e.entity, e.entity_id, lang())),
                (self.tr("Felder"), lambda e: audit_texts.fields_text(e.fields, lang())),
            ],
            self,
        )
        self.audit_table = _table("audit_table", self.audit_model, stretch=6)
        self.audit_table.setMinimumHeight(280)
        self.audit_total_label = QLabel()
        self.audit_total_label.setObjectName("audit_total_label")
        self.audit_more_button = QPushButton(self.tr("&Weitere laden"))
        self.audit_more_button.setObjectName("audit_more_button")
        self.audit_more_button.clicked.connect(self.load_more_audit)
        self.audit_more_button.setEnabled(False)
        self.audit_error_label = ErrorLabel()
        self.audit_error_label.setObjectName("audit_error_label")

        layout = QVBoxLayout(box)
        layout.addLayout(
            hbox(
                QLabel(self.tr("Person")),
                self.audit_user_combo,
                QLabel(self.tr("Ereignisse")),
                self.audit_action_combo,
                QLabel(self.tr("Akte Nr.")),
                self.audit_client_edit,
                None,
            )
        )
        layout.addLayout(
            hbox(
                QLabel(self.tr("von")),
                self.audit_from_edit,
                QLabel(self.tr("bis")),
                self.audit_to_edit,
                None,
                self.audit_show_button,
            )
        )
        layout.addWidget(self.audit_table)
        layout.addLayout(hbox(self.audit_total_label, None, self.audit_more_button))
        layout.addLayout(hbox(self.audit_pdf_status_label, None, self.audit_pdf_button))
        layout.addWidget(self.audit_error_label)
        return box

    def _add_erasure_fields(self, f: FieldForm) -> None:
        """What erasure means and when it is due, with the save button (the desk's settings
        form, or on its own on a team database)."""
        self.erase_mode_combo = combo(
            "erase_mode_combo",
            [
                ("anonymise", self.tr("anonymisieren (Statistikangaben bleiben)")),
                ("delete", self.tr("vollständig löschen")),
            ],
        )
        self.retention_years_spin = QSpinBox()
        self.retention_years_spin.setObjectName("retention_years_spin")
        self.retention_years_spin.setRange(1, 30)
        self.retention_years_spin.setSuffix(self.tr(" Jahre"))
        for narrow in (self.retention_years_spin, self.erase_mode_combo):
            narrow.setMaximumWidth(320)
        self.data_protection_save_button = QPushButton(self.tr("S&peichern"))
        self.data_protection_save_button.setObjectName("data_protection_save_button")
        self.data_protection_save_button.clicked.connect(self.save_settings)
        self.settings_status_label = status_label("data_protection_status_label")
        f.add_field(self.tr("Löschen bedeutet"), self.erase_mode_combo, "erase_mode")
        f.add_field(self.tr("Aufbewahrung nach Fallabschluss"), self.retention_years_spin, "retention_years")
        f.add_general_error()
        f.general_error_label.setObjectName("data_protection_error_label")

    def _build_erasure_settings(self) -> QGroupBox:
        box = QGroupBox(self.tr("Löschregeln"))
        box.setObjectName("erasure_settings_group")
        self.settings_form = FieldForm()
        self._add_erasure_fields(self.settings_form)
        layout = QVBoxLayout(box)
        layout.addLayout(self.settings_form)
        layout.addLayout(hbox(self.settings_status_label, None, self.data_protection_save_button))
        return box

    def _build_retention(self) -> QGroupBox:
        box = QGroupBox(self.tr("Aufbewahrung und Löschung"))
        box.setObjectName("retention_group")
        self.retention_model = RecordTableModel(
            [
                (self.tr("Fallnummer"), lambda c: c.case_number),
                (self.tr("Abgeschlossen am"), lambda c: _date(c.closed_on)),
                (self.tr("Löschen fällig seit"), lambda c: _date(c.due_since)),
                (self.tr("Berater*in"), lambda c: self._display_names.get(c.counsellor or "", c.counsellor or "")),
            ],
            self,
        )
        self.retention_table = _table("retention_table", self.retention_model, stretch=3)
        self.retention_table.setMinimumHeight(120)
        self.retention_table.setMaximumHeight(200)
        self.retention_table.selectionModel().currentRowChanged.connect(lambda *_a: self._retention_buttons())
        self.erase_button = QPushButton(self.tr("&Löschen …"))
        self.erase_button.setObjectName("erase_button")
        self.erase_button.clicked.connect(self.erase_selected)
        self.legal_hold_button = QPushButton(self.tr("Sperre &setzen"))
        self.legal_hold_button.setObjectName("legal_hold_button")
        self.legal_hold_button.setToolTip(
            self.tr("Gesetzliche Aufbewahrungspflicht oder laufendes Verfahren: der Fall wird nicht gelöscht.")
        )
        self.legal_hold_button.clicked.connect(self.hold_selected)
        self.retention_status_label = status_label("retention_status_label")
        self.retention_error_label = ErrorLabel()
        self.retention_error_label.setObjectName("retention_error_label")
        self.retention_unavailable_label = _note(
            self.tr(
                "Die Liste der zu löschenden Fälle sehen Teamleitungen (oder Administrator*innen, die zugleich das "
                "Team leiten)."
            )
        )
        self.retention_unavailable_label.setObjectName("retention_unavailable_label")

        self.retention_content = QWidget()
        inner = QVBoxLayout(self.retention_content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(
            _note(self.tr("Abgeschlossene Fälle, deren Aufbewahrungsfrist abgelaufen ist und die nicht gesperrt sind."))
        )
        inner.addWidget(self.retention_table)
        inner.addLayout(hbox(self.retention_status_label, None, self.legal_hold_button, self.erase_button))
        inner.addWidget(self.retention_error_label)
        layout = QVBoxLayout(box)
        layout.addWidget(self.retention_unavailable_label)
        layout.addWidget(self.retention_content)
        self._retention_buttons()
        return box

    def _build_offboarding(self) -> QGroupBox:
        box = QGroupBox(self.tr("Mitarbeiter*in ausscheiden"))
        box.setObjectName("offboarding_group")
        self.offboard_user_combo = QComboBox()
        self.offboard_user_combo.setObjectName("offboard_user_combo")
        self.offboard_user_combo.setMinimumWidth(260)
        self.offboard_button = QPushButton(self.tr("&Ausscheiden lassen …"))
        self.offboard_button.setObjectName("offboard_button")
        self.offboard_button.clicked.connect(self.offboard_selected)
        self.offboard_button.setEnabled(False)
        self.offboard_status_label = status_label("offboard_status_label")
        self.offboard_error_label = ErrorLabel()
        self.offboard_error_label.setObjectName("offboard_error_label")
        layout = QVBoxLayout(box)
        layout.addWidget(
            _note(
                self.tr(
                    "Verlässt jemand die Beratungsstelle, wird zuerst eine Sicherung erstellt, dann das Konto "
                    "deaktiviert und die Datenbank mit einem neuen Schlüssel verschlüsselt. Eine alte Kopie von "
                    "Datenbank oder Schlüsselbund öffnet danach die aktuellen Daten nicht mehr. Die übrigen "
                    "Kolleg*innen behalten ihre Passwörter."
                )
            )
        )
        layout.addLayout(hbox(self.offboard_user_combo, self.offboard_button, None))
        layout.addWidget(self.offboard_status_label)
        layout.addWidget(self.offboard_error_label)
        return box

    def _build_errors(self) -> QGroupBox:
        """Unexpected program errors the exception hook stored in the vault (type and code
        location only), for the administration to pass on to support."""
        box = QGroupBox(self.tr("Programmfehler"))
        box.setObjectName("errors_group")
        self.errors_model = RecordTableModel(
            [
                (self.tr("Zeit"), lambda e: _local_time(e.at.replace(" ", "T"))),
                (self.tr("Art"), lambda e: e.kind),
                (self.tr("Programmstelle"), lambda e: e.location.rsplit("\n", 1)[-1]),
                (self.tr("Version"), lambda e: e.app_version),
            ],
            self,
        )
        self.errors_table = _table("errors_table", self.errors_model, stretch=2)
        self.errors_table.setMinimumHeight(90)
        self.errors_table.setMaximumHeight(160)
        self.errors_note_label = _note(
            self.tr(
                "Unerwartete Fehler werden hier ohne persönliche Daten vermerkt (nur Art und Programmstelle). "
                "Bei Wiederholung bitte an den Support weitergeben."
            )
        )
        layout = QVBoxLayout(box)
        layout.addWidget(self.errors_note_label)
        layout.addWidget(self.errors_table)
        return box

    def reload_errors(self) -> None:
        if getattr(self.db.actor, "role", None) != "admin":
            return
        call_for(self, self.db, desk.list_errors, on_success=self.errors_model.set_rows)

    def _build_demo(self) -> QGroupBox:
        box = QGroupBox(self.tr("Beispieldaten"))
        box.setObjectName("demo_group")
        self.demo_count_spin = QSpinBox()
        self.demo_count_spin.setObjectName("demo_count_spin")
        self.demo_count_spin.setRange(10, 100_000)
        self.demo_count_spin.setValue(200)
        self.demo_count_spin.setSingleStep(100)
        self.demo_count_spin.setSuffix(self.tr(" Klient*innen"))
        self.demo_button = QPushButton(self.tr("Beispieldaten &erzeugen"))
        self.demo_button.setObjectName("demo_button")
        self.demo_button.clicked.connect(self.generate_demo)
        self.demo_status_label = status_label("demo_status_label")
        self.demo_error_label = ErrorLabel()
        self.demo_error_label.setObjectName("demo_error_label")
        self.demo_vault_button = QPushButton(self.tr("&Demo-Tresor öffnen …"))
        self.demo_vault_button.setObjectName("demo_vault_button")
        self.demo_vault_button.clicked.connect(self.demo_vault_requested)
        self.demo_note_label = _note("")
        self.demo_note_label.setObjectName("demo_note_label")
        layout = QVBoxLayout(box)
        layout.addWidget(self.demo_note_label)
        layout.addLayout(hbox(self.demo_count_spin, self.demo_button, None, self.demo_vault_button))
        self._show_demo_state(False)
        layout.addWidget(self.demo_status_label)
        layout.addWidget(self.demo_error_label)
        return box

    # --- dialogs (replaced by tests) -----------------------------------------------------

    def _ask_folder(self) -> str | None:
        return file_dialogs.choose_folder(self, self.tr("Ordner für die Sicherung wählen"), db=self.db)

    def _ask_pdf_path(self) -> str | None:
        return file_dialogs.save_file(
            self, self.tr("Protokoll als PDF speichern"), "protokoll.pdf", self.tr("PDF-Dateien (*.pdf)"), db=self.db
        )

    def _ask_confirmation(self, text: str) -> bool:
        answer = QMessageBox.question(
            self,
            self.tr("Bitte bestätigen"),
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        call_for(
            self,
            self.db,
            organisation.get_organisation,
            on_success=self._fill_settings,
            on_error=lambda exc: self.settings_form.general_error_label.set_error(error_text(exc)),
        )
        self.reload_users()
        self.reload_due()
        if not self.team:  # a desk vault's backups, error list and demo state
            self.reload_backup_status()
            self.reload_errors()
            call_for(self, self.db, demo.is_demo_vault, on_success=self._show_demo_state)
        self.show_audit()

    def changed(self, topics: frozenset[str]) -> None:
        """The app-wide change signal: the log shows every change, at once if visible."""
        if "audit" in topics:
            if self.isVisible():
                self._refresh_audit()
            else:
                self._audit_stale = True
        if "user" in topics:
            self.reload_users()  # e.g. a new colleague appears in the offboarding list at once
        if topics & {"client", "demo"}:
            self.reload_due()
        if self.team:
            return
        if topics & {"backup", "vault"}:
            self.reload_backup_status()
        if "app" in topics:
            self.reload_errors()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._audit_stale:
            self._refresh_audit()

    def _refresh_audit(self) -> None:
        """Reload with the current filters, keeping as many rows as are shown."""
        self._audit_stale = False
        self._load_audit(offset=0, limit=max(AUDIT_PAGE, len(self._audit_rows)))

    def reload_backup_status(self) -> None:
        def shown(result: tuple[Any, Any]) -> None:
            last, good = result
            from PySide6.QtCore import QLocale

            def when(status: Any) -> str:
                return QLocale().toString(status.at.replace(tzinfo=dt.UTC).astimezone(), QLocale.FormatType.ShortFormat)

            if last is None:
                text = self.tr("Noch keine Sicherung.")
            elif last.ok:
                text = (
                    self.tr("Letzte Sicherung: %1 (%2), erfolgreich.")
                    .replace("%1", when(last))
                    .replace("%2", self.tr("automatisch") if last.automatic else self.tr("von Hand"))
                )
            else:
                from referral_desk.core.messages import render

                text = (
                    self.tr("Letzte Sicherung: %1 – FEHLGESCHLAGEN: %2")
                    .replace("%1", when(last))
                    .replace("%2", render(last.error_code or "backup.failed", i18n.current_language()))
                )
                if good is not None:
                    text += " " + self.tr("Letzte erfolgreiche: %1.").replace("%1", when(good))
            self.backup_last_label.setText(text)
            self.backup_last_label.setStyleSheet("" if last is None or last.ok else "color: #b00020;")

        call_for(self, self.db, desk.backup_status, on_success=shown)
        call_for(
            self,
            self.db,
            backups.backup_folder,
            on_success=lambda folder: (
                self.backup_dir_edit.setPlaceholderText(self.tr("Standard: %1").replace("%1", str(folder)))
                if not self.backup_dir_edit.text()
                else None
            ),
        )

    def _show_demo_state(self, is_demo: bool) -> None:
        """Demo data only inside the separate demo vault (issue 16)."""
        self.is_demo_vault = bool(is_demo)
        self.demo_count_spin.setVisible(self.is_demo_vault)
        self.demo_button.setVisible(self.is_demo_vault)
        self.demo_vault_button.setVisible(not self.is_demo_vault)
        self.demo_note_label.setText(
            self.tr(
                "Dies ist der Demo-Tresor: Hier können Sie weitere erfundene Klient*innen mit Kontakten, "
                "Einwilligungen und Überleitungen erzeugen."
            )
            if self.is_demo_vault
            else self.tr(
                "Beispieldaten gibt es nur im separaten Demo-Tresor, nie zwischen echten Akten und in der Statistik "
                "für Zuwendungsgeber. Der Demo-Tresor wird beim ersten Öffnen mit erfundenen Daten angelegt."
            )
        )

    def _fill_settings(self, org: OrganisationRead) -> None:
        self._settings_version = org.version
        select_key(self.erase_mode_combo, org.erase_mode)
        self.retention_years_spin.setValue(org.retention_years)
        if self.team:  # no desk backups on a team database
            return
        self.backup_dir_edit.setText(org.backup_dir or "")
        self.backup_keep_spin.setValue(org.backup_keep)

    def reload_users(self) -> None:
        def shown(rows: list[Any]) -> None:
            own = self.db.actor.id if self.db.actor is not None else None
            current = self.offboard_user_combo.currentData()
            self.offboard_user_combo.clear()
            for u in rows:
                if u.id != own:
                    self.offboard_user_combo.addItem(f"{u.display_name} ({u.name})", u.name)
            index = self.offboard_user_combo.findData(current)
            if index >= 0:
                self.offboard_user_combo.setCurrentIndex(index)
            self.offboard_button.setEnabled(self.offboard_user_combo.count() > 0)

        def people(rows: list[Any]) -> None:
            current = self.audit_user_combo.currentData()
            self.audit_user_combo.clear()
            self.audit_user_combo.addItem(self.tr("alle Personen"), None)
            for u in rows:
                self.audit_user_combo.addItem(
                    u.display_name if u.active else self.tr("%1 (inaktiv)").replace("%1", u.display_name), u.name
                )
            index = self.audit_user_combo.findData(current)
            self.audit_user_combo.setCurrentIndex(max(0, index))

        call_for(self, self.db, users.list_users, include_inactive=True, on_success=people)
        if self.team:  # no offboarding list: the administration deactivates a login on the server
            return
        call_for(
            self,
            self.db,
            users.list_users,
            include_inactive=False,
            on_success=shown,
            on_error=lambda exc: self.offboard_error_label.set_error(error_text(exc)),
        )

    def reload_due(self, status: str = "") -> None:
        allowed = policy.is_lead(self.db.actor)
        self.retention_content.setVisible(allowed)
        self.retention_unavailable_label.setVisible(not allowed)
        if not allowed:
            self.retention_model.clear()
            return

        def names(found: dict[str, str]) -> None:
            self._display_names = found

        call_for(self, self.db, desk.display_names, on_success=names)

        def shown(rows: list[retention.DueClient]) -> None:
            self.retention_error_label.clear_error()
            self.retention_model.set_rows(rows)
            self._retention_buttons()
            show_status(self.retention_status_label, status)

        call_for(
            self,
            self.db,
            retention.due_for_erasure,
            on_success=shown,
            on_error=lambda exc: self.retention_error_label.set_error(error_text(exc)),
        )

    # --- backup and settings -----------------------------------------------------------

    def backup_now(self) -> None:
        folder = self.choose_folder()
        if not folder:
            return
        self.backup_error_label.clear_error()
        show_status(self.backup_status_label, self.tr("Sicherung läuft …"))
        self.backup_now_button.setEnabled(False)

        def done(info: Any) -> None:
            self.backup_now_button.setEnabled(True)
            self.last_backup = Path(info.path)
            show_status(self.backup_status_label, self.tr("Gesichert: %1").replace("%1", Path(info.path).name))
            self.backup_status_label.setToolTip(str(info.path))

        def failed(exc: BaseException) -> None:
            self.backup_now_button.setEnabled(True)
            show_status(self.backup_status_label, "")
            self.backup_error_label.set_error(error_text(exc))

        call_for(self, self.db, backups.create_backup, out=folder, on_success=done, on_error=failed)

    def _pick_backup_dir(self) -> None:
        folder = self.choose_folder()
        if folder:
            self.backup_dir_edit.setText(folder)

    def settings_changes(self) -> dict[str, Any]:
        changes = {
            "erase_mode": self.erase_mode_combo.currentData(),
            "retention_years": self.retention_years_spin.value(),
        }
        if self.team:
            return changes
        return {
            "backup_dir": self.backup_dir_edit.text().strip() or None,
            "backup_keep": self.backup_keep_spin.value(),
            **changes,
        }

    def save_settings(self) -> None:
        self.settings_form.clear_errors()
        show_status(self.settings_status_label, "")

        def saved(org: OrganisationRead) -> None:
            self._fill_settings(org)
            show_status(self.settings_status_label, self.tr("Gespeichert."))
            self.organisation_saved.emit(org)
            self.reload_due()

        def failed(exc: BaseException) -> None:
            self.settings_form.show_error(exc)
            if isinstance(exc, VersionConflict):  # saved elsewhere meanwhile: show what is stored
                call_for(self, self.db, organisation.get_organisation, on_success=self._fill_settings)

        call_for(
            self,
            self.db,
            organisation.update_organisation,
            changes=self.settings_changes(),
            expected_version=self._settings_version,
            on_success=saved,
            on_error=failed,
        )

    # --- audit log -----------------------------------------------------------------------

    def show_audit(self) -> None:
        client = self.audit_client_edit.text().strip()
        self._audit_filters = {
            "user": self.audit_user_combo.currentData(),
            "action": self.audit_action_combo.currentData(),
            "date_from": self.audit_from_edit.value(),
            "date_to": self.audit_to_edit.value(),
            "client_id": int(client) if client.isdigit() else None,
        }
        self._load_audit(offset=0)

    def load_more_audit(self) -> None:
        self._load_audit(offset=len(self._audit_rows))

    def _load_audit(self, *, offset: int, limit: int = AUDIT_PAGE) -> None:
        self.audit_more_button.setEnabled(False)

        def shown(result: tuple[int, list[audit_log.AuditEntry]]) -> None:
            total, rows = result
            self.audit_error_label.clear_error()
            self._audit_total = total
            self._audit_rows = (self._audit_rows if offset else []) + list(rows)
            self.audit_model.set_rows(self._audit_rows)
            self.audit_total_label.setText(
                self.tr("%1 von %2 Einträgen angezeigt")
                .replace("%1", str(len(self._audit_rows)))
                .replace("%2", str(total))
            )
            self.audit_more_button.setEnabled(len(self._audit_rows) < total)

        call_for(
            self,
            self.db,
            audit_log.list_events,
            **self._audit_filters,
            offset=offset,
            limit=limit,
            on_success=shown,
            on_error=lambda exc: self.audit_error_label.set_error(error_text(exc)),
        )

    def export_audit_pdf(self) -> None:
        path = self.choose_pdf_path()
        if not path:
            return
        self.show_audit()  # the PDF holds what the filters select
        self.audit_error_label.clear_error()
        show_status(self.audit_pdf_status_label, self.tr("PDF wird erstellt …"))

        def failed(exc: Any) -> None:
            show_status(self.audit_pdf_status_label, "")
            self.audit_error_label.set_error(error_text(exc))

        call_for(
            self,
            self.db,
            audit_log.export_pdf,
            out=path,
            lang=i18n.current_language(),
            **self._audit_filters,
            on_success=lambda _d: show_status(
                self.audit_pdf_status_label, self.tr("Gespeichert: %1").replace("%1", Path(path).name)
            ),
            on_error=failed,
        )

    # --- retention -------------------------------------------------------------------------

    @property
    def current_due(self) -> retention.DueClient | None:
        index = self.retention_table.currentIndex()
        return index.data(ObjectRole) if index.isValid() else None

    def _retention_buttons(self) -> None:
        selected = self.current_due is not None
        self.erase_button.setEnabled(selected)
        self.legal_hold_button.setEnabled(selected)

    def erase_selected(self) -> None:
        due = self.current_due
        if due is None:
            return
        mode = self.erase_mode_combo.currentText()
        if not self.confirm(
            self.tr("Fall %1 jetzt löschen (%2)? Das kann nicht rückgängig gemacht werden.")
            .replace("%1", due.case_number)
            .replace("%2", mode)
        ):
            return
        self.retention_error_label.clear_error()
        call_for(
            self,
            self.db,
            retention.erase_client,
            client_id=due.id,
            on_success=lambda _mode: self.reload_due(self.tr("Fall %1 gelöscht.").replace("%1", due.case_number)),
            on_error=lambda exc: self.retention_error_label.set_error(error_text(exc)),
        )

    def hold_selected(self) -> None:
        due = self.current_due
        if due is None:
            return
        self.retention_error_label.clear_error()
        call_for(
            self,
            self.db,
            retention.set_legal_hold,
            client_id=due.id,
            hold=True,
            on_success=lambda _r: self.reload_due(
                self.tr("Fall %1 ist gesperrt und wird nicht gelöscht.").replace("%1", due.case_number)
            ),
            on_error=lambda exc: self.retention_error_label.set_error(error_text(exc)),
        )

    # --- offboarding -----------------------------------------------------------------------

    def offboard_selected(self) -> None:
        name = self.offboard_user_combo.currentData()
        if not name:
            return
        if not self.confirm(
            self.tr(
                "„%1“ ausscheiden lassen? Es wird gesichert, das Konto deaktiviert und die Datenbank neu verschlüsselt."
            ).replace("%1", name)
        ):
            return
        self.offboard_error_label.clear_error()
        self.offboard_button.setEnabled(False)
        show_status(self.offboard_status_label, self.tr("Läuft …"))

        def done(result: Any) -> None:
            if result.rotated:
                text = self.tr(
                    "„%1“ ist ausgeschieden: gesichert in %2, Zugang entfernt, die Datenbank hat einen neuen Schlüssel."
                )
            else:
                text = self.tr(
                    "„%1“ ist ausgeschieden: gesichert in %2, Zugang entfernt. Der Datenschlüssel wird "
                    "bei der nächsten Anmeldung ausgetauscht (der Datentresor ist gerade anderswo "
                    "geöffnet)."
                )
            show_status(self.offboard_status_label, text.replace("%1", name).replace("%2", Path(result.backup).name))
            self.reload_users()
            self.users_changed.emit()

        def failed(exc: BaseException) -> None:
            show_status(self.offboard_status_label, "")
            self.offboard_error_label.set_error(error_text(exc))
            self.offboard_button.setEnabled(True)

        # Backup, deactivation, slot removal and key rotation in one service (users.deactivate).
        call_for(self, self.db, users.deactivate, name=name, on_success=done, on_error=failed)

    # --- demo data -------------------------------------------------------------------------

    def generate_demo(self) -> None:
        count = self.demo_count_spin.value()
        if not self.is_demo_vault or not self.confirm(
            self.tr("%1 erfundene Klient*innen im Demo-Tresor erzeugen?").replace("%1", str(count))
        ):
            return
        self.demo_error_label.clear_error()
        show_status(self.demo_status_label, "")
        self.demo_button.setEnabled(False)
        cancel = self._demo_cancel = threading.Event()
        dialog = QProgressDialog(self.tr("Beispieldaten werden erzeugt …"), self.tr("Abbrechen"), 0, count, self)
        dialog.setObjectName("demo_progress_dialog")
        dialog.setWindowTitle(self.tr("Beispieldaten"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0)
        dialog.setAutoClose(False)
        dialog.setAutoReset(False)
        dialog.canceled.connect(cancel.set)
        dialog.setValue(0)
        dialog.show()
        self.demo_progress_dialog = dialog
        signals = self._demo_signals

        def progress(done: int, total: int) -> None:  # on the worker thread
            signals.progressed.emit(done, total)

        def finished() -> None:
            self.demo_button.setEnabled(True)
            self.demo_progress_dialog = None
            dialog.canceled.disconnect()
            dialog.hide()
            dialog.deleteLater()

        def done(result: dict[str, Any]) -> None:
            finished()
            show_status(
                self.demo_status_label,
                self.tr("Erzeugt: %1 Klient*innen, %2 Kontakte, %3 Einwilligungen, %4 Vermittlungen.")
                .replace("%1", str(result["clients"]))
                .replace("%2", str(result["contacts"]))
                .replace("%3", str(result.get("consents", 0)))
                .replace("%4", str(result.get("referrals", 0))),
            )

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, demo.Cancelled):
                show_status(self.demo_status_label, self.tr("Abgebrochen – es wurde nichts gespeichert."))
            else:
                self.demo_error_label.set_error(error_text(exc))

        call_for(
            self,
            self.db,
            demo.generate,
            clients=count,
            seed=int(clock.now().timestamp()) % 100_000,
            progress=progress,
            cancelled=cancel.is_set,
            on_success=done,
            on_error=failed,
        )

    @Slot(int, int)
    def _demo_progressed(self, done: int, total: int) -> None:
        dialog = self.demo_progress_dialog
        if dialog is not None and not (self._demo_cancel and self._demo_cancel.is_set()):
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
