"""Synthetic referrals for demo data (called by ``demo.generate`` inside its transaction,
after ``demo_consents.add_demo_consents``).

For a share of the consents in the vault, one referral to that consent's recipient with
categories the consent includes, dated inside the consent's validity (and before a
withdrawal), so ``consent.coverage`` covers it on its date — which is checked for every
referral; an uncovered one is skipped. Referrals end up in every state of the flow
(draft → sent → received → accepted | rejected → completed, withdrawn), each with its
``referral_event`` history; the later ones carry feedback from the recipient. Open
referrals get a follow-up 14 days after their last step, so older open ones are overdue.

Rows are bulk-inserted with raw SQL like the rest of the demo; with ``audit`` each
referral gets one ``demo.referral_create`` event (ids and field names only).
"""

import datetime as dt
import json
import random
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text

from referral_desk.core import clock, dates
from referral_desk.core.services.consent import coverage
from referral_desk.core.services.context import UnitOfWork

FOLLOW_UP_DAYS = 14

_REQUESTS: dict[str, list[tuple[str, str | None]]] = {
    "jobcenter": [
        (
            "Beratung zu Leistungen nach dem SGB II (Bürgergeld), Antrag ist gestellt.",
            "Termin in der Leistungsabteilung",
        ),
        ("Unterstützung bei der Suche nach einer Arbeitsstelle in der Logistik.", "Termin bei der Arbeitsvermittlung"),
        ("Übernahme der Kosten für einen Berufssprachkurs (B2).", "Prüfung der Förderung"),
        ("Weiterbewilligungsantrag: Unterlagen wurden nachgereicht.", "Bestätigung des Eingangs"),
        ("Klärung einer Rückforderung; die Person versteht den Bescheid nicht.", "Erläuterung des Bescheids"),
        ("Vermittlung in eine Teilzeitstelle wegen Kinderbetreuung.", None),
    ],
    "agentur": [
        ("Berufsberatung und Anerkennung des ausländischen Berufsabschlusses.", "Beratungstermin"),
        ("Arbeitslosmeldung nach Ende des befristeten Arbeitsvertrags.", "Termin zur Arbeitslosmeldung"),
        ("Förderung einer Weiterbildung (Bildungsgutschein) als Pflegehelferin.", "Prüfung der Förderung"),
        ("Suche nach einem Ausbildungsplatz als Elektroniker.", "Termin bei der Berufsberatung"),
    ],
    "auslaenderbehoerde": [
        ("Verlängerung des Aufenthaltstitels; Termin ist dringend.", "Termin zur Vorsprache"),
        ("Erteilung einer Beschäftigungserlaubnis für ein konkretes Arbeitsangebot.", "Prüfung und Entscheidung"),
        ("Streichung der Wohnsitzauflage wegen Arbeitsaufnahme.", "Prüfung"),
        ("Ausstellung einer Fiktionsbescheinigung bis zur Entscheidung.", "Ausstellung"),
    ],
    "other": [("Beratung und Unterstützung im Anliegen der Person.", None)],
}
_ATTACHMENTS = [
    "Kopie Aufenthaltstitel",
    "Lebenslauf",
    "Kopie Bescheid",
    "Arbeitsangebot",
    "Sprachzertifikat",
    "Mietvertrag",
    "Zeugnisse (Übersetzung)",
]
_FEEDBACK_FROM = [
    "Frau Klein, Team Integration",
    "Herr Becker, Arbeitsvermittlung",
    "Frau Yıldız, Leistungsabteilung",
    "Herr Schmitt, Berufsberatung",
    "Frau Wagner, Abteilung Aufenthaltsrecht",
]
_OUTCOMES = {
    "accepted": ["Termin vereinbart.", "Anliegen wird bearbeitet.", "Förderung wird geprüft; Unterlagen vollständig."],
    "rejected": ["Nicht zuständig.", "Voraussetzungen liegen nicht vor.", "Unterlagen unvollständig."],
}
_NEXT = ["Person meldet sich nach dem Termin bei der Beratung.", "Wiedervorlage in vier Wochen.", None]
# target state → weight
_TARGETS = [
    ("draft", 8),
    ("sent", 16),
    ("received", 12),
    ("accepted", 14),
    ("rejected", 8),
    ("completed", 32),
    ("withdrawn", 10),
]
_PATHS = {
    "draft": ["draft"],
    "sent": ["draft", "sent"],
    "received": ["draft", "sent", "received"],
    "accepted": ["draft", "sent", "received", "accepted"],
    "rejected": ["draft", "sent", "received", "rejected"],
    "completed": ["draft", "sent", "received", "accepted", "completed"],
}

_INSERT = (
    "INSERT INTO referral (id, client_id, agency_id, consent_id, counsellor_id, created_on, created_at, request, "
    "requested_action, urgency, deadline, categories, attachments, follow_up_on, status, status_changed_on, "
    "rejection_reason, feedback_received_on, feedback_from, feedback_outcome, feedback_next_steps, updated_at, "
    "purpose) "
    "VALUES (:id, :client_id, :agency_id, :consent_id, :counsellor_id, :created_on, :created_at, :request, "
    ":requested_action, :urgency, :deadline, :categories, :attachments, :follow_up_on, :status, :status_changed_on, "
    ":rejection_reason, :feedback_received_on, :feedback_from, :feedback_outcome, :feedback_next_steps, :updated_at, "
    ":purpose)"
)
_INSERT_EVENT = (
    "INSERT INTO referral_event (referral_id, at, on_date, user_id, from_status, to_status, note) "
    "VALUES (:referral_id, :at, :on_date, :user_id, :from_status, :to_status, :note)"
)


def _later(rng: random.Random, start: dt.date, end: dt.date, max_days: int) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(
        days=rng.randint(1 if (end - start).days >= 1 else 0, min(max_days, (end - start).days))
    )


def add_demo_referrals(
    uow: UnitOfWork,
    rng: random.Random,
    *,
    today: dt.date | None = None,
    share: float = 0.45,
    limit: int | None = 4000,
    audit: bool = True,
    client_ids: Iterable[int] | None = None,
) -> int:
    """Add referrals for a ``share`` of the consents in the vault (or of the consents of
    ``client_ids``), at most ``limit`` (spread over the whole vault: the coverage check
    costs about 1–2 ms per referral). Each is covered by a consent on its date
    (``consent.coverage``). Returns the number of referrals written."""
    today = today or clock.today()
    conn = uow.conn
    sql = (
        "SELECT s.id, s.client_id, s.agency_id, a.key, a.kind, s.categories, s.given_on, s.valid_until, "
        "s.withdrawn_on, c.counsellor_id, c.erased_on, s.direction, s.purposes FROM consent s "
        "JOIN agency a ON a.id = s.agency_id "
        "JOIN client c ON c.id = s.client_id"
    )
    wanted = None if client_ids is None else set(client_ids)  # filtered here: 100,000 ids are too many parameters
    if wanted is not None and not wanted:
        return 0
    consents = [
        r
        for r in conn.execute(text(sql + " ORDER BY s.id")).fetchall()
        if (wanted is None or r.client_id in wanted) and rng.random() < share
    ]
    if limit is not None and len(consents) > limit:
        consents = sorted(rng.sample(consents, max(0, int(limit))), key=lambda r: r.id)
    next_id = (conn.execute(text("SELECT coalesce(max(id), 0) FROM referral")).scalar() or 0) + 1
    targets, weights = zip(*_TARGETS)
    now = clock.now_utc().replace(microsecond=0).isoformat(" ")
    rows: list[dict[str, Any]] = []
    events: list[dict[str, Any]] = []
    for row in consents:
        if row.erased_on is not None:
            continue
        given, until, withdrawn = (
            dates.as_date(row.given_on),
            dates.as_date(row.valid_until),
            dates.as_date(row.withdrawn_on),
        )
        last_day = min(today, until, withdrawn - dt.timedelta(days=1) if withdrawn else today)
        if last_day < given:
            continue
        created = given + dt.timedelta(days=rng.randint(0, (last_day - given).days))
        granted = (
            [k for k in json.loads(row.categories) if k != "health"]
            if isinstance(row.categories, str)
            else [k for k in row.categories if k != "health"]
        )
        if "identity" not in granted:
            continue
        others = [k for k in granted if k != "identity"]
        cats = ["identity"] + rng.sample(others, rng.randint(min(1, len(others)), len(others)))
        cats = [k for k in granted if k in cats]  # catalogue order, as stored by the consent
        if not coverage(uow, client_id=row.client_id, recipient=row.key, categories=cats, on=created).covered:
            continue
        kind = row.kind if row.kind in _REQUESTS else "other"
        request, action = rng.choice(_REQUESTS[kind])
        target = rng.choices(targets, weights=weights)[0]
        if target == "withdrawn":
            path = _PATHS[rng.choice(["draft", "sent", "received", "accepted"])] + ["withdrawn"]
        else:
            path = list(_PATHS[target])
        # the transfer ("sent") happens while the consent still covers it
        sent_limit = last_day
        days = [created]
        for step in path[1:]:
            # not `limit`: that is this function's parameter (the number of referrals)
            step_limit = sent_limit if step == "sent" else today
            days.append(_later(rng, days[-1], max(step_limit, days[-1]), 21))
        if "sent" in path and days[path.index("sent")] > sent_limit:
            continue
        rid = next_id + len(rows)
        status, changed = path[-1], days[-1]
        feedback: dict[str, Any] = {
            "feedback_received_on": None,
            "feedback_from": None,
            "feedback_outcome": None,
            "feedback_next_steps": None,
        }
        decided = next((s for s in ("accepted", "rejected") if s in path), None)
        rejection = None
        if decided and row.direction == "mutual":  # a one-way consent lets no feedback come back
            feedback = {
                "feedback_received_on": days[path.index(decided)].isoformat(),
                "feedback_from": rng.choice(_FEEDBACK_FROM),
                "feedback_outcome": rng.choice(_OUTCOMES[decided]),
                "feedback_next_steps": rng.choice(_NEXT),
            }
        if decided == "rejected":
            rejection = feedback["feedback_outcome"] or rng.choice(_OUTCOMES["rejected"])
        is_open = status in ("draft", "sent", "received", "accepted")
        follow_up = (
            changed + dt.timedelta(days=FOLLOW_UP_DAYS) if is_open else created + dt.timedelta(days=FOLLOW_UP_DAYS)
        )
        urgent = rng.random() < 0.15
        rows.append(
            {
                "id": rid,
                "client_id": row.client_id,
                "agency_id": row.agency_id,
                "consent_id": row.id,
                "counsellor_id": row.counsellor_id,
                "created_on": created.isoformat(),
                "created_at": now,
                "request": request,
                "requested_action": action,
                "urgency": "urgent" if urgent else "normal",
                "deadline": (created + dt.timedelta(days=rng.randint(7, 28))).isoformat() if urgent else None,
                "categories": json.dumps(cats),
                "attachments": json.dumps(rng.sample(_ATTACHMENTS, rng.randint(0, 2))),
                "follow_up_on": follow_up.isoformat(),
                "status": status,
                "status_changed_on": changed.isoformat(),
                "rejection_reason": rejection,
                "updated_at": now,
                **feedback,
                "purpose": (
                    json.loads(row.purposes) if isinstance(row.purposes, str) else list(row.purposes or ["other"])
                )[0],
            }
        )
        previous = None
        for step, day in zip(path, days):
            note = None
            if step == "sent":
                note = rng.choice(["per Post", "per E-Mail (verschlüsselt)", "persönlich übergeben", None])
            elif step == "rejected":
                note = rejection
            events.append(
                {
                    "referral_id": rid,
                    "at": f"{day.isoformat()} 10:00:00",
                    "on_date": day.isoformat(),
                    "user_id": row.counsellor_id,
                    "from_status": previous,
                    "to_status": step,
                    "note": note,
                }
            )
            previous = step
    if rows:
        conn.execute(text(_INSERT), rows)
        conn.execute(text(_INSERT_EVENT), events)
        if audit:
            for item in rows:
                uow.record(
                    "demo.referral_create",
                    entity="referral",
                    entity_id=item["id"],
                    fields=["client_id", "recipient", "categories", "request", "status", "events"],
                )
    return len(rows)
