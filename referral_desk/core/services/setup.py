"""Creating a vault: organisation, built-in partner agencies, the first admin."""

from pathlib import Path
from typing import Annotated

from sqlmodel import SQLModel
from sqlmodel.main import SQLModelConfig

from referral_desk.core import validation as v
from referral_desk.core.errors import InvalidInput
from referral_desk.core.keyring import KdfParams
from referral_desk.core.models import Agency, Organisation
from referral_desk.core.services import users
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.services.organisation import Services
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
    service: Annotated[str, v.choice_rule("service")] = None  # type: ignore[assignment]
    # Every service the organisation runs (at least one); the default ``service`` is the first.
    services: Services = None
    legal_regime: Annotated[str, v.choice_rule("legal_regime")] = "dsgvo"
    street: Annotated[str | None, v.text_rule(200)] = None
    postal_code: v.PostalCode = None
    city: Annotated[str | None, v.text_rule(100)] = None
    phone: v.Phone = None
    email: v.Email = None


def offered_services(setup: OrganisationSetup) -> list[str]:
    """The services to store, the default one first: ``services`` if given (``service``, if
    also given, must be one of them), else ``[service]``, else MBE."""
    if setup.services is None:
        return [setup.service or "mbe"]
    if setup.service is None:
        return list(setup.services)
    if setup.service not in setup.services:
        raise InvalidInput("input.choice", field="service", value=setup.service, allowed=", ".join(setup.services))
    return [setup.service, *(s for s in setup.services if s != setup.service)]


def initialise(
    directory: Path | str,
    *,
    org_name: str,
    admin: str,
    password: str,
    legal_regime: str = "dsgvo",
    service: str | None = None,
    services: list[str] | str | None = None,
    admin_display_name: str | None = None,
    kdf: KdfParams | None = None,
    **org_fields: object,
) -> tuple[ServiceContext, str]:
    """Create a vault with its organisation and first admin. ``services`` are the services
    the organisation runs (a list or "mbe,jmd"; default ``[service]``, else MBE); the first
    is the default for new records. Returns the admin's context and the formatted recovery
    key (to be shown once)."""
    raw = {"org_name": org_name, "legal_regime": legal_regime, "service": service, "services": services, **org_fields}
    setup = validate(
        OrganisationSetup, {k: val for k, val in raw.items() if val is not None or k not in ("service", "services")}
    )
    offered = offered_services(setup)
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
                    service=offered[0],
                    services=offered,
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
            uow.record(
                "vault.create",
                entity="organisation",
                entity_id=1,
                fields=["name", "legal_regime", "service", "services"],
            )
        users.add_first_admin(system, name=admin, display_name=admin_display_name or admin, password=password)
        return ServiceContext.sign_in(vault, admin), recovery
    except BaseException:
        vault.close()
        raise
