"""The audit log in plain German and English (issue 16: people read it, not developers).

Action codes stay what they are in the database (``client.update``); this module turns them,
their entity and their field names into sentences for the log page and the PDF for the
data-protection officer. Codes added later that are missing here still read sensibly: the
entity's name plus "Vorgang" and the code in brackets.
"""

from __future__ import annotations

from referral_desk.core.messages import FIELD_LABELS

ACTIONS: dict[str, tuple[str, str]] = {
    # sessions (events written by the sign-in/lock code)
    "session.sign_in": ("Angemeldet", "Signed in"),
    "session.sign_in_failed": ("Anmeldung fehlgeschlagen", "Sign-in failed"),
    "session.lock": ("Gesperrt", "Locked"),
    "session.unlock": ("Entsperrt", "Unlocked"),
    "session.sign_out": ("Abgemeldet", "Signed out"),
    # vault
    "vault.create": ("Datentresor angelegt", "Vault created"),
    "vault.backup": ("Sicherung erstellt", "Backup made"),
    "vault.backup_automatic": ("Automatische Sicherung gestartet", "Automatic backup started"),
    "vault.rekey": ("Datenbank neu verschlüsselt", "Database re-encrypted"),
    "vault.restore": ("Aus Sicherung wiederhergestellt", "Restored from backup"),
    "backup.result": ("Ergebnis einer Sicherung vermerkt", "Backup result recorded"),
    "backup.warning_seen": ("Warnung zur fehlgeschlagenen Sicherung gelesen", "Failed-backup warning read"),
    # users
    "user.create": ("Benutzerkonto angelegt", "User account created"),
    "user.update": ("Benutzerkonto geändert", "User account changed"),
    "user.password_reset": ("Passwort zurückgesetzt (Administration)", "Password reset (administration)"),
    "user.password_recovery": (
        "Passwort mit Wiederherstellungsschlüssel ersetzt",
        "Password replaced with the recovery key",
    ),
    "user.password_initial_replaced": ("Anfangspasswort durch eigenes ersetzt", "Initial password replaced by own"),
    "user.ui_language": ("Sprache der Oberfläche gewählt", "Interface language chosen"),
    "user.offboard": ("Mitarbeiter*in ausgeschieden", "Staff member left"),
    # organisation and agencies
    "organisation.update": ("Einstellungen der Organisation geändert", "Organisation settings changed"),
    "agency.create": ("Partnerstelle angelegt", "Partner agency created"),
    "agency.update": ("Partnerstelle geändert", "Partner agency changed"),
    "forms.approve": ("Übersetzte Formularvorlage freigegeben", "Translated form template approved"),
    # clients
    "client.create": ("Klientenakte angelegt", "Client record created"),
    "client.update": ("Klientenakte geändert", "Client record changed"),
    "client.view": ("Klientenakte angesehen", "Client record viewed"),
    "client.close": ("Fall abgeschlossen", "Case closed"),
    "client.reopen": ("Fall wieder geöffnet", "Case reopened"),
    "client.erase": ("Klientenakte gelöscht", "Client record erased"),
    "client.export": ("Auskunft erteilt (Export der Akte)", "Data access report exported"),
    "client.legal_hold": ("Löschsperre gesetzt", "Legal hold set"),
    "client.import": ("Klient*innen importiert", "Clients imported"),
    "contact.create": ("Beratungskontakt eingetragen", "Counselling contact added"),
    "contact.update": ("Beratungskontakt geändert", "Counselling contact changed"),
    "draft.save": ("Entwurf gesichert (beim Sperren)", "Draft saved (on lock)"),
    "draft.delete": ("Entwurf verworfen", "Draft discarded"),
    # consents and referrals
    "consent.grant": ("Einwilligung eingetragen", "Consent recorded"),
    "consent.revoke": ("Einwilligung widerrufen", "Consent withdrawn"),
    "consent.view": ("Einwilligung angesehen", "Consent viewed"),
    "consent.form_previewed": ("Einwilligungserklärung angesehen", "Consent form previewed"),
    "consent.form_printed": ("Einwilligungserklärung gedruckt", "Consent form printed"),
    "consent.notice": ("Widerrufsmitteilung erstellt", "Withdrawal notice made"),
    "referral.create": ("Überleitung angelegt", "Referral created"),
    "referral.status": ("Stand der Überleitung geändert", "Referral status changed"),
    "referral.feedback": ("Rückmeldung zur Überleitung eingetragen", "Referral feedback recorded"),
    "referral.view": ("Überleitung angesehen", "Referral viewed"),
    "referral.previewed": ("Überleitungsbogen angesehen", "Referral sheet previewed"),
    "referral.printed": ("Überleitungsbogen gedruckt", "Referral sheet printed"),
    "stats.export": ("Statistik exportiert", "Statistics exported"),
    # demo and program
    "demo.generate": ("Beispieldaten erzeugt", "Demo data generated"),
    "demo.client_create": ("Beispiel-Klient*in angelegt", "Demo client created"),
    "demo.consent_create": ("Beispiel-Einwilligung angelegt", "Demo consent created"),
    "demo.referral_create": ("Beispiel-Überleitung angelegt", "Demo referral created"),
    "desk.setting": ("Programmeinstellung gespeichert", "Program setting saved"),
    "app.error": ("Programmfehler vermerkt", "Program error recorded"),
    "audit.export": ("Protokoll exportiert", "Audit log exported"),
}

ENTITIES: dict[str, tuple[str, str]] = {
    "client": ("Akte", "Record"),
    "contact": ("Kontakt", "Contact"),
    "consent": ("Einwilligung", "Consent"),
    "referral": ("Überleitung", "Referral"),
    "user": ("Benutzerkonto", "User account"),
    "organisation": ("Organisation", "Organisation"),
    "agency": ("Partnerstelle", "Partner agency"),
    "draft": ("Entwurf", "Draft"),
    "backup_run": ("Sicherung", "Backup"),
    "app_error": ("Fehlereintrag", "Error entry"),
}

# Categories for the filter: (prefix, German, English)
CATEGORIES: tuple[tuple[str, str, str], ...] = (
    ("session.", "Anmeldung und Sperren", "Sign-in and lock"),
    ("client.", "Klientenakten", "Client records"),
    ("contact.", "Beratungskontakte", "Counselling contacts"),
    ("consent.", "Einwilligungen", "Consents"),
    ("referral.", "Überleitungen", "Referrals"),
    ("user.", "Benutzerkonten", "User accounts"),
    ("vault.", "Datentresor und Sicherung", "Vault and backup"),
    ("organisation.", "Einstellungen", "Settings"),
    ("stats.", "Statistik", "Statistics"),
    ("demo.", "Beispieldaten", "Demo data"),
)

# Field names that are not client fields (FIELD_LABELS covers those).
_EXTRA_FIELDS: dict[str, tuple[str, str]] = {
    "tab": ("Reiter", "Tab"),
    "tabs": ("Reiter", "Tabs"),
    "values": ("Eingaben", "Entries"),
    "client_id": ("Akte", "Record"),
    "database": ("Datenbank", "Database"),
    "keyring": ("Schlüsselbund", "Keyring"),
    "manifest": ("Prüfliste", "Manifest"),
    "data_key": ("Datenschlüssel", "Data key"),
    "must_change_password": ("Anfangspasswort", "Initial password"),
    "ui_language": ("Sprache", "Language"),
    "role": ("Rolle", "Role"),
    "active": ("aktiv", "active"),
    "also_lead": ("Teamleitung", "Team lead"),
    "display_name": ("Anzeigename", "Display name"),
    "name": ("Name", "Name"),
    "ok": ("Ergebnis", "Result"),
    "error_code": ("Fehlerart", "Error type"),
    "acknowledged": ("gelesen", "read"),
    "kind": ("Art", "Kind"),
    "location": ("Programmstelle", "Code location"),
    "clients": ("Klient*innen", "Clients"),
    "contacts": ("Kontakte", "Contacts"),
    "status": ("Stand", "Status"),
    "print.printer": ("Drucker", "Printer"),
    "legal_regime": ("Datenschutzrecht", "Data protection law"),
    "kind_of_export": ("Format", "Format"),
    "case_status": ("Fallstatus", "Case status"),
    "closed_on": ("Abgeschlossen am", "Closed on"),
    "opened_on": ("Eröffnet am", "Opened on"),
    "legal_hold": ("Löschsperre", "Legal hold"),
    "password": ("Passwort", "Password"),
    "backup_dir": ("Sicherungsordner", "Backup folder"),
    "backup_keep": ("Aufbewahrte Sicherungen", "Backups kept"),
    "erase_mode": ("Löschart", "Erase mode"),
    "retention_years": ("Aufbewahrungsfrist", "Retention period"),
    "logo_png": ("Logo", "Logo"),
}


def _pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


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
    return [(prefix, en if lang == "en" else de) for prefix, de, en in CATEGORIES]
