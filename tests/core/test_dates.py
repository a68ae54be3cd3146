"""The one date parser (core/dates.py) and the one clock (core/clock.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from referral_desk.core import clock, dates
from referral_desk.core.errors import InvalidInput


@pytest.mark.parametrize(
    "text, day",
    [
        ("2024-02-29", dt.date(2024, 2, 29)),
        (" 2024-02-29 ", dt.date(2024, 2, 29)),
        ("29.02.2024", dt.date(2024, 2, 29)),
        ("1.3.2024", dt.date(2024, 3, 1)),
        (dt.date(2020, 1, 2), dt.date(2020, 1, 2)),
        (dt.datetime(2020, 1, 2, 23, 59), dt.date(2020, 1, 2)),
    ],
)
def test_parse_date_accepts_iso_and_german(text, day):
    assert dates.parse_date(text) == day


@pytest.mark.parametrize(
    "bad", ["31.02.2024", "2024-2-3", "29/02/2024", "", "morgen", 20240229, None, "2024-02-29T10:00"]
)
def test_parse_date_names_the_field(bad):
    with pytest.raises(InvalidInput) as caught:
        dates.parse_date(bad, "valid_from")
    assert caught.value.code == "input.invalid_date"
    assert caught.value.field == "valid_from"
    assert caught.value.message("de").startswith("Gültig ab")


def test_as_date_reads_database_values():
    assert dates.as_date(None) is None
    assert dates.as_date("2025-06-01") == dt.date(2025, 6, 1)
    assert dates.as_date("2025-06-01 10:11:12") == dt.date(2025, 6, 1)
    assert dates.as_date(dt.datetime(2025, 6, 1, 10)) == dt.date(2025, 6, 1)
    assert dates.as_datetime("2025-06-01 10:11:12") == dt.datetime(2025, 6, 1, 10, 11, 12)


def test_services_report_the_field():
    """A service's own date check (statistics period) goes through the same parser."""
    from referral_desk.core.services import statistics

    assert statistics.make_period("01.01.2025", "2025-03-31").kind == "quarter"
    with pytest.raises(InvalidInput) as caught:
        statistics.make_period("2025-01-01", "31.02.2025")
    assert caught.value.field == "to"


def test_fixed_clock_is_the_one_today(fixed_clock):
    fixed_clock(dt.date(2025, 3, 31))
    assert clock.today() == dt.date(2025, 3, 31)
    assert clock.now_utc().tzinfo is not None
    fixed_clock(dt.datetime(2025, 1, 1, 9, 30))
    assert clock.now() == dt.datetime(2025, 1, 1, 9, 30)
    with clock.fixed(dt.date(2024, 2, 29)):
        assert clock.today() == dt.date(2024, 2, 29)
    assert clock.today() == dt.date(2025, 1, 1)
    fixed_clock(None)
    assert clock.today() == dt.date.today()


def test_consent_defaults_and_status_follow_the_clock(admin_ctx, fixed_clock):
    """A consent recorded "today" on 31.03.2025 without dates: signed that day, valid for the
    organisation's default months, and 'expires soon' exactly from 30 days before its end."""
    from referral_desk.core.services import clients, consent
    from tests.conftest import client_data
    from tests.consent_fixtures import complete_profile

    fixed_clock(dt.date(2025, 3, 31))
    complete_profile(admin_ctx)
    cid = clients.create_client(admin_ctx, data=client_data()).id
    c = consent.grant(
        admin_ctx, client_id=cid, recipient="jobcenter", categories=["identity"], purpose="Vermittlung in Arbeit"
    )
    assert c.given_on == dt.date(2025, 3, 31)
    end = c.valid_until
    assert end > c.given_on
    fixed_clock(end - dt.timedelta(days=consent.EXPIRES_SOON_DAYS + 1))
    assert [(r.status, r.expires_soon) for r in consent.list_for_client(admin_ctx, client_id=cid)] == [
        ("active", False)
    ]
    fixed_clock(end - dt.timedelta(days=consent.EXPIRES_SOON_DAYS))
    assert [(r.status, r.expires_soon) for r in consent.list_for_client(admin_ctx, client_id=cid)] == [("active", True)]
    fixed_clock(end)
    assert consent.list_for_client(admin_ctx, client_id=cid)[0].status == "active"
    fixed_clock(end + dt.timedelta(days=1))
    assert consent.list_for_client(admin_ctx, client_id=cid)[0].status == "expired"
