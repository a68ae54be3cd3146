"""Command-line face of the team database (DESIGN.md §4, §10): ``--dsn`` for the client
commands, ``server init`` and ``user add`` in team mode. Kept beside ``cli.py`` so the vault
commands stay as they are."""
from __future__ import annotations

import os
from typing import Any

from referral_desk.core.errors import InvalidInput

OUT = {
    "server.initialised": ("Teamdatenbank „{database}“ eingerichtet: Rollen {roles}; Administration: {admin}.",
                           "Team database '{database}' prepared: roles {roles}; administrator: {admin}."),
    "user.added": ("Anmelderolle „{name}“ ({role}, Team {team}) angelegt.",
                   "Login role '{name}' ({role}, team {team}) created."),
}


def _text(cli: Any, key: str, **params: Any) -> str:
    de, en = OUT[key]
    return (de if cli.lang == "de" else en).format(**params)


def dsn_of(cli: Any) -> str | None:
    return getattr(cli.args, "dsn", None) or os.environ.get("REFERRAL_DESK_DSN") or None


def _engine(cli: Any, dsn: str):
    from referral_desk.core.team import connection

    params = connection.parse_dsn(dsn)
    if cli.args.user and not params.get("user"):
        params["user"] = cli.args.user
    elif not params.get("user") and os.environ.get("REFERRAL_DESK_USER"):
        params["user"] = os.environ["REFERRAL_DESK_USER"]
    if not params.get("user"):
        raise InvalidInput("input.no_user", field="user")
    params = connection.resolve_password(params)
    engine = connection.make_engine(params)
    return engine, params


# Commands whose services are tested on PostgreSQL; the others still need a desk vault
# (docs/team-database.md, "What remains") and are refused rather than half working.
TEAM_COMMANDS = {("client", "add"), ("client", "get"), ("client", "find"), ("client", "update")}


def context(cli: Any):
    """Sign in on the team database as the DSN's (or ``--user``'s) login role."""
    from referral_desk.core.team import connection
    from referral_desk.core.team.context import TeamContext

    command = (cli.args.command, getattr(cli.args, f"{cli.args.command}_command", None))
    if command not in TEAM_COMMANDS:
        raise InvalidInput("team.command_unsupported", field="dsn", command=" ".join(c for c in command if c))

    engine, params = _engine(cli, dsn_of(cli))
    ctx = TeamContext.sign_in(engine, cli.args.user or params.get("user"))
    try:
        connection.remember(params)  # host, port, database, user, TLS options: never the password
    except OSError:
        pass
    return ctx


def cmd_server_init(cli: Any) -> int:
    from referral_desk.core.team import server

    dsn = dsn_of(cli)
    if not dsn:
        raise InvalidInput("input.required", field="dsn")
    engine, _params = _engine(cli, dsn)
    try:
        password = cli.new_password()
        info = server.init_server(engine, org_name=cli.args.org_name, admin=cli.args.admin, admin_password=password,
                                  team=cli.args.team)
    finally:
        engine.dispose()
    cli.emit({"database": info.database, "roles": info.roles, "admin": info.admin, "admin_id": info.admin_id},
             _text(cli, "server.initialised", database=info.database, admin=info.admin,
                   roles=", ".join(info.roles[g] for g in server.GROUPS)))
    return 0


def cmd_user_add(cli: Any) -> int:
    from referral_desk.core.team import server

    engine, _params = _engine(cli, dsn_of(cli))
    try:
        user_id = server.add_user(engine, name=cli.args.name, role=cli.args.role, password=cli.new_password(),
                                  display_name=cli.args.display_name, team=cli.args.team)
    finally:
        engine.dispose()
    cli.emit({"id": user_id, "name": cli.args.name, "role": cli.args.role, "team": cli.args.team},
             _text(cli, "user.added", name=cli.args.name, role=cli.args.role, team=cli.args.team))
    return 0


def add_parsers(sub: Any) -> None:
    server = sub.add_parser("server", help="Teamdatenbank (PostgreSQL)").add_subparsers(
        dest="server_command", required=True, parser_class=sub._parser_class)
    s = server.add_parser("init", help="leere PostgreSQL-Datenbank einrichten (Superuser-DSN, --dsn)")
    s.add_argument("--org-name", required=True)
    s.add_argument("--admin", required=True, metavar="NAME")
    s.add_argument("--team", default="default", help="Team der Administration (Standard: default)")
    s.set_defaults(func=cmd_server_init)
