"""Verwaltung: user accounts, partner agencies, organisation settings (admin role only).

Every change goes through a service on the database worker; the service validates each
field and its error is shown under the field it names. The page keeps no state beyond the
read models it shows.
"""

from __future__ import annotations

import re
from typing import Any

from anyascii import anyascii
from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QStackedWidget,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import printable
from referral_desk.core.errors import InvalidInput, VersionConflict
from referral_desk.core.models import AgencyRead, OrganisationRead, UserRead
from referral_desk.core.services import organisation, users
from referral_desk.ui import file_dialogs, i18n
from referral_desk.ui.data_protection_tab import DataProtectionTab
from referral_desk.ui.widgets import (
    ErrorLabel,
    FieldForm,
    ObjectRole,
    PasswordStrengthBar,
    RecordTableModel,
    call_for,
    combo,
    error_text,
    hbox,
    line_edit,
    logo_pixmap,
    read_logo,
    record_table_view,
    scrolled,
    select_key,
    show_status,
    status_label,
)
from referral_desk.ui.worker import DatabaseWorker


def _text_or_none(edit: QLineEdit) -> str | None:
    return edit.text().strip() or None


def _select_row(view: QTableView, row: int) -> None:
    if row < 0:
        view.clearSelection()
        return
    index = view.model().index(row, 0)
    view.selectionModel().setCurrentIndex(
        index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    )
    view.scrollTo(index)


# --- users -------------------------------------------------------------------------------


class UsersTab(QWidget):
    PAGE_HINT, PAGE_NEW, PAGE_EDIT = range(3)

    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_tab")
        self.db = db
        self.model = RecordTableModel(
            [
                (self.tr("Benutzername"), lambda u: u.name),
                (self.tr("Anzeigename"), lambda u: u.display_name),
                (self.tr("Rolle"), lambda u: i18n.enum_label("role", u.role)),
                (self.tr("Aktiv"), lambda u: u.active),
            ],
            self,
            muted=lambda u: not u.active,
        )
        self.users_table = record_table_view("users_table", self.model, stretch=1)
        self.users_table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_user_button = QPushButton(self.tr("&Neues Benutzerkonto …"))
        self.new_user_button.setObjectName("new_user_button")
        self.new_user_button.clicked.connect(self.show_new_form)
        self.users_error_label = ErrorLabel()
        self.users_error_label.setObjectName("users_error_label")

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.users_table)
        left_layout.addWidget(self.users_error_label)
        left_layout.addLayout(hbox(self.new_user_button, None))

        hint = QLabel(
            self.tr(
                "Wählen Sie links ein Benutzerkonto aus, um Rolle, Status oder Passwort zu ändern, "
                "oder legen Sie ein neues an."
            )
        )
        hint.setWordWrap(True)
        hint.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.form_stack = QStackedWidget()
        self.form_stack.setObjectName("user_form_stack")
        self.form_stack.addWidget(hint)
        self.form_stack.addWidget(scrolled(self._build_new_form()))
        self.form_stack.addWidget(scrolled(self._build_edit_form()))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.form_stack)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

    # forms

    def _build_new_form(self) -> QWidget:
        box = QGroupBox(self.tr("Neues Benutzerkonto"))
        box.setObjectName("new_user_form")
        self.new_user_name_edit = line_edit("new_user_name_edit", 64)
        self.new_user_display_name_edit = line_edit("new_user_display_name_edit", 120)
        self.new_user_role_combo_box = combo("new_user_role_combo_box", i18n.enum_choices("role"))
        select_key(self.new_user_role_combo_box, "counsellor")
        self.new_user_password_edit = line_edit("new_user_password_edit", 1024)
        self.new_user_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_user_strength = PasswordStrengthBar(object_prefix="new_user_password")
        self.new_user_password_repeat_edit = line_edit("new_user_password_repeat_edit", 1024)
        self.new_user_password_repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.new_user_password_edit, self.new_user_name_edit):
            edit.textChanged.connect(
                lambda _t: self.new_user_strength.update_for(
                    self.new_user_password_edit.text(), self.new_user_name_edit.text().strip()
                )
            )
        self.add_user_button = QPushButton(self.tr("Benutzerkonto &anlegen"))
        self.add_user_button.setObjectName("add_user_button")
        self.add_user_button.clicked.connect(self.add_user)
        self.new_user_password_repeat_edit.returnPressed.connect(self.add_user)
        intro = QLabel(self.tr("Das Anfangspasswort teilen Sie der Person persönlich mit."))
        intro.setWordWrap(True)

        self.new_form = FieldForm()
        f = self.new_form
        f.add_field(self.tr("&Benutzername *"), self.new_user_name_edit, "name")
        f.add_field(self.tr("An&zeigename"), self.new_user_display_name_edit, "display_name")
        f.add_field(self.tr("&Rolle"), self.new_user_role_combo_box, "role")
        f.add_field(
            self.tr("Anfangs&passwort *"), self.new_user_password_edit, "password", extra=self.new_user_strength
        )
        f.add_field(self.tr("Passwort &wiederholen *"), self.new_user_password_repeat_edit, "password_repeat")
        f.add_general_error()
        f.general_error_label.setObjectName("new_user_error_label")
        f.overrides[("name", "input.pattern")] = self.tr(
            "Nur Buchstaben a–z, Ziffern sowie . _ - (ohne Leerzeichen und Umlaute), höchstens 64 Zeichen."
        )

        layout = QVBoxLayout(box)
        layout.addWidget(intro)
        layout.addLayout(f)
        layout.addLayout(hbox(None, self.add_user_button))
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        outer.addStretch(1)
        return page

    def _build_edit_form(self) -> QWidget:
        box = QGroupBox(self.tr("Benutzerkonto bearbeiten"))
        box.setObjectName("edit_user_form")
        self.user_name_label = QLabel()
        self.user_name_label.setObjectName("user_name_label")
        font = self.user_name_label.font()
        font.setBold(True)
        self.user_name_label.setFont(font)
        self.user_display_name_edit = line_edit("user_display_name_edit", 120)
        self.user_role_combo_box = combo("user_role_combo_box", i18n.enum_choices("role"))
        self.user_active_check_box = QCheckBox(self.tr("Aktiv (kann sich anmelden)"))
        self.user_active_check_box.setObjectName("user_active_check_box")
        self.self_hint_label = QLabel(
            self.tr("Das eigene Konto kann hier weder die Rolle wechseln noch deaktiviert werden.")
        )
        self.self_hint_label.setObjectName("self_hint_label")
        self.self_hint_label.setWordWrap(True)
        self.save_user_button = QPushButton(self.tr("Änderungen &speichern"))
        self.save_user_button.setObjectName("save_user_button")
        self.save_user_button.clicked.connect(self.save_user)
        self.user_status_label = status_label("user_status_label")

        self.edit_form = FieldForm()
        f = self.edit_form
        f.add_field(self.tr("Benutzername"), self.user_name_label)
        f.add_field(self.tr("An&zeigename"), self.user_display_name_edit, "display_name")
        f.add_field(self.tr("&Rolle"), self.user_role_combo_box, "role")
        f.add_field(self.tr("Status"), self.user_active_check_box, "active", extra=self.self_hint_label)
        f.add_general_error()
        f.general_error_label.setObjectName("edit_user_error_label")

        reset_box = QGroupBox(self.tr("Passwort zurücksetzen"))
        reset_box.setObjectName("reset_password_group")
        reset_intro = QLabel(
            self.tr(
                "Für Personen, die ihr Passwort vergessen haben, oder nach einer "
                "Reaktivierung. Das neue Passwort teilen Sie der Person persönlich mit."
            )
        )
        reset_intro.setWordWrap(True)
        self.reset_password_edit = line_edit("reset_password_edit", 1024)
        self.reset_password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_strength = PasswordStrengthBar(object_prefix="reset_password")
        self.reset_password_edit.textChanged.connect(
            lambda text: self.reset_strength.update_for(text, self.current_user.name if self.current_user else "")
        )
        self.reset_password_repeat_edit = line_edit("reset_password_repeat_edit", 1024)
        self.reset_password_repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.reset_password_button = QPushButton(self.tr("Passwort &zurücksetzen"))
        self.reset_password_button.setObjectName("reset_password_button")
        self.reset_password_button.clicked.connect(self.reset_password)
        self.reset_password_repeat_edit.returnPressed.connect(self.reset_password)
        self.reset_form = FieldForm()
        self.reset_form.add_field(
            self.tr("Neues &Passwort"), self.reset_password_edit, "password", extra=self.reset_strength
        )
        self.reset_form.add_field(self.tr("Passwort &wiederholen"), self.reset_password_repeat_edit, "password_repeat")
        self.reset_form.add_general_error()
        self.reset_form.general_error_label.setObjectName("reset_password_error_label")
        reset_layout = QVBoxLayout(reset_box)
        reset_layout.addWidget(reset_intro)
        reset_layout.addLayout(self.reset_form)
        reset_layout.addLayout(hbox(None, self.reset_password_button))

        layout = QVBoxLayout(box)
        layout.addLayout(f)
        layout.addLayout(hbox(self.user_status_label, None, self.save_user_button))
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(box)
        outer.addWidget(reset_box)
        outer.addStretch(1)
        return page

    # data

    @property
    def current_user(self) -> UserRead | None:
        index = self.users_table.currentIndex()
        return index.data(ObjectRole) if index.isValid() else None

    def reload(self, select: str | None = None, status: str = "") -> None:
        def shown(rows: list[UserRead]) -> None:
            self.users_error_label.clear_error()
            self.model.set_rows(rows)
            if select is not None:
                _select_row(self.users_table, self.model.row_of(lambda u: u.name == select))
            show_status(self.user_status_label, status)  # after the selection, which clears it

        call_for(
            self,
            self.db,
            users.list_users,
            include_inactive=True,
            on_success=shown,
            on_error=lambda exc: self.users_error_label.set_error(error_text(exc)),
        )

    def show_new_form(self) -> None:
        self.users_table.clearSelection()
        self.users_table.setCurrentIndex(self.model.index(-1, -1))
        self.new_form.clear_errors()
        for edit in (
            self.new_user_name_edit,
            self.new_user_display_name_edit,
            self.new_user_password_edit,
            self.new_user_password_repeat_edit,
        ):
            edit.clear()
        select_key(self.new_user_role_combo_box, "counsellor")
        self.form_stack.setCurrentIndex(self.PAGE_NEW)
        self.new_user_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_changed(self, *_args: object) -> None:
        user = self.current_user
        if user is None:
            if self.form_stack.currentIndex() == self.PAGE_EDIT:
                self.form_stack.setCurrentIndex(self.PAGE_HINT)
            return
        self.edit_form.clear_errors()
        self.reset_form.clear_errors()
        show_status(self.user_status_label, "")
        self.user_name_label.setText(user.name)
        self.user_display_name_edit.setText(user.display_name)
        select_key(self.user_role_combo_box, user.role)
        self.user_active_check_box.setChecked(user.active)
        own = self.db.actor is not None and self.db.actor.id == user.id
        self.user_role_combo_box.setEnabled(not own)
        self.user_active_check_box.setEnabled(not own)
        self.self_hint_label.setVisible(own)
        self.reset_password_edit.clear()
        self.reset_password_repeat_edit.clear()
        self.reset_password_button.setEnabled(user.active)
        self.form_stack.setCurrentIndex(self.PAGE_EDIT)

    # actions

    def add_user(self) -> None:
        f = self.new_form
        f.clear_errors()
        name = self.new_user_name_edit.text().strip()
        password = self.new_user_password_edit.text()
        if password != self.new_user_password_repeat_edit.text():
            f.show_error(InvalidInput("input.password_mismatch", field="password_repeat"))
            return
        self.add_user_button.setEnabled(False)

        def added(user: UserRead) -> None:
            self.add_user_button.setEnabled(True)
            for edit in (self.new_user_password_edit, self.new_user_password_repeat_edit):
                edit.clear()
            self.reload(select=user.name, status=self.tr("Benutzerkonto „%1“ angelegt.").replace("%1", user.name))

        def failed(exc: BaseException) -> None:
            self.add_user_button.setEnabled(True)
            f.show_error(exc)

        call_for(
            self,
            self.db,
            users.add_user,
            name=name,
            role=self.new_user_role_combo_box.currentData(),
            password=password,
            display_name=self.new_user_display_name_edit.text().strip() or None,
            on_success=added,
            on_error=failed,
        )

    def save_user(self) -> None:
        user = self.current_user
        if user is None:
            return
        f = self.edit_form
        f.clear_errors()
        changes: dict[str, Any] = {}
        display = self.user_display_name_edit.text().strip()
        if display != user.display_name:
            changes["display_name"] = display
        role = self.user_role_combo_box.currentData()
        if role != user.role:
            changes["role"] = role
        active = self.user_active_check_box.isChecked()
        if active != user.active:
            changes["active"] = active
        if not changes:
            show_status(self.user_status_label, self.tr("Keine Änderungen."))
            return
        if not display:
            f.show_error(InvalidInput("input.blank", field="display_name"))
            return

        def saved(updated: UserRead) -> None:
            text = self.tr("Gespeichert.")
            if changes.get("active") is True:
                text += " " + self.tr(
                    "Bitte jetzt ein neues Passwort setzen, damit sich die Person wieder anmelden kann."
                )
            self.reload(select=updated.name, status=text)

        call_for(self, self.db, users.update_user, name=user.name, on_success=saved, on_error=f.show_error, **changes)

    def reset_password(self) -> None:
        user = self.current_user
        if user is None:
            return
        f = self.reset_form
        f.clear_errors()
        password = self.reset_password_edit.text()
        if password != self.reset_password_repeat_edit.text():
            f.show_error(InvalidInput("input.password_mismatch", field="password_repeat"))
            return
        self.reset_password_button.setEnabled(False)

        def done(_result: object) -> None:
            self.reset_password_button.setEnabled(True)
            self.reset_password_edit.clear()
            self.reset_password_repeat_edit.clear()
            show_status(self.user_status_label, self.tr("Neues Passwort für „%1“ gesetzt.").replace("%1", user.name))

        def failed(exc: BaseException) -> None:
            self.reset_password_button.setEnabled(True)
            f.show_error(exc)

        call_for(
            self, self.db, users.reset_password, name=user.name, new_password=password, on_success=done, on_error=failed
        )


class TeamUsersTab(QWidget):
    """Team database: the team's people, read-only. Each account is a login role of the
    server, made and ended by the administration's command line (docs/team-database.md)."""

    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("users_tab")
        self.db = db
        self.model = RecordTableModel(
            [
                (self.tr("Anmeldename"), lambda m: m.name),
                (self.tr("Anzeigename"), lambda m: m.display_name),
                (self.tr("Rolle"), lambda m: self._role_label(m.role)),
                (self.tr("Team"), lambda m: m.team or ""),
                (self.tr("Aktiv"), lambda m: m.active),
            ],
            self,
            muted=lambda m: not m.active,
        )
        self.users_table = record_table_view("users_table", self.model, stretch=1)
        self.users_error_label = ErrorLabel()
        self.users_error_label.setObjectName("users_error_label")
        self.note_label = QLabel(
            self.tr(
                "In der Teamdatenbank ist jedes Benutzerkonto eine Anmeldung am Datenbankserver: Ihre "
                "Administration legt sie mit „referral-desk --dsn … user add“ an und deaktiviert sie mit "
                "„referral-desk --dsn … user deactivate“."
            )
        )
        self.note_label.setObjectName("team_users_note_label")
        self.note_label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.note_label)
        layout.addWidget(self.users_table, 1)
        layout.addWidget(self.users_error_label)

    def _role_label(self, role: str) -> str:
        # The retention login (deletion job) exists only on a team database.
        return self.tr("Aufbewahrung (Löschfristen)") if role == "retention" else i18n.enum_label("role", role)

    def reload(self, select: str | None = None, status: str = "") -> None:
        def shown(rows: list[users.TeamMember]) -> None:
            self.users_error_label.clear_error()
            self.model.set_rows(rows)

        call_for(
            self,
            self.db,
            users.list_team_members,
            include_inactive=True,
            on_success=shown,
            on_error=lambda exc: self.users_error_label.set_error(error_text(exc)),
        )


# --- partner agencies -------------------------------------------------------------------------

_SLUG_CHARS = re.compile(r"[^a-z0-9]+")


def suggest_key(name: str, taken: set[str]) -> str:
    """A slug for a new agency key, e.g. "Ärztehaus Süd" -> "arztehaus-sud"."""
    base = _SLUG_CHARS.sub("-", anyascii(name).lower()).strip("-")[:36].strip("-")
    if len(base) < 2:
        return ""
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


class AgenciesTab(QWidget):
    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("agencies_tab")
        self.db = db
        self._key_edited = False
        self.model = RecordTableModel(
            [
                (self.tr("Name"), lambda a: a.name),
                (self.tr("Art"), lambda a: i18n.enum_label("agency_kind", a.kind)),
                (self.tr("Ort"), lambda a: a.city),
                (self.tr("Aktiv"), lambda a: a.active),
            ],
            self,
            muted=lambda a: not a.active,
        )
        self.agencies_table = record_table_view("agencies_table", self.model, stretch=0)
        self.agencies_table.selectionModel().currentRowChanged.connect(self._row_changed)
        self.new_agency_button = QPushButton(self.tr("&Neue Partnerstelle …"))
        self.new_agency_button.setObjectName("new_agency_button")
        self.new_agency_button.clicked.connect(self.show_new_form)
        self.agencies_error_label = ErrorLabel()
        self.agencies_error_label.setObjectName("agencies_error_label")
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.agencies_table)
        left_layout.addWidget(self.agencies_error_label)
        left_layout.addLayout(hbox(self.new_agency_button, None))

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(scrolled(self._build_form()))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        self.show_new_form()

    def _build_form(self) -> QWidget:
        self.agency_box = QGroupBox()
        self.agency_box.setObjectName("agency_form")
        self.agency_key_edit = line_edit("agency_key_edit", 40)
        self.agency_key_edit.textEdited.connect(lambda _t: setattr(self, "_key_edited", True))
        self.agency_name_edit = line_edit("agency_name_edit")
        self.agency_name_edit.textEdited.connect(self._name_edited)
        self.agency_kind_combo_box = combo("agency_kind_combo_box", i18n.enum_choices("agency_kind"))
        self.agency_department_edit = line_edit("agency_department_edit")
        self.agency_contact_person_edit = line_edit("agency_contact_person_edit")
        self.agency_street_edit = line_edit("agency_street_edit")
        self.agency_postal_code_edit = line_edit("agency_postal_code_edit", 10)
        self.agency_city_edit = line_edit("agency_city_edit", 100)
        self.agency_phone_edit = line_edit("agency_phone_edit", 40)
        self.agency_email_edit = line_edit("agency_email_edit")
        self.agency_active_check_box = QCheckBox(self.tr("Aktiv (als Empfänger wählbar)"))
        self.agency_active_check_box.setObjectName("agency_active_check_box")
        self.built_in_hint_label = QLabel(self.tr("Eingebaute Partnerstelle: Die Art ist festgelegt."))
        self.built_in_hint_label.setObjectName("built_in_hint_label")
        self.built_in_hint_label.setWordWrap(True)
        key_hint = QLabel(self.tr("Kurzes Kürzel für Befehle und Vorlagen (a–z, 0–9, -), später nicht änderbar."))
        key_hint.setWordWrap(True)
        self.save_agency_button = QPushButton(self.tr("Partnerstelle &speichern"))
        self.save_agency_button.setObjectName("save_agency_button")
        self.save_agency_button.clicked.connect(self.save)
        self.agency_status_label = status_label("agency_status_label")

        self.form = FieldForm()
        f = self.form
        f.add_field(self.tr("&Name *"), self.agency_name_edit, "name")
        f.add_field(self.tr("&Kürzel *"), self.agency_key_edit, "key", extra=key_hint)
        f.add_field(self.tr("A&rt"), self.agency_kind_combo_box, "kind", extra=self.built_in_hint_label)
        f.add_field(self.tr("&Abteilung / Team"), self.agency_department_edit, "department")
        f.add_field(self.tr("Ansprech&person"), self.agency_contact_person_edit, "contact_person")
        f.add_field(self.tr("S&traße und Hausnummer"), self.agency_street_edit, "street")
        f.add_field(self.tr("&Postleitzahl"), self.agency_postal_code_edit, "postal_code")
        f.add_field(self.tr("&Ort"), self.agency_city_edit, "city")
        f.add_field(self.tr("Tele&fon"), self.agency_phone_edit, "phone")
        f.add_field(self.tr("&E-Mail"), self.agency_email_edit, "email")
        f.add_field(self.tr("Status"), self.agency_active_check_box, "active")
        f.add_general_error()
        f.general_error_label.setObjectName("agency_error_label")

        layout = QVBoxLayout(self.agency_box)
        layout.addLayout(f)
        layout.addLayout(hbox(self.agency_status_label, None, self.save_agency_button))
        page = QWidget()
        outer = QVBoxLayout(page)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.agency_box)
        outer.addStretch(1)
        return page

    @property
    def current_agency(self) -> AgencyRead | None:
        index = self.agencies_table.currentIndex()
        return index.data(ObjectRole) if index.isValid() else None

    def _taken_keys(self) -> set[str]:
        return {a.key for a in self.model.rows()}

    def _name_edited(self, text: str) -> None:
        if self.current_agency is None and not self._key_edited:
            self.agency_key_edit.setText(suggest_key(text, self._taken_keys()))

    def reload(self, select: str | None = None, status: str = "", error: str = "") -> None:
        def shown(rows: list[AgencyRead]) -> None:
            self.agencies_error_label.clear_error()
            self.model.set_rows(rows)
            if select is not None:
                _select_row(self.agencies_table, self.model.row_of(lambda a: a.key == select))
            show_status(self.agency_status_label, status)
            if error:  # after the form shows the stored entry
                self.form.general_error_label.set_error(error)

        call_for(
            self,
            self.db,
            organisation.list_agencies,
            include_inactive=True,
            on_success=shown,
            on_error=lambda exc: self.agencies_error_label.set_error(error_text(exc)),
        )

    def show_new_form(self) -> None:
        self.agencies_table.clearSelection()
        self.agencies_table.setCurrentIndex(self.model.index(-1, -1))
        self._fill(None)
        self.agency_name_edit.setFocus(Qt.FocusReason.OtherFocusReason)

    def _row_changed(self, *_args: object) -> None:
        agency = self.current_agency
        if agency is not None:
            self._fill(agency)

    def _fill(self, agency: AgencyRead | None) -> None:
        self.form.clear_errors()
        show_status(self.agency_status_label, "")
        self._key_edited = False
        self.agency_box.setTitle(
            self.tr("Neue Partnerstelle") if agency is None else self.tr("Partnerstelle bearbeiten")
        )
        self.agency_key_edit.setText(agency.key if agency else "")
        self.agency_key_edit.setReadOnly(agency is not None)
        self.agency_name_edit.setText(agency.name if agency else "")
        select_key(self.agency_kind_combo_box, agency.kind if agency else "other")
        built_in = bool(agency and agency.built_in)
        self.agency_kind_combo_box.setEnabled(not built_in)
        self.built_in_hint_label.setVisible(built_in)
        for edit, attr in (
            (self.agency_department_edit, "department"),
            (self.agency_contact_person_edit, "contact_person"),
            (self.agency_street_edit, "street"),
            (self.agency_postal_code_edit, "postal_code"),
            (self.agency_city_edit, "city"),
            (self.agency_phone_edit, "phone"),
            (self.agency_email_edit, "email"),
        ):
            edit.setText((getattr(agency, attr) or "") if agency else "")
        self.agency_active_check_box.setChecked(agency.active if agency else True)

    def form_data(self) -> dict[str, Any]:
        return {
            "name": self.agency_name_edit.text(),
            "kind": self.agency_kind_combo_box.currentData(),
            "department": _text_or_none(self.agency_department_edit),
            "contact_person": _text_or_none(self.agency_contact_person_edit),
            "street": _text_or_none(self.agency_street_edit),
            "postal_code": _text_or_none(self.agency_postal_code_edit),
            "city": _text_or_none(self.agency_city_edit),
            "phone": _text_or_none(self.agency_phone_edit),
            "email": _text_or_none(self.agency_email_edit),
            "active": self.agency_active_check_box.isChecked(),
        }

    def save(self) -> None:
        self.form.clear_errors()
        existing = self.current_agency
        key = existing.key if existing else self.agency_key_edit.text().strip()
        if existing is None and key in self._taken_keys():
            # save_agency updates by key: a new entry must not silently overwrite another one.
            self.form.set_field_error("key", self.tr("Dieses Kürzel ist schon vergeben."))
            return
        data = self.form_data()
        if existing is not None and existing.built_in:
            data.pop("kind")

        def saved(agency: AgencyRead) -> None:
            self.reload(select=agency.key, status=self.tr("Gespeichert."))

        def failed(exc: BaseException) -> None:
            if isinstance(exc, VersionConflict):  # saved elsewhere meanwhile: show what is stored
                self.reload(select=key, error=error_text(exc))
                return
            self.form.show_error(exc)

        call_for(
            self,
            self.db,
            organisation.save_agency,
            key=key,
            data=data,
            expected_version=existing.version if existing is not None else None,
            on_success=saved,
            on_error=failed,
        )


# --- organisation settings -------------------------------------------------------------------


class OrganisationTab(QWidget):
    """The organisation's profile and rules. ``team``: on a team database the desk vault's own
    setting (who sees which records, ``team_access``) is replaced by a note: there the server's
    row-level security decides (own caseload, shares, the team's lead)."""

    organisation_changed = Signal(object)  # OrganisationRead

    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None, *, team: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("organisation_tab")
        self.db = db
        self.team = team
        self.current: OrganisationRead | None = None
        self._logo: bytes | str | None = "keep"

        self.org_name_edit = line_edit("org_name_edit")
        self.service_combo_box = combo("service_combo_box", i18n.enum_choices("service"))
        self.street_edit = line_edit("street_edit")
        self.postal_code_edit = line_edit("postal_code_edit", 10)
        self.postal_code_edit.setMaximumWidth(120)
        self.city_edit = line_edit("city_edit", 100)
        self.phone_edit = line_edit("phone_edit", 40)
        self.email_edit = line_edit("email_edit")
        self.legal_regime_combo_box = combo("legal_regime_combo_box", i18n.enum_choices("legal_regime"))
        # Release 0.2: the data-protection officer (consent forms name them) and every service run.
        self.dpo_name_edit = line_edit("dpo_name_edit")
        self.dpo_email_edit = line_edit("dpo_email_edit")
        self.dpo_address_edit = line_edit("dpo_address_edit")
        self.dpo_address_edit.setPlaceholderText(self.tr("Postanschrift, falls abweichend (optional)"))
        self.services_checks: dict[str, QCheckBox] = {}
        services_widget = QWidget()
        services_widget.setObjectName("services")  # its error label: services_error_label
        services_layout = QHBoxLayout(services_widget)
        services_layout.setContentsMargins(0, 0, 0, 0)
        for key, label in i18n.enum_choices("service"):
            check = QCheckBox(label)
            check.setObjectName(f"service_{key}_check_box")
            self.services_checks[key] = check
            services_layout.addWidget(check)
        services_layout.addStretch(1)
        self.letters_hint_label = QLabel()
        self.letters_hint_label.setObjectName("letters_hint_label")
        self.letters_hint_label.setWordWrap(True)
        self.letters_hint_label.setStyleSheet("color: #8a4b00;")
        self.idle_lock_minutes_spin_box = QSpinBox()
        self.idle_lock_minutes_spin_box.setObjectName("idle_lock_minutes_spin_box")
        self.idle_lock_minutes_spin_box.setRange(1, 240)
        self.idle_lock_minutes_spin_box.setSuffix(self.tr(" Minuten"))
        self.ui_language_combo_box = combo("ui_language_combo_box", [("de", "Deutsch"), ("en", "English")])
        self.language_hint_label = QLabel(self.tr("Gilt für alle Benutzerkonten ab der nächsten Anmeldung."))
        self.language_hint_label.setWordWrap(True)
        self.consent_validity_months_spin_box = QSpinBox()
        self.consent_validity_months_spin_box.setObjectName("consent_validity_months_spin_box")
        self.consent_validity_months_spin_box.setRange(1, 120)
        self.consent_validity_months_spin_box.setSuffix(self.tr(" Monate"))
        self.min_cell_size_combo_box = combo("min_cell_size_combo_box", [("3", "3"), ("5", "5"), ("10", "10")])
        self.retention_years_spin_box = QSpinBox()
        self.retention_years_spin_box.setObjectName("retention_years_spin_box")
        self.retention_years_spin_box.setRange(1, 30)
        self.retention_years_spin_box.setSuffix(self.tr(" Jahre"))
        self.team_access_check_box: QCheckBox | None = None
        self.team_access_note_label: QLabel | None = None
        if team:
            self.team_access_note_label = QLabel(
                self.tr(
                    "In der Teamdatenbank entscheidet der Server, wer welche Akten sieht: die eigenen Fälle, "
                    "befristete Freigaben und die Teamleitung."
                )
            )
            self.team_access_note_label.setObjectName("team_access_note_label")
            self.team_access_note_label.setWordWrap(True)
        else:
            self.team_access_check_box = QCheckBox(self.tr("Berater*innen sehen alle Klient*innen des Teams"))
            self.team_access_check_box.setObjectName("team_access_check_box")
        for narrow in (
            self.idle_lock_minutes_spin_box,
            self.consent_validity_months_spin_box,
            self.retention_years_spin_box,
            self.min_cell_size_combo_box,
            self.ui_language_combo_box,
        ):
            narrow.setMaximumWidth(200)

        self.logo_preview_label = QLabel()
        self.logo_preview_label.setObjectName("logo_preview_label")
        self.logo_preview_label.setMinimumHeight(70)
        self.logo_choose_button = QPushButton(self.tr("Logo &auswählen …"))
        self.logo_choose_button.setObjectName("logo_choose_button")
        self.logo_choose_button.clicked.connect(self.choose_logo)
        self.logo_remove_button = QPushButton(self.tr("Logo entfernen"))
        self.logo_remove_button.setObjectName("logo_remove_button")
        self.logo_remove_button.clicked.connect(lambda: self.set_logo(None))
        logo_widget = QWidget()
        logo_layout = QVBoxLayout(logo_widget)
        logo_layout.setContentsMargins(0, 0, 0, 0)
        logo_layout.addWidget(self.logo_preview_label)
        logo_layout.addLayout(hbox(self.logo_choose_button, self.logo_remove_button, None))

        self.save_organisation_button = QPushButton(self.tr("Einstellungen &speichern"))
        self.save_organisation_button.setObjectName("save_organisation_button")
        self.save_organisation_button.clicked.connect(self.save)
        self.organisation_status_label = status_label("organisation_status_label")

        org_box = QGroupBox(self.tr("Organisation"))
        self.form = FieldForm()
        f = self.form
        f.add_field(self.tr("&Name der Organisation *"), self.org_name_edit, "name", "org_name")
        f.add_field(self.tr("&Dienst"), self.service_combo_box, "service")
        f.add_field(self.tr("S&traße und Hausnummer"), self.street_edit, "street")
        f.add_field(self.tr("&Postleitzahl"), self.postal_code_edit, "postal_code")
        f.add_field(self.tr("&Ort"), self.city_edit, "city")
        f.add_field(self.tr("Tele&fon"), self.phone_edit, "phone")
        f.add_field(self.tr("&E-Mail"), self.email_edit, "email")
        f.add_field(self.tr("Daten&schutzrecht"), self.legal_regime_combo_box, "legal_regime")
        f.add_field(self.tr("Angebote"), services_widget, "services")
        f.add_field(self.tr("Datenschutzbeauftragte*r"), self.dpo_name_edit, "dpo_name")
        f.add_field(self.tr("E-Mail Datenschutz"), self.dpo_email_edit, "dpo_email")
        f.add_field(self.tr("Anschrift Datenschutz"), self.dpo_address_edit, "dpo_address")
        f.add_field(self.tr("&Logo"), logo_widget, "logo")
        org_layout = QVBoxLayout(org_box)
        org_layout.addWidget(self.letters_hint_label)
        org_layout.addLayout(f)

        rules_box = QGroupBox(self.tr("Arbeitsweise"))
        self.rules_form = FieldForm()
        r = self.rules_form
        r.add_field(self.tr("Automatisch sperren nach"), self.idle_lock_minutes_spin_box, "idle_lock_minutes")
        r.add_field(
            self.tr("Sprache der Oberfläche"), self.ui_language_combo_box, "ui_language", extra=self.language_hint_label
        )
        r.add_field(
            self.tr("Einwilligungen gültig für"), self.consent_validity_months_spin_box, "consent_validity_months"
        )
        r.add_field(self.tr("Mindestfallzahl in Statistiken"), self.min_cell_size_combo_box, "min_cell_size")
        r.add_field(self.tr("Aufbewahrung nach Fallabschluss"), self.retention_years_spin_box, "retention_years")
        if self.team_access_check_box is not None:
            r.add_field(self.tr("Teamzugriff"), self.team_access_check_box, "team_access")
        elif self.team_access_note_label is not None:
            r.add_field(self.tr("Teamzugriff"), self.team_access_note_label)
        r.add_general_error()
        r.general_error_label.setObjectName("organisation_error_label")
        QVBoxLayout(rules_box).addLayout(r)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.addWidget(org_box)
        content_layout.addWidget(rules_box)
        content_layout.addLayout(hbox(self.organisation_status_label, None, self.save_organisation_button))
        content_layout.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scrolled(content))

    def reload(self) -> None:
        call_for(
            self,
            self.db,
            organisation.get_organisation,
            on_success=self._fill,
            on_error=lambda exc: self.rules_form.general_error_label.set_error(error_text(exc)),
        )
        call_for(self, self.db, organisation.get_logo, on_success=self._show_logo)

    def _fill(self, org: OrganisationRead) -> None:
        self.current = org
        self.org_name_edit.setText(org.name)
        select_key(self.service_combo_box, org.service)
        self.street_edit.setText(org.street or "")
        self.postal_code_edit.setText(org.postal_code or "")
        self.city_edit.setText(org.city or "")
        self.phone_edit.setText(org.phone or "")
        self.email_edit.setText(org.email or "")
        select_key(self.legal_regime_combo_box, org.legal_regime)
        self.dpo_name_edit.setText(org.dpo_name or "")
        self.dpo_email_edit.setText(org.dpo_email or "")
        self.dpo_address_edit.setText((org.dpo_address or "").replace("\n", ", "))
        for key, check in self.services_checks.items():
            check.setChecked(key in org.services)
        gaps = printable.missing_fields(org, dpo=True)
        self.letters_hint_label.setVisible(bool(gaps))
        self.letters_hint_label.setText(
            self.tr("Für Briefe und Einwilligungserklärungen fehlt noch: %1").replace("%1", ", ".join(gaps))
        )
        self.idle_lock_minutes_spin_box.setValue(org.idle_lock_minutes)
        select_key(self.ui_language_combo_box, org.ui_language)
        self.consent_validity_months_spin_box.setValue(org.consent_validity_months)
        select_key(self.min_cell_size_combo_box, str(org.min_cell_size))
        self.retention_years_spin_box.setValue(org.retention_years)
        if self.team_access_check_box is not None:
            self.team_access_check_box.setChecked(org.team_access)

    def _show_logo(self, data: bytes | None) -> None:
        self._logo = "keep"
        self._preview(data)

    def _preview(self, data: bytes | None) -> None:
        pixmap = logo_pixmap(data, 60)
        if pixmap is None:
            self.logo_preview_label.setPixmap(QPixmap())
            self.logo_preview_label.setText(self.tr("Kein Logo."))
        else:
            self.logo_preview_label.setPixmap(pixmap)
        self.logo_remove_button.setEnabled(data is not None)

    def choose_logo(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Logo auswählen"), self.tr("PNG-Bilder (*.png)"), db=self.db)
        if path:
            self.set_logo_file(path)

    def set_logo_file(self, path: str) -> bool:
        try:
            data = read_logo(path)
        except InvalidInput as exc:
            self.form.set_field_error(
                "logo",
                self.tr("Bitte eine PNG-Datei bis 2 MB wählen.") if exc.code == "input.invalid" else error_text(exc),
            )
            return False
        self.set_logo(data)
        return True

    def set_logo(self, data: bytes | None) -> None:
        self._logo = data
        self._preview(data)

    def changes(self) -> dict[str, Any]:
        return {
            "name": self.org_name_edit.text(),
            "service": self.service_combo_box.currentData(),
            "street": _text_or_none(self.street_edit),
            "postal_code": _text_or_none(self.postal_code_edit),
            "city": _text_or_none(self.city_edit),
            "phone": _text_or_none(self.phone_edit),
            "email": _text_or_none(self.email_edit),
            "legal_regime": self.legal_regime_combo_box.currentData(),
            "dpo_name": _text_or_none(self.dpo_name_edit),
            "dpo_email": _text_or_none(self.dpo_email_edit),
            "dpo_address": _text_or_none(self.dpo_address_edit),
            **self._services_change(),
            "idle_lock_minutes": self.idle_lock_minutes_spin_box.value(),
            "ui_language": self.ui_language_combo_box.currentData(),
            "consent_validity_months": self.consent_validity_months_spin_box.value(),
            "min_cell_size": int(self.min_cell_size_combo_box.currentData()),
            "retention_years": self.retention_years_spin_box.value(),
            **(
                {"team_access": self.team_access_check_box.isChecked()}
                if self.team_access_check_box is not None
                else {}
            ),
        }

    def _services_change(self) -> dict[str, Any]:
        """The services ticked, the one chosen under "Dienst" first (it is the default)."""
        ticked = [k for k, c in self.services_checks.items() if c.isChecked()]
        main = self.service_combo_box.currentData()
        ordered = ([main] if main in ticked else []) + [k for k in ticked if k != main]
        return {"services": ordered} if ordered else {"services": []}

    def _show_error(self, exc: BaseException) -> None:
        if self.form.handles(exc):
            self.form.show_error(exc)
        else:
            self.rules_form.show_error(exc)

    def save(self) -> None:
        self.form.clear_errors()
        self.rules_form.clear_errors()
        before = self.current

        def saved(org: OrganisationRead) -> None:
            self._fill(org)
            self._logo = "keep"
            text = self.tr("Gespeichert.")
            if before is not None and before.ui_language != org.ui_language:
                text += " " + self.tr("Die Sprache wechselt bei der nächsten Anmeldung.")
            show_status(self.organisation_status_label, text)
            self.organisation_changed.emit(org)

        def failed(exc: BaseException) -> None:
            self._show_error(exc)
            if isinstance(exc, VersionConflict):  # saved elsewhere meanwhile: show what is stored
                call_for(self, self.db, organisation.get_organisation, on_success=self._fill)

        call_for(
            self,
            self.db,
            organisation.update_organisation,
            changes=self.changes(),
            logo_png=self._logo,
            expected_version=before.version if before is not None else None,
            on_success=saved,
            on_error=failed,
        )


# --- the page -----------------------------------------------------------------------------------


class AdminPage(QWidget):
    """Verwaltung. Built only for admins; ``AdminPage.allowed(actor)`` says whether to.

    ``team``: the app runs on a team database. Partner agencies, the organisation's profile
    and the consent forms use the same services there; the accounts are the server's login
    roles (listed read-only); the data-protection tab has the log and erasure only."""

    organisation_changed = Signal(object)

    def __init__(self, db: DatabaseWorker, parent: QWidget | None = None, *, team: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName("admin_page")
        self.db = db
        self.team = team
        self.users_tab: UsersTab | TeamUsersTab = TeamUsersTab(db) if team else UsersTab(db)
        self.agencies_tab = AgenciesTab(db)
        self.organisation_tab = OrganisationTab(db, team=team)
        self.organisation_tab.organisation_changed.connect(self.organisation_changed)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("admin_tabs")
        self.tabs.addTab(self.users_tab, self.tr("&Benutzerkonten"))
        self.tabs.addTab(self.agencies_tab, self.tr("&Partnerstellen"))
        self.tabs.addTab(self.organisation_tab, self.tr("&Organisation und Einstellungen"))
        # A team database's tab has the log and erasure only (backups are the server's).
        self.data_protection_tab = DataProtectionTab(db, team=team)
        if not team:
            self.data_protection_tab.users_changed.connect(self.users_tab.reload)
        # Both tabs show the retention period: each keeps the other's fields current.
        self.data_protection_tab.organisation_saved.connect(self.organisation_tab._fill)
        self.organisation_tab.organisation_changed.connect(self.data_protection_tab._fill_settings)
        self.tabs.addTab(self.data_protection_tab, self.tr("&Datenschutz"))
        from referral_desk.ui.consent.forms_tab import ConsentFormsTab

        self.consent_forms_tab = ConsentFormsTab(db, team=team)
        self.tabs.addTab(self.consent_forms_tab, self.tr("&Einwilligungsformulare"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self.reload()

    @staticmethod
    def allowed(actor: object) -> bool:
        return getattr(actor, "role", None) == "admin"

    def reload(self) -> None:
        self.users_tab.reload()
        self.agencies_tab.reload()
        self.organisation_tab.reload()
        self.data_protection_tab.reload()
        self.consent_forms_tab.reload()

    def changed(self, topics: frozenset[str]) -> None:
        """From the worker's change signal (via the workspace)."""
        # A visible tab reloads itself after its own actions (with its status text); the
        # others were changed elsewhere and are refreshed here.
        if "user" in topics and not self.users_tab.isVisible():
            self.users_tab.reload()
        if "agency" in topics and not self.agencies_tab.isVisible():
            self.agencies_tab.reload()
        # The data-protection tab listens to the worker itself.
