"""Building caseloads for the statistics tests in a real vault (rows written in one
transaction through the ORM session, so the tests control every date), and a plain-Python
oracle that counts the same things independently of the SQL."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import text

from referral_desk.core import catalogues
from referral_desk.core.models import Agency, Client, Contact, Referral
from referral_desk.core.services.statistics import Period

_ids = itertools.count(1)


@dataclass
class Person:
    birth_date: dt.date
    contacts: list[tuple[dt.date, str, list[str]]] = field(default_factory=list)  # (date, mode, topics)
    gender: str = "female"
    nationalities: list[str] = field(default_factory=lambda: ["TR"])
    residence_status: str = "niederlassungserlaubnis"
    german_level: str = "B1"
    arrival_date: dt.date | None = None
    opened_on: dt.date = dt.date(2020, 1, 1)
    closed_on: dt.date | None = None
    counsellor_id: int | None = None
    family_name: str = "Yılmaz"
    referrals: list[tuple[str, str, dt.date]] = field(default_factory=list)  # (agency key, status, created_on)


def clear(ctx) -> None:
    with ctx.transaction() as uow:
        for table in ("referral", "contact", "client"):
            uow.conn.execute(text(f"DELETE FROM {table}"))


def add_agency(ctx, key: str, name: str) -> None:
    with ctx.transaction() as uow:
        uow.session.add(Agency(key=key, kind="other", name=name))


def seed(ctx, people: Iterable[Person]) -> None:
    with ctx.transaction() as uow:
        s = uow.session
        agencies = {k: i for i, k in uow.conn.execute(text("SELECT id, key FROM agency"))}
        counsellor = ctx.actor_id
        for p in people:
            n = next(_ids)
            client = Client(
                case_number=f"T-{n:06d}",
                case_status="closed" if p.closed_on else "open",
                opened_on=p.opened_on,
                closed_on=p.closed_on,
                counsellor_id=p.counsellor_id if p.counsellor_id is not None else counsellor,
                family_name=p.family_name,
                given_names="Test",
                birth_date=p.birth_date,
                gender=p.gender,
                nationalities=list(p.nationalities),
                residence_status=p.residence_status,
                german_level=p.german_level,
                arrival_date=p.arrival_date,
            )
            s.add(client)
            s.flush()
            for day, mode, topics in p.contacts:
                s.add(Contact(client_id=client.id, date=day, minutes=30, mode=mode, topics=list(topics)))
            for key, status, created in p.referrals:
                s.add(
                    Referral(
                        client_id=client.id,
                        agency_id=agencies[key],
                        created_on=created,
                        request="Test",
                        categories=["identity"],
                        status=status,
                    )
                )
        s.flush()


def years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def age_at(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def oracle(people: list[Person], period: Period, bands: tuple[int, ...]) -> dict[str, Any]:
    """True counts by plain Python loops (the service must never do this)."""
    f, t = period.start, period.end
    counselled = [p for p in people if any(f <= d <= t for d, _m, _t in p.contacts)]
    out: dict[str, dict[str, int]] = {
        name: {}
        for name in (
            "gender",
            "age_band",
            "nationality",
            "residence_group",
            "german_level",
            "stay_duration",
            "contacts_band",
            "case_type",
            "mode",
            "topic",
        )
    }

    def inc(table: str, key: str, n: int = 1) -> None:
        out[table][key] = out[table].get(key, 0) + n

    contacts = 0
    for p in counselled:
        inc("gender", p.gender)
        # age in completed years; 29 Feb birthdays count from 28 Feb in common years, as the service does
        age = bands_key(bands, p.birth_date, t)
        inc("age_band", age)
        inc("nationality", p.nationalities[0])
        inc("residence_group", catalogues.residence_status_group(p.residence_status))
        inc("german_level", p.german_level)
        if p.arrival_date is None:
            stay = "unknown"
        elif p.arrival_date > years_before(t, 1):
            stay = "under_1"
        elif p.arrival_date >= years_before(t, 3):
            stay = "1-3"
        else:
            stay = "over_3"
        inc("stay_duration", stay)
        n = sum(1 for d, _m, _t in p.contacts if f <= d <= t)
        contacts += n
        inc("contacts_band", "1" if n == 1 else "2-3" if n <= 3 else "4-6" if n <= 6 else "7+")
        inc("case_type", "ongoing" if p.opened_on < f else "new")
        for d, mode, topics in p.contacts:
            if f <= d <= t:
                inc("mode", mode)
                for topic in topics:
                    inc("topic", topic)
    out["totals"] = {
        "persons_counselled": len(counselled),
        "contacts": contacts,
        "new_cases": sum(1 for p in people if f <= p.opened_on <= t),
        "closed_cases": sum(1 for p in people if p.closed_on and f <= p.closed_on <= t),
    }
    referrals: dict[tuple[str, str], int] = {}
    for p in people:
        for key, status, created in p.referrals:
            if f <= created <= t:
                referrals[(key, status)] = referrals.get((key, status), 0) + 1
    out["referrals"] = referrals  # type: ignore[assignment]
    return out


def bands_key(bands: tuple[int, ...], birth: dt.date, end: dt.date) -> str:
    key = f"under_{bands[0]}"
    for i, lower in enumerate(bands):
        if birth <= years_before(end, lower):
            key = f"{lower}+" if i == len(bands) - 1 else f"{lower}-{bands[i + 1] - 1}"
    return key
