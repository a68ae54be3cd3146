<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="de_DE">
<context>
    <name>AdminPage</name>
    <message>
        <source>&amp;Einwilligungsformulare</source>
        <translation>&amp;Consent forms</translation>
    </message>
</context>
<context>
    <name>ConsentDialog</name>
    <message>
        <source>Ungeprüfte Übersetzung trotzdem drucken (das Blatt trägt dann den Hinweis „noch nicht geprüft“)</source>
        <translation>Print the unreviewed translation anyway (the sheet then says 'not yet reviewed')</translation>
    </message>
    <message>
        <source>Sorgeberechtigte Person</source>
        <translation>Person with parental responsibility</translation>
    </message>
    <message>
        <source>Sorgeberechtigte Person *</source>
        <translation>Person with parental responsibility *</translation>
    </message>
    <message>
        <source>Sorgeberechtigte Person (freiwillig)</source>
        <translation>Person with parental responsibility (optional)</translation>
    </message>
    <message>
        <source>Die Person ist heute %1 Jahre alt (unter 15): eine sorgeberechtigte Person unterschreibt mit.</source>
        <translation>The person is %1 today (under 15): a person with parental responsibility co-signs.</translation>
    </message>
    <message>
        <source>Die Person ist heute %1 Jahre alt und willigt selbst ein. Das Formular hat eine Zeile für Ihren Vermerk zur Einsichtsfähigkeit.</source>
        <translation>The person is %1 today and consents personally. The form has a line for your note on their understanding.</translation>
    </message>
    <message>
        <source>Übersetzung von der Organisation freigegeben.</source>
        <translation>Translation approved by the organisation.</translation>
    </message>
    <message>
        <source>Diese Übersetzung ist noch nicht geprüft und nicht freigegeben.</source>
        <translation>This translation is not reviewed or approved yet.</translation>
    </message>
    <message>
        <source>Die Vorlage weicht von der freigegebenen Fassung ab – Drucken nicht möglich.</source>
        <translation>The template differs from the approved version – it cannot be printed.</translation>
    </message>
</context>
<context>
    <name>ConsentFormsTab</name>
    <message>
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
    <message>
        <source>z. B. geprüft von … (Übersetzerin / Übersetzer)</source>
        <translation>e.g. reviewed by … (translator)</translation>
    </message>
    <message>
        <source>Übersetzung freigeben</source>
        <translation>Approve translation</translation>
    </message>
    <message>
        <source>Übersetzungen gelten als ungeprüft, bis die Organisation die Fassung freigibt. Freigegeben wird genau diese Datei (SHA-256); wird sie danach verändert, wird nicht mehr gedruckt. Eine korrigierte Übersetzung braucht eine neue Versionsnummer (siehe docs/consent.md).</source>
        <translation>Translations count as unreviewed until the organisation approves the version. Exactly this file is approved (SHA-256); if it is changed afterwards, nothing is printed. A corrected translation needs a new version number (see docs/consent.md).</translation>
    </message>
    <message>
        <source>Vorlagen und Freigaben</source>
        <translation>Templates and approvals</translation>
    </message>
    <message>
        <source>Datenschutz-Aufsichtsbehörde (wird auf jeder Erklärung gedruckt)</source>
        <translation>Data-protection supervisory authority (printed on every declaration)</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Straße</source>
        <translation>Street</translation>
    </message>
    <message>
        <source>PLZ</source>
        <translation>Postal code</translation>
    </message>
    <message>
        <source>Ort</source>
        <translation>City</translation>
    </message>
    <message>
        <source>E-Mail</source>
        <translation>E-mail</translation>
    </message>
    <message>
        <source>Aufsichtsbehörde speichern</source>
        <translation>Save supervisory authority</translation>
    </message>
    <message>
        <source>verbindlich</source>
        <translation>binding</translation>
    </message>
    <message>
        <source>freigegeben</source>
        <translation>approved</translation>
    </message>
    <message>
        <source>ungeprüft</source>
        <translation>not reviewed</translation>
    </message>
    <message>
        <source>VERÄNDERT – Druck gesperrt</source>
        <translation>CHANGED – printing blocked</translation>
    </message>
    <message>
        <source>Dari</source>
        <translation>Dari</translation>
    </message>
    <message>
        <source>eigene Datei</source>
        <translation>own file</translation>
    </message>
    <message>
        <source>mitgeliefert</source>
        <translation>shipped</translation>
    </message>
    <message>
        <source>Rechtsrahmen: %1.</source>
        <translation>Legal framework: %1.</translation>
    </message>
    <message>
        <source>Noch nicht geprüft und daher leer: %1. Bitte auf der Website der Behörde nachsehen und eintragen; bis dahin werden keine Erklärungen gedruckt.</source>
        <translation>Not verified and therefore empty: %1. Please check the authority's website and enter it; until then no declarations are printed.</translation>
    </message>
</context>
<context>
    <name>ConsentTab</name>
    <message>
        <source>Mitteilung über Widerruf …</source>
        <translation>Withdrawal notice …</translation>
    </message>
    <message>
        <source>Brief an die Stelle: ab wann welche Daten nicht mehr verwendet werden dürfen</source>
        <translation>Letter to the agency: from when which data may no longer be used</translation>
    </message>
    <message>
        <source>widerrufen: %1</source>
        <translation>withdrawn: %1</translation>
    </message>
    <message>
        <source>Widerrufen ab %1: %2</source>
        <translation>Withdrawn from %1: %2</translation>
    </message>
    <message>
        <source>Sorgeberechtigte Person: %1</source>
        <translation>Person with parental responsibility: %1</translation>
    </message>
    <message>
        <source>Mitteilung gespeichert: %1</source>
        <translation>Notice saved: %1</translation>
    </message>
    <message>
        <source>Mitteilung speichern</source>
        <translation>Save notice</translation>
    </message>
    <message numerus="yes">
        <source>%n Einwilligung(en)</source>
        <translation>
            <numerusform>%n consent</numerusform>
            <numerusform>%n consents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>davon %n aktiv</source>
        <translation>
            <numerusform>%n of them active</numerusform>
            <numerusform>%n of them active</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n läuft bald ab</source>
        <translation>
            <numerusform>%n expires soon</numerusform>
            <numerusform>%n expire soon</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message>
        <source>Was wird widerrufen?</source>
        <translation>What is withdrawn?</translation>
    </message>
    <message>
        <source>Bitte mindestens eine Kategorie wählen.</source>
        <translation>Please choose at least one category.</translation>
    </message>
    <message>
        <source>Die ganze Einwilligung wird widerrufen.</source>
        <translation>The whole consent is withdrawn.</translation>
    </message>
    <message>
        <source>Nur die angekreuzten Kategorien werden widerrufen; der Rest gilt weiter.</source>
        <translation>Only the ticked categories are withdrawn; the rest stays valid.</translation>
    </message>
    <message>
        <source>Mitteilung an die Stelle als PDF speichern …</source>
        <translation>Save the notice to the agency as PDF …</translation>
    </message>
    <message>
        <source>Schließen</source>
        <translation>Close</translation>
    </message>
    <message>
        <source>Widerruf gespeichert: %1 ab %2.</source>
        <translation>Withdrawal saved: %1 from %2.</translation>
    </message>
    <message>
        <source>Weiter gültig: %1</source>
        <translation>Still valid: %1</translation>
    </message>
    <message>
        <source>Überleitung %1 vom %2</source>
        <translation>Referral %1 of %2</translation>
    </message>
    <message>
        <source>Informieren Sie %1 über den Widerruf: Die Mitteilung nennt das Datum und die Daten, die nicht mehr verwendet werden dürfen.</source>
        <translation>Inform %1 of the withdrawal: the notice names the date and the data that may no longer be used.</translation>
    </message>
    <message>
        <source>Mitteilung gespeichert: %1</source>
        <translation>Notice saved: %1</translation>
    </message>
    <message>
        <source>Mitteilung speichern</source>
        <translation>Save notice</translation>
    </message>
    <message numerus="yes">
        <source>%n Überleitung(en) enthalten widerrufene Daten und werden nicht mehr gedruckt:</source>
        <translation>
            <numerusform>%n referral carries withdrawn data and is no longer printed:</numerusform>
            <numerusform>%n referrals carry withdrawn data and are no longer printed:</numerusform>
        </translation>
    </message>
</context>
</TS>
