"""Synthetic case work for demo data (called by ``demo.generate`` inside its transaction,
after the clients and contacts are written).

* service by age (JMD 12–26, MBE 27+); the demo organisation runs both, so a demo vault
  shows a centre like Caritas Ludwigshafen that runs MBE and JMD side by side;
* access route for nine in ten clients, family members counselled alongside for some
  contacts, attribute history (with an earlier status for some humanitarian cases);
* support plans for about one open case in seven (1–3 goals, steps, reviews), signposting
  for about one client in ten, weekly group sessions per service.

Bulk SQL only (one statement for a whole column where possible), and its own random
stream, so the clients stay the same for a seed. One audit event covers the run.
"""

from __future__ import annotations

import datetime as dt
import json
import random
from typing import Any

from referral_desk.core import clock
from referral_desk.core.migrations.v2_casework import backfill_history

AREAS = ("language", "work", "education", "housing", "health", "residence", "family", "social")

_GOALS: dict[str, list[tuple[str, list[str]]]] = {
    "language": [
        (
            "Deutsch auf Niveau B1 erreichen",
            [
                "Anmeldung zum Integrationskurs",
                "Kinderbetreuung für die Kurszeiten klären",
                "Prüfungstermin DTZ vereinbaren",
            ],
        ),
        ("Berufssprachkurs B2 abschließen", ["Antrag auf Zulassung beim BAMF stellen", "Kursträger auswählen"]),
    ],
    "work": [
        (
            "Arbeitsstelle in der Logistik finden",
            ["Lebenslauf erstellen", "Bewerbungen schreiben", "Termin bei der Arbeitsvermittlung wahrnehmen"],
        ),
        ("Minijob neben dem Kurs finden", ["Stellenangebote durchsehen", "Bewerbungsfoto machen"]),
    ],
    "education": [
        (
            "Ausbildungsplatz finden",
            ["Praktikum suchen", "Bewerbungsunterlagen vorbereiten", "Termin bei der Berufsberatung"],
        ),
        (
            "Anerkennung des Berufsabschlusses",
            ["Zeugnisse übersetzen lassen", "Antrag bei der zuständigen Stelle einreichen"],
        ),
    ],
    "housing": [("Eigene Wohnung finden", ["Wohnberechtigungsschein beantragen", "Wohnungsanzeigen prüfen"])],
    "health": [("Hausärztliche Versorgung sichern", ["Krankenversicherung klären", "Arzttermin vereinbaren"])],
    "residence": [
        ("Aufenthaltserlaubnis verlängern", ["Unterlagen zusammenstellen", "Termin bei der Ausländerbehörde buchen"]),
        ("Niederlassungserlaubnis beantragen", ["Voraussetzungen prüfen", "Nachweise sammeln"]),
    ],
    "family": [("Kita-Platz für das jüngste Kind", ["Anmeldung im Kita-Portal", "Gespräch mit der Kita-Leitung"])],
    "social": [("Anschluss im Stadtteil finden", ["Sportverein besuchen", "Nachbarschaftstreff kennenlernen"])],
}

_SIGNPOST_TO = [
    "Schuldnerberatung",
    "Mieterverein",
    "Jugendberufsagentur",
    "Frauenberatungsstelle",
    "Erziehungsberatung",
    "Verbraucherzentrale",
    "Psychosoziale Beratung",
    "Stadtbibliothek",
    "Sportverein im Stadtteil",
    "Anerkennungsberatung (IQ-Netzwerk)",
]
_SIGNPOST_TOPIC = [
    "finances",
    "housing",
    "education",
    "family",
    "family",
    "everyday",
    "health",
    "language_course",
    "everyday",
    "recognition",
]
_GROUP_TOPICS = ["work", "education", "residence", "everyday", "language_course", "health", "family"]

# access route by a hash of the id (one UPDATE for all rows): cumulative percent → key
_ROUTES = [
    (10, None),
    (34, "self"),
    (58, "family_friends"),
    (70, "jobcenter"),
    (75, "agentur"),
    (81, "auslaenderbehoerde"),
    (90, "integration_course"),
    (94, "school"),
    (97, "other_service"),
    (98, "outreach"),
    (100, "online"),
]


def access_route(client_id: int) -> str | None:
    """The demo client's access route, from a hash of its id (``demo.generate`` writes it with
    the client row)."""
    bucket = ((client_id * 2654435761) % 1000003) % 100
    return next(key for high, key in _ROUTES if bucket < high)


def with_family(contact_id: int) -> int:
    """Family members counselled alongside in a demo contact (0–3), from a hash of its id
    (``demo.generate`` writes it with the contact row)."""
    bucket = ((contact_id * 40503) % 65537) % 100
    return 1 if bucket < 12 else 2 if bucket < 18 else 3 if bucket < 20 else 0


def jmd_cutoff(today: dt.date) -> str:
    """Clients born after this ISO date are young people (JMD, under 27); the others MBE."""
    return dt.date(today.year - 27, today.month, min(today.day, 28)).isoformat()


def add_demo_casework(uow: Any, seed: int, rows: list[dict[str, Any]], today: dt.date) -> dict[str, int]:
    if not rows:
        return {"goals": 0, "groups": 0, "signposts": 0}
    rng = random.Random(f"{seed}-casework")
    conn = uow.conn
    cursor = conn.connection.dbapi_connection.cursor()
    first = rows[0]["id"]
    # The demo organisation runs MBE and JMD (kept in the order it had, missing ones appended).
    services = json.loads(cursor.execute("SELECT services FROM organisation WHERE id = 1").fetchone()[0] or "[]")
    for s in ("mbe", "jmd"):
        if s not in services:
            services.append(s)
    cursor.execute("UPDATE organisation SET services = ? WHERE id = 1", (json.dumps(services),))
    cutoff = jmd_cutoff(today)
    # Service (by age), access route and ``with_family`` came with the client and contact rows.
    backfill_history(conn, client_ids_from=first)
    # Some humanitarian cases came in with an Aufenthaltsgestattung (asylum procedure).
    earlier, moved = [], []
    for r in rows:
        if r["residence_status"] == "aufenthaltserlaubnis_humanitaer" and rng.random() < 0.4:
            opened = dt.date.fromisoformat(r["opened_on"])
            if opened < today - dt.timedelta(days=200):
                change = opened + dt.timedelta(days=rng.randint(60, 180))
                earlier.append((r["id"], "aufenthaltsgestattung", r["opened_on"]))
                moved.append((change.isoformat(), r["id"]))
    cursor.executemany(
        "UPDATE client_attribute_history SET valid_from = ? WHERE client_id = ? AND attribute = 'residence_status'",
        moved,
    )
    cursor.executemany(
        "INSERT INTO client_attribute_history (client_id, attribute, value, valid_from, recorded_at) "
        "VALUES (?, 'residence_status', ?, ?, datetime('now'))",
        earlier,
    )
    now = clock.now_utc().replace(microsecond=0).isoformat(" ")
    next_goal = (cursor.execute("SELECT coalesce(max(id), 0) FROM support_goal").fetchone()[0]) + 1
    goals: list[tuple[Any, ...]] = []
    steps: list[tuple[Any, ...]] = []
    reviews: list[tuple[Any, ...]] = []
    signposts: list[tuple[Any, ...]] = []
    for r in rows:
        opened = dt.date.fromisoformat(r["opened_on"])
        end = dt.date.fromisoformat(r["closed_on"]) if r["closed_on"] else today
        if rng.random() < 0.10:
            d = opened + dt.timedelta(days=rng.randrange(max(1, (end - opened).days + 1)))
            i = rng.randrange(len(_SIGNPOST_TO))
            signposts.append((r["id"], d.isoformat(), _SIGNPOST_TO[i], _SIGNPOST_TOPIC[i], r["counsellor_id"], now))
        if rng.random() >= 0.15:
            continue
        for area in rng.sample(AREAS, rng.randint(1, 3)):
            goal, step_texts = rng.choice(_GOALS[area])
            set_on = opened + dt.timedelta(days=rng.randrange(max(1, min(60, (end - opened).days + 1))))
            due = set_on + dt.timedelta(days=rng.choice([90, 180, 270, 365]))
            gid = next_goal + len(goals)
            goals.append((gid, r["id"], area, goal, set_on.isoformat(), due.isoformat(), r["counsellor_id"], now, now))
            for j, step in enumerate(step_texts[: rng.randint(1, len(step_texts))]):
                step_due = set_on + dt.timedelta(days=14 * (j + 1) + rng.randrange(30))
                # Most steps that are past due were done; a few stay open (the reminders show them).
                done = (
                    step_due - dt.timedelta(days=rng.randrange(10))
                    if step_due < today and rng.random() < 0.92
                    else None
                )
                steps.append(
                    (
                        gid,
                        r["id"],
                        step,
                        rng.choice(["client", "client", "together", "counsellor"]),
                        step_due.isoformat(),
                        done.isoformat() if done and done >= set_on else None,
                        now,
                    )
                )
            if set_on < today - dt.timedelta(days=90) and rng.random() < 0.6:
                on = min(end, set_on + dt.timedelta(days=rng.randint(90, 300)))
                if on >= set_on:
                    outcome = rng.choices(["achieved", "partly", "not_achieved", "dropped"], [45, 30, 15, 10])[0]
                    reviews.append((gid, on.isoformat(), outcome, None, r["counsellor_id"], now))
    cursor.executemany(
        "INSERT INTO support_goal (id, client_id, area, goal, set_on, due_on, counsellor_id, created_at, "
        "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        goals,
    )
    cursor.executemany(
        "INSERT INTO support_step (goal_id, client_id, text, responsible, due_on, done_on, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        steps,
    )
    cursor.executemany(
        "INSERT INTO support_review (goal_id, on_date, outcome, note, counsellor_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        reviews,
    )
    cursor.executemany(
        "INSERT INTO signposting (client_id, date, to_whom, topic, counsellor_id, created_at) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        signposts,
    )
    # Weekly group sessions per service over the demo's three years (fewer for small demos).
    n_groups = 0
    weeks = min(156, max(4, len(rows) // 20))
    counsellors = sorted({r["counsellor_id"] for r in rows if r["counsellor_id"] is not None}) or [None]
    jmd_ids = [r["id"] for r in rows if r["birth_date"] > cutoff]
    for service in ("mbe", "jmd"):
        for w in range(weeks):
            d = today - dt.timedelta(days=7 * w + rng.randrange(5) + 1)
            cursor.execute(
                "INSERT INTO group_session (date, minutes, topic, participants, service, note, counsellor_id, "
                "created_at) VALUES (?, ?, ?, ?, ?, NULL, ?, ?)",
                (
                    d.isoformat(),
                    rng.choice([60, 90, 120]),
                    rng.choice(_GROUP_TOPICS),
                    rng.randint(4, 18),
                    service,
                    rng.choice(counsellors),
                    now,
                ),
            )
            n_groups += 1
            if service == "jmd" and jmd_ids and rng.random() < 0.3:
                gid = cursor.lastrowid
                cursor.executemany(
                    "INSERT OR IGNORE INTO group_participant (group_id, client_id) VALUES (?, ?)",
                    [(gid, c) for c in rng.sample(jmd_ids, min(3, len(jmd_ids)))],
                )
    uow.record(
        "demo.casework",
        fields=(
            "service",
            "access_route",
            "with_family",
            "support_plan",
            "signposting",
            "group_session",
            "attribute_history",
        ),
    )
    return {"goals": len(goals), "groups": n_groups, "signposts": len(signposts)}
