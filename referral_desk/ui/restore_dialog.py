"""Restore from a backup inside the app: choose the file → password or recovery key →
target folder → verify → open.

The work is the core's (``backup.restore`` checks the file's integrity before anything is
written, then the database structure and the audit chain against the backup's manifest); the
dialog only collects the inputs and runs it on the database worker. With a password the
restored vault opens signed in; with the recovery key the unlock page of the restored vault
asks for a new password (the recovery key cannot sign anybody in by itself).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLocale, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import clock
from referral_desk.core.errors import AuthenticationFailed, InvalidInput, ReferralDeskError
from referral_desk.ui import file_dialogs
from referral_desk.ui.widgets import BusyIndicator, FieldForm, error_text, hbox, line_edit, monospace_font


@dataclass
class Restored:
    directory: Path
    ctx: object | None  # ServiceContext when opened with a password
    checks: list[str]
    recovery_key: str | None = None


def restore_and_open(
    source: Path, target: Path, *, user: str | None, password: str | None, recovery_key: str | None
) -> Restored:
    """On the worker: restore (verifying the backup first), run the full verify, then sign
    in with the password or close again for the recovery-key path."""
    from referral_desk.core import backup
    from referral_desk.core.services.context import ServiceContext

    vault = backup.restore(
        source,
        target,
        user=user if recovery_key is None else None,
        password=password if recovery_key is None else None,
        recovery_key=recovery_key,
    )
    try:
        checks = vault.verify()
        if recovery_key is None:
            assert user is not None
            return Restored(target, ServiceContext.sign_in(vault, user), checks)
    except BaseException:
        vault.close()
        raise
    vault.close()
    return Restored(target, None, checks, recovery_key)


def default_target(vault_dir: Path, when: dt.datetime | None = None) -> Path:
    """A new folder beside the current vault; never the current vault itself."""
    when = when or clock.now()
    return vault_dir.parent / f"{vault_dir.name}-wiederhergestellt-{when.strftime('%Y%m%d-%H%M')}"


class RestoreDialog(QDialog):
    restored = Signal(object)  # Restored

    def __init__(self, db, vault_dir: Path, parent: QWidget | None = None, *, user: str = "") -> None:
        super().__init__(parent)
        self.setObjectName("restore_dialog")
        self.setWindowTitle(self.tr("Aus Sicherung wiederherstellen"))
        self.db = db
        self._working = False
        intro = QLabel(
            self.tr(
                "Eine Sicherung (.rdbackup) wird in einen neuen, leeren Ordner wiederhergestellt und vorher geprüft. "
                "Der bisherige Datentresor bleibt unverändert. Zum Öffnen gilt das Passwort, das beim Erstellen der "
                "Sicherung galt, oder der Wiederherstellungsschlüssel."
            )
        )
        intro.setWordWrap(True)

        self.file_edit = line_edit("restore_file_edit", 4000)
        self.file_edit.setPlaceholderText(self.tr("Sicherungsdatei (.rdbackup)"))
        self.file_edit.editingFinished.connect(self._describe_file)
        self.file_button = QPushButton(self.tr("&Datei wählen …"))
        self.file_button.setObjectName("restore_file_button")
        self.file_button.clicked.connect(self.choose_file)
        self.file_info_label = QLabel()
        self.file_info_label.setObjectName("restore_file_info_label")
        self.file_info_label.setWordWrap(True)

        self.password_radio = QRadioButton(self.tr("mit &Benutzername und Passwort"))
        self.password_radio.setObjectName("restore_password_radio")
        self.recovery_radio = QRadioButton(self.tr("mit &Wiederherstellungsschlüssel"))
        self.recovery_radio.setObjectName("restore_recovery_radio")
        group = QButtonGroup(self)
        group.addButton(self.password_radio)
        group.addButton(self.recovery_radio)
        self.password_radio.setChecked(True)
        self.password_radio.toggled.connect(self._update_mode)
        self.user_edit = line_edit("restore_user_edit", 64)
        self.user_edit.setText(user)
        self.password_edit = line_edit("restore_password_edit", 1024)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.recovery_key_edit = line_edit("restore_recovery_key_edit", 200)
        self.recovery_key_edit.setFont(monospace_font())
        self.recovery_key_edit.setPlaceholderText("XXXX-XXXX-XXXX-…")

        self.target_edit = line_edit("restore_target_edit", 4000)
        self.target_edit.setText(str(default_target(Path(vault_dir))))
        self.target_button = QPushButton(self.tr("&Ordner wählen …"))
        self.target_button.setObjectName("restore_target_button")
        self.target_button.clicked.connect(self.choose_target)

        self.form = FieldForm()
        f = self.form
        file_row = QWidget()
        file_row.setObjectName("restore_file")
        file_row.setLayout(hbox(self.file_edit, self.file_button, stretch_at=0))
        f.add_field(self.tr("1. &Sicherung"), file_row, "file", "source", extra=self.file_info_label)
        mode_row = QWidget()
        mode_row.setLayout(hbox(self.password_radio, self.recovery_radio, None))
        f.addRow(QLabel(self.tr("2. Öffnen")), mode_row)
        self.user_error = f.add_field(self.tr("Benutzer&name"), self.user_edit, "user")
        self.password_error = f.add_field(self.tr("&Passwort"), self.password_edit, "password")
        self.recovery_error = f.add_field(
            self.tr("Wiederherstellungs&schlüssel"), self.recovery_key_edit, "recovery_key"
        )
        target_row = QWidget()
        target_row.setObjectName("restore_target")
        target_row.setLayout(hbox(self.target_edit, self.target_button, stretch_at=0))
        f.add_field(self.tr("3. &Zielordner (neu, leer)"), target_row, "target")
        f.add_general_error()
        f.general_error_label.setObjectName("restore_error_label")

        self.busy = BusyIndicator()
        self.result_label = QLabel()
        self.result_label.setObjectName("restore_result_label")
        self.result_label.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = buttons.addButton(
            self.tr("4. Prüfen und &wiederherstellen"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.restore_button.setObjectName("restore_button")
        self.restore_button.setDefault(True)
        self.restore_button.clicked.connect(self.restore)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(f)
        layout.addWidget(self.busy)
        layout.addWidget(self.result_label)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self._update_mode()

    # --- inputs -------------------------------------------------------------------------------

    def _rows(self, widget: QWidget, visible: bool) -> None:
        # QFormLayout.setRowVisible (Qt ≥ 6.4) hides caption, field and its error together.
        for row in range(self.form.rowCount()):
            item = self.form.itemAt(row, FieldForm.ItemRole.FieldRole)
            inner = item.layout() if item is not None else None
            if inner is not None and inner.indexOf(widget) >= 0:
                self.form.setRowVisible(row, visible)

    def _update_mode(self) -> None:
        with_password = self.password_radio.isChecked()
        self._rows(self.user_edit, with_password)
        self._rows(self.password_edit, with_password)
        self._rows(self.recovery_key_edit, not with_password)

    def choose_file(self) -> None:
        path = file_dialogs.open_file(
            self, self.tr("Sicherung auswählen"), self.tr("Referral-Desk-Sicherungen (*.rdbackup)")
        )
        if path:
            self.set_file(path)

    def choose_target(self) -> None:
        path = file_dialogs.choose_folder(self, self.tr("Zielordner auswählen"))
        if path:
            self.target_edit.setText(path)

    def set_file(self, path: str | Path) -> None:
        self.file_edit.setText(str(path))
        self._describe_file()

    def _describe_file(self) -> None:
        """What the header tells without a password: when and which vault (no personal data)."""
        from referral_desk.core import backup

        self.form.clear_errors()
        text = self.file_edit.text().strip()
        if not text:
            self.file_info_label.clear()
            return
        try:
            info = backup.info(Path(text).expanduser())
        except (ReferralDeskError, OSError) as exc:
            self.file_info_label.clear()
            if isinstance(exc, ReferralDeskError):
                self.form.set_field_error("file", error_text(exc), focus=False)
            return
        try:
            when = dt.datetime.fromisoformat(info.created_at).astimezone()
            when_text = QLocale().toString(when, QLocale.FormatType.ShortFormat)  # type: ignore[call-overload]  # PySide6 converts Python dates; its stubs want QDate(Time)
        except ValueError:
            when_text = info.created_at
        self.file_info_label.setText(
            self.tr("Erstellt am %1 · Tresor %2 · %3 Protokolleinträge")
            .replace("%1", when_text)
            .replace("%2", info.vault_id[:8])
            .replace("%3", str(info.audit_seq))
        )

    # --- run -----------------------------------------------------------------------------------

    def restore(self) -> None:
        if self._working:
            return
        f = self.form
        f.clear_errors()
        source = Path(self.file_edit.text().strip()).expanduser()
        target_text = self.target_edit.text().strip()
        if not self.file_edit.text().strip() or not source.is_file():
            f.set_field_error("file", self.tr("Bitte eine vorhandene Sicherungsdatei wählen."))
            return
        if not target_text:
            f.set_field_error("target", self.tr("Bitte einen Zielordner angeben."))
            return
        target = Path(target_text).expanduser()
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            f.set_field_error("target", self.tr("Der Zielordner muss neu oder leer sein."))
            return
        user = password = key = None
        if self.password_radio.isChecked():
            user, password = self.user_edit.text().strip(), self.password_edit.text()
            if not user:
                f.set_field_error("user", self.tr("Bitte den Benutzernamen eingeben."))
                return
            if not password:
                f.set_field_error("password", self.tr("Bitte das Passwort eingeben."))
                return
        else:
            key = self.recovery_key_edit.text().strip()
            if not key:
                f.set_field_error("recovery_key", self.tr("Bitte den Wiederherstellungsschlüssel eingeben."))
                return
        self._set_working(True)
        self.result_label.setText(self.tr("Sicherung wird geprüft und wiederhergestellt …"))
        self.db.run(
            restore_and_open,
            source,
            target,
            user=user,
            password=password,
            recovery_key=key,
            on_success=self._done,
            on_error=self._failed,
        )

    def _done(self, result: Restored) -> None:
        self._set_working(False)
        self.password_edit.clear()
        self.recovery_key_edit.clear()
        self.result_label.setText(
            self.tr("Wiederhergestellt und geprüft (%n Prüfungen bestanden).", "", len(result.checks))
        )
        self.restored.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._set_working(False)
        self.result_label.clear()
        if isinstance(exc, AuthenticationFailed):
            field = "password" if self.password_radio.isChecked() else "recovery_key"
            self.form.set_field_error(field, error_text(exc))
            self.password_edit.clear()
        elif isinstance(exc, InvalidInput) and exc.field in ("target", "user"):
            self.form.show_error(exc)
        elif isinstance(exc, ReferralDeskError):
            self.form.set_field_error("file", error_text(exc))
        else:
            self.form.general_error_label.set_error(error_text(exc))

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.busy.set_busy(working)
        self.restore_button.setEnabled(not working)
        for w in (
            self.file_edit,
            self.file_button,
            self.user_edit,
            self.password_edit,
            self.recovery_key_edit,
            self.target_edit,
            self.target_button,
            self.password_radio,
            self.recovery_radio,
        ):
            w.setEnabled(not working)

    @property
    def is_working(self) -> bool:
        return self._working

    def reject(self) -> None:
        if not self._working:
            super().reject()
