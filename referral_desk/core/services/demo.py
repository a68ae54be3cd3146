"""Synthetic but realistic data for trying the app and for benchmarks (``demo``).

Clients from the main Ludwigshafen nationalities, names partly in their original script,
residence statuses that fit the nationality, and counselling contacts over three years.
Deterministic per seed (for a given day: dates are relative to today so that some titles
are about to expire). Everything is written in ONE transaction with bulk inserts; every
created client and contact still gets its own audit event.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import json
import random
import time
from collections.abc import Callable
from typing import Any

from sqlalchemy import text

from referral_desk.core import catalogues, clock, demo_data, policy, search
from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.migrations import v2_person_stats, v2_stats_speed
from referral_desk.core.services.clients import dup_key, raise_case_counter
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.validation import has_non_latin_letters

MAX_CLIENTS = 1_000_000
BULK_INDEX_REBUILD = 5_000  # from this many new clients, indexes are rebuilt rather than updated
EU = {"IT", "BG", "RO", "PL", "GR"}

# residence status (key, weight) by nationality
_RESIDENCE: dict[str, list[tuple[str, int]]] = {
    "EU": [("freizuegigkeit_eu", 95), ("unknown", 5)],
    "UA": [
        ("aufenthaltserlaubnis_24", 80),
        ("fiktionsbescheinigung", 10),
        ("aufenthaltserlaubnis_erwerb", 5),
        ("aufenthaltserlaubnis_familie", 5),
    ],
    "SY": [
        ("aufenthaltserlaubnis_humanitaer", 50),
        ("niederlassungserlaubnis", 20),
        ("aufenthaltsgestattung", 10),
        ("aufenthaltserlaubnis_familie", 10),
        ("fiktionsbescheinigung", 5),
        ("duldung", 5),
    ],
    "AF": [
        ("aufenthaltsgestattung", 30),
        ("aufenthaltserlaubnis_humanitaer", 35),
        ("duldung", 20),
        ("aufenthaltserlaubnis_familie", 10),
        ("fiktionsbescheinigung", 5),
    ],
    "IQ": [
        ("aufenthaltserlaubnis_humanitaer", 35),
        ("aufenthaltsgestattung", 20),
        ("duldung", 20),
        ("niederlassungserlaubnis", 15),
        ("aufenthaltserlaubnis_familie", 10),
    ],
    "TR": [
        ("aufenthaltserlaubnis_familie", 30),
        ("niederlassungserlaubnis", 25),
        ("daueraufenthalt_eu", 10),
        ("aufenthaltserlaubnis_erwerb", 15),
        ("aufenthaltsgestattung", 10),
        ("visum", 5),
        ("aufenthaltserlaubnis_ausbildung", 5),
    ],
    "XK": [
        ("aufenthaltserlaubnis_erwerb", 45),
        ("aufenthaltserlaubnis_familie", 30),
        ("niederlassungserlaubnis", 15),
        ("duldung", 10),
    ],
}
_PERMANENT = {"niederlassungserlaubnis", "daueraufenthalt_eu", "freizuegigkeit_eu", "unknown", "deutsch"}
_EMPLOYMENT = {
    "freizuegigkeit_eu": "yes",
    "niederlassungserlaubnis": "yes",
    "daueraufenthalt_eu": "yes",
    "aufenthaltserlaubnis_24": "yes",
    "aufenthaltserlaubnis_humanitaer": "yes",
    "aufenthaltserlaubnis_familie": "yes",
    "aufenthaltserlaubnis_erwerb": "restricted",
    "aufenthaltserlaubnis_ausbildung": "restricted",
    "aufenthaltsgestattung": "restricted",
    "duldung": "restricted",
    "fiktionsbescheinigung": "unknown",
    "visum": "restricted",
    "unknown": "unknown",
}
_LEVELS = [("none", 10), ("A1", 20), ("A2", 22), ("B1", 25), ("B2", 10), ("C1", 4), ("C2", 1), ("unknown", 8)]
_MINUTES = [15, 20, 30, 30, 45, 45, 60, 60, 90, 120]
_TOPICS = [
    ("residence", 14),
    ("work", 16),
    ("benefits", 14),
    ("language_course", 12),
    ("recognition", 6),
    ("education", 6),
    ("housing", 8),
    ("health", 4),
    ("family", 6),
    ("finances", 5),
    ("everyday", 6),
    ("naturalisation", 2),
    ("discrimination", 1),
    ("other", 2),
]


# The vault holds demo data only (meta key). Set by the first run of the generator on an
# empty vault; a vault with clients but without the mark holds real records.
DEMO_MARK = "demo_vault"
DEMO_USER = "demo"
DEMO_PASSWORD = "Beispiel-Tresor-zum-Ausprobieren"  # shown on the demo vault's unlock page


def _require_demo_vault(conn: Any) -> None:
    """Demo data never mixes with real records (issue 16): refuse a vault that has clients
    and is not marked as the demo vault; mark an empty one."""
    marked = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": DEMO_MARK}).scalar() == "1"
    if marked:
        return
    if conn.execute(text("SELECT count(*) FROM client")).scalar():
        raise PolicyRefused("demo.real_records")
    conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, '1')"), {"k": DEMO_MARK})


def is_demo_vault(ctx: ServiceContext) -> bool:
    with ctx.reading() as conn:
        return conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": DEMO_MARK}).scalar() == "1"


def create_demo_vault(directory: Any, *, clients: int = 300, seed: int = 1, kdf: Any = None) -> ServiceContext:
    """A separate vault for trying the app ("Demo-Tresor öffnen", ``referral-desk-gui --demo``):
    a fictitious organisation, the user ``demo`` with a published password, synthetic data."""
    from referral_desk.core.services import setup

    ctx, _recovery = setup.initialise(
        directory,
        org_name="Beispiel-Beratungsstelle (Demo)",
        admin=DEMO_USER,
        password=DEMO_PASSWORD,
        admin_display_name="Demo-Benutzer*in",
        city="Ludwigshafen am Rhein",
        kdf=kdf,
    )
    try:
        generate(ctx, clients=clients, seed=seed)
    except BaseException:
        ctx.vault.close()
        raise
    return ctx


class Cancelled(Exception):
    """Raised inside the transaction when the caller cancels: nothing is written."""


_CUMULATIVE: dict[int, tuple[tuple[str, ...], list[int]]] = {}


def _pick(rng: random.Random, weighted: list[tuple[str, int]]) -> str:
    # Cumulative weights computed once per table: choices() is called millions of times.
    entry = _CUMULATIVE.get(id(weighted))
    if entry is None:
        keys, weights = zip(*weighted)
        entry = _CUMULATIVE[id(weighted)] = (keys, list(itertools.accumulate(weights)))
    picked: str = _one_of(rng, entry[0], entry[1])
    return picked


# The generator draws millions of numbers. These do exactly what random.Random's own
# choice/choices/randrange do (the same draws, so the same demo per seed: a fingerprint of
# every table was compared before and after) without their argument checks per call.
def _one_of(rng: random.Random, population: Any, cum_weights: list[int]) -> Any:
    """``rng.choices(population, cum_weights=cum_weights)[0]``."""
    return population[bisect.bisect(cum_weights, rng.random() * (cum_weights[-1] + 0.0), 0, len(population) - 1)]


def _choice(rng: random.Random, seq: Any) -> Any:
    """``rng.choice(seq)`` for a non-empty sequence."""
    return seq[_below(rng, len(seq))]


def _int(rng: random.Random, a: int, b: int) -> int:
    """``rng.randint(a, b)`` for a ≤ b."""
    return a + _below(rng, b - a + 1)


def _below(rng: random.Random, n: int) -> int:
    """``rng.randrange(n)`` for n ≥ 1 (CPython's ``_randbelow``)."""
    k = n.bit_length()
    r = rng.getrandbits(k)
    while r >= n:
        r = rng.getrandbits(k)
    return r


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    if end <= start:
        return start
    return start + dt.timedelta(days=_below(rng, (end - start).days + 1))


def _counsellors(ctx: ServiceContext, conn: Any, rng: random.Random) -> list[int]:
    """The acting user plus up to four demo counsellors (accounts without a password:
    an admin can give them one with a password reset)."""
    ids = [ctx.actor_id] if ctx.actor_id is not None else []
    existing = {r[0] for r in conn.execute(text("SELECT name_folded FROM user_account"))}
    for display in demo_data.GERMAN_COUNSELLOR_NAMES[:4]:
        name = search.fold(display).replace(" ", ".")
        if name in existing:
            ids.append(conn.execute(text("SELECT id FROM user_account WHERE name_folded = :n"), {"n": name}).scalar())
            continue
        conn.execute(
            text(
                "INSERT INTO user_account (name, name_folded, display_name, role, also_lead, active, "
                "created_at) VALUES (:n, :n, :d, 'counsellor', 0, 1, :c)"
            ),
            {"n": name, "d": display, "c": clock.now_utc().isoformat(" ")},
        )
        ids.append(conn.execute(text("SELECT last_insert_rowid()")).scalar())
    return [i for i in ids if i is not None]


_PROFILE_CUM = list(itertools.accumulate(p["weight"] for p in demo_data.NATIONALITY_PROFILES))


#: Legal bases of the demo's humanitarian and "other" titles (weights); the basis is drawn from
#: its own generator seeded by the person, so the main random stream (and every demo figure
#: the tests know) stays as it was before the basis existed.
_BASES = {
    "aufenthaltserlaubnis_humanitaer": (
        ("fluechtling_25_2_1", 45),
        ("subsidiaer_25_2_2", 30),
        ("abschiebungsverbot_25_3", 10),
        ("asyl_25_1", 5),
        ("humanitaer_sonstige", 5),
        (None, 5),
    ),
    "other": (("chancen_104c", 40), (None, 60)),
}


def _basis(status: str, person: str) -> str | None:
    options = _BASES.get(status)
    if not options:
        return None
    return random.Random(person).choices([k for k, _ in options], weights=[w for _, w in options])[0]


@functools.lru_cache(maxsize=8192)
def _email_part(name: str) -> str:
    return search.fold(name).replace(" ", "")  # demo names repeat: fold each spelling once


def _client(rng: random.Random, today: dt.date) -> dict[str, Any]:
    profile = _one_of(rng, demo_data.NATIONALITY_PROFILES, _PROFILE_CUM)
    code = profile["code"]
    g = rng.random()
    gender = "female" if g < 0.48 else "male" if g < 0.98 else "diverse" if g < 0.99 else "unspecified"
    female = gender == "female" or (gender != "male" and rng.random() < 0.5)
    original = rng.random() < profile["script_share"]
    fam_i = _below(rng, len(profile["family_names"]))
    given_list = "female_given" if female else "male_given"
    giv_i = _below(rng, len(profile[given_list]))
    family = demo_data.family_name(profile, fam_i, female=female, latin=not original)
    given = profile[given_list][giv_i] if original else demo_data.romanised(profile, given_list, giv_i)
    doc_given: str | None = demo_data.romanised(profile, given_list, giv_i)
    if rng.random() < 0.12:  # a second given name
        j = _below(rng, len(profile[given_list]))
        extra = profile[given_list][j] if original else demo_data.romanised(profile, given_list, j)
        if extra != given:
            given = f"{given} {extra}"
            doc_given = f"{doc_given} {demo_data.romanised(profile, given_list, j)}"
    # A name in another script has its spelling from the passport in most records; some still
    # lack it (the record asks for it, letters to agencies wait for it).
    doc_family = None
    if original and has_non_latin_letters(f"{family} {given}") and rng.random() < 0.8:
        doc_family = demo_data.family_name(profile, fam_i, female=female, latin=True)
    else:
        doc_given = None
    # JMD (12–26) about a third, MBE (27+) the rest
    age = _int(rng, 14, 26) if rng.random() < 0.33 else max(27, min(80, int(rng.gauss(40, 10))))
    birth = today - dt.timedelta(days=age * 365 + _below(rng, 365))
    nationalities = [code]
    if rng.random() < 0.03:
        nationalities.append(_choice(rng, ["DE", "RU", "IR", "LB"]))
    if code == "SY" and rng.random() < 0.03:
        nationalities = ["stateless"]
    status = _pick(rng, _RESIDENCE["EU" if code in EU else code])
    valid_until = None
    if status not in _PERMANENT:
        valid_until = today + dt.timedelta(days=_int(rng, -45, 3 * 365))
    earliest_arrival = max(birth + dt.timedelta(days=365), today - dt.timedelta(days=30 * 365))
    arrival = _date_between(rng, max(earliest_arrival, today - dt.timedelta(days=12 * 365)), today)
    level = _pick(rng, _LEVELS)
    latin_given = _email_part(demo_data.romanised(profile, given_list, giv_i))
    latin_family = _email_part(demo_data.family_name(profile, fam_i, female=female, latin=True))
    lang = profile["languages"][0] if rng.random() < 0.85 else profile["languages"][-1]
    return {
        "family_name": family,
        "given_names": given,
        "birth_date": birth,
        "gender": gender,
        "nationalities": nationalities,
        "preferred_language": lang,
        "interpreter_needed": level in ("none", "A1") and rng.random() < 0.7,
        "residence_status": status,
        "residence_valid_until": valid_until,
        "residence_basis": _basis(status, f"{family}|{given}|{birth.isoformat()}"),
        "employment_permitted": _EMPLOYMENT.get(status, "unknown"),
        "german_level": level,
        "integration_course": _choice(
            rng, ["none", "entitled", "obliged", "attending", "completed", "certificate", "unknown"]
        ),
        "arrival_date": arrival,
        "phone": f"0{_choice(rng, ['621', '151', '160', '176'])} {_int(rng, 1000000, 9999999)}"
        if rng.random() < 0.8
        else None,
        "email": f"{latin_given}.{latin_family}{_int(rng, 1, 99)}@example.org" if rng.random() < 0.3 else None,
        "street": f"{_choice(rng, demo_data.LUDWIGSHAFEN_STREETS)} {_int(rng, 1, 120)}",
        "postal_code": _choice(rng, demo_data.LUDWIGSHAFEN_POSTAL_CODES),
        "city": demo_data.CITY,
        "jobcenter_customer_number": f"{_int(rng, 100, 999)}D{_int(rng, 100000, 999999)}"
        if rng.random() < 0.3
        else None,
        "notes": _choice(rng, demo_data.NOTE_SNIPPETS) if rng.random() < 0.2 else None,
        "document_family_name": doc_family,
        "document_given_names": doc_given if doc_family else None,
        **_facts(rng, age, status),
    }


def _facts(rng: random.Random, age: int, status: str) -> dict[str, Any]:
    """Structured facts (release 0.2), about half of them known, as a counsellor records them."""

    def maybe(value: Any, p: float = 0.6) -> Any:
        return value if rng.random() < p else None

    training = (
        maybe(
            _choice(
                rng,
                [
                    "none",
                    "vocational_completed",
                    "vocational_in_progress",
                    "university_completed",
                    "university_in_progress",
                ],
            )
        )
        or "unknown"
    )
    trades = (
        "Elektriker*in",
        "Pflegefachkraft",
        "Bauingenieurwesen",
        "Friseur*in",
        "Lehramt",
        "Kfz-Mechatronik",
        "Buchhaltung",
        "Medizin",
    )
    field = _choice(rng, trades) if training not in ("none", "unknown") else None
    recognition = training in ("vocational_completed", "university_completed") and rng.random() < 0.5
    employment = (
        maybe(_choice(rng, ["employed", "marginal", "job_seeking", "job_seeking", "in_training", "not_working"]))
        or "unknown"
    )
    benefit = maybe(_choice(rng, ["sgb2", "sgb2", "sgb3", "asylblg", "none"])) or "unknown"
    if status in ("aufenthaltsgestattung", "duldung") and benefit == "sgb2":
        benefit = "asylblg"
    return {
        "school_education": maybe(_choice(rng, ["none", "primary", "lower_secondary", "upper_secondary"])) or "unknown",
        "vocational_training": training,
        "vocational_field": field,
        "recognition_profession": field if recognition else None,
        "recognition_status": _choice(rng, ["not_started", "in_progress", "partial", "full"])
        if recognition
        else "unknown",
        "recognition_body": _choice(
            rng, ["IHK FOSA", "Landesamt für Soziales, Jugend und Versorgung RLP", "Handwerkskammer der Pfalz"]
        )
        if recognition
        else None,
        "employment_status": employment,
        "last_occupation": _choice(rng, trades)
        if employment in ("job_seeking", "not_working") and age > 25 and rng.random() < 0.5
        else None,
        "benefit_type": benefit,
        "jobcenter_bg_number": f"{_int(rng, 10000, 99999)}BG{_int(rng, 1000000, 9999999)}"
        if benefit == "sgb2" and rng.random() < 0.6
        else None,
        "ba_customer_number": f"{_int(rng, 100, 999)}A{_int(rng, 100000, 999999)}"
        if benefit == "sgb3" and rng.random() < 0.6
        else None,
        "abh_file_reference": f"32.1-{_int(rng, 1000, 99999)}/{_int(rng, 15, 26)}"
        if status not in ("deutsch", "freizuegigkeit_eu") and rng.random() < 0.4
        else None,
    }


def generate(
    ctx: ServiceContext,
    *,
    clients: int = 200,
    seed: int = 1,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, Any]:
    """Add ``clients`` synthetic clients with contacts. ``progress(done, total)`` is called
    now and then; if ``cancelled()`` turns true the whole run is rolled back."""
    policy.require_role(ctx.actor, ("admin", "lead"), "demo")
    if not isinstance(clients, int) or not 1 <= clients <= MAX_CLIENTS:
        raise InvalidInput("input.number", field="clients", min=1, max=MAX_CLIENTS)
    started = time.perf_counter()
    rng = random.Random(seed)
    today = clock.today()
    topic_keys = [k for k, _ in _TOPICS if k in catalogues.topic_keys()]
    topic_cum = list(itertools.accumulate(w for k, w in _TOPICS if k in catalogues.topic_keys()))
    modes = (["in_person", "phone", "video"], [70, 95, 100])
    n_contacts = 0
    with ctx.transaction() as uow:
        conn = uow.conn
        _require_demo_vault(conn)
        counsellors = _counsellors(ctx, conn, rng)
        next_id = (conn.execute(text("SELECT coalesce(max(id), 0) FROM client")).scalar() or 0) + 1
        next_contact = (conn.execute(text("SELECT coalesce(max(id), 0) FROM contact")).scalar() or 0) + 1
        counters = {
            int(k.split(":")[1]): int(v)
            for k, v in conn.execute(text("SELECT key, value FROM meta WHERE key LIKE 'case_counter:%'"))
        }
        now = clock.now_utc().replace(microsecond=0).isoformat(" ")
        # Cases are numbered in the order they were opened, as in real life.
        people = [_client(rng, today) for _ in range(clients)]
        opened = sorted(_date_between(rng, today - dt.timedelta(days=3 * 365), today) for _ in range(clients))
        batch: list[dict[str, Any]] = []
        keys: list[tuple[str, int]] = []  # (name key, client id)
        contacts: list[tuple[Any, ...]] = []  # in insert_contact's column order
        insert_client = (
            "INSERT INTO client (id, case_number, case_status, opened_on, closed_on, counsellor_id, family_name, "
            "given_names, birth_date, gender, nationalities, preferred_language, interpreter_needed, "
            "residence_status, residence_valid_until, employment_permitted, german_level, integration_course, "
            "arrival_date, phone, email, street, postal_code, city, jobcenter_customer_number, notes, sort_family, "
            "sort_given, dup_key, last_contact_on, legal_hold, created_at, updated_at, document_family_name, "
            "document_given_names, school_education, vocational_training, vocational_field, recognition_profession, "
            "recognition_status, recognition_body, employment_status, last_occupation, benefit_type, "
            "jobcenter_bg_number, ba_customer_number, abh_file_reference, service, access_route, residence_basis) "
            "VALUES (:id, :case_number, :case_status, "
            ":opened_on, :closed_on, :counsellor_id, :family_name, :given_names, :birth_date, :gender, "
            ":nationalities, :preferred_language, :interpreter_needed, :residence_status, :residence_valid_until, "
            ":employment_permitted, :german_level, :integration_course, :arrival_date, :phone, :email, :street, "
            ":postal_code, :city, :jobcenter_customer_number, :notes, :sort_family, :sort_given, :dup_key, "
            ":last_contact_on, 0, :created_at, :updated_at, :document_family_name, :document_given_names, "
            ":school_education, :vocational_training, :vocational_field, :recognition_profession, "
            ":recognition_status, :recognition_body, :employment_status, :last_occupation, :benefit_type, "
            ":jobcenter_bg_number, :ba_customer_number, :abh_file_reference, :service, :access_route, :residence_basis)"
        )
        # Contacts are the most numerous rows: positional tuples, and ``with_family`` (family
        # members counselled alongside, demo_casework.with_family) written here rather than by
        # an UPDATE over every contact afterwards.
        insert_contact = (
            "INSERT INTO contact (id, client_id, date, minutes, mode, topics, interpreter, language, note, "
            "counsellor_id, created_at, updated_at, with_family) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        )
        demo_rows: list[dict[str, Any]] = []  # what the consent and referral generators need
        insert_keys = "INSERT OR IGNORE INTO client_name_key (key, client_id) VALUES (?, ?)"

        dbapi = conn.connection.dbapi_connection
        assert dbapi is not None  # inside the write transaction
        cursor = dbapi.cursor()  # bulk rows skip SQLAlchemy's per-row work
        # A large page cache keeps the growing indexes in memory until commit instead of
        # spilling (and encrypting) pages to the WAL again and again.
        old_cache = cursor.execute("PRAGMA cache_size").fetchone()[0]
        cursor.execute("PRAGMA cache_size = -262144")

        # A large run into a (nearly) empty vault drops the secondary indexes of the client
        # and contact tables and builds them again after the last row: one sorted build
        # instead of hundreds of thousands of inserts at random places (all inside this
        # transaction, so a failure or a cancel leaves the schema as it was).
        rebuilt = []
        if clients >= BULK_INDEX_REBUILD and next_id - 1 <= clients:
            rebuilt = cursor.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
                "AND tbl_name IN ('client', 'contact') ORDER BY name"
            ).fetchall()
            for name, _sql in rebuilt:
                cursor.execute(f'DROP INDEX "{name}"')
            # Likewise the monthly contact counts: recounted once after the last contact
            # instead of a trigger run per contact.
            # Likewise the contacts per person and month and the newest tracked values,
            # after the case work below has written its history.
            for trigger in (*v2_stats_speed.TRIGGERS, *v2_person_stats.TRIGGERS):
                cursor.execute(f'DROP TRIGGER "{trigger}"')

        def flush() -> None:
            if batch:
                cursor.executemany(insert_client, batch)
                keys.sort()  # name keys in key order: the clustered key index is walked once per batch
                cursor.executemany(insert_keys, keys)
            if contacts:
                cursor.executemany(insert_contact, contacts)
            batch.clear()
            keys.clear()
            contacts.clear()

        from referral_desk.core.services import demo_casework

        jmd_born_after = demo_casework.jmd_cutoff(today)
        # Demo names repeat (a few hundred per nationality): their sort, duplicate and search
        # keys are computed once per spelling instead of once per client.
        sort_keys: dict[str, str] = {}
        dup_suffix: dict[tuple[str, str], str] = {}
        name_keys: dict[tuple[Any, ...], list[str]] = {}
        topics_json: dict[tuple[str, ...], str] = {}

        for i, (person, opened_on) in enumerate(zip(people, opened)):
            if cancelled is not None and i % 500 == 0 and cancelled():
                raise Cancelled()
            cid = next_id + i
            counters[opened_on.year] = counters.get(opened_on.year, 0) + 1
            closed_on = None
            if rng.random() < 0.3 and opened_on < today - dt.timedelta(days=60):
                closed_on = _date_between(rng, opened_on + dt.timedelta(days=30), today)
            counsellor = rng.choice(counsellors) if counsellors else None
            end = closed_on or today
            dates = sorted(_date_between(rng, opened_on, end) for _ in range(max(1, int(rng.expovariate(1 / 5)))))
            interpreter_needed = person["interpreter_needed"]
            contact_language = person["preferred_language"] if interpreter_needed else None
            for d in dates[:40]:
                contact_id = next_contact + n_contacts
                # Same random draws in the same order as always: the demo stays the same per seed.
                minutes = _MINUTES[_below(rng, 10)]  # rng.choice(_MINUTES)
                mode = _one_of(rng, modes[0], modes[1])
                n_topics = 1 + _below(rng, 3)  # rng.randint(1, 3)
                topic_set = tuple(sorted({_one_of(rng, topic_keys, topic_cum) for _ in range(n_topics)}))
                topics = topics_json.get(topic_set)
                if topics is None:
                    topics = topics_json[topic_set] = json.dumps(list(topic_set))
                interpreter = interpreter_needed and rng.random() < 0.8
                note = rng.choice(demo_data.NOTE_SNIPPETS) if rng.random() < 0.15 else None
                contacts.append(
                    (
                        contact_id,
                        cid,
                        d.isoformat(),
                        minutes,
                        mode,
                        topics,
                        interpreter,
                        contact_language,
                        note,
                        counsellor,
                        now,
                        now,
                        demo_casework.with_family(contact_id),
                    )
                )
                n_contacts += 1
            family, given = person["family_name"], person["given_names"]
            birth_iso = person["birth_date"].isoformat()
            for name in (family, given):
                if name not in sort_keys:
                    sort_keys[name] = search.sort_key(name)
            suffix = dup_suffix.get((family, given))
            if suffix is None:  # the part after "<birth date>|" (clients.dup_key)
                suffix = dup_suffix[(family, given)] = dup_key(family, given, person["birth_date"]).split("|", 1)[1]
            row = dict(person)
            row.update(
                {
                    "id": cid,
                    "case_number": f"{opened_on.year}-{counters[opened_on.year]:05d}",
                    "case_status": "closed" if closed_on else "open",
                    "opened_on": opened_on.isoformat(),
                    "closed_on": closed_on.isoformat() if closed_on else None,
                    "counsellor_id": counsellor,
                    "birth_date": birth_iso,
                    "residence_valid_until": person["residence_valid_until"].isoformat()
                    if person["residence_valid_until"]
                    else None,
                    "arrival_date": person["arrival_date"].isoformat(),
                    "nationalities": json.dumps(person["nationalities"]),
                    "sort_family": sort_keys[family],
                    "sort_given": sort_keys[given],
                    "dup_key": f"{birth_iso}|{suffix}",
                    "service": "jmd" if birth_iso > jmd_born_after else "mbe",
                    "access_route": demo_casework.access_route(cid),
                    "last_contact_on": dates[:40][-1].isoformat(),
                    "created_at": now,
                    "updated_at": now,
                }
            )
            batch.append(row)
            demo_rows.append(
                {
                    k: row[k]
                    for k in (
                        "id",
                        "opened_on",
                        "closed_on",
                        "preferred_language",
                        "interpreter_needed",
                        "counsellor_id",
                        "birth_date",
                        "residence_status",
                    )
                }
            )
            spelling = (family, given, person.get("document_family_name"), person.get("document_given_names"))
            client_name_keys = name_keys.get(spelling)
            if client_name_keys is None:
                client_name_keys = name_keys[spelling] = sorted(search.client_keys(*spelling))
            keys.extend((key, cid) for key in client_name_keys)
            # One event per generated client covers the record and its contacts: the
            # contacts are part of the same generated case history.
            uow.record(
                "demo.client_create",
                entity="client",
                entity_id=cid,
                fields=[k for k, v in person.items() if v is not None] + ["contacts"],
            )
            if len(batch) >= 2000:
                flush()
                if progress is not None:
                    progress(i + 1, clients)
        flush()
        for _name, sql in rebuilt:
            cursor.execute(sql)
        if rebuilt:
            v2_stats_speed.rebuild(conn)
            for trigger_ddl in v2_stats_speed.TRIGGER_DDL:
                cursor.execute(trigger_ddl)
        from referral_desk.core.services.demo_casework import add_demo_casework

        casework = add_demo_casework(uow, seed, demo_rows, today)
        if rebuilt:
            v2_person_stats.rebuild(conn)
            for trigger_ddl in (*v2_person_stats.TRIGGER_DDL, *v2_person_stats.HEAD_TRIGGER_DDL):
                cursor.execute(trigger_ddl)
        # Consents and referrals draw from their own random streams, so the clients stay the
        # same for a seed whatever those generators do.
        from referral_desk.core.services.demo_consents import add_demo_consents

        n_consents = add_demo_consents(uow, random.Random(f"{seed}-consents"), demo_rows, today=today)
        n_referrals = _add_referrals(uow, seed, demo_rows, today)
        cursor.execute(f"PRAGMA cache_size = {int(old_cache)}")
        for year, n in counters.items():  # counted on from the stored counters
            raise_case_counter(conn, year, n)
        uow.record("demo.generate", fields=("clients", "contacts"))
    if progress is not None:
        progress(clients, clients)
    return {
        "clients": clients,
        "contacts": n_contacts,
        "consents": n_consents,
        "referrals": n_referrals,
        **casework,
        "seconds": time.perf_counter() - started,
    }


def _add_referrals(uow: Any, seed: int, rows: list[dict[str, Any]], today: dt.date) -> int:
    try:
        from referral_desk.core.services.demo_referrals import add_demo_referrals
    except ImportError:  # pragma: no cover - referrals not part of this build
        return 0
    # About one referral per 50 clients (each runs the real consent check): enough for every
    # status and the follow-up list, without dominating a 100,000-client run.
    return add_demo_referrals(
        uow,
        random.Random(f"{seed}-referrals"),
        today=today,
        client_ids=[r["id"] for r in rows],
        limit=min(4000, max(100, len(rows) // 50)),
    )
