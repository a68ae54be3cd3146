"""Consent: recorded per recipient and data category, withdrawn, expiring — and the one
question every other part asks: does a consent cover passing these data to that agency on
that day (``coverage``)?

A consent is client × recipient (agency) × purpose × set of data categories, given on a
date and valid until a date (default: the organisation's ``consent_validity_months``). It
records which exact text was signed (template id, version, language and the SHA-256 of the
text, see ``core/documents/consent_form.py``). Status is derived, never stored:

- ``withdrawn`` from the withdrawal date on (a withdrawal takes effect from its date),
- ``expired`` after ``valid_until`` (still valid *on* that day),
- ``active`` otherwise.

Every mutation runs in one transaction with its audit event; printing a form records a
``GeneratedDocument`` (the PDF's fingerprint, never its bytes) and a ``consent.form_printed``
event. Nothing here writes files.
"""

import calendar
import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterable, Set
from dataclasses import dataclass, field
from typing import Annotated, Any

from pydantic import BeforeValidator
from pydantic_core import PydanticCustomError
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import SQLModel, col, select
from sqlmodel.main import SQLModelConfig

from referral_desk.core import (
    catalogues,
    consent_rule as rule,
    dates,
    policy,
    printable,
    purposes,
    purposes as purposes_mod,  # ``revoke(purposes=...)`` shadows the module name
    validation as v,
)
from referral_desk.core.documents import consent_form as cf, templates as tpl_mod
from referral_desk.core.documents.templates import Template
from referral_desk.core.errors import IntegrityFailure, InvalidInput, NotFound, PolicyRefused
from referral_desk.core.messages import render
from referral_desk.core.models import (
    Agency,
    Client,
    Consent,
    ConsentWithdrawal,
    GeneratedDocument,
    Organisation,
    TemplateApproval,
    filled,
)
from referral_desk.core.services import supervisory
from referral_desk.core.services.clients import load_for_access, read_team_access
from referral_desk.core.services.common import require_version, stale_as_conflict, validate
from referral_desk.core.services.context import ServiceContext, UnitOfWork

CATEGORY_KEYS: tuple[str, ...] = cf.CATEGORY_KEYS
DIRECTIONS: tuple[str, ...] = cf.DIRECTIONS
SOURCES: tuple[str, ...] = ("in_person", "letter", "email", "phone", "other")
STATUSES: tuple[str, ...] = rule.STATUSES
EXPIRES_SOON_DAYS = rule.EXPIRES_SOON_DAYS

#: Purpose printed when none is given, by agency kind (German: the binding text).
# The wording the consent dialog proposes: catalogue purposes (forms/purposes.toml), so the
# consent records their keys; any edit turns it into an ``other`` purpose with those words.
DEFAULT_PURPOSES: dict[str, str] = {
    "jobcenter": "Vermittlung in Arbeit oder Ausbildung; Beratung zu und Bezug von Bürgergeld nach dem SGB II",
    "agentur": "Vermittlung in Arbeit oder Ausbildung; Arbeitslosengeld und Leistungen der Arbeitsförderung "
    "nach dem SGB III",
    "auslaenderbehoerde": "Erteilung oder Verlängerung eines Aufenthaltstitels",
    "other": "Beratung und Unterstützung in meinem Anliegen",
}


def default_purpose(kind: str) -> str:
    return DEFAULT_PURPOSES.get(kind, DEFAULT_PURPOSES["other"])


def add_months(d: dt.date, months: int) -> dt.date:
    month = d.month - 1 + months
    year = d.year + month // 12
    month = month % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _fmt(d: dt.date) -> str:
    return d.strftime("%d.%m.%Y")


# --- read model and input -------------------------------------------------------------------


class ConsentRead(SQLModel):
    id: int
    client_id: int
    recipient: str  # agency key
    recipient_name: str
    purpose: str
    categories: list[str]
    health_confirmed: bool
    direction: str
    given_on: dt.date
    valid_until: dt.date
    template_id: str
    template_version: str
    language: str
    text_sha256: str
    interpreter_used: bool
    interpreter_language: str | None
    recorded_by: str | None
    recorded_at: dt.datetime
    withdrawn_on: dt.date | None
    withdrawal_reason: str | None
    withdrawal_source: str | None
    status: str  # active | expired | withdrawn (as of ``as_of``)
    expires_soon: bool
    as_of: dt.date
    purposes: list[str] = ["other"]  # keys of forms/purposes.toml
    guardian_name: str | None = None
    #: Categories still in force on ``as_of`` (all minus partially withdrawn ones).
    active_categories: list[str] = []
    #: Categories withdrawn on or before ``as_of`` (partial withdrawals included).
    withdrawn_categories: list[str] = []
    #: Purpose keys still in force on ``as_of`` / withdrawn on or before it.
    active_purposes: list[str] = []
    withdrawn_purposes: list[str] = []
    withdrawals: list["WithdrawalRead"] = []
    version: int = 1  # what a withdrawal sends back as ``expected_version``
    #: After a withdrawal: open referrals to the recipient, flagged if they carry withdrawn data.
    affected_referrals: list["AffectedReferral"] = []


class WithdrawalRead(SQLModel):
    id: int
    categories: list[str]
    withdrawn_on: dt.date
    reason: str | None
    source: str
    complete: bool
    recorded_by: str | None
    recorded_at: dt.datetime
    purposes: list[str] = []  # purpose keys withdrawn by this entry


def _form_language(value: Any) -> str | None:
    """An ISO 639-1 code, optionally with a region (``fa-AF``: Dari); whether a template
    exists is checked when the templates are loaded."""
    if isinstance(value, str) and re.fullmatch(r"[a-zA-Z]{2}-[a-zA-Z]{2}", value.strip()):
        base, region = value.strip().split("-")
        v._language(base)
        return f"{base.lower()}-{region.upper()}"
    return v._language(value)


FormLanguage = Annotated[str, BeforeValidator(_form_language)]


def _categories(value: Any) -> list[str]:
    """A non-empty list of category keys, returned in catalogue order without repeats."""
    if isinstance(value, str):
        value = [p.strip() for p in value.split(",") if p.strip()]
    if not isinstance(value, (list, tuple)):
        raise PydanticCustomError("input.type", "type", {"expected": "Liste"})
    if not value:
        raise PydanticCustomError("input.list_empty", "empty")
    chosen = set()
    for item in value:
        if not isinstance(item, str) or item not in CATEGORY_KEYS:
            shown = item if isinstance(item, str) and len(item) <= 40 and item.isprintable() else "?"
            raise PydanticCustomError("input.choice", "choice", {"value": shown, "allowed": ", ".join(CATEGORY_KEYS)})
        chosen.add(item)
    return [k for k in CATEGORY_KEYS if k in chosen]


Categories = Annotated[list[str], BeforeValidator(_categories)]


def _purpose_keys(value: Any) -> list[str]:
    """A non-empty list of purpose keys without repeats (whether the consent holds them is
    checked against the consent)."""
    if isinstance(value, str):
        value = [p.strip() for p in value.split(",") if p.strip()]
    if not isinstance(value, (list, tuple)):
        raise PydanticCustomError("input.type", "type", {"expected": "Liste"})
    if not value:
        raise PydanticCustomError("input.list_empty", "empty")
    out: list[str] = []
    for item in value:
        if not isinstance(item, str) or item not in purposes.catalogue():
            shown = item if isinstance(item, str) and len(item) <= 40 and item.isprintable() else "?"
            raise PydanticCustomError(
                "input.choice", "choice", {"value": shown, "allowed": ", ".join(purposes.catalogue())}
            )
        if item not in out:
            out.append(item)
    return out


OptionalPurposeKeys = Annotated[list[str] | None, BeforeValidator(lambda x: None if x is None else _purpose_keys(x))]
OptionalCategories = Annotated[list[str] | None, BeforeValidator(lambda x: None if x is None else _categories(x))]
# SQLModel types model_config as its own TypedDict (pydantic's ConfigDict plus `table`).
_STRICT = SQLModelConfig(extra="forbid")


class ConsentGrantIn(SQLModel):
    model_config = _STRICT
    client_id: int
    recipient: Annotated[str, v.text_rule(40, required=True)]
    categories: Categories
    purpose: Annotated[str, v.text_rule(500, required=True)]
    given_on: v.PastDate
    valid_until: v.OptionalDate = None
    language: FormLanguage = "de"
    direction: Annotated[str, v.choice_rule(keys=DIRECTIONS)] = "one_way"
    health_confirmed: v.StrictBool = False
    interpreter_used: v.StrictBool = False
    interpreter_language: v.OptionalLanguage = None
    guardian: Annotated[str | None, v.text_rule(200)] = None


class ConsentFormIn(SQLModel):
    model_config = _STRICT
    client_id: int
    recipient: Annotated[str, v.text_rule(40, required=True)]
    categories: Categories
    language: FormLanguage = "de"
    purpose: Annotated[str | None, v.text_rule(500)] = None
    valid_until: v.OptionalDate = None
    direction: Annotated[str, v.choice_rule(keys=DIRECTIONS)] = "one_way"
    guardian: Annotated[str | None, v.text_rule(200)] = None
    allow_unreviewed: v.StrictBool = False


class ConsentRevokeIn(SQLModel):
    model_config = _STRICT
    consent_id: int
    on: v.PastDate
    reason: Annotated[str | None, v.text_rule(500)] = None
    source: Annotated[str, v.choice_rule(keys=SOURCES)] = "in_person"
    categories: OptionalCategories = None
    purposes: OptionalPurposeKeys = None


# --- helpers ------------------------------------------------------------------------------


def _active_agency(uow: UnitOfWork, key: str) -> Agency:
    """The recipient a new consent or form may name: it must exist and be active."""
    agency = uow.session.exec(select(Agency).where(Agency.key == key)).first()
    if agency is None:
        raise NotFound("agency.not_found", field="recipient", key=str(key)[:40])
    if not agency.active:
        raise InvalidInput("consent.agency_inactive", field="recipient", key=agency.key)
    return agency


def _organisation(uow: UnitOfWork) -> Organisation:
    org = uow.session.get(Organisation, 1)
    assert org is not None
    return org


def _user_names(conn: Connection) -> dict[int, str]:
    return {r[0]: r[1] for r in conn.execute(text("SELECT id, name FROM user_account"))}


def status_on(consent: Any, on: dt.date) -> str:
    """``withdrawn`` / ``expired`` / ``active`` on date ``on`` (works on rows and read models)."""
    return rule.status_on(consent.valid_until, consent.withdrawn_on, on)


def _withdrawals(conn: Connection, consent_ids: Iterable[int]) -> dict[int, list[WithdrawalRead]]:
    ids = list(consent_ids)
    out: dict[int, list[WithdrawalRead]] = {i: [] for i in ids}
    if not ids:
        return out
    names = _user_names(conn)
    marks = ", ".join(str(int(i)) for i in ids)
    for r in conn.execute(
        text(
            "SELECT id, consent_id, categories, withdrawn_on, reason, source, complete, "
            f"recorded_by, recorded_at, purposes FROM consent_withdrawal WHERE consent_id IN "
            f"({marks}) ORDER BY withdrawn_on, id"
        )
    ):
        cats = r.categories if isinstance(r.categories, list) else json.loads(r.categories)
        keys = r.purposes if isinstance(r.purposes, list) else json.loads(r.purposes or "[]")
        out[r.consent_id].append(
            WithdrawalRead(
                id=r.id,
                categories=cats,
                purposes=keys,
                withdrawn_on=dates.as_date(r.withdrawn_on),
                reason=r.reason,
                source=r.source,
                complete=bool(r.complete),
                recorded_by=names.get(r.recorded_by) if r.recorded_by else None,
                recorded_at=r.recorded_at
                if isinstance(r.recorded_at, dt.datetime)
                else dt.datetime.fromisoformat(str(r.recorded_at)),
            )
        )
    return out


def withdrawn_categories_on(categories: Iterable[str], withdrawals: Iterable[Any], on: dt.date) -> list[str]:
    """Categories of a consent withdrawn on or before ``on`` (catalogue order)."""
    gone: set[str] = set()
    for w in withdrawals:
        if w.withdrawn_on <= on:
            gone.update(w.categories)
    return [k for k in categories if k in gone]


def withdrawn_purposes_on(keys: Iterable[str], withdrawals: Iterable[Any], on: dt.date) -> list[str]:
    """Purpose keys of a consent withdrawn on or before ``on`` (in the consent's order)."""
    gone: set[str] = set()
    for w in withdrawals:
        if w.withdrawn_on <= on:
            gone.update(getattr(w, "purposes", None) or ())
    return [k for k in keys if k in gone]


def purposes_in_force(conn: Connection, consent: Consent, on: dt.date) -> list[str]:
    """The consent's purpose keys not withdrawn on or before ``on`` (the referral purpose
    gate asks this)."""
    listed = list(consent.purposes or [purposes.OTHER])
    history = _withdrawals(conn, [filled(consent.id)])[filled(consent.id)]
    gone = set(withdrawn_purposes_on(listed, history, on))
    return [k for k in listed if k not in gone]


def _read(
    c: Consent, agency: Agency, names: dict[int, str], on: dt.date, withdrawals: list[WithdrawalRead] | None = None
) -> ConsentRead:
    status = status_on(c, on)
    history = withdrawals or []
    gone = withdrawn_categories_on(c.categories, history, on)
    keys = list(c.purposes or ["other"])
    gone_purposes = withdrawn_purposes_on(keys, history, on)
    return ConsentRead(
        id=filled(c.id),
        client_id=c.client_id,
        recipient=agency.key,
        recipient_name=agency.name,
        purpose=c.purpose,
        categories=list(c.categories),
        health_confirmed=c.health_confirmed,
        direction=c.direction,
        given_on=c.given_on,
        valid_until=c.valid_until,
        template_id=c.template_id,
        template_version=c.template_version,
        language=c.language,
        text_sha256=c.text_sha256,
        interpreter_used=c.interpreter_used,
        interpreter_language=c.interpreter_language,
        recorded_by=names.get(c.recorded_by) if c.recorded_by else None,
        recorded_at=c.recorded_at,
        withdrawn_on=c.withdrawn_on,
        withdrawal_reason=c.withdrawal_reason,
        withdrawal_source=c.withdrawal_source,
        status=status,
        expires_soon=rule.expires_soon(c.valid_until, c.withdrawn_on, on),
        as_of=on,
        guardian_name=c.guardian_name,
        withdrawn_categories=gone,
        active_categories=[k for k in c.categories if k not in gone] if status != "withdrawn" else [],
        withdrawals=history,
        purposes=keys,
        withdrawn_purposes=gone_purposes,
        active_purposes=[k for k in keys if k not in gone_purposes] if status != "withdrawn" else [],
        version=c.version,
    )


def _address(street: str | None, postal_code: str | None, city: str | None) -> str:
    town = " ".join(p for p in (postal_code, city) if p)
    return ", ".join(p for p in (street, town) if p)


def available_languages(ctx: ServiceContext) -> list[str]:
    """Languages a declaration can be printed in for this organisation (German first)."""
    with ctx.reading() as conn:
        regime = conn.execute(text("SELECT legal_regime FROM organisation WHERE id = 1")).scalar() or "dsgvo"
    return cf.available_languages(regime, vault_dir=ctx.vault.directory)


def _templates(ctx: ServiceContext, regime: str, language: str) -> tuple[Template, Template | None]:
    try:
        return cf.load_templates(regime, language, vault_dir=ctx.vault.directory)
    except LookupError:
        allowed = ", ".join(cf.available_languages(regime, vault_dir=ctx.vault.directory))
        raise InvalidInput("consent.language_unavailable", field="language", value=language, allowed=allowed) from None


def _dpo_contact(org: Organisation) -> str:
    return " · ".join(p for p in (org.dpo_email, (org.dpo_address or "").replace("\n", ", ")) if p)


# --- printing gate and approved translations --------------------------------------------------


class DeclarationNotPrintable(printable.NotPrintable):
    """A consent declaration lacks the controller's, the DPO's, the recipient's or the
    supervisory authority's details (exit 3, naming every missing field)."""

    @property
    def settings_page(self) -> str:
        if self.missing[0].startswith("supervisory_authority."):
            return "supervisory_authority"
        return super().settings_page


def declaration_gaps(uow: UnitOfWork, org: Organisation, agency: Agency) -> list[str]:
    """Dotted keys of everything a declaration must name but the vault lacks: the shared
    printing gate (controller address and contact, DPO, recipient address) plus the
    supervisory authority of the organisation's regime."""
    missing = printable.missing_fields(org, agencies=[agency], dpo=True)
    authority = supervisory.read(uow.conn, org.legal_regime)
    return missing + [f"supervisory_authority.{f}" for f in authority.missing]


def template_file_sha256(tpl: Template) -> str:
    """SHA-256 of the template file as it is on disk now (what an approval records)."""
    return hashlib.sha256(tpl.path.read_bytes()).hexdigest()


@dataclass(frozen=True)
class ReviewState:
    """Whether the translation in force is approved by the organisation."""

    language: str
    version: str
    approved: bool
    approved_at: dt.datetime | None = None
    approved_by: str | None = None
    file_sha256: str | None = None

    @property
    def footer(self) -> str | None:
        if not self.approved or self.approved_at is None:
            return None
        return f"{self.language} v{self.version} freigegeben am {self.approved_at:%d.%m.%Y}"


def _review_state(conn: Connection, tpl: Template) -> ReviewState:
    """Approved, unapproved, or — if the file differs from the approved one — an
    ``IntegrityFailure`` (exit 5): a tampered template is never printed."""
    row = conn.execute(
        text(
            "SELECT a.file_sha256, a.approved_at, u.name FROM template_approval a "
            "LEFT JOIN user_account u ON u.id = a.approved_by WHERE a.template_id = :t "
            "AND a.language = :l AND a.version = :v"
        ),
        {"t": tpl.id, "l": tpl.language, "v": tpl.version},
    ).first()
    if row is None:
        return ReviewState(tpl.language, tpl.version, False)
    actual = template_file_sha256(tpl)
    if actual != row[0]:
        raise IntegrityFailure(
            "consent.template_tampered", field="template", template=tpl.id, language=tpl.language, version=tpl.version
        )
    at = row[1] if isinstance(row[1], dt.datetime) else dt.datetime.fromisoformat(str(row[1]))
    return ReviewState(tpl.language, tpl.version, True, at, row[2], actual)


def _form_data(
    uow: UnitOfWork,
    client: Client,
    agency: Agency,
    org: Organisation,
    *,
    categories: list[str],
    purpose: str,
    valid_until: dt.date,
    direction: str,
    language: str,
    signed_on: dt.date | None = None,
    guardian_name: str | None = None,
    review: ReviewState | None = None,
) -> cf.FormData:
    service = None
    if org.service in ("mbe", "jmd"):
        service = catalogues.enum_label("service", org.service, "de")
    authority = supervisory.read(uow.conn, org.legal_regime)
    return cf.FormData(
        organisation_name=org.name,
        organisation_address=_address(org.street, org.postal_code, org.city),
        organisation_contact=" · ".join(p for p in (org.phone, org.email) if p),
        recipient_name=" – ".join(p for p in (agency.name, agency.department) if p),
        recipient_address=_address(agency.street, agency.postal_code, agency.city),
        client_name=f"{client.given_names} {client.family_name}",
        birth_date=client.birth_date,
        case_number=client.case_number,
        categories=tuple(categories),
        purpose=_printed_purpose(agency.kind, purpose) if purpose else purpose,
        valid_until=valid_until,
        direction=direction,
        language=language,
        organisation_service=service,
        organisation_logo=org.logo_png,
        dpo_name=org.dpo_name or "",
        dpo_contact=_dpo_contact(org),
        supervisory_authority=authority.name or "",
        supervisory_address=authority.address,
        signed_on=signed_on,
        guardian_name=guardian_name,
        translation_approval=review.footer if review is not None else None,
    )


def _printed_purpose(kind: str, purpose: str) -> str:
    """The purpose as printed: keys become their wording; a text that already is a printed
    wording (a recorded consent's ``purpose``, e.g. "Anderer Zweck: …") stays as it is, so
    printing a recorded consent again gives the same text and hash."""
    other_prefix = purposes.label(purposes.OTHER, "de", "\x00").split("\x00")[0]
    labels = {purposes.label(k, "de") for k in purposes.catalogue() if k != purposes.OTHER}
    text_ = purpose.strip()
    parts = text_.split("; ")
    if all(p in labels for p in parts[:-1]) and (parts[-1] in labels or parts[-1].startswith(other_prefix)):
        return text_
    return purposes.resolve(kind, purpose)[1]


def _check_guardian(client: Client, on: dt.date, guardian: str | None) -> str | None:
    """Under 15 on the signing date: a guardian must be named (exit 2, field ``guardian``).
    15 and older: a guardian is optional (kept if given)."""
    if cf.minor_stage(client.birth_date, on) == "under_15" and not guardian:
        raise InvalidInput("consent.guardian_required", field="guardian", age=cf.age_on(client.birth_date, on))
    if cf.minor_stage(client.birth_date, on) is None:
        return None
    return guardian


# --- grant and revoke -------------------------------------------------------------------------


def grant(
    ctx: ServiceContext,
    *,
    client_id: int,
    recipient: str,
    categories: list[str],
    purpose: str,
    given_on: dt.date | str | None = None,
    valid_until: dt.date | str | None = None,
    language: str = "de",
    direction: str = "one_way",
    health_confirmed: bool = False,
    interpreter_used: bool = False,
    interpreter_language: str | None = None,
    guardian: str | None = None,
) -> ConsentRead:
    """Record a signed consent. Health data need ``health_confirmed`` (the client's own
    separate tick); ``given_on`` not in the future; ``valid_until`` after ``given_on``
    (default: ``consent_validity_months`` after it). A client under 15 on ``given_on``
    needs the ``guardian`` who co-signed (shared/REFERENCE.md, cf. § 36 SGB I)."""
    policy.require_client_role(ctx.actor, "consent grant")
    data = validate(
        ConsentGrantIn,
        {
            "client_id": client_id,
            "recipient": recipient,
            "categories": categories,
            "purpose": purpose,
            "given_on": given_on if given_on is not None else v.today(),
            "valid_until": valid_until,
            "language": language,
            "direction": direction,
            "health_confirmed": health_confirmed,
            "interpreter_used": interpreter_used or interpreter_language is not None,
            "interpreter_language": interpreter_language,
            "guardian": guardian,
        },
    )
    if "health" in data.categories and not data.health_confirmed:
        raise InvalidInput("consent.health_unconfirmed", field="health_confirmed")
    with ctx.transaction() as uow:
        client = load_for_access(uow, data.client_id)
        agency = _active_agency(uow, data.recipient)
        org = _organisation(uow)
        until = data.valid_until or add_months(data.given_on, org.consent_validity_months)
        if until <= data.given_on:
            raise InvalidInput("consent.valid_until_order", field="valid_until", date=_fmt(data.given_on))
        if data.given_on < client.birth_date:
            raise InvalidInput("input.date_before", field="given_on", other="birth_date")
        guardian_name = _check_guardian(client, data.given_on, data.guardian)
        purpose_keys, purpose_text = purposes.resolve(agency.kind, data.purpose)
        german, translation = _templates(ctx, org.legal_regime, data.language)
        review = _review_state(uow.conn, translation) if translation is not None else None
        form = _form_data(
            uow,
            client,
            agency,
            org,
            categories=data.categories,
            purpose=data.purpose,
            valid_until=until,
            direction=data.direction,
            language=data.language,
            signed_on=data.given_on,
            guardian_name=guardian_name,
            review=review,
        )
        parts = cf.compose(form, german, translation)
        consent = Consent(
            client_id=filled(client.id),
            agency_id=filled(agency.id),
            purpose=purpose_text,
            purposes=purpose_keys,
            categories=data.categories,
            health_confirmed=bool(data.health_confirmed and "health" in data.categories),
            direction=data.direction,
            given_on=data.given_on,
            valid_until=until,
            template_id=german.id,
            template_version=german.version,
            language=data.language,
            text_sha256=cf.text_sha256(parts),
            interpreter_used=data.interpreter_used,
            interpreter_language=data.interpreter_language,
            recorded_by=ctx.actor_id,
            guardian_name=guardian_name,
        )
        uow.session.add(consent)
        uow.session.flush()
        uow.record(
            "consent.grant",
            entity="consent",
            entity_id=consent.id,
            fields=[
                "client_id",
                "recipient",
                "categories",
                "purpose",
                "purposes",
                "given_on",
                "valid_until",
                "language",
                "direction",
                "text_sha256",
            ]
            + (["health_confirmed"] if consent.health_confirmed else [])
            + (["interpreter_used"] if consent.interpreter_used else [])
            + (["guardian_name"] if guardian_name else []),
        )
        return _read(consent, agency, _user_names(uow.conn), v.today())


def revoke(
    ctx: ServiceContext,
    *,
    consent_id: int,
    on: dt.date | str | None = None,
    reason: str | None = None,
    source: str = "in_person",
    categories: list[str] | str | None = None,
    purposes: list[str] | str | None = None,
    expected_version: int | None = None,
) -> ConsentRead:
    """Record a withdrawal: of the whole consent, or with ``categories`` and/or
    ``purposes`` (purpose keys) of only those (the rest stays in force). It takes effect from
    ``on`` (default today, not in the future, not before the consent was given, not before an
    earlier withdrawal). Each withdrawal is
    kept in the history (``consent_withdrawal``); when no category or no purpose remains,
    the consent is withdrawn as a whole. A category or purpose the consent does not hold, or
    no longer holds, is refused (exit 2, field ``categories`` / ``purposes``); nothing is
    written then. Every withdrawal, partial ones too, raises the consent's version, so two
    desks withdrawing from the same consent at once cannot both write (the second gets
    ``consent.version_conflict``, as does a caller whose ``expected_version`` is stale)."""
    policy.require_client_role(ctx.actor, "consent revoke")
    data = validate(
        ConsentRevokeIn,
        {
            "consent_id": consent_id,
            "on": on if on is not None else v.today(),
            "reason": reason,
            "source": source,
            "categories": categories,
            "purposes": purposes,
        },
    )
    with (
        stale_as_conflict(ctx, "consent", "consent", data.consent_id, expected_version),
        ctx.transaction() as uow,
    ):
        consent = uow.session.get(Consent, data.consent_id)
        if consent is None:
            raise NotFound("consent.not_found", field="consent_id", id=data.consent_id)
        load_for_access(uow, consent.client_id)
        require_version("consent", consent, expected_version)
        if consent.withdrawn_on is not None:
            raise InvalidInput(
                "consent.already_withdrawn", field="consent_id", id=consent.id, date=_fmt(consent.withdrawn_on)
            )
        if data.on < consent.given_on:
            raise InvalidInput("consent.withdrawal_before_given", field="on", date=_fmt(consent.given_on))
        history = _withdrawals(uow.conn, [filled(consent.id)])[filled(consent.id)]
        if history and data.on < history[-1].withdrawn_on:
            raise InvalidInput("consent.withdrawal_before_previous", field="on", date=_fmt(history[-1].withdrawn_on))
        gone = set(withdrawn_categories_on(consent.categories, history, dt.date.max))
        remaining = [k for k in consent.categories if k not in gone]
        keys = list(consent.purposes or [purposes_mod.OTHER])
        gone_purposes = set(withdrawn_purposes_on(keys, history, dt.date.max))
        remaining_purposes = [k for k in keys if k not in gone_purposes]
        chosen_purposes: list[str] = []
        if data.purposes is not None:
            foreign = [k for k in data.purposes if k not in keys]
            if foreign:
                raise InvalidInput(
                    "consent.purpose_not_held", field="purposes", id=consent.id, purposes=", ".join(foreign)
                )
            already = [k for k in data.purposes if k in gone_purposes]
            if already:
                raise InvalidInput(
                    "consent.purpose_already_withdrawn", field="purposes", id=consent.id, purposes=", ".join(already)
                )
            chosen_purposes = [k for k in keys if k in data.purposes]
        if data.categories is None and data.purposes is None:
            chosen = remaining
        elif data.categories is None:
            chosen = []
        else:
            foreign = [k for k in data.categories if k not in consent.categories]
            if foreign:
                raise InvalidInput(
                    "consent.category_not_held", field="categories", id=consent.id, categories=", ".join(foreign)
                )
            already = [k for k in data.categories if k in gone]
            if already:
                raise InvalidInput(
                    "consent.category_already_withdrawn",
                    field="categories",
                    id=consent.id,
                    categories=", ".join(already),
                )
            chosen = list(data.categories)
        # Nothing can be passed on without a category or without a purpose left.
        complete = set(chosen) >= set(remaining) or set(chosen_purposes) >= set(remaining_purposes)
        uow.session.add(
            ConsentWithdrawal(
                consent_id=filled(consent.id),
                categories=chosen,
                withdrawn_on=data.on,
                reason=data.reason,
                source=data.source,
                complete=complete,
                recorded_by=ctx.actor_id,
                purposes=chosen_purposes,
            )
        )
        if complete:
            consent.withdrawn_on = data.on
            consent.withdrawal_reason = data.reason
            consent.withdrawal_source = data.source
            consent.withdrawal_recorded_by = ctx.actor_id
        else:
            flag_modified(consent, "categories")  # unchanged, but the UPDATE raises the version
        uow.session.add(consent)
        uow.session.flush()
        uow.record(
            "consent.revoke" if complete else "consent.revoke_partial",
            entity="consent",
            entity_id=consent.id,
            fields=["withdrawn_on", "withdrawal_source"]
            + (["categories"] if chosen else [])
            + (["purposes"] if chosen_purposes else [])
            + (["withdrawal_reason"] if data.reason else []),
        )
        agency = filled(uow.session.get(Agency, consent.agency_id))
        history = _withdrawals(uow.conn, [filled(consent.id)])[filled(consent.id)]
        out = _read(consent, agency, _user_names(uow.conn), max(v.today(), data.on), history)
        gone = set(withdrawn_categories_on(consent.categories, history, dt.date.max))
        out.affected_referrals = _open_referrals(
            uow.conn, consent, gone, set(withdrawn_purposes_on(keys, history, dt.date.max))
        )
        return out


def list_for_client(ctx: ServiceContext, *, client_id: int, on: dt.date | None = None) -> list[ConsentRead]:
    """The client's consents with their status on ``on`` (default today), newest first.
    With a past ``on``, consents given after that day are left out. Viewing is audited."""
    policy.require_client_role(ctx.actor, "consent list")
    as_of = on or v.today()
    with ctx.transaction() as uow:
        client = load_for_access(uow, client_id)
        rows = uow.session.exec(
            select(Consent, Agency)
            .join(Agency, col(Agency.id) == Consent.agency_id)
            .where(Consent.client_id == client.id)
        ).all()
        uow.record("consent.view", entity="client", entity_id=client.id)
        names = _user_names(uow.conn)
        history = _withdrawals(uow.conn, [filled(c.id) for c, _a in rows])
        out = [_read(c, a, names, as_of, history[filled(c.id)]) for c, a in rows if c.given_on <= as_of]
    order = {"active": 0, "expired": 1, "withdrawn": 2}
    return sorted(out, key=lambda r: (order[r.status], -r.given_on.toordinal(), -r.id))


# --- coverage: the one question other code asks ----------------------------------------------


@dataclass(frozen=True)
class Coverage:
    """Whether one consent covers passing ``categories`` to ``recipient`` on ``on``.

    ``reason``: covered | no_consent | expired | withdrawn | not_yet_valid |
    missing_categories | split. ``missing`` lists the requested categories the best
    candidate lacks (all of them if no consent is active). ``message(lang)`` says it in
    words; ``error()`` turns a refusal into ``PolicyRefused`` (CLI exit 3)."""

    covered: bool
    consent_id: int | None
    missing: list[str]
    reason: str
    recipient: str
    recipient_name: str
    categories: list[str]
    on: dt.date
    date: dt.date | None = None
    params: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def code(self) -> str:
        return f"consent.coverage.{self.reason}"

    def message(self, lang: str = "de") -> str:
        return render(self.code, lang, **self.params)

    @property
    def message_de(self) -> str:
        return self.message("de")

    @property
    def message_en(self) -> str:
        return self.message("en")

    def error(self) -> PolicyRefused:
        return PolicyRefused(self.code, **self.params)


@dataclass(frozen=True)
class _Row:
    id: int
    categories: frozenset[str]  # in force on the day asked about (partial withdrawals removed)
    given_on: dt.date
    valid_until: dt.date
    withdrawn_on: dt.date | None
    withdrawn: frozenset[str] = frozenset()  # partially withdrawn by that day
    withdrawn_since: dt.date | None = None


def _labels(keys: Iterable[str], lang: str) -> str:
    return ", ".join(catalogues.enum_label("data_category", k, lang) for k in keys)


def _coverage(conn: Connection, *, client_id: int, recipient: str, categories: list[str], on: dt.date) -> Coverage:
    agency = conn.execute(text("SELECT id, name FROM agency WHERE key = :k"), {"k": recipient}).first()
    if agency is None:
        raise NotFound("agency.not_found", field="recipient", key=str(recipient)[:40])
    rows = []
    partial: dict[int, list[tuple[dt.date, list[str]]]] = {}
    for r in conn.execute(
        text(
            "SELECT w.consent_id, w.withdrawn_on, w.categories FROM consent_withdrawal w "
            "JOIN consent c ON c.id = w.consent_id WHERE c.client_id = :c AND c.agency_id = :a"
        ),
        {"c": client_id, "a": agency.id},
    ):
        cats = r.categories if isinstance(r.categories, list) else json.loads(r.categories)
        partial.setdefault(r.consent_id, []).append((dates.as_date(r.withdrawn_on), cats))
    for r in conn.execute(
        text(
            "SELECT id, categories, given_on, valid_until, withdrawn_on FROM consent "
            "WHERE client_id = :c AND agency_id = :a"
        ),
        {"c": client_id, "a": agency.id},
    ):
        cats = r.categories if isinstance(r.categories, list) else json.loads(r.categories)
        effective = [(d, c) for d, c in partial.get(r.id, []) if d <= on]
        gone = frozenset(k for _d, c in effective for k in c)
        rows.append(
            _Row(
                r.id,
                frozenset(cats) - gone,
                dates.as_date(r.given_on),
                dates.as_date(r.valid_until),
                dates.as_date(r.withdrawn_on),
                gone,
                max((d for d, _c in effective), default=None),
            )
        )
    wanted = set(categories)
    active = [r for r in rows if rule.in_force(r.given_on, r.valid_until, r.withdrawn_on, on)]
    full = [r for r in active if wanted <= r.categories]
    consent_id: int | None = None
    date: dt.date | None = None
    if full:
        best = max(full, key=lambda r: (r.valid_until, r.given_on, r.id))
        reason, consent_id, missing = "covered", best.id, []
    elif active:
        best = min(active, key=lambda r: (len(wanted - r.categories), -r.valid_until.toordinal(), -r.id))
        consent_id = best.id
        missing = [k for k in categories if k not in best.categories]
        union = frozenset().union(*(r.categories for r in active))
        reason = "split" if wanted <= union else "missing_categories"
        if reason == "missing_categories" and set(missing) & best.withdrawn:
            reason, date = "partly_withdrawn", best.withdrawn_since
    else:
        missing = list(categories)
        started = [r for r in rows if r.given_on <= on]
        if not rows:
            reason = "no_consent"
        elif not started:
            first = min(rows, key=lambda r: (r.given_on, r.id))
            reason, consent_id, date = "not_yet_valid", first.id, first.given_on
        else:
            latest = max(started, key=lambda r: (r.given_on, r.id))
            consent_id = latest.id
            if rule.status_on(latest.valid_until, latest.withdrawn_on, on) == rule.WITHDRAWN:
                reason, date = "withdrawn", latest.withdrawn_on
            else:
                reason, date = "expired", latest.valid_until
    shown = missing or categories
    params = {
        "recipient": agency.name,
        "consent_id": consent_id,
        "categories_de": _labels(shown, "de"),
        "categories_en": _labels(shown, "en"),
        "date": _fmt(date) if date else "",
    }
    return Coverage(
        covered=reason == "covered",
        consent_id=consent_id,
        missing=missing,
        reason=reason,
        recipient=recipient,
        recipient_name=agency.name,
        categories=list(categories),
        on=on,
        date=date,
        params=params,
    )


def coverage(
    source: ServiceContext | UnitOfWork | Connection,
    *,
    client_id: int,
    recipient: str,
    categories: Iterable[str],
    on: dt.date,
) -> Coverage:
    """THE way to ask about consent. A consent covers passing ``categories`` to
    ``recipient`` on date ``on`` only if given_on ≤ on ≤ valid_until, it is not withdrawn
    on or before ``on``, it names that recipient and it includes *every* category. One
    consent must cover all; otherwise ``missing`` is relative to the best candidate.

    ``source`` may be a ``ServiceContext`` (checks the actor's access to the client and
    reads in its own transaction), or the ``UnitOfWork`` / connection of a transaction the
    caller already runs (the caller has checked access), e.g. the referral service."""
    try:
        wanted = _categories(list(categories) if not isinstance(categories, str) else categories)
    except PydanticCustomError as exc:
        raise InvalidInput(
            exc.type,
            field="categories",
            **{k: val for k, val in (exc.context or {}).items() if isinstance(val, (str, int))},
        ) from None
    if not isinstance(on, dt.date):
        raise InvalidInput("input.invalid_date", field="on")
    if isinstance(source, ServiceContext):
        policy.require_client_role(source.actor, "consent check")
        with source.reading() as conn:
            row = conn.execute(text("SELECT counsellor_id FROM client WHERE id = :id"), {"id": client_id}).first()
            if row is None:
                raise NotFound("client.not_found", field="id", id=client_id)
            policy.require_client_access(source.actor, counsellor_id=row[0], team_access=read_team_access(conn))
            return _coverage(conn, client_id=client_id, recipient=recipient, categories=wanted, on=on)
    conn = source.conn if isinstance(source, UnitOfWork) else source
    return _coverage(conn, client_id=client_id, recipient=recipient, categories=wanted, on=on)


# --- printed declaration ------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedForm:
    form: cf.FormData
    parts: list[cf.Part]
    client_id: int
    #: Review state of the translation (None: German only).
    review: ReviewState | None = None
    #: What blocks printing (dotted field keys); empty when the form can be printed.
    gaps: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        return cf.canonical_text(self.parts)

    @property
    def text_sha256(self) -> str:
        return cf.text_sha256(self.parts)


def prepare_form(
    ctx: ServiceContext,
    *,
    client_id: int,
    recipient: str,
    categories: list[str],
    language: str,
    purpose: str | None = None,
    valid_until: dt.date | str | None = None,
    direction: str = "one_way",
    guardian: str | None = None,
) -> PreparedForm:
    """The composed declaration (text and hash) without printing it: for previews that
    show text, and for checking which text a grant with these parameters will record.
    The signing date is today: a client under 15 today needs ``guardian`` (exit 2)."""
    policy.require_client_role(ctx.actor, "consent form")
    data = validate(
        ConsentFormIn,
        {
            "client_id": client_id,
            "recipient": recipient,
            "categories": categories,
            "language": language,
            "purpose": purpose,
            "valid_until": valid_until,
            "direction": direction,
            "guardian": guardian,
        },
    )
    with ctx.transaction() as uow:
        client = load_for_access(uow, data.client_id)
        agency = _active_agency(uow, data.recipient)
        org = _organisation(uow)
        today = v.today()
        until = data.valid_until or add_months(today, org.consent_validity_months)
        if until <= today:
            raise InvalidInput("consent.valid_until_order", field="valid_until", date=_fmt(today))
        guardian_name = _check_guardian(client, today, data.guardian)
        german, translation = _templates(ctx, org.legal_regime, data.language)
        review = _review_state(uow.conn, translation) if translation is not None else None
        form = _form_data(
            uow,
            client,
            agency,
            org,
            categories=data.categories,
            purpose=data.purpose or default_purpose(agency.kind),
            valid_until=until,
            direction=data.direction,
            language=data.language,
            signed_on=today,
            guardian_name=guardian_name,
            review=review,
        )
        return PreparedForm(
            form=form,
            parts=cf.compose(form, german, translation),
            client_id=filled(client.id),
            review=review,
            gaps=tuple(declaration_gaps(uow, org, agency)),
        )


def render_form(
    ctx: ServiceContext,
    *,
    client_id: int,
    recipient: str,
    categories: list[str],
    language: str,
    purpose: str | None = None,
    valid_until: dt.date | str | None = None,
    direction: str = "one_way",
    guardian: str | None = None,
    allow_unreviewed: bool = False,
) -> bytes:
    """The printable declaration as PDF bytes (German binding pages, then the client's
    language). Records a ``GeneratedDocument`` and a ``consent.form_printed`` event; never
    writes a file — callers save or print the bytes (file name: ``suggested_filename``).

    Refused (exit 3) while the controller's address or contact, the data-protection
    officer, the recipient's address or the supervisory authority is missing, naming each
    field; and for a translation the organisation has not approved unless
    ``allow_unreviewed`` (the sheet then keeps its "not yet reviewed" notes). A translation
    whose file differs from the approved one is refused as an integrity failure (exit 5)."""
    if not isinstance(allow_unreviewed, bool):
        raise InvalidInput("input.type", field="allow_unreviewed", expected="bool")
    prepared = prepare_form(
        ctx,
        client_id=client_id,
        recipient=recipient,
        categories=categories,
        language=language,
        purpose=purpose,
        valid_until=valid_until,
        direction=direction,
        guardian=guardian,
    )
    if prepared.gaps:
        raise DeclarationNotPrintable(list(prepared.gaps))
    review = prepared.review
    if review is not None and not review.approved and not allow_unreviewed:
        t = prepared.parts[1].template
        raise PolicyRefused(
            "consent.translation_unapproved",
            field="allow_unreviewed",
            language=t.language,
            template=t.id,
            version=t.version,
        )
    pdf = cf.render_pdf(prepared.form, prepared.parts)
    german = prepared.parts[0].template
    with ctx.transaction() as uow:
        doc = GeneratedDocument(
            kind="consent_form",
            subject_id=None,
            client_id=prepared.client_id,
            sha256=hashlib.sha256(pdf).hexdigest(),
            template_id=german.id,
            template_version=german.version,
            generated_by=ctx.actor_id,
        )
        uow.session.add(doc)
        uow.session.flush()
        uow.record(
            "consent.form_printed",
            entity="client",
            entity_id=prepared.client_id,
            fields=["recipient", "categories", "language", "purpose", "valid_until", "direction", "generated_document"]
            + (["guardian"] if prepared.form.guardian_name else [])
            + (["allow_unreviewed"] if review is not None and not review.approved else []),
        )
    return pdf


def suggested_filename(case_number: str, date: dt.date | None = None) -> str:
    return cf.suggested_filename(case_number, "consent_form", date)


def preview_form(
    ctx: ServiceContext,
    *,
    client_id: int,
    recipient: str,
    categories: list[str],
    language: str,
    purpose: str | None = None,
    valid_until: dt.date | str | None = None,
    direction: str = "one_way",
    as_text: bool = False,
    guardian: str | None = None,
) -> bytes | str:
    """The declaration for the screen (PDF bytes, or its exact text with ``as_text``).
    Not a printout, so no ``GeneratedDocument`` and no printing gate (missing details show
    as lines to fill in); the view is audited (``consent.form_previewed``)."""
    prepared = prepare_form(
        ctx,
        client_id=client_id,
        recipient=recipient,
        categories=categories,
        language=language,
        purpose=purpose,
        valid_until=valid_until,
        direction=direction,
        guardian=guardian,
    )
    result: bytes | str = prepared.text if as_text else cf.render_pdf(prepared.form, prepared.parts)
    with ctx.transaction() as uow:
        uow.record(
            "consent.form_previewed",
            entity="client",
            entity_id=prepared.client_id,
            fields=["recipient", "categories", "language"],
        )
    return result


def case_number(ctx: ServiceContext, *, client_id: int) -> str:
    """The case number of a client the actor may see (for file names; not audited: a case
    number is no personal data)."""
    policy.require_client_role(ctx.actor, "consent form")
    with ctx.reading() as conn:
        row = conn.execute(
            text("SELECT case_number, counsellor_id FROM client WHERE id = :id"), {"id": client_id}
        ).first()
        if row is None:
            raise NotFound("client.not_found", field="id", id=client_id)
        policy.require_client_access(ctx.actor, counsellor_id=row[1], team_access=read_team_access(conn))
        number: str = row[0]
        return number


# --- approved translations (``forms approve``) ---------------------------------------------------


class ApprovalRead(SQLModel):
    template_id: str
    regime: str
    language: str
    version: str
    file_sha256: str
    approved_by: str | None
    approved_at: dt.datetime
    origin: str  # shipped | vault


def approve_template(ctx: ServiceContext, *, regime: str, language: str, note: str | None = None) -> ApprovalRead:
    """The organisation approves the translation in force for ``regime`` and ``language``
    (admin). Records who, when and the SHA-256 of the exact template file; audited. Once
    approved, that version prints without the "not yet reviewed" notes and names the
    approval in the footer; if the file later changes without a new version, printing is
    refused (exit 5). Approving the same unchanged file again returns the first approval."""
    policy.require_role(ctx.actor, ("admin",), "forms approve")
    if regime not in cf.REGIMES:
        shown = regime if isinstance(regime, str) and len(regime) <= 20 and regime.isprintable() else "?"
        raise InvalidInput("input.choice", field="regime", value=shown, allowed=", ".join(cf.REGIMES))
    lang = validate(_ApproveIn, {"language": language, "note": note})
    if lang.language == cf.BINDING_LANGUAGE:
        raise InvalidInput("consent.approve_german", field="language")
    try:
        _german, translation = cf.load_templates(regime, lang.language, vault_dir=ctx.vault.directory)
    except LookupError:
        allowed = ", ".join(cf.available_languages(regime, vault_dir=ctx.vault.directory))
        raise InvalidInput(
            "consent.language_unavailable", field="language", value=lang.language, allowed=allowed
        ) from None
    assert translation is not None
    sha = template_file_sha256(translation)
    with ctx.transaction() as uow:
        existing = uow.session.exec(
            select(TemplateApproval).where(
                TemplateApproval.template_id == translation.id,
                TemplateApproval.language == translation.language,
                TemplateApproval.version == translation.version,
            )
        ).first()
        if existing is not None:
            if existing.file_sha256 != sha:
                raise IntegrityFailure(
                    "consent.template_tampered",
                    field="template",
                    template=translation.id,
                    language=translation.language,
                    version=translation.version,
                )
            row = existing
        else:
            row = TemplateApproval(
                template_id=translation.id,
                language=translation.language,
                version=translation.version,
                file_sha256=sha,
                approved_by=ctx.actor_id,
                note=lang.note,
            )
            uow.session.add(row)
            uow.session.flush()
            uow.record(
                "forms.approve",
                entity="template_approval",
                entity_id=row.id,
                fields=["template_id", "language", "version", "file_sha256"] + (["note"] if lang.note else []),
            )
        names = _user_names(uow.conn)
        return ApprovalRead(
            template_id=row.template_id,
            regime=regime,
            language=row.language,
            version=row.version,
            file_sha256=row.file_sha256,
            approved_by=names.get(row.approved_by) if row.approved_by is not None else None,
            approved_at=row.approved_at,
            origin=translation.origin,
        )


class _ApproveIn(SQLModel):
    model_config = _STRICT
    language: FormLanguage
    note: Annotated[str | None, v.text_rule(500)] = None


class TemplateReview(SQLModel):
    language: str
    language_name: str
    version: str
    origin: str
    status: str  # binding | approved | unreviewed | tampered
    approved_at: dt.datetime | None = None
    approved_by: str | None = None


def review_states(ctx: ServiceContext) -> list[TemplateReview]:
    """Review state of every template of the organisation's regime (German first)."""
    with ctx.reading() as conn:
        regime = conn.execute(text("SELECT legal_regime FROM organisation WHERE id = 1")).scalar() or "dsgvo"
        out = []
        found = tpl_mod.available(cf.KIND, vault_dir=ctx.vault.directory)
        for lang in cf.available_languages(regime, vault_dir=ctx.vault.directory):
            tpl = found[(cf.template_id(regime), lang)]
            if lang == cf.BINDING_LANGUAGE:
                out.append(
                    TemplateReview(
                        language=lang,
                        language_name=tpl.text("language_name"),
                        version=tpl.version,
                        origin=tpl.origin,
                        status="binding",
                    )
                )
                continue
            try:
                state = _review_state(conn, tpl)
                status = "approved" if state.approved else "unreviewed"
            except IntegrityFailure:
                state, status = None, "tampered"
            out.append(
                TemplateReview(
                    language=lang,
                    language_name=tpl.text("language_name"),
                    version=tpl.version,
                    origin=tpl.origin,
                    status=status,
                    approved_at=state.approved_at if state else None,
                    approved_by=state.approved_by if state else None,
                )
            )
        return out


# --- referrals relying on withdrawn data, and the withdrawal notice -------------------------------


class AffectedReferral(SQLModel):
    id: int
    status: str
    created_on: dt.date
    categories: list[str]
    withdrawn: list[str]  # the referral's categories that were withdrawn
    affected: bool
    purpose: str | None = None  # the purpose key the referral serves
    purpose_withdrawn: bool = False  # that purpose was withdrawn from the consent


_OPEN = ("draft", "sent", "received", "accepted")


def _open_referrals(
    conn: Connection, consent: Consent, gone: set[str], gone_purposes: Set[str] = frozenset()
) -> list[AffectedReferral]:
    out = []
    for r in conn.execute(
        text(
            "SELECT id, status, created_on, categories, purpose FROM referral "
            "WHERE client_id = :c AND agency_id = :a ORDER BY created_on, id"
        ),
        {"c": consent.client_id, "a": consent.agency_id},
    ):
        if r.status not in _OPEN:
            continue
        cats = r.categories if isinstance(r.categories, list) else json.loads(r.categories)
        hit = [k for k in cats if k in gone]
        purpose_gone = r.purpose is not None and r.purpose in gone_purposes
        out.append(
            AffectedReferral(
                id=r.id,
                status=r.status,
                created_on=dates.as_date(r.created_on),
                categories=cats,
                withdrawn=hit,
                affected=bool(hit) or purpose_gone,
                purpose=r.purpose,
                purpose_withdrawn=purpose_gone,
            )
        )
    return out


def affected_referrals(ctx: ServiceContext, *, consent_id: int) -> list[AffectedReferral]:
    """Open referrals of the consent's client to its recipient, each flagged when it carries
    a category withdrawn from that consent (such sheets are no longer printed: the referral
    service asks ``coverage``, which leaves withdrawn categories out)."""
    policy.require_client_role(ctx.actor, "consent list")
    with ctx.transaction() as uow:
        consent = uow.session.get(Consent, consent_id) if isinstance(consent_id, int) else None
        if consent is None:
            raise NotFound("consent.not_found", field="consent_id", id=str(consent_id)[:20])
        load_for_access(uow, consent.client_id)
        history = _withdrawals(uow.conn, [filled(consent.id)])[filled(consent.id)]
        gone = set(withdrawn_categories_on(consent.categories, history, dt.date.max))
        gone_purposes = set(withdrawn_purposes_on(consent.purposes or [], history, dt.date.max))
        return _open_referrals(uow.conn, consent, gone, gone_purposes)


def _is_latin(name: str) -> bool:
    import unicodedata

    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def agency_name_of(client: Client) -> str:
    """The name a letter to an agency prints: the document spelling, else the name if it is
    in Latin script; otherwise refused (exit 3 naming ``document_family_name``)."""
    family = client.document_family_name or client.family_name
    given = client.document_given_names or client.given_names
    if not (_is_latin(family) and _is_latin(given)):
        raise PolicyRefused("print.document_name_missing", field="document_family_name")
    return f"{given} {family}".strip()


def render_notice(ctx: ServiceContext, *, consent_id: int, withdrawal_id: int | None = None) -> bytes:
    """The withdrawal notice to the consent's recipient as PDF bytes (DIN 5008 letter): from
    which date which categories may no longer be used, what stays in force, the open
    referrals to that recipient; no reply asked under a one-way consent. Uses the latest
    withdrawal unless ``withdrawal_id`` names one. Refused while the sender's or the
    recipient's address is incomplete (exit 3). Records a ``GeneratedDocument`` and a
    ``consent.notice_printed`` event."""
    from referral_desk.core.documents import (
        consent_notice as cn,
        letter as L,  # noqa: N812 - the letter frame's constants read like L.MARGIN
    )
    from referral_desk.core.models import User

    policy.require_client_role(ctx.actor, "consent notice")
    if not isinstance(consent_id, int) or isinstance(consent_id, bool):
        raise InvalidInput("input.invalid", field="consent_id")
    with ctx.transaction() as uow:
        consent = uow.session.get(Consent, consent_id)
        if consent is None:
            raise NotFound("consent.not_found", field="consent_id", id=consent_id)
        client = load_for_access(uow, consent.client_id)
        history = _withdrawals(uow.conn, [filled(consent.id)])[filled(consent.id)]
        chosen = [w for w in history if withdrawal_id is None or w.id == withdrawal_id]
        if not chosen:
            raise InvalidInput(
                "consent.no_withdrawal", field="withdrawal_id" if withdrawal_id else "consent_id", id=consent.id
            )
        w = chosen[-1]
        agency = uow.session.get(Agency, consent.agency_id)
        org = _organisation(uow)
        printable.require_printable(org, agencies=[agency])
        name = agency_name_of(client)
        regime = org.legal_regime
        german, _tr = _templates(ctx, regime, cf.BINDING_LANGUAGE)
        upto = [x for x in history if x.id <= w.id]
        gone_then = set(withdrawn_categories_on(consent.categories, upto, dt.date.max))
        remaining = [k for k in consent.categories if k not in gone_then]
        keys = list(consent.purposes or [purposes_mod.OTHER])
        gone_purposes_then = set(withdrawn_purposes_on(keys, upto, dt.date.max))
        remaining_purposes = [k for k in keys if k not in gone_purposes_then]
        complete = w.complete or not remaining or not remaining_purposes
        user = uow.session.get(User, ctx.actor_id) if ctx.actor_id else None
        service = catalogues.enum_label("service", org.service, "de") if org.service in ("mbe", "jmd") else None
        from referral_desk.core.services.referrals import status_label

        head = L.LetterHead(
            sender=L.Sender.from_organisation(org, service=service, logo_png=org.logo_png),
            recipient=L.Recipient.from_agency(agency),
            date=v.today(),
            subject="",
            our_reference=f"{client.case_number} / E {consent.id}",
            reference_line=f"Bezug: Einwilligung Nr. {consent.id} vom {_fmt(consent.given_on)}",
            contact_name=user.display_name if user else None,
            contact_phone=(user.phone if user else None) or org.phone,
            contact_email=(user.email if user else None) or org.email,
            footer="Vertraulich: enthält personenbezogene Daten.",
        )
        data = cn.NoticeData(
            head=head,
            client_name=name,
            birth_date=client.birth_date,
            consent_id=filled(consent.id),
            given_on=consent.given_on,
            withdrawn_on=w.withdrawn_on,
            complete=complete,
            withdrawn=tuple(
                (german.text("categories", k, "label"), german.text("categories", k, "explain")) for k in w.categories
            ),
            remaining=tuple(german.text("categories", k, "label") for k in remaining) if not complete else (),
            withdrawn_purposes=tuple(_purpose_wording(consent, k) for k in w.purposes),
            remaining_purposes=tuple(_purpose_wording(consent, k) for k in remaining_purposes)
            if not complete and w.purposes
            else (),
            direction=consent.direction,
            referrals=tuple(
                cn.NoticeReferral(
                    r.id,
                    r.created_on,
                    status_label(r.status, "de"),
                    r.affected,
                    r.purpose_withdrawn and not r.withdrawn,
                )
                for r in _open_referrals(uow.conn, consent, gone_then, gone_purposes_then)
                if r.status != "draft"
            ),  # drafts never reached the agency
            signer_name=user.display_name if user else None,
            signer_role=service,
        )
        import dataclasses

        data = dataclasses.replace(data, head=dataclasses.replace(head, subject=cn.subject(data)))
        pdf = cn.render_pdf(data)
        doc = GeneratedDocument(
            kind="consent_notice",
            subject_id=consent.id,
            client_id=client.id,
            sha256=hashlib.sha256(pdf).hexdigest(),
            template_id=None,
            template_version=None,
            generated_by=ctx.actor_id,
        )
        uow.session.add(doc)
        uow.session.flush()
        uow.record(
            "consent.notice_printed",
            entity="consent",
            entity_id=consent.id,
            fields=["withdrawal", "generated_document"],
        )
        return pdf


def _purpose_wording(consent: Consent, key: str) -> str:
    """The German wording of one of the consent's purposes (``other``: the consent's own words)."""
    if key != purposes_mod.OTHER:
        return purposes_mod.label(key, "de")
    prefix = purposes_mod.label(purposes_mod.OTHER, "de", "\x00").split("\x00")[0]
    return next((p for p in (consent.purpose or "").split("; ") if p.startswith(prefix)), consent.purpose or "")


def notice_filename(ctx: ServiceContext, *, consent_id: int, date: dt.date | None = None) -> str:
    """File name for a notice: case number and date, never a name."""
    with ctx.reading() as conn:
        row = conn.execute(text("SELECT client_id FROM consent WHERE id = :i"), {"i": consent_id}).first()
        if row is None:
            raise NotFound("consent.not_found", field="consent_id", id=consent_id)
    return cf.suggested_filename(case_number(ctx, client_id=row[0]), "consent_notice", date)


ConsentRead.model_rebuild()


class SigningRules(SQLModel):
    """What the declaration needs for this client on ``on`` (the consent dialog asks)."""

    age: int
    stage: str | None  # under_15 | 15_17 | None
    guardian_required: bool


def signing_rules(ctx: ServiceContext, *, client_id: int, on: dt.date | None = None) -> SigningRules:
    """The minors rule for the client on the signing date ``on`` (default today)."""
    policy.require_client_role(ctx.actor, "consent form")
    day = on or v.today()
    with ctx.reading() as conn:
        row = conn.execute(
            text("SELECT birth_date, counsellor_id FROM client WHERE id = :id"), {"id": client_id}
        ).first()
        if row is None:
            raise NotFound("client.not_found", field="id", id=client_id)
        policy.require_client_access(ctx.actor, counsellor_id=row[1], team_access=read_team_access(conn))
    born: dt.date | str = row[0]  # birth_date is NOT NULL
    birth = dates.as_date(born)
    stage = cf.minor_stage(birth, day)
    return SigningRules(age=cf.age_on(birth, day), stage=stage, guardian_required=stage == "under_15")
