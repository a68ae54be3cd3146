"""Field types with validation that names the field and says what is wrong.

Each check raises ``PydanticCustomError`` whose *type* is a message code from
``messages.py``; ``invalid_input_from`` turns a pydantic ``ValidationError`` into our
``InvalidInput`` for the first problem found. The offending *value* is only echoed for
closed vocabularies (codes, keys), never for free text, so messages carry no personal data.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, ValidationError
from pydantic_core import PydanticCustomError

from referral_desk.core import catalogues, clock, dates
from referral_desk.core.errors import InvalidInput

MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2100, 12, 31)

# Bidirectional overrides and isolates can disguise a name's visible order; the zero-width
# (non-)joiners U+200C/U+200D are legitimate in Persian and Arabic names and stay allowed.
_FORBIDDEN_FORMAT = {0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF}
# Invisible marks that change nothing a reader sees but make two spellings of one name
# differ (search, duplicate check, sort): left-to-right/right-to-left/Arabic letter marks,
# soft hyphens, zero-width space and word joiner. They are removed, not refused: people
# paste names from documents and e-mails that carry them without knowing (docs/SECURITY.md).
_STRIPPED_FORMAT = dict.fromkeys((0x00AD, 0x061C, 0x200B, 0x200E, 0x200F, 0x2060))


def today() -> dt.date:
    return clock.today()


def _has_control(text: str, *, allow_newlines: bool) -> bool:
    if text.isprintable():  # fast path (C): no Cc, Cf, Cs, Co or Cn character at all
        return False
    for ch in text:
        cat = unicodedata.category(ch)
        if cat == "Cc":
            if allow_newlines and ch in "\n\t":
                continue
            if allow_newlines and ch == "\r":
                continue
            return True
        if cat == "Cf" and ord(ch) in _FORBIDDEN_FORMAT:
            return True
        if cat in ("Cs", "Co", "Cn"):
            return True
    return False


def clean_text(value: Any, *, max_len: int, required: bool, multiline: bool = False) -> str | None:
    if value is None:
        if required:
            raise PydanticCustomError("input.required", "required")
        return None
    if not isinstance(value, str):
        raise PydanticCustomError("input.type", "type", {"expected": "Text"})
    text = unicodedata.normalize("NFC", value).translate(_STRIPPED_FORMAT)
    # Tabs and line breaks are whitespace (collapsed in single-line fields); any other
    # control character is refused.
    if _has_control(text, allow_newlines=True):
        raise PydanticCustomError("input.control_chars", "control")
    text = text.replace("\r\n", "\n").strip() if multiline else " ".join(text.split())
    if not text:
        if required:
            raise PydanticCustomError("input.blank", "blank")
        return None
    if len(text) > max_len:
        raise PydanticCustomError("input.too_long", "too long", {"max": max_len})
    return text


# The rules below are validators, not types: a field reads
# ``Annotated[str | None, v.text_rule(200)]``, so a type checker sees the type the rule returns
# (``str`` when required, ``str | None`` otherwise) and pydantic runs the rule.


def text_rule(max_len: int, *, required: bool = False, multiline: bool = False) -> BeforeValidator:
    def check(value: Any) -> str | None:
        return clean_text(value, max_len=max_len, required=required, multiline=multiline)

    return BeforeValidator(check)


Name = Annotated[str, text_rule(200, required=True)]
ShortText = Annotated[str | None, text_rule(200)]
Notes = Annotated[str | None, text_rule(20000, multiline=True)]


def parse_date(value: Any) -> dt.date:
    """``dates.parse_date`` as a pydantic check (the model names the field)."""
    try:
        return dates.parse_date(value)
    except InvalidInput:
        raise PydanticCustomError("input.invalid_date", "date") from None


def _date_in_range(*, allow_future: bool) -> Callable[[dt.date | None], dt.date | None]:
    def check(value: dt.date | None) -> dt.date | None:
        if value is None:
            return None
        if value < MIN_DATE:
            raise PydanticCustomError("input.date_too_early", "early", {"min": "01.01.1900"})
        if not allow_future and value > today():
            raise PydanticCustomError("input.date_future", "future")
        if value > MAX_DATE:
            raise PydanticCustomError("input.invalid_date", "date")
        return value

    return check


def _maybe_date(value: Any) -> Any:
    return None if value is None or value == "" else parse_date(value)


PastDate = Annotated[dt.date, BeforeValidator(parse_date), AfterValidator(_date_in_range(allow_future=False))]
OptionalPastDate = Annotated[
    dt.date | None, BeforeValidator(_maybe_date), AfterValidator(_date_in_range(allow_future=False))
]
OptionalDate = Annotated[
    dt.date | None, BeforeValidator(_maybe_date), AfterValidator(_date_in_range(allow_future=True))
]


def choice_rule(
    enum_name: str | None = None, *, keys: tuple[str, ...] | None = None, optional: bool = False
) -> BeforeValidator:
    """A value from a closed vocabulary (``catalogues.enum_keys(enum_name)`` or ``keys``);
    annotate ``str``, or ``str | None`` with ``optional=True``."""

    def check(value: Any) -> str | None:
        if value is None and optional:
            return None
        allowed = keys if keys is not None else catalogues.enum_keys(enum_name)
        if not isinstance(value, str) or value not in allowed:
            shown = value if isinstance(value, str) and len(value) <= 40 and value.isprintable() else "?"
            raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": ", ".join(allowed)})
        return value

    return BeforeValidator(check)


def _residence_status(value: Any) -> str:
    allowed = catalogues.residence_status_keys()
    if not isinstance(value, str) or value not in allowed:
        shown = value if isinstance(value, str) and len(value) <= 40 and value.isprintable() else "?"
        raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": "siehe docs/client-format.md"})
    return value


ResidenceStatus = Annotated[str, BeforeValidator(_residence_status)]


def _residence_basis(value: Any) -> str | None:
    if value is None:
        return None
    allowed = catalogues.residence_basis_keys()
    if not isinstance(value, str) or value not in allowed:
        shown = value if isinstance(value, str) and len(value) <= 40 and value.isprintable() else "?"
        raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": ", ".join(sorted(allowed))})
    return value


#: Optional legal basis that refines the residence status (catalogue residence_basis.json).
ResidenceBasis = Annotated[str | None, BeforeValidator(_residence_basis)]


def _nationalities(value: Any) -> list[str]:
    if not isinstance(value, list):
        raise PydanticCustomError("input.type", "type", {"expected": "Liste"})
    if not value:
        raise PydanticCustomError("input.list_empty", "empty")
    if len(value) > 5:
        raise PydanticCustomError("input.list_too_long", "long", {"max": 5})
    out: list[str] = []
    for item in value:
        code = item.strip() if isinstance(item, str) else item
        if isinstance(code, str) and code.lower() in ("stateless", "unknown"):
            code = code.lower()
        elif isinstance(code, str):
            code = code.upper()
        if not isinstance(code, str) or not catalogues.is_valid_nationality(code):
            shown = item if isinstance(item, str) and len(item) <= 20 and item.isprintable() else "?"
            raise PydanticCustomError("input.country", "country", {"value": shown})
        if code in out:
            raise PydanticCustomError("input.list_duplicate", "dup")
        out.append(code)
    if len(out) > 1 and ("stateless" in out or "unknown" in out):
        raise PydanticCustomError("input.invalid", "invalid")
    return out


Nationalities = Annotated[list[str], BeforeValidator(_nationalities)]


def _language(value: Any) -> str | None:
    if value is None:
        return None
    code = value.strip().lower() if isinstance(value, str) else value
    if not isinstance(code, str) or code not in catalogues.language_codes():
        shown = value if isinstance(value, str) and len(value) <= 20 and value.isprintable() else "?"
        raise PydanticCustomError("input.language", "language", {"value": shown})
    return code


Language = Annotated[str, BeforeValidator(_language)]
OptionalLanguage = Annotated[str | None, BeforeValidator(_language)]

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")


def _email(value: Any) -> str | None:
    text = clean_text(value, max_len=254, required=False)
    if text is None:
        return None
    if not _EMAIL.fullmatch(text):
        raise PydanticCustomError("input.email", "email")
    return text


Email = Annotated[str | None, BeforeValidator(_email)]

_PHONE = re.compile(r"\+?[0-9][0-9 /()\-.]{2,38}")


def _phone(value: Any) -> str | None:
    text = clean_text(value, max_len=40, required=False)
    if text is None:
        return None
    if not _PHONE.fullmatch(text):
        raise PydanticCustomError("input.phone", "phone")
    return text


Phone = Annotated[str | None, BeforeValidator(_phone)]


def _pattern(regex: str, max_len: int) -> Callable[[Any], str | None]:
    compiled = re.compile(regex)

    def check(value: Any) -> str | None:
        text = clean_text(value, max_len=max_len, required=False)
        if text is None:
            return None
        if not compiled.fullmatch(text):
            raise PydanticCustomError("input.pattern", "pattern")
        return text

    return check


PostalCode = Annotated[str | None, BeforeValidator(_pattern(r"[A-Za-z0-9 \-]{3,10}", 10))]
# Jobcenter customer number (e.g. 123D456789) or BG number (e.g. 12345BG1234567).
CustomerNumber = Annotated[str | None, BeforeValidator(_pattern(r"[A-Za-z0-9][A-Za-z0-9 /\-]{2,24}", 25))]
# Ausländerbehörde file references look like "32.1-123456/24" or "ABH 12 345".
FileReference = Annotated[str | None, BeforeValidator(_pattern(r"[A-Za-z0-9][A-Za-z0-9 ./:\-]{1,39}", 40))]

# Marks allowed in a document spelling besides Latin letters: what passports and residence
# titles print (space, hyphen, apostrophes, full stop, comma for "Jr.").
_DOC_MARKS = frozenset(" -'’‘.,")


def is_latin_name(text: str) -> bool:
    """True if every letter is Latin script (incl. Turkish İ/ı, ß, accents) and every other
    character is a name mark. Digits and other scripts are not part of a document name."""
    for ch in unicodedata.normalize("NFC", text):
        if ch in _DOC_MARKS:
            continue
        if unicodedata.category(ch).startswith("M"):
            continue  # combining accents (decomposed input)
        if not ch.isalpha() or "LATIN" not in unicodedata.name(ch, ""):
            return False
    return True


def has_non_latin_letters(text: str) -> bool:
    """True if a letter of another script (Arabic, Cyrillic, ...) occurs: such a name cannot be
    printed for an agency without its document spelling. Digits and marks do not count."""
    return any(ch.isalpha() and "LATIN" not in unicodedata.name(ch, "") for ch in unicodedata.normalize("NFC", text))


def _document_name(value: Any) -> str | None:
    text = clean_text(value, max_len=200, required=False)
    if text is not None and not is_latin_name(text):
        raise PydanticCustomError("input.latin_only", "latin only")
    return text


DocumentName = Annotated[str | None, BeforeValidator(_document_name)]


def _topics(value: Any) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise PydanticCustomError("input.type", "type", {"expected": "Liste"})
    allowed = catalogues.topic_keys()
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in allowed:
            shown = item if isinstance(item, str) and len(item) <= 40 and item.isprintable() else "?"
            raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": ", ".join(sorted(allowed))})
        if item not in out:
            out.append(item)
    return out


Topics = Annotated[list[str], BeforeValidator(_topics)]


def _strict_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise PydanticCustomError("input.type", "type", {"expected": "true/false"})


StrictBool = Annotated[bool, BeforeValidator(_strict_bool)]

_PYDANTIC_TYPES = {
    "missing": "input.required",
    "extra_forbidden": "input.unknown_field",
    "string_type": "input.type",
    "model_type": "input.type",
    "model_attributes_type": "input.type",
    "dict_type": "input.type",
    "list_type": "input.type",
    "int_parsing": "input.number",
    "int_type": "input.number",
    "bool_type": "input.type",
    "bool_parsing": "input.type",
}


def invalid_input_from(
    exc: ValidationError, *, prefix: str = "", read_only: frozenset[str] = frozenset()
) -> InvalidInput:
    """Turn the first error of a pydantic ValidationError into ``InvalidInput``."""
    err = exc.errors(include_url=False, include_input=False)[0]
    loc = [str(p) for p in err.get("loc", ())]
    field = ".".join(p for p in loc if not p.isdigit()) or None
    if prefix and field:
        field = f"{prefix}{field}"
    etype = err.get("type", "")
    ctx = dict(err.get("ctx") or {})
    if isinstance(ctx.get("field"), str):  # model-level checks name their field in the context
        field = prefix + ctx["field"]
    if etype.startswith("input."):
        code = etype
    else:
        code = _PYDANTIC_TYPES.get(etype, "input.invalid")
    if code == "input.unknown_field" and field and field.split(".")[-1] in read_only:
        code = "input.read_only_field"
    if code == "input.type":
        ctx.setdefault(
            "expected",
            {
                "list_type": "Liste",
                "string_type": "Text",
                "dict_type": "Objekt",
                "model_type": "Objekt",
                "model_attributes_type": "Objekt",
            }.get(etype, "?"),
        )
    if code == "input.number":
        ctx.setdefault("min", "?")
        ctx.setdefault("max", "?")
    ctx = {k: v for k, v in ctx.items() if isinstance(v, (str, int, float))}
    ctx.pop("field", None)
    return InvalidInput(code, field=field, **ctx)


def int_range(low: int, high: int) -> BeforeValidator:
    """A whole number in [low, high] (annotate ``int``); the error names the bounds (``input.number``)."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, str) and value.strip().lstrip("-").isdigit():
                value = int(value.strip())
            else:
                raise PydanticCustomError("input.number", "number", {"min": low, "max": high})
        if not low <= value <= high:
            raise PydanticCustomError("input.number", "number", {"min": low, "max": high})
        number: int = value
        return number

    return BeforeValidator(check)


def _one_topic(value: Any) -> str | None:
    if value is None:
        return None
    allowed = catalogues.topic_keys()
    if not isinstance(value, str) or value not in allowed:
        shown = value if isinstance(value, str) and len(value) <= 40 and value.isprintable() else "?"
        raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": ", ".join(sorted(allowed))})
    return value


Topic = Annotated[str, BeforeValidator(_one_topic)]
OptionalTopic = Annotated[str | None, BeforeValidator(_one_topic)]
