"""The one category → fields catalogue (forms/category_fields.toml) and the consent texts.

Proves, for every consent template (every legal regime, every language), that each field the
referral sheet prints under a category is named in that category's explanation, and that the
sheet prints each field only under the category the catalogue gives it."""

from __future__ import annotations

import datetime as dt

import pytest

from referral_desk.core import category_fields as cf
from referral_desk.core.documents import referral_sheet as sheet, templates
from referral_desk.core.models import ClientCreate

CONSENT_TEMPLATES = templates.shipped_templates("consent")

RICH = {
    "family_name": "Шевченко",
    "given_names": "Олександра",
    "document_family_name": "Shevchenko",
    "document_given_names": "Oleksandra",
    "birth_date": dt.date(1990, 1, 15),
    "gender": "female",
    "nationalities": ["UA"],
    "preferred_language": "uk",
    "residence_status": "aufenthaltserlaubnis_24",
    "residence_valid_until": dt.date(2027, 3, 4),
    "arrival_date": dt.date(2022, 3, 20),
    "employment_permitted": "yes",
    "german_level": "B1",
    "integration_course": "attending",
    "phone": "0621 1",
    "email": "o@example.org",
    "street": "Bismarckstraße 1",
    "postal_code": "67059",
    "city": "Ludwigshafen",
    "jobcenter_customer_number": "123D456789",
    "jobcenter_bg_number": "12345BG0001",
    "ba_customer_number": "555A1",
    "abh_file_reference": "32.1-1/22",
    "school_education": "upper_secondary",
    "vocational_training": "university_completed",
    "vocational_field": "Pharmazie",
    "recognition_profession": "Apothekerin",
    "recognition_status": "in_progress",
    "recognition_body": "Landesamt für Soziales",
    "employment_status": "job_seeking",
    "last_occupation": "Apothekerin",
    "benefit_type": "sgb2",
}


def test_catalogue_covers_every_category_and_each_field_once():
    cat = cf.catalogue()
    assert tuple(cat) == cf.CATEGORIES
    seen: dict[str, str] = {}
    for key, category in cat.items():
        for f in category.fields:
            assert f not in seen, f"{f} in {seen.get(f)} and {key}"
            seen[f] = key
    # every field the catalogue names exists in the client record (and its JSON format)
    known = set(ClientCreate.model_fields) | {"street", "postal_code", "city"}
    assert set(seen) <= known, set(seen) - known
    assert cf.category_of("employment_permitted") == "employment"  # promised under "Arbeit"
    assert cf.category_of("notes") is None and cf.category_of("interpreter_needed") is None


@pytest.mark.parametrize("template", CONSENT_TEMPLATES, ids=lambda t: f"{t.regime}-{t.language}")
def test_every_field_group_is_named_in_the_consent_text_of_its_category(template):
    for key, category in cf.catalogue().items():
        explain = template.text("categories", key, "explain")
        assert explain, (key, template.language)
        for mention in category.mentions:
            phrase = mention.phrases.get(template.language)
            assert phrase, f"{mention.fields}: no wording for {template.language}"
            assert phrase.casefold() in explain.casefold(), (
                f"{template.regime}/{template.language}: the consent text of '{key}' does not name "
                f"{mention.fields} ('{phrase}' not in '{explain}')"
            )


def test_every_field_printed_under_a_category_is_named_in_its_consent_text_in_every_language():
    sections = sheet.facts_for(RICH, cf.CATEGORIES)
    printed = {s.key: set(s.fields) for s in sections}
    assert printed["employment"] >= {"employment_permitted", "employment_status", "last_occupation"}
    assert "employment_permitted" not in printed["residence"]
    languages = {t.language for t in CONSENT_TEMPLATES}
    assert {"de", "en", "ar", "fa", "tr", "ru", "uk"} <= languages
    for key, fields in printed.items():
        assert fields <= set(cf.fields_of(key)), (key, fields - set(cf.fields_of(key)))
        for template in CONSENT_TEMPLATES:
            explain = template.text("categories", key, "explain").casefold()
            for mention in cf.catalogue()[key].mentions:
                if set(mention.fields) & fields:
                    assert mention.phrases[template.language].casefold() in explain


def test_sheet_reads_no_field_of_a_category_not_given():
    class Guard(dict):
        def get(self, key, default=None):
            assert cf.category_of(key) in ("identity",), f"read {key}"
            return super().get(key, default)

    sections = sheet.facts_for(Guard(RICH), ["identity"])
    assert [s.key for s in sections] == ["identity"]


# --- the consent declaration reads the catalogue ----------------------------------------------------


def _declaration_parts(template):
    from referral_desk.core.documents import consent_form as decl

    german, translation = decl.load_templates(template.regime, template.language)
    data = decl.FormData(
        organisation_name="AWO",
        organisation_address="Bahnhofstraße 1, 67059 Ludwigshafen",
        organisation_contact="0621 1",
        recipient_name="Jobcenter",
        recipient_address="Beispielweg 23, 67059 L",
        client_name="Leyla Haddad",
        birth_date=dt.date(1990, 1, 1),
        case_number="2026-00001",
        categories=tuple(c for c in cf.CATEGORIES),
        purpose="Vermittlung in Arbeit oder Ausbildung",
        valid_until=dt.date(2028, 1, 1),
        direction="one_way",
        language=template.language,
        dpo_name="D",
        dpo_contact="d@x",
        supervisory_authority="LfDI",
        supervisory_address="Mainz",
    )
    return decl.compose(data, german, translation)


@pytest.mark.parametrize("template", CONSENT_TEMPLATES, ids=lambda t: f"{t.regime}-{t.language}")
def test_declaration_lists_under_each_category_the_fields_passed_in_its_own_words(template):
    from referral_desk.core.documents import consent_form as decl

    part = _declaration_parts(template)[-1]
    assert part.template.language == template.language
    blocks = list(part.blocks)
    for key, category in cf.catalogue().items():
        if key == "health":
            continue
        label = template.text("categories", key, "label")
        i = next(n for n, b in enumerate(blocks) if b.kind == "check" and b.text.startswith(label + ":"))
        listed = blocks[i + 1].text if i + 1 < len(blocks) and blocks[i + 1].kind == "fields" else ""
        assert listed == decl.passed_fields(key, template.language)
        for mention in category.mentions:  # every field group passed is listed, in the consent's words
            phrase = mention.phrases[template.language]
            assert phrase in listed and phrase.casefold() in blocks[i].text.casefold(), (key, phrase)
        if not category.fields:
            assert not listed
    assert cf.unnamed_mentions(template) == []


def test_a_field_the_consent_text_does_not_name_is_caught():
    """The check can fail: a field group worded differently from the consent text."""
    template = next(t for t in CONSENT_TEMPLATES if t.language == "de")
    fake = dict(cf.catalogue())
    fake["residence"] = cf.Category(
        "residence",
        fake["residence"].fields + ("arrival_date",),
        fake["residence"].mentions + (cf.Mention(("arrival_date",), {"de": "Einreiseweg"}),),
    )
    assert cf.unnamed_mentions(template, fake) == [("residence", ("arrival_date",))]
