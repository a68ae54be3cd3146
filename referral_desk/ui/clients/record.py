"""The client record: a non-modal dialog with one tab per aspect of the case.

Tabs come from ``RECORD_TABS``: a later issue adds "Einwilligungen" or "Überleitungen" by
appending one ``TabSpec`` whose widget subclasses ``RecordTab``. The "Stammdaten" tab holds
the form the record saves; the other tabs work on a saved client and save themselves.

Nothing typed is lost: errors from the services are shown under the field they name and
the form keeps its values; closing with changes asks Speichern / Verwerfen / Abbrechen;
``draft_payload()`` and ``apply_draft()`` carry the form through a lock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QDateTime, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues
from referral_desk.core.errors import DuplicateClient, InvalidInput, VersionConflict
from referral_desk.core.merge import MergePlan, plan_merge
from referral_desk.core.models import ClientRead
from referral_desk.core.services import clients, drafts
from referral_desk.core.validation import has_non_latin_letters
from referral_desk.ui.clients.contact_dialog import ContactsTab
from referral_desk.ui.clients.pickers import LanguagePicker, NationalityPicker
from referral_desk.ui.clients.record_tab import RecordTab
from referral_desk.ui.widgets import (
    DateField,
    ElidedComboBox,
    ErrorLabel,
    call_for,
    date_for_service,
    field_error_text,
    field_widget_key,
    format_date,
    guarded,
    normalise_date_text,
    ui_lang,
    with_error,
)

DRAFT_KIND = "client"
# 2: the draft also keeps what the form was loaded from ("base", "base_version"), so a record
# saved elsewhere meanwhile is merged, not overwritten, when the draft comes back.
DRAFT_VERSION = 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("ClientRecord", text)


# --- tabs ---------------------------------------------------------------------------


class WidgetTab(RecordTab):
    """Hosts a standalone widget that works on one saved client, such as
    ``ConsentTab(db, client_id, ...)``: made when the client is first known; later client
    changes go to its ``set_client_id`` if it has one, otherwise it is made anew."""

    def __init__(self, record: ClientRecord, factory: Callable[[Any, ClientRead], QWidget]) -> None:
        super().__init__(record)
        self._factory = factory
        self.inner: QWidget | None = None
        self._client_id: int | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def set_client(self, client: ClientRead | None) -> None:
        if client is None or client.id == self._client_id:
            return
        if self.inner is not None and hasattr(self.inner, "set_client_id"):
            self.inner.set_client_id(client.id)
        else:
            if self.inner is not None:
                self.inner.deleteLater()
            self.inner = self._factory(self.db, client)
            self._layout.addWidget(self.inner)
        self._client_id = client.id


def widget_tab(factory: Callable[[Any, ClientRead], QWidget]) -> Callable[[ClientRecord], RecordTab]:
    """A ``TabSpec`` factory for a standalone widget built from (db, client)."""
    return lambda record: WidgetTab(record, factory)


@dataclass(frozen=True)
class TabSpec:
    key: str  # stable: stored in drafts
    title: str  # German source text (QT_TRANSLATE_NOOP in context "ClientRecord")
    factory: Callable[[ClientRecord], RecordTab]


# --- the Stammdaten form ------------------------------------------------------------

_TEXT_FIELDS = (
    "family_name",
    "given_names",
    "phone",
    "email",
    "jobcenter_customer_number",
    "document_family_name",
    "document_given_names",
    "vocational_field",
    "recognition_profession",
    "recognition_body",
    "last_occupation",
    "jobcenter_bg_number",
    "ba_customer_number",
    "abh_file_reference",
)
_ADDRESS_FIELDS = ("street", "postal_code", "city")
_DATE_FIELDS = ("birth_date", "residence_valid_until", "arrival_date")
_COMBO_FIELDS = (
    "gender",
    "residence_status",
    "employment_permitted",
    "german_level",
    "integration_course",
    "school_education",
    "vocational_training",
    "recognition_status",
    "employment_status",
    "benefit_type",
    "service",
    "access_route",
    "residence_basis",
)  # the basis after its status (set_state)
# Release 0.2: the structured facts (forms/category_fields.toml says which category each belongs to).
_FACT_COMBOS = ("school_education", "vocational_training", "recognition_status", "employment_status", "benefit_type")
_EMPTY_IS_NONE = ("service", "access_route", "residence_basis")  # "" in the combo: default / not asked
_REQUIRED = ("family_name", "given_names", "birth_date")

DEFAULT_STATE: dict[str, Any] = {
    "family_name": "",
    "given_names": "",
    "birth_date": "",
    "gender": "unspecified",
    "nationalities": [],
    "preferred_language": None,
    "interpreter_needed": False,
    "residence_status": "unknown",
    "residence_valid_until": "",
    "employment_permitted": "unknown",
    "german_level": "unknown",
    "integration_course": "unknown",
    "arrival_date": "",
    "phone": "",
    "email": "",
    "street": "",
    "postal_code": "",
    "city": "",
    "jobcenter_customer_number": "",
    "notes": "",
    "document_family_name": "",
    "document_given_names": "",
    "school_education": "unknown",
    "vocational_training": "unknown",
    "vocational_field": "",
    "recognition_profession": "",
    "recognition_status": "unknown",
    "recognition_body": "",
    "employment_status": "unknown",
    "last_occupation": "",
    "benefit_type": "unknown",
    "jobcenter_bg_number": "",
    "ba_customer_number": "",
    "abh_file_reference": "",
    "service": "",
    "access_route": "",
    "residence_basis": "",
}


def state_from_client(c: ClientRead) -> dict[str, Any]:
    return {
        "family_name": c.family_name,
        "given_names": c.given_names,
        "birth_date": format_date(c.birth_date),
        "gender": c.gender,
        "nationalities": list(c.nationalities),
        "preferred_language": c.preferred_language,
        "interpreter_needed": c.interpreter_needed,
        "residence_status": c.residence_status,
        "residence_valid_until": format_date(c.residence_valid_until),
        "employment_permitted": c.employment_permitted,
        "german_level": c.german_level,
        "integration_course": c.integration_course,
        "arrival_date": format_date(c.arrival_date),
        "phone": c.phone or "",
        "email": c.email or "",
        "street": c.address.street or "",
        "postal_code": c.address.postal_code or "",
        "city": c.address.city or "",
        "jobcenter_customer_number": c.jobcenter_customer_number or "",
        "notes": c.notes or "",
        **{
            k: getattr(c, k) or ""
            for k in _TEXT_FIELDS
            if k not in ("family_name", "given_names", "phone", "email", "jobcenter_customer_number")
        },
        **{k: getattr(c, k) or "unknown" for k in _FACT_COMBOS},
        "service": c.service or "",
        "access_route": c.access_route or "",
        "residence_basis": c.residence_basis or "",
    }


def _comparable(state: dict[str, Any]) -> dict[str, Any]:
    out = dict(state)
    for f in _DATE_FIELDS:
        out[f] = normalise_date_text(out.get(f) or "")
    for f in _TEXT_FIELDS + _ADDRESS_FIELDS:
        out[f] = " ".join((out.get(f) or "").split())
    out["notes"] = (out.get("notes") or "").strip()
    out["nationalities"] = list(out.get("nationalities") or []) or ["unknown"]
    return out


def _service_value(key: str, state: dict[str, Any]) -> Any:
    value: Any = state.get(key)
    if key in _DATE_FIELDS:
        return date_for_service(value or "")
    if key in _TEXT_FIELDS or key in _ADDRESS_FIELDS:
        return (value or "").strip() or None
    if key == "notes":
        return value if (value or "").strip() else None
    if key == "nationalities":
        return list(value) or ["unknown"]  # nothing chosen means "unbekannt"
    if key in _EMPTY_IS_NONE:
        return value or None
    return value


def _same(key: str, a: Any, b: Any) -> bool:
    """Two form values mean the same (whitespace, date spelling, "no nationality")."""
    return bool(_comparable({key: a})[key] == _comparable({key: b})[key])


def merge_plan(base: dict[str, Any], mine: dict[str, Any], theirs: dict[str, Any]) -> MergePlan:
    return plan_merge(base, mine, theirs, same=_same)


def create_data(state: dict[str, Any]) -> dict[str, Any]:
    """The form as ``ClientCreate`` input. Empty required fields are left out, so the
    service answers "Angabe fehlt" for them."""
    data: dict[str, Any] = {}
    for key in DEFAULT_STATE:
        if key in _ADDRESS_FIELDS:
            continue
        value = _service_value(key, state)
        if value is None and key in _REQUIRED:
            continue
        data[key] = value
    address = {f: _service_value(f, state) for f in _ADDRESS_FIELDS}
    data["address"] = address if any(v is not None for v in address.values()) else None
    return data


def update_changes(state: dict[str, Any], baseline: dict[str, Any]) -> dict[str, Any]:
    """Only what differs from the loaded record, as ``ClientUpdate`` input."""
    now, before = _comparable(state), _comparable(baseline)
    changes: dict[str, Any] = {}
    for key in DEFAULT_STATE:
        if key in _ADDRESS_FIELDS or now.get(key) == before.get(key):
            continue
        changes[key] = _service_value(key, state)
    address = {f: _service_value(f, state) for f in _ADDRESS_FIELDS if now.get(f) != before.get(f)}
    if address:
        changes["address"] = address
    return changes


class ClientForm(QWidget):
    """Every client field with its widget and an error label under it."""

    edited = Signal()
    # Made in __init__ from _FACT_COMBOS (setattr).
    school_education_combo: QComboBox
    vocational_training_combo: QComboBox
    recognition_status_combo: QComboBox
    employment_status_combo: QComboBox
    benefit_type_combo: QComboBox

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_form")
        lang = ui_lang()
        self._errors: dict[str, ErrorLabel] = {}
        self._focus: dict[str, QWidget] = {}
        self._labels: dict[str, str] = {
            "postal_code": self.tr("PLZ"),
            "city": self.tr("Ort"),
            "notes": self.tr("Notizen"),
        }
        self._baseline: dict[str, Any] = dict(DEFAULT_STATE)

        # Person
        self.family_name_edit = self._line("family_name", 200)
        self.given_names_edit = self._line("given_names", 200)
        self.birth_date_edit = DateField("birth_date_edit", optional=False)
        self.birth_date_edit.textEdited.connect(self.edited)
        self.gender_combo = self._combo("gender", [(e.key, e.label(lang)) for e in catalogues.enum_entries("gender")])
        self.nationalities_picker = NationalityPicker("nationalities_picker")
        self.nationalities_picker.valueChanged.connect(self.edited)
        self.preferred_language_picker = LanguagePicker("preferred_language_picker")
        self.preferred_language_picker.valueChanged.connect(self.edited)
        self.interpreter_needed_check = QCheckBox(self.tr("Dolmetschung nötig"))
        self.interpreter_needed_check.setObjectName("interpreter_needed_check")
        self.interpreter_needed_check.toggled.connect(self.edited)
        # Sprache und Integration
        self.german_level_combo = self._combo(
            "german_level", [(e.key, e.label(lang)) for e in catalogues.enum_entries("german_level")]
        )
        self.german_level_combo.setToolTip(
            self.tr("Stufen des Gemeinsamen Europäischen Referenzrahmens, Bezeichnungen nach § 2 Abs. 9–12 AufenthG")
        )
        self.integration_course_combo = self._combo(
            "integration_course", [(e.key, e.label(lang)) for e in catalogues.enum_entries("integration_course")]
        )
        # Aufenthalt und Arbeit
        self.residence_status_combo = self._combo(
            "residence_status", [(s.key, s.label(lang)) for s in catalogues.residence_statuses()]
        )
        # The legal basis refines the status (catalogue residence_basis.json): only the bases of
        # the chosen status are offered; the service refuses a basis of another status.
        self.residence_basis_combo = self._combo(
            "residence_basis",
            [("", self.tr("– nicht erfasst –"))] + [(b.key, b.label(lang)) for b in catalogues.residence_bases()],
        )
        self.residence_status_combo.currentIndexChanged.connect(self._refill_bases)
        self._refill_bases()
        self.residence_valid_until_edit = DateField("residence_valid_until_edit", optional=True)
        self.residence_valid_until_edit.textEdited.connect(self.edited)
        self.employment_permitted_combo = self._combo(
            "employment_permitted", [(e.key, e.label(lang)) for e in catalogues.enum_entries("employment_permitted")]
        )
        self.arrival_date_edit = DateField("arrival_date_edit", optional=True)
        self.arrival_date_edit.textEdited.connect(self.edited)
        # Angebot (case work): the service the case belongs to and how the person found it
        self.service_combo = self._combo(
            "service",
            [("", self.tr("Standard der Organisation"))]
            + [(e.key, e.label(lang)) for e in catalogues.enum_entries("service")],
        )
        self.access_route_combo = self._combo(
            "access_route",
            [("", self.tr("– nicht erfragt –"))]
            + [(e.key, e.label(lang)) for e in catalogues.enum_entries("access_route")],
        )
        # Erreichbarkeit
        self.phone_edit = self._line("phone", 40)
        self.phone_edit.setPlaceholderText("z. B. 0621 123456")
        self.email_edit = self._line("email", 254)
        self.street_edit = self._line("street", 200)
        self.postal_code_edit = self._line("postal_code", 10)
        self.postal_code_edit.setMaximumWidth(self.postal_code_edit.fontMetrics().horizontalAdvance("0" * 8) + 24)
        self.city_edit = self._line("city", 100)
        self.jobcenter_customer_number_edit = self._line("jobcenter_customer_number", 25)
        self.jobcenter_customer_number_edit.setPlaceholderText(self.tr("Kunden- oder BG-Nummer"))
        # Schreibweise laut Dokument (letters to agencies print it; Latin script only)
        self.document_family_name_edit = self._line("document_family_name", 200)
        self.document_given_names_edit = self._line("document_given_names", 200)
        for edit in (self.document_family_name_edit, self.document_given_names_edit):
            edit.setPlaceholderText(self.tr("wie im Pass oder Aufenthaltstitel"))
            edit.textEdited.connect(self._update_spelling_hint)
        self.family_name_edit.textEdited.connect(self._update_spelling_hint)
        self.given_names_edit.textEdited.connect(self._update_spelling_hint)
        self.document_spelling_hint_label = QLabel(
            self.tr(
                "Der Name ist nicht in lateinischer Schrift. Für Briefe an Behörden bitte die Schreibweise aus dem "
                "Pass oder Aufenthaltstitel eintragen – ohne sie wird kein Schreiben gedruckt."
            )
        )
        self.document_spelling_hint_label.setObjectName("document_spelling_hint_label")
        self.document_spelling_hint_label.setWordWrap(True)
        self.document_spelling_hint_label.setStyleSheet("color: #8a4b00;")
        self.document_spelling_hint_label.hide()
        # Schule, Beruf, Arbeit und Leistungen (structured facts instead of blank lines on sheets)
        for key in _FACT_COMBOS:
            setattr(
                self, f"{key}_combo", self._combo(key, [(e.key, e.label(lang)) for e in catalogues.enum_entries(key)])
            )
        self.vocational_field_edit = self._line("vocational_field", 200)
        self.vocational_field_edit.setPlaceholderText(self.tr("Beruf oder Studienfach"))
        self.recognition_profession_edit = self._line("recognition_profession", 200)
        self.recognition_body_edit = self._line("recognition_body", 200)
        self.recognition_body_edit.setPlaceholderText(self.tr("z. B. IHK FOSA, Landesamt"))
        self.last_occupation_edit = self._line("last_occupation", 200)
        self.jobcenter_bg_number_edit = self._line("jobcenter_bg_number", 25)
        self.ba_customer_number_edit = self._line("ba_customer_number", 25)
        self.abh_file_reference_edit = self._line("abh_file_reference", 40)
        # Notizen
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setObjectName("notes_edit")
        self.notes_edit.setTabChangesFocus(True)  # Tab leaves the field; keyboard users expect that
        self.notes_edit.setMinimumHeight(70)
        self.notes_edit.textChanged.connect(self._notes_changed)

        for key, widget in (
            ("birth_date", self.birth_date_edit),
            ("residence_valid_until", self.residence_valid_until_edit),
            ("arrival_date", self.arrival_date_edit),
        ):
            self._focus[key] = widget.edit
        self._focus["nationalities"] = self.nationalities_picker.search_edit
        self._focus["preferred_language"] = self.preferred_language_picker
        self._focus["interpreter_needed"] = self.interpreter_needed_check
        self._focus["notes"] = self.notes_edit
        for key in (
            "birth_date",
            "residence_valid_until",
            "arrival_date",
            "nationalities",
            "preferred_language",
            "interpreter_needed",
            "notes",
            "address",
        ):
            self._errors[key] = ErrorLabel(key)

        person = self._group(
            self.tr("Person"),
            [
                (self.tr("Familienname *"), "family_name", self.family_name_edit),
                (self.tr("Vorname(n) *"), "given_names", self.given_names_edit),
                (self.tr("Geburtsdatum *"), "birth_date", self.birth_date_edit),
                (self.tr("Geschlecht"), "gender", self.gender_combo),
                (self.tr("Staatsangehörigkeit"), "nationalities", self.nationalities_picker),
                (self.tr("Bevorzugte Sprache"), "preferred_language", self.preferred_language_picker),
                ("", "interpreter_needed", self.interpreter_needed_check),
                (self.tr("Familienname laut Dokument"), "document_family_name", self.document_family_name_edit),
                (self.tr("Vorname(n) laut Dokument"), "document_given_names", self.document_given_names_edit),
            ],
        )
        cast(QFormLayout, person.layout()).addRow("", self.document_spelling_hint_label)  # _group's layout
        facts = self._group(
            self.tr("Schule, Beruf, Arbeit und Leistungen"),
            [
                (self.tr("Schulbildung"), "school_education", self.school_education_combo),
                (self.tr("Berufsausbildung/Studium"), "vocational_training", self.vocational_training_combo),
                (self.tr("Beruf/Studienfach"), "vocational_field", self.vocational_field_edit),
                (self.tr("Anerkennung: Beruf"), "recognition_profession", self.recognition_profession_edit),
                (self.tr("Anerkennung: Stand"), "recognition_status", self.recognition_status_combo),
                (self.tr("Anerkennung: Stelle"), "recognition_body", self.recognition_body_edit),
                (self.tr("Erwerbsstatus"), "employment_status", self.employment_status_combo),
                (self.tr("Zuletzt ausgeübter Beruf"), "last_occupation", self.last_occupation_edit),
                (self.tr("Leistungsbezug"), "benefit_type", self.benefit_type_combo),
                (self.tr("BG-Nummer Jobcenter"), "jobcenter_bg_number", self.jobcenter_bg_number_edit),
                (self.tr("Kundennummer Agentur für Arbeit"), "ba_customer_number", self.ba_customer_number_edit),
            ],
        )
        language = self._group(
            self.tr("Deutschkenntnisse und Integrationskurs"),
            [
                (self.tr("Deutschkenntnisse"), "german_level", self.german_level_combo),
                (self.tr("Integrationskurs"), "integration_course", self.integration_course_combo),
            ],
        )
        case_box = self._group(
            self.tr("Angebot und Zugang"),
            [
                (self.tr("Angebot"), "service", self.service_combo),
                (self.tr("Zugangsweg"), "access_route", self.access_route_combo),
            ],
        )
        case_box.setObjectName("case_box")
        left_lower = QWidget()
        left_lower_lay = QVBoxLayout(left_lower)
        left_lower_lay.setContentsMargins(0, 0, 0, 0)
        left_lower_lay.addWidget(language)
        left_lower_lay.addWidget(case_box)
        residence = self._group(
            self.tr("Aufenthalt und Arbeit"),
            [
                (self.tr("Aufenthaltsstatus"), "residence_status", self.residence_status_combo),
                (self.tr("Rechtsgrundlage"), "residence_basis", self.residence_basis_combo),
                (self.tr("Aufenthalt gültig bis"), "residence_valid_until", self.residence_valid_until_edit),
                (self.tr("Erwerbstätigkeit erlaubt"), "employment_permitted", self.employment_permitted_combo),
                (self.tr("Einreisedatum"), "arrival_date", self.arrival_date_edit),
                (self.tr("Aktenzeichen Ausländerbehörde"), "abh_file_reference", self.abh_file_reference_edit),
            ],
        )
        place = QWidget()
        place_lay = QHBoxLayout(place)
        place_lay.setContentsMargins(0, 0, 0, 0)
        place_lay.addWidget(with_error(self.postal_code_edit, self._errors["postal_code"]))
        place_lay.addWidget(with_error(self.city_edit, self._errors["city"]), 1)
        reach = self._group(
            self.tr("Erreichbarkeit und Jobcenter"),
            [
                (self.tr("Telefon"), "phone", self.phone_edit),
                (self.tr("E-Mail"), "email", self.email_edit),
                (self.tr("Straße und Hausnummer"), "street", self.street_edit),
                (self.tr("PLZ und Ort"), None, place),
                (self.tr("Kundennummer Jobcenter"), "jobcenter_customer_number", self.jobcenter_customer_number_edit),
            ],
        )
        self._errors["address"].setParent(reach)
        cast(QFormLayout, reach.layout()).addRow("", self._errors["address"])  # _group's layout
        notes = QGroupBox(self.tr("Notizen"))
        notes_lay = QVBoxLayout(notes)
        notes_lay.addWidget(with_error(self.notes_edit, self._errors["notes"]))

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.addWidget(person, 0, 0)
        grid.addWidget(residence, 0, 1)
        grid.addWidget(left_lower, 1, 0)
        grid.addWidget(reach, 1, 1)
        grid.addWidget(facts, 2, 0, 1, 2)
        grid.addWidget(notes, 3, 0, 1, 2)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(3, 1)
        required = QLabel(self.tr("* Pflichtfeld. Leere Datumsfelder bedeuten „unbekannt“."))
        required.setObjectName("required_hint_label")
        required.setEnabled(False)
        grid.addWidget(required, 4, 0, 1, 2)
        self.set_state(DEFAULT_STATE)

    # --- construction helpers ------------------------------------------------------------

    def _line(self, key: str, max_len: int) -> QLineEdit:
        edit = QLineEdit()
        edit.setObjectName(f"{key}_edit")
        edit.setMaxLength(max_len + 50)  # the service names the limit; don't cut silently
        edit.textEdited.connect(self.edited)
        self._focus[key] = edit
        self._errors[key] = ErrorLabel(key)
        return edit

    def _combo(self, key: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = ElidedComboBox()  # "…" and a tooltip when a label does not fit
        combo.setObjectName(f"{key}_combo")
        for k, label in items:
            combo.addItem(label, k)
            combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(18)
        combo.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # The closed combo may elide long labels (residence statuses); the list shows them whole.
        combo.view().setMinimumWidth(max(combo.fontMetrics().horizontalAdvance(label) for _k, label in items) + 40)
        combo.activated.connect(lambda _i: self.edited.emit())
        self._focus[key] = combo
        self._errors[key] = ErrorLabel(key)
        return combo

    def _group(self, title: str, rows: list[tuple[str, str | None, QWidget]]) -> QGroupBox:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        for label, key, widget in rows:
            if key:
                # The check box row has no label: its own text names the field.
                own = widget.text() if isinstance(widget, QCheckBox) else key
                self._labels[key] = label.removesuffix(" *") or own
            field = with_error(widget, self._errors[key]) if key else widget
            form.addRow(label, field)
            lab = form.labelForField(field)
            if isinstance(lab, QLabel):
                lab.setBuddy(self._focus.get(key, widget) if key else widget)
        return box

    def _refill_bases(self, *_args: Any) -> None:
        combo = self.residence_basis_combo
        status = self.residence_status_combo.currentData()
        current = combo.currentData()
        bases = catalogues.residence_bases(status)
        lang = ui_lang()
        combo.blockSignals(True)
        try:
            combo.clear()
            combo.addItem(self.tr("– nicht erfasst –"), "")
            for b in bases:
                combo.addItem(b.label(lang), b.key)
                combo.setItemData(combo.count() - 1, b.label(lang), Qt.ItemDataRole.ToolTipRole)
            i = combo.findData(current)
            combo.setCurrentIndex(i if i >= 0 else 0)
        finally:
            combo.blockSignals(False)
        combo.setEnabled(bool(bases))

    def _update_spelling_hint(self, *_args: Any) -> None:
        name = f"{self.family_name_edit.text()} {self.given_names_edit.text()}".strip()
        needs = not self.document_family_name_edit.text().strip() and has_non_latin_letters(name)
        self.document_spelling_hint_label.setVisible(needs)

    @property
    def needs_document_spelling(self) -> bool:
        return self.document_spelling_hint_label.isVisibleTo(self)

    def _notes_changed(self) -> None:
        if not self._loading:
            self.edited.emit()

    _loading = False

    # --- state ---------------------------------------------------------------------------

    def state(self) -> dict[str, Any]:
        """What the form shows, JSON-able (dates as typed, keys for choices)."""
        out: dict[str, Any] = {}
        for key in _TEXT_FIELDS + _ADDRESS_FIELDS:
            out[key] = getattr(self, f"{key}_edit").text()
        for key in _DATE_FIELDS:
            out[key] = getattr(self, f"{key}_edit").text()
        for key in _COMBO_FIELDS:
            out[key] = getattr(self, f"{key}_combo").currentData()
        out["nationalities"] = self.nationalities_picker.value()
        out["preferred_language"] = self.preferred_language_picker.value()
        out["interpreter_needed"] = self.interpreter_needed_check.isChecked()
        out["notes"] = self.notes_edit.toPlainText()
        return {k: out[k] for k in DEFAULT_STATE}

    def set_state(self, state: dict[str, Any]) -> None:
        self._loading = True
        try:
            merged = {**DEFAULT_STATE, **{k: v for k, v in state.items() if k in DEFAULT_STATE}}
            for key in _TEXT_FIELDS + _ADDRESS_FIELDS + _DATE_FIELDS:
                getattr(self, f"{key}_edit").setText(str(merged[key] or ""))
            for key in _COMBO_FIELDS:
                combo: QComboBox = getattr(self, f"{key}_combo")
                i = combo.findData(merged[key])
                combo.setCurrentIndex(i if i >= 0 else combo.findData(DEFAULT_STATE[key]))
            self.nationalities_picker.set_value(list(merged["nationalities"] or []))
            self.preferred_language_picker.set_value(merged["preferred_language"])
            self.interpreter_needed_check.blockSignals(True)
            self.interpreter_needed_check.setChecked(bool(merged["interpreter_needed"]))
            self.interpreter_needed_check.blockSignals(False)
            self.notes_edit.setPlainText(str(merged["notes"] or ""))
        finally:
            self._loading = False
        self._update_spelling_hint()

    def load(self, client: ClientRead | None) -> None:
        """Show a stored client (or an empty form) and take it as the unmodified state."""
        state = state_from_client(client) if client else dict(DEFAULT_STATE)
        self.set_state(state)
        self._baseline = self.state()
        self.clear_errors()

    @property
    def baseline(self) -> dict[str, Any]:
        return dict(self._baseline)

    def differs(self) -> bool:
        return _comparable(self.state()) != _comparable(self._baseline)

    # --- merging (a record saved elsewhere meanwhile) -------------------------------------

    def field_label(self, key: str) -> str:
        return self._labels.get(key, key)

    def display_value(self, key: str, value: Any) -> str:
        """A state value as the form shows it (choice labels, country names, Ja/Nein)."""
        if key in _COMBO_FIELDS:
            combo: QComboBox = getattr(self, f"{key}_combo")
            i = combo.findData(value)
            return combo.itemText(i) if i >= 0 else str(value or "")
        if key == "nationalities":
            return ", ".join(self.nationalities_picker.name(c) for c in value or [])
        if key == "preferred_language":
            return self.preferred_language_picker.name(value) if value else ""
        if key == "interpreter_needed":
            return self.tr("ja") if value else self.tr("nein")
        return str(value or "")

    # --- errors --------------------------------------------------------------------------

    def clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear_error()

    def show_error(self, field: str | None, text: str) -> bool:
        """Put ``text`` under the field the service named and focus it. False if the
        field is not on this form (the caller shows the text elsewhere)."""
        key = field_widget_key(field)
        label = self._errors.get(key) if key else None
        if label is None:
            return False
        assert key is not None  # there is a label for it
        label.show_error(text)
        target = self._focus.get(key) or (self.street_edit if key == "address" else None)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(target, QLineEdit):
                target.selectAll()
            scroll = self.parentWidget()
            while scroll is not None and not isinstance(scroll, QScrollArea):
                scroll = scroll.parentWidget()
            if scroll is not None:  # small screens: bring the field and its message into view
                scroll.ensureWidgetVisible(label)
                scroll.ensureWidgetVisible(target)
        return True

    def error_label(self, key: str) -> ErrorLabel | None:
        return self._errors.get(key)

    def first_field(self) -> QWidget:
        return self.family_name_edit


class MasterDataTab(RecordTab):
    """Stammdaten: the client form in a scroll area (small screens)."""

    needs_saved_client = False

    def __init__(self, record: ClientRecord) -> None:
        super().__init__(record)
        self.form = ClientForm()
        scroll = QScrollArea(self)
        scroll.setObjectName("client_form_scroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        inner = QWidget()
        inner_lay = QVBoxLayout(inner)
        inner_lay.setContentsMargins(8, 8, 8, 8)
        inner_lay.addWidget(self.form)
        scroll.setWidget(inner)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(scroll)

    def is_modified(self) -> bool:
        return self.form.differs()


def _contacts_tab(record: ClientRecord) -> RecordTab:
    return ContactsTab(record)


# Later issues add their tab here with one line: a RecordTab subclass, or a standalone
# widget through widget_tab, e.g.
#   TabSpec("einwilligungen", QT_TRANSLATE_NOOP("ClientRecord", "Einwilligungen"),
#           widget_tab(lambda db, c: ConsentTab(db, c.id, preferred_language=c.preferred_language,
#                                               interpreter_needed=c.interpreter_needed))),
def _consent_tab(db: Any, client: ClientRead) -> QWidget:
    from referral_desk.ui.consent.tab import ConsentTab

    return ConsentTab(
        db, client.id, preferred_language=client.preferred_language, interpreter_needed=client.interpreter_needed
    )


def _referrals_tab(db: Any, client: ClientRead) -> QWidget:
    from referral_desk.ui.referrals.tab import ReferralsTab

    return ReferralsTab(db, client.id)


def _plan_tab(db: Any, client: ClientRead) -> QWidget:
    from referral_desk.ui.casework.plan_tab import PlanTab

    return PlanTab(db, client.id)


RECORD_TABS: list[TabSpec] = [
    TabSpec("stammdaten", str(QT_TRANSLATE_NOOP("ClientRecord", "Stammdaten")), MasterDataTab),
    TabSpec("kontakte", str(QT_TRANSLATE_NOOP("ClientRecord", "Beratungskontakte")), _contacts_tab),
    TabSpec("einwilligungen", str(QT_TRANSLATE_NOOP("ClientRecord", "Einwilligungen")), widget_tab(_consent_tab)),
    TabSpec("ueberleitungen", str(QT_TRANSLATE_NOOP("ClientRecord", "Überleitungen")), widget_tab(_referrals_tab)),
    TabSpec("foerderplan", str(QT_TRANSLATE_NOOP("ClientRecord", "Förderplan")), widget_tab(_plan_tab)),
]


# --- the record dialog --------------------------------------------------------------


def setting_handler_above(widget: QWidget, target: str):
    from referral_desk.ui.referrals.dialogs import setting_handler

    parent = widget.parentWidget()
    return setting_handler(parent, target) if parent is not None else None


class ClientRecord(QDialog):
    """One client's record. ``client_id=None`` creates a new client."""

    saved = Signal(int)  # client id, after a create or update
    data_changed = Signal(int)  # something shown in the client list changed (e.g. a contact)
    ref_changed = Signal(str, str)  # draft ref before and after the first save ("new" -> "42")
    closed = Signal(str)  # draft ref

    def __init__(self, db, *, client_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("client_record")
        self.setModal(False)
        self.setSizeGripEnabled(True)
        self.db = db
        self.client_id = client_id
        self.client: ClientRead | None = None
        self._closed_for_good = False
        self._saving = False
        self._close_after_save = False
        self._forced_modified = False
        self._pending_draft: dict[str, Any] | None = None
        self.merge_dialog: QDialog | None = None
        self._loaded = client_id is None

        self.header_label = QLabel()
        self.header_label.setObjectName("record_header_label")
        self.header_label.setTextFormat(Qt.TextFormat.PlainText)
        font = self.header_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        self.header_label.setFont(font)
        self.error_label = ErrorLabel("record")
        self.tabs = QTabWidget()
        self.tabs.setObjectName("record_tabs")
        self.tabs.setDocumentMode(True)
        self._tabs: dict[str, RecordTab] = {}
        for spec in RECORD_TABS:
            tab = spec.factory(self)
            tab.setObjectName(f"{spec.key}_tab")
            self._tabs[spec.key] = tab
            self.tabs.addTab(tab, QCoreApplication.translate("ClientRecord", spec.title))
        self.form: ClientForm = self.master_data.form
        self.form.edited.connect(self._update_modified)

        self.status_label = QLabel()
        self.status_label.setObjectName("record_status_label")
        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.setObjectName("save_button")
        self.save_button.setToolTip(self.tr("Speichern (Strg+S)"))
        self.save_button.clicked.connect(self.save)
        self.close_button = QPushButton(self.tr("Schließen"))
        self.close_button.setObjectName("close_button")
        self.close_button.clicked.connect(self.request_close)
        # Team database: cover during leave (ui/clients/share_dialog.py); a desk vault has no shares.
        self.share_button = QPushButton(self.tr("&Vertretung …"))
        self.share_button.setObjectName("record_share_button")
        self.share_button.setToolTip(self.tr("Akte befristet für eine Kollegin oder einen Kollegen freigeben"))
        self.share_button.clicked.connect(self.open_shares)
        self.share_button.setVisible(bool(getattr(db.context, "team", False)))
        self.share_button.setEnabled(False)
        self.share_dialog: QDialog | None = None
        for b in (self.save_button, self.close_button, self.share_button):
            b.setAutoDefault(False)  # Enter in a field must never save or close by accident
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)  # type: ignore[call-overload]  # PySide6 takes signal keywords; the stubs do not list them

        buttons = QHBoxLayout()
        buttons.addWidget(self.share_button)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.close_button)
        lay = QVBoxLayout(self)
        lay.addWidget(self.header_label)
        lay.addWidget(self.error_label)
        lay.addWidget(self.tabs, 1)
        lay.addLayout(buttons)
        self.resize(1040, 760)

        self._apply_client(None)
        if client_id is not None:
            self._set_busy(True, self.tr("Wird geladen …"))
            self.db.call(
                clients.get_client,
                client_id=client_id,
                on_success=guarded(self, self._client_loaded),
                on_error=guarded(self, self._load_failed),
            )
        else:
            self.tabs.setCurrentIndex(0)
            QTimer.singleShot(0, self, lambda: self.form.first_field().setFocus())

    # --- properties ----------------------------------------------------------------------

    @property
    def ref(self) -> str:
        return "new" if self.client_id is None else str(self.client_id)

    @property
    def master_data(self) -> MasterDataTab:
        return self._tabs["stammdaten"]  # type: ignore[return-value]

    def tab(self, key: str) -> RecordTab:
        return self._tabs[key]

    def current_tab_key(self) -> str:
        widget = self.tabs.currentWidget()
        return next((k for k, t in self._tabs.items() if t is widget), "stammdaten")

    def can_open_setting(self, target: str) -> bool:
        return target.startswith("record:") or bool(setting_handler_above(self, target))

    def open_setting(self, target: str) -> None:
        """A field of this record (the document spelling) or, further up, the administration."""
        if target == "record:consent":
            self.show_tab("einwilligungen")
            return
        if target.startswith("record:"):
            self.show_tab("stammdaten")
            self.master_data.form.show_error(
                target.split(":", 1)[1],
                self.tr("Für Briefe an Behörden bitte die Schreibweise aus dem Pass oder Aufenthaltstitel eintragen."),
            )
            return
        handler = setting_handler_above(self, target)
        if handler is not None:
            handler(target)

    def show_tab(self, key: str) -> None:
        if key in self._tabs:
            self.tabs.setCurrentWidget(self._tabs[key])

    def is_modified(self) -> bool:
        if not self._loaded:
            return self._pending_draft is not None
        return self._forced_modified or any(t.is_modified() for t in self._tabs.values())

    # --- loading -------------------------------------------------------------------------

    def _client_loaded(self, client: ClientRead) -> None:
        self._loaded = True
        self._set_busy(False, "")
        self.form.load(client)
        self._apply_client(client)
        if self._pending_draft is not None:
            payload, self._pending_draft = self._pending_draft, None
            self._apply_payload(payload)
        self._update_modified()

    def _load_failed(self, exc: BaseException) -> None:
        self._set_busy(False, "")
        self.error_label.show_error(field_error_text(exc))
        self.save_button.setEnabled(False)
        self._loaded = self._pending_draft is None  # keep a draft's values safe: stay "modified"

    def _apply_client(self, client: ClientRead | None) -> None:
        self.client = client
        if client is not None:
            self.client_id = client.id
        for spec in RECORD_TABS:
            tab = self._tabs[spec.key]
            enabled = client is not None or not tab.needs_saved_client
            self.tabs.setTabEnabled(self.tabs.indexOf(tab), enabled)
            self.tabs.setTabToolTip(
                self.tabs.indexOf(tab), "" if enabled else self.tr("Erst nach dem Speichern der Stammdaten verfügbar")
            )
            tab.set_client(client)
        self.share_button.setEnabled(client is not None)
        self._update_header()

    def open_shares(self) -> QDialog | None:
        """The record's shares for cover during leave (team database)."""
        if self.client is None:
            return None
        from referral_desk.ui.clients.share_dialog import ShareDialog

        self.share_dialog = ShareDialog(
            self.db, client_id=self.client.id, case_number=self.client.case_number, parent=self
        )
        self.share_dialog.open()
        return self.share_dialog

    def _update_header(self) -> None:
        c = self.client
        if c is None:
            self.header_label.setText(
                self.tr("Neue Klient*in anlegen") if self.client_id is None else self.tr("Klient*in wird geladen …")
            )
            self.setWindowTitle((self.tr("Neue Klient*in") if self.client_id is None else self.tr("Klient*in")) + "[*]")
            return
        status = self.tr("offen") if c.case_status == "open" else self.tr("geschlossen")
        parts = [
            c.case_number,
            f"{c.family_name}, {c.given_names}",
            self.tr("geb. %1").replace("%1", format_date(c.birth_date)),
            status,
        ]
        if c.counsellor:
            # The core returns the user name; people are shown with their display name (as in
            # the client list).
            names = getattr(self, "_display_names", None)
            if names is None:
                from referral_desk.core.services import desk

                self._display_names: dict[str, str] = {}

                def found_names(found: dict[str, str]) -> None:
                    self._display_names.update(found)
                    self._update_header()

                call_for(self, self.db, desk.display_names, on_success=found_names)
                names = {}
            parts.append(self.tr("Berater*in: %1").replace("%1", names.get(c.counsellor, c.counsellor)))
        self.header_label.setText(" · ".join(parts))
        self.setWindowTitle(f"{c.family_name}, {c.given_names} – {c.case_number}[*]")

    def _update_modified(self) -> None:
        self.setWindowModified(self.is_modified())

    def _set_busy(self, busy: bool, text: str) -> None:
        self.save_button.setEnabled(not busy)
        self.status_label.setText(text)

    # --- drafts --------------------------------------------------------------------------

    def draft_payload(self) -> dict[str, Any]:
        """The unsaved state as JSON-able data for ``drafts.save_draft``."""
        if self._pending_draft is not None and not self._loaded:
            return dict(self._pending_draft)  # not loaded yet: pass the draft on untouched
        tabs = {}
        for key, tab in self._tabs.items():
            if key != "stammdaten":
                state = tab.draft_state()
                if state is not None:
                    tabs[key] = state
        return {
            "version": DRAFT_VERSION,
            "client_id": self.client_id,
            "tab": self.current_tab_key(),
            "values": self.form.state(),
            "base": self.form.baseline if self.client is not None else None,
            "base_version": self.client.version if self.client is not None else None,
            "tabs": tabs,
        }

    def apply_draft(self, payload: dict[str, Any]) -> None:
        """Bring back a draft (after the client has loaded) and mark the record modified."""
        if not self._loaded:
            self._pending_draft = dict(payload)
            return
        self._apply_payload(payload)
        self._update_modified()

    def _apply_payload(self, payload: dict[str, Any]) -> None:
        values = payload.get("values")
        base = payload.get("base")
        moved_on = (
            self.client is not None
            and isinstance(base, dict)
            and isinstance(values, dict)
            and payload.get("base_version") not in (None, self.client.version)
        )
        if moved_on and isinstance(values, dict) and isinstance(base, dict):
            # Saved elsewhere since the draft was made: merge instead of reverting those changes.
            self._merge_into_form(base, values, from_draft=True)
        elif isinstance(values, dict):
            self.form.set_state(values)
        for key, state in (payload.get("tabs") or {}).items():
            if (
                key in self._tabs
                and isinstance(state, dict)
                and self.tabs.isTabEnabled(self.tabs.indexOf(self._tabs[key]))
            ):
                self._tabs[key].restore_state(state)
        self.show_tab(str(payload.get("tab") or "stammdaten"))
        self._forced_modified = True
        self.status_label.setText(self.tr("Entwurf wiederhergestellt – noch nicht gespeichert"))

    def _delete_draft(self, ref: str | None = None) -> None:
        self.db.call(drafts.delete_draft, kind=DRAFT_KIND, ref=ref or self.ref, on_error=lambda _exc: None)

    # --- saving --------------------------------------------------------------------------

    def save(self) -> None:
        if self._saving or not self._loaded or self._closed_for_good:
            return
        self.form.clear_errors()
        self.error_label.clear_error()
        state = self.form.state()
        if self.client_id is None:
            data = create_data(state)
            self._set_saving(True)
            self.db.call(
                clients.likely_duplicates,
                data=data,
                on_success=guarded(self, lambda found: self._duplicates_checked(data, found)),
                on_error=guarded(self, self._save_failed),
            )
            return
        changes = update_changes(state, self.form.baseline)
        if not changes:
            self._saved_unchanged()
            return
        self._set_saving(True)
        self.db.call(
            clients.update_client,
            client_id=self.client_id,
            changes=changes,
            # The version the form was loaded at: a record saved elsewhere since is a
            # conflict to merge (MergeDialog), never a silent overwrite.
            expected_version=self.client.version if self.client is not None else None,
            on_success=guarded(self, self._saved),
            on_error=guarded(self, self._save_failed),
        )

    def _set_saving(self, saving: bool) -> None:
        self._saving = saving
        self._set_busy(saving, self.tr("Wird gespeichert …") if saving else self.status_label.text())

    def _duplicates_checked(self, data: dict[str, Any], found: list[str]) -> None:
        if found:
            self._ask_duplicate(data, found)
        else:
            self._create(data, allow_duplicate=False)

    def _ask_duplicate(self, data: dict[str, Any], found: list[str]) -> None:
        if found:
            message = self.tr(
                "Es gibt bereits eine Person mit diesem Namen und Geburtsdatum (Fallnummer %1). Trotzdem anlegen?"
            ).replace("%1", ", ".join(found))
        else:  # only in caseloads this person may not open: no case number (services.clients)
            message = self.tr(
                "Eine wahrscheinlich doppelte Akte gibt es in einer anderen Fallakte – bitte bei "
                "der Teamleitung nachfragen. Trotzdem anlegen?"
            )
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            self.tr("Möglicherweise doppelt"),
            message,
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("duplicate_warning")
        box.setInformativeText(self.tr("Bitte zuerst prüfen, ob die vorhandene Akte dieselbe Person ist."))
        create = box.addButton(self.tr("Trotzdem anlegen"), QMessageBox.ButtonRole.AcceptRole)
        create.setObjectName("create_anyway_button")
        cancel = box.addButton(self.tr("Nicht anlegen"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("do_not_create_button")
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            if box.clickedButton() is create:
                self._create(data, allow_duplicate=True)
            else:
                self._set_saving(False)
                self._close_after_save = False
                self.status_label.setText(self.tr("Nicht angelegt."))

        box.finished.connect(guarded(self, answered))
        box.open()

    def _create(self, data: dict[str, Any], *, allow_duplicate: bool) -> None:
        self.db.call(
            clients.create_client,
            data=data,
            allow_duplicate=allow_duplicate,
            on_success=guarded(self, self._created),
            on_error=guarded(self, self._save_failed),
        )

    def _created(self, client: ClientRead) -> None:
        self._delete_draft("new")
        self.client_id = client.id
        self.ref_changed.emit("new", str(client.id))
        self._saved(client)

    def _saved(self, client: ClientRead) -> None:
        self._set_saving(False)
        if self.client is not None:
            self._delete_draft()
        self._forced_modified = False
        self.form.load(client)
        self._apply_client(client)
        self._update_modified()
        self.status_label.setText(
            self.tr("Gespeichert um %1").replace(
                "%1", QLocale().toString(QDateTime.currentDateTime().time(), QLocale.FormatType.ShortFormat)
            )
        )
        self.saved.emit(client.id)
        if self._close_after_save:
            self._finish_close(delete_draft=False)

    def _saved_unchanged(self) -> None:
        if self._forced_modified:
            self._delete_draft()
            self._forced_modified = False
        self._update_modified()
        self.status_label.setText(self.tr("Keine Änderungen."))
        if self._close_after_save:
            self._finish_close(delete_draft=False)

    def _save_failed(self, exc: BaseException) -> None:
        self._set_saving(False)
        self._close_after_save = False
        if isinstance(exc, DuplicateClient):  # someone created the same person meanwhile
            self._ask_duplicate(create_data(self.form.state()), exc.case_numbers)
            self._set_saving(True)
            return
        if isinstance(exc, VersionConflict) and self.client_id is not None:
            self.status_label.setText(self.tr("Die Akte wurde inzwischen geändert – wird zum Vergleich geladen …"))
            self.db.call(
                clients.get_client,
                client_id=self.client_id,
                on_success=guarded(self, self._conflict_loaded),
                on_error=guarded(self, lambda e: self.error_label.show_error(field_error_text(e))),
            )
            return
        text = field_error_text(exc)
        self.status_label.setText(self.tr("Nicht gespeichert."))
        if isinstance(exc, InvalidInput) and self.form.show_error(exc.field, text):
            self.show_tab("stammdaten")
            return
        self.error_label.show_error(text)

    # --- merging: the record was saved elsewhere meanwhile ----------------------------------

    def _conflict_loaded(self, current: ClientRead) -> None:
        """A save was refused as stale: show the person's input beside the stored record."""
        base, mine = self.form.baseline, self.form.state()
        self.form.load(current)
        self._apply_client(current)
        self._merge_into_form(base, mine, from_draft=False)

    def _merge_into_form(self, base: dict[str, Any], mine: dict[str, Any], *, from_draft: bool) -> None:
        """The form holds the stored record (its baseline and version); put the person's
        changes on top of it: silently where only one side changed, by their choice where
        both did. The preselected merge is in the form at once, so a lock while the dialog
        is open keeps a correct draft."""
        theirs = self.form.baseline
        plan = merge_plan(base, mine, theirs)
        self.form.set_state(plan.merged(theirs))
        self._forced_modified = True
        self._update_modified()
        if not plan.fields:
            if not from_draft:
                self.save()
            return
        from referral_desk.ui.clients.merge_dialog import MergeDialog

        dialog = self.merge_dialog = MergeDialog(
            plan, label=self.form.field_label, display=self.form.display_value, from_draft=from_draft, parent=self
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.status_label.setText(self.tr("Nicht gespeichert – die Akte wurde inzwischen geändert."))

        def finished(result: int) -> None:
            self.merge_dialog = None
            accepted = result == int(QDialog.DialogCode.Accepted)
            if accepted or from_draft:  # a draft is merged either way (defaults if closed)
                self.form.set_state(plan.merged(theirs, dialog.choices() if accepted else None))
                self._update_modified()
            if accepted and not from_draft:
                self.save()
            elif from_draft:
                self.status_label.setText(
                    self.tr(
                        "Entwurf mit der inzwischen gespeicherten Akte zusammengeführt – bitte prüfen und speichern."
                    )
                )
            else:
                self._close_after_save = False

        dialog.finished.connect(guarded(self, finished))
        dialog.open()

    # --- closing -------------------------------------------------------------------------

    def request_close(self) -> None:
        """Close, asking first if something is unsaved."""
        if self._closed_for_good:
            return
        if not self.is_modified():
            self._finish_close(delete_draft=False)
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Ungespeicherte Änderungen"),
            self.tr("Die Änderungen an dieser Akte sind noch nicht gespeichert."),
            QMessageBox.StandardButton.NoButton,
            self,
        )
        box.setObjectName("unsaved_changes_box")
        box.setInformativeText(self.tr("Jetzt speichern?"))
        save = box.addButton(self.tr("Speichern"), QMessageBox.ButtonRole.AcceptRole)
        save.setObjectName("unsaved_save_button")
        discard = box.addButton(self.tr("Verwerfen"), QMessageBox.ButtonRole.DestructiveRole)
        discard.setObjectName("unsaved_discard_button")
        cancel = box.addButton(self.tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
        cancel.setObjectName("unsaved_cancel_button")
        box.setDefaultButton(save)
        box.setEscapeButton(cancel)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def answered(_result: int) -> None:
            clicked = box.clickedButton()
            if clicked is save:
                self._close_after_save = True
                self.save()
            elif clicked is discard:
                self._finish_close(delete_draft=True)

        box.finished.connect(guarded(self, answered))
        box.open()

    def reject(self) -> None:  # Escape
        self.request_close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - the window's close button
        if self._closed_for_good:
            event.accept()
            return
        event.ignore()
        self.request_close()

    def force_close(self) -> None:
        """Close at once without asking (the vault is locking; the caller kept the draft)."""
        if self._closed_for_good:
            return
        for tab in self._tabs.values():
            tab.close_children()
        for box in self.findChildren(QMessageBox):
            box.close()
        for dialog in self.findChildren(QDialog):  # other tabs' dialogs: hidden, deleted with us
            dialog.hide()
        self._finish_close(delete_draft=False)

    def _finish_close(self, *, delete_draft: bool) -> None:
        if delete_draft:
            self._delete_draft()
        ref = self.ref
        self._closed_for_good = True
        self.done(QDialog.DialogCode.Rejected)
        self.closed.emit(ref)
        self.deleteLater()
