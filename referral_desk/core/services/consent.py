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
from dataclasses import dataclass, field
from typing import Annotated, Any, Iterable

from pydantic import BeforeValidator, ConfigDict
from pydantic_core import PydanticCustomError
from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel, select

from referral_desk.core import catalogues, policy, purposes
from referral_desk.core import validation as v
from referral_desk.core.documents import consent_form as cf
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.messages import render
from referral_desk.core.models import Agency, Client, Consent, GeneratedDocument, Organisation
from referral_desk.core.services.clients import _load_for_access, _team_access
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext, UnitOfWork

CATEGORY_KEYS: tuple[str, ...] = cf.CATEGORY_KEYS
DIRECTIONS: tuple[str, ...] = cf.DIRECTIONS
SOURCES: tuple[str, ...] = ("in_person", "letter", "email", "phone", "other")
STATUSES: tuple[str, ...] = ("active", "expired", "withdrawn")
EXPIRES_SOON_DAYS = 30

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
_STRICT = ConfigDict(extra="forbid")


class ConsentGrantIn(SQLModel):
    model_config = _STRICT
    client_id: int
    recipient: v.Text(40, required=True)
    categories: Categories
    purpose: v.Text(500, required=True)
    given_on: v.PastDate
    valid_until: v.OptionalDate = None
    language: v.Language = "de"
    direction: v.Choice(keys=DIRECTIONS) = "one_way"
    health_confirmed: v.StrictBool = False
    interpreter_used: v.StrictBool = False
    interpreter_language: v.OptionalLanguage = None


class ConsentFormIn(SQLModel):
    model_config = _STRICT
    client_id: int
    recipient: v.Text(40, required=True)
    categories: Categories
    language: v.Language = "de"
    purpose: v.Text(500) = None
    valid_until: v.OptionalDate = None
    direction: v.Choice(keys=DIRECTIONS) = "one_way"


class ConsentRevokeIn(SQLModel):
    model_config = _STRICT
    consent_id: int
    on: v.PastDate
    reason: v.Text(500) = None
    source: v.Choice(keys=SOURCES) = "in_person"


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
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        return "withdrawn"
    if on > consent.valid_until:
        return "expired"
    return "active"


def _read(c: Consent, agency: Agency, names: dict[int, str], on: dt.date) -> ConsentRead:
    status = status_on(c, on)
    return ConsentRead(
        id=c.id, client_id=c.client_id, recipient=agency.key, recipient_name=agency.name, purpose=c.purpose,
        categories=list(c.categories), health_confirmed=c.health_confirmed, direction=c.direction,
        given_on=c.given_on, valid_until=c.valid_until, template_id=c.template_id,
        template_version=c.template_version, language=c.language, text_sha256=c.text_sha256,
        interpreter_used=c.interpreter_used, interpreter_language=c.interpreter_language,
        recorded_by=names.get(c.recorded_by) if c.recorded_by else None, recorded_at=c.recorded_at,
        withdrawn_on=c.withdrawn_on, withdrawal_reason=c.withdrawal_reason, withdrawal_source=c.withdrawal_source,
        status=status, expires_soon=status == "active" and (c.valid_until - on).days <= EXPIRES_SOON_DAYS,
        as_of=on, purposes=list(c.purposes or ["other"]))


def _address(street: str | None, postal_code: str | None, city: str | None) -> str:
    town = " ".join(p for p in (postal_code, city) if p)
    return ", ".join(p for p in (street, town) if p)


def available_languages(ctx: ServiceContext) -> list[str]:
    """Languages a declaration can be printed in for this organisation (German first)."""
    with ctx.reading() as conn:
        regime = conn.execute(text("SELECT legal_regime FROM organisation WHERE id = 1")).scalar() or "dsgvo"
    return cf.available_languages(regime, vault_dir=ctx.vault.directory)


def _templates(ctx: ServiceContext, regime: str, language: str):
    try:
        return cf.load_templates(regime, language, vault_dir=ctx.vault.directory)
    except LookupError:
        allowed = ", ".join(cf.available_languages(regime, vault_dir=ctx.vault.directory))
        raise InvalidInput("consent.language_unavailable", field="language", value=language,
                           allowed=allowed) from None


def _form_data(uow: UnitOfWork, client: Client, agency: Agency, org: Organisation, *, categories: list[str],
               purpose: str, valid_until: dt.date, direction: str, language: str) -> cf.FormData:
    service = None
    if org.service in ("mbe", "jmd"):
        service = catalogues.enum_label("service", org.service, "de")
    return cf.FormData(
        organisation_name=org.name,
        organisation_address=_address(org.street, org.postal_code, org.city),
        organisation_contact=" · ".join(p for p in (org.phone, org.email) if p),
        recipient_name=" – ".join(p for p in (agency.name, agency.department) if p),
        recipient_address=_address(agency.street, agency.postal_code, agency.city),
        client_name=f"{client.given_names} {client.family_name}",
        birth_date=client.birth_date, case_number=client.case_number, categories=tuple(categories),
        purpose=purposes.resolve(agency.kind, purpose)[1] if purpose else purpose, valid_until=valid_until,
        direction=direction, language=language, organisation_service=service, organisation_logo=org.logo_png)


# --- grant and revoke -------------------------------------------------------------------------


def grant(ctx: ServiceContext, *, client_id: int, recipient: str, categories: list[str], purpose: str,
          given_on: dt.date | str | None = None, valid_until: dt.date | str | None = None, language: str = "de",
          direction: str = "one_way", health_confirmed: bool = False, interpreter_used: bool = False,
          interpreter_language: str | None = None) -> ConsentRead:
    """Record a signed consent. Health data need ``health_confirmed`` (the client's own
    separate tick); ``given_on`` not in the future; ``valid_until`` after ``given_on``
    (default: ``consent_validity_months`` after it)."""
    policy.require_client_role(ctx.actor, "consent grant")
    data = validate(ConsentGrantIn, {
        "client_id": client_id, "recipient": recipient, "categories": categories, "purpose": purpose,
        "given_on": given_on if given_on is not None else v.today(), "valid_until": valid_until,
        "language": language, "direction": direction, "health_confirmed": health_confirmed,
        "interpreter_used": interpreter_used or interpreter_language is not None,
        "interpreter_language": interpreter_language})
    if "health" in data.categories and not data.health_confirmed:
        raise InvalidInput("consent.health_unconfirmed", field="health_confirmed")
    with ctx.transaction() as uow:
        client = _load_for_access(uow, data.client_id)
        agency = _active_agency(uow, data.recipient)
        org = _organisation(uow)
        until = data.valid_until or add_months(data.given_on, org.consent_validity_months)
        if until <= data.given_on:
            raise InvalidInput("consent.valid_until_order", field="valid_until", date=_fmt(data.given_on))
        if data.given_on < client.birth_date:
            raise InvalidInput("input.date_before", field="given_on", other="birth_date")
        purpose_keys, purpose_text = purposes.resolve(agency.kind, data.purpose)
        german, translation = _templates(ctx, org.legal_regime, data.language)
        form = _form_data(uow, client, agency, org, categories=data.categories, purpose=data.purpose,
                          valid_until=until, direction=data.direction, language=data.language)
        parts = cf.compose(form, german, translation)
        consent = Consent(
            client_id=client.id, agency_id=agency.id, purpose=purpose_text, purposes=purpose_keys,
            categories=data.categories,
            health_confirmed=bool(data.health_confirmed and "health" in data.categories), direction=data.direction,
            given_on=data.given_on, valid_until=until, template_id=german.id, template_version=german.version,
            language=data.language, text_sha256=cf.text_sha256(parts), interpreter_used=data.interpreter_used,
            interpreter_language=data.interpreter_language, recorded_by=ctx.actor_id)
        uow.session.add(consent)
        uow.session.flush()
        uow.record("consent.grant", entity="consent", entity_id=consent.id,
                   fields=["client_id", "recipient", "categories", "purpose", "purposes", "given_on", "valid_until",
                           "language",
                           "direction", "text_sha256"]
                   + (["health_confirmed"] if consent.health_confirmed else [])
                   + (["interpreter_used"] if consent.interpreter_used else []))
        return _read(consent, agency, _user_names(uow.conn), v.today())


def revoke(ctx: ServiceContext, *, consent_id: int, on: dt.date | str | None = None, reason: str | None = None,
           source: str = "in_person") -> ConsentRead:
    """Record a withdrawal. It takes effect from ``on`` (default today, not in the future,
    not before the consent was given)."""
    policy.require_client_role(ctx.actor, "consent revoke")
    data = validate(ConsentRevokeIn, {"consent_id": consent_id, "on": on if on is not None else v.today(),
                                      "reason": reason, "source": source})
    with ctx.transaction() as uow:
        consent = uow.session.get(Consent, data.consent_id)
        if consent is None:
            raise NotFound("consent.not_found", field="consent_id", id=data.consent_id)
        _load_for_access(uow, consent.client_id)
        if consent.withdrawn_on is not None:
            raise InvalidInput("consent.already_withdrawn", field="consent_id", id=consent.id,
                               date=_fmt(consent.withdrawn_on))
        if data.on < consent.given_on:
            raise InvalidInput("consent.withdrawal_before_given", field="on", date=_fmt(consent.given_on))
        consent.withdrawn_on = data.on
        consent.withdrawal_reason = data.reason
        consent.withdrawal_source = data.source
        consent.withdrawal_recorded_by = ctx.actor_id
        uow.session.add(consent)
        uow.session.flush()
        uow.record("consent.revoke", entity="consent", entity_id=consent.id,
                   fields=["withdrawn_on", "withdrawal_source"] + (["withdrawal_reason"] if data.reason else []))
        agency = uow.session.get(Agency, consent.agency_id)
        return _read(consent, agency, _user_names(uow.conn), v.today())


def list_for_client(ctx: ServiceContext, *, client_id: int, on: dt.date | None = None) -> list[ConsentRead]:
    """The client's consents with their status on ``on`` (default today), newest first.
    With a past ``on``, consents given after that day are left out. Viewing is audited."""
    policy.require_client_role(ctx.actor, "consent list")
    as_of = on or v.today()
    with ctx.transaction() as uow:
        client = _load_for_access(uow, client_id)
        rows = uow.session.exec(select(Consent, Agency).join(Agency, Agency.id == Consent.agency_id)
                                .where(Consent.client_id == client.id)).all()
        uow.record("consent.view", entity="client", entity_id=client.id)
        names = _user_names(uow.conn)
        out = [_read(c, a, names, as_of) for c, a in rows if c.given_on <= as_of]
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


def _as_date(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


@dataclass(frozen=True)
class _Row:
    id: int
    categories: frozenset[str]
    given_on: dt.date
    valid_until: dt.date
    withdrawn_on: dt.date | None


def _labels(keys: Iterable[str], lang: str) -> str:
    return ", ".join(catalogues.enum_label("data_category", k, lang) for k in keys)


def _coverage(conn: Connection, *, client_id: int, recipient: str, categories: list[str],
              on: dt.date) -> Coverage:
    agency = conn.execute(text("SELECT id, name FROM agency WHERE key = :k"), {"k": recipient}).first()
    if agency is None:
        raise NotFound("agency.not_found", field="recipient", key=str(recipient)[:40])
    rows = []
    for r in conn.execute(text("SELECT id, categories, given_on, valid_until, withdrawn_on FROM consent "
                               "WHERE client_id = :c AND agency_id = :a"), {"c": client_id, "a": agency.id}):
        cats = r.categories if isinstance(r.categories, list) else json.loads(r.categories)
        rows.append(_Row(r.id, frozenset(cats), _as_date(r.given_on), _as_date(r.valid_until),
                         _as_date(r.withdrawn_on)))
    wanted = set(categories)
    active = [r for r in rows if r.given_on <= on <= r.valid_until
              and not (r.withdrawn_on is not None and r.withdrawn_on <= on)]
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
            if latest.withdrawn_on is not None and latest.withdrawn_on <= on:
                reason, date = "withdrawn", latest.withdrawn_on
            else:
                reason, date = "expired", latest.valid_until
    shown = missing or categories
    params = {"recipient": agency.name, "consent_id": consent_id, "categories_de": _labels(shown, "de"),
              "categories_en": _labels(shown, "en"), "date": _fmt(date) if date else ""}
    return Coverage(covered=reason == "covered", consent_id=consent_id, missing=missing, reason=reason,
                    recipient=recipient, recipient_name=agency.name, categories=list(categories), on=on, date=date,
                    params=params)


def coverage(source: ServiceContext | UnitOfWork | Connection, *, client_id: int, recipient: str,
             categories: Iterable[str], on: dt.date) -> Coverage:
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
        raise InvalidInput(exc.type, field="categories", **{k: val for k, val in (exc.context or {}).items()
                                                            if isinstance(val, (str, int))}) from None
    if not isinstance(on, dt.date):
        raise InvalidInput("input.invalid_date", field="on")
    if isinstance(source, ServiceContext):
        policy.require_client_role(source.actor, "consent check")
        with source.reading() as conn:
            row = conn.execute(text("SELECT counsellor_id FROM client WHERE id = :id"), {"id": client_id}).first()
            if row is None:
                raise NotFound("client.not_found", field="id", id=client_id)
            policy.require_client_access(source.actor, counsellor_id=row[0], team_access=_team_access(conn))
            return _coverage(conn, client_id=client_id, recipient=recipient, categories=wanted, on=on)
    conn = source.conn if isinstance(source, UnitOfWork) else source
    return _coverage(conn, client_id=client_id, recipient=recipient, categories=wanted, on=on)


# --- printed declaration ------------------------------------------------------------------------


@dataclass(frozen=True)
class PreparedForm:
    form: cf.FormData
    parts: list[cf.Part]
    client_id: int

    @property
    def text(self) -> str:
        return cf.canonical_text(self.parts)

    @property
    def text_sha256(self) -> str:
        return cf.text_sha256(self.parts)


def prepare_form(ctx: ServiceContext, *, client_id: int, recipient: str, categories: list[str], language: str,
                 purpose: str | None = None, valid_until: dt.date | str | None = None,
                 direction: str = "one_way") -> PreparedForm:
    """The composed declaration (text and hash) without printing it: for previews that
    show text, and for checking which text a grant with these parameters will record."""
    policy.require_client_role(ctx.actor, "consent form")
    data = validate(ConsentFormIn, {"client_id": client_id, "recipient": recipient, "categories": categories,
                                    "language": language, "purpose": purpose, "valid_until": valid_until,
                                    "direction": direction})
    with ctx.transaction() as uow:
        client = _load_for_access(uow, data.client_id)
        agency = _active_agency(uow, data.recipient)
        org = _organisation(uow)
        today = v.today()
        until = data.valid_until or add_months(today, org.consent_validity_months)
        if until <= today:
            raise InvalidInput("consent.valid_until_order", field="valid_until", date=_fmt(today))
        german, translation = _templates(ctx, org.legal_regime, data.language)
        form = _form_data(uow, client, agency, org, categories=data.categories,
                          purpose=data.purpose or default_purpose(agency.kind), valid_until=until,
                          direction=data.direction, language=data.language)
        return PreparedForm(form=form, parts=cf.compose(form, german, translation), client_id=client.id)


def render_form(ctx: ServiceContext, *, client_id: int, recipient: str, categories: list[str], language: str,
                purpose: str | None = None, valid_until: dt.date | str | None = None,
                direction: str = "one_way") -> bytes:
    """The printable declaration as PDF bytes (German binding pages, then the client's
    language). Records a ``GeneratedDocument`` and a ``consent.form_printed`` event; never
    writes a file — callers save or print the bytes (file name: ``suggested_filename``)."""
    prepared = prepare_form(ctx, client_id=client_id, recipient=recipient, categories=categories,
                            language=language, purpose=purpose, valid_until=valid_until, direction=direction)
    pdf = cf.render_pdf(prepared.form, prepared.parts)
    german = prepared.parts[0].template
    with ctx.transaction() as uow:
        doc = GeneratedDocument(kind="consent_form", subject_id=None, client_id=prepared.client_id,
                                sha256=hashlib.sha256(pdf).hexdigest(), template_id=german.id,
                                template_version=german.version, generated_by=ctx.actor_id)
        uow.session.add(doc)
        uow.session.flush()
        uow.record("consent.form_printed", entity="client", entity_id=prepared.client_id,
                   fields=["recipient", "categories", "language", "purpose", "valid_until", "direction",
                           "generated_document"])
    return pdf


def suggested_filename(case_number: str, date: dt.date | None = None) -> str:
    return cf.suggested_filename(case_number, "consent_form", date)


def preview_form(ctx: ServiceContext, *, client_id: int, recipient: str, categories: list[str], language: str,
                 purpose: str | None = None, valid_until: dt.date | str | None = None, direction: str = "one_way",
                 as_text: bool = False) -> bytes | str:
    """The declaration for the screen (PDF bytes, or its exact text with ``as_text``).
    Not a printout, so no ``GeneratedDocument``; the view is audited (``consent.form_previewed``)."""
    prepared = prepare_form(ctx, client_id=client_id, recipient=recipient, categories=categories,
                            language=language, purpose=purpose, valid_until=valid_until, direction=direction)
    result: bytes | str = prepared.text if as_text else cf.render_pdf(prepared.form, prepared.parts)
    with ctx.transaction() as uow:
        uow.record("consent.form_previewed", entity="client", entity_id=prepared.client_id,
                   fields=["recipient", "categories", "language"])
    return result


def case_number(ctx: ServiceContext, *, client_id: int) -> str:
    """The case number of a client the actor may see (for file names; not audited: a case
    number is no personal data)."""
    policy.require_client_role(ctx.actor, "consent form")
    with ctx.reading() as conn:
        row = conn.execute(text("SELECT case_number, counsellor_id FROM client WHERE id = :id"),
                           {"id": client_id}).first()
        if row is None:
            raise NotFound("client.not_found", field="id", id=client_id)
        policy.require_client_access(ctx.actor, counsellor_id=row[1], team_access=_team_access(conn))
        return row[0]
