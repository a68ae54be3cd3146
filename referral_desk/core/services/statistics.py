"""Anonymised statistics for funders: period reports with disclosure control (DESIGN.md §7).

``build_report`` reads one row per person counselled (person facts as of the period's end)
and the period's contacts grouped in the database, counts the tables from them in one pass
(``collections.Counter`` per column), merges and protects small cells — by optimal
suppression (:mod:`referral_desk.core.disclosure`) or by the cell-key method
(:mod:`referral_desk.core.cellkey`) — and returns a :class:`Report` holding *published*
values only: the raw counts never leave this module. ``statistics_export.export_report`` writes a report as
CSV, XLSX, PDF or JSON (see :mod:`referral_desk.core.statistics_export`) and audits it.

Definitions (also in docs/statistics.md):

- *Persons counselled*: clients with at least one contact dated inside the period. All
  person tables count these persons, each once; their total is the same in every table.
- Residence status and German level are taken as of the period's last day (attribute
  history of the case-work schema, else the current record); age and duration of stay are
  computed at that day (age in completed years; a 29 February birthday counts from 28
  February in common years); other attributes are the current record.
- *Nationality*: a client with several nationalities counts once, under the FIRST one
  recorded. The top N (default 10) nationalities with at least k persons are listed; all
  others are summed under "Sonstige" (``_other``).
- *Contacts by topic*: a contact with two topics counts under both, so that table has no
  total.
- *Periods*: a calendar month, quarter, half-year or year, nothing else: with free ranges
  two reports (Jan–Apr, Jan–Mar) could be subtracted to show one month alone.
- *Disclosure control*: one optimal suppression over all tables of the period and their
  relations (:func:`disclosure.protect_optimal`); profiles only leave tables out. Or, with
  ``method="cell_key"``, every cell (totals included) perturbed by the fixed p-table from
  the record keys of the units it counts (:func:`perturb_tables`).

Roles: lead, statistics and admin see the whole organisation and may export; a counsellor
sees the figures of their own caseload only and may not export.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import functools
import gc
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple, cast

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core import catalogues, clock, dates, disclosure, policy, sqlcompat
from referral_desk.core.disclosure import OTHER, SUPPRESSED, TOTAL
from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.migrations import v2_person_stats, v2_stats_speed
from referral_desk.core.services.context import ServiceContext

VIEW_ROLES = ("counsellor", "lead", "statistics", "admin")
EXPORT_ROLES = ("lead", "statistics", "admin")
FORMATS = ("csv", "xlsx", "pdf", "json")
PERIOD_KINDS = ("month", "quarter", "half", "year")

DEFAULT_AGE_BANDS: Mapping[str, tuple[int, ...]] = {
    "mbe": (27, 35, 45, 55, 65),
    "jmd": (12, 18, 27),
    "other": (12, 18, 27, 35, 45, 55, 65),
}
MAX_TOP_NATIONALITIES = 30

CONTACT_BANDS = ("1", "2-3", "4-6", "7+")
STAY_BANDS = ("under_1", "1-3", "over_3", "unknown")
CASE_TYPES = ("new", "ongoing")
OVERVIEW = ("persons_counselled", "new_cases", "closed_cases", "contacts")
REFERRAL_STATUSES = ("draft", "sent", "received", "accepted", "rejected", "completed", "withdrawn")

PERSON_TABLES = (
    "persons_by_case_type",
    "persons_by_contacts",
    "persons_by_gender",
    "persons_by_age_band",
    "persons_by_nationality",
    "persons_by_residence_group",
    "persons_by_german_level",
    "persons_by_stay_duration",
    "persons_by_case_kind",
    "persons_by_service",
    "persons_by_access_route",
)
CONTACT_TABLES = ("contacts_by_mode", "contacts_by_interpreter", "contacts_by_language")
UNITS = ("family_members", "group_sessions", "group_participants", "signposting")
CASE_KINDS = ("counselling", "case_management")
OUTCOMES = ("achieved", "partly", "not_achieved", "dropped")
PERSON_TABLES_2D = ("persons_by_gender_age_band", "persons_by_gender_integration_course")
#: Rows of the gender cross tables: "diverse" and "unspecified" are always merged into
#: ``_other`` there (documented rule): each alone is nearly always 1–2 persons, and a row of
#: dots helps nobody. The one-way gender table keeps all four categories.
CROSS_GENDERS = ("female", "male", OTHER)

#: Statistics groups of the residence status (key of resources/catalogues/residence_status.json
#: → group), refined by the recorded legal basis (resources/catalogues/residence_basis.json →
#: RESIDENCE_GROUP_OF_BASIS): Spätaussiedler are a group of their own (not "German"), as the
#: MBE reports them; the humanitarian permits split into asylum (§ 25 Abs. 1), refugee
#: protection (§ 25 Abs. 2 Alt. 1), subsidiary protection (§ 25 Abs. 2 Alt. 2) and deportation
#: bans (§ 25 Abs. 3), the rest (other paragraphs, or no basis recorded) stays "humanitarian";
#: § 104c (Chancen-Aufenthaltsrecht) is a group of its own.
RESIDENCE_GROUPS: dict[str, tuple[str, str]] = {
    "german": ("Deutsche", "German citizens"),
    "spaetaussiedler": ("Spätaussiedler*innen", "Ethnic German resettlers (Spätaussiedler)"),
    "eu_citizen": ("EU-Bürger*innen (Freizügigkeit)", "EU citizens (free movement)"),
    "permanent": ("Unbefristeter Aufenthaltstitel (§§ 9, 9a AufenthG)", "Permanent residence (Sections 9, 9a)"),
    "education_work": (
        "Ausbildung, Studium, Erwerbstätigkeit (§§ 16–21 AufenthG, Blaue Karte EU)",
        "Education, work (Sections 16–21, EU Blue Card)",
    ),
    "family_reunification": ("Familiennachzug (§§ 27–36a AufenthG)", "Family reunification (Sections 27–36a)"),
    "asylum": ("Asylberechtigte (§ 25 Abs. 1 AufenthG)", "Entitled to asylum (Section 25(1))"),
    "refugee": ("Anerkannte Flüchtlinge (§ 25 Abs. 2 Alt. 1 AufenthG)", "Recognised refugees (Section 25(2), alt. 1)"),
    "subsidiary_protection": (
        "Subsidiär Schutzberechtigte (§ 25 Abs. 2 Alt. 2 AufenthG)",
        "Subsidiary protection (Section 25(2), alt. 2)",
    ),
    "deportation_ban": ("Abschiebungsverbot (§ 25 Abs. 3 AufenthG)", "Ban on deportation (Section 25(3))"),
    "humanitarian": (
        "Andere humanitäre Gründe oder Rechtsgrundlage nicht erfasst (§§ 22–25b AufenthG)",
        "Other humanitarian reasons or legal basis not recorded (Sections 22–25b)",
    ),
    "temporary_protection": ("Vorübergehender Schutz (§ 24 AufenthG)", "Temporary protection (Section 24)"),
    "chancen_104c": ("Chancen-Aufenthaltsrecht (§ 104c AufenthG)", "Opportunity residence right (Section 104c)"),
    "asylum_procedure": ("Im Asylverfahren (Aufenthaltsgestattung)", "Asylum procedure (Aufenthaltsgestattung)"),
    "tolerated": ("Duldung (§ 60a AufenthG)", "Tolerated stay (Duldung, Section 60a)"),
    "other": ("Sonstige (Visum, Fiktionsbescheinigung u. a.)", "Other (visa, Fiktionsbescheinigung etc.)"),
    "unknown": ("Unbekannt", "Unknown"),
}
RESIDENCE_GROUP_OF_BASIS = {
    "asyl_25_1": "asylum",
    "fluechtling_25_2_1": "refugee",
    "subsidiaer_25_2_2": "subsidiary_protection",
    "abschiebungsverbot_25_3": "deportation_ban",
    "humanitaer_sonstige": "humanitarian",
    "chancen_104c": "chancen_104c",
}
RESIDENCE_GROUP_OF = {
    "deutsch": "german",
    "spaetaussiedler": "spaetaussiedler",
    "freizuegigkeit_eu": "eu_citizen",
    "niederlassungserlaubnis": "permanent",
    "daueraufenthalt_eu": "permanent",
    "aufenthaltserlaubnis_ausbildung": "education_work",
    "aufenthaltserlaubnis_erwerb": "education_work",
    "blaue_karte_eu": "education_work",
    "aufenthaltserlaubnis_familie": "family_reunification",
    "aufenthaltserlaubnis_humanitaer": "humanitarian",
    "aufenthaltserlaubnis_24": "temporary_protection",
    "aufenthaltsgestattung": "asylum_procedure",
    "duldung": "tolerated",
    "visum": "other",
    "fiktionsbescheinigung": "other",
    "other": "other",
    "unknown": "unknown",
}


def residence_group(value: str) -> str:
    """The group of ``status`` or ``status:basis`` (person rows of :func:`persons_sql`). The
    basis counts only while it belongs to the status as of the period's end: the status has
    a history, the basis is the current record's."""
    status, _sep, basis = value.partition(":")
    if basis and basis in RESIDENCE_GROUP_OF_BASIS:
        try:
            if catalogues.residence_basis(basis).status == status:
                return RESIDENCE_GROUP_OF_BASIS[basis]
        except KeyError:
            pass
    return RESIDENCE_GROUP_OF.get(status, "other")


#: Contact topics that are a sensitive attribute (health: Art. 9 DSGVO; benefits): if every
#: contact of the period covered one of them, that cell is protected (group disclosure).
SENSITIVE_TOPICS = ("health", "benefits")

#: Cells that show the same number in several tables (suppressed in all or in none).
LINKS: tuple[tuple[tuple[str, tuple[str, ...]], ...], ...] = (
    (("overview", ("persons_counselled",)),)
    + tuple((t, (TOTAL,)) for t in PERSON_TABLES)
    + tuple((t, (TOTAL, TOTAL)) for t in PERSON_TABLES_2D),
    (("overview", ("contacts",)),) + tuple((t, (TOTAL,)) for t in CONTACT_TABLES),
    (("persons_by_gender", ("female",)),) + tuple((t, ("female", TOTAL)) for t in PERSON_TABLES_2D),
    (("persons_by_gender", ("male",)),) + tuple((t, ("male", TOTAL)) for t in PERSON_TABLES_2D),
    tuple((t, (OTHER, TOTAL)) for t in PERSON_TABLES_2D),
)

#: Report profiles (``--profile``): the tables each funder asks for. Every profile of a
#: period is cut from ONE protected publication of all tables, so two profiles of the same
#: period never show a cell that the other hides.
PROFILES: dict[str, tuple[str, ...]] = {
    "all": (),  # every table
    "mbe": (
        "overview",
        "units",
        "contacts_per_person_mean",
        "persons_by_case_kind",
        "persons_by_case_type",
        "persons_by_contacts",
        "persons_by_gender",
        "persons_by_age_band",
        "persons_by_gender_age_band",
        "persons_by_nationality",
        "persons_by_residence_group",
        "persons_by_stay_duration",
        "persons_by_german_level",
        "persons_by_gender_integration_course",
        "persons_by_access_route",
        "contacts_by_topic",
        "contacts_by_interpreter",
        "contacts_by_language",
        "goals_by_outcome",
        "referrals_by_recipient_status",
    ),
    "jmd": (
        "overview",
        "units",
        "contacts_per_person_mean",
        "persons_by_case_kind",
        "persons_by_case_type",
        "persons_by_contacts",
        "persons_by_gender",
        "persons_by_age_band",
        "persons_by_gender_age_band",
        "persons_by_nationality",
        "persons_by_residence_group",
        "persons_by_stay_duration",
        "persons_by_german_level",
        "persons_by_access_route",
        "contacts_by_topic",
        "contacts_by_mode",
        "contacts_by_interpreter",
        "goals_by_outcome",
    ),
    "kommune": (
        "overview",
        "units",
        "persons_by_service",
        "persons_by_case_type",
        "persons_by_gender",
        "persons_by_age_band",
        "persons_by_nationality",
        "persons_by_residence_group",
        "persons_by_stay_duration",
        "persons_by_access_route",
        "contacts_by_topic",
        "contacts_by_mode",
        "contacts_by_language",
        "referrals_by_recipient_status",
    ),
}
PROFILE_LABELS = {
    "all": ("Alle Tabellen", "All tables"),
    "mbe": ("MBE (BAMF-Sachbericht)", "MBE (BAMF report)"),
    "jmd": ("JMD (BMFSFJ-Bericht)", "JMD (BMFSFJ report)"),
    "kommune": ("Kommune (Stadt Ludwigshafen)", "Municipality"),
}
METHODS = ("suppression", "cell_key")
METHOD_LABELS = {
    "suppression": ("Zellsperrung (optimale Geheimhaltung)", "Cell suppression (optimal)"),
    "cell_key": (
        "Zellschlüsselverfahren (Überlagerung mit festem Zufallsrauschen)",
        "Cell-key method (fixed random noise)",
    ),
}


def profile_label(profile: str, lang: str = "de") -> str:
    de, en = PROFILE_LABELS[profile]
    return de if lang == "de" else en


def report_relations(tables: Mapping[str, disclosure.Table]) -> dict[str, Any]:
    """Everything a reader of these tables knows besides the cells (for the optimiser and
    for the release check): linked cells, relations between tables, the small-margin
    groups that are not a table's own margins, and the group-disclosure cells."""
    R = disclosure.Relation  # noqa: N806
    rel: list[disclosure.Relation] = []
    groups: list[tuple[disclosure.CellRef, list[disclosure.CellRef]]] = []
    sensitive: list[tuple[disclosure.CellRef, list[disclosure.CellRef]]] = []
    contacts = ("overview", ("contacts",))
    if "persons_by_contacts" in tables:
        lo = {"1": 1.0, "2-3": 2.0, "4-6": 4.0, "7+": 7.0}
        hi = {"1": 1.0, "2-3": 3.0, "4-6": 6.0, "7+": disclosure.UNBOUNDED_COEF}
        bands = [("persons_by_contacts", (b,)) for b in CONTACT_BANDS]
        # Σ lower · persons ≤ contacts ≤ Σ upper · persons: closes attack (a) of issue 14
        rel.append(R(tuple((ref, lo[ref[1][0]]) for ref in bands) + ((contacts, -1.0),), "<="))
        rel.append(R(((contacts, 1.0),) + tuple((ref, -hi[ref[1][0]]) for ref in bands), "<="))
    if "persons_by_case_type" in tables:  # persons of new cases ≤ cases opened
        rel.append(R(((("persons_by_case_type", ("new",)), 1.0), (("overview", ("new_cases",)), -1.0)), "<="))
    if "persons_by_gender" in tables:
        for t in PERSON_TABLES_2D:
            rel.append(
                R(
                    (
                        ((t, (OTHER, TOTAL)), 1.0),
                        (("persons_by_gender", ("diverse",)), -1.0),
                        (("persons_by_gender", ("unspecified",)), -1.0),
                    )
                )
            )
    if "persons_by_age_band" in tables and "persons_by_gender_age_band" in tables:
        for a in tables["persons_by_age_band"].rows:
            rel.append(R(((("persons_by_age_band", (a,)), 1.0), (("persons_by_gender_age_band", (TOTAL, a)), -1.0))))
    if "contacts_by_topic" in tables:
        topic_cells: list[disclosure.CellRef] = [("contacts_by_topic", (t,)) for t in tables["contacts_by_topic"].rows]
        for ref in topic_cells:  # a topic is counted at most once per contact
            rel.append(R(((ref, 1.0), (contacts, -1.0)), "<="))
        groups.append((contacts, topic_cells))
        sensitive.append((contacts, [r for r in topic_cells if r[1][0] in SENSITIVE_TOPICS]))
    if "persons_by_residence_group" in tables:
        sensitive += disclosure.margin_groups("persons_by_residence_group", tables["persons_by_residence_group"])
    return {"links": LINKS, "relations": rel, "groups": groups, "sensitive": sensitive}


def build_model(tables: Mapping[str, disclosure.Table]) -> tuple[disclosure.Model, dict[str, Any]]:
    info = report_relations(tables)
    return disclosure.Model(tables, info["links"], info["relations"], info["groups"]), info


# --- texts --------------------------------------------------------------------------------

_L = {  # (de, en)
    "_total": ("Insgesamt", "Total"),
    "_other": ("Sonstige", "Other"),
    "persons_counselled": (
        "Beratene Personen (mind. ein Kontakt im Zeitraum)",
        "Persons counselled (at least one contact in the period)",
    ),
    "new_cases": ("Neu eröffnete Fälle", "Cases opened"),
    "closed_cases": ("Abgeschlossene Fälle", "Cases closed"),
    "contacts": ("Beratungskontakte", "Counselling contacts"),
    "new": ("Neu: Fall im Zeitraum eröffnet", "New: case opened in the period"),
    "ongoing": ("Laufend: Fall vor dem Zeitraum eröffnet", "Ongoing: case opened before the period"),
    "gender:_other": ("Divers / keine Angabe", "Diverse / not specified"),
    "family_members": (
        "Mitberatene Familienangehörige (je Person die höchste Zahl eines Kontakts)",
        "Family members counselled alongside (per person the highest number at one contact)",
    ),
    "group_sessions": ("Gruppenangebote", "Group sessions"),
    "group_participants": ("Teilnahmen an Gruppenangeboten", "Group participants"),
    "signposting": ("Verweisberatungen (ohne Datenweitergabe)", "Signposting (no data passed on)"),
    "counselling": ("Beratung (ohne Förderplan)", "Counselling (no support plan)"),
    "case_management": ("Case Management (mit Förderplan)", "Case management (with a support plan)"),
    "interp:yes": ("mit Dolmetschung", "with an interpreter"),
    "interp:no": ("ohne Dolmetschung", "without an interpreter"),
    "lang:unknown": ("nicht erfasst", "not recorded"),
    "band:1": ("1 Kontakt", "1 contact"),
    "band:2-3": ("2–3 Kontakte", "2–3 contacts"),
    "band:4-6": ("4–6 Kontakte", "4–6 contacts"),
    "band:7+": ("7 und mehr Kontakte", "7 or more contacts"),
    "stay:under_1": ("unter 1 Jahr", "under 1 year"),
    "stay:1-3": ("1 bis 3 Jahre", "1 to 3 years"),
    "stay:over_3": ("über 3 Jahre", "over 3 years"),
    "stay:unknown": ("unbekannt", "unknown"),
    "status:draft": ("Entwurf", "Draft"),
    "status:sent": ("Versandt", "Sent"),
    "status:received": ("Eingegangen", "Received"),
    "status:accepted": ("Angenommen", "Accepted"),
    "status:rejected": ("Abgelehnt", "Rejected"),
    "status:completed": ("Abgeschlossen", "Completed"),
    "status:withdrawn": ("Zurückgezogen", "Withdrawn"),
    "recipient:_other": ("Sonstige Stellen", "Other agencies"),
}


class TableInfo(NamedTuple):
    title_de: str
    title_en: str
    short_de: str  # sheet names (≤ 31 characters)
    short_en: str
    measure: str
    dimensions: tuple[str, ...]
    dimension_titles_de: tuple[str, ...]
    dimension_titles_en: tuple[str, ...]


TABLES: dict[str, TableInfo] = {
    "overview": TableInfo(
        "Überblick", "Overview", "Überblick", "Overview", "count", ("indicator",), ("Kennzahl",), ("Indicator",)
    ),
    "units": TableInfo(
        "Weitere Zähleinheiten (Familienangehörige, Gruppen, Verweisberatung)",
        "Further counting units (family members, groups, signposting)",
        "Zähleinheiten",
        "Units",
        "count",
        ("indicator",),
        ("Zähleinheit",),
        ("Unit",),
    ),
    "contacts_per_person_mean": TableInfo(
        "Kontakte je beratener Person (Mittelwert)",
        "Contacts per person counselled (mean)",
        "Kontakte je Person",
        "Contacts per person",
        "mean_contacts_per_person",
        (),
        (),
        (),
    ),
    "persons_by_contacts": TableInfo(
        "Personen nach Zahl der Kontakte im Zeitraum",
        "Persons by number of contacts in the period",
        "Kontakte je Fall",
        "Contacts per case",
        "persons",
        ("contacts_band",),
        ("Kontakte im Zeitraum",),
        ("Contacts in the period",),
    ),
    "persons_by_case_kind": TableInfo(
        "Beratene Personen nach Art der Begleitung (Beratung oder Case Management)",
        "Persons counselled by kind of support (counselling or case management)",
        "Beratung und Case Management",
        "Counselling, case mgmt",
        "persons",
        ("case_kind",),
        ("Art der Begleitung",),
        ("Kind of support",),
    ),
    "persons_by_service": TableInfo(
        "Beratene Personen nach Dienst",
        "Persons counselled by service",
        "Dienst",
        "Service",
        "persons",
        ("service",),
        ("Dienst",),
        ("Service",),
    ),
    "persons_by_access_route": TableInfo(
        "Beratene Personen nach Zugangsweg",
        "Persons counselled by access route",
        "Zugangsweg",
        "Access route",
        "persons",
        ("access_route",),
        ("Zugangsweg",),
        ("Access route",),
    ),
    "persons_by_case_type": TableInfo(
        "Beratene Personen nach Fallbeginn (neue und laufende Fälle)",
        "Persons counselled by start of case (new and ongoing cases)",
        "Neue und laufende Fälle",
        "New and ongoing cases",
        "persons",
        ("case_type",),
        ("Fallbeginn",),
        ("Start of case",),
    ),
    "persons_by_gender": TableInfo(
        "Personen nach Geschlecht",
        "Persons by gender",
        "Geschlecht",
        "Gender",
        "persons",
        ("gender",),
        ("Geschlecht",),
        ("Gender",),
    ),
    "persons_by_age_band": TableInfo(
        "Personen nach Altersgruppe (Alter am Ende des Zeitraums)",
        "Persons by age group (age at the end of the period)",
        "Altersgruppe",
        "Age group",
        "persons",
        ("age_band",),
        ("Alter",),
        ("Age",),
    ),
    "persons_by_gender_age_band": TableInfo(
        "Personen nach Geschlecht und Altersgruppe",
        "Persons by gender and age group",
        "Geschlecht und Alter",
        "Gender and age",
        "persons",
        ("gender", "age_band"),
        ("Geschlecht", "Alter"),
        ("Gender", "Age"),
    ),
    "persons_by_gender_integration_course": TableInfo(
        "Personen nach Geschlecht und Integrationskurs",
        "Persons by gender and integration course",
        "Geschlecht und Kurs",
        "Gender and course",
        "persons",
        ("gender", "integration_course"),
        ("Geschlecht", "Integrationskurs"),
        ("Gender", "Integration course"),
    ),
    "persons_by_nationality": TableInfo(
        "Personen nach Staatsangehörigkeit (erste Staatsangehörigkeit)",
        "Persons by nationality (first nationality)",
        "Staatsangehörigkeit",
        "Nationality",
        "persons",
        ("nationality",),
        ("Staatsangehörigkeit",),
        ("Nationality",),
    ),
    "persons_by_residence_group": TableInfo(
        "Personen nach Aufenthaltsstatus (Gruppe)",
        "Persons by residence status (group)",
        "Aufenthaltsstatus",
        "Residence status",
        "persons",
        ("residence_group",),
        ("Aufenthaltsstatus",),
        ("Residence status",),
    ),
    "persons_by_german_level": TableInfo(
        "Personen nach Deutschkenntnissen",
        "Persons by German level",
        "Deutschkenntnisse",
        "German level",
        "persons",
        ("german_level",),
        ("Deutschkenntnisse",),
        ("German level",),
    ),
    "persons_by_stay_duration": TableInfo(
        "Personen nach Aufenthaltsdauer in Deutschland (am Ende des Zeitraums)",
        "Persons by duration of stay in Germany (at the end of the period)",
        "Aufenthaltsdauer",
        "Duration of stay",
        "persons",
        ("stay_duration",),
        ("Aufenthaltsdauer",),
        ("Duration of stay",),
    ),
    "contacts_by_topic": TableInfo(
        "Kontakte nach Thema (Mehrfachnennungen)",
        "Contacts by topic (multiple topics per contact)",
        "Themen",
        "Topics",
        "contacts",
        ("topic",),
        ("Thema",),
        ("Topic",),
    ),
    "contacts_by_interpreter": TableInfo(
        "Kontakte mit und ohne Dolmetschung",
        "Contacts with and without an interpreter",
        "Dolmetschung",
        "Interpreter",
        "contacts",
        ("interpreter",),
        ("Dolmetschung",),
        ("Interpreter",),
    ),
    "contacts_by_language": TableInfo(
        "Kontakte nach Beratungssprache",
        "Contacts by counselling language",
        "Beratungssprache",
        "Language",
        "contacts",
        ("language",),
        ("Sprache",),
        ("Language",),
    ),
    "goals_by_outcome": TableInfo(
        "Förderplanziele nach Ergebnis (letzte Überprüfung im Zeitraum)",
        "Support-plan goals by outcome (last review in the period)",
        "Förderplanziele",
        "Plan goals",
        "goals",
        ("outcome",),
        ("Ergebnis",),
        ("Outcome",),
    ),
    "contacts_by_mode": TableInfo(
        "Kontakte nach Kontaktart",
        "Contacts by mode",
        "Kontaktart",
        "Contact mode",
        "contacts",
        ("mode",),
        ("Kontaktart",),
        ("Mode",),
    ),
    "referrals_by_recipient_status": TableInfo(
        "Überleitungen nach Empfänger und Status (im Zeitraum erstellt)",
        "Referrals by recipient and status (created in the period)",
        "Überleitungen",
        "Referrals",
        "referrals",
        ("recipient", "status"),
        ("Empfänger", "Status"),
        ("Recipient", "Status"),
    ),
}
TABLE_IDS = tuple(TABLES)

_MEASURES = {
    "goals": ("Ziele", "Goals"),
    "count": ("Anzahl", "Count"),
    "persons": ("Personen", "Persons"),
    "contacts": ("Kontakte", "Contacts"),
    "referrals": ("Überleitungen", "Referrals"),
    "mean_contacts_per_person": ("Mittelwert", "Mean"),
}

_NOTES = {
    "overview": (
        "Beratene Personen, Kontakte: im Zeitraum. Neu eröffnete und abgeschlossene Fälle: Eröffnungs- "
        "bzw. Abschlussdatum im Zeitraum, auch ohne Kontakt. Keine Summe.",
        "Persons counselled, contacts: in the period. Cases opened and closed: opening or closing date in "
        "the period, with or without a contact. No total.",
    ),
    "contacts_per_person_mean": (
        "Kontakte im Zeitraum geteilt durch beratene Personen, auf eine Nachkommastelle "
        "gerundet; 0, wenn niemand beraten wurde.",
        "Contacts in the period divided by persons counselled, rounded to one decimal; 0 if nobody was counselled.",
    ),
    "persons_by_nationality": (
        "Bei mehreren Staatsangehörigkeiten zählt die erste. Aufgeführt sind die {top} "
        "häufigsten mit mindestens {k} Personen; alle übrigen unter „Sonstige“.",
        "With several nationalities the first one counts. Listed: the {top} most frequent "
        "with at least {k} persons; all others under 'Other'.",
    ),
    "contacts_by_topic": (
        "Ein Kontakt mit mehreren Themen zählt bei jedem Thema. Deshalb gibt es keine Summe.",
        "A contact with several topics counts under each of them, so there is no total.",
    ),
    "referrals_by_recipient_status": (
        "Status heute; Stellen mit weniger als {k} Überleitungen (außer den eingebauten) unter „Sonstige Stellen“.",
        "Current status; agencies with fewer than {k} referrals (other than the built-in ones) under 'Other agencies'.",
    ),
    "persons_by_case_type": (
        "Neu: der Fall wurde im Zeitraum eröffnet. Laufend: der Fall wurde vor dem Zeitraum "
        "eröffnet und die Person im Zeitraum beraten. Jede Person zählt genau einmal.",
        "New: the case was opened in the period. Ongoing: the case was opened before the "
        "period and the person was counselled in it. Each person counts exactly once.",
    ),
    "persons_by_gender_age_band": (
        "Alter in vollendeten Jahren am letzten Tag des Zeitraums. „Divers“ und "
        "„Keine Angabe“ sind in Kreuztabellen immer zusammengefasst.",
        "Age in completed years on the last day of the period. 'Diverse' and 'not "
        "specified' are always merged in cross tables.",
    ),
    "persons_by_gender_integration_course": (
        "Stand der Akte. „Divers“ und „Keine Angabe“ sind in Kreuztabellen immer zusammengefasst.",
        "As recorded. 'Diverse' and 'not specified' are always merged in cross tables.",
    ),
    "persons_by_residence_group": (
        "Spätaussiedler*innen getrennt von Deutschen. Humanitäre Aufenthalte und "
        "§ 104c AufenthG nach der in der Akte erfassten Rechtsgrundlage; Status am "
        "letzten Tag des Zeitraums.",
        "Spätaussiedler separate from Germans. Humanitarian residence and Section 104c "
        "by the legal basis recorded; status on the last day of the period.",
    ),
    "persons_by_age_band": (
        "Alter in vollendeten Jahren am letzten Tag des Zeitraums.",
        "Age in completed years on the last day of the period.",
    ),
    "persons_by_stay_duration": (
        "Seit dem Einreisedatum bis zum letzten Tag des Zeitraums; genau 1 oder 3 Jahre zählen zu „1 bis 3 Jahre“.",
        "From the arrival date to the last day of the period; exactly 1 or 3 years count as '1 to 3 years'.",
    ),
}


def _t(key: str, lang: str) -> str:
    de, en = _L[key]
    return de if lang == "de" else en


def table_title(table_id: str, lang: str = "de") -> str:
    info = TABLES[table_id]
    return info.title_de if lang == "de" else info.title_en


def method_note(method: str, k: int, lang: str = "de") -> str:
    """The short method note of a report (page, every export, the JSON ``method`` object)."""
    if method != "cell_key":
        return suppression_note(k, lang)
    if lang == "de":
        return (
            f"Methode: Zellschlüsselverfahren (Cell-Key-Methode nach dem Vorbild des Statistischen "
            f"Bundesamts). Jede Zahl ist um eine kleine, zufällige, aber feste Abweichung (höchstens ±{k}) "
            f"verändert; dieselbe Zelle erhält in jedem Bericht dieselbe Abweichung. "
            f"Zahlen von 1 bis {k - 1} erscheinen nie, eine 0 "
            "bleibt 0. Summen sind eigene Zellen mit eigener Abweichung und deshalb nicht genau die Summe "
            "der Zeilen. Alter und Aufenthaltsdauer gelten am letzten Tag des Zeitraums."
        )
    return (
        f"Method: cell-key method (modelled on that of the German Federal Statistical Office). Every number "
        f"is changed by a small, random but fixed deviation (at most ±{k}); the same cell gets the same deviation "
        f"in every report. Counts from 1 to {k - 1} never appear, a 0 stays 0. "
        "Totals are cells of their own with their "
        "own deviation, so they are not exactly the sum of their rows. Age and duration of stay are taken on "
        "the last day of the period."
    )


def method_label(method: str, lang: str = "de") -> str:
    de, en = METHOD_LABELS[method]
    return de if lang == "de" else en


def suppression_note(k: int, lang: str = "de") -> str:
    """The short method note printed with every report (page, CSV, XLSX, PDF)."""
    if lang == "de":
        return (
            f"Methode: „.“ = aus Gründen der Geheimhaltung nicht veröffentlicht. Zahlen von 1 bis {k - 1} "
            f"erscheinen nie (Mindestfallzahl {k}). Weitere Zellen sind so gewählt, dass sich keine verborgene "
            "Zahl aus Summen, anderen Tabellen oder der Zahl der Kontakte zurückrechnen lässt, und dass dabei "
            "möglichst wenige Personen verborgen werden (optimale sekundäre Geheimhaltung). Ist eine Summe "
            "kleiner als die Mindestfallzahl, bleiben alle ihre Zellen verborgen, auch Nullen; ein „.“ kann "
            "daher auch 0 sein. Kleine Kategorien stehen unter „Sonstige“. Alter und Aufenthaltsdauer gelten "
            "am letzten Tag des Zeitraums, andere Merkmale nach dem Stand der Akte."
        )
    return (
        f"Method: '.' = not published for confidentiality. Counts from 1 to {k - 1} never appear (minimum "
        f"cell size {k}). Further cells are chosen so that no hidden number can be recomputed from totals, "
        "other tables or the number of contacts, hiding as few persons as possible (optimal secondary "
        "suppression). Where a total is below the minimum cell size, all its cells stay hidden, zeros "
        "included, so a '.' may also be 0. Small categories are under 'Other'. Age and duration of stay are "
        "taken on the last day of the period, other attributes as recorded."
    )


# --- periods ------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February → 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


_MONTHS_DE = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)
_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Period:
    """An inclusive range of whole calendar months."""

    start: dt.date
    end: dt.date

    @property
    def kind(self) -> str:
        s, e = self.start, self.end
        if e == _month_end(s.year, s.month):
            return "month"
        if s.month in (1, 4, 7, 10) and s.year == e.year and e == _month_end(s.year, s.month + 2):
            return "quarter"
        if s.month in (1, 7) and s.year == e.year and e == _month_end(s.year, s.month + 5):
            return "half"
        if s.month == 1 and e == dt.date(s.year, 12, 31):
            return "year"
        return "custom"  # never built by make_period/period_for (DESIGN.md §7)

    @property
    def number(self) -> int | None:
        """The ``n`` of ``period_for(kind, year, n)``: month 1–12, quarter 1–4, half 1–2;
        None for a year (or a custom range)."""
        m = self.start.month
        return {"month": m, "quarter": (m - 1) // 3 + 1, "half": 1 if m == 1 else 2}.get(self.kind)

    def label(self, lang: str = "de") -> str:
        s = self.start
        kind, n = self.kind, self.number
        if kind == "month":
            return f"{(_MONTHS_DE if lang == 'de' else _MONTHS_EN)[s.month - 1]} {s.year}"
        if kind == "quarter":
            return f"{n}. Quartal {s.year}" if lang == "de" else f"Q{n} {s.year}"
        if kind == "half":
            return f"{n}. Halbjahr {s.year}" if lang == "de" else f"H{n} {s.year}"
        if kind == "year":
            return f"Jahr {s.year}" if lang == "de" else f"Year {s.year}"
        return self.dates(lang)

    def dates(self, lang: str = "de") -> str:
        if lang == "de":
            return f"{self.start:%d.%m.%Y} – {self.end:%d.%m.%Y}"
        return f"{self.start.isoformat()} – {self.end.isoformat()}"

    def file_name(self, ext: str) -> str:
        """The suggested export file name: ``statistik-YYYY-MM-DD_YYYY-MM-DD.ext``."""
        return f"statistik-{self.start.isoformat()}_{self.end.isoformat()}.{ext}"


def period_for(kind: str, year: int, n: int | None = None) -> Period:
    """``period_for("month", 2026, 7)``, ``("quarter", 2026, 3)``, ``("half", 2026, 2)``, ``("year", 2026)``."""
    if kind not in PERIOD_KINDS:
        raise InvalidInput("input.choice", field="period", value=str(kind)[:20], allowed=", ".join(PERIOD_KINDS))
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        raise InvalidInput("input.number", field="year", min=1900, max=2100)
    if kind == "year":
        return Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
    limit = {"month": 12, "quarter": 4, "half": 2}[kind]
    if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= limit:
        raise InvalidInput("input.number", field=kind, min=1, max=limit)
    if kind == "month":
        return Period(dt.date(year, n, 1), _month_end(year, n))
    if kind == "half":
        return Period(dt.date(year, 6 * (n - 1) + 1, 1), _month_end(year, 6 * n))
    first = 3 * (n - 1) + 1
    return Period(dt.date(year, first, 1), _month_end(year, first + 2))


def make_period(period_from: Any, period_to: Any) -> Period:
    """Validate a period: dates (``date`` or ISO / TT.MM.JJJJ text) that make exactly one
    calendar month, quarter, half-year or year (DESIGN.md §7). Any other range is refused:
    two reports Jan–Apr and Jan–Mar could be subtracted to show April alone."""
    start = _date(period_from, "from")
    end = _date(period_to, "to")
    if start.day != 1:
        raise InvalidInput("stats.period_start", field="from")
    if end != _month_end(end.year, end.month):
        raise InvalidInput("stats.period_end", field="to")
    if end < start:
        raise InvalidInput("input.date_before", field="to", other="from")
    if not (start.year >= 1900 and end.year <= 2100):
        raise InvalidInput("input.invalid_date", field="from" if start.year < 1900 else "to")
    period = Period(start, end)
    if period.kind == "custom":
        raise InvalidInput("stats.period_calendar", field="to")
    return period


def _date(value: Any, name: str) -> dt.date:
    return dates.parse_date(value, name)


def last_complete_quarter(today: dt.date | None = None) -> Period:
    today = today or clock.today()
    q = (today.month - 1) // 3  # 0 = the quarter before Q1 of this year
    return period_for("quarter", today.year - 1, 4) if q == 0 else period_for("quarter", today.year, q)


# --- the report (published values only) ----------------------------------------------------

Value = int | float | str


@dataclass(frozen=True)
class StatTable:
    """One published table: keys, labels in one language, and values (count or ".")."""

    id: str
    measure: str
    dimensions: tuple[str, ...]
    title: str
    short_title: str
    dimension_titles: tuple[str, ...]
    measure_title: str
    rows: tuple[str, ...] = ()  # keys of the first dimension, "_total" last if there is a margin
    cols: tuple[str, ...] = ()  # keys of the second dimension (2-D tables), "_total" last
    row_labels: Mapping[str, str] = field(default_factory=dict)
    col_labels: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[tuple[str, ...], Value] = field(default_factory=dict)
    margins: bool = True
    note: str = ""

    def value(self, *key: str) -> Value:
        return self.values[tuple(key)]

    def cell_keys(self) -> list[tuple[str, ...]]:
        if not self.dimensions:
            return [()]
        if len(self.dimensions) == 1:
            return [(r,) for r in self.rows]
        return [(r, c) for r in self.rows for c in self.cols]

    def categories(self) -> list[tuple[str, str, Value]]:
        """1-D tables: (key, label, value) without the total (for charts)."""
        return [(r, self.row_labels[r], self.values[(r,)]) for r in self.rows if r != TOTAL]

    def published(self) -> disclosure.Table:
        """This table in the shape the disclosure check reads (counts tables only)."""
        if len(self.dimensions) == 1:
            rows = tuple(r for r in self.rows if r != TOTAL)
            return disclosure.Table(rows, None, self.margins, self._counts())
        rows = tuple(r for r in self.rows if r != TOTAL)
        cols = tuple(c for c in self.cols if c != TOTAL)
        return disclosure.Table(rows, cols, self.margins, self._counts())

    def _counts(self) -> dict[tuple[str, ...], int | str]:
        # Only the mean table holds a float, and it is never published as counts.
        return cast("dict[tuple[str, ...], int | str]", dict(self.values))


@dataclass(frozen=True)
class Report:
    period: Period
    min_cell: int
    organisation: str
    service: str
    scope: str  # "organisation" | "own_caseload"
    lang: str
    tables: tuple[StatTable, ...]
    profile: str = "all"
    method: str = "suppression"
    loss: float = 0.0  # share of persons in suppressed cells (person tables)

    def table(self, table_id: str) -> StatTable:
        for t in self.tables:
            if t.id == table_id:
                return t
        raise KeyError(table_id)

    @property
    def table_ids(self) -> tuple[str, ...]:
        return tuple(t.id for t in self.tables)


def check_report(report: Report) -> None:
    """The final gate before anything is shown or written, from the published values alone:
    no count 1 … k−1 is shown, linked cells agree, every relation between the tables can
    hold, no suppressed cell is determined by all published tables and relations together
    (exact integer programme, :func:`disclosure.check_model`), and the mean is only
    published when the two counts it is made of are. Raises DisclosureError."""
    k = report.min_cell
    if k not in disclosure.ALLOWED_MIN_CELLS:
        raise disclosure.DisclosureError("min_cell")
    published: dict[str, disclosure.Table] = {}
    for t in report.tables:
        if t.id not in TABLES or TABLES[t.id].measure != t.measure or TABLES[t.id].dimensions != t.dimensions:
            raise disclosure.DisclosureError("unknown_table", table=t.id)
        for key in t.cell_keys():
            if key not in t.values:
                raise disclosure.DisclosureError("missing_cell", table=t.id, cell="/".join(key))
            for part in key:
                if not isinstance(part, str) or not _KEY.fullmatch(part):
                    raise disclosure.DisclosureError("bad_key", table=t.id)
        if t.measure == "mean_contacts_per_person":
            continue
        published[t.id] = t.published()
    disclosure.check_links(published, LINKS)
    if report.method == "cell_key":
        # Noisy counts do not add up, so the suppression audit does not apply; what must hold:
        # whole numbers ≥ 0, none from 1 to k−1 (the p-table never produces one), no dots.
        for tid, table in published.items():
            for value in table.cells.values():
                if isinstance(value, bool) or not isinstance(value, int) or value < 0 or 0 < value < k:
                    raise disclosure.DisclosureError("small_cell", table=tid)
    else:
        model, _info = build_model(published)
        disclosure.check_model(model, published, k)
    if "contacts_per_person_mean" in report.table_ids:
        if "overview" not in report.table_ids:
            raise disclosure.DisclosureError("mean_reveals", table="contacts_per_person_mean")
        mean = report.table("contacts_per_person_mean").values[()]
        overview = report.table("overview")
        hidden = SUPPRESSED in (overview.values[("persons_counselled",)], overview.values[("contacts",)])
        if hidden and mean != SUPPRESSED:
            raise disclosure.DisclosureError("mean_reveals", table="contacts_per_person_mean")
        if not hidden and (isinstance(mean, bool) or not isinstance(mean, (int, float)) or mean < 0):
            raise disclosure.DisclosureError("not_a_number", table="contacts_per_person_mean")


_KEY = re.compile(r"[A-Za-z0-9_+\-]{1,40}")


# --- aggregation ----------------------------------------------------------------------------


@dataclass
class _Raw:
    """True counts: never leave this module."""

    persons: dict[str, dict[str, int]]
    totals: dict[str, int]
    topics: dict[str, int]
    modes: dict[str, int]
    referrals: dict[tuple[int, str], int]
    agencies: list[tuple[int, str, str, bool]]
    keyed: _Raw | None = None  # the same shape holding sums of record keys (cell-key method)


def _date_text(column: str, postgres: bool = False) -> str:
    """A date column compared as the ISO text it holds. A DATE column has numeric affinity,
    so each comparison with a text parameter would first try to read the text as a number:
    with about ten comparisons per person that cost a tenth of the year report. (PostgreSQL
    has real dates and reads the ISO parameters as such.)"""
    return column if postgres else f"+{column}"


def _age_case(bands: Sequence[int], postgres: bool = False) -> str:
    parts = [
        f"WHEN {_date_text('cl.birth_date', postgres)} <= :age_{i} THEN '{_age_key(bands, i)}'"
        for i in reversed(range(len(bands)))
    ]
    return f"CASE {' '.join(parts)} ELSE 'under_{bands[0]}' END"


def _age_key(bands: Sequence[int], i: int) -> str:
    if i == len(bands) - 1:
        return f"{bands[i]}+"
    return f"{bands[i]}-{bands[i + 1] - 1}"


def age_band_keys(bands: Sequence[int]) -> tuple[str, ...]:
    return (f"under_{bands[0]}",) + tuple(_age_key(bands, i) for i in range(len(bands)))


def age_band_label(key: str, lang: str = "de") -> str:
    if key.startswith("under_"):
        return f"unter {key[6:]}" if lang == "de" else f"under {key[6:]}"
    if key.endswith("+"):
        return f"{key[:-1]} und älter" if lang == "de" else f"{key[:-1]} and older"
    return key.replace("-", "–")


#: The facts counted per person (the person tables' dimensions).
PERSON_DIMS = (
    "gender",
    "age_band",
    "nationality",
    "residence_status",
    "german_level",
    "stay_duration",
    "case_type",
    "integration_course",
    "service",
    "access_route",
    "case_kind",
)
#: How a row of :func:`persons_sql` carries them: one column per facet, the facts of a facet
#: joined by FACT_SEPARATOR. A facet has few distinct values, so each is counted once per
#: distinct value rather than once per person, and the crossed tables (gender × age band,
#: gender × course, status × legal basis) are read from the same joined values. Half the
#: columns also means half the values to turn into Python objects, which cost as much as
#: the query itself.
PERSON_FACETS: tuple[tuple[str, ...], ...] = (
    ("gender", "age_band", "integration_course"),
    ("german_level", "stay_duration", "case_type", "service", "access_route", "case_kind"),
    ("nationality",),
    ("residence_status", "residence_basis"),
)
#: The unit separator: never in a stored key (the validation refuses control characters).
FACT_SEPARATOR = "\x1f"


def _person_facts(bands: Sequence[int], *, postgres: bool = False) -> dict[str, str]:
    """The SQL of each person fact as of the period's end (:t), over ``cl`` (client), ``k``
    (the person's contacts) and ``hd`` (the newest tracked values; not on PostgreSQL, where
    the history is searched for each person)."""
    arrival = _date_text("cl.arrival_date", postgres)
    as_of = (lambda a: f"coalesce(hs.{a}, cl.{a})") if postgres else _as_of
    return {
        "gender": "cl.gender",
        "age_band": _age_case(bands, postgres),
        # the stored list: see _DECODED (a json column on PostgreSQL, its text as stored)
        "nationality": "coalesce(cl.nationalities::text, '')" if postgres else "coalesce(cl.nationalities, '')",
        "residence_status": as_of("residence_status"),
        "german_level": as_of("german_level"),
        "stay_duration": f"CASE WHEN cl.arrival_date IS NULL THEN 'unknown' WHEN {arrival} > :stay_1 "
        f"THEN 'under_1' WHEN {arrival} >= :stay_3 THEN '1-3' ELSE 'over_3' END",
        "case_type": f"CASE WHEN {_date_text('cl.opened_on', postgres)} < :f THEN 'ongoing' ELSE 'new' END",
        "integration_course": "cl.integration_course",
        "service": "cl.service",
        "access_route": "coalesce(cl.access_route, 'unknown')",
        "case_kind": "CASE WHEN k.client_id IN (SELECT client_id FROM g) THEN 'case_management' ELSE 'counselling' END"
        if postgres
        else "CASE WHEN k.client_id IN g THEN 'case_management' ELSE 'counselling' END",
        "residence_basis": "coalesce(cl.residence_basis, '')",
    }


def persons_sql(
    bands: Sequence[int], *, own: bool, live: bool = False, with_keys: bool = False, postgres: bool = False
) -> str:
    """One row per person counselled in the period, with the person facts as of the period's
    last day: (contacts, family members, one column per PERSON_FACETS), and with
    ``with_keys`` (the cell-key method) the client's record key.

    The persons and their contacts come from the contacts per person and month
    (``person_month_stat``, kept by triggers: migrations/v2_person_stats.py), one range
    already in client order; with ``live`` (a period that is not whole months of one year)
    from the period's contacts, grouped per person. Each person's client row and support-plan
    flag are looked up once; the as-of residence status and German level come from the
    client's newest history values (``client_attribute_head``) unless one changed after the
    period's end — only then is the history searched (newest row ≤ the period end, by the
    index (client_id, attribute, valid_from, id, value)). All tables are then tallied from
    these rows in one Python pass (:func:`_tally`): 14 GROUP BYs over the same rows each
    built a temporary B-tree and cost most of the time.

    ``postgres`` (a team database, which has no trigger-kept statistics tables): always
    ``live``, the as-of values from the history itself, PostgreSQL's spellings."""
    live = live or postgres
    if live:
        scope = "AND c.client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
        persons = f"""SELECT c.client_id AS client_id, count(*) AS n, max(c.with_family) AS fam FROM contact c
    WHERE c.date BETWEEN :f AND :t {scope} GROUP BY c.client_id"""
    else:
        scope = "AND p.client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
        persons = f"""SELECT p.client_id AS client_id, sum(p.n) AS n, max(p.with_family) AS fam FROM person_month_stat p
    WHERE p.year = :year AND p.month BETWEEN :month_from AND :month_to {scope} GROUP BY p.client_id"""
    facts = _person_facts(bands, postgres=postgres)
    joined = f" || {'chr' if postgres else 'char'}({ord(FACT_SEPARATOR)}) || "
    columns = [joined.join(facts[d] for d in facet) for facet in PERSON_FACETS]
    if postgres:
        # Named columns for _tally_on_server. Not materialised: the planner joins and may scan
        # in parallel. The as-of values come from one pass over the history (newest row per
        # attribute up to :t), not from two index probes per person; it does not refer to k,
        # which, not materialised, would group the period's contacts a second time.
        named = ",\n       ".join(f"{column} AS f{i}" for i, column in enumerate(columns))
        record_key = ", coalesce(cl.record_key, 0) AS rk" if with_keys else ", 0 AS rk"
        attrs = ", ".join(f"'{a}'" for a in v2_person_stats.HEAD_ATTRIBUTES)
        picked = ",\n        ".join(
            f"max(value) FILTER (WHERE attribute = '{a}') AS {a}" for a in v2_person_stats.HEAD_ATTRIBUTES
        )
        return f"""
WITH k AS NOT MATERIALIZED (
    {persons}
), g AS MATERIALIZED (
    SELECT DISTINCT client_id FROM support_goal WHERE set_on <= :t
), hs AS (
    SELECT client_id, {picked}
    FROM (SELECT DISTINCT ON (client_id, attribute) client_id, attribute, value FROM client_attribute_history
          WHERE valid_from <= :t AND attribute IN ({attrs})
          ORDER BY client_id, attribute, valid_from DESC, id DESC) newest
    GROUP BY client_id
)
SELECT k.n AS n, k.fam AS fam,
       {named}{record_key}
FROM k JOIN client cl ON cl.id = k.client_id LEFT JOIN hs ON hs.client_id = cl.id
"""
    facets = ",\n       ".join(columns)
    record_key = ", coalesce(cl.record_key, 0)" if with_keys else ""
    return f"""
WITH k AS MATERIALIZED (
    {persons}
), g AS MATERIALIZED (
    SELECT DISTINCT client_id FROM support_goal WHERE {_date_text("set_on")} <= :t
)
SELECT k.n, k.fam,
       {facets}{record_key}
FROM k JOIN client cl ON cl.id = k.client_id LEFT JOIN client_attribute_head hd ON hd.client_id = cl.id
"""


def _as_of(attribute: str) -> str:
    """A tracked attribute as of the period's end (:t): the newest history value from then
    back; the current value where the history has none. When the client's newest history row
    is not after the period's end, that is the newest value itself (the head)."""
    assert attribute in v2_person_stats.HEAD_ATTRIBUTES  # the head keeps these only
    search = (
        f"(SELECT h.value FROM client_attribute_history h WHERE h.client_id = cl.id "
        f"AND h.attribute = '{attribute}' AND h.valid_from <= :t ORDER BY h.valid_from DESC, h.id DESC LIMIT 1)"
    )
    return (
        f"CASE WHEN {_date_text('hd.since')} <= :t THEN coalesce(hd.{attribute}, cl.{attribute}) "
        f"ELSE coalesce({search}, cl.{attribute}) END"
    )


def one_year_of_months(period: Period) -> bool:
    """Whole calendar months inside one year (every report period is): the persons of the
    period can be read from the contacts per person and month."""
    return whole_months(period) and period.start.year == period.end.year


def whole_months(period: Period) -> bool:
    """A run of whole calendar months (every report period is one): the contact tables can
    then be added up from the monthly counts."""
    return period.start.day == 1 and (period.end + dt.timedelta(days=1)).day == 1


def contacts_sql(*, own: bool, live: bool = False, postgres: bool = False, with_keys: bool = True) -> str:
    """The period's contacts counted per (dimension, key) — ``total``, ``mode``,
    ``interpreter``, ``language``, ``topic`` — with the sums of their clients' record keys:
    rows (dimension, key, count, key sum). The organisation's report adds up the monthly
    counts kept by triggers (migrations/v2_stats_speed.py; about 50 rows a month); a
    counsellor's own report, or ``live``, counts the contacts themselves by the same rule
    (``contributions_sql``), reading each contact once per dimension."""
    if postgres:
        return _contacts_sql_postgres(own=own, with_keys=with_keys)
    if not own and not live:
        return (
            "SELECT dimension, key, sum(n), sum(key_sum) FROM contact_month_stat "
            "WHERE month BETWEEN :fm AND :tm GROUP BY 1, 2 HAVING sum(n) > 0"
        )
    scope = "AND client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
    period_contacts = f"(SELECT * FROM contact WHERE date BETWEEN :f AND :t {scope}) c"
    return (
        "SELECT s.dimension, s.key, count(*), coalesce(sum(cl.record_key), 0) "
        f"FROM ({v2_stats_speed.contributions_sql('c', period_contacts)}) s "
        "LEFT JOIN client cl ON cl.id = s.client_id GROUP BY 1, 2"
    )


def _contacts_sql_postgres(*, own: bool, with_keys: bool) -> str:
    """``contacts_sql`` on a team database: one pass over the period's contacts grouped by
    what the contact tables count (mode, interpreter, language, the stored topic list), with
    the sums of their clients' record keys; :func:`contact_dimensions` spreads the few
    hundred groups over the (dimension, key) rows. Joining every contact once per dimension
    and parsing each topic list in SQL cost nine tenths of the time."""
    scope = "AND ct.client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
    client = "LEFT JOIN client cl ON cl.id = ct.client_id" if with_keys else ""
    return f"""
SELECT ct.mode, ct.interpreter, coalesce(ct.language, 'unknown'), ct.topics::text, count(*),
       {_key_sum("cl.record_key", with_keys)}
FROM contact ct {client}
WHERE ct.date BETWEEN :f AND :t {scope}
GROUP BY 1, 2, 3, 4
"""


def contact_dimensions(groups: Iterable[Sequence[Any]]) -> list[tuple[str, str, int, int]]:
    """(dimension, key, count, key sum) rows from (mode, interpreter, language, topics, count,
    key sum) groups, by the rule of ``contributions_sql``: topics count only as strings in a
    JSON list (anything else counts as no topic); each list is decoded once."""
    acc: dict[tuple[str, str], list[int]] = {}

    def add(dim: str, key: str, n: int, rk: int) -> None:
        cell = acc.setdefault((dim, key), [0, 0])
        cell[0] += n
        cell[1] += rk

    decoded: dict[str, list[str]] = {}
    for mode, interpreter, language, topics, n, rk in groups:
        n, rk = int(n), int(rk)
        add("total", "", n, rk)
        add("mode", str(mode), n, rk)
        add("interpreter", "yes" if interpreter else "no", n, rk)
        add("language", str(language), n, rk)
        if topics not in decoded:
            try:
                value = json.loads(topics) if topics else None
            except ValueError:
                value = None
            decoded[topics] = [t for t in value if isinstance(t, str)] if isinstance(value, list) else []
        for topic in decoded[topics]:
            add("topic", topic, n, rk)
    return [(dim, key, n, rk) for (dim, key), (n, rk) in acc.items()]


def cases_sql(*, own: bool) -> str:
    """Cases opened / closed in the period and the sums of their record keys; each from a
    range of the index (opened_on, record_key) or (closed_on, record_key)."""
    scope = "AND counsellor_id = :me" if own else ""
    return (
        f"SELECT (SELECT count(*) FROM client WHERE opened_on BETWEEN :f AND :t {scope}), "
        f"(SELECT coalesce(sum(record_key), 0) FROM client WHERE opened_on BETWEEN :f AND :t {scope}), "
        f"(SELECT count(*) FROM client WHERE closed_on BETWEEN :f AND :t {scope}), "
        f"(SELECT coalesce(sum(record_key), 0) FROM client WHERE closed_on BETWEEN :f AND :t {scope})"
    )


def _key_sum(expr: str, with_keys: bool) -> str:
    """The sum of record keys of a cell (cell-key method), else a constant 0: the record key
    sits at the end of a wide client row, and reading it costs more than the count."""
    return f"coalesce(sum({expr}), 0)" if with_keys else "0"


def casework_sql(*, own: bool, with_keys: bool = False) -> str:
    """Group sessions, their participants and signposting in the period; support-plan goals
    by the outcome of their last review in the period. Rows: (dimension, key, count, key
    sum; 0 without ``with_keys``). A group session has no client: its record key is a fixed
    scramble of its id (Knuth's multiplicative hash), see docs/statistics.md."""
    mine_g = "AND counsellor_id = :me" if own else ""
    mine_s = "AND s.client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
    mine_r = "AND g.client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
    client_s = "LEFT JOIN client cl ON cl.id = s.client_id" if with_keys else ""
    client_r = "LEFT JOIN client cl ON cl.id = g.client_id" if with_keys else ""
    goal = "JOIN support_goal g ON g.id = r.goal_id" if with_keys or own else ""
    return f"""
SELECT 'units', 'group_sessions', count(*), {_key_sum("(id * 2654435761) & 4294967295", with_keys)} FROM group_session
          WHERE date BETWEEN :f AND :t {mine_g}
UNION ALL SELECT 'units', 'group_participants', coalesce(sum(participants), 0),
          {_key_sum("(id * 2654435761) & 4294967295", with_keys)} FROM group_session
          WHERE date BETWEEN :f AND :t {mine_g}
UNION ALL SELECT 'units', 'signposting', count(*), {_key_sum("cl.record_key", with_keys)} FROM signposting s
          {client_s} WHERE s.date BETWEEN :f AND :t {mine_s}
UNION ALL SELECT 'outcome', r.outcome, count(*), {_key_sum("cl.record_key", with_keys)} FROM support_review r
          {goal} {client_r}
          WHERE r.on_date BETWEEN :f AND :t {mine_r}
            AND r.id = (SELECT r2.id FROM support_review r2 WHERE r2.goal_id = r.goal_id
                        AND r2.on_date BETWEEN :f AND :t ORDER BY r2.on_date DESC, r2.id DESC LIMIT 1)
          GROUP BY r.outcome
"""


def referrals_sql(*, own: bool, with_keys: bool = False) -> str:
    scope = "AND r.client_id IN (SELECT id FROM client WHERE counsellor_id = :me)" if own else ""
    client = "LEFT JOIN client cl ON cl.id = r.client_id " if with_keys else ""
    return (
        f"SELECT r.agency_id, r.status, count(*), {_key_sum('cl.record_key', with_keys)} FROM referral r "
        f"{client}WHERE r.created_on BETWEEN :f AND :t {scope} "
        "GROUP BY r.agency_id, r.status"
    )


def query_params(period: Period, bands: Sequence[int], counsellor_id: int | None) -> dict[str, Any]:
    params: dict[str, Any] = {
        "f": period.start.isoformat(),
        "t": period.end.isoformat(),
        "fm": period.start.isoformat()[:7],
        "tm": period.end.isoformat()[:7],
        "year": period.start.year,
        "month_from": period.start.month,
        "month_to": period.end.month,
        "me": counsellor_id,
        "stay_1": _years_before(period.end, 1).isoformat(),
        "stay_3": _years_before(period.end, 3).isoformat(),
    }
    for i, age in enumerate(bands):
        params[f"age_{i}"] = _years_before(period.end, age).isoformat()
    return params


def _contacts_band(n: int) -> str:
    return "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7+"


def _status_key(status: Any, basis: Any) -> Any:
    """ "status:basis" where a legal basis is recorded (the group table splits by it)."""
    return f"{status}:{basis}" if basis else status


def _margin(pairs: Mapping[tuple[Any, Any], int], side: int) -> dict[Any, int]:
    out: dict[Any, int] = {}
    for pair, count in pairs.items():
        out[pair[side]] = out.get(pair[side], 0) + count
    return out


def _tally_on_server(
    cursor: Any, sql: str, params: Mapping[str, Any]
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]], int, int]:
    """``_tally`` on PostgreSQL: the server counts each PERSON_FACETS column and the contacts
    per person (GROUPING SETS, a few hundred rows) instead of sending every person; the same
    groups and shapes follow (:func:`_facet_groups`, :func:`_shape`). Returns (counts, key
    sums, persons, key sum of the persons)."""
    facets = [f"f{i}" for i in range(len(PERSON_FACETS))]
    cols = ["n", *facets]
    sets = ", ".join(f"(p.{c})" for c in cols)
    rows = cursor.execute(
        f"SELECT {', '.join(f'GROUPING(p.{c})' for c in cols)}, {', '.join('p.' + c for c in cols)}, count(*), "
        "coalesce(sum(p.fam), 0), coalesce(sum(p.rk), 0), coalesce(sum(p.rk) FILTER (WHERE p.fam > 0), 0) "
        f"FROM ({sql}) p GROUP BY GROUPING SETS ({sets}, ())",
        params,
    ).fetchall()
    width = len(cols)
    counted: list[dict[Any, int]] = [{} for _ in cols]
    summed: list[dict[Any, int]] = [{} for _ in cols]
    persons = key_persons = family = key_family = 0
    for row in rows:
        grouped = [i for i in range(width) if row[i] == 0]
        n, fam, rk, rk_fam = (int(v) for v in row[2 * width :])
        if not grouped:  # the grand total
            persons, family, key_persons, key_family = n, fam, rk, rk_fam
            continue
        (i,) = grouped
        value = row[width + i]
        counted[i][value] = n
        summed[i][value] = rk
    counts = _shape(_facet_groups(counted[1:], counted[0]))
    counts["units"] = {"family_members": family}
    keys = _shape(_facet_groups(summed[1:], summed[0]))
    keys["units"] = {"family_members": key_family}
    if not persons:
        return {}, {}, 0, 0
    return counts, keys, persons, key_persons


def _tally(
    rows: Sequence[Sequence[Any]], *, with_keys: bool
) -> tuple[dict[str, dict[str, int]], dict[str, dict[str, int]]]:
    """Counts per (dimension, key) from the person rows: each facet column counted with
    ``Counter`` (C speed), then each of its few distinct joined values split once and added
    to the groups it feeds (:func:`_facet_groups`); with ``with_keys`` (rows ending in the
    record key) also the sums of the record keys per (dimension, key), the same way. Margins
    and crossed keys are made from the groups the same way for counts and for key sums
    (:func:`_shape`)."""
    from collections import Counter
    from operator import itemgetter

    if not rows:
        return {}, {}
    fam_at, rk_at = 1, 2 + len(PERSON_FACETS)
    columns = range(2, 2 + len(PERSON_FACETS))
    counted = [Counter(map(itemgetter(i), rows)) for i in columns]
    counts = _shape(_facet_groups(counted, Counter(map(itemgetter(0), rows))))
    counts["units"] = {"family_members": sum(map(itemgetter(fam_at), rows))}
    keys: dict[str, dict[str, int]] = {}
    if with_keys:  # the cell-key method: one pass per facet over the rows
        sums: list[dict[Any, int]] = []
        for i in (0, *columns):
            acc: dict[Any, int] = {}
            for row in rows:
                acc[row[i]] = acc.get(row[i], 0) + row[rk_at]
            sums.append(acc)
        keys = _shape(_facet_groups(sums[1:], sums[0]))
        keys["units"] = {"family_members": sum(row[rk_at] for row in rows if row[fam_at])}
    return counts, keys


#: Person dimensions counted through a pair (see :func:`_shape`), not on their own.
_CROSSED = ("gender", "age_band", "integration_course", "residence_status")


#: The groups :func:`_shape` takes, each the facts it is keyed by.
_GROUPS: dict[str, tuple[str, ...]] = {
    **{d: (d,) for d in PERSON_DIMS if d not in _CROSSED},
    "gender_age": ("gender", "age_band"),
    "gender_course": ("gender", "integration_course"),
    "status_basis": ("residence_status", "residence_basis"),
}


def _first_nationality(stored: str) -> str:
    """The first of a client's nationalities (stored as a JSON list); "unknown" where none."""
    values = json.loads(stored) if stored else None
    return str(values[0]) if values else "unknown"


#: Facts the SQL hands over as stored and that are decoded here, once per distinct value:
#: reading the nationality list in SQL parsed JSON once per person (a tenth of the query).
_DECODED: dict[str, Callable[[str], str]] = {"nationality": _first_nationality}


def _facet_groups(per_facet: Sequence[Mapping[str, int]], contacts: Mapping[Any, int]) -> dict[str, dict[Any, int]]:
    """Figures per group from figures per joined facet value (one mapping per PERSON_FACETS
    column): a group of one fact is keyed by its value, a crossed group by the pair; an empty
    legal basis is none."""
    groups: dict[str, dict[Any, int]] = {name: {} for name in _GROUPS}
    for facet, figures in zip(PERSON_FACETS, per_facet, strict=True):
        feeds = [
            (name, tuple(facet.index(d) for d in facts))
            for name, facts in _GROUPS.items()
            if all(d in facet for d in facts)
        ]
        decoded = [(facet.index(d), fn) for d, fn in _DECODED.items() if d in facet]  # (position, decoder)
        for joined, x in figures.items():
            values = joined.split(FACT_SEPARATOR)
            if len(values) != len(facet):
                raise ValueError("person facts with a unit separator in a stored value")
            for i, fn in decoded:
                values[i] = fn(values[i])
            for name, at in feeds:
                key = values[at[0]] if len(at) == 1 else tuple(values[j] for j in at)
                group = groups[name]
                group[key] = group.get(key, 0) + x
    groups["contacts"] = dict(contacts)
    return groups


def _shape(groups: Mapping[str, Mapping[Any, int]]) -> dict[str, dict[str, int]]:
    """Figures per (dimension, key) from figures per group of :func:`_tally` (counts or key
    sums): crossed tables keyed "a|b", their margins summed from the pairs, the status keyed
    "status:basis", the number of contacts put into bands."""
    out = {d: dict(groups[d]) for d in PERSON_DIMS if d not in _CROSSED}
    gender_age, gender_course = groups["gender_age"], groups["gender_course"]
    out["gender"], out["age_band"] = _margin(gender_age, 0), _margin(gender_age, 1)
    out["integration_course"] = _margin(gender_course, 1)
    out["gender_age"] = {f"{g}|{a}": x for (g, a), x in gender_age.items()}
    out["gender_course"] = {f"{g}|{c}": x for (g, c), x in gender_course.items()}
    out["residence_status"] = _margin(
        {(_status_key(st, b), None): x for (st, b), x in groups["status_basis"].items()}, 0
    )
    out["contacts_band"] = _margin({(_contacts_band(n), n): x for n, x in groups["contacts"].items()}, 0)
    return out


@contextlib.contextmanager
def _without_cycle_collection() -> Iterator[None]:
    """No cycle collection while the person rows are read and counted: tens of thousands of
    new tuples, none in a cycle, would set off collections that walk the whole heap (in a
    big process a tenth of the report's time). The previous state comes back afterwards
    (in the app the collector is already off and runs on the GUI thread, ui/gui_gc.py)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _aggregate(
    conn: Connection, period: Period, bands: Sequence[int], counsellor_id: int | None, *, with_keys: bool = False
) -> _Raw:
    """True counts and, with ``with_keys`` (cell-key method), beside them (``_Raw.keyed``) the
    sums of the record keys of what each count counts, in the same shape."""
    own = counsellor_id is not None
    params = query_params(period, bands, counsellor_id)
    postgres = sqlcompat.is_postgres(conn)
    if postgres:  # this transaction only: hash the persons in memory; no JIT compile for one run
        conn.execute(text("SET LOCAL work_mem = '64MB'"))
        conn.execute(text("SET LOCAL jit = off"))
    dbapi = sqlcompat.dbapi(conn)
    # Plain rows on the DB-API cursor: no per-row SQLAlchemy work.
    with contextlib.closing(dbapi.cursor()) as cursor, _without_cycle_collection():
        if postgres:
            persons, person_keys, n_persons, key_persons = _tally_on_server(
                cursor, persons_sql(bands, own=own, with_keys=with_keys, postgres=True), params
            )
        else:
            person_rows = cursor.execute(
                persons_sql(bands, own=own, live=not one_year_of_months(period), with_keys=with_keys), params
            ).fetchall()
            persons, person_keys = _tally(person_rows, with_keys=with_keys)
            n_persons, key_persons = len(person_rows), sum(r[-1] for r in person_rows) if with_keys else 0
        contact_rows = cursor.execute(
            contacts_sql(own=own, live=not whole_months(period), postgres=postgres, with_keys=with_keys), params
        ).fetchall()
        if postgres:
            contact_rows = contact_dimensions(contact_rows)
        casework_rows = cursor.execute(casework_sql(own=own, with_keys=with_keys), params).fetchall()
        opened, opened_key, closed, closed_key = cursor.execute(cases_sql(own=own), params).fetchone()
        referral_rows = cursor.execute(referrals_sql(own=own, with_keys=with_keys), params).fetchall()
    raw = _Raw(
        persons,
        {"persons_counselled": n_persons, "contacts": 0, "new_cases": int(opened), "closed_cases": int(closed)},
        {},
        {},
        {},
        [],
    )
    keyed = _Raw(
        person_keys,
        {
            "persons_counselled": key_persons,
            "contacts": 0,
            "new_cases": int(opened_key),
            "closed_cases": int(closed_key),
        },
        {},
        {},
        {},
        [],
    )
    for dim in ("interpreter", "language"):
        raw.persons[dim], keyed.persons[dim] = {}, {}
    contact_dims = {"mode": raw.modes, "interpreter": raw.persons["interpreter"], "language": raw.persons["language"]}
    keyed_dims = {
        "mode": keyed.modes,
        "interpreter": keyed.persons["interpreter"],
        "language": keyed.persons["language"],
    }
    for dim, key, n, rk in contact_rows:
        if dim == "total":
            raw.totals["contacts"], keyed.totals["contacts"] = int(n), int(rk)
        elif dim == "topic":
            raw.topics[str(key)], keyed.topics[str(key)] = int(n), int(rk)
        else:
            contact_dims[dim][str(key)], keyed_dims[dim][str(key)] = int(n), int(rk)
    for dim, key, n, rk in casework_rows:
        raw.persons.setdefault(dim, {})[str(key)] = int(n)
        keyed.persons.setdefault(dim, {})[str(key)] = int(rk)
    for a, s, n, rk in referral_rows:
        raw.referrals[(int(a), str(s))] = int(n)
        keyed.referrals[(int(a), str(s))] = int(rk)
    agencies = [
        (int(i), str(k), str(nm), bool(b))
        for i, k, nm, b in conn.execute(text("SELECT id, key, name, built_in FROM agency ORDER BY built_in DESC, id"))
    ]
    raw.agencies = keyed.agencies = agencies
    raw.keyed = keyed if with_keys else None
    return raw


# --- building ---------------------------------------------------------------------------------


def _ordered(
    counts: Mapping[str, int], keys: Sequence[str], *, fallback: str | None = None
) -> tuple[list[str], dict[str, int]]:
    """Catalogue order; a key outside the catalogue goes to ``fallback`` (or is appended)."""
    out = dict.fromkeys(keys, 0)
    extra: list[str] = []
    for key, n in counts.items():
        if key in out:
            out[key] += n
        elif fallback is not None:
            out[fallback] += n
        else:
            out[key] = n
            extra.append(key)
    return list(keys) + sorted(extra), out


def _language_name(code: str, lang: str) -> str:
    from babel import Locale

    try:
        name: str = Locale(lang).languages[code]  # babel's locale data is typed Any
        return name
    except (KeyError, ValueError):
        raise KeyError(code) from None


def _label(fn: Callable[[str, str], str], key: str, lang: str) -> str:
    try:
        return fn(key, lang)
    except KeyError:
        return key


def _validate_options(
    min_cell: Any, org_min: int, top: Any, bands: Any, service: str
) -> tuple[int, int, tuple[int, ...]]:
    if min_cell is None:
        k = org_min if org_min in disclosure.ALLOWED_MIN_CELLS else 3
    elif isinstance(min_cell, bool) or not isinstance(min_cell, int) or min_cell not in disclosure.ALLOWED_MIN_CELLS:
        raise InvalidInput("input.choice", field="min_cell", value=str(min_cell)[:10], allowed="3, 5, 10")
    elif min_cell < org_min:
        raise InvalidInput("stats.min_cell_below_org", field="min_cell", min=org_min)
    else:
        k = min_cell
    if isinstance(top, bool) or not isinstance(top, int) or not 1 <= top <= MAX_TOP_NATIONALITIES:
        raise InvalidInput("input.number", field="top_nationalities", min=1, max=MAX_TOP_NATIONALITIES)
    if bands is None:
        bands = DEFAULT_AGE_BANDS.get(service, DEFAULT_AGE_BANDS["other"])
    try:
        bands = tuple(bands)
    except TypeError:
        raise InvalidInput("stats.age_bands", field="age_bands") from None
    if (
        not 1 <= len(bands) <= 12
        or any(isinstance(b, bool) or not isinstance(b, int) for b in bands)
        or any(not 1 <= b <= 120 for b in bands)
        or any(a >= b for a, b in itertools.pairwise(bands))
    ):
        raise InvalidInput("stats.age_bands", field="age_bands")
    return k, top, bands


def check_profile(profile: Any) -> str:
    if not isinstance(profile, str) or profile.lower() not in PROFILES:
        raise InvalidInput("input.choice", field="profile", value=str(profile)[:20], allowed=", ".join(PROFILES))
    return profile.lower()


def check_method(method: Any) -> str:
    if not isinstance(method, str) or method.lower() not in METHODS:
        raise InvalidInput("input.choice", field="method", value=str(method)[:20], allowed=", ".join(METHODS))
    return method.lower()


def build_report(
    ctx: ServiceContext,
    *,
    period_from: Any,
    period_to: Any,
    min_cell: int | None = None,
    top_nationalities: int = 10,
    age_bands: Sequence[int] | None = None,
    lang: str = "de",
    profile: str = "all",
    method: str = "suppression",
) -> Report:
    """The published statistics of a period (a calendar month, quarter, half-year or year).

    ``profile``: ``all``, ``mbe``, ``jmd`` or ``kommune`` (the tables each funder asks for).
    ``method``: ``suppression`` (optimal cell suppression, the default) or ``cell_key``
    (consistent noise from the clients' record keys, :mod:`referral_desk.core.cellkey`).

    ``min_cell``: 3, 5 or 10 (default: the organisation's setting; never below it).
    ``age_bands``: lower bounds of the age bands, ascending (default by service: MBE
    27/35/45/55/65, JMD 12/18/27). Counsellors get their own caseload only.

    On a team database (``ctx.team``) everyone but a counsellor gets the report the
    administration **published** (:func:`published_report`); a counsellor's own caseload is
    counted as on the desk, under the server's row-level security."""
    policy.require_role(ctx.actor, VIEW_ROLES, "statistics")
    assert ctx.actor is not None
    own = ctx.actor.role == "counsellor"
    if reads_published(ctx):
        return published_report(
            ctx,
            period_from=period_from,
            period_to=period_to,
            min_cell=min_cell,
            lang=lang,
            profile=profile,
            method=method,
        )
    with ctx.reading() as conn:
        return report_on(
            conn,
            counsellor_id=ctx.actor.id if own else None,
            period_from=period_from,
            period_to=period_to,
            min_cell=min_cell,
            top_nationalities=top_nationalities,
            age_bands=age_bands,
            lang=lang,
            profile=profile,
            method=method,
        )


# --- a team database: the published reports (core/team/reports.py) --------------------------
# Imported where used: core/team/reports builds on this module (report_on, Period, Report).


def reads_published(ctx: ServiceContext) -> bool:
    """On a team database everyone but a counsellor gets the published reports (the one place
    for this rule: ``build_report``, ``stats export`` and the Statistik page ask it)."""
    actor = ctx.actor
    return bool(ctx.team) and actor is not None and actor.role in EXPORT_ROLES


def published_report(
    ctx: ServiceContext,
    *,
    period_from: Any,
    period_to: Any,
    min_cell: int | None = None,
    lang: str = "de",
    profile: str = "all",
    method: str = "suppression",
) -> Report:
    """The report the administration published on the team database for this period,
    profile, method and language (NotFound ``team.report_not_published`` naming them, if it
    has not). The statistics role reads no person table; the read is audited on the server
    (``stats.read_published``, committed). The publication fixed the minimum cell size (and
    the age bands and nationalities): a different ``min_cell`` is refused, naming the
    published one."""
    from referral_desk.core.team import reports

    policy.require_role(ctx.actor, EXPORT_ROLES, "statistics")
    with ctx.transaction() as uow:  # committed: the server's record of the read stays
        report = reports.read_published(
            uow.conn, period_from=period_from, period_to=period_to, profile=profile, method=method, lang=lang
        )
    if min_cell is not None and min_cell != report.min_cell:
        raise InvalidInput("input.choice", field="min_cell", value=str(min_cell)[:10], allowed=str(report.min_cell))
    return report


def published_reports(ctx: ServiceContext) -> list[dict[str, Any]]:
    """What the administration published on the team database (period_from, period_to,
    profile, method, lang, min_cell, published_at), oldest period first; none on a desk."""
    from referral_desk.core.team import reports

    policy.require_role(ctx.actor, EXPORT_ROLES, "statistics")
    if not ctx.team:
        return []
    with ctx.reading() as conn:
        return reports.published_reports(conn)


def report_on(
    conn: Connection,
    *,
    counsellor_id: int | None,
    period_from: Any,
    period_to: Any,
    min_cell: int | None = None,
    top_nationalities: int = 10,
    age_bands: Sequence[int] | None = None,
    lang: str = "de",
    profile: str = "all",
    method: str = "suppression",
) -> Report:
    """``build_report`` on a reading connection that may see every client (the caller has
    decided who may): a counsellor's own caseload with ``counsellor_id``, else the whole
    organisation. Also the team database's publisher (core/team/reports.py)."""
    lang = "en" if lang == "en" else "de"
    period = make_period(period_from, period_to)
    profile = check_profile(profile)
    method = check_method(method)
    own = counsellor_id is not None
    org = conn.execute(text("SELECT name, service, min_cell_size FROM organisation WHERE id = 1")).one()
    k, top, bands = _validate_options(min_cell, int(org.min_cell_size), top_nationalities, age_bands, str(org.service))
    raw = _aggregate(conn, period, bands, counsellor_id, with_keys=method == "cell_key")
    return _report(
        raw,
        period=period,
        k=k,
        top=top,
        bands=bands,
        lang=lang,
        organisation=str(org.name),
        service=str(org.service),
        scope="own_caseload" if own else "organisation",
        profile=profile,
        method=method,
    )


def _information_loss(raw: Mapping[str, disclosure.Table], published: Mapping[str, disclosure.Table]) -> float:
    """Share of persons in suppressed inner cells over all person tables (0 … 1): the
    information-loss figure of docs/PERFORMANCE.md."""
    hidden = total = 0
    for tid in PERSON_TABLES + PERSON_TABLES_2D:
        t = raw[tid]
        for key in t.keys():
            if disclosure.is_margin(key):
                continue
            total += int(t.cells[key])
            if published[tid].cells[key] == SUPPRESSED:
                hidden += int(t.cells[key])
    return hidden / total if total else 0.0


_NEVER = 2**62  # a "minimum" no category reaches: only the categories named in ``keep`` stay


def _merge(merges: dict[str, Any], name: str, values: Mapping[str, int], k: int, top: int) -> dict[str, int]:
    """:func:`disclosure.merge_small` on the counts; on the record-key pass the categories the
    counts kept, the rest summed under ``_other``."""
    if name in merges:
        return disclosure.merge_small(values, _NEVER, keep=merges[name])
    merged = disclosure.merge_small(values, k, top=top)
    merges[name] = [key for key in merged if key != OTHER]
    return merged


def _build_tables(
    raw: _Raw, *, k: int, top: int, bands: tuple[int, ...], lang: str, merges: dict[str, Any]
) -> tuple[dict[str, disclosure.Table], dict[str, list[str]], dict[str, dict[str, str]], dict[str, dict[str, str]]]:
    """All tables of a report from ``raw``. Called once with the counts, which decide the
    merges of small categories (recorded in ``merges``), and for the cell-key method once more
    with the record-key sums (``raw.keyed``), which then follow the same merges: every
    published cell gets the key sum of exactly the records it counts."""
    p = raw.persons
    counts: dict[str, disclosure.Table] = {}
    rows: dict[str, list[str]] = {}
    row_labels: dict[str, dict[str, str]] = {}
    col_labels2: dict[str, dict[str, str]] = {}

    def add_1d(
        tid: str, keys: list[str], values: Mapping[str, int], labels: Mapping[str, str], *, margins: bool = True
    ) -> None:
        counts[tid] = disclosure.table_1d(values, keys, margins=margins)
        rows[tid] = keys
        row_labels[tid] = dict(labels)

    add_1d("overview", list(OVERVIEW), raw.totals, {key: _t(key, lang) for key in OVERVIEW}, margins=False)
    add_1d("persons_by_case_type", list(CASE_TYPES), p.get("case_type", {}), {key: _t(key, lang) for key in CASE_TYPES})
    add_1d(
        "persons_by_contacts",
        list(CONTACT_BANDS),
        p.get("contacts_band", {}),
        {key: _t("band:" + key, lang) for key in CONTACT_BANDS},
    )
    keys, values = _ordered(p.get("gender", {}), catalogues.enum_keys("gender"), fallback="unspecified")
    add_1d(
        "persons_by_gender",
        keys,
        values,
        {key: _label(lambda x, lg: catalogues.enum_label("gender", x, lg), key, lang) for key in keys},
    )
    keys = list(age_band_keys(bands))
    ages: dict[str, int] = {}
    for gk, n in p.get("gender_age", {}).items():
        ages[gk.split("|", 1)[1]] = ages.get(gk.split("|", 1)[1], 0) + n
    add_1d("persons_by_age_band", keys, ages, {key: age_band_label(key, lang) for key in keys})
    genders = catalogues.enum_keys("gender")
    cross_row_labels = {
        g: (
            _t("gender:_other", lang)
            if g == OTHER
            else _label(lambda x, lg: catalogues.enum_label("gender", x, lg), g, lang)
        )
        for g in CROSS_GENDERS
    }
    courses = list(catalogues.enum_keys("integration_course"))
    clabel: Callable[[str], str]
    for tid, dim, cols, fallback, clabel in (
        ("persons_by_gender_age_band", "gender_age", keys, None, lambda c: age_band_label(c, lang)),
        (
            "persons_by_gender_integration_course",
            "gender_course",
            courses,
            "unknown",
            lambda c: _label(lambda x, lg: catalogues.enum_label("integration_course", x, lg), c, lang),
        ),
    ):
        cross: dict[tuple[str, str], int] = {}
        for gk, n in p.get(dim, {}).items():
            g, c = gk.split("|", 1)
            g = g if g in ("female", "male") else OTHER  # diverse, unspecified, anything else
            if c not in cols:
                c = fallback if fallback is not None else c
            cross[(g, c)] = cross.get((g, c), 0) + n
        counts[tid] = disclosure.table_2d(cross, CROSS_GENDERS, cols)
        rows[tid] = list(CROSS_GENDERS)
        row_labels[tid] = dict(cross_row_labels)
        col_labels2[tid] = {c: clabel(c) for c in cols}
    del genders
    merged = _merge(merges, "nationality", p.get("nationality", {}), k, top)
    keys = merges.setdefault("nationality:order", list(merged))
    add_1d(
        "persons_by_nationality",
        keys,
        merged,
        {key: (_t(OTHER, lang) if key == OTHER else _label(catalogues.country_name, key, lang)) for key in keys},
    )
    groups: dict[str, int] = {}
    for status, n in p.get("residence_status", {}).items():
        group = residence_group(status)
        groups[group] = groups.get(group, 0) + n
    keys, values = _ordered(groups, list(RESIDENCE_GROUPS), fallback="other")
    add_1d(
        "persons_by_residence_group",
        keys,
        values,
        {key: RESIDENCE_GROUPS[key][0 if lang == "de" else 1] for key in keys},
    )
    keys, values = _ordered(p.get("german_level", {}), catalogues.enum_keys("german_level"), fallback="unknown")
    add_1d(
        "persons_by_german_level",
        keys,
        values,
        {key: _label(lambda x, lg: catalogues.enum_label("german_level", x, lg), key, lang) for key in keys},
    )
    add_1d(
        "persons_by_stay_duration",
        list(STAY_BANDS),
        p.get("stay_duration", {}),
        {key: _t("stay:" + key, lang) for key in STAY_BANDS},
    )
    keys, values = _ordered(
        raw.topics,
        [t.key for t in catalogues.topics()],
        fallback="other" if "other" in catalogues.topic_keys() else None,
    )
    add_1d(
        "contacts_by_topic",
        keys,
        values,
        {key: _label(catalogues.topic_label, key, lang) for key in keys},
        margins=False,
    )
    add_1d("units", list(UNITS), p.get("units", {}), {key: _t(key, lang) for key in UNITS}, margins=False)
    add_1d("persons_by_case_kind", list(CASE_KINDS), p.get("case_kind", {}), {key: _t(key, lang) for key in CASE_KINDS})
    for tid, dim, enum, fallback in (
        ("persons_by_service", "service", "service", "other"),
        ("persons_by_access_route", "access_route", "access_route", None),
    ):
        keys, values = _ordered(
            p.get(dim, {}),
            list(catalogues.enum_keys(enum)) + (["unknown"] if fallback is None else []),
            fallback=fallback,
        )
        add_1d(
            tid,
            keys,
            values,
            {
                key: (
                    _t("stay:unknown", lang)
                    if key == "unknown"
                    else _label(functools.partial(catalogues.enum_label, enum), key, lang)
                )
                for key in keys
            },
        )
    add_1d(
        "contacts_by_interpreter",
        ["yes", "no"],
        p.get("interpreter", {}),
        {key: _t("interp:" + key, lang) for key in ("yes", "no")},
    )
    languages = dict(p.get("language", {}))
    unknown_language = languages.pop("unknown", 0)
    merged_l = _merge(merges, "language", languages, k, top)
    merged_l = {key: n for key, n in merged_l.items() if key != OTHER}
    merged_l["unknown"] = unknown_language
    merged_l[OTHER] = sum(languages.values()) - sum(n for key, n in merged_l.items() if key not in (OTHER, "unknown"))
    language_keys = merges.setdefault("language:order", list(merged_l))
    add_1d(
        "contacts_by_language",
        language_keys,
        merged_l,
        {
            key: (
                _t(OTHER, lang)
                if key == OTHER
                else _t("lang:unknown", lang)
                if key == "unknown"
                else _label(_language_name, key, lang)
            )
            for key in language_keys
        },
    )
    keys, values = _ordered(p.get("outcome", {}), list(OUTCOMES))
    add_1d(
        "goals_by_outcome",
        keys,
        values,
        {key: _label(lambda x, lg: catalogues.enum_label("plan_outcome", x, lg), key, lang) for key in keys},
    )
    keys, values = _ordered(raw.modes, catalogues.enum_keys("contact_mode"))
    add_1d(
        "contacts_by_mode",
        keys,
        values,
        {key: _label(lambda x, lg: catalogues.enum_label("contact_mode", x, lg), key, lang) for key in keys},
    )

    # referrals: recipients (built-in always listed) × status
    by_id = {a[0]: a for a in raw.agencies}
    agency_keys = [a[1] for a in raw.agencies]
    names = {a[1]: a[2] for a in raw.agencies}
    statuses = merges.setdefault(
        "statuses", list(REFERRAL_STATUSES) + sorted({s for _a, s in raw.referrals} - set(REFERRAL_STATUSES))
    )
    ref_counts: dict[tuple[str, str], int] = {}
    for (agency_id, status), n in raw.referrals.items():
        key = by_id[agency_id][1] if agency_id in by_id else OTHER
        ref_counts[(key, status)] = ref_counts.get((key, status), 0) + n
    other_n = {s: ref_counts.pop((OTHER, s), 0) for s in statuses}
    if "referrals" in merges:  # the record-key pass: the rows the counts chose
        ref_rows, merged2 = disclosure.merge_small_rows(
            ref_counts, agency_keys, statuses, _NEVER, keep=merges["referrals"]
        )
        ref_rows = [r for r in ref_rows if r != OTHER] + [OTHER]
    else:
        ref_rows, merged2 = disclosure.merge_small_rows(
            ref_counts, agency_keys, statuses, k, keep=[a[1] for a in raw.agencies if a[3]]
        )
        merges["referrals"] = [r for r in ref_rows if r != OTHER]
    for s in statuses:
        merged2[(OTHER, s)] += other_n[s]
    counts["referrals_by_recipient_status"] = disclosure.table_2d(merged2, ref_rows, statuses)
    rows["referrals_by_recipient_status"] = ref_rows
    row_labels["referrals_by_recipient_status"] = {
        key: (_t("recipient:_other", lang) if key == OTHER else names.get(key, key)) for key in ref_rows
    }
    col_labels2["referrals_by_recipient_status"] = {
        s: (_t("status:" + s, lang) if "status:" + s in _L else s) for s in statuses
    }

    return counts, rows, row_labels, col_labels2


def perturb_tables(
    counts: Mapping[str, disclosure.Table], key_sums: Mapping[str, disclosure.Table], k: int
) -> dict[str, disclosure.Table]:
    """The cell-key method: every cell, totals included, gets the noise the p-table assigns to
    its true count and its cell key (:mod:`referral_desk.core.cellkey`). Totals are noised as
    cells of their own, so the same units give the same figure wherever they appear."""
    from referral_desk.core import cellkey

    table = cellkey.ptable(k)
    out: dict[str, disclosure.Table] = {}
    for tid, t in counts.items():
        keys = key_sums[tid].cells
        out[tid] = t.with_values({key: table.perturb(int(n), int(keys[key])) for key, n in t.cells.items()})
    return out


def _report(
    raw: _Raw,
    *,
    period: Period,
    k: int,
    top: int,
    bands: tuple[int, ...],
    lang: str,
    organisation: str,
    service: str,
    scope: str,
    profile: str = "all",
    method: str = "suppression",
) -> Report:
    merges: dict[str, Any] = {}
    counts, _rows, row_labels, col_labels2 = _build_tables(raw, k=k, top=top, bands=bands, lang=lang, merges=merges)
    if method == "cell_key":
        assert raw.keyed is not None
        key_sums = _build_tables(raw.keyed, k=k, top=top, bands=bands, lang=lang, merges=merges)[0]
        published = perturb_tables(counts, key_sums, k)
    else:
        model, model_info = build_model(counts)
        protection = disclosure.protect_optimal(model, k, sensitive_groups=model_info["sensitive"])
        published = disclosure.publish_model(model, protection.suppressed)
    shown = PROFILES[profile] or TABLE_IDS

    overview = published["overview"]
    persons_v, contacts_v = overview.cells[("persons_counselled",)], overview.cells[("contacts",)]
    if SUPPRESSED in (persons_v, contacts_v):
        mean: Value = SUPPRESSED
    else:
        mean = round(int(contacts_v) / int(persons_v), 1) if persons_v else 0.0

    total_label = _t(TOTAL, lang)
    tables: list[StatTable] = []
    for tid in shown:  # in the profile's order
        info = TABLES[tid]
        de = lang == "de"
        title, short = (info.title_de, info.short_de) if de else (info.title_en, info.short_en)
        dim_titles = info.dimension_titles_de if de else info.dimension_titles_en
        measure_title = _MEASURES[info.measure][0 if de else 1]
        note_pair = _NOTES.get(tid)
        note = (note_pair[0] if lang == "de" else note_pair[1]).format(top=top, k=k) if note_pair else ""
        common: dict[str, Any] = {
            "id": tid,
            "measure": info.measure,
            "dimensions": info.dimensions,
            "title": title,
            "short_title": short,
            "dimension_titles": dim_titles,
            "measure_title": measure_title,
            "note": note,
        }
        if tid == "contacts_per_person_mean":
            tables.append(StatTable(**common, values={(): mean}, margins=False))
            continue
        pub = published[tid]
        labels = dict(row_labels[tid])
        if pub.margins:
            labels[TOTAL] = total_label
        if pub.cols is None:
            tables.append(
                StatTable(**common, rows=pub.row_keys(), row_labels=labels, values=dict(pub.cells), margins=pub.margins)
            )
        else:
            clabels = dict(col_labels2[tid])
            clabels[TOTAL] = total_label
            tables.append(
                StatTable(
                    **common,
                    rows=pub.row_keys(),
                    cols=pub.col_keys(),
                    row_labels=labels,
                    col_labels=clabels,
                    values=dict(pub.cells),
                    margins=pub.margins,
                )
            )
    report = Report(
        period=period,
        min_cell=k,
        organisation=organisation,
        service=service,
        scope=scope,
        lang=lang,
        tables=tuple(tables),
        profile=profile,
        method=method,
        loss=_information_loss(counts, published),
    )
    check_report(report)
    return report


# --- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportResult:
    path: str
    format: str
    period: Period
    tables: tuple[str, ...]
    sha256: str
    bytes: int


def check_format(fmt: Any) -> str:
    if not isinstance(fmt, str) or fmt.lower() not in FORMATS:
        raise InvalidInput("input.choice", field="format", value=str(fmt)[:20], allowed=", ".join(FORMATS))
    return fmt.lower()


def require_export(ctx: ServiceContext) -> None:
    if ctx.actor is not None and ctx.actor.role == "counsellor":
        raise PolicyRefused("stats.export_refused")
    policy.require_role(ctx.actor, EXPORT_ROLES, "statistics export")
