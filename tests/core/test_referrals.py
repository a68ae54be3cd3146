"""Referrals: the consent gate (service and CLI), the status flow, feedback, follow-ups,
visibility, printing records, and no PDF bytes anywhere on disk but the chosen file.

Real vaults (``admin_ctx`` or a vault made by ``cli.main init``), real PDFs, no mocks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk import cli
from referral_desk.core.errors import InvalidInput, NotFound, PolicyRefused
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import clients, consent, referrals, users
from referral_desk.core.services.context import ServiceContext
from tests.conftest import client_data
from tests.core.letters_fixtures import cli_commands, complete_addresses

pytestmark = pytest.mark.both_backends

TODAY = dt.date.today()


def days(n: int) -> dt.date:
    return TODAY + dt.timedelta(days=n)


@pytest.fixture
def client_id(admin_ctx) -> int:
    complete_addresses(admin_ctx)  # letters are printed only with complete addresses
    return clients.create_client(admin_ctx, data=client_data()).id


def _grant(ctx, cid, **kw):
    args = {
        "recipient": "jobcenter",
        "categories": ["identity", "contact", "benefits"],
        "purpose": "Vermittlung in Arbeit",
        "given_on": days(-100),
    }
    args.update(kw)
    return consent.grant(ctx, client_id=cid, **args)


def _create(ctx, cid, **kw):
    args = {
        "recipient": "jobcenter",
        "categories": ["identity", "contact", "benefits"],
        "request": "Termin bei der Arbeitsvermittlung",
    }
    args.update(kw)
    return referrals.create(ctx, client_id=cid, **args)


def _count(ctx, table: str) -> int:
    with ctx.reading() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def _audit(ctx, action: str) -> list[tuple[int | None, list[str]]]:
    with ctx.reading() as conn:
        rows = conn.execute(
            text("SELECT entity_id, fields FROM audit_event WHERE action = :a ORDER BY seq"), {"a": action}
        ).fetchall()
    return [(r[0], json.loads(r[1]) if isinstance(r[1], str) else r[1]) for r in rows]


# --- the gate matrix ---------------------------------------------------------------------------

# (case, how to set up consents, referral kwargs, words the refusal must contain)
GATE_CASES = [
    (
        "no_consent",
        lambda ctx, cid: None,
        {},
        ["keine Einwilligung erfasst", "Identität, Kontaktdaten, Sozialleistungen"],
    ),
    (
        "withdrawn",
        lambda ctx, cid: consent.revoke(ctx, consent_id=_grant(ctx, cid).id, on=days(-5)),
        {},
        ["widerrufen", days(-5).strftime("%d.%m.%Y")],
    ),
    (
        "expired",
        lambda ctx, cid: _grant(ctx, cid, given_on=days(-400), valid_until=days(-1)),
        {},
        ["abgelaufen", days(-1).strftime("%d.%m.%Y")],
    ),
    (
        "one_category_missing",
        lambda ctx, cid: _grant(ctx, cid, categories=["identity", "contact"]),
        {},
        ["Keine gültige Einwilligung für Sozialleistungen gegenüber", "umfasst diese Daten nicht"],
    ),
    (
        "other_recipient",
        lambda ctx, cid: _grant(ctx, cid, recipient="agentur"),
        {},
        ["Jobcenter Vorderpfalz-Ludwigshafen", "keine Einwilligung erfasst"],
    ),
    (
        "consent_after_referral",
        lambda ctx, cid: _grant(ctx, cid, given_on=days(-3)),
        {"created_on": days(-4)},
        ["gilt erst ab", days(-3).strftime("%d.%m.%Y")],
    ),
]


@pytest.mark.parametrize("case, prepare, extra, words", GATE_CASES, ids=[c[0] for c in GATE_CASES])
def test_gate_refuses_through_the_service_and_writes_nothing(admin_ctx, client_id, case, prepare, extra, words):
    prepare(admin_ctx, client_id)
    with pytest.raises(PolicyRefused) as info:
        _create(admin_ctx, client_id, **extra)
    message = info.value.message("de")
    assert message.startswith("Keine gültige Einwilligung für ")
    for word in words:
        assert word in message, message
    assert info.value.exit_code == 3
    assert _count(admin_ctx, "referral") == 0 and _count(admin_ctx, "referral_event") == 0
    assert _audit(admin_ctx, "referral.create") == []


def test_covering_consent_lets_the_referral_through(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id, categories=["identity", "contact", "residence", "benefits"])
    r = _create(admin_ctx, client_id, created_on=days(-2), attachments=["Lebenslauf", " ", "Lebenslauf"])
    assert r.status == "draft" and r.consent_id == c.id and r.created_on == days(-2)
    assert r.follow_up_on == days(12)  # created_on + 14 days
    assert r.categories == ["identity", "contact", "benefits"] and r.attachments == ["Lebenslauf"]
    assert [(e.from_status, e.to_status, e.on_date, e.user) for e in r.events] == [
        (None, "draft", days(-2), admin_ctx.actor.name)
    ]
    ((entity, fields),) = _audit(admin_ctx, "referral.create")
    assert entity == r.id and "request" in fields and "categories" in fields
    # field names only, never values
    assert "Termin bei der Arbeitsvermittlung" not in json.dumps(fields)


CLI_PASSWORD = "Rheinufer-Sued-2026!"


@pytest.fixture
def cli_env(tmp_path, monkeypatch, capsys):
    vault = tmp_path / "vault"
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", CLI_PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    assert cli.main(["init", "--org-name", "AWO Ludwigshafen", "--admin", "admin"]) == 0
    for command in cli_commands():
        assert cli.main(command) == 0
    monkeypatch.setattr("sys.stdin", __import__("io").StringIO(json.dumps(client_data())))
    assert cli.main(["client", "add", "-"]) == 0
    capsys.readouterr()
    return vault


def run(capsys, args: list[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def _cli_grant(capsys, *extra: str) -> int:
    code, out, err = run(capsys, ["--json", "consent", "grant", "1", "--purpose", "Arbeit", *extra])
    assert code == 0, err
    return json.loads(out)["id"]


CLI_GATE_CASES = [
    ("no_consent", [], [], "keine Einwilligung erfasst"),
    (
        "withdrawn",
        [["--recipient", "jobcenter", "--categories", "identity,contact", "--given-on", days(-30).isoformat()]],
        ["revoke"],
        "widerrufen",
    ),
    (
        "expired",
        [
            [
                "--recipient",
                "jobcenter",
                "--categories",
                "identity,contact",
                "--given-on",
                days(-400).isoformat(),
                "--valid-until",
                days(-1).isoformat(),
            ]
        ],
        [],
        "abgelaufen",
    ),
    (
        "one_category_missing",
        [["--recipient", "jobcenter", "--categories", "identity", "--given-on", days(-30).isoformat()]],
        [],
        "Keine gültige Einwilligung für Kontaktdaten gegenüber",
    ),
    (
        "other_recipient",
        [["--recipient", "agentur", "--categories", "identity,contact", "--given-on", days(-30).isoformat()]],
        [],
        "gegenüber Jobcenter Vorderpfalz-Ludwigshafen",
    ),
    (
        "consent_after_referral",
        [["--recipient", "jobcenter", "--categories", "identity,contact", "--given-on", days(-3).isoformat()]],
        ["backdate"],
        "gilt erst ab",
    ),
]


@pytest.mark.parametrize("case, grants, steps, words", CLI_GATE_CASES, ids=[c[0] for c in CLI_GATE_CASES])
def test_gate_refuses_through_the_cli_with_exit_3(cli_env, capsys, tmp_path, case, grants, steps, words):
    ids = [_cli_grant(capsys, *g) for g in grants]
    if "revoke" in steps:
        assert run(capsys, ["consent", "revoke", str(ids[0])])[0] == 0
    args = [
        "referral",
        "create",
        "1",
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,contact",
        "--reason",
        "Termin",
        "--out",
        str(tmp_path / "sheet.pdf"),
    ]
    if "backdate" in steps:
        args += ["--date", days(-4).isoformat()]
    code, out, err = run(capsys, args)
    assert code == 3, err
    assert words in err and err.startswith("Keine gültige Einwilligung") and "Traceback" not in err
    assert out == "" and not (tmp_path / "sheet.pdf").exists()
    code, out, _ = run(capsys, ["--json", "referral", "list"])
    assert code == 0 and json.loads(out) == []


def test_cli_create_pdf_status_list(cli_env, capsys, tmp_path):
    _cli_grant(
        capsys,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,contact,benefits",
        "--given-on",
        days(-30).isoformat(),
    )
    code, out, err = run(
        capsys,
        [
            "--json",
            "referral",
            "create",
            "1",
            "--recipient",
            "jobcenter",
            "--categories",
            "identity,benefits",
            "--reason",
            "Termin bei der Arbeitsvermittlung",
            "--out",
            str(tmp_path / "a.pdf"),
            "--attachment",
            "Lebenslauf",
            "--urgency",
            "urgent",
        ],
    )
    assert code == 0, err
    created = json.loads(out)
    assert created["id"] == 1 and created["status"] == "draft" and created["urgency"] == "urgent"
    data = (tmp_path / "a.pdf").read_bytes()
    assert data.startswith(b"%PDF") and created["pdf"]["sha256"] == hashlib.sha256(data).hexdigest()
    code, out, err = run(capsys, ["referral", "status", "1", "completed"])
    assert code == 2 and "„Entwurf“ (draft)" in err and "„Abgeschlossen“ (completed)" in err
    assert "Versandt (sent)" in err  # says what is possible
    code, out, err = run(capsys, ["referral", "status", "1", "sent", "--note", "per Post"])
    assert code == 0 and "Versandt" in out
    assert run(capsys, ["referral", "status", "1", "received"])[0] == 0
    code, out, err = run(capsys, ["referral", "status", "1", "rejected"])
    assert code == 2 and "Grund" in err
    code, out, err = run(capsys, ["--json", "referral", "status", "1", "rejected", "--note", "nicht zuständig"])
    assert code == 0 and json.loads(out)["rejection_reason"] == "nicht zuständig"
    code, out, err = run(capsys, ["referral", "list", "--status", "rejected", "--recipient", "jobcenter"])
    assert code == 0 and "Abgelehnt" in out and TODAY.strftime("%d.%m.%Y") in out
    code, out, _ = run(capsys, ["--json", "referral", "list", "--overdue"])
    assert code == 0 and json.loads(out) == []  # rejected is closed: no follow-up
    code, out, err = run(capsys, ["referral", "pdf", "1", "--out", str(tmp_path / "b.pdf"), "--copies", "file"])
    assert code == 0, err
    code, out, err = run(capsys, ["referral", "pdf", "1", "--out", str(tmp_path / "no" / "b.pdf")])
    assert code == 2 and "Verzeichnis" in err
    code, out, err = run(capsys, ["referral", "pdf", "99", "--out", str(tmp_path / "c.pdf")])
    assert code == 2 and "99" in err
    code, out, err = run(capsys, ["referral", "list", "--status", "lost"])
    assert code == 2 and "lost" in err


def test_cli_if_version_refuses_a_stale_status_change_and_withdrawal(cli_env, capsys, tmp_path):
    """``--if-version N`` (issue 18): a script that read a referral or consent at version N
    writes only if nobody changed it since; otherwise exit 3 naming ``version``."""
    consent_id = _cli_grant(
        capsys, "--recipient", "jobcenter", "--categories", "identity,contact", "--given-on", days(-30).isoformat()
    )
    code, out, err = run(
        capsys,
        ["--json", "referral", "create", "1", "--recipient", "jobcenter", "--categories", "identity", "--reason", "T"],
    )
    assert code == 0, err
    assert json.loads(out)["version"] == 1
    code, out, err = run(capsys, ["--json", "referral", "status", "1", "sent", "--if-version", "1"])
    assert code == 0, err
    assert json.loads(out)["version"] == 2
    code, out, err = run(capsys, ["referral", "status", "1", "received", "--if-version", "1"])
    assert code == 3 and "Versionskonflikt (version)" in err and "Version 1, jetzt: 2" in err
    code, out, err = run(capsys, ["--json", "referral", "list"])
    assert json.loads(out)[0]["status"] == "sent"  # nothing written
    code, out, err = run(capsys, ["referral", "status", "1", "received", "--if-version", "zwei"])
    assert code == 2 and "version" in err

    code, out, err = run(
        capsys, ["--json", "consent", "revoke", str(consent_id), "--categories", "contact", "--if-version", "1"]
    )
    assert code == 0, err
    assert json.loads(out)["version"] == 2  # a partial withdrawal raises it too
    code, out, err = run(capsys, ["consent", "revoke", str(consent_id), "--if-version", "1"])
    assert code == 3 and "Die Einwilligung" in err and "version" in err
    code, out, err = run(capsys, ["--json", "consent", "list", "1"])
    assert json.loads(out)[0]["status"] == "active"


def test_cli_reprint_refused_after_withdrawal(cli_env, capsys, tmp_path):
    cid = _cli_grant(
        capsys, "--recipient", "jobcenter", "--categories", "identity,contact", "--given-on", days(-30).isoformat()
    )
    assert (
        run(
            capsys,
            [
                "referral",
                "create",
                "1",
                "--recipient",
                "jobcenter",
                "--categories",
                "identity,contact",
                "--reason",
                "Termin",
            ],
        )[0]
        == 0
    )
    assert run(capsys, ["referral", "pdf", "1", "--out", str(tmp_path / "first.pdf")])[0] == 0
    assert run(capsys, ["consent", "revoke", str(cid), "--reason", "per Brief", "--source", "letter"])[0] == 0
    code, _out, err = run(capsys, ["referral", "pdf", "1", "--out", str(tmp_path / "second.pdf")])
    assert code == 3 and "widerrufen" in err and not (tmp_path / "second.pdf").exists()


# --- no PDF bytes on disk except the chosen file ------------------------------------------------


def _snapshot(root: Path) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if not os.path.islink(os.path.join(dirpath, d))]
        for name in filenames:
            path = os.path.join(dirpath, name)
            try:
                st = os.stat(path)
            except OSError:
                continue
            out[path] = (st.st_size, st.st_mtime_ns)
    return out


def _changed(before: dict, after: dict) -> list[str]:
    return [p for p, meta in after.items() if before.get(p) != meta]


def test_pdf_bytes_appear_nowhere_but_the_chosen_path(cli_env, capsys, tmp_path):
    _cli_grant(
        capsys,
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,contact,benefits",
        "--given-on",
        days(-30).isoformat(),
    )
    temp_root = Path(tempfile.gettempdir())
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    before = _snapshot(temp_root)
    before_vault = _snapshot(cli_env)
    first, second = out_dir / "created.pdf", out_dir / "printed.pdf"
    assert (
        run(
            capsys,
            [
                "referral",
                "create",
                "1",
                "--recipient",
                "jobcenter",
                "--categories",
                "identity,contact,benefits",
                "--reason",
                "Termin",
                "--out",
                str(first),
            ],
        )[0]
        == 0
    )
    assert run(capsys, ["referral", "pdf", "1", "--out", str(second)])[0] == 0
    chunks = []
    for pdf in (first.read_bytes(), second.read_bytes()):
        assert pdf.startswith(b"%PDF")
        chunks += [pdf[len(pdf) // 3 : len(pdf) // 3 + 256], pdf[-600:-344]]
    changed = set(_changed(before, _snapshot(temp_root))) | set(_changed(before_vault, _snapshot(cli_env)))
    changed -= {str(first), str(second)}
    assert not [p for p in os.listdir(out_dir) if p not in ("created.pdf", "printed.pdf")]  # no temp files left
    for path in changed:
        try:
            data = Path(path).read_bytes()
        except OSError:
            continue
        for chunk in chunks:
            assert chunk not in data, f"PDF bytes found in {path}"
        if path.startswith(str(cli_env)):
            assert b"%PDF" not in data and b"123D456789" not in data


# --- status flow -------------------------------------------------------------------------------


@pytest.fixture
def referral(admin_ctx, client_id):
    _grant(admin_ctx, client_id, direction="mutual")
    return _create(admin_ctx, client_id, created_on=days(-20))


def test_the_whole_flow_with_events(admin_ctx, referral):
    r = referral
    path = [("sent", days(-19)), ("received", days(-15)), ("accepted", days(-10)), ("completed", days(-2))]
    for status, on in path:
        r = referrals.change_status(admin_ctx, referral_id=r.id, status=status, on=on, note=f"Schritt {status}")
        assert r.status == status and r.status_changed_on == on
    assert not r.is_open and r.next_statuses == [] and not r.follow_up_due
    got = referrals.get(admin_ctx, referral_id=r.id)
    assert [(e.from_status, e.to_status) for e in got.events] == [
        (None, "draft"),
        ("draft", "sent"),
        ("sent", "received"),
        ("received", "accepted"),
        ("accepted", "completed"),
    ]
    assert [e.note for e in got.events][1:] == [
        "Schritt sent",
        "Schritt received",
        "Schritt accepted",
        "Schritt completed",
    ]
    audits = _audit(admin_ctx, "referral.status")
    assert len(audits) == 4 and all(e == r.id for e, _f in audits)
    assert all("note" in f and "status" in f for _e, f in audits)
    assert ("referral", r.id) in [(row[0], row[1]) for row in _views(admin_ctx)]


def _views(ctx):
    with ctx.reading() as conn:
        return conn.execute(text("SELECT entity, entity_id FROM audit_event WHERE action = 'referral.view'")).fetchall()


ILLEGAL = [
    ([], "completed"),
    ([], "received"),
    ([], "draft"),
    (["sent"], "accepted"),
    (["sent"], "sent"),
    (["sent", "received"], "completed"),
    (["sent", "received", "accepted", "completed"], "withdrawn"),
    (["sent", "received", "rejected"], "completed"),
    (["withdrawn"], "sent"),
    (["withdrawn"], "draft"),
]


@pytest.mark.parametrize("before, target", ILLEGAL)
def test_illegal_transitions_are_refused_naming_both_states(admin_ctx, referral, before, target):
    for status in before:
        referrals.change_status(
            admin_ctx,
            referral_id=referral.id,
            status=status,
            reason="nicht zuständig" if status == "rejected" else None,
        )
    current = before[-1] if before else "draft"
    events = _count(admin_ctx, "referral_event")
    with pytest.raises(InvalidInput) as info:
        referrals.change_status(
            admin_ctx, referral_id=referral.id, status=target, reason="x" if target == "rejected" else None
        )
    err = info.value
    assert err.field == "status" and err.exit_code == 2
    msg = err.message("de")
    assert f"„{referrals.status_label(current)}“ ({current})" in msg
    assert f"„{referrals.status_label(target)}“ ({target})" in msg
    assert ("endgültig" in msg) == (current in referrals.FINAL_STATUSES)
    assert f"({target})" in err.message("en")
    assert _count(admin_ctx, "referral_event") == events
    assert referrals.get(admin_ctx, referral_id=referral.id).status == current


@pytest.mark.parametrize("start", [[], ["sent"], ["sent", "received"], ["sent", "received", "accepted"]])
def test_withdrawn_from_every_open_state(admin_ctx, referral, start):
    for status in start:
        referrals.change_status(admin_ctx, referral_id=referral.id, status=status)
    r = referrals.change_status(admin_ctx, referral_id=referral.id, status="withdrawn", note="Person verzogen")
    assert r.status == "withdrawn" and not r.is_open


def test_rejection_needs_a_reason(admin_ctx, referral):
    referrals.change_status(admin_ctx, referral_id=referral.id, status="sent")
    referrals.change_status(admin_ctx, referral_id=referral.id, status="received")
    with pytest.raises(InvalidInput) as info:
        referrals.change_status(admin_ctx, referral_id=referral.id, status="rejected", note="nur eine Notiz")
    assert info.value.field == "reason" and "Grund" in info.value.message("de")
    with pytest.raises(InvalidInput):
        referrals.change_status(admin_ctx, referral_id=referral.id, status="rejected", reason="   ")
    r = referrals.change_status(admin_ctx, referral_id=referral.id, status="rejected", reason="Nicht zuständig")
    assert r.rejection_reason == "Nicht zuständig" and r.events[-1].note == "Nicht zuständig"


def test_status_dates_are_checked(admin_ctx, referral):
    with pytest.raises(InvalidInput) as info:
        referrals.change_status(admin_ctx, referral_id=referral.id, status="sent", on=days(-21))
    assert info.value.field == "changed_on"
    with pytest.raises(InvalidInput) as info:
        referrals.change_status(admin_ctx, referral_id=referral.id, status="sent", on=days(3))
    assert info.value.field == "changed_on" and info.value.code == "input.date_future"
    referrals.change_status(admin_ctx, referral_id=referral.id, status="sent", on=days(-10))
    with pytest.raises(InvalidInput):  # not before the last change
        referrals.change_status(admin_ctx, referral_id=referral.id, status="received", on=days(-12))
    with pytest.raises(NotFound):
        referrals.change_status(admin_ctx, referral_id=9999, status="sent")
    with pytest.raises(InvalidInput) as info:
        referrals.change_status(admin_ctx, referral_id=referral.id, status="lost")
    assert info.value.field == "status"


def test_sending_rechecks_the_consent(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id)
    r = _create(admin_ctx, client_id, created_on=days(-20))
    consent.revoke(admin_ctx, consent_id=c.id, on=days(-1))
    with pytest.raises(PolicyRefused) as info:
        referrals.change_status(admin_ctx, referral_id=r.id, status="sent")
    assert "widerrufen" in info.value.message("de")
    # sent before the withdrawal (backdated) is fine, and withdrawing the referral always is
    assert referrals.change_status(admin_ctx, referral_id=r.id, status="sent", on=days(-5)).status == "sent"
    assert referrals.change_status(admin_ctx, referral_id=r.id, status="withdrawn").status == "withdrawn"


def test_feedback(admin_ctx, referral):
    with pytest.raises(InvalidInput) as info:
        referrals.record_feedback(
            admin_ctx,
            referral_id=referral.id,
            received_on=TODAY,
            from_="Frau Klein",
            outcome="Termin am Montag",
            next_steps=None,
        )
    assert "versandt" in info.value.message("de").lower()
    referrals.change_status(admin_ctx, referral_id=referral.id, status="sent", on=days(-18))
    with pytest.raises(InvalidInput) as info:
        referrals.record_feedback(
            admin_ctx,
            referral_id=referral.id,
            received_on=days(-30),
            from_="Frau Klein",
            outcome="Termin",
            next_steps=None,
        )
    assert info.value.field == "received_on"
    with pytest.raises(InvalidInput) as info:
        referrals.record_feedback(
            admin_ctx, referral_id=referral.id, received_on=TODAY, from_="Frau Klein", outcome="  ", next_steps=None
        )
    assert info.value.field == "outcome"
    r = referrals.record_feedback(
        admin_ctx,
        referral_id=referral.id,
        received_on=days(-3),
        from_="Frau Klein, Team Integration",
        outcome="Termin am 02.12. vereinbart",
        next_steps="Unterlagen mitbringen",
    )
    assert (r.feedback_received_on, r.feedback_from, r.feedback_next_steps) == (
        days(-3),
        "Frau Klein, Team Integration",
        "Unterlagen mitbringen",
    )
    assert r.status == "sent"  # status changes are separate
    ((_e, fields),) = _audit(admin_ctx, "referral.feedback")
    assert "feedback_outcome" in fields and "Termin" not in json.dumps(fields)


def test_feedback_is_refused_under_a_one_way_consent(admin_ctx, client_id):
    _grant(admin_ctx, client_id)  # one_way is the default
    r = _create(admin_ctx, client_id, created_on=days(-20))
    referrals.change_status(admin_ctx, referral_id=r.id, status="sent", on=days(-18))
    with pytest.raises(PolicyRefused) as info:
        referrals.record_feedback(
            admin_ctx, referral_id=r.id, received_on=days(-3), from_="Frau Klein", outcome="Termin vereinbart"
        )
    assert info.value.exit_code == 3 and "eine Richtung" in info.value.message("de")
    assert referrals.get(admin_ctx, referral_id=r.id).feedback_outcome is None
    assert _audit(admin_ctx, "referral.feedback") == []


def test_cli_feedback_refused_one_way_exit_3(cli_env, capsys):
    _cli_grant(
        capsys, "--categories", "identity,contact", "--recipient", "jobcenter", "--given-on", days(-30).isoformat()
    )
    code, out, err = run(
        capsys,
        [
            "--json",
            "referral",
            "create",
            "1",
            "--recipient",
            "jobcenter",
            "--categories",
            "identity,contact",
            "--reason",
            "Termin",
            "--date",
            days(-20).isoformat(),
        ],
    )
    assert code == 0, err
    rid = json.loads(out)["id"]
    assert run(capsys, ["referral", "status", str(rid), "sent", "--on", days(-19).isoformat()])[0] == 0
    code, _out, err = run(
        capsys,
        [
            "referral",
            "feedback",
            str(rid),
            "--received-on",
            days(-2).isoformat(),
            "--from",
            "Frau Klein",
            "--outcome",
            "Termin",
        ],
    )
    assert code == 3 and "eine Richtung" in err


# --- purposes --------------------------------------------------------------------------------------


def test_purpose_gate(admin_ctx, client_id):
    k = _grant(admin_ctx, client_id, purpose="job_placement,recognition")
    assert (k.purposes, k.purpose) == (
        ["job_placement", "recognition"],
        "Vermittlung in Arbeit oder Ausbildung; Anerkennung ausländischer Berufs- und Studienabschlüsse",
    )
    with pytest.raises(InvalidInput) as info:  # two purposes: the referral must name one
        _create(admin_ctx, client_id)
    assert info.value.field == "purpose"
    with pytest.raises(PolicyRefused) as refused:  # a purpose the consent does not list
        _create(admin_ctx, client_id, purpose="benefits_sgb2")
    assert refused.value.exit_code == 3 and "benefits_sgb2" in refused.value.message("de")
    with pytest.raises(InvalidInput):
        _create(admin_ctx, client_id, purpose="holidays")
    r = _create(admin_ctx, client_id, purpose="recognition")
    assert r.purpose == "recognition"
    whole = referrals.preview_sheet(admin_ctx, referral_id=r.id, as_text=True)
    assert "Zweck: Anerkennung ausländischer Berufs- und Studienabschlüsse" in whole


@pytest.mark.parametrize(
    "purpose, field_or_keys",
    [
        ("residence_permit", "purpose"),  # not offered for a Jobcenter
        ("other", "purpose"),  # other needs words
        ("job_placement,job_placement", "purpose"),
        ("job_placement,other:Wohnungssuche", ["job_placement", "other"]),
        ("Vermittlung in Arbeit", ["other"]),  # free wording of earlier releases
        # the consent dialog's proposal: the German wording of catalogue purposes records their keys
        (
            "Vermittlung in Arbeit oder Ausbildung; Beratung zu und Bezug von Bürgergeld nach dem SGB II",
            ["job_placement", "benefits_sgb2"],
        ),
    ],
)
def test_consent_purposes_are_keys_per_recipient(admin_ctx, client_id, purpose, field_or_keys):
    if isinstance(field_or_keys, str):
        with pytest.raises(InvalidInput) as info:
            _grant(admin_ctx, client_id, purpose=purpose)
        assert info.value.field == field_or_keys
    else:
        assert _grant(admin_ctx, client_id, purpose=purpose).purposes == field_or_keys


def test_single_purpose_is_the_default(admin_ctx, client_id):
    _grant(admin_ctx, client_id, purpose="benefits_sgb2")
    assert _create(admin_ctx, client_id).purpose == "benefits_sgb2"


# --- validation ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "override, field",
    [
        ({"categories": ["contact", "benefits"]}, "categories"),
        ({"categories": []}, "categories"),
        ({"categories": ["identity", "hobbies"]}, "categories"),
        ({"request": "   "}, "request"),
        ({"request": "x" * 2001}, "request"),
        ({"request": "Termin\x1b"}, "request"),
        ({"recipient": "bundesamt"}, "recipient"),
        ({"urgency": "sofort"}, "urgency"),
        ({"created_on": days(1)}, "created_on"),
        ({"deadline": days(-1)}, "deadline"),
        ({"follow_up_on": days(-1)}, "follow_up_on"),
        ({"attachments": ["x" * 201]}, "attachments"),
        ({"attachments": [f"Anlage {i}" for i in range(21)]}, "attachments"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(admin_ctx, client_id, override, field):
    _grant(admin_ctx, client_id)
    with pytest.raises(InvalidInput) as info:
        _create(admin_ctx, client_id, **override)
    assert info.value.field == field and info.value.exit_code == 2
    assert _count(admin_ctx, "referral") == 0


def test_other_scripts_and_formula_like_text_are_kept_verbatim(admin_ctx, client_id):
    _grant(admin_ctx, client_id)
    r = _create(
        admin_ctx, client_id, request='=HYPERLINK("http://x") طلب موعد – Запись İı', attachments=["Kopie Пасспорт"]
    )
    assert r.request == '=HYPERLINK("http://x") طلب موعد – Запись İı'
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id)
    assert pdf.startswith(b"%PDF")


# --- visibility, follow-ups ---------------------------------------------------------------------


def _counsellor(ctx, name: str) -> ServiceContext:
    ctx.vault.kdf = KdfParams.fast_for_tests()
    users.add_user(ctx, name=name, role="counsellor", password="Rheinufer-Sonnenblume-42", display_name=name.title())
    return ServiceContext.sign_in(ctx.vault, name)


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_counsellors_see_their_own_clients_referrals_leads_all(admin_ctx):
    berta, carl = _counsellor(admin_ctx, "berta"), _counsellor(admin_ctx, "carl")
    ids = {}
    for ctx, family in ((berta, "Berta-Klientin"), (carl, "Carl-Klient")):
        cid = clients.create_client(ctx, data=client_data(family_name=family)).id
        _grant(ctx, cid)
        ids[family] = _create(ctx, cid, created_on=days(-30)).id
    assert [r.id for r in referrals.list_referrals(berta)] == [ids["Berta-Klientin"]]
    assert [r.id for r in referrals.list_referrals(carl)] == [ids["Carl-Klient"]]
    assert {r.id for r in referrals.list_referrals(admin_ctx)} == set(ids.values())  # admin is also lead
    assert [r.id for r in referrals.list_referrals(admin_ctx, counsellor="carl")] == [ids["Carl-Klient"]]
    with pytest.raises(PolicyRefused):
        referrals.get(berta, referral_id=ids["Carl-Klient"])
    with pytest.raises(PolicyRefused):
        referrals.render_sheet(berta, referral_id=ids["Carl-Klient"])
    with pytest.raises(PolicyRefused):
        referrals.change_status(berta, referral_id=ids["Carl-Klient"], status="sent")
    with pytest.raises(PolicyRefused):
        referrals.list_referrals(berta, client_id=referrals.get(carl, referral_id=ids["Carl-Klient"]).client_id)
    # due follow-ups: both overdue (created 30 days ago, follow-up after 14 days)
    assert [r.subject_id for r in referrals.due_follow_ups(berta)] == [ids["Berta-Klientin"]]
    assert len(referrals.due_follow_ups(admin_ctx)) == 2


def test_follow_ups_and_filters(admin_ctx, client_id):
    _grant(admin_ctx, client_id, given_on=days(-200))
    due = _create(admin_ctx, client_id, created_on=days(-20))
    later = _create(admin_ctx, client_id, created_on=days(-5))
    closed = _create(admin_ctx, client_id, created_on=days(-60))
    explicit = _create(admin_ctx, client_id, created_on=days(-3), follow_up_on=TODAY)
    referrals.change_status(admin_ctx, referral_id=closed.id, status="withdrawn", on=days(-50))
    assert [r.subject_id for r in referrals.due_follow_ups(admin_ctx)] == [due.id, explicit.id]
    assert [r.subject_id for r in referrals.due_follow_ups(admin_ctx, on=days(10))] == [due.id, explicit.id, later.id]
    assert {r.id for r in referrals.list_referrals(admin_ctx, overdue_only=True)} == {due.id, explicit.id}
    assert [r.id for r in referrals.list_referrals(admin_ctx, status="withdrawn")] == [closed.id]
    assert {r.id for r in referrals.list_referrals(admin_ctx, status="open")} == {due.id, later.id, explicit.id}
    assert referrals.list_referrals(admin_ctx, recipient="agentur") == []
    assert [r.id for r in referrals.list_referrals(admin_ctx, client_id=client_id)] == [
        explicit.id,
        later.id,
        due.id,
        closed.id,
    ]  # newest first
    r = referrals.change_status(admin_ctx, referral_id=due.id, status="sent", follow_up_on=days(7))
    assert r.follow_up_on == days(7) and not r.follow_up_due
    with pytest.raises(NotFound):
        referrals.list_referrals(admin_ctx, recipient="nirgendwo")


# --- printing ---------------------------------------------------------------------------------------


def test_printing_records_the_fingerprint_and_reprint_is_refused_after_withdrawal(admin_ctx, client_id):
    c = _grant(admin_ctx, client_id)
    r = _create(admin_ctx, client_id, created_on=days(-10))
    pdf = referrals.render_sheet(admin_ctx, referral_id=r.id)
    with admin_ctx.reading() as conn:
        docs = conn.execute(
            text("SELECT kind, subject_id, client_id, sha256, template_id, generated_by FROM generated_document")
        ).fetchall()
    assert [tuple(d) for d in docs] == [
        ("referral_sheet", r.id, client_id, hashlib.sha256(pdf).hexdigest(), "referral-sheet", 1)
    ]
    ((entity, fields),) = _audit(admin_ctx, "referral.printed")
    assert entity == r.id and "generated_document" in fields
    # preview: same gate, no fingerprint
    assert referrals.preview_sheet(admin_ctx, referral_id=r.id).startswith(b"%PDF")
    assert _count(admin_ctx, "generated_document") == 1 and len(_audit(admin_ctx, "referral.previewed")) == 1
    consent.revoke(admin_ctx, consent_id=c.id, reason="per Telefon", source="phone")
    for fn in (referrals.render_sheet, referrals.preview_sheet):
        with pytest.raises(PolicyRefused) as info:
            fn(admin_ctx, referral_id=r.id)
        assert "widerrufen" in info.value.message("de")
    assert _count(admin_ctx, "generated_document") == 1


def test_the_clients_list_marks_what_can_no_longer_be_printed_with_the_gates_reason(admin_ctx, client_id):
    k = _grant(admin_ctx, client_id, purpose="job_placement,benefits_sgb2")
    fine = _create(admin_ctx, client_id, purpose="job_placement", categories=["identity"])
    data = _create(admin_ctx, client_id, purpose="job_placement", categories=["identity", "benefits"])
    purpose = _create(admin_ctx, client_id, purpose="benefits_sgb2", categories=["identity"])
    done = _create(admin_ctx, client_id, purpose="benefits_sgb2", categories=["identity"])
    referrals.change_status(admin_ctx, referral_id=done.id, status="withdrawn")
    assert all(r.print_block is None for r in referrals.list_referrals(admin_ctx, client_id=client_id))
    consent.revoke(admin_ctx, consent_id=k.id, categories=["benefits"], purposes=["benefits_sgb2"])
    rows = {r.id: r for r in referrals.list_referrals(admin_ctx, client_id=client_id)}
    assert rows[fine.id].print_block is None
    assert rows[data.id].print_block == "consent.coverage.partly_withdrawn"
    assert rows[purpose.id].print_block == "purpose.withdrawn"
    assert rows[done.id].print_block is None  # not open: nothing to print
    # the mark says what printing says
    for r in (rows[data.id], rows[purpose.id]):
        with pytest.raises(PolicyRefused) as info:
            referrals.preview_sheet(admin_ctx, referral_id=r.id)
        assert info.value.code == r.print_block
        assert PolicyRefused(r.print_block, **r.print_block_params).message("de") == info.value.message("de")
    assert referrals.preview_sheet(admin_ctx, referral_id=fine.id).startswith(b"%PDF")
    # lists across clients are not checked one by one
    assert all(r.print_block is None for r in referrals.list_referrals(admin_ctx))


def test_reprint_refused_once_the_consent_expired(admin_ctx, client_id):
    _grant(admin_ctx, client_id, given_on=days(-400), valid_until=days(-1))
    r = _create(admin_ctx, client_id, created_on=days(-30))  # covered then
    with pytest.raises(PolicyRefused) as info:
        referrals.render_sheet(admin_ctx, referral_id=r.id)
    assert "abgelaufen" in info.value.message("de")


def test_withdrawn_referral_is_not_printed_and_copies_are_checked(admin_ctx, referral):
    with pytest.raises(InvalidInput) as info:
        referrals.render_sheet(admin_ctx, referral_id=referral.id, copies=["recipient", "neighbour"])
    assert info.value.field == "copies"
    referrals.change_status(admin_ctx, referral_id=referral.id, status="withdrawn")
    with pytest.raises(PolicyRefused):
        referrals.render_sheet(admin_ctx, referral_id=referral.id)


def test_suggested_filename_has_no_name(admin_ctx, referral):
    name = referrals.suggested_filename(admin_ctx, referral_id=referral.id, date=dt.date(2026, 3, 12))
    assert name == f"{referral.case_number}_Ueberleitung-{referral.id}_2026-03-12.pdf"
    assert "Yılmaz" not in name and "Yilmaz" not in name


def test_category_coverage_for_the_create_dialog(admin_ctx, client_id):
    _grant(admin_ctx, client_id, categories=["identity", "contact"])
    cov = referrals.category_coverage(admin_ctx, client_id=client_id, recipient="jobcenter")
    assert {k for k, c in cov.items() if c.covered} == {"identity", "contact"}
    assert "Sozialleistungen" in cov["benefits"].message("de")


# --- demo data -----------------------------------------------------------------------------------


@pytest.mark.vault_only(reason="the demo fills a desk vault")
def test_demo_referrals_cover_every_state_and_are_covered(admin_ctx):
    import random

    from referral_desk.core.services import demo
    from referral_desk.core.services.demo_consents import add_demo_consents
    from referral_desk.core.services.demo_referrals import add_demo_referrals

    demo.generate(admin_ctx, clients=400, seed=4)  # may already add referrals (the lead wires them in)
    before = _count(admin_ctx, "referral")
    with admin_ctx.transaction() as uow:
        rows = [
            dict(r._mapping)
            for r in uow.conn.execute(
                text(
                    "SELECT id, opened_on, closed_on, preferred_language, interpreter_needed, counsellor_id FROM client"
                )
            )
        ]
        rng = random.Random(4)
        assert add_demo_consents(uow, rng, rows) > 0
        n = add_demo_referrals(uow, rng, share=0.8, client_ids=[r["id"] for r in rows])
    assert n > 100
    rows = referrals.list_referrals(admin_ctx)
    assert len(rows) == before + n
    assert {r.status for r in rows} == set(referrals.STATUSES)
    assert any(r.follow_up_due for r in rows)
    for r in rows:
        assert consent.coverage(
            admin_ctx, client_id=r.client_id, recipient=r.recipient, categories=r.categories, on=r.created_on
        ).covered
    full = referrals.get(admin_ctx, referral_id=next(r.id for r in rows if r.status == "completed"))
    assert [e.to_status for e in full.events] == ["draft", "sent", "received", "accepted", "completed"]
    assert admin_ctx.vault.verify()
