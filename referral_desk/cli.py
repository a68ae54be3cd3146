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
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

from referral_desk.core.errors import InvalidInput, ReferralDeskError
from referral_desk.core.messages import render
from referral_desk.core.texts import N_, NP_, Text, pick

EXIT_OK = 0
EXIT_UNEXPECTED = 1

OUT: dict[str, Text] = {
    "init.done": N_(
        "cli.init.done",
        "Datentresor angelegt in {path}.\n\nWIEDERHERSTELLUNGSSCHLÜSSEL (wird nur jetzt angezeigt – "
        "ausdrucken und sicher verwahren):\n\n    {recovery}\n",
    ),
    "user.added": N_("cli.user.added", "Benutzer*in „{name}“ ({role}) angelegt."),
    "user.password_reset": N_(
        "cli.user.password_reset",
        "Neues Passwort für „{name}“ gesetzt; bei der nächsten Anmeldung muss es geändert werden.",
    ),
    "passwd.done": N_("cli.passwd.done", "Passwort geändert."),
    "passwd.rotated": N_(
        "cli.passwd.rotated",
        "Passwort geändert und Datenschlüssel ausgetauscht: alte Kopien des Schlüsselbunds öffnen "
        "den Datentresor nicht mehr.",
    ),
    "passwd.hint": N_(
        "cli.passwd.hint",
        "Tipp: „passwd --rotate“ tauscht zusätzlich den Datenschlüssel aus (empfohlen, wenn das alte "
        "Passwort bekannt geworden sein könnte).",
    ),
    "user.deactivated": N_(
        "cli.user.deactivated",
        "Benutzer*in „{name}“ deaktiviert: Sicherung {backup} geschrieben, Zugang entfernt, "
        "Datenschlüssel ausgetauscht.",
    ),
    "user.deactivated_pending": N_(
        "cli.user.deactivated_pending",
        "Benutzer*in „{name}“ deaktiviert: Sicherung {backup} geschrieben, Zugang "
        "entfernt. Der Datenschlüssel wird bei der nächsten Anmeldung ausgetauscht.",
    ),
    "user.none": N_("cli.user.none", "Keine Benutzer*innen."),
    "verify.acknowledged": N_(
        "cli.verify.acknowledged",
        "Bestätigt ({problem}, Eintrag {seq}); der Protokollanker gilt ab jetzt neu. Die "
        "Bestätigung und ihr Grund stehen im Protokoll.",
    ),
    "client.created": N_("cli.client.created", "Angelegt: {case_number} (ID {id})"),
    "client.updated": N_("cli.client.updated", "Gespeichert: {case_number} (ID {id})"),
    "client.none": N_("cli.client.none", "Keine Treffer."),
    "contact.created": N_("cli.contact.created", "Kontakt {id} erfasst für Klient*in {client_id}."),
    "verify.ok": N_("cli.verify.ok", "Prüfung bestanden: {checks}."),
    "demo.done": N_(
        "cli.demo.done",
        "{clients} Klient*innen, {contacts} Kontakte, {consents} Einwilligungen und {referrals} "
        "Überleitungen erzeugt ({seconds:.1f} s).",
    ),
    "stats.exported": NP_(
        "cli.stats.exported",
        "Statistik exportiert: {path} ({format}, {tables} Tabelle, Zeitraum {period}).",
        "Statistik exportiert: {path} ({format}, {tables} Tabellen, Zeitraum {period}).",
        count="tables",
    ),
    "consent.form_written": N_(
        "cli.consent.form_written", "Einwilligungserklärung gespeichert: {path} ({size} Bytes)."
    ),
    "consent.granted": N_("cli.consent.granted", "Einwilligung {id} erfasst: {recipient}, gültig bis {valid_until}."),
    "consent.revoked": N_("cli.consent.revoked", "Einwilligung {id} widerrufen mit Wirkung ab {date}."),
    "consent.revoked_partly": N_(
        "cli.consent.revoked_partly",
        "Einwilligung {id}: {categories} widerrufen mit Wirkung ab {date}. Weiter gültig: {remaining}.",
    ),
    "forms.approved": N_(
        "cli.forms.approved",
        "Übersetzung {language} (Vorlage {template} v{version}) freigegeben von {user} am {date}; Datei-SHA-256 {sha}.",
    ),
    "forms.authority": N_("cli.forms.authority", "Aufsichtsbehörde ({regime}): {name}, {address}{missing}"),
    "consent.notice_written": N_(
        "cli.consent.notice_written", "Widerrufs-Mitteilung gespeichert: {path} ({size} Bytes)."
    ),
    "consent.flagged": N_(
        "cli.consent.flagged",
        "Überleitung {id} ({status}) enthält widerrufene Daten ({categories}); sie wird nicht mehr "
        "gedruckt. Mitteilung an die Stelle: referral-desk consent notice {consent}.",
    ),
    "consent.none": N_("cli.consent.none", "Keine Einwilligungen erfasst."),
    "consent.revoked_purposes": N_(
        "cli.consent.revoked_purposes",
        "Einwilligung {id}: Zwecke {purposes} widerrufen mit Wirkung ab {date}. Weiter gültig für: {remaining}.",
    ),
    "consent.flagged_purpose": N_(
        "cli.consent.flagged_purpose",
        "Überleitung {id} ({status}) dient dem widerrufenen Zweck {purpose}; sie wird nicht "
        "mehr gedruckt. Mitteilung an die Stelle: referral-desk consent notice {consent}.",
    ),
    "backup.done": N_("cli.backup.done", "Sicherung geschrieben: {path}"),
    "restore.done": N_("cli.restore.done", "Sicherung wiederhergestellt und geprüft in {path}."),
    "export.done": N_("cli.export.done", "Auskunft geschrieben: {files}"),
    "erase.done": N_("cli.erase.done", "Klient*in {id} gelöscht ({mode})."),
    "prompt.recovery": N_("cli.prompt.recovery", "Wiederherstellungsschlüssel: "),
    "prompt.password": N_("cli.prompt.password", "Passwort für {user}: "),
    "prompt.new_password": N_("cli.prompt.new_password", "Neues Passwort: "),
    "prompt.backup_passphrase": N_("cli.prompt.backup_passphrase", "Passphrase der Sicherung: "),
    "prompt.repeat": N_("cli.prompt.repeat", "Passwort wiederholen: "),
    # --- import ---
    "import.done": N_(
        "cli.import.done",
        "Import: {rows} Zeilen gelesen (Blatt „{sheet}“, Kopfzeile {header_row}), {created} angelegt, "
        "{duplicates} Dubletten, {skipped} übersprungen, {invalid} ungültig.",
    ),
    "import.dry_run": N_(
        "cli.import.dry_run",
        "Probelauf (nichts gespeichert): {rows} Zeilen gelesen (Blatt „{sheet}“, Kopfzeile "
        "{header_row}), {created} würden angelegt, {duplicates} Dubletten, {skipped} übersprungen, "
        "{invalid} ungültig.",
    ),
    "import.dup_in_file": N_("cli.import.dup_in_file", "Zeile {row}: dieselbe Person wie in Zeile {other}."),
    "import.dup_vault": N_(
        "cli.import.dup_vault", "Zeile {row}: wahrscheinlich schon erfasst (Fallnummer {case_number})."
    ),
    "import.dup_hidden": N_(
        "cli.import.dup_hidden", "Zeile {row}: wahrscheinlich schon erfasst (Akte einer anderen Beratungskraft)."
    ),
    "import.invalid_row": N_("cli.import.invalid_row", "Zeile {row}, Spalte „{column}“: {message}"),
    "import.refused_invalid": N_(
        "cli.import.refused_invalid", "Nichts importiert: ungültige Zeilen. Korrigieren oder --on-invalid skip angeben."
    ),
    "import.refused_duplicates": N_(
        "cli.import.refused_duplicates",
        "Nichts importiert: wahrscheinliche Dubletten. --on-duplicate skip oder create angeben.",
    ),
    # --- end import ---
    # --- referrals ---
    "referral.created": N_("cli.referral.created", "Überleitung {id} erstellt ({status}): {recipient}."),
    "referral.pdf_written": N_("cli.referral.pdf_written", "Überleitungsbogen gespeichert: {path} ({size} Bytes)."),
    "referral.status_changed": N_("cli.referral.status_changed", "Überleitung {id}: Status jetzt „{status}“."),
    "referral.feedback_saved": N_("cli.referral.feedback_saved", "Rückmeldung zu Überleitung {id} gespeichert."),
    "referral.none": N_("cli.referral.none", "Keine Überleitungen."),
    # --- end referrals ---
    # --- organisation profile and partner directory ---
    "org.saved": N_("cli.org.saved", "Organisationsprofil gespeichert."),
    "agency.saved": N_("cli.agency.saved", "Partnerstelle „{agency}“ gespeichert."),
    "print.gaps": N_("cli.print.gaps", "Für Briefe fehlt noch: {fields}"),
    "print.ready": N_("cli.print.ready", "Absenderangaben vollständig."),
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
        return pick(OUT[key], self.lang, params).format(**params)

    def emit(self, payload: Any, human: str | Callable[[], str]) -> None:
        if self.args.json:
            json.dump(_jsonable(payload), sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            sys.stdout.write((human() if callable(human) else human) + "\n")

    # --- vault and credentials ---------------------------------------------------------

    @property
    def vault_dir(self) -> Path:
        from referral_desk.core.locations import default_vault_dir

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

    def min_cell(self) -> int | None:
        """``--min-cell``: 3, 5 or 10 (None: the organisation's setting)."""
        raw = getattr(self.args, "min_cell", None)
        if raw is None:
            return None
        try:
            value = int(raw)
        except ValueError:
            raise InvalidInput("input.choice", field="min_cell", value=str(raw)[:10], allowed="3, 5, 10") from None
        if value not in (3, 5, 10):
            raise InvalidInput("input.choice", field="min_cell", value=str(value), allowed="3, 5, 10")
        return value

    def context(self, *, tolerate_anchor: bool = False, desk_vault: bool = False):
        """Unlock and sign in. Every command goes through here, so every command refuses a
        rolled-back or replaced vault (exit 5) before it reads or writes anything. With a DSN
        the team database is opened instead, unless ``desk_vault`` (``vault push``, which
        reads the vault and writes to the server)."""
        from referral_desk import cli_team
        from referral_desk.core.messages import render as render_message
        from referral_desk.core.services.context import ServiceContext
        from referral_desk.core.vault import Vault

        if cli_team.dsn_of(self) and not desk_vault:  # team database: the server enforces the roles
            return cli_team.context(self)
        user = self.user()
        vault = Vault.unlock(self.vault_dir, user=user, password=self.password(user), tolerate_anchor=tolerate_anchor)
        try:
            first_use = vault.first_use
            ctx = ServiceContext.sign_in(vault, user)
        except BaseException:
            vault.close()
            raise
        for code in (["vault.first_use"] if first_use else []) + vault.warnings:
            print(render_message(code, self.lang), file=sys.stderr)
        return ctx

    @staticmethod
    def int_arg(value: str, field: str) -> int:
        return int_arg(value, field)

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


_MAX_ID = 2**63 - 1  # SQLite's INTEGER range: larger numbers cannot name a row


def int_arg(value: str, field: str) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise InvalidInput("input.number", field=field, min=1, max="…") from None
    if not -_MAX_ID <= number <= _MAX_ID:
        raise InvalidInput("input.number", field=field, min=1, max=_MAX_ID)
    return number


# --- commands ----------------------------------------------------------------------------


def cmd_init(cli: Cli) -> int:
    from referral_desk.core.services import setup

    a = cli.args
    password = cli._prompt("REFERRAL_DESK_PASSWORD", cli.text("prompt.new_password"), confirm=True)
    ctx, recovery = setup.initialise(
        cli.vault_dir,
        org_name=a.org_name,
        admin=a.admin,
        password=password,
        legal_regime=a.legal_regime,
        service=a.service,
        services=a.services,
    )
    ctx.vault.close()
    cli.emit(
        {"vault": str(cli.vault_dir), "vault_id": ctx.vault.vault_id, "admin": a.admin, "recovery_key": recovery},
        cli.text("init.done", path=cli.vault_dir, recovery=recovery),
    )
    return EXIT_OK


def cmd_user_add(cli: Cli) -> int:
    from referral_desk import cli_team
    from referral_desk.core.services import users

    if cli_team.dsn_of(cli):
        return cli_team.cmd_user_add(cli)
    ctx = cli.context()
    with ctx.vault:
        user = users.add_user(
            ctx,
            name=cli.args.name,
            role=cli.args.role,
            password=cli.new_password(),
            display_name=cli.args.display_name,
            also_lead=cli.args.also_lead,
        )
    cli.emit(user, cli.text("user.added", name=user.name, role=user.role))
    return EXIT_OK


def cmd_passwd(cli: Cli) -> int:
    from referral_desk.core.services import users

    ctx = cli.context()
    rotate = bool(cli.args.rotate)
    with ctx.vault:
        rotated = users.change_own_password(ctx, new_password=cli.new_password(), rotate=rotate)
    if rotate and not rotated:
        print(render("vault.rotation_unfinished", cli.lang), file=sys.stderr)
    cli.emit(
        {"ok": True, "rotated": rotated},
        cli.text("passwd.rotated") if rotate else cli.text("passwd.done") + "\n" + cli.text("passwd.hint"),
    )
    return EXIT_OK


def cmd_user_reset_password(cli: Cli) -> int:
    from referral_desk import cli_team
    from referral_desk.core.services import users

    if cli_team.dsn_of(cli):
        return cli_team.cmd_user_reset_password(cli)
    ctx = cli.context()
    with ctx.vault:
        users.reset_password(ctx, name=cli.args.name, new_password=cli.new_password())
    cli.emit({"name": cli.args.name}, cli.text("user.password_reset", name=cli.args.name))
    return EXIT_OK


def cmd_user_list(cli: Cli) -> int:
    from referral_desk.core import policy
    from referral_desk.core.services import users

    ctx = cli.context()
    with ctx.vault:
        policy.require_role(ctx.actor, ("admin",), "user list")
        rows = users.list_users(ctx)

    def human() -> str:
        if not rows:
            return cli.text("user.none")
        status = {
            True: "active" if cli.lang == "en" else "aktiv",
            False: "deactivated" if cli.lang == "en" else "deaktiviert",
        }
        return "\n".join(f"{u.name:20} {u.role:11} {status[u.active]:12} {u.display_name}" for u in rows)

    cli.emit(
        [
            {
                "name": u.name,
                "display_name": u.display_name,
                "role": u.role,
                "active": u.active,
                "also_lead": u.also_lead,
            }
            for u in rows
        ],
        human,
    )
    return EXIT_OK


def cmd_user_deactivate(cli: Cli) -> int:
    from referral_desk import cli_team
    from referral_desk.core.services import users

    if cli_team.dsn_of(cli):
        return cli_team.cmd_user_deactivate(cli)
    ctx = cli.context()
    with ctx.vault:
        done = users.deactivate(
            ctx, name=cli.args.name, backup_dir=Path(cli.args.backup_dir).expanduser() if cli.args.backup_dir else None
        )
    if not done.rotated:
        print(render("vault.rotation_unfinished", cli.lang), file=sys.stderr)
    cli.emit(
        {"name": cli.args.name, "active": False, "backup": str(done.backup), "data_key_rotated": done.rotated},
        cli.text(
            "user.deactivated" if done.rotated else "user.deactivated_pending", name=cli.args.name, backup=done.backup
        ),
    )
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
        client = clients.get_client(ctx, client_id=int_arg(cli.args.id, "id"))
    cli.emit(client, lambda: _client_lines(client, cli.lang))
    return EXIT_OK


def _if_version(cli: Cli) -> int | None:
    """``--if-version N``: write only if the record still has version N (else exit 3)."""
    value = getattr(cli.args, "if_version", None)
    return None if value is None else int_arg(value, "version")


def cmd_client_update(cli: Cli) -> int:
    from referral_desk.core.services import clients

    data = cli.read_json(cli.args.file)
    if not isinstance(data, dict):
        raise InvalidInput("input.json_shape", field=None)
    ctx = cli.context()
    with ctx.vault:
        client = clients.update_client(
            ctx, client_id=int_arg(cli.args.id, "id"), changes=data, expected_version=_if_version(cli)
        )
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
        return "\n".join(
            f"{c.id:>7}  {c.case_number}  {c.family_name}, {c.given_names}  "
            f"{c.birth_date.strftime('%d.%m.%Y') if cli.lang == 'de' else c.birth_date.isoformat()}"
            for c in found
        )

    payload = [
        {
            "id": c.id,
            "case_number": c.case_number,
            "family_name": c.family_name,
            "given_names": c.given_names,
            "birth_date": c.birth_date.isoformat(),
        }
        for c in found
    ]
    cli.emit(payload, human)
    return EXIT_OK


def cmd_client_import(cli: Cli) -> int:
    from referral_desk.core.importing import MappingFile, import_clients

    a = cli.args
    mapping = MappingFile.load(a.mapping) if a.mapping else None
    ctx = cli.context()
    with ctx.vault:
        report = import_clients(
            ctx,
            path=a.file,
            sheet=a.sheet,
            mapping=mapping,
            dry_run=a.dry_run,
            on_duplicate=a.on_duplicate,
            on_invalid=a.on_invalid,
        )

    def human() -> str:
        key = "import.dry_run" if report.dry_run else "import.done"
        lines = [
            cli.text(
                key,
                rows=report.rows,
                created=report.created or report.would_create,
                duplicates=len(report.duplicates),
                skipped=report.skipped,
                invalid=report.invalid_rows,
                sheet=report.sheet,
                header_row=report.header_row,
            )
        ]
        for d in report.duplicates:
            if d.of_row is not None:
                lines.append(cli.text("import.dup_in_file", row=d.row, other=d.of_row))
            elif d.case_number:
                lines.append(cli.text("import.dup_vault", row=d.row, case_number=d.case_number))
            else:
                lines.append(cli.text("import.dup_hidden", row=d.row))
        for p in report.invalid:
            lines.append(cli.text("import.invalid_row", row=p.row, column=p.column or "–", message=p.message(cli.lang)))
        if report.outcome == "refused_invalid":
            lines.append(cli.text("import.refused_invalid"))
        elif report.outcome == "refused_duplicates":
            lines.append(cli.text("import.refused_duplicates"))
        return "\n".join(lines)

    if report.outcome.startswith("refused") and not cli.args.json:
        # The report explains the refusal: on stderr, like every refusal message.
        sys.stderr.write(human() + "\n")
    else:
        cli.emit(report.to_json(cli.lang), human)
    return report.exit_code


def cmd_client_needs_spelling(cli: Cli) -> int:
    from referral_desk.core.services import clients

    ctx = cli.context()
    with ctx.vault:
        rows = clients.needing_document_spelling(ctx)

    def human() -> str:
        if not rows:
            return cli.text("client.none")
        return "\n".join(
            f"{c.id:>6}  {c.case_number}  {c.family_name}, {c.given_names}  {_date_text(c.birth_date, cli.lang)}"
            for c in rows
        )

    cli.emit(
        [
            {
                "id": c.id,
                "case_number": c.case_number,
                "family_name": c.family_name,
                "given_names": c.given_names,
                "birth_date": c.birth_date.isoformat(),
            }
            for c in rows
        ],
        human,
    )
    return EXIT_OK


def cmd_contact_add(cli: Cli) -> int:
    from referral_desk.core.services import contacts

    a = cli.args
    data: dict[str, Any] = {
        "date": a.date,
        "minutes": int_arg(a.minutes, "minutes"),
        "topics": _csv(a.topics),
        "mode": a.mode,
        "interpreter": bool(a.interpreter),
    }
    if a.language:
        data["language"] = a.language
    if a.note:
        data["note"] = a.note
    if a.with_family is not None:
        data["with_family"] = a.with_family  # validated (0–20) by the service, naming the field
    ctx = cli.context()
    with ctx.vault:
        contact = contacts.add_contact(ctx, client_id=int_arg(a.client_id, "client_id"), data=data)
    cli.emit(contact, cli.text("contact.created", id=contact.id, client_id=contact.client_id))
    return EXIT_OK


def _backup_dirs(ctx) -> list[Path]:
    from referral_desk.core.services.organisation import get_organisation

    dirs = [ctx.vault.directory / "backups"]
    org = get_organisation(ctx)
    if org.backup_dir:
        dirs.append(Path(org.backup_dir).expanduser())
    return [d for d in dirs if d.is_dir()]


def cmd_verify(cli: Cli) -> int:
    if cli.args.acknowledge:
        return _acknowledge(cli)
    if cli.args.reason is not None:
        raise InvalidInput("input.usage", field="reason", detail="--reason only with --acknowledge")
    from referral_desk.cli_team import dsn_of

    if dsn_of(cli):  # the team database: checked by its superuser (core/team/verify.py)
        from referral_desk.cli_team import cmd_server_verify

        return cmd_server_verify(cli)
    ctx = cli.context()
    with ctx.vault:
        passed = ctx.vault.verify(backup_dirs=_backup_dirs(ctx))
    cli.emit({"ok": True, "checks": passed}, cli.text("verify.ok", checks=", ".join(passed)))
    return EXIT_OK


def _acknowledge(cli: Cli) -> int:
    """``verify --acknowledge --reason TEXT``: an administrator accepts a vault whose
    database does not contain the anchored audit head (audited; then a full verify)."""
    from referral_desk.core import policy
    from referral_desk.core.services import integrity

    if not (cli.args.reason or "").strip():
        raise InvalidInput("input.reason_required", field="reason")
    ctx = cli.context(tolerate_anchor=True)
    with ctx.vault:
        policy.require_role(ctx.actor, ("admin",), "acknowledge")
        done = integrity.acknowledge_anchor_problem(ctx, reason=cli.args.reason)
        passed = ctx.vault.verify(backup_dirs=_backup_dirs(ctx))
    if done is None:
        cli.emit(
            {"ok": True, "acknowledged": None, "checks": passed},
            render("verify.nothing_to_acknowledge", cli.lang) + "\n" + cli.text("verify.ok", checks=", ".join(passed)),
        )
    else:
        cli.emit(
            {"ok": True, "acknowledged": done, "checks": passed},
            cli.text("verify.acknowledged", problem=done["problem"], seq=done["seq"]),
        )
    return EXIT_OK


def cmd_backup(cli: Cli) -> int:
    from referral_desk.core.services import backups

    ctx = cli.context()
    with ctx.vault:
        made = backups.create_backup(ctx, out=Path(cli.args.out).expanduser())
    cli.emit(
        {
            "path": str(made.path),
            "vault_id": made.vault_id,
            "created_at": made.created_at,
            "schema_version": made.schema_version,
            "audit_seq": made.audit_seq,
            "size": made.size,
        },
        cli.text("backup.done", path=made.path),
    )
    return EXIT_OK


def cmd_restore(cli: Cli) -> int:
    from referral_desk.core import backup

    source = Path(cli.args.file).expanduser()
    if cli.args.recovery:
        key = cli._prompt("REFERRAL_DESK_RECOVERY_KEY", cli.text("prompt.recovery"), confirm=False)
        vault = backup.restore(source, cli.vault_dir, recovery_key=key)
    else:
        user = cli.user()
        vault = backup.restore(source, cli.vault_dir, user=user, password=cli.password(user))
    with vault:
        passed = vault.verify()
    cli.emit({"vault": str(cli.vault_dir), "checks": passed}, cli.text("restore.done", path=cli.vault_dir))
    return EXIT_OK


def cmd_client_export(cli: Cli) -> int:
    from referral_desk.core.fileio import atomic_write_bytes
    from referral_desk.core.services import access

    out = Path(cli.args.out).expanduser()
    ctx = cli.context()
    with ctx.vault:
        report = access.export_client(ctx, client_id=int_arg(cli.args.id, "id"))
        written = []
        data = json.dumps(report, ensure_ascii=False, indent=2, default=str).encode("utf-8")
        if out.suffix.lower() != ".pdf":
            target = out if out.suffix.lower() == ".json" else out.with_suffix(".json")
            atomic_write_bytes(target, data)
            written.append(str(target))
        if out.suffix.lower() != ".json":
            from referral_desk.core.documents.access_report import render_access_report

            target = out if out.suffix.lower() == ".pdf" else out.with_suffix(".pdf")
            atomic_write_bytes(target, render_access_report(report))
            written.append(str(target))
    cli.emit({"files": written}, cli.text("export.done", files=", ".join(written)))
    return EXIT_OK


def cmd_client_erase(cli: Cli) -> int:
    from referral_desk.core.services import retention

    ctx = cli.context()
    with ctx.vault:
        mode = retention.erase_client(ctx, client_id=int_arg(cli.args.id, "id"), mode=cli.args.mode)
    cli.emit({"id": int(cli.args.id), "mode": mode}, cli.text("erase.done", id=cli.args.id, mode=mode))
    return EXIT_OK


def cmd_demo(cli: Cli) -> int:
    from referral_desk.core.services import demo

    ctx = cli.context()
    with ctx.vault:
        result = demo.generate(ctx, clients=cli.args.clients, seed=cli.args.seed)
    cli.emit(result, cli.text("demo.done", **result))
    return EXIT_OK


def cmd_stats_export(cli: Cli) -> int:
    from referral_desk.core import statistics_export
    from referral_desk.core.services import statistics

    a = cli.args
    fmt = statistics.check_format(a.format)
    period = statistics.make_period(a.date_from, a.date_to)
    profile = statistics.check_profile(a.profile)
    method = statistics.check_method(a.method)
    min_cell = cli.min_cell()
    ctx = cli.context()
    with ctx.vault:
        result = statistics_export.export_report(
            ctx,
            out=Path(a.out).expanduser(),
            fmt=fmt,
            period_from=period.start,
            period_to=period.end,
            min_cell=min_cell,
            lang=cli.lang,
            profile=profile,
            method=method,
        )
    payload = {
        "path": result.path,
        "format": result.format,
        "period": {"from": result.period.start.isoformat(), "to": result.period.end.isoformat()},
        "tables": list(result.tables),
        "sha256": result.sha256,
        "bytes": result.bytes,
    }
    cli.emit(
        payload,
        cli.text(
            "stats.exported",
            path=result.path,
            format=result.format,
            tables=len(result.tables),
            period=result.period.dates(cli.lang),
        ),
    )
    return EXIT_OK


# --- consent -----------------------------------------------------------------------------

_CONSENT_STATUS = {
    "active": ("aktiv", "active"),
    "expired": ("abgelaufen", "expired"),
    "withdrawn": ("widerrufen", "withdrawn"),
}


def _date_text(d: Any, lang: str) -> str:
    return "" if d is None else (d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat())


def cmd_consent_form(cli: Cli) -> int:
    from referral_desk.core.services import consent

    a = cli.args
    out = pdf_out(a.out, "consent.out_dir")
    ctx = cli.context()
    with ctx.vault:
        pdf = consent.render_form(
            ctx,
            client_id=int_arg(a.client_id, "client_id"),
            recipient=a.recipient,
            categories=_csv(a.categories),
            language=a.language,
            purpose=a.purpose,
            valid_until=a.valid_until,
            direction=a.direction,
            guardian=a.guardian,
            allow_unreviewed=a.allow_unreviewed,
        )
    cli.emit(
        write_pdf(out, pdf),
        cli.text("consent.form_written", path=out, size=len(pdf)),
    )
    return EXIT_OK


def cmd_consent_grant(cli: Cli) -> int:
    from referral_desk.core.services import consent

    a = cli.args
    ctx = cli.context()
    with ctx.vault:
        c = consent.grant(
            ctx,
            client_id=int_arg(a.client_id, "client_id"),
            recipient=a.recipient,
            categories=_csv(a.categories),
            purpose=a.purpose,
            given_on=a.given_on,
            valid_until=a.valid_until,
            language=a.language,
            direction=a.direction,
            health_confirmed=a.health_confirmed,
            interpreter_used=a.interpreter is not None,
            interpreter_language=a.interpreter,
            guardian=a.guardian,
        )
    cli.emit(
        c,
        cli.text(
            "consent.granted", id=c.id, recipient=c.recipient_name, valid_until=_date_text(c.valid_until, cli.lang)
        ),
    )
    return EXIT_OK


def cmd_consent_revoke(cli: Cli) -> int:
    from referral_desk.core.services import consent

    a = cli.args
    ctx = cli.context()
    with ctx.vault:
        c = consent.revoke(
            ctx,
            consent_id=int_arg(a.consent_id, "consent_id"),
            on=a.on,
            reason=a.reason,
            source=a.source,
            categories=_csv(a.categories) if a.categories is not None else None,
            purposes=_csv(a.purposes) if a.purposes is not None else None,
            expected_version=_if_version(cli),
        )
    flagged = [
        cli.text(
            "consent.flagged_purpose" if r.purpose_withdrawn and not r.withdrawn else "consent.flagged",
            id=r.id,
            status=r.status,
            consent=c.id,
            categories=", ".join(r.withdrawn),
            purpose=r.purpose,
        )
        for r in c.affected_referrals
        if r.affected
    ]
    if c.status == "withdrawn":
        cli.emit(
            c, "\n".join([cli.text("consent.revoked", id=c.id, date=_date_text(c.withdrawn_on, cli.lang))] + flagged)
        )
    else:
        from referral_desk.core import catalogues, purposes as purpose_catalogue

        last = c.withdrawals[-1]
        lines = []
        if last.categories:
            cats = ", ".join(catalogues.enum_label("data_category", k, cli.lang) for k in last.categories)
            rest = ", ".join(catalogues.enum_label("data_category", k, cli.lang) for k in c.active_categories)
            lines.append(
                cli.text(
                    "consent.revoked_partly",
                    id=c.id,
                    date=_date_text(last.withdrawn_on, cli.lang),
                    categories=cats,
                    remaining=rest,
                )
            )
        if last.purposes:
            lang = "en" if cli.lang == "en" else "de"
            lines.append(
                cli.text(
                    "consent.revoked_purposes",
                    id=c.id,
                    date=_date_text(last.withdrawn_on, cli.lang),
                    purposes=", ".join(purpose_catalogue.short_label(k, lang) for k in last.purposes),
                    remaining=", ".join(purpose_catalogue.short_label(k, lang) for k in c.active_purposes),
                )
            )
        cli.emit(c, "\n".join(lines + flagged))
    return EXIT_OK


def cmd_consent_notice(cli: Cli) -> int:
    from referral_desk.core.services import consent

    a = cli.args
    out = pdf_out(a.out, "consent.out_dir")
    ctx = cli.context()
    with ctx.vault:
        pdf = consent.render_notice(
            ctx,
            consent_id=int_arg(a.consent_id, "consent_id"),
            withdrawal_id=int_arg(a.withdrawal, "withdrawal") if a.withdrawal else None,
        )
    cli.emit(
        write_pdf(out, pdf),
        cli.text("consent.notice_written", path=out, size=len(pdf)),
    )
    return EXIT_OK


def cmd_consent_list(cli: Cli) -> int:
    from referral_desk.core import catalogues
    from referral_desk.core.services import consent

    ctx = cli.context()
    with ctx.vault:
        rows = consent.list_for_client(ctx, client_id=int_arg(cli.args.client_id, "client_id"))
    i = 0 if cli.lang == "de" else 1

    def human() -> str:
        if not rows:
            return cli.text("consent.none")
        lines = []
        for c in rows:
            status = _CONSENT_STATUS[c.status][i]
            if c.expires_soon:
                status += " (läuft bald ab)" if i == 0 else " (expires soon)"
            shown = c.active_categories if c.status != "withdrawn" and c.withdrawn_categories else c.categories
            cats = ", ".join(catalogues.enum_label("data_category", k, cli.lang) for k in shown)
            if c.status != "withdrawn" and c.withdrawn_categories:
                cats += (" – widerrufen: " if i == 0 else " – withdrawn: ") + ", ".join(
                    catalogues.enum_label("data_category", k, cli.lang) for k in c.withdrawn_categories
                )
            if c.status != "withdrawn" and c.withdrawn_purposes:
                cats += (" – Zweck widerrufen: " if i == 0 else " – purpose withdrawn: ") + ", ".join(
                    c.withdrawn_purposes
                )
            lines.append(
                f"{c.id:>6}  {status:<24} {c.recipient_name}  [{cats}]  "
                f"{_date_text(c.given_on, cli.lang)} – {_date_text(c.valid_until, cli.lang)}"
            )
        return "\n".join(lines)

    cli.emit(rows, human)
    return EXIT_OK


# --- form templates ---------------------------------------------------------------------


def cmd_forms_approve(cli: Cli) -> int:
    from referral_desk.core.services import consent

    a = cli.args
    ctx = cli.context()
    with ctx.vault:
        r = consent.approve_template(ctx, regime=a.regime, language=a.language, note=a.note)
    cli.emit(
        r,
        cli.text(
            "forms.approved",
            language=r.language,
            template=r.template_id,
            version=r.version,
            user=r.approved_by or "?",
            date=_date_text(r.approved_at.date(), cli.lang),
            sha=r.file_sha256[:16],
        ),
    )
    return EXIT_OK


def cmd_forms_status(cli: Cli) -> int:
    from referral_desk.core.services import consent

    ctx = cli.context()
    with ctx.vault:
        rows = consent.review_states(ctx)
    words = {
        "binding": ("verbindlich", "binding"),
        "approved": ("freigegeben", "approved"),
        "unreviewed": ("ungeprüft", "not reviewed"),
        "tampered": ("VERÄNDERT", "TAMPERED"),
    }
    i = 0 if cli.lang == "de" else 1

    def human() -> str:
        return "\n".join(
            f"{r.language:<6} v{r.version:<6} {words[r.status][i]:<12} {r.origin:<8} "
            f"{_date_text(r.approved_at.date() if r.approved_at else None, cli.lang)} "
            f"{r.approved_by or ''}".rstrip()
            for r in rows
        )

    cli.emit(rows, human)
    return EXIT_OK


def cmd_forms_authority(cli: Cli) -> int:
    from referral_desk.core.services import supervisory

    a = cli.args
    changes = {
        k: getattr(a, k) for k in ("name", "street", "postal_code", "city", "email") if getattr(a, k) is not None
    }
    ctx = cli.context()
    with ctx.vault:
        if changes:
            regime = a.regime or supervisory.get(ctx).regime
            r = supervisory.set_authority(ctx, regime=regime, changes=changes)
        else:
            r = supervisory.get(ctx, regime=a.regime)
    missing = ""
    if r.missing:
        missing = (" – fehlt: " if cli.lang == "de" else " – missing: ") + ", ".join(r.missing)
    cli.emit(
        r.model_dump() | {"missing": r.missing},
        cli.text("forms.authority", regime=r.regime, name=r.name or "–", address=r.address or "–", missing=missing),
    )
    return EXIT_OK


# --- referrals ---------------------------------------------------------------------------


def pdf_out(a_out: str, code: str = "referral.out_dir") -> Path:
    """The ``--out`` path of a printed document; its folder must exist (exit 2 naming ``out``)."""
    out = Path(a_out).expanduser()
    if not out.parent.is_dir():
        raise InvalidInput(code, field="out", path=str(out.parent))
    return out


def write_pdf(out: Path, pdf: bytes) -> dict[str, Any]:
    """Write the document atomically; what ``--json`` reports of it."""
    import hashlib

    from referral_desk.core.fileio import atomic_write_bytes

    atomic_write_bytes(out, pdf)
    return {"path": str(out), "bytes": len(pdf), "sha256": hashlib.sha256(pdf).hexdigest()}


def cmd_referral_create(cli: Cli) -> int:
    from referral_desk.core.services import referrals

    a = cli.args
    out = pdf_out(a.out) if a.out else None
    ctx = cli.context()
    with ctx.vault:
        if out is not None:  # refuse before creating anything when the letter could not be printed
            referrals.require_printable(ctx, client_id=int_arg(a.client_id, "client_id"), recipient=a.recipient)
        r = referrals.create(
            ctx,
            client_id=int_arg(a.client_id, "client_id"),
            recipient=a.recipient,
            categories=_csv(a.categories),
            request=a.reason,
            requested_action=a.action,
            urgency=a.urgency,
            deadline=a.deadline,
            attachments=list(a.attachment or []),
            follow_up_on=a.follow_up,
            created_on=a.date,
            purpose=a.purpose,
        )
        pdf = referrals.render_sheet(ctx, referral_id=r.id) if out is not None else None
    payload: dict[str, Any] = r.model_dump(mode="json")
    human = cli.text(
        "referral.created", id=r.id, status=_referral_status_text(r.status, cli.lang), recipient=r.recipient_name
    )
    if out is not None and pdf is not None:
        payload["pdf"] = write_pdf(out, pdf)
        human += "\n" + cli.text("referral.pdf_written", path=out, size=len(pdf))
    cli.emit(payload, human)
    return EXIT_OK


def cmd_referral_pdf(cli: Cli) -> int:
    from referral_desk.core.services import referrals

    a = cli.args
    out = pdf_out(a.out)
    ctx = cli.context()
    with ctx.vault:
        pdf = referrals.render_sheet(ctx, referral_id=int_arg(a.id, "referral_id"), copies=a.copies or referrals.COPIES)
    cli.emit(
        write_pdf(out, pdf),
        cli.text("referral.pdf_written", path=out, size=len(pdf)),
    )
    return EXIT_OK


def _referral_status_text(status: str, lang: str) -> str:
    from referral_desk.core.services.referrals import status_label

    return status_label(status, lang)


def cmd_referral_status(cli: Cli) -> int:
    from referral_desk.core.services import referrals

    a = cli.args
    reason = a.reason if a.reason is not None else (a.note if a.status == "rejected" else None)
    note = a.note if a.reason is not None or a.status != "rejected" else None
    ctx = cli.context()
    with ctx.vault:
        r = referrals.change_status(
            ctx,
            referral_id=int_arg(a.id, "referral_id"),
            status=a.status,
            note=note,
            on=a.on,
            reason=reason,
            follow_up_on=a.follow_up,
            expected_version=_if_version(cli),
        )
    cli.emit(r, cli.text("referral.status_changed", id=r.id, status=_referral_status_text(r.status, cli.lang)))
    return EXIT_OK


def cmd_referral_feedback(cli: Cli) -> int:
    from referral_desk.core.services import referrals

    a = cli.args
    ctx = cli.context()
    with ctx.vault:
        r = referrals.record_feedback(
            ctx,
            referral_id=int_arg(a.id, "referral_id"),
            received_on=a.received_on,
            from_=a.sender,
            outcome=a.outcome,
            next_steps=a.next_steps,
            expected_version=_if_version(cli),
        )
    cli.emit(r, cli.text("referral.feedback_saved", id=r.id))
    return EXIT_OK


def cmd_referral_list(cli: Cli) -> int:
    from referral_desk.core.services import referrals

    a = cli.args
    ctx = cli.context()
    with ctx.vault:
        rows = referrals.list_referrals(
            ctx,
            status=a.status,
            recipient=a.recipient,
            overdue_only=a.overdue,
            client_id=int_arg(a.client, "client_id") if a.client else None,
        )

    def human() -> str:
        if not rows:
            return cli.text("referral.none")
        lines = []
        for r in rows:
            status = _referral_status_text(r.status, cli.lang)
            if r.follow_up_due:
                status += " (Wiedervorlage fällig)" if cli.lang == "de" else " (follow-up due)"
            lines.append(
                f"{r.id:>6}  {_date_text(r.created_on, cli.lang)}  {r.case_number}  "
                f"{r.client_family_name}, {r.client_given_names}  {r.recipient_name}  {status}  "
                f"{_date_text(r.follow_up_on, cli.lang)}"
            )
        return "\n".join(lines)

    cli.emit(rows, human)
    return EXIT_OK


# --- organisation profile and partner directory ------------------------------------------

_ORG_SHOW = (
    ("name", "Name", "Name"),
    ("services", "Dienste", "Services"),
    ("street", "Straße", "Street"),
    ("postal_code", "PLZ", "Postal code"),
    ("city", "Ort", "City"),
    ("phone", "Telefon", "Phone"),
    ("email", "E-Mail", "E-mail"),
    ("dpo_name", "Datenschutzbeauftragte*r", "Data-protection officer"),
    ("dpo_email", "E-Mail DSB", "DPO e-mail"),
    ("dpo_address", "Anschrift DSB", "DPO address"),
    ("legal_regime", "Datenschutzrecht", "Data-protection law"),
)
_AGENCY_SHOW = ("department", "contact_person", "street", "postal_code", "city", "phone", "email")


def cmd_org_show(cli: Cli) -> int:
    from referral_desk.core.services import organisation

    ctx = cli.context()
    with ctx.vault:
        org = organisation.show_profile(ctx)
        gaps = organisation.printing_gaps(ctx, dpo=True)
    i = 0 if cli.lang == "de" else 1

    def human() -> str:
        lines = []
        for key, de, en in _ORG_SHOW:
            value = getattr(org, key)
            if isinstance(value, list):
                value = ", ".join(value)
            lines.append(f"{(de, en)[i] + ':':<26} {'' if value is None else str(value).replace(chr(10), ' / ')}")
        lines.append(cli.text("print.gaps", fields=", ".join(gaps)) if gaps else cli.text("print.ready"))
        return "\n".join(lines)

    payload = org.model_dump(mode="json")
    payload["missing_for_print"] = gaps
    cli.emit(payload, human)
    return EXIT_OK


def _given(args: argparse.Namespace, names: tuple[str, ...]) -> dict[str, Any]:
    """The options given on the command line; an empty string clears a field."""
    return {n: getattr(args, n) for n in names if getattr(args, n) is not None}


def cmd_org_set(cli: Cli) -> int:
    from referral_desk.core.services import organisation

    changes = _given(
        cli.args,
        ("name", "street", "postal_code", "city", "phone", "email", "dpo_name", "dpo_email", "dpo_address", "services"),
    )
    if not changes:
        raise InvalidInput("input.empty_update", field=None)
    ctx = cli.context()
    with ctx.vault:
        org = organisation.update_organisation(ctx, changes=changes, expected_version=_if_version(cli))
    cli.emit(org, cli.text("org.saved"))
    return EXIT_OK


def cmd_agency_list(cli: Cli) -> int:
    from referral_desk.core import printable
    from referral_desk.core.services import organisation

    ctx = cli.context()
    with ctx.vault:
        rows = organisation.list_agencies(ctx, include_inactive=cli.args.all)

    def human() -> str:
        lines = []
        for a in rows:
            gaps = printable.agency_gaps(a)
            address = ", ".join(str(getattr(a, f)) for f in _AGENCY_SHOW if getattr(a, f))
            flag = "" if a.active else (" (inaktiv)" if cli.lang == "de" else " (inactive)")
            lines.append(f"{a.key:<20} {a.name}{flag}\n{'':<20} {address}")
            if gaps:
                lines.append(f"{'':<20} " + cli.text("print.gaps", fields=", ".join(gaps)))
        return "\n".join(lines)

    cli.emit(rows, human)
    return EXIT_OK


def cmd_agency_set(cli: Cli) -> int:
    from referral_desk.core.services import organisation

    a = cli.args
    data = _given(
        a, ("name", "kind", "department", "contact_person", "street", "postal_code", "city", "phone", "email")
    )
    if a.active is not None:
        data["active"] = a.active == "yes"
    if not data:
        raise InvalidInput("input.empty_update", field=None)
    ctx = cli.context()
    with ctx.vault:
        agency = organisation.save_agency(ctx, key=a.key, data=data, expected_version=_if_version(cli))
    cli.emit(agency, cli.text("agency.saved", agency=agency.key))
    return EXIT_OK


# --- parser ------------------------------------------------------------------------------


def _add_if_version(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--if-version",
        metavar="N",
        help=f"nur speichern, wenn {what} noch diese Version hat (sonst Konflikt, Exit 3)",
    )


def build_parser() -> argparse.ArgumentParser:
    p = CliArgumentParser(
        prog="referral-desk", description="Referral Desk – Klient*innen, Einwilligungen, Überleitungen (Kommandozeile)."
    )
    p.add_argument(
        "--vault",
        metavar="DIR",
        help="Datentresor-Verzeichnis (Standard: REFERRAL_DESK_VAULT oder das Datenverzeichnis des Benutzers)",
    )
    p.add_argument(
        "--dsn",
        metavar="URL",
        help="Teamdatenbank (PostgreSQL) statt Datentresor (oder "
        "REFERRAL_DESK_DSN); TLS mit verify-full, wenn die URL nichts anderes sagt",
    )
    p.add_argument("--user", metavar="NAME", help="Benutzername (oder REFERRAL_DESK_USER)")
    p.add_argument("--json", action="store_true", help="Ergebnis als ein JSON-Dokument auf stdout")
    p.add_argument("--lang", choices=("de", "en"), default="de", help="Sprache der Meldungen")
    p.add_argument("--debug", action="store_true", help="bei Programmfehlern den Traceback zeigen")
    sub = p.add_subparsers(dest="command", required=True, parser_class=CliArgumentParser)

    from referral_desk import cli_team

    cli_team.add_parsers(sub)
    s = sub.add_parser("init", help="Datentresor anlegen")
    s.add_argument("--org-name", required=True)
    s.add_argument("--admin", required=True)
    s.add_argument("--legal-regime", choices=("dsgvo", "kdg", "dsg-ekd"), default="dsgvo")
    s.add_argument("--service", choices=("mbe", "jmd", "other"), help="Standarddienst für neue Akten")
    s.add_argument(
        "--services",
        metavar="mbe,jmd,other",
        help="alle angebotenen Dienste (mindestens einer); ohne --service ist der erste der Standard",
    )
    s.set_defaults(func=cmd_init)

    user = sub.add_parser("user", help="Benutzer*innen").add_subparsers(
        dest="user_command", required=True, parser_class=CliArgumentParser
    )
    s = user.add_parser("add", help="Benutzer*in anlegen")
    s.add_argument("name")
    s.add_argument(
        "--role",
        required=True,
        choices=("counsellor", "lead", "statistics", "admin", "retention"),
        help="retention nur in der Teamdatenbank (--dsn)",
    )
    s.add_argument("--display-name")
    s.add_argument("--team", default="default", help="Team (nur Teamdatenbank, --dsn)")
    s.add_argument("--also-lead", action="store_true", help="Administration, die auch Akten wie die Teamleitung sieht")
    s.set_defaults(func=cmd_user_add)
    s = user.add_parser(
        "reset-password",
        help="neues Passwort für eine Benutzer*in setzen (Administration; Passwort: REFERRAL_DESK_NEW_PASSWORD "
        "oder Eingabe). Im Tresor muss sie es bei der nächsten Anmeldung ändern",
    )
    s.add_argument("name")
    s.set_defaults(func=cmd_user_reset_password)
    s = user.add_parser("list", help="Benutzer*innen auflisten (Administration)")
    s.set_defaults(func=cmd_user_list)
    s = user.add_parser(
        "deactivate",
        help="Benutzer*in deaktivieren: Sicherung, Zugang entfernen, Datenschlüssel austauschen (Administration)",
    )
    s.add_argument("name")
    s.add_argument(
        "--backup-dir",
        metavar="DIR",
        help="Ordner für die Sicherung vorher (Standard: der "
        "Sicherungsordner der Organisation oder <Datentresor>/backups)",
    )
    s.set_defaults(func=cmd_user_deactivate)

    s = sub.add_parser("passwd", help="eigenes Passwort ändern")
    s.add_argument(
        "--rotate",
        action="store_true",
        help="zusätzlich den Datenschlüssel austauschen, damit alte Kopien des Schlüsselbunds nichts mehr öffnen",
    )
    s.set_defaults(func=cmd_passwd)

    client = sub.add_parser("client", help="Klient*innen").add_subparsers(
        dest="client_command", required=True, parser_class=CliArgumentParser
    )
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
    _add_if_version(s, "die Akte")
    s.set_defaults(func=cmd_client_update)
    cli_team.add_client_parsers(client)
    s = client.add_parser("find", help="suchen: Name, Fallnummer oder Geburtsdatum")
    s.add_argument("text")
    s.add_argument("--limit", type=int, default=50)
    s.set_defaults(func=cmd_client_find)
    s = client.add_parser("import", help="Liste importieren (CSV, XLSX, ODS)")
    s.add_argument("file")
    s.add_argument("--sheet", metavar="NAME", help="Tabellenblatt (Standard: das erste)")
    s.add_argument("--mapping", metavar="FILE.json", help="Zuordnungsdatei (Spalte → Feld)")
    s.add_argument("--dry-run", dest="dry_run", action="store_true", help="nur prüfen, nichts speichern")
    s.add_argument("--on-duplicate", dest="on_duplicate", choices=("skip", "create", "refuse"), default="refuse")
    s.add_argument("--on-invalid", dest="on_invalid", choices=("refuse", "skip"), default="refuse")
    s.set_defaults(func=cmd_client_import)
    s = client.add_parser(
        "needs-spelling",
        help="Akten ohne Schreibweise laut Dokument (Name nicht in lateinischer "
        "Schrift): für Briefe an Behörden zu ergänzen",
    )
    s.set_defaults(func=cmd_client_needs_spelling)
    s = client.add_parser("export", help="Auskunft nach Art. 15/20 DSGVO (JSON und PDF)")
    s.add_argument("id")
    s.add_argument("--out", required=True, help="FILE.json, FILE.pdf, or FILE without suffix for both")
    s.set_defaults(func=cmd_client_export)
    s = client.add_parser("erase", help="personenbezogene Daten löschen (Art. 17 DSGVO)")
    s.add_argument("id")
    s.add_argument(
        "--mode", choices=("anonymise", "delete"), default=None, help="Standard: Einstellung der Organisation"
    )
    s.set_defaults(func=cmd_client_erase)

    contact = sub.add_parser("contact", help="Beratungskontakte").add_subparsers(
        dest="contact_command", required=True, parser_class=CliArgumentParser
    )
    s = contact.add_parser("add", help="Kontakt erfassen")
    s.add_argument("client_id")
    s.add_argument("--date", required=True)
    s.add_argument("--minutes", required=True)
    s.add_argument("--topics", required=True)
    s.add_argument("--mode", default="in_person", choices=("in_person", "phone", "video"))
    s.add_argument("--interpreter", action="store_true")
    s.add_argument("--language")
    s.add_argument("--note")
    s.add_argument("--with-family", dest="with_family", metavar="N", help="mitberatene Familienangehörige (0–20)")
    s.set_defaults(func=cmd_contact_add)

    stats = sub.add_parser("stats", help="anonymisierte Statistik").add_subparsers(
        dest="stats_command", required=True, parser_class=CliArgumentParser
    )
    s = stats.add_parser("export", help="Statistik eines Kalendermonats, Quartals, Halbjahrs oder Jahres exportieren")
    s.add_argument("--from", dest="date_from", required=True, metavar="D", help="erster Tag des Zeitraums")
    s.add_argument("--to", dest="date_to", required=True, metavar="D", help="letzter Tag des Zeitraums")
    s.add_argument("--format", required=True, metavar="csv|xlsx|pdf|json")
    s.add_argument("--out", required=True, metavar="FILE")
    s.add_argument("--min-cell", dest="min_cell", metavar="K", help="Mindestfallzahl 3, 5 oder 10")
    s.add_argument(
        "--profile",
        default="all",
        metavar="all|mbe|jmd|kommune",
        help="Berichtsprofil: die Tabellen, die der Geldgeber verlangt",
    )
    s.add_argument(
        "--method",
        default="suppression",
        metavar="suppression|cell_key",
        help="Geheimhaltungsverfahren (Standard: optimale Zellsperrung)",
    )
    s.set_defaults(func=cmd_stats_export)
    s = stats.add_parser(
        "publish",
        help="Teamdatenbank: Statistik eines Zeitraums für die Statistik-Rolle veröffentlichen "
        "(Administration, Superuser-DSN, --dsn)",
    )
    s.add_argument("--from", dest="date_from", required=True, metavar="D", help="erster Tag des Zeitraums")
    s.add_argument("--to", dest="date_to", required=True, metavar="D", help="letzter Tag des Zeitraums")
    s.add_argument("--min-cell", dest="min_cell", metavar="K", help="Mindestfallzahl 3, 5 oder 10")
    s.add_argument("--profile", default="all", metavar="all|mbe|jmd|kommune", help="Berichtsprofil")
    s.add_argument("--method", default="suppression", metavar="suppression|cell_key", help="Geheimhaltungsverfahren")
    s.set_defaults(func=cli_team.cmd_stats_publish)

    consent = sub.add_parser("consent", help="Einwilligungen").add_subparsers(
        dest="consent_command", required=True, parser_class=CliArgumentParser
    )
    s = consent.add_parser("form", help="Einwilligungserklärung als PDF (Deutsch + Sprache der Person)")
    s.add_argument("client_id")
    s.add_argument("--recipient", required=True, metavar="KEY")
    s.add_argument("--categories", required=True, metavar="a,b")
    s.add_argument("--language", required=True, metavar="LL")
    s.add_argument("--out", required=True, metavar="FILE.pdf")
    s.add_argument("--purpose", metavar="TEXT")
    s.add_argument("--valid-until", dest="valid_until", metavar="D")
    s.add_argument("--direction", choices=("one_way", "mutual"), default="one_way")
    s.add_argument("--guardian", metavar="NAME", help="sorgeberechtigte Person (Pflicht unter 15 Jahren)")
    s.add_argument(
        "--allow-unreviewed",
        dest="allow_unreviewed",
        action="store_true",
        help="ungeprüfte (nicht freigegebene) Übersetzung trotzdem drucken; das Blatt sagt es",
    )
    s.set_defaults(func=cmd_consent_form)
    s = consent.add_parser("grant", help="unterschriebene Einwilligung erfassen")
    s.add_argument("client_id")
    s.add_argument("--recipient", required=True, metavar="KEY")
    s.add_argument("--categories", required=True, metavar="a,b")
    s.add_argument(
        "--purpose",
        required=True,
        metavar="KEYS",
        help="Zweck-Schlüssel, kommagetrennt (job_placement, benefits_sgb2, benefits_sgb3, "
        "residence_permit, recognition, language_course, other:TEXT)",
    )
    s.add_argument("--given-on", dest="given_on", metavar="D")
    s.add_argument("--valid-until", dest="valid_until", metavar="D")
    s.add_argument("--language", default="de", metavar="LL")
    s.add_argument("--direction", choices=("one_way", "mutual"), default="one_way")
    s.add_argument(
        "--health-confirmed",
        dest="health_confirmed",
        action="store_true",
        help="die Person hat das gesonderte Feld für Gesundheitsdaten selbst angekreuzt",
    )
    s.add_argument("--interpreter", metavar="LL", help="mit Dolmetschung in Sprache LL")
    s.add_argument("--guardian", metavar="NAME", help="sorgeberechtigte Person (Pflicht unter 15 Jahren)")
    s.set_defaults(func=cmd_consent_grant)
    s = consent.add_parser("revoke", help="Widerruf erfassen")
    s.add_argument("consent_id")
    s.add_argument("--reason", metavar="TEXT")
    s.add_argument("--on", metavar="D", help="Wirksam ab (Standard: heute)")
    s.add_argument("--source", choices=("in_person", "letter", "email", "phone", "other"), default="in_person")
    s.add_argument("--categories", metavar="a,b", help="nur diese Kategorien widerrufen (der Rest gilt weiter)")
    s.add_argument("--purposes", metavar="a,b", help="nur diese Zwecke widerrufen (Schlüssel; der Rest gilt weiter)")
    _add_if_version(s, "die Einwilligung")
    s.set_defaults(func=cmd_consent_revoke)
    s = consent.add_parser("notice", help="Mitteilung über einen Widerruf an die empfangende Stelle (PDF-Brief)")
    s.add_argument("consent_id")
    s.add_argument("--out", required=True, metavar="FILE.pdf")
    s.add_argument("--withdrawal", metavar="ID", help="ein bestimmter Widerruf (Standard: der letzte)")
    s.set_defaults(func=cmd_consent_notice)
    s = consent.add_parser("list", help="Einwilligungen einer Person mit Status")
    s.add_argument("client_id")
    s.set_defaults(func=cmd_consent_list)

    forms = sub.add_parser("forms", help="Formularvorlagen").add_subparsers(
        dest="forms_command", required=True, parser_class=CliArgumentParser
    )
    s = forms.add_parser("approve", help="Übersetzung einer Einwilligungsvorlage freigeben (Admin)")
    s.add_argument("--regime", required=True, metavar="dsgvo|kdg|dsg-ekd")
    s.add_argument("--language", required=True, metavar="LL")
    s.add_argument("--note", metavar="TEXT", help="z. B. wer die Übersetzung geprüft hat")
    s.set_defaults(func=cmd_forms_approve)
    s = forms.add_parser("status", help="Prüfstatus der Einwilligungsvorlagen")
    s.set_defaults(func=cmd_forms_status)
    s = forms.add_parser("authority", help="Datenschutz-Aufsichtsbehörde anzeigen oder ändern (Admin)")
    s.add_argument("--regime", metavar="dsgvo|kdg|dsg-ekd", help="Standard: Rechtsrahmen der Organisation")
    for flag in ("name", "street", "postal-code", "city", "email"):
        s.add_argument(f"--{flag}", dest=flag.replace("-", "_"), metavar="T")
    s.set_defaults(func=cmd_forms_authority)

    referral = sub.add_parser("referral", help="Überleitungen").add_subparsers(
        dest="referral_command", required=True, parser_class=CliArgumentParser
    )
    s = referral.add_parser("create", help="Überleitung erstellen (nur mit passender Einwilligung) → id")
    s.add_argument("client_id")
    s.add_argument("--recipient", required=True, metavar="KEY")
    s.add_argument("--categories", required=True, metavar="a,b")
    s.add_argument("--reason", required=True, metavar="TEXT", help="Anliegen")
    s.add_argument("--out", metavar="FILE.pdf", help="Überleitungsbogen gleich als PDF speichern")
    s.add_argument("--action", metavar="TEXT", help="erbetene Maßnahme")
    s.add_argument("--urgency", choices=("normal", "urgent"), default="normal")
    s.add_argument("--deadline", metavar="D")
    s.add_argument("--attachment", action="append", metavar="TEXT", help="Anlage (mehrfach möglich)")
    s.add_argument("--follow-up", dest="follow_up", metavar="D", help="Wiedervorlage (Standard: in 14 Tagen)")
    s.add_argument("--date", metavar="D", help="Datum der Überleitung (Standard: heute)")
    s.add_argument("--purpose", metavar="KEY", help="Zweck aus der Einwilligung (Standard: ihr einziger Zweck)")
    s.set_defaults(func=cmd_referral_create)
    s = referral.add_parser("pdf", help="Überleitungsbogen als PDF (Einwilligung wird erneut geprüft)")
    s.add_argument("id")
    s.add_argument("--out", required=True, metavar="FILE.pdf")
    s.add_argument("--copies", type=_csv, metavar="recipient,client,file")
    s.set_defaults(func=cmd_referral_pdf)
    s = referral.add_parser(
        "status", help="Status ändern: draft, sent, received, accepted, rejected, completed, withdrawn"
    )
    s.add_argument("id")
    s.add_argument("status")
    s.add_argument("--note", metavar="TEXT")
    s.add_argument("--reason", metavar="TEXT", help="Grund (bei rejected nötig; sonst gilt --note als Grund)")
    s.add_argument("--on", metavar="D", help="Datum (Standard: heute)")
    s.add_argument("--follow-up", dest="follow_up", metavar="D", help="neue Wiedervorlage")
    _add_if_version(s, "die Überleitung")
    s.set_defaults(func=cmd_referral_status)
    s = referral.add_parser("feedback", help="Rückmeldung der Empfängerstelle erfassen")
    s.add_argument("id")
    s.add_argument("--received-on", dest="received_on", required=True, metavar="D")
    s.add_argument("--from", dest="sender", required=True, metavar="TEXT")
    s.add_argument("--outcome", required=True, metavar="TEXT")
    s.add_argument("--next-steps", dest="next_steps", metavar="TEXT")
    _add_if_version(s, "die Überleitung")
    s.set_defaults(func=cmd_referral_feedback)
    s = referral.add_parser("list", help="Überleitungen (eigene Klient*innen; Leitung: alle)")
    s.add_argument("--status", metavar="STATUS", help="Status, „open“ oder „closed“")
    s.add_argument("--recipient", metavar="KEY")
    s.add_argument("--overdue", action="store_true", help="nur offene mit fälliger Wiedervorlage")
    s.add_argument("--client", metavar="ID")
    s.set_defaults(func=cmd_referral_list)

    org = sub.add_parser("org", help="Organisationsprofil (Administration)").add_subparsers(
        dest="org_command", required=True, parser_class=CliArgumentParser
    )
    s = org.add_parser("show", help="Profil und fehlende Angaben für Briefe zeigen")
    s.set_defaults(func=cmd_org_show)
    s = org.add_parser("set", help="Profil ändern (leerer Text löscht ein Feld)")
    s.add_argument("--name", metavar="T")
    s.add_argument("--street", metavar="T", help="Straße und Hausnummer")
    s.add_argument("--postal-code", dest="postal_code", metavar="T")
    s.add_argument("--city", metavar="T")
    s.add_argument("--phone", metavar="T")
    s.add_argument("--email", metavar="T")
    s.add_argument("--dpo-name", dest="dpo_name", metavar="T", help="Datenschutzbeauftragte*r")
    s.add_argument("--dpo-email", dest="dpo_email", metavar="T")
    s.add_argument("--dpo-address", dest="dpo_address", metavar="T", help="Postanschrift der/des DSB")
    s.add_argument("--services", metavar="mbe,jmd,other", help="angebotene Dienste, der erste ist der Standard")
    _add_if_version(s, "das Profil")
    s.set_defaults(func=cmd_org_set)

    agency = sub.add_parser("agency", help="Verzeichnis der Partnerstellen").add_subparsers(
        dest="agency_command", required=True, parser_class=CliArgumentParser
    )
    s = agency.add_parser("list", help="Partnerstellen mit Anschrift")
    s.add_argument("--all", action="store_true", help="auch inaktive")
    s.set_defaults(func=cmd_agency_list)
    s = agency.add_parser("set", help="Partnerstelle ändern oder neu anlegen (Administration)")
    s.add_argument("key", metavar="KEY")
    s.add_argument("--name", metavar="T")
    s.add_argument("--kind", choices=("jobcenter", "agentur", "auslaenderbehoerde", "other"))
    s.add_argument("--department", metavar="T")
    s.add_argument("--contact-person", dest="contact_person", metavar="T")
    s.add_argument("--street", metavar="T")
    s.add_argument("--postal-code", dest="postal_code", metavar="T")
    s.add_argument("--city", metavar="T")
    s.add_argument("--phone", metavar="T")
    s.add_argument("--email", metavar="T")
    s.add_argument("--active", choices=("yes", "no"))
    _add_if_version(s, "die Partnerstelle")
    s.set_defaults(func=cmd_agency_set)

    from referral_desk.cli_casework import register as register_casework

    register_casework(sub, CliArgumentParser)

    s = sub.add_parser("verify", help="Integrität prüfen (Verschlüsselung, Struktur, Protokollkette, Anker)")
    s.add_argument(
        "--acknowledge",
        action="store_true",
        help="Administration: eine Abweichung vom "
        "Protokollanker (zurückgesetzter oder ersetzter Datentresor) nach Prüfung bestätigen",
    )
    s.add_argument("--reason", metavar="TEXT", help="Grund der Bestätigung (Pflicht mit --acknowledge)")
    s.set_defaults(func=cmd_verify)

    s = sub.add_parser("backup", help="verschlüsselte Sicherung schreiben")
    s.add_argument("--out", required=True)
    s.set_defaults(func=cmd_backup)

    s = sub.add_parser("restore", help="Sicherung in ein leeres Verzeichnis (--vault) wiederherstellen")
    s.add_argument("file")
    s.add_argument(
        "--recovery",
        action="store_true",
        help="mit dem Wiederherstellungsschlüssel (REFERRAL_DESK_RECOVERY_KEY oder Eingabe)",
    )
    s.set_defaults(func=cmd_restore)

    s = sub.add_parser("demo", help="mit erfundenen Beispieldaten füllen")
    s.add_argument("--clients", type=int, default=200)
    s.add_argument("--seed", type=int, default=1)
    s.set_defaults(func=cmd_demo)
    return p


def _is_sqlite_error(exc: BaseException) -> bool:
    import sqlcipher3.dbapi2 as sqlcipher

    return isinstance(exc, sqlcipher.Error)


def _lang_from_argv(argv: list[str]) -> str:
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return "de"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    from referral_desk.core.hygiene import disable_core_dumps

    disable_core_dumps()
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
    except RecursionError:
        # Deeply nested JSON input (a file or stdin) — bad input, not a bug.
        print(render("input.json_shape", lang), file=sys.stderr)
        return InvalidInput.exit_code
    except OverflowError:
        # A number beyond SQLite's INTEGER range reached the database layer.
        print(render("input.number", lang, field="id", min=1, max=_MAX_ID), file=sys.stderr)
        return InvalidInput.exit_code
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback by default
        from sqlalchemy import exc as sa_exc

        if isinstance(exc, sa_exc.DBAPIError) and isinstance(getattr(exc, "orig", None), OverflowError):
            print(render("input.number", lang, field="id", min=1, max=_MAX_ID), file=sys.stderr)
            return InvalidInput.exit_code
        if isinstance(exc, (sa_exc.DatabaseError, ReferralDeskError)) or _is_sqlite_error(exc):
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
