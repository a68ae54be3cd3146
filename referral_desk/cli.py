"""Command-line face of the services (DESIGN.md §3–4).

Every command maps to service calls; exit codes come from the error classes. Messages go
to stderr in German by default (``--lang en`` for English) and never carry a traceback
unless ``--debug``.
"""
from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import traceback
from pathlib import Path
from typing import Any, Callable, NoReturn

from referral_desk.core.errors import AuthenticationFailed, InvalidInput, ReferralDeskError
from referral_desk.core.messages import render

EXIT_OK = 0
EXIT_UNEXPECTED = 1

OUT = {
    "init.done": ("Datentresor angelegt in {path}.\n\nWIEDERHERSTELLUNGSSCHLÜSSEL (wird nur jetzt angezeigt – "
                  "ausdrucken und sicher verwahren):\n\n    {recovery}\n",
                  "Vault created in {path}.\n\nRECOVERY KEY (shown only now – print it and keep it safe):\n\n    {recovery}\n"),
    "user.added": ("Benutzer*in „{name}“ ({role}) angelegt.", "User '{name}' ({role}) added."),
    "passwd.done": ("Passwort geändert.", "Password changed."),
    "client.created": ("Angelegt: {case_number} (ID {id})", "Created: {case_number} (ID {id})"),
    "client.updated": ("Gespeichert: {case_number} (ID {id})", "Saved: {case_number} (ID {id})"),
    "client.none": ("Keine Treffer.", "No matches."),
    "contact.created": ("Kontakt {id} erfasst für Klient*in {client_id}.", "Contact {id} recorded for client {client_id}."),
    "verify.ok": ("Prüfung bestanden: {checks}.", "Verification passed: {checks}."),
    "demo.done": ("{clients} Klient*innen und {contacts} Kontakte erzeugt ({seconds:.1f} s).",
                  "Generated {clients} clients and {contacts} contacts ({seconds:.1f} s)."),
    "prompt.password": ("Passwort für {user}: ", "Password for {user}: "),
    "prompt.new_password": ("Neues Passwort: ", "New password: "),
    "prompt.repeat": ("Passwort wiederholen: ", "Repeat password: "),
}


class CliArgumentParser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # usage errors are exit 2 like all bad input
        raise InvalidInput("input.usage", detail=f"{self.prog}: {message}")


class Cli:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.lang = "en" if args.lang == "en" else "de"

    # --- output ------------------------------------------------------------------------

    def text(self, key: str, **params: Any) -> str:
        de, en = OUT[key]
        return (de if self.lang == "de" else en).format(**params)

    def emit(self, payload: Any, human: str | Callable[[], str]) -> None:
        if self.args.json:
            json.dump(_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write((human() if callable(human) else human) + "\n")

    # --- vault and credentials ---------------------------------------------------------

    @property
    def vault_dir(self) -> Path:
        from referral_desk.core.vault import default_vault_dir

        return Path(self.args.vault).expanduser() if self.args.vault else default_vault_dir()

    def user(self) -> str:
        user = self.args.user or os.environ.get("REFERRAL_DESK_USER")
        if not user:
            raise InvalidInput("input.no_user", field="user")
        return user

    def _prompt(self, env: str, prompt: str, *, confirm: bool) -> str:
        value = os.environ.get(env)
        if value is not None:
            return value
        if not sys.stdin or not sys.stdin.isatty():
            raise InvalidInput("input.no_password", field="password", env=env)
        first = getpass.getpass(prompt)
        if confirm and getpass.getpass(self.text("prompt.repeat")) != first:
            raise InvalidInput("input.password_mismatch", field="password")
        return first

    def password(self, user: str) -> str:
        return self._prompt("REFERRAL_DESK_PASSWORD", self.text("prompt.password", user=user), confirm=False)

    def new_password(self, env: str = "REFERRAL_DESK_NEW_PASSWORD") -> str:
        return self._prompt(env, self.text("prompt.new_password"), confirm=True)

    def context(self):
        from referral_desk.core.services.context import ServiceContext
        from referral_desk.core.vault import Vault

        user = self.user()
        vault = Vault.unlock(self.vault_dir, user=user, password=self.password(user))
        try:
            return ServiceContext.sign_in(vault, user)
        except BaseException:
            vault.close()
            raise

    def read_json(self, source: str | None) -> Any:
        try:
            if source in (None, "-"):
                raw = sys.stdin.read()
            else:
                raw = Path(source).read_text("utf-8")
        except (OSError, UnicodeDecodeError):
            raise InvalidInput("input.file", field="file", path=str(source)) from None

        def reject_constant(name: str) -> NoReturn:
            raise InvalidInput("input.invalid", field=None)

        try:
            return json.loads(raw, parse_constant=reject_constant)
        except json.JSONDecodeError as exc:
            raise InvalidInput("input.json", field=None, line=exc.lineno, column=exc.colno) from None


def _jsonable(value: Any) -> Any:
    from sqlmodel import SQLModel

    if isinstance(value, SQLModel):
        return value.model_dump(mode="json")
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def _csv(value: str) -> list[str]:
    return [p.strip() for p in value.split(",") if p.strip()]


def _int(value: str, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise InvalidInput("input.number", field=field, min=1, max="…") from None


# --- commands ----------------------------------------------------------------------------


def cmd_init(cli: Cli) -> int:
    from referral_desk.core.services import setup

    a = cli.args
    password = cli._prompt("REFERRAL_DESK_PASSWORD", cli.text("prompt.new_password"), confirm=True)
    ctx, recovery = setup.initialise(cli.vault_dir, org_name=a.org_name, admin=a.admin, password=password,
                                     legal_regime=a.legal_regime, service=a.service)
    ctx.vault.close()
    cli.emit({"vault": str(cli.vault_dir), "vault_id": ctx.vault.vault_id, "admin": a.admin,
              "recovery_key": recovery},
             cli.text("init.done", path=cli.vault_dir, recovery=recovery))
    return EXIT_OK


def cmd_user_add(cli: Cli) -> int:
    from referral_desk.core.services import users

    ctx = cli.context()
    with ctx.vault:
        user = users.add_user(ctx, name=cli.args.name, role=cli.args.role, password=cli.new_password(),
                              display_name=cli.args.display_name)
    cli.emit(user, cli.text("user.added", name=user.name, role=user.role))
    return EXIT_OK


def cmd_passwd(cli: Cli) -> int:
    from referral_desk.core.services import users

    ctx = cli.context()
    with ctx.vault:
        users.change_own_password(ctx, new_password=cli.new_password())
    cli.emit({"ok": True}, cli.text("passwd.done"))
    return EXIT_OK


def cmd_client_add(cli: Cli) -> int:
    from referral_desk.core.services import clients

    data = cli.read_json(cli.args.file)
    if isinstance(data, dict):
        items, single = [data], True
    elif isinstance(data, list) and data and all(isinstance(x, dict) for x in data):
        items, single = data, False
    else:
        raise InvalidInput("input.json_shape", field=None)
    ctx = cli.context()
    with ctx.vault:
        created = clients.create_clients(ctx, items=items, allow_duplicate=cli.args.allow_duplicate)
    lines = "\n".join(cli.text("client.created", case_number=c.case_number, id=c.id) for c in created)
    cli.emit(created[0] if single else created, lines)
    return EXIT_OK


def _client_lines(c: Any, lang: str) -> str:
    from referral_desk.core import catalogues

    def fmt(d: Any) -> str:
        return "" if d is None else (d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat())

    rows = [
        ("Fallnummer", "Case number", c.case_number),
        ("Name", "Name", f"{c.family_name}, {c.given_names}"),
        ("Geburtsdatum", "Birth date", fmt(c.birth_date)),
        ("Staatsangehörigkeit", "Nationality", ", ".join(catalogues.country_name(n, lang) for n in c.nationalities)),
        ("Aufenthaltsstatus", "Residence status", catalogues.residence_status_label(c.residence_status, lang)),
        ("Gültig bis", "Valid until", fmt(c.residence_valid_until)),
        ("Deutschkenntnisse", "German level", c.german_level),
        ("Status", "Status", catalogues.enum_label("case_status", c.case_status, lang)),
    ]
    return "\n".join(f"{(de if lang == 'de' else en) + ':':22} {value}" for de, en, value in rows)


def cmd_client_get(cli: Cli) -> int:
    from referral_desk.core.services import clients

    ctx = cli.context()
    with ctx.vault:
        client = clients.get_client(ctx, client_id=_int(cli.args.id, "id"))
    cli.emit(client, lambda: _client_lines(client, cli.lang))
    return EXIT_OK


def cmd_client_update(cli: Cli) -> int:
    from referral_desk.core.services import clients

    data = cli.read_json(cli.args.file)
    if not isinstance(data, dict):
        raise InvalidInput("input.json_shape", field=None)
    ctx = cli.context()
    with ctx.vault:
        client = clients.update_client(ctx, client_id=_int(cli.args.id, "id"), changes=data)
    cli.emit(client, cli.text("client.updated", case_number=client.case_number, id=client.id))
    return EXIT_OK


def cmd_client_find(cli: Cli) -> int:
    from referral_desk.core.services import clients

    ctx = cli.context()
    with ctx.vault:
        found = clients.find_clients(ctx, text_query=cli.args.text, limit=cli.args.limit)

    def human() -> str:
        if not found:
            return cli.text("client.none")
        return "\n".join(f"{c.id:>7}  {c.case_number}  {c.family_name}, {c.given_names}  "
                         f"{c.birth_date.strftime('%d.%m.%Y') if cli.lang == 'de' else c.birth_date.isoformat()}"
                         for c in found)

    payload = [{"id": c.id, "case_number": c.case_number, "family_name": c.family_name,
                "given_names": c.given_names, "birth_date": c.birth_date.isoformat()} for c in found]
    cli.emit(payload, human)
    return EXIT_OK


def cmd_contact_add(cli: Cli) -> int:
    from referral_desk.core.services import contacts

    a = cli.args
    data: dict[str, Any] = {"date": a.date, "minutes": _int(a.minutes, "minutes"), "topics": _csv(a.topics),
                            "mode": a.mode, "interpreter": bool(a.interpreter)}
    if a.language:
        data["language"] = a.language
    if a.note:
        data["note"] = a.note
    ctx = cli.context()
    with ctx.vault:
        contact = contacts.add_contact(ctx, client_id=_int(a.client_id, "client_id"), data=data)
    cli.emit(contact, cli.text("contact.created", id=contact.id, client_id=contact.client_id))
    return EXIT_OK


def cmd_verify(cli: Cli) -> int:
    ctx = cli.context()
    with ctx.vault:
        passed = ctx.vault.verify()
    cli.emit({"ok": True, "checks": passed}, cli.text("verify.ok", checks=", ".join(passed)))
    return EXIT_OK


def cmd_demo(cli: Cli) -> int:
    from referral_desk.core.services import demo

    ctx = cli.context()
    with ctx.vault:
        result = demo.generate(ctx, clients=cli.args.clients, seed=cli.args.seed)
    cli.emit(result, cli.text("demo.done", **result))
    return EXIT_OK


# --- parser ------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    p = CliArgumentParser(prog="referral-desk", description="Referral Desk – Klient*innen, Einwilligungen, "
                          "Überleitungen (Kommandozeile).")
    p.add_argument("--vault", metavar="DIR", help="Datentresor-Verzeichnis (Standard: REFERRAL_DESK_VAULT oder "
                   "das Datenverzeichnis des Benutzers)")
    p.add_argument("--user", metavar="NAME", help="Benutzername (oder REFERRAL_DESK_USER)")
    p.add_argument("--json", action="store_true", help="Ergebnis als ein JSON-Dokument auf stdout")
    p.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache der Meldungen")
    p.add_argument("--debug", action="store_true", help="bei Programmfehlern den Traceback zeigen")
    sub = p.add_subparsers(dest="command", required=True, parser_class=CliArgumentParser)

    s = sub.add_parser("init", help="Datentresor anlegen")
    s.add_argument("--org-name", required=True)
    s.add_argument("--admin", required=True)
    s.add_argument("--legal-regime", choices=("dsgvo", "kdg", "dsg-ekd"), default="dsgvo")
    s.add_argument("--service", choices=("mbe", "jmd", "other"), default="mbe")
    s.set_defaults(func=cmd_init)

    user = sub.add_parser("user", help="Benutzer*innen").add_subparsers(dest="user_command", required=True,
                                                                       parser_class=CliArgumentParser)
    s = user.add_parser("add", help="Benutzer*in anlegen")
    s.add_argument("name")
    s.add_argument("--role", required=True, choices=("counsellor", "lead", "statistics", "admin"))
    s.add_argument("--display-name")
    s.set_defaults(func=cmd_user_add)

    s = sub.add_parser("passwd", help="eigenes Passwort ändern")
    s.set_defaults(func=cmd_passwd)

    client = sub.add_parser("client", help="Klient*innen").add_subparsers(dest="client_command", required=True,
                                                                         parser_class=CliArgumentParser)
    s = client.add_parser("add", help="anlegen aus JSON (Objekt oder Liste)")
    s.add_argument("file", nargs="?", default="-")
    s.add_argument("--allow-duplicate", action="store_true")
    s.set_defaults(func=cmd_client_add)
    s = client.add_parser("get", help="Akte lesen")
    s.add_argument("id")
    s.set_defaults(func=cmd_client_get)
    s = client.add_parser("update", help="Teiländerung aus JSON")
    s.add_argument("id")
    s.add_argument("file")
    s.set_defaults(func=cmd_client_update)
    s = client.add_parser("find", help="suchen: Name, Fallnummer oder Geburtsdatum")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=cmd_client_find)

    contact = sub.add_parser("contact", help="Beratungskontakte").add_subparsers(
        dest="contact_command", required=True, parser_class=CliArgumentParser)
    s = contact.add_parser("add", help="Kontakt erfassen")
    s.add_argument("client_id")
    s.add_argument("--date", required=True)
    s.add_argument("--minutes", required=True)
    s.add_argument("--topics", required=True)
    s.add_argument("--mode", default="in_person", choices=("in_person", "phone", "video"))
    s.add_argument("--interpreter", action="store_true")
    s.add_argument("--language")
    s.add_argument("--note")
    s.set_defaults(func=cmd_contact_add)

    s = sub.add_parser("verify", help="Integrität prüfen (Verschlüsselung, Struktur, Protokollkette)")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("demo", help="mit erfundenen Beispieldaten füllen")
    s.add_argument("--clients", type=int, default=200)
    s.add_argument("--seed", type=int, default=1)
    s.set_defaults(func=cmd_demo)
    return p


def _lang_from_argv(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "de"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    lang = "en" if _lang_from_argv(argv) == "en" else "de"
    debug = "--debug" in argv
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(Cli(args)))
    except ReferralDeskError as exc:
        if debug:
            traceback.print_exc()
        print(exc.message(lang), file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback by default
        from sqlalchemy import exc as sa_exc

        if isinstance(exc, sa_exc.DatabaseError):
            from referral_desk.core.vault import database_error

            mapped = database_error(exc)
            if isinstance(mapped, ReferralDeskError):
                if debug:
                    traceback.print_exc()
                print(mapped.message(lang), file=sys.stderr)
                return mapped.exit_code
        if debug:
            traceback.print_exc()
        print(render("unexpected", lang), file=sys.stderr)
        return EXIT_UNEXPECTED


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
