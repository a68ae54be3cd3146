"""Shared fixtures: real SQLCipher vaults in temporary directories, never mocks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from referral_desk.core.keyring import KdfParams

ADMIN_PASSWORD = "Ludwigshafen-am-Rhein-2026"


@pytest.fixture
def vault_path(tmp_path: Path) -> Path:
    return tmp_path / "vault"


@pytest.fixture
def admin_ctx(vault_path: Path):
    """A fresh vault (fast KDF) with its admin signed in."""
    from referral_desk.core.services import setup

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
