"""Three-way merge of a record someone else saved while it was being edited (issue 18).

A save carries the version the form was loaded at; when the stored record moved on, the
service refuses it (``client.version_conflict``) and nothing is lost or overwritten. The app
then compares three states of the same fields: what the form was loaded from (``base``), what
the person typed (``mine``) and what is stored now (``theirs``):

- a field only one side changed takes that side's value (no question asked);
- a field both changed to the same value is not a conflict;
- a field both changed differently is a **conflict**: the person decides, "mine" preselected.

The same rule checks a draft brought back after a lock against the record as it is now.
States are plain dicts (the form's values); ``same`` says when two values mean the same
(e.g. whitespace), so only real differences are shown.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class FieldChoice:
    """One field whose stored value differs from what the person has in the form."""

    key: str
    base: Any
    mine: Any
    theirs: Any
    mine_changed: bool  # the person changed it since loading
    theirs_changed: bool  # it was saved by someone else since loading

    @property
    def conflict(self) -> bool:
        return self.mine_changed and self.theirs_changed

    @property
    def default_mine(self) -> bool:
        """Preselected side: the person's own change, else the stored value."""
        return self.mine_changed


@dataclass(frozen=True)
class MergePlan:
    fields: tuple[FieldChoice, ...]

    @property
    def conflicts(self) -> tuple[FieldChoice, ...]:
        return tuple(f for f in self.fields if f.conflict)

    @property
    def taken_from_theirs(self) -> tuple[FieldChoice, ...]:
        """Changes saved meanwhile that the person had not touched: taken over silently."""
        return tuple(f for f in self.fields if f.theirs_changed and not f.mine_changed)

    def merged(self, theirs: Mapping[str, Any], keep_mine: Mapping[str, bool] | None = None) -> dict[str, Any]:
        """``theirs`` with the person's values where they are kept (``keep_mine[key]``,
        default: each field's ``default_mine``)."""
        out = dict(theirs)
        for f in self.fields:
            keep = f.default_mine if keep_mine is None else keep_mine.get(f.key, f.default_mine)
            if keep:
                out[f.key] = f.mine
        return out


def _equal(a: Any, b: Any) -> bool:
    return bool(a == b)


def plan_merge(
    base: Mapping[str, Any],
    mine: Mapping[str, Any],
    theirs: Mapping[str, Any],
    *,
    same: Callable[[str, Any, Any], bool] | None = None,
) -> MergePlan:
    """The fields where ``mine`` and ``theirs`` differ, each with who changed it since ``base``."""
    eq = same or (lambda _k, a, b: _equal(a, b))
    fields = []
    for key in theirs:
        m, t, b = mine.get(key), theirs.get(key), base.get(key)
        if eq(key, m, t):
            continue
        fields.append(FieldChoice(key, b, m, t, mine_changed=not eq(key, m, b), theirs_changed=not eq(key, t, b)))
    return MergePlan(tuple(fields))
