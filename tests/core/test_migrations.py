"""Schema versions: snapshot of the released schema, upgrades, newer vaults refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import StaticPool

from referral_desk.core import migrations
from referral_desk.core.errors import InvalidInput
from referral_desk.core.migrations import history
from referral_desk.core.vault import Vault
from tests.conftest import ADMIN_PASSWORD


def _memory_engine():
    return create_engine("sqlite://", poolclass=StaticPool)


def test_models_match_the_snapshot_of_the_latest_schema():
    """Changing a table needs a migration step and a new snapshot (see migrations/__init__.py)."""
    engine = _memory_engine()
    with engine.begin() as conn:
        migrations.create_latest(conn)
        ddl = migrations.schema_ddl(conn)
    assert ddl == migrations.snapshot_path(migrations.LATEST).read_text("utf-8")


# Frozen snapshots only: the one of LATEST is the release under development (the models'
# schema, checked above), not a state some vault was left in.
@pytest.mark.parametrize("version", range(1, migrations.LATEST))
def test_every_released_schema_upgrades_to_the_latest(version):
    engine = _memory_engine()
    with engine.begin() as conn:
        for statement in migrations.snapshot_path(version).read_text("utf-8").split(";\n"):
            if statement.strip():
                conn.execute(text(statement))
        conn.execute(text("INSERT INTO meta (key, value) VALUES ('schema_version', :v)"), {"v": str(version)})
        assert migrations.upgrade(conn) == version
        upgraded = migrations.schema_ddl(conn)
    fresh = _memory_engine()
    with fresh.begin() as conn:
        migrations.create_latest(conn)
        assert upgraded == migrations.schema_ddl(conn)


def write_revision(folder: Path, revision: str, down: str, body: str) -> None:
    """A revision file as a later release would ship it (tests add their own folder)."""
    folder.mkdir(exist_ok=True)
    (folder / f"r{revision}_test.py").write_text(
        "from alembic import op\n"
        "import sqlalchemy as sa\n"
        f"revision = {revision!r}\ndown_revision = {down!r}\nbranch_labels = None\ndepends_on = None\n\n"
        f"def upgrade():\n{body}\n\n"
        "def downgrade():\n    raise NotImplementedError\n",
        "utf-8",
    )


def test_upgrade_runs_revisions_in_one_transaction(monkeypatch, admin_ctx, vault_path, tmp_path):
    """A release with two revisions, the second failing: the vault opens with neither."""
    admin_ctx.vault.close()
    head = history.head()
    later = tmp_path / "later"
    write_revision(later, "9001", head, '    op.create_table("upgrade_probe", sa.Column("x", sa.Integer))')
    write_revision(later, "9002", "9001", '    raise RuntimeError("simulated failure")')
    monkeypatch.setattr(history, "REVISION_LOCATIONS", [*history.REVISION_LOCATIONS, later])
    with pytest.raises(RuntimeError, match="simulated failure"):
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    monkeypatch.undo()
    with Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD) as vault, vault.read() as conn:
        assert conn.execute(text("SELECT count(*) FROM sqlite_master WHERE name='upgrade_probe'")).scalar() == 0
        assert history.current(conn) == head


def test_a_later_revision_runs_when_the_vault_is_opened(monkeypatch, admin_ctx, vault_path, tmp_path):
    admin_ctx.vault.close()
    later = tmp_path / "later"
    write_revision(later, "9001", history.head(), '    op.add_column("agency", sa.Column("probe", sa.String))')
    monkeypatch.setattr(history, "REVISION_LOCATIONS", [*history.REVISION_LOCATIONS, later])
    with Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD) as vault, vault.read() as conn:
        assert history.current(conn) == "9001"
        assert "probe" in {r[1] for r in conn.execute(text("PRAGMA table_info(agency)"))}
    monkeypatch.undo()
    # Back with this program, the vault is from a newer one: refused, nothing changed.
    with pytest.raises(InvalidInput) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "vault.newer_schema" and "9001" in info.value.message("de")


def test_vault_from_a_newer_program_is_refused(admin_ctx, vault_path):
    with admin_ctx.vault.write() as conn:
        conn.execute(text("UPDATE meta SET value = :v WHERE key = 'schema_version'"), {"v": str(migrations.LATEST + 1)})
    admin_ctx.vault.close()
    with pytest.raises(InvalidInput) as info:
        Vault.unlock(vault_path, user="admin", password=ADMIN_PASSWORD)
    assert info.value.code == "vault.newer_schema"
    assert "neueren Programmversion" in info.value.message("de")


FIXTURE_V1 = Path(__file__).resolve().parents[1] / "data" / "vault_v1"


def test_a_vault_made_by_release_0_1_opens_upgraded_with_every_record(tmp_path):
    """tests/data/vault_v1 was made by release 0.1.0 (`demo --clients 40 --seed 7`, fast KDF,
    admin password ADMIN_PASSWORD). Opening it upgrades it in place and keeps every row."""
    target = tmp_path / "vault"
    shutil.copytree(FIXTURE_V1, target)
    with Vault.unlock(target, user="admin", password=ADMIN_PASSWORD) as vault, vault.read() as conn:
        assert conn.execute(text("SELECT value FROM meta WHERE key='schema_version'")).scalar() == str(
            migrations.LATEST
        )
        counts = {
            table: conn.execute(text(f"SELECT count(*) FROM {table}")).scalar()
            for table in ("client", "contact", "consent", "referral")
        }
        assert migrations.schema_ddl(conn) == migrations.snapshot_path(migrations.LATEST).read_text("utf-8")
        assert history.current(conn) == history.head()  # stamped 0001, then upgraded
    assert counts == {"client": 40, "contact": 159, "consent": 28, "referral": 12}


def test_client_version_on_upgraded_fixture_vault(tmp_path):
    """v2_versions: records of a 0.1 vault start at version 1; an update increments it and a
    stale expected version is refused naming ``version`` (nothing written)."""
    import shutil

    from referral_desk.core.errors import VersionConflict
    from referral_desk.core.services import clients
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault
    from tests.conftest import ADMIN_PASSWORD

    target = tmp_path / "vault"
    shutil.copytree(Path(__file__).resolve().parents[1] / "data" / "vault_v1", target)
    vault = Vault.unlock(target, user="admin", password=ADMIN_PASSWORD)
    with vault:
        ctx = ServiceContext.sign_in(vault, "admin")
        with ctx.reading() as conn:
            from sqlalchemy import text

            versions = {r[0] for r in conn.execute(text("SELECT version FROM client"))}
            client_id = conn.execute(text("SELECT min(id) FROM client")).scalar()
        assert versions == {1}
        updated = clients.update_client(ctx, client_id=client_id, changes={"notes": "Version zwei"}, expected_version=1)
        assert updated.version == 2
        with pytest.raises(VersionConflict) as err:
            clients.update_client(ctx, client_id=client_id, changes={"notes": "veraltet"}, expected_version=1)
        assert err.value.params["field"] == "version" and err.value.exit_code == 3
        assert clients.get_client(ctx, client_id=client_id).notes == "Version zwei"


def test_the_history_from_nothing_gives_the_schema_of_the_models():
    """Revision 0001 (release 0.1's snapshot) and 0002 (release 0.2's parts) replayed on an
    empty database: the same schema as a vault created today."""
    engine = _memory_engine()
    with engine.begin() as conn:
        assert history.upgrade(conn)[:2] == ["0001", "0002"]
        replayed = migrations.schema_ddl(conn)
    assert replayed == migrations.snapshot_path(migrations.LATEST).read_text("utf-8")
