<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_GB" sourcelanguage="de_DE">
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
