"""The one definition of a consent's status on a day (DESIGN.md §2), in Python and in SQL.

- ``withdrawn`` from the withdrawal date on (a withdrawal takes effect from its date),
- ``expired`` after ``valid_until`` (still valid *on* that day),
- ``active`` otherwise; ``expires soon`` while active and at most ``EXPIRES_SOON_DAYS`` left.

A consent *covers* a referral on a day only if it is in force then (signed on or before the
day, not expired, not withdrawn), names the recipient and includes every category the
referral prints (``consent.coverage`` adds recipient and categories). ``status_sql`` is built
from the same constants, so a query and ``status_on`` cannot drift apart.
"""

from __future__ import annotations

import datetime as dt

ACTIVE, EXPIRED, WITHDRAWN = "active", "expired", "withdrawn"
STATUSES: tuple[str, ...] = (ACTIVE, EXPIRED, WITHDRAWN)
EXPIRES_SOON_DAYS = 30


def status_on(valid_until: dt.date, withdrawn_on: dt.date | None, on: dt.date) -> str:
    if withdrawn_on is not None and withdrawn_on <= on:
        return WITHDRAWN
    if on > valid_until:
        return EXPIRED
    return ACTIVE


def expires_soon(valid_until: dt.date, withdrawn_on: dt.date | None, on: dt.date) -> bool:
    return status_on(valid_until, withdrawn_on, on) == ACTIVE and (valid_until - on).days <= EXPIRES_SOON_DAYS


def in_force(given_on: dt.date, valid_until: dt.date, withdrawn_on: dt.date | None, on: dt.date) -> bool:
    """Signed by ``on`` and active on it: the date part of the coverage rule."""
    return given_on <= on and status_on(valid_until, withdrawn_on, on) == ACTIVE


def status_sql(table: str = "consent", on: str = ":on") -> str:
    """The same rule as an SQL expression over ``table``'s columns (ISO dates compare as
    text); ``on`` is a bound parameter or an SQL date expression."""
    return (
        f"CASE WHEN {table}.withdrawn_on IS NOT NULL AND {table}.withdrawn_on <= {on} THEN '{WITHDRAWN}' "
        f"WHEN {on} > {table}.valid_until THEN '{EXPIRED}' ELSE '{ACTIVE}' END"
    )
