"""v2 part: the desktop app's own records (issue 16, "desk-ready app").

* user_account: ``must_change_password`` (admin-set initial or reset password, replaced at
  the next sign-in) and ``ui_language`` (each user's own language; NULL: the organisation's).
* desk_setting: small settings that must stay inside the encrypted vault (printer name).
* backup_run: the result of every backup, so the app can show it and warn after a failure.
* app_error: unexpected program errors (type and code location only, never messages).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    for statement in (
        "ALTER TABLE user_account ADD COLUMN must_change_password BOOLEAN DEFAULT '0' NOT NULL",
        "ALTER TABLE user_account ADD COLUMN ui_language VARCHAR",
        'CREATE TABLE desk_setting ( "key" VARCHAR NOT NULL, value VARCHAR NOT NULL, PRIMARY KEY ("key") )',
        "CREATE TABLE backup_run ( id INTEGER NOT NULL, at DATETIME NOT NULL, automatic BOOLEAN NOT NULL, "
        "ok BOOLEAN NOT NULL, file_name VARCHAR, size INTEGER, error_code VARCHAR, user_id INTEGER, "
        "acknowledged BOOLEAN NOT NULL, PRIMARY KEY (id), FOREIGN KEY(user_id) REFERENCES user_account (id) )",
        "CREATE TABLE app_error ( id INTEGER NOT NULL, at DATETIME NOT NULL, kind VARCHAR NOT NULL, "
        "location TEXT NOT NULL, app_version VARCHAR NOT NULL, user_id INTEGER, PRIMARY KEY (id), "
        "FOREIGN KEY(user_id) REFERENCES user_account (id) )",
    ):
        conn.execute(text(statement))
