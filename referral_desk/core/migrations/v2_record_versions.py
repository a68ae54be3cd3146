"""v2 part: a version number on the case records one edits after creating them (issue 18).

Contacts (edited), consents (withdrawn), referrals (status, feedback) and support-plan
steps (done) carry ``version`` like the client record (``v2_versions``): existing rows start
at 1, every update through the services increments it and a write from a stale read is
refused (``<entity>.version_conflict``). Goals, reviews, group sessions and signposts are
only ever added, never edited, so they have none.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

TABLES = ("contact", "consent", "referral", "support_step")


def upgrade(conn: Connection) -> None:
    for table in TABLES:
        conn.execute(text(f"ALTER TABLE {table} ADD COLUMN version INTEGER DEFAULT '1' NOT NULL"))
