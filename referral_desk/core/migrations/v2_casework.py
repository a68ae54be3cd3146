"""v2 part: case work (issue 13) — the units MBE/JMD funders count.

* client: ``service`` (back-filled with the organisation's first service) and
  ``access_route`` (unknown for existing records), index on ``residence_valid_until``
  for the reminders list.
* contact: ``with_family`` (family members counselled alongside; 0 for old contacts).
* support plan: ``support_goal`` / ``support_step`` / ``support_review``.
* ``group_session`` (+ ``group_participant``), ``signposting``.
* ``client_attribute_history``: back-filled with each client's current residence status,
  German level (and employment status where that column exists) valid from the day the
  case was opened — the best that is known about the past.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# Attributes whose history is kept (when the column exists: employment_status arrives with
# the structured facts of another part of this release).
TRACKED = ("residence_status", "german_level", "employment_status")

_DDL = (
    "ALTER TABLE client ADD COLUMN service VARCHAR DEFAULT 'mbe' NOT NULL",
    "ALTER TABLE client ADD COLUMN access_route VARCHAR",
    "UPDATE client SET service = coalesce((SELECT json_extract(services, '$[0]') FROM organisation WHERE id = 1), "
    "(SELECT service FROM organisation WHERE id = 1), 'mbe')",
    "CREATE INDEX ix_client_valid_until ON client (residence_valid_until)",
    "ALTER TABLE contact ADD COLUMN with_family INTEGER DEFAULT '0' NOT NULL",
    "CREATE TABLE support_goal ( id INTEGER NOT NULL, client_id INTEGER NOT NULL, area VARCHAR NOT NULL, "
    "goal TEXT NOT NULL, set_on DATE NOT NULL, due_on DATE, counsellor_id INTEGER, created_at DATETIME NOT NULL, "
    "updated_at DATETIME NOT NULL, PRIMARY KEY (id), FOREIGN KEY(client_id) REFERENCES client (id), "
    "FOREIGN KEY(counsellor_id) REFERENCES user_account (id) )",
    "CREATE INDEX ix_support_goal_client ON support_goal (client_id)",
    "CREATE TABLE support_step ( id INTEGER NOT NULL, goal_id INTEGER NOT NULL, client_id INTEGER NOT NULL, "
    "text TEXT NOT NULL, responsible VARCHAR NOT NULL, due_on DATE, done_on DATE, created_at DATETIME NOT NULL, "
    "PRIMARY KEY (id), FOREIGN KEY(goal_id) REFERENCES support_goal (id), "
    "FOREIGN KEY(client_id) REFERENCES client (id) )",
    "CREATE INDEX ix_support_step_goal ON support_step (goal_id)",
    "CREATE INDEX ix_support_step_due ON support_step (done_on, due_on)",
    "CREATE TABLE support_review ( id INTEGER NOT NULL, goal_id INTEGER NOT NULL, on_date DATE NOT NULL, "
    "outcome VARCHAR NOT NULL, note TEXT, counsellor_id INTEGER, created_at DATETIME NOT NULL, PRIMARY KEY (id), "
    "FOREIGN KEY(goal_id) REFERENCES support_goal (id), FOREIGN KEY(counsellor_id) REFERENCES user_account (id) )",
    "CREATE INDEX ix_support_review_goal ON support_review (goal_id, on_date)",
    "CREATE TABLE group_session ( id INTEGER NOT NULL, date DATE NOT NULL, minutes INTEGER NOT NULL, "
    "topic VARCHAR NOT NULL, participants INTEGER NOT NULL, service VARCHAR NOT NULL, note TEXT, "
    "counsellor_id INTEGER, created_at DATETIME NOT NULL, PRIMARY KEY (id), "
    "FOREIGN KEY(counsellor_id) REFERENCES user_account (id) )",
    "CREATE INDEX ix_group_session_date ON group_session (date)",
    "CREATE TABLE group_participant ( group_id INTEGER NOT NULL, client_id INTEGER NOT NULL, "
    "PRIMARY KEY (group_id, client_id), FOREIGN KEY(group_id) REFERENCES group_session (id), "
    "FOREIGN KEY(client_id) REFERENCES client (id) ) WITHOUT ROWID",
    "CREATE INDEX ix_group_participant_client ON group_participant (client_id)",
    "CREATE TABLE signposting ( id INTEGER NOT NULL, client_id INTEGER NOT NULL, date DATE NOT NULL, "
    "to_whom VARCHAR NOT NULL, topic VARCHAR, counsellor_id INTEGER, created_at DATETIME NOT NULL, "
    "PRIMARY KEY (id), FOREIGN KEY(client_id) REFERENCES client (id), "
    "FOREIGN KEY(counsellor_id) REFERENCES user_account (id) )",
    "CREATE INDEX ix_signposting_client ON signposting (client_id)",
    "CREATE INDEX ix_signposting_date ON signposting (date)",
    "CREATE TABLE client_attribute_history ( id INTEGER NOT NULL, client_id INTEGER NOT NULL, "
    "attribute VARCHAR NOT NULL, value VARCHAR NOT NULL, valid_from DATE NOT NULL, recorded_at DATETIME NOT NULL, "
    "PRIMARY KEY (id), FOREIGN KEY(client_id) REFERENCES client (id) )",
    "CREATE INDEX ix_attribute_history ON client_attribute_history (client_id, attribute, valid_from)",
)


def backfill_history(conn: Connection, *, client_ids_from: int | None = None) -> None:
    """One history row per tracked attribute and client, valid from the case's opening
    (skips erased records and attributes without a column yet)."""
    columns = {r[1] for r in conn.execute(text("PRAGMA table_info(client)"))}
    where = "erased_on IS NULL" + ("" if client_ids_from is None else " AND id >= :first")
    for attribute in TRACKED:
        if attribute not in columns:
            continue
        conn.execute(
            text(
                "INSERT INTO client_attribute_history (client_id, attribute, value, valid_from, recorded_at) "
                f"SELECT id, '{attribute}', {attribute}, opened_on, datetime('now') FROM client "
                f"WHERE {where} AND {attribute} IS NOT NULL"
            ),
            {"first": client_ids_from},
        )


def upgrade(conn: Connection) -> None:
    for statement in _DDL:
        conn.execute(text(statement))
    backfill_history(conn)
