"""The case-work hooks the client service calls on every write (service default and
check, attribute history). Kept apart from ``casework`` so that creating a client does not
import the plan, group and signposting models."""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Iterable
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection

from referral_desk.core import sqlcompat, validation as v
from referral_desk.core.errors import InvalidInput
from referral_desk.core.migrations.v2_casework import TRACKED
from referral_desk.core.models import Client, utcnow
from referral_desk.core.services.context import UnitOfWork


def organisation_services(conn: Connection) -> list[str]:
    """The services the organisation runs, first one first (the default for new clients)."""
    row = conn.execute(text("SELECT services, service FROM organisation WHERE id = 1")).first()
    if row is None:
        return ["mbe"]
    services = row[0]
    if isinstance(services, str):
        try:
            services = json.loads(services)
        except ValueError:
            services = None
    if not isinstance(services, list) or not services:
        services = [row[1] or "mbe"]
    out = [str(s) for s in services]
    if row[1] and row[1] not in out:  # a vault set up with only ``service`` (e.g. init --service jmd)
        out.insert(0, row[1])
    return out


def check_service(conn: Connection, service: str, *, field: str = "service") -> str:
    run = organisation_services(conn)
    if service not in run:
        raise InvalidInput("input.choice", field=field, value=service, allowed=", ".join(run))
    return service


def prepare_client(uow: UnitOfWork, client: Client, changed: Iterable[str] | None = None) -> None:
    """Before a client row is written: a missing service becomes the organisation's first
    one; a given service must be one the organisation runs."""
    # Looked up once per unit of work: a list import creates thousands of clients in one.
    run = getattr(uow, "_org_services", None)
    if run is None:
        run = uow._org_services = organisation_services(uow.conn)  # type: ignore[attr-defined]
    if client.service is None:
        client.service = run[0]
    elif (changed is None or "service" in changed) and client.service not in run:
        raise InvalidInput("input.choice", field="service", value=client.service, allowed=", ".join(run))


def tracked_attributes(client: Any) -> list[str]:
    # Columns of the table class (employment_status exists once the structured facts are in).
    return [a for a in TRACKED if a in client_columns()]


@functools.cache
def client_columns() -> frozenset[str]:
    return frozenset(Client.__table__.columns.keys())  # type: ignore[attr-defined]  # set by SQLModel


def write_history(conn: Connection, client_id: int, values: dict[str, str | None], valid_from: dt.date) -> None:
    """Record new values from ``valid_from``; a second change on the same day replaces the
    first (a day is the resolution statistics need)."""
    now = utcnow().isoformat(" ")
    for attribute, value in values.items():
        if value is None:
            continue
        conn.execute(
            text("DELETE FROM client_attribute_history WHERE client_id = :c AND attribute = :a AND valid_from = :d"),
            {"c": client_id, "a": attribute, "d": valid_from.isoformat()},
        )
        conn.execute(
            text(
                "INSERT INTO client_attribute_history (client_id, attribute, value, valid_from, recorded_at) "
                "VALUES (:c, :a, :v, :d, :t)"
            ),
            {"c": client_id, "a": attribute, "v": str(value), "d": valid_from.isoformat(), "t": now},
        )


def after_client_write(uow: UnitOfWork, client: Client, changed: Iterable[str] | None = None) -> None:
    """After a client row is inserted (``changed`` None) or updated: keep the history of the
    tracked attributes (from the opening day for a new case, from today for a change)."""
    attributes = tracked_attributes(client)
    if changed is None:  # a new case has no history yet: plain inserts, on the DB-API cursor
        rows = [
            (client.id, a, str(getattr(client, a)), client.opened_on.isoformat(), utcnow().isoformat(" "))
            for a in attributes
            if getattr(client, a) is not None
        ]
        sqlcompat.dbapi(uow.conn).executemany(
            "INSERT INTO client_attribute_history (client_id, attribute, value, valid_from, recorded_at) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        return
    attributes = [a for a in attributes if a in set(changed)]
    if attributes:
        assert client.id is not None  # an updated row
        write_history(uow.conn, client.id, {a: getattr(client, a) for a in attributes}, v.today())
