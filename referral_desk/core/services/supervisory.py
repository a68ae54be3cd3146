"""The data-protection supervisory authority printed on consent declarations, per regime.

Kept as data, never as template text: the shipped catalogue
(``resources/catalogues/supervisory_authorities.json``, facts from shared/REFERENCE.md) gives
what is verified; the organisation's own entry in the vault (table ``supervisory_authority``)
overrides it field by field. A field that is empty in both is *missing*, and consent
declarations are not printed until the organisation fills it (see ``consent.print_gate``):
REFERENCE.md does not verify every street address, and none is invented here.
"""

import json
from functools import cache
from typing import Annotated, Any

from sqlalchemy import text
from sqlalchemy.engine import Connection
from sqlmodel import SQLModel

# SQLModel types model_config as its own TypedDict (pydantic's ConfigDict plus `table`).
from sqlmodel.main import SQLModelConfig

from referral_desk.core import policy, validation as v
from referral_desk.core.errors import InvalidInput
from referral_desk.core.models import SupervisoryAuthority, utcnow
from referral_desk.core.paths import resource
from referral_desk.core.services.common import stale_as_conflict, validate
from referral_desk.core.services.context import ServiceContext

REGIMES = ("dsgvo", "kdg", "dsg-ekd")
FIELDS = ("name", "street", "postal_code", "city", "email")
#: Fields a printed declaration needs (e-mail is optional).
REQUIRED = ("name", "street", "postal_code", "city")


class AuthorityRead(SQLModel):
    regime: str
    name: str | None
    street: str | None
    postal_code: str | None
    city: str | None
    email: str | None
    overridden: list[str]  # fields the organisation set itself

    @property
    def address(self) -> str:
        town = " ".join(p for p in (self.postal_code, self.city) if p)
        return ", ".join(p for p in (self.street, town, self.email) if p)

    @property
    def missing(self) -> list[str]:
        return [f for f in REQUIRED if not getattr(self, f)]


class AuthorityUpdate(SQLModel):
    model_config = SQLModelConfig(extra="forbid")
    name: Annotated[str | None, v.text_rule(300)] = None
    street: Annotated[str | None, v.text_rule(200)] = None
    postal_code: v.PostalCode = None
    city: Annotated[str | None, v.text_rule(100)] = None
    email: v.Email = None


@cache
def catalogue() -> dict[str, dict[str, str]]:
    data = json.loads(resource("catalogues", "supervisory_authorities.json").read_text("utf-8"))
    return {k: val for k, val in data.items() if k in REGIMES}


def _check_regime(regime: str) -> str:
    if regime not in REGIMES:
        shown = regime if isinstance(regime, str) and len(regime) <= 20 and regime.isprintable() else "?"
        raise InvalidInput("input.choice", field="regime", value=shown, allowed=", ".join(REGIMES))
    return regime


def read(conn: Connection, regime: str) -> AuthorityRead:
    """The authority in force for ``regime`` (inside a caller's transaction)."""
    _check_regime(regime)
    shipped = catalogue().get(regime, {})
    row = conn.execute(
        text("SELECT name, street, postal_code, city, email FROM supervisory_authority WHERE regime = :r"),
        {"r": regime},
    ).first()
    values: dict[str, Any] = {}
    overridden = []
    for i, f in enumerate(FIELDS):
        own = row[i] if row is not None else None
        if own is not None:
            overridden.append(f)
        values[f] = (own if own is not None else shipped.get(f)) or None
    return AuthorityRead(regime=regime, overridden=overridden, **values)


def get(ctx: ServiceContext, *, regime: str | None = None) -> AuthorityRead:
    """The authority of ``regime`` (default: the organisation's regime)."""
    with ctx.reading() as conn:
        if regime is None:
            regime = conn.execute(text("SELECT legal_regime FROM organisation WHERE id = 1")).scalar() or "dsgvo"
        return read(conn, regime)


def set_authority(ctx: ServiceContext, *, regime: str, changes: Any) -> AuthorityRead:
    """The organisation's own entry (admin). An empty string clears a field back to the
    shipped value. Audited with the field names."""
    policy.require_role(ctx.actor, ("admin",), "settings")
    _check_regime(regime)
    raw = dict(changes or {})
    cleared = [k for k, val in raw.items() if k in FIELDS and isinstance(val, str) and not val.strip()]
    upd = validate(AuthorityUpdate, {k: val for k, val in raw.items() if k not in cleared})
    given = upd.model_dump(exclude_unset=True)
    with (
        stale_as_conflict(ctx, "authority", "supervisory_authority", regime, None, key="regime"),
        ctx.transaction() as uow,
    ):
        row = uow.session.get(SupervisoryAuthority, regime) or SupervisoryAuthority(regime=regime)
        for k, val in given.items():
            setattr(row, k, val)
        for k in cleared:
            setattr(row, k, None)
        row.updated_by = ctx.actor_id
        row.updated_at = utcnow()
        uow.session.add(row)
        uow.session.flush()
        uow.record(
            "supervisory_authority.update",
            entity="supervisory_authority",
            fields=sorted(set(given) | set(cleared) | {"regime"}),
        )
        return read(uow.conn, regime)
