"""Complete sender and recipient addresses, so letters can be printed (DESIGN.md §6).

Addresses here are test data for a made-up organisation; the built-in agencies' real
addresses are never shipped (the organisation enters them)."""

from __future__ import annotations

ORGANISATION = {
    "street": "Ludwigstraße 67",
    "postal_code": "67059",
    "city": "Ludwigshafen am Rhein",
    "phone": "0621 123450",
    "email": "mbe@awo-lu.example.org",
    "dpo_name": "Datenschutz Süd GmbH",
    "dpo_email": "dsb@example.org",
}
AGENCIES = {
    "jobcenter": {
        "department": "Team Markt und Integration",
        "street": "Teststraße 1",
        "postal_code": "67059",
        "city": "Ludwigshafen am Rhein",
    },
    "agentur": {"street": "Musterallee 2", "postal_code": "67061", "city": "Ludwigshafen am Rhein"},
    "auslaenderbehoerde": {"street": "Beispielweg 3", "postal_code": "67063", "city": "Ludwigshafen am Rhein"},
}


def complete_addresses(ctx) -> None:
    from referral_desk.core.services import organisation

    organisation.update_organisation(ctx, changes=ORGANISATION)
    for key, data in AGENCIES.items():
        organisation.save_agency(ctx, key=key, data=data)


def cli_commands() -> list[list[str]]:
    """The same as ``referral-desk org set`` / ``agency set`` argument lists."""
    org = ["org", "set"]
    for name, value in ORGANISATION.items():
        org += ["--" + name.replace("_", "-"), value]
    out = [org]
    for key, data in AGENCIES.items():
        cmd = ["agency", "set", key]
        for name, value in data.items():
            cmd += ["--" + name.replace("_", "-"), value]
        out.append(cmd)
    return out
