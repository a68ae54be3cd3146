"""Case-work commands (DESIGN.md §4): ``plan``, ``group``, ``signpost``, ``reminders``.

Kept apart from ``cli.py`` so that file only registers them (``register(sub)``); the
commands use the same ``Cli`` helpers, exit codes and messages.
"""

from __future__ import annotations

from typing import Any

from referral_desk.core.errors import InvalidInput
from referral_desk.core.texts import N_, Text, pick

OUT: dict[str, Text] = {
    "plan.goal_added": N_("cli.plan.goal_added", "Ziel {id} im Förderplan erfasst ({area})."),
    "plan.step_added": N_("cli.plan.step_added", "Schritt {id} zu Ziel {goal_id} erfasst."),
    "plan.review_added": N_("cli.plan.review_added", "Überprüfung von Ziel {goal_id} erfasst: {outcome}."),
    "plan.none": N_("cli.plan.none", "Noch kein Förderplan (Beratungsfall ohne Case Management)."),
    "plan.pdf_written": N_("cli.plan.pdf_written", "Förderplan gespeichert: {path} ({size} Bytes)."),
    "group.added": N_("cli.group.added", "Gruppenangebot {id} erfasst: {participants} Teilnehmende."),
    "signpost.added": N_("cli.signpost.added", "Verweisberatung {id} erfasst für Klient*in {client_id}."),
    "reminders.none": N_("cli.reminders.none", "Keine Erinnerungen."),
}

KIND = {
    "residence_expiry": ("Aufenthalt läuft ab", "Residence expires"),
    "plan_step": ("Schritt im Förderplan", "Support-plan step"),
    "referral_follow_up": ("Wiedervorlage Überleitung", "Referral follow-up"),
}


def _text(cli: Any, key: str, **params: Any) -> str:
    return pick(OUT[key], cli.lang, params).format(**params)


def _id(value: str, field: str) -> int:
    from referral_desk.cli import int_arg

    return int_arg(value, field)


def _date(d: Any, lang: str) -> str:
    return "" if d is None else (d.strftime("%d.%m.%Y") if lang == "de" else d.isoformat())


def _label(enum: str, key: str | None, lang: str) -> str:
    from referral_desk.core import catalogues

    if key is None:
        return ""
    try:
        return catalogues.enum_label(enum, key, lang)
    except KeyError:
        return key


def cmd_plan_add(cli: Any) -> int:
    from referral_desk.core.services import casework

    a = cli.args
    data: dict[str, Any] = {"area": a.area, "goal": a.goal}
    if a.due:
        data["due_on"] = a.due
    if a.on:
        data["set_on"] = a.on
    ctx = cli.context()
    with ctx.vault:
        goal = casework.add_goal(ctx, client_id=_id(a.client_id, "client_id"), data=data)
    cli.emit(goal, _text(cli, "plan.goal_added", id=goal.id, area=_label("plan_area", goal.area, cli.lang)))
    return 0


def cmd_plan_step(cli: Any) -> int:
    from referral_desk.core.services import casework

    a = cli.args
    data: dict[str, Any] = {"text": a.text, "responsible": a.who}
    if a.due:
        data["due_on"] = a.due
    ctx = cli.context()
    with ctx.vault:
        step = casework.add_step(ctx, goal_id=_id(a.goal_id, "goal_id"), data=data)
    cli.emit(step, _text(cli, "plan.step_added", id=step.id, goal_id=step.goal_id))
    return 0


def cmd_plan_review(cli: Any) -> int:
    from referral_desk.core.services import casework

    a = cli.args
    data: dict[str, Any] = {"outcome": a.outcome}
    if a.on:
        data["on_date"] = a.on
    if a.note:
        data["note"] = a.note
    ctx = cli.context()
    with ctx.vault:
        review = casework.add_review(ctx, goal_id=_id(a.goal_id, "goal_id"), data=data)
    cli.emit(
        review,
        _text(
            cli, "plan.review_added", goal_id=review.goal_id, outcome=_label("plan_outcome", review.outcome, cli.lang)
        ),
    )
    return 0


def cmd_plan_show(cli: Any) -> int:
    from referral_desk.core.services import casework

    ctx = cli.context()
    with ctx.vault:
        plan = casework.get_plan(ctx, client_id=_id(cli.args.client_id, "client_id"))
    lang = cli.lang

    def human() -> str:
        if not plan.goals:
            return _text(cli, "plan.none")
        lines = []
        for g in plan.goals:
            outcome = f" [{_label('plan_outcome', g.outcome, lang)}]" if g.outcome else ""
            due = (
                f" (bis {_date(g.due_on, lang)})"
                if g.due_on and lang == "de"
                else (f" (by {_date(g.due_on, lang)})" if g.due_on else "")
            )
            lines.append(f"#{g.id} {_label('plan_area', g.area, lang)}: {g.goal}{due}{outcome}")
            for s in g.steps:
                mark = "x" if s.done_on else " "
                when = f" – {_date(s.due_on, lang)}" if s.due_on else ""
                lines.append(f"    [{mark}] #{s.id} {s.text} ({_label('plan_responsible', s.responsible, lang)}){when}")
            for r in g.reviews:
                lines.append(
                    f"    {_date(r.on_date, lang)}: {_label('plan_outcome', r.outcome, lang)}"
                    + (f" – {r.note}" if r.note else "")
                )
        return "\n".join(lines)

    cli.emit(plan, human)
    return 0


def cmd_plan_pdf(cli: Any) -> int:
    from referral_desk.cli import pdf_out, write_pdf
    from referral_desk.core.services import casework

    a = cli.args
    out = pdf_out(a.out)
    ctx = cli.context()
    with ctx.vault:
        pdf = casework.render_plan(
            ctx,
            client_id=_id(a.client_id, "client_id"),
            language="auto" if a.language is None else (None if a.language == "de" else a.language),
        )
    cli.emit(
        write_pdf(out, pdf),
        _text(cli, "plan.pdf_written", path=out, size=len(pdf)),
    )
    return 0


def _csv(value: str | None) -> list[str]:
    return [p.strip() for p in (value or "").split(",") if p.strip()]


def cmd_group_add(cli: Any) -> int:
    from referral_desk.core.services import groups

    a = cli.args
    data: dict[str, Any] = {"date": a.date, "minutes": a.minutes, "topic": a.topic, "participants": a.participants}
    if a.service:
        data["service"] = a.service
    if a.note:
        data["note"] = a.note
    if a.clients:
        data["client_ids"] = [_id(x, "client_ids") for x in _csv(a.clients)]
    ctx = cli.context()
    with ctx.vault:
        group = groups.add_group(ctx, data=data)
    cli.emit(group, _text(cli, "group.added", id=group.id, participants=group.participants))
    return 0


def cmd_signpost_add(cli: Any) -> int:
    from referral_desk.core.services import casework

    a = cli.args
    data: dict[str, Any] = {"to_whom": a.to, "date": a.date}
    if a.topic:
        data["topic"] = a.topic
    ctx = cli.context()
    with ctx.vault:
        row = casework.add_signpost(ctx, client_id=_id(a.client_id, "client_id"), data=data)
    cli.emit(row, _text(cli, "signpost.added", id=row.id, client_id=row.client_id))
    return 0


def cmd_reminders(cli: Any) -> int:
    from referral_desk.core import catalogues
    from referral_desk.core.services import reminders

    a = cli.args
    try:
        days = int(a.days)
    except ValueError:
        raise InvalidInput("input.number", field="days", min=0, max=reminders.MAX_DAYS) from None
    ctx = cli.context()
    with ctx.vault:
        items = reminders.reminders(ctx, days=days)
    lang = cli.lang

    def detail(r: Any) -> str:
        if r.kind == "residence_expiry":
            return catalogues.residence_status_label(r.detail, lang) if r.detail else ""
        return r.detail or ""

    def human() -> str:
        if not items:
            return _text(cli, "reminders.none")
        return "\n".join(
            f"{_date(r.due_on, lang)}{'!' if r.overdue else ' '} {r.case_number}  "
            f"{r.family_name}, {r.given_names}  {KIND[r.kind][0 if lang == 'de' else 1]}: {detail(r)}"
            f"  (ID {r.client_id})"
            for r in items
        )

    cli.emit([r.as_json() for r in items], human)
    return 0


def register(sub: Any, parser_class: Any) -> None:
    """Add the case-work commands to the top-level subparsers."""
    plan = sub.add_parser("plan", help="Förderplan (Case Management)").add_subparsers(
        dest="plan_command", required=True, parser_class=parser_class
    )
    s = plan.add_parser("add", help="Ziel in einem Lebensbereich erfassen")
    s.add_argument("client_id")
    s.add_argument(
        "--area", required=True, help="language, work, education, housing, health, residence, family, social"
    )
    s.add_argument("--goal", required=True)
    s.add_argument("--due")
    s.add_argument("--on", help="vereinbart am (Standard: heute)")
    s.set_defaults(func=cmd_plan_add)
    s = plan.add_parser("step", help="Schritt zu einem Ziel erfassen")
    s.add_argument("goal_id")
    s.add_argument("--text", required=True)
    s.add_argument("--due")
    s.add_argument("--who", default="client", help="client, counsellor, together, family, other")
    s.set_defaults(func=cmd_plan_step)
    s = plan.add_parser("review", help="Ziel überprüfen: achieved, partly, not_achieved, dropped")
    s.add_argument("goal_id")
    s.add_argument("--outcome", required=True)
    s.add_argument("--on")
    s.add_argument("--note")
    s.set_defaults(func=cmd_plan_review)
    s = plan.add_parser("show", help="Förderplan einer Person anzeigen")
    s.add_argument("client_id")
    s.set_defaults(func=cmd_plan_show)
    s = plan.add_parser("pdf", help="Förderplan zum Unterschreiben als PDF (DIN A4)")
    s.add_argument("client_id")
    s.add_argument("--out", required=True)
    s.add_argument("--language", help="zweite Sprache (Standard: Sprache der Person, falls vorhanden; de: nur Deutsch)")
    s.set_defaults(func=cmd_plan_pdf)

    group = sub.add_parser("group", help="Gruppenangebote").add_subparsers(
        dest="group_command", required=True, parser_class=parser_class
    )
    s = group.add_parser("add", help="Gruppenangebot erfassen")
    s.add_argument("--date", required=True)
    s.add_argument("--minutes", required=True)
    s.add_argument("--topic", required=True)
    s.add_argument("--participants", required=True)
    s.add_argument("--service")
    s.add_argument("--clients", help="IDs angemeldeter Klient*innen, mit Komma getrennt (optional)")
    s.add_argument("--note")
    s.set_defaults(func=cmd_group_add)

    signpost = sub.add_parser("signpost", help="Verweisberatung (ohne Datenweitergabe)").add_subparsers(
        dest="signpost_command", required=True, parser_class=parser_class
    )
    s = signpost.add_parser("add", help="Verweisberatung erfassen")
    s.add_argument("client_id")
    s.add_argument("--to", required=True)
    s.add_argument("--date", required=True)
    s.add_argument("--topic")
    s.set_defaults(func=cmd_signpost_add)

    s = sub.add_parser("reminders", help="Erinnerungen: ablaufende Aufenthaltstitel, fällige Schritte, Wiedervorlagen")
    s.add_argument("--days", default="60")
    s.set_defaults(func=cmd_reminders)
