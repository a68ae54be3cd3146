"""The main window: one stack with the first-run wizard, the unlock page or the workspace.

Life cycle (KeePassXC's pattern, DESIGN.md §5 and §9):

- no vault in the directory → ``SetupWizard``; a vault → ``UnlockPage``;
- after sign-in the organisation settings are read (language, idle minutes), a fresh
  ``Workspace`` is built for the signed-in user and saved drafts are handed back to the
  client pages;
- ``lock()`` (Ctrl+L, the lock button, inactivity) first saves the unsaved editors as drafts
  inside the vault, then lets the clients page drop its state, closes our dialogs, clears
  what we copied to the clipboard, locks the worker and throws the workspace away. Nothing
  read from the vault survives a lock.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QLocale, QSettings, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFrame,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import policy
from referral_desk.core.locations import default_vault_dir, vault_exists
from referral_desk.core.paths import resource
from referral_desk.ui import file_dialogs, i18n
from referral_desk.ui.idle import IdleWatcher
from referral_desk.ui.unlock_page import UnlockPage
from referral_desk.ui.widgets import BusyIndicator, call_for, clipboard_guard, error_text, hbox
from referral_desk.ui.worker import DatabaseWorker

if TYPE_CHECKING:  # the database stack loads after the first page is shown (start-up time)
    from referral_desk.core.models import OrganisationRead
    from referral_desk.core.services.context import Actor, ServiceContext
    from referral_desk.core.services.desk import BackupStatus, SessionStart
    from referral_desk.ui.admin_page import AdminPage
    from referral_desk.ui.casework.groups_page import GroupsPage
    from referral_desk.ui.casework.reminders import RemindersDialog
    from referral_desk.ui.help import HelpWindow
    from referral_desk.ui.referrals.page import ReferralsPage
    from referral_desk.ui.setup_wizard import SetupWizard
    from referral_desk.ui.statistics.page import StatisticsPage

log = logging.getLogger(__name__)

Draft = tuple[str, str, dict]
ClientsPageFactory = Callable[[DatabaseWorker, QWidget], QWidget | None]


def icon(name: str) -> QIcon:
    return QIcon(str(resource("icons", f"{name}.svg")))


def default_clients_page(db: DatabaseWorker, parent: QWidget) -> QWidget | None:
    """The real client list, or None while that part of the app is not there yet."""
    try:
        from referral_desk.ui.clients import ClientsPage
    except ImportError as exc:
        log.warning("client pages not available: %s", exc)
        return None
    return ClientsPage(db, parent)


def _automatic_backup(ctx: ServiceContext) -> None:
    from referral_desk.core.services import backups

    try:
        backups.automatic_backup(ctx)
    except Exception:  # noqa: BLE001 - closing must never fail; the result is in the vault
        # and the next sign-in shows the warning (desk.session_start).
        log.warning("automatic backup on close failed")


def demo_vault_dir(vault_dir: Path) -> Path:
    """The separate demo vault beside the live one (never the live vault itself)."""
    return Path(vault_dir).parent / "demo-tresor"


def _unlock_notices(ctx: ServiceContext) -> list[str]:
    vault = ctx.vault
    return (["vault.first_use"] if vault.first_use else []) + list(vault.warnings)


def save_drafts(ctx: ServiceContext, items: list[Draft]) -> int:
    """On the worker, before the lock: every unsaved editor becomes a draft in the vault.
    Each draft is its own transaction, so one bad payload does not lose the others."""
    first_error: BaseException | None = None
    saved = 0
    for kind, ref, payload in items:
        try:
            from referral_desk.core.services import drafts

            drafts.save_draft(ctx, kind=kind, ref=ref, payload=payload)
            saved += 1
        except Exception as exc:  # noqa: BLE001 - reported after the others are saved
            first_error = first_error or exc
    if first_error is not None:
        raise first_error
    return saved


class LazyPage(QWidget):
    """Builds its real page the first time it is shown."""

    def __init__(self, factory: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._factory: Callable[[], QWidget] | None = factory
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def build(self) -> None:
        if self._factory is not None:
            factory, self._factory = self._factory, None
            self._layout.addWidget(factory())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        self.build()
        super().showEvent(event)


class UnavailablePage(QWidget):
    """An honest placeholder for a part of the app that later versions bring."""

    def __init__(self, object_name: str, title: str, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(object_name)
        heading = QLabel(title)
        font = heading.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        heading.setFont(font)
        self.text_label = QLabel(text)
        self.text_label.setObjectName(object_name.replace("_page", "") + "_unavailable_label")
        self.text_label.setWordWrap(True)
        self.text_label.setMaximumWidth(640)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 32, 32, 32)
        layout.addWidget(heading)
        layout.addWidget(self.text_label)
        layout.addStretch(1)


class Workspace(QWidget):
    """What a signed-in user works with: navigation on the left, one page at a time."""

    SECTIONS = ("clients", "referrals", "statistics", "admin", "groups")  # groups last: Ctrl+1…4 stay

    def __init__(
        self,
        db: DatabaseWorker,
        actor: Actor,
        org: OrganisationRead,
        clients_page: QWidget | None,
        parent: QWidget | None = None,
        *,
        team: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("workspace")
        self.db = db
        self.actor = actor
        self.team = team

        self.org_name_label = QLabel(org.name)
        self.org_name_label.setObjectName("org_name_label")
        font = self.org_name_label.font()
        font.setBold(True)
        font.setPointSize(font.pointSize() + 2)
        self.org_name_label.setFont(font)
        self.lock_button = QToolButton()
        self.lock_button.setObjectName("lock_button")
        self.lock_button.setText(self.tr("Sperren"))
        self.lock_button.setIcon(icon("lock"))
        self.lock_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.lock_button.setToolTip(self.tr("Datentresor sperren (Strg+L)"))
        header = QFrame()
        header.setObjectName("workspace_header")
        header.setFrameShape(QFrame.Shape.NoFrame)
        header.setLayout(hbox(self.org_name_label, None, self.lock_button, margins=8))

        self.navigation_list = QListWidget()
        self.navigation_list.setObjectName("navigation_list")
        self.navigation_list.setIconSize(QSize(22, 22))
        self.navigation_list.setSpacing(2)
        self.page_stack = QStackedWidget()
        self.page_stack.setObjectName("page_stack")

        self.clients_page: QWidget | None = None
        self.admin_page: AdminPage | None = None
        self.referrals_page: ReferralsPage | None = None
        self.groups_page: GroupsPage | None = None
        self.statistics_page: StatisticsPage | None = None
        self.reminders: list = []
        self.reminders_dialog: RemindersDialog | None = None
        self.follow_up_label = QLabel()
        self.follow_up_label.setObjectName("follow_up_label")
        self.follow_up_label.setWordWrap(True)
        show_due = QPushButton(self.tr("Anzeigen"))
        show_due.setObjectName("follow_up_show_button")
        show_due.clicked.connect(self._show_due_referrals)
        self.follow_up_show_button = show_due
        # Case work: the whole reminders list (titles expiring, plan steps, follow-ups).
        show_list = QPushButton(self.tr("Liste anzeigen …"))
        show_list.setObjectName("reminders_show_button")
        show_list.clicked.connect(self.show_reminders)
        dismiss = QPushButton(self.tr("Später"))
        dismiss.setObjectName("follow_up_dismiss_button")
        self.follow_up_bar = QFrame()
        self.follow_up_bar.setObjectName("follow_up_bar")
        self.follow_up_bar.setStyleSheet("#follow_up_bar { background: #fff4ce; border-bottom: 1px solid #e0c96b; }")
        # The message takes the width the buttons leave (a stretch beside it squeezed it into three lines).
        follow_up_row = hbox(self.follow_up_label, show_list, show_due, dismiss, margins=6)
        follow_up_row.setStretch(0, 1)
        self.follow_up_bar.setLayout(follow_up_row)
        dismiss.clicked.connect(self._dismiss_follow_ups)
        self._follow_ups_dismissed = False
        self.follow_up_bar.hide()
        db.changed.connect(self._on_changed)
        # A failed automatic backup is announced at the next sign-in until someone closes it.
        self.backup_warning_label = QLabel()
        self.backup_warning_label.setObjectName("backup_warning_label")
        self.backup_warning_label.setWordWrap(True)
        self.backup_warning_button = QPushButton(self.tr("Verstanden"))
        self.backup_warning_button.setObjectName("backup_warning_button")
        self.backup_warning_bar = QFrame()
        self.backup_warning_bar.setObjectName("backup_warning_bar")
        self.backup_warning_bar.setStyleSheet(
            "#backup_warning_bar { background: #fde0dc; border-bottom: 1px solid #e57373; }"
        )
        backup_row = hbox(self.backup_warning_label, self.backup_warning_button, margins=6)
        backup_row.setStretch(0, 1)
        self.backup_warning_bar.setLayout(backup_row)
        self.backup_warning_bar.hide()
        pages = {
            "clients": (self.tr("Klient*innen"), "clients", self._build_clients(clients_page)),
            # Built on first visit: sign-in stays fast and no report runs unasked.
            "referrals": (self.tr("Überleitungen"), "referrals", LazyPage(self._build_referrals)),
            # Team mode too: the server shows a session to who held it, their lead and whoever
            # sees a registered participant (core/team/server.py sees_group_row).
            "groups": (self.tr("Gruppenangebote"), "clients", LazyPage(self._build_groups)),
            # Team mode too: the reports the administration published (a counsellor: their own caseload).
            "statistics": (self.tr("Statistik"), "statistics", LazyPage(self._build_statistics)),
            # Team mode too: the administration's tabs that run on the server (AdminPage(team=…)).
            "admin": (self.tr("Verwaltung"), "admin", self._build_admin()),
        }
        self._index: dict[str, int] = {}
        for key in self.SECTIONS:
            label, icon_name, page = pages[key]
            item = QListWidgetItem(icon(icon_name), label)
            item.setData(Qt.ItemDataRole.UserRole, key)
            self.navigation_list.addItem(item)
            self._index[key] = self.page_stack.addWidget(page)
        self.navigation_list.currentRowChanged.connect(self._section_changed)
        self.navigation_list.setFixedWidth(max(190, self.navigation_list.sizeHintForColumn(0) + 28))
        self.navigation_list.setCurrentRow(0)

        body = hbox(self.navigation_list, self.page_stack)
        body.setStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(header)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        layout.addWidget(line)
        layout.addWidget(self.backup_warning_bar)
        layout.addWidget(self.follow_up_bar)
        layout.addLayout(body, 1)

    def _build_clients(self, page: QWidget | None) -> QWidget:
        if not policy.works_with_clients(self.actor):
            return UnavailablePage(
                "clients_page",
                self.tr("Klient*innen"),
                self.tr(
                    "Ihre Rolle „%1“ hat keinen Zugriff auf Klientenakten. Sie sehen nur anonymisierte Statistiken."
                ).replace("%1", i18n.enum_label("role", self.actor.role)),
            )
        if page is None:
            return UnavailablePage(
                "clients_page",
                self.tr("Klient*innen"),
                self.tr(
                    "Noch nicht verfügbar. Die Klientenliste und die Klientenakte sind in dieser Version noch "
                    "nicht enthalten."
                ),
            )
        self.clients_page = page
        return page

    def _build_referrals(self) -> QWidget:
        if not policy.works_with_clients(self.actor):
            return UnavailablePage(
                "referrals_page",
                self.tr("Überleitungen"),
                self.tr("Ihre Rolle hat keinen Zugriff auf Überleitungen. Sie sehen nur anonymisierte Statistiken."),
            )
        from referral_desk.ui.referrals.page import ReferralsPage

        page = self.referrals_page = ReferralsPage(self.db)
        page.open_client_requested.connect(self._open_client)
        return page

    def _build_groups(self) -> QWidget:
        if not policy.works_with_clients(self.actor):
            return UnavailablePage(
                "groups_page",
                self.tr("Gruppenangebote"),
                self.tr("Ihre Rolle hat keinen Zugriff auf Gruppenangebote. Sie sehen nur anonymisierte Statistiken."),
            )
        from referral_desk.ui.casework.groups_page import GroupsPage

        page = self.groups_page = GroupsPage(self.db)
        return page

    def check_due_follow_ups(self) -> None:
        """The reminders after sign-in and whenever records change: residence titles expiring
        within 60 days, due support-plan steps and due referral follow-ups
        (``services.reminders``). The follow-up count is ``referrals.due_follow_ups``, the same
        list the referrals page shows with "Nur fällige Wiedervorlagen"."""
        if not policy.works_with_clients(self.actor):
            return
        from referral_desk.ui.casework import reminders as reminders_ui

        def show(rows: list) -> None:
            self.reminders = rows
            self.due_follow_up_count = sum(1 for r in rows if r.kind == "referral_follow_up")
            if rows and not self._follow_ups_dismissed:
                self.follow_up_show_button.setVisible(self.due_follow_up_count > 0)
                self._show_follow_up_reminder(reminders_ui.summary(rows, self.tr))
            elif not rows:
                self.follow_up_bar.hide()

        call_for(self, self.db, reminders_ui.load, on_success=show)

    def show_reminders(self):
        """The reminders list; each line opens its record."""
        from referral_desk.ui.casework.reminders import RemindersDialog

        if self.reminders_dialog is not None:
            self.reminders_dialog.close()
        dialog = self.reminders_dialog = RemindersDialog(self.reminders, self)
        dialog.open_client_requested.connect(self._open_client)
        dialog.show()
        return dialog

    def due_text(self, n: int) -> str:
        # Qt's plural forms (%n): "1 Überleitung", "38 Überleitungen" – no "Überleitung(en)".
        return (
            self.tr("%n Überleitung mit fälliger Wiedervorlage.", "", n)
            if n == 1
            else self.tr("%n Überleitungen mit fälliger Wiedervorlage.", "", n)
        )

    def _dismiss_follow_ups(self) -> None:
        self._follow_ups_dismissed = True
        self.follow_up_bar.hide()

    def _on_changed(self, topics: frozenset[str]) -> None:
        """The app-wide change signal: refresh what shows the changed things."""
        if topics & {"referral", "consent", "client"}:
            self.check_due_follow_ups()
            page = self.referrals_page
            if page is not None and hasattr(page, "refresh"):
                page.refresh()
        if self.admin_page is not None:
            self.admin_page.changed(topics)

    def show_backup_warning(self, status: BackupStatus, on_seen: Callable[[], object]) -> None:
        from referral_desk.core.messages import render

        when = QLocale().toString(  # type: ignore[call-overload]  # PySide6 converts Python dates; its stubs want QDateTime
            status.at.replace(tzinfo=dt.UTC).astimezone(), QLocale.FormatType.ShortFormat
        )
        reason = render(status.error_code or "backup.failed", i18n.current_language())
        self.backup_warning_label.setText(
            self.tr(
                "Die automatische Sicherung vom %1 ist fehlgeschlagen: %2 Bitte den Sicherungsordner unter "
                "Verwaltung → Datenschutz prüfen."
            )
            .replace("%1", when)
            .replace("%2", reason)
        )

        def seen() -> None:
            self.backup_warning_bar.hide()
            on_seen()

        self.backup_warning_button.clicked.connect(seen)
        self.backup_warning_bar.show()

    def _show_follow_up_reminder(self, text: str) -> None:
        self.follow_up_label.setText(text)
        self.follow_up_bar.show()

    def _show_due_referrals(self) -> None:
        self.follow_up_bar.hide()
        self.show_section("referrals")
        if self.referrals_page is not None:
            self.referrals_page.show_due()

    def _build_statistics(self) -> QWidget:
        from referral_desk.ui.statistics.page import StatisticsPage

        page = self.statistics_page = StatisticsPage(self.db)
        return page

    def _open_client(self, client_id: int) -> None:
        page = self.clients_page
        if page is not None and hasattr(page, "open_client"):
            self.show_section("clients")
            page.open_client(client_id)

    def _build_admin(self) -> QWidget:
        from referral_desk.ui.admin_page import AdminPage

        if AdminPage.allowed(self.actor):
            self.admin_page = AdminPage(self.db, team=self.team)
            return self.admin_page
        return UnavailablePage(
            "admin_page",
            self.tr("Verwaltung"),
            self.tr(
                "Die Verwaltung (Benutzerkonten, Partnerstellen, Einstellungen) ist der Rolle „Administration“ "
                "vorbehalten. Ihre Rolle: %1. Bitte wenden Sie sich an Ihre Administration."
            ).replace("%1", i18n.enum_label("role", self.actor.role)),
        )

    # sections

    def _section_changed(self, row: int) -> None:
        page = self.page_stack.widget(row)
        if isinstance(page, LazyPage):
            page.build()
        self.page_stack.setCurrentIndex(row)

    def show_section(self, key: str) -> None:
        self.navigation_list.setCurrentRow(self.SECTIONS.index(key))

    def can_open_setting(self, target: str) -> bool:
        return self.admin_page is not None and (target == "organisation" or target.startswith("agency:"))

    def open_setting(self, target: str) -> None:
        """Show where a missing letter detail is entered: the organisation's profile or one
        partner agency in Verwaltung (only built for administrators)."""
        if not self.can_open_setting(target):
            return
        self.show_section("admin")
        admin = self.admin_page
        assert admin is not None
        if target == "organisation":
            admin.tabs.setCurrentWidget(admin.organisation_tab)
        else:
            admin.tabs.setCurrentWidget(admin.agencies_tab)
            admin.agencies_tab.reload(select=target.split(":", 1)[1])

    @property
    def current_section(self) -> str:
        return self.SECTIONS[max(0, self.navigation_list.currentRow())]

    # the clients page contract (ClientsPage may be missing: then these do nothing)

    def _clients(self, method: str) -> Any:
        return getattr(self.clients_page, method, None) if self.clients_page is not None else None

    def new_client(self) -> None:
        if (fn := self._clients("new_client")) is not None:
            self.show_section("clients")
            fn()

    def focus_search(self) -> None:
        if (fn := self._clients("focus_search")) is not None:
            self.show_section("clients")
            fn()
        else:
            self.navigation_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def drafts_for_lock(self) -> list[Draft]:
        fn = self._clients("drafts_for_lock")
        return list(fn()) if fn is not None else []

    def clear_for_lock(self) -> None:
        if (fn := self._clients("clear_for_lock")) is not None:
            fn()
        if self.admin_page is not None:
            for tab in (self.admin_page.users_tab, self.admin_page.agencies_tab):
                tab.model.clear()
        for page in (self.referrals_page, self.statistics_page):
            if page is not None and hasattr(page, "clear_for_lock"):
                page.clear_for_lock()

    def release_clients_page(self) -> QWidget | None:
        """Take the clients page out before this workspace is thrown away (it outlives us)."""
        page, self.clients_page = self.clients_page, None
        if page is not None:
            self.page_stack.removeWidget(page)
            page.hide()
        return page

    def restore_draft(self, kind: str, ref: str, payload: dict) -> bool:
        fn = self._clients("restore_draft")
        return bool(fn(kind, ref, payload)) if fn is not None else False


class MainWindow(QMainWindow):
    def __init__(
        self,
        vault_dir: Path | None = None,
        *,
        settings: QSettings | None = None,
        language: str | None = None,
        idle_interval_ms: int | None = None,
        clients_page_factory: ClientsPageFactory | None = None,
        team: dict[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        # Team mode: the team database's connection parameters (core.team.connection.parse_dsn,
        # without a password); None: the desk vault in ``vault_dir``.
        self.team = team
        i18n.apply_language(language or i18n.system_language())
        self.vault_dir = Path(vault_dir) if vault_dir is not None else default_vault_dir()
        self.settings = settings if settings is not None else QSettings()
        self.idle_interval_ms = idle_interval_ms  # None: the organisation's idle_lock_minutes
        self._clients_page_factory = clients_page_factory or default_clients_page
        # One clients page for the window's lifetime: it is cleared on lock and put into each
        # new workspace (it listens to the worker's sign-in signal itself).
        self._clients_page: QWidget | None = None
        self._shut_down = False

        self.setWindowTitle("Referral Desk")
        self.setWindowIcon(icon("referral-desk"))
        self.resize(1180, 760)
        self.db = DatabaseWorker(self)
        # The file dialogs' last folder lives in the vault, loaded after each sign-in.
        file_dialogs.attach(self.db)
        self.db.anchor_failed.connect(self._anchor_failed)
        self.idle = IdleWatcher(self)
        self.idle.idle.connect(self._idle_lock)

        self.stack = QStackedWidget()
        self.stack.setObjectName("main_stack")
        self.setCentralWidget(self.stack)
        self.setup_wizard: SetupWizard | None = None
        self.unlock_page: UnlockPage | None = None
        self.team_sign_in_page: QWidget | None = None  # team mode's sign-in (ui/team_sign_in.py)
        self.workspace: Workspace | None = None
        self.forced_password_page: QWidget | None = None
        self.organisation: OrganisationRead | None = None
        self.session: SessionStart | None = None
        self.help_window: HelpWindow | None = None
        # Argon2 cost for vaults created here (demo vault); None: the production default.
        self.kdf = None

        self._build_status_bar()
        self._build_actions()
        self._build_menus()
        if self.team is not None or vault_exists(self.vault_dir):
            self.show_unlock_page()
        else:
            self.show_setup_wizard()

    # --- chrome --------------------------------------------------------------------------

    def _build_status_bar(self) -> None:
        bar = self.statusBar()
        bar.setObjectName("status_bar")
        # A long message is cut off beside the permanent labels; hovering shows all of it.
        bar.messageChanged.connect(bar.setToolTip)
        self.status_busy_indicator = BusyIndicator()
        self.status_busy_indicator.setObjectName("status_busy_indicator")
        self.status_busy_indicator.setMaximumWidth(120)
        self.db.busy_changed.connect(self.status_busy_indicator.set_busy)
        self.status_user_label = QLabel()
        self.status_user_label.setObjectName("status_user_label")
        self.status_role_label = QLabel()
        self.status_role_label.setObjectName("status_role_label")
        self.status_lock_label = QLabel()
        self.status_lock_label.setObjectName("status_lock_label")
        self.status_backup_label = QLabel()
        self.status_backup_label.setObjectName("status_backup_label")
        self._status_separators = [self._separator(), self._separator(), self._separator()]
        for widget in (
            self.status_busy_indicator,
            self.status_backup_label,
            self._status_separators[2],
            self.status_user_label,
            self._status_separators[0],
            self.status_role_label,
            self._status_separators[1],
            self.status_lock_label,
        ):
            bar.addPermanentWidget(widget)
        self._update_status()

    @staticmethod
    def _separator() -> QFrame:
        line = QFrame()
        line.setFrameShape(QFrame.Shape.VLine)
        line.setFrameShadow(QFrame.Shadow.Sunken)
        return line

    def _build_actions(self) -> None:
        def action(
            name: str,
            shortcut: QKeySequence | QKeySequence.StandardKey | str,
            slot: Callable[[], object],
            context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut,
        ) -> QAction:
            act = QAction(self)
            act.setObjectName(name)
            act.setShortcut(QKeySequence(shortcut))
            act.setShortcutContext(context)
            act.triggered.connect(slot)
            self.addAction(act)
            return act

        self.new_client_action = action("new_client_action", "Ctrl+N", lambda: self._in_workspace("new_client"))
        self.find_action = action(
            "find_action", QKeySequence.StandardKey.Find, lambda: self._in_workspace("focus_search")
        )
        # Locking must also work while a dialog of ours has the focus.
        self.lock_action = action("lock_action", "Ctrl+L", lambda: self.lock(), Qt.ShortcutContext.ApplicationShortcut)

        def show_section(key: str) -> Callable[[], object]:
            return lambda: self._in_workspace("show_section", key)

        self.section_actions = [
            action(f"section_{key}_action", f"Ctrl+{n}", show_section(key))
            for n, key in enumerate(Workspace.SECTIONS, start=1)
        ]
        self.change_password_action = action("change_password_action", "Ctrl+Shift+P", self.show_change_password)
        self.restore_action = action("restore_action", "", self.show_restore_dialog)
        self.demo_action = action("demo_action", "", self.open_demo_vault)
        self.quit_action = action("quit_action", "Ctrl+Q", self.close)
        self.help_action = action("help_action", "F1", self.show_help, Qt.ShortcutContext.ApplicationShortcut)
        self.shortcuts_action = action("shortcuts_action", "", lambda: self.show_help("tastenkuerzel"))
        self.about_action = action("about_action", "", self.show_about)
        self.language_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for lang in i18n.LANGUAGES:
            act = QAction(self)
            act.setObjectName(f"language_{lang}_action")
            act.setCheckable(True)
            act.triggered.connect(lambda _checked=False, lang=lang: self.set_user_language(lang))
            group.addAction(act)
            self.language_actions[lang] = act
        self._update_actions()

    def _build_menus(self) -> None:
        """Datei, Bearbeiten, Ansicht, Hilfe: every shortcut is listed in a menu (built again
        when the language changes)."""
        bar = self.menuBar()
        bar.setObjectName("menu_bar")
        bar.clear()
        texts = {
            self.change_password_action: self.tr("&Passwort ändern …"),
            self.restore_action: self.tr("Aus &Sicherung wiederherstellen …"),
            self.demo_action: self.tr("&Demo-Tresor öffnen …"),
            self.lock_action: self.tr("&Sperren"),
            self.quit_action: self.tr("&Beenden"),
            self.new_client_action: self.tr("&Neue*r Klient*in"),
            self.find_action: self.tr("&Suchen"),
            self.help_action: self.tr("&Handbuch"),
            self.shortcuts_action: self.tr("&Tastenkürzel"),
            self.about_action: self.tr("Ü&ber Referral Desk"),
        }
        section_names = (
            self.tr("&Klient*innen"),
            self.tr("Ü&berleitungen"),
            self.tr("S&tatistik"),
            self.tr("&Verwaltung"),
        )
        for act, text in (*texts.items(), *zip(self.section_actions, section_names)):
            act.setText(text)
        self.language_actions["de"].setText("&Deutsch")
        self.language_actions["en"].setText("&English")
        file_menu = bar.addMenu(self.tr("&Datei"))
        file_menu.setObjectName("file_menu")
        for entry in (
            self.change_password_action,
            None,
            self.restore_action,
            self.demo_action,
            None,
            self.lock_action,
            self.quit_action,
        ):
            file_menu.addSeparator() if entry is None else file_menu.addAction(entry)
        edit_menu = bar.addMenu(self.tr("&Bearbeiten"))
        edit_menu.setObjectName("edit_menu")
        edit_menu.addAction(self.new_client_action)
        edit_menu.addAction(self.find_action)
        view_menu = bar.addMenu(self.tr("&Ansicht"))
        view_menu.setObjectName("view_menu")
        for act in self.section_actions:
            view_menu.addAction(act)
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Sprache"))
        language_menu.setObjectName("language_menu")
        for act in self.language_actions.values():
            language_menu.addAction(act)
        help_menu = bar.addMenu(self.tr("&Hilfe"))
        help_menu.setObjectName("help_menu")
        for entry in (self.help_action, self.shortcuts_action, None, self.about_action):
            help_menu.addSeparator() if entry is None else help_menu.addAction(entry)
        self.language_actions[i18n.current_language()].setChecked(True)

    def _in_workspace(self, method: str, *args: Any) -> None:
        if self.workspace is not None:
            getattr(self.workspace, method)(*args)

    def _update_actions(self) -> None:
        signed_in = self.workspace is not None
        for act in (
            self.new_client_action,
            self.find_action,
            self.lock_action,
            *self.section_actions,
            self.change_password_action,
            *self.language_actions.values(),
        ):
            act.setEnabled(signed_in)
        # Restoring and the demo vault need the set-up wizard out of the way (it owns the worker).
        for act in (self.restore_action, self.demo_action):
            act.setEnabled(self.setup_wizard is None or not self.setup_wizard.is_working)
        if self.team is not None:
            # A desk vault's functions: the team database's backups and restores are the
            # server's and the administration's (docs/team-database.md). One's own password
            # is the login role's and changes on the server.
            for act in (self.restore_action, self.demo_action):
                act.setEnabled(False)

    def _update_status(self) -> None:
        actor = self.db.actor if self.workspace is not None else None
        if actor is None:
            self.status_user_label.setText("")
            self.status_role_label.setText("")
            # During first-run set-up there is nothing to be locked yet.
            self.status_lock_label.setText("" if self.setup_wizard is not None else self.tr("Gesperrt"))
            self.status_lock_label.setToolTip("")
        else:
            self.status_user_label.setText(self.tr("Angemeldet: %1").replace("%1", actor.display_name))
            self.status_role_label.setText(i18n.enum_label("role", actor.role))
            self.status_lock_label.setText(self.tr("Entsperrt"))
            self.status_lock_label.setToolTip(self.tr("Sperren mit Strg+L"))
        for widget in (
            self.status_role_label,
            self.status_user_label,
            *self._status_separators,
            self.status_backup_label,
        ):
            widget.setVisible(actor is not None)

    def _set_page(self, page: QWidget) -> None:
        """Show ``page`` and throw every other page away (with whatever it held)."""
        self.stack.addWidget(page)
        self.stack.setCurrentWidget(page)
        for old in (
            self.setup_wizard,
            self.unlock_page,
            self.team_sign_in_page,
            self.workspace,
            self.forced_password_page,
        ):
            if old is not None and old is not page:
                self.stack.removeWidget(old)
                old.hide()
                old.deleteLater()
        # By object name: importing the wizard here would load the database stack at start-up.
        self.setup_wizard = cast("SetupWizard", page) if page.objectName() == "setup_wizard" else None
        self.unlock_page = page if isinstance(page, UnlockPage) else None
        self.team_sign_in_page = page if page.objectName() == "team_sign_in_page" else None
        self.workspace = page if isinstance(page, Workspace) else None
        self.forced_password_page = page if page.objectName() == "forced_password_page" else None
        self._update_actions()
        self._update_status()
        page.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- pages ---------------------------------------------------------------------------

    def show_setup_wizard(self) -> None:
        from referral_desk.ui.setup_wizard import SetupWizard

        wizard = SetupWizard(self.db, self.vault_dir)
        wizard.finished.connect(self._signed_in)
        self._set_page(wizard)

    def show_unlock_page(self, *, user: str | None = None, notice: str | None = None) -> None:
        if self.team is not None:
            from referral_desk.ui.team_sign_in import TeamSignInPage

            team_page = TeamSignInPage(self.db, self.team, self.settings, user=user, notice=notice)
            team_page.unlocked.connect(self._signed_in)
            self._set_page(team_page)
            self.setWindowTitle("Referral Desk")
            return
        page = UnlockPage(self.db, self.vault_dir, self.settings, user=user, notice=notice)
        page.unlocked.connect(self._signed_in)
        page.restore_requested.connect(self.show_restore_dialog)
        page.demo_requested.connect(self.open_demo_vault)
        self._set_page(page)
        self.setWindowTitle("Referral Desk")
        self.db.warm_up()

    def _signed_in(self) -> None:
        from referral_desk.core.services import desk

        self.db.call(desk.session_start, on_success=self._session_started, on_error=self._sign_in_failed)

    def _session_started(self, start: SessionStart) -> None:
        if self.db.actor is None:  # locked again before the answer arrived
            return
        self.session = start
        self._apply_language(start.ui_language)
        if start.must_change_password:
            self.show_forced_password_change()
        else:
            self._open_workspace(start.organisation)

    def show_forced_password_change(self) -> None:
        """An initial (admin-set) password: nothing opens before the user chose their own."""
        from referral_desk.ui.password_dialogs import ForcedPasswordChangePage

        page = ForcedPasswordChangePage(self.db)
        page.done.connect(self._forced_change_done)
        page.sign_out.connect(self._sign_out_without_workspace)
        self._set_page(page)
        self._update_status()

    def _forced_change_done(self) -> None:
        if self.session is not None:
            self.statusBar().showMessage(self.tr("Ihr neues Passwort ist gespeichert."), 15_000)
            self._open_workspace(self.session.organisation)

    def _sign_out_without_workspace(self) -> None:
        actor = self.db.actor
        self.db.lock()
        self.session = None
        self.show_unlock_page(user=actor.name if actor else None)

    def _sign_in_failed(self, exc: BaseException) -> None:
        self.db.lock()
        self.show_unlock_page(notice=error_text(exc))

    def _open_workspace(self, org: OrganisationRead) -> None:
        actor = self.db.actor
        if actor is None:  # locked again before the settings arrived
            return
        self.organisation = org
        if self.session is None:
            self._apply_language(org.ui_language)
        workspace = Workspace(self.db, actor, org, self._clients_page_for(actor), team=self.team is not None)
        workspace.lock_button.clicked.connect(lambda: self.lock())
        if workspace.admin_page is not None:
            workspace.admin_page.organisation_changed.connect(self._organisation_changed)
            workspace.admin_page.data_protection_tab.restore_requested.connect(self.show_restore_dialog)
            workspace.admin_page.data_protection_tab.demo_vault_requested.connect(self.open_demo_vault)
        self._set_page(workspace)
        self.setWindowTitle(f"Referral Desk – {org.name}")
        self.idle.start(self._idle_ms(org))
        workspace.focus_search()
        if workspace.clients_page is not None:
            from referral_desk.core.services import drafts

            self.db.call(
                drafts.list_drafts,
                on_success=lambda items: self._restore_drafts(workspace, items),
                on_error=lambda exc: self.statusBar().showMessage(error_text(exc), 10_000),
            )
        workspace.check_due_follow_ups()
        from referral_desk.ui import printing

        printing.load(self.db)
        if self.session is not None:
            self._show_backup_status(self.session.last_good_backup)
            warning = self.session.backup_warning
            if warning is not None:
                from referral_desk.core.services import desk

                workspace.show_backup_warning(
                    warning, lambda: self.db.call(desk.acknowledge_backup_warning, run_id=warning.id)
                )
        # First use of this vault folder on this computer (no profile anchor yet): say so;
        # it is also in the audit log (vault.anchor_first_use). Key-rotation warnings too.
        if self.team is None:
            self.db.call(_unlock_notices, on_success=self._show_unlock_notices, on_error=lambda _exc: None)

    def _show_backup_status(self, good: BackupStatus | None) -> None:
        if self.team is not None:  # the server is backed up by the administration
            from referral_desk.ui.team_sign_in import server_label

            self.status_backup_label.setText(self.tr("Teamdatenbank: %1").replace("%1", server_label(self.team)))
        elif good is None:
            self.status_backup_label.setText(self.tr("Noch keine Sicherung"))
        else:
            when = QLocale().toString(good.at.replace(tzinfo=dt.UTC).astimezone(), QLocale.FormatType.ShortFormat)  # type: ignore[call-overload]  # PySide6 converts Python dates; its stubs want QDate(Time)
            self.status_backup_label.setText(self.tr("Letzte Sicherung: %1").replace("%1", when))
        self.status_backup_label.setVisible(True)

    # --- language ------------------------------------------------------------------------

    def _apply_language(self, lang: str) -> None:
        if lang != i18n.current_language():
            i18n.apply_language(lang)
        self._build_menus()
        self._update_status()

    def set_user_language(self, lang: str) -> None:
        """Ansicht → Sprache: stored for this user in the vault and applied at once. The
        workspace is built again in the new language; unsaved editors go through drafts as on
        a lock, so nothing typed is lost."""
        from referral_desk.core.services import desk

        if self.workspace is None or lang == i18n.current_language():
            self._build_menus()
            return
        self.db.call(
            desk.set_ui_language,
            language=lang,
            on_success=lambda _r: self._rebuild_in(lang),
            on_error=lambda exc: self.statusBar().showMessage(error_text(exc), 10_000),
        )

    def _rebuild_in(self, lang: str) -> None:
        workspace, org, ctx = self.workspace, self.organisation, self.db.context
        if workspace is None or org is None or ctx is None:
            return
        section = workspace.current_section
        pending = workspace.drafts_for_lock()
        if pending:
            self.db.run(save_drafts, ctx, pending, on_error=self._drafts_not_saved)
        workspace.clear_for_lock()
        page = workspace.release_clients_page()
        if page is not None:
            page.setParent(None)
            page.deleteLater()
        self._clients_page = None  # built again with the new language's texts
        self._apply_language(lang)
        if self.session is not None:
            self.session = type(self.session)(**{**self.session.__dict__, "ui_language": lang})
        self._open_workspace(org)
        if self.workspace is not None:
            self.workspace.show_section(section)

    def _show_unlock_notices(self, codes: list[str]) -> None:
        if codes:
            from referral_desk.core.messages import render

            self.statusBar().showMessage(" ".join(render(c, i18n.current_language()) for c in codes), 30_000)

    def _clients_page_for(self, actor: Actor) -> QWidget | None:
        if not policy.works_with_clients(actor):
            return None
        if self._clients_page is None:
            self._clients_page = self._clients_page_factory(self.db, self)
        return self._clients_page

    def _restore_drafts(self, workspace: Workspace, items: list[dict[str, Any]]) -> None:
        if workspace is not self.workspace:
            return
        restored = 0
        for item in items:
            try:
                restored += workspace.restore_draft(item["kind"], item["ref"], item["payload"])
            except Exception:
                log.exception("restoring a draft failed (kind %s)", item.get("kind"))
        if restored:
            self.statusBar().showMessage(
                self.tr("%1 ungespeicherte Eingabe(n) als Entwurf wiederhergestellt.").replace("%1", str(restored)),
                15_000,
            )

    def _organisation_changed(self, org: OrganisationRead) -> None:
        self.organisation = org
        if self.workspace is not None:
            self.workspace.org_name_label.setText(org.name)
            self.setWindowTitle(f"Referral Desk – {org.name}")
            self.idle.start(self._idle_ms(org))

    def _idle_ms(self, org: OrganisationRead) -> int:
        return self.idle_interval_ms if self.idle_interval_ms is not None else org.idle_lock_minutes * 60_000

    # --- password, restore, demo vault, help ---------------------------------------------

    def show_change_password(self) -> QDialog | None:
        """Datei → Passwort ändern (the dialog is returned for tests; it is non-blocking)."""
        if self.workspace is None:
            return None
        from referral_desk.ui.password_dialogs import ChangePasswordDialog

        dialog = ChangePasswordDialog(self.db, self)
        dialog.accepted.connect(
            lambda: self.statusBar().showMessage(self.tr("Ihr neues Passwort ist gespeichert."), 15_000)
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def show_restore_dialog(self) -> QDialog | None:
        """Datei → Aus Sicherung wiederherstellen: the open vault is locked first (the worker
        holds one vault at a time); the restored copy opens afterwards."""
        if self.setup_wizard is not None and self.setup_wizard.is_working:
            return None
        if self.workspace is not None:
            self.lock()
        from referral_desk.ui.restore_dialog import RestoreDialog

        user = self.unlock_page.user_edit.text().strip() if self.unlock_page is not None else ""
        dialog = RestoreDialog(self.db, self.vault_dir, self, user=user)
        dialog.restored.connect(self._restored)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def _restored(self, result: Any) -> None:
        self.vault_dir = Path(result.directory)
        if result.ctx is not None:
            self.db.adopt(result.ctx)
            self._signed_in()
            self.statusBar().showMessage(
                self.tr("Sicherung wiederhergestellt und geprüft: %1").replace("%1", str(self.vault_dir)), 30_000
            )
        else:
            self.show_unlock_page(
                notice=self.tr(
                    "Die Sicherung wurde wiederhergestellt und geprüft. Legen Sie mit dem Wiederherstellungsschlüssel "
                    "ein neues Passwort fest."
                )
            )
            if self.unlock_page is not None:
                self.unlock_page.recovery_key_edit.setText(result.recovery_key or "")
                self.unlock_page.show_recovery()

    def open_demo_vault(self) -> None:
        """Datei → Demo-Tresor öffnen / ``--demo``: a separate vault with synthetic data, never
        the live one (the demo generator refuses a vault with real records)."""
        if self.setup_wizard is not None and self.setup_wizard.is_working:
            return
        if self.workspace is not None:
            self.lock()
        from referral_desk.core.services import demo

        target = demo_vault_dir(self.vault_dir) if self.vault_dir.name != "demo-tresor" else self.vault_dir
        notice = (
            self.tr("Demo-Tresor mit erfundenen Beispieldaten. Benutzername „%1“, Passwort „%2“.")
            .replace("%1", demo.DEMO_USER)
            .replace("%2", demo.DEMO_PASSWORD)
        )
        if vault_exists(target):
            self.vault_dir = target
            self.show_unlock_page(user=demo.DEMO_USER, notice=notice)
            return
        self.statusBar().showMessage(self.tr("Demo-Tresor wird angelegt …"))

        def created(ctx: ServiceContext) -> None:
            self.vault_dir = target
            self.statusBar().showMessage(notice, 60_000)
            self.db.adopt(ctx)
            self._signed_in()

        self.db.run(
            demo.create_demo_vault,
            target,
            clients=300,
            seed=16,
            kdf=self.kdf,
            on_success=created,
            on_error=lambda exc: self.statusBar().showMessage(error_text(exc), 30_000),
        )

    def current_help_page(self) -> str:
        """The handbook page for what is on screen (F1)."""
        if self.setup_wizard is not None:
            return "einrichtung"
        if self.forced_password_page is not None:
            return "passwort"
        if self.workspace is not None:
            return {
                "clients": "klientinnen",
                "referrals": "ueberleitungen",
                "statistics": "statistik",
                "admin": "verwaltung",
                "groups": "gruppen",
            }[self.workspace.current_section]
        return "teamdatenbank" if self.team is not None else "anmelden"

    def show_help(self, page: str | None = None) -> QWidget:
        from referral_desk.ui.help import HelpWindow

        if self.help_window is None:
            self.help_window = HelpWindow(self)
        self.help_window.show_page(page or self.current_help_page())
        self.help_window.show()
        self.help_window.raise_()
        return self.help_window

    def show_about(self) -> None:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("referral-desk")
        except PackageNotFoundError:
            number = "–"
        box = QMessageBox(
            QMessageBox.Icon.Information,
            self.tr("Über Referral Desk"),
            self.tr(
                "Referral Desk %1 – Fallverwaltung und Überleitungen für die Migrationsberatung, "
                "verschlüsselt auf diesem Computer."
            ).replace("%1", number),
            QMessageBox.StandardButton.Ok,
            self,
        )
        box.setObjectName("about_box")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    # --- lock ----------------------------------------------------------------------------

    @property
    def is_locked(self) -> bool:
        return self.workspace is None

    @property
    def clients_page(self) -> QWidget | None:
        return self.workspace.clients_page if self.workspace is not None else None

    def _idle_lock(self) -> None:
        self.lock(reason=self.tr("Wegen Inaktivität automatisch gesperrt."))

    def lock(self, *, reason: str | None = None) -> None:
        workspace = self.workspace
        if workspace is None:
            return
        self.idle.stop()
        ctx = self.db.context
        actor = self.db.actor
        pending = workspace.drafts_for_lock()
        notes = [reason] if reason else []
        if ctx is not None and pending:
            # Queued before db.lock(): the single worker saves them, then closes the vault.
            self.db.run(save_drafts, ctx, pending, on_error=self._drafts_not_saved)
            notes.append(
                self.tr(
                    "Ungespeicherte Eingaben wurden als Entwurf im Datentresor gesichert; sie "
                    "werden nach der Anmeldung wiederhergestellt."
                )
            )
        workspace.clear_for_lock()
        page = workspace.release_clients_page()
        if page is not None:
            page.setParent(self)  # kept, hidden and empty, for the next sign-in
            page.hide()
        self._close_dialogs()
        clipboard_guard.clear_if_ours()
        # Line-layout caches of the PDF builder may hold client names.
        from referral_desk.core.documents.layout import clear_caches

        clear_caches()
        from referral_desk.ui import printing

        printing.forget()
        self.db.lock()
        self.organisation = None
        self.session = None
        self.show_unlock_page(user=actor.name if actor else None, notice=" ".join(notes) or None)

    def _anchor_failed(self, exc: BaseException) -> None:
        """The database was replaced or rolled back while unlocked: stop working in it."""
        self.lock()
        if self.unlock_page is not None:
            self.unlock_page.show_anchor_notice(exc)

    def _drafts_not_saved(self, exc: BaseException) -> None:
        text = self.tr("Achtung: Ein Entwurf konnte nicht gesichert werden: %1").replace("%1", error_text(exc))
        page = self.unlock_page or self.team_sign_in_page
        if page is not None:
            page.set_notice(text)  # type: ignore[attr-defined]  # both sign-in pages have it
        else:
            self.statusBar().showMessage(text, 30_000)

    def _owns(self, widget: QWidget) -> bool:
        parent = widget.parentWidget()
        if parent is None:
            return True
        while parent is not None:
            if parent is self:
                return True
            parent = parent.parentWidget()
        return False

    def _close_dialogs(self) -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible() and self._owns(widget):
                widget.reject()

    # --- shutdown ------------------------------------------------------------------------

    def shutdown(self) -> None:
        """Save unsaved editors as drafts, close the vault and stop the worker (once)."""
        if self._shut_down:
            return
        self._shut_down = True
        self.idle.stop()
        ctx = self.db.context
        if self.workspace is not None and ctx is not None:
            pending = self.workspace.drafts_for_lock()
            if pending:
                self.db.run(save_drafts, ctx, pending)
            # The automatic backup on close (organisation setting: folder and how many to
            # keep); after the drafts, so they are in it too. Not of a team database.
            if not ctx.team:
                self.db.run(_automatic_backup, ctx)
        clipboard_guard.clear_if_ours()
        # Waits for queued work (the drafts above) and closes the vault: this is the exit.
        self.db.shutdown()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        self.shutdown()
        super().closeEvent(event)
