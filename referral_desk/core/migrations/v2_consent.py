"""v2 part: consent declarations a data-protection officer signs off (issue 11).

* consent.guardian_name: who co-signed for a client under 15 on the signing date.
* consent_withdrawal: history of (partial) withdrawals; existing full withdrawals are
  back-filled as one complete withdrawal of all categories.
* template_approval: the organisation's approval of a translated template version
  (who, when, SHA-256 of the approved file).
* supervisory_authority: the organisation's own entry per legal regime, overriding the
  shipped catalogue.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Connection


def upgrade(conn: Connection) -> None:
    for statement in (
        "ALTER TABLE consent ADD COLUMN guardian_name VARCHAR",
        "CREATE TABLE consent_withdrawal ( id INTEGER NOT NULL, consent_id INTEGER NOT NULL, "
        "categories JSON NOT NULL, withdrawn_on DATE NOT NULL, reason VARCHAR, source VARCHAR NOT NULL, "
        "complete BOOLEAN NOT NULL, recorded_by INTEGER, recorded_at DATETIME NOT NULL, PRIMARY KEY (id), "
        "FOREIGN KEY(consent_id) REFERENCES consent (id), FOREIGN KEY(recorded_by) REFERENCES user_account (id) )",
        "CREATE INDEX ix_consent_withdrawal_consent ON consent_withdrawal (consent_id)",
        "CREATE TABLE supervisory_authority ( regime VARCHAR NOT NULL, name VARCHAR, street VARCHAR, "
        "postal_code VARCHAR, city VARCHAR, email VARCHAR, updated_by INTEGER, updated_at DATETIME NOT NULL, "
        "PRIMARY KEY (regime), FOREIGN KEY(updated_by) REFERENCES user_account (id) )",
        "CREATE TABLE template_approval ( id INTEGER NOT NULL, template_id VARCHAR NOT NULL, "
        "language VARCHAR NOT NULL, version VARCHAR NOT NULL, file_sha256 VARCHAR NOT NULL, approved_by INTEGER, "
        "approved_at DATETIME NOT NULL, note VARCHAR, PRIMARY KEY (id), "
        "CONSTRAINT uq_template_approval UNIQUE (template_id, language, version), "
        "FOREIGN KEY(approved_by) REFERENCES user_account (id) )",
        # A full withdrawal recorded by release 0.1 becomes the history's one complete entry.
        "INSERT INTO consent_withdrawal (consent_id, categories, withdrawn_on, reason, source, complete, "
        "recorded_by, recorded_at) SELECT id, categories, withdrawn_on, withdrawal_reason, "
        "COALESCE(withdrawal_source, 'other'), 1, withdrawal_recorded_by, recorded_at FROM consent "
        "WHERE withdrawn_on IS NOT NULL",
    ):
        conn.execute(text(statement))
