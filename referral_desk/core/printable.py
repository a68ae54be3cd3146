"""The one printing gate: a letter or form is printed only when it can be sent (DESIGN.md §6).

Every document with a sender or a recipient address asks ``require_printable`` first. It
names each missing field with a stable dotted key (``organisation.street``,
``organisation.dpo_email``, ``agency.jobcenter.postal_code``) so the CLI can exit 3 naming it
and the app can say what is missing and open the right setting. Addresses are never invented:
an empty field stays empty and blocks printing.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from referral_desk.core.errors import PolicyRefused

# Sender fields every letter needs (the return line and the information block).
ORGANISATION_FIELDS = ("street", "postal_code", "city", "phone", "email")
# The data-protection officer's contact (consent declarations, Art. 13 DSGVO / § 15 KDG / § 17 DSG-EKD):
# a name and an e-mail; a postal address is printed when known.
DPO_FIELDS = ("dpo_name", "dpo_email")
# The recipient's postal address (the address field of the window envelope).
AGENCY_FIELDS = ("street", "postal_code", "city")


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def missing_fields(organisation: Any, *, agencies: Iterable[Any] = (), dpo: bool = False) -> list[str]:
    """Dotted keys of every field that blocks printing, in the order a person fills them in.

    ``organisation`` and each agency may be a table row or a read model (only attributes are
    read). An agency is named by its key."""
    missing = [f"organisation.{name}" for name in ORGANISATION_FIELDS if _blank(getattr(organisation, name, None))]
    if dpo:
        missing += [f"organisation.{name}" for name in DPO_FIELDS if _blank(getattr(organisation, name, None))]
    for agency in agencies:
        missing += agency_gaps(agency)
    return missing


def agency_gaps(agency: Any) -> list[str]:
    """Dotted keys of the recipient's missing postal-address fields."""
    return [f"agency.{agency.key}.{name}" for name in AGENCY_FIELDS if _blank(getattr(agency, name, None))]


class NotPrintable(PolicyRefused):
    """A document cannot be sent: a sender or recipient field is empty (exit 3)."""

    def __init__(self, missing: list[str]) -> None:
        super().__init__("print.incomplete", field=missing[0], fields=", ".join(missing))
        self.missing = missing

    @property
    def settings_page(self) -> str:
        """Where the app sends the person to fix it: ``organisation`` or ``agency:<key>``."""
        first = self.missing[0]
        return "organisation" if first.startswith("organisation.") else "agency:" + first.split(".")[1]


def require_printable(organisation: Any, *, agencies: Iterable[Any] = (), dpo: bool = False) -> None:
    """Raise ``NotPrintable`` naming every missing sender/recipient field; return if complete."""
    missing = missing_fields(organisation, agencies=agencies, dpo=dpo)
    if missing:
        raise NotPrintable(missing)
