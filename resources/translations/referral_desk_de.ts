<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE" sourcelanguage="de_DE">
<context>
    <name>AdminPage</name>
</context>
<context>
    <name>ConsentDialog</name>
</context>
<context>
    <name>ConsentFormsTab</name>
</context>
<context>
    <name>ConsentTab</name>
    <message numerus="yes">
        <source>%n Einwilligung(en)</source>
        <translation>
            <numerusform>%n Einwilligung</numerusform>
            <numerusform>%n Einwilligungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>davon %n aktiv</source>
        <translation>
            <numerusform>davon %n aktiv</numerusform>
            <numerusform>davon %n aktiv</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n läuft bald ab</source>
        <translation>
            <numerusform>%n läuft bald ab</numerusform>
            <numerusform>%n laufen bald ab</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>RevokeDialog</name>
    <message numerus="yes">
        <source>%n Überleitung(en) werden nicht mehr gedruckt:</source>
        <translation>
            <numerusform>%n Überleitung wird nicht mehr gedruckt:</numerusform>
            <numerusform>%n Überleitungen werden nicht mehr gedruckt:</numerusform>
        </translation>
    </message>
</context>
</TS>
