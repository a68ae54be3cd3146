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
    <name>GroupsPage</name>
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
    <name>RemindersDialog</name>
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

</TS>