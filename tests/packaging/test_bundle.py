"""The bundle a counsellor installs (`make dist`, docs/packaging.md) works on its own.

The bundle is built by `.ci/run` before the tests, which sets REFERRAL_DESK_REQUIRE_BUNDLE=1 so
a missing or broken bundle fails CI. Locally the test is skipped until `make dist` ran.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from tests.conftest import ADMIN_PASSWORD

BUNDLE = Path(__file__).resolve().parents[2] / "dist" / "referral-desk"
CLI = BUNDLE / "referral-desk"
GUI = BUNDLE / "referral-desk-gui"


def _require_bundle() -> None:
    if CLI.exists() and GUI.exists():
        return
    if os.environ.get("REFERRAL_DESK_REQUIRE_BUNDLE"):
        pytest.fail(f"no bundle in {BUNDLE}: `make dist` must run before the tests")
    pytest.skip("no bundle: run `make dist`")


def _clean_env(tmp_path: Path) -> dict[str, str]:
    # Nothing from the development checkout may leak in: no PYTHONPATH, no venv on PATH.
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env.update(
        REFERRAL_DESK_VAULT=str(tmp_path / "vault"),
        REFERRAL_DESK_USER="admin",
        REFERRAL_DESK_PASSWORD=ADMIN_PASSWORD,
        HOME=str(tmp_path / "home"),
        XDG_CONFIG_HOME=str(tmp_path / "home" / ".config"),
        REFERRAL_DESK_STATE_DIR=str(tmp_path / "state"),
        QT_QPA_PLATFORM="offscreen",
        PATH="/usr/bin:/bin",
    )
    (tmp_path / "home").mkdir()
    return env


def _run(env, *args, stdin: str | None = None) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [str(CLI), *args], env=env, input=stdin, capture_output=True, text=True, timeout=180, cwd=env["HOME"]
    )
    assert done.returncode == 0, f"{args[:2]} exit {done.returncode}: {done.stderr}"
    return done


@pytest.mark.slow
def test_the_bundled_command_line_creates_a_vault_and_prints_a_referral_sheet(tmp_path):
    _require_bundle()
    env = _clean_env(tmp_path)
    _run(env, "init", "--org-name", "AWO Kreisverband Ludwigshafen", "--admin", "admin")
    _run(
        env,
        "org",
        "set",
        "--street",
        "Bahnhofstraße 1",
        "--postal-code",
        "67059",
        "--city",
        "Ludwigshafen am Rhein",
        "--phone",
        "0621 000000",
        "--email",
        "mbe@example.org",
        "--dpo-name",
        "Datenschutz",
        "--dpo-email",
        "datenschutz@example.org",
        "--dpo-address",
        "Bahnhofstraße 1, 67059 Ludwigshafen am Rhein",
    )
    _run(
        env,
        "agency",
        "set",
        "jobcenter",
        "--street",
        "Musterweg 2",
        "--postal-code",
        "67059",
        "--city",
        "Ludwigshafen am Rhein",
    )
    client = {
        "family_name": "Yılmaz",
        "given_names": "Ayşe",
        "birth_date": "1985-03-12",
        "gender": "female",
        "nationalities": ["TR"],
        "preferred_language": "tr",
    }
    created = json.loads(_run(env, "--json", "client", "add", "-", stdin=json.dumps(client)).stdout)
    _run(
        env,
        "consent",
        "grant",
        str(created["id"]),
        "--recipient",
        "jobcenter",
        "--categories",
        "identity,contact",
        "--purpose",
        "job_placement",
        "--language",
        "tr",
    )
    sheet = tmp_path / "ueberleitung.pdf"
    _run(
        env,
        "referral",
        "create",
        str(created["id"]),
        "--recipient",
        "jobcenter",
        "--categories",
        "identity",
        "--reason",
        "Termin bei der Arbeitsvermittlung",
        "--out",
        str(sheet),
    )
    assert sheet.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(sheet), "-"], capture_output=True, text=True).stdout
        assert created["case_number"] in text
        assert "Jobcenter" in text
    # Arabic script is shaped by HarfBuzz inside the bundle (uharfbuzz and its library ship).
    form = tmp_path / "einwilligung.pdf"
    _run(
        env,
        "consent",
        "form",
        str(created["id"]),
        "--recipient",
        "jobcenter",
        "--categories",
        "identity",
        "--language",
        "ar",
        "--purpose",
        "job_placement",
        "--allow-unreviewed",
        "--out",
        str(form),
    )
    assert form.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(form), "-"], capture_output=True, text=True).stdout
        assert any("\u0600" <= ch <= "\u06ff" for ch in text)  # Arabic letters in the text layer
    _run(env, "verify")


@pytest.mark.slow
def test_the_bundle_upgrades_a_vault_made_by_release_0_1(tmp_path):
    """The migration history is read from files (Alembic): the frozen app must carry them."""
    _require_bundle()
    env = _clean_env(tmp_path)
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vault_v1", env["REFERRAL_DESK_VAULT"])
    found = json.loads(_run(env, "--json", "client", "find", "a").stdout)
    assert found  # the 0.1 records, readable after the upgrade
    _run(env, "verify")


def test_the_bundle_carries_its_data():
    _require_bundle()
    data = BUNDLE / "_internal" / "referral_desk" / "_data"
    for part in (
        "resources/fonts/OFL.txt",
        "resources/translations/referral_desk_en.qm",
        "forms/category_fields.toml",
        "docs/handbuch/index.md",
    ):
        assert (data / part).is_file(), part
    revisions = BUNDLE / "_internal" / "referral_desk" / "core" / "migrations" / "revisions"
    assert (revisions / "r0002_release_0_2.py").is_file()
    assert (BUNDLE / "_internal" / "referral_desk" / "locale" / "en" / "LC_MESSAGES" / "referral_desk.mo").is_file()


@pytest.mark.slow
def test_the_bundled_desktop_app_starts_offscreen(tmp_path):
    _require_bundle()
    env = _clean_env(tmp_path)
    _run(env, "init", "--org-name", "AWO Kreisverband Ludwigshafen", "--admin", "admin")
    proc = subprocess.Popen(
        [str(GUI), "--vault", env["REFERRAL_DESK_VAULT"]],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=env["HOME"],
    )
    try:
        # A bundle missing a module, a Qt plugin or a data file dies during start-up.
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        assert proc.poll() is None, f"the app exited with {proc.returncode}: {proc.stderr.read()}"
    finally:
        proc.terminate()
        _out, err = proc.communicate(timeout=30)
    assert "Traceback" not in err
