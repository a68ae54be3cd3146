"""Changing one's own password: the forced change after an initial password (a page in the
main window's stack, shown right after sign-in) and "Passwort ändern" (a dialog from the
menu). Both use ``users.change_password`` on the database worker; the policy (zxcvbn, German
advice) is the core's, and the strength bar shows the same verdict while typing."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from referral_desk.core.errors import AuthenticationFailed, InvalidInput
from referral_desk.ui.widgets import BusyIndicator, FieldForm, PasswordStrengthBar, hbox, line_edit


class PasswordChangeForm(QWidget):
    """Current password (unless ``forced``), new password with strength bar, repeat.
    Emits ``changed`` after the worker changed the password."""

    changed = Signal()

    def __init__(self, db, *, forced: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("password_change_form")
        self.db = db
        self.forced = forced
        self._working = False
        actor = db.actor
        self.user_name = actor.name if actor is not None else ""

        self.current_password_edit = line_edit("current_password_edit", 1024)
        self.current_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_edit = line_edit("new_password_edit", 1024)
        self.new_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.strength = PasswordStrengthBar(object_prefix="new_password")
        self.repeat_edit = line_edit("new_password_repeat_edit", 1024)
        self.repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_password_edit.textChanged.connect(lambda text: self.strength.update_for(text, self.user_name))
        self.repeat_edit.returnPressed.connect(self.submit)

        self.form = FieldForm()
        if not forced:
            self.form.add_field(self.tr("&Bisheriges Passwort"), self.current_password_edit, "current_password")
        else:
            self.current_password_edit.hide()
        self.form.add_field(
            self.tr("&Neues Passwort"), self.new_password_edit, "new_password", "password", extra=self.strength
        )
        self.form.add_field(self.tr("Neues Passwort &wiederholen"), self.repeat_edit, "new_password_repeat")
        self.form.add_general_error()
        self.form.general_error_label.setObjectName("password_change_error_label")
        self.busy = BusyIndicator()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.form)
        layout.addWidget(self.busy)

    def first_field(self) -> QLineEdit:
        return self.new_password_edit if self.forced else self.current_password_edit

    def submit(self) -> None:
        if self._working:
            return
        self.form.clear_errors()
        new = self.new_password_edit.text()
        current = None if self.forced else self.current_password_edit.text()
        if current is not None and not current:
            self.form.set_field_error("current_password", self.tr("Bitte das bisherige Passwort eingeben."))
            return
        if new != self.repeat_edit.text():
            self.form.show_error(InvalidInput("input.password_mismatch", field="new_password_repeat"))
            return
        from referral_desk.core.services import users

        self._set_working(True)
        self.db.call(
            users.change_password,
            current_password=current,
            new_password=new,
            on_success=self._done,
            on_error=self._failed,
        )

    def _done(self, _result: object) -> None:
        self._set_working(False)
        for edit in (self.current_password_edit, self.new_password_edit, self.repeat_edit):
            edit.clear()
        self.changed.emit()

    def _failed(self, exc: BaseException) -> None:
        self._set_working(False)
        if isinstance(exc, AuthenticationFailed):
            self.form.set_field_error("current_password", self.tr("Das bisherige Passwort stimmt nicht."))
            self.current_password_edit.clear()
        else:
            self.form.show_error(exc)

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.busy.set_busy(working)
        for edit in (self.current_password_edit, self.new_password_edit, self.repeat_edit):
            edit.setEnabled(not working)

    @property
    def is_working(self) -> bool:
        return self._working


class ForcedPasswordChangePage(QWidget):
    """Shown instead of the workspace while the signed-in user still has the password an
    administrator chose. Only "Passwort ändern" or "Abmelden" lead on."""

    done = Signal()
    sign_out = Signal()

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("forced_password_page")
        title = QLabel(self.tr("Eigenes Passwort festlegen"))
        font = title.font()
        font.setPointSize(font.pointSize() + 6)
        font.setBold(True)
        title.setFont(font)
        intro = QLabel(
            self.tr(
                "Sie melden sich zum ersten Mal an (oder Ihr Passwort wurde zurückgesetzt). Das bisherige Passwort "
                "kennt auch die Administration. Bitte legen Sie jetzt ein eigenes fest, das nur Sie kennen: am "
                "besten einen Satz aus vier oder mehr Wörtern."
            )
        )
        intro.setObjectName("forced_password_intro_label")
        intro.setWordWrap(True)
        self.form = PasswordChangeForm(db, forced=True)
        self.form.changed.connect(self.done)
        self.save_button = QPushButton(self.tr("Passwort &speichern"))
        self.save_button.setObjectName("forced_password_save_button")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.form.submit)
        self.sign_out_button = QPushButton(self.tr("&Abmelden"))
        self.sign_out_button.setObjectName("forced_password_sign_out_button")
        self.sign_out_button.clicked.connect(self.sign_out)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(560)
        card_layout = QVBoxLayout(card)
        card_layout.setContentsMargins(28, 24, 28, 24)
        card_layout.addWidget(title)
        card_layout.addWidget(intro)
        card_layout.addWidget(self.form)
        card_layout.addLayout(hbox(self.sign_out_button, None, self.save_button))
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(hbox(None, card, None))
        outer.addStretch(2)
        self.setFocusProxy(self.form.first_field())


class ChangePasswordDialog(QDialog):
    """Datei → Passwort ändern … (Ctrl+Shift+P)."""

    def __init__(self, db, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("change_password_dialog")
        self.setWindowTitle(self.tr("Passwort ändern"))
        intro = QLabel(
            self.tr("Das neue Passwort gilt ab sofort für Ihr Benutzerkonto. Die Daten bleiben unverändert.")
        )
        intro.setWordWrap(True)
        self.form = PasswordChangeForm(db, forced=False)
        self.form.changed.connect(self.accept)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("change_password_ok_button")
        self.ok_button.setText(self.tr("Passwort &ändern"))
        buttons.accepted.connect(self.form.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.form.first_field().setFocus(Qt.FocusReason.OtherFocusReason)

    def reject(self) -> None:
        if not self.form.is_working:
            super().reject()
