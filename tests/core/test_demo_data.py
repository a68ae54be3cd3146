"""Static data for the synthetic-client generator (referral_desk.core.demo_data)."""

from __future__ import annotations

import subprocess
import sys
import unicodedata

import pytest

from referral_desk.core import demo_data as dd

ALLOWED_CODES = {"TR", "IT", "BG", "RO", "SY", "UA", "AF", "PL", "IQ", "GR", "XK"}
WEIGHT_ORDER = ("TR", "BG", "RO", "SY", "IT", "UA", "PL", "GR", "IQ", "AF", "XK")

# Unicode script (first word of the character name) expected in the original-script lists.
EXPECTED_SCRIPT = {"SY": "ARABIC", "IQ": "ARABIC", "AF": "ARABIC", "UA": "CYRILLIC", "BG": "CYRILLIC", "GR": "GREEK"}

KINDS = ("family_names", "female_given", "male_given")
ZWNJ = "\u200c"
LATIN_PUNCT = {" ", "-", "'"}


def _profile_ids(profile):
    return profile["code"]


PROFILES = pytest.mark.parametrize("profile", dd.NATIONALITY_PROFILES, ids=_profile_ids)


def _name_lists(profile):
    """(key, list) for every name list of a profile, originals and romanisations."""
    keys = [k for k in profile if k.startswith(("family_names", "female_given", "male_given"))]
    return [(k, profile[k]) for k in keys]


def _all_strings():
    for profile in dd.NATIONALITY_PROFILES:
        yield profile["code"]
        yield from profile["languages"]
        for _key, names in _name_lists(profile):
            yield from names
    yield dd.CITY
    yield from dd.LUDWIGSHAFEN_STREETS
    yield from dd.LUDWIGSHAFEN_POSTAL_CODES
    yield from dd.GERMAN_COUNSELLOR_NAMES
    yield from dd.NOTE_SNIPPETS


def _script(ch: str) -> str:
    return unicodedata.name(ch).split()[0]


# --- profiles ------------------------------------------------------------------------------


def test_codes_are_the_eleven_listed_and_unique():
    codes = [p["code"] for p in dd.NATIONALITY_PROFILES]
    assert len(codes) == len(set(codes))
    assert set(codes) == ALLOWED_CODES
    assert tuple(codes) == dd.NATIONALITY_CODES


def test_weights_positive_and_in_documented_order():
    by_code = {p["code"]: p["weight"] for p in dd.NATIONALITY_PROFILES}
    assert all(isinstance(w, int | float) and w > 0 for w in by_code.values())
    ordered = [by_code[c] for c in WEIGHT_ORDER]
    assert ordered == sorted(ordered, reverse=True)
    assert len(set(ordered)) == len(ordered)


@PROFILES
def test_languages_are_iso_639_1(profile):
    langs = profile["languages"]
    assert langs
    assert len(set(langs)) == len(langs)
    for lang in langs:
        assert len(lang) == 2 and lang.isascii() and lang.islower()


def test_primary_languages():
    first = {p["code"]: p["languages"][0] for p in dd.NATIONALITY_PROFILES}
    assert first == {
        "TR": "tr",
        "IT": "it",
        "BG": "bg",
        "RO": "ro",
        "SY": "ar",
        "UA": "uk",
        "AF": "fa",
        "PL": "pl",
        "IQ": "ar",
        "GR": "el",
        "XK": "sq",
    }


@PROFILES
def test_script_share(profile):
    share = profile["script_share"]
    assert 0.0 <= share <= 1.0
    if profile["code"] in EXPECTED_SCRIPT:
        assert share > 0
    else:
        assert share == 0


@PROFILES
def test_original_and_latin_lists_have_equal_length(profile):
    for kind in KINDS:
        assert len(profile[kind]) == len(profile[f"{kind}_latin"]), kind
        assert 25 <= len(profile[kind]) <= 40, kind
    if "family_names_female" in profile:
        assert len(profile["family_names_female"]) == len(profile["family_names"])
        assert len(profile["family_names_female_latin"]) == len(profile["family_names"])


@PROFILES
def test_no_duplicates_within_a_list(profile):
    for key, names in _name_lists(profile):
        dupes = {n for n in names if names.count(n) > 1}
        assert not dupes, (key, dupes)


@PROFILES
def test_latin_lists_contain_only_latin_letters(profile):
    for key, names in _name_lists(profile):
        if not key.endswith("_latin"):
            continue
        for name in names:
            for ch in name:
                if ch in LATIN_PUNCT:
                    continue
                assert ch.isalpha() and _script(ch) == "LATIN", (key, name, ch)


@PROFILES
def test_original_lists_are_in_the_expected_script(profile):
    script = EXPECTED_SCRIPT.get(profile["code"])
    if script is None:
        for kind in KINDS:
            assert profile[kind] == profile[f"{kind}_latin"], kind
        return
    for key, names in _name_lists(profile):
        if key.endswith("_latin"):
            continue
        for name in names:
            letters = [ch for ch in name if ch not in {" ", "-", ZWNJ}]
            assert letters, (key, name)
            for ch in letters:
                assert _script(ch) == script, (key, name, ch, unicodedata.name(ch))


def test_zwnj_only_inside_dari_names():
    af = dd.profile_by_code("AF")
    with_zwnj = [n for k in KINDS for n in af[k] if ZWNJ in n]
    assert with_zwnj, "expected Dari compounds written with ZWNJ"
    for name in with_zwnj:
        for i, ch in enumerate(name):
            if ch == ZWNJ:
                assert 0 < i < len(name) - 1
                assert name[i - 1].isalpha() and name[i + 1].isalpha()
    for profile in dd.NATIONALITY_PROFILES:
        for key, names in _name_lists(profile):
            if profile["code"] == "AF" and not key.endswith("_latin"):
                continue
            assert not any(ZWNJ in n for n in names), (profile["code"], key)


def test_required_names_present():
    latin_all = {n for p in dd.NATIONALITY_PROFILES for k, ns in _name_lists(p) if k.endswith("_latin") for n in ns}
    for name in (
        "Mohammed",
        "Mohamed",
        "Muhammad",
        "Al-Hassan",
        "Abdul Rahman",
        "Yılmaz",
        "Şahin",
        "Öztürk",
        "Çelik",
        "Kılıç",
    ):
        assert name in latin_all, name
    assert f"علی{ZWNJ}رضا" in dd.profile_by_code("AF")["male_given"]
    assert any(" " in n or "-" in n for n in latin_all)


def test_gendered_family_names():
    bg = dd.profile_by_code("BG")
    assert dd.family_name(bg, 0) == "Иванов"
    assert dd.family_name(bg, 0, female=True) == "Иванова"
    assert dd.family_name(bg, 0, female=True, latin=True) == "Ivanova"
    pl = dd.profile_by_code("PL")
    assert dd.family_name(pl, pl["family_names"].index("Kowalski"), female=True) == "Kowalska"
    tr = dd.profile_by_code("TR")
    assert dd.family_name(tr, 0, female=True) == dd.family_name(tr, 0) == "Yılmaz"


# --- romanised() -----------------------------------------------------------------------------


@PROFILES
def test_romanised_returns_the_parallel_latin_entry(profile):
    for kind in KINDS:
        for i in range(len(profile[kind])):
            assert dd.romanised(profile, kind, i) == profile[f"{kind}_latin"][i]


def test_romanised_examples_and_aliases():
    sy = dd.profile_by_code("SY")
    i = sy["male_given"].index("محمد")
    assert dd.romanised(sy, "male_given", i) == "Mohammed"
    assert dd.romanised(sy, "male", i) == "Mohammed"
    ua = dd.profile_by_code("UA")
    j = ua["family_names"].index("Шевченко")
    assert dd.romanised(ua, "family", j) == "Shevchenko"
    gr = dd.profile_by_code("GR")
    assert dd.romanised(gr, "family_names_female", 0) == "Papadopoulou"
    # Non-gendered surnames: the female kind falls back to the plain list.
    assert dd.romanised(sy, "family_female", 0) == sy["family_names_latin"][0]


def test_romanised_rejects_unknown_kind_and_bad_index():
    tr = dd.profile_by_code("TR")
    with pytest.raises(ValueError):
        dd.romanised(tr, "nickname", 0)
    with pytest.raises(IndexError):
        dd.romanised(tr, "family_names", 10_000)
    with pytest.raises(KeyError):
        dd.profile_by_code("DE")


# --- addresses, staff, notes -----------------------------------------------------------------


def test_postal_codes():
    codes = dd.LUDWIGSHAFEN_POSTAL_CODES
    assert set(codes) == {"67059", "67061", "67063", "67065", "67067", "67069", "67071"}
    assert len(codes) == len(set(codes))
    for code in codes:
        assert len(code) == 5 and code.isdigit() and code.startswith("670")


def test_streets():
    streets = dd.LUDWIGSHAFEN_STREETS
    assert 35 <= len(streets) <= 45
    assert len(streets) == len(set(streets))
    for street in streets:
        assert street[0].isupper()
        assert street.endswith(("straße", "Straße", "allee", "damm", "weg", "platz")), street
    assert dd.CITY == "Ludwigshafen am Rhein"


def test_counsellor_names():
    names = dd.GERMAN_COUNSELLOR_NAMES
    assert len(names) == 12
    assert len(set(names)) == 12
    assert all(len(n.split()) >= 2 for n in names)


def test_note_snippets():
    notes = dd.NOTE_SNIPPETS
    assert 18 <= len(notes) <= 25
    assert len(notes) == len(set(notes))
    for note in notes:
        assert note[0].isupper() and note.endswith(".")
        # no dates, phone numbers, file numbers or e-mail addresses
        assert not any(ch.isdigit() for ch in note), note
        assert "@" not in note, note


# --- text hygiene ----------------------------------------------------------------------------


def test_no_control_characters_anywhere():
    for s in _all_strings():
        assert isinstance(s, str) and s
        for ch in s:
            cat = unicodedata.category(ch)
            assert cat != "Cc", (s, hex(ord(ch)))
            if cat.startswith("C"):
                assert ch == ZWNJ, (s, hex(ord(ch)))
        assert s == s.strip(), s
        assert "  " not in s, s
        assert unicodedata.is_normalized("NFC", s), s


def test_module_does_not_import_qt():
    code = (
        "import sys, referral_desk.core.demo_data; "
        "bad = [m for m in sys.modules if m.split('.')[0] in {'PySide6', 'shiboken6'}]; "
        "sys.exit(1 if bad else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0
