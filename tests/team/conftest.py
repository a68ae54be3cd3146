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
