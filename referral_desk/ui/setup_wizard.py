"""First run: create the vault with the organisation and the first administrator, then
show the recovery key once.

A page inside the main window's stack (not a separate window). Steps: organisation, logo
(optional), administrator, recovery key. The organisation and administrator fields are
checked with the core's own validation before the (slow) vault creation; the creation
itself runs on the database worker.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QLocale, QMarginsF, Qt, Signal
from PySide6.QtGui import QPageLayout, QPageSize, QPixmap, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import clock
from referral_desk.core.errors import InvalidInput, ReferralDeskError
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import organisation, setup, users
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext
from referral_desk.ui import file_dialogs, i18n
from referral_desk.ui.widgets import (
    BusyIndicator,
    ErrorLabel,
    FieldForm,
    PasswordStrengthBar,
    combo,
    error_text,
    hbox,
    line_edit,
    logo_pixmap,
    monospace_font,
    read_logo,
    scrolled,
)
from referral_desk.ui.worker import DatabaseWorker

ORG_FIELDS = ("org_name", "services", "service", "legal_regime", "street", "postal_code", "city", "phone", "email")
ADMIN_FIELDS = ("name", "display_name", "password", "password_repeat")


def create_vault(
    directory: Path,
    *,
    logo_png: bytes | None,
    dpo: dict[str, object] | None = None,
    agencies: dict[str, dict[str, object]] | None = None,
    **fields: object,
) -> tuple[ServiceContext, str, bool]:
    """On the worker: create the vault, then store the data-protection officer, the partner
    agencies' addresses (checked before, so they are stored) and the logo. Returns (admin
    context, recovery key, logo stored). A failing logo does not undo the vault."""
    ctx, recovery = setup.initialise(directory, **fields)  # type: ignore[arg-type]
    if dpo:
        organisation.update_organisation(ctx, changes=dpo)
    for key, data in (agencies or {}).items():
        if data:
            organisation.save_agency(ctx, key=key, data=data)
    logo_ok = True
    if logo_png is not None:
        try:
            organisation.update_organisation(ctx, changes={}, logo_png=logo_png)
        except ReferralDeskError:
            logo_ok = False
    return ctx, recovery, logo_ok


def group_recovery_key(key: str, per_line: int = 4) -> str:
    """The formatted key (groups joined by '-') in lines of ``per_line`` groups."""
    groups = key.split("-")
    return "\n".join("  ".join(groups[i : i + per_line]) for i in range(0, len(groups), per_line))


class SetupWizard(QWidget):
    """Emits ``finished`` after the recovery key was confirmed; the worker is signed in."""

    finished = Signal()

    STEP_ORGANISATION, STEP_LOGO, STEP_PARTNERS, STEP_ADMIN, STEP_RECOVERY = range(5)

    def __init__(self, db: DatabaseWorker, vault_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("setup_wizard")
        self.db = db
        self.vault_dir = vault_dir
        self.logo_png: bytes | None = None
        self.recovery_key: str | None = None
        self.org_name: str = ""
        self._working = False
        # Argon2 cost of the admin's slot; None is the production default (tests pass a cheap one).
        self.kdf: KdfParams | None = None
        # Tests replace this to avoid a modal dialog; it gets (printer, parent).
        self.print_dialog_factory: Callable[[QPrinter, QWidget], QDialog] = QPrintDialog

        self.step_label = QLabel()
        self.step_label.setObjectName("step_label")
        font = self.step_label.font()
        font.setPointSize(font.pointSize() + 4)
        font.setBold(True)
        self.step_label.setFont(font)

        self.pages = QStackedWidget()
        self.pages.setObjectName("setup_pages")
        self.pages.addWidget(scrolled(self._build_organisation()))
        self.pages.addWidget(scrolled(self._build_logo()))
        self.pages.addWidget(scrolled(self._build_partners()))
        self.pages.addWidget(scrolled(self._build_admin()))
        self.pages.addWidget(scrolled(self._build_recovery()))

        self.busy_indicator = BusyIndicator()
        self.back_button = QPushButton(self.tr("< &Zurück"))
        self.back_button.setObjectName("back_button")
        self.back_button.clicked.connect(self.back)
        self.next_button = QPushButton(self.tr("&Weiter >"))
        self.next_button.setObjectName("next_button")
        self.next_button.setDefault(True)
        self.next_button.clicked.connect(self.next)
        self.finish_button = QPushButton(self.tr("&Fertig"))
        self.finish_button.setObjectName("finish_button")
        self.finish_button.clicked.connect(self.finish)

        # A readable column in the middle of a large window, not fields across the whole screen.
        column = QWidget()
        column.setObjectName("setup_column")
        column.setMaximumWidth(820)
        column_layout = QVBoxLayout(column)
        column_layout.setContentsMargins(0, 0, 0, 0)
        column_layout.addWidget(self.step_label)
        column_layout.addWidget(self.pages, 1)
        column_layout.addWidget(self.busy_indicator)
        column_layout.addLayout(hbox(self.back_button, None, self.next_button, self.finish_button))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 24, 32, 16)
        row = hbox(None, column, None)
        row.setStretch(1, 10)
        layout.addLayout(row)
        self._show_step(self.STEP_ORGANISATION)

    # --- pages -------------------------------------------------------------------------

    def _build_organisation(self) -> QWidget:
        page = QWidget()
        page.setObjectName("setup_organisation_page")
        intro = QLabel(
            self.tr(
                "Willkommen bei Referral Desk. Zuerst legen wir den verschlüsselten Datentresor für Ihre "
                "Beratungsstelle an. Die Angaben zur Organisation erscheinen auf Einwilligungserklärungen und "
                "Überleitungsbögen und lassen sich später unter „Verwaltung“ ändern. Pflichtfelder sind mit * "
                "markiert."
            )
        )
        intro.setWordWrap(True)

        self.org_name_edit = line_edit("org_name_edit")
        self.org_name_edit.setPlaceholderText(self.tr("z. B. Caritasverband Ludwigshafen e. V."))
        # Every service the organisation runs (one Caritas centre runs MBE and JMD); at least one.
        self.services_checks: dict[str, QCheckBox] = {}
        services_widget = QWidget()
        services_widget.setObjectName("services")
        services_row = QVBoxLayout(services_widget)  # one per line: the full names stay readable
        services_row.setContentsMargins(0, 0, 0, 0)
        for key, label in i18n.enum_choices("service"):
            check = QCheckBox(label)
            check.setObjectName(f"service_{key}_check_box")
            check.setChecked(key == "mbe")
            check.toggled.connect(self._services_toggled)
            self.services_checks[key] = check
            services_row.addWidget(check)
        # The default for new records, one of the services ticked.
        self.service_combo_box = combo("service_combo_box", i18n.enum_choices("service"))
        self.street_edit = line_edit("street_edit")
        self.postal_code_edit = line_edit("postal_code_edit", 10)
        self.postal_code_edit.setMaximumWidth(120)
        self.city_edit = line_edit("city_edit", 100)
        self.phone_edit = line_edit("phone_edit", 40)
        self.email_edit = line_edit("email_edit", 200)
        self.legal_regime_combo_box = combo("legal_regime_combo_box", i18n.enum_choices("legal_regime"))
        regime_hint = QLabel(
            self.tr(
                "Bestimmt, welches Datenschutzrecht die Einwilligungserklärungen zitieren: DSGVO/BDSG, "
                "das katholische KDG oder das evangelische DSG-EKD."
            )
        )
        regime_hint.setWordWrap(True)
        regime_hint.setObjectName("legal_regime_hint_label")

        self.org_form = FieldForm()
        f = self.org_form
        f.add_field(self.tr("&Name der Organisation *"), self.org_name_edit, "org_name")
        f.add_field(self.tr("Angebotene &Dienste *"), services_widget, "services")
        f.add_field(self.tr("Standard für neue A&kten"), self.service_combo_box, "service")
        f.add_field(self.tr("&Straße und Hausnummer"), self.street_edit, "street", "address.street")
        f.add_field(self.tr("&Postleitzahl"), self.postal_code_edit, "postal_code", "address.postal_code")
        f.add_field(self.tr("&Ort"), self.city_edit, "city", "address.city")
        f.add_field(self.tr("&Telefon"), self.phone_edit, "phone")
        f.add_field(self.tr("&E-Mail"), self.email_edit, "email")
        f.add_field(self.tr("Daten&schutzrecht"), self.legal_regime_combo_box, "legal_regime", extra=regime_hint)
        self.dpo_name_edit = line_edit("dpo_name_edit")
        self.dpo_email_edit = line_edit("dpo_email_edit", 200)
        f.add_field(self.tr("Datenschutzbeauftragte*r"), self.dpo_name_edit, "dpo_name")
        f.add_field(self.tr("E-Mail Datenschutz"), self.dpo_email_edit, "dpo_email")
        f.add_general_error()

        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(f)
        layout.addStretch(1)
        return page

    def _build_partners(self) -> QWidget:
        """The three built-in partner agencies: the organisation confirms or enters their postal
        addresses (the program ships none: addresses are never invented)."""
        page = QWidget()
        page.setObjectName("setup_partners_page")
        intro = QLabel(
            self.tr(
                "Überleitungen gehen per Brief im Fensterumschlag an die Partnerstellen. Bitte tragen Sie deren "
                "Anschriften ein, so wie sie in Ihren Kooperationsunterlagen stehen – Referral Desk erfindet keine "
                "Anschriften. Was hier fehlt, lässt sich später unter „Verwaltung → Partnerstellen“ ergänzen; "
                "bis dahin wird an diese Stelle nichts gedruckt."
            )
        )
        intro.setWordWrap(True)
        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        self.partner_forms: dict[str, FieldForm] = {}
        self.partner_edits: dict[str, dict[str, QLineEdit]] = {}
        for key, _kind, name in setup.BUILT_IN_AGENCIES:
            box = QGroupBox(name)
            box.setObjectName(f"partner_{key}_box")
            form = FieldForm()
            edits = {
                "department": line_edit(f"partner_{key}_department_edit"),
                "street": line_edit(f"partner_{key}_street_edit"),
                "postal_code": line_edit(f"partner_{key}_postal_code_edit", 10),
                "city": line_edit(f"partner_{key}_city_edit", 100),
            }
            edits["postal_code"].setMaximumWidth(120)
            form.add_field(self.tr("Abteilung / Team"), edits["department"], "department")
            form.add_field(self.tr("Straße und Hausnummer"), edits["street"], "street")
            form.add_field(self.tr("Postleitzahl"), edits["postal_code"], "postal_code")
            form.add_field(self.tr("Ort"), edits["city"], "city")
            form.add_general_error()
            QVBoxLayout(box).addLayout(form)
            layout.addWidget(box)
            self.partner_forms[key] = form
            self.partner_edits[key] = edits
        layout.addStretch(1)
        return page

    def partner_fields(self) -> dict[str, dict[str, str]]:
        """Per built-in agency the fields filled in (empty ones left out)."""
        return {
            key: {name: edit.text().strip() for name, edit in edits.items() if edit.text().strip()}
            for key, edits in self.partner_edits.items()
        }

    def _check_partners(self) -> bool:
        ok = True
        for key, data in self.partner_fields().items():
            form = self.partner_forms[key]
            form.clear_errors()
            try:
                validate(organisation.AgencyData, data)
            except InvalidInput as exc:
                form.show_error(exc)
                ok = False
        return ok

    def _build_logo(self) -> QWidget:
        page = QWidget()
        page.setObjectName("setup_logo_page")
        intro = QLabel(
            self.tr(
                "Optional: Das Logo Ihrer Organisation erscheint oben auf gedruckten Formularen. Erlaubt ist eine "
                "PNG-Datei bis 2 MB. Sie können diesen Schritt überspringen und das Logo später unter "
                "„Verwaltung“ hinzufügen."
            )
        )
        intro.setWordWrap(True)
        self.logo_preview_label = QLabel(self.tr("Kein Logo ausgewählt."))
        self.logo_preview_label.setObjectName("logo_preview_label")
        self.logo_preview_label.setMinimumHeight(90)
        self.logo_preview_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.logo_preview_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.logo_choose_button = QPushButton(self.tr("Logo &auswählen …"))
        self.logo_choose_button.setObjectName("logo_choose_button")
        self.logo_choose_button.clicked.connect(self.choose_logo)
        self.logo_remove_button = QPushButton(self.tr("Logo &entfernen"))
        self.logo_remove_button.setObjectName("logo_remove_button")
        self.logo_remove_button.clicked.connect(lambda: self.set_logo(None))
        self.logo_remove_button.setEnabled(False)
        self.logo_error_label = ErrorLabel()
        self.logo_error_label.setObjectName("logo_error_label")

        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addWidget(self.logo_preview_label)
        layout.addLayout(hbox(self.logo_choose_button, self.logo_remove_button, None))
        layout.addWidget(self.logo_error_label)
        layout.addStretch(1)
        return page

    def _build_admin(self) -> QWidget:
        page = QWidget()
        page.setObjectName("setup_admin_page")
        intro = QLabel(
            self.tr(
                "Legen Sie das erste Benutzerkonto an. Es hat die Rolle „Administration“: Es verwaltet "
                "Benutzerkonten, Partnerstellen und Einstellungen. Weitere Konten für Berater*innen legen Sie "
                "danach unter „Verwaltung“ an. Das Passwort schützt alle Daten: Es lässt sich nicht auslesen, "
                "nur mit dem Wiederherstellungsschlüssel ersetzen."
            )
        )
        intro.setWordWrap(True)

        self.admin_name_edit = line_edit("admin_name_edit", 64)
        self.admin_name_edit.setPlaceholderText(self.tr("z. B. m.yilmaz"))
        self.admin_display_name_edit = line_edit("admin_display_name_edit", 120)
        self.admin_display_name_edit.setPlaceholderText(self.tr("z. B. Meryem Yılmaz"))
        self.password_edit = line_edit("password_edit", 1024)
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_strength = PasswordStrengthBar(object_prefix="password")
        self.password_repeat_edit = line_edit("password_repeat_edit", 1024)
        self.password_repeat_edit.setEchoMode(QLineEdit.EchoMode.Password)
        for edit in (self.password_edit, self.admin_name_edit):
            edit.textChanged.connect(self._update_strength)
        self.password_repeat_edit.returnPressed.connect(self.next)

        self.admin_form = FieldForm()
        f = self.admin_form
        f.add_field(self.tr("&Benutzername *"), self.admin_name_edit, "name", "admin")
        f.add_field(self.tr("&Anzeigename"), self.admin_display_name_edit, "display_name", "admin_display_name")
        f.add_field(self.tr("&Passwort *"), self.password_edit, "password", extra=self.password_strength)
        f.add_field(self.tr("Passwort &wiederholen *"), self.password_repeat_edit, "password_repeat")
        f.add_general_error()
        f.overrides[("name", "input.pattern")] = self.tr(
            "Nur Buchstaben a–z, Ziffern sowie . _ - (ohne Leerzeichen und Umlaute), höchstens 64 Zeichen."
        )

        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(f)
        layout.addStretch(1)
        return page

    def _build_recovery(self) -> QWidget:
        page = QWidget()
        page.setObjectName("setup_recovery_page")
        intro = QLabel(
            self.tr(
                "Der Datentresor ist angelegt. Dies ist Ihr Wiederherstellungsschlüssel. Er wird nur jetzt "
                "angezeigt. Mit ihm lässt sich ein vergessenes Passwort ersetzen – ohne ihn sind die Daten "
                "dann verloren. Drucken Sie ihn aus oder schreiben Sie ihn ab und bewahren Sie ihn verschlossen "
                "auf, getrennt vom Computer (z. B. im Tresor der Einrichtungsleitung)."
            )
        )
        intro.setWordWrap(True)

        self.recovery_key_label = QLabel()
        self.recovery_key_label.setObjectName("recovery_key_label")
        self.recovery_key_label.setFont(monospace_font(20))
        # Left-aligned lines in a centred box: the short last line starts under the first group.
        self.recovery_key_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.recovery_key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.recovery_key_label.setFrameShape(QLabel.Shape.StyledPanel)
        self.recovery_key_label.setMargin(20)
        self.recovery_key_label.setStyleSheet("background: white; color: black;")

        self.print_button = QPushButton(self.tr("&Drucken …"))
        self.print_button.setObjectName("print_button")
        self.print_button.clicked.connect(self.print_with_dialog)
        self.print_status_label = QLabel()
        self.print_status_label.setObjectName("print_status_label")
        self.logo_warning_label = ErrorLabel()
        self.logo_warning_label.setObjectName("logo_warning_label")

        self.recovery_stored_check_box = QCheckBox(
            self.tr("Ich habe den Wiederherstellungsschlüssel sicher aufbewahrt.")
        )
        self.recovery_stored_check_box.setObjectName("recovery_stored_check_box")
        self.recovery_stored_check_box.toggled.connect(self._update_buttons)

        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addSpacing(8)
        layout.addLayout(hbox(None, self.recovery_key_label, None))
        layout.addLayout(hbox(self.print_button, self.print_status_label, None))
        layout.addWidget(self.logo_warning_label)
        layout.addSpacing(12)
        layout.addWidget(self.recovery_stored_check_box)
        layout.addStretch(1)
        return page

    # --- navigation --------------------------------------------------------------------

    @property
    def step(self) -> int:
        return self.pages.currentIndex()

    def _show_step(self, step: int) -> None:
        titles = {
            self.STEP_ORGANISATION: self.tr("Schritt 1 von 5: Organisation"),
            self.STEP_LOGO: self.tr("Schritt 2 von 5: Logo (optional)"),
            self.STEP_PARTNERS: self.tr("Schritt 3 von 5: Anschriften der Partnerstellen"),
            self.STEP_ADMIN: self.tr("Schritt 4 von 5: Administration"),
            self.STEP_RECOVERY: self.tr("Schritt 5 von 5: Wiederherstellungsschlüssel"),
        }
        self.pages.setCurrentIndex(step)
        self.step_label.setText(titles[step])
        self.next_button.setText(self.tr("Datentresor &anlegen") if step == self.STEP_ADMIN else self.tr("&Weiter >"))
        first_field = {
            self.STEP_ORGANISATION: self.org_name_edit,
            self.STEP_LOGO: self.logo_choose_button,
            self.STEP_PARTNERS: self.partner_edits["jobcenter"]["department"],
            self.STEP_ADMIN: self.admin_name_edit,
            self.STEP_RECOVERY: self.recovery_stored_check_box,
        }[step]
        first_field.setFocus(Qt.FocusReason.OtherFocusReason)
        self.setFocusProxy(first_field)
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.step
        on_recovery = step == self.STEP_RECOVERY
        self.back_button.setVisible(not on_recovery)
        self.back_button.setEnabled(step > self.STEP_ORGANISATION and not self._working)
        self.next_button.setVisible(not on_recovery)
        self.next_button.setEnabled(not self._working)
        self.finish_button.setVisible(on_recovery)
        self.finish_button.setEnabled(on_recovery and self.recovery_stored_check_box.isChecked())

    def back(self) -> None:
        if self.step > self.STEP_ORGANISATION and self.step != self.STEP_RECOVERY and not self._working:
            self._show_step(self.step - 1)

    def next(self) -> None:
        if self._working:
            return
        if self.step == self.STEP_ORGANISATION:
            if self._check_organisation():
                self._show_step(self.STEP_LOGO)
        elif self.step == self.STEP_LOGO:
            self._show_step(self.STEP_PARTNERS)
        elif self.step == self.STEP_PARTNERS:
            if self._check_partners():
                self._show_step(self.STEP_ADMIN)
        elif self.step == self.STEP_ADMIN:
            self.create_vault()

    # --- organisation and logo ---------------------------------------------------------

    def organisation_fields(self) -> dict[str, str | None]:
        def text(edit: QLineEdit) -> str | None:
            return edit.text().strip() or None

        return {
            "org_name": self.org_name_edit.text(),
            "services": self.services_ticked(),
            "service": self.service_combo_box.currentData(),
            "legal_regime": self.legal_regime_combo_box.currentData(),
            "street": text(self.street_edit),
            "postal_code": text(self.postal_code_edit),
            "city": text(self.city_edit),
            "phone": text(self.phone_edit),
            "email": text(self.email_edit),
        }

    def services_ticked(self) -> list[str]:
        return [key for key, check in self.services_checks.items() if check.isChecked()]

    def _services_toggled(self) -> None:
        """Keep the default among the services ticked (it may be any of them)."""
        ticked = self.services_ticked()
        if ticked and self.service_combo_box.currentData() not in ticked:
            self.service_combo_box.setCurrentIndex(self.service_combo_box.findData(ticked[0]))

    def dpo_fields(self) -> dict[str, str]:
        return {
            k: e.text().strip()
            for k, e in (("dpo_name", self.dpo_name_edit), ("dpo_email", self.dpo_email_edit))
            if e.text().strip()
        }

    def _check_organisation(self) -> bool:
        """The core's own validation (pure, no database), so errors appear before step 2."""
        self.org_form.clear_errors()
        try:
            setup.offered_services(validate(setup.OrganisationSetup, self.organisation_fields()))
            validate(organisation.OrganisationUpdate, self.dpo_fields())
        except InvalidInput as exc:
            self.org_form.show_error(exc)
            return False
        return True

    def choose_logo(self) -> None:
        path = file_dialogs.open_file(self, self.tr("Logo auswählen"), self.tr("PNG-Bilder (*.png)"))
        if path:
            self.set_logo_file(path)

    def set_logo_file(self, path: str | Path) -> bool:
        try:
            data = read_logo(path)
        except InvalidInput as exc:
            self.logo_error_label.set_error(
                self.tr("Bitte eine PNG-Datei bis 2 MB wählen.") if exc.code == "input.invalid" else error_text(exc)
            )
            return False
        if logo_pixmap(data) is None:
            self.logo_error_label.set_error(self.tr("Die Datei lässt sich nicht als Bild lesen."))
            return False
        self.set_logo(data)
        return True

    def set_logo(self, data: bytes | None) -> None:
        self.logo_error_label.clear_error()
        self.logo_png = data
        pixmap = logo_pixmap(data, 80)
        if pixmap is None:
            self.logo_preview_label.setPixmap(QPixmap())
            self.logo_preview_label.setText(self.tr("Kein Logo ausgewählt."))
        else:
            self.logo_preview_label.setPixmap(pixmap)
        self.logo_remove_button.setEnabled(data is not None)

    # --- administrator and creation ----------------------------------------------------

    def _update_strength(self) -> None:
        self.password_strength.update_for(self.password_edit.text(), self.admin_name_edit.text().strip())

    def _check_admin(self) -> bool:
        self.admin_form.clear_errors()
        name = self.admin_name_edit.text().strip()
        display = self.admin_display_name_edit.text().strip() or name
        password = self.password_edit.text()
        try:
            users.validate_new_user(name=name, display_name=display, role="admin", password=password)
            if password != self.password_repeat_edit.text():
                raise InvalidInput("input.password_mismatch", field="password_repeat")
        except InvalidInput as exc:
            self.admin_form.show_error(exc)
            return False
        return True

    def create_vault(self) -> None:  # not create(): that would hide QWidget.create
        if not self._check_organisation():
            self._show_step(self.STEP_ORGANISATION)
            self._check_organisation()  # show the errors again after switching pages
            return
        if not self._check_partners():
            self._show_step(self.STEP_PARTNERS)
            return
        if not self._check_admin():
            return
        fields = self.organisation_fields()
        name = self.admin_name_edit.text().strip()
        self._set_working(True)
        self.db.run(
            create_vault,
            self.vault_dir,
            logo_png=self.logo_png,
            dpo=self.dpo_fields(),
            agencies=self.partner_fields(),
            org_name=fields.pop("org_name"),
            admin=name,
            password=self.password_edit.text(),
            admin_display_name=self.admin_display_name_edit.text().strip() or name,
            kdf=self.kdf,
            **fields,
            on_success=self._created,
            on_error=self._create_failed,
        )

    def _created(self, result: tuple[ServiceContext, str, bool]) -> None:
        ctx, recovery, logo_ok = result
        self._set_working(False)
        self.db.adopt(ctx)
        self.org_name = self.org_name_edit.text().strip()
        self.recovery_key = recovery
        for edit in (self.password_edit, self.password_repeat_edit):
            edit.clear()
        self.recovery_key_label.setText(group_recovery_key(recovery))
        if not logo_ok:
            self.logo_warning_label.set_error(
                self.tr("Das Logo konnte nicht gespeichert werden. Sie können es unter „Verwaltung“ erneut hinzufügen.")
            )
        self._show_step(self.STEP_RECOVERY)

    def _create_failed(self, exc: BaseException) -> None:
        self._set_working(False)
        if self.org_form.handles(exc):
            self._show_step(self.STEP_ORGANISATION)
            self.org_form.show_error(exc)
        else:
            self.admin_form.show_error(exc)

    def _set_working(self, working: bool) -> None:
        self._working = working
        self.busy_indicator.set_busy(working)
        self.pages.setEnabled(not working)
        self._update_buttons()

    @property
    def is_working(self) -> bool:
        return self._working

    # --- recovery key ------------------------------------------------------------------

    def recovery_sheet_html(self) -> str:
        assert self.recovery_key is not None
        today = QLocale().toString(clock.today(), QLocale.FormatType.LongFormat)  # type: ignore[call-overload]  # PySide6 converts Python dates; its stubs want QDate
        key_lines = "<br/>".join(
            html.escape(line).replace(" ", "&nbsp;") for line in group_recovery_key(self.recovery_key).splitlines()
        )
        title = self.tr("Referral Desk – Wiederherstellungsschlüssel")
        org_caption = self.tr("Organisation")
        date_caption = self.tr("Erstellt am")
        keep = self.tr(
            "Mit diesem Schlüssel lässt sich ein vergessenes Passwort ersetzen. Wer ihn besitzt, kann "
            "alle Daten öffnen: verschlossen aufbewahren, getrennt vom Computer. Nicht fotografieren, "
            "nicht per E-Mail versenden."
        )
        typing = self.tr(
            "Beim Abtippen zählen Bindestriche und Leerzeichen nicht; 0/O und 1/I werden gleich behandelt."
        )
        e = html.escape
        return (
            "<html><body style='font-family: \"DejaVu Sans\", sans-serif; font-size: 11pt;'>"
            f"<h2>{e(title)}</h2>"
            f"<p><b>{e(org_caption)}:</b> {e(self.org_name)}<br/><b>{e(date_caption)}:</b> {e(today)}</p>"
            "<p style='font-family: \"DejaVu Sans Mono\", monospace; font-size: 20pt; margin: 24px 0;'>"
            f"{key_lines}</p>"
            f"<p>{e(keep)}</p><p>{e(typing)}</p>"
            "</body></html>"
        )

    def print_recovery_key(self, printer: QPrinter) -> None:
        """Print one A4 page: organisation, date, the key in groups, how to keep it."""
        doc = QTextDocument()
        doc.setHtml(self.recovery_sheet_html())
        printer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(20, 20, 20, 20),
                QPageLayout.Unit.Millimeter,
            )
        )
        doc.print_(printer)

    def print_with_dialog(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = self.print_dialog_factory(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_recovery_key(printer)
            self.print_status_label.setText(self.tr("An den Drucker gesendet."))

    def finish(self) -> None:
        if self.step == self.STEP_RECOVERY and self.recovery_stored_check_box.isChecked():
            self.recovery_key = None
            self.recovery_key_label.clear()
            self.finished.emit()
