<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="en_GB" sourcelanguage="de_DE">
<context>
    <name>ConsentTab</name>
    <message>
        <source>Status</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Status</translation>
    </message>
    <message>
        <source>Empfänger</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Recipient</translation>
    </message>
    <message>
        <source>Daten</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Data</translation>
    </message>
    <message>
        <source>Zweck</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Purpose</translation>
    </message>
    <message>
        <source>Erteilt am</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Given on</translation>
    </message>
    <message>
        <source>Gültig bis</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Valid until</translation>
    </message>
    <message>
        <source>Sprache</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, ConsentTab.COLUMNS (plain strings, translated via self.tr(c)).</extracomment>
        <translation>Language</translation>
    </message>
</context>
<context>
    <name>ContactsTab</name>
    <message>
        <source>Datum</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/contact_dialog.py, ContactsTab.COLUMNS (QT_TR_NOOP in the class body: lupdate files them under an empty context).</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <source>Dauer</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/contact_dialog.py, ContactsTab.COLUMNS (QT_TR_NOOP in the class body: lupdate files them under an empty context).</extracomment>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Kontaktart</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/contact_dialog.py, ContactsTab.COLUMNS (QT_TR_NOOP in the class body: lupdate files them under an empty context).</extracomment>
        <translation>Type of contact</translation>
    </message>
    <message>
        <source>Themen</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/contact_dialog.py, ContactsTab.COLUMNS (QT_TR_NOOP in the class body: lupdate files them under an empty context).</extracomment>
        <translation>Topics</translation>
    </message>
    <message>
        <source>Dolmetschung</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/contact_dialog.py, ContactsTab.COLUMNS (QT_TR_NOOP in the class body: lupdate files them under an empty context).</extracomment>
        <translation>Interpreting</translation>
    </message>
    <message>
        <source>Berater*in</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/contact_dialog.py, ContactsTab.COLUMNS (QT_TR_NOOP in the class body: lupdate files them under an empty context).</extracomment>
        <translation>Counsellor</translation>
    </message>
<message>
        <source>Mitberaten</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>With family</translation>
    </message>
</context>
<context>
    <name>ReferralDetails</name>
    <message>
        <source>Datenkategorien</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Data categories</translation>
    </message>
    <message>
        <source>Anliegen</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Request</translation>
    </message>
    <message>
        <source>Erbetene Maßnahme</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Action requested</translation>
    </message>
    <message>
        <source>Anlagen</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Attachments</translation>
    </message>
    <message>
        <source>Grund der Ablehnung</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Reason for rejection</translation>
    </message>
    <message>
        <source>Rückmeldung</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Feedback</translation>
    </message>
    <message>
        <source>Nächste Schritte</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>Next steps</translation>
    </message>
    <message>
        <source>Verlauf</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/referrals/dialogs.py, details_html(): _t() = QCoreApplication.translate("ReferralDetails", text).</extracomment>
        <translation>History</translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>persönlich</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, RevokeDialog.SOURCES (plain strings, translated via self.tr(label)).</extracomment>
        <translation>in person</translation>
    </message>
    <message>
        <source>per Brief</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, RevokeDialog.SOURCES (plain strings, translated via self.tr(label)).</extracomment>
        <translation>by letter</translation>
    </message>
    <message>
        <source>per E-Mail</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, RevokeDialog.SOURCES (plain strings, translated via self.tr(label)).</extracomment>
        <translation>by e-mail</translation>
    </message>
    <message>
        <source>telefonisch</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, RevokeDialog.SOURCES (plain strings, translated via self.tr(label)).</extracomment>
        <translation>by phone</translation>
    </message>
    <message>
        <source>anders</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/consent/tab.py, RevokeDialog.SOURCES (plain strings, translated via self.tr(label)).</extracomment>
        <translation>other</translation>
    </message>
</context>
<context>
    <name>MappingPage</name>
    <message>
        <source>Familienname</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Family name</translation>
    </message>
    <message>
        <source>Vorname(n)</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Given name(s)</translation>
    </message>
    <message>
        <source>Geburtsdatum</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Date of birth</translation>
    </message>
    <message>
        <source>Geschlecht</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Gender</translation>
    </message>
    <message>
        <source>Staatsangehörigkeit</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Nationality</translation>
    </message>
    <message>
        <source>Sprache</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Language</translation>
    </message>
    <message>
        <source>Dolmetschung nötig</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Interpreter needed</translation>
    </message>
    <message>
        <source>Aufenthaltsstatus</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Residence status</translation>
    </message>
    <message>
        <source>Aufenthalt gültig bis</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Residence valid until</translation>
    </message>
    <message>
        <source>Erwerbstätigkeit erlaubt</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Employment permitted</translation>
    </message>
    <message>
        <source>Deutschkenntnisse</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>German skills</translation>
    </message>
    <message>
        <source>Integrationskurs</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Integration course</translation>
    </message>
    <message>
        <source>Einreise</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Arrival</translation>
    </message>
    <message>
        <source>Telefon</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Phone</translation>
    </message>
    <message>
        <source>E-Mail</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Straße</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Street</translation>
    </message>
    <message>
        <source>PLZ</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>Ort</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>City</translation>
    </message>
    <message>
        <source>Jobcenter-Kundennummer</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Jobcenter customer number</translation>
    </message>
    <message>
        <source>Notizen</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Notes</translation>
    </message>
    <message>
        <source>Letzter Kontakt</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Last contact</translation>
    </message>
    <message>
        <source>Name, Vorname (eine Spalte)</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Family name, given names (one column)</translation>
    </message>
    <message>
        <source>Rechtsgrundlage des Aufenthalts</source>
        <extracomment>Not extractable by lupdate: referral_desk/ui/clients/import_wizard.py, FIELD_LABELS (translated via self.tr(label)).</extracomment>
        <translation>Legal basis of residence</translation>
    </message>
    <message>
        <source>(nicht übernommen)</source>
        <extracomment>Not extractable by lupdate: import_wizard.py, self.tr('(nicht übernommen)') inside an f-string.</extracomment>
        <translation>(not imported)</translation>
    </message>
</context>
<context>
    <name>Workspace</name>
    <message>
        <source>1 Aufenthaltstitel läuft ab</source>
        <extracomment>Reminder bar (ui/casework/reminders.py summary, called with Workspace.tr).</extracomment>
        <translation>1 residence title expiring</translation>
    </message>
    <message>
        <source>%n Aufenthaltstitel laufen ab</source>
        <extracomment>Reminder bar (ui/casework/reminders.py summary, called with Workspace.tr).</extracomment>
        <translation>%n residence titles expiring</translation>
    </message>
    <message>
        <source>1 Schritt im Förderplan fällig</source>
        <extracomment>Reminder bar (ui/casework/reminders.py summary, called with Workspace.tr).</extracomment>
        <translation>1 support-plan step due</translation>
    </message>
    <message>
        <source>%n Schritte im Förderplan fällig</source>
        <extracomment>Reminder bar (ui/casework/reminders.py summary, called with Workspace.tr).</extracomment>
        <translation>%n support-plan steps due</translation>
    </message>
    <message>
        <source>1 Überleitung mit fälliger Wiedervorlage</source>
        <extracomment>Reminder bar (ui/casework/reminders.py summary, called with Workspace.tr).</extracomment>
        <translation>1 referral due for follow-up</translation>
    </message>
    <message>
        <source>%n Überleitungen mit fälliger Wiedervorlage</source>
        <extracomment>Reminder bar (ui/casework/reminders.py summary, called with Workspace.tr).</extracomment>
        <translation>%n referrals due for follow-up</translation>
    </message>
    <message>
        <source>Liste anzeigen …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Show list …</translation>
    </message>
    <message>
        <source>Gruppenangebote</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Group sessions</translation>
    </message>
    <message>
        <source>Ihre Rolle hat keinen Zugriff auf Gruppenangebote. Sie sehen nur anonymisierte Statistiken.</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Your role has no access to group sessions. You see anonymised statistics only.</translation>
    </message>
<message>
        <source>%n Aufenthaltstitel läuft/laufen ab</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>%n residence title(s) expiring</translation>
    </message>
    <message>
        <source>%n Schritt(e) im Förderplan fällig</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>%n support-plan step(s) due</translation>
    </message>
    <message>
        <source>%n Überleitung(en) mit fälliger Wiedervorlage</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>%n referral(s) due for follow-up</translation>
    </message>
    <message>
        <source>Erinnerungen: </source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Reminders: </translation>
    </message>
    </context>
<context>
    <name>ClientForm</name>
    <message>
        <source>Standard der Organisation</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Organisation's default</translation>
    </message>
    <message>
        <source>– nicht erfragt –</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>– not asked –</translation>
    </message>
    <message>
        <source>Angebot und Zugang</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Service and access</translation>
    </message>
    <message>
        <source>Angebot</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Service</translation>
    </message>
    <message>
        <source>Zugangsweg</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Access route</translation>
    </message>
</context>
<context>
    <name>ClientRecord</name>
    <message>
        <source>Förderplan</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Support plan</translation>
    </message>
</context>
<context>
    <name>ClientsPage</name>
    <message>
        <source>Alle Angebote</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>All services</translation>
    </message>
</context>
<context>
    <name>ContactDialog</name>
    <message>
        <source>Wie viele Familienangehörige wurden bei diesem Kontakt mitberaten?</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>How many family members were counselled alongside in this contact?</translation>
    </message>
    <message>
        <source>Mitberatene Familienangehörige</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Family members counselled alongside</translation>
    </message>
</context>
<context>
    <name>EntryDialog</name>
    <message>
        <source>Speichern</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Save</translation>
    </message>
    <message>
        <source>Abbrechen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Cancel</translation>
    </message>
</context>
<context>
    <name>GoalDialog</name>
    <message>
        <source>Ziel im Förderplan</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Support-plan goal</translation>
    </message>
    <message>
        <source>Lebensbereich</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Life area</translation>
    </message>
    <message>
        <source>Ziel *</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Goal *</translation>
    </message>
    <message>
        <source>Vereinbart am</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Agreed on</translation>
    </message>
    <message>
        <source>Zu erreichen bis</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>To be reached by</translation>
    </message>
</context>
<context>
    <name>GroupDialog</name>
    <message>
        <source>Gruppenangebot erfassen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Record group session</translation>
    </message>
    <message>
        <source> Min.</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation> min</translation>
    </message>
    <message>
        <source>optional: IDs angemeldeter Klient*innen, z. B. 12, 40</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>optional: IDs of registered clients, e.g. 12, 40</translation>
    </message>
    <message>
        <source>Datum</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <source>Dauer</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Thema</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Teilnehmende *</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Participants *</translation>
    </message>
    <message>
        <source>Angebot</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Service</translation>
    </message>
    <message>
        <source>Angemeldete Klient*innen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Registered clients</translation>
    </message>
</context>
<context>
    <name>GroupsPage</name>
    <message>
        <source>Gruppenangebote</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Group sessions</translation>
    </message>
    <message>
        <source>Gruppenangebote werden für die Statistik gezählt (Termine und Teilnehmende); angemeldete Klient*innen sind optional.</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Group sessions are counted for the statistics (sessions and participants); registered clients are optional.</translation>
    </message>
    <message>
        <source>Alle Angebote</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>All services</translation>
    </message>
    <message>
        <source>Gruppenangebot erfassen …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Record group session …</translation>
    </message>
    <message>
        <source>%1 Min.</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 Gruppenangebote, %2 Teilnehmende</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>%1 group sessions, %2 participants</translation>
    </message>
    <message>
        <source>Datum</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <source>Thema</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Teilnehmende</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Participants</translation>
    </message>
    <message>
        <source>Dauer</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Duration</translation>
    </message>
    <message>
        <source>Angemeldet</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Registered</translation>
    </message>
    <message>
        <source>Berater*in</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Counsellor</translation>
    </message>
</context>
<context>
    <name>PlanTab</name>
    <message>
        <source>Ziel / Schritt</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Goal / step</translation>
    </message>
    <message>
        <source>Bis / am</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>By / on</translation>
    </message>
    <message>
        <source>Wer / Ergebnis</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Who / outcome</translation>
    </message>
    <message>
        <source>Erledigt</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Done</translation>
    </message>
    <message>
        <source>Ziel hinzufügen …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Add goal …</translation>
    </message>
    <message>
        <source>Schritt …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Step …</translation>
    </message>
    <message>
        <source>Überprüfen …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Review …</translation>
    </message>
    <message>
        <source>Schritt erledigt</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Step done</translation>
    </message>
    <message>
        <source>Förderplan als PDF …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Support plan as PDF …</translation>
    </message>
    <message>
        <source>Förderplan (Case Management)</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Support plan (case management)</translation>
    </message>
    <message>
        <source>Datum</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <source>Verwiesen an</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Signposted to</translation>
    </message>
    <message>
        <source>Thema</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Berater*in</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Counsellor</translation>
    </message>
    <message>
        <source>Verweisberatung erfassen …</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Record signposting …</translation>
    </message>
    <message>
        <source>Verweisberatung (ohne Datenweitergabe)</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Signposting (no data passed on)</translation>
    </message>
    <message>
        <source>Beratungsfall – noch kein Förderplan. Mit dem ersten Ziel wird die Akte ein Case-Management-Fall.</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Counselling case – no support plan yet. With the first goal the record becomes a case-management case.</translation>
    </message>
    <message>
        <source>Case-Management-Fall: %1 Ziel(e).</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Case-management case: %1 goal(s).</translation>
    </message>
    <message>
        <source>offen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>open</translation>
    </message>
    <message>
        <source>Überprüfung</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Review</translation>
    </message>
    <message>
        <source>Förderplan speichern</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Save support plan</translation>
    </message>
    <message>
        <source>PDF-Dateien (*.pdf)</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>PDF files (*.pdf)</translation>
    </message>
    <message>
        <source>Förderplan gespeichert: %1</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Support plan saved: %1</translation>
    </message>
</context>
<context>
    <name>RemindersDialog</name>
    <message>
        <source>Erinnerungen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Reminders</translation>
    </message>
    <message>
        <source>Fällig</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Due</translation>
    </message>
    <message>
        <source>Fallnummer</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Case number</translation>
    </message>
    <message>
        <source>Name</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Name</translation>
    </message>
    <message>
        <source>Erinnerung</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Reminder</translation>
    </message>
    <message>
        <source>Akte öffnen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Open record</translation>
    </message>
    <message>
        <source>Schließen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Close</translation>
    </message>
    <message>
        <source>Rot: überfällig. Aufenthaltstitel, die in den nächsten 60 Tagen ablaufen (oder in den letzten 30 Tagen abgelaufen sind), fällige Schritte und Wiedervorlagen.</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Red: overdue. Residence titles expiring within the next 60 days (or expired in the last 30 days), due steps and follow-ups.</translation>
    </message>
    <message>
        <source>Aufenthaltstitel läuft ab</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Residence title expires</translation>
    </message>
    <message>
        <source>Schritt im Förderplan fällig</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Support-plan step due</translation>
    </message>
    <message>
        <source>Wiedervorlage einer Überleitung</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Referral follow-up</translation>
    </message>
</context>
<context>
    <name>ReviewDialog</name>
    <message>
        <source>Ziel überprüfen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Review goal</translation>
    </message>
    <message>
        <source>Ergebnis</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Outcome</translation>
    </message>
    <message>
        <source>Überprüft am</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Reviewed on</translation>
    </message>
    <message>
        <source>Notiz</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Note</translation>
    </message>
</context>
<context>
    <name>SignpostDialog</name>
    <message>
        <source>Verweisberatung erfassen</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Record signposting</translation>
    </message>
    <message>
        <source>z. B. Schuldnerberatung, Mieterverein</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>e.g. debt counselling, tenants' association</translation>
    </message>
    <message>
        <source>Verwiesen an *</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Signposted to *</translation>
    </message>
    <message>
        <source>Datum</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Date</translation>
    </message>
    <message>
        <source>Thema</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Topic</translation>
    </message>
    <message>
        <source>Es werden keine Daten der Person weitergegeben; erfasst wird nur, wohin verwiesen wurde (für die Statistik).</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>No data about the person is passed on; only where they were pointed to is recorded (for the statistics).</translation>
    </message>
</context>
<context>
    <name>StepDialog</name>
    <message>
        <source>Schritt zum Ziel</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Step towards the goal</translation>
    </message>
    <message>
        <source>Schritt *</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Step *</translation>
    </message>
    <message>
        <source>Wer</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Who</translation>
    </message>
    <message>
        <source>Bis</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>By</translation>
    </message>
</context>
<context>
    <name>ServicesBox</name>
    <message>
        <source>Angebote speichern</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Save services</translation>
    </message>
</context>
<context>
    <name>OrganisationTab</name>
    <message>
        <source>Angebote</source>
        <extracomment>Case work (issue 13): kept by hand so lupdate runs of other areas do not clash.</extracomment>
        <translation>Services</translation>
    </message>
</context>
<context>
    <name>StatisticsPage</name>
    <message>
        <source>Halbjahr</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>Half-year</translation>
    </message>
    <message>
        <source>%1. Halbjahr</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>H%1</translation>
    </message>
    <message>
        <source>Bericht:</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>Report:</translation>
    </message>
    <message>
        <source>Alle Tabellen</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>All tables</translation>
    </message>
    <message>
        <source>MBE (BAMF-Sachbericht)</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>MBE (BAMF report)</translation>
    </message>
    <message>
        <source>JMD (BMFSFJ-Bericht)</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>JMD (BMFSFJ report)</translation>
    </message>
    <message>
        <source>Kommune</source>
        <extracomment>Statistik page, issue 14 (period kinds and report profiles); kept here so lupdate runs of other branches do not lose them.</extracomment>
        <translation>Municipality</translation>
    </message>
</context>
<context><name>ConsentFormsTab</name><message>
        <source>Sprache</source>
        <translation>Language</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Freigegeben am</source>
        <translation>Approved on</translation>
    </message>
    <message>
        <source>von</source>
        <translation>by</translation>
    </message>
    <message>
        <source>Herkunft</source>
        <translation>Origin</translation>
    </message>
    </context>
<!-- Issue 14 (statistics branch): strings added by hand; lupdate will move them into the main .ts. -->
<context><name>StatisticsPage</name>
    <message>
        <source>Zellsperrung</source>
        <translation>Cell suppression</translation>
    </message>
    <message>
        <source>Zellschlüsselverfahren</source>
        <translation>Cell-key method</translation>
    </message>
    <message>
        <source>Verfahren:</source>
        <translation>Method:</translation>
    </message>
    <message>
        <source>Zellsperrung: kleine Zahlen werden durch „.“ ersetzt, alle anderen sind genau. Zellschlüsselverfahren: jede Zahl erhält eine kleine, feste Abweichung, es gibt keine Punkte.</source>
        <translation>Cell suppression: small numbers are replaced by '.', all others are exact. Cell-key method: every number gets a small, fixed deviation; there are no dots.</translation>
    </message>
</context>
<context><name>ClientForm</name>
    <message>
        <source>Rechtsgrundlage</source>
        <translation>Legal basis</translation>
    </message>
    <message>
        <source>– nicht erfasst –</source>
        <translation>– not recorded –</translation>
    </message>
</context>
</TS>
