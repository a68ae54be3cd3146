"""Small helpers shared by the services."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import ValidationError
from sqlmodel import SQLModel

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
