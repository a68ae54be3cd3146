"""The one consent-status rule (core/consent_rule.py): Python and SQL agree, and
``consent.coverage`` on a real vault matches a small independent oracle (DESIGN.md §2:
"A consent covers a referral only if it is active on that date, names that recipient, and
includes every category the referral prints")."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import HealthCheck, given, settings, strategies as st
from sqlalchemy import create_engine, text

from referral_desk.core import consent_rule as rule
from referral_desk.core.services import clients, consent
from tests.conftest import client_data
from tests.consent_fixtures import complete_profile

TODAY = dt.date(2025, 6, 30)
CATEGORIES = ("identity", "contact", "residence", "employment")
RECIPIENTS = ("jobcenter", "agentur")


def test_sql_expression_matches_python():
    engine = create_engine("sqlite://")
    days = [TODAY + dt.timedelta(days=n) for n in (-2, -1, 0, 1, 2)]
    with engine.connect() as conn:
        conn.execute(text("CREATE TABLE consent (valid_until DATE, withdrawn_on DATE)"))
        for until, withdrawn in itertools.product(days, [None, *days]):
            for on in days:
                got = conn.execute(
                    text(
                        "SELECT " + rule.status_sql() + " FROM (SELECT :u AS valid_until, "
                        ":w AS withdrawn_on) AS consent"
                    ),
                    {"u": until.isoformat(), "w": withdrawn and withdrawn.isoformat(), "on": on.isoformat()},
                ).scalar()
                assert got == rule.status_on(until, withdrawn, on), (until, withdrawn, on)


def _oracle(consents: list[dict], recipient: str, wanted: set[str], on: dt.date) -> bool:
    """Written from DESIGN §2, not from the code: signed by then, not past its end, not
    withdrawn by then, the same recipient, every category."""
    for c in consents:
        started = c["given_on"] <= on
        ended = on > c["valid_until"]
        withdrawn = c["withdrawn_on"] is not None and c["withdrawn_on"] <= on
        if started and not ended and not withdrawn and c["recipient"] == recipient and wanted <= c["categories"]:
            return True
    return False


_consent = st.fixed_dictionaries(
    {
        "recipient": st.sampled_from(RECIPIENTS),
        "categories": st.sets(st.sampled_from(CATEGORIES), min_size=1),
        "given": st.integers(-400, 0),  # days before TODAY: a consent cannot be signed in the future
        "length": st.integers(1, 400),
        "withdraw_after": st.none() | st.integers(0, 400),
    }
)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    consents=st.lists(_consent, min_size=0, max_size=4),
    asks=st.lists(
        st.tuples(
            st.sampled_from(RECIPIENTS), st.sets(st.sampled_from(CATEGORIES), min_size=1), st.integers(-420, 420)
        ),
        min_size=1,
        max_size=6,
    ),
)
def test_coverage_matches_the_oracle(admin_ctx, fixed_clock, consents, asks):
    fixed_clock(TODAY)
    if not getattr(admin_ctx, "_profile_done", False):
        complete_profile(admin_ctx)
        admin_ctx._profile_done = True
    cid = _new_client(admin_ctx)
    recorded = []
    for c in consents:
        given_on = TODAY + dt.timedelta(days=c["given"])
        until = given_on + dt.timedelta(days=c["length"])
        made = consent.grant(
            admin_ctx,
            client_id=cid,
            recipient=c["recipient"],
            categories=sorted(c["categories"]),
            purpose="Vermittlung",
            given_on=given_on,
            valid_until=until,
        )
        withdrawn = None
        if c["withdraw_after"] is not None:
            withdrawn = min(TODAY, given_on + dt.timedelta(days=c["withdraw_after"]))
            consent.revoke(admin_ctx, consent_id=made.id, on=withdrawn)
        recorded.append(
            {
                "recipient": c["recipient"],
                "categories": set(c["categories"]),
                "given_on": given_on,
                "valid_until": until,
                "withdrawn_on": withdrawn,
            }
        )
    # the random questions, plus each consent's own boundary days with a part of its categories
    questions = [(recipient, wanted, TODAY + dt.timedelta(days=offset)) for recipient, wanted, offset in asks]
    for c in recorded:
        edges = [
            c["given_on"] - dt.timedelta(days=1),
            c["given_on"],
            c["valid_until"],
            c["valid_until"] + dt.timedelta(days=1),
        ]
        if c["withdrawn_on"] is not None:
            edges += [c["withdrawn_on"] - dt.timedelta(days=1), c["withdrawn_on"]]
        part = {min(c["categories"])}
        questions += [(c["recipient"], part, day) for day in edges]
    for recipient, wanted, on in questions:
        got = consent.coverage(admin_ctx, client_id=cid, recipient=recipient, categories=sorted(wanted), on=on)
        assert got.covered == _oracle(recorded, recipient, wanted, on), (recorded, recipient, wanted, on)
        if got.covered:
            assert got.missing == []


_names = itertools.count()


def _new_client(ctx) -> int:
    n = next(_names)
    # distinct names and birth dates: the duplicate check must not refuse the next example's client
    return clients.create_client(
        ctx,
        data=client_data(
            family_name=f"Beispiel{n}",
            given_names="Test",
            birth_date=(dt.date(1960, 1, 1) + dt.timedelta(days=n)).isoformat(),
        ),
    ).id
