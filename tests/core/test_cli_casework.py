"""Case work on the command line: the issue's walk-through (a JMD case with a plan of three
goals, a contact with two family members, a group session, a signposting, a residence
title expiring next month in the reminders, the printed plan) and bad input → exit 2."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess

import pytest
from sqlalchemy import text

from referral_desk.core.vault import Vault
from tests.core.test_cli import PASSWORD, run

TODAY = dt.date.today()


def _next_month_day() -> dt.date:
    first = (TODAY.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return first + dt.timedelta(days=9)


@pytest.fixture
def jmd_vault(tmp_path, monkeypatch):
    vault = tmp_path / "vault"
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    # Set up with the fast KDF (the slot keeps its parameters, so every command unlocks fast);
    # `init` itself is covered by tests/core/test_cli.py.
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services import setup

    ctx, _ = setup.initialise(
        vault,
        org_name="Caritasverband Ludwigshafen",
        admin="admin",
        password=PASSWORD,
        service="jmd",
        legal_regime="kdg",
        kdf=KdfParams.fast_for_tests(),
    )
    ctx.vault.close()
    return vault


def _counts(vault) -> dict[str, int]:
    with Vault.unlock(vault, user="admin", password=PASSWORD) as v, v.read() as conn:
        counts = {
            t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar()
            for t in (
                "client",
                "contact",
                "support_goal",
                "support_step",
                "support_review",
                "group_session",
                "signposting",
            )
        }
        # Every command signs in (audited as session.*); anything else would be a write.
        counts["audit_event"] = conn.execute(
            text("SELECT count(*) FROM audit_event WHERE action NOT LIKE 'session.%' AND action NOT LIKE 'vault.%'")
        ).scalar()
        return counts


def test_walk_through_jmd_case_on_the_command_line(jmd_vault, capsys, monkeypatch, tmp_path):
    expires = _next_month_day()
    person = {
        "family_name": "Haddad",
        "given_names": "Rami",
        "gender": "male",
        "nationalities": ["SY"],
        "birth_date": (TODAY - dt.timedelta(days=19 * 365 + 40)).isoformat(),
        "preferred_language": "ar",
        "residence_status": "aufenthaltserlaubnis_humanitaer",
        "residence_valid_until": expires.isoformat(),
        "german_level": "A2",
        "access_route": "school",
    }
    code, out, err = run(capsys, ["--json", "client", "add", "-"], stdin=json.dumps(person), monkeypatch=monkeypatch)
    assert code == 0, err
    client = json.loads(out)
    assert client["service"] == "jmd" and client["access_route"] == "school"
    cid = str(client["id"])
    goals = []
    for area, goal in (
        ("language", "Deutsch B1 bis zum Sommer"),
        ("education", "Ausbildungsplatz als Elektroniker"),
        ("residence", "Aufenthaltserlaubnis verlängern"),
    ):
        code, out, err = run(
            capsys,
            [
                "--json",
                "plan",
                "add",
                cid,
                "--area",
                area,
                "--goal",
                goal,
                "--due",
                (TODAY + dt.timedelta(days=200)).isoformat(),
            ],
        )
        assert code == 0, err
        goals.append(json.loads(out)["id"])
    code, out, err = run(
        capsys,
        [
            "plan",
            "step",
            str(goals[2]),
            "--text",
            "Termin bei der Ausländerbehörde",
            "--due",
            (TODAY + dt.timedelta(days=14)).isoformat(),
            "--who",
            "together",
        ],
    )
    assert code == 0 and "Schritt" in out, err
    code, out, err = run(capsys, ["plan", "review", str(goals[1]), "--outcome", "partly", "--note", "2 Bewerbungen"])
    assert code == 0, err
    code, out, err = run(
        capsys,
        [
            "--json",
            "contact",
            "add",
            cid,
            "--date",
            TODAY.isoformat(),
            "--minutes",
            "60",
            "--topics",
            "education,residence",
            "--with-family",
            "2",
            "--language",
            "ar",
            "--interpreter",
        ],
    )
    assert code == 0, err
    contact = json.loads(out)
    assert (contact["with_family"], contact["language"], contact["interpreter"]) == (2, "ar", True)
    code, out, err = run(
        capsys,
        [
            "--json",
            "group",
            "add",
            "--date",
            TODAY.isoformat(),
            "--minutes",
            "90",
            "--topic",
            "education",
            "--participants",
            "11",
            "--clients",
            cid,
        ],
    )
    assert code == 0, err
    assert json.loads(out)["service"] == "jmd" and json.loads(out)["client_ids"] == [int(cid)]
    code, out, err = run(
        capsys,
        [
            "signpost",
            "add",
            cid,
            "--to",
            "Jugendberufsagentur Ludwigshafen",
            "--date",
            TODAY.isoformat(),
            "--topic",
            "education",
        ],
    )
    assert code == 0 and "Verweisberatung" in out, err
    code, out, err = run(capsys, ["--json", "reminders"])
    assert code == 0, err
    items = json.loads(out)
    assert {(r["kind"], r["client_id"], r["due_on"]) for r in items} >= {
        ("residence_expiry", int(cid), expires.isoformat())
    }
    assert any(r["kind"] == "plan_step" for r in items)
    code, out, err = run(capsys, ["reminders", "--days", "60"])
    assert code == 0 and "Aufenthalt läuft ab" in out and "Haddad" in out
    code, out, err = run(capsys, ["plan", "show", cid])
    assert code == 0 and "Ausbildungsplatz" in out and "Teilweise erreicht" in out
    pdf_path = tmp_path / "2026_Foerderplan.pdf"
    code, out, err = run(capsys, ["--json", "plan", "pdf", cid, "--out", str(pdf_path)])
    assert code == 0, err
    assert pdf_path.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        content = subprocess.run(["pdftotext", str(pdf_path), "-"], capture_output=True, text=True).stdout
        assert "Integrationsförderplan" in content
        assert "Deutsch B1 bis zum Sommer" in content and "Unterschrift Klient*in" in content
        assert "Aufenthaltserlaubnis verlängern" in content


@pytest.mark.parametrize(
    "args, field",
    [
        (["plan", "review", "{goal}", "--outcome", "achieved", "--on", "2020-01-01"], "on_date"),
        (["plan", "step", "{goal}", "--text", "Zu früh", "--due", "2020-01-01"], "due_on"),
        (["plan", "add", "{client}", "--area", "space", "--goal", "x"], "area"),
        (["plan", "review", "{goal}", "--outcome", "perfect"], "outcome"),
        (
            [
                "contact",
                "add",
                "{client}",
                "--date",
                TODAY.isoformat(),
                "--minutes",
                "30",
                "--topics",
                "work",
                "--with-family",
                "-1",
            ],
            "with_family",
        ),
        (
            [
                "contact",
                "add",
                "{client}",
                "--date",
                TODAY.isoformat(),
                "--minutes",
                "30",
                "--topics",
                "work",
                "--with-family",
                "21",
            ],
            "with_family",
        ),
        (
            ["group", "add", "--date", TODAY.isoformat(), "--minutes", "60", "--topic", "work", "--participants", "0"],
            "participants",
        ),
        (
            [
                "signpost",
                "add",
                "{client}",
                "--to",
                "Mieterverein",
                "--date",
                (TODAY + dt.timedelta(days=2)).isoformat(),
            ],
            "date",
        ),
        (["reminders", "--days", "x"], "days"),
    ],
)
def test_bad_input_exits_2_naming_the_field_and_writes_nothing(jmd_vault, capsys, monkeypatch, args, field):
    person = {"family_name": "Nowak", "given_names": "Ola", "birth_date": "2006-05-05", "nationalities": ["PL"]}
    code, out, err = run(capsys, ["--json", "client", "add", "-"], stdin=json.dumps(person), monkeypatch=monkeypatch)
    cid = json.loads(out)["id"]
    code, out, err = run(capsys, ["--json", "plan", "add", str(cid), "--area", "work", "--goal", "Praktikum"])
    goal = json.loads(out)["id"]
    before = _counts(jmd_vault)
    code, out, err = run(capsys, [a.format(goal=goal, client=cid) for a in args])
    assert code == 2, (out, err)
    assert f"({field})" in err
    assert _counts(jmd_vault) == before


def test_access_route_outside_the_catalogue_exits_2(jmd_vault, capsys, monkeypatch):
    person = {"family_name": "Nowak", "given_names": "Ola", "birth_date": "2006-05-05", "access_route": "radio"}
    code, _out, err = run(capsys, ["client", "add", "-"], stdin=json.dumps(person), monkeypatch=monkeypatch)
    assert code == 2 and "Zugangsweg (access_route)" in err
    code, _out, err = run(
        capsys, ["--lang", "en", "client", "add", "-"], stdin=json.dumps(person), monkeypatch=monkeypatch
    )
    assert code == 2 and "Access route (access_route)" in err
    assert _counts(jmd_vault)["client"] == 0
