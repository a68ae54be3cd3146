"""What must never be readable on disk or leak from the core."""

from __future__ import annotations

import subprocess
import sys

from referral_desk.core.services import clients, contacts
from referral_desk.core.vault import DB_FILE, Vault
from tests.conftest import ADMIN_PASSWORD, client_data

SENTINELS = ["Zyxwvuqoname", "Qqqjjjgiven", "Ωμέγασεντινελ", "Жжжсентинел", "سنتينلالعربي"]


def _raw_files(vault_path):
    return {p.name: p.read_bytes() for p in vault_path.iterdir() if p.is_file()}


def _contains(blob: bytes, word: str) -> bool:
    return any(enc in blob for enc in (word.encode("utf-8"), word.encode("utf-16-le"), word.lower().encode()))


def test_names_never_appear_in_database_wal_or_shm(admin_ctx, vault_path):
    for i, word in enumerate(SENTINELS):
        c = clients.create_client(
            admin_ctx,
            data=client_data(
                family_name=word, given_names=SENTINELS[1], notes=f"Notiz {word}", birth_date=f"1980-01-0{i + 1}"
            ),
        )
        contacts.add_contact(
            admin_ctx, client_id=c.id, data={"date": "2026-02-01", "minutes": 20, "topics": ["housing"], "note": word}
        )
    # while open: the WAL holds the recent pages
    files = _raw_files(vault_path)
    assert {DB_FILE, DB_FILE + "-wal"} <= set(files)
    for name, blob in files.items():
        for word in SENTINELS:
            assert not _contains(blob, word), (name, word)
    admin_ctx.vault.close()
    files = _raw_files(vault_path)
    for name, blob in files.items():
        for word in SENTINELS:
            assert not _contains(blob, word), (name, word)
    # and the search keys (folded names) are encrypted too
    for blob in files.values():
        assert b"zyxwvuqoname" not in blob


def test_errors_and_engine_never_carry_parameters(admin_ctx):
    assert admin_ctx.vault.engine.hide_parameters is True
    from sqlalchemy import exc, text

    try:
        with admin_ctx.vault.write() as conn:
            conn.execute(text("INSERT INTO meta (key, value) VALUES (:k, :v)"), {"k": "vault_id", "v": "Zyxwvuqoname"})
    except exc.IntegrityError as e:
        assert "Zyxwvuqoname" not in str(e)
    else:  # pragma: no cover
        raise AssertionError("duplicate key must fail")


def test_core_does_not_import_qt():
    code = (
        "import sys, pkgutil, importlib, referral_desk.core as core\n"
        "for m in pkgutil.walk_packages(core.__path__, 'referral_desk.core.'):\n"
        "    importlib.import_module(m.name)\n"
        "import referral_desk.cli\n"
        "bad = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(bad); sys.exit(1 if bad else 0)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_no_files_outside_the_vault_directory(admin_ctx, vault_path, tmp_path):
    before = set(tmp_path.rglob("*"))
    c = clients.create_client(admin_ctx, data=client_data())
    clients.update_client(admin_ctx, client_id=c.id, changes={"notes": "x"})
    after = set(tmp_path.rglob("*"))
    assert all(vault_path in p.parents or p == vault_path for p in after - before)


def test_reopen_after_close_keeps_data(admin_ctx, vault_path):
    clients.create_client(admin_ctx, data=client_data())
    admin_ctx.vault.close()
    with Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD) as v:
        from referral_desk.core.services.context import ServiceContext

        assert len(clients.find_clients(ServiceContext.sign_in(v, "admin"), text_query="Yilmaz")) == 1


def test_cli_disables_core_dumps():
    code = (
        "import resource\nfrom referral_desk import cli\ncli.main(['--help'])\n"
        "print(resource.getrlimit(resource.RLIMIT_CORE))\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert r.stdout.strip().endswith("(0, 0)"), r.stdout + r.stderr
