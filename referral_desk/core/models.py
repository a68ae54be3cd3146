"""Tables and their input/output families (DESIGN.md §2).

Tables (``table=True``) are what SQLCipher stores. ``*Create`` / ``*Update`` validate
input and reject unknown fields; ``*Read`` models are plain, detached data handed to the
CLI and the UI. Services convert between them; nothing outside ``core`` sees a session.
"""

import datetime as dt
from collections.abc import Sequence
from typing import Annotated, Any, TypeVar

from pydantic import Field as PydField, model_validator
from pydantic_core import PydanticCustomError
from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Index,
    Integer,
    LargeBinary,
    String,
    Text as SAText,
    UniqueConstraint,
    text as sql_text,
)
from sqlalchemy.types import JSON
from sqlmodel import Field, SQLModel

# SQLModel types model_config as its own TypedDict (pydantic's ConfigDict plus `table`).
from sqlmodel.main import SQLModelConfig

from referral_desk.core import clock, validation as v

_T = TypeVar("_T")


def filled(value: _T | None) -> _T:
    """A value the database has filled in: a primary key after the flush, a NOT NULL column
    read back. The models type them optional because a new row has none yet."""
    if value is None:
        raise AssertionError("a stored row without its value")
    return value


def utcnow() -> dt.datetime:
    return clock.now_utc().replace(microsecond=0)


# --- storage tables -----------------------------------------------------------------


def version_column() -> Column[int]:
    """The optimistic-concurrency counter of an editable record (``version_id_col``): every
    ORM update writes ``version + 1 WHERE version = <the version read>``, so of two writers
    who read the same row the second gets a conflict instead of overwriting; the team
    database's trigger also bumps it on raw UPDATEs (core/team/server.py)."""
    return Column("version", Integer, nullable=False, server_default="1")


class Meta(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: str


_ORGANISATION_VERSION = version_column()


class Organisation(SQLModel, table=True):
    """The one organisation a vault belongs to (row id 1) and its settings."""

    __tablename__ = "organisation"
    id: int = Field(default=1, primary_key=True)
    name: str
    service: str = "mbe"  # mbe | jmd | other
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    legal_regime: str = "dsgvo"  # dsgvo | kdg | dsg-ekd
    consent_validity_months: int = 24
    min_cell_size: int = 3
    retention_years: int = 3
    idle_lock_minutes: int = 5
    team_access: bool = False
    ui_language: str = "de"
    backup_dir: str | None = None  # automatic backup on close goes here (None: off)
    backup_keep: int = 10
    erase_mode: str = "anonymise"  # anonymise (keep coded fields for statistics) | delete
    logo_png: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    # Release 0.2 (migrations/v2_shared.py): the data-protection officer named on consent
    # forms, and every service the organisation runs (``service`` above is the first of them).
    dpo_name: str | None = None
    dpo_email: str | None = None
    dpo_address: str | None = None
    services: list[str] = Field(
        default_factory=lambda: ["mbe"], sa_column=Column(JSON, nullable=False, server_default='["mbe"]')
    )
    # migrations/revisions/r0004_admin_record_versions.py: see ``version_column``.
    version: int = Field(default=1, sa_column=_ORGANISATION_VERSION)
    __mapper_args__ = {"version_id_col": _ORGANISATION_VERSION}


class User(SQLModel, table=True):
    __tablename__ = "user_account"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_folded: str = Field(sa_column=Column(String, unique=True, nullable=False))
    display_name: str
    role: str  # counsellor | lead | statistics | admin
    also_lead: bool = False  # an admin who also works with client records as a lead
    active: bool = True
    email: str | None = None
    phone: str | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    deactivated_at: dt.datetime | None = None
    # Release 0.2 (migrations/v2_desk.py): an admin-set (initial or reset) password must be
    # replaced at the next sign-in; the user's own UI language (None: the organisation's).
    must_change_password: bool = Field(default=False, sa_column=Column(Boolean, nullable=False, server_default="0"))
    ui_language: str | None = None


_CLIENT_VERSION = version_column()


class Client(SQLModel, table=True):
    __tablename__ = "client"
    __table_args__ = (
        Index("ix_client_sort", "sort_family", "sort_given", "id"),
        Index("ix_client_birth_date", "birth_date"),
        Index("ix_client_counsellor", "counsellor_id", "case_status"),
        Index("ix_client_status", "case_status"),
        # Reminders (migrations/v2_casework_indexes.py): open, not erased cases by expiry date.
        Index(
            "ix_client_open_expiry",
            "residence_valid_until",
            sqlite_where=sql_text("case_status = 'open' AND erased_on IS NULL"),
            postgresql_where=sql_text("case_status = 'open' AND erased_on IS NULL"),
        ),
        Index("ix_client_opened", "opened_on", "record_key"),
        Index("ix_client_closed", "closed_on", "record_key"),
    )
    id: int | None = Field(default=None, primary_key=True)
    case_number: str = Field(sa_column=Column(String, unique=True, nullable=False))
    case_status: str = "open"
    opened_on: dt.date
    closed_on: dt.date | None = None
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")

    family_name: str
    given_names: str
    birth_date: dt.date
    gender: str
    nationalities: list[str] = Field(sa_column=Column(JSON, nullable=False))
    preferred_language: str | None = None
    interpreter_needed: bool = False
    residence_status: str = "unknown"
    residence_valid_until: dt.date | None = None
    employment_permitted: str = "unknown"
    german_level: str = "unknown"
    integration_course: str = "unknown"
    arrival_date: dt.date | None = None
    phone: str | None = None
    email: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    jobcenter_customer_number: str | None = None
    notes: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))

    # Denormalised for sorting and the client list; maintained by the services.
    sort_family: str = ""
    sort_given: str = ""
    dup_key: str = Field(default="", index=True)
    last_contact_on: dt.date | None = None
    legal_hold: bool = False  # blocks erasure (e.g. pending proceedings)
    erased_on: dt.date | None = None  # set when personal data was removed (Art. 17)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # Release 0.2: the spelling in the identity document or residence title (Latin script),
    # printed on letters to agencies (DESIGN.md §2 Names).
    document_family_name: str | None = None
    document_given_names: str | None = None
    # Release 0.2 (migrations/v2_letters.py): structured facts that referral sheets print
    # under their consented category (forms/category_fields.toml) instead of blank lines.
    school_education: str = Field(default="unknown", sa_column=Column(String, nullable=False, server_default="unknown"))
    vocational_training: str = Field(
        default="unknown", sa_column=Column(String, nullable=False, server_default="unknown")
    )
    vocational_field: str | None = None
    recognition_profession: str | None = None
    recognition_status: str = Field(
        default="unknown", sa_column=Column(String, nullable=False, server_default="unknown")
    )
    recognition_body: str | None = None
    employment_status: str = Field(
        default="unknown", sa_column=Column(String, nullable=False, server_default="unknown")
    )
    last_occupation: str | None = None
    benefit_type: str = Field(default="unknown", sa_column=Column(String, nullable=False, server_default="unknown"))
    jobcenter_bg_number: str | None = None
    ba_customer_number: str | None = None
    abh_file_reference: str | None = None

    # Release 0.2 (migrations/v2_casework.py): the service the case belongs to (one vault may
    # hold several) and how the person found it (catalogue ``access_route``, None = not asked).
    service: str = Field(default="mbe", sa_column=Column(String, nullable=False, server_default="mbe"))
    access_route: str | None = None

    # Release 0.2 (migrations/v2_versions.py): optimistic concurrency, see ``version_column``
    # and docs/team-database.md.
    version: int = Field(default=1, sa_column=_CLIENT_VERSION)
    __mapper_args__ = {"version_id_col": _CLIENT_VERSION}
    # Release 0.2 (migrations/v2_cell_key.py): random key for the cell-key method of the
    # statistics, set by the trigger ``client_record_key`` on insert (never by Python, never
    # exported: it is not in ClientRead or the client JSON).
    # Keys reach 2³² − 1: PostgreSQL's integer stops at 2³¹ − 1 (SQLite's is 64-bit anyway).
    record_key: int | None = Field(
        default=None, sa_column=Column(Integer().with_variant(BigInteger(), "postgresql"), nullable=True)
    )
    # Release 0.2 (migrations/v2_cell_key.py): the legal basis that refines the residence status
    # (catalogue residence_basis.json, e.g. § 25 Abs. 2 Alt. 2 AufenthG), None = not recorded.
    residence_basis: str | None = None


# The structured facts of release 0.2 (one list for services, JSON and UI).
CLIENT_FACT_FIELDS = (
    "school_education",
    "vocational_training",
    "vocational_field",
    "recognition_profession",
    "recognition_status",
    "recognition_body",
    "employment_status",
    "last_occupation",
    "benefit_type",
    "jobcenter_bg_number",
    "ba_customer_number",
    "abh_file_reference",
)
CLIENT_V2_FIELDS = ("document_family_name", "document_given_names", *CLIENT_FACT_FIELDS)


class ClientNameKey(SQLModel, table=True):
    """Search keys of a client's names (as written and document spelling): ``n:<folded token>``,
    ``p:<skeleton>:<fine phonetic key>`` and ``a:<skeleton>`` (see core/search.py).

    A WITHOUT ROWID table whose primary key (key, client_id) is itself the search index,
    so a prefix lookup reads only the matching index range."""

    __tablename__ = "client_name_key"
    __table_args__ = (Index("ix_name_key_client", "client_id", "key"), {"sqlite_with_rowid": False})
    key: str = Field(primary_key=True)
    client_id: int = Field(primary_key=True, foreign_key="client.id")


_CONTACT_VERSION = version_column()


class Contact(SQLModel, table=True):
    __tablename__ = "contact"
    __table_args__ = (
        Index("ix_contact_client_date", "client_id", "date"),
        Index("ix_contact_date", "date"),
        # Covers what the per-person statistics read of a contact (migrations/v2_stats_speed.py):
        # the persons counselled in a period come from this index alone, no row lookups.
        Index("ix_contact_stats", "date", "client_id", "with_family"),
    )
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    date: dt.date
    minutes: int
    mode: str = "in_person"
    topics: list[str] = Field(sa_column=Column(JSON, nullable=False))
    interpreter: bool = False
    language: str | None = None
    note: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # Release 0.2: family members counselled alongside ("mitberatene Familienangehörige").
    with_family: int = Field(default=0, sa_column=Column(Integer, nullable=False, server_default="0"))
    # Release 0.2 (migrations/v2_record_versions.py): see ``version_column``.
    version: int = Field(default=1, sa_column=_CONTACT_VERSION)
    __mapper_args__ = {"version_id_col": _CONTACT_VERSION}


class ContactMonthStat(SQLModel, table=True):
    """Contacts per month and counted value, kept by triggers on ``contact`` (vault only;
    migrations/v2_stats_speed.py): what the contact tables of a report add up."""

    __tablename__ = "contact_month_stat"
    __table_args__ = {"sqlite_with_rowid": False}
    month: str = Field(primary_key=True)  # YYYY-MM
    dimension: str = Field(primary_key=True)  # total, mode, interpreter, language, topic
    key: str = Field(primary_key=True)
    n: int
    key_sum: int


class PersonMonthStat(SQLModel, table=True):
    """Contacts per person and month, kept by triggers on ``contact`` (vault only;
    migrations/v2_person_stats.py): the persons counselled in a report period."""

    __tablename__ = "person_month_stat"
    __table_args__ = {"sqlite_with_rowid": False}
    year: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    client_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    month: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    n: int
    with_family: int  # the most family members at one contact of the month


class SupportGoal(SQLModel, table=True):
    """One goal of a client's support plan ("Förderplan"); a client with a goal is a
    case-management case. The outcome is the latest review's, never stored here."""

    __tablename__ = "support_goal"
    __table_args__ = (Index("ix_support_goal_client", "client_id"),)
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    area: str  # catalogue plan_area
    goal: str = Field(sa_column=Column(SAText, nullable=False))
    set_on: dt.date
    due_on: dt.date | None = None
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)


_STEP_VERSION = version_column()


class SupportStep(SQLModel, table=True):
    __tablename__ = "support_step"
    __table_args__ = (
        Index("ix_support_step_goal", "goal_id"),
        Index(
            "ix_support_step_open",
            "due_on",
            "goal_id",
            "client_id",
            sqlite_where=sql_text("done_on IS NULL"),
            postgresql_where=sql_text("done_on IS NULL"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="support_goal.id")
    client_id: int = Field(foreign_key="client.id")  # denormalised: reminders join client directly
    text: str = Field(sa_column=Column(SAText, nullable=False))
    responsible: str = "client"  # catalogue plan_responsible
    due_on: dt.date | None = None
    done_on: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=utcnow)
    # Release 0.2 (migrations/v2_record_versions.py): see ``version_column``.
    version: int = Field(default=1, sa_column=_STEP_VERSION)
    __mapper_args__ = {"version_id_col": _STEP_VERSION}


class SupportReview(SQLModel, table=True):
    __tablename__ = "support_review"
    __table_args__ = (
        Index("ix_support_review_goal", "goal_id", "on_date"),
        Index("ix_support_review_date", "on_date"),  # a period's reviews (statistics)
        Index(
            "ix_support_review_closed",
            "goal_id",
            sqlite_where=sql_text("outcome IN ('achieved', 'dropped')"),
            postgresql_where=sql_text("outcome IN ('achieved', 'dropped')"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    goal_id: int = Field(foreign_key="support_goal.id")
    on_date: dt.date
    outcome: str  # achieved | partly | not_achieved | dropped
    note: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)


class GroupSession(SQLModel, table=True):
    """A group session (counted, not printed): participants is the head count; registered
    clients are optional and may be fewer."""

    __tablename__ = "group_session"
    __table_args__ = (Index("ix_group_session_date", "date"),)
    id: int | None = Field(default=None, primary_key=True)
    date: dt.date
    minutes: int
    topic: str  # contact topic key
    participants: int
    service: str = "mbe"
    note: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)


class GroupParticipant(SQLModel, table=True):
    __tablename__ = "group_participant"
    __table_args__ = (Index("ix_group_participant_client", "client_id"), {"sqlite_with_rowid": False})
    group_id: int = Field(primary_key=True, foreign_key="group_session.id")
    client_id: int = Field(primary_key=True, foreign_key="client.id")


class Signposting(SQLModel, table=True):
    """Signposting without data transfer ("Verweisberatung"): the client was pointed to a
    service; nothing about them left the organisation."""

    __tablename__ = "signposting"
    __table_args__ = (Index("ix_signposting_client", "client_id"), Index("ix_signposting_date", "date"))
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    date: dt.date
    to_whom: str
    topic: str | None = None  # contact topic key
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: dt.datetime = Field(default_factory=utcnow)


class ClientAttributeHistory(SQLModel, table=True):
    """Values of a client's changing attributes (residence status, German level, employment
    status) with the date from which each held, so statistics count them as of a period's
    end. Written by the client service whenever one of them changes."""

    __tablename__ = "client_attribute_history"
    # Covers the statistics' as-of lookup (newest value from a date on, by valid_from then id)
    # without reading the row (migrations/v2_stats_speed.py).
    __table_args__ = (Index("ix_attribute_history", "client_id", "attribute", "valid_from", "id", "value"),)
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    attribute: str
    value: str
    valid_from: dt.date
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class ClientAttributeHead(SQLModel, table=True):
    """Each client's newest residence status and German level in the history and the date of
    the newest of those rows, kept by triggers on ``client_attribute_history`` (vault only;
    migrations/v2_person_stats.py): the as-of value without a history search when nothing
    changed after the period's end."""

    __tablename__ = "client_attribute_head"
    client_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    since: dt.date
    residence_status: str | None = None
    german_level: str | None = None


_AGENCY_VERSION = version_column()


class Agency(SQLModel, table=True):
    """A partner agency that can receive consents and referrals (the recipient directory)."""

    __tablename__ = "agency"
    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(sa_column=Column(String, unique=True, nullable=False))
    kind: str = "other"  # jobcenter | agentur | auslaenderbehoerde | other
    name: str
    department: str | None = None
    contact_person: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    phone: str | None = None
    email: str | None = None
    built_in: bool = False
    active: bool = True
    # migrations/revisions/r0004_admin_record_versions.py: see ``version_column``.
    version: int = Field(default=1, sa_column=_AGENCY_VERSION)
    __mapper_args__ = {"version_id_col": _AGENCY_VERSION}


_CONSENT_VERSION = version_column()


class Consent(SQLModel, table=True):
    """A client's consent to share categories of data with one recipient for a purpose.

    Status is derived, never stored: withdrawn (withdrawn_on set and reached), expired
    (past valid_until), else active. ``text_sha256`` proves which exact text was signed."""

    __tablename__ = "consent"
    __table_args__ = (
        Index("ix_consent_client_agency", "client_id", "agency_id"),
        Index("ix_consent_valid_until", "valid_until"),
    )
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    agency_id: int = Field(foreign_key="agency.id")
    purpose: str
    categories: list[str] = Field(sa_column=Column(JSON, nullable=False))
    health_confirmed: bool = False  # the separate explicit tick for Art. 9 data
    direction: str = "one_way"  # one_way | mutual
    given_on: dt.date
    valid_until: dt.date
    template_id: str
    template_version: str
    language: str  # the client's language of the bilingual sheet (German is always printed)
    text_sha256: str
    interpreter_used: bool = False
    interpreter_language: str | None = None
    recorded_by: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    withdrawn_on: dt.date | None = None
    withdrawal_reason: str | None = None
    withdrawal_source: str | None = None  # in_person | letter | email | phone | other
    withdrawal_recorded_by: int | None = Field(default=None, foreign_key="user_account.id")
    # Release 0.2 (migrations/v2_letters.py): purpose keys (forms/purposes.toml); ``purpose``
    # above keeps the text printed (the labels, or the words of an ``other`` purpose).
    purposes: list[str] = Field(
        default_factory=lambda: ["other"], sa_column=Column(JSON, nullable=False, server_default='["other"]')
    )
    # Release 0.2 (migrations/v2_consent.py): who co-signed for a client under 15.
    guardian_name: str | None = None
    # Release 0.2 (migrations/v2_record_versions.py): see ``version_column``.
    version: int = Field(default=1, sa_column=_CONSENT_VERSION)
    __mapper_args__ = {"version_id_col": _CONSENT_VERSION}


class ConsentWithdrawal(SQLModel, table=True):
    """One withdrawal of some (or the remaining) categories or purposes of a consent: the history.

    A consent's categories in force on a day are its categories minus those withdrawn on
    or before that day; a full withdrawal also sets ``Consent.withdrawn_on``."""

    __tablename__ = "consent_withdrawal"
    __table_args__ = (Index("ix_consent_withdrawal_consent", "consent_id"),)
    id: int | None = Field(default=None, primary_key=True)
    consent_id: int = Field(foreign_key="consent.id")
    categories: list[str] = Field(sa_column=Column(JSON, nullable=False))
    withdrawn_on: dt.date
    reason: str | None = None
    source: str = "in_person"  # in_person | letter | email | phone | other
    complete: bool = False  # nothing of the consent remains after this withdrawal
    recorded_by: int | None = Field(default=None, foreign_key="user_account.id")
    recorded_at: dt.datetime = Field(default_factory=utcnow)
    # Release 0.2 (migrations/v2_consent_purposes.py): purpose keys withdrawn by this entry.
    purposes: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False, server_default="[]"))


class TemplateApproval(SQLModel, table=True):
    """The organisation's approval of one translated form template version (``forms approve``):
    who, when, and the SHA-256 of the exact template file approved."""

    __tablename__ = "template_approval"
    __table_args__ = (UniqueConstraint("template_id", "language", "version", name="uq_template_approval"),)
    id: int | None = Field(default=None, primary_key=True)
    template_id: str
    language: str
    version: str
    file_sha256: str
    approved_by: int | None = Field(default=None, foreign_key="user_account.id")
    approved_at: dt.datetime = Field(default_factory=utcnow)
    note: str | None = None


_AUTHORITY_VERSION = version_column()


class SupervisoryAuthority(SQLModel, table=True):
    """The organisation's own entry for the supervisory authority of a legal regime; it
    overrides the shipped catalogue (resources/catalogues/supervisory_authorities.json)."""

    __tablename__ = "supervisory_authority"
    regime: str = Field(primary_key=True)
    name: str | None = None
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None
    email: str | None = None
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # migrations/revisions/r0004_admin_record_versions.py: see ``version_column``.
    version: int = Field(default=1, sa_column=_AUTHORITY_VERSION)
    __mapper_args__ = {"version_id_col": _AUTHORITY_VERSION}


_REFERRAL_VERSION = version_column()


class Referral(SQLModel, table=True):
    """A referral ("Überleitung") of a client to a partner agency, gated by consent."""

    __tablename__ = "referral"
    __table_args__ = (
        Index("ix_referral_client", "client_id"),
        Index("ix_referral_status", "status", "follow_up_on"),
        Index("ix_referral_agency", "agency_id", "status"),
        Index("ix_referral_created", "created_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    client_id: int = Field(foreign_key="client.id")
    agency_id: int = Field(foreign_key="agency.id")
    consent_id: int | None = Field(default=None, foreign_key="consent.id")
    counsellor_id: int | None = Field(default=None, foreign_key="user_account.id")
    created_on: dt.date
    created_at: dt.datetime = Field(default_factory=utcnow)
    request: str  # Anliegen
    requested_action: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))
    urgency: str = "normal"  # normal | urgent
    deadline: dt.date | None = None
    categories: list[str] = Field(sa_column=Column(JSON, nullable=False))
    attachments: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    follow_up_on: dt.date | None = None
    status: str = "draft"  # draft → sent → received → accepted | rejected → completed; withdrawn
    status_changed_on: dt.date | None = None
    rejection_reason: str | None = None
    feedback_received_on: dt.date | None = None
    feedback_from: str | None = None
    feedback_outcome: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))
    feedback_next_steps: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))
    updated_at: dt.datetime = Field(default_factory=utcnow)
    # Release 0.2 (migrations/v2_letters.py): the consent purpose this referral serves.
    purpose: str | None = None
    # Release 0.2 (migrations/v2_record_versions.py): see ``version_column``.
    version: int = Field(default=1, sa_column=_REFERRAL_VERSION)
    __mapper_args__ = {"version_id_col": _REFERRAL_VERSION}


class ReferralEvent(SQLModel, table=True):
    """Status history of a referral (who moved it, when, from what to what)."""

    __tablename__ = "referral_event"
    __table_args__ = (Index("ix_referral_event_referral", "referral_id"),)
    id: int | None = Field(default=None, primary_key=True)
    referral_id: int = Field(foreign_key="referral.id")
    at: dt.datetime = Field(default_factory=utcnow)
    on_date: dt.date
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
    from_status: str | None = None
    to_status: str
    note: str | None = Field(default=None, sa_column=Column(SAText, nullable=True))


class GeneratedDocument(SQLModel, table=True):
    """Fingerprint of every PDF handed out (consent form, referral sheet, report): the
    bytes themselves are never stored, only what proves which document was produced."""

    __tablename__ = "generated_document"
    __table_args__ = (Index("ix_document_subject", "kind", "subject_id"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # consent_form | referral_sheet | statistics | access_report
    subject_id: int | None = None  # consent/referral/client id, by kind
    client_id: int | None = Field(default=None, foreign_key="client.id")
    sha256: str
    template_id: str | None = None
    template_version: str | None = None
    generated_at: dt.datetime = Field(default_factory=utcnow)
    generated_by: int | None = Field(default=None, foreign_key="user_account.id")


class AuditEvent(SQLModel, table=True):
    """One HMAC-chained audit entry. Holds ids and field names, never values."""

    __tablename__ = "audit_event"
    __table_args__ = (
        Index("ix_audit_entity", "entity", "entity_id"),
        Index("ix_audit_at", "at"),
    )
    seq: int = Field(primary_key=True)
    at: str
    user_id: int | None = None
    action: str
    entity: str | None = None
    entity_id: int | None = None
    fields: list[str] = Field(sa_column=Column(JSON, nullable=False))
    prev_mac: str
    mac: str


class Draft(SQLModel, table=True):
    """Unsaved form contents kept inside the vault when the app locks (never on disk)."""

    __tablename__ = "draft"
    __table_args__ = (UniqueConstraint("user_id", "kind", "ref"),)
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id")
    kind: str
    ref: str = ""
    payload: dict[str, Any] = Field(sa_column=Column(JSON, nullable=False))
    updated_at: dt.datetime = Field(default_factory=utcnow)


# --- input and output families --------------------------------------------------------

_STRICT = SQLModelConfig(extra="forbid", str_strip_whitespace=False, validate_default=False)


class AddressIn(SQLModel):
    model_config = _STRICT
    street: Annotated[str | None, v.text_rule(200)] = None
    postal_code: v.PostalCode = None
    city: Annotated[str | None, v.text_rule(100)] = None


# Fields the system assigns: named in errors as read-only rather than unknown.
CLIENT_READ_ONLY = frozenset(
    {
        "id",
        "case_number",
        "case_status",
        "opened_on",
        "closed_on",
        "counsellor",
        "created_at",
        "updated_at",
        "last_contact_on",
        "legal_hold",
        "erased_on",
        "version",
    }
)


class ClientBase(SQLModel):
    model_config = _STRICT
    family_name: v.Name
    given_names: v.Name
    birth_date: v.PastDate
    gender: Annotated[str, v.choice_rule("gender")] = "unspecified"
    nationalities: v.Nationalities = PydField(default_factory=lambda: ["unknown"])
    preferred_language: v.OptionalLanguage = None
    interpreter_needed: v.StrictBool = False
    residence_status: v.ResidenceStatus = "unknown"
    residence_valid_until: v.OptionalDate = None
    employment_permitted: Annotated[str, v.choice_rule("employment_permitted")] = "unknown"
    german_level: Annotated[str, v.choice_rule("german_level")] = "unknown"
    integration_course: Annotated[str, v.choice_rule("integration_course")] = "unknown"
    arrival_date: v.OptionalPastDate = None
    phone: v.Phone = None
    email: v.Email = None
    address: AddressIn | None = None
    jobcenter_customer_number: v.CustomerNumber = None
    notes: v.Notes = None
    document_family_name: v.DocumentName = None
    document_given_names: v.DocumentName = None
    school_education: Annotated[str, v.choice_rule("school_education")] = "unknown"
    vocational_training: Annotated[str, v.choice_rule("vocational_training")] = "unknown"
    vocational_field: Annotated[str | None, v.text_rule(200)] = None
    recognition_profession: Annotated[str | None, v.text_rule(200)] = None
    recognition_status: Annotated[str, v.choice_rule("recognition_status")] = "unknown"
    recognition_body: Annotated[str | None, v.text_rule(200)] = None
    employment_status: Annotated[str, v.choice_rule("employment_status")] = "unknown"
    last_occupation: Annotated[str | None, v.text_rule(200)] = None
    benefit_type: Annotated[str, v.choice_rule("benefit_type")] = "unknown"
    jobcenter_bg_number: v.CustomerNumber = None
    ba_customer_number: v.CustomerNumber = None
    abh_file_reference: v.FileReference = None
    service: Annotated[str | None, v.choice_rule("service", optional=True)] = (
        None  # None: the organisation's first service
    )
    access_route: Annotated[str | None, v.choice_rule("access_route", optional=True)] = None
    residence_basis: v.ResidenceBasis = None

    @model_validator(mode="after")
    def _dates_consistent(self) -> "ClientBase":
        if self.arrival_date and self.birth_date and self.arrival_date < self.birth_date:
            raise PydanticCustomError(
                "input.date_before", "arrival before birth", {"field": "arrival_date", "other": "birth_date"}
            )
        check_residence_basis(self.residence_status, self.residence_basis)
        return self


class ClientCreate(ClientBase):
    pass


class ClientUpdate(SQLModel):
    """Partial update: only the fields present are changed; ``null`` clears optional ones."""

    model_config = _STRICT
    family_name: v.Name = None  # type: ignore[assignment]
    given_names: v.Name = None  # type: ignore[assignment]
    birth_date: v.PastDate = None  # type: ignore[assignment]
    gender: Annotated[str, v.choice_rule("gender")] = None  # type: ignore[assignment]
    nationalities: v.Nationalities = None  # type: ignore[assignment]
    preferred_language: v.OptionalLanguage = None
    interpreter_needed: v.StrictBool = None  # type: ignore[assignment]
    residence_status: v.ResidenceStatus = None  # type: ignore[assignment]
    residence_valid_until: v.OptionalDate = None
    employment_permitted: Annotated[str, v.choice_rule("employment_permitted")] = None  # type: ignore[assignment]
    german_level: Annotated[str, v.choice_rule("german_level")] = None  # type: ignore[assignment]
    integration_course: Annotated[str, v.choice_rule("integration_course")] = None  # type: ignore[assignment]
    arrival_date: v.OptionalPastDate = None
    phone: v.Phone = None
    email: v.Email = None
    address: AddressIn | None = None
    jobcenter_customer_number: v.CustomerNumber = None
    notes: v.Notes = None
    document_family_name: v.DocumentName = None
    document_given_names: v.DocumentName = None
    school_education: Annotated[str, v.choice_rule("school_education")] = None  # type: ignore[assignment]
    vocational_training: Annotated[str, v.choice_rule("vocational_training")] = None  # type: ignore[assignment]
    vocational_field: Annotated[str | None, v.text_rule(200)] = None
    recognition_profession: Annotated[str | None, v.text_rule(200)] = None
    recognition_status: Annotated[str, v.choice_rule("recognition_status")] = None  # type: ignore[assignment]
    recognition_body: Annotated[str | None, v.text_rule(200)] = None
    employment_status: Annotated[str, v.choice_rule("employment_status")] = None  # type: ignore[assignment]
    last_occupation: Annotated[str | None, v.text_rule(200)] = None
    benefit_type: Annotated[str, v.choice_rule("benefit_type")] = None  # type: ignore[assignment]
    jobcenter_bg_number: v.CustomerNumber = None
    ba_customer_number: v.CustomerNumber = None
    abh_file_reference: v.FileReference = None
    service: Annotated[str | None, v.choice_rule("service", optional=True)] = None
    access_route: Annotated[str | None, v.choice_rule("access_route", optional=True)] = None
    residence_basis: v.ResidenceBasis = None


def check_residence_basis(status: str | None, basis: str | None) -> None:
    """A legal basis must belong to the client's residence status (exit 2 naming the field)."""
    if basis is None:
        return
    from referral_desk.core import catalogues

    if catalogues.residence_basis(basis).status != status:
        allowed = ", ".join(b.key for b in catalogues.residence_bases(status)) or "–"
        raise PydanticCustomError(
            "input.choice", "basis of another status", {"field": "residence_basis", "value": basis, "allowed": allowed}
        )


# Fields that may not be cleared with null in an update.
CLIENT_REQUIRED = (
    "family_name",
    "given_names",
    "birth_date",
    "gender",
    "nationalities",
    "residence_status",
    "employment_permitted",
    "german_level",
    "integration_course",
    "interpreter_needed",
    "school_education",
    "vocational_training",
    "recognition_status",
    "employment_status",
    "benefit_type",
)


class AddressRead(SQLModel):
    street: str | None = None
    postal_code: str | None = None
    city: str | None = None


class ClientRead(SQLModel):
    id: int
    case_number: str
    case_status: str
    opened_on: dt.date
    closed_on: dt.date | None
    counsellor: str | None
    family_name: str
    given_names: str
    birth_date: dt.date
    gender: str
    nationalities: list[str]
    preferred_language: str | None
    interpreter_needed: bool
    residence_status: str
    residence_valid_until: dt.date | None
    employment_permitted: str
    german_level: str
    integration_course: str
    arrival_date: dt.date | None
    phone: str | None
    email: str | None
    address: AddressRead
    jobcenter_customer_number: str | None
    notes: str | None
    last_contact_on: dt.date | None
    legal_hold: bool = False
    erased_on: dt.date | None = None
    created_at: dt.datetime
    updated_at: dt.datetime
    document_family_name: str | None = None
    document_given_names: str | None = None
    school_education: str = "unknown"
    vocational_training: str = "unknown"
    vocational_field: str | None = None
    recognition_profession: str | None = None
    recognition_status: str = "unknown"
    recognition_body: str | None = None
    employment_status: str = "unknown"
    last_occupation: str | None = None
    benefit_type: str = "unknown"
    jobcenter_bg_number: str | None = None
    ba_customer_number: str | None = None
    abh_file_reference: str | None = None
    service: str = "mbe"
    access_route: str | None = None
    version: int = 1  # pass it back as the expected version of an update (conflict if changed since)
    residence_basis: str | None = None

    @property
    def needs_document_spelling(self) -> bool:
        """A name in another script without the spelling agencies file it under."""
        return needs_document_spelling(self.family_name, self.given_names, self.document_family_name)


def needs_document_spelling(family_name: str, given_names: str, document_family_name: str | None) -> bool:
    return not document_family_name and v.has_non_latin_letters(f"{family_name} {given_names}")


class ClientSummary(SQLModel):
    """One row of a search result or the client list."""

    id: int
    case_number: str
    family_name: str
    given_names: str
    birth_date: dt.date
    nationalities: list[str]
    residence_status: str
    counsellor: str | None
    last_contact_on: dt.date | None
    case_status: str


class ContactCreate(SQLModel):
    model_config = _STRICT
    date: v.PastDate
    minutes: int = PydField(ge=1, le=600)
    mode: Annotated[str, v.choice_rule("contact_mode")] = "in_person"
    topics: v.Topics = PydField(default_factory=list)
    interpreter: v.StrictBool = False
    language: v.OptionalLanguage = None
    note: v.Notes = None
    with_family: Annotated[int, v.int_range(0, 20)] = 0


class ContactUpdate(SQLModel):
    model_config = _STRICT
    date: v.PastDate = None  # type: ignore[assignment]
    minutes: int | None = PydField(default=None, ge=1, le=600)
    mode: Annotated[str, v.choice_rule("contact_mode")] = None  # type: ignore[assignment]
    topics: v.Topics = None  # type: ignore[assignment]
    interpreter: v.StrictBool = None  # type: ignore[assignment]
    language: v.OptionalLanguage = None
    note: v.Notes = None
    with_family: Annotated[int, v.int_range(0, 20)] = None  # type: ignore[assignment]


class ContactRead(SQLModel):
    id: int
    client_id: int
    date: dt.date
    minutes: int
    mode: str
    topics: list[str]
    interpreter: bool
    language: str | None
    note: str | None
    counsellor: str | None
    with_family: int = 0
    version: int = 1  # what a save sends back as ``expected_version``


class UserRead(SQLModel):
    id: int
    name: str
    display_name: str
    role: str
    also_lead: bool = False
    active: bool
    email: str | None
    phone: str | None
    must_change_password: bool = False
    ui_language: str | None = None


class OrganisationRead(SQLModel):
    name: str
    service: str
    street: str | None
    postal_code: str | None
    city: str | None
    phone: str | None
    email: str | None
    legal_regime: str
    consent_validity_months: int
    min_cell_size: int
    retention_years: int
    idle_lock_minutes: int
    team_access: bool
    ui_language: str
    backup_dir: str | None
    backup_keep: int
    erase_mode: str
    has_logo: bool
    dpo_name: str | None = None
    dpo_email: str | None = None
    dpo_address: str | None = None
    services: list[str] = ["mbe"]
    version: int = 1  # what a save sends back as ``expected_version``


class AgencyRead(SQLModel):
    id: int
    key: str
    kind: str
    name: str
    department: str | None
    contact_person: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    phone: str | None
    email: str | None
    built_in: bool
    active: bool
    version: int = 1  # what a save sends back as ``expected_version``


# --- release 0.2: the desktop's own records inside the vault (migrations/v2_desk.py) ---


class DeskSetting(SQLModel, table=True):
    """Small per-vault settings of the desktop app that must not live in a plain settings
    file (e.g. the printer last used: it can name a person's office)."""

    __tablename__ = "desk_setting"
    key: str = Field(primary_key=True)
    value: str


class BackupRun(SQLModel, table=True):
    """The result of every backup (automatic or by hand), shown in the status bar and in
    Verwaltung; a failed automatic backup is announced at the next sign-in."""

    __tablename__ = "backup_run"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow)
    automatic: bool = True
    ok: bool
    file_name: str | None = None  # the file's name only (no personal data in backup names)
    size: int | None = None
    error_code: str | None = None  # a message code, never an exception text
    user_id: int | None = Field(default=None, foreign_key="user_account.id")
    acknowledged: bool = False  # the failure warning was shown and closed


class AppError(SQLModel, table=True):
    """Unexpected program errors, stored encrypted in the vault instead of on stderr. Only
    the exception type and the code location (file, function, line) are kept, never the
    message: exception texts can contain names and other values."""

    __tablename__ = "app_error"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow)
    kind: str
    location: str = Field(sa_column=Column(SAText, nullable=False))
    app_version: str
    user_id: int | None = Field(default=None, foreign_key="user_account.id")


def _sqlite_triggers(table: Any, ddls: Sequence[str]) -> None:
    """Create triggers with ``table`` (SQLite only: the DDL is SQLite's; a trigger body's
    tables are looked up when it fires, not when it is created)."""
    from sqlalchemy import DDL, event

    for ddl in ddls:
        event.listen(
            table,
            "after_create",
            DDL(ddl).execute_if(dialect="sqlite"),  # type: ignore[no-untyped-call]  # SQLAlchemy's DDL is untyped
        )


def _register_triggers() -> None:
    from referral_desk.core.migrations import v2_cell_key, v2_person_stats, v2_stats_speed

    # Every new client row gets a random record key (a column default cannot be random).
    _sqlite_triggers(Client.__table__, [v2_cell_key.TRIGGER_DDL])  # type: ignore[attr-defined]  # set by SQLModel
    # The monthly contact counts of the statistics follow every write to ``contact``.
    _sqlite_triggers(Contact.__table__, v2_stats_speed.TRIGGER_DDL)  # type: ignore[attr-defined]  # set by SQLModel
    # The persons counselled per month and the newest tracked values follow their tables too.
    _sqlite_triggers(Contact.__table__, v2_person_stats.TRIGGER_DDL)  # type: ignore[attr-defined]  # set by SQLModel
    _sqlite_triggers(
        ClientAttributeHistory.__table__,  # type: ignore[attr-defined]  # set by SQLModel
        v2_person_stats.HEAD_TRIGGER_DDL,
    )


_register_triggers()
