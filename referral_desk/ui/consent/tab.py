"""The "Einwilligungen" tab of a client record and its dialogs.

- ``ConsentTab``: the client's consents with status badges (aktiv / abgelaufen / widerrufen,
  "läuft bald ab"), what the selected one covers, and the actions.
- ``ConsentDialog`` ("Einwilligung erfassen"): recipient, purpose, categories with their
  plain-language explanations, a separate box for health data, validity, direction,
  language, interpreter → preview → print or save as PDF → "unterschrieben am …" → save.
  Saving is only possible once the declaration with exactly these details was printed or
  saved, so the recorded text hash is the hash of what the client signed.
- ``RevokeDialog`` ("Widerrufen"): date, reason, how the withdrawal was received.
- ``PdfPreviewDialog``: the PDF from memory (QtPdf if installed; otherwise the exact text).

All database work goes through ``db.call``; PDFs stay in memory; saved files are written
atomically next to their target and named by case number and date, never by name.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues, category_fields, clock, purposes
from referral_desk.core.errors import InvalidInput, VersionConflict
from referral_desk.core.fileio import atomic_write_bytes
from referral_desk.core.services import consent, organisation
from referral_desk.ui import file_dialogs
from referral_desk.ui.clients.pickers import LanguagePicker
from referral_desk.ui.pdf import HAS_QTPDF, QPdfView, load_pdf, print_pdf
from referral_desk.ui.widgets import (
    DateField,
    ErrorLabel,
    date_for_service,
    field_error_text,
    field_widget_key,
    format_date,
    guarded,
    ui_lang,
    with_error,
)

BADGE_COLORS = {"active": "#d7efdc", "expires_soon": "#fde9b6", "expired": "#e4e4e4", "withdrawn": "#f5d3d3"}


def _render_and_save(ctx, path: str, **params: Any) -> str:
    """On the worker: render (recorded as printed) and write the file atomically."""
    pdf = consent.render_form(ctx, **params)
    atomic_write_bytes(path, pdf)
    return path


def _notice_and_save(ctx, path: str, consent_id: int) -> str:
    """On the worker: the withdrawal notice, written atomically."""
    pdf = consent.render_notice(ctx, consent_id=consent_id)
    atomic_write_bytes(path, pdf)
    return path


def _fields_line(category: str, lang: str) -> str:
    """Rich-text line naming the record fields a category covers (forms/category_fields.toml,
    in the words of the consent text); empty for a category without stored fields."""
    phrases = [m.phrases.get(lang) or m.phrases["de"] for m in category_fields.catalogue()[category].mentions]
    if not phrases:
        return ""
    lead = QApplication.translate("ConsentDialog", "Aus der Akte:")
    return "<br><i>" + html.escape(lead + " " + ", ".join(phrases)) + "</i>"


def _purpose_names(keys) -> str:
    """Purpose keys in the UI language (``other`` as its label without the words)."""
    lang = "en" if ui_lang() == "en" else "de"
    return ", ".join(purposes.short_label(k, lang) for k in keys if k in purposes.catalogue())


def fit_to_screen(dialog: QDialog, width: int, height: int) -> None:
    """Size a dialog to (width, height) but never beyond the available screen (1366 × 768
    laptops: the taskbar and the title bar take about 80 pixels)."""
    screen = dialog.screen() or QGuiApplication.primaryScreen()
    if screen is not None:
        avail = screen.availableGeometry()
        width = min(width, avail.width() - 20)
        height = min(height, avail.height() - 60)
    dialog.resize(width, min(height, 708))


class PdfPreviewDialog(QDialog):
    """Shows a PDF from memory, or (without QtPdf) the exact text of the declaration."""

    def __init__(self, content: bytes | str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("consent_preview_dialog")
        self.setWindowTitle(self.tr("Vorschau der Einwilligungserklärung"))
        lay = QVBoxLayout(self)
        self.document = None
        view: QPdfView | QTextBrowser
        if isinstance(content, bytes) and HAS_QTPDF:
            self.document = load_pdf(content, self)
            view = QPdfView(self)
            view.setObjectName("consent_preview_view")
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
            view.setDocument(self.document)
            lay.addWidget(view, 1)
        else:
            view = QTextBrowser(self)
            view.setObjectName("consent_preview_text")
            view.setHtml(_text_html(content if isinstance(content, str) else ""))
            lay.addWidget(view, 1)
        self.view = view
        close = QPushButton(self.tr("Schließen"))
        close.setObjectName("consent_preview_close_button")
        close.clicked.connect(self.accept)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(close)
        lay.addLayout(row)
        self.resize(760, 900)


def _text_html(text: str) -> str:
    """The canonical text as HTML, right-to-left paragraphs aligned right."""
    from referral_desk.core.documents.text import base_direction

    out = []
    for line in text.splitlines():
        if line.startswith("[consent-"):
            out.append(f"<hr><p style='color:#666'>{html.escape(line)}</p>")
            continue
        direction = "rtl" if base_direction(line.lstrip("[x] ")) == "R" else "ltr"
        out.append(f"<p dir='{direction}' align='{'right' if direction == 'rtl' else 'left'}'>{html.escape(line)}</p>")
    return "".join(out)


# --- the grant dialog ------------------------------------------------------------------------


class ConsentDialog(QDialog):
    """Record a consent: fill in, print (or save as PDF), confirm the signature, save."""

    granted = Signal(object)  # ConsentRead

    def __init__(
        self,
        db,
        *,
        client_id: int,
        preferred_language: str | None = None,
        interpreter_needed: bool = False,
        parent: QWidget | None = None,
        printer_factory: Callable[[], QPrinter] | None = None,
        print_dialog_factory: Callable[[QPrinter, QWidget], QDialog] | None = None,
        save_path_provider: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consent_dialog")
        self.setWindowTitle(self.tr("Einwilligung erfassen"))
        self.db = db
        self.client_id = client_id
        self._closed_for_good = False
        self._preferred_language = preferred_language
        self._agencies: dict[str, Any] = {}
        self._validity_months = 24
        self._case_number: str | None = None
        self._output_params: dict[str, Any] | None = None  # what was last printed or saved
        self._purpose_touched = False
        self._busy = False
        self.printer_factory = printer_factory or (lambda: QPrinter(QPrinter.PrinterMode.HighResolution))
        self.print_dialog_factory = print_dialog_factory or (lambda printer, parent: QPrintDialog(printer, parent))
        self.save_path_provider = save_path_provider or self._ask_save_path
        lang = ui_lang()

        self._errors = {
            k: ErrorLabel(f"consent_{k}")
            for k in (
                "recipient",
                "purpose",
                "categories",
                "health_confirmed",
                "valid_until",
                "direction",
                "language",
                "interpreter_language",
                "given_on",
                "guardian",
                "allow_unreviewed",
            )
        }
        self.recipient_combo = QComboBox()
        self.recipient_combo.setObjectName("consent_recipient_combo")
        self.recipient_combo.currentIndexChanged.connect(self._recipient_changed)
        # Purposes: a choice from the catalogue for the recipient's kind (forms/purposes.toml),
        # several allowed; "other" has its own words. The consent records the keys.
        self.purpose_box = QWidget()
        self.purpose_box.setObjectName("consent_purpose_box")
        self._purpose_layout = QVBoxLayout(self.purpose_box)
        self._purpose_layout.setContentsMargins(0, 0, 0, 0)
        self._purpose_layout.setSpacing(2)
        self.purpose_checks: dict[str, QCheckBox] = {}
        self.purpose_other_edit = QLineEdit()
        self.purpose_other_edit.setObjectName("consent_purpose_other_edit")
        self.purpose_other_edit.setMaxLength(300)
        self.purpose_other_edit.setPlaceholderText(self.tr("Anderer Zweck in eigenen Worten"))
        self.purpose_other_edit.textEdited.connect(self._purpose_edited)
        self._purpose_kind: str | None = None

        categories_box = QGroupBox(self.tr("Welche Daten? (nur das Nötige ankreuzen)"))
        categories_box.setObjectName("consent_categories_box")
        grid = QGridLayout(categories_box)
        self.category_checks: dict[str, QCheckBox] = {}
        row = 0
        for key in consent.CATEGORY_KEYS:
            if key == "health":
                continue
            check = QCheckBox(catalogues.enum_label("data_category", key, lang))
            check.setObjectName(f"consent_category_{key}_check")
            explain = catalogues.enum_explain("data_category", key, lang) or ""
            check.setToolTip(explain)
            check.toggled.connect(self._params_changed)
            hint = QLabel(explain + _fields_line(key, lang))
            hint.setObjectName(f"consent_category_{key}_hint")
            hint.setWordWrap(True)
            hint.setTextFormat(Qt.TextFormat.RichText)
            hint.setStyleSheet("color: #555;")
            grid.addWidget(check, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(hint, row, 1)
            self.category_checks[key] = check
            row += 1
        grid.addWidget(self._errors["categories"], row, 0, 1, 2)
        grid.setColumnStretch(1, 1)

        health_box = QGroupBox(self.tr("Gesundheitsdaten (besonders geschützt)"))
        health_box.setObjectName("consent_health_box")
        hl = QVBoxLayout(health_box)
        self.health_check = QCheckBox(self.tr("Gesundheitsdaten einbeziehen"))
        self.health_check.setObjectName("consent_category_health_check")
        self.health_check.toggled.connect(self._health_toggled)
        health_hint = QLabel(catalogues.enum_explain("data_category", "health", lang) or "")
        health_hint.setObjectName("consent_health_hint")
        health_hint.setWordWrap(True)
        health_hint.setStyleSheet("color: #555;")
        self.health_confirmed_check = QCheckBox(
            self.tr("Die Person hat das gesonderte Kästchen für Gesundheitsdaten auf dem Formular selbst angekreuzt")
        )
        self.health_confirmed_check.setObjectName("consent_health_confirmed_check")
        self.health_confirmed_check.setEnabled(False)
        hl.addWidget(self.health_check)
        hl.addWidget(health_hint)
        hl.addWidget(self.health_confirmed_check)
        hl.addWidget(self._errors["health_confirmed"])

        self.valid_until_edit = DateField("consent_valid_until_edit", optional=False)
        self.valid_until_edit.textEdited.connect(self._params_changed)
        self.direction_combo = QComboBox()
        self.direction_combo.setObjectName("consent_direction_combo")
        self.direction_combo.addItem(self.tr("Nur an die Stelle (eine Richtung)"), "one_way")
        self.direction_combo.addItem(self.tr("In beide Richtungen (die Stelle darf zurückmelden)"), "mutual")
        self.direction_combo.currentIndexChanged.connect(self._params_changed)
        self.language_combo = QComboBox()
        self.language_combo.setObjectName("consent_language_combo")
        self.language_combo.addItem(catalogues.language_name("de", lang), "de")
        self.language_combo.currentIndexChanged.connect(self._params_changed)
        self.interpreter_check = QCheckBox(self.tr("Mit Dolmetschung"))
        self.interpreter_check.setObjectName("consent_interpreter_check")
        self.interpreter_check.setChecked(interpreter_needed)
        self._rules = None  # consent.SigningRules of today (minors)
        self._review: dict[str, str] = {}  # language → binding | approved | unreviewed | tampered
        self.guardian_edit = QLineEdit()
        self.guardian_edit.setObjectName("consent_guardian_edit")
        self.guardian_edit.setMaxLength(200)
        self.guardian_edit.textEdited.connect(self._params_changed)
        self.guardian_hint = QLabel()
        self.guardian_hint.setObjectName("consent_guardian_hint_label")
        self.guardian_hint.setWordWrap(True)
        self.guardian_hint.setStyleSheet("color: #555;")
        self.review_label = QLabel()
        self.review_label.setObjectName("consent_review_label")
        self.review_label.setWordWrap(True)
        self.allow_unreviewed_check = QCheckBox(
            self.tr("Ungeprüfte Übersetzung trotzdem drucken (das Blatt trägt dann den Hinweis „noch nicht geprüft“)")
        )
        self.allow_unreviewed_check.setObjectName("consent_allow_unreviewed_check")
        self.allow_unreviewed_check.setVisible(False)
        self.interpreter_picker = LanguagePicker("consent_interpreter_language_picker")
        self.interpreter_picker.setPlaceholderText(self.tr("Sprache der Dolmetschung"))
        if interpreter_needed and preferred_language:
            self.interpreter_picker.set_value(preferred_language)

        form = QFormLayout()
        form.addRow(self.tr("Empfänger *"), with_error(self.recipient_combo, self._errors["recipient"]))
        form.addRow(self.tr("Zweck *"), with_error(self.purpose_box, self._errors["purpose"]))
        form.addRow(self.tr("Gültig bis *"), with_error(self.valid_until_edit, self._errors["valid_until"]))
        form.addRow(self.tr("Richtung"), with_error(self.direction_combo, self._errors["direction"]))
        form.addRow(self.tr("Sprache des Formulars"), with_error(self.language_combo, self._errors["language"]))
        interp = QWidget()
        il = QHBoxLayout(interp)
        il.setContentsMargins(0, 0, 0, 0)
        il.addWidget(self.interpreter_check)
        il.addWidget(self.interpreter_picker, 1)
        form.addRow("", with_error(interp, self._errors["interpreter_language"]))
        review = QWidget()
        rl = QVBoxLayout(review)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.review_label)
        rl.addWidget(self.allow_unreviewed_check)
        form.addRow("", with_error(review, self._errors["allow_unreviewed"]))
        guardian = QWidget()
        gl = QVBoxLayout(guardian)
        gl.setContentsMargins(0, 0, 0, 0)
        gl.addWidget(self.guardian_edit)
        gl.addWidget(self.guardian_hint)
        self.guardian_label = QLabel(self.tr("Sorgeberechtigte Person"))
        self.guardian_label.setObjectName("consent_guardian_label")
        self.guardian_row = with_error(guardian, self._errors["guardian"])
        form.addRow(self.guardian_label, self.guardian_row)
        self.guardian_label.setVisible(False)
        self.guardian_row.setVisible(False)

        self.preview_button = QPushButton(self.tr("Vorschau"))
        self.preview_button.setObjectName("consent_preview_button")
        self.preview_button.clicked.connect(self.preview)
        self.print_button = QPushButton(self.tr("Drucken …"))
        self.print_button.setObjectName("consent_print_button")
        self.print_button.clicked.connect(self.print_form)
        if not HAS_QTPDF:
            self.print_button.setEnabled(False)
            self.print_button.setToolTip(
                self.tr(
                    "Direktes Drucken braucht das Qt-PDF-Modul. Bitte als PDF "
                    "speichern und mit einem PDF-Programm drucken."
                )
            )
        self.save_pdf_button = QPushButton(self.tr("Als PDF speichern …"))
        self.save_pdf_button.setObjectName("consent_save_pdf_button")
        self.save_pdf_button.clicked.connect(self.save_pdf)
        for b in (self.preview_button, self.print_button, self.save_pdf_button):
            b.setAutoDefault(False)
        out_row = QHBoxLayout()
        out_row.addWidget(self.preview_button)
        out_row.addWidget(self.print_button)
        out_row.addWidget(self.save_pdf_button)
        out_row.addStretch(1)

        sign_box = QGroupBox(self.tr("Unterschrift"))
        sign_box.setObjectName("consent_signature_box")
        sl = QGridLayout(sign_box)
        self.output_hint = QLabel(
            self.tr("Zuerst die Erklärung mit diesen Angaben drucken oder als PDF speichern und unterschreiben lassen.")
        )
        self.output_hint.setObjectName("consent_output_hint_label")
        self.output_hint.setWordWrap(True)
        self.signed_check = QCheckBox(self.tr("Unterschrieben am"))
        self.signed_check.setObjectName("consent_signed_check")
        self.signed_check.toggled.connect(self._update_buttons)
        self.signed_on_edit = DateField("consent_signed_on_edit", optional=False)
        self.signed_on_edit.set_date(clock.today())
        sl.addWidget(self.output_hint, 0, 0, 1, 2)
        sl.addWidget(self.signed_check, 1, 0)
        sl.addWidget(with_error(self.signed_on_edit, self._errors["given_on"]), 1, 1)

        self.error_label = ErrorLabel("consent")
        self.status_label = QLabel()
        self.status_label.setObjectName("consent_status_label")
        self.grant_button = QPushButton(self.tr("Einwilligung speichern"))
        self.grant_button.setObjectName("consent_grant_button")
        self.grant_button.setAutoDefault(False)
        self.grant_button.clicked.connect(self.grant)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("consent_cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.grant_button)
        buttons.addWidget(self.cancel_button)

        # The fields scroll; the output, signature and save rows stay visible, so the dialog
        # fits a 1366 × 768 screen.
        body = QWidget()
        body.setObjectName("consent_dialog_body")
        bl = QVBoxLayout(body)
        bl.setContentsMargins(0, 0, 6, 0)
        bl.addLayout(form)
        bl.addWidget(categories_box)
        bl.addWidget(health_box)
        bl.addStretch(1)
        # Not `self.scroll`: that would hide QWidget.scroll(dx, dy).
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("consent_dialog_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setWidget(body)
        lay = QVBoxLayout(self)
        lay.addWidget(self.error_label)
        lay.addWidget(self.scroll_area, 1)
        lay.addLayout(out_row)
        lay.addWidget(sign_box)
        lay.addLayout(buttons)
        fit_to_screen(self, 780, 820)
        self._focus = {
            "recipient": self.recipient_combo,
            "purpose": self.purpose_box,
            "guardian": self.guardian_edit,
            "allow_unreviewed": self.allow_unreviewed_check,
            "categories": next(iter(self.category_checks.values())),
            "health_confirmed": self.health_confirmed_check,
            "valid_until": self.valid_until_edit.edit,
            "direction": self.direction_combo,
            "language": self.language_combo,
            "interpreter_language": self.interpreter_picker,
            "given_on": self.signed_on_edit.edit,
        }
        self._update_buttons()
        self._load()

    # --- loading -------------------------------------------------------------------------------

    def _load(self) -> None:
        self.db.call(
            organisation.list_agencies,
            on_success=guarded(self, self._agencies_loaded),
            on_error=guarded(self, self._failed),
        )
        self.db.call(
            organisation.get_organisation,
            on_success=guarded(self, self._organisation_loaded),
            on_error=guarded(self, self._failed),
        )
        self.db.call(
            consent.available_languages,
            on_success=guarded(self, self._languages_loaded),
            on_error=guarded(self, self._failed),
        )
        self.db.call(
            consent.case_number,
            client_id=self.client_id,
            on_success=guarded(self, lambda n: setattr(self, "_case_number", n)),
            on_error=guarded(self, self._failed),
        )
        self.db.call(
            consent.signing_rules,
            client_id=self.client_id,
            on_success=guarded(self, self._rules_loaded),
            on_error=guarded(self, self._failed),
        )
        self.db.call(
            consent.review_states, on_success=guarded(self, self._review_loaded), on_error=guarded(self, self._failed)
        )

    def _rules_loaded(self, rules) -> None:
        """Minors: under 15 the guardian is required, 15–17 optional (age on today's date)."""
        self._rules = rules
        minor = rules.stage is not None
        self.guardian_label.setVisible(minor)
        self.guardian_row.setVisible(minor)
        if rules.stage == "under_15":
            self.guardian_label.setText(self.tr("Sorgeberechtigte Person *"))
            self.guardian_hint.setText(
                self.tr(
                    "Die Person ist heute %1 Jahre alt (unter 15): eine sorgeberechtigte Person unterschreibt mit."
                ).replace("%1", str(rules.age))
            )
        elif rules.stage == "15_17":
            self.guardian_label.setText(self.tr("Sorgeberechtigte Person (freiwillig)"))
            self.guardian_hint.setText(
                self.tr(
                    "Die Person ist heute %1 Jahre alt und willigt selbst ein. Das "
                    "Formular hat eine Zeile für Ihren Vermerk zur Einsichtsfähigkeit."
                ).replace("%1", str(rules.age))
            )

    def _review_loaded(self, states: list) -> None:
        self._review = {s.language: s.status for s in states}
        self._show_review()

    def _show_review(self) -> None:
        code = self.language_combo.currentData() or "de"
        status = self._review.get(code, "binding" if code == "de" else "unreviewed")
        texts = {
            "binding": "",
            "approved": self.tr("Übersetzung von der Organisation freigegeben."),
            "unreviewed": self.tr("Diese Übersetzung ist noch nicht geprüft und nicht freigegeben."),
            "tampered": self.tr("Die Vorlage weicht von der freigegebenen Fassung ab – Drucken nicht möglich."),
        }
        self.review_label.setText(texts[status])
        self.review_label.setVisible(bool(texts[status]))
        self.allow_unreviewed_check.setVisible(status == "unreviewed")
        if status != "unreviewed":
            self.allow_unreviewed_check.setChecked(False)

    def _agencies_loaded(self, agencies: list) -> None:
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        for a in agencies:
            self._agencies[a.key] = a
            self.recipient_combo.addItem(a.name, a.key)
        self.recipient_combo.blockSignals(False)
        self._recipient_changed()

    def _organisation_loaded(self, org) -> None:
        self._validity_months = org.consent_validity_months
        if not self.valid_until_edit.text():
            self.valid_until_edit.set_date(consent.add_months(clock.today(), self._validity_months))

    def _languages_loaded(self, languages: list[str]) -> None:
        lang = ui_lang()
        self.language_combo.blockSignals(True)
        self.language_combo.clear()
        for code in languages:
            name = catalogues.language_name(code, lang) if code in catalogues.language_codes() else code
            label = name if code == "de" else self.tr("Deutsch + %1").replace("%1", name)
            self.language_combo.addItem(label, code)
        wanted = self._preferred_language if self._preferred_language in languages else "de"
        self.language_combo.setCurrentIndex(max(self.language_combo.findData(wanted), 0))
        self.language_combo.blockSignals(False)
        self._params_changed()

    # --- state ---------------------------------------------------------------------------------

    def params(self) -> dict[str, Any]:
        """What the declaration is printed with (and the consent recorded with)."""
        categories = [k for k, c in self.category_checks.items() if c.isChecked()]
        if self.health_check.isChecked():
            categories.append("health")
        return {
            "client_id": self.client_id,
            "recipient": self.recipient_combo.currentData(),
            "categories": categories,
            "language": self.language_combo.currentData() or "de",
            "purpose": self.purpose_value(),
            "valid_until": date_for_service(self.valid_until_edit.text()),
            "direction": self.direction_combo.currentData(),
            "guardian": self.guardian_edit.text().strip() or None,
        }

    def print_params(self) -> dict[str, Any]:
        """``params`` plus the explicit override for an unreviewed translation."""
        return dict(self.params(), allow_unreviewed=self.allow_unreviewed_check.isChecked())

    def purpose_value(self) -> str | None:
        """The chosen purposes as ``consent grant --purpose`` takes them (keys, comma-separated;
        ``other:WORDS`` last); None while nothing (or "other" without words) is chosen."""
        keys = [k for k, c in self.purpose_checks.items() if c.isChecked() and k != purposes.OTHER]
        other = self.purpose_checks.get(purposes.OTHER)
        if other is not None and other.isChecked():
            words = " ".join(self.purpose_other_edit.text().split())
            if not words:
                return None
            keys.append(f"{purposes.OTHER}:{words}")
        return ",".join(keys) or None

    def _build_purposes(self, kind: str) -> None:
        """One check box per purpose offered for this kind of recipient; the default ticked."""
        if kind == self._purpose_kind:
            return
        self._purpose_kind = kind
        lang = "en" if ui_lang() == "en" else "de"
        while self._purpose_layout.count():
            item = self._purpose_layout.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None and widget is not self.purpose_other_edit:
                widget.deleteLater()
        self.purpose_checks = {}
        try:
            default_keys, _w = purposes.resolve(kind, consent.default_purpose(kind))
        except InvalidInput:
            default_keys = []
        default_other = consent.default_purpose(kind) if default_keys == [purposes.OTHER] else ""
        for key in purposes.keys_for(kind):
            text = purposes.short_label(key, lang)
            check = QCheckBox(text)
            check.setObjectName(f"consent_purpose_{key}_check")
            check.setChecked(key in default_keys)
            check.toggled.connect(self._purpose_edited)
            self._purpose_layout.addWidget(check)
            self.purpose_checks[key] = check
        self._purpose_layout.addWidget(self.purpose_other_edit)
        self.purpose_other_edit.setText(default_other)
        self.purpose_other_edit.setEnabled(self.purpose_checks[purposes.OTHER].isChecked())

    def _recipient_changed(self, *_args: Any) -> None:
        agency = self._agencies.get(self.recipient_combo.currentData())
        if agency is not None:  # same kind of recipient: the choice made stays
            self._build_purposes(agency.kind)
        self._params_changed()

    def _purpose_edited(self, *_args: Any) -> None:
        self._purpose_touched = True
        other = self.purpose_checks.get(purposes.OTHER)
        self.purpose_other_edit.setEnabled(bool(other and other.isChecked()))
        self._params_changed()

    def _health_toggled(self, on: bool) -> None:
        self.health_confirmed_check.setEnabled(on)
        if not on:
            self.health_confirmed_check.setChecked(False)
        self._params_changed()

    def _params_changed(self, *_args: Any) -> None:
        self._show_review()
        if self._output_params is not None and self._output_params != self.params():
            self._output_params = None
            self.signed_check.setChecked(False)
            self.status_label.setText(self.tr("Angaben geändert – bitte die Erklärung neu drucken."))
        self._update_buttons()

    def _update_buttons(self, *_args: Any) -> None:
        ready = self._output_params is not None and not self._busy
        self.signed_check.setEnabled(self._output_params is not None)
        self.grant_button.setEnabled(ready and self.signed_check.isChecked())
        # Without a purpose there is nothing to print: the form would say something else.
        chosen = not self.purpose_checks or self.purpose_value() is not None
        for b in (self.preview_button, self.save_pdf_button):
            b.setEnabled(not self._busy and chosen)
        self.print_button.setEnabled(HAS_QTPDF and not self._busy and chosen)
        if self.purpose_checks and not chosen:
            self._errors["purpose"].show_error(
                self.tr("Bitte mindestens einen Zweck wählen (bei „Anderer Zweck“ mit eigenen Worten).")
            )
        elif self.purpose_checks:
            self._errors["purpose"].clear_error()
        self.output_hint.setVisible(self._output_params is None)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_buttons()

    def is_modified(self) -> bool:
        return self._output_params is not None or any(c.isChecked() for c in self.category_checks.values())

    # --- output --------------------------------------------------------------------------------

    def _clear_errors(self) -> None:
        for label in self._errors.values():
            label.clear_error()
        self.error_label.clear_error()

    def preview(self) -> None:
        self._clear_errors()
        self._set_busy(True)
        params = self.params()
        self.db.call(
            consent.preview_form,
            as_text=not HAS_QTPDF,
            **params,
            on_success=guarded(self, self._show_preview),
            on_error=guarded(self, self._failed),
        )

    def _show_preview(self, content: bytes | str) -> None:
        self._set_busy(False)
        dialog = PdfPreviewDialog(content, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.preview_dialog = dialog
        dialog.open()

    def print_form(self) -> None:
        if not HAS_QTPDF:
            return
        self._clear_errors()
        printer = self.printer_factory()
        dialog = self.print_dialog_factory(printer, self)
        dialog.setObjectName("consent_print_dialog")
        params = self.print_params()
        start = guarded(self, lambda _v: self._render_for_printer(printer, params))
        dialog.accepted.connect(lambda: start(None))
        self._print_dialog = dialog
        dialog.open()

    def _render_for_printer(self, printer: QPrinter, params: dict[str, Any]) -> None:
        self._set_busy(True)
        self.db.call(
            consent.render_form,
            **params,
            on_success=guarded(self, lambda pdf: self._printed(pdf, printer, self.params())),
            on_error=guarded(self, self._failed),
        )

    def _printed(self, pdf: bytes, printer: QPrinter, params: dict[str, Any]) -> None:
        self._set_busy(False)
        pages = print_pdf(pdf, printer)
        if pages:
            self._output_done(params, self.tr("Gedruckt (%1 Seiten).").replace("%1", str(pages)))

    def save_pdf(self) -> None:
        self._clear_errors()
        from referral_desk.core.documents import suggested_filename

        name = suggested_filename(self._case_number or "", "consent_form", clock.today())
        path = self.save_path_provider(name)
        if not path:
            return
        params = self.params()
        self._set_busy(True)
        self.db.call(
            _render_and_save,
            path,
            **self.print_params(),
            on_success=guarded(
                self, lambda p: self._output_done(params, self.tr("Gespeichert: %1").replace("%1", str(p)))
            ),
            on_error=guarded(self, self._failed),
        )

    def _ask_save_path(self, suggested: str) -> str | None:
        # Our own dialog (ui/file_dialogs.py): no path in QtProject.conf or recent-files lists.
        return file_dialogs.save_file(
            self, self.tr("Einwilligungserklärung speichern"), suggested, self.tr("PDF-Dateien (*.pdf)"), db=self.db
        )

    def _output_done(self, params: dict[str, Any], message: str) -> None:
        self._set_busy(False)
        self._output_params = params
        self.status_label.setText(message)
        self._update_buttons()

    # --- grant ---------------------------------------------------------------------------------

    def grant(self) -> None:
        if self._output_params is None or not self.signed_check.isChecked():
            return
        self._clear_errors()
        p = dict(self._output_params)
        p.pop("client_id")
        interpreter = self.interpreter_check.isChecked()
        self._set_busy(True)
        self.db.call(
            consent.grant,
            client_id=self.client_id,
            recipient=p["recipient"],
            categories=p["categories"],
            purpose=p["purpose"] or "",
            given_on=date_for_service(self.signed_on_edit.text()),
            valid_until=p["valid_until"],
            language=p["language"],
            direction=p["direction"],
            health_confirmed=self.health_confirmed_check.isChecked(),
            interpreter_used=interpreter,
            interpreter_language=self.interpreter_picker.value() if interpreter else None,
            guardian=p["guardian"],
            on_success=guarded(self, self._granted),
            on_error=guarded(self, self._failed),
        )

    def _granted(self, record) -> None:
        self._set_busy(False)
        self.granted.emit(record)
        self._finish(QDialog.DialogCode.Accepted)

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        text = field_error_text(exc)
        # a policy refusal may name a field too (the override for an unreviewed translation)
        field = exc.field if isinstance(exc, InvalidInput) else getattr(exc, "params", {}).get("field")
        key = field_widget_key(field) if isinstance(field, str) else None
        if key in self._errors:
            self._errors[key].show_error(text)
            self._focus[key].setFocus(Qt.FocusReason.OtherFocusReason)
        else:
            self.error_label.show_error(text)

    # --- closing -------------------------------------------------------------------------------

    def reject(self) -> None:
        self._finish(QDialog.DialogCode.Rejected)

    def force_close(self) -> None:
        self._finish(QDialog.DialogCode.Rejected)

    def _finish(self, code: QDialog.DialogCode) -> None:
        if self._closed_for_good:
            return
        self._closed_for_good = True
        for child in self.findChildren(QDialog):
            child.close()
        self.done(code)
        self.deleteLater()


# --- the revoke dialog ----------------------------------------------------------------------


class RevokeDialog(QDialog):
    """Record a withdrawal — of all or only some categories — from which day, why (optional),
    how it was received; then offer the notice letter to the recipient right away."""

    revoked = Signal(object)  # ConsentRead
    stale = Signal()  # the consent changed elsewhere since the list was loaded

    SOURCES = (
        ("in_person", "persönlich"),
        ("letter", "per Brief"),
        ("email", "per E-Mail"),
        ("phone", "telefonisch"),
        ("other", "anders"),
    )

    def __init__(
        self,
        db,
        *,
        consent_row,
        parent: QWidget | None = None,
        save_path_provider: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consent_revoke_dialog")
        self.setWindowTitle(self.tr("Einwilligung widerrufen"))
        self.db = db
        self.consent_row = consent_row
        self.result_row = None
        self._closed_for_good = False
        self.save_path_provider = save_path_provider or self._ask_save_path
        lang = ui_lang()
        self._errors = {
            k: ErrorLabel(f"consent_revoke_{k}") for k in ("on", "reason", "source", "categories", "purposes")
        }
        info = QLabel(
            self.tr(
                "Einwilligung gegenüber %1 vom %2. Der Widerruf gilt ab dem angegebenen Tag; "
                "was vorher weitergegeben wurde, bleibt rechtmäßig."
            )
            .replace("%1", consent_row.recipient_name)
            .replace("%2", format_date(consent_row.given_on))
        )
        info.setObjectName("consent_revoke_info_label")
        info.setWordWrap(True)
        remaining = list(consent_row.active_categories or consent_row.categories)
        cats_box = QGroupBox(self.tr("Was wird widerrufen?"))
        cats_box.setObjectName("consent_revoke_categories_box")
        cl = QVBoxLayout(cats_box)
        self.category_checks: dict[str, QCheckBox] = {}
        for key in remaining:
            check = QCheckBox(catalogues.enum_label("data_category", key, lang))
            check.setObjectName(f"consent_revoke_category_{key}_check")
            check.setToolTip(catalogues.enum_explain("data_category", key, lang) or "")
            check.setChecked(True)
            check.toggled.connect(self._categories_changed)
            cl.addWidget(check)
            self.category_checks[key] = check
        cl.addWidget(self._errors["categories"])
        # Purposes (only when more than one is in force: withdrawing the only one is the whole consent).
        active_purposes = list(getattr(consent_row, "active_purposes", None) or [])
        self.purpose_checks: dict[str, QCheckBox] = {}
        self.purposes_box = QGroupBox(self.tr("Für welche Zwecke?"))
        self.purposes_box.setObjectName("consent_revoke_purposes_box")
        pl = QVBoxLayout(self.purposes_box)
        for key in active_purposes if len(active_purposes) > 1 else []:
            check = QCheckBox(_purpose_names([key]))
            check.setObjectName(f"consent_revoke_purpose_{key}_check")
            check.setChecked(True)
            check.toggled.connect(self._categories_changed)
            pl.addWidget(check)
            self.purpose_checks[key] = check
        pl.addWidget(self._errors["purposes"])
        self.purposes_box.setVisible(bool(self.purpose_checks))
        cl.addWidget(self.purposes_box)
        self.scope_label = QLabel()
        self.scope_label.setObjectName("consent_revoke_scope_label")
        self.scope_label.setWordWrap(True)
        cl.addWidget(self.scope_label)
        self.on_edit = DateField("consent_revoke_on_edit", optional=False)
        self.on_edit.set_date(clock.today())
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("consent_revoke_reason_edit")
        self.reason_edit.setMaxLength(500)
        self.reason_edit.setPlaceholderText(self.tr("optional"))
        self.source_combo = QComboBox()
        self.source_combo.setObjectName("consent_revoke_source_combo")
        for key, label in self.SOURCES:
            self.source_combo.addItem(self.tr(label), key)
        form = QFormLayout()
        form.addRow(self.tr("Widerruf wirksam ab *"), with_error(self.on_edit, self._errors["on"]))
        form.addRow(self.tr("Grund"), with_error(self.reason_edit, self._errors["reason"]))
        form.addRow(self.tr("Eingegangen"), with_error(self.source_combo, self._errors["source"]))
        self.error_label = ErrorLabel("consent_revoke")
        self.confirm_button = QPushButton(self.tr("Widerruf speichern"))
        self.confirm_button.setObjectName("consent_revoke_confirm_button")
        self.confirm_button.setAutoDefault(False)
        self.confirm_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("consent_revoke_cancel_button")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        # after saving: what happened, flagged referrals, and the notice to the recipient
        self.done_label = QLabel()
        self.done_label.setObjectName("consent_revoke_done_label")
        self.done_label.setWordWrap(True)
        self.done_label.setTextFormat(Qt.TextFormat.RichText)
        self.done_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.done_label.setVisible(False)
        self.notice_button = QPushButton(self.tr("Mitteilung an die Stelle als PDF speichern …"))
        self.notice_button.setObjectName("consent_revoke_notice_button")
        self.notice_button.setAutoDefault(False)
        self.notice_button.clicked.connect(self.save_notice)
        self.notice_button.setVisible(False)
        self.close_button = QPushButton(self.tr("Schließen"))
        self.close_button.setObjectName("consent_revoke_close_button")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(lambda: self._finish(QDialog.DialogCode.Accepted))
        self.close_button.setVisible(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        for b in (self.notice_button, self.confirm_button, self.cancel_button, self.close_button):
            buttons.addWidget(b)
        self.entry = QWidget()
        el = QVBoxLayout(self.entry)
        el.setContentsMargins(0, 0, 0, 0)
        el.addWidget(info)
        el.addWidget(cats_box)
        el.addLayout(form)
        lay = QVBoxLayout(self)
        lay.addWidget(self.error_label)
        lay.addWidget(self.entry)
        lay.addWidget(self.done_label, 1)
        lay.addLayout(buttons)
        self._categories_changed()
        fit_to_screen(self, 560, 300 + 26 * (len(remaining) + len(self.purpose_checks)))

    def chosen(self) -> list[str] | None:
        """The categories to withdraw; None when all remaining ones are ticked (then the
        purposes decide, or it is a full withdrawal)."""
        picked = [k for k, c in self.category_checks.items() if c.isChecked()]
        return None if len(picked) == len(self.category_checks) else picked

    def chosen_purposes(self) -> list[str] | None:
        """The purposes to withdraw; None when all are ticked (no withdrawal by purpose)."""
        picked = [k for k, c in self.purpose_checks.items() if c.isChecked()]
        return None if len(picked) == len(self.purpose_checks) else picked

    def _categories_changed(self, *_args: Any) -> None:
        picked = [k for k, c in self.category_checks.items() if c.isChecked()]
        picked_purposes = [k for k, c in self.purpose_checks.items() if c.isChecked()]
        if not picked:
            self.scope_label.setText(self.tr("Bitte mindestens eine Kategorie wählen."))
        elif self.purpose_checks and not picked_purposes:
            self.scope_label.setText(self.tr("Bitte mindestens einen Zweck wählen."))
        elif self.chosen() is None and self.chosen_purposes() is None:
            self.scope_label.setText(self.tr("Die ganze Einwilligung wird widerrufen."))
        elif self.chosen_purposes() is None:
            self.scope_label.setText(
                self.tr("Nur die angekreuzten Kategorien werden widerrufen; der Rest gilt weiter.")
            )
        elif self.chosen() is None:
            self.scope_label.setText(
                self.tr(
                    "Nur für die angekreuzten Zwecke wird widerrufen; für die übrigen "
                    "Zwecke gilt die Einwilligung mit allen Kategorien weiter."
                )
            )
        else:
            self.scope_label.setText(
                self.tr("Die angekreuzten Kategorien und Zwecke werden widerrufen; der Rest gilt weiter.")
            )
        self.confirm_button.setEnabled(bool(picked) and (not self.purpose_checks or bool(picked_purposes)))

    def save(self) -> None:
        for label in self._errors.values():
            label.clear_error()
        self.error_label.clear_error()
        self.confirm_button.setEnabled(False)
        self.db.call(
            consent.revoke,
            consent_id=self.consent_row.id,
            on=date_for_service(self.on_edit.text()),
            reason=self.reason_edit.text().strip() or None,
            source=self.source_combo.currentData(),
            categories=self.chosen(),
            purposes=self.chosen_purposes(),
            expected_version=self.consent_row.version,
            on_success=guarded(self, self._saved),
            on_error=guarded(self, self._failed),
        )

    def _saved(self, row) -> None:
        lang = ui_lang()
        self.result_row = row
        self.revoked.emit(row)
        last = row.withdrawals[-1] if row.withdrawals else None
        what = [catalogues.enum_label("data_category", k, lang) for k in (last.categories if last else [])]
        if last is not None and last.purposes:
            what.append(self.tr("Zweck: %1").replace("%1", _purpose_names(last.purposes)))
        lines = [
            self.tr("Widerruf gespeichert: %1 ab %2.")
            .replace("%1", html.escape(", ".join(what)))
            .replace("%2", format_date(last.withdrawn_on) if last else "")
        ]
        if row.status != "withdrawn":
            rest = ", ".join(catalogues.enum_label("data_category", k, lang) for k in row.active_categories)
            lines.append(self.tr("Weiter gültig: %1").replace("%1", html.escape(rest)))
            if last is not None and last.purposes:
                lines.append(
                    self.tr("Weiter gültig für: %1").replace("%1", html.escape(_purpose_names(row.active_purposes)))
                )
        flagged = [r for r in row.affected_referrals if r.affected]
        if flagged:
            # Each referral says why: it carries withdrawn data, or it serves a withdrawn purpose.
            lines.append(self.tr("%n Überleitung(en) werden nicht mehr gedruckt:", "", len(flagged)))
            item = self.tr("Überleitung %1 vom %2")
            because_data = self.tr("enthält widerrufene Daten")
            because_purpose = self.tr("dient einem widerrufenen Zweck")
            lines.append(
                "<ul>"
                + "".join(
                    "<li>"
                    + item.replace("%1", str(r.id)).replace("%2", format_date(r.created_on))
                    + " – "
                    + (because_data if r.withdrawn else because_purpose)
                    + "</li>"
                    for r in flagged
                )
                + "</ul>"
            )
        lines.append(
            self.tr(
                "Informieren Sie %1 über den Widerruf: Die Mitteilung nennt das Datum und die "
                "Daten, die nicht mehr verwendet werden dürfen."
            ).replace("%1", html.escape(self.consent_row.recipient_name))
        )
        self.done_label.setText("<br>".join(lines))
        self.entry.setVisible(False)
        self.done_label.setVisible(True)
        self.confirm_button.setVisible(False)
        self.cancel_button.setVisible(False)
        self.notice_button.setVisible(True)
        self.close_button.setVisible(True)
        self.notice_button.setFocus()

    def save_notice(self) -> None:
        self.error_label.clear_error()
        self.db.call(
            consent.notice_filename,
            consent_id=self.consent_row.id,
            on_success=guarded(self, self._save_notice_to),
            on_error=guarded(self, self._failed),
        )

    def _save_notice_to(self, name: str) -> None:
        path = self.save_path_provider(name)
        if not path:
            return
        self.notice_button.setEnabled(False)
        self.db.call(
            _notice_and_save,
            path,
            self.consent_row.id,
            on_success=guarded(self, self._notice_saved),
            on_error=guarded(self, self._notice_failed),
        )

    def _notice_saved(self, path: str) -> None:
        self.notice_button.setEnabled(True)
        self.notice_path = path
        self.done_label.setText(
            self.done_label.text()
            + "<br><b>"
            + html.escape(self.tr("Mitteilung gespeichert: %1").replace("%1", str(path)))
            + "</b>"
        )

    def _notice_failed(self, exc: BaseException) -> None:
        self.notice_button.setEnabled(True)
        self.error_label.show_error(field_error_text(exc))

    def _ask_save_path(self, suggested: str) -> str | None:
        return file_dialogs.save_file(
            self,
            self.tr("Mitteilung speichern"),
            suggested,
            self.tr("PDF-Dateien (*.pdf)"),
            db=getattr(self, "db", None),
        )

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, VersionConflict):
            # Withdrawn meanwhile at another desk: what this dialog offers may no longer exist.
            self.error_label.show_error(
                self.tr(
                    "Diese Einwilligung wurde inzwischen an einem anderen Arbeitsplatz geändert. Nichts wurde "
                    "gespeichert. Die Liste zeigt jetzt den neuen Stand – bitte schließen Sie dieses Fenster und "
                    "prüfen Sie, ob der Widerruf noch nötig ist."
                )
            )
            self.stale.emit()
            return
        self.confirm_button.setEnabled(True)
        text = field_error_text(exc)
        key = field_widget_key(exc.field) if isinstance(exc, InvalidInput) else None
        (self._errors.get(key, self.error_label) if key else self.error_label).show_error(text)

    def reject(self) -> None:
        self._finish(QDialog.DialogCode.Rejected)

    def _finish(self, code: QDialog.DialogCode) -> None:
        if self._closed_for_good:
            return
        self._closed_for_good = True
        self.done(code)
        self.deleteLater()


# --- the tab ---------------------------------------------------------------------------------


class ConsentTab(QWidget):
    """A client's consents: status, what each covers, record and withdraw."""

    changed = Signal()  # after a consent was recorded or withdrawn

    COLUMNS = ("Status", "Empfänger", "Daten", "Zweck", "Erteilt am", "Gültig bis", "Sprache")

    def __init__(
        self,
        db,
        client_id: int,
        parent: QWidget | None = None,
        *,
        preferred_language: str | None = None,
        interpreter_needed: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("consent_tab")
        self.db = db
        self.client_id = client_id
        self.preferred_language = preferred_language
        self.interpreter_needed = interpreter_needed
        self._closed_for_good = False
        self._rows: list = []
        self.dialog: ConsentDialog | None = None
        self.revoke_dialog: RevokeDialog | None = None
        # test hooks and the record can set these before opening the dialog
        self.printer_factory: Callable[[], QPrinter] | None = None
        self.print_dialog_factory: Callable[[QPrinter, QWidget], QDialog] | None = None
        self.save_path_provider: Callable[[str], str | None] | None = None

        self.summary_label = QLabel()
        self.summary_label.setObjectName("consent_summary_label")
        self.table = QTableWidget(0, len(self.COLUMNS))
        self.table.setObjectName("consents_table")
        self.table.setHorizontalHeaderLabels([self.tr(c) for c in self.COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().setVisible(False)
        # The data column is the one a counsellor reads: it takes the free width and wraps;
        # the purpose gets a fixed share (full text in the tooltip and the detail below).
        self.table.setWordWrap(True)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(3, 180)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.detail_label = QLabel()
        self.detail_label.setObjectName("consent_detail_label")
        self.detail_label.setWordWrap(True)
        self.detail_label.setTextFormat(Qt.TextFormat.RichText)
        self.detail_label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail_label.setMinimumHeight(90)
        self.add_button = QPushButton(self.tr("Einwilligung erfassen …"))
        self.add_button.setObjectName("add_consent_button")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_consent)
        self.revoke_button = QPushButton(self.tr("Widerrufen …"))
        self.revoke_button.setObjectName("revoke_consent_button")
        self.revoke_button.setAutoDefault(False)
        self.revoke_button.clicked.connect(self.revoke_selected)
        self.notice_button = QPushButton(self.tr("Mitteilung über Widerruf …"))
        self.notice_button.setObjectName("consent_notice_button")
        self.notice_button.setAutoDefault(False)
        self.notice_button.setToolTip(
            self.tr("Brief an die Stelle: ab wann welche Daten nicht mehr verwendet werden dürfen")
        )
        self.notice_button.clicked.connect(self.save_notice_for_selected)
        self.error_label = ErrorLabel("consent_tab")
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary_label, 1)
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.revoke_button)
        buttons.addWidget(self.notice_button)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.error_label)
        lay.addWidget(self.table, 2)
        lay.addWidget(self.detail_label, 1)
        lay.addLayout(buttons)
        self._selection_changed()
        self.reload()

    # --- list ----------------------------------------------------------------------------------

    def reload(self) -> None:
        self.db.call(
            consent.list_for_client,
            client_id=self.client_id,
            on_success=guarded(self, self._show),
            on_error=guarded(self, self._failed),
        )

    def rows(self) -> list:
        return list(self._rows)

    def status_text(self, row) -> str:
        text = {"active": self.tr("aktiv"), "expired": self.tr("abgelaufen"), "withdrawn": self.tr("widerrufen")}[
            row.status
        ]
        if row.expires_soon:
            text += " · " + self.tr("läuft bald ab")
        return text

    def _show(self, rows: list) -> None:
        lang = ui_lang()
        self.error_label.clear_error()
        self._rows = rows
        self.table.setRowCount(len(rows))
        for r, c in enumerate(rows):
            shown = c.active_categories if c.status != "withdrawn" and c.withdrawn_categories else c.categories
            cats = ", ".join(catalogues.enum_label("data_category", k, lang) for k in shown)
            if c.status != "withdrawn" and c.withdrawn_categories:
                cats += " · " + self.tr("widerrufen: %1").replace(
                    "%1", ", ".join(catalogues.enum_label("data_category", k, lang) for k in c.withdrawn_categories)
                )
            language = (
                catalogues.language_name(c.language, lang) if c.language in catalogues.language_codes() else c.language
            )
            purpose = c.purpose
            if c.status != "withdrawn" and c.withdrawn_purposes:
                purpose += " · " + self.tr("widerrufen: %1").replace("%1", _purpose_names(c.withdrawn_purposes))
            cells = (
                self.status_text(c),
                c.recipient_name,
                cats,
                purpose,
                format_date(c.given_on),
                format_date(c.valid_until),
                language,
            )
            badge = "expires_soon" if c.expires_soon else c.status
            for col, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, c.id)
                if col == 0:
                    item.setBackground(QBrush(QColor(BADGE_COLORS[badge])))
                    item.setData(Qt.ItemDataRole.UserRole + 1, badge)
                if col in (2, 3):
                    item.setToolTip(text)
                self.table.setItem(r, col, item)
        active = sum(1 for c in rows if c.status == "active")
        soon = sum(1 for c in rows if c.expires_soon)
        if not rows:
            summary = self.tr("Keine Einwilligungen erfasst. Ohne Einwilligung werden keine Daten weitergegeben.")
        else:
            summary = self.tr("%n Einwilligung(en)", "", len(rows)) + ", " + self.tr("davon %n aktiv", "", active)
            if soon:
                summary += " · " + self.tr("%n läuft bald ab", "", soon)
        self.summary_label.setText(summary)
        if rows:
            self.table.selectRow(0)
        self._selection_changed()

    def _failed(self, exc: BaseException) -> None:
        self.error_label.show_error(field_error_text(exc))

    def selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows and rows[0].row() < len(self._rows) else None

    def _selection_changed(self) -> None:
        c = self.selected()
        self.revoke_button.setEnabled(c is not None and c.withdrawn_on is None)
        self.notice_button.setEnabled(c is not None and bool(c.withdrawals))
        self.detail_label.setText(self._detail(c) if c is not None else "")

    def _detail(self, c) -> str:
        lang = ui_lang()
        esc = html.escape
        items = "".join(
            f"<li><b>{esc(catalogues.enum_label('data_category', k, lang))}</b>: "
            f"{esc(catalogues.enum_explain('data_category', k, lang) or '')}{_fields_line(k, lang)}</li>"
            for k in (c.active_categories if c.status != "withdrawn" else c.categories)
        )
        direction = self.tr("nur an die Stelle") if c.direction == "one_way" else self.tr("in beide Richtungen")
        lines = [
            f"<b>{esc(c.recipient_name)}</b> – {esc(self.status_text(c))}",
            self.tr("Zweck: %1").replace("%1", esc(c.purpose)),
            self.tr("Erteilt am %1, gültig bis %2, Richtung: %3")
            .replace("%1", format_date(c.given_on))
            .replace("%2", format_date(c.valid_until))
            .replace("%3", direction),
        ]
        for w in c.withdrawals:
            what = [catalogues.enum_label("data_category", k, lang) for k in w.categories]
            if w.purposes:
                what.append(self.tr("Zweck: %1").replace("%1", _purpose_names(w.purposes)))
            lines.append(
                self.tr("Widerrufen ab %1: %2")
                .replace("%1", format_date(w.withdrawn_on))
                .replace("%2", esc(", ".join(what)))
            )
        if c.guardian_name:
            lines.append(self.tr("Sorgeberechtigte Person: %1").replace("%1", esc(c.guardian_name)))
        lines.append(
            self.tr("Formular %1 v%2, Text-SHA-256 %3")
            .replace("%1", esc(c.template_id))
            .replace("%2", esc(c.template_version))
            .replace("%3", c.text_sha256[:16])
        )
        return "<br>".join(lines) + f"<ul style='margin:2px'>{items}</ul>"

    # --- actions -------------------------------------------------------------------------------

    def add_consent(self) -> ConsentDialog:
        if self.dialog is not None:
            self.dialog.raise_()
            return self.dialog
        dialog = ConsentDialog(
            self.db,
            client_id=self.client_id,
            preferred_language=self.preferred_language,
            interpreter_needed=self.interpreter_needed,
            parent=self,
            printer_factory=self.printer_factory,
            print_dialog_factory=self.print_dialog_factory,
            save_path_provider=self.save_path_provider,
        )
        dialog.granted.connect(lambda _c: self._changed())
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

    def revoke_selected(self) -> RevokeDialog | None:
        c = self.selected()
        if c is None or c.withdrawn_on is not None:
            return None
        dialog = RevokeDialog(self.db, consent_row=c, parent=self, save_path_provider=self.save_path_provider)
        dialog.revoked.connect(lambda _c: self._changed())
        dialog.stale.connect(self.reload)
        dialog.finished.connect(lambda _r: setattr(self, "revoke_dialog", None))
        self.revoke_dialog = dialog
        dialog.open()
        return dialog

    def save_notice_for_selected(self) -> None:
        """The withdrawal notice of the selected consent (its latest withdrawal), saved as PDF."""
        c = self.selected()
        if c is None or not c.withdrawals:
            return
        self.error_label.clear_error()
        self.db.call(
            consent.notice_filename,
            consent_id=c.id,
            on_success=guarded(self, lambda name: self._save_notice(c.id, name)),
            on_error=guarded(self, self._failed),
        )

    def _save_notice(self, consent_id: int, name: str) -> None:
        provider = self.save_path_provider or (
            lambda n: file_dialogs.save_file(
                self, self.tr("Mitteilung speichern"), n, self.tr("PDF-Dateien (*.pdf)"), db=self.db
            )
        )
        path = provider(name)
        if not path:
            return
        self.db.call(
            _notice_and_save,
            path,
            consent_id,
            on_success=guarded(
                self, lambda p: self.summary_label.setText(self.tr("Mitteilung gespeichert: %1").replace("%1", str(p)))
            ),
            on_error=guarded(self, self._failed),
        )

    def _changed(self) -> None:
        self.reload()
        self.changed.emit()

    def close_children(self) -> None:
        for d in (self.dialog, self.revoke_dialog):
            if d is not None:
                d.reject()
        self.dialog = self.revoke_dialog = None
