"""Dialogs of the referral workflow.

- ``CreateReferralDialog`` ("Überleitung erstellen"): recipient, the data categories — only
  those the client's current consents let go to that recipient are enabled; the others are
  disabled with the reason (``consent.coverage`` per category, asked through the worker) —
  request, requested action, urgency and deadline, attachments, follow-up date.
- ``PreviewDialog``: the sheet with its three copies from memory (QtPdf if installed,
  otherwise its text), "Drucken…" through ``QPrintDialog`` (printer and dialog injectable),
  "Als PDF speichern…" with a file name from case number and date.
- ``StatusDialog`` ("Status ändern") and ``FeedbackDialog`` ("Rückmeldung erfassen").

All database work goes through the worker (``call_for``); the services check consent and
permission again — the dialogs only mirror them.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Callable
from typing import Any, cast

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues, category_fields, clock, purposes
from referral_desk.core.errors import PolicyRefused, VersionConflict
from referral_desk.core.fileio import atomic_write_bytes
from referral_desk.core.printable import NotPrintable
from referral_desk.core.services import consent as consent_service, organisation, referrals
from referral_desk.ui import file_dialogs, printing
from referral_desk.ui.pdf import HAS_QTPDF, QPdfDocument, QPdfView, load_pdf, print_pdf
from referral_desk.ui.widgets import (
    DateField,
    ErrorLabel,
    call_for,
    date_for_service,
    field_error_text,
    format_date,
    ui_lang,
    with_error,
)

ADDONS_HINT = "PySide6-Addons"


def _render_and_save(ctx, *, referral_id: int, path: str) -> str:
    """On the worker: render (recorded as printed) and write the file atomically."""
    pdf = referrals.render_sheet(ctx, referral_id=referral_id)
    atomic_write_bytes(path, pdf)
    return path


def _buttons(*buttons: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addStretch(1)
    for b in buttons:
        b.setAutoDefault(False)
        row.addWidget(b)
    return row


def _text_edit(name: str, height: int, placeholder: str = "") -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setObjectName(name)
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(height)
    edit.setMaximumHeight(int(height * 1.6))
    edit.setPlaceholderText(placeholder)
    return edit


class _FieldErrors:
    """Error labels by service field name; the rest goes to a general label."""

    def __init__(self, prefix: str, fields: tuple[str, ...]) -> None:
        self.labels = {f: ErrorLabel(f"{prefix}_{f}") for f in fields}
        self.general = ErrorLabel(f"{prefix}")

    def show(self, exc: BaseException, aliases: dict[str, str] | None = None) -> None:
        field: str | None = getattr(exc, "field", None)
        if field is not None:
            field = (aliases or {}).get(field, field)
        label = self.labels.get(field or "")
        (label or self.general).show_error(field_error_text(exc))

    def clear(self) -> None:
        self.general.clear_error()
        for label in self.labels.values():
            label.clear_error()


def reload_after_conflict(dialog: Any, exc: BaseException, show: Callable[[str], None]) -> bool:
    """A status change or feedback prepared from a stale read (``referral.version_conflict``):
    load the referral as stored now into ``dialog.referral`` and say what it is now. The
    person's input stays in the dialog; the next save goes against the stored version."""
    if not isinstance(exc, VersionConflict):
        return False

    def loaded(current: Any) -> None:
        dialog.referral = current
        show(
            QCoreApplication.translate(
                "ReferralDialogs",
                "Diese Überleitung wurde inzwischen an einem anderen Arbeitsplatz geändert (Status jetzt: %1). "
                "Ihre Eingaben sind noch da – bitte prüfen und erneut speichern.",
            ).replace("%1", referrals.status_label(current.status, ui_lang()))
        )

    call_for(
        dialog,
        dialog.db,
        referrals.get,
        referral_id=dialog.referral.id,
        on_success=loaded,
        on_error=lambda e: show(field_error_text(e)),
    )
    return True


# --- create -----------------------------------------------------------------------------------------


def _fields_suffix(category: str, lang: str) -> str:
    """ " · Name, Geburtsdatum, …": the record fields the category passes on, in the words of
    the consent text (forms/category_fields.toml); empty for a category without fields."""
    phrases = [m.phrases.get(lang) or m.phrases["de"] for m in category_fields.catalogue()[category].mentions]
    return (" · " + ", ".join(phrases)) if phrases else ""


class CreateReferralDialog(QDialog):
    """Fill in a referral; only categories a current consent covers can be ticked."""

    created = Signal(object)  # ReferralRead

    def __init__(self, db, *, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referral_create_dialog")
        self.setWindowTitle(self.tr("Überleitung erstellen"))
        self.db = db
        self.client_id = client_id
        self.coverage: dict[str, Any] = {}
        self.created_referral = None
        self._busy = False
        lang = ui_lang()
        self.errors = _FieldErrors(
            "referral",
            (
                "recipient",
                "categories",
                "request",
                "requested_action",
                "urgency",
                "deadline",
                "attachments",
                "follow_up_on",
                "created_on",
            ),
        )

        self.recipient_combo = QComboBox()
        self.recipient_combo.setObjectName("referral_recipient_combo")
        self.recipient_combo.currentIndexChanged.connect(self._recipient_changed)
        self.coverage_label = QLabel()
        self.coverage_label.setObjectName("referral_coverage_label")
        self.coverage_label.setWordWrap(True)
        self.record_consent_button = QPushButton(self.tr("Einwilligung erfassen …"))
        self.record_consent_button.setObjectName("referral_record_consent_button")
        self.record_consent_button.clicked.connect(self._record_consent)
        self.record_consent_button.hide()
        self.consented_recipients: list[str] = []  # keys with an active consent, for the preselection
        self.purpose_combo = QComboBox()
        self.purpose_combo.setObjectName("referral_purpose_combo")

        box = QGroupBox(self.tr("Welche Daten gehen an die Stelle? (nur mit Einwilligung)"))
        box.setObjectName("referral_categories_box")
        grid = QGridLayout(box)
        self.category_checks: dict[str, QCheckBox] = {}
        self.category_reasons: dict[str, QLabel] = {}
        for row, key in enumerate(referrals.CATEGORY_KEYS):
            check = QCheckBox(catalogues.enum_label("data_category", key, lang))
            check.setObjectName(f"referral_category_{key}_check")
            check.setEnabled(False)
            reason = QLabel()
            reason.setObjectName(f"referral_category_{key}_reason_label")
            reason.setWordWrap(True)
            reason.setStyleSheet("color: #666;")
            grid.addWidget(check, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(reason, row, 1)
            self.category_checks[key] = check
            self.category_reasons[key] = reason
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.errors.labels["categories"], len(referrals.CATEGORY_KEYS), 0, 1, 2)

        self.request_edit = _text_edit(
            "referral_request_edit", 70, self.tr("Worum geht es? Kurz und sachlich, nur was die Stelle wissen muss.")
        )
        self.action_edit = _text_edit("referral_action_edit", 46, self.tr("z. B. Termin bei der Arbeitsvermittlung"))
        self.urgency_combo = QComboBox()
        self.urgency_combo.setObjectName("referral_urgency_combo")
        for key in referrals.URGENCIES:
            self.urgency_combo.addItem(referrals.urgency_label(key, lang), key)
        self.deadline_edit = DateField("referral_deadline_edit", optional=True)
        self.attachments_edit = _text_edit("referral_attachments_edit", 46, self.tr("Eine Anlage pro Zeile"))
        self.follow_up_edit = DateField("referral_follow_up_edit", optional=True)
        self.follow_up_edit.set_date(clock.today() + dt.timedelta(days=referrals.DEFAULT_FOLLOW_UP_DAYS))

        e = self.errors.labels
        form = QFormLayout()
        form.addRow(self.tr("Empfänger *"), with_error(self.recipient_combo, e["recipient"]))
        form.addRow("", self.coverage_label)
        form.addRow("", _buttons(self.record_consent_button))
        form.addRow(self.tr("Zweck"), self.purpose_combo)
        form.addRow(box)
        form.addRow(self.tr("Anliegen *"), with_error(self.request_edit, e["request"]))
        form.addRow(self.tr("Erbetene Maßnahme"), with_error(self.action_edit, e["requested_action"]))
        form.addRow(self.tr("Dringlichkeit"), with_error(self.urgency_combo, e["urgency"]))
        form.addRow(self.tr("Frist"), with_error(self.deadline_edit, e["deadline"]))
        form.addRow(self.tr("Anlagen"), with_error(self.attachments_edit, e["attachments"]))
        form.addRow(self.tr("Wiedervorlage am"), with_error(self.follow_up_edit, e["follow_up_on"]))

        self.create_button = QPushButton(self.tr("Erstellen und Vorschau"))
        self.create_button.setObjectName("referral_create_button")
        self.create_button.setEnabled(False)
        self.create_button.clicked.connect(self.create_referral)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("referral_cancel_button")
        self.cancel_button.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.errors.general)
        lay.addLayout(form)
        lay.addLayout(_buttons(self.create_button, self.cancel_button))
        self.resize(720, 700)
        call_for(
            self,
            db,
            consent_service.list_for_client,
            client_id=client_id,
            on_success=self._consents,
            on_error=self._failed,
        )

    # --- loading

    def _consents(self, rows: list) -> None:
        """Remember the active consents (recipients, purposes), then load the recipients: the
        first one with a valid consent is preselected."""
        self.active_consents = [c for c in rows if c.status == "active"]
        self.consented_recipients = [c.recipient for c in self.active_consents]
        call_for(self, self.db, organisation.list_agencies, on_success=self._agencies, on_error=self._failed)

    def _record_consent(self) -> None:
        handler = setting_handler(self, "record:consent")
        if handler is not None:
            self.reject()
            handler("record:consent")

    # --- recipients -----------------------------------------------------------------------------

    def _agencies(self, agencies: list) -> None:
        self.recipient_combo.blockSignals(True)
        self.recipient_combo.clear()
        for a in agencies:
            self.recipient_combo.addItem(a.name, a.key)
        self.recipient_combo.blockSignals(False)
        if agencies:
            keys = [a.key for a in agencies]
            first = next((k for k in keys if k in self.consented_recipients), None)
            self.recipient_combo.setCurrentIndex(keys.index(first) if first else 0)
            self._recipient_changed()

    def select_recipient(self, key: str) -> None:
        index = self.recipient_combo.findData(key)
        if index >= 0:
            self.recipient_combo.setCurrentIndex(index)

    @property
    def recipient(self) -> str | None:
        return self.recipient_combo.currentData()

    def _recipient_changed(self, *_args: Any) -> None:
        key = self.recipient
        self.coverage = {}
        for check in self.category_checks.values():
            check.setEnabled(False)
        self.create_button.setEnabled(False)
        if not key:
            return
        self._fill_purposes(key)
        self.coverage_label.setText(self.tr("Einwilligungen werden geprüft …"))

        def covered(cov: dict, key: str = key) -> None:
            self._apply_coverage(key, cov)

        call_for(
            self,
            self.db,
            referrals.category_coverage,
            client_id=self.client_id,
            recipient=key,
            on_success=covered,
            on_error=self._failed,
        )

    def _apply_coverage(self, key: str, coverage: dict) -> None:
        if key != self.recipient:
            return  # an older answer for another recipient
        lang = ui_lang()
        self.coverage = coverage
        covered = [k for k, c in coverage.items() if c.covered]
        for k, check in self.category_checks.items():
            cov = coverage.get(k)
            ok = bool(cov and cov.covered)
            check.setEnabled(ok)
            if not ok:
                check.setChecked(False)
            explain = catalogues.enum_explain("data_category", k, lang) or ""
            if ok:
                assert cov is not None  # ok needs a coverage
                check.setToolTip(
                    explain
                    + "\n"
                    + self.tr("Freigegeben durch Einwilligung Nr. %1.").replace("%1", str(cov.consent_id))
                )
                self.category_reasons[k].setText(
                    self.tr("Einwilligung Nr. %1").replace("%1", str(cov.consent_id)) + _fields_suffix(k, lang)
                )
            else:
                reason = cov.message(lang) if cov else ""
                check.setToolTip(reason)
                self.category_reasons[k].setText(self._short_reason(cov))
                self.category_reasons[k].setToolTip(reason)
        if "identity" in covered and not any(c.isChecked() for c in self.category_checks.values()):
            self.category_checks["identity"].setChecked(True)  # a referral always names the person
        if covered:
            self.coverage_label.setText(
                self.tr(
                    "Freigegeben sind nur die Datenkategorien, in deren Weitergabe an "
                    "diese Stelle eine gültige Einwilligung vorliegt."
                )
            )
            self.coverage_label.setStyleSheet("")
        else:
            any_cov = next(iter(coverage.values()), None)
            text = any_cov.message(lang) if any_cov else ""
            self.coverage_label.setText(text + " " + self.tr("Bitte zuerst eine Einwilligung erfassen."))
            self.coverage_label.setStyleSheet("color: #b00020;")
        self.record_consent_button.setVisible(not covered and setting_handler(self, "record:consent") is not None)
        self.create_button.setEnabled(bool(covered) and not self._busy)

    def _fill_purposes(self, key: str) -> None:
        """The purposes the active consents for this recipient list (the referral names one)."""
        lang = ui_lang()
        self.purpose_combo.clear()
        seen: list[str] = []
        own_words: dict[str, str] = {}  # "other": the consent's own words ("Anderer Zweck: …")
        prefix = purposes.short_label(purposes.OTHER, "de")
        for c in getattr(self, "active_consents", []):
            if c.recipient == key:
                # withdrawn purposes are not offered (the service refuses them, exit 3)
                seen += [p for p in (c.active_purposes or c.purposes) if p not in seen]
                words = next((part for part in c.purpose.split("; ") if part.startswith(prefix)), None)
                if words and purposes.OTHER not in own_words:
                    own_words[purposes.OTHER] = words
        for p in seen:
            text = own_words.get(p) or purposes.short_label(p, lang if lang in ("de", "en") else "de")
            self.purpose_combo.addItem(text, p)
        self.purpose_combo.setEnabled(len(seen) > 1)

    def _short_reason(self, cov) -> str:
        if cov is None:
            return ""
        reason = cov.reason
        if reason == "no_consent":
            return self.tr("Keine Einwilligung für diese Stelle")
        if reason == "withdrawn":
            return self.tr("Einwilligung widerrufen am %1").replace("%1", cov.params.get("date", ""))
        if reason == "expired":
            return self.tr("Einwilligung abgelaufen am %1").replace("%1", cov.params.get("date", ""))
        if reason == "not_yet_valid":
            return self.tr("Einwilligung gilt erst ab %1").replace("%1", cov.params.get("date", ""))
        return self.tr("Nicht in der Einwilligung enthalten")

    def _failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.errors.show(exc)

    # --- create ----------------------------------------------------------------------------------

    def categories(self) -> list[str]:
        return [k for k, c in self.category_checks.items() if c.isEnabled() and c.isChecked()]

    def params(self) -> dict[str, Any]:
        lines = [line.strip() for line in self.attachments_edit.toPlainText().splitlines()]
        return {
            "client_id": self.client_id,
            "recipient": self.recipient,
            "categories": self.categories(),
            "request": self.request_edit.toPlainText(),
            "requested_action": self.action_edit.toPlainText() or None,
            "urgency": self.urgency_combo.currentData(),
            "deadline": date_for_service(self.deadline_edit.text()),
            "attachments": [line for line in lines if line],
            "follow_up_on": date_for_service(self.follow_up_edit.text()),
            "purpose": self.purpose_combo.currentData(),
        }

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.create_button.setEnabled(not busy and any(c.isEnabled() for c in self.category_checks.values()))

    def create_referral(self) -> None:  # not create(): that would hide QWidget.create
        if self._busy:
            return
        self.errors.clear()
        self._set_busy(True)
        call_for(self, self.db, referrals.create, **self.params(), on_success=self._created, on_error=self._failed)

    def _created(self, referral) -> None:
        self._set_busy(False)
        self.created_referral = referral
        self.created.emit(referral)
        self.accept()


# --- preview, print, save -----------------------------------------------------------------------------


class PreviewDialog(QDialog):
    """The sheet (all three copies) from memory; print or save it as PDF."""

    printed = Signal(int)  # pages
    saved = Signal(str)  # path
    marked_sent = Signal(object)  # ReferralRead, after "Als versandt markieren"

    def __init__(
        self,
        db,
        *,
        referral,
        parent: QWidget | None = None,
        printer_factory: Callable[[], QPrinter] | None = None,
        print_dialog_factory: Callable[[QPrinter, QWidget], Any] | None = None,
        save_path_provider: Callable[[str], str | None] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("referral_preview_dialog")
        self.setWindowTitle(self.tr("Überleitungsbogen – Vorschau"))
        self.db = db
        self.referral = referral
        self.document: QPdfDocument | None = None
        self.suggested_name = f"Ueberleitung-{referral.id}.pdf"
        self.printer_factory = printer_factory or printing.new_printer  # the printer remembered in the vault
        self.print_dialog_factory = print_dialog_factory or (lambda printer, parent: QPrintDialog(printer, parent))
        self.save_path_provider = save_path_provider or self._ask_save_path
        self._busy = False

        self.title_label = QLabel(
            self.tr("Überleitung Nr. %1 an %2 (Fallnummer %3) – drei Ausfertigungen: Empfängerstelle, Klient*in, Akte.")
            .replace("%1", str(referral.id))
            .replace("%2", referral.recipient_name)
            .replace("%3", referral.case_number)
        )
        self.title_label.setObjectName("referral_preview_title_label")
        self.title_label.setWordWrap(True)
        view: QPdfView | QTextBrowser
        if HAS_QTPDF:
            view = QPdfView(self)
            view.setObjectName("referral_preview_view")
            view.setPageMode(QPdfView.PageMode.MultiPage)
            view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        else:
            view = QTextBrowser(self)
            view.setObjectName("referral_preview_text")
        self.view = view
        self.hint_label = QLabel()
        self.hint_label.setObjectName("referral_preview_hint_label")
        self.hint_label.setWordWrap(True)
        if not HAS_QTPDF:
            self.hint_label.setText(
                self.tr(
                    "Seitenansicht und Drucken brauchen das Paket %1 (QtPdf). Hier steht der "
                    "Inhalt des Bogens; „Als PDF speichern“ geht auch ohne."
                ).replace("%1", ADDONS_HINT)
            )
        self.status_label = QLabel()
        self.status_label.setObjectName("referral_preview_status_label")
        self.error_label = ErrorLabel("referral_preview")
        self.print_button = QPushButton(self.tr("Drucken …"))
        self.print_button.setObjectName("referral_print_button")
        self.print_button.setEnabled(False)
        self.print_button.setToolTip(
            self.tr("Druckt alle drei Ausfertigungen, jede ab einer neuen Seite.")
            if HAS_QTPDF
            else self.hint_label.text()
        )
        self.print_button.clicked.connect(self.print_sheet)
        self.save_button = QPushButton(self.tr("Als PDF speichern …"))
        self.save_button.setObjectName("referral_save_button")
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_sheet)
        self.close_button = QPushButton(self.tr("Schließen"))
        self.close_button.setObjectName("referral_preview_close_button")
        self.close_button.clicked.connect(self.accept)
        # After the recipient's copy was printed or saved: offer to record that it went out.
        self.mark_sent_button = QPushButton(self.tr("Als versandt markieren"))
        self.mark_sent_button.setObjectName("referral_mark_sent_button")
        self.mark_sent_button.setToolTip(self.tr("Status „versandt“ mit heutigem Datum; die Wiedervorlage bleibt."))
        self.mark_sent_button.clicked.connect(self.mark_sent)
        self.mark_sent_button.hide()
        # When a sender or recipient detail is missing: go where it is filled in.
        self.fix_button = QPushButton()
        self.fix_button.setObjectName("referral_fix_button")
        self.fix_button.clicked.connect(self._open_fix)
        self.fix_button.hide()
        self.fix_target: str | None = None
        lay = QVBoxLayout(self)
        lay.addWidget(self.title_label)
        lay.addWidget(self.hint_label)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.error_label)
        lay.addLayout(_buttons(self.fix_button))
        lay.addWidget(self.status_label)
        lay.addLayout(_buttons(self.mark_sent_button, self.print_button, self.save_button, self.close_button))
        self.resize(820, 940)
        self.loaded = False
        call_for(
            self,
            db,
            referrals.preview_sheet,
            referral_id=referral.id,
            as_text=not HAS_QTPDF,
            on_success=self._show,
            on_error=self._failed,
        )
        call_for(
            self,
            db,
            referrals.suggested_filename,
            referral_id=referral.id,
            on_success=lambda name: setattr(self, "suggested_name", name),
        )

    def _show(self, content: bytes | str) -> None:
        if isinstance(content, bytes) and HAS_QTPDF:
            self.document = load_pdf(content, self)
            cast(QPdfView, self.view).setDocument(self.document)  # with QtPdf the view is a QPdfView
        else:
            cast(QTextBrowser, self.view).setHtml(_text_html(content if isinstance(content, str) else ""))
        self.loaded = True
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.print_button.setEnabled(self.loaded and HAS_QTPDF and not self._busy)
        self.save_button.setEnabled(self.loaded and not self._busy)

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        if not reload_after_conflict(self, exc, self.error_label.show_error):
            self.error_label.show_error(field_error_text(exc))
            self._offer_fix(exc)
        self._update_buttons()

    def _offer_fix(self, exc: BaseException) -> None:
        """A missing address or document spelling: a button to the place where it is entered
        (the administration for addresses, the record for the spelling)."""
        target = None
        if isinstance(exc, NotPrintable):
            target = exc.settings_page
        elif isinstance(exc, PolicyRefused) and exc.params.get("field") == "document_family_name":
            target = "record:document_family_name"
        self.fix_target = target
        if target is None:
            self.fix_button.hide()
            return
        if target.startswith("record:"):
            self.fix_button.setText(self.tr("Schreibweise in den Stammdaten ergänzen …"))
        elif target == "organisation":
            self.fix_button.setText(self.tr("Angaben der Organisation ergänzen …"))
        else:
            self.fix_button.setText(self.tr("Anschrift der Partnerstelle ergänzen …"))
        handler = setting_handler(self, target)
        self.fix_button.setVisible(handler is not None)
        if handler is None:  # e.g. a counsellor: only an administrator can change addresses
            self.error_label.show_error(field_error_text(exc) + " " + self.tr("Bitte die Administration darum bitten."))

    def _open_fix(self) -> None:
        target = self.fix_target or ""
        handler = setting_handler(self, target)
        if handler is not None:
            self.accept()
            handler(target)

    def _offer_mark_sent(self) -> None:
        self.mark_sent_button.setVisible(self.referral.status == "draft")

    def mark_sent(self) -> None:
        def done(referral) -> None:
            self.referral = referral
            self.mark_sent_button.hide()
            self.status_label.setText(self.tr("Als versandt markiert."))
            self.marked_sent.emit(referral)

        call_for(
            self,
            self.db,
            referrals.change_status,
            referral_id=self.referral.id,
            status="sent",
            expected_version=self.referral.version,
            on_success=done,
            on_error=self._failed,
        )

    def print_sheet(self) -> None:
        if not HAS_QTPDF or self._busy:
            return
        self.error_label.clear_error()
        printer = self.printer_factory()
        dialog = self.print_dialog_factory(printer, self)
        result = dialog.exec()
        if not (result == QDialog.DialogCode.Accepted or result == 1):
            return
        printing.remember(self.db, printer)
        self._busy = True
        self._update_buttons()
        call_for(
            self,
            self.db,
            referrals.render_sheet,
            referral_id=self.referral.id,
            on_success=lambda pdf: self._print(pdf, printer),
            on_error=self._failed,
        )

    def _print(self, pdf: bytes, printer: QPrinter) -> None:
        self._busy = False
        pages = print_pdf(pdf, printer)
        self.status_label.setText(self.tr("Gedruckt: drei Ausfertigungen (%1 Seiten).").replace("%1", str(pages)))
        self._update_buttons()
        self._offer_mark_sent()
        self.printed.emit(pages)

    def _ask_save_path(self, suggested: str) -> str | None:
        # Our own dialog (ui/file_dialogs.py): no path in QtProject.conf or recent-files lists.
        return file_dialogs.save_file(
            self, self.tr("Überleitungsbogen speichern"), suggested, self.tr("PDF-Dateien (*.pdf)"), db=self.db
        )

    def save_sheet(self) -> None:
        if self._busy:
            return
        self.error_label.clear_error()
        path = self.save_path_provider(self.suggested_name)
        if not path:
            return
        self._busy = True
        self._update_buttons()
        call_for(
            self,
            self.db,
            _render_and_save,
            referral_id=self.referral.id,
            path=path,
            on_success=self._saved,
            on_error=self._failed,
        )

    def _saved(self, path: str) -> None:
        self._busy = False
        self.status_label.setText(self.tr("Gespeichert: %1").replace("%1", path))
        self._update_buttons()
        self._offer_mark_sent()
        self.saved.emit(path)


def setting_handler(widget: QWidget, target: str) -> Callable[[str], None] | None:
    """The nearest ancestor that can open ``target`` ("organisation", "agency:KEY",
    "record:FIELD"): it has ``can_open_setting`` and ``open_setting`` (the client record, the
    workspace). None when nobody can (e.g. a counsellor cannot open the administration)."""
    w: QWidget | None = widget
    while w is not None:
        can = getattr(w, "can_open_setting", None)
        if can is not None and can(target):
            opener: Callable[[str], None] = getattr(w, "open_setting")  # noqa: B009 - any widget with can_open_setting
            return opener
        w = w.parentWidget()
    return None


def _text_html(text: str) -> str:
    out = []
    for line in text.splitlines():
        if not line.strip():
            out.append("<br>")
            continue
        stripped = line.lstrip()
        bold = line == stripped and stripped[:1].isdigit()
        body = html.escape(stripped)
        indent = (len(line) - len(stripped)) * 4
        out.append(f"<div style='margin-left:{indent}px'>{'<b>' + body + '</b>' if bold else body}</div>")
    return "".join(out)


# --- status and feedback ---------------------------------------------------------------------------------


class StatusDialog(QDialog):
    """Move a referral to one of its next statuses (date, note; a reason for a rejection)."""

    changed = Signal(object)  # ReferralRead

    def __init__(self, db, *, referral, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referral_status_dialog")
        self.setWindowTitle(self.tr("Status ändern"))
        self.db = db
        self.referral = referral
        lang = ui_lang()
        self.errors = _FieldErrors("referral_status", ("status", "changed_on", "reason", "note", "follow_up_on"))
        self.current_label = QLabel(self.tr("Jetzt: %1").replace("%1", referrals.status_label(referral.status, lang)))
        self.current_label.setObjectName("referral_status_current_label")
        self.status_combo = QComboBox()
        self.status_combo.setObjectName("referral_status_combo")
        for key in referral.next_statuses:
            self.status_combo.addItem(referrals.status_label(key, lang), key)
        self.status_combo.currentIndexChanged.connect(self._status_changed)
        self.date_edit = DateField("referral_status_date_edit", optional=False)
        self.date_edit.set_date(clock.today())
        self.reason_edit = QLineEdit()
        self.reason_edit.setObjectName("referral_status_reason_edit")
        self.reason_edit.setMaxLength(500)
        self.reason_label = QLabel(self.tr("Grund der Ablehnung *"))
        self.note_edit = _text_edit("referral_status_note_edit", 60, self.tr("z. B. per Post versandt"))
        self.follow_up_edit = DateField("referral_status_follow_up_edit", optional=True)
        self.follow_up_edit.set_date(referral.follow_up_on)
        self.follow_up_label = QLabel(self.tr("Wiedervorlage am"))
        e = self.errors.labels
        form = QFormLayout()
        form.addRow("", self.current_label)
        form.addRow(self.tr("Neuer Status *"), with_error(self.status_combo, e["status"]))
        form.addRow(self.tr("Datum *"), with_error(self.date_edit, e["changed_on"]))
        form.addRow(self.reason_label, with_error(self.reason_edit, e["reason"]))
        form.addRow(self.tr("Notiz"), with_error(self.note_edit, e["note"]))
        form.addRow(self.follow_up_label, with_error(self.follow_up_edit, e["follow_up_on"]))
        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.setObjectName("referral_status_save_button")
        self.save_button.setEnabled(bool(referral.next_statuses))
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("referral_status_cancel_button")
        self.cancel_button.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.errors.general)
        lay.addLayout(form)
        lay.addLayout(_buttons(self.save_button, self.cancel_button))
        self._status_changed()
        self.resize(520, 380)

    def select_status(self, key: str) -> None:
        index = self.status_combo.findData(key)
        if index >= 0:
            self.status_combo.setCurrentIndex(index)

    def _status_changed(self, *_args: Any) -> None:
        key = self.status_combo.currentData()
        rejected = key == "rejected"
        self.reason_edit.setVisible(rejected)
        self.reason_label.setVisible(rejected)
        still_open = key in referrals.OPEN_STATUSES
        self.follow_up_edit.setVisible(still_open)
        self.follow_up_label.setVisible(still_open)

    def save(self) -> None:
        self.errors.clear()
        key = self.status_combo.currentData()
        follow_up = date_for_service(self.follow_up_edit.text()) if key in referrals.OPEN_STATUSES else None
        if follow_up == (self.referral.follow_up_on.isoformat() if self.referral.follow_up_on else None):
            follow_up = None
        self.save_button.setEnabled(False)
        call_for(
            self,
            self.db,
            referrals.change_status,
            referral_id=self.referral.id,
            status=key,
            on=date_for_service(self.date_edit.text()),
            note=self.note_edit.toPlainText() or None,
            reason=self.reason_edit.text() or None if key == "rejected" else None,
            follow_up_on=follow_up,
            expected_version=self.referral.version,
            on_success=self._saved,
            on_error=self._failed,
        )

    def _saved(self, referral) -> None:
        self.changed.emit(referral)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not reload_after_conflict(self, exc, self.errors.general.show_error):
            self.errors.show(exc)


class FeedbackDialog(QDialog):
    """Record what the recipient sent back (reply date, from whom, outcome, next steps)."""

    saved = Signal(object)  # ReferralRead

    def __init__(self, db, *, referral, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referral_feedback_dialog")
        self.setWindowTitle(self.tr("Rückmeldung erfassen"))
        self.db = db
        self.referral = referral
        self.errors = _FieldErrors("referral_feedback", ("received_on", "feedback_from", "outcome", "next_steps"))
        self.received_edit = DateField("referral_feedback_received_edit", optional=False)
        self.received_edit.set_date(referral.feedback_received_on or clock.today())
        self.from_edit = QLineEdit(referral.feedback_from or "")
        self.from_edit.setObjectName("referral_feedback_from_edit")
        self.from_edit.setMaxLength(200)
        self.from_edit.setPlaceholderText(self.tr("Name, Stelle, Telefon"))
        self.outcome_edit = _text_edit("referral_feedback_outcome_edit", 70)
        self.outcome_edit.setPlainText(referral.feedback_outcome or "")
        self.next_steps_edit = _text_edit("referral_feedback_next_steps_edit", 60)
        self.next_steps_edit.setPlainText(referral.feedback_next_steps or "")
        e = self.errors.labels
        form = QFormLayout()
        form.addRow(self.tr("Rückmeldung vom *"), with_error(self.received_edit, e["received_on"]))
        form.addRow(self.tr("Von *"), with_error(self.from_edit, e["feedback_from"]))
        form.addRow(self.tr("Ergebnis *"), with_error(self.outcome_edit, e["outcome"]))
        form.addRow(self.tr("Nächste Schritte"), with_error(self.next_steps_edit, e["next_steps"]))
        self.save_button = QPushButton(self.tr("Speichern"))
        self.save_button.setObjectName("referral_feedback_save_button")
        self.save_button.clicked.connect(self.save)
        self.cancel_button = QPushButton(self.tr("Abbrechen"))
        self.cancel_button.setObjectName("referral_feedback_cancel_button")
        self.cancel_button.clicked.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.errors.general)
        lay.addLayout(form)
        lay.addLayout(_buttons(self.save_button, self.cancel_button))
        self.resize(560, 420)

    def save(self) -> None:
        self.errors.clear()
        self.save_button.setEnabled(False)
        call_for(
            self,
            self.db,
            referrals.record_feedback,
            referral_id=self.referral.id,
            received_on=date_for_service(self.received_edit.text()),
            from_=self.from_edit.text(),
            outcome=self.outcome_edit.toPlainText(),
            next_steps=self.next_steps_edit.toPlainText() or None,
            expected_version=self.referral.version,
            on_success=self._saved,
            on_error=self._failed,
        )

    def _saved(self, referral) -> None:
        self.saved.emit(referral)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not reload_after_conflict(self, exc, self.errors.general.show_error):
            self.errors.show(exc)


def _t(text: str) -> str:
    return QCoreApplication.translate("ReferralDetails", text)


def details_html(r) -> str:
    """The selected referral for the details pane: categories, request, history, feedback."""
    lang = ui_lang()
    esc = html.escape
    cats = ", ".join(catalogues.enum_label("data_category", k, lang) for k in r.categories)
    parts = [
        f"<b>{esc(r.recipient_name)}</b> – {esc(referrals.status_label(r.status, lang))}",
        f"<br>{esc(_t('Datenkategorien'))}: {esc(cats)}",
        f"<br>{esc(_t('Anliegen'))}: {esc(r.request)}",
    ]
    if r.requested_action:
        parts.append(f"<br>{esc(_t('Erbetene Maßnahme'))}: {esc(r.requested_action)}")
    if r.attachments:
        parts.append(f"<br>{esc(_t('Anlagen'))}: {esc(', '.join(r.attachments))}")
    if r.rejection_reason:
        parts.append(f"<br>{esc(_t('Grund der Ablehnung'))}: {esc(r.rejection_reason)}")
    if r.feedback_received_on:
        parts.append(
            f"<br><b>{esc(_t('Rückmeldung'))}</b> {esc(format_date(r.feedback_received_on))}, "
            f"{esc(r.feedback_from or '')}: {esc(r.feedback_outcome or '')}"
        )
        if r.feedback_next_steps:
            parts.append(f"<br>{esc(_t('Nächste Schritte'))}: {esc(r.feedback_next_steps)}")
    if r.events:
        parts.append(f"<br><b>{esc(_t('Verlauf'))}</b><ul style='margin-top:0'>")
        for e in r.events:
            step = referrals.status_label(e.to_status, lang)
            note = f" – {esc(e.note)}" if e.note else ""
            parts.append(f"<li>{esc(format_date(e.on_date))}: {esc(step)} ({esc(e.user or '')}){note}</li>")
        parts.append("</ul>")
    return "".join(parts)
