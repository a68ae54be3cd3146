"""User-facing texts of core errors and CLI output, German first, English second.

Keys are stable; parameters are filled with ``str.format``. Field names are shown with
their German label where one exists (``FIELD_LABELS``) and the JSON key in brackets, so a
counsellor and a script author both know what is meant.
"""

from __future__ import annotations

from typing import Any

from referral_desk.core.texts import N_, Text, pick

MESSAGES: dict[str, Text] = {
    # input
    "input.required": N_("input.required", "{field_label}: Angabe fehlt."),
    "input.blank": N_("input.blank", "{field_label}: darf nicht leer sein."),
    "input.too_long": N_("input.too_long", "{field_label}: höchstens {max} Zeichen erlaubt."),
    "input.control_chars": N_("input.control_chars", "{field_label}: enthält unzulässige Steuerzeichen."),
    "input.unknown_field": N_("input.unknown_field", "Unbekanntes Feld: {field_label}."),
    "input.read_only_field": N_(
        "input.read_only_field", "{field_label}: wird vom Programm vergeben und kann nicht gesetzt werden."
    ),
    "input.invalid_date": N_("input.invalid_date", "{field_label}: kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT)."),
    "input.date_future": N_("input.date_future", "{field_label}: darf nicht in der Zukunft liegen."),
    "input.date_too_early": N_("input.date_too_early", "{field_label}: darf nicht vor dem {min} liegen."),
    "input.date_before": N_("input.date_before", "{field_label}: darf nicht vor {other_label} liegen."),
    "input.choice": N_("input.choice", "{field_label}: „{value}“ ist nicht zulässig. Erlaubt: {allowed}."),
    "input.country": N_(
        "input.country",
        "{field_label}: „{value}“ ist kein Ländercode (ISO 3166-1 Alpha-2, z. B. TR, SY) "
        "und nicht „stateless“ oder „unknown“.",
    ),
    "input.language": N_(
        "input.language", "{field_label}: „{value}“ ist kein Sprachcode (ISO 639-1, z. B. tr, ar, fa)."
    ),
    "input.email": N_("input.email", "{field_label}: keine gültige E-Mail-Adresse."),
    "input.phone": N_("input.phone", "{field_label}: nur Ziffern, Leerzeichen und + / - ( ) erlaubt."),
    "input.latin_only": N_(
        "input.latin_only",
        "{field_label}: nur lateinische Buchstaben (Schreibweise wie im Pass oder Aufenthaltstitel).",
    ),
    "purpose.not_for_recipient": N_(
        "purpose.not_for_recipient",
        "{field_label}: „{value}“ ist für diese Empfängerstelle nicht vorgesehen. Möglich: {allowed}.",
    ),
    "purpose.other_text": N_(
        "purpose.other_text", "{field_label}: Für „other“ bitte den Zweck in Worten angeben (other:TEXT)."
    ),
    "purpose.not_covered": N_(
        "purpose.not_covered",
        "Keine passende Einwilligung: Der Zweck „{purpose}“ ist von der Einwilligung Nr. {consent_id} "
        "nicht umfasst (erteilt für: {purposes}).",
    ),
    "purpose.choose": N_(
        "purpose.choose",
        "{field_label}: Die Einwilligung nennt mehrere Zwecke ({purposes}); bitte einen mit --purpose wählen.",
    ),
    "referral.feedback_one_way": N_(
        "referral.feedback_one_way",
        "Rückmeldung nicht zulässig: Die Einwilligung Nr. {consent_id} gilt nur in eine Richtung "
        "(die Empfängerstelle darf der Beratungsstelle nichts mitteilen).",
    ),
    "input.pattern": N_("input.pattern", "{field_label}: ungültiges Format."),
    "input.number": N_("input.number", "{field_label}: muss eine ganze Zahl zwischen {min} und {max} sein."),
    "input.type": N_("input.type", "{field_label}: falscher Typ ({expected} erwartet)."),
    "input.list_empty": N_("input.list_empty", "{field_label}: mindestens ein Eintrag nötig."),
    "input.list_duplicate": N_("input.list_duplicate", "{field_label}: Eintrag doppelt."),
    "input.list_too_long": N_("input.list_too_long", "{field_label}: höchstens {max} Einträge."),
    "input.invalid": N_("input.invalid", "{field_label}: ungültiger Wert."),
    "input.json": N_("input.json", "Die Eingabe ist kein gültiges JSON (Zeile {line}, Spalte {column})."),
    "input.json_shape": N_("input.json_shape", "Die Eingabe muss ein JSON-Objekt oder eine Liste von Objekten sein."),
    "input.file": N_("input.file", "Datei kann nicht gelesen werden: {path}."),
    "input.empty_update": N_("input.empty_update", "Keine Änderungen angegeben."),
    "password.too_short": N_("password.too_short", "Passwort: mindestens {min} Zeichen nötig."),
    "password.too_long": N_("password.too_long", "Passwort: höchstens {max} Zeichen."),
    "password.too_uniform": N_("password.too_uniform", "Passwort: zu wenige verschiedene Zeichen."),
    "password.contains_user": N_("password.contains_user", "Passwort: darf den Benutzernamen nicht enthalten."),
    "password.weak": N_("password.weak", "Passwort: zu leicht zu erraten. {hint}"),
    "password.must_change": N_("password.must_change", "Bitte zuerst das Anfangspasswort durch ein eigenes ersetzen."),
    "password.same_as_old": N_(
        "password.same_as_old", "{field_label}: Das neue Passwort muss sich vom bisherigen unterscheiden."
    ),
    "password.common": N_("password.common", "Passwort: zu bekannt, bitte ein anderes wählen."),
    "input.password_mismatch": N_("input.password_mismatch", "Passwort: die beiden Eingaben stimmen nicht überein."),
    "input.no_password": N_(
        "input.no_password", "Passwort fehlt: Umgebungsvariable {env} setzen oder interaktiv eingeben."
    ),
    "input.no_user": N_("input.no_user", "Benutzer fehlt: --user NAME oder Umgebungsvariable REFERRAL_DESK_USER."),
    "input.usage": N_("input.usage", "{detail}"),
    "input.recovery_key": N_("input.recovery_key", "Wiederherstellungsschlüssel: ungültiges Format."),
    # not found
    "client.version_conflict": N_(
        "client.version_conflict",
        "Versionskonflikt (version): Die Akte {id} wurde inzwischen von jemand anderem "
        "geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
        "bitte neu laden und die Änderung erneut eintragen.",
    ),
    "organisation.version_conflict": N_(
        "organisation.version_conflict",
        "Versionskonflikt (version): Die Angaben der Organisation wurden inzwischen an einem anderen "
        "Arbeitsplatz geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
        "die Seite zeigt jetzt den gespeicherten Stand – bitte die Änderung erneut eintragen.",
    ),
    "agency.version_conflict": N_(
        "agency.version_conflict",
        "Versionskonflikt (version): Die Partnerstelle „{id}“ wurde inzwischen an einem anderen "
        "Arbeitsplatz geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
        "die Seite zeigt jetzt den gespeicherten Stand – bitte die Änderung erneut eintragen.",
    ),
    "authority.version_conflict": N_(
        "authority.version_conflict",
        "Versionskonflikt (version): Die Aufsichtsbehörde ({id}) wurde gerade an einem anderen Arbeitsplatz "
        "gespeichert. Nichts wurde gespeichert; bitte neu laden und erneut eintragen.",
    ),
    "contact.version_conflict": N_(
        "contact.version_conflict",
        "Versionskonflikt (version): Der Beratungskontakt {id} wurde inzwischen von jemand anderem "
        "geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
        "bitte neu laden und die Änderung erneut eintragen.",
    ),
    "consent.version_conflict": N_(
        "consent.version_conflict",
        "Versionskonflikt (version): Die Einwilligung {id} wurde inzwischen von jemand anderem "
        "geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
        "bitte neu laden und prüfen, ob der Widerruf noch nötig ist.",
    ),
    "referral.version_conflict": N_(
        "referral.version_conflict",
        "Versionskonflikt (version): Die Überleitung {id} wurde inzwischen von jemand anderem "
        "geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
        "bitte neu laden und den Stand prüfen.",
    ),
    "plan.version_conflict": N_(
        "plan.version_conflict",
        "Versionskonflikt (version): Der Schritt {id} des Förderplans wurde inzwischen von jemand "
        "anderem geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde "
        "gespeichert; bitte neu laden.",
    ),
    "client.not_found": N_("client.not_found", "Klient*in mit ID {id} nicht gefunden."),
    "user.not_found": N_("user.not_found", "Benutzer*in „{name}“ nicht gefunden."),
    "contact.not_found": N_("contact.not_found", "Kontakt mit ID {id} nicht gefunden."),
    "agency.not_found": N_("agency.not_found", "Partnerstelle „{key}“ nicht gefunden."),
    # policy
    "client.duplicate": N_(
        "client.duplicate",
        "Wahrscheinlich doppelt: Es gibt bereits eine Person mit gleichem Namen und "
        "Geburtsdatum (Fallnummer {case_numbers}). Zum Anlegen trotzdem --allow-duplicate angeben.",
    ),
    "client.duplicate_elsewhere": N_(
        "client.duplicate_elsewhere",
        "Wahrscheinlich doppelt: In einer anderen Fallakte gibt es bereits eine Person mit "
        "gleichem Namen und Geburtsdatum – bitte bei der Teamleitung nachfragen. Zum "
        "Anlegen trotzdem --allow-duplicate angeben.",
    ),
    "client.duplicate_and_elsewhere": N_(
        "client.duplicate_and_elsewhere",
        "Wahrscheinlich doppelt: Es gibt bereits eine Person mit gleichem Namen und "
        "Geburtsdatum (Fallnummer {case_numbers}) und weitere in anderen Fallakten – "
        "bitte bei der Teamleitung nachfragen. Zum Anlegen trotzdem --allow-duplicate "
        "angeben.",
    ),
    "user.exists": N_("user.exists", "Benutzer*in „{name}“ gibt es bereits."),
    "policy.role": N_("policy.role", "Keine Berechtigung: {action} erfordert die Rolle {roles}."),
    "policy.not_own_client": N_(
        "policy.not_own_client", "Keine Berechtigung: Diese Akte gehört zu einer anderen Beratungsperson."
    ),
    "policy.user_inactive": N_("policy.user_inactive", "Benutzer*in ist deaktiviert."),
    "policy.self_deactivate": N_(
        "policy.self_deactivate",
        "Das eigene Konto kann nicht deaktiviert werden; bitte eine andere Administration darum bitten.",
    ),
    "print.incomplete": N_(
        "print.incomplete",
        "Drucken nicht möglich: Es fehlen Angaben für Absender oder Empfänger: {fields}. "
        "Bitte unter Verwaltung ergänzen (referral-desk org set / agency set).",
    ),
    "print.document_spelling": N_(
        "print.document_spelling",
        "Drucken nicht möglich: Der Name in Akte {case_number} ist nicht in lateinischer Schrift "
        "und die Schreibweise laut Pass oder Aufenthaltstitel fehlt ({field}). Bitte in der "
        "Akte ergänzen.",
    ),
    "print.return_line": N_(
        "print.return_line",
        "Drucken nicht möglich: Die Anschrift der Organisation ({fields}) ist zu lang für die "
        "Absenderzeile im Sichtfenster. Bitte kürzer erfassen (z. B. „Str.“).",
    ),
    "policy.last_admin": N_("policy.last_admin", "Die letzte aktive Administration kann nicht entfernt werden."),
    # authentication
    "auth.failed": N_("auth.failed", "Anmeldung fehlgeschlagen: Benutzername oder Passwort falsch."),
    # team database (core/team, docs/team-database.md)
    "team.dsn_invalid": N_(
        "team.dsn_invalid", "{field_label}: keine gültige Verbindungsangabe (postgresql://… oder host=… dbname=…)."
    ),
    "team.dsn_password": N_(
        "team.dsn_password",
        "Die Verbindungsangabe (--dsn) darf kein Passwort enthalten; die Anwendung fragt es bei der Anmeldung.",
    ),
    "team.report_not_published": N_(
        "team.report_not_published",
        "Für {period} (Bericht „{profile}“, Verfahren „{method}“) ist in der Teamdatenbank keine Statistik "
        "veröffentlicht. Die Administration veröffentlicht sie mit „stats publish“.",
    ),
    "team.report_format": N_(
        "team.report_format", "Die veröffentlichte Statistik hat ein unbekanntes Format (neuere Programmversion?)."
    ),
    "team.unreachable": N_(
        "team.unreachable", "Teamdatenbank nicht erreichbar oder ihr Zertifikat nicht überprüfbar (TLS verify-full)."
    ),
    "team.name_invalid": N_(
        "team.name_invalid",
        "{field_label}: nur Kleinbuchstaben a–z, Ziffern und _ (2–41 Zeichen, Anfang mit Buchstabe).",
    ),
    "team.superuser_needed": N_(
        "team.superuser_needed",
        "Dafür braucht es eine Verbindung als Superuser der Datenbank (wie bei „server init“).",
    ),
    "team.upgrade_needed": N_(
        "team.upgrade_needed",
        "Die Teamdatenbank hat einen älteren Stand (Schema {found}) als dieses Programm ({supported}). "
        "Die Administration muss sie zuerst aktualisieren: referral-desk --dsn … server upgrade.",
    ),
    "team.no_rotation": N_(
        "team.no_rotation",
        "--rotate (rotate) gilt für einen Datentresor: Auf der Teamdatenbank gibt es keinen "
        "Datenschlüssel auszutauschen. Das Passwort ohne --rotate ändern.",
    ),
    "team.newer_schema": N_(
        "team.newer_schema",
        "Die Teamdatenbank stammt aus einer neueren Programmversion (Stand {found}, dieses Programm "
        "kennt bis {supported}). Bitte Referral Desk aktualisieren.",
    ),
    "team.not_empty": N_(
        "team.not_empty",
        "Die Datenbank ist nicht leer (oder ihre Rollen gibt es schon): „server init“ richtet nur "
        "eine leere Datenbank ein.",
    ),
    "team.login_unknown": N_(
        "team.login_unknown", "{field_label}: Diese Anmeldung gehört zu keiner Person dieser Teamdatenbank."
    ),
    "team.user_exists": N_("team.user_exists", "{field_label}: Diese Anmelderolle gibt es auf dem Server schon."),
    "team.command_unsupported": N_(
        "team.command_unsupported",
        "{field_label}: „{command}“ gibt es für die Teamdatenbank noch nicht (bisher: "
        "client add/get/find/update/share/unshare, user add, server init/backup/restore).",
    ),
    "team.share_too_long": N_(
        "team.share_too_long", "{field_label}: Eine Vertretungsfreigabe endet spätestens nach {days} Tagen."
    ),
    "team.share_refused": N_(
        "team.share_refused",
        "{field_label}: Freigabe nicht möglich (keine aktive Beratungs- oder Leitungsperson "
        "dieses Namens, oder die Freigabe gibt es nicht).",
    ),
    "team.tool_missing": N_("team.tool_missing", "{tool} fehlt auf diesem Rechner (Debian-Paket postgresql-client)."),
    "team.not_team_database": N_("team.not_team_database", "Diese Datenbank ist keine Teamdatenbank."),
    "team.backup_role": N_(
        "team.backup_role",
        "Eine Sicherung braucht die Anmeldung der Datenbank-Eigentümerrolle oder eines Superusers: "
        "Eine Beratungs- oder Leitungsrolle sieht nur einen Teil der Akten.",
    ),
    "team.push_map": N_("team.push_map", "--map erwartet NAME_IM_TRESOR=ANMELDENAME, zum Beispiel --map Anna.M=anna."),
    "team.push_login_unknown": N_(
        "team.push_login_unknown",
        "Diese Anmeldenamen gibt es in der Teamdatenbank nicht: {names}. Erst mit „user add“ anlegen.",
    ),
    "team.push_users_missing": N_(
        "team.push_users_missing",
        "Für diese aktiven Benutzer*innen des Tresors gibt es keine Anmeldung in der Teamdatenbank: "
        "{names}. Erst mit „user add“ anlegen oder mit --map NAME=ANMELDENAME zuordnen; nichts wurde "
        "übertragen.",
    ),
    "team.push_superuser": N_(
        "team.push_superuser",
        "„vault push“ braucht eine Verbindung als Superuser der Teamdatenbank: Die Zeilen gehören "
        "verschiedenen Beratenden und werden nach dem Schreiben vollständig geprüft.",
    ),
    "team.push_schema": N_(
        "team.push_schema",
        "Tresor (Schema {vault}) und Teamdatenbank (Schema {team}) haben verschiedene Stände: beide auf "
        "dieselbe Version bringen, dann erneut übertragen. Nichts wurde übertragen.",
    ),
    "team.push_again": N_(
        "team.push_again",
        "Dieser Tresor wurde schon in diese Teamdatenbank übertragen: Ein zweites Mal würde jede Akte "
        "verdoppeln. Nichts wurde übertragen.",
    ),
    "team.push_verify": N_(
        "team.push_verify",
        "Prüfung nach dem Übertragen fehlgeschlagen ({table}): Zählung oder Prüfsumme weichen ab. "
        "Alles wurde zurückgenommen.",
    ),
    "team.dump_failed": N_("team.dump_failed", "pg_dump ist fehlgeschlagen: {detail}"),
    "team.restore_failed": N_(
        "team.restore_failed", "pg_restore ist fehlgeschlagen, nichts wurde übernommen: {detail}"
    ),
    "team.restore_not_empty": N_(
        "team.restore_not_empty",
        "Die Datenbank ist nicht leer: Eine Sicherung wird nur in eine leere Datenbank zurückgespielt, "
        "nichts wurde verändert.",
    ),
    "team.restore_name": N_(
        "team.restore_name",
        "Die Sicherung stammt aus der Datenbank „{database}“: Sie wird nur in eine leere Datenbank "
        "desselben Namens zurückgespielt (die Rollen der Regeln tragen den Namen).",
    ),
    "team.backup_passphrase": N_(
        "team.backup_passphrase", "{field_label}: Die Sicherungs-Passphrase braucht mindestens {min} Zeichen."
    ),
    "team.server_refused": N_(
        "team.server_refused", "Keine Berechtigung: Der Datenbankserver verweigert diesen Zugriff."
    ),
    "auth.recovery_failed": N_("auth.recovery_failed", "Wiederherstellungsschlüssel ist falsch."),
    # integrity / vault
    "vault.missing": N_("vault.missing", "Kein Datentresor in {path}. Mit „referral-desk init“ anlegen."),
    "vault.exists": N_("vault.exists", "In {path} gibt es bereits einen Datentresor."),
    "vault.not_empty": N_("vault.not_empty", "Verzeichnis {path} ist nicht leer."),
    "vault.plaintext": N_(
        "vault.plaintext", "Die Datenbank ist unverschlüsselt (normale SQLite-Datei). Sie wird nicht geöffnet."
    ),
    "vault.keyring_invalid": N_("vault.keyring_invalid", "Schlüsselbund beschädigt oder manipuliert: {detail}."),
    "vault.database_unreadable": N_(
        "vault.database_unreadable", "Datenbank beschädigt, manipuliert oder passt nicht zum Schlüsselbund."
    ),
    "vault.cipher_version": N_(
        "vault.cipher_version", "SQLCipher-Version {version} wird nicht unterstützt (4.x nötig)."
    ),
    "vault.newer_schema": N_(
        "vault.newer_schema",
        "Der Datentresor stammt aus einer neueren Programmversion (Schema {found}, "
        "unterstützt bis {supported}). Bitte Referral Desk aktualisieren.",
    ),
    "vault.id_mismatch": N_("vault.id_mismatch", "Datenbank und Schlüsselbund gehören nicht zusammen."),
    "vault.locked": N_("vault.locked", "Der Datentresor ist gesperrt."),
    "verify.cipher": N_("verify.cipher", "Prüfung fehlgeschlagen: verschlüsselte Seiten beschädigt ({detail})."),
    "verify.integrity": N_("verify.integrity", "Prüfung fehlgeschlagen: Datenbankstruktur beschädigt ({detail})."),
    "verify.team_revision": N_(
        "verify.team_revision",
        "Prüfung fehlgeschlagen: Die Teamdatenbank hat den Schemastand {found}, dieses Programm erwartet {expected} "
        "(referral-desk --dsn … server upgrade).",
    ),
    "verify.team_rls": N_(
        "verify.team_rls",
        "Prüfung fehlgeschlagen: Bei diesen Tabellen ist die Zeilensicherheit (row-level security) abgeschaltet: "
        "{tables}. Jede Anmeldung sähe dort alle Zeilen.",
    ),
    "verify.team_audit_grants": N_(
        "verify.team_audit_grants",
        "Prüfung fehlgeschlagen: Das Protokoll darf direkt beschrieben werden ({grants}). Nur die Funktion "
        "rd_audit schreibt es, nur die Aufbewahrungsrolle löscht.",
    ),
    "verify.team_triggers": N_(
        "verify.team_triggers",
        "Prüfung fehlgeschlagen: Diese Trigger der Teamdatenbank fehlen oder sind abgeschaltet: {triggers}.",
    ),
    "verify.audit_chain": N_(
        "verify.audit_chain", "Prüfung fehlgeschlagen: Protokollkette unterbrochen bei Eintrag {seq}."
    ),
    "verify.anchor_invalid": N_(
        "verify.anchor_invalid",
        "Prüfung fehlgeschlagen: Protokollanker (audit-anchor.json) beschädigt oder manipuliert.",
    ),
    "verify.anchor_missing_entry": N_(
        "verify.anchor_missing_entry",
        "Prüfung fehlgeschlagen: Die Datenbank ist älter als der Protokollanker "
        "(Eintrag {seq} fehlt) – sie wurde zurückgesetzt, ersetzt oder hat gespeicherte "
        "Änderungen verloren."
        " Nur eine Administration kann das nach Prüfung bestätigen (referral-desk verify --acknowledge --reason …).",
    ),
    "verify.anchor_mismatch": N_(
        "verify.anchor_mismatch",
        "Prüfung fehlgeschlagen: Protokolleintrag {seq} weicht vom Anker ab – "
        "die Datenbank wurde ersetzt oder ihr Protokoll neu geschrieben."
        " Nur eine Administration kann das nach Prüfung bestätigen (referral-desk verify --acknowledge --reason …).",
    ),
    "verify.anchor_missing": N_(
        "verify.anchor_missing",
        "Prüfung fehlgeschlagen: Der Protokollanker (audit-anchor.json) fehlt im Datentresor."
        " Nur eine Administration kann das nach Prüfung bestätigen (referral-desk verify --acknowledge --reason …).",
    ),
    "verify.nothing_to_acknowledge": N_(
        "verify.nothing_to_acknowledge", "Keine Abweichung vom Protokollanker – nichts zu bestätigen."
    ),
    "vault.keyring_missing": N_(
        "vault.keyring_missing",
        "Der Schlüsselbund (keyring.json) fehlt im Datentresor – ohne ihn lässt sich die "
        "Datenbank nicht öffnen. Aus einer Sicherung wiederherstellen.",
    ),
    "vault.in_use": N_(
        "vault.in_use",
        "Der Datentresor ist gerade durch ein anderes Programm gesperrt. Bitte kurz warten und "
        "erneut versuchen (Feld: vault).",
    ),
    "vault.rotation_unfinished": N_(
        "vault.rotation_unfinished",
        "Warnung: Der Datenschlüssel konnte noch nicht ausgetauscht werden, weil der "
        "Datentresor anderswo geöffnet ist. Er wird bei der nächsten Anmeldung ausgetauscht.",
    ),
    "vault.first_use": N_(
        "vault.first_use",
        "Hinweis: Dieser Datentresor wird auf diesem Rechner (in diesem Benutzerprofil) zum ersten "
        "Mal geöffnet. Sein Protokollstand wurde ab jetzt vermerkt; das steht im Protokoll.",
    ),
    "input.kdf": N_(
        "input.kdf", "Schlüsselableitung: höchstens {max_mib} MiB Speicher und {max_passes} Durchläufe (Feld: kdf)."
    ),
    "input.reason_required": N_("input.reason_required", "Bitte einen Grund angeben (Feld: reason)."),
    "verify.backup_newer": N_(
        "verify.backup_newer",
        "Prüfung fehlgeschlagen: Die Sicherung {name} enthält Protokolleintrag {seq}, "
        "den die Datenbank nicht (so) enthält – die Datenbank wurde zurückgesetzt oder ersetzt.",
    ),
    "backup.not_a_backup": N_("backup.not_a_backup", "Die Datei ist keine Referral-Desk-Sicherung."),
    "backup.write_failed": N_(
        "backup.write_failed", "Die Sicherung konnte nicht geschrieben werden (Ordner nicht erreichbar oder voll)."
    ),
    "backup.failed": N_("backup.failed", "Die Sicherung ist fehlgeschlagen."),
    "demo.real_records": N_(
        "demo.real_records",
        "Beispieldaten gibt es nur im separaten Demo-Tresor: Dieser Datentresor enthält echte Akten.",
    ),
    "backup.damaged": N_("backup.damaged", "Die Sicherung ist beschädigt oder wurde verändert."),
    "backup.not_team_backup": N_("backup.not_team_backup", "Die Datei ist keine Sicherung einer Teamdatenbank."),
    "backup.team_unlock": N_(
        "backup.team_unlock",
        "Die Sicherung lässt sich mit dieser Passphrase nicht öffnen, oder sie wurde verändert.",
    ),
    "backup.damaged_named": N_(
        "backup.damaged_named", "Prüfung fehlgeschlagen: Die Sicherung {name} ist beschädigt oder wurde verändert."
    ),
    "backup.unauthenticated": N_(
        "backup.unauthenticated", "Die Sicherung {name} hat das alte Format ohne Prüfsumme über Kopf und Inhalt."
    ),
    "vault.busy_elsewhere": N_(
        "vault.busy_elsewhere",
        "Der Datentresor ist noch in einem anderen Programm geöffnet. Bitte dort schließen und erneut versuchen.",
    ),
    "retention.legal_hold": N_(
        "retention.legal_hold", "Löschung gesperrt: Für diese Akte gilt eine Aufbewahrungssperre (Legal Hold)."
    ),
    "retention.erased": N_("retention.erased", "Die personenbezogenen Daten dieser Akte wurden bereits gelöscht."),
    "unexpected": N_("unexpected", "Unerwarteter Fehler (Programmfehler). Details mit --debug."),
    # --- statistics (issue "Anonymised statistics") -------------------------------------
    "stats.period_start": N_(
        "stats.period_start",
        "{field_label}: Ein Zeitraum beginnt am Ersten eines Monats (Statistiken nie feiner als ein Monat).",
    ),
    "stats.period_end": N_(
        "stats.period_end",
        "{field_label}: Ein Zeitraum endet am letzten Tag eines Monats (Statistiken nie feiner als ein Monat).",
    ),
    "stats.period_calendar": N_(
        "stats.period_calendar",
        "{field_label}: Ein Zeitraum ist ein Kalendermonat, ein Quartal, ein Halbjahr oder "
        "ein Jahr (sonst ließen sich zwei Berichte voneinander abziehen).",
    ),
    "stats.cell_key_unavailable": N_(
        "stats.cell_key_unavailable",
        "{field_label}: Das Zellschlüsselverfahren braucht einen Tresor mit Datensatzschlüsseln (Schema 2).",
    ),
    "stats.min_cell_below_org": N_(
        "stats.min_cell_below_org",
        "{field_label}: darf nicht kleiner sein als die Mindestfallzahl der Organisation ({min}).",
    ),
    "stats.age_bands": N_(
        "stats.age_bands", "{field_label}: Altersgrenzen müssen aufsteigende ganze Zahlen von 1 bis 120 sein."
    ),
    "stats.out_path": N_("stats.out_path", "{field_label}: Das Verzeichnis {path} gibt es nicht."),
    "stats.write_failed": N_("stats.write_failed", "{field_label}: Datei kann nicht geschrieben werden: {path}."),
    "stats.export_refused": N_(
        "stats.export_refused",
        "Keine Berechtigung: Berater*innen sehen nur die Zahlen ihrer eigenen Fälle und "
        "können keine Statistik exportieren.",
    ),
    "stats.disclosure_check": N_(
        "stats.disclosure_check",
        "Statistik verweigert: Tabelle „{table}“ besteht die Geheimhaltungsprüfung nicht ({reason} {cell}).",
    ),
    # --- end statistics ------------------------------------------------------------------
    # --- consent (issue "Consent: recorded per recipient and data category") -------------
    "consent.not_found": N_("consent.not_found", "Einwilligung mit ID {id} nicht gefunden."),
    "consent.health_unconfirmed": N_(
        "consent.health_unconfirmed",
        "{field_label}: Gesundheitsdaten nur mit dem gesonderten Kreuz der Klientin / "
        "des Klienten auf dem Formular – bitte bestätigen (--health-confirmed).",
    ),
    "consent.valid_until_order": N_(
        "consent.valid_until_order", "{field_label}: muss nach dem Datum der Einwilligung ({date}) liegen."
    ),
    "consent.guardian_required": N_(
        "consent.guardian_required",
        "{field_label}: Die Person ist am Tag der Unterschrift {age} Jahre alt (unter 15). "
        "Eine sorgeberechtigte Person muss mit unterschreiben; bitte ihren Namen angeben.",
    ),
    "consent.category_not_held": N_(
        "consent.category_not_held", "{field_label}: Einwilligung {id} umfasst {categories} nicht."
    ),
    "consent.category_already_withdrawn": N_(
        "consent.category_already_withdrawn",
        "{field_label}: {categories} wurde für Einwilligung {id} bereits widerrufen.",
    ),
    "consent.withdrawal_before_previous": N_(
        "consent.withdrawal_before_previous",
        "{field_label}: Ein Widerruf kann nicht vor dem letzten Widerruf ({date}) liegen.",
    ),
    "consent.no_withdrawal": N_(
        "consent.no_withdrawal", "{field_label}: Für Einwilligung {id} ist kein Widerruf erfasst."
    ),
    "consent.translation_unapproved": N_(
        "consent.translation_unapproved",
        "{field_label}: Die Übersetzung {language} (Vorlage {template} v{version}) "
        "ist von der Organisation noch nicht freigegeben. Drucken nur mit "
        "ausdrücklicher Bestätigung (--allow-unreviewed); das Blatt trägt dann den "
        "Hinweis „noch nicht geprüft“. Freigabe: referral-desk forms approve.",
    ),
    "consent.template_tampered": N_(
        "consent.template_tampered",
        "Vorlage {template} ({language}, v{version}) weicht von der freigegebenen "
        "Fassung ab (SHA-256 stimmt nicht). Drucken verweigert. Eine korrigierte "
        "Übersetzung braucht eine neue Versionsnummer und eine neue Freigabe.",
    ),
    "consent.approve_german": N_(
        "consent.approve_german", "{field_label}: Die deutsche Fassung ist verbindlich und braucht keine Freigabe."
    ),
    "consent.referral_withdrawn": N_(
        "consent.referral_withdrawn",
        "Überleitung {id}: Die Einwilligung für {categories_de} wurde am {date} "
        "widerrufen. Das Blatt wird nicht mehr gedruckt.",
    ),
    "print.document_name_missing": N_(
        "print.document_name_missing",
        "{field_label}: Der Name enthält nicht-lateinische Buchstaben und es ist keine "
        "Schreibweise laut Ausweis oder Aufenthaltstitel erfasst. Ohne sie wird nichts "
        "an eine Behörde gedruckt.",
    ),
    "consent.coverage.partly_withdrawn": N_(
        "consent.coverage.partly_withdrawn",
        "Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
        "Diese Kategorien wurden am {date} widerrufen.",
    ),
    "consent.already_withdrawn": N_(
        "consent.already_withdrawn", "Einwilligung {id} wurde bereits am {date} widerrufen."
    ),
    "consent.withdrawal_before_given": N_(
        "consent.withdrawal_before_given",
        "{field_label}: Ein Widerruf kann nicht vor der Einwilligung ({date}) liegen.",
    ),
    "consent.language_unavailable": N_(
        "consent.language_unavailable",
        "{field_label}: Für „{value}“ gibt es keine Formularvorlage. Verfügbar: {allowed}.",
    ),
    "consent.agency_inactive": N_(
        "consent.agency_inactive", "{field_label}: Die Partnerstelle „{key}“ ist deaktiviert."
    ),
    "consent.out_dir": N_("consent.out_dir", "{field_label}: Das Verzeichnis {path} gibt es nicht."),
    "template.invalid": N_("template.invalid", "Formularvorlage {path} ist fehlerhaft: {detail}."),
    "consent.coverage.covered": N_(
        "consent.coverage.covered",
        "Einwilligung {consent_id} deckt die Weitergabe von {categories_de} an {recipient} ab.",
    ),
    "consent.coverage.no_consent": N_(
        "consent.coverage.no_consent",
        "Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
        "Für diese Stelle ist keine Einwilligung erfasst.",
    ),
    "consent.coverage.expired": N_(
        "consent.coverage.expired",
        "Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
        "Die letzte Einwilligung für diese Stelle ist am {date} abgelaufen.",
    ),
    "consent.coverage.withdrawn": N_(
        "consent.coverage.withdrawn",
        "Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
        "Die Einwilligung wurde am {date} widerrufen.",
    ),
    "consent.coverage.not_yet_valid": N_(
        "consent.coverage.not_yet_valid",
        "Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: Die Einwilligung gilt erst ab {date}.",
    ),
    "consent.coverage.missing_categories": N_(
        "consent.coverage.missing_categories",
        "Keine gültige Einwilligung für {categories_de} gegenüber "
        "{recipient}: Einwilligung {consent_id} umfasst diese Daten nicht.",
    ),
    "consent.coverage.split": N_(
        "consent.coverage.split",
        "Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: Die Daten "
        "sind auf mehrere Einwilligungen verteilt; eine Weitergabe braucht eine "
        "Einwilligung, die alle Daten umfasst.",
    ),
    # --- end consent ---------------------------------------------------------------------
    # --- referrals (issue "Referral sheets ...: consent-gated PDF, printing and tracking") -
    "referral.not_found": N_("referral.not_found", "Überleitung mit ID {id} nicht gefunden."),
    "referral.illegal_transition": N_(
        "referral.illegal_transition",
        "{field_label}: Eine Überleitung im Status „{from_de}“ ({from_status}) kann "
        "nicht auf „{to_de}“ ({to_status}) gesetzt werden. Möglich: {allowed_de}.",
    ),
    "referral.reason_required": N_(
        "referral.reason_required", "{field_label}: Bei einer Ablehnung ist der Grund anzugeben."
    ),
    "referral.identity_required": N_(
        "referral.identity_required",
        "{field_label}: Eine Überleitung nennt immer die Person – die Kategorie "
        "„Identität“ (identity) muss enthalten sein.",
    ),
    "referral.date_before_created": N_(
        "referral.date_before_created",
        "{field_label}: darf nicht vor dem {date} liegen (Datum der Überleitung bzw. der letzten Statusänderung).",
    ),
    "referral.feedback_state": N_(
        "referral.feedback_state",
        "Eine Rückmeldung kann nur zu einer versandten Überleitung erfasst werden (Status jetzt: „{status_de}“).",
    ),
    "referral.print_withdrawn": N_(
        "referral.print_withdrawn", "Überleitung {id} wurde zurückgezogen und wird nicht mehr gedruckt."
    ),
    "referral.client_erased": N_(
        "referral.client_erased",
        "Die personenbezogenen Daten dieser Akte wurden gelöscht; eine Überleitung ist nicht mehr möglich.",
    ),
    "referral.out_dir": N_("referral.out_dir", "{field_label}: Das Verzeichnis {path} gibt es nicht."),
    "referral.copies": N_("referral.copies", "{field_label}: „{value}“ ist nicht zulässig. Erlaubt: {allowed}."),
    # --- end referrals -----------------------------------------------------------------
    # --- case work ---
    "plan.goal_not_found": N_("plan.goal_not_found", "Förderplan-Ziel mit ID {id} nicht gefunden."),
    "plan.step_not_found": N_("plan.step_not_found", "Förderplan-Schritt mit ID {id} nicht gefunden."),
    "plan.empty": N_("plan.empty", "Für diese Person gibt es noch keinen Förderplan (keine Ziele)."),
    "group.more_clients_than_participants": N_(
        "group.more_clients_than_participants",
        "{field_label}: mehr angemeldete Klient*innen als Teilnehmende ({participants}).",
    ),
    "organisation.service_in_use": N_(
        "organisation.service_in_use", "{field_label}: „{service}“ wird noch von Akten oder Gruppenangeboten verwendet."
    ),
    # --- end case work ---
    # --- consent purposes (withdrawal of purposes) ---
    "consent.purpose_not_held": N_(
        "consent.purpose_not_held", "{field_label}: Einwilligung {id} umfasst den Zweck {purposes} nicht."
    ),
    "consent.purpose_already_withdrawn": N_(
        "consent.purpose_already_withdrawn",
        "{field_label}: Der Zweck {purposes} wurde für Einwilligung {id} bereits widerrufen.",
    ),
    "purpose.withdrawn": N_(
        "purpose.withdrawn",
        "Keine passende Einwilligung: Der Zweck „{purpose}“ wurde aus der Einwilligung Nr. {consent_id} widerrufen.",
    ),
    # --- end consent purposes ---
}

# German labels of JSON fields for messages; unknown fields are shown by key only.
FIELD_LABELS: dict[str, Text] = {
    "family_name": N_("field.family_name", "Familienname"),
    "given_names": N_("field.given_names", "Vorname(n)"),
    "birth_date": N_("field.birth_date", "Geburtsdatum"),
    "gender": N_("field.gender", "Geschlecht"),
    "nationalities": N_("field.nationalities", "Staatsangehörigkeit"),
    "preferred_language": N_("field.preferred_language", "Bevorzugte Sprache"),
    "residence_status": N_("field.residence_status", "Aufenthaltsstatus"),
    "residence_valid_until": N_("field.residence_valid_until", "Aufenthalt gültig bis"),
    "employment_permitted": N_("field.employment_permitted", "Erwerbstätigkeit erlaubt"),
    "german_level": N_("field.german_level", "Deutschkenntnisse"),
    "integration_course": N_("field.integration_course", "Integrationskurs"),
    "interpreter_needed": N_("field.interpreter_needed", "Dolmetschung nötig"),
    "arrival_date": N_("field.arrival_date", "Einreisedatum"),
    "phone": N_("field.phone", "Telefon"),
    "email": N_("field.email", "E-Mail"),
    "address": N_("field.address", "Adresse"),
    "address.street": N_("field.address.street", "Straße"),
    "address.postal_code": N_("field.address.postal_code", "Postleitzahl"),
    "address.city": N_("field.address.city", "Ort"),
    "jobcenter_customer_number": N_("field.jobcenter_customer_number", "Kundennummer Jobcenter"),
    "notes": N_("field.notes", "Notizen"),
    "document_family_name": N_("field.document_family_name", "Familienname laut Dokument"),
    "document_given_names": N_("field.document_given_names", "Vorname(n) laut Dokument"),
    "school_education": N_("field.school_education", "Schulbildung"),
    "vocational_training": N_("field.vocational_training", "Berufsausbildung/Studium"),
    "vocational_field": N_("field.vocational_field", "Ausbildungsberuf/Studienfach"),
    "recognition_profession": N_("field.recognition_profession", "Anerkennung: Beruf"),
    "recognition_status": N_("field.recognition_status", "Anerkennung: Stand"),
    "recognition_body": N_("field.recognition_body", "Anerkennung: zuständige Stelle"),
    "employment_status": N_("field.employment_status", "Erwerbsstatus"),
    "last_occupation": N_("field.last_occupation", "Zuletzt ausgeübter Beruf"),
    "benefit_type": N_("field.benefit_type", "Leistungsbezug"),
    "jobcenter_bg_number": N_("field.jobcenter_bg_number", "BG-Nummer Jobcenter"),
    "ba_customer_number": N_("field.ba_customer_number", "Kundennummer Agentur für Arbeit"),
    "abh_file_reference": N_("field.abh_file_reference", "Aktenzeichen Ausländerbehörde"),
    "date": N_("field.date", "Datum"),
    "minutes": N_("field.minutes", "Dauer (Minuten)"),
    "topics": N_("field.topics", "Themen"),
    "mode": N_("field.mode", "Kontaktart"),
    "language": N_("field.language", "Sprache"),
    "note": N_("field.note", "Notiz"),
    "name": N_("field.name", "Benutzername"),
    "display_name": N_("field.display_name", "Anzeigename"),
    "role": N_("field.role", "Rolle"),
    "org_name": N_("field.org_name", "Name der Organisation"),
    "street": N_("field.street", "Straße und Hausnummer"),
    "postal_code": N_("field.postal_code", "Postleitzahl"),
    "city": N_("field.city", "Ort"),
    "dpo_name": N_("field.dpo_name", "Datenschutzbeauftragte*r"),
    "dpo_email": N_("field.dpo_email", "E-Mail der/des Datenschutzbeauftragten"),
    "dpo_address": N_("field.dpo_address", "Anschrift der/des Datenschutzbeauftragten"),
    "department": N_("field.department", "Abteilung/Team"),
    "contact_person": N_("field.contact_person", "Ansprechperson"),
    "kind": N_("field.kind", "Art der Stelle"),
    "active": N_("field.active", "Aktiv"),
    "key": N_("field.key", "Kürzel"),
    "legal_regime": N_("field.legal_regime", "Datenschutzrecht"),
    "service": N_("field.service", "Dienst"),
    "password": N_("field.password", "Passwort"),
    "current_password": N_("field.current_password", "Bisheriges Passwort"),
    "new_password": N_("field.new_password", "Neues Passwort"),
    "clients": N_("field.clients", "Anzahl"),
    # --- statistics ---
    "from": N_("field.from", "Zeitraum von"),
    "to": N_("field.to", "Zeitraum bis"),
    "format": N_("field.format", "Format"),
    "min_cell": N_("field.min_cell", "Mindestfallzahl"),
    "out": N_("field.out", "Ausgabedatei"),
    "top_nationalities": N_("field.top_nationalities", "Anzahl Staatsangehörigkeiten"),
    "age_bands": N_("field.age_bands", "Altersgruppen"),
    "period": N_("field.period", "Zeitraum"),
    "year": N_("field.year", "Jahr"),
    "month": N_("field.month", "Monat"),
    "quarter": N_("field.quarter", "Quartal"),
    "half": N_("field.half", "Halbjahr"),
    "profile": N_("field.profile", "Berichtsprofil"),
    "method": N_("field.method", "Geheimhaltungsverfahren"),
    # --- consent ---
    "recipient": N_("field.recipient", "Empfänger"),
    "categories": N_("field.categories", "Datenkategorien"),
    "guardian": N_("field.guardian", "Sorgeberechtigte Person"),
    "allow_unreviewed": N_("field.allow_unreviewed", "Ungeprüfte Übersetzung drucken"),
    "purpose": N_("field.purpose", "Zweck"),
    "given_on": N_("field.given_on", "Erteilt am"),
    "valid_until": N_("field.valid_until", "Gültig bis"),
    "direction": N_("field.direction", "Richtung"),
    "health_confirmed": N_("field.health_confirmed", "Gesondertes Kreuz für Gesundheitsdaten"),
    "interpreter_used": N_("field.interpreter_used", "Dolmetschung"),
    "interpreter_language": N_("field.interpreter_language", "Sprache der Dolmetschung"),
    "consent_id": N_("field.consent_id", "Einwilligung"),
    "on": N_("field.on", "Datum des Widerrufs"),
    "reason": N_("field.reason", "Grund"),
    "source": N_("field.source", "Eingang des Widerrufs"),
    "template": N_("field.template", "Formularvorlage"),
    "client_id": N_("field.client_id", "Klient*in"),
    # --- end consent ---
    # --- referrals ---
    "referral_id": N_("field.referral_id", "Überleitung"),
    "request": N_("field.request", "Anliegen"),
    "requested_action": N_("field.requested_action", "Erbetene Maßnahme"),
    "urgency": N_("field.urgency", "Dringlichkeit"),
    "deadline": N_("field.deadline", "Frist"),
    "attachments": N_("field.attachments", "Anlagen"),
    "follow_up_on": N_("field.follow_up_on", "Wiedervorlage am"),
    "created_on": N_("field.created_on", "Datum der Überleitung"),
    "status": N_("field.status", "Status"),
    "changed_on": N_("field.changed_on", "Datum der Statusänderung"),
    "received_on": N_("field.received_on", "Rückmeldung vom"),
    "feedback_from": N_("field.feedback_from", "Rückmeldung von"),
    "outcome": N_("field.outcome", "Ergebnis"),
    "next_steps": N_("field.next_steps", "Nächste Schritte"),
    "copies": N_("field.copies", "Ausfertigungen"),
    # --- end referrals ---
    # --- case work ---
    "with_family": N_("field.with_family", "Mitberatene Familienangehörige"),
    "access_route": N_("field.access_route", "Zugangsweg"),
    "area": N_("field.area", "Lebensbereich"),
    "goal": N_("field.goal", "Ziel"),
    "goal_id": N_("field.goal_id", "Ziel"),
    "step_id": N_("field.step_id", "Schritt"),
    "set_on": N_("field.set_on", "Ziel vereinbart am"),
    "due_on": N_("field.due_on", "Fällig am"),
    "done_on": N_("field.done_on", "Erledigt am"),
    "on_date": N_("field.on_date", "Datum der Überprüfung"),
    "responsible": N_("field.responsible", "Zuständig"),
    "text": N_("field.text", "Schritt"),
    "participants": N_("field.participants", "Teilnehmende"),
    "topic": N_("field.topic", "Thema"),
    "to_whom": N_("field.to_whom", "Verwiesen an"),
    "client_ids": N_("field.client_ids", "Angemeldete Klient*innen"),
    "days": N_("field.days", "Tage"),
    "attribute": N_("field.attribute", "Merkmal"),
    "value": N_("field.value", "Wert"),
    "valid_from": N_("field.valid_from", "Gültig ab"),
    "services": N_("field.services", "Angebote der Organisation"),
    # --- end case work ---
    # --- statistics (issue 14) ---
    "residence_basis": N_("field.residence_basis", "Rechtsgrundlage des Aufenthalts"),
    "purposes": N_("field.purposes", "Zwecke"),
}


def field_label(field: str | None, lang: str) -> str:
    if not field:
        return "Eingabe" if lang == "de" else "Input"
    idx = 0 if lang == "de" else 1
    base = field.split("[", 1)[0]
    label = FIELD_LABELS.get(field) or FIELD_LABELS.get(base)
    if label is None:
        return f"„{field}“" if lang == "de" else f"'{field}'"
    return f"{label[idx]} ({field})"


def _is_pair(value: Any) -> bool:
    return isinstance(value, tuple) and len(value) == 2 and all(isinstance(x, str) for x in value)


def render(code: str, lang: str = "de", **params: Any) -> str:
    lang = "en" if lang == "en" else "de"
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    template = pick(pair, lang, params)
    # A (German, English) pair as a parameter is shown in the message's language.
    values = {k: ("" if v is None else (v[0 if lang == "de" else 1] if _is_pair(v) else v)) for k, v in params.items()}
    values["field_label"] = field_label(params.get("field"), lang)
    if "other" in params:
        values["other_label"] = field_label(params.get("other"), lang)
    try:
        text = template.format(**values)
    except (KeyError, IndexError):
        text = template
    if params.get("item"):
        text = (f"Eintrag {params['item']}: " if lang == "de" else f"Item {params['item']}: ") + text
    return text
