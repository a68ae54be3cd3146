"""Fixtures of the team-database tests: one initialised team database per test module (the
private PostgreSQL cluster, ``pg_cluster``, is started once per session: tests/conftest.py)."""

from __future__ import annotations

import pytest

PASSWORDS = {
    "admin": "Admin-Team-Passwort-1",
    "counsellor": "Beratung-Passwort-22",
    "lead": "Leitung-Passwort-333",
    "statistics": "Statistik-Passwort-4444",
    "retention": "Aufbewahrung-Passwort-5",
}


class TeamDb:
    """One initialised team database with login roles ``<who>_<database>`` (roles are
    cluster-wide; the group roles are ``<database>_<group>``)."""

    def __init__(self, cluster, name: str) -> None:
        from referral_desk.core.team import connection, server

        self.cluster, self.name = cluster, name
        cluster.create_database(name)
        superuser = connection.make_engine(connection.parse_dsn(cluster.dsn(dbname=name)))
        try:
            server.init_server(
                superuser,
                org_name="AWO Kreisverband Ludwigshafen",
                admin=f"admin_{name}",
                admin_password=PASSWORDS["admin"],
            )
        finally:
            superuser.dispose()
        self.users = {"admin": f"admin_{name}"}
        self.passwords = {f"admin_{name}": PASSWORDS["admin"]}
        # Login roles are added as the superuser: on PostgreSQL 15 the admin login has no
        # CREATEROLE (see core/team/server.py); the CLI test covers both versions.
        admin = self.engine("super")
        try:
            for who, role, team in (
                ("anna", "counsellor", "default"),
                ("bert", "counsellor", "default"),
                ("carl", "counsellor", "nord"),
                ("lena", "lead", "default"),
                ("stat", "statistics", "default"),
                ("ret", "retention", "default"),
            ):
                login = f"{who}_{name}"
                server.add_user(admin, name=login, role=role, password=PASSWORDS[role], team=team)
                self.users[who] = login
                self.passwords[login] = PASSWORDS[role]
        finally:
            admin.dispose()

    def dsn(self, who: str, **extra: str) -> str:
        if who == "super":
            return self.cluster.dsn(dbname=self.name, **extra)
        login = self.users[who]
        return self.cluster.dsn(login, self.passwords[login], dbname=self.name, **extra)

    def raw(self, who: str, **kwargs):
        """A raw psycopg connection as ``who`` (autocommit: each statement stands alone)."""
        import psycopg

        return psycopg.connect(self.dsn(who), autocommit=kwargs.pop("autocommit", True), **kwargs)

    def engine(self, who: str):
        from referral_desk.core.team import connection

        return connection.make_engine(connection.parse_dsn(self.dsn(who)))

    def wait_until_blocked(self, who: str, seconds: float = 10.0) -> bool:
        """True once a connection of ``who`` waits for a lock another transaction holds (a
        concurrent writer on the same row); False if it never gets there."""
        import time

        with self.raw("super") as su:
            for _ in range(int(seconds / 0.05)):
                waiting = su.execute(
                    "SELECT count(*) FROM pg_stat_activity WHERE usename = %s AND wait_event_type = 'Lock'",
                    (self.users[who],),
                ).fetchone()[0]
                if waiting:
                    return True
                time.sleep(0.05)
        return False

    def write_while_locked(self, holder: str, lock_sql: str, params: tuple, writer: str, write) -> dict:
        """Two writers on one row: ``holder`` runs ``lock_sql`` without committing (holding the
        row lock), ``write()`` runs on a thread as ``writer`` until it waits for that lock, then
        ``holder`` commits. Returns ``{"result": …}`` or ``{"error": …}`` of ``write``."""
        import threading

        locker = self.raw(holder, autocommit=False)
        locker.execute(lock_sql, params)
        outcome: dict = {}

        def run() -> None:
            try:
                outcome["result"] = write()
            except Exception as exc:  # noqa: BLE001 - the test inspects it
                outcome["error"] = exc

        worker = threading.Thread(target=run)
        worker.start()
        blocked = self.wait_until_blocked(writer)
        locker.commit()
        locker.close()
        worker.join(30)
        assert blocked, f"{writer}'s write never reached the row lock"
        return outcome

    def server_version(self) -> int:
        with self.raw("super") as conn:
            return int(conn.execute("SHOW server_version_num").fetchone()[0])

    def context(self, who: str):
        from referral_desk.core.team.context import TeamContext

        return TeamContext.sign_in(self.engine(who))


@pytest.fixture(scope="module")
def team_db(pg_cluster, request):
    name = "t_" + request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")[:20]
    return TeamDb(pg_cluster, name)


@pytest.fixture
def run(capsys, monkeypatch, tmp_path):
    """``referral-desk ARGS`` in this process (config in a temp folder, no DSN, user or password
    from the environment unless given); returns (exit code, stdout, stderr)."""
    monkeypatch.setenv("REFERRAL_DESK_CONFIG_DIR", str(tmp_path / "config"))
    for name in ("REFERRAL_DESK_DSN", "REFERRAL_DESK_USER", "REFERRAL_DESK_PASSWORD", "REFERRAL_DESK_NEW_PASSWORD"):
        monkeypatch.delenv(name, raising=False)

    def _run(*args: str, password: str | None = None, new_password: str | None = None, stdin: str | None = None):
        if password is not None:
            monkeypatch.setenv("REFERRAL_DESK_PASSWORD", password)
        if new_password is not None:
            monkeypatch.setenv("REFERRAL_DESK_NEW_PASSWORD", new_password)
        if stdin is not None:
            import io

            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        from referral_desk.cli import main

        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def team_window(qtbot, team_db, tmp_path):
    """``team_window(who)``: a main window in team mode (the administration's shortcut: no user,
    no password), signed in as ``who`` through the team sign-in page."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QLineEdit, QPushButton

    from referral_desk.core.team import connection
    from referral_desk.ui.main_window import MainWindow
    from tests.ui.clients_fixtures import wait_idle
    from tests.ui.conftest import child, click, replace_text

    params = connection.parse_dsn(team_db.dsn("super"))
    params.pop("password"), params.pop("user")
    made = []

    def open_for(who: str):
        settings = QSettings(str(tmp_path / f"{who}.ini"), QSettings.Format.IniFormat)
        win = MainWindow(tmp_path / f"no-vault-{who}", settings=settings, language="de", team=dict(params))
        qtbot.addWidget(win)
        win.resize(1280, 900)
        win.show()
        qtbot.waitExposed(win)
        made.append(win)
        qtbot.waitUntil(lambda: win.team_sign_in_page is not None)
        page = win.team_sign_in_page
        login = team_db.users[who]
        replace_text(child(page, QLineEdit, "team_user_edit"), login)
        replace_text(child(page, QLineEdit, "team_password_edit"), team_db.passwords[login])
        click(qtbot, child(page, QPushButton, "team_sign_in_button"))
        # Signed in, or back on the sign-in page with the reason.
        qtbot.waitUntil(lambda: win.workspace is not None or bool(_sign_in_notice(win)), timeout=20_000)
        assert win.workspace is not None, _sign_in_notice(win)
        wait_idle(qtbot, win.db)
        return win

    yield open_for
    for win in made:
        win.shutdown()


def _sign_in_notice(win) -> str:
    """What the sign-in page says (a failed sign-in or a failed session start)."""
    from referral_desk.ui.widgets import ErrorLabel

    page = win.team_sign_in_page
    if page is None:
        return ""
    return " ".join(w.text() for w in (page.notice_label, *page.findChildren(ErrorLabel)) if w.text())
