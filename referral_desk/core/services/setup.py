"""Creating a vault: organisation, built-in partner agencies, the first admin."""

from pathlib import Path
from typing import Annotated

from sqlmodel import SQLModel

# SQLModel types model_config as its own TypedDict (pydantic's ConfigDict plus `table`).
from sqlmodel.main import SQLModelConfig

from referral_desk.core import validation as v
from referral_desk.core.keyring import KdfParams
from referral_desk.core.models import Agency, Organisation
from referral_desk.core.services import users
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault

# Built-in recipients (DESIGN.md §2). Addresses are left empty on purpose: they are
# editable data for the organisation to fill in, never guessed.
BUILT_IN_AGENCIES = (
    ("jobcenter", "jobcenter", "Jobcenter Vorderpfalz-Ludwigshafen"),
    ("agentur", "agentur", "Agentur für Arbeit Ludwigshafen"),
    (
        "auslaenderbehoerde",
        "auslaenderbehoerde",
        "Stadt Ludwigshafen am Rhein, Bürgerdienste, Abteilung Aufenthaltsrecht",
    ),
)


class OrganisationSetup(SQLModel):
    model_config = SQLModelConfig(extra="forbid")
    org_name: Annotated[str, v.text_rule(200, required=True)]
    service: Annotated[str, v.choice_rule("service")] = "mbe"
    legal_regime: Annotated[str, v.choice_rule("legal_regime")] = "dsgvo"
    street: Annotated[str | None, v.text_rule(200)] = None
    postal_code: v.PostalCode = None
    city: Annotated[str | None, v.text_rule(100)] = None
    phone: v.Phone = None
    email: v.Email = None


def initialise(
    directory: Path | str,
    *,
    org_name: str,
    admin: str,
    password: str,
    legal_regime: str = "dsgvo",
    service: str = "mbe",
    admin_display_name: str | None = None,
    kdf: KdfParams | None = None,
    **org_fields: object,
) -> tuple[ServiceContext, str]:
    """Create a vault with its organisation and first admin. Returns the admin's context
    and the formatted recovery key (to be shown once)."""
    setup = validate(
        OrganisationSetup, {"org_name": org_name, "legal_regime": legal_regime, "service": service, **org_fields}
    )
    users.validate_new_user(name=admin, display_name=admin_display_name or admin, role="admin", password=password)
    vault, recovery = Vault.create(directory, kdf=kdf)
    try:
        system = ServiceContext.system(vault)
        with system.transaction() as uow:
            s = uow.session
            s.add(
                Organisation(
                    id=1,
                    name=setup.org_name,
                    service=setup.service,
                    legal_regime=setup.legal_regime,
                    street=setup.street,
                    postal_code=setup.postal_code,
                    city=setup.city,
                    phone=setup.phone,
                    email=setup.email,
                )
            )
            for key, kind, name in BUILT_IN_AGENCIES:
                s.add(Agency(key=key, kind=kind, name=name, built_in=True))
            s.flush()
            uow.record("vault.create", entity="organisation", entity_id=1, fields=["name", "legal_regime"])
        users.add_first_admin(system, name=admin, display_name=admin_display_name or admin, password=password)
        return ServiceContext.sign_in(vault, admin), recovery
    except BaseException:
        vault.close()
        raise
