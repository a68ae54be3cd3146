"""v2 part: record keys for the cell-key method of the statistics (issue 14).

* client: ``record_key`` — a random integer in [0, 2³²) per client, drawn by SQLite's
  ``random()`` (seeded from the operating system). The cell key of a statistics cell is the
  sum of the record keys of the clients counted in it, mod 2³² (see core/cellkey.py), so the
  same cell always gets the same noise. Existing clients get their key here; every new row
  gets one from the trigger ``client_record_key`` whatever path inserted it (the ORM, the
  import's bulk statements, the demo generator), because a column default cannot be random.
* ``ix_contact_stats``: a covering index of the contact columns the statistics read, so the
  year report reads the period's contacts from one index range without row lookups.
* client: ``residence_basis`` — the legal basis refining the residence status (catalogue
  resources/catalogues/residence_basis.json: § 25 Abs. 1, Abs. 2 Alt. 1/2, Abs. 3, § 104c
  AufenthG …), NULL for every existing client (not recorded).
* Two indexes that let the year report count cases opened/closed in the period (and sum their
  record keys) from an index range instead of a scan of the whole client table.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

#: Shared with models.py (the DDL of a fresh vault must equal the upgraded one).
TRIGGER_DDL = (
    "CREATE TRIGGER client_record_key AFTER INSERT ON client FOR EACH ROW WHEN NEW.record_key IS NULL "
    "BEGIN UPDATE client SET record_key = (random() & 4294967295) WHERE id = NEW.id; END"
)


def upgrade(conn: Connection) -> None:
    for statement in (
        "ALTER TABLE client ADD COLUMN record_key INTEGER",
        "ALTER TABLE client ADD COLUMN residence_basis VARCHAR",
        "UPDATE client SET record_key = (random() & 4294967295)",
        TRIGGER_DDL,
        "CREATE INDEX ix_client_opened ON client (opened_on, record_key)",
        "CREATE INDEX ix_client_closed ON client (closed_on, record_key)",
        "CREATE INDEX ix_contact_stats ON contact (date, client_id, with_family, mode, interpreter, language, topics)",
    ):
        conn.execute(text(statement))
