"""Issue 16 in the core: password policy (zxcvbn), initial passwords, the demo vault guard,
automatic backup by default with its result in the vault, per-user language, error log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from referral_desk.core import passwords
from referral_desk.core.errors import AuthenticationFailed, InvalidInput, PolicyRefused
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import backups, clients, demo, desk, organisation, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD, client_data

pytestmark = pytest.mark.both_backends

FAST = KdfParams.fast_for_tests()


@pytest.mark.parametrize("weak", ["passwort12", "Passwort123!", "Winter-2026", "qwertzuiop12", "aaaaaaaaaaaa"])
def test_weak_passwords_are_refused_with_german_advice(weak):
    assert passwords.problem_code(weak) is not None
    with pytest.raises(InvalidInput) as info:
        passwords.require_acceptable(weak, field="password")
    assert info.value.field == "password"
    assert info.value.message("de").startswith("Passwort:")
    assert passwords.strength(weak) <= 2  # the meter never calls a refused password "gut"


def test_weak_password_feedback_is_german():
    text_de = passwords.password_problem("passwort12")
    assert "zu leicht zu erraten" in text_de and "Wörter" in text_de
    assert "too easy to guess" in passwords.password_problem("passwort12", lang="en")


@pytest.mark.parametrize(
    "good", ["Rheinufer-Sonnenblume-42", "Ludwigshafen-am-Rhein-2026", "Kaffee Tasse Fahrrad Mond"]
)
def test_good_passwords_pass(good):
    assert passwords.problem_code(good, user="m.yilmaz") is None
    assert passwords.strength(good) >= passwords.MIN_SCORE


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_user_creation_enforces_the_policy(admin_ctx):
    with pytest.raises(InvalidInput) as info:
        users.add_user(admin_ctx, name="berater", role="counsellor", password="passwort12")
    assert info.value.code == "password.weak"
    assert [u.name for u in users.list_users(admin_ctx)] == ["admin"]  # nothing written


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_initial_password_must_be_changed_once(admin_ctx, vault_path):
    admin_ctx.vault.kdf = FAST
    created = users.add_user(
        admin_ctx, name="berater", role="counsellor", password="Anfang-Rheinufer-77", display_name="Bea Berger"
    )
    assert created.must_change_password
    vault = Vault.unlock(vault_path, user="berater", password="Anfang-Rheinufer-77")
    try:
        ctx = ServiceContext.sign_in(vault, "berater")
        assert users.must_change_password(ctx)
        assert desk.session_start(ctx).must_change_password
        with pytest.raises(InvalidInput) as info:  # the same password again
            users.change_password(ctx, current_password=None, new_password="Anfang-Rheinufer-77")
        assert info.value.code == "password.same_as_old"
        with pytest.raises(InvalidInput):
            users.change_password(ctx, current_password=None, new_password="passwort12")
        users.change_password(ctx, current_password=None, new_password="Eigenes-Passwort-Friesenheim-5")
        assert not users.must_change_password(ctx)
        # a voluntary change needs the current password
        with pytest.raises(InvalidInput):
            users.change_password(ctx, current_password=None, new_password="Noch-ein-anderes-Passwort-6")
        with pytest.raises(AuthenticationFailed):
            users.change_password(
                ctx, current_password="falsch-falsch-falsch", new_password="Noch-ein-anderes-Passwort-6"
            )
    finally:
        vault.close()
    with Vault.unlock(vault_path, user="berater", password="Eigenes-Passwort-Friesenheim-5"):
        pass
    with admin_ctx.reading() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_event ORDER BY seq"))]
    assert "user.password_initial_replaced" in actions
    # an admin reset sets the flag again
    users.reset_password(admin_ctx, name="berater", new_password="Zurueckgesetzt-Oppau-3")
    assert users.get_user(admin_ctx, name="berater").must_change_password


def test_first_admin_keeps_own_password(admin_ctx):
    assert not users.must_change_password(admin_ctx)


def test_demo_generator_refuses_a_vault_with_real_records(admin_ctx):
    clients.create_client(admin_ctx, data=client_data())
    with pytest.raises(PolicyRefused) as info:
        demo.generate(admin_ctx, clients=5, seed=1)
    assert info.value.code == "demo.real_records"
    with admin_ctx.reading() as conn:
        assert conn.execute(text("SELECT count(*) FROM client")).scalar() == 1
    assert not demo.is_demo_vault(admin_ctx)


def test_demo_vault_is_separate_and_marked(tmp_path):
    ctx = demo.create_demo_vault(tmp_path / "demo", clients=20, seed=3, kdf=FAST)
    try:
        assert demo.is_demo_vault(ctx)
        demo.generate(ctx, clients=5, seed=4)  # more demo data into the demo vault is fine
        with ctx.reading() as conn:
            assert conn.execute(text("SELECT count(*) FROM client")).scalar() == 25
    finally:
        ctx.vault.close()
    with Vault.unlock(tmp_path / "demo", user=demo.DEMO_USER, password=demo.DEMO_PASSWORD):
        pass


@pytest.mark.vault_only(reason="the desk's automatic backup (the server's: server backup)")
def test_automatic_backup_is_on_by_default_and_its_result_is_stored(admin_ctx, vault_path, tmp_path):
    info = backups.automatic_backup(admin_ctx)
    assert info.path.parent == tmp_path / "vault-sicherungen"
    last, good = desk.backup_status(admin_ctx)
    assert last.ok and last.automatic and last.file_name == info.path.name and good == last
    assert desk.session_start(admin_ctx).backup_warning is None
    # a folder that does not exist: the failure is stored and announced at the next sign-in
    organisation.update_organisation(admin_ctx, changes={"backup_dir": str(tmp_path / "usb-stick-fehlt")})
    with pytest.raises(InvalidInput):
        backups.automatic_backup(admin_ctx)
    start = desk.session_start(admin_ctx)
    assert start.backup_warning is not None and start.backup_warning.error_code == "input.file"
    assert start.last_good_backup == good
    desk.acknowledge_backup_warning(admin_ctx, run_id=start.backup_warning.id)
    assert desk.session_start(admin_ctx).backup_warning is None


def test_user_language_is_kept_per_person(admin_ctx):
    assert desk.session_start(admin_ctx).ui_language == "de"
    desk.set_ui_language(admin_ctx, language="en")
    assert desk.session_start(admin_ctx).ui_language == "en"
    with pytest.raises(InvalidInput):
        desk.set_ui_language(admin_ctx, language="xx")
    assert desk.session_start(admin_ctx).ui_language == "en"


@pytest.mark.vault_only(reason="desk settings and the error list are kept in the vault (a team's: for the session)")
def test_desk_settings_and_error_log(admin_ctx):
    assert desk.get_setting(admin_ctx, key=desk.PRINTER_KEY) is None
    desk.set_setting(admin_ctx, key=desk.PRINTER_KEY, value="Buero-Drucker")
    desk.set_setting(admin_ctx, key=desk.PRINTER_KEY, value="PDF")
    assert desk.get_setting(admin_ctx, key=desk.PRINTER_KEY) == "PDF"
    with pytest.raises(InvalidInput):
        desk.set_setting(admin_ctx, key="anything", value="x")
    desk.record_error(admin_ctx, kind="ZeroDivisionError", location="ui/x.py:f:3", app_version="0.2")
    [err] = desk.list_errors(admin_ctx)
    assert err.kind == "ZeroDivisionError" and err.location == "ui/x.py:f:3"


FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"


def test_desk_columns_and_tables_work_on_the_upgraded_release_0_1_vault(tmp_path):
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    vault = Vault.unlock(target, user="admin", password=ADMIN_PASSWORD)
    try:
        ctx = ServiceContext.sign_in(vault, "admin")
        assert not users.must_change_password(ctx)
        start = desk.session_start(ctx)
        assert start.last_backup is None and start.ui_language == "de"
        desk.set_ui_language(ctx, language="en")
        desk.record_backup(ctx, automatic=True, ok=False, error_code="backup.write_failed")
        assert desk.session_start(ctx).backup_warning.error_code == "backup.write_failed"
        desk.record_error(ctx, kind="KeyError", location="a.py:b:1", app_version="0.2")
    finally:
        vault.close()
