"""Small helpers shared by the services."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from pydantic import ValidationError
from sqlalchemy import text
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import SQLModel

from referral_desk.core.errors import VersionConflict
from referral_desk.core.validation import invalid_input_from

M = TypeVar("M", bound=SQLModel)


def validate(model: type[M], data: Any, *, item: int | None = None, read_only: frozenset[str] = frozenset()) -> M:
    """Validate ``data`` into ``model``; raise InvalidInput naming the field."""
    if isinstance(data, model):
        return data
    if isinstance(data, SQLModel):
        data = data.model_dump(exclude_unset=True)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = invalid_input_from(exc, read_only=read_only)
        if item is not None:
            err.params["item"] = item
        raise err from None


# --- optimistic concurrency (models.version_column) ----------------------------------------------


def require_version(entity: str, row: Any, expected: int | None) -> None:
    """Refuse a write prepared from a stale read: ``expected`` is the ``version`` the caller
    saw (None: the caller does not know one, e.g. a script)."""
    if expected is not None and row.version != expected:
        raise VersionConflict(entity=entity, id=row.id, expected=expected, current=row.version)


@contextmanager
def stale_as_conflict(
    ctx: Any, entity: str, table: str, record_id: int | str, expected: int | None, *, key: str = "id"
) -> Iterator[None]:
    """Around a service's transaction: another writer committed between this transaction's
    read and its UPDATE (SQLAlchemy ``StaleDataError``, nothing written) → ``VersionConflict``
    naming the version stored now (the row found by its ``key`` column)."""
    try:
        yield
    except StaleDataError:
        with ctx.reading() as conn:
            row = conn.execute(text(f"SELECT version FROM {table} WHERE {key} = :id"), {"id": record_id}).first()
        raise VersionConflict(entity=entity, id=record_id, expected=expected, current=row[0] if row else None) from None
