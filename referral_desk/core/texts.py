"""Core texts through gettext: German source text as msgid, a stable key as msgctxt.

Tables of texts (``messages.MESSAGES``, ``audit_texts.ACTIONS``, the CLI's ``OUT`` …) hold
``N_("key", "Deutscher Text")``; Babel extracts them (``make translations``, babel.cfg) into
``referral_desk/locale/referral_desk.pot`` and ``en/LC_MESSAGES/referral_desk.po``, compiled
to ``.mo``. A ``Text`` still reads like the old ``(German, English)`` pair (``text[1]``,
``de, en = text``), so callers did not change. Qt strings stay in Qt Linguist
(resources/translations).
"""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

DOMAIN = "referral_desk"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
LANGUAGES = ("de", "en")  # German is the source language


@cache
def catalogue(lang: str) -> gettext.NullTranslations:
    if lang == "de":
        return gettext.NullTranslations()
    # fallback=False: a missing .mo is a packaging bug, not a reason to show German silently
    return gettext.translation(DOMAIN, localedir=str(LOCALE_DIR), languages=[lang])


class Text:
    """One translatable text: ``get(lang)``; indexable like the old (de, en) pairs."""

    __slots__ = ("context", "msgid")

    def __init__(self, context: str, msgid: str) -> None:
        self.context = context
        self.msgid = msgid

    def get(self, lang: str = "de") -> str:
        if lang not in LANGUAGES or lang == "de":
            return self.msgid
        return catalogue(lang).pgettext(self.context, self.msgid)

    def __getitem__(self, index: int) -> str:
        return self.get(LANGUAGES[index])

    def __iter__(self) -> Iterator[str]:
        return (self.get(lang) for lang in LANGUAGES)

    def __len__(self) -> int:
        return len(LANGUAGES)

    def __repr__(self) -> str:
        return f"N_({self.context!r}, {self.msgid!r})"


class PluralText(Text):
    """A text with a count: ``get(lang, n)`` picks the plural form of that language;
    ``count`` names the format parameter that holds the number."""

    __slots__ = ("count", "plural")

    def __init__(self, context: str, singular: str, plural: str, count: str) -> None:
        super().__init__(context, singular)
        self.plural = plural
        self.count = count

    def get(self, lang: str = "de", n: int = 1) -> str:
        if lang not in LANGUAGES or lang == "de":
            return self.msgid if n == 1 else self.plural
        return catalogue(lang).npgettext(self.context, self.msgid, self.plural, n)


def N_(context: str, msgid: str) -> Text:  # noqa: N802 - the marker Babel looks for (N_:1c,2)
    return Text(context, msgid)


def NP_(context: str, singular: str, plural: str, *, count: str) -> PluralText:  # noqa: N802 - NP_:1c,2,3
    return PluralText(context, singular, plural, count)


def pick(text: Text | tuple[str, str], lang: str, params: dict[str, Any] | None = None) -> str:
    """German or English of a table entry (a plural text reads its count from ``params``);
    old (de, en) tuples (not yet converted) work too."""
    if isinstance(text, PluralText):
        n = (params or {}).get(text.count, 1)
        return text.get(lang, n if isinstance(n, int) else 1)
    if isinstance(text, Text):
        return text.get(lang)
    return text[1] if lang == "en" else text[0]
