"""The unlock page: sign in with user name and password, or set a new password with the
recovery key.

Key derivation (Argon2id) runs on the database worker; the page shows a busy indicator
meanwhile and never blocks the GUI thread. The last user name is remembered in QSettings
(user names are staff accounts, not client data; nothing else goes there).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from referral_desk.core.errors import AuthenticationFailed, InvalidInput
from referral_desk.ui.widgets import (
    BusyIndicator,
    ErrorLabel,
    FieldForm,
    PasswordStrengthBar,
    centred_label,
    error_text,
    hbox,
    monospace_font,
    sign_in_title,
)
from referral_desk.ui.worker import DatabaseWorker

if TYPE_CHECKING:
    from referral_desk.core.services.context import ServiceContext

LAST_USER_KEY = "unlock/last_user"
# The vault the remembered user belongs to: a user name is only pre-filled for that vault.
LAST_VAULT_KEY = "unlock/last_vault"


def _vault_key(vault_dir: Path) -> str:
    return str(Path(vault_dir).expanduser().resolve())


class UnlockPage(QWidget):
    """Emits ``unlocked`` once the worker holds a signed-in context."""

    unlocked = Signal()
    restore_requested = Signal()
    demo_requested = Signal()

    def __init__(
        self,
        db: DatabaseWorker,
        vault_dir: Path,
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        user: str | None = None,
        notice: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("unlock_page")
        self.db = db
        self.vault_dir = vault_dir
        self.settings = settings
        self._working = False

        title = sign_in_title("unlock_title_label")
        # Which vault this page opens (several vaults on one computer: live, demo, restored).
        self.vault_label = centred_label(
            self.tr("Datentresor: %1").replace("%1", str(vault_dir)), "unlock_vault_label", muted=True
        )
        self.vault_label.setToolTip(str(vault_dir))
        self.notice_label = centred_label(notice or "", "unlock_notice_label", notice=True)

        # Two forms, one shown at a time. Not a QStackedWidget: that sizes itself for the
        # taller form, leaving gaps in the shorter one.
        self.mode_widgets = (self._build_sign_in(), self._build_recovery(), self._build_anchor_notice())

        self.busy_indicator = BusyIndicator()

        card = QFrame()
        card.setObjectName("unlock_card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        # A fixed width lets wrapped texts compute their height (no gaps, no clipping).
        card.setFixedWidth(480)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.setSpacing(14)
        card_layout.addWidget(title)
        card_layout.addWidget(self.vault_label)
        card_layout.addWidget(self.notice_label)
        for widget in self.mode_widgets:
            card_layout.addWidget(widget)
        card_layout.addWidget(self.busy_indicator)
        self.restore_link = QPushButton(self.tr("Aus &Sicherung wiederherstellen …"))
        self.restore_link.setObjectName("restore_link_button")
        self.restore_link.setFlat(True)
        self.restore_link.clicked.connect(self.restore_requested)
        self.demo_link = QPushButton(self.tr("&Demo-Tresor öffnen …"))
        self.demo_link.setObjectName("demo_link_button")
        self.demo_link.setFlat(True)
        self.demo_link.clicked.connect(self.demo_requested)
        card_layout.addLayout(hbox(self.restore_link, None, self.demo_link))

        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(hbox(None, card, None))
        outer.addStretch(2)

        self._set_mode(0)
        same_vault = settings.value(LAST_VAULT_KEY, "", type=str) in ("", _vault_key(vault_dir))
        remembered = settings.value(LAST_USER_KEY, "", type=str) if same_vault else ""
        last = user if user is not None else remembered
        self.user_edit.setText(str(last or ""))
        self.setFocusProxy(self.password_edit if last else self.user_edit)

    # --- sign-in -----------------------------------------------------------------------

    def _build_sign_in(self) -> QWidget:
        page = QWidget()
        page.setObjectName("sign_in_form")
        heading = QLabel(self.tr("Der Datentresor ist gesperrt. Bitte melden Sie sich an."))
        heading.setWordWrap(True)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("user_edit")
        self.user_edit.setMaxLength(64)
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(1024)
        self.unlock_error_label = ErrorLabel()
        self.unlock_error_label.setObjectName("unlock_error_label")

        self.sign_in_form = FieldForm()
        self.sign_in_form.add_field(self.tr("&Benutzername"), self.user_edit, "user")
        self.sign_in_form.add_field(self.tr("&Passwort"), self.password_edit, "password")

        self.unlock_button = QPushButton(self.tr("&Entsperren"))
        self.unlock_button.setObjectName("unlock_button")
        self.unlock_button.setDefault(True)
        self.unlock_button.setAutoDefault(True)
        self.unlock_button.clicked.connect(self.unlock)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.unlock)

        self.forgot_button = QPushButton(self.tr("Passwort vergessen?"))
        self.forgot_button.setObjectName("forgot_button")
        self.forgot_button.setFlat(True)
        self.forgot_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.forgot_button.setStyleSheet("text-decoration: underline;")
        self.forgot_button.clicked.connect(self.show_recovery)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(self.sign_in_form)
        layout.addWidget(self.unlock_error_label)
        layout.addSpacing(6)
        layout.addLayout(hbox(self.forgot_button, None, self.unlock_button))
        return page

    def unlock(self) -> None:
        if self._working:
            return
        self.sign_in_form.clear_errors()
        self.unlock_error_label.clear_error()
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not user:
            self.sign_in_form.set_field_error("user", self.tr("Bitte den Benutzernamen eingeben."))
            return
        if not password:
            self.sign_in_form.set_field_error("password", self.tr("Bitte das Passwort eingeben."))
            return
        self._set_working(True)
        self.db.unlock(
            self.vault_dir,
            user,
            password,
            on_success=lambda ctx: self._signed_in(ctx.actor.name),
            on_error=self._unlock_failed,
        )

    def _unlock_failed(self, exc: BaseException) -> None:
        self._set_working(False)
        from referral_desk.core.services.integrity import is_anchor_problem

        if is_anchor_problem(exc):
            self.show_anchor_notice(exc)
            return
        self.unlock_error_label.set_error(error_text(exc))
        # A wrong password is retyped from scratch; the user name stays.
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _signed_in(self, user_name: str) -> None:
        self._set_working(False)
        self.password_edit.clear()
        self.settings.setValue(LAST_USER_KEY, user_name)
        self.settings.setValue(LAST_VAULT_KEY, _vault_key(self.vault_dir))
        self.settings.sync()
        self.unlocked.emit()

    # --- recovery ----------------------------------------------------------------------

    def _build_recovery(self) -> QWidget:
        page = QWidget()
        page.setObjectName("recovery_form")
        heading = QLabel(
            self.tr(
                "Mit dem Wiederherstellungsschlüssel aus der Einrichtung können Sie für ein Benutzerkonto ein "
                "neues Passwort festlegen. Der Vorgang wird protokolliert."
            )
        )
        heading.setWordWrap(True)

        self.recovery_key_edit = QLineEdit()
        self.recovery_key_edit.setObjectName("recovery_key_edit")
        self.recovery_key_edit.setFont(monospace_font())
        self.recovery_key_edit.setPlaceholderText("XXXX-XXXX-XXXX-…")
        self.recovery_key_edit.setMaxLength(200)
        self.recovery_user_edit = QLineEdit()
        self.recovery_user_edit.setObjectName("recovery_user_edit")
        self.recovery_user_edit.setMaxLength(64)
        self.new_password_edit = QLineEdit()
        self.new_password_edit.setObjectName("new_password_edit")
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_strength = PasswordStrengthBar(object_prefix="new_password")
        self.new_password_repeat_edit = QLineEdit()
        self.new_password_repeat_edit.setObjectName("new_password_repeat_edit")
        self.new_password_repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.new_password_edit, self.recovery_user_edit):
            edit.textChanged.connect(self._update_strength)

        self.recovery_form = FieldForm()
        # Labels above the fields: the recovery key needs the full width.
        self.recovery_form.setRowWrapPolicy(FieldForm.RowWrapPolicy.WrapAllRows)
        self.recovery_form.add_field(self.tr("&Wiederherstellungsschlüssel"), self.recovery_key_edit, "recovery_key")
        self.recovery_form.add_field(self.tr("&Benutzername"), self.recovery_user_edit, "user", "name")
        self.recovery_form.add_field(
            self.tr("&Neues Passwort"),
            self.new_password_edit,
            "new_password",
            "password",
            extra=self.new_password_strength,
        )
        self.recovery_form.add_field(
            self.tr("Passwort &wiederholen"), self.new_password_repeat_edit, "new_password_repeat"
        )
        self.recovery_form.add_general_error()
        self.recovery_form.general_error_label.setObjectName("recovery_error_label")

        self.recover_button = QPushButton(self.tr("Passwort setzen und &anmelden"))
        self.recover_button.setObjectName("recover_button")
        self.recover_button.clicked.connect(self.recover)
        self.new_password_repeat_edit.returnPressed.connect(self.recover)
        self.back_to_sign_in_button = QPushButton(self.tr("&Zurück zur Anmeldung"))
        self.back_to_sign_in_button.setObjectName("back_to_sign_in_button")
        self.back_to_sign_in_button.clicked.connect(self.show_sign_in)

        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(self.recovery_form)
        layout.addSpacing(6)
        layout.addLayout(hbox(self.back_to_sign_in_button, None, self.recover_button))
        return page

    def _update_strength(self) -> None:
        self.new_password_strength.update_for(self.new_password_edit.text(), self.recovery_user_edit.text().strip())

    def show_recovery(self) -> None:
        self.unlock_error_label.clear_error()
        if not self.recovery_user_edit.text():
            self.recovery_user_edit.setText(self.user_edit.text().strip())
        self._set_mode(1)
        self.recovery_key_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def show_sign_in(self) -> None:
        self.recovery_form.clear_errors()
        self._set_mode(0)
        (self.password_edit if self.user_edit.text() else self.user_edit).setFocus(Qt.FocusReason.OtherFocusReason)

    def _set_mode(self, index: int) -> None:
        self._mode = index
        for i, widget in enumerate(self.mode_widgets):
            widget.setVisible(i == index)

    @property
    def in_recovery_mode(self) -> bool:
        return self._mode == 1

    def recover(self) -> None:
        if self._working:
            return
        form = self.recovery_form
        form.clear_errors()
        key = self.recovery_key_edit.text().strip()
        user = self.recovery_user_edit.text().strip()
        new = self.new_password_edit.text()
        if not key:
            form.set_field_error("recovery_key", self.tr("Bitte den Wiederherstellungsschlüssel eingeben."))
            return
        if not user:
            form.set_field_error("user", self.tr("Bitte den Benutzernamen eingeben."))
            return
        if new != self.new_password_repeat_edit.text():
            form.show_error(InvalidInput("input.password_mismatch", field="new_password_repeat"))
            return
        self._set_working(True)
        from referral_desk.core.services import users  # loaded on demand: start-up stays light

        self.db.run(
            users.recover_with_key,
            self.vault_dir,
            recovery_key=key,
            user=user,
            new_password=new,
            on_success=self._recovered,
            on_error=self._recovery_failed,
        )

    def _recovered(self, ctx: ServiceContext) -> None:
        for edit in (self.recovery_key_edit, self.new_password_edit, self.new_password_repeat_edit):
            edit.clear()
        self.db.adopt(ctx)
        assert ctx.actor is not None
        self.user_edit.setText(ctx.actor.name)
        self._signed_in(ctx.actor.name)

    def _recovery_failed(self, exc: BaseException) -> None:
        self._set_working(False)
        if isinstance(exc, AuthenticationFailed) and exc.code == "auth.failed":
            # sign_in found no active account of that name: say so plainly.
            self.recovery_form.set_field_error("user", self.tr("Kein aktives Benutzerkonto mit diesem Namen."))
        elif isinstance(exc, AuthenticationFailed):
            self.recovery_form.set_field_error("recovery_key", error_text(exc))
        else:
            self.recovery_form.show_error(exc)

    # --- anchor notice (DESIGN.md §5) -----------------------------------------------------
    # The database does not contain the audit head this machine last saw: rolled back,
    # replaced, or changes lost. Nobody works in it until an administrator has looked and
    # acknowledged it here with a reason (audited as vault.anchor_acknowledged).

    def _build_anchor_notice(self) -> QWidget:
        page = QFrame()
        page.setObjectName("anchor_notice")
        page.setStyleSheet("#anchor_notice { background: #ffebee; border: 1px solid #e57373; border-radius: 4px; }")
        heading = QLabel(self.tr("Der Datentresor ist nicht auf dem zuletzt gesehenen Stand"))
        heading.setObjectName("anchor_notice_heading_label")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        heading.setWordWrap(True)
        self.anchor_detail_label = QLabel()
        self.anchor_detail_label.setObjectName("anchor_detail_label")
        self.anchor_detail_label.setWordWrap(True)
        explain = QLabel(
            self.tr(
                "Bis eine Administratorin oder ein Administrator das geprüft und hier mit einem Grund bestätigt hat, "
                "kann niemand mit dem Datentresor arbeiten. Vorher prüfen: Gibt es eine neuere Sicherung? Dann diese "
                "wiederherstellen. Die Bestätigung wird protokolliert."
            )
        )
        explain.setWordWrap(True)
        self.anchor_admin_edit = QLineEdit()
        self.anchor_admin_edit.setObjectName("anchor_admin_edit")
        self.anchor_admin_edit.setMaxLength(64)
        self.anchor_password_edit = QLineEdit()
        self.anchor_password_edit.setObjectName("anchor_password_edit")
        self.anchor_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.anchor_reason_edit = QLineEdit()
        self.anchor_reason_edit.setObjectName("anchor_reason_edit")
        self.anchor_reason_edit.setMaxLength(500)
        self.anchor_reason_edit.setPlaceholderText(self.tr("z. B. Ordner aus der Sicherung vom Montag zurückgespielt"))
        self.anchor_form = FieldForm()
        self.anchor_form.add_field(self.tr("Administration"), self.anchor_admin_edit, "user")
        self.anchor_form.add_field(self.tr("Passwort"), self.anchor_password_edit, "password")
        self.anchor_form.add_field(self.tr("Grund"), self.anchor_reason_edit, "reason")
        self.anchor_error_label = ErrorLabel()
        self.anchor_error_label.setObjectName("anchor_error_label")
        self.acknowledge_button = QPushButton(self.tr("Prüfung bestätigen"))
        self.acknowledge_button.setObjectName("acknowledge_button")
        self.acknowledge_button.clicked.connect(self.acknowledge)
        self.anchor_password_edit.returnPressed.connect(self.acknowledge)
        self.anchor_reason_edit.returnPressed.connect(self.acknowledge)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(self.anchor_detail_label)
        layout.addWidget(explain)
        layout.addLayout(self.anchor_form)
        layout.addWidget(self.anchor_error_label)
        layout.addLayout(hbox(None, self.acknowledge_button))
        return page

    def show_anchor_notice(self, exc: BaseException) -> None:
        # The message's last sentence names the CLI command; here the form below is the way.
        detail = error_text(exc)
        for hint in (" Nur eine Administration kann", " Only an administrator can"):
            detail = detail.split(hint)[0]
        self.anchor_detail_label.setText(detail)
        self.anchor_error_label.clear_error()
        self.anchor_form.clear_errors()
        self.password_edit.clear()
        self._set_mode(2)
        self.anchor_admin_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    @property
    def shows_anchor_notice(self) -> bool:
        return self._mode == 2

    def acknowledge(self) -> None:
        if self._working:
            return
        from referral_desk.core.services import integrity

        self.anchor_form.clear_errors()
        self.anchor_error_label.clear_error()
        admin = self.anchor_admin_edit.text().strip()
        password = self.anchor_password_edit.text()
        reason = self.anchor_reason_edit.text().strip()
        if not admin:
            self.anchor_form.set_field_error("user", self.tr("Bitte den Benutzernamen der Administration eingeben."))
            return
        if not password:
            self.anchor_form.set_field_error("password", self.tr("Bitte das Passwort eingeben."))
            return
        if not reason:
            self.anchor_form.set_field_error("reason", self.tr("Bitte einen Grund angeben."))
            return
        self._set_working(True)
        self.db.run(
            integrity.acknowledge_at_unlock,
            self.vault_dir,
            user=admin,
            password=password,
            reason=reason,
            on_success=lambda _done: self._acknowledged(),
            on_error=self._acknowledge_failed,
        )

    def _acknowledged(self) -> None:
        self._set_working(False)
        self.anchor_password_edit.clear()
        self.anchor_reason_edit.clear()
        self.set_notice(self.tr("Bestätigt und protokolliert. Bitte jetzt anmelden."))
        self.show_sign_in()

    def _acknowledge_failed(self, exc: BaseException) -> None:
        self._set_working(False)
        self.anchor_password_edit.clear()
        self.anchor_error_label.set_error(error_text(exc))

    # --- shared ------------------------------------------------------------------------

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.busy_indicator.set_busy(working)
        for widget in (
            self.unlock_button,
            self.recover_button,
            self.forgot_button,
            self.back_to_sign_in_button,
            self.user_edit,
            self.password_edit,
            self.acknowledge_button,
        ):
            widget.setEnabled(not working)

    @property
    def is_working(self) -> bool:
        return self._working

    def set_notice(self, text: str | None) -> None:
        self.notice_label.setText(text or "")
        self.notice_label.setVisible(bool(text))
