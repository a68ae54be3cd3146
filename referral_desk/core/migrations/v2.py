"""Schema version 2 (release 0.2): the changes of one release, in parts.

Each capability that changes tables adds its own function to ``PARTS`` (in its own module
``v2_<topic>.py``), so the release's upgrade is one transaction made of small, separately
readable steps. Parts run in list order and must not depend on data written by a later part.
When release 0.2 ships, ``schema_v2.sql`` is frozen and further changes go into ``v3``.
"""
from __future__ import annotations

from typing import Callable

from sqlalchemy.engine import Connection

from referral_desk.core.migrations import v2_casework, v2_shared

PARTS: list[Callable[[Connection], None]] = [
    v2_shared.upgrade,
    v2_casework.upgrade,
]


def upgrade(conn: Connection) -> None:
    for part in PARTS:
        part(conn)
