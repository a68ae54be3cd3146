"""Vocabulary catalogues: data files in resources/catalogues plus babel-backed countries/languages."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from referral_desk.core import catalogues as cat

RESIDENCE_KEYS = (
    "visum",
    "aufenthaltserlaubnis_ausbildung",
    "aufenthaltserlaubnis_erwerb",
    "aufenthaltserlaubnis_humanitaer",
    "aufenthaltserlaubnis_24",
    "aufenthaltserlaubnis_familie",
    "blaue_karte_eu",
    "niederlassungserlaubnis",
    "daueraufenthalt_eu",
    "aufenthaltsgestattung",
    "duldung",
    "fiktionsbescheinigung",
    "freizuegigkeit_eu",
    "spaetaussiedler",
    "deutsch",
    "other",
    "unknown",
)

GROUP_KEYS = {
    "temporary_title",
    "humanitarian",
    "permanent",
    "asylum_procedure",
    "tolerated",
    "eu_citizen",
    "german",
    "other",
    "unknown",
}

ENUM_KEYS = {
    "gender": ("female", "male", "diverse", "unspecified"),
    "employment_permitted": ("yes", "restricted", "no", "unknown"),
    "german_level": ("none", "A1", "A2", "B1", "B2", "C1", "C2", "unknown"),
    "integration_course": (
        "none",
        "entitled",
        "obliged",
        "attending",
        "completed",
        "certificate",
        "unknown",
    ),
    "contact_mode": ("in_person", "phone", "video"),
    "case_status": ("open", "closed"),
    "role": ("counsellor", "lead", "statistics", "admin"),
    "service": ("mbe", "jmd", "other"),
    "legal_regime": ("dsgvo", "kdg", "dsg-ekd"),
    "data_category": (
        "identity",
        "contact",
        "residence",
        "language",
        "qualifications",
        "employment",
        "benefits",
        "household",
        "health",
    ),
    "agency_kind": ("jobcenter", "agentur", "auslaenderbehoerde", "other"),
    "school_education": ("none", "primary", "lower_secondary", "upper_secondary", "unknown"),
    "vocational_training": (
        "none",
        "vocational_in_progress",
        "vocational_completed",
        "university_in_progress",
        "university_completed",
        "unknown",
    ),
    "recognition_status": ("not_started", "in_progress", "full", "partial", "rejected", "not_required", "unknown"),
    "employment_status": (
        "employed",
        "marginal",
        "self_employed",
        "in_training",
        "job_seeking",
        "not_working",
        "unknown",
    ),
    "benefit_type": ("sgb2", "sgb3", "asylblg", "none", "unknown"),
    # case work (issue 13)
    "access_route": (
        "self",
        "family_friends",
        "jobcenter",
        "agentur",
        "auslaenderbehoerde",
        "integration_course",
        "school",
        "other_service",
        "outreach",
        "online",
    ),
    "plan_area": ("language", "work", "education", "housing", "health", "residence", "family", "social"),
    "plan_outcome": ("achieved", "partly", "not_achieved", "dropped"),
    "plan_responsible": ("client", "counsellor", "together", "family", "other"),
}

TOPIC_KEYS = (
    "residence",
    "work",
    "benefits",
    "language_course",
    "recognition",
    "education",
    "housing",
    "health",
    "family",
    "finances",
    "everyday",
    "naturalisation",
    "discrimination",
    "other",
)

REQUIRED_LANGUAGES = (
    "fa",
    "ar",
    "ku",
    "ps",
    "tr",
    "uk",
    "ru",
    "bg",
    "ro",
    "pl",
    "it",
    "el",
    "sq",
    "sr",
    "de",
    "en",
    "ti",
    "so",
)


# --------------------------------------------------------------------------- residence status


def test_residence_keys_complete_and_in_order():
    assert tuple(s.key for s in cat.residence_statuses()) == RESIDENCE_KEYS
    assert cat.residence_status_keys() == frozenset(RESIDENCE_KEYS)


def test_residence_entries_have_labels_and_known_group():
    group_keys = {g.key for g in cat.residence_status_groups()}
    assert group_keys == GROUP_KEYS
    for status in cat.residence_statuses():
        assert status.label_de.strip() and status.label_en.strip(), status.key
        assert status.group in group_keys, status.key
        assert isinstance(status.titled, bool)
        assert cat.residence_status_label(status.key) == status.label_de
        assert cat.residence_status_label(status.key, "en") == status.label_en
        assert cat.residence_status_group(status.key) == status.group


def test_residence_groups_labelled_in_both_languages():
    for group in cat.residence_status_groups():
        assert cat.residence_status_group_label(group.key).strip()
        assert cat.residence_status_group_label(group.key, "en").strip()


def test_residence_examples():
    assert (
        cat.residence_status_label("aufenthaltserlaubnis_erwerb")
        == "Aufenthaltserlaubnis (Erwerbstätigkeit, §§ 18–21 AufenthG)"
    )
    assert cat.residence_status_group("duldung") == "tolerated"
    assert cat.residence_status_group("aufenthaltsgestattung") == "asylum_procedure"
    assert cat.residence_status_group("niederlassungserlaubnis") == "permanent"
    assert cat.residence_status_group("unknown") == "unknown"
    assert cat.residence_status("blaue_karte_eu").titled
    assert not cat.residence_status("duldung").titled


# --------------------------------------------------------------------------- topics and enums


def test_topics():
    assert tuple(t.key for t in cat.topics()) == TOPIC_KEYS
    assert cat.topic_keys() == frozenset(TOPIC_KEYS)
    assert cat.topic_label("residence") == "Aufenthalt"
    assert cat.topic_label("naturalisation", "en") == "Naturalisation"
    for key in TOPIC_KEYS:
        assert cat.topic_label(key, "de").strip() and cat.topic_label(key, "en").strip()


@pytest.mark.parametrize("name", sorted(ENUM_KEYS))
def test_enum_keys_in_order_and_labelled(name):
    assert cat.enum_keys(name) == ENUM_KEYS[name]
    for key in cat.enum_keys(name):
        assert cat.enum_label(name, key, "de").strip(), (name, key)
        assert cat.enum_label(name, key, "en").strip(), (name, key)


def test_enum_names_complete():
    assert set(cat.enum_names()) == set(ENUM_KEYS)


def test_enum_label_examples():
    assert cat.enum_label("role", "counsellor") == "Berater*in"
    assert cat.enum_label("legal_regime", "dsg-ekd") == "DSG-EKD (evangelisch, z. B. Diakonie)"
    assert cat.enum_label("service", "mbe") == "Migrationsberatung für erwachsene Zuwanderer (MBE)"
    assert "ausreichende" in cat.enum_label("german_level", "B1")


def test_data_categories_have_explanations():
    for key in cat.enum_keys("data_category"):
        assert cat.enum_explain("data_category", key, "de").strip()
        assert cat.enum_explain("data_category", key, "en").strip()
    assert cat.enum_explain("data_category", "identity") == ("Name, Geburtsdatum, Geschlecht, Staatsangehörigkeit")
    assert "Art. 9" in cat.enum_explain("data_category", "health")
    assert cat.enum_explain("gender", "female") is None


# --------------------------------------------------------------------------- countries


def test_country_codes():
    codes = cat.country_codes()
    assert {"TR", "SY", "UA", "AF", "XK", "DE", "IQ", "IR", "ER"} <= codes
    for pseudo in ("EU", "EZ", "UN", "ZZ", "QO", "XA", "XB", "001", "150"):
        assert pseudo not in codes
    assert all(len(c) == 2 and c.isalpha() and c.isupper() for c in codes)
    assert 240 <= len(codes) <= 260


def test_nationality_validation():
    assert cat.is_valid_nationality("SY")
    assert cat.is_valid_nationality("XK")
    assert cat.is_valid_nationality("stateless")
    assert cat.is_valid_nationality("unknown")
    assert not cat.is_valid_nationality("EU")
    assert not cat.is_valid_nationality("sy")
    assert not cat.is_valid_nationality("")
    assert not cat.is_valid_nationality(None)
    assert "stateless" not in cat.country_codes()


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("TR", "Türkei"),
        ("SY", "Syrien"),
        ("XK", "Kosovo"),
        ("AF", "Afghanistan"),
        ("UA", "Ukraine"),
        ("DE", "Deutschland"),
    ],
)
def test_german_country_names(code, name):
    assert cat.country_name(code) == name
    assert cat.country_name(code, "de") == name


def test_special_nationality_names():
    assert cat.country_name("stateless") == "staatenlos"
    assert cat.country_name("stateless", "en") == "stateless"
    assert cat.country_name("unknown") == "unbekannt"
    assert cat.country_name("unknown", "en") == "unknown"
    assert cat.country_name("SY", "en") == "Syria"


def test_countries_sorted_german_collation():
    pairs = cat.countries_sorted("de")
    names = [name for _, name in pairs]
    assert {code for code, _ in pairs} == cat.country_codes()
    # DIN 5007-1: Ä sorts as A, so "Ägypten" (ag…) comes before "Albanien" (al…)
    # and well before anything starting with "B"; Ö/Ü likewise.
    assert names.index("Afghanistan") < names.index("Ägypten") < names.index("Albanien")
    assert names.index("Ägypten") < names.index("Belgien")
    assert names.index("Oman") < names.index("Österreich") < names.index("Pakistan")
    assert names.index("Tunesien") < names.index("Türkei") < names.index("Turkmenistan")
    assert names == sorted(names, key=cat.sort_key)


def test_countries_sorted_special_and_english():
    with_special = cat.countries_sorted("de", include_special=True)
    assert with_special[-2:] == [("stateless", "staatenlos"), ("unknown", "unbekannt")]
    en_names = [name for _, name in cat.countries_sorted("en")]
    assert en_names[0] == "Afghanistan"
    # callers get their own list
    cat.countries_sorted("de").clear()
    assert cat.countries_sorted("de")


# --------------------------------------------------------------------------- languages


def test_language_codes():
    codes = cat.language_codes()
    assert set(REQUIRED_LANGUAGES) <= codes
    assert all(len(c) == 2 and c.isalpha() and c.islower() for c in codes)
    for three_letter in ("fas", "ara", "ckb", "kmr", "prs", "tir", "yue"):
        assert three_letter not in codes


def test_language_names():
    assert cat.language_name("fa") == "Persisch"
    assert cat.language_name("ar") == "Arabisch"
    assert cat.language_name("tr") == "Türkisch"
    assert cat.language_name("fa", "en") == "Persian"
    for code in REQUIRED_LANGUAGES:
        assert cat.language_name(code, "de").strip() and cat.language_name(code, "en").strip()


def test_languages_sorted():
    pairs = cat.languages_sorted("de")
    names = [name for _, name in pairs]
    assert {code for code, _ in pairs} == cat.language_codes()
    assert names == sorted(names, key=cat.sort_key)
    assert names.index("Arabisch") < names.index("Persisch")


# --------------------------------------------------------------------------- errors


@pytest.mark.parametrize(
    "call",
    [
        lambda: cat.residence_status_label("no_such_status"),
        lambda: cat.residence_status_group("no_such_status"),
        lambda: cat.residence_status_group_label("no_such_status"),
        lambda: cat.topic_label("no_such_status"),
        lambda: cat.enum_label("gender", "no_such_status"),
        lambda: cat.country_name("no_such_status"),
        lambda: cat.language_name("no_such_status"),
    ],
)
def test_unknown_key_raises_keyerror_naming_key(call):
    with pytest.raises(KeyError, match="no_such_status"):
        call()


def test_unknown_enum_name_raises_keyerror():
    with pytest.raises(KeyError, match="no_such_enum"):
        cat.enum_keys("no_such_enum")
    with pytest.raises(KeyError, match="no_such_enum"):
        cat.enum_label("no_such_enum", "x")


def test_unknown_country_pseudo_codes_raise():
    for code in ("EU", "ZZ"):
        with pytest.raises(KeyError, match=code):
            cat.country_name(code)


def test_unsupported_language_raises_valueerror():
    with pytest.raises(ValueError):
        cat.topic_label("work", "fr")
    with pytest.raises(ValueError):
        cat.country_name("TR", "fr")


# --------------------------------------------------------------------------- no Qt


def test_catalogues_do_not_import_qt():
    code = (
        "import sys\n"
        "from referral_desk.core import catalogues as c\n"
        "c.residence_statuses(); c.topics(); c.enum_keys('gender'); c.countries_sorted();\n"
        "c.languages_sorted(); c.country_name('TR'); c.language_name('fa')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'})\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr
