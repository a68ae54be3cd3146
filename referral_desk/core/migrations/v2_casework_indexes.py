"""v2 part: cheaper reminders (issue 13 performance: the list after sign-in ≤ 100 ms at
100,000 clients).

Partial indexes hold only the rows the reminders list can show, so each of its three parts
reads a short index range instead of every client, step or review:

* ``ix_client_open_expiry``: residence titles of open, not erased cases by expiry date
  (replaces ``ix_client_valid_until``, which also held closed and erased cases);
* ``ix_support_step_open``: plan steps not done, by due date (replaces
  ``ix_support_step_due``, whose leading ``done_on`` column sorted done steps in too);
* ``ix_support_review_closed``: goals reviewed as achieved or dropped (their steps are no
  longer due), so the NOT EXISTS test is one index probe.

Runs after ``v2_casework`` (which creates the tables and the two replaced indexes).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection

# Kept identical to the Index(...) definitions in core/models.py (the schema snapshot test
# compares both).
OPEN_EXPIRY_WHERE = "case_status = 'open' AND erased_on IS NULL"
OPEN_STEP_WHERE = "done_on IS NULL"
CLOSED_REVIEW_WHERE = "outcome IN ('achieved', 'dropped')"

_DDL = (
    "DROP INDEX IF EXISTS ix_client_valid_until",
    "DROP INDEX IF EXISTS ix_support_step_due",
    f"CREATE INDEX ix_client_open_expiry ON client (residence_valid_until) WHERE {OPEN_EXPIRY_WHERE}",
    f"CREATE INDEX ix_support_step_open ON support_step (due_on, goal_id, client_id) WHERE {OPEN_STEP_WHERE}",
    f"CREATE INDEX ix_support_review_closed ON support_review (goal_id) WHERE {CLOSED_REVIEW_WHERE}",
)


def upgrade(conn: Connection) -> None:
    for statement in _DDL:
        conn.execute(text(statement))
