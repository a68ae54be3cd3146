<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="de_DE">
<context>
    <name></name>
    <message>
        <location filename="../../referral_desk/ui/clients/contact_dialog.py" line="+454"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dauer</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kontaktart</source>
        <translation>Type of contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Themen</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dolmetschung</source>
        <translation>Interpreting</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Berater*in</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mitberaten</source>
        <translation>Counselled alongside</translation>
    </message>
    <message>
        <location filename="../../referral_desk/ui/casework/reminders.py" line="+41"/>
        <source>1 Aufenthaltstitel läuft ab</source>
        <translation>1 residence title expiring</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%n Aufenthaltstitel laufen ab</source>
        <translation>%n residence titles expiring</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 Schritt im Förderplan fällig</source>
        <translation>1 support-plan step due</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n Schritte im Förderplan fällig</source>
        <translation>%n support-plan steps due</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>1 Überleitung mit fälliger Wiedervorlage</source>
        <translation>1 referral due for follow-up</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%n Überleitungen mit fälliger Wiedervorlage</source>
        <translation>%n referrals due for follow-up</translation>
    </message>
</context>
<context>
    <name>AdminPage</name>
    <message>
        <location filename="../../referral_desk/ui/admin_page.py" line="+1016"/>
        <source>&amp;Benutzerkonten</source>
        <translation>&amp;User accounts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Partnerstellen</source>
        <translation>&amp;Partner agencies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Organisation und Einstellungen</source>
        <translation>&amp;Organisation and settings</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Datenschutz</source>
        <translation>&amp;Data protection</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Einwilligungsformulare</source>
        <translation>&amp;Consent forms</translation>
    </message>
</context>
<context>
    <name>AgenciesTab</name>
    <message>
        <location line="-535"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ort</source>
        <translation>City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aktiv</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Neue Partnerstelle …</source>
        <translation>&amp;New partner agency …</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Aktiv (als Empfänger wählbar)</source>
        <translation>Active (can be chosen as a recipient)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eingebaute Partnerstelle: Die Art ist festgelegt.</source>
        <translation>Built-in partner agency: its kind is fixed.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kurzes Kürzel für Befehle und Vorlagen (a–z, 0–9, -), später nicht änderbar.</source>
        <translation>Short key for commands and templates (a–z, 0–9, -); cannot be changed later.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partnerstelle &amp;speichern</source>
        <translation>&amp;Save partner agency</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Name *</source>
        <translation>&amp;Name *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Kürzel *</source>
        <translation>&amp;Key *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A&amp;rt</source>
        <translation>Ki&amp;nd</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Abteilung / Team</source>
        <translation>&amp;Department / team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ansprech&amp;person</source>
        <translation>Contact &amp;person</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;traße und Hausnummer</source>
        <translation>S&amp;treet and number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Postleitzahl</source>
        <translation>Post&amp;al code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ort</source>
        <translation>&amp;City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tele&amp;fon</source>
        <translation>P&amp;hone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-Mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Neue Partnerstelle</source>
        <translation>New partner agency</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Partnerstelle bearbeiten</source>
        <translation>Edit partner agency</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Dieses Kürzel ist schon vergeben.</source>
        <translation>This key is already taken.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gespeichert.</source>
        <translation>Saved.</translation>
    </message>
</context>
<context>
    <name>ChangePasswordDialog</name>
    <message>
        <location filename="../../referral_desk/ui/password_dialogs.py" line="+165"/>
        <source>Passwort ändern</source>
        <translation>Change password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Das neue Passwort gilt ab sofort für Ihr Benutzerkonto. Die Daten bleiben unverändert.</source>
        <translation>The new password applies to your account at once. The data stay unchanged.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Passwort &amp;ändern</source>
        <translation>&amp;Change password</translation>
    </message>
</context>
<context>
    <name>CheckPage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="+431"/>
        <source>Prüfen</source>
        <translation>Check</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jede Zeile wird wie eine Eingabe von Hand geprüft, Dubletten in der Liste und unter den schon erfassten Klient*innen werden gesucht. Noch wird nichts gespeichert.</source>
        <translation>Every row is checked like a record entered by hand; duplicates within the list and among the clients already recorded are looked for. Nothing is saved yet.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+6"/>
        <source>überspringen</source>
        <translation>skip</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>trotzdem anlegen</source>
        <translation>create anyway</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Import ablehnen</source>
        <translation>refuse the import</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Import ablehnen (erst korrigieren)</source>
        <translation>refuse the import (correct first)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Zeile</source>
        <translation>Row</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Spalte</source>
        <translation>Column</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Wahrscheinliche Dubletten:</source>
        <translation>Likely duplicates:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ungültige Zeilen:</source>
        <translation>Invalid rows:</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Importieren</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Die Liste wird geprüft …</source>
        <translation>Checking the list …</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 Zeilen gelesen · %2 werden angelegt · %3 wahrscheinliche Dubletten · %4 ungültige Zeilen</source>
        <translation>%1 rows read · %2 will be created · %3 likely duplicates · %4 invalid rows</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ungültige Zeilen: bitte die Liste korrigieren oder „überspringen“ wählen.</source>
        <translation>Invalid rows: please correct the list or choose &quot;skip&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dubletten: „überspringen“ oder „trotzdem anlegen“ wählen.</source>
        <translation>Duplicates: choose &quot;skip&quot; or &quot;create anyway&quot;.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Dieselbe Person wie in Zeile %1</source>
        <translation>Same person as row %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schon erfasst: Fallnummer %1</source>
        <translation>Already recorded: case number %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schon erfasst (Akte einer anderen Beratungskraft)</source>
        <translation>Already recorded (another counsellor&apos;s record)</translation>
    </message>
</context>
<context>
    <name>ClientForm</name>
    <message>
        <location filename="../../referral_desk/ui/clients/record.py" line="+330"/>
        <source>Dolmetschung nötig</source>
        <translation>Interpreter needed</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Stufen des Gemeinsamen Europäischen Referenzrahmens, Bezeichnungen nach § 2 Abs. 9–12 AufenthG</source>
        <translation>Levels of the Common European Framework of Reference (CEFR); terms as defined in section 2(9)–(12) of the German Residence Act (AufenthG)</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+247"/>
        <source>– nicht erfasst –</source>
        <translation>– not recorded –</translation>
    </message>
    <message>
        <location line="-233"/>
        <source>Standard der Organisation</source>
        <translation>Organisation&apos;s default</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>– nicht erfragt –</source>
        <translation>– not asked –</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Kunden- oder BG-Nummer</source>
        <translation>Customer or benefit-household (BG) number</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Familienname *</source>
        <translation>Family name *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vorname(n) *</source>
        <translation>Given name(s) *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Geburtsdatum *</source>
        <translation>Date of birth *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Geschlecht</source>
        <translation>Gender</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staatsangehörigkeit</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bevorzugte Sprache</source>
        <translation>Preferred language</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Deutschkenntnisse und Integrationskurs</source>
        <translation>German skills and integration course</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Deutschkenntnisse</source>
        <translation>German skills</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Integrationskurs</source>
        <translation>Integration course</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Angebot und Zugang</source>
        <translation>Service and access</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Angebot</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zugangsweg</source>
        <translation>Access route</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Aufenthalt und Arbeit</source>
        <translation>Residence and work</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Aufenthaltsstatus</source>
        <translation>Residence status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rechtsgrundlage</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aufenthalt gültig bis</source>
        <translation>Residence permit valid until</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erwerbstätigkeit erlaubt</source>
        <translation>Employment permitted</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Einreisedatum</source>
        <translation>Date of entry</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Erreichbarkeit und Jobcenter</source>
        <translation>Contact details and Jobcenter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Telefon</source>
        <translation>Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-Mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Straße und Hausnummer</source>
        <translation>Street and number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PLZ und Ort</source>
        <translation>Postal code and city</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kundennummer Jobcenter</source>
        <translation>Jobcenter customer number</translation>
    </message>
    <message>
        <location line="+172"/>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="-374"/>
        <location line="+207"/>
        <source>Notizen</source>
        <translation>Notes</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>* Pflichtfeld. Leere Datumsfelder bedeuten „unbekannt“.</source>
        <translation>* Required field. Empty date fields mean &quot;unknown&quot;.</translation>
    </message>
    <message>
        <location line="-152"/>
        <source>wie im Pass oder Aufenthaltstitel</source>
        <translation>as in the passport or residence title</translation>
    </message>
    <message>
        <location line="-73"/>
        <source>PLZ</source>
        <translation>Postcode</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ort</source>
        <translation>Town</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Der Name ist nicht in lateinischer Schrift. Für Briefe an Behörden bitte die Schreibweise aus dem Pass oder Aufenthaltstitel eintragen – ohne sie wird kein Schreiben gedruckt.</source>
        <translation>The name is not in Latin script. For letters to agencies please enter the spelling from the passport or residence title – without it no letter is printed.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Beruf oder Studienfach</source>
        <translation>Trade or subject</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>z. B. IHK FOSA, Landesamt</source>
        <translation>e.g. IHK FOSA, state office</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Familienname laut Dokument</source>
        <translation>Family name as in document</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vorname(n) laut Dokument</source>
        <translation>Given names as in document</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Schule, Beruf, Arbeit und Leistungen</source>
        <translation>School, training, work and benefits</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schulbildung</source>
        <translation>School education</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Berufsausbildung/Studium</source>
        <translation>Vocational training/studies</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beruf/Studienfach</source>
        <translation>Trade/subject</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anerkennung: Beruf</source>
        <translation>Recognition: profession</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anerkennung: Stand</source>
        <translation>Recognition: status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anerkennung: Stelle</source>
        <translation>Recognition: competent body</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erwerbsstatus</source>
        <translation>Employment status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zuletzt ausgeübter Beruf</source>
        <translation>Last occupation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leistungsbezug</source>
        <translation>Benefits received</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>BG-Nummer Jobcenter</source>
        <translation>Jobcenter benefit-unit (BG) number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kundennummer Agentur für Arbeit</source>
        <translation>Employment agency customer number</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Aktenzeichen Ausländerbehörde</source>
        <translation>Immigration office file reference</translation>
    </message>
</context>
<context>
    <name>ClientListModel</name>
    <message>
        <location filename="../../referral_desk/ui/clients/list_model.py" line="+48"/>
        <source>Fallnummer</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Familienname</source>
        <translation>Family name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vorname(n)</source>
        <translation>Given name(s)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Staatsangehörigkeit</source>
        <translation>Nationality</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aufenthaltsstatus</source>
        <translation>Residence status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Berater*in</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Letzter Kontakt</source>
        <translation>Last contact</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>geschlossen</source>
        <translation>closed</translation>
    </message>
</context>
<context>
    <name>ClientRecord</name>
    <message>
        <location filename="../../referral_desk/ui/clients/record.py" line="+280"/>
        <source>Stammdaten</source>
        <translation>Personal details</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beratungskontakte</source>
        <translation>Counselling contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Einwilligungen</source>
        <translation>Consents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Überleitungen</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Förderplan</source>
        <translation>Support plan</translation>
    </message>
    <message>
        <location line="+60"/>
        <location line="+448"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="-446"/>
        <source>Speichern (Strg+S)</source>
        <translation>Save (Ctrl+S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Vertretung …</source>
        <translation>&amp;Cover …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Akte befristet für eine Kollegin oder einen Kollegen freigeben</source>
        <translation>Share the record with a colleague for a limited time</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Erst nach dem Speichern der Stammdaten verfügbar</source>
        <translation>Available once the personal details have been saved</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Neue Klient*in anlegen</source>
        <translation>Create new client</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Klient*in wird geladen …</source>
        <translation>Loading client …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Neue Klient*in</source>
        <translation>New client</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Klient*in</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>geschlossen</source>
        <translation>closed</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>geb. %1</source>
        <translation>born %1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Berater*in: %1</source>
        <translation>Counsellor: %1</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Entwurf wiederhergestellt – noch nicht gespeichert</source>
        <translation>Draft restored – not saved yet</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Wird gespeichert …</source>
        <translation>Saving …</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Möglicherweise doppelt</source>
        <translation>Possible duplicate</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>Es gibt bereits eine Person mit diesem Namen und Geburtsdatum (Fallnummer %1). Trotzdem anlegen?</source>
        <translation>There is already a person with this name and date of birth (case number %1). Create anyway?</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Bitte zuerst prüfen, ob die vorhandene Akte dieselbe Person ist.</source>
        <translation>Please check first whether the existing record belongs to the same person.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trotzdem anlegen</source>
        <translation>Create anyway</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nicht anlegen</source>
        <translation>Do not create</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Nicht angelegt.</source>
        <translation>Not created.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Gespeichert um %1</source>
        <translation>Saved at %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Keine Änderungen.</source>
        <translation>No changes.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Die Akte wurde inzwischen geändert – wird zum Vergleich geladen …</source>
        <translation>The record was changed meanwhile – loading it for comparison …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nicht gespeichert.</source>
        <translation>Not saved.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Nicht gespeichert – die Akte wurde inzwischen geändert.</source>
        <translation>Not saved – the record was changed meanwhile.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Entwurf mit der inzwischen gespeicherten Akte zusammengeführt – bitte prüfen und speichern.</source>
        <translation>Draft merged with the record as saved meanwhile – please check and save.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Ungespeicherte Änderungen</source>
        <translation>Unsaved changes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Die Änderungen an dieser Akte sind noch nicht gespeichert.</source>
        <translation>The changes to this record have not been saved yet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Jetzt speichern?</source>
        <translation>Save now?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verwerfen</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="-168"/>
        <source>Eine wahrscheinlich doppelte Akte gibt es in einer anderen Fallakte – bitte bei der Teamleitung nachfragen. Trotzdem anlegen?</source>
        <translation>A likely duplicate exists in another caseload – ask your team lead. Create anyway?</translation>
    </message>
    <message>
        <location line="-211"/>
        <source>Für Briefe an Behörden bitte die Schreibweise aus dem Pass oder Aufenthaltstitel eintragen.</source>
        <translation>For letters to agencies please enter the spelling from the passport or residence title.</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/page.py" line="+99"/>
        <source>Suchen: Name (jede Schreibweise), Geburtsdatum TT.MM.JJJJ oder Fallnummer</source>
        <translation>Search: name (any spelling), date of birth DD.MM.YYYY or case number</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Alle Klient*innen</source>
        <translation>All clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Meine Klient*innen</source>
        <translation>My clients</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ohne Teamzugriff sehen Berater*innen nur ihre eigenen Klient*innen.</source>
        <translation>Without team access, counsellors see only their own clients.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alle Fälle</source>
        <translation>All cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offene Fälle</source>
        <translation>Open cases</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Geschlossene Fälle</source>
        <translation>Closed cases</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alle Angebote</source>
        <translation>All services</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Neu</source>
        <translation>New</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Neue Klient*in anlegen</source>
        <translation>Create new client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Importieren …</source>
        <translation>Import …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Klientenliste aus Excel, LibreOffice oder CSV importieren</source>
        <translation>Import a client list from Excel, LibreOffice or CSV</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>Keine Treffer</source>
        <translation>No matches</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Filter auf „Alle …“ stellen, um mehr zu sehen</source>
        <translation>Set the filters to &quot;All …&quot; to see more</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 Klient*in</source>
        <translation>1 client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 Klient*innen</source>
        <translation>%1 clients</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Wird geladen …</source>
        <translation>Loading …</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <location filename="../../referral_desk/ui/consent/tab.py" line="+228"/>
        <source>Anderer Zweck in eigenen Worten</source>
        <translation>Other purpose in your own words</translation>
    </message>
    <message>
        <location line="+415"/>
        <source>Bitte mindestens einen Zweck wählen (bei „Anderer Zweck“ mit eigenen Worten).</source>
        <translation>Please choose at least one purpose (for “Other purpose”, in your own words).</translation>
    </message>
    <message>
        <location line="-552"/>
        <source>Aus der Akte:</source>
        <translation>From the record:</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Einwilligung erfassen</source>
        <translation>Record consent</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Welche Daten? (nur das Nötige ankreuzen)</source>
        <translation>Which data? (tick only what is necessary)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Gesundheitsdaten (besonders geschützt)</source>
        <translation>Health data (specially protected)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gesundheitsdaten einbeziehen</source>
        <translation>Include health data</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Die Person hat das gesonderte Kästchen für Gesundheitsdaten auf dem Formular selbst angekreuzt</source>
        <translation>The person ticked the separate box for health data on the form themselves</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nur an die Stelle (eine Richtung)</source>
        <translation>To the agency only (one way)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In beide Richtungen (die Stelle darf zurückmelden)</source>
        <translation>Both ways (the agency may report back)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mit Dolmetschung</source>
        <translation>With an interpreter</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Ungeprüfte Übersetzung trotzdem drucken (das Blatt trägt dann den Hinweis „noch nicht geprüft“)</source>
        <translation>Print the unreviewed translation anyway (the sheet then says &apos;not yet reviewed&apos;)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sprache der Dolmetschung</source>
        <translation>Interpreting language</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Empfänger *</source>
        <translation>Recipient *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zweck *</source>
        <translation>Purpose *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gültig bis *</source>
        <translation>Valid until *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Richtung</source>
        <translation>Direction</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sprache des Formulars</source>
        <translation>Form language</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Sorgeberechtigte Person</source>
        <translation>Person with parental responsibility</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Vorschau</source>
        <translation>Preview</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Drucken …</source>
        <translation>Print …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Direktes Drucken braucht das Qt-PDF-Modul. Bitte als PDF speichern und mit einem PDF-Programm drucken.</source>
        <translation>Printing directly needs the Qt PDF module. Please save as PDF and print it from a PDF viewer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Als PDF speichern …</source>
        <translation>Save as PDF …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Unterschrift</source>
        <translation>Signature</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Zuerst die Erklärung mit diesen Angaben drucken oder als PDF speichern und unterschreiben lassen.</source>
        <translation>First print the declaration with these details, or save it as PDF, and have it signed.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unterschrieben am</source>
        <translation>Signed on</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Einwilligung speichern</source>
        <translation>Save consent</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+89"/>
        <source>Sorgeberechtigte Person *</source>
        <translation>Person with parental responsibility *</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Die Person ist heute %1 Jahre alt (unter 15): eine sorgeberechtigte Person unterschreibt mit.</source>
        <translation>The person is %1 today (under 15): a person with parental responsibility co-signs.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sorgeberechtigte Person (freiwillig)</source>
        <translation>Person with parental responsibility (optional)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Die Person ist heute %1 Jahre alt und willigt selbst ein. Das Formular hat eine Zeile für Ihren Vermerk zur Einsichtsfähigkeit.</source>
        <translation>The person is %1 today and consents personally. The form has a line for your note on their understanding.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Übersetzung von der Organisation freigegeben.</source>
        <translation>Translation approved by the organisation.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diese Übersetzung ist noch nicht geprüft und nicht freigegeben.</source>
        <translation>This translation is not reviewed or approved yet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Die Vorlage weicht von der freigegebenen Fassung ab – Drucken nicht möglich.</source>
        <translation>The template differs from the approved version – it cannot be printed.</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Deutsch + %1</source>
        <translation>German + %1</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Angaben geändert – bitte die Erklärung neu drucken.</source>
        <translation>Details changed – please print the declaration again.</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Gedruckt (%1 Seiten).</source>
        <translation>Printed (%1 pages).</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Gespeichert: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Einwilligungserklärung speichern</source>
        <translation>Save consent form</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
</context>
<context>
    <name>ConsentFormsTab</name>
    <message>
        <location filename="../../referral_desk/ui/consent/forms_tab.py" line="+69"/>
        <source>z. B. geprüft von … (Übersetzerin / Übersetzer)</source>
        <translation>e.g. reviewed by … (translator)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Übersetzung freigeben</source>
        <translation>Approve translation</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Übersetzungen gelten als ungeprüft, bis die Organisation die Fassung freigibt. Freigegeben wird genau diese Datei (SHA-256); wird sie danach verändert, wird nicht mehr gedruckt. Eine korrigierte Übersetzung braucht eine neue Versionsnummer (siehe docs/consent.md).</source>
        <translation>Translations count as unreviewed until the organisation approves the version. Exactly this file is approved (SHA-256); if it is changed afterwards, nothing is printed. A corrected translation needs a new version number (see docs/consent.md).</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>In der Teamdatenbank gelten die mitgelieferten Vorlagen; eigene Vorlagendateien der Organisation liegen im Ordner eines Arbeitsplatz-Tresors und sind hier nicht verfügbar.</source>
        <translation>On a team database the shipped templates apply; an organisation&apos;s own template files live in a desk vault&apos;s folder and are not available here.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vorlagen und Freigaben</source>
        <translation>Templates and approvals</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Datenschutz-Aufsichtsbehörde (wird auf jeder Erklärung gedruckt)</source>
        <translation>Data-protection supervisory authority (printed on every declaration)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Straße</source>
        <translation>Street</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PLZ</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ort</source>
        <translation>City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-Mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Aufsichtsbehörde speichern</source>
        <translation>Save supervisory authority</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>verbindlich</source>
        <translation>binding</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>freigegeben</source>
        <translation>approved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>ungeprüft</source>
        <translation>not reviewed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>VERÄNDERT – Druck gesperrt</source>
        <translation>CHANGED – printing blocked</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Dari</source>
        <translation>Dari</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>eigene Datei</source>
        <translation>own file</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>mitgeliefert</source>
        <translation>shipped</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Rechtsrahmen: %1.</source>
        <translation>Legal framework: %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Noch nicht geprüft und daher leer: %1. Bitte auf der Website der Behörde nachsehen und eintragen; bis dahin werden keine Erklärungen gedruckt.</source>
        <translation>Not verified and therefore empty: %1. Please check the authority&apos;s website and enter it; until then no declarations are printed.</translation>
    </message>
</context>
<context>
    <name>ConsentTab</name>
    <message>
        <location filename="../../referral_desk/ui/consent/tab.py" line="+454"/>
        <source>Einwilligung erfassen …</source>
        <translation>Record consent …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Widerrufen …</source>
        <translation>Withdraw …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mitteilung über Widerruf …</source>
        <translation>Withdrawal notice …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Brief an die Stelle: ab wann welche Daten nicht mehr verwendet werden dürfen</source>
        <translation>Letter to the agency: from when which data may no longer be used</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>aktiv</source>
        <translation>active</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>abgelaufen</source>
        <translation>expired</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>widerrufen</source>
        <translation>withdrawn</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>läuft bald ab</source>
        <translation>expires soon</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+8"/>
        <source>widerrufen: %1</source>
        <translation>withdrawn: %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Keine Einwilligungen erfasst. Ohne Einwilligung werden keine Daten weitergegeben.</source>
        <translation>No consents recorded. Without consent, no data is passed on.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n Einwilligung(en)</source>
        <translation>
            <numerusform>%n consent</numerusform>
            <numerusform>%n consents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>davon %n aktiv</source>
        <translation>
            <numerusform>%n of them active</numerusform>
            <numerusform>%n of them active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n läuft bald ab</source>
        <translation>
            <numerusform>%n expires soon</numerusform>
            <numerusform>%n expire soon</numerusform>
        </translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Widerrufen ab %1: %2</source>
        <translation>Withdrawn from %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sorgeberechtigte Person: %1</source>
        <translation>Person with parental responsibility: %1</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Mitteilung speichern</source>
        <translation>Save notice</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Mitteilung gespeichert: %1</source>
        <translation>Notice saved: %1</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>nur an die Stelle</source>
        <translation>to the agency only</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>in beide Richtungen</source>
        <translation>both ways</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+9"/>
        <source>Zweck: %1</source>
        <translation>Purpose: %1</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Erteilt am %1, gültig bis %2, Richtung: %3</source>
        <translation>Given on %1, valid until %2, direction: %3</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Formular %1 v%2, Text-SHA-256 %3</source>
        <translation>Form %1 v%2, text SHA-256 %3</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <location filename="../../referral_desk/ui/clients/contact_dialog.py" line="-374"/>
        <source>Beratungskontakt bearbeiten</source>
        <translation>Edit counselling contact</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Beratungskontakt erfassen</source>
        <translation>Record counselling contact</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> Min.</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+280"/>
        <source>Mit Dolmetschung</source>
        <translation>With an interpreter</translation>
    </message>
    <message>
        <location line="-273"/>
        <source>Wie viele Familienangehörige wurden bei diesem Kontakt mitberaten?</source>
        <translation>How many family members were counselled alongside in this contact?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sprache des Gesprächs (leer = Deutsch/keine Angabe)</source>
        <translation>Language of the conversation (empty = German/not stated)</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+268"/>
        <source>Themen</source>
        <translation>Topics</translation>
    </message>
    <message>
        <location line="-254"/>
        <source>Kurz und sachlich; nur, was für die Beratung nötig ist.</source>
        <translation>Brief and factual; only what the counselling needs.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Datum *</source>
        <translation>Date *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dauer *</source>
        <translation>Duration *</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+247"/>
        <source>Kontaktart</source>
        <translation>Type of contact</translation>
    </message>
    <message>
        <location line="-245"/>
        <location line="+248"/>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <location line="-246"/>
        <location line="+248"/>
        <source>Mitberatene Familienangehörige</source>
        <translation>Family members counselled alongside</translation>
    </message>
    <message>
        <location line="-245"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+12"/>
        <location line="+227"/>
        <source>Notiz</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Dieser Beratungskontakt ist nicht mehr vorhanden.</source>
        <translation>This counselling contact no longer exists.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Beratungskontakt wurde inzwischen geändert</source>
        <translation>Counselling contact was changed meanwhile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Während Sie diesen Beratungskontakt bearbeitet haben, wurde er an einem anderen Arbeitsplatz gespeichert. Ihre Eingaben sind nicht verloren. Bitte wählen Sie je Feld, welcher Wert gelten soll.</source>
        <translation>While you were editing this counselling contact, it was saved at another desk. Your input is not lost. Please choose for each field which value applies.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Nicht gespeichert – der Kontakt wurde inzwischen geändert. Bitte prüfen und speichern.</source>
        <translation>Not saved – the contact was changed meanwhile. Please check and save.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dauer</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 Min.</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nicht gespeichert</source>
        <translation>Not saved</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Diesen Beratungskontakt verwerfen?</source>
        <translation>Discard this counselling contact?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Verwerfen</source>
        <translation>Discard</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weiter bearbeiten</source>
        <translation>Keep editing</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <location line="+50"/>
        <source>Beratungskontakte können erfasst werden, sobald die Stammdaten gespeichert sind.</source>
        <translation>Counselling contacts can be recorded once the personal details have been saved.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Kontakt erfassen …</source>
        <translation>Record contact …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bearbeiten …</source>
        <translation>Edit …</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>%1 Min.</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>ja</source>
        <translation>yes</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nein</source>
        <translation>no</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keine Kontakte erfasst</source>
        <translation>No contacts recorded</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 Kontakte</source>
        <translation>%1 contacts</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1 Kontakt</source>
        <translation>1 contact</translation>
    </message>
</context>
<context>
    <name>CreateReferralDialog</name>
    <message>
        <location filename="../../referral_desk/ui/referrals/dialogs.py" line="+155"/>
        <source>Überleitung erstellen</source>
        <translation>Create referral</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Welche Daten gehen an die Stelle? (nur mit Einwilligung)</source>
        <translation>Which data goes to the agency? (only with consent)</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Worum geht es? Kurz und sachlich, nur was die Stelle wissen muss.</source>
        <translation>What is it about? Brief and factual, only what the agency needs to know.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>z. B. Termin bei der Arbeitsvermittlung</source>
        <translation>e.g. appointment with the job placement service</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Eine Anlage pro Zeile</source>
        <translation>One attachment per line</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Empfänger *</source>
        <translation>Recipient *</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Anliegen *</source>
        <translation>Request *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erbetene Maßnahme</source>
        <translation>Action requested</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dringlichkeit</source>
        <translation>Urgency</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frist</source>
        <translation>Deadline</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anlagen</source>
        <translation>Attachments</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wiedervorlage am</source>
        <translation>Follow-up on</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Erstellen und Vorschau</source>
        <translation>Create and preview</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Einwilligungen werden geprüft …</source>
        <translation>Checking consents …</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Freigegeben durch Einwilligung Nr. %1.</source>
        <translation>Covered by consent no. %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Einwilligung Nr. %1</source>
        <translation>Consent no. %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Freigegeben sind nur die Datenkategorien, in deren Weitergabe an diese Stelle eine gültige Einwilligung vorliegt.</source>
        <translation>Only the data categories for which there is a valid consent to disclosure to this agency are available.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Bitte zuerst eine Einwilligung erfassen.</source>
        <translation>Please record a consent first.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Keine Einwilligung für diese Stelle</source>
        <translation>No consent for this agency</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Einwilligung widerrufen am %1</source>
        <translation>Consent withdrawn on %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Einwilligung abgelaufen am %1</source>
        <translation>Consent expired on %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Einwilligung gilt erst ab %1</source>
        <translation>Consent valid only from %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nicht in der Einwilligung enthalten</source>
        <translation>Not covered by the consent</translation>
    </message>
    <message>
        <location line="-215"/>
        <source>Einwilligung erfassen …</source>
        <translation>Record consent …</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Zweck</source>
        <translation>Purpose</translation>
    </message>
</context>
<context>
    <name>DataProtectionTab</name>
    <message>
        <location filename="../../referral_desk/ui/data_protection_tab.py" line="+149"/>
        <source>Sicherung</source>
        <translation>Backup</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jetzt &amp;sichern …</source>
        <translation>Back up &amp;now …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Aus&amp;wählen …</source>
        <translation>C&amp;hoose …</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> Sicherungen</source>
        <translation> backups</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>anonymisieren (Statistikangaben bleiben)</source>
        <translation>anonymise (statistical data kept)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vollständig löschen</source>
        <translation>delete completely</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> Jahre</source>
        <translation> years</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>S&amp;peichern</source>
        <translation>S&amp;ave</translation>
    </message>
    <message>
        <location line="-134"/>
        <source>Ordner für automatische Sicherung</source>
        <translation>Folder for automatic backups</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aufbewahren (neueste)</source>
        <translation>Keep (newest)</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>Löschen bedeutet</source>
        <translation>Erasure means</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aufbewahrung nach Fallabschluss</source>
        <translation>Retention after a case is closed</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Protokoll</source>
        <translation>Audit log</translation>
    </message>
    <message>
        <location line="-82"/>
        <source>Teamdatenbank: Sicherungen und das Ausscheiden von Mitarbeiter*innen erledigt Ihre Administration auf dem Server (Befehle „server backup“ und „user deactivate“).</source>
        <translation>Team database: backups and staff leaving are handled by your administration on the server (commands &quot;server backup&quot; and &quot;user deactivate&quot;).</translation>
    </message>
    <message>
        <location line="+102"/>
        <location line="+17"/>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="-15"/>
        <source>&amp;Anzeigen</source>
        <translation>&amp;Show</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+169"/>
        <source>Zeit</source>
        <translation>Time</translation>
    </message>
    <message>
        <location line="-165"/>
        <source>Felder</source>
        <translation>Fields</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Weitere laden</source>
        <translation>Load &amp;more</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>von</source>
        <translation>from</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>bis</source>
        <translation>to</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Löschregeln</source>
        <translation>Erasure rules</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Aufbewahrung und Löschung</source>
        <translation>Retention and erasure</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fallnummer</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abgeschlossen am</source>
        <translation>Closed on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Löschen fällig seit</source>
        <translation>Erasure due since</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Berater*in</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Löschen …</source>
        <translation>&amp;Erase …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sperre &amp;setzen</source>
        <translation>&amp;Place hold</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gesetzliche Aufbewahrungspflicht oder laufendes Verfahren: der Fall wird nicht gelöscht.</source>
        <translation>Statutory retention duty or pending proceedings: the case is not erased.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Die Liste der zu löschenden Fälle sehen Teamleitungen (oder Administrator*innen, die zugleich das Team leiten).</source>
        <translation>The list of cases due for erasure is shown to team leads (or administrators who also lead the team).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Abgeschlossene Fälle, deren Aufbewahrungsfrist abgelaufen ist und die nicht gesperrt sind.</source>
        <translation>Closed cases whose retention period has ended and that are not on hold.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Mitarbeiter*in ausscheiden</source>
        <translation>Staff member leaving</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Ausscheiden lassen …</source>
        <translation>&amp;Offboard …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Verlässt jemand die Beratungsstelle, wird zuerst eine Sicherung erstellt, dann das Konto deaktiviert und die Datenbank mit einem neuen Schlüssel verschlüsselt. Eine alte Kopie von Datenbank oder Schlüsselbund öffnet danach die aktuellen Daten nicht mehr. Die übrigen Kolleg*innen behalten ihre Passwörter.</source>
        <translation>When someone leaves the service, a backup is made first, then the account is deactivated and the database is encrypted with a new key. An old copy of the database or keyring no longer opens the current data. The remaining colleagues keep their passwords.</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+471"/>
        <source>Beispieldaten</source>
        <translation>Demo data</translation>
    </message>
    <message>
        <location line="-464"/>
        <source> Klient*innen</source>
        <translation> clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Beispieldaten &amp;erzeugen</source>
        <translation>&amp;Generate demo data</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Ordner für die Sicherung wählen</source>
        <translation>Choose the backup folder</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Bitte bestätigen</source>
        <translation>Please confirm</translation>
    </message>
    <message>
        <location line="+201"/>
        <source>Sicherung läuft …</source>
        <translation>Backing up …</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Gesichert: %1</source>
        <translation>Backed up: %1</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Gespeichert.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>%1 von %2 Einträgen angezeigt</source>
        <translation>%1 of %2 entries shown</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Fall %1 jetzt löschen (%2)? Das kann nicht rückgängig gemacht werden.</source>
        <translation>Erase case %1 now (%2)? This cannot be undone.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Fall %1 gelöscht.</source>
        <translation>Case %1 erased.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Fall %1 ist gesperrt und wird nicht gelöscht.</source>
        <translation>Case %1 is on hold and will not be erased.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>„%1“ ausscheiden lassen? Es wird gesichert, das Konto deaktiviert und die Datenbank neu verschlüsselt.</source>
        <translation>Offboard “%1”? A backup is made, the account deactivated and the database re-encrypted.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Läuft …</source>
        <translation>Working …</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Beispieldaten werden erzeugt …</source>
        <translation>Generating demo data …</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Erzeugt: %1 Klient*innen, %2 Kontakte, %3 Einwilligungen, %4 Vermittlungen.</source>
        <translation>Generated: %1 clients, %2 contacts, %3 consents, %4 referrals.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Abgebrochen – es wurde nichts gespeichert.</source>
        <translation>Cancelled – nothing was saved.</translation>
    </message>
    <message>
        <location line="-765"/>
        <source>Eine Sicherung ist eine verschlüsselte Datei (.rdbackup) mit Datenbank und Schlüsselbund. Beim Schließen des Programms wird automatisch gesichert – in den Ordner unten oder, wenn keiner gewählt ist, in den Standardordner neben dem Datentresor. Besser ist ein externes Laufwerk.</source>
        <translation>A backup is an encrypted file (.rdbackup) with database and keyring. Closing the program makes a backup automatically – into the folder below or, if none is chosen, into the default folder beside the vault. An external drive is better.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Wiederherstellen: Datei → Aus Sicherung wiederherstellen. Die Sicherung wird geprüft und in einen neuen Ordner geschrieben; der bisherige Datentresor bleibt unverändert.</source>
        <translation>Restore: File → Restore from backup. The backup is checked and written to a new folder; the current vault stays unchanged.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aus Sicherung &amp;wiederherstellen …</source>
        <translation>&amp;Restore from backup …</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+417"/>
        <source>alle Personen</source>
        <translation>all people</translation>
    </message>
    <message>
        <location line="-413"/>
        <source>alle Ereignisse</source>
        <translation>all events</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Als &amp;PDF für die Datenschutzbeauftragte …</source>
        <translation>As &amp;PDF for the data-protection officer …</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+21"/>
        <source>Person</source>
        <translation>Person</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ereignis</source>
        <translation>Event</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Betrifft</source>
        <translation>Concerns</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Ereignisse</source>
        <translation>Events</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Akte Nr.</source>
        <translation>Record no.</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>Programmfehler</source>
        <translation>Program errors</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Art</source>
        <translation>Kind</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Programmstelle</source>
        <translation>Code location</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unerwartete Fehler werden hier ohne persönliche Daten vermerkt (nur Art und Programmstelle). Bei Wiederholung bitte an den Support weitergeben.</source>
        <translation>Unexpected errors are recorded here without personal data (kind and code location only). If one keeps coming back, please pass it on to support.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;Demo-Tresor öffnen …</source>
        <translation>Open &amp;demo vault …</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Protokoll als PDF speichern</source>
        <translation>Save audit log as PDF</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Noch keine Sicherung.</source>
        <translation>No backup yet.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Letzte Sicherung: %1 (%2), erfolgreich.</source>
        <translation>Last backup: %1 (%2), successful.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>automatisch</source>
        <translation>automatic</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>von Hand</source>
        <translation>by hand</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Letzte Sicherung: %1 – FEHLGESCHLAGEN: %2</source>
        <translation>Last backup: %1 – FAILED: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Letzte erfolgreiche: %1.</source>
        <translation>Last successful: %1.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Standard: %1</source>
        <translation>Default: %1</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Dies ist der Demo-Tresor: Hier können Sie weitere erfundene Klient*innen mit Kontakten, Einwilligungen und Überleitungen erzeugen.</source>
        <translation>This is the demo vault: here you can generate more fictitious clients with contacts, consents and referrals.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Beispieldaten gibt es nur im separaten Demo-Tresor, nie zwischen echten Akten und in der Statistik für Zuwendungsgeber. Der Demo-Tresor wird beim ersten Öffnen mit erfundenen Daten angelegt.</source>
        <translation>Demo data exist only in the separate demo vault, never among real records or in the funders&apos; statistics. The demo vault is created with fictitious data when first opened.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 (inaktiv)</source>
        <translation>%1 (inactive)</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>PDF wird erstellt …</source>
        <translation>Making the PDF …</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Gespeichert: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location line="+99"/>
        <source>%1 erfundene Klient*innen im Demo-Tresor erzeugen?</source>
        <translation>Generate %1 fictitious clients in the demo vault?</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>„%1“ ist ausgeschieden: gesichert in %2, Zugang entfernt, die Datenbank hat einen neuen Schlüssel.</source>
        <translation>“%1” has been offboarded: backed up to %2, access removed, the database has a new key.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>„%1“ ist ausgeschieden: gesichert in %2, Zugang entfernt. Der Datenschlüssel wird bei der nächsten Anmeldung ausgetauscht (der Datentresor ist gerade anderswo geöffnet).</source>
        <translation>“%1” has been offboarded: backed up to %2, access removed. The data key will be replaced at the next sign-in (the vault is open elsewhere right now).</translation>
    </message>
</context>
<context>
    <name>DateField</name>
    <message>
        <location filename="../../referral_desk/ui/widgets.py" line="+805"/>
        <source>Datum als %1 eingeben, z. B. %2 oder %3</source>
        <translation>Enter the date as %1, e.g. %2 or %3</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(leer lassen, wenn unbekannt)</source>
        <translation>(leave empty if unknown)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>Kalender öffnen</source>
        <translation>Open calendar</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <location filename="../../referral_desk/ui/casework/dialogs.py" line="+60"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>ErrorReporter</name>
    <message>
        <location filename="../../referral_desk/ui/app.py" line="+119"/>
        <source>Unerwarteter Fehler</source>
        <translation>Unexpected error</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Im Programm ist ein unerwarteter Fehler aufgetreten. Bereits gespeicherte Daten sind sicher. Bitte prüfen Sie, ob Ihre letzte Eingabe gespeichert wurde, und arbeiten Sie dann weiter.

Der Fehler wurde ohne persönliche Daten im Datentresor vermerkt; die Administration findet ihn unter Verwaltung → Datenschutz.</source>
        <translation>An unexpected error occurred in the program. Data already saved is safe. Please check whether your last entry was saved, then carry on.

The error was recorded in the vault without personal data; administrators find it under Administration → Data protection.</translation>
    </message>
</context>
<context>
    <name>FeedbackDialog</name>
    <message>
        <location filename="../../referral_desk/ui/referrals/dialogs.py" line="+601"/>
        <source>Rückmeldung erfassen</source>
        <translation>Record feedback</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Name, Stelle, Telefon</source>
        <translation>Name, agency, phone</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rückmeldung vom *</source>
        <translation>Feedback received on *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Von *</source>
        <translation>From *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ergebnis *</source>
        <translation>Outcome *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nächste Schritte</source>
        <translation>Next steps</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>FileDialog</name>
    <message>
        <location filename="../../referral_desk/ui/file_dialogs.py" line="+141"/>
        <source>Übergeordneter Ordner</source>
        <translation>Parent folder</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Dokumente</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Dateiname:</source>
        <translation>File name:</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Öffnen</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ordner wählen</source>
        <translation>Choose folder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Die Datei gibt es nicht.</source>
        <translation>The file does not exist.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Den Ordner gibt es nicht.</source>
        <translation>The folder does not exist.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Die Datei gibt es schon. Ersetzen?</source>
        <translation>The file already exists. Replace it?</translation>
    </message>
</context>
<context>
    <name>FilePage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="-409"/>
        <source>Liste auswählen</source>
        <translation>Choose the list</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Eine Klientenliste aus Excel (XLSX), LibreOffice (ODS) oder als CSV-Datei. Die Datei wird nur gelesen, nicht kopiert.</source>
        <translation>A client list from Excel (XLSX), LibreOffice (ODS) or a CSV file. The file is only read, never copied.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Datei wählen …</source>
        <translation>Choose file …</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Klientenliste öffnen</source>
        <translation>Open client list</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Tabellen (*.xlsx *.xlsm *.ods *.csv *.txt)</source>
        <translation>Spreadsheets (*.xlsx *.xlsm *.ods *.csv *.txt)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Datei wird gelesen …</source>
        <translation>Reading the file …</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n Tabellenblatt/-blätter gefunden.</source>
        <translation>
            <numerusform>%n sheet found.</numerusform>
            <numerusform>%n sheets found.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ForcedPasswordChangePage</name>
    <message>
        <location filename="../../referral_desk/ui/password_dialogs.py" line="-56"/>
        <source>Eigenes Passwort festlegen</source>
        <translation>Choose your own password</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sie melden sich zum ersten Mal an (oder Ihr Passwort wurde zurückgesetzt). Das bisherige Passwort kennt auch die Administration. Bitte legen Sie jetzt ein eigenes fest, das nur Sie kennen: am besten einen Satz aus vier oder mehr Wörtern.</source>
        <translation>You are signing in for the first time (or your password was reset). The administration knows the current password as well. Please choose your own now, one only you know: ideally a sentence of four or more words.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Passwort &amp;speichern</source>
        <translation>&amp;Save password</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Abmelden</source>
        <translation>Sign &amp;out</translation>
    </message>
</context>
<context>
    <name>GoalDialog</name>
    <message>
        <location filename="../../referral_desk/ui/casework/dialogs.py" line="+41"/>
        <source>Ziel im Förderplan</source>
        <translation>Support-plan goal</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Lebensbereich</source>
        <translation>Life area</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ziel *</source>
        <translation>Goal *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vereinbart am</source>
        <translation>Agreed on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zu erreichen bis</source>
        <translation>To be reached by</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <location line="+95"/>
        <source>Gruppenangebot erfassen</source>
        <translation>Record group session</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> Min.</source>
        <translation> min</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>optional: IDs angemeldeter Klient*innen, z. B. 12, 40</source>
        <translation>optional: IDs of registered clients, e.g. 12, 40</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dauer</source>
        <translation>Duration</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thema</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Teilnehmende *</source>
        <translation>Participants *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angebot</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angemeldete Klient*innen</source>
        <translation>Registered clients</translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <location filename="../../referral_desk/ui/casework/groups_page.py" line="+49"/>
        <source>Gruppenangebote</source>
        <translation>Group sessions</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gruppenangebote werden für die Statistik gezählt (Termine und Teilnehmende); angemeldete Klient*innen sind optional.</source>
        <translation>Group sessions are counted for the statistics (sessions and participants); registered clients are optional.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alle Angebote</source>
        <translation>All services</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gruppenangebot erfassen …</source>
        <translation>Record group session …</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>%1 Min.</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 Gruppenangebote, %2 Teilnehmende</source>
        <translation>%1 group sessions, %2 participants</translation>
    </message>
</context>
<context>
    <name>HelpWindow</name>
    <message>
        <location filename="../../referral_desk/ui/help.py" line="+35"/>
        <source>Referral Desk – Handbuch</source>
        <translation>Referral Desk – handbook (German)</translation>
    </message>
</context>
<context>
    <name>ImportWizard</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="+565"/>
        <source>Klientenliste importieren</source>
        <translation>Import client list</translation>
    </message>
</context>
<context>
    <name>LanguagePicker</name>
    <message>
        <location filename="../../referral_desk/ui/clients/pickers.py" line="+85"/>
        <source>Sprache suchen … (leer = keine Angabe)</source>
        <translation>Search language … (empty = not stated)</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../referral_desk/ui/main_window.py" line="+760"/>
        <source>Gesperrt</source>
        <translation>Locked</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Angemeldet: %1</source>
        <translation>Signed in: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entsperrt</source>
        <translation>Unlocked</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sperren mit Strg+L</source>
        <translation>Lock with Ctrl+L</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>%1 ungespeicherte Eingabe(n) als Entwurf wiederhergestellt.</source>
        <translation>Restored %1 unsaved form(s) from drafts.</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>Wegen Inaktivität automatisch gesperrt.</source>
        <translation>Locked automatically after a period of inactivity.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Ungespeicherte Eingaben wurden als Entwurf im Datentresor gesichert; sie werden nach der Anmeldung wiederhergestellt.</source>
        <translation>Unsaved entries were kept as drafts inside the vault; they come back after you sign in.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Achtung: Ein Entwurf konnte nicht gesichert werden: %1</source>
        <translation>Warning: a draft could not be saved: %1</translation>
    </message>
    <message>
        <location line="-518"/>
        <source>&amp;Passwort ändern …</source>
        <translation>Change &amp;password …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aus &amp;Sicherung wiederherstellen …</source>
        <translation>&amp;Restore from backup …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Demo-Tresor öffnen …</source>
        <translation>Open &amp;demo vault …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Sperren</source>
        <translation>&amp;Lock</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Beenden</source>
        <translation>&amp;Quit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Neue*r Klient*in</source>
        <translation>&amp;New client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Suchen</source>
        <translation>&amp;Find</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Handbuch</source>
        <translation>&amp;Handbook</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Tastenkürzel</source>
        <translation>&amp;Keyboard shortcuts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ü&amp;ber Referral Desk</source>
        <translation>&amp;About Referral Desk</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Klient*innen</source>
        <translation>&amp;Clients</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ü&amp;berleitungen</source>
        <translation>&amp;Referrals</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;tatistik</source>
        <translation>S&amp;tatistics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Verwaltung</source>
        <translation>&amp;Administration</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Datei</source>
        <translation>&amp;File</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Bearbeiten</source>
        <translation>&amp;Edit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Ansicht</source>
        <translation>&amp;View</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Sprache</source>
        <translation>&amp;Language</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Hilfe</source>
        <translation>&amp;Help</translation>
    </message>
    <message>
        <location line="+130"/>
        <location line="+161"/>
        <source>Ihr neues Passwort ist gespeichert.</source>
        <translation>Your new password is saved.</translation>
    </message>
    <message>
        <location line="-101"/>
        <source>Teamdatenbank: %1</source>
        <translation>Team database: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Noch keine Sicherung</source>
        <translation>No backup yet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Letzte Sicherung: %1</source>
        <translation>Last backup: %1</translation>
    </message>
    <message>
        <location line="+124"/>
        <source>Sicherung wiederhergestellt und geprüft: %1</source>
        <translation>Backup restored and verified: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Die Sicherung wurde wiederhergestellt und geprüft. Legen Sie mit dem Wiederherstellungsschlüssel ein neues Passwort fest.</source>
        <translation>The backup was restored and verified. Set a new password with the recovery key.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Demo-Tresor mit erfundenen Beispieldaten. Benutzername „%1“, Passwort „%2“.</source>
        <translation>Demo vault with fictitious data. User name &apos;%1&apos;, password &apos;%2&apos;.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Demo-Tresor wird angelegt …</source>
        <translation>Creating the demo vault …</translation>
    </message>
    <message>
        <location line="+52"/>
        <source>Über Referral Desk</source>
        <translation>About Referral Desk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Referral Desk %1 – Fallverwaltung und Überleitungen für die Migrationsberatung, verschlüsselt auf diesem Computer.</source>
        <translation>Referral Desk %1 – case management and referrals for migration counselling, encrypted on this computer.</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="-513"/>
        <source>Spalten zuordnen</source>
        <translation>Map columns</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Jede Spalte einem Feld zuordnen. Die Vorschau zeigt die ersten 20 Zeilen so, wie sie übernommen würden; gelb: Spalte wird nicht übernommen, rot: Wert ungültig.</source>
        <translation>Map each column to a field. The preview shows the first 20 rows as they would be imported; yellow: column not imported, red: invalid value.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Spalte in der Liste</source>
        <translation>Column in the list</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Feld</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Zuordnung speichern …</source>
        <translation>Save mapping …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zuordnung laden …</source>
        <translation>Load mapping …</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>– nicht übernehmen –</source>
        <translation>– do not import –</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Pflichtfeld „%1“ ist keiner Spalte zugeordnet.</source>
        <translation>Required field &quot;%1&quot; is not mapped to a column.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>„%1“ ist mehreren Spalten zugeordnet.</source>
        <translation>&quot;%1&quot; is mapped to several columns.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Mehrere Spalten passen zu „%1“ (%2): bitte eine wählen.</source>
        <translation>Several columns match &quot;%1&quot; (%2): please choose one.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Kopfzeile: Zeile %1 · %2 von %3 Spalten zugeordnet</source>
        <translation>Header: row %1 · %2 of %3 columns mapped</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Zuordnung speichern</source>
        <translation>Save mapping</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+17"/>
        <source>Zuordnung (*.json)</source>
        <translation>Mapping (*.json)</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Die Zuordnung konnte nicht gespeichert werden.</source>
        <translation>The mapping could not be saved.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zuordnung laden</source>
        <translation>Load mapping</translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <location filename="../../referral_desk/ui/clients/merge_dialog.py" line="+51"/>
        <source>Akte wurde inzwischen geändert</source>
        <translation>Record was changed meanwhile</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Ihr Entwurf stammt von vor der letzten Speicherung dieser Akte: Sie wurde inzwischen an einem anderen Arbeitsplatz geändert. Bitte wählen Sie je Feld, welcher Wert gelten soll.</source>
        <translation>Your draft dates from before this record was last saved: it was changed at another desk meanwhile. Please choose for each field which value applies.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Während Sie diese Akte bearbeitet haben, wurde sie an einem anderen Arbeitsplatz gespeichert. Ihre Eingaben sind nicht verloren. Bitte wählen Sie je Feld, welcher Wert gelten soll.</source>
        <translation>While you were editing this record, it was saved at another desk. Your input is not lost. Please choose for each field which value applies.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Auf beiden Seiten geändert (⚠): %1 Feld(er) – bitte besonders prüfen.</source>
        <translation>Changed on both sides (⚠): %1 field(s) – please check these carefully.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keine Überschneidung: Ihre Änderungen und die gespeicherten werden zusammengeführt.</source>
        <translation>No overlap: your changes and the saved ones are merged.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Fett: seit dem Öffnen geändert.</source>
        <translation>Bold: changed since opening.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Feld</source>
        <translation>Field</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ihre Eingabe</source>
        <translation>Your input</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Jetzt gespeichert</source>
        <translation>Saved now</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Auf beiden Seiten geändert</source>
        <translation>Changed on both sides</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Übernehmen</source>
        <translation>Apply</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Zusammenführen und speichern</source>
        <translation>Merge and save</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nichts wird gespeichert. Das Formular zeigt Ihre Eingaben zusammen mit den inzwischen gespeicherten Änderungen.</source>
        <translation>Nothing is saved. The form shows your input together with the changes saved meanwhile.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>(leer)</source>
        <translation>(empty)</translation>
    </message>
</context>
<context>
    <name>NationalityPicker</name>
    <message>
        <location filename="../../referral_desk/ui/clients/pickers.py" line="+64"/>
        <location line="+115"/>
        <source>Land suchen und Enter drücken</source>
        <translation>Search for a country and press Enter</translation>
    </message>
    <message>
        <location line="-112"/>
        <source>Bis zu %1 Staatsangehörigkeiten; auch „staatenlos“ oder „unbekannt“. Die Rücktaste im leeren Feld entfernt die letzte.</source>
        <translation>Up to %1 nationalities; &quot;stateless&quot; or &quot;unknown&quot; also possible. Backspace in the empty field removes the last one.</translation>
    </message>
    <message>
        <location line="+100"/>
        <source>%1 entfernen</source>
        <translation>Remove %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Höchstens %1 Einträge</source>
        <translation>At most %1 entries</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Land suchen und Enter drücken (leer = unbekannt)</source>
        <translation>Search for a country and press Enter (empty = unknown)</translation>
    </message>
</context>
<context>
    <name>OrganisationTab</name>
    <message>
        <location filename="../../referral_desk/ui/admin_page.py" line="+70"/>
        <source> Minuten</source>
        <translation> minutes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gilt für alle Benutzerkonten ab der nächsten Anmeldung.</source>
        <translation>Applies to all user accounts from their next sign-in.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Monate</source>
        <translation> months</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Jahre</source>
        <translation> years</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Berater*innen sehen alle Klient*innen des Teams</source>
        <translation>Counsellors see all of the team&apos;s clients</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Logo &amp;auswählen …</source>
        <translation>&amp;Choose logo …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logo entfernen</source>
        <translation>Remove logo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Einstellungen &amp;speichern</source>
        <translation>&amp;Save settings</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Name der Organisation *</source>
        <translation>Organisation &amp;name *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Dienst</source>
        <translation>&amp;Service</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Angebote</source>
        <translation>Services</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>S&amp;traße und Hausnummer</source>
        <translation>S&amp;treet and number</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>In der Teamdatenbank entscheidet der Server, wer welche Akten sieht: die eigenen Fälle, befristete Freigaben und die Teamleitung.</source>
        <translation>On a team database the server decides who sees which records: one&apos;s own cases, time-limited shares and the team lead.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>&amp;Postleitzahl</source>
        <translation>Post&amp;al code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ort</source>
        <translation>&amp;City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tele&amp;fon</source>
        <translation>P&amp;hone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-Mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daten&amp;schutzrecht</source>
        <translation>Data-protection &amp;law</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Logo</source>
        <translation>&amp;Logo</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Arbeitsweise</source>
        <translation>How we work</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Automatisch sperren nach</source>
        <translation>Lock automatically after</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sprache der Oberfläche</source>
        <translation>Interface language</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Einwilligungen gültig für</source>
        <translation>Consents valid for</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mindestfallzahl in Statistiken</source>
        <translation>Minimum cell size in statistics</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aufbewahrung nach Fallabschluss</source>
        <translation>Retention after a case is closed</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+2"/>
        <source>Teamzugriff</source>
        <translation>Team access</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>Kein Logo.</source>
        <translation>No logo.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Logo auswählen</source>
        <translation>Choose logo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG-Bilder (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Bitte eine PNG-Datei bis 2 MB wählen.</source>
        <translation>Please choose a PNG file of at most 2 MB.</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Gespeichert.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Die Sprache wechselt bei der nächsten Anmeldung.</source>
        <translation>The language changes at the next sign-in.</translation>
    </message>
    <message>
        <location line="-246"/>
        <source>Postanschrift, falls abweichend (optional)</source>
        <translation>Postal address if different (optional)</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Datenschutzbeauftragte*r</source>
        <translation>Data-protection officer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-Mail Datenschutz</source>
        <translation>Data-protection e-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anschrift Datenschutz</source>
        <translation>Data-protection address</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Für Briefe und Einwilligungserklärungen fehlt noch: %1</source>
        <translation>Still missing for letters and consent declarations: %1</translation>
    </message>
</context>
<context>
    <name>PasswordChangeForm</name>
    <message>
        <location filename="../../referral_desk/ui/password_dialogs.py" line="-97"/>
        <source>&amp;Bisheriges Passwort</source>
        <translation>&amp;Current password</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Neues Passwort</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Neues Passwort &amp;wiederholen</source>
        <translation>&amp;Repeat new password</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Bitte das bisherige Passwort eingeben.</source>
        <translation>Please enter the current password.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Das bisherige Passwort stimmt nicht.</source>
        <translation>The current password is wrong.</translation>
    </message>
</context>
<context>
    <name>PdfPreviewDialog</name>
    <message>
        <location filename="../../referral_desk/ui/consent/tab.py" line="-1212"/>
        <source>Vorschau der Einwilligungserklärung</source>
        <translation>Consent form preview</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <location filename="../../referral_desk/ui/casework/plan_tab.py" line="+60"/>
        <source>Ziel / Schritt</source>
        <translation>Goal / step</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Bis / am</source>
        <translation>By / on</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wer / Ergebnis</source>
        <translation>Who / outcome</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Erledigt</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Ziel hinzufügen …</source>
        <translation>Add goal …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schritt …</source>
        <translation>Step …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Überprüfen …</source>
        <translation>Review …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schritt erledigt</source>
        <translation>Step done</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Förderplan als PDF …</source>
        <translation>Support plan as PDF …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Förderplan (Case Management)</source>
        <translation>Support plan (case management)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Verwiesen an</source>
        <translation>Signposted to</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Thema</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Berater*in</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Verweisberatung erfassen …</source>
        <translation>Record signposting …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verweisberatung (ohne Datenweitergabe)</source>
        <translation>Signposting (no data passed on)</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Beratungsfall – noch kein Förderplan. Mit dem ersten Ziel wird die Akte ein Case-Management-Fall.</source>
        <translation>Counselling case – no support plan yet. With the first goal the record becomes a case-management case.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Case-Management-Fall: %1 Ziel(e).</source>
        <translation>Case-management case: %1 goal(s).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>offen</source>
        <translation>open</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Überprüfung</source>
        <translation>Review</translation>
    </message>
    <message>
        <location line="+103"/>
        <source>Förderplan speichern</source>
        <translation>Save support plan</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Förderplan gespeichert: %1</source>
        <translation>Support plan saved: %1</translation>
    </message>
</context>
<context>
    <name>PreviewDialog</name>
    <message>
        <location filename="../../referral_desk/ui/referrals/dialogs.py" line="-389"/>
        <source>Überleitungsbogen – Vorschau</source>
        <translation>Referral sheet – preview</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Überleitung Nr. %1 an %2 (Fallnummer %3) – drei Ausfertigungen: Empfängerstelle, Klient*in, Akte.</source>
        <translation>Referral no. %1 to %2 (case number %3) – three copies: receiving agency, client, file.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Seitenansicht und Drucken brauchen das Paket %1 (QtPdf). Hier steht der Inhalt des Bogens; „Als PDF speichern“ geht auch ohne.</source>
        <translation>Page view and printing need the package %1 (QtPdf). The content of the sheet is shown here; &quot;Save as PDF&quot; works without it.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Drucken …</source>
        <translation>Print …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Druckt alle drei Ausfertigungen, jede ab einer neuen Seite.</source>
        <translation>Prints all three copies, each starting on a new page.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Als PDF speichern …</source>
        <translation>Save as PDF …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+137"/>
        <source>Gedruckt: drei Ausfertigungen (%1 Seiten).</source>
        <translation>Printed: three copies (%1 pages).</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Überleitungsbogen speichern</source>
        <translation>Save referral sheet</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Gespeichert: %1</source>
        <translation>Saved: %1</translation>
    </message>
    <message>
        <location line="-165"/>
        <source>Als versandt markieren</source>
        <translation>Mark as sent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Status „versandt“ mit heutigem Datum; die Wiedervorlage bleibt.</source>
        <translation>Status &apos;sent&apos; with today&apos;s date; the follow-up date stays.</translation>
    </message>
    <message>
        <location line="+69"/>
        <source>Schreibweise in den Stammdaten ergänzen …</source>
        <translation>Add the spelling in the master data …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Angaben der Organisation ergänzen …</source>
        <translation>Complete the organisation&apos;s details …</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Anschrift der Partnerstelle ergänzen …</source>
        <translation>Complete the partner agency&apos;s address …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bitte die Administration darum bitten.</source>
        <translation>Please ask an administrator.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Als versandt markiert.</source>
        <translation>Marked as sent.</translation>
    </message>
</context>
<context>
    <name>ReferralDialogs</name>
    <message>
        <location line="-498"/>
        <source>Diese Überleitung wurde inzwischen an einem anderen Arbeitsplatz geändert (Status jetzt: %1). Ihre Eingaben sind noch da – bitte prüfen und erneut speichern.</source>
        <translation>This referral was changed at another desk meanwhile (status now: %1). Your input is still here – please check and save again.</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <location filename="../../referral_desk/ui/referrals/page.py" line="+54"/>
        <source>Überleitungen</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Offene</source>
        <translation>Open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Abgeschlossene</source>
        <translation>Closed</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alle</source>
        <translation>All</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Alle Stellen</source>
        <translation>All agencies</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Alle Berater*innen</source>
        <translation>All counsellors</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nur fällige Wiedervorlagen</source>
        <translation>Only follow-ups due</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aktualisieren</source>
        <translation>Refresh</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+19"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="-18"/>
        <location line="+17"/>
        <source>Empfänger</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location line="-16"/>
        <location line="+19"/>
        <source>Berater*in</source>
        <translation>Counsellor</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fallnummer</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Klient*in</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Akte öffnen</source>
        <translation>Open record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vorschau / Drucken …</source>
        <translation>Preview / print …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status ändern …</source>
        <translation>Change status …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rückmeldung erfassen …</source>
        <translation>Record feedback …</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Die ersten %1 Überleitungen – bitte Filter enger wählen</source>
        <translation>The first %1 referrals – please narrow the filters</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Bei einer Überleitung ist die Wiedervorlage fällig. Unter „Überleitungen“ → „Nur fällige Wiedervorlagen“ nachsehen.</source>
        <translation>One referral has a follow-up due. See &quot;Referrals&quot; → &quot;Only follow-ups due&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bei %1 Überleitungen ist die Wiedervorlage fällig. Unter „Überleitungen“ → „Nur fällige Wiedervorlagen“ nachsehen.</source>
        <translation>%1 referrals have a follow-up due. See &quot;Referrals&quot; → &quot;Only follow-ups due&quot;.</translation>
    </message>
    <message numerus="yes">
        <location line="-51"/>
        <source>%n Überleitung</source>
        <translation>
            <numerusform>%n referral</numerusform>
            <numerusform>%n referrals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+0"/>
        <source>%n Überleitungen</source>
        <translation>
            <numerusform>%n referral</numerusform>
            <numerusform>%n referrals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%n mit fälliger Wiedervorlage</source>
        <translation>
            <numerusform>%n with follow-up due</numerusform>
            <numerusform>%n with follow-up due</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReferralsTab</name>
    <message>
        <location filename="../../referral_desk/ui/referrals/tab.py" line="+80"/>
        <source>Wiedervorlage fällig</source>
        <translation>Follow-up due</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>nicht mehr druckbar</source>
        <translation>can no longer be printed</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Nr.</source>
        <translation>No.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Empfänger</source>
        <translation>Recipient</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wiedervorlage</source>
        <translation>Follow-up</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anliegen</source>
        <translation>Request</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Noch keine Überleitungen. Eine Überleitung ist nur mit einer gültigen Einwilligung für die Empfängerstelle möglich.</source>
        <translation>No referrals yet. A referral is only possible with a valid consent for the receiving agency.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Überleitung erstellen …</source>
        <translation>Create referral …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Vorschau / Drucken …</source>
        <translation>Preview / print …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status ändern …</source>
        <translation>Change status …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rückmeldung erfassen …</source>
        <translation>Record feedback …</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Nicht mehr druckbar:</source>
        <translation>Can no longer be printed:</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Die Einwilligung gilt nur in eine Richtung: Die Empfängerstelle darf keine Rückmeldung geben.</source>
        <translation>The consent is one-way: the recipient may not report back.</translation>
    </message>
</context>
<context>
    <name>RemindersDialog</name>
    <message>
        <location filename="../../referral_desk/ui/casework/reminders.py" line="+11"/>
        <source>Erinnerungen</source>
        <translation>Reminders</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Fällig</source>
        <translation>Due</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Fallnummer</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Erinnerung</source>
        <translation>Reminder</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Akte öffnen</source>
        <translation>Open record</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rot: überfällig. Aufenthaltstitel, die in den nächsten 60 Tagen ablaufen (oder in den letzten 30 Tagen abgelaufen sind), fällige Schritte und Wiedervorlagen.</source>
        <translation>Red: overdue. Residence titles expiring within the next 60 days (or expired in the last 30 days), due steps and follow-ups.</translation>
    </message>
</context>
<context>
    <name>RestoreDialog</name>
    <message>
        <location filename="../../referral_desk/ui/restore_dialog.py" line="+83"/>
        <source>Aus Sicherung wiederherstellen</source>
        <translation>Restore from backup</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Eine Sicherung (.rdbackup) wird in einen neuen, leeren Ordner wiederhergestellt und vorher geprüft. Der bisherige Datentresor bleibt unverändert. Zum Öffnen gilt das Passwort, das beim Erstellen der Sicherung galt, oder der Wiederherstellungsschlüssel.</source>
        <translation>A backup (.rdbackup) is checked and then restored into a new, empty folder. The current vault stays unchanged. It opens with the password that was valid when the backup was made, or with the recovery key.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Sicherungsdatei (.rdbackup)</source>
        <translation>Backup file (.rdbackup)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Datei wählen …</source>
        <translation>Choose &amp;file …</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>mit &amp;Benutzername und Passwort</source>
        <translation>with user &amp;name and password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>mit &amp;Wiederherstellungsschlüssel</source>
        <translation>with the recovery &amp;key</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Ordner wählen …</source>
        <translation>Choose f&amp;older …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>1. &amp;Sicherung</source>
        <translation>1. &amp;Backup</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>2. Öffnen</source>
        <translation>2. Open</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Benutzer&amp;name</source>
        <translation>User &amp;name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Passwort</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wiederherstellungs&amp;schlüssel</source>
        <translation>Recovery &amp;key</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>3. &amp;Zielordner (neu, leer)</source>
        <translation>3. &amp;Target folder (new, empty)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>4. Prüfen und &amp;wiederherstellen</source>
        <translation>4. Verify and &amp;restore</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Sicherung auswählen</source>
        <translation>Choose a backup</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Referral-Desk-Sicherungen (*.rdbackup)</source>
        <translation>Referral Desk backups (*.rdbackup)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Zielordner auswählen</source>
        <translation>Choose the target folder</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Erstellt am %1 · Tresor %2 · %3 Protokolleinträge</source>
        <translation>Made on %1 · vault %2 · %3 audit entries</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Bitte eine vorhandene Sicherungsdatei wählen.</source>
        <translation>Please choose an existing backup file.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bitte einen Zielordner angeben.</source>
        <translation>Please give a target folder.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Der Zielordner muss neu oder leer sein.</source>
        <translation>The target folder must be new or empty.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bitte den Benutzernamen eingeben.</source>
        <translation>Please enter the user name.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bitte das Passwort eingeben.</source>
        <translation>Please enter the password.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Bitte den Wiederherstellungsschlüssel eingeben.</source>
        <translation>Please enter the recovery key.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sicherung wird geprüft und wiederhergestellt …</source>
        <translation>Verifying and restoring the backup …</translation>
    </message>
    <message numerus="yes">
        <location line="+17"/>
        <source>Wiederhergestellt und geprüft (%n Prüfungen bestanden).</source>
        <translation>
            <numerusform>Restored and verified (%n check passed).</numerusform>
            <numerusform>Restored and verified (%n checks passed).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <location filename="../../referral_desk/ui/casework/dialogs.py" line="-82"/>
        <source>Ziel überprüfen</source>
        <translation>Review goal</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Ergebnis</source>
        <translation>Outcome</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Überprüft am</source>
        <translation>Reviewed on</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notiz</source>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <location filename="../../referral_desk/ui/consent/tab.py" line="+734"/>
        <source>Für welche Zwecke?</source>
        <translation>For which purposes?</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>Bitte mindestens einen Zweck wählen.</source>
        <translation>Please choose at least one purpose.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nur für die angekreuzten Zwecke wird widerrufen; für die übrigen Zwecke gilt die Einwilligung mit allen Kategorien weiter.</source>
        <translation>Withdrawn only for the ticked purposes; for the other purposes the consent stays in force with all its categories.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Die angekreuzten Kategorien und Zwecke werden widerrufen; der Rest gilt weiter.</source>
        <translation>The ticked categories and purposes are withdrawn; the rest stays in force.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Zweck: %1</source>
        <translation>Purpose: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Weiter gültig für: %1</source>
        <translation>Still valid for: %1</translation>
    </message>
    <message>
        <location line="-185"/>
        <source>Einwilligung widerrufen</source>
        <translation>Withdraw consent</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Einwilligung gegenüber %1 vom %2. Der Widerruf gilt ab dem angegebenen Tag; was vorher weitergegeben wurde, bleibt rechtmäßig.</source>
        <translation>Consent to %1 given on %2. The withdrawal takes effect from the date entered; anything disclosed before then remains lawful.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Was wird widerrufen?</source>
        <translation>What is withdrawn?</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>optional</source>
        <translation>optional</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Widerruf wirksam ab *</source>
        <translation>Withdrawal effective from *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eingegangen</source>
        <translation>Received</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Widerruf speichern</source>
        <translation>Save withdrawal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Mitteilung an die Stelle als PDF speichern …</source>
        <translation>Save the notice to the agency as PDF …</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Bitte mindestens eine Kategorie wählen.</source>
        <translation>Please choose at least one category.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Die ganze Einwilligung wird widerrufen.</source>
        <translation>The whole consent is withdrawn.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nur die angekreuzten Kategorien werden widerrufen; der Rest gilt weiter.</source>
        <translation>Only the ticked categories are withdrawn; the rest stays valid.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Widerruf gespeichert: %1 ab %2.</source>
        <translation>Withdrawal saved: %1 from %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Weiter gültig: %1</source>
        <translation>Still valid: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%n Überleitung(en) werden nicht mehr gedruckt:</source>
        <translation>
            <numerusform>%n referral will no longer be printed:</numerusform>
            <numerusform>%n referrals will no longer be printed:</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Überleitung %1 vom %2</source>
        <translation>Referral %1 of %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>enthält widerrufene Daten</source>
        <translation>contains withdrawn data</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>dient einem widerrufenen Zweck</source>
        <translation>serves a withdrawn purpose</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Informieren Sie %1 über den Widerruf: Die Mitteilung nennt das Datum und die Daten, die nicht mehr verwendet werden dürfen.</source>
        <translation>Inform %1 of the withdrawal: the notice names the date and the data that may no longer be used.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Mitteilung gespeichert: %1</source>
        <translation>Notice saved: %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Mitteilung speichern</source>
        <translation>Save notice</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PDF-Dateien (*.pdf)</source>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Diese Einwilligung wurde inzwischen an einem anderen Arbeitsplatz geändert. Nichts wurde gespeichert. Die Liste zeigt jetzt den neuen Stand – bitte schließen Sie dieses Fenster und prüfen Sie, ob der Widerruf noch nötig ist.</source>
        <translation>This consent was changed at another desk meanwhile. Nothing was saved. The list now shows the current state – please close this window and check whether the withdrawal is still needed.</translation>
    </message>
</context>
<context>
    <name>RunPage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="+145"/>
        <source>Importieren</source>
        <translation>Import</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Alle Zeilen werden in einem Schritt gespeichert. Abbrechen speichert nichts.</source>
        <translation>All rows are saved in one step. Cancelling saves nothing.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Import abbrechen</source>
        <translation>Cancel import</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Die Liste wird gelesen und geprüft …</source>
        <translation>Reading and checking the list …</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Wird abgebrochen …</source>
        <translation>Cancelling …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Klient*innen werden gespeichert …</source>
        <translation>Saving clients …</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 Klient*innen angelegt.</source>
        <translation>%1 clients created.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nichts gespeichert: die Liste hat sich seit der Prüfung geändert.</source>
        <translation>Nothing saved: the list changed since it was checked.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Import abgebrochen – nichts gespeichert.</source>
        <translation>Import cancelled – nothing saved.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../referral_desk/ui/setup_wizard.py" line="+127"/>
        <source>&lt; &amp;Zurück</source>
        <translation>&lt; &amp;Back</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+300"/>
        <source>&amp;Weiter &gt;</source>
        <translation>&amp;Next &gt;</translation>
    </message>
    <message>
        <location line="-296"/>
        <source>&amp;Fertig</source>
        <translation>&amp;Finish</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Willkommen bei Referral Desk. Zuerst legen wir den verschlüsselten Datentresor für Ihre Beratungsstelle an. Die Angaben zur Organisation erscheinen auf Einwilligungserklärungen und Überleitungsbögen und lassen sich später unter „Verwaltung“ ändern. Pflichtfelder sind mit * markiert.</source>
        <translation>Welcome to Referral Desk. First we create the encrypted vault for your counselling service. The details of your organisation appear on consent forms and referral sheets and can be changed later under &quot;Administration&quot;. Required fields are marked with *.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>z. B. Caritasverband Ludwigshafen e. V.</source>
        <translation>e.g. Caritasverband Ludwigshafen e. V.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Bestimmt, welches Datenschutzrecht die Einwilligungserklärungen zitieren: DSGVO/BDSG, das katholische KDG oder das evangelische DSG-EKD.</source>
        <translation>Decides which data-protection law the consent forms cite: GDPR/BDSG, the Catholic KDG or the Protestant DSG-EKD.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Name der Organisation *</source>
        <translation>Organisation &amp;name *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angebotene &amp;Dienste *</source>
        <translation>Services &amp;offered *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Standard für neue A&amp;kten</source>
        <translation>Default for new &amp;records</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Straße und Hausnummer</source>
        <translation>&amp;Street and number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Postleitzahl</source>
        <translation>Post&amp;al code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Ort</source>
        <translation>&amp;City</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Telefon</source>
        <translation>&amp;Phone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;E-Mail</source>
        <translation>&amp;E-mail</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Daten&amp;schutzrecht</source>
        <translation>Data-protection &amp;law</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Optional: Das Logo Ihrer Organisation erscheint oben auf gedruckten Formularen. Erlaubt ist eine PNG-Datei bis 2 MB. Sie können diesen Schritt überspringen und das Logo später unter „Verwaltung“ hinzufügen.</source>
        <translation>Optional: your organisation&apos;s logo appears at the top of printed forms. A PNG file of up to 2 MB is allowed. You can skip this step and add the logo later under &quot;Administration&quot;.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+242"/>
        <source>Kein Logo ausgewählt.</source>
        <translation>No logo chosen.</translation>
    </message>
    <message>
        <location line="-237"/>
        <source>Logo &amp;auswählen …</source>
        <translation>&amp;Choose logo …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Logo &amp;entfernen</source>
        <translation>&amp;Remove logo</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Legen Sie das erste Benutzerkonto an. Es hat die Rolle „Administration“: Es verwaltet Benutzerkonten, Partnerstellen und Einstellungen. Weitere Konten für Berater*innen legen Sie danach unter „Verwaltung“ an. Das Passwort schützt alle Daten: Es lässt sich nicht auslesen, nur mit dem Wiederherstellungsschlüssel ersetzen.</source>
        <translation>Create the first user account. It has the role &quot;Administration&quot;: it manages user accounts, partner agencies and settings. Accounts for counsellors are added afterwards under &quot;Administration&quot;. The password protects all data: it cannot be read back, only replaced with the recovery key.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>z. B. m.yilmaz</source>
        <translation>e.g. m.yilmaz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>z. B. Meryem Yılmaz</source>
        <translation>e.g. Meryem Yılmaz</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Benutzername *</source>
        <translation>&amp;User name *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Anzeigename</source>
        <translation>&amp;Display name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Passwort *</source>
        <translation>&amp;Password *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passwort &amp;wiederholen *</source>
        <translation>&amp;Repeat password *</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nur Buchstaben a–z, Ziffern sowie . _ - (ohne Leerzeichen und Umlaute), höchstens 64 Zeichen.</source>
        <translation>Only letters a–z, digits and . _ - (no spaces or accented letters), at most 64 characters.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Der Datentresor ist angelegt. Dies ist Ihr Wiederherstellungsschlüssel. Er wird nur jetzt angezeigt. Mit ihm lässt sich ein vergessenes Passwort ersetzen – ohne ihn sind die Daten dann verloren. Drucken Sie ihn aus oder schreiben Sie ihn ab und bewahren Sie ihn verschlossen auf, getrennt vom Computer (z. B. im Tresor der Einrichtungsleitung).</source>
        <translation>The vault has been created. This is your recovery key. It is shown only now. It replaces a forgotten password – without it, the data would be lost. Print it or copy it by hand and keep it locked away, apart from the computer (e.g. in the manager&apos;s safe).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>&amp;Drucken …</source>
        <translation>&amp;Print …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Ich habe den Wiederherstellungsschlüssel sicher aufbewahrt.</source>
        <translation>I have stored the recovery key safely.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Datentresor &amp;anlegen</source>
        <translation>&amp;Create vault</translation>
    </message>
    <message>
        <location line="+86"/>
        <source>Logo auswählen</source>
        <translation>Choose logo</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG-Bilder (*.png)</source>
        <translation>PNG images (*.png)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Bitte eine PNG-Datei bis 2 MB wählen.</source>
        <translation>Please choose a PNG file of at most 2 MB.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Die Datei lässt sich nicht als Bild lesen.</source>
        <translation>The file cannot be read as an image.</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>Das Logo konnte nicht gespeichert werden. Sie können es unter „Verwaltung“ erneut hinzufügen.</source>
        <translation>The logo could not be saved. You can add it again under &quot;Administration&quot;.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Referral Desk – Wiederherstellungsschlüssel</source>
        <translation>Referral Desk – recovery key</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Organisation</source>
        <translation>Organisation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erstellt am</source>
        <translation>Created on</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mit diesem Schlüssel lässt sich ein vergessenes Passwort ersetzen. Wer ihn besitzt, kann alle Daten öffnen: verschlossen aufbewahren, getrennt vom Computer. Nicht fotografieren, nicht per E-Mail versenden.</source>
        <translation>This key replaces a forgotten password. Whoever holds it can open all data: keep it locked away, apart from the computer. Do not photograph it or send it by e-mail.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Beim Abtippen zählen Bindestriche und Leerzeichen nicht; 0/O und 1/I werden gleich behandelt.</source>
        <translation>When typing it in, dashes and spaces do not matter; 0/O and 1/I are treated alike.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>An den Drucker gesendet.</source>
        <translation>Sent to the printer.</translation>
    </message>
    <message>
        <location line="-459"/>
        <source>Datenschutzbeauftragte*r</source>
        <translation>Data-protection officer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-Mail Datenschutz</source>
        <translation>Data-protection e-mail</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Überleitungen gehen per Brief im Fensterumschlag an die Partnerstellen. Bitte tragen Sie deren Anschriften ein, so wie sie in Ihren Kooperationsunterlagen stehen – Referral Desk erfindet keine Anschriften. Was hier fehlt, lässt sich später unter „Verwaltung → Partnerstellen“ ergänzen; bis dahin wird an diese Stelle nichts gedruckt.</source>
        <translation>Referrals go to the partner agencies by letter in a window envelope. Please enter their addresses as they appear in your cooperation documents – Referral Desk never invents an address. What is missing here can be added later under &apos;Administration → Partner agencies&apos;; until then nothing is printed for that agency.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Abteilung / Team</source>
        <translation>Department / team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Straße und Hausnummer</source>
        <translation>Street and number</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postleitzahl</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ort</source>
        <translation>City</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>Schritt 1 von 5: Organisation</source>
        <translation>Step 1 of 5: Organisation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schritt 2 von 5: Logo (optional)</source>
        <translation>Step 2 of 5: Logo (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schritt 3 von 5: Anschriften der Partnerstellen</source>
        <translation>Step 3 of 5: Partner agencies&apos; addresses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schritt 4 von 5: Administration</source>
        <translation>Step 4 of 5: Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Schritt 5 von 5: Wiederherstellungsschlüssel</source>
        <translation>Step 5 of 5: Recovery key</translation>
    </message>
</context>
<context>
    <name>ShareDialog</name>
    <message>
        <location filename="../../referral_desk/ui/clients/share_dialog.py" line="+37"/>
        <source>Vertretung – Akte %1</source>
        <translation>Cover – record %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Während Ihrer Abwesenheit kann eine Kollegin oder ein Kollege diese Akte sehen und bearbeiten – bis einschließlich zum gewählten Tag, höchstens %1 Tage. Die Freigabe wird protokolliert und kann jederzeit beendet werden.</source>
        <translation>While you are away a colleague can see and edit this record – up to and including the chosen day, at most %1 days. The share is logged and can be ended at any time.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Kollegin/Kollege</source>
        <translation>Colleague</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bis einschließlich</source>
        <translation>up to and including</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Freigegeben von</source>
        <translation>Shared by</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stand</source>
        <translation>State</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>beendet</source>
        <translation>ended</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>läuft</source>
        <translation>running</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Freigabe &amp;beenden</source>
        <translation>&amp;End share</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Freigeben</source>
        <translation>&amp;Share</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Kollegin/Kollege</source>
        <translation>&amp;Colleague</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;bis einschließlich</source>
        <translation>&amp;up to and including</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Freigegeben für %1 bis %2.</source>
        <translation>Shared with %1 up to %2.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Freigabe für %1 beendet.</source>
        <translation>Share with %1 ended.</translation>
    </message>
</context>
<context>
    <name>SheetPage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="-449"/>
        <source>Tabellenblatt</source>
        <translation>Sheet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Welches Blatt enthält die Klient*innen? Die Kopfzeile wird automatisch gesucht (sie darf unter einer Überschrift stehen).</source>
        <translation>Which sheet holds the clients? The header row is found automatically (it may stand below a title).</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Tabellenblatt:</source>
        <translation>Sheet:</translation>
    </message>
</context>
<context>
    <name>SignpostDialog</name>
    <message>
        <location filename="../../referral_desk/ui/casework/dialogs.py" line="+16"/>
        <source>Verweisberatung erfassen</source>
        <translation>Record signposting</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>z. B. Schuldnerberatung, Mieterverein</source>
        <translation>e.g. debt counselling, tenants&apos; association</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Verwiesen an *</source>
        <translation>Signposted to *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Datum</source>
        <translation>Date</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thema</source>
        <translation>Topic</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Es werden keine Daten der Person weitergegeben; erfasst wird nur, wohin verwiesen wurde (für die Statistik).</source>
        <translation>No data about the person is passed on; only where they were pointed to is recorded (for the statistics).</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <location filename="../../referral_desk/ui/statistics/page.py" line="+147"/>
        <source>Monat</source>
        <translation>Month</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quartal</source>
        <translation>Quarter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Jahr</source>
        <translation>Year</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Januar</source>
        <translation>January</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Februar</source>
        <translation>February</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>März</source>
        <translation>March</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>April</source>
        <translation>April</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mai</source>
        <translation>May</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Juni</source>
        <translation>June</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Juli</source>
        <translation>July</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>August</source>
        <translation>August</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>September</source>
        <translation>September</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oktober</source>
        <translation>October</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>November</source>
        <translation>November</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dezember</source>
        <translation>December</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1. Quartal</source>
        <translation>Q%1</translation>
    </message>
    <message>
        <location line="-54"/>
        <source>Halbjahr</source>
        <translation>Half-year</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Alle Tabellen</source>
        <translation>All tables</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MBE (BAMF-Sachbericht)</source>
        <translation>MBE (BAMF report)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JMD (BMFSFJ-Bericht)</source>
        <translation>JMD (BMFSFJ report)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kommune</source>
        <translation>Municipality</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Zellsperrung</source>
        <translation>Cell suppression</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zellschlüsselverfahren</source>
        <translation>Cell-key method</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Zellsperrung: kleine Zahlen werden durch „.“ ersetzt, alle anderen sind genau. Zellschlüsselverfahren: jede Zahl erhält eine kleine, feste Abweichung, es gibt keine Punkte.</source>
        <translation>Cell suppression: small numbers are replaced by &apos;.&apos;, all others are exact. Cell-key method: every number gets a small, fixed deviation; there are no dots.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1. Halbjahr</source>
        <translation>H%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>CSV …</source>
        <translation>CSV …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel …</source>
        <translation>Excel …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF …</source>
        <translation>PDF …</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>JSON …</source>
        <translation>JSON …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Die angezeigten Tabellen als %1 speichern</source>
        <translation>Save the tables shown as %1</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Auf der Teamdatenbank sehen Sie die Auswertungen, die die Administration veröffentlicht hat.</source>
        <translation>On the team database you see the reports the administration has published.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Noch keine Auswertung veröffentlicht: Das macht die Administration mit dem Befehl „referral-desk --dsn … stats publish“.</source>
        <translation>No report published yet: the administration does this with the command &quot;referral-desk --dsn … stats publish&quot;.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Veröffentlichte Auswertungen:</source>
        <translation>Published reports:</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Zeitraum:</source>
        <translation>Period:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bericht:</source>
        <translation>Report:</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Verfahren:</source>
        <translation>Method:</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exportieren:</source>
        <translation>Export:</translation>
    </message>
    <message>
        <location line="+160"/>
        <source>Bitte wählen …</source>
        <translation>Please choose …</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Von der Administration am %3 veröffentlicht · Ganze Organisation (%1) · Mindestfallzahl %2</source>
        <translation>Published by the administration on %3 · whole organisation (%1) · minimum cell size %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Von der Administration veröffentlicht · Ganze Organisation (%1) · Mindestfallzahl %2</source>
        <translation>Published by the administration · whole organisation (%1) · minimum cell size %2</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Statistik %1</source>
        <translation>Statistics %1</translation>
    </message>
    <message>
        <location line="-31"/>
        <source>Nur Ihre eigenen Fälle. Berater*innen können die Statistik ansehen, aber nicht exportieren.</source>
        <translation>Only your own cases. Counsellors can view the statistics but not export them.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Ganze Organisation (%1) · Mindestfallzahl %2</source>
        <translation>Whole organisation (%1) · minimum cell size %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Exportieren dürfen Teamleitung, Statistik und Administration.</source>
        <translation>Exporting is open to the roles Team lead, Statistics and Administration.</translation>
    </message>
    <message>
        <location line="+83"/>
        <source>Unterdrückt (Geheimhaltung)</source>
        <translation>Suppressed (confidentiality)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Statistik speichern</source>
        <translation>Save statistics</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Gespeichert: %1</source>
        <translation>Saved: %1</translation>
    </message>
</context>
<context>
    <name>StatusDialog</name>
    <message>
        <location filename="../../referral_desk/ui/referrals/dialogs.py" line="+613"/>
        <source>Status ändern</source>
        <translation>Change status</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Jetzt: %1</source>
        <translation>Current: %1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Grund der Ablehnung *</source>
        <translation>Reason for rejection *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>z. B. per Post versandt</source>
        <translation>e.g. sent by post</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Wiedervorlage am</source>
        <translation>Follow-up on</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Neuer Status *</source>
        <translation>New status *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Datum *</source>
        <translation>Date *</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Notiz</source>
        <translation>Note</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Speichern</source>
        <translation>Save</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Abbrechen</source>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <location filename="../../referral_desk/ui/casework/dialogs.py" line="-61"/>
        <source>Schritt zum Ziel</source>
        <translation>Step towards the goal</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Schritt *</source>
        <translation>Step *</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Wer</source>
        <translation>Who</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bis</source>
        <translation>By</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../referral_desk/ui/clients/import_wizard.py" line="+455"/>
        <source>Fertig</source>
        <translation>Done</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Importierte Klient*innen anzeigen</source>
        <translation>Show imported clients</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fallnummer</source>
        <translation>Case number</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Geburtsdatum</source>
        <translation>Date of birth</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 Zeilen gelesen, %2 Klient*innen angelegt, %3 Beratungskontakte übernommen, %4 Zeilen übersprungen (%5 Dubletten, %6 ungültig).</source>
        <translation>%1 rows read, %2 clients created, %3 counselling contacts taken over, %4 rows skipped (%5 duplicates, %6 invalid).</translation>
    </message>
</context>
<context>
    <name>TeamSignInPage</name>
    <message>
        <location filename="../../referral_desk/ui/team_sign_in.py" line="+62"/>
        <source>Teamdatenbank: %1</source>
        <translation>Team database: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bitte melden Sie sich mit Ihrem Konto der Teamdatenbank an.</source>
        <translation>Please sign in with your team database account.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&amp;Benutzername</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Passwort</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Anmelden</source>
        <translation>&amp;Sign in</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Bitte den Benutzernamen eingeben.</source>
        <translation>Please enter the user name.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bitte das Passwort eingeben.</source>
        <translation>Please enter the password.</translation>
    </message>
</context>
<context>
    <name>TeamUsersTab</name>
    <message>
        <location filename="../../referral_desk/ui/admin_page.py" line="-453"/>
        <source>Anmeldename</source>
        <translation>Login name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anzeigename</source>
        <translation>Display name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Team</source>
        <translation>Team</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aktiv</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>In der Teamdatenbank ist jedes Benutzerkonto eine Anmeldung am Datenbankserver: Ihre Administration legt sie mit „referral-desk --dsn … user add“ an und deaktiviert sie mit „referral-desk --dsn … user deactivate“.</source>
        <translation>On a team database every user account is a login on the database server: your administration creates it with &quot;referral-desk --dsn … user add&quot; and deactivates it with &quot;referral-desk --dsn … user deactivate&quot;.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Aufbewahrung (Löschfristen)</source>
        <translation>Retention (erasure deadlines)</translation>
    </message>
</context>
<context>
    <name>UnlockPage</name>
    <message>
        <location filename="../../referral_desk/ui/unlock_page.py" line="+122"/>
        <source>Der Datentresor ist gesperrt. Bitte melden Sie sich an.</source>
        <translation>The vault is locked. Please sign in.</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+105"/>
        <source>&amp;Benutzername</source>
        <translation>&amp;User name</translation>
    </message>
    <message>
        <location line="-104"/>
        <source>&amp;Passwort</source>
        <translation>&amp;Password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Entsperren</source>
        <translation>&amp;Unlock</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Passwort vergessen?</source>
        <translation>Forgot your password?</translation>
    </message>
    <message>
        <location line="+25"/>
        <location line="+136"/>
        <source>Bitte den Benutzernamen eingeben.</source>
        <translation>Please enter the user name.</translation>
    </message>
    <message>
        <location line="-133"/>
        <location line="+257"/>
        <source>Bitte das Passwort eingeben.</source>
        <translation>Please enter the password.</translation>
    </message>
    <message>
        <location line="-219"/>
        <source>Mit dem Wiederherstellungsschlüssel aus der Einrichtung können Sie für ein Benutzerkonto ein neues Passwort festlegen. Der Vorgang wird protokolliert.</source>
        <translation>With the recovery key from the set-up you can give a user account a new password. This is recorded in the audit log.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&amp;Wiederherstellungsschlüssel</source>
        <translation>&amp;Recovery key</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Neues Passwort</source>
        <translation>&amp;New password</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Passwort &amp;wiederholen</source>
        <translation>Repeat pass&amp;word</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Passwort setzen und &amp;anmelden</source>
        <translation>Set password and &amp;sign in</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Zurück zur Anmeldung</source>
        <translation>&amp;Back to sign-in</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Bitte den Wiederherstellungsschlüssel eingeben.</source>
        <translation>Please enter the recovery key.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Kein aktives Benutzerkonto mit diesem Namen.</source>
        <translation>No active user account with this name.</translation>
    </message>
    <message>
        <location line="-269"/>
        <source>Datentresor: %1</source>
        <translation>Vault: %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Aus &amp;Sicherung wiederherstellen …</source>
        <translation>&amp;Restore from backup …</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Demo-Tresor öffnen …</source>
        <translation>Open &amp;demo vault …</translation>
    </message>
    <message>
        <location line="+255"/>
        <source>Der Datentresor ist nicht auf dem zuletzt gesehenen Stand</source>
        <translation>The vault is not at the state last seen</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Bis eine Administratorin oder ein Administrator das geprüft und hier mit einem Grund bestätigt hat, kann niemand mit dem Datentresor arbeiten. Vorher prüfen: Gibt es eine neuere Sicherung? Dann diese wiederherstellen. Die Bestätigung wird protokolliert.</source>
        <translation>Until an administrator has checked this and acknowledged it here with a reason, nobody can work with the vault. Check first: is there a newer backup? Then restore that one. The acknowledgement is recorded in the audit log.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>z. B. Ordner aus der Sicherung vom Montag zurückgespielt</source>
        <translation>e.g. folder restored from Monday&apos;s backup</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Administration</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Passwort</source>
        <translation>Password</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grund</source>
        <translation>Reason</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Prüfung bestätigen</source>
        <translation>Acknowledge</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Bitte den Benutzernamen der Administration eingeben.</source>
        <translation>Please enter the administrator&apos;s user name.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Bitte einen Grund angeben.</source>
        <translation>Please give a reason.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Bestätigt und protokolliert. Bitte jetzt anmelden.</source>
        <translation>Acknowledged and recorded. Please sign in now.</translation>
    </message>
</context>
<context>
    <name>UsersTab</name>
    <message>
        <location filename="../../referral_desk/ui/admin_page.py" line="-367"/>
        <location line="+123"/>
        <source>Benutzername</source>
        <translation>User name</translation>
    </message>
    <message>
        <location line="-122"/>
        <source>Anzeigename</source>
        <translation>Display name</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rolle</source>
        <translation>Role</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aktiv</source>
        <translation>Active</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Neues Benutzerkonto …</source>
        <translation>&amp;New user account …</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Wählen Sie links ein Benutzerkonto aus, um Rolle, Status oder Passwort zu ändern, oder legen Sie ein neues an.</source>
        <translation>Choose a user account on the left to change its role, status or password, or create a new one.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Neues Benutzerkonto</source>
        <translation>New user account</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Benutzerkonto &amp;anlegen</source>
        <translation>&amp;Create user account</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Das Anfangspasswort teilen Sie der Person persönlich mit.</source>
        <translation>Tell the person their initial password in person.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Benutzername *</source>
        <translation>&amp;User name *</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+48"/>
        <source>An&amp;zeigename</source>
        <translation>&amp;Display name</translation>
    </message>
    <message>
        <location line="-47"/>
        <location line="+48"/>
        <source>&amp;Rolle</source>
        <translation>&amp;Role</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Anfangs&amp;passwort *</source>
        <translation>Initial &amp;password *</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passwort &amp;wiederholen *</source>
        <translation>&amp;Repeat password *</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nur Buchstaben a–z, Ziffern sowie . _ - (ohne Leerzeichen und Umlaute), höchstens 64 Zeichen.</source>
        <translation>Only letters a–z, digits and . _ - (no spaces or accented letters), at most 64 characters.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Benutzerkonto bearbeiten</source>
        <translation>Edit user account</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Aktiv (kann sich anmelden)</source>
        <translation>Active (can sign in)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Das eigene Konto kann hier weder die Rolle wechseln noch deaktiviert werden.</source>
        <translation>Your own account cannot change its role or be deactivated here.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Änderungen &amp;speichern</source>
        <translation>&amp;Save changes</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Passwort zurücksetzen</source>
        <translation>Reset password</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Für Personen, die ihr Passwort vergessen haben, oder nach einer Reaktivierung. Das neue Passwort teilen Sie der Person persönlich mit.</source>
        <translation>For people who forgot their password, or after reactivating an account. Tell the person the new password in person.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Passwort &amp;zurücksetzen</source>
        <translation>Reset pass&amp;word</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Neues &amp;Passwort</source>
        <translation>New &amp;password</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Passwort &amp;wiederholen</source>
        <translation>Repeat pass&amp;word</translation>
    </message>
    <message>
        <location line="+96"/>
        <source>Benutzerkonto „%1“ angelegt.</source>
        <translation>User account &quot;%1&quot; created.</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Keine Änderungen.</source>
        <translation>No changes.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Gespeichert.</source>
        <translation>Saved.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Bitte jetzt ein neues Passwort setzen, damit sich die Person wieder anmelden kann.</source>
        <translation>Now set a new password so that the person can sign in again.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Neues Passwort für „%1“ gesetzt.</source>
        <translation>New password set for &quot;%1&quot;.</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <location filename="../../referral_desk/ui/main_window.py" line="-938"/>
        <source>Sperren</source>
        <translation>Lock</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Datentresor sperren (Strg+L)</source>
        <translation>Lock the vault (Ctrl+L)</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Anzeigen</source>
        <translation>Show</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Liste anzeigen …</source>
        <translation>Show list …</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Später</source>
        <translation>Later</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+40"/>
        <location line="+8"/>
        <source>Klient*innen</source>
        <translation>Clients</translation>
    </message>
    <message>
        <location line="-46"/>
        <location line="+59"/>
        <source>Überleitungen</source>
        <translation>Referrals</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+69"/>
        <source>Gruppenangebote</source>
        <translation>Group sessions</translation>
    </message>
    <message>
        <location line="-67"/>
        <source>Statistik</source>
        <translation>Statistics</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+179"/>
        <source>Verwaltung</source>
        <translation>Administration</translation>
    </message>
    <message>
        <location line="-146"/>
        <source>Ihre Rolle „%1“ hat keinen Zugriff auf Klientenakten. Sie sehen nur anonymisierte Statistiken.</source>
        <translation>Your role &quot;%1&quot; has no access to client records. You see anonymised statistics only.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Noch nicht verfügbar. Die Klientenliste und die Klientenakte sind in dieser Version noch nicht enthalten.</source>
        <translation>Not available yet. The client list and client records are not part of this version.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Ihre Rolle hat keinen Zugriff auf Überleitungen. Sie sehen nur anonymisierte Statistiken.</source>
        <translation>Your role has no access to referrals. You see anonymised statistics only.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Ihre Rolle hat keinen Zugriff auf Gruppenangebote. Sie sehen nur anonymisierte Statistiken.</source>
        <translation>Your role has no access to group sessions. You see anonymised statistics only.</translation>
    </message>
    <message>
        <location line="+115"/>
        <source>Die Verwaltung (Benutzerkonten, Partnerstellen, Einstellungen) ist der Rolle „Administration“ vorbehalten. Ihre Rolle: %1. Bitte wenden Sie sich an Ihre Administration.</source>
        <translation>Administration (user accounts, partner agencies, settings) is reserved for the role &quot;Administration&quot;. Your role: %1. Please contact your administrator.</translation>
    </message>
    <message>
        <location line="-202"/>
        <source>Verstanden</source>
        <translation>Understood</translation>
    </message>
    <message numerus="yes">
        <location line="+128"/>
        <source>%n Überleitung mit fälliger Wiedervorlage.</source>
        <translation>
            <numerusform>%n referral with a follow-up due.</numerusform>
            <numerusform>%n referrals with a follow-up due.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n Überleitungen mit fälliger Wiedervorlage.</source>
        <translation>
            <numerusform>%n referral with a follow-up due.</numerusform>
            <numerusform>%n referrals with a follow-up due.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Die automatische Sicherung vom %1 ist fehlgeschlagen: %2 Bitte den Sicherungsordner unter Verwaltung → Datenschutz prüfen.</source>
        <translation>The automatic backup of %1 failed: %2 Please check the backup folder under Administration → Data protection.</translation>
    </message>
</context>
<context>
    <name>widgets</name>
    <message>
        <location filename="../../referral_desk/ui/widgets.py" line="-741"/>
        <source>Unerwarteter Fehler (Programmfehler). Bitte an die Administration melden.</source>
        <translation>Unexpected error (a bug). Please tell your administrator.</translation>
    </message>
    <message>
        <location line="+146"/>
        <source>Bitte warten</source>
        <translation>Please wait</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Mindestens %1 Zeichen; Satz aus mehreren Wörtern empfohlen.</source>
        <translation>At least %1 characters; a phrase of several words is recommended.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>sehr schwach</source>
        <translation>very weak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>schwach</source>
        <translation>weak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mittel</source>
        <translation>fair</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>gut</source>
        <translation>good</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stark</source>
        <translation>strong</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Nicht zulässig: %1</source>
        <translation>Not allowed: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stärke: %1</source>
        <translation>Strength: %1</translation>
    </message>
    <message>
        <location line="+327"/>
        <source>Ja</source>
        <translation>Yes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nein</source>
        <translation>No</translation>
    </message>
</context>
</TS>
