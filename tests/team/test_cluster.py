"""The test cluster itself: TLS verified, SCRAM required, plain TCP refused."""

from __future__ import annotations

import psycopg
import pytest


def test_tls_and_scram_are_enforced(pg_cluster):
    with psycopg.connect(pg_cluster.dsn(sslmode="verify-full")) as conn:
        ssl = conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()[0]
        assert ssl is True
    with pytest.raises(psycopg.OperationalError):  # no TLS: no pg_hba line matches
        psycopg.connect(pg_cluster.dsn(sslmode="disable"), connect_timeout=5)
    with pytest.raises(psycopg.OperationalError):  # wrong password
        psycopg.connect(
            pg_cluster.dsn(password="wrong-password", user="rd_super", sslmode="verify-full"), connect_timeout=5
        )
