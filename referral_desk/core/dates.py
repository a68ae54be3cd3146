"""The one date parser of the core.

- ``parse_date``: what a person typed or a caller passed (``date``, ISO ``YYYY-MM-DD`` or
  German ``DD.MM.YYYY``); anything else raises ``InvalidInput("input.invalid_date")`` naming
  ``field``.
- ``as_date`` / ``as_datetime``: values read back from the database (SQLite hands dates out as
  ISO text when read through plain SQL); None stays None.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, overload

from referral_desk.core.errors import InvalidInput

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_GERMAN = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")


def parse_date(value: Any, field: str | None = "date") -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if m := _ISO.fullmatch(text):
                return dt.date(int(m[1]), int(m[2]), int(m[3]))
            if m := _GERMAN.fullmatch(text):
                return dt.date(int(m[3]), int(m[2]), int(m[1]))
        except ValueError:  # 31.02.2024: the right shape, no such day
            pass
    raise InvalidInput("input.invalid_date", field=field)


@overload
def as_date(value: None) -> None: ...


@overload
def as_date(value: dt.date | str) -> dt.date: ...


def as_date(value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def as_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value
    return dt.datetime.fromisoformat(str(value))


def as_text(value: Any) -> Any:
    """A date or time from a query as the text a desk vault stores (ISO, time after a space);
    PostgreSQL hands over date objects where SQLite hands over that text. Others unchanged."""
    if isinstance(value, dt.datetime):
        return value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    return value
