"""Sign-in to the team database (team mode: ``referral-desk-gui --dsn …``).

The server is named on the page (database and host), the person types their login name and
password; the server checks both (SCRAM over TLS, ``sslmode=verify-full`` unless the DSN names
another mode). The password is used for this connection only and never stored: not in
QSettings, not in the keyring — a desk that signed itself in from the keyring would make the
lock pointless. The login name is remembered like the vault's (staff accounts, not client data).
"""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from referral_desk.ui.widgets import (
    BusyIndicator,
    ErrorLabel,
    FieldForm,
    centred_label,
    error_text,
    hbox,
    sign_in_title,
)
from referral_desk.ui.worker import DatabaseWorker

LAST_USER_KEY = "team/last_user"
LAST_SERVER_KEY = "team/last_server"


def server_label(params: dict[str, str]) -> str:
    """ "awo_lu @ db.example.org" — what the page and the status bar call the team database."""
    host = params.get("host") or params.get("hostaddr") or "localhost"
    port = params.get("port")
    where = f"{host}:{port}" if port and port != "5432" else host
    return f"{params.get('dbname', '')} @ {where}"


class TeamSignInPage(QWidget):
    """Emits ``unlocked`` once the worker holds a signed-in ``TeamContext``."""

    unlocked = Signal()

    def __init__(
        self,
        db: DatabaseWorker,
        params: dict[str, str],
        settings: QSettings,
        parent: QWidget | None = None,
        *,
        user: str | None = None,
        notice: str | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("team_sign_in_page")
        self.db = db
        self.params = params
        self.settings = settings
        self._working = False

        title = sign_in_title("team_title_label")
        self.server_label = centred_label(
            self.tr("Teamdatenbank: %1").replace("%1", server_label(params)), "team_server_label", muted=True
        )
        self.notice_label = centred_label(notice or "", "team_notice_label", notice=True)
        heading = QLabel(self.tr("Bitte melden Sie sich mit Ihrem Konto der Teamdatenbank an."))
        heading.setWordWrap(True)
        heading.setAlignment(Qt.AlignmentFlag.AlignCenter)

        self.user_edit = QLineEdit()
        self.user_edit.setObjectName("team_user_edit")
        self.user_edit.setMaxLength(63)  # PostgreSQL's limit for a role name
        self.password_edit = QLineEdit()
        self.password_edit.setObjectName("team_password_edit")
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_edit.setMaxLength(1024)
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("team_error_label")
        self.form = FieldForm()
        self.form.add_field(self.tr("&Benutzername"), self.user_edit, "user")
        self.form.add_field(self.tr("&Passwort"), self.password_edit, "password")
        self.sign_in_button = QPushButton(self.tr("&Anmelden"))
        self.sign_in_button.setObjectName("team_sign_in_button")
        self.sign_in_button.setDefault(True)
        self.sign_in_button.clicked.connect(self.sign_in)
        self.user_edit.returnPressed.connect(self.password_edit.setFocus)
        self.password_edit.returnPressed.connect(self.sign_in)
        self.busy_indicator = BusyIndicator()

        card = QFrame()
        card.setObjectName("team_sign_in_card")
        card.setFrameShape(QFrame.Shape.StyledPanel)
        card.setFixedWidth(480)
        lay = QVBoxLayout(card)
        lay.setContentsMargins(28, 24, 28, 24)
        lay.setSpacing(14)
        for w in (title, self.server_label, self.notice_label, heading):
            lay.addWidget(w)
        lay.addLayout(self.form)
        lay.addWidget(self.error_label)
        lay.addLayout(hbox(None, self.sign_in_button))
        lay.addWidget(self.busy_indicator)
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(hbox(None, card, None))
        outer.addStretch(2)

        same_server = settings.value(LAST_SERVER_KEY, "", type=str) in ("", server_label(params))
        remembered = settings.value(LAST_USER_KEY, "", type=str) if same_server else ""
        last = user or params.get("user") or remembered
        self.user_edit.setText(str(last or ""))
        self.setFocusProxy(self.password_edit if last else self.user_edit)

    def set_notice(self, text: str | None) -> None:
        self.notice_label.setText(text or "")
        self.notice_label.setVisible(bool(text))

    @property
    def is_working(self) -> bool:
        return self._working

    def sign_in(self) -> None:
        if self._working:
            return
        self.form.clear_errors()
        self.error_label.clear_error()
        user = self.user_edit.text().strip()
        password = self.password_edit.text()
        if not user:
            self.form.set_field_error("user", self.tr("Bitte den Benutzernamen eingeben."))
            return
        if not password:
            self.form.set_field_error("password", self.tr("Bitte das Passwort eingeben."))
            return
        self._set_working(True)
        self.db.sign_in_team(
            self.params, user, password, on_success=lambda ctx: self._signed_in(ctx.actor.name), on_error=self._failed
        )

    def _failed(self, exc: BaseException) -> None:
        self._set_working(False)
        self.error_label.set_error(error_text(exc))
        self.password_edit.clear()
        self.password_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _signed_in(self, user_name: str) -> None:
        self._set_working(False)
        self.password_edit.clear()
        self.settings.setValue(LAST_USER_KEY, user_name)
        self.settings.setValue(LAST_SERVER_KEY, server_label(self.params))
        self.settings.sync()
        self.unlocked.emit()

    def _set_working(self, working: bool) -> None:
        self._working = working
        for w in (self.user_edit, self.password_edit, self.sign_in_button):
            w.setEnabled(not working)
        self.busy_indicator.set_busy(working)
