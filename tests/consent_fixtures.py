"""A complete organisation profile for tests that print consent declarations.

Synthetic test data only (example.org addresses); the supervisory authority's street for
KDG / DSG-EKD is entered the way an organisation would (REFERENCE.md does not verify it, so
the shipped catalogue leaves it empty)."""

from __future__ import annotations

import datetime as dt

from referral_desk.core.services import consent, organisation, referrals, supervisory

ORG = {
    "street": "Teststraße 1",
    "postal_code": "67059",
    "city": "Ludwigshafen am Rhein",
    "phone": "0621 123456",
    "email": "mbe@awo-lu.example",
    "dpo_name": "Dana Datenschutz",
    "dpo_email": "datenschutz@awo-lu.example",
}
AGENCY = {"street": "Beispielweg 23", "postal_code": "67059", "city": "Ludwigshafen am Rhein"}
AUTHORITY = {"street": "Beispielallee 5", "postal_code": "60000"}


def complete_profile(ctx, *, agencies=("jobcenter", "agentur", "auslaenderbehoerde"), authority: bool = True) -> None:
    organisation.update_organisation(ctx, changes=ORG)
    for key in agencies:
        organisation.save_agency(ctx, key=key, data=AGENCY)
    if authority:
        for regime in ("kdg", "dsg-ekd"):
            supervisory.set_authority(
                ctx,
                regime=regime,
                changes=dict(AUTHORITY, city="Frankfurt am Main")
                if regime == "kdg"
                else dict(
                    AUTHORITY,
                    city="Hannover",
                ),
            )


def referral_with_consent(ctx, client_id: int, *, direction: str = "one_way"):
    """A Jobcenter consent given two days ago and a referral under it, as the record's tabs make them."""
    consent.grant(
        ctx,
        client_id=client_id,
        recipient="jobcenter",
        categories=["identity", "contact"],
        purpose="Vermittlung in Arbeit",
        given_on=dt.date.today() - dt.timedelta(days=2),
        direction=direction,
    )
    return referrals.create(
        ctx, client_id=client_id, recipient="jobcenter", categories=["identity", "contact"], request="Termin"
    )
