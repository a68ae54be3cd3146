"""Category → fields: which record fields belong to which data category (DESIGN.md §2).

The one catalogue (``forms/category_fields.toml``, data) read by the referral sheet, the
dialogs and the consent tests: a field is printed under the category whose consent text
names it, and nowhere else. Each category lists its fields in printing order and, per
field group, the words of the consent templates' category explanation that name the group
in every language (``mentions``), so a test can prove the consent text promises exactly
what the sheet prints.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from referral_desk.core.paths import forms_dir

if TYPE_CHECKING:
    from referral_desk.core.documents.templates import Template

CATEGORIES = (
    "identity",
    "contact",
    "residence",
    "language",
    "qualifications",
    "employment",
    "benefits",
    "household",
    "health",
)


@dataclass(frozen=True)
class Mention:
    fields: tuple[str, ...]
    phrases: Mapping[str, str]  # language → the words of the category's consent text naming these fields


@dataclass(frozen=True)
class Category:
    key: str
    fields: tuple[str, ...]
    mentions: tuple[Mention, ...]


@cache
def catalogue() -> Mapping[str, Category]:
    raw = tomllib.loads((forms_dir() / "category_fields.toml").read_text("utf-8"))
    out: dict[str, Category] = {}
    owner: dict[str, str] = {}
    for key in CATEGORIES:
        node = raw.get(key)
        if not isinstance(node, dict):
            raise ValueError(f"category_fields.toml: category {key} missing")
        fields = tuple(node.get("fields", ()))
        mentions = tuple(
            Mention(tuple(m["fields"]), {k: v for k, v in m.items() if k != "fields"}) for m in node.get("mentions", ())
        )
        named = {f for m in mentions for f in m.fields}
        if named != set(fields):
            raise ValueError(f"category_fields.toml: {key}: every field needs exactly one mention")
        for f in fields:
            if f in owner:
                raise ValueError(f"category_fields.toml: {f} in {owner[f]} and {key}")
            owner[f] = key
        out[key] = Category(key, fields, mentions)
    unknown = set(raw) - set(CATEGORIES)
    if unknown:
        raise ValueError(f"category_fields.toml: unknown categories {sorted(unknown)}")
    return out


def fields_of(category: str) -> tuple[str, ...]:
    return catalogue()[category].fields


def category_of(field: str) -> str | None:
    for cat in catalogue().values():
        if field in cat.fields:
            return cat.key
    return None


def printable_fields(categories: list[str] | tuple[str, ...] | set[str]) -> set[str]:
    """Every field a document may print when these categories are consented."""
    return {f for c in categories if c in catalogue() for f in catalogue()[c].fields}


def unnamed_mentions(
    template: Template, catalogue_: Mapping[str, Category] | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """(category, fields) whose wording in ``template``'s language is missing or is not part
    of that category's consent text: fields a document would pass on without the client
    having read them named. Empty when the template promises every field it passes."""
    out = []
    for key, category in (catalogue_ or catalogue()).items():
        explain = (template.text("categories", key, "explain") or "").casefold()
        for mention in category.mentions:
            phrase = mention.phrases.get(template.language)
            if not phrase or phrase.casefold() not in explain:
                out.append((key, mention.fields))
    return out
