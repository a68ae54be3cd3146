"""Schema version 2 (release 0.2): the changes of one release, in parts.

Each capability that changes tables adds its own function to ``PARTS`` (in its own module
``v2_<topic>.py``), so the release's upgrade is one transaction made of small, separately
readable steps. Parts run in list order and must not depend on data written by a later part.
When release 0.2 ships, ``schema_v2.sql`` is frozen and further changes go into ``v3``.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Connection

from referral_desk.core.migrations import (
    v2_casework,
    v2_casework_indexes,
    v2_cell_key,
    v2_consent,
    v2_consent_purposes,
    v2_desk,
    v2_letters,
    v2_person_stats,
    v2_record_versions,
    v2_search,
    v2_shared,
    v2_stats_speed,
    v2_versions,
)

PARTS: list[Callable[[Connection], None]] = [
    v2_shared.upgrade,
    v2_letters.upgrade,
    v2_consent.upgrade,
    v2_casework.upgrade,  # after v2_letters: both append columns to client, in this order
    v2_search.upgrade,  # after v2_shared: reads the document-spelling columns
    v2_desk.upgrade,
    v2_versions.upgrade,  # after v2_casework: appends client.version after its columns
    v2_cell_key.upgrade,  # after v2_versions: appends to client after its columns
    v2_consent_purposes.upgrade,  # after v2_consent: adds a column to consent_withdrawal
    v2_casework_indexes.upgrade,  # after v2_casework: replaces two of its indexes
    v2_stats_speed.upgrade,  # after v2_cell_key: replaces its contact index, reads record keys
    v2_person_stats.upgrade,  # after v2_casework: reads the attribute history
    v2_record_versions.upgrade,  # after v2_casework (support tables) and v2_letters/v2_consent (columns)
]


def upgrade(conn: Connection) -> None:
    for part in PARTS:
        part(conn)
