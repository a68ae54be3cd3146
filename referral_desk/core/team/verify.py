"""``verify --dsn SUPERUSER``: the team database's integrity, as ``verify`` checks a desk vault.

A desk vault checks its pages, its structure and its audit chain. On the server PostgreSQL
keeps the pages and the foreign keys; what our program relies on beyond that — and what a
careless administrator or an attacker with a superuser's hands could change without any
client noticing — is checked here, read-only, on one snapshot:

* the schema is at this program's revision;
* every table with personal data has row-level security switched on;
* nobody writes the audit log directly: no group has INSERT, and only the retention group
  UPDATE or DELETE;
* the triggers that keep the server's rules are in place (versions, the client guard, the
  name keys' owner);
* no constraint was added without being checked (``NOT VALID``);
* the audit chain verifies with the team's key (which only the owner reads, hence the
  superuser connection).

The first problem found is raised as :class:`IntegrityFailure` naming it (exit 5).
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.engine import Engine

from referral_desk.core.audit import verify_chain
from referral_desk.core.errors import IntegrityFailure, PolicyRefused
from referral_desk.core.team import server

#: Tables with personal data whose rows the server filters per login (core/team/server.py).
PROTECTED_TABLES = (
    "client",
    *server.CLIENT_CHILD_TABLES,
    *(table for table, _column, _parent in server.GRANDCHILD_TABLES),
    "client_share",
    "draft",
    "group_session",
    "meta",
    "user_account",
)
#: The server's own triggers besides the version triggers (``server.versioned_tables``).
RULE_TRIGGERS = (
    ("client", "client_guard"),
    ("client", "client_record_key"),
    ("client", "client_name_keys_follow"),
    ("client_name_key", "client_name_key_owner"),
)


def verify_server(engine: Engine) -> list[str]:
    """The names of the checks passed; IntegrityFailure at the first that fails."""
    from referral_desk.core.migrations import history

    with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as conn:
        server.require_superuser(conn)
        if not conn.execute(text("SELECT to_regclass('public.team_secret') IS NOT NULL")).scalar():
            raise PolicyRefused("team.not_team_database")
        db = conn.execute(text("SELECT current_database()")).scalar_one()
        passed: list[str] = []

        found = history.current(conn)
        if found != history.head():
            raise IntegrityFailure("verify.team_revision", found=str(found), expected=history.head())
        passed.append("schema_revision")

        rls: dict[str, bool] = dict(
            conn.execute(
                text("SELECT relname, relrowsecurity FROM pg_class WHERE relkind = 'r' AND relname = ANY(:t)"),
                {"t": list(PROTECTED_TABLES)},
            ).all()
        )
        off = sorted(t for t in PROTECTED_TABLES if not rls.get(t))
        if off:
            raise IntegrityFailure("verify.team_rls", tables=", ".join(off))
        passed.append("row_level_security")

        roles = server.role_names(db)
        writers = conn.execute(
            text(
                "SELECT grantee, privilege_type FROM information_schema.role_table_grants "
                "WHERE table_name = 'audit_event' AND privilege_type IN ('INSERT', 'UPDATE', 'DELETE', 'TRUNCATE') "
                "AND grantee <> :owner AND NOT (grantee = :retention AND privilege_type IN ('UPDATE', 'DELETE'))"
            ),
            {"owner": roles["owner"], "retention": roles["retention"]},
        ).all()
        if writers:
            raise IntegrityFailure("verify.team_audit_grants", grants=", ".join(sorted(f"{g} {p}" for g, p in writers)))
        passed.append("audit_grants")

        triggers = {
            (table, name)
            for table, name in conn.execute(
                text(
                    "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal AND tgenabled <> 'D'"
                )
            )
        }
        wanted = {(t, f"{t}_version") for t in server.versioned_tables()}
        missing = sorted(f"{t}.{n}" for t, n in (wanted | set(RULE_TRIGGERS)) - triggers)
        if missing:
            raise IntegrityFailure("verify.team_triggers", triggers=", ".join(missing))
        passed.append("server_triggers")

        unchecked = [
            r[0] for r in conn.execute(text("SELECT conname FROM pg_constraint WHERE NOT convalidated ORDER BY 1"))
        ]
        if unchecked:
            raise IntegrityFailure("verify.integrity", detail="NOT VALID: " + ", ".join(unchecked[:3]))
        passed.append("constraints_validated")

        key = conn.execute(text("SELECT audit_key FROM team_secret WHERE id = 1")).scalar_one()
        _head, broken = verify_chain(conn, bytes(key))
        if broken is not None:
            raise IntegrityFailure("verify.audit_chain", seq=broken)
        passed.append("audit_chain")
        conn.rollback()
    return passed
