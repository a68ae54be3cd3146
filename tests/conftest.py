"""Shared fixtures: real SQLCipher vaults in temporary directories, never mocks."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from referral_desk.core.keyring import KdfParams

ADMIN_PASSWORD = "Ludwigshafen-am-Rhein-2026"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault"


# Tests marked ``both_backends`` use only the services (through ``admin_ctx``; a test of such a
# module that needs the desk vault itself is marked ``vault_only`` with its reason): with
# REFERRAL_DESK_TEST_BACKEND=postgresql they run again, each on a fresh team database of the
# private cluster (``make test`` does both; docs/team-database.md "Tests and CI").
BACKEND = os.environ.get("REFERRAL_DESK_TEST_BACKEND", "vault")
_team_databases = itertools.count(1)


def pytest_collection_modifyitems(config, items):
    if BACKEND != "postgresql":
        return

    def runs(item) -> bool:
        return bool(item.get_closest_marker("both_backends")) and not item.get_closest_marker("vault_only")

    kept = [item for item in items if runs(item)]
    dropped = [item for item in items if not runs(item)]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = kept


@pytest.fixture(scope="session")
def pg_cluster():
    """One private PostgreSQL cluster per test session (tests/team/pgcluster.py)."""
    from tests.team.pgcluster import find_bindir, start_cluster

    bindir = find_bindir()
    if bindir is None:
        reason = "PostgreSQL server binaries (initdb, pg_ctl; Debian package postgresql) not found"
        if os.environ.get("REFERRAL_DESK_REQUIRE_POSTGRES") == "1":
            pytest.fail(reason + " but REFERRAL_DESK_REQUIRE_POSTGRES=1")
        pytest.skip(reason)
    cluster = start_cluster(bindir)
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def team_backend(request):
    """On the PostgreSQL backend: the fresh team database behind ``admin_ctx`` (a test that
    needs the server itself, e.g. a superuser dump, asks for it too); else None."""
    if BACKEND != "postgresql":
        return None
    from tests.team.conftest import TeamDb

    team = TeamDb(request.getfixturevalue("pg_cluster"), f"t_core_{next(_team_databases)}")
    with team.raw("super") as su:  # like the desk's first admin, who also leads the team
        su.execute("UPDATE user_account SET also_lead = true WHERE name = %s", (team.users["admin"],))
    return team


@pytest.fixture
def admin_ctx(vault_path: Path, team_backend):
    """A fresh vault (fast KDF) with its admin signed in — or, on the PostgreSQL backend, a
    fresh team database with its administrator signed in."""
    from referral_desk.core.services import setup

    if team_backend is not None:
        ctx = team_backend.context("admin")
        yield ctx
        ctx.vault.close()
        return
    ctx, _recovery = setup.initialise(
        vault_path,
        org_name="AWO Kreisverband Ludwigshafen",
        admin="admin",
        password=ADMIN_PASSWORD,
        kdf=KdfParams.fast_for_tests(),
    )
    yield ctx
    ctx.vault.close()


@pytest.fixture
def created_vault(vault_path: Path):
    """(context, formatted recovery key) of a fresh vault."""
    from referral_desk.core.services import setup

    ctx, recovery = setup.initialise(
        vault_path,
        org_name="Caritasverband Ludwigshafen",
        admin="admin",
        password=ADMIN_PASSWORD,
        legal_regime="kdg",
        kdf=KdfParams.fast_for_tests(),
    )
    yield ctx, recovery
    ctx.vault.close()


def client_data(**overrides):
    data = {
        "family_name": "Yılmaz",
        "given_names": "Ayşe",
        "birth_date": "1985-03-12",
        "gender": "female",
        "nationalities": ["TR"],
        "preferred_language": "tr",
        "residence_status": "niederlassungserlaubnis",
        "employment_permitted": "yes",
        "german_level": "B1",
        "arrival_date": "2010-05-01",
        "phone": "0621 1234567",
        "email": "ayse@example.org",
        "address": {"street": "Bismarckstraße 10", "postal_code": "67059", "city": "Ludwigshafen am Rhein"},
        "jobcenter_customer_number": "123D456789",
        "notes": "Termin beim Jobcenter vorbereitet.",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _private_state_dir(tmp_path_factory, monkeypatch):
    """The audit anchors kept outside the vault go to a per-test folder, never to the real
    profile (referral_desk.core.locations.state_dir). XDG_STATE_HOME too, because some CLI
    tests drop every REFERRAL_DESK_* variable before running the command."""
    state = tmp_path_factory.mktemp("state")
    monkeypatch.setenv("REFERRAL_DESK_STATE_DIR", str(state))
    monkeypatch.setenv("XDG_STATE_HOME", str(state / "xdg"))


@pytest.fixture
def fixed_clock():
    """Hold the core's clock (core/clock.py) at a day or moment: ``fixed_clock(date(2025, 3, 31))``.
    Everything that asks for "today" (services, validation, widgets, the worker thread) sees it."""
    from referral_desk.core import clock

    yield clock.set_fixed
    clock.set_fixed(None)
