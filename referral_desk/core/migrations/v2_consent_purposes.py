"""v2 part: withdrawing purposes of a consent (issue 11, partial withdrawal of purposes).

* consent_withdrawal.purposes: the purpose keys (forms/purposes.toml) withdrawn by this
  entry; ``[]`` when only categories were withdrawn (every earlier entry).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    conn.execute(text("ALTER TABLE consent_withdrawal ADD COLUMN purposes JSON DEFAULT '[]' NOT NULL"))
