"""The command-line contract (DESIGN.md §3–4): exit codes, --json, German messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from referral_desk import cli
from referral_desk.core.vault import DB_FILE

PASSWORD = "Rheinufer-Sued-2026!"
SCRIPT = Path(sys.executable).with_name("referral-desk")


def run_installed(
    args: list[str], vault: Path, *, stdin: str | None = None, env: dict | None = None, password: str = PASSWORD
) -> subprocess.CompletedProcess:
    """Run the installed console script, as a counsellor's shell would."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_DESK_")}
    full_env.update(
        {"REFERRAL_DESK_VAULT": str(vault), "REFERRAL_DESK_PASSWORD": password, "REFERRAL_DESK_USER": "admin"}
    )
    full_env.update(env or {})
    return subprocess.run([str(SCRIPT), *args], input=stdin, capture_output=True, text=True, env=full_env, timeout=120)


@pytest.mark.slow
def test_end_to_end_with_the_installed_command(tmp_path):
    assert SCRIPT.exists(), "the console script must be installed (pip install -e .)"
    vault = tmp_path / "vault"
    r = run_installed(
        ["--json", "init", "--org-name", "Diakonisches Werk Pfalz", "--admin", "admin", "--legal-regime", "dsg-ekd"],
        vault,
    )
    assert r.returncode == 0, r.stderr
    init = json.loads(r.stdout)
    assert len(init["recovery_key"].split("-")) == 13
    client = {
        "family_name": "Şahin",
        "given_names": "Zeynep",
        "birth_date": "1992-04-17",
        "gender": "female",
        "nationalities": ["TR"],
        "preferred_language": "tr",
        "residence_status": "aufenthaltserlaubnis_familie",
    }
    r = run_installed(["--json", "client", "add", "-"], vault, stdin=json.dumps(client))
    assert r.returncode == 0, r.stderr
    created = json.loads(r.stdout)
    assert created["case_number"].endswith("-00001") and created["id"] == 1
    r = run_installed(["--json", "client", "find", "Sahin"], vault)
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert [(f["id"], f["family_name"], f["birth_date"]) for f in found] == [(1, "Şahin", "1992-04-17")]
    assert set(found[0]) == {"id", "case_number", "family_name", "given_names", "birth_date"}
    r = run_installed(
        [
            "--json",
            "contact",
            "add",
            "1",
            "--date",
            "2026-10-05",
            "--minutes",
            "45",
            "--topics",
            "work,benefits",
            "--mode",
            "phone",
            "--interpreter",
        ],
        vault,
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["topics"] == ["work", "benefits"]
    r = run_installed(["verify"], vault)
    assert r.returncode == 0, r.stderr
    assert "Prüfung bestanden" in r.stdout
    # duplicate → exit 3 naming the existing case number, then allowed explicitly
    r = run_installed(["client", "add", "-"], vault, stdin=json.dumps(client))
    assert r.returncode == 3 and created["case_number"] in r.stderr
    r = run_installed(["client", "add", "--allow-duplicate", "-"], vault, stdin=json.dumps(client))
    assert r.returncode == 0, r.stderr
    # wrong password → exit 4, no traceback
    r = run_installed(["client", "find", "Sahin"], vault, password="falsch-falsch-falsch")
    assert r.returncode == 4 and "Traceback" not in r.stderr
    assert "Anmeldung fehlgeschlagen" in r.stderr
    # --lang en
    r = run_installed(["--lang", "en", "client", "find", "Sahin"], vault, password="wrong-wrong-wrong")
    assert "Sign-in failed" in r.stderr
    # python -m referral_desk is the same program
    r = subprocess.run([sys.executable, "-m", "referral_desk", "--help"], capture_output=True, text=True)
    assert r.returncode == 0 and "client" in r.stdout


# --- in-process: the same main(), faster, for the error matrix ------------------------


@pytest.fixture
def cli_vault(tmp_path, monkeypatch):
    vault = tmp_path / "vault"
    for key in list(os.environ):
        if key.startswith("REFERRAL_DESK_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(vault))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_USER", "admin")
    assert cli.main(["init", "--org-name", "AWO Ludwigshafen", "--admin", "admin"]) == 0
    return vault


def run(capsys, args: list[str], stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        import io

        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


GOOD = {"family_name": "Popescu", "given_names": "Ioana", "birth_date": "1988-11-02", "nationalities": ["RO"]}


@pytest.mark.parametrize(
    "override, field",
    [
        ({"birth_date": "2999-01-01"}, "birth_date"),
        ({"birth_date": "1850-01-01"}, "birth_date"),
        ({"family_name": ""}, "family_name"),
        ({"given_names": "   "}, "given_names"),
        ({"family_name": "P" * 10_000}, "family_name"),
        ({"family_name": "Pope\x1bscu"}, "family_name"),
        ({"nationalities": ["ZZ"]}, "nationalities"),
        ({"preferred_language": "rum"}, "preferred_language"),
        ({"email": "ioana.example.org"}, "email"),
        ({"hobby": "chess"}, "hobby"),
    ],
)
def test_bad_client_input_exits_2_naming_the_field(cli_vault, capsys, monkeypatch, override, field):
    code, out, err = run(capsys, ["client", "add", "-"], json.dumps({**GOOD, **override}), monkeypatch)
    assert code == 2, err
    assert field in err and "Traceback" not in err
    assert out == ""
    code, out, _ = run(capsys, ["--json", "client", "find", "Popescu"])
    assert code == 0 and json.loads(out) == []


def test_malformed_json_and_wrong_shape(cli_vault, capsys, monkeypatch):
    code, _, err = run(capsys, ["client", "add", "-"], '{"family_name": "Pop', monkeypatch)
    assert code == 2 and "kein gültiges JSON" in err
    code, _, err = run(capsys, ["client", "add", "-"], '"just a string"', monkeypatch)
    assert code == 2
    code, _, err = run(capsys, ["client", "add", "-"], '{"family_name": NaN}', monkeypatch)
    assert code == 2


def test_list_input_is_all_or_nothing(cli_vault, capsys, monkeypatch):
    items = [GOOD, {**GOOD, "given_names": "Elena"}, {**GOOD, "birth_date": "tomorrow"}]
    code, _, err = run(capsys, ["client", "add", "-"], json.dumps(items), monkeypatch)
    assert code == 2 and "Eintrag 3" in err and "birth_date" in err
    code, out, _ = run(capsys, ["--json", "client", "add", "-"], json.dumps(items[:2]), monkeypatch)
    assert code == 0 and [c["given_names"] for c in json.loads(out)] == ["Ioana", "Elena"]


def test_get_update_find_and_contact(cli_vault, capsys, monkeypatch, tmp_path):
    code, out, _ = run(capsys, ["--json", "client", "add", "-"], json.dumps(GOOD), monkeypatch)
    cid = json.loads(out)["id"]
    patch = tmp_path / "patch.json"
    patch.write_text(json.dumps({"german_level": "B1", "address": {"city": "Ludwigshafen am Rhein"}}))
    code, out, err = run(capsys, ["--json", "client", "update", str(cid), str(patch)])
    assert code == 0, err
    assert json.loads(out)["german_level"] == "B1"
    code, out, _ = run(capsys, ["client", "get", str(cid)])
    assert code == 0 and "Popescu" in out and "Fallnummer" in out
    code, _, err = run(capsys, ["client", "get", "999"])
    assert code == 2 and "999" in err
    code, _, err = run(capsys, ["client", "get", "abc"])
    assert code == 2
    code, _, err = run(
        capsys, ["contact", "add", str(cid), "--date", "2999-01-01", "--minutes", "30", "--topics", "work"]
    )
    assert code == 2 and "date" in err
    code, _, err = run(
        capsys, ["contact", "add", str(cid), "--date", "2026-01-05", "--minutes", "30", "--topics", "astrology"]
    )
    assert code == 2 and "topics" in err
    code, _, err = run(
        capsys, ["contact", "add", str(cid), "--date", "2026-01-05", "--minutes", "0", "--topics", "work"]
    )
    assert code == 2 and "minutes" in err


def test_usage_errors_exit_2(cli_vault, capsys):
    code, _, _ = run(capsys, ["client", "frobnicate"])
    assert code == 2
    code, _, _ = run(capsys, ["contact", "add", "1", "--date", "2026-01-01"])
    assert code == 2


def test_missing_user_and_password(cli_vault, capsys, monkeypatch):
    monkeypatch.delenv("REFERRAL_DESK_USER")
    code, _, err = run(capsys, ["client", "find", "x"])
    assert code == 2 and "--user" in err
    monkeypatch.delenv("REFERRAL_DESK_PASSWORD")
    monkeypatch.setattr(sys, "stdin", None)
    code, _, err = run(capsys, ["--user", "admin", "client", "find", "x"])
    assert code == 2 and "REFERRAL_DESK_PASSWORD" in err


def test_user_add_and_sign_in_as_new_user(cli_vault, capsys, monkeypatch):
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "kurz")
    code, _, err = run(capsys, ["user", "add", "berater", "--role", "counsellor"])
    assert code == 2 and "Passwort" in err
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Beratung-Hemshof-1")
    code, out, err = run(capsys, ["--json", "user", "add", "berater", "--role", "counsellor"])
    assert code == 0, err
    assert json.loads(out)["role"] == "counsellor"
    code, _, err = run(capsys, ["user", "add", "berater", "--role", "counsellor"])
    assert code == 3
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Beratung-Hemshof-1")
    code, _, err = run(capsys, ["--user", "berater", "user", "add", "x2", "--role", "admin"])
    assert code == 3 and "Berechtigung" in err
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Neu-Beratung-Mundenheim-2")
    code, _, err = run(capsys, ["--user", "berater", "passwd"])
    assert code == 0, err
    code, _, err = run(capsys, ["--user", "berater", "client", "find", "x"])
    assert code == 4
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Neu-Beratung-Mundenheim-2")
    code, _, err = run(capsys, ["--user", "berater", "client", "find", "x"])
    assert code == 0, err


def test_admin_resets_a_forgotten_password_which_must_then_be_changed(cli_vault, capsys, monkeypatch):
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Beratung-Hemshof-1")
    assert run(capsys, ["user", "add", "berater", "--role", "counsellor"])[0] == 0
    monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", "Vergessen-Friesenheim-3")
    code, out, err = run(capsys, ["--json", "user", "reset-password", "berater"])
    assert code == 0, err
    assert json.loads(out) == {"name": "berater"}
    code, _, err = run(capsys, ["user", "reset-password", "niemand"])
    assert code == 2 and "nicht gefunden" in err
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Beratung-Hemshof-1")  # the old one no longer opens
    assert run(capsys, ["--user", "berater", "client", "find", "x"])[0] == 4
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "Vergessen-Friesenheim-3")
    code, _, err = run(capsys, ["--user", "berater", "user", "reset-password", "admin"])
    assert code == 3  # only the administration resets passwords
    from referral_desk.core.services import users
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    vault = Vault.unlock(cli_vault, user="berater", password="Vergessen-Friesenheim-3")
    try:
        assert users.must_change_password(ServiceContext.sign_in(vault, "berater"))
    finally:
        vault.close()


def test_wrong_password_opens_no_database(cli_vault, capsys, monkeypatch):
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "not-the-password")
    before = {p.name for p in cli_vault.iterdir()}
    code, _, _err = run(capsys, ["client", "find", "x"])
    assert code == 4
    # no -wal/-shm: never opened; only the failed attempt is noted for the audit log
    assert {p.name for p in cli_vault.iterdir()} == before | {"sign-in-failures.json"}


def test_flipped_byte_makes_verify_exit_5(cli_vault, capsys, monkeypatch):
    for i in range(20):
        code, _, err = run(
            capsys, ["client", "add", "-"], json.dumps({**GOOD, "birth_date": f"1990-02-{i + 1:02d}"}), monkeypatch
        )
        assert code == 0, err
    assert run(capsys, ["verify"])[0] == 0
    db = cli_vault / DB_FILE
    data = bytearray(db.read_bytes())
    data[len(data) // 2] ^= 0x01
    db.write_bytes(bytes(data))
    code, _, err = run(capsys, ["verify"])
    assert code == 5, err
    assert "beschädigt" in err and "Traceback" not in err


def test_plaintext_database_is_refused_with_exit_5(cli_vault, capsys):
    import sqlite3

    db = cli_vault / DB_FILE
    db.unlink()
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    code, _, err = run(capsys, ["verify"])
    assert code == 5 and "unverschlüsselt" in err


def test_missing_vault_and_double_init(cli_vault, capsys, monkeypatch, tmp_path):
    code, _, err = run(capsys, ["init", "--org-name", "X", "--admin", "admin"])
    assert code == 2 and "bereits" in err
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(tmp_path / "nowhere"))
    code, _, err = run(capsys, ["client", "find", "x"])
    assert code == 2 and "init" in err


def test_demo_fills_a_vault_deterministically(cli_vault, capsys, tmp_path, monkeypatch):
    code, out, err = run(capsys, ["--json", "demo", "--clients", "150", "--seed", "7"])
    assert code == 0, err
    assert json.loads(out)["clients"] == 150
    code, out, _ = run(capsys, ["--json", "client", "find", "a", "--limit", "1000"])
    first = json.loads(out)
    other = tmp_path / "other"
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(other))
    assert cli.main(["init", "--org-name", "AWO", "--admin", "admin"]) == 0
    capsys.readouterr()
    run(capsys, ["--json", "demo", "--clients", "150", "--seed", "7"])
    code, out, _ = run(capsys, ["--json", "client", "find", "a", "--limit", "1000"])
    strip = lambda rows: [(r["family_name"], r["given_names"], r["birth_date"]) for r in rows]  # noqa: E731
    assert strip(json.loads(out)) == strip(first)
    assert run(capsys, ["verify"])[0] == 0


def test_backup_restore_export_and_erase_commands(cli_vault, capsys, monkeypatch, tmp_path):
    code, out, _ = run(capsys, ["--json", "client", "add", "-"], json.dumps(GOOD), monkeypatch)
    cid = json.loads(out)["id"]
    code, out, err = run(capsys, ["--json", "backup", "--out", str(tmp_path / "b.rdbackup")])
    assert code == 0, err
    assert json.loads(out)["audit_seq"] > 0
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(tmp_path / "restored"))
    code, out, err = run(capsys, ["restore", str(tmp_path / "b.rdbackup")])
    assert code == 0, err
    code, out, _ = run(capsys, ["--json", "client", "find", "Popescu"])
    assert [c["id"] for c in json.loads(out)] == [cid]
    code, _, err = run(capsys, ["restore", str(tmp_path / "b.rdbackup")])
    assert code == 2  # target not empty
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(tmp_path / "wrong"))
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", "not-the-password")
    code, _, err = run(capsys, ["restore", str(tmp_path / "b.rdbackup")])
    assert code == 4
    monkeypatch.setenv("REFERRAL_DESK_PASSWORD", PASSWORD)
    monkeypatch.setenv("REFERRAL_DESK_VAULT", str(cli_vault))
    code, out, err = run(capsys, ["--json", "client", "export", str(cid), "--out", str(tmp_path / "auskunft")])
    assert code == 0, err
    files = json.loads(out)["files"]
    assert sorted(Path(f).suffix for f in files) == [".json", ".pdf"]
    report = json.loads(Path(files[0]).read_text("utf-8"))
    assert report["client"]["family_name"] == "Popescu"
    assert Path(files[1]).read_bytes().startswith(b"%PDF")
    code, out, err = run(capsys, ["--json", "client", "erase", str(cid), "--mode", "delete"])
    assert code == 0, err
    code, _, err = run(capsys, ["client", "get", str(cid)])
    assert code == 2
    code, out, err = run(capsys, ["verify"])
    assert code == 0, err
