"""Verwaltung → Datenschutz: backups, audit log, retention and erasure, offboarding, demo data.

Every service call runs on the database worker. The folder chooser and the confirmation
question are plain attributes (``choose_folder``, ``confirm``) so tests can answer them.
The demo generator reports progress from the worker thread through a queued signal; the
progress dialog's "Abbrechen" sets a ``threading.Event`` the generator polls.
"""
from __future__ import annotations

import datetime as dt
import threading
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, Signal, Slot
from PySide6.QtGui import QIntValidator
from PySide6.QtWidgets import (QComboBox, QGroupBox, QLabel,
                               QMessageBox, QProgressDialog, QPushButton, QSpinBox, QTableView, QVBoxLayout, QWidget)

from referral_desk.core import policy
from referral_desk.core.models import OrganisationRead
from referral_desk.core.services import audit_log, backups, demo, organisation, retention, users
from referral_desk.ui.widgets import (DateEdit, ErrorLabel, FieldForm, ObjectRole, RecordTableModel, call_for, combo,
                                      error_text, hbox, line_edit, record_table_view, scrolled, select_key,
                                      show_status, status_label)
from referral_desk.ui.worker import DatabaseWorker
from referral_desk.ui import file_dialogs

AUDIT_PAGE = 200


def _local_time(at: str) -> str:
    try:
        moment = dt.datetime.fromisoformat(at)
    except (TypeError, ValueError):
        return at or ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
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

    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("data_protection_tab")
        self.db = db
        self.choose_folder: Callable[[], str | None] = self._ask_folder
        self.confirm: Callable[[str], bool] = self._ask_confirmation
        self._audit_filters: dict[str, Any] = {}
        self._audit_rows: list[audit_log.AuditEntry] = []
        self._audit_total = 0
        self.demo_progress_dialog: QProgressDialog | None = None
        self._demo_cancel: threading.Event | None = None
        self._demo_signals = _DemoProgress(self)
        self._demo_signals.progressed.connect(self._demo_progressed, Qt.ConnectionType.QueuedConnection)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.addWidget(self._build_backup())
        layout.addWidget(self._build_audit())
        layout.addWidget(self._build_retention())
        layout.addWidget(self._build_offboarding())
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
        self.backup_dir_edit.setPlaceholderText(self.tr("keine automatische Sicherung"))
        self.backup_dir_button = QPushButton(self.tr("Aus&wählen …"))
        self.backup_dir_button.setObjectName("backup_dir_button")
        self.backup_dir_button.clicked.connect(self._pick_backup_dir)
        dir_widget = QWidget()
        dir_widget.setLayout(hbox(self.backup_dir_edit, self.backup_dir_button, stretch_at=0))
        self.backup_keep_spin = QSpinBox()
        self.backup_keep_spin.setObjectName("backup_keep_spin")
        self.backup_keep_spin.setRange(1, 100)
        self.backup_keep_spin.setSuffix(self.tr(" Sicherungen"))
        self.erase_mode_combo = combo("erase_mode_combo", [
            ("anonymise", self.tr("anonymisieren (Statistikangaben bleiben)")),
            ("delete", self.tr("vollständig löschen"))])
        self.retention_years_spin = QSpinBox()
        self.retention_years_spin.setObjectName("retention_years_spin")
        self.retention_years_spin.setRange(1, 30)
        self.retention_years_spin.setSuffix(self.tr(" Jahre"))
        for narrow in (self.backup_keep_spin, self.retention_years_spin, self.erase_mode_combo):
            narrow.setMaximumWidth(320)
        self.data_protection_save_button = QPushButton(self.tr("S&peichern"))
        self.data_protection_save_button.setObjectName("data_protection_save_button")
        self.data_protection_save_button.clicked.connect(self.save_settings)
        self.settings_status_label = status_label("data_protection_status_label")

        self.settings_form = FieldForm()
        f = self.settings_form
        f.add_field(self.tr("Ordner für automatische Sicherung"), dir_widget, "backup_dir")
        f.add_field(self.tr("Aufbewahren (neueste)"), self.backup_keep_spin, "backup_keep")
        f.add_field(self.tr("Löschen bedeutet"), self.erase_mode_combo, "erase_mode")
        f.add_field(self.tr("Aufbewahrung nach Fallabschluss"), self.retention_years_spin, "retention_years")
        f.add_general_error()
        f.general_error_label.setObjectName("data_protection_error_label")

        layout = QVBoxLayout(box)
        layout.addWidget(_note(self.tr(
            "Eine Sicherung ist eine verschlüsselte Datei (.rdbackup) mit Datenbank und Schlüsselbund. Beim "
            "Schließen des Programms wird automatisch in den Ordner unten gesichert.")))
        layout.addLayout(hbox(self.backup_now_button, self.backup_status_label, None))
        layout.addWidget(self.backup_error_label)
        layout.addLayout(f)
        layout.addLayout(hbox(self.settings_status_label, None, self.data_protection_save_button))
        restore = _note(self.tr(
            "Wiederherstellen: in der Eingabeaufforderung <code>referral-desk restore DATEI</code> in einem "
            "leeren Ordner ausführen; danach melden sich alle mit ihren bisherigen Passwörtern an."))
        restore.setObjectName("restore_note_label")
        restore.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(restore)
        return box

    def _build_audit(self) -> QGroupBox:
        box = QGroupBox(self.tr("Protokoll"))
        box.setObjectName("audit_group")
        self.audit_user_edit = line_edit("audit_user_edit", 64)
        self.audit_user_edit.setPlaceholderText(self.tr("Benutzername"))
        self.audit_action_edit = line_edit("audit_action_edit", 64)
        self.audit_action_edit.setPlaceholderText(self.tr("z. B. client."))
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
        for edit in (self.audit_user_edit, self.audit_action_edit, self.audit_client_edit):
            edit.returnPressed.connect(self.show_audit)

        self.audit_model = RecordTableModel([
            (self.tr("Nr."), lambda e: e.seq),
            (self.tr("Zeit"), lambda e: _local_time(e.at)),
            (self.tr("Benutzer*in"), lambda e: e.user or ""),
            (self.tr("Aktion"), lambda e: e.action),
            (self.tr("Objekt"), lambda e: e.entity or ""),
            (self.tr("ID"), lambda e: e.entity_id),
            (self.tr("Felder"), lambda e: ", ".join(e.fields)),
        ], self)
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
        layout.addLayout(hbox(QLabel(self.tr("Benutzer*in")), self.audit_user_edit,
                              QLabel(self.tr("Aktion beginnt mit")), self.audit_action_edit,
                              QLabel(self.tr("Klient*in")), self.audit_client_edit, None))
        layout.addLayout(hbox(QLabel(self.tr("von")), self.audit_from_edit, QLabel(self.tr("bis")),
                              self.audit_to_edit, None, self.audit_show_button))
        layout.addWidget(self.audit_table)
        layout.addLayout(hbox(self.audit_total_label, None, self.audit_more_button))
        layout.addWidget(self.audit_error_label)
        return box

    def _build_retention(self) -> QGroupBox:
        box = QGroupBox(self.tr("Aufbewahrung und Löschung"))
        box.setObjectName("retention_group")
        self.retention_model = RecordTableModel([
            (self.tr("Fallnummer"), lambda c: c.case_number),
            (self.tr("Abgeschlossen am"), lambda c: _date(c.closed_on)),
            (self.tr("Löschen fällig seit"), lambda c: _date(c.due_since)),
            (self.tr("Berater*in"), lambda c: c.counsellor or ""),
        ], self)
        self.retention_table = _table("retention_table", self.retention_model, stretch=3)
        self.retention_table.setMinimumHeight(120)
        self.retention_table.setMaximumHeight(200)
        self.retention_table.selectionModel().currentRowChanged.connect(lambda *_a: self._retention_buttons())
        self.erase_button = QPushButton(self.tr("&Löschen …"))
        self.erase_button.setObjectName("erase_button")
        self.erase_button.clicked.connect(self.erase_selected)
        self.legal_hold_button = QPushButton(self.tr("Sperre &setzen"))
        self.legal_hold_button.setObjectName("legal_hold_button")
        self.legal_hold_button.setToolTip(self.tr("Gesetzliche Aufbewahrungspflicht oder laufendes Verfahren: "
                                                  "der Fall wird nicht gelöscht."))
        self.legal_hold_button.clicked.connect(self.hold_selected)
        self.retention_status_label = status_label("retention_status_label")
        self.retention_error_label = ErrorLabel()
        self.retention_error_label.setObjectName("retention_error_label")
        self.retention_unavailable_label = _note(self.tr(
            "Die Liste der zu löschenden Fälle sehen Teamleitungen (oder Administrator*innen, die zugleich das "
            "Team leiten)."))
        self.retention_unavailable_label.setObjectName("retention_unavailable_label")

        self.retention_content = QWidget()
        inner = QVBoxLayout(self.retention_content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(_note(self.tr("Abgeschlossene Fälle, deren Aufbewahrungsfrist abgelaufen ist und die "
                                      "nicht gesperrt sind.")))
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
        layout.addWidget(_note(self.tr(
            "Verlässt jemand die Beratungsstelle, wird zuerst eine Sicherung erstellt, dann das Konto "
            "deaktiviert und die Datenbank mit einem neuen Schlüssel verschlüsselt. Eine alte Kopie von "
            "Datenbank oder Schlüsselbund öffnet danach die aktuellen Daten nicht mehr. Die übrigen "
            "Kolleg*innen behalten ihre Passwörter.")))
        layout.addLayout(hbox(self.offboard_user_combo, self.offboard_button, None))
        layout.addWidget(self.offboard_status_label)
        layout.addWidget(self.offboard_error_label)
        return box

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
        layout = QVBoxLayout(box)
        layout.addWidget(_note(self.tr(
            "Erfundene Klient*innen mit Kontakten, Einwilligungen und Vermittlungen – zum Ausprobieren und "
            "für Schulungen. Nicht in einer Datenbank mit echten Fällen verwenden.")))
        layout.addLayout(hbox(self.demo_count_spin, self.demo_button, None))
        layout.addWidget(self.demo_status_label)
        layout.addWidget(self.demo_error_label)
        return box

    # --- dialogs (replaced by tests) -----------------------------------------------------

    def _ask_folder(self) -> str | None:
        return file_dialogs.choose_folder(self, self.tr("Ordner für die Sicherung wählen"), db=self.db)

    def _ask_confirmation(self, text: str) -> bool:
        answer = QMessageBox.question(self, self.tr("Bitte bestätigen"), text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    # --- data ------------------------------------------------------------------------------

    def reload(self) -> None:
        call_for(self, self.db, organisation.get_organisation, on_success=self._fill_settings,
                 on_error=lambda exc: self.settings_form.general_error_label.set_error(error_text(exc)))
        self.reload_users()
        self.reload_due()
        self.show_audit()

    def _fill_settings(self, org: OrganisationRead) -> None:
        self.backup_dir_edit.setText(org.backup_dir or "")
        self.backup_keep_spin.setValue(org.backup_keep)
        select_key(self.erase_mode_combo, org.erase_mode)
        self.retention_years_spin.setValue(org.retention_years)

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

        call_for(self, self.db, users.list_users, include_inactive=False, on_success=shown,
                 on_error=lambda exc: self.offboard_error_label.set_error(error_text(exc)))

    def reload_due(self, status: str = "") -> None:
        allowed = policy.is_lead(self.db.actor)
        self.retention_content.setVisible(allowed)
        self.retention_unavailable_label.setVisible(not allowed)
        if not allowed:
            self.retention_model.clear()
            return

        def shown(rows: list[retention.DueClient]) -> None:
            self.retention_error_label.clear_error()
            self.retention_model.set_rows(rows)
            self._retention_buttons()
            show_status(self.retention_status_label, status)

        call_for(self, self.db, retention.due_for_erasure, on_success=shown,
                 on_error=lambda exc: self.retention_error_label.set_error(error_text(exc)))

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
        return {"backup_dir": self.backup_dir_edit.text().strip() or None,
                "backup_keep": self.backup_keep_spin.value(),
                "erase_mode": self.erase_mode_combo.currentData(),
                "retention_years": self.retention_years_spin.value()}

    def save_settings(self) -> None:
        self.settings_form.clear_errors()
        show_status(self.settings_status_label, "")

        def saved(org: OrganisationRead) -> None:
            self._fill_settings(org)
            show_status(self.settings_status_label, self.tr("Gespeichert."))
            self.organisation_saved.emit(org)
            self.reload_due()

        call_for(self, self.db, organisation.update_organisation, changes=self.settings_changes(),
                 on_success=saved, on_error=self.settings_form.show_error)

    # --- audit log -----------------------------------------------------------------------

    def show_audit(self) -> None:
        client = self.audit_client_edit.text().strip()
        self._audit_filters = {
            "user": self.audit_user_edit.text().strip() or None,
            "action": self.audit_action_edit.text().strip() or None,
            "date_from": self.audit_from_edit.value(),
            "date_to": self.audit_to_edit.value(),
            "client_id": int(client) if client.isdigit() else None,
        }
        self._load_audit(offset=0)

    def load_more_audit(self) -> None:
        self._load_audit(offset=len(self._audit_rows))

    def _load_audit(self, *, offset: int) -> None:
        self.audit_more_button.setEnabled(False)

        def shown(result: tuple[int, list[audit_log.AuditEntry]]) -> None:
            total, rows = result
            self.audit_error_label.clear_error()
            self._audit_total = total
            self._audit_rows = (self._audit_rows if offset else []) + list(rows)
            self.audit_model.set_rows(self._audit_rows)
            self.audit_total_label.setText(self.tr("%1 von %2 Einträgen angezeigt")
                                           .replace("%1", str(len(self._audit_rows))).replace("%2", str(total)))
            self.audit_more_button.setEnabled(len(self._audit_rows) < total)

        call_for(self, self.db, audit_log.list_events, **self._audit_filters, offset=offset, limit=AUDIT_PAGE,
                 on_success=shown, on_error=lambda exc: self.audit_error_label.set_error(error_text(exc)))

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
        if not self.confirm(self.tr("Fall %1 jetzt löschen (%2)? Das kann nicht rückgängig gemacht werden.")
                            .replace("%1", due.case_number).replace("%2", mode)):
            return
        self.retention_error_label.clear_error()
        call_for(self, self.db, retention.erase_client, client_id=due.id,
                 on_success=lambda _mode: self.reload_due(self.tr("Fall %1 gelöscht.").replace("%1", due.case_number)),
                 on_error=lambda exc: self.retention_error_label.set_error(error_text(exc)))

    def hold_selected(self) -> None:
        due = self.current_due
        if due is None:
            return
        self.retention_error_label.clear_error()
        call_for(self, self.db, retention.set_legal_hold, client_id=due.id, hold=True,
                 on_success=lambda _r: self.reload_due(
                     self.tr("Fall %1 ist gesperrt und wird nicht gelöscht.").replace("%1", due.case_number)),
                 on_error=lambda exc: self.retention_error_label.set_error(error_text(exc)))

    # --- offboarding -----------------------------------------------------------------------

    def offboard_selected(self) -> None:
        name = self.offboard_user_combo.currentData()
        if not name:
            return
        if not self.confirm(self.tr("„%1“ ausscheiden lassen? Es wird gesichert, das Konto deaktiviert und "
                                    "die Datenbank neu verschlüsselt.").replace("%1", name)):
            return
        self.offboard_error_label.clear_error()
        self.offboard_button.setEnabled(False)
        show_status(self.offboard_status_label, self.tr("Läuft …"))

        def done(result: Any) -> None:
            if result.rotated:
                text = self.tr("„%1“ ist ausgeschieden: gesichert in %2, Zugang entfernt, die Datenbank hat einen "
                               "neuen Schlüssel.")
            else:
                text = self.tr("„%1“ ist ausgeschieden: gesichert in %2, Zugang entfernt. Der Datenschlüssel wird "
                               "bei der nächsten Anmeldung ausgetauscht (der Datentresor ist gerade anderswo "
                               "geöffnet).")
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
            show_status(self.demo_status_label, self.tr(
                "Erzeugt: %1 Klient*innen, %2 Kontakte, %3 Einwilligungen, %4 Vermittlungen.")
                .replace("%1", str(result["clients"])).replace("%2", str(result["contacts"]))
                .replace("%3", str(result.get("consents", 0))).replace("%4", str(result.get("referrals", 0))))

        def failed(exc: BaseException) -> None:
            finished()
            if isinstance(exc, demo.Cancelled):
                show_status(self.demo_status_label, self.tr("Abgebrochen – es wurde nichts gespeichert."))
            else:
                self.demo_error_label.set_error(error_text(exc))

        call_for(self, self.db, demo.generate, clients=count, seed=int(dt.datetime.now().timestamp()) % 100_000,
                 progress=progress, cancelled=cancel.is_set, on_success=done, on_error=failed)

    @Slot(int, int)
    def _demo_progressed(self, done: int, total: int) -> None:
        dialog = self.demo_progress_dialog
        if dialog is not None and not (self._demo_cancel and self._demo_cancel.is_set()):
            dialog.setMaximum(total)
            dialog.setValue(min(done, total))
