"""Command-line face of the team database (DESIGN.md §4, §10): ``--dsn`` for the client
commands, ``server init`` and ``user add`` in team mode. Kept beside ``cli.py`` so the vault
commands stay as they are."""

from __future__ import annotations

import contextlib
import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

from referral_desk.core.errors import InvalidInput

OUT = {
    "server.initialised": (
        "Teamdatenbank „{database}“ eingerichtet: Rollen {roles}; Administration: {admin}.",
        "Team database '{database}' prepared: roles {roles}; administrator: {admin}.",
    ),
    "client.shared": (
        "Freigabe {id}: Akte {client_id} für „{colleague}“ bis einschließlich {until}.",
        "Share {id}: client {client_id} for '{colleague}' up to and including {until}.",
    ),
    "client.unshared": ("Freigabe {id} beendet.", "Share {id} ended."),
    "server.backed_up": (
        "Teamdatenbank „{database}“ gesichert: {path} ({size} Byte Dump, verschlüsselt). "
        "Die Passphrase getrennt aufbewahren: Ohne sie lässt sich die Sicherung nicht öffnen.",
        "Team database '{database}' backed up: {path} ({size} bytes of dump, encrypted). "
        "Keep the passphrase apart: without it the backup cannot be opened.",
    ),
    "user.deactivated_team": (
        "„{name}“ kann sich nicht mehr anmelden; {shares} Freigabe(n) an diese Person beendet. Die Akten "
        "bleiben, bis die Leitung sie neu zuordnet.",
        "'{name}' can no longer sign in; {shares} share(s) to this person ended. The records stay until "
        "a lead reassigns them.",
    ),
    "server.upgraded": (
        "Teamdatenbank „{database}“ auf Stand {after} gebracht (ausgeführt: {applied}).",
        "Team database '{database}' brought to revision {after} (applied: {applied}).",
    ),
    "server.up_to_date": (
        "Teamdatenbank „{database}“ ist auf dem Stand dieses Programms ({after}).",
        "Team database '{database}' is at this program's revision ({after}).",
    ),
    "server.restored": (
        "Sicherung vom {created_at} in die Teamdatenbank „{database}“ zurückgespielt.",
        "Backup of {created_at} restored into the team database '{database}'.",
    ),
    "vault.pushed": (
        "Tresor in die Teamdatenbank „{database}“ übertragen und geprüft: {clients} Akten, {rows} Zeilen, "
        "{events} Protokolleinträge; {renumbered} Fallnummern neu vergeben. Den Tresor sichern und "
        "nicht mehr weiter darin arbeiten.",
        "Vault moved into the team database '{database}' and checked: {clients} clients, {rows} rows, "
        "{events} audit events; {renumbered} case numbers renumbered. Back up the vault and stop "
        "working in it.",
    ),
    "server.logins_created": (
        "Anmeldungen ohne Passwort neu angelegt (anderer Server): {names}. Für jede mit "
        "„user reset-password NAME“ ein neues Passwort setzen.",
        "Logins created without a password (another server): {names}. Set a new password for each "
        "with 'user reset-password NAME'.",
    ),
    "stats.published": (
        "Statistik {period} (Profil {profile}, {method}, Mindestfallzahl {min_cell}) veröffentlicht: "
        "{tables} Tabellen. Die Statistik-Rolle exportiert sie mit „stats export --dsn …“.",
        "Statistics {period} (profile {profile}, {method}, minimum cell {min_cell}) published: {tables} tables. "
        "The statistics role exports them with 'stats export --dsn …'.",
    ),
    "user.password_reset": (
        "Neues Passwort für „{name}“ gesetzt.",
        "New password set for '{name}'.",
    ),
    "user.added": (
        "Anmelderolle „{name}“ ({role}, Team {team}) angelegt.",
        "Login role '{name}' ({role}, team {team}) created.",
    ),
}


def _text(cli: Any, key: str, **params: Any) -> str:
    de, en = OUT[key]
    return (de if cli.lang == "de" else en).format(**params)


def dsn_of(cli: Any) -> str | None:
    return getattr(cli.args, "dsn", None) or os.environ.get("REFERRAL_DESK_DSN") or None


def _params(cli: Any, dsn: str | None) -> dict[str, str]:
    """libpq connection parameters from the DSN, ``--user`` or REFERRAL_DESK_USER, with the
    password resolved (DSN, keyring or asked)."""
    from referral_desk.core.team import connection

    params = connection.parse_dsn(dsn)
    if cli.args.user and not params.get("user"):
        params["user"] = cli.args.user
    elif not params.get("user") and os.environ.get("REFERRAL_DESK_USER"):
        params["user"] = os.environ["REFERRAL_DESK_USER"]
    if not params.get("user"):
        raise InvalidInput("input.no_user", field="user")
    return connection.resolve_password(params)


def _engine(cli: Any, dsn: str | None) -> tuple[Engine, dict[str, str]]:
    from referral_desk.core.team import connection

    params = _params(cli, dsn)
    return connection.make_engine(params), params


# Commands whose services are tested on PostgreSQL; the others still need a desk vault
# (docs/team-database.md, "What remains") and are refused rather than half working.
TEAM_COMMANDS = {
    ("client", "add"),
    ("client", "get"),
    ("client", "find"),
    ("client", "update"),
    ("client", "share"),
    ("client", "unshare"),
    # The published reports only (core/team/reports.py), never the person tables.
    ("stats", "export"),
    # Case work on one's own (or a shared) client: the services run under row-level security
    # (tests/team/test_app_team.py).
    ("contact", "add"),
    ("consent", "grant"),
    ("consent", "list"),
    ("consent", "revoke"),
    ("consent", "form"),
    ("consent", "notice"),
    ("referral", "create"),
    ("referral", "pdf"),
    ("referral", "list"),
    ("referral", "status"),
    ("referral", "feedback"),
    ("plan", "add"),
    ("plan", "step"),
    ("plan", "review"),
    ("plan", "show"),
    ("plan", "pdf"),
    ("signpost", "add"),
    ("group", "add"),
    # Data-subject rights: access (the counsellor's or lead's view) and erasure (the lead's,
    # enforced by the server: revision 0005).
    ("client", "import"),
    ("client", "export"),
    ("client", "erase"),
    ("reminders", None),
    # One's own password: the login role's, changed by the person (ALTER ROLE CURRENT_USER).
    ("passwd", None),
    # The sender and the partner directory: a new team database has no addresses to print.
    ("forms", "approve"),
    ("forms", "status"),
    ("forms", "authority"),
    ("org", "show"),
    ("org", "set"),
    ("agency", "list"),
    ("agency", "set"),
}


def context(cli: Any):
    """Sign in on the team database as the DSN's (or ``--user``'s) login role."""
    from referral_desk.core.team import connection
    from referral_desk.core.team.context import TeamContext

    command = (cli.args.command, getattr(cli.args, f"{cli.args.command}_command", None))
    if command not in TEAM_COMMANDS:
        raise InvalidInput("team.command_unsupported", field="dsn", command=" ".join(c for c in command if c))

    engine, params = _engine(cli, dsn_of(cli))
    ctx = TeamContext.sign_in(engine, cli.args.user or params.get("user"))
    with contextlib.suppress(OSError):
        connection.remember(params)  # host, port, database, user, TLS options: never the password
    return ctx


def cmd_server_init(cli: Any) -> int:
    from referral_desk.core.team import server

    dsn = dsn_of(cli)
    if not dsn:
        raise InvalidInput("input.required", field="dsn")
    engine, _params = _engine(cli, dsn)
    try:
        password = cli.new_password()
        info = server.init_server(
            engine, org_name=cli.args.org_name, admin=cli.args.admin, admin_password=password, team=cli.args.team
        )
    finally:
        engine.dispose()
    cli.emit(
        {"database": info.database, "roles": info.roles, "admin": info.admin, "admin_id": info.admin_id},
        _text(
            cli,
            "server.initialised",
            database=info.database,
            admin=info.admin,
            roles=", ".join(info.roles[g] for g in server.GROUPS),
        ),
    )
    return 0


def cmd_user_add(cli: Any) -> int:
    from referral_desk.core.team import server

    engine, _params = _engine(cli, dsn_of(cli))
    try:
        user_id = server.add_user(
            engine,
            name=cli.args.name,
            role=cli.args.role,
            password=cli.new_password(),
            display_name=cli.args.display_name,
            team=cli.args.team,
        )
    finally:
        engine.dispose()
    cli.emit(
        {"id": user_id, "name": cli.args.name, "role": cli.args.role, "team": cli.args.team},
        _text(cli, "user.added", name=cli.args.name, role=cli.args.role, team=cli.args.team),
    )
    return 0


def cmd_client_share(cli: Any) -> int:
    from referral_desk.core.team import shares

    if not dsn_of(cli):
        raise InvalidInput("input.required", field="dsn")  # shares exist only in the team database
    ctx = cli.context()
    with ctx.vault:
        share_id = shares.share_client(
            ctx, client_id=cli.int_arg(cli.args.id, "id"), colleague=cli.args.colleague, until=cli.args.until
        )
    cli.emit(
        {"id": share_id, "client_id": int(cli.args.id), "with": cli.args.colleague, "until": cli.args.until},
        _text(
            cli, "client.shared", id=share_id, client_id=cli.args.id, colleague=cli.args.colleague, until=cli.args.until
        ),
    )
    return 0


def cmd_client_unshare(cli: Any) -> int:
    from referral_desk.core.team import shares

    if not dsn_of(cli):
        raise InvalidInput("input.required", field="dsn")
    ctx = cli.context()
    with ctx.vault:
        shares.end_share(ctx, share_id=cli.int_arg(cli.args.share_id, "share_id"))
    cli.emit({"id": int(cli.args.share_id), "ended": True}, _text(cli, "client.unshared", id=cli.args.share_id))
    return 0


def _passphrase(cli: Any, *, confirm: bool) -> str:
    """The backup passphrase: REFERRAL_DESK_BACKUP_PASSPHRASE, else asked (twice for a new
    backup). Never an argument: it would show in the process list."""
    return cli._prompt("REFERRAL_DESK_BACKUP_PASSPHRASE", cli.text("prompt.backup_passphrase"), confirm=confirm)


def _server_params(cli: Any) -> dict[str, str]:
    dsn = dsn_of(cli)
    if not dsn:
        raise InvalidInput("input.required", field="dsn")
    return _params(cli, dsn)


def cmd_stats_publish(cli: Any) -> int:
    """``stats publish``: the administration builds a report on the server (superuser DSN)
    and publishes it for the statistics role."""
    from referral_desk.core.services import statistics
    from referral_desk.core.team import reports

    a = cli.args
    period = statistics.make_period(a.date_from, a.date_to)
    engine, _params = _engine(cli, dsn_of(cli) or _required_dsn())
    try:
        done = reports.publish(
            engine,
            period_from=period.start,
            period_to=period.end,
            profile=a.profile,
            method=a.method,
            min_cell=cli.min_cell(),
            lang=cli.lang,
        )
    finally:
        engine.dispose()
    cli.emit(
        {
            "period": {"from": done.period.start.isoformat(), "to": done.period.end.isoformat()},
            "profile": done.profile,
            "method": done.method,
            "lang": done.lang,
            "min_cell": done.min_cell,
            "tables": list(done.tables),
            "replaced": done.replaced,
        },
        _text(
            cli,
            "stats.published",
            period=done.period.dates(cli.lang),
            profile=done.profile,
            method=done.method,
            min_cell=done.min_cell,
            tables=len(done.tables),
        ),
    )
    return 0


def _required_dsn() -> str:
    raise InvalidInput("input.required", field="dsn")


def cmd_server_backup(cli: Any) -> int:
    from pathlib import Path

    from referral_desk.core.team import backup

    params = _server_params(cli)
    passphrase = backup.check_passphrase(_passphrase(cli, confirm=True))
    made = backup.create(params, Path(cli.args.out).expanduser(), passphrase=passphrase)
    cli.emit(
        {
            "path": str(made.path),
            "database": made.database,
            "created_at": made.created_at,
            "schema_version": made.schema_version,
            "server_version": made.server_version,
            "dump_size": made.dump_size,
        },
        _text(cli, "server.backed_up", database=made.database, path=made.path, size=made.dump_size),
    )
    return 0


def cmd_server_upgrade(cli: Any) -> int:
    from referral_desk.core.team import server

    engine, _params = _engine(cli, dsn_of(cli) or _required_dsn())
    try:
        done = server.upgrade_server(engine)
    finally:
        engine.dispose()
    key = "server.upgraded" if done.applied else "server.up_to_date"
    cli.emit(
        {"database": done.database, "before": done.before, "after": done.after, "applied": done.applied},
        _text(cli, key, database=done.database, after=done.after, applied=", ".join(done.applied)),
    )
    return 0


def cmd_server_verify(cli: Any) -> int:
    """``verify --dsn SUPERUSER``: the team database's integrity (``--acknowledge`` is a desk
    vault's anchor)."""
    from referral_desk.core.team import verify

    if cli.args.acknowledge:
        raise InvalidInput("team.command_unsupported", field="dsn", command="verify --acknowledge")
    engine, _params = _engine(cli, dsn_of(cli))
    try:
        passed = verify.verify_server(engine)
    finally:
        engine.dispose()
    cli.emit({"ok": True, "checks": passed}, cli.text("verify.ok", checks=", ".join(passed)))
    return 0


def cmd_server_restore(cli: Any) -> int:
    from pathlib import Path

    from referral_desk.core.team import backup

    params = _server_params(cli)
    done = backup.restore(Path(cli.args.file).expanduser(), params, passphrase=_passphrase(cli, confirm=False))
    if done.logins_created:  # another server: the people need new passwords before they can sign in
        print(_text(cli, "server.logins_created", names=", ".join(done.logins_created)), file=sys.stderr)
    cli.emit(
        {
            "database": done.database,
            "created_at": done.created_at,
            "schema_version": done.schema_version,
            "logins_created": list(done.logins_created),
        },
        _text(cli, "server.restored", database=done.database, created_at=done.created_at),
    )
    return 0


def add_client_parsers(client: Any) -> None:
    s = client.add_parser(
        "share", help="Teamdatenbank: Akte befristet für eine Kollegin/einen Kollegen freigeben (Vertretung)"
    )
    s.add_argument("id")
    s.add_argument("--with", dest="colleague", required=True, metavar="NAME", help="Anmeldename der Vertretung")
    s.add_argument("--until", required=True, metavar="DATUM", help="letzter Tag der Freigabe (höchstens 92 Tage)")
    s.set_defaults(func=cmd_client_share)
    s = client.add_parser("unshare", help="Teamdatenbank: Freigabe vorzeitig beenden")
    s.add_argument("share_id")
    s.set_defaults(func=cmd_client_unshare)


def cmd_user_reset_password(cli: Any) -> int:
    from referral_desk.core.team import server

    engine, _params = _engine(cli, dsn_of(cli))
    try:
        user_id = server.reset_login_password(engine, name=cli.args.name, password=cli.new_password())
    finally:
        engine.dispose()
    cli.emit({"name": cli.args.name, "id": user_id}, _text(cli, "user.password_reset", name=cli.args.name))
    return 0


def cmd_user_deactivate(cli: Any) -> int:
    from referral_desk.core.team import server

    engine, _params = _engine(cli, dsn_of(cli))
    try:
        done = server.deactivate_login(engine, name=cli.args.name)
    finally:
        engine.dispose()
    cli.emit(
        {
            "name": cli.args.name,
            "id": done.user_id,
            "active": False,
            "shares_ended": done.shares_ended,
            "sessions_ended": done.sessions_ended,
        },
        _text(cli, "user.deactivated_team", name=cli.args.name, shares=done.shares_ended),
    )
    return 0


def cmd_vault_push(cli: Any) -> int:
    from referral_desk.core import policy
    from referral_desk.core.team import connection, push

    target = cli.args.target_dsn or dsn_of(cli)
    if not target:
        raise InvalidInput("input.required", field="dsn")
    user_map = push.parse_map(cli.args.map)
    params = connection.parse_dsn(target)
    if not params.get("user"):
        raise InvalidInput("input.no_user", field="dsn")
    # The vault's password is REFERRAL_DESK_PASSWORD; the server's comes from elsewhere.
    params = connection.resolve_password(params, env="REFERRAL_DESK_DSN_PASSWORD")
    ctx = cli.context(desk_vault=True)
    with ctx.vault:
        policy.require_role(ctx.actor, ("admin",), "vault push")
        engine = connection.make_engine(params)
        try:
            with ctx.reading() as conn:
                done = push.push(
                    conn,
                    vault_id=ctx.vault.vault_id,
                    audit_key=bytes(ctx.vault.audit_key),
                    engine=engine,
                    user_map=user_map,
                )
        finally:
            engine.dispose()
        with ctx.transaction() as tx:  # the desk vault says where its records went
            tx.record("vault.push", entity="organisation", entity_id=1, fields=["database", "rows"])
    cli.emit(
        {
            "vault_id": done.vault_id,
            "database": done.database,
            "rows": done.rows,
            "sha256": done.sha256,
            "audit_events": done.audit_events,
            "renumbered": done.renumbered,
            "not_moved": done.not_moved,
            "vault_chain_head": done.vault_chain_head,
        },
        _text(
            cli,
            "vault.pushed",
            database=done.database,
            clients=done.rows.get("client", 0),
            rows=sum(done.rows.values()),
            events=done.audit_events,
            renumbered=len(done.renumbered),
        ),
    )
    return 0


def add_parsers(sub: Any) -> None:
    server = sub.add_parser("server", help="Teamdatenbank (PostgreSQL)").add_subparsers(
        dest="server_command", required=True, parser_class=sub._parser_class
    )
    s = server.add_parser("init", help="leere PostgreSQL-Datenbank einrichten (Superuser-DSN, --dsn)")
    s.add_argument("--org-name", required=True)
    s.add_argument("--admin", required=True, metavar="NAME")
    s.add_argument("--team", default="default", help="Team der Administration (Standard: default)")
    s.set_defaults(func=cmd_server_init)
    s = server.add_parser(
        "backup",
        help="Teamdatenbank mit pg_dump verschlüsselt sichern (Eigentümer- oder Superuser-DSN, --dsn; "
        "Passphrase: REFERRAL_DESK_BACKUP_PASSPHRASE oder Eingabe)",
    )
    s.add_argument("--out", required=True, metavar="FILE")
    s.set_defaults(func=cmd_server_backup)
    s = server.add_parser(
        "upgrade",
        help="Teamdatenbank auf den Schema-Stand dieses Programms bringen (Superuser-DSN, --dsn; nach einem Update)",
    )
    s.set_defaults(func=cmd_server_upgrade)
    vault = sub.add_parser("vault", help="Tresor und Teamdatenbank").add_subparsers(
        dest="vault_command", required=True, parser_class=sub._parser_class
    )
    s = vault.add_parser(
        "push",
        help="diesen Tresor in die Teamdatenbank übertragen und prüfen (Administration; Superuser-DSN, "
        "Passwort der Datenbank: in der DSN, REFERRAL_DESK_DSN_PASSWORD, Schlüsselbund oder Eingabe)",
    )
    s.add_argument("--dsn", dest="target_dsn", metavar="URL", help="Teamdatenbank (Superuser)")
    s.add_argument(
        "--map",
        action="append",
        default=[],
        metavar="NAME=ANMELDENAME",
        help="Benutzer*in des Tresors einer Anmeldung der Teamdatenbank zuordnen (mehrfach möglich)",
    )
    s.set_defaults(func=cmd_vault_push)
    s = server.add_parser(
        "restore", help="Sicherung prüfen und in eine leere Datenbank desselben Namens zurückspielen (Superuser-DSN)"
    )
    s.add_argument("file", metavar="FILE")
    s.set_defaults(func=cmd_server_restore)
