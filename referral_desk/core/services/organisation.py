"""Organisation settings and the partner-agency directory."""

import re
from typing import Annotated, Any

from pydantic import BeforeValidator, Field as PydField
from pydantic_core import PydanticCustomError
from sqlalchemy import text
from sqlmodel import SQLModel, col, select

# SQLModel types model_config as its own TypedDict (pydantic's ConfigDict plus `table`).
from sqlmodel.main import SQLModelConfig

from referral_desk.core import catalogues, policy, printable, validation as v
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.models import Agency, AgencyRead, Organisation, OrganisationRead
from referral_desk.core.services.common import require_version, stale_as_conflict, validate
from referral_desk.core.services.context import ServiceContext


def _services(value: Any) -> list[str]:
    if isinstance(value, str):  # "mbe,jmd" from the command line
        value = [p.strip() for p in value.split(",") if p.strip()]
    if not isinstance(value, list) or not all(isinstance(x, str) for x in value):
        raise PydanticCustomError("input.type", "type", {"expected": "list"})
    if not value:
        raise PydanticCustomError("input.list_empty", "empty")
    allowed = catalogues.enum_keys("service")
    for item in value:
        if item not in allowed:
            shown = item if len(item) <= 40 and item.isprintable() else "?"
            raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": ", ".join(allowed)})
    if len(set(value)) != len(value):
        raise PydanticCustomError("input.list_duplicate", "duplicate")
    return list(value)


Services = Annotated[list[str] | None, BeforeValidator(_services)]


class OrganisationUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")
    name: Annotated[str, v.text_rule(200, required=True)] = None  # type: ignore[assignment]
    service: Annotated[str, v.choice_rule("service")] = None  # type: ignore[assignment]
    street: Annotated[str | None, v.text_rule(200)] = None
    postal_code: v.PostalCode = None
    city: Annotated[str | None, v.text_rule(100)] = None
    phone: v.Phone = None
    email: v.Email = None
    legal_regime: Annotated[str, v.choice_rule("legal_regime")] = None  # type: ignore[assignment]
    consent_validity_months: int | None = PydField(default=None, ge=1, le=120)
    min_cell_size: int | None = PydField(default=None, ge=3, le=10)
    retention_years: int | None = PydField(default=None, ge=1, le=30)
    idle_lock_minutes: int | None = PydField(default=None, ge=1, le=240)
    team_access: v.StrictBool = None  # type: ignore[assignment]
    ui_language: Annotated[str, v.choice_rule(keys=("de", "en"))] = None  # type: ignore[assignment]
    backup_dir: Annotated[str | None, v.text_rule(1000)] = None
    backup_keep: int | None = PydField(default=None, ge=1, le=100)
    erase_mode: Annotated[str, v.choice_rule(keys=("anonymise", "delete"))] = None  # type: ignore[assignment]
    dpo_name: Annotated[str | None, v.text_rule(200)] = None
    dpo_email: v.Email = None
    dpo_address: Annotated[str | None, v.text_rule(300, multiline=True)] = None
    services: Services = None


def _read(org: Organisation) -> OrganisationRead:
    return OrganisationRead(**org.model_dump(exclude={"id", "logo_png"}), has_logo=org.logo_png is not None)


def get_organisation(ctx: ServiceContext) -> OrganisationRead:
    with ctx.transaction() as uow:
        org = uow.session.get(Organisation, 1)
        assert org is not None
        return _read(org)


def show_profile(ctx: ServiceContext) -> OrganisationRead:
    """The profile for the administration (``org show``)."""
    policy.require_role(ctx.actor, ("admin",), "settings")
    return get_organisation(ctx)


def get_logo(ctx: ServiceContext) -> bytes | None:
    with ctx.transaction() as uow:
        org = uow.session.get(Organisation, 1)
        return org.logo_png if org else None


def update_organisation(
    ctx: ServiceContext, *, changes: Any, logo_png: bytes | str | None = "keep", expected_version: int | None = None
) -> OrganisationRead:
    """Change the profile (admin). ``expected_version``: the version the form was loaded at;
    a profile saved elsewhere since is not overwritten (``organisation.version_conflict``)."""
    policy.require_role(ctx.actor, ("admin",), "settings")
    upd = validate(OrganisationUpdate, changes)
    if upd.min_cell_size is not None and upd.min_cell_size not in (3, 5, 10):
        raise InvalidInput("input.choice", field="min_cell_size", value=str(upd.min_cell_size), allowed="3, 5, 10")
    with stale_as_conflict(ctx, "organisation", "organisation", 1, expected_version), ctx.transaction() as uow:
        org = uow.session.get(Organisation, 1)
        assert org is not None
        require_version("organisation", org, expected_version)
        changed = []
        fields = set(upd.model_fields_set)
        for name in sorted(fields):
            value = getattr(upd, name)
            if value is None and name in (
                "name",
                "service",
                "legal_regime",
                "consent_validity_months",
                "min_cell_size",
                "retention_years",
                "idle_lock_minutes",
                "team_access",
                "ui_language",
                "backup_keep",
                "erase_mode",
                "services",
            ):
                raise InvalidInput("input.required", field=name)
            if getattr(org, name) != value:
                setattr(org, name, value)
                changed.append(name)
        if "services" in changed:
            _refuse_dropping_used_services(uow, kept=org.services, team=ctx.team)
        # ``service`` is the first of ``services`` (the default for new records): keep them in step.
        if "services" in fields and org.service != org.services[0]:
            org.service = org.services[0]
            changed.append("service")
        elif "service" in fields and org.service not in org.services:
            org.services = [org.service, *org.services]
            changed.append("services")
        if logo_png != "keep":
            if logo_png is not None and (
                not isinstance(logo_png, bytes) or len(logo_png) > 2_000_000 or not logo_png.startswith(b"\x89PNG")
            ):
                raise InvalidInput("input.invalid", field="logo")
            org.logo_png = logo_png
            changed.append("logo")
        if changed:
            uow.session.add(org)
            uow.session.flush()
            uow.record("organisation.update", entity="organisation", entity_id=1, fields=changed)
        return _read(org)


def _refuse_dropping_used_services(uow: Any, *, kept: list[str], team: bool = False) -> None:
    """A service still used by a client or a group session stays offered (the one place for
    this rule: Verwaltung and ``org set --services``), so no record is orphaned. On a team
    database the administration cannot read the records: the server answers yes or no for
    the whole team (``rd_service_in_use``)."""
    sql = (
        "SELECT rd_service_in_use(:k)"
        if team
        else "SELECT EXISTS (SELECT 1 FROM client WHERE service = :k) "
        "OR EXISTS (SELECT 1 FROM group_session WHERE service = :k)"
    )
    for key in catalogues.enum_keys("service"):
        if key in kept:
            continue
        used = uow.conn.execute(text(sql), {"k": key}).scalar()
        if used:
            raise InvalidInput("organisation.service_in_use", field="services", service=key)


def printing_gaps(ctx: ServiceContext, *, recipient: str | None = None, dpo: bool = False) -> list[str]:
    """The fields that block printing a letter from us (to ``recipient``): dotted keys such as
    ``organisation.street`` or ``agency.jobcenter.postal_code``; empty when it can be printed.
    Any signed-in user may ask (the app explains what an administrator must fill in)."""
    with ctx.transaction() as uow:
        return printing_gaps_in(uow, recipient=recipient, dpo=dpo)


def printing_gaps_in(uow: Any, *, recipient: str | None = None, dpo: bool = False) -> list[str]:
    org = uow.session.get(Organisation, 1)
    assert org is not None
    agencies = []
    if recipient is not None:
        agency = uow.session.exec(select(Agency).where(Agency.key == recipient)).first()
        if agency is None:
            raise NotFound("agency.not_found", field="recipient", key=str(recipient)[:40])
        agencies.append(agency)
    return printable.missing_fields(org, agencies=agencies, dpo=dpo)


def require_printable_in(uow: Any, *, recipient: str | None = None, dpo: bool = False) -> None:
    """The printing gate inside a service's transaction (raises ``printable.NotPrintable``, exit 3)."""
    missing = printing_gaps_in(uow, recipient=recipient, dpo=dpo)
    if missing:
        raise printable.NotPrintable(missing)


# --- partner agencies -----------------------------------------------------------------

_SLUG = re.compile(r"[a-z0-9][a-z0-9_\-]{1,39}")


class AgencyData(SQLModel):
    model_config = SQLModelConfig(extra="forbid")
    name: Annotated[str, v.text_rule(200, required=True)] = None  # type: ignore[assignment]
    kind: Annotated[str, v.choice_rule("agency_kind")] = None  # type: ignore[assignment]
    # A department may need two lines in the address field ("Team 123 / Markt und Integration").
    department: Annotated[str | None, v.text_rule(200, multiline=True)] = None
    contact_person: Annotated[str | None, v.text_rule(200)] = None
    street: Annotated[str | None, v.text_rule(200)] = None
    postal_code: v.PostalCode = None
    city: Annotated[str | None, v.text_rule(100)] = None
    phone: v.Phone = None
    email: v.Email = None
    active: v.StrictBool = None  # type: ignore[assignment]


def _agency_read(a: Agency) -> AgencyRead:
    return AgencyRead(**a.model_dump())


def list_agencies(ctx: ServiceContext, *, include_inactive: bool = False) -> list[AgencyRead]:
    with ctx.transaction() as uow:
        stmt = select(Agency).order_by(col(Agency.built_in).desc(), Agency.name)
        if not include_inactive:
            stmt = stmt.where(col(Agency.active).is_(True))
        return [_agency_read(a) for a in uow.session.exec(stmt)]


def get_agency(ctx: ServiceContext, *, key: str) -> AgencyRead:
    with ctx.transaction() as uow:
        a = uow.session.exec(select(Agency).where(Agency.key == key)).first()
        if a is None:
            raise NotFound("agency.not_found", field="recipient", key=str(key)[:40])
        return _agency_read(a)


def save_agency(ctx: ServiceContext, *, key: str, data: Any, expected_version: int | None = None) -> AgencyRead:
    """Create (new key) or update an agency. Keys are slugs and never change.
    ``expected_version`` as in ``update_organisation`` (``agency.version_conflict``)."""
    policy.require_role(ctx.actor, ("admin",), "partner agencies")
    if not isinstance(key, str) or not _SLUG.fullmatch(key):
        raise InvalidInput("input.pattern", field="key")
    upd = validate(AgencyData, data)
    if upd.department is not None and upd.department.count("\n") > 1:
        # The address field of a window envelope holds six lines; a department gets at most two.
        raise InvalidInput("input.invalid", field="department")
    with stale_as_conflict(ctx, "agency", "agency", key, expected_version, key="key"), ctx.transaction() as uow:
        s = uow.session
        agency = s.exec(select(Agency).where(Agency.key == key)).first()
        if agency is not None:
            require_version("agency", agency, expected_version)
        created = agency is None
        if created:
            if upd.name is None:
                raise InvalidInput("input.required", field="name")
            agency = Agency(key=key, name=upd.name, kind=upd.kind or "other")
        assert agency is not None  # found or just made
        changed = []
        for name in upd.model_fields_set:
            value = getattr(upd, name)
            if name in ("name", "kind", "active") and value is None:
                raise InvalidInput("input.required", field=name)
            if getattr(agency, name) != value:
                setattr(agency, name, value)
                changed.append(name)
        if agency.built_in and "kind" in changed:
            raise PolicyRefused("policy.role", action="change kind of a built-in agency", roles="-")
        s.add(agency)
        s.flush()
        uow.record(
            "agency.create" if created else "agency.update", entity="agency", entity_id=agency.id, fields=changed
        )
        return _agency_read(agency)
