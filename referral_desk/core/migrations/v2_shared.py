"""v2 part: columns several capabilities of release 0.2 build on.

* organisation: data-protection officer (consent forms), list of services run.
* client: document spelling of the names (letters to agencies).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    for statement in (
        "ALTER TABLE organisation ADD COLUMN dpo_name VARCHAR",
        "ALTER TABLE organisation ADD COLUMN dpo_email VARCHAR",
        "ALTER TABLE organisation ADD COLUMN dpo_address VARCHAR",
        "ALTER TABLE organisation ADD COLUMN services JSON DEFAULT '[\"mbe\"]' NOT NULL",
        "UPDATE organisation SET services = json_array(service)",
        "ALTER TABLE client ADD COLUMN document_family_name VARCHAR",
        "ALTER TABLE client ADD COLUMN document_given_names VARCHAR",
    ):
        conn.execute(text(statement))
