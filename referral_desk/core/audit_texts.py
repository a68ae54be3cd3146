"""The audit log in plain German and English (issue 16: people read it, not developers).

Action codes stay what they are in the database (``client.update``); this module turns them,
their entity and their field names into sentences for the log page and the PDF for the
data-protection officer. Codes added later that are missing here still read sensibly: the
entity's name plus "Vorgang" and the code in brackets.
"""

from __future__ import annotations

from referral_desk.core.messages import FIELD_LABELS
from referral_desk.core.texts import N_, Text, pick

ACTIONS: dict[str, Text] = {
    # sessions (events written by the sign-in/lock code)
    "session.sign_in": N_("audit.session.sign_in", "Angemeldet"),
    "session.sign_in_failed": N_("audit.session.sign_in_failed", "Anmeldung fehlgeschlagen"),
    "session.lock": N_("audit.session.lock", "Gesperrt"),
    "session.unlock": N_("audit.session.unlock", "Entsperrt"),
    "session.sign_out": N_("audit.session.sign_out", "Abgemeldet"),
    # vault
    "vault.create": N_("audit.vault.create", "Datentresor angelegt"),
    "vault.backup": N_("audit.vault.backup", "Sicherung erstellt"),
    "vault.backup_automatic": N_("audit.vault.backup_automatic", "Automatische Sicherung gestartet"),
    "vault.rekey": N_("audit.vault.rekey", "Datenbank neu verschlüsselt"),
    "vault.rekey_deferred": N_("audit.vault.rekey_deferred", "Neuverschlüsselung auf später verschoben"),
    "vault.restore": N_("audit.vault.restore", "Aus Sicherung wiederhergestellt"),
    "vault.restored": N_("audit.vault.restored", "Aus Sicherung wiederhergestellt (im wiederhergestellten Tresor)"),
    "vault.push": N_("audit.vault.push", "Datentresor in die Teamdatenbank übernommen"),
    "vault.anchor_first_use": N_("audit.vault.anchor_first_use", "Prüfanker zum ersten Mal gesetzt"),
    "vault.anchor_acknowledged": N_("audit.vault.anchor_acknowledged", "Hinweis zum Prüfanker bestätigt"),
    "backup.result": N_("audit.backup.result", "Ergebnis einer Sicherung vermerkt"),
    "backup.warning_seen": N_("audit.backup.warning_seen", "Warnung zur fehlgeschlagenen Sicherung gelesen"),
    # users
    "user.create": N_("audit.user.create", "Benutzerkonto angelegt"),
    "user.deactivate": N_("audit.user.deactivate", "Benutzerkonto deaktiviert (Teamdatenbank)"),
    "user.password_change": N_("audit.user.password_change", "Eigenes Passwort geändert"),
    "user.preferences_update": N_("audit.user.preferences_update", "Eigene Einstellungen gespeichert"),
    "user.update": N_("audit.user.update", "Benutzerkonto geändert"),
    "user.password_reset": N_("audit.user.password_reset", "Passwort zurückgesetzt (Administration)"),
    "user.password_recovery": N_("audit.user.password_recovery", "Passwort mit Wiederherstellungsschlüssel ersetzt"),
    "user.password_initial_replaced": N_(
        "audit.user.password_initial_replaced", "Anfangspasswort durch eigenes ersetzt"
    ),
    "user.ui_language": N_("audit.user.ui_language", "Sprache der Oberfläche gewählt"),
    "user.offboard": N_("audit.user.offboard", "Mitarbeiter*in ausgeschieden"),
    # organisation and agencies
    "organisation.update": N_("audit.organisation.update", "Einstellungen der Organisation geändert"),
    "agency.create": N_("audit.agency.create", "Partnerstelle angelegt"),
    "agency.update": N_("audit.agency.update", "Partnerstelle geändert"),
    "forms.approve": N_("audit.forms.approve", "Übersetzte Formularvorlage freigegeben"),
    # clients
    "client.create": N_("audit.client.create", "Klientenakte angelegt"),
    "client.update": N_("audit.client.update", "Klientenakte geändert"),
    "client.view": N_("audit.client.view", "Klientenakte angesehen"),
    "client.close": N_("audit.client.close", "Fall abgeschlossen"),
    "client.reopen": N_("audit.client.reopen", "Fall wieder geöffnet"),
    "client.erase": N_("audit.client.erase", "Klientenakte gelöscht"),
    "client.export": N_("audit.client.export", "Auskunft erteilt (Export der Akte)"),
    "client.legal_hold": N_("audit.client.legal_hold", "Löschsperre gesetzt"),
    "client.import": N_("audit.client.import", "Klient*innen importiert"),
    "client.history": N_("audit.client.history", "Verlauf der Angaben angesehen"),
    "client.share": N_("audit.client.share", "Akte zur Vertretung freigegeben"),
    "client.share_end": N_("audit.client.share_end", "Freigabe zur Vertretung beendet"),
    "group.create": N_("audit.group.create", "Gruppenangebot erfasst"),
    "plan.goal_create": N_("audit.plan.goal_create", "Ziel im Förderplan angelegt"),
    "plan.step_create": N_("audit.plan.step_create", "Schritt im Förderplan angelegt"),
    "plan.review_create": N_("audit.plan.review_create", "Überprüfung im Förderplan eingetragen"),
    "signpost.create": N_("audit.signpost.create", "Verweisberatung erfasst"),
    "plan.printed": N_("audit.plan.printed", "Förderplan gedruckt"),
    "plan.step_done": N_("audit.plan.step_done", "Schritt im Förderplan erledigt"),
    "plan.view": N_("audit.plan.view", "Förderplan angesehen"),
    "contact.create": N_("audit.contact.create", "Beratungskontakt eingetragen"),
    "contact.update": N_("audit.contact.update", "Beratungskontakt geändert"),
    "draft.save": N_("audit.draft.save", "Entwurf gesichert (beim Sperren)"),
    "draft.delete": N_("audit.draft.delete", "Entwurf verworfen"),
    # consents and referrals
    "consent.grant": N_("audit.consent.grant", "Einwilligung eingetragen"),
    "consent.revoke": N_("audit.consent.revoke", "Einwilligung widerrufen"),
    "consent.view": N_("audit.consent.view", "Einwilligung angesehen"),
    "consent.form_previewed": N_("audit.consent.form_previewed", "Einwilligungserklärung angesehen"),
    "consent.form_printed": N_("audit.consent.form_printed", "Einwilligungserklärung gedruckt"),
    "consent.notice": N_("audit.consent.notice", "Widerrufsmitteilung erstellt"),
    "consent.notice_printed": N_("audit.consent.notice_printed", "Widerrufsmitteilung gedruckt"),
    "supervisory_authority.update": N_("audit.supervisory_authority.update", "Aufsichtsbehörde geändert"),
    "referral.create": N_("audit.referral.create", "Überleitung angelegt"),
    "referral.status": N_("audit.referral.status", "Stand der Überleitung geändert"),
    "referral.feedback": N_("audit.referral.feedback", "Rückmeldung zur Überleitung eingetragen"),
    "referral.view": N_("audit.referral.view", "Überleitung angesehen"),
    "referral.previewed": N_("audit.referral.previewed", "Überleitungsbogen angesehen"),
    "referral.printed": N_("audit.referral.printed", "Überleitungsbogen gedruckt"),
    "stats.export": N_("audit.stats.export", "Statistik exportiert"),
    "stats.publish": N_("audit.stats.publish", "Statistik in der Teamdatenbank veröffentlicht"),
    "stats.read_published": N_("audit.stats.read_published", "Veröffentlichte Statistik abgerufen"),
    # demo and program
    "demo.generate": N_("audit.demo.generate", "Beispieldaten erzeugt"),
    "demo.casework": N_("audit.demo.casework", "Beispiel-Fallarbeit angelegt"),
    "demo.client_create": N_("audit.demo.client_create", "Beispiel-Klient*in angelegt"),
    "demo.consent_create": N_("audit.demo.consent_create", "Beispiel-Einwilligung angelegt"),
    "demo.referral_create": N_("audit.demo.referral_create", "Beispiel-Überleitung angelegt"),
    "desk.setting": N_("audit.desk.setting", "Programmeinstellung gespeichert"),
    "app.error": N_("audit.app.error", "Programmfehler vermerkt"),
    "audit.export": N_("audit.audit.export", "Protokoll exportiert"),
}

ENTITIES: dict[str, Text] = {
    "client": N_("entity.client", "Akte"),
    "contact": N_("entity.contact", "Kontakt"),
    "consent": N_("entity.consent", "Einwilligung"),
    "referral": N_("entity.referral", "Überleitung"),
    "user": N_("entity.user", "Benutzerkonto"),
    "organisation": N_("entity.organisation", "Organisation"),
    "agency": N_("entity.agency", "Partnerstelle"),
    "draft": N_("entity.draft", "Entwurf"),
    "backup_run": N_("entity.backup_run", "Sicherung"),
    "app_error": N_("entity.app_error", "Fehlereintrag"),
    "group_session": N_("entity.group_session", "Gruppenangebot"),
    "signposting": N_("entity.signposting", "Verweisberatung"),
    "support_goal": N_("entity.support_goal", "Ziel im Förderplan"),
    "support_step": N_("entity.support_step", "Schritt im Förderplan"),
    "support_review": N_("entity.support_review", "Überprüfung im Förderplan"),
    "template_approval": N_("entity.template_approval", "Formularfreigabe"),
    "supervisory_authority": N_("entity.supervisory_authority", "Aufsichtsbehörde"),
    "import": N_("entity.import", "Import"),
    "statistics": N_("entity.statistics", "Statistik"),
    "vault": N_("entity.vault", "Datentresor"),
}

# Categories for the filter: (action prefix, label)
CATEGORIES: tuple[tuple[str, Text], ...] = (
    ("session.", N_("audit.category.session.", "Anmeldung und Sperren")),
    ("client.", N_("audit.category.client.", "Klientenakten")),
    ("contact.", N_("audit.category.contact.", "Beratungskontakte")),
    ("consent.", N_("audit.category.consent.", "Einwilligungen")),
    ("referral.", N_("audit.category.referral.", "Überleitungen")),
    ("user.", N_("audit.category.user.", "Benutzerkonten")),
    ("vault.", N_("audit.category.vault.", "Datentresor und Sicherung")),
    ("organisation.", N_("audit.category.organisation.", "Einstellungen")),
    ("stats.", N_("audit.category.stats.", "Statistik")),
    ("demo.", N_("audit.category.demo.", "Beispieldaten")),
)

# Field names that are not client fields (FIELD_LABELS covers those).
_EXTRA_FIELDS: dict[str, Text] = {
    "tab": N_("audit.field.tab", "Reiter"),
    "tabs": N_("audit.field.tabs", "Reiter"),
    "values": N_("audit.field.values", "Eingaben"),
    "client_id": N_("audit.field.client_id", "Akte"),
    "database": N_("audit.field.database", "Datenbank"),
    "keyring": N_("audit.field.keyring", "Schlüsselbund"),
    "manifest": N_("audit.field.manifest", "Prüfliste"),
    "data_key": N_("audit.field.data_key", "Datenschlüssel"),
    "must_change_password": N_("audit.field.must_change_password", "Anfangspasswort"),
    "ui_language": N_("audit.field.ui_language", "Sprache"),
    "role": N_("audit.field.role", "Rolle"),
    "active": N_("audit.field.active", "aktiv"),
    "also_lead": N_("audit.field.also_lead", "Teamleitung"),
    "display_name": N_("audit.field.display_name", "Anzeigename"),
    "name": N_("audit.field.name", "Name"),
    "ok": N_("audit.field.ok", "Ergebnis"),
    "error_code": N_("audit.field.error_code", "Fehlerart"),
    "acknowledged": N_("audit.field.acknowledged", "gelesen"),
    "kind": N_("audit.field.kind", "Art"),
    "location": N_("audit.field.location", "Programmstelle"),
    "clients": N_("audit.field.clients", "Klient*innen"),
    "contacts": N_("audit.field.contacts", "Kontakte"),
    "status": N_("audit.field.status", "Stand"),
    "print.printer": N_("audit.field.print.printer", "Drucker"),
    "legal_regime": N_("audit.field.legal_regime", "Datenschutzrecht"),
    "kind_of_export": N_("audit.field.kind_of_export", "Format"),
    "case_status": N_("audit.field.case_status", "Fallstatus"),
    "closed_on": N_("audit.field.closed_on", "Abgeschlossen am"),
    "opened_on": N_("audit.field.opened_on", "Eröffnet am"),
    "legal_hold": N_("audit.field.legal_hold", "Löschsperre"),
    "password": N_("audit.field.password", "Passwort"),
    "backup_dir": N_("audit.field.backup_dir", "Sicherungsordner"),
    "backup_keep": N_("audit.field.backup_keep", "Aufbewahrte Sicherungen"),
    "erase_mode": N_("audit.field.erase_mode", "Löschart"),
    "retention_years": N_("audit.field.retention_years", "Aufbewahrungsfrist"),
    "logo_png": N_("audit.field.logo_png", "Logo"),
}


def _pick(pair: Text | tuple[str, str], lang: str) -> str:
    return pick(pair, lang)


def action_text(action: str, lang: str = "de") -> str:
    if action in ACTIONS:
        return _pick(ACTIONS[action], lang)
    prefix = action.split(".", 1)[0]
    label = ENTITIES.get(prefix)
    generic = (f"{_pick(label, lang)}: " if label else "") + ("Vorgang" if lang != "en" else "Event")
    return f"{generic} ({action})"


def entity_text(entity: str | None, entity_id: int | None, lang: str = "de") -> str:
    if not entity:
        return ""
    label = _pick(ENTITIES[entity], lang) if entity in ENTITIES else entity
    return f"{label} {entity_id}" if entity_id is not None else label


def field_text(name: str, lang: str = "de") -> str:
    if name in FIELD_LABELS:
        return _pick(FIELD_LABELS[name], lang)
    if name in _EXTRA_FIELDS:
        return _pick(_EXTRA_FIELDS[name], lang)
    return name.replace("_", " ")


def fields_text(fields: list[str], lang: str = "de") -> str:
    return ", ".join(dict.fromkeys(field_text(f, lang) for f in fields))


def category_choices(lang: str = "de") -> list[tuple[str, str]]:
    return [(prefix, label.get(lang)) for prefix, label in CATEGORIES]
