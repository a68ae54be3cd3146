"""Core texts through gettext (core/texts.py): the compiled catalogue matches its .po, every
table entry has an English translation, and plural forms follow the count."""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from referral_desk.core import audit_texts, messages, texts
from referral_desk.core.importing import messages as import_messages  # noqa: F401 - registers its texts

PO = texts.LOCALE_DIR / "en" / "LC_MESSAGES" / "referral_desk.po"
ROOT = Path(__file__).resolve().parents[2]


def _catalog():
    with PO.open("rb") as f:
        return read_po(f, locale="en", domain="referral_desk")


def test_mo_is_compiled_from_the_po():
    buf = io.BytesIO()
    write_mo(buf, _catalog())
    assert PO.with_suffix(".mo").read_bytes() == buf.getvalue(), "run `make translations`"


def _tables():
    from referral_desk import cli, cli_casework

    yield from messages.MESSAGES.items()
    yield from messages.FIELD_LABELS.items()
    yield from audit_texts.ACTIONS.items()
    yield from audit_texts.ENTITIES.items()
    yield from cli.OUT.items()
    yield from cli_casework.OUT.items()


def test_every_core_text_is_in_the_catalogue_and_translated():
    catalog = _catalog()
    missing = []
    for key, entry in _tables():
        assert isinstance(entry, texts.Text), f"{key}: still a (de, en) tuple: run tools/messages_to_po.py"
        found = catalog.get(
            entry.msgid if not isinstance(entry, texts.PluralText) else (entry.msgid, entry.plural),
            context=entry.context,
        )
        if found is None or not found.string or found.fuzzy:
            missing.append(entry.context)
        else:
            assert entry.get("en") != entry.msgid or entry.msgid == entry.get("en"), key
    assert not missing, missing


def test_english_comes_from_the_catalogue_and_german_is_the_source():
    entry = messages.MESSAGES["input.required"]
    assert entry.get("de") == entry.msgid == "{field_label}: Angabe fehlt."
    assert entry.get("en") == "{field_label}: value is required."
    de, en = entry  # the old (de, en) shape still unpacks
    assert (de, en) == (entry[0], entry[1])
    assert (
        messages.render("input.required", "en", field="family_name") == "Family name (family_name): value is required."
    )


def test_plural_forms_follow_the_count():
    from referral_desk import cli

    plural = next(e for e in cli.OUT.values() if isinstance(e, texts.PluralText))
    one, many = plural.get("de", 1), plural.get("de", 3)
    assert one != many
    assert plural.get("en", 1) != plural.get("en", 3)
    assert plural.get("en", 1) not in (one, many)


def test_every_audit_action_and_entity_the_code_writes_reads_as_a_sentence():
    """The log page names each event in words: an action code or entity written anywhere in
    the program (services, the server's SQL functions) has its text in core/audit_texts.py."""
    import re
    from pathlib import Path

    from referral_desk.core import audit_texts

    source = "\n".join(p.read_text(encoding="utf-8") for p in Path("referral_desk").rglob("*.py"))
    actions = set(re.findall(r"(?:record|rd_audit)\(\s*['\"]([a-z_]+\.[a-z_.]+)['\"]", source))
    entities = set(re.findall(r"entity=\"([a-z_]+)\"", source))
    assert len(actions) > 40 and len(entities) > 10  # the scan finds them
    assert actions - set(audit_texts.ACTIONS) == set()
    assert entities - set(audit_texts.ENTITIES) == set()
