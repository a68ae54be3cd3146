"""v2 part: letters ready for the envelope (issue 10).

* client: structured facts printed under their consented category (school, vocational
  training, recognition, employment status and last occupation, benefits with the
  Jobcenter BG and BA customer numbers, the Ausländerbehörde file reference). Enum columns
  start as ``unknown``; nothing is guessed from v1 data.
* consent: ``purposes`` (keys of forms/purposes.toml). A v1 consent recorded its purpose as
  free text, which stays in ``purpose``; its key becomes ``other``.
* referral: ``purpose``, the key of the consent purpose it serves (v1 referrals: ``other``).

The document spelling columns come from v2_shared; records whose names need one are listed
by ``clients.needing_document_spelling`` (nothing is transliterated automatically).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    for statement in (
        "ALTER TABLE client ADD COLUMN school_education VARCHAR DEFAULT 'unknown' NOT NULL",
        "ALTER TABLE client ADD COLUMN vocational_training VARCHAR DEFAULT 'unknown' NOT NULL",
        "ALTER TABLE client ADD COLUMN vocational_field VARCHAR",
        "ALTER TABLE client ADD COLUMN recognition_profession VARCHAR",
        "ALTER TABLE client ADD COLUMN recognition_status VARCHAR DEFAULT 'unknown' NOT NULL",
        "ALTER TABLE client ADD COLUMN recognition_body VARCHAR",
        "ALTER TABLE client ADD COLUMN employment_status VARCHAR DEFAULT 'unknown' NOT NULL",
        "ALTER TABLE client ADD COLUMN last_occupation VARCHAR",
        "ALTER TABLE client ADD COLUMN benefit_type VARCHAR DEFAULT 'unknown' NOT NULL",
        "ALTER TABLE client ADD COLUMN jobcenter_bg_number VARCHAR",
        "ALTER TABLE client ADD COLUMN ba_customer_number VARCHAR",
        "ALTER TABLE client ADD COLUMN abh_file_reference VARCHAR",
        "ALTER TABLE consent ADD COLUMN purposes JSON DEFAULT '[\"other\"]' NOT NULL",
        "ALTER TABLE referral ADD COLUMN purpose VARCHAR",
        "UPDATE referral SET purpose = 'other'",
    ):
        conn.execute(text(statement))
