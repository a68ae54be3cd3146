"""Fixtures of the team-database tests: one private PostgreSQL cluster per test session."""
from __future__ import annotations

import os

import pytest

from tests.team.pgcluster import find_bindir, start_cluster


@pytest.fixture(scope="session")
def pg_cluster():
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
