"""``server init`` and ``user add`` for the team database (DESIGN.md §10).

``init_server`` runs with a superuser DSN on an EMPTY database and creates, as a NOLOGIN
owner role ``<db>_owner``:

* the tables from the same SQLModel metadata the vault uses (plus team-only tables:
  ``team_user`` login role → user account and team, ``client_share`` time-limited shares,
  ``team_secret`` the audit key, readable by the owner only);
* group roles ``<db>_counsellor``, ``<db>_lead``, ``<db>_statistics``, ``<db>_admin``,
  ``<db>_retention`` (prefixed with the database name: roles are cluster-wide, so several
  organisations can share one cluster);
* grants and row-level security: a counsellor's connection sees the clients they own and
  those shared with them (explicit, audited, time-limited); a lead sees their team's;
* SECURITY DEFINER functions with a fixed search_path: ``rd_audit`` (the only way to write
  audit rows, HMAC-chained like the vault), ``rd_share_client`` / ``rd_end_share``,
  ``rd_register_user``, and ``rd_stats_clients`` (counts with small cells suppressed,
  the statistics role's only access to client data).

The login role of every person is their user name; the server knows who is connected
(``session_user``) and every policy is decided from that, never from what the client says.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from referral_desk.core.errors import InvalidInput, PolicyRefused
from referral_desk.core.team import reports

GROUPS = ("counsellor", "lead", "statistics", "admin", "retention")
USER_ROLES = ("counsellor", "lead", "statistics", "admin", "retention")
_NAME = re.compile(r"^[a-z][a-z0-9_]{1,40}$")

# Tables whose rows belong to one client (column client_id): visible exactly when the client is.
CLIENT_CHILD_TABLES = (
    "client_attribute_history",
    "client_name_key",
    "consent",
    "contact",
    "generated_document",
    "group_participant",
    "referral",
    "signposting",
    "support_goal",
    "support_step",
)
# Rows under a client-owned parent: (table, parent column, parent table).
GRANDCHILD_TABLES = (
    ("consent_withdrawal", "consent_id", "consent"),
    ("referral_event", "referral_id", "referral"),
    ("support_review", "goal_id", "support_goal"),
)
# Erasure (Art. 17) is the lead's (services/retention.py): counsellors add and correct, only the
# lead of the client's counsellor deletes. Counsellors keep DELETE where their own work needs
# it: name keys rebuilt on a rename, a same-day correction of the attribute history.
COUNSELLOR_DELETES = frozenset({"client_name_key", "client_attribute_history"})
# Kept by SQLite triggers in a vault (migrations/v2_stats_speed.py, v2_person_stats.py); the
# year report runs on a vault, and a table without its triggers would only go stale here.
VAULT_ONLY_TABLES = frozenset({"contact_month_stat", "person_month_stat", "client_attribute_head"})
# Reference data everyone working with clients reads; the admin group maintains it.
REFERENCE_TABLES = ("organisation", "agency", "supervisory_authority", "template_approval", "user_account")
# Statistics (k-anonymity for the one aggregate function): dimensions that may be counted.
STAT_DIMENSIONS = ("gender", "residence_status", "german_level", "service", "case_status", "employment_permitted")


def role_names(db: str) -> dict[str, str]:
    return {g: f"{db}_{g}" for g in (*GROUPS, "owner")}


def check_name(name: str, field: str) -> str:
    if not isinstance(name, str) or not _NAME.match(name):
        raise InvalidInput("team.name_invalid", field=field)
    return name


def _q(ident: str) -> str:
    """A quoted identifier (names are checked against ``_NAME`` before they get here)."""
    return '"' + ident.replace('"', '""') + '"'


def require_superuser(conn: Connection, code: str = "team.superuser_needed") -> None:
    """The connection's role must be a superuser (server init, upgrade, verify, publishing,
    moving a vault in, a restore, deactivating a login); refused with ``code`` otherwise."""
    if not conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
        raise PolicyRefused(code)


def _ddl(conn: Connection, sql: str) -> None:
    """A statement without parameters, sent as it is (psycopg only interprets ``%`` when
    parameters are passed; SQLAlchemy's ``text()`` would read ``:MI`` in a format string
    or a SCRAM verifier as bind parameters). Same transaction as ``conn``."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None  # inside the caller's transaction
    dbapi.execute(sql)


def is_empty(conn: Connection, db: str) -> bool:
    """No tables, views, sequences … and none of the database's group roles yet."""
    roles = conn.execute(
        text("SELECT count(*) FROM pg_roles WHERE rolname = ANY(:names)"), {"names": list(role_names(db).values())}
    ).scalar()
    return not has_objects(conn) and roles == 0


def has_objects(conn: Connection) -> bool:
    objects = conn.execute(
        text(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast') "
            "AND n.nspname NOT LIKE 'pg_temp%' AND n.nspname NOT LIKE 'pg_toast_temp%'"
        )
    ).scalar()
    return bool(objects)


def _functions_sql(r: dict[str, str]) -> list[str]:
    client_roles = f"{_q(r['counsellor'])}, {_q(r['lead'])}, {_q(r['admin'])}"
    dims = ", ".join(f"'{d}'" for d in STAT_DIMENSIONS)
    definer = "LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp"
    sql_definer = "LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp"
    return [
        # Who is connected: the login role (session_user, not current_user, which inside a
        # SECURITY DEFINER function is the owner).
        f"""CREATE FUNCTION rd_me() RETURNS integer {sql_definer} AS $$
            SELECT t.user_id FROM team_user t JOIN user_account u ON u.id = t.user_id
            WHERE t.db_role = session_user AND u.active $$""",
        # The signed-in person's account, for every group (statistics and retention have no
        # SELECT on user_account).
        f"""CREATE FUNCTION rd_whoami() RETURNS TABLE(id integer, name text, display_name text, role text,
                                                     also_lead boolean, active boolean) {sql_definer} AS $$
            SELECT u.id, u.name::text, u.display_name::text, u.role::text, u.also_lead, u.active
            FROM team_user t JOIN user_account u ON u.id = t.user_id WHERE t.db_role = session_user $$""",
        # Who sees a client, as sets (led counsellors, clients shared with me): each is
        # evaluated once per statement in the policies (an uncorrelated sub-select), so a row
        # costs a hash probe, not a function call; the planner cannot inline a SECURITY
        # DEFINER function (issue 18, performance). The boolean helpers below are built on them.
        f"""CREATE FUNCTION rd_led_counsellors() RETURNS SETOF integer {sql_definer} AS $$
            SELECT them.user_id FROM team_user me JOIN user_account mu ON mu.id = me.user_id
            JOIN team_user them ON them.team = me.team
            WHERE me.db_role = session_user AND mu.active
              AND (mu.role = 'lead' OR (mu.role = 'admin' AND mu.also_lead)) $$""",
        f"""CREATE FUNCTION rd_shared_clients() RETURNS SETOF integer {sql_definer} AS $$
            SELECT s.client_id FROM client_share s WHERE s.grantee_id = rd_me()
              AND s.ended_at IS NULL AND now() >= s.valid_from AND now() < s.valid_until $$""",
        f"""CREATE FUNCTION rd_leads(counsellor integer) RETURNS boolean {sql_definer} AS $$
            SELECT counsellor IN (SELECT rd_led_counsellors()) $$""",
        f"""CREATE FUNCTION rd_sees(counsellor integer, client integer) RETURNS boolean {sql_definer} AS $$
            SELECT {sees_client_row("client", "counsellor")} $$""",
        f"""CREATE FUNCTION rd_sees_client(client integer) RETURNS boolean {sql_definer} AS $$
            SELECT EXISTS (SELECT 1 FROM client c WHERE c.id = client AND rd_sees(c.counsellor_id, c.id)) $$""",
        # The duplicate check looks at the whole team database, like a desk vault's: how many
        # clients have this name-and-birth-date key, a number only (never a case number or a
        # name), so a counsellor does not open a second record for someone counselled by a
        # colleague. The service subtracts the matches the caller may see.
        f"""CREATE FUNCTION rd_duplicate_count(p_key text) RETURNS integer {sql_definer} AS $$
            SELECT count(*)::integer FROM client WHERE dup_key = p_key $$""",
        # The only way to write an audit row: HMAC-chained like the vault's chain
        # (core/audit.py event_mac), serialised by a transaction-scoped advisory lock so
        # the chain stays linear; the user is the connected login role, not a parameter.
        f"""CREATE FUNCTION rd_audit(p_action text, p_entity text, p_entity_id bigint, p_fields text)
            RETURNS bigint {definer} AS $$
            DECLARE
              head record; k bytea; new_seq bigint; at_text text; uid integer; msg text; new_mac text;
            BEGIN
              IF p_action IS NULL OR p_action !~ '^[a-z_]+(\\.[a-z_]+)+$' THEN
                RAISE EXCEPTION 'invalid audit action' USING ERRCODE = '22023';
              END IF;
              IF json_typeof(p_fields::json) <> 'array' THEN
                RAISE EXCEPTION 'invalid audit fields' USING ERRCODE = '22023';
              END IF;
              PERFORM pg_advisory_xact_lock(hashtext('referral_desk.audit'));
              SELECT seq, mac INTO head FROM audit_event ORDER BY seq DESC LIMIT 1;
              SELECT audit_key INTO k FROM team_secret WHERE id = 1;
              new_seq := coalesce(head.seq, 0) + 1;
              at_text := to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '+00:00';
              uid := rd_me();
              msg := concat_ws(chr(31), 'v1', new_seq::text, at_text, coalesce(uid::text, 'None'), p_action,
                               coalesce(p_entity, 'None'), coalesce(p_entity_id::text, 'None'), p_fields,
                               coalesce(head.mac, repeat('0', 64)));
              new_mac := encode(hmac(convert_to(msg, 'UTF8'), k, 'sha256'), 'hex');
              INSERT INTO audit_event (seq, at, user_id, action, entity, entity_id, fields, prev_mac, mac)
              VALUES (new_seq, at_text, uid, p_action, p_entity, p_entity_id, p_fields::json,
                      coalesce(head.mac, repeat('0', 64)), new_mac);
              RETURN new_seq;
            END $$""",
        # Cover during leave: the owner (or their lead) shares one client with a colleague
        # until a time at most 92 days ahead; audited in the same transaction.
        f"""CREATE FUNCTION rd_share_client(p_client integer, p_grantee text, p_until timestamptz)
            RETURNS integer {definer} AS $$
            DECLARE owner_id integer; grantee integer; new_id integer;
            BEGIN
              SELECT counsellor_id INTO owner_id FROM client WHERE id = p_client;
              IF NOT FOUND OR NOT (owner_id = rd_me() OR rd_leads(owner_id)) THEN
                RAISE EXCEPTION 'not your client' USING ERRCODE = '42501';
              END IF;
              SELECT t.user_id INTO grantee FROM team_user t JOIN user_account u ON u.id = t.user_id
              WHERE t.db_role = p_grantee AND u.active AND u.role IN ('counsellor', 'lead');
              IF grantee IS NULL THEN
                RAISE EXCEPTION 'unknown colleague' USING ERRCODE = '22023';
              END IF;
              IF p_until <= now() OR p_until > now() + interval '92 days' THEN
                RAISE EXCEPTION 'share must end within 92 days' USING ERRCODE = '22023';
              END IF;
              INSERT INTO client_share (client_id, grantee_id, granted_by, valid_from, valid_until)
              VALUES (p_client, grantee, rd_me(), now(), p_until) RETURNING id INTO new_id;
              PERFORM rd_audit('client.share', 'client', p_client, '["grantee","valid_until"]');
              RETURN new_id;
            END $$""",
        f"""CREATE FUNCTION rd_end_share(p_share integer) RETURNS void {definer} AS $$
            DECLARE s record;
            BEGIN
              SELECT sh.*, c.counsellor_id INTO s FROM client_share sh JOIN client c ON c.id = sh.client_id
              WHERE sh.id = p_share AND sh.ended_at IS NULL;
              IF NOT FOUND
                 OR NOT (s.counsellor_id = rd_me() OR s.granted_by = rd_me() OR rd_leads(s.counsellor_id)) THEN
                RAISE EXCEPTION 'not your share' USING ERRCODE = '42501';
              END IF;
              UPDATE client_share SET ended_at = now() WHERE id = p_share;
              PERFORM rd_audit('client.share_end', 'client', s.client_id, '["share"]');
            END $$""",
        # Accounts: the admin creates the login role (client-side SCRAM verifier), then
        # registers it here; the function checks the role is a member of the right group.
        f"""CREATE FUNCTION rd_register_user(p_role text, p_display text, p_kind text, p_team text)
            RETURNS integer {definer} AS $$
            DECLARE new_id integer;
            BEGIN
              IF NOT pg_has_role(session_user, '{r["admin"]}', 'MEMBER') AND NOT
                 (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
                RAISE EXCEPTION 'admins only' USING ERRCODE = '42501';
              END IF;
              IF NOT pg_has_role(p_role, current_database() || '_' || p_kind, 'MEMBER') THEN
                RAISE EXCEPTION 'role not in its group' USING ERRCODE = '22023';
              END IF;
              INSERT INTO user_account (name, name_folded, display_name, role, also_lead, active, created_at,
                                        must_change_password)
              VALUES (p_role, lower(p_role), p_display, p_kind, false, true, now() AT TIME ZONE 'UTC', false)
              RETURNING id INTO new_id;
              INSERT INTO team_user (user_id, db_role, team) VALUES (new_id, p_role, p_team);
              PERFORM rd_audit('user.create', 'user', new_id, '["name","role","team"]');
              RETURN new_id;
            END $$""",
        # Whether a service is still used by any client or group session of the whole team
        # (the administration cannot read the records; it gets a yes or no).
        f"""CREATE FUNCTION rd_service_in_use(p_service text) RETURNS boolean {sql_definer} AS $$
            SELECT EXISTS (SELECT 1 FROM client WHERE service = p_service)
                OR EXISTS (SELECT 1 FROM group_session WHERE service = p_service) $$""",
        # Erasure: what the lead's connection cannot reach goes too — every colleague's unsaved
        # form of the client (drafts are each person's own rows) and, when the client is
        # deleted, its shares; only for the lead of the client's counsellor.
        f"""CREATE FUNCTION rd_erase_team_rows(p_client integer, p_delete boolean) RETURNS void {definer} AS $$
            DECLARE owner_id integer;
            BEGIN
              SELECT counsellor_id INTO owner_id FROM client WHERE id = p_client;
              IF NOT FOUND OR NOT rd_leads(owner_id) THEN
                RAISE EXCEPTION 'not a client of your team' USING ERRCODE = '42501';
              END IF;
              DELETE FROM draft WHERE kind = 'client' AND ref = p_client::text;
              IF p_delete THEN
                DELETE FROM client_share WHERE client_id = p_client;
              END IF;
            END $$""",
        # A legal hold and an erasure are the lead's decisions, and an erasure is final:
        # a counsellor's raw UPDATE cannot lift a hold or bring an erased record back.
        f"""CREATE FUNCTION rd_guard_client() RETURNS trigger {definer} AS $$
            BEGIN
              IF OLD.erased_on IS NOT NULL AND NEW.erased_on IS NULL THEN
                RAISE EXCEPTION 'an erasure is final' USING ERRCODE = '42501';
              END IF;
              IF (NEW.legal_hold IS DISTINCT FROM OLD.legal_hold OR NEW.erased_on IS DISTINCT FROM OLD.erased_on)
                 AND NOT rd_leads(OLD.counsellor_id)
                 AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user) THEN
                RAISE EXCEPTION 'legal hold and erasure are the lead''s' USING ERRCODE = '42501';
              END IF;
              RETURN NEW;
            END $$""",
        # Statistics: counts of current clients by one coded attribute. Cells below the
        # minimum cell size are suppressed (NULL); if exactly one cell is suppressed, the
        # next smallest is too, so the total of the others cannot give it away.
        f"""CREATE FUNCTION rd_stats_clients(p_dimension text, p_min_cell integer DEFAULT 0)
            RETURNS TABLE(category text, clients bigint) {definer} AS $$
            DECLARE k integer;
            BEGIN
              IF p_dimension NOT IN ({dims}) THEN
                RAISE EXCEPTION 'unknown dimension' USING ERRCODE = '22023';
              END IF;
              SELECT greatest(coalesce(p_min_cell, 0), coalesce(min_cell_size, 3), 2) INTO k FROM organisation
              WHERE id = 1;
              k := coalesce(k, 3);
              RETURN QUERY EXECUTE format(
                'WITH cells AS (SELECT %1$I::text AS category, count(*) AS n FROM client
                                WHERE erased_on IS NULL GROUP BY 1),
                      ranked AS (SELECT category, n, n < $1 AS small,
                                        row_number() OVER (ORDER BY (n < $1) DESC, n, category) AS r
                                 FROM cells),
                      flagged AS (SELECT category, n, small OR (r = 2 AND (SELECT count(*) FROM ranked
                                                                             WHERE small) = 1) AS hide
                                  FROM ranked)
                 SELECT category, CASE WHEN hide THEN NULL ELSE n END FROM flagged ORDER BY category',
                p_dimension) USING k;
            END $$""",
        "REVOKE ALL ON FUNCTION rd_me(), rd_whoami(), rd_leads(integer), rd_sees(integer, integer), "
        "rd_sees_client(integer), rd_led_counsellors(), rd_shared_clients(), rd_duplicate_count(text), "
        "rd_audit(text, text, bigint, text), rd_share_client(integer, text, timestamptz), rd_end_share(integer), "
        "rd_register_user(text, text, text, text), rd_stats_clients(text, integer), "
        "rd_erase_team_rows(integer, boolean), rd_guard_client(), rd_service_in_use(text) FROM PUBLIC",
        f"GRANT EXECUTE ON FUNCTION rd_me(), rd_leads(integer), rd_sees(integer, integer), rd_sees_client(integer), "
        f"rd_led_counsellors(), rd_shared_clients(), rd_duplicate_count(text) TO {client_roles}",
        f"GRANT EXECUTE ON FUNCTION rd_whoami() TO {client_roles}, {_q(r['statistics'])}, {_q(r['retention'])}",
        f"GRANT EXECUTE ON FUNCTION rd_me() TO {_q(r['statistics'])}",
        f"GRANT EXECUTE ON FUNCTION rd_audit(text, text, bigint, text) TO {client_roles}, {_q(r['statistics'])}, "
        f"{_q(r['retention'])}",
        f"GRANT EXECUTE ON FUNCTION rd_share_client(integer, text, timestamptz), rd_end_share(integer) "
        f"TO {client_roles}",
        f"GRANT EXECUTE ON FUNCTION rd_register_user(text, text, text, text) TO {_q(r['admin'])}",
        f"GRANT EXECUTE ON FUNCTION rd_erase_team_rows(integer, boolean) TO {_q(r['lead'])}, {_q(r['admin'])}",
        f"GRANT EXECUTE ON FUNCTION rd_service_in_use(text) TO {_q(r['admin'])}",
        f"GRANT EXECUTE ON FUNCTION rd_stats_clients(text, integer) TO {_q(r['statistics'])}, {_q(r['lead'])}, "
        f"{_q(r['admin'])}",
        # Published reports (core/team/reports.py): finished, disclosure-controlled tables only.
        *reports.functions_sql(definer),
        "REVOKE ALL ON FUNCTION rd_published_report(date, date, text, text, text), rd_published_reports() FROM PUBLIC",
        "GRANT EXECUTE ON FUNCTION rd_published_report(date, date, text, text, text), rd_published_reports() "
        f"TO {_q(r['statistics'])}, {_q(r['lead'])}, {_q(r['admin'])}",
    ]


def sees_client_row(client_id: str = "id", counsellor_id: str = "counsellor_id") -> str:
    """Who sees a client: its counsellor, a colleague with an active share, the lead of the
    counsellor's team — the one rule of the policies and of ``rd_sees``, over the client's id
    and counsellor columns (``client_id`` in the name keys, parameters in ``rd_sees``)."""
    return (
        f"{counsellor_id} = (SELECT rd_me()) OR {client_id} IN (SELECT rd_shared_clients()) "
        f"OR {counsellor_id} IN (SELECT rd_led_counsellors())"
    )


def versioned_tables() -> list[str]:
    """The tables whose records carry a version (``models.version_column``): the server
    raises it on raw UPDATEs too (trigger ``<table>_version``)."""
    from sqlmodel.main import default_registry

    import referral_desk.core.models  # noqa: F401 - registers the tables

    return sorted(m.class_.__tablename__ for m in default_registry.mappers if m.version_id_col is not None)


def sees_group_row() -> str:
    """Who sees a group session: who held it, their lead, and whoever sees one of its
    registered participants (group_participant's own policy decides that)."""
    return (
        "counsellor_id = (SELECT rd_me()) OR counsellor_id IN (SELECT rd_led_counsellors()) "
        "OR id IN (SELECT group_id FROM group_participant)"
    )


def erases_client_row(alias: str = "") -> str:
    """Which client's rows may be deleted (erasure): those of a counsellor the connected
    person leads, never under a legal hold (``alias``: the client table's, with its dot)."""
    return f"{alias}counsellor_id IN (SELECT rd_led_counsellors()) AND NOT {alias}legal_hold"


def _policies_sql(r: dict[str, str]) -> list[str]:
    client_roles = f"{_q(r['counsellor'])}, {_q(r['lead'])}, {_q(r['admin'])}"
    erasers = f"{_q(r['lead'])}, {_q(r['admin'])}"
    out = [
        # Clients: visible / changeable when owned, shared (active share) or led.
        "ALTER TABLE client ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY client_select ON client FOR SELECT USING ({sees_client_row()})",
        f"CREATE POLICY client_update ON client FOR UPDATE USING ({sees_client_row()}) "
        f"WITH CHECK ({sees_client_row()})",
        "CREATE POLICY client_insert ON client FOR INSERT WITH CHECK (counsellor_id = rd_me())",
        f"GRANT SELECT, INSERT, UPDATE ON client TO {client_roles}",
        # Erasure in mode "delete": the lead of the client's counsellor, never under a legal hold.
        f"CREATE POLICY client_erase ON client FOR DELETE USING ({erases_client_row()})",
        f"GRANT DELETE ON client TO {erasers}",
        "CREATE TRIGGER client_guard BEFORE UPDATE ON client FOR EACH ROW EXECUTE FUNCTION rd_guard_client()",
        # The server bumps the version on any UPDATE that did not (raw SQL): no silent overwrite.
        """CREATE FUNCTION rd_bump_version() RETURNS trigger LANGUAGE plpgsql AS $$
           BEGIN
             IF NEW.version = OLD.version THEN NEW.version := OLD.version + 1; END IF;
             RETURN NEW;
           END $$""",
    ]
    out += [
        f"CREATE TRIGGER {table}_version BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION rd_bump_version()"
        for table in versioned_tables()
    ]
    out += [
        # The cell-key method's random record key (a vault sets it with the trigger of
        # migrations/v2_cell_key.py): 32 random bits from pgcrypto, whoever inserts the client.
        """CREATE FUNCTION rd_record_key() RETURNS trigger LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
           BEGIN
             IF NEW.record_key IS NULL THEN
               NEW.record_key := ('x' || encode(gen_random_bytes(4), 'hex'))::bit(32)::bigint;
             END IF;
             RETURN NEW;
           END $$""",
        "CREATE TRIGGER client_record_key BEFORE INSERT ON client FOR EACH ROW EXECUTE FUNCTION rd_record_key()",
    ]
    for table in CLIENT_CHILD_TABLES:
        # The client's own policy decides: a semi-join on client (its RLS applies inside).
        sees = "EXISTS (SELECT 1 FROM client c WHERE c.id = client_id)"
        if table == "client_name_key":  # the search reads these by the thousand: see NAME_KEY_OWNER_SQL
            out += [
                "ALTER TABLE client_name_key ENABLE ROW LEVEL SECURITY",
                f"CREATE POLICY client_name_key_client ON client_name_key "
                f"USING ({sees_client_row('client_id')}) WITH CHECK ({sees})",
                f"GRANT SELECT, INSERT, UPDATE, DELETE ON client_name_key TO {client_roles}",
            ]
            continue
        out += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_client ON {table} USING ({sees}) WITH CHECK ({sees})",
        ]
        if table in COUNSELLOR_DELETES:
            out.append(f"GRANT SELECT, INSERT, UPDATE, DELETE ON {table} TO {client_roles}")
            continue
        led = f"EXISTS (SELECT 1 FROM client c WHERE c.id = client_id AND {erases_client_row('c.')})"
        out += [
            f"GRANT SELECT, INSERT, UPDATE ON {table} TO {client_roles}",
            f"GRANT DELETE ON {table} TO {erasers}",
            f"CREATE POLICY {table}_erase ON {table} AS RESTRICTIVE FOR DELETE USING ({led})",
        ]
    for table, column, parent in GRANDCHILD_TABLES:
        led = (
            f"EXISTS (SELECT 1 FROM {parent} p JOIN client c ON c.id = p.client_id "
            f"WHERE p.id = {column} AND {erases_client_row('c.')})"
        )
        out += [
            f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY",
            f"CREATE POLICY {table}_client ON {table} USING (EXISTS (SELECT 1 FROM {parent} p "
            f"WHERE p.id = {column})) WITH CHECK (EXISTS (SELECT 1 FROM {parent} p WHERE p.id = {column}))",
            f"GRANT SELECT, INSERT, UPDATE ON {table} TO {client_roles}",
            f"GRANT DELETE ON {table} TO {erasers}",
            f"CREATE POLICY {table}_erase ON {table} AS RESTRICTIVE FOR DELETE USING ({led})",
        ]
    out += [
        # Group sessions: the team's offering, but its note may name people, so a session is
        # seen by who held it, their lead, and whoever sees a registered participant.
        "ALTER TABLE group_session ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY group_session_seen ON group_session FOR SELECT USING ({sees_group_row()})",
        "CREATE POLICY group_session_insert ON group_session FOR INSERT WITH CHECK (counsellor_id = rd_me())",
        f"GRANT SELECT, INSERT ON group_session TO {client_roles}",
        # Shares: the people involved see them; only the functions write them.
        "ALTER TABLE client_share ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY client_share_involved ON client_share FOR SELECT USING (grantee_id = rd_me() OR "
        "granted_by = rd_me() OR EXISTS (SELECT 1 FROM client c WHERE c.id = client_id))",
        f"GRANT SELECT ON client_share TO {client_roles}",
        # meta: case-number counters only (the vault's audit key lives in team_secret).
        "ALTER TABLE meta ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY meta_counters ON meta USING (key LIKE 'case\\_counter:%' OR key = 'schema_version') "
        "WITH CHECK (key LIKE 'case\\_counter:%')",
        f"GRANT SELECT, INSERT, UPDATE ON meta TO {client_roles}",
        "ALTER TABLE draft ENABLE ROW LEVEL SECURITY",
        "CREATE POLICY draft_own ON draft USING (user_id = rd_me()) WITH CHECK (user_id = rd_me())",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON draft TO {client_roles}",
        f"GRANT SELECT ON {', '.join(REFERENCE_TABLES)} TO {client_roles}",
        # Accounts: the team's names for everyone working with clients; the statistics login
        # reads its own row only (and the organisation's profile: no person in it), so it can
        # open the app. Each person saves their own language, nothing else of the account.
        "ALTER TABLE user_account ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY user_account_team ON user_account FOR SELECT TO {client_roles} USING (true)",
        f"CREATE POLICY user_account_own ON user_account FOR SELECT TO {_q(r['statistics'])} USING (id = rd_me())",
        f"CREATE POLICY user_account_language ON user_account FOR UPDATE TO {client_roles}, {_q(r['statistics'])} "
        "USING (id = rd_me()) WITH CHECK (id = rd_me())",
        f"GRANT SELECT ON organisation, user_account TO {_q(r['statistics'])}",
        f"GRANT UPDATE (ui_language) ON user_account TO {client_roles}, {_q(r['statistics'])}",
        f"GRANT UPDATE ON organisation, agency, supervisory_authority, template_approval TO {_q(r['admin'])}",
        f"GRANT INSERT ON agency, template_approval, supervisory_authority TO {_q(r['admin'])}",
        f"GRANT SELECT ON team_user TO {client_roles}",
        f"GRANT SELECT, INSERT ON backup_run, app_error TO {_q(r['admin'])}",
        # Audit: rows only through rd_audit; leads and admins read; retention may prune.
        f"GRANT SELECT ON audit_event TO {_q(r['lead'])}, {_q(r['admin'])}",
        f"GRANT SELECT, UPDATE, DELETE ON audit_event TO {_q(r['retention'])}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO {client_roles}",
    ]
    return out


#: Name keys carry their client's counsellor, kept by the server: a search range over a
#: million clients' keys is then filtered inside the index (key, counsellor, client) by the
#: same rule as a client row, instead of looking up every candidate client (measured:
#: 100–220 ms → 5–20 ms per search at 1,000,000 clients, docs/PERFORMANCE.md). The value is
#: always the client's own (a SECURITY DEFINER trigger reads it; nobody can write another),
#: and follows the client when it changes counsellor.
NAME_KEY_OWNER_SQL = (
    "ALTER TABLE client_name_key ADD COLUMN counsellor_id integer",
    "CREATE INDEX ix_client_name_key_owner ON client_name_key (key, counsellor_id, client_id)",
    """CREATE FUNCTION rd_name_key_owner() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
       SET search_path = public, pg_temp AS $$
       BEGIN
         NEW.counsellor_id := (SELECT counsellor_id FROM client WHERE id = NEW.client_id);
         RETURN NEW;
       END $$""",
    "CREATE TRIGGER client_name_key_owner BEFORE INSERT OR UPDATE ON client_name_key FOR EACH ROW "
    "EXECUTE FUNCTION rd_name_key_owner()",
    """CREATE FUNCTION rd_name_keys_follow() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER
       SET search_path = public, pg_temp AS $$
       BEGIN
         UPDATE client_name_key SET counsellor_id = NEW.counsellor_id WHERE client_id = NEW.id;
         RETURN NULL;
       END $$""",
    "CREATE TRIGGER client_name_keys_follow AFTER UPDATE OF counsellor_id ON client FOR EACH ROW "
    "WHEN (OLD.counsellor_id IS DISTINCT FROM NEW.counsellor_id) EXECUTE FUNCTION rd_name_keys_follow()",
    "REVOKE ALL ON FUNCTION rd_name_key_owner(), rd_name_keys_follow() FROM PUBLIC",
)


def _team_tables_sql() -> list[str]:
    return [
        "CREATE TABLE team_user (user_id integer PRIMARY KEY REFERENCES user_account(id), "
        "db_role text NOT NULL UNIQUE, team text NOT NULL DEFAULT 'default')",
        "CREATE TABLE client_share (id serial PRIMARY KEY, client_id integer NOT NULL REFERENCES client(id), "
        "grantee_id integer NOT NULL REFERENCES user_account(id), granted_by integer REFERENCES user_account(id), "
        "valid_from timestamptz NOT NULL, valid_until timestamptz NOT NULL, ended_at timestamptz, "
        "CHECK (valid_until > valid_from))",
        "CREATE INDEX ix_client_share_grantee ON client_share (grantee_id, client_id)",
        "CREATE TABLE team_secret (id integer PRIMARY KEY CHECK (id = 1), audit_key bytea NOT NULL)",
        reports.TABLE_SQL,  # owner only: read through rd_published_report
        # Range lookups on search keys (prefix \x7f bounds) need byte order, not a locale's.
        'ALTER TABLE client_name_key ALTER COLUMN key TYPE varchar COLLATE "C"',
        *NAME_KEY_OWNER_SQL,
    ]


@dataclass
class ServerInfo:
    database: str
    roles: dict[str, str]
    admin: str
    admin_id: int


def init_server(engine: Engine, *, org_name: str, admin: str, admin_password: str, team: str = "default") -> ServerInfo:
    """Prepare an empty database (connected as a superuser). Refuses a non-empty one (exit 3)."""
    from sqlmodel import SQLModel

    from referral_desk.core import migrations
    from referral_desk.core.migrations import history
    from referral_desk.core.services.common import validate
    from referral_desk.core.services.setup import BUILT_IN_AGENCIES, OrganisationSetup
    from referral_desk.core.team.connection import scram_verifier

    check_name(admin, "admin")
    check_name(team, "team")
    setup = validate(OrganisationSetup, {"org_name": org_name})
    with engine.begin() as conn:
        db: str = conn.execute(text("SELECT current_database()")).scalar_one()
        if not _NAME.match(db):
            raise InvalidInput("team.name_invalid", field="dsn.dbname")
        require_superuser(conn)
        if (
            not is_empty(conn, db)
            or conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :a"), {"a": admin}).first()
        ):
            raise PolicyRefused("team.not_empty")
        r = role_names(db)
        if admin in r.values():
            raise InvalidInput("team.user_exists", field="admin")
        for group in GROUPS:
            _ddl(conn, f"CREATE ROLE {_q(r[group])} NOLOGIN")
        _ddl(conn, f"CREATE ROLE {_q(r['owner'])} NOLOGIN")
        conn.execute(text(f"REVOKE ALL ON DATABASE {_q(db)} FROM PUBLIC"))
        conn.execute(text(f"GRANT CONNECT ON DATABASE {_q(db)} TO " + ", ".join(_q(r[g]) for g in GROUPS)))
        conn.execute(text("REVOKE ALL ON SCHEMA public FROM PUBLIC"))
        conn.execute(text("GRANT USAGE ON SCHEMA public TO " + ", ".join(_q(r[g]) for g in GROUPS)))
        conn.execute(text(f"GRANT USAGE, CREATE ON SCHEMA public TO {_q(r['owner'])}"))
        conn.execute(text("CREATE EXTENSION IF NOT EXISTS pgcrypto WITH SCHEMA public"))
        # Everything below is owned by the NOLOGIN owner role, not by the superuser.
        conn.execute(text(f"SET LOCAL ROLE {_q(r['owner'])}"))
        SQLModel.metadata.create_all(
            conn, tables=[t for t in SQLModel.metadata.sorted_tables if t.name not in VAULT_ONLY_TABLES]
        )
        for statement in _team_tables_sql() + _functions_sql(r) + _policies_sql(r):
            _ddl(conn, statement)
        conn.execute(text("INSERT INTO team_secret (id, audit_key) VALUES (1, :k)"), {"k": secrets.token_bytes(32)})
        conn.execute(
            text("INSERT INTO meta (key, value) VALUES ('schema_version', :v), ('team_database', '1')"),
            {"v": str(migrations.LATEST)},
        )
        history.stamp(conn, history.head())  # created at the head: later revisions run from here
        # Every login may read the revision: signing in checks it (team/context.py).
        conn.execute(text("GRANT SELECT ON alembic_version TO " + ", ".join(_q(r[g]) for g in GROUPS)))
        conn.execute(
            text(
                "INSERT INTO organisation (id, name, service, legal_regime, consent_validity_months, "
                "min_cell_size, retention_years, idle_lock_minutes, team_access, ui_language, backup_keep, "
                "erase_mode, services) VALUES (1, :n, 'mbe', 'dsgvo', 24, 3, 3, 5, false, 'de', 10, "
                "'anonymise', '[\"mbe\"]')"
            ),
            {"n": setup.org_name},
        )
        for key, kind, name in BUILT_IN_AGENCIES:
            conn.execute(
                text("INSERT INTO agency (key, kind, name, built_in, active) VALUES (:k, :kind, :n, true, true)"),
                {"k": key, "kind": kind, "n": name},
            )
        conn.execute(text("SELECT rd_audit('vault.create', 'organisation', 1, '[\"legal_regime\",\"name\"]')"))
        conn.execute(text("RESET ROLE"))
        create_login(conn, admin, "admin", r, verifier=scram_verifier(admin_password))
        admin_id: int = conn.execute(
            text("SELECT rd_register_user(:a, :a, 'admin', :t)"), {"a": admin, "t": team}
        ).scalar_one()
    return ServerInfo(db, r, admin, admin_id)


@dataclass(frozen=True)
class UpgradeResult:
    database: str
    before: str | None
    after: str
    applied: list[str]


def upgrade_server(engine: Engine) -> UpgradeResult:
    """Run the revisions this program has and the team database has not (connected as a
    superuser), in one transaction. New objects belong to the owner role, as at ``init``;
    a revision that adds a table also writes its grants and row-level security."""
    from referral_desk.core import migrations
    from referral_desk.core.migrations import history

    with engine.begin() as conn:
        db: str = conn.execute(text("SELECT current_database()")).scalar_one()
        require_superuser(conn)
        if not conn.execute(text("SELECT to_regclass('public.meta') IS NOT NULL")).scalar():
            raise PolicyRefused("team.not_team_database")
        conn.execute(text(f"SET LOCAL ROLE {_q(role_names(db)['owner'])}"))
        try:
            before, applied = history.bring_to_head(conn, release=migrations.LATEST)
        except history.NewerRevision as exc:
            raise PolicyRefused("team.newer_schema", found=exc.revision, supported=history.head()) from None
        conn.execute(text("RESET ROLE"))
        conn.execute(text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(migrations.LATEST)})
        return UpgradeResult(db, before, history.head(), applied)


def change_own_password(engine: Engine, *, new_password: str, current_password: str | None) -> None:
    """The signed-in person's own login gets a new password (``ALTER ROLE CURRENT_USER``, which
    PostgreSQL allows every role for itself; the server is sent the SCRAM verifier, never the
    password). ``current_password``, when given, is checked by signing in with it once more;
    the CLI passes None, it signed in with the current password a moment ago. The audit
    event names the field only. New connections of ``engine`` use the new password."""
    from referral_desk.core.team.connection import connect_raw, engine_params, scram_verifier

    params = engine_params(engine)
    if current_password is not None:
        connect_raw({**params, "password": current_password}).close()  # AuthenticationFailed if wrong
        if new_password == current_password:
            raise InvalidInput("password.same_as_old", field="new_password")
    with engine.begin() as conn:
        _ddl(conn, f"ALTER ROLE CURRENT_USER PASSWORD '{scram_verifier(new_password)}'")
        conn.execute(
            text("SELECT rd_audit('user.password_change', 'user', (SELECT id FROM rd_whoami()), '[\"password\"]')")
        )
    params["password"] = new_password


def create_login(conn: Connection, name: str, kind: str, r: dict[str, str], *, verifier: str | None) -> None:
    """A person's login role in the group of ``kind``; without a verifier it cannot sign in
    until a password is set (``reset_login_password``).

    The administrator: up to PostgreSQL 15, CREATEROLE may grant membership in ANY
    non-superuser role (also <db>_owner, which bypasses row-level security), so there the
    admin gets no CREATEROLE and login roles are added with a superuser DSN. From 16 on
    CREATEROLE is limited to roles one holds ADMIN OPTION on: the groups, not the owner."""
    check_name(name, "name")
    version = int(conn.execute(text("SHOW server_version_num")).scalar_one())
    admin16 = kind == "admin" and version >= 160000
    password = f" PASSWORD '{verifier}'" if verifier else ""
    _ddl(conn, f"CREATE ROLE {_q(name)} LOGIN{' CREATEROLE' if admin16 else ''}{password} IN ROLE {_q(r[kind])}")
    if admin16:
        for group in GROUPS:
            if group != "admin":
                _ddl(conn, f"GRANT {_q(r[group])} TO {_q(name)} WITH ADMIN OPTION, INHERIT FALSE, SET FALSE")


def recreate_logins(conn: Connection) -> list[str]:
    """After a restore on another server: a login role (without a password) for every person
    of the restored database whose role the cluster does not have. Returns their names."""
    db: str = conn.execute(text("SELECT current_database()")).scalar_one()
    r = role_names(db)
    rows = conn.execute(
        text(
            "SELECT t.db_role, u.role FROM team_user t JOIN user_account u ON u.id = t.user_id "
            "WHERE NOT EXISTS (SELECT 1 FROM pg_roles p WHERE p.rolname = t.db_role) ORDER BY t.db_role"
        )
    ).all()
    made = []
    for name, kind in rows:
        if kind in GROUPS and _NAME.match(str(name)):
            create_login(conn, str(name), str(kind), r, verifier=None)
            made.append(str(name))
    return made


def reset_login_password(engine: Engine, *, name: str, password: str) -> int:
    """Set a new password for a person's login role of this database (a superuser, or from
    PostgreSQL 16 on the admin login). Only roles of ``team_user``: never ``postgres`` or a
    group. Audited. Returns the user id."""
    from referral_desk.core.team.connection import scram_verifier

    check_name(name, "name")
    with engine.begin() as conn:
        user_id = conn.execute(text("SELECT user_id FROM team_user WHERE db_role = :n"), {"n": name}).scalar()
        if user_id is None:
            raise InvalidInput("team.login_unknown", field="name")
        try:
            with conn.begin_nested():
                _ddl(conn, f"ALTER ROLE {_q(name)} PASSWORD '{scram_verifier(password)}'")
        except Exception as exc:
            raise PolicyRefused("policy.role", action="user reset-password", roles="admin") from exc
        conn.execute(text("SELECT rd_audit('user.password_reset', 'user', :id, '[\"password\"]')"), {"id": user_id})
        return int(user_id)


@dataclass(frozen=True)
class Deactivated:
    user_id: int
    shares_ended: int
    sessions_ended: int


def deactivate_login(engine: Engine, *, name: str) -> Deactivated:
    """Someone leaves the team (a superuser DSN): their login role can no longer sign in
    (NOLOGIN), their account is inactive, the shares they received end now, and their open
    connections are closed — in one transaction, audited. Their clients stay (a lead
    reassigns the caseload); nothing is deleted. Only roles of ``team_user``."""
    check_name(name, "name")
    with engine.begin() as conn:
        require_superuser(conn)
        user_id = conn.execute(text("SELECT user_id FROM team_user WHERE db_role = :n"), {"n": name}).scalar()
        if user_id is None:
            raise InvalidInput("team.login_unknown", field="name")
        _ddl(conn, f"ALTER ROLE {_q(name)} NOLOGIN")
        conn.execute(text("UPDATE user_account SET active = false WHERE id = :id"), {"id": user_id})
        ended = conn.execute(
            text(
                "UPDATE client_share SET ended_at = now() WHERE grantee_id = :id AND ended_at IS NULL "
                "AND valid_until > now()"
            ),
            {"id": user_id},
        ).rowcount
        conn.execute(
            text("SELECT rd_audit('user.deactivate', 'user', :id, :f)"),
            {"id": user_id, "f": '["active", "login"]' if not ended else '["active", "login", "shares"]'},
        )
    # After the commit: connections still open were signed in before; close them.
    with engine.begin() as conn:
        closed = conn.execute(
            text("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity WHERE usename = :n"),
            {"n": name},
        ).scalar_one()
    return Deactivated(int(user_id), int(ended or 0), int(closed))


def add_user(
    engine: Engine, *, name: str, role: str, password: str, display_name: str | None = None, team: str = "default"
) -> int:
    """Create a SCRAM login role in the group of ``role`` and its user account (run by a
    superuser, or from PostgreSQL 16 on by the admin login role). The password reaches the
    server only as a verifier."""
    from referral_desk.core.team.connection import scram_verifier

    check_name(name, "name")
    check_name(team, "team")
    if role not in USER_ROLES:
        raise InvalidInput("input.choice", field="role", value=str(role)[:20], allowed=", ".join(USER_ROLES))
    display = (display_name or name).strip()
    if not display or len(display) > 200:
        raise InvalidInput("input.required", field="display_name")
    with engine.begin() as conn:
        db: str = conn.execute(text("SELECT current_database()")).scalar_one()
        r = role_names(db)
        if conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first():
            raise PolicyRefused("team.user_exists", field="name")
        try:
            with conn.begin_nested():
                create_login(conn, name, role, r, verifier=scram_verifier(password))
        except Exception as exc:
            raise PolicyRefused("policy.role", action="user add", roles="admin") from exc
        user_id: int = conn.execute(
            text("SELECT rd_register_user(:n, :d, :k, :t)"), {"n": name, "d": display, "k": role, "t": team}
        ).scalar_one()
        return user_id
