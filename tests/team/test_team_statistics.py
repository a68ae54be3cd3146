"""Statistics of a team database (issue 18): the report pipeline runs on PostgreSQL with the
same figures as on the desk vault it came from; the statistics role reads only published
(disclosure-controlled) reports and exports them; it cannot SELECT a name."""

from __future__ import annotations

import json

import pytest
from psycopg import errors

from referral_desk.cli import main
from referral_desk.core.keyring import KdfParams
from referral_desk.core.services import demo, setup, statistics, users
from tests.team.conftest import TeamDb

VAULT_PASSWORD = "Statistik-Tresor-2026"
PERIODS = (("2025-01-01", "2025-12-31"), ("2025-04-01", "2025-06-30"), ("2025-11-01", "2025-11-30"))


@pytest.fixture(scope="module")
def moved(pg_cluster, tmp_path_factory):
    """A desk vault with a year of demo case work, moved into a fresh team database."""
    path = tmp_path_factory.mktemp("desk") / "vault"
    ctx, _recovery = setup.initialise(
        path, org_name="Caritas Ludwigshafen", admin="admin", password=VAULT_PASSWORD, kdf=KdfParams.fast_for_tests()
    )
    try:
        demo.generate(ctx, clients=400, seed=11)
        for u in users.list_users(ctx):
            if u.role != "admin":
                users.deactivate(ctx, name=u.name)
    finally:
        ctx.vault.close()
    db = TeamDb(pg_cluster, "t_stats")
    mp = pytest.MonkeyPatch()
    try:
        for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_DSN_PASSWORD"):
            mp.delenv(name, raising=False)
        mp.setenv("REFERRAL_DESK_PASSWORD", VAULT_PASSWORD)
        code = main(
            ["--vault", str(path), "--user", "admin", "--json", "vault", "push", "--dsn", db.dsn("super"),
             "--map", f"admin={db.users['admin']}"]
        )  # fmt: skip
        assert code == 0
    finally:
        mp.undo()
    return path, db


def _vault_report(path, **kw):
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    vault = Vault.unlock(path, user="admin", password=VAULT_PASSWORD)
    try:
        return statistics.build_report(ServiceContext.sign_in(vault, "admin"), **kw)
    finally:
        vault.close()


def _team_report(db: TeamDb, **kw):
    engine = db.engine("super")
    try:
        with engine.connect() as conn:
            return statistics.report_on(conn, counsellor_id=None, **kw)
    finally:
        engine.dispose()


def _figures(report) -> dict:
    return {t.id: t.values for t in report.tables} | {"loss": report.loss}


@pytest.mark.parametrize("method", ["suppression", "cell_key"])
def test_the_server_counts_what_the_desk_counted(moved, method):
    path, db = moved
    with db.raw("super") as su:  # the as-of values are read from a real history
        changed = su.execute(
            "SELECT count(DISTINCT client_id) FROM client_attribute_history WHERE valid_from > '2025-06-30'"
        ).fetchone()[0]
    assert changed > 0
    for start, end in PERIODS:
        kw = {"period_from": start, "period_to": end, "method": method}
        desk, team = _vault_report(path, **kw), _team_report(db, **kw)
        assert desk.tables[0].values, "the demo year has persons"
        assert _figures(team) == _figures(desk), (start, end)


def _cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_PASSWORD"):
        monkeypatch.delenv(name, raising=False)
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_statistics_role_exports_the_published_report_and_reads_no_person(moved, monkeypatch, capsys, tmp_path):
    from referral_desk.core import statistics_export

    path, db = moved
    year = ("--from", "2025-01-01", "--to", "2025-12-31")
    out = tmp_path / "jahr-2025.json"
    # Nothing published yet: a clear message naming the period, no file.
    code, _out, err = _cli(monkeypatch, capsys, "--dsn", db.dsn("stat"), "stats", "export", *year,
                           "--format", "json", "--out", str(out))  # fmt: skip
    assert code != 0 and "stats publish" in err and not out.exists()
    # The statistics login cannot publish (it needs every client): refused by the server's rules.
    code, _out, err = _cli(monkeypatch, capsys, "--dsn", db.dsn("stat"), "stats", "publish", *year)
    assert code == 3
    # The administration publishes (superuser DSN) ...
    code, printed, err = _cli(monkeypatch, capsys, "--json", "--dsn", db.dsn("super"), "stats", "publish", *year)
    assert code == 0, err
    assert json.loads(printed)["tables"][0] == "overview"
    # ... and the statistics login exports it: the very file the desk would have written.
    code, _out, err = _cli(monkeypatch, capsys, "--dsn", db.dsn("stat"), "stats", "export", *year,
                           "--format", "json", "--out", str(out))  # fmt: skip
    assert code == 0, err
    desk = _vault_report(path, period_from="2025-01-01", period_to="2025-12-31")
    assert out.read_bytes() == statistics_export.to_json(desk)
    pdf = tmp_path / "jahr-2025.pdf"
    code, _out, err = _cli(monkeypatch, capsys, "--dsn", db.dsn("stat"), "stats", "export", *year,
                           "--format", "pdf", "--out", str(pdf))  # fmt: skip
    assert code == 0 and pdf.read_bytes().startswith(b"%PDF")
    # A counsellor does not export statistics, on the server as on the desk.
    code, _out, err = _cli(monkeypatch, capsys, "--dsn", db.dsn("anna"), "stats", "export", *year,
                           "--format", "json", "--out", str(tmp_path / "x.json"))  # fmt: skip
    assert code == 3

    # Raw SQL as the statistics login: no name, no contact, not even the published table itself.
    with db.raw("stat") as stat:
        for table in ("client", "client_name_key", "contact", "published_report", "audit_event"):
            with pytest.raises(errors.InsufficientPrivilege):
                stat.execute(f"SELECT * FROM {table} LIMIT 1")
        assert stat.execute("SELECT count(*) FROM rd_published_reports()").fetchone()[0] == 1
        doc = stat.execute(
            "SELECT rd_published_report('2025-01-01', '2025-12-31', 'all', 'suppression', 'de')"
        ).fetchone()[0]
        assert "Yılmaz" not in json.dumps(doc, ensure_ascii=False) and doc["method"] == "suppression"
    # A counsellor's login has no access to the published reports.
    with db.raw("anna") as anna, pytest.raises(errors.InsufficientPrivilege):
        anna.execute("SELECT rd_published_reports()")
    with db.raw("super") as su:
        actions = {
            r[0]: r[1]
            for r in su.execute("SELECT action, count(*) FROM audit_event WHERE action LIKE 'stats.%' GROUP BY action")
        }
    assert actions == {"stats.publish": 1, "stats.read_published": 3, "stats.export": 2}
