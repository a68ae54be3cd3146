"""Synthetic consents for demo data (called by ``demo.generate`` inside its transaction).

About 60 % of the clients get one or two consents to built-in or other active agencies,
with categories that fit the recipient, in the client's language where a translated
template exists, given between the opening of the case and today. Some have a shorter
validity and have expired by now, some expire within the next weeks, some were withdrawn —
wholly, or partly (some categories, or one of several purposes), each with its history row
in ``consent_withdrawal``. A client under 15 on the signing date has a guardian who
co-signed, and about half of the 15–17-year-olds name one too.

The rows are bulk-inserted with raw SQL like the rest of the demo. ``text_sha256`` of a
demo consent is the hash of a marker, not of a signed text (there is none).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text

from referral_desk.core import clock, dates, purposes
from referral_desk.core.documents import consent_form as cf, templates as tpl_mod
from referral_desk.core.services.consent import DEFAULT_PURPOSES, SOURCES, add_months
from referral_desk.core.services.context import UnitOfWork

_KIND_WEIGHTS = {"jobcenter": 50, "agentur": 30, "auslaenderbehoerde": 20, "other": 5}
_BASE = {
    "jobcenter": ["identity", "contact"],
    "agentur": ["identity", "contact"],
    "auslaenderbehoerde": ["identity"],
    "other": ["identity", "contact"],
}
_EXTRA = {
    "jobcenter": ["residence", "language", "qualifications", "employment", "benefits", "household"],
    "agentur": ["language", "qualifications", "employment", "benefits"],
    "auslaenderbehoerde": ["residence", "employment", "household", "language"],
    "other": ["language", "household", "qualifications"],
}
_REASONS = [
    None,
    None,
    "Möchte die Weitergabe selbst übernehmen.",
    "Kein Kontakt mehr zur Stelle gewünscht.",
    "Anliegen hat sich erledigt.",
]

_INSERT = (
    "INSERT INTO consent (id, client_id, agency_id, purpose, categories, health_confirmed, direction, given_on, "
    "valid_until, template_id, template_version, language, text_sha256, interpreter_used, interpreter_language, "
    "recorded_by, recorded_at, withdrawn_on, withdrawal_reason, withdrawal_source, withdrawal_recorded_by, purposes, "
    "guardian_name) "
    "VALUES (:id, :client_id, :agency_id, :purpose, :categories, :health_confirmed, :direction, :given_on, "
    ":valid_until, :template_id, :template_version, :language, :text_sha256, :interpreter_used, "
    ":interpreter_language, :recorded_by, :recorded_at, :withdrawn_on, :withdrawal_reason, :withdrawal_source, "
    ":withdrawal_recorded_by, :purposes, :guardian_name)"
)
_INSERT_WITHDRAWAL = (
    "INSERT INTO consent_withdrawal (consent_id, categories, withdrawn_on, reason, source, complete, recorded_by, "
    "recorded_at, purposes) VALUES (:consent_id, :categories, :withdrawn_on, :reason, :source, :complete, "
    ":recorded_by, :recorded_at, :purposes)"
)
# Given names of the (synthetic) guardians; the family name is the client's.
_GUARDIANS = [
    "Samira",
    "Ahmad",
    "Olena",
    "Mehmet",
    "Fatima",
    "Ion",
    "Maryam",
    "Yonas",
    "Ardita",
    "Hassan",
    "Leyla",
    "Petro",
]
# Demo purposes per kind: catalogue keys, so consents show (and partly withdraw) purposes.
_PURPOSE_CHOICES = {
    "jobcenter": [
        ["job_placement", "benefits_sgb2"],
        ["job_placement"],
        ["benefits_sgb2"],
        ["job_placement", "recognition"],
        ["job_placement", "language_course"],
    ],
    "agentur": [
        ["job_placement", "benefits_sgb3"],
        ["job_placement"],
        ["recognition"],
        ["job_placement", "language_course"],
    ],
    "auslaenderbehoerde": [["residence_permit"], ["residence_permit", "language_course"]],
}


def _between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def add_demo_consents(
    uow: UnitOfWork,
    rng: random.Random,
    client_rows: Iterable[dict[str, Any]],
    *,
    today: dt.date | None = None,
    share: float = 0.6,
    audit: bool = True,
) -> int:
    """Add consents for ``client_rows`` (dicts with at least ``id`` and ``opened_on``;
    ``closed_on``, ``preferred_language``, ``interpreter_needed``, ``counsellor_id`` are
    used when present; dates as ``date`` or ISO text). The clients must already be
    inserted. Returns the number of consents written; with ``audit`` each gets a
    ``demo.consent_create`` event."""
    today = today or clock.today()
    conn = uow.conn
    org = conn.execute(text("SELECT legal_regime, consent_validity_months FROM organisation WHERE id = 1")).first()
    regime, months = (org[0], int(org[1])) if org else ("dsgvo", 24)
    templates = tpl_mod.available(cf.KIND)
    german = templates.get((cf.template_id(regime), "de"))
    if german is None:
        return 0
    languages = {lang for (tid, lang) in templates if tid == german.id}
    agencies = [
        (r[0], r[1] if r[1] in _KIND_WEIGHTS else "other")
        for r in conn.execute(text("SELECT id, kind FROM agency WHERE active = 1 ORDER BY id"))
    ]
    if not agencies:
        return 0
    weights = [_KIND_WEIGHTS[kind] for _id, kind in agencies]
    next_id = (conn.execute(text("SELECT coalesce(max(id), 0) FROM consent")).scalar() or 0) + 1
    batch: list[dict[str, Any]] = []
    history: list[dict[str, Any]] = []
    rows = list(client_rows)
    # Clients who may have been minors when a consent was given (JMD: 12–26): their family
    # name, for the guardian's name.
    minors = [r["id"] for r in rows if r.get("birth_date") and (today - dates.as_date(r["birth_date"])).days < 26 * 366]
    families: dict[int, str] = {}
    for start in range(0, len(minors), 500):
        chunk = minors[start : start + 500]
        marks = ", ".join(str(int(i)) for i in chunk)
        families.update(
            {r[0]: r[1] for r in conn.execute(text(f"SELECT id, family_name FROM client WHERE id IN ({marks})"))}
        )
    for row in rows:
        if rng.random() >= share:
            continue
        opened = dates.as_date(row.get("opened_on")) or today
        end = dates.as_date(row.get("closed_on")) or today
        lang = row.get("preferred_language") if row.get("preferred_language") in languages else "de"
        interpreter = bool(row.get("interpreter_needed"))
        for _ in range(1 if rng.random() < 0.8 else 2):
            agency_id, kind = rng.choices(agencies, weights=weights)[0]
            given = _between(rng, opened, end)
            validity = rng.choices([months, 12, 6], weights=[70, 20, 10])[0]
            until = add_months(given, validity)
            extra = _EXTRA[kind]
            cats = set(_BASE[kind]) | set(rng.sample(extra, rng.randint(1, min(3, len(extra)))))
            health = rng.random() < 0.06
            if health:
                cats.add("health")
            ordered = [k for k in cf.CATEGORY_KEYS if k in cats]
            if kind in _PURPOSE_CHOICES:
                keys = rng.choice(_PURPOSE_CHOICES[kind])
                keys, wording = purposes.resolve(kind, ",".join(keys))
            else:
                keys, wording = purposes.resolve(kind, DEFAULT_PURPOSES[kind])
            birth = dates.as_date(row.get("birth_date"))
            stage = cf.minor_stage(birth, given) if birth else None
            guardian = None
            if stage == "under_15" or (stage == "15_17" and rng.random() < 0.5):
                guardian = f"{rng.choice(_GUARDIANS)} {families.get(row['id'], '')}".strip()
            withdrawn = None
            reason = source = None
            cid = next_id + len(batch)
            by = row.get("counsellor_id")
            roll = rng.random()
            if roll < 0.08:
                withdrawn = _between(rng, given, min(today, until))
                reason = rng.choice(_REASONS)
                source = rng.choice(SOURCES)
                history.append(
                    {
                        "consent_id": cid,
                        "categories": json.dumps(ordered),
                        "withdrawn_on": withdrawn.isoformat(),
                        "reason": reason,
                        "source": source,
                        "complete": True,
                        "recorded_by": by,
                        "recorded_at": f"{withdrawn.isoformat()} 11:00:00",
                        "purposes": "[]",
                    }
                )
            elif roll < 0.16 and min(today, until) > given:
                # Partial withdrawal: one category other than identity, or one of several purposes.
                on = _between(rng, given + dt.timedelta(days=1), min(today, until))
                optional = [k for k in ordered if k != "identity"]
                if len(keys) > 1 and (rng.random() < 0.5 or len(optional) < 2):
                    gone_cats, gone_purposes = [], [rng.choice(keys)]
                elif len(optional) >= 2:
                    gone_cats, gone_purposes = [rng.choice(optional)], []
                else:
                    gone_cats = gone_purposes = []
                if gone_cats or gone_purposes:
                    history.append(
                        {
                            "consent_id": cid,
                            "categories": json.dumps(gone_cats),
                            "withdrawn_on": on.isoformat(),
                            "reason": rng.choice(_REASONS),
                            "source": rng.choice(SOURCES),
                            "complete": False,
                            "recorded_by": by,
                            "recorded_at": f"{on.isoformat()} 11:00:00",
                            "purposes": json.dumps(gone_purposes),
                        }
                    )
            batch.append(
                {
                    "id": cid,
                    "client_id": row["id"],
                    "agency_id": agency_id,
                    "purpose": wording,
                    "purposes": json.dumps(keys),
                    "guardian_name": guardian,
                    "categories": json.dumps(ordered),
                    "health_confirmed": health,
                    "direction": "mutual" if rng.random() < 0.3 else "one_way",
                    "given_on": given.isoformat(),
                    "valid_until": until.isoformat(),
                    "template_id": german.id,
                    "template_version": german.version,
                    "language": lang,
                    "text_sha256": hashlib.sha256(f"demo-consent:{cid}".encode()).hexdigest(),
                    "interpreter_used": interpreter,
                    "interpreter_language": lang if interpreter and lang != "de" else None,
                    "recorded_by": row.get("counsellor_id"),
                    "recorded_at": f"{given.isoformat()} 10:00:00",
                    "withdrawn_on": withdrawn.isoformat() if withdrawn else None,
                    "withdrawal_reason": reason,
                    "withdrawal_source": source,
                    "withdrawal_recorded_by": row.get("counsellor_id") if withdrawn else None,
                }
            )
    if batch:
        conn.execute(text(_INSERT), batch)
        if history:
            conn.execute(text(_INSERT_WITHDRAWAL), history)
        if audit:
            for item in batch:
                uow.record(
                    "demo.consent_create",
                    entity="consent",
                    entity_id=item["id"],
                    fields=["client_id", "recipient", "categories", "given_on", "valid_until"]
                    + (["withdrawn_on"] if item["withdrawn_on"] else [])
                    + (["guardian_name"] if item["guardian_name"] else []),
                )
    return len(batch)
