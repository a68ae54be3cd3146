"""The purpose catalogue (``forms/purposes.toml``): which purposes a consent to a recipient may
name, in every template language (DESIGN.md §2 "Purposes").

A consent records purpose *keys* (``Consent.purposes``) and the printed wording
(``Consent.purpose``); a referral names one key that its consent must list.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from referral_desk.core.errors import InvalidInput
from referral_desk.core.paths import forms_dir

OTHER = "other"


@dataclass(frozen=True)
class Purpose:
    key: str
    recipients: tuple[str, ...]  # agency kinds, or ("*",)
    texts: Mapping[str, str]  # language → text (``other`` has a {text} placeholder)

    def offered_for(self, agency_kind: str) -> bool:
        return "*" in self.recipients or agency_kind in self.recipients or agency_kind == "other"

    def label(self, lang: str = "de", text: str | None = None) -> str:
        template = self.texts.get(lang) or self.texts["de"]
        return template.replace("{text}", text or "…")


@cache
def catalogue() -> Mapping[str, Purpose]:
    raw = tomllib.loads((forms_dir() / "purposes.toml").read_text("utf-8"))
    out = {}
    for key, node in raw.items():
        texts = {k: v for k, v in node.items() if k != "recipients" and isinstance(v, str)}
        if "de" not in texts:
            raise ValueError(f"purposes.toml: {key} needs a German text")
        out[key] = Purpose(key, tuple(node.get("recipients", ("*",))), texts)
    if OTHER not in out:
        raise ValueError("purposes.toml: 'other' missing")
    return out


def keys_for(agency_kind: str) -> tuple[str, ...]:
    """The purposes offered for a recipient of this kind (``other`` always last)."""
    return tuple(p.key for p in catalogue().values() if p.offered_for(agency_kind))


def label(key: str, lang: str = "de", text: str | None = None) -> str:
    return catalogue()[key].label(lang, text)


def short_label(key: str, lang: str = "de") -> str:
    """The purpose's name for lists and check boxes ("Anderer Zweck" without words)."""
    if key == OTHER:
        p = catalogue()[OTHER]
        return (p.texts.get(lang) or p.texts["de"]).split("{text}")[0].strip().rstrip(":").strip()
    return label(key, lang)


_KEY_LIKE = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|[a-z]+")
_WITH_OTHER = re.compile(r"\s*((?:[a-z0-9_]+\s*,\s*)*)other\s*:\s*(\S.*)", re.S)


def _other_prefix() -> str:
    """The German words before an ``other`` purpose's own text ("Anderer Zweck: ")."""
    return catalogue()[OTHER].texts["de"].split("{text}")[0]


def _read_printed(text: str) -> tuple[list[str], str | None] | None:
    """Keys (and ``other`` text) of a wording ``resolve`` printed: catalogue labels joined
    by "; ", an ``other`` purpose last (its text may itself contain ";"). None if it is not one."""
    by_label = {p.label("de"): p.key for p in catalogue().values() if p.key != OTHER}
    prefix = _other_prefix().strip()
    keys: list[str] = []
    parts = [p.strip() for p in text.split(";")]
    for i, part in enumerate(parts):
        if part.startswith(prefix):
            rest = "; ".join([part[len(prefix) :].strip()] + parts[i + 1 :]).strip()
            return keys + [OTHER], rest
        if part not in by_label:
            return None
        keys.append(by_label[part])
    return (keys, None) if keys else None


def resolve(agency_kind: str, value: str) -> tuple[list[str], str]:
    """(purpose keys, German wording) of a purpose as given to ``consent grant --purpose``:

    * ``job_placement,recognition`` — keys (comma-separated)
    * ``job_placement,other:Wohnungssuche`` — keys and the words of an ``other`` purpose
    * any other wording (earlier releases, the app's free-text field) — ``other`` with that text

    Raises ``InvalidInput`` (field ``purpose``) for a key that is unknown or not offered for
    this kind of recipient, and for a bare ``other`` without words."""
    cat = catalogue()
    text = value.strip()
    other_text: str | None = None
    m = _WITH_OTHER.fullmatch(text)
    if m:
        keys = [k.strip() for k in m.group(1).split(",") if k.strip()] + [OTHER]
        other_text = m.group(2).strip()
    else:
        tokens = [t.strip() for t in text.split(",") if t.strip()]
        printed = _read_printed(text)
        if tokens and all(_KEY_LIKE.fullmatch(t) and (t in cat or "_" in t) for t in tokens):
            keys = tokens
        elif printed is not None:  # the German wording resolve() returns (the app's default, a recorded consent)
            keys, other_text = printed
        else:
            keys, other_text = [OTHER], text
    if other_text is not None:
        # "other:Anderer Zweck: X" must not become "Anderer Zweck: Anderer Zweck: X".
        prefix = _other_prefix()
        while other_text.startswith(prefix.strip()):
            other_text = other_text[len(prefix.strip()) :].strip()
    for key in keys:
        if key not in cat:
            raise InvalidInput(
                "input.choice", field="purpose", value=key[:40], allowed=", ".join(keys_for(agency_kind))
            )
        if not cat[key].offered_for(agency_kind):
            raise InvalidInput(
                "purpose.not_for_recipient", field="purpose", value=key, allowed=", ".join(keys_for(agency_kind))
            )
    if len(set(keys)) != len(keys):
        raise InvalidInput("input.list_duplicate", field="purpose")
    if OTHER in keys and not other_text:
        raise InvalidInput("purpose.other_text", field="purpose")
    return keys, "; ".join(label(k, "de", other_text) for k in keys)
