"""User-facing texts of core errors and CLI output, German first, English second.

Keys are stable; parameters are filled with ``str.format``. Field names are shown with
their German label where one exists (``FIELD_LABELS``) and the JSON key in brackets, so a
counsellor and a script author both know what is meant.
"""
from __future__ import annotations

from typing import Any

MESSAGES: dict[str, tuple[str, str]] = {
    # input
    "input.required": ("{field_label}: Angabe fehlt.", "{field_label}: value is required."),
    "input.blank": ("{field_label}: darf nicht leer sein.", "{field_label}: must not be empty."),
    "input.too_long": ("{field_label}: höchstens {max} Zeichen erlaubt.",
                       "{field_label}: at most {max} characters allowed."),
    "input.control_chars": ("{field_label}: enthält unzulässige Steuerzeichen.",
                            "{field_label}: contains control characters."),
    "input.unknown_field": ("Unbekanntes Feld: {field_label}.", "Unknown field: {field_label}."),
    "input.read_only_field": ("{field_label}: wird vom Programm vergeben und kann nicht gesetzt werden.",
                              "{field_label}: is assigned by the program and cannot be set."),
    "input.invalid_date": ("{field_label}: kein gültiges Datum (TT.MM.JJJJ oder JJJJ-MM-TT).",
                           "{field_label}: not a valid date (DD.MM.YYYY or YYYY-MM-DD)."),
    "input.date_future": ("{field_label}: darf nicht in der Zukunft liegen.",
                          "{field_label}: must not be in the future."),
    "input.date_too_early": ("{field_label}: darf nicht vor dem {min} liegen.",
                             "{field_label}: must not be before {min}."),
    "input.date_before": ("{field_label}: darf nicht vor {other_label} liegen.",
                          "{field_label}: must not be before {other_label}."),
    "input.choice": ("{field_label}: „{value}“ ist nicht zulässig. Erlaubt: {allowed}.",
                     "{field_label}: '{value}' is not allowed. Allowed: {allowed}."),
    "input.country": ("{field_label}: „{value}“ ist kein Ländercode (ISO 3166-1 Alpha-2, z. B. TR, SY) "
                      "und nicht „stateless“ oder „unknown“.",
                      "{field_label}: '{value}' is not a country code (ISO 3166-1 alpha-2, e.g. TR, SY) "
                      "nor 'stateless' or 'unknown'."),
    "input.language": ("{field_label}: „{value}“ ist kein Sprachcode (ISO 639-1, z. B. tr, ar, fa).",
                       "{field_label}: '{value}' is not a language code (ISO 639-1, e.g. tr, ar, fa)."),
    "input.email": ("{field_label}: keine gültige E-Mail-Adresse.", "{field_label}: not a valid e-mail address."),
    "input.phone": ("{field_label}: nur Ziffern, Leerzeichen und + / - ( ) erlaubt.",
                    "{field_label}: only digits, spaces and + / - ( ) allowed."),
    "input.latin_only": ("{field_label}: nur lateinische Buchstaben (Schreibweise wie im Pass oder Aufenthaltstitel).",
                         "{field_label}: Latin letters only (the spelling in the passport or residence title)."),
    "purpose.not_for_recipient": ("{field_label}: „{value}“ ist für diese Empfängerstelle nicht vorgesehen. Möglich: {allowed}.",
                                  "{field_label}: '{value}' is not offered for this recipient. Possible: {allowed}."),
    "purpose.other_text": ("{field_label}: Für „other“ bitte den Zweck in Worten angeben (other:TEXT).",
                           "{field_label}: for 'other' please give the purpose in words (other:TEXT)."),
    "purpose.not_covered": ("Keine passende Einwilligung: Der Zweck „{purpose}“ ist von der Einwilligung Nr. {consent_id} "
                            "nicht umfasst (erteilt für: {purposes}).",
                            "No matching consent: the purpose '{purpose}' is not covered by consent no. {consent_id} "
                            "(given for: {purposes})."),
    "purpose.choose": ("{field_label}: Die Einwilligung nennt mehrere Zwecke ({purposes}); bitte einen mit --purpose wählen.",
                       "{field_label}: the consent names several purposes ({purposes}); choose one with --purpose."),
    "referral.feedback_one_way": ("Rückmeldung nicht zulässig: Die Einwilligung Nr. {consent_id} gilt nur in eine Richtung "
                                  "(die Empfängerstelle darf der Beratungsstelle nichts mitteilen).",
                                  "Feedback not allowed: consent no. {consent_id} is one-way (the recipient may not "
                                  "report back to the counselling service)."),
    "input.pattern": ("{field_label}: ungültiges Format.", "{field_label}: invalid format."),
    "input.number": ("{field_label}: muss eine ganze Zahl zwischen {min} und {max} sein.",
                     "{field_label}: must be a whole number between {min} and {max}."),
    "input.type": ("{field_label}: falscher Typ ({expected} erwartet).",
                   "{field_label}: wrong type ({expected} expected)."),
    "input.list_empty": ("{field_label}: mindestens ein Eintrag nötig.", "{field_label}: at least one entry needed."),
    "input.list_duplicate": ("{field_label}: Eintrag doppelt.", "{field_label}: duplicate entry."),
    "input.list_too_long": ("{field_label}: höchstens {max} Einträge.", "{field_label}: at most {max} entries."),
    "input.invalid": ("{field_label}: ungültiger Wert.", "{field_label}: invalid value."),
    "input.json": ("Die Eingabe ist kein gültiges JSON (Zeile {line}, Spalte {column}).",
                   "The input is not valid JSON (line {line}, column {column})."),
    "input.json_shape": ("Die Eingabe muss ein JSON-Objekt oder eine Liste von Objekten sein.",
                         "The input must be a JSON object or a list of objects."),
    "input.file": ("Datei kann nicht gelesen werden: {path}.", "Cannot read file: {path}."),
    "input.empty_update": ("Keine Änderungen angegeben.", "No changes given."),
    "password.too_short": ("Passwort: mindestens {min} Zeichen nötig.", "Password: at least {min} characters needed."),
    "password.too_long": ("Passwort: höchstens {max} Zeichen.", "Password: at most {max} characters."),
    "password.too_uniform": ("Passwort: zu wenige verschiedene Zeichen.", "Password: too few different characters."),
    "password.contains_user": ("Passwort: darf den Benutzernamen nicht enthalten.",
                               "Password: must not contain the user name."),
    "password.weak": ("Passwort: zu leicht zu erraten. {hint}", "Password: too easy to guess. {hint_en}"),
    "password.must_change": ("Bitte zuerst das Anfangspasswort durch ein eigenes ersetzen.",
                             "Please replace the initial password with your own first."),
    "password.same_as_old": ("{field_label}: Das neue Passwort muss sich vom bisherigen unterscheiden.",
                             "{field_label}: the new password must differ from the current one."),
    "password.common": ("Passwort: zu bekannt, bitte ein anderes wählen.", "Password: too common, please choose another."),
    "input.password_mismatch": ("Passwort: die beiden Eingaben stimmen nicht überein.",
                                "Password: the two entries do not match."),
    "input.no_password": ("Passwort fehlt: Umgebungsvariable {env} setzen oder interaktiv eingeben.",
                          "Password missing: set {env} or enter it interactively."),
    "input.no_user": ("Benutzer fehlt: --user NAME oder Umgebungsvariable REFERRAL_DESK_USER.",
                      "User missing: --user NAME or environment variable REFERRAL_DESK_USER."),
    "input.usage": ("{detail}", "{detail}"),
    "input.recovery_key": ("Wiederherstellungsschlüssel: ungültiges Format.", "Recovery key: invalid format."),
    # not found
    "client.version_conflict": ("Versionskonflikt (version): Die Akte {id} wurde inzwischen von jemand anderem "
                                "geändert (gelesen: Version {expected}, jetzt: {current}). Nichts wurde gespeichert; "
                                "bitte neu laden und die Änderung erneut eintragen.",
                                "Version conflict (version): client {id} was changed by someone else meanwhile "
                                "(read: version {expected}, now: {current}). Nothing was saved; reload and enter "
                                "the change again."),
    "client.not_found": ("Klient*in mit ID {id} nicht gefunden.", "Client with ID {id} not found."),
    "user.not_found": ("Benutzer*in „{name}“ nicht gefunden.", "User '{name}' not found."),
    "contact.not_found": ("Kontakt mit ID {id} nicht gefunden.", "Contact with ID {id} not found."),
    "agency.not_found": ("Partnerstelle „{key}“ nicht gefunden.", "Partner agency '{key}' not found."),
    # policy
    "client.duplicate": ("Wahrscheinlich doppelt: Es gibt bereits eine Person mit gleichem Namen und "
                         "Geburtsdatum (Fallnummer {case_numbers}). Zum Anlegen trotzdem --allow-duplicate angeben.",
                         "Likely duplicate: a person with the same name and birth date exists (case number "
                         "{case_numbers}). Use --allow-duplicate to create anyway."),
    "client.duplicate_elsewhere": ("Wahrscheinlich doppelt: In einer anderen Fallakte gibt es bereits eine Person mit "
                                   "gleichem Namen und Geburtsdatum – bitte bei der Teamleitung nachfragen. Zum "
                                   "Anlegen trotzdem --allow-duplicate angeben.",
                                   "Likely duplicate: a person with the same name and birth date exists in another "
                                   "caseload – ask your team lead. Use --allow-duplicate to create anyway."),
    "client.duplicate_and_elsewhere": ("Wahrscheinlich doppelt: Es gibt bereits eine Person mit gleichem Namen und "
                                       "Geburtsdatum (Fallnummer {case_numbers}) und weitere in anderen Fallakten – "
                                       "bitte bei der Teamleitung nachfragen. Zum Anlegen trotzdem --allow-duplicate "
                                       "angeben.",
                                       "Likely duplicate: a person with the same name and birth date exists (case "
                                       "number {case_numbers}) and more in other caseloads – ask your team lead. Use "
                                       "--allow-duplicate to create anyway."),
    "user.exists": ("Benutzer*in „{name}“ gibt es bereits.", "User '{name}' already exists."),
    "policy.role": ("Keine Berechtigung: {action} erfordert die Rolle {roles}.",
                    "Not permitted: {action} requires the role {roles}."),
    "policy.not_own_client": ("Keine Berechtigung: Diese Akte gehört zu einer anderen Beratungsperson.",
                              "Not permitted: this record belongs to another counsellor."),
    "policy.user_inactive": ("Benutzer*in ist deaktiviert.", "User is deactivated."),
    "policy.self_deactivate": ("Das eigene Konto kann nicht deaktiviert werden; bitte eine andere Administration "
                               "darum bitten.", "You cannot deactivate your own account; ask another administrator."),
    "print.incomplete": ("Drucken nicht möglich: Es fehlen Angaben für Absender oder Empfänger: {fields}. "
                         "Bitte unter Verwaltung ergänzen (referral-desk org set / agency set).",
                         "Cannot print: sender or recipient details are missing: {fields}. "
                         "Please complete them under Administration (referral-desk org set / agency set)."),
    "print.document_spelling": ("Drucken nicht möglich: Der Name in Akte {case_number} ist nicht in lateinischer Schrift "
                                "und die Schreibweise laut Pass oder Aufenthaltstitel fehlt ({field}). Bitte in der "
                                "Akte ergänzen.",
                                "Cannot print: the name in record {case_number} is not in Latin script and the "
                                "spelling from the passport or residence title is missing ({field}). Please add it "
                                "to the record."),
    "print.return_line": ("Drucken nicht möglich: Die Anschrift der Organisation ({fields}) ist zu lang für die "
                          "Absenderzeile im Sichtfenster. Bitte kürzer erfassen (z. B. „Str.“).",
                          "Cannot print: the organisation's address ({fields}) is too long for the return line in "
                          "the envelope window. Please enter it shorter (e.g. 'Str.')."),
    "policy.last_admin": ("Die letzte aktive Administration kann nicht entfernt werden.",
                          "The last active administrator cannot be removed."),
    # authentication
    "auth.failed": ("Anmeldung fehlgeschlagen: Benutzername oder Passwort falsch.",
                    "Sign-in failed: wrong user name or password."),
    # team database (core/team, docs/team-database.md)
    "team.dsn_invalid": ("{field_label}: keine gültige Verbindungsangabe (postgresql://… oder host=… dbname=…).",
                         "{field_label}: not a valid connection string (postgresql://… or host=… dbname=…)."),
    "team.unreachable": ("Teamdatenbank nicht erreichbar oder ihr Zertifikat nicht überprüfbar (TLS verify-full).",
                         "Team database unreachable or its certificate could not be verified (TLS verify-full)."),
    "team.name_invalid": ("{field_label}: nur Kleinbuchstaben a–z, Ziffern und _ (2–41 Zeichen, Anfang mit "
                          "Buchstabe).",
                          "{field_label}: only lower-case a–z, digits and _ (2–41 characters, starting with a "
                          "letter)."),
    "team.superuser_needed": ("„server init“ braucht eine Verbindung als Superuser der Datenbank.",
                              "'server init' needs a connection as a database superuser."),
    "team.not_empty": ("Die Datenbank ist nicht leer (oder ihre Rollen gibt es schon): „server init“ richtet nur "
                       "eine leere Datenbank ein.",
                       "The database is not empty (or its roles exist already): 'server init' only prepares an "
                       "empty database."),
    "team.user_exists": ("{field_label}: Diese Anmelderolle gibt es auf dem Server schon.",
                         "{field_label}: this login role exists on the server already."),
    "team.command_unsupported": ("{field_label}: „{command}“ gibt es für die Teamdatenbank noch nicht (bisher: "
                                 "client add/get/find/update, user add, server init).",
                                 "{field_label}: '{command}' is not available for the team database yet (so far: "
                                 "client add/get/find/update, user add, server init)."),
    "team.share_too_long": ("{field_label}: Eine Vertretungsfreigabe endet spätestens nach {days} Tagen.",
                            "{field_label}: a cover share ends after {days} days at the latest."),
    "team.share_refused": ("{field_label}: Freigabe nicht möglich (keine aktive Beratungs- oder Leitungsperson "
                           "dieses Namens, oder die Freigabe gibt es nicht).",
                           "{field_label}: cannot share (no active counsellor or lead of that name, or no such "
                           "share)."),
    "team.server_refused": ("Keine Berechtigung: Der Datenbankserver verweigert diesen Zugriff.",
                            "Not permitted: the database server refuses this access."),
    "auth.recovery_failed": ("Wiederherstellungsschlüssel ist falsch.", "The recovery key is wrong."),
    # integrity / vault
    "vault.missing": ("Kein Datentresor in {path}. Mit „referral-desk init“ anlegen.",
                      "No vault in {path}. Create one with 'referral-desk init'."),
    "vault.exists": ("In {path} gibt es bereits einen Datentresor.", "A vault already exists in {path}."),
    "vault.not_empty": ("Verzeichnis {path} ist nicht leer.", "Directory {path} is not empty."),
    "vault.plaintext": ("Die Datenbank ist unverschlüsselt (normale SQLite-Datei). Sie wird nicht geöffnet.",
                        "The database is not encrypted (plain SQLite file). Refusing to open it."),
    "vault.keyring_invalid": ("Schlüsselbund beschädigt oder manipuliert: {detail}.",
                              "Keyring damaged or tampered with: {detail}."),
    "vault.database_unreadable": ("Datenbank beschädigt, manipuliert oder passt nicht zum Schlüsselbund.",
                                  "Database damaged, tampered with, or not matching the keyring."),
    "vault.cipher_version": ("SQLCipher-Version {version} wird nicht unterstützt (4.x nötig).",
                             "SQLCipher version {version} is not supported (4.x required)."),
    "vault.newer_schema": ("Der Datentresor stammt aus einer neueren Programmversion (Schema {found}, "
                           "unterstützt bis {supported}). Bitte Referral Desk aktualisieren.",
                           "The vault was written by a newer version (schema {found}, supported up to "
                           "{supported}). Please update Referral Desk."),
    "vault.id_mismatch": ("Datenbank und Schlüsselbund gehören nicht zusammen.",
                          "Database and keyring do not belong together."),
    "vault.locked": ("Der Datentresor ist gesperrt.", "The vault is locked."),
    "verify.cipher": ("Prüfung fehlgeschlagen: verschlüsselte Seiten beschädigt ({detail}).",
                      "Check failed: encrypted pages damaged ({detail})."),
    "verify.integrity": ("Prüfung fehlgeschlagen: Datenbankstruktur beschädigt ({detail}).",
                         "Check failed: database structure damaged ({detail})."),
    "verify.audit_chain": ("Prüfung fehlgeschlagen: Protokollkette unterbrochen bei Eintrag {seq}.",
                           "Check failed: audit chain broken at entry {seq}."),
    "verify.anchor_invalid": ("Prüfung fehlgeschlagen: Protokollanker (audit-anchor.json) beschädigt oder manipuliert.",
                              "Check failed: audit anchor (audit-anchor.json) damaged or tampered with."),
    "verify.anchor_missing_entry": ("Prüfung fehlgeschlagen: Die Datenbank ist älter als der Protokollanker "
                                    "(Eintrag {seq} fehlt) – sie wurde zurückgesetzt, ersetzt oder hat gespeicherte "
                                    "Änderungen verloren."
                                    " Nur eine Administration kann das nach Prüfung bestätigen (referral-desk verify --acknowledge --reason …).",
                                    "Check failed: the database is older than the audit anchor (entry {seq} "
                                    "missing) – it was rolled back, replaced or lost saved changes."
                                    " Only an administrator can acknowledge this after checking (referral-desk verify --acknowledge --reason …)."),
    "verify.anchor_mismatch": ("Prüfung fehlgeschlagen: Protokolleintrag {seq} weicht vom Anker ab – "
                               "die Datenbank wurde ersetzt oder ihr Protokoll neu geschrieben."
                               " Nur eine Administration kann das nach Prüfung bestätigen (referral-desk verify --acknowledge --reason …).",
                               "Check failed: audit entry {seq} differs from the anchor – the database was replaced "
                               "or its log rewritten."
                               " Only an administrator can acknowledge this after checking (referral-desk verify --acknowledge --reason …)."),
    "verify.anchor_missing": ("Prüfung fehlgeschlagen: Der Protokollanker (audit-anchor.json) fehlt im Datentresor."
                              " Nur eine Administration kann das nach Prüfung bestätigen (referral-desk verify --acknowledge --reason …).",
                              "Check failed: the audit anchor (audit-anchor.json) is missing from the vault."
                              " Only an administrator can acknowledge this after checking (referral-desk verify --acknowledge --reason …)."),
    "verify.nothing_to_acknowledge": ("Keine Abweichung vom Protokollanker – nichts zu bestätigen.",
                                      "No difference from the audit anchor – nothing to acknowledge."),
    "vault.keyring_missing": ("Der Schlüsselbund (keyring.json) fehlt im Datentresor – ohne ihn lässt sich die "
                              "Datenbank nicht öffnen. Aus einer Sicherung wiederherstellen.",
                              "The keyring (keyring.json) is missing from the vault – the database cannot be opened "
                              "without it. Restore it from a backup."),
    "vault.in_use": ("Der Datentresor ist gerade durch ein anderes Programm gesperrt. Bitte kurz warten und "
                     "erneut versuchen (Feld: vault).",
                     "The vault is locked by another program right now. Wait a moment and try again (field: vault)."),
    "vault.rotation_unfinished": ("Warnung: Der Datenschlüssel konnte noch nicht ausgetauscht werden, weil der "
                                  "Datentresor anderswo geöffnet ist. Er wird bei der nächsten Anmeldung ausgetauscht.",
                                  "Warning: the data key could not be replaced yet because the vault is open "
                                  "elsewhere. It will be replaced at the next sign-in."),
    "vault.first_use": ("Hinweis: Dieser Datentresor wird auf diesem Rechner (in diesem Benutzerprofil) zum ersten "
                        "Mal geöffnet. Sein Protokollstand wurde ab jetzt vermerkt; das steht im Protokoll.",
                        "Note: this vault is opened on this computer (in this user profile) for the first time. Its "
                        "audit state is recorded from now on; the audit log says so."),
    "input.kdf": ("Schlüsselableitung: höchstens {max_mib} MiB Speicher und {max_passes} Durchläufe (Feld: kdf).",
                  "Key derivation: at most {max_mib} MiB of memory and {max_passes} passes (field: kdf)."),
    "input.reason_required": ("Bitte einen Grund angeben (Feld: reason).", "Please give a reason (field: reason)."),
    "verify.backup_newer": ("Prüfung fehlgeschlagen: Die Sicherung {name} enthält Protokolleintrag {seq}, "
                            "den die Datenbank nicht (so) enthält – die Datenbank wurde zurückgesetzt oder ersetzt.",
                            "Check failed: backup {name} contains audit entry {seq}, which the database does not "
                            "(or not like this) – the database was rolled back or replaced."),
    "backup.not_a_backup": ("Die Datei ist keine Referral-Desk-Sicherung.", "The file is not a Referral Desk backup."),
    "backup.write_failed": ("Die Sicherung konnte nicht geschrieben werden (Ordner nicht erreichbar oder voll).",
                            "The backup could not be written (folder unreachable or full)."),
    "backup.failed": ("Die Sicherung ist fehlgeschlagen.", "The backup failed."),
    "demo.real_records": ("Beispieldaten gibt es nur im separaten Demo-Tresor: Dieser Datentresor enthält echte "
                          "Akten.", "Demo data only goes into the separate demo vault: this vault holds real "
                          "records."),
    "backup.damaged": ("Die Sicherung ist beschädigt oder wurde verändert.", "The backup is damaged or was altered."),
    "backup.damaged_named": ("Prüfung fehlgeschlagen: Die Sicherung {name} ist beschädigt oder wurde verändert.",
                             "Check failed: backup {name} is damaged or was altered."),
    "backup.unauthenticated": ("Die Sicherung {name} hat das alte Format ohne Prüfsumme über Kopf und Inhalt.",
                               "Backup {name} has the old format without a checksum over header and content."),
    "vault.busy_elsewhere": ("Der Datentresor ist noch in einem anderen Programm geöffnet. Bitte dort schließen "
                             "und erneut versuchen.",
                             "The vault is open in another program. Close it there and try again."),
    "retention.legal_hold": ("Löschung gesperrt: Für diese Akte gilt eine Aufbewahrungssperre (Legal Hold).",
                             "Erasure blocked: this record is under legal hold."),
    "retention.erased": ("Die personenbezogenen Daten dieser Akte wurden bereits gelöscht.",
                         "The personal data of this record were already erased."),
    "unexpected": ("Unerwarteter Fehler (Programmfehler). Details mit --debug.",
                   "Unexpected error (a bug). Run with --debug for details."),
    # --- statistics (issue "Anonymised statistics") -------------------------------------
    "stats.period_start": ("{field_label}: Ein Zeitraum beginnt am Ersten eines Monats "
                           "(Statistiken nie feiner als ein Monat).",
                           "{field_label}: a period starts on the first day of a month "
                           "(statistics are never finer than a month)."),
    "stats.period_end": ("{field_label}: Ein Zeitraum endet am letzten Tag eines Monats "
                         "(Statistiken nie feiner als ein Monat).",
                         "{field_label}: a period ends on the last day of a month "
                         "(statistics are never finer than a month)."),
    "stats.period_calendar": ("{field_label}: Ein Zeitraum ist ein Kalendermonat, ein Quartal, ein Halbjahr oder "
                              "ein Jahr (sonst ließen sich zwei Berichte voneinander abziehen).",
                              "{field_label}: a period is a calendar month, quarter, half-year or year (otherwise "
                              "two reports could be subtracted from each other)."),
    "stats.cell_key_unavailable": ("{field_label}: Das Zellschlüsselverfahren braucht einen Tresor mit "
                                   "Datensatzschlüsseln (Schema 2).",
                                   "{field_label}: the cell-key method needs a vault with record keys (schema 2)."),
    "stats.min_cell_below_org": ("{field_label}: darf nicht kleiner sein als die Mindestfallzahl der "
                                 "Organisation ({min}).",
                                 "{field_label}: must not be smaller than the organisation's minimum cell size "
                                 "({min})."),
    "stats.age_bands": ("{field_label}: Altersgrenzen müssen aufsteigende ganze Zahlen von 1 bis 120 sein.",
                        "{field_label}: age limits must be ascending whole numbers from 1 to 120."),
    "stats.out_path": ("{field_label}: Das Verzeichnis {path} gibt es nicht.",
                       "{field_label}: the directory {path} does not exist."),
    "stats.write_failed": ("{field_label}: Datei kann nicht geschrieben werden: {path}.",
                           "{field_label}: cannot write the file: {path}."),
    "stats.export_refused": ("Keine Berechtigung: Berater*innen sehen nur die Zahlen ihrer eigenen Fälle und "
                             "können keine Statistik exportieren.",
                             "Not permitted: counsellors see the figures of their own cases only and cannot export "
                             "statistics."),
    "stats.disclosure_check": ("Statistik verweigert: Tabelle „{table}“ besteht die Geheimhaltungsprüfung nicht "
                               "({reason} {cell}).",
                               "Statistics refused: table '{table}' fails the disclosure check ({reason} {cell})."),
    # --- end statistics ------------------------------------------------------------------
    # --- consent (issue "Consent: recorded per recipient and data category") -------------
    "consent.not_found": ("Einwilligung mit ID {id} nicht gefunden.", "Consent with ID {id} not found."),
    "consent.health_unconfirmed": ("{field_label}: Gesundheitsdaten nur mit dem gesonderten Kreuz der Klientin / "
                                   "des Klienten auf dem Formular – bitte bestätigen (--health-confirmed).",
                                   "{field_label}: health data only with the client's separate tick on the form – "
                                   "please confirm (--health-confirmed)."),
    "consent.valid_until_order": ("{field_label}: muss nach dem Datum der Einwilligung ({date}) liegen.",
                                  "{field_label}: must be after the date of the consent ({date})."),
    "consent.guardian_required": ("{field_label}: Die Person ist am Tag der Unterschrift {age} Jahre alt (unter 15). "
                                  "Eine sorgeberechtigte Person muss mit unterschreiben; bitte ihren Namen angeben.",
                                  "{field_label}: the person is {age} on the signing date (under 15). A person with "
                                  "parental responsibility must co-sign; please give their name."),
    "consent.category_not_held": ("{field_label}: Einwilligung {id} umfasst {categories} nicht.",
                                  "{field_label}: consent {id} does not include {categories}."),
    "consent.category_already_withdrawn": ("{field_label}: {categories} wurde für Einwilligung {id} bereits "
                                           "widerrufen.",
                                           "{field_label}: {categories} was already withdrawn for consent {id}."),
    "consent.withdrawal_before_previous": ("{field_label}: Ein Widerruf kann nicht vor dem letzten Widerruf "
                                           "({date}) liegen.",
                                           "{field_label}: a withdrawal cannot be dated before the previous one "
                                           "({date})."),
    "consent.no_withdrawal": ("{field_label}: Für Einwilligung {id} ist kein Widerruf erfasst.",
                              "{field_label}: no withdrawal is recorded for consent {id}."),
    "consent.translation_unapproved": ("{field_label}: Die Übersetzung {language} (Vorlage {template} v{version}) "
                                       "ist von der Organisation noch nicht freigegeben. Drucken nur mit "
                                       "ausdrücklicher Bestätigung (--allow-unreviewed); das Blatt trägt dann den "
                                       "Hinweis „noch nicht geprüft“. Freigabe: referral-desk forms approve.",
                                       "{field_label}: the {language} translation (template {template} v{version}) "
                                       "is not approved by the organisation yet. Print only with explicit "
                                       "confirmation (--allow-unreviewed); the sheet then says 'not yet reviewed'. "
                                       "Approve with: referral-desk forms approve."),
    "consent.template_tampered": ("Vorlage {template} ({language}, v{version}) weicht von der freigegebenen "
                                  "Fassung ab (SHA-256 stimmt nicht). Drucken verweigert. Eine korrigierte "
                                  "Übersetzung braucht eine neue Versionsnummer und eine neue Freigabe.",
                                  "Template {template} ({language}, v{version}) differs from the approved file "
                                  "(SHA-256 mismatch). Printing refused. A corrected translation needs a new "
                                  "version number and a new approval."),
    "consent.approve_german": ("{field_label}: Die deutsche Fassung ist verbindlich und braucht keine Freigabe.",
                               "{field_label}: the German version is binding and needs no approval."),
    "consent.referral_withdrawn": ("Überleitung {id}: Die Einwilligung für {categories_de} wurde am {date} "
                                   "widerrufen. Das Blatt wird nicht mehr gedruckt.",
                                   "Referral {id}: consent for {categories_en} was withdrawn on {date}. The sheet "
                                   "is no longer printed."),
    "print.document_name_missing": ("{field_label}: Der Name enthält nicht-lateinische Buchstaben und es ist keine "
                                    "Schreibweise laut Ausweis oder Aufenthaltstitel erfasst. Ohne sie wird nichts "
                                    "an eine Behörde gedruckt.",
                                    "{field_label}: the name contains non-Latin letters and no spelling as in the "
                                    "identity document or residence title is recorded. Nothing is printed for an "
                                    "agency without it."),
    "consent.coverage.partly_withdrawn": ("Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
                                          "Diese Kategorien wurden am {date} widerrufen.",
                                          "No valid consent for {categories_en} towards {recipient}: these "
                                          "categories were withdrawn on {date}."),
    "consent.already_withdrawn": ("Einwilligung {id} wurde bereits am {date} widerrufen.",
                                  "Consent {id} was already withdrawn on {date}."),
    "consent.withdrawal_before_given": ("{field_label}: Ein Widerruf kann nicht vor der Einwilligung ({date}) "
                                        "liegen.",
                                        "{field_label}: a withdrawal cannot be dated before the consent ({date})."),
    "consent.language_unavailable": ("{field_label}: Für „{value}“ gibt es keine Formularvorlage. Verfügbar: "
                                     "{allowed}.",
                                     "{field_label}: there is no form template for '{value}'. Available: {allowed}."),
    "consent.agency_inactive": ("{field_label}: Die Partnerstelle „{key}“ ist deaktiviert.",
                                "{field_label}: the partner agency '{key}' is deactivated."),
    "consent.out_dir": ("{field_label}: Das Verzeichnis {path} gibt es nicht.",
                        "{field_label}: the directory {path} does not exist."),
    "template.invalid": ("Formularvorlage {path} ist fehlerhaft: {detail}.",
                         "Form template {path} is invalid: {detail}."),
    "consent.coverage.covered": ("Einwilligung {consent_id} deckt die Weitergabe von {categories_de} an "
                                 "{recipient} ab.",
                                 "Consent {consent_id} covers passing on {categories_en} to {recipient}."),
    "consent.coverage.no_consent": ("Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
                                    "Für diese Stelle ist keine Einwilligung erfasst.",
                                    "No valid consent for {categories_en} towards {recipient}: no consent is "
                                    "recorded for this agency."),
    "consent.coverage.expired": ("Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
                                 "Die letzte Einwilligung für diese Stelle ist am {date} abgelaufen.",
                                 "No valid consent for {categories_en} towards {recipient}: the latest consent "
                                 "for this agency expired on {date}."),
    "consent.coverage.withdrawn": ("Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
                                   "Die Einwilligung wurde am {date} widerrufen.",
                                   "No valid consent for {categories_en} towards {recipient}: the consent was "
                                   "withdrawn on {date}."),
    "consent.coverage.not_yet_valid": ("Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: "
                                       "Die Einwilligung gilt erst ab {date}.",
                                       "No valid consent for {categories_en} towards {recipient}: the consent "
                                       "applies only from {date}."),
    "consent.coverage.missing_categories": ("Keine gültige Einwilligung für {categories_de} gegenüber "
                                            "{recipient}: Einwilligung {consent_id} umfasst diese Daten nicht.",
                                            "No valid consent for {categories_en} towards {recipient}: consent "
                                            "{consent_id} does not include these data."),
    "consent.coverage.split": ("Keine gültige Einwilligung für {categories_de} gegenüber {recipient}: Die Daten "
                               "sind auf mehrere Einwilligungen verteilt; eine Weitergabe braucht eine "
                               "Einwilligung, die alle Daten umfasst.",
                               "No valid consent for {categories_en} towards {recipient}: the data are spread "
                               "over several consents; passing them on needs one consent that covers them all."),
    # --- end consent ---------------------------------------------------------------------
    # --- referrals (issue "Referral sheets ...: consent-gated PDF, printing and tracking") -
    "referral.not_found": ("Überleitung mit ID {id} nicht gefunden.", "Referral with ID {id} not found."),
    "referral.illegal_transition": ("{field_label}: Eine Überleitung im Status „{from_de}“ ({from_status}) kann "
                                    "nicht auf „{to_de}“ ({to_status}) gesetzt werden. Möglich: {allowed_de}.",
                                    "{field_label}: a referral with status '{from_en}' ({from_status}) cannot be set "
                                    "to '{to_en}' ({to_status}). Possible: {allowed_en}."),
    "referral.reason_required": ("{field_label}: Bei einer Ablehnung ist der Grund anzugeben.",
                                 "{field_label}: a rejection needs a reason."),
    "referral.identity_required": ("{field_label}: Eine Überleitung nennt immer die Person – die Kategorie "
                                   "„Identität“ (identity) muss enthalten sein.",
                                   "{field_label}: a referral always names the person – the category "
                                   "'Identity' (identity) must be included."),
    "referral.date_before_created": ("{field_label}: darf nicht vor dem {date} liegen (Datum der Überleitung "
                                     "bzw. der letzten Statusänderung).",
                                     "{field_label}: must not be before {date} (date of the referral or of its "
                                     "last status change)."),
    "referral.feedback_state": ("Eine Rückmeldung kann nur zu einer versandten Überleitung erfasst werden "
                                "(Status jetzt: „{status_de}“).",
                                "Feedback can only be recorded for a referral that was sent (status now: "
                                "'{status_en}')."),
    "referral.print_withdrawn": ("Überleitung {id} wurde zurückgezogen und wird nicht mehr gedruckt.",
                                 "Referral {id} was withdrawn and is no longer printed."),
    "referral.client_erased": ("Die personenbezogenen Daten dieser Akte wurden gelöscht; eine Überleitung ist "
                               "nicht mehr möglich.",
                               "The personal data of this record were erased; a referral is no longer possible."),
    "referral.out_dir": ("{field_label}: Das Verzeichnis {path} gibt es nicht.",
                         "{field_label}: the directory {path} does not exist."),
    "referral.copies": ("{field_label}: „{value}“ ist nicht zulässig. Erlaubt: {allowed}.",
                        "{field_label}: '{value}' is not allowed. Allowed: {allowed}."),
    # --- end referrals -----------------------------------------------------------------
    # --- case work ---
    "plan.goal_not_found": ("Förderplan-Ziel mit ID {id} nicht gefunden.", "Support-plan goal with ID {id} not found."),
    "plan.step_not_found": ("Förderplan-Schritt mit ID {id} nicht gefunden.", "Support-plan step with ID {id} not found."),
    "plan.empty": ("Für diese Person gibt es noch keinen Förderplan (keine Ziele).",
                   "This person has no support plan yet (no goals)."),
    "group.more_clients_than_participants": ("{field_label}: mehr angemeldete Klient*innen als Teilnehmende "
                                             "({participants}).",
                                             "{field_label}: more registered clients than participants "
                                             "({participants})."),
    "organisation.service_in_use": ("{field_label}: „{service}“ wird noch von Akten oder Gruppenangeboten verwendet.",
                                    "{field_label}: '{service}' is still used by records or group sessions."),
    # --- end case work ---
    # --- consent purposes (withdrawal of purposes) ---
    "consent.purpose_not_held": ("{field_label}: Einwilligung {id} umfasst den Zweck {purposes} nicht.",
                                 "{field_label}: consent {id} does not include the purpose {purposes}."),
    "consent.purpose_already_withdrawn": ("{field_label}: Der Zweck {purposes} wurde für Einwilligung {id} bereits "
                                          "widerrufen.",
                                          "{field_label}: the purpose {purposes} was already withdrawn for consent "
                                          "{id}."),
    "purpose.withdrawn": ("Keine passende Einwilligung: Der Zweck „{purpose}“ wurde aus der Einwilligung Nr. "
                          "{consent_id} widerrufen.",
                          "No matching consent: the purpose '{purpose}' was withdrawn from consent no. {consent_id}."),
    # --- end consent purposes ---
}

# German labels of JSON fields for messages; unknown fields are shown by key only.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "family_name": ("Familienname", "Family name"),
    "given_names": ("Vorname(n)", "Given names"),
    "birth_date": ("Geburtsdatum", "Birth date"),
    "gender": ("Geschlecht", "Gender"),
    "nationalities": ("Staatsangehörigkeit", "Nationality"),
    "preferred_language": ("Bevorzugte Sprache", "Preferred language"),
    "residence_status": ("Aufenthaltsstatus", "Residence status"),
    "residence_valid_until": ("Aufenthalt gültig bis", "Residence valid until"),
    "employment_permitted": ("Erwerbstätigkeit erlaubt", "Employment permitted"),
    "german_level": ("Deutschkenntnisse", "German level"),
    "integration_course": ("Integrationskurs", "Integration course"),
    "interpreter_needed": ("Dolmetschung nötig", "Interpreter needed"),
    "arrival_date": ("Einreisedatum", "Arrival date"),
    "phone": ("Telefon", "Phone"),
    "email": ("E-Mail", "E-mail"),
    "address": ("Adresse", "Address"),
    "address.street": ("Straße", "Street"),
    "address.postal_code": ("Postleitzahl", "Postal code"),
    "address.city": ("Ort", "City"),
    "jobcenter_customer_number": ("Kundennummer Jobcenter", "Jobcenter customer number"),
    "notes": ("Notizen", "Notes"),
    "document_family_name": ("Familienname laut Dokument", "Family name as in the document"),
    "document_given_names": ("Vorname(n) laut Dokument", "Given names as in the document"),
    "school_education": ("Schulbildung", "School education"),
    "vocational_training": ("Berufsausbildung/Studium", "Vocational training/studies"),
    "vocational_field": ("Ausbildungsberuf/Studienfach", "Trade or subject"),
    "recognition_profession": ("Anerkennung: Beruf", "Recognition: profession"),
    "recognition_status": ("Anerkennung: Stand", "Recognition: status"),
    "recognition_body": ("Anerkennung: zuständige Stelle", "Recognition: competent body"),
    "employment_status": ("Erwerbsstatus", "Employment status"),
    "last_occupation": ("Zuletzt ausgeübter Beruf", "Last occupation"),
    "benefit_type": ("Leistungsbezug", "Benefits received"),
    "jobcenter_bg_number": ("BG-Nummer Jobcenter", "Jobcenter benefit-unit (BG) number"),
    "ba_customer_number": ("Kundennummer Agentur für Arbeit", "Employment agency customer number"),
    "abh_file_reference": ("Aktenzeichen Ausländerbehörde", "Immigration office file reference"),
    "date": ("Datum", "Date"),
    "minutes": ("Dauer (Minuten)", "Duration (minutes)"),
    "topics": ("Themen", "Topics"),
    "mode": ("Kontaktart", "Mode"),
    "language": ("Sprache", "Language"),
    "note": ("Notiz", "Note"),
    "name": ("Benutzername", "User name"),
    "display_name": ("Anzeigename", "Display name"),
    "role": ("Rolle", "Role"),
    "org_name": ("Name der Organisation", "Organisation name"),
    "street": ("Straße und Hausnummer", "Street and number"),
    "postal_code": ("Postleitzahl", "Postal code"),
    "city": ("Ort", "City"),
    "dpo_name": ("Datenschutzbeauftragte*r", "Data-protection officer"),
    "dpo_email": ("E-Mail der/des Datenschutzbeauftragten", "Data-protection officer's e-mail"),
    "dpo_address": ("Anschrift der/des Datenschutzbeauftragten", "Data-protection officer's address"),
    "services": ("Angebotene Dienste", "Services offered"),
    "department": ("Abteilung/Team", "Department/team"),
    "contact_person": ("Ansprechperson", "Contact person"),
    "kind": ("Art der Stelle", "Kind of agency"),
    "active": ("Aktiv", "Active"),
    "key": ("Kürzel", "Key"),
    "legal_regime": ("Datenschutzrecht", "Data-protection law"),
    "service": ("Dienst", "Service"),
    "password": ("Passwort", "Password"),
    "current_password": ("Bisheriges Passwort", "Current password"),
    "new_password": ("Neues Passwort", "New password"),
    "clients": ("Anzahl", "Count"),
    # --- statistics ---
    "from": ("Zeitraum von", "Period from"),
    "to": ("Zeitraum bis", "Period to"),
    "format": ("Format", "Format"),
    "min_cell": ("Mindestfallzahl", "Minimum cell size"),
    "out": ("Ausgabedatei", "Output file"),
    "top_nationalities": ("Anzahl Staatsangehörigkeiten", "Number of nationalities"),
    "age_bands": ("Altersgruppen", "Age bands"),
    "period": ("Zeitraum", "Period"),
    "year": ("Jahr", "Year"),
    "month": ("Monat", "Month"),
    "quarter": ("Quartal", "Quarter"),
    "half": ("Halbjahr", "Half-year"),
    "profile": ("Berichtsprofil", "Report profile"),
    "method": ("Geheimhaltungsverfahren", "Disclosure-control method"),
    # --- consent ---
    "recipient": ("Empfänger", "Recipient"),
    "categories": ("Datenkategorien", "Data categories"),
    "guardian": ("Sorgeberechtigte Person", "Person with parental responsibility"),
    "allow_unreviewed": ("Ungeprüfte Übersetzung drucken", "Print unreviewed translation"),
    "purpose": ("Zweck", "Purpose"),
    "given_on": ("Erteilt am", "Given on"),
    "valid_until": ("Gültig bis", "Valid until"),
    "direction": ("Richtung", "Direction"),
    "health_confirmed": ("Gesondertes Kreuz für Gesundheitsdaten", "Separate tick for health data"),
    "interpreter_used": ("Dolmetschung", "Interpreter"),
    "interpreter_language": ("Sprache der Dolmetschung", "Interpreter language"),
    "consent_id": ("Einwilligung", "Consent"),
    "on": ("Datum des Widerrufs", "Date of withdrawal"),
    "reason": ("Grund", "Reason"),
    "source": ("Eingang des Widerrufs", "How the withdrawal was received"),
    "template": ("Formularvorlage", "Form template"),
    "client_id": ("Klient*in", "Client"),
    # --- end consent ---
    # --- referrals ---
    "referral_id": ("Überleitung", "Referral"),
    "request": ("Anliegen", "Request"),
    "requested_action": ("Erbetene Maßnahme", "Requested action"),
    "urgency": ("Dringlichkeit", "Urgency"),
    "deadline": ("Frist", "Deadline"),
    "attachments": ("Anlagen", "Attachments"),
    "follow_up_on": ("Wiedervorlage am", "Follow-up on"),
    "created_on": ("Datum der Überleitung", "Date of the referral"),
    "status": ("Status", "Status"),
    "changed_on": ("Datum der Statusänderung", "Date of the status change"),
    "received_on": ("Rückmeldung vom", "Feedback dated"),
    "feedback_from": ("Rückmeldung von", "Feedback from"),
    "outcome": ("Ergebnis", "Outcome"),
    "next_steps": ("Nächste Schritte", "Next steps"),
    "copies": ("Ausfertigungen", "Copies"),
    # --- end referrals ---
    # --- case work ---
    "with_family": ("Mitberatene Familienangehörige", "Family members counselled alongside"),
    "access_route": ("Zugangsweg", "Access route"),
    "area": ("Lebensbereich", "Life area"),
    "goal": ("Ziel", "Goal"),
    "goal_id": ("Ziel", "Goal"),
    "step_id": ("Schritt", "Step"),
    "set_on": ("Ziel vereinbart am", "Goal set on"),
    "due_on": ("Fällig am", "Due on"),
    "done_on": ("Erledigt am", "Done on"),
    "on_date": ("Datum der Überprüfung", "Review date"),
    "responsible": ("Zuständig", "Responsible"),
    "text": ("Schritt", "Step"),
    "participants": ("Teilnehmende", "Participants"),
    "topic": ("Thema", "Topic"),
    "to_whom": ("Verwiesen an", "Signposted to"),
    "client_ids": ("Angemeldete Klient*innen", "Registered clients"),
    "days": ("Tage", "Days"),
    "attribute": ("Merkmal", "Attribute"),
    "value": ("Wert", "Value"),
    "valid_from": ("Gültig ab", "Valid from"),
    "services": ("Angebote der Organisation", "Services of the organisation"),
    # --- end case work ---
    # --- statistics (issue 14) ---
    "residence_basis": ("Rechtsgrundlage des Aufenthalts", "Legal basis of residence"),
    "purposes": ("Zwecke", "Purposes"),
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


def render(code: str, lang: str = "de", **params: Any) -> str:
    lang = "en" if lang == "en" else "de"
    pair = MESSAGES.get(code)
    if pair is None:
        return code
    template = pair[0] if lang == "de" else pair[1]
    values = {k: ("" if v is None else v) for k, v in params.items()}
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
