"""``referral-desk client import`` (DESIGN.md §4, §11): the JSON report contract, exit
codes, German messages, and nothing of the file left outside the vault."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from referral_desk import cli
from tests.core.import_lists import GERMAN_HEADERS, german_rows, write_csv, write_xlsx

PASSWORD = "Rheinufer-Sued-2026!"
SCRIPT = Path(sys.executable).with_name("referral-desk")


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


def run(capsys, args: list[str]):
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def test_a_1000_row_german_excel_list(cli_vault, capsys, tmp_path):
    f = write_xlsx(tmp_path / "Klientenliste MBE.xlsx", german_rows(1000))
    capsys.readouterr()
    code, out, err = run(capsys, ["--json", "client", "import", str(f), "--dry-run"])
    assert code == 0, err
    dry = json.loads(out)
    assert (dry["rows"], dry["created"], dry["would_create"], dry["dry_run"]) == (1000, 0, 1000, True)
    code, out, err = run(capsys, ["--json", "client", "import", str(f)])
    assert code == 0, err
    report = json.loads(out)
    assert {"rows", "created", "duplicates", "skipped", "invalid"} <= set(report)
    assert (report["rows"], report["created"], report["duplicates"], report["skipped"], report["invalid"]) == (
        1000,
        1000,
        [],
        0,
        [],
    )
    assert report["header_row"] == 3 and report["contacts"] == 334
    code, out, _ = run(capsys, ["--json", "client", "get", str(report["client_ids"][0])])
    got = json.loads(out)
    assert got["nationalities"] == ["TR"] and got["birth_date"].startswith("1940-01-0")
    # again: every row is a duplicate, refused with exit 3, case numbers listed
    code, out, err = run(capsys, ["--json", "client", "import", str(f)])
    again = json.loads(out)
    assert code == 3 and again["created"] == 0 and len(again["duplicates"]) == 1000
    assert again["duplicates"][0]["case_number"].endswith("-00001")
    # in words, German, on stderr
    code, out, err = run(capsys, ["client", "import", str(f)])
    assert code == 3 and out == ""
    assert "Zeile 4: wahrscheinlich schon erfasst (Fallnummer" in err and "Nichts importiert" in err
    code, out, err = run(capsys, ["client", "import", str(f), "--on-duplicate", "skip"])
    assert code == 0 and "0 angelegt" in out and "1000 übersprungen" in out


def test_invalid_rows_exit_2_with_row_column_and_message(cli_vault, capsys, tmp_path):
    rows = german_rows(4)
    rows[2][GERMAN_HEADERS.index("Geb.-Datum")] = "31.02.1990"
    rows[3][GERMAN_HEADERS.index("Staatsangehörigkeit")] = "Atlantis"
    f = write_csv(tmp_path / "liste.csv", rows)
    code, out, err = run(capsys, ["--json", "client", "import", str(f)])
    assert code == 2
    report = json.loads(out)
    assert report["created"] == 0 and report["outcome"] == "refused_invalid"
    assert [(p["row"], p["column"], p["field"]) for p in report["invalid"]] == [
        (4, "Geb.-Datum", "birth_date"),
        (5, "Staatsangehörigkeit", "nationalities"),
    ]
    assert "Atlantis" not in out and "31.02.1990" not in out
    code, out, err = run(capsys, ["client", "import", str(f)])
    assert code == 2 and "Zeile 4, Spalte „Geb.-Datum“: Geburtsdatum (birth_date): diesen Tag gibt es nicht" in err
    code, out, err = run(capsys, ["--lang", "en", "client", "import", str(f), "--on-invalid", "skip"])
    assert code == 0 and "2 created" in out and "2 skipped" in out and "Row 5, column 'Staatsangehörigkeit'" in out
    code, out, _ = run(capsys, ["--json", "client", "find", "Popescu"])
    assert json.loads(out) == []  # row 4 was the invalid one
    code, out, _ = run(capsys, ["--json", "client", "find", "Yilmaz"])
    assert len(json.loads(out)) == 1


def test_file_level_errors_exit_2_naming_the_problem(cli_vault, capsys, tmp_path):
    (tmp_path / "leer.csv").write_bytes(b"")
    code, _, err = run(capsys, ["client", "import", str(tmp_path / "leer.csv")])
    assert code == 2 and "Die Datei ist leer." in err
    code, _, err = run(capsys, ["client", "import", str(tmp_path / "Liste Yilmaz.xlsx")])
    assert code == 2 and "Traceback" not in err and "Datei nicht gefunden" in err
    assert "Yilmaz" not in err  # a file name may carry a person's name
    f = write_xlsx(tmp_path / "liste.xlsx", german_rows(2))
    code, _, err = run(capsys, ["client", "import", str(f), "--sheet", "Gibtsnicht"])
    assert code == 2 and "Klienten" in err
    code, _, err = run(capsys, ["client", "import", str(f), "--on-duplicate", "maybe"])
    assert code == 2


def test_mapping_file_option(cli_vault, capsys, tmp_path):
    f = write_csv(
        tmp_path / "liste.csv",
        [["Nowak", "Anna", "02.03.1990", "0621 1", "0176 2"]],
        headers=["Familie", "Rufname", "Tag der Geburt", "Telefon", "Telefon"],
    )
    mapping = tmp_path / "zuordnung.json"
    mapping.write_text(
        json.dumps(
            {
                "format": "referral-desk-import-mapping",
                "version": 1,
                "columns": {
                    "Familie": "family_name",
                    "Rufname": "given_names",
                    "Tag der Geburt": "birth_date",
                    "Telefon (2)": "phone",
                },
            }
        )
    )
    code, out, err = run(capsys, ["--json", "client", "import", str(f), "--mapping", str(mapping)])
    assert code == 0, err
    assert json.loads(out)["created"] == 1
    mapping.write_text("{kein json")
    code, out, err = run(capsys, ["client", "import", str(f), "--mapping", str(mapping)])
    assert code == 2 and "JSON" in err


@pytest.mark.slow
def test_installed_command_leaves_nothing_in_the_temp_dir(tmp_path):
    """Nothing from the file is copied outside the vault: TMPDIR stays empty."""
    vault = tmp_path / "vault"
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFERRAL_DESK_")}
    env.update(
        {
            "REFERRAL_DESK_VAULT": str(vault),
            "REFERRAL_DESK_PASSWORD": PASSWORD,
            "REFERRAL_DESK_USER": "admin",
            "TMPDIR": str(tmp),
            "TEMP": str(tmp),
            "TMP": str(tmp),
        }
    )
    r = subprocess.run(
        [str(SCRIPT), "init", "--org-name", "AWO", "--admin", "admin"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    f = write_xlsx(tmp_path / "liste.xlsx", german_rows(20))
    r = subprocess.run(
        [str(SCRIPT), "--json", "client", "import", str(f)], env=env, capture_output=True, text=True, timeout=120
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["created"] == 20
    assert list(tmp.iterdir()) == []
    names = {p.name for p in vault.iterdir()}
    assert not any("liste" in n for n in names)
