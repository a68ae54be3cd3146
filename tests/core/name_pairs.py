"""The labelled name pairs (tests/data/name_pairs.csv) and their evaluation through the real
search service; shared by tests/core/test_name_search.py and benchmarks/bench_name_search.py.

Each row is one stored client and one query. ``field`` says whether ``stored`` is the family
name or the given names (the other field gets the neutral name ``Testperson``, which no
query matches); ``document_spelling`` is the document spelling of that field. A pair is
predicted positive if the query's result list (all matches, ``clients.search_ids``) holds
that client. Hits on other clients of the vault are not counted either way.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import text

from referral_desk.core.migrations import v2_search
from referral_desk.core.models import ClientCreate
from referral_desk.core.services import clients

PAIRS_CSV = Path(__file__).resolve().parents[1] / "data" / "name_pairs.csv"
NEUTRAL = "Testperson"


def load_pairs() -> list[dict[str, str]]:
    with PAIRS_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _names(row: dict[str, str]) -> dict[str, Any]:
    doc = row["document_spelling"] or None
    if row["field"] == "family":
        return {
            "family_name": row["stored"],
            "given_names": NEUTRAL,
            "document_family_name": doc,
            "document_given_names": NEUTRAL if doc else None,
        }
    return {
        "family_name": NEUTRAL,
        "given_names": row["stored"],
        "document_family_name": NEUTRAL if doc else None,
        "document_given_names": doc,
    }


def add_pair_clients(ctx: Any, rows: list[dict[str, str]]) -> list[int]:
    """Create one client per row through the client service; returns their ids in order.

    The document spelling goes through the service where ``ClientCreate`` has the field
    (issue 10, item 3 adds it); otherwise it is written with SQL and the keys are rebuilt by
    the v2 migration's own rebuild function, the code an upgraded vault runs."""
    with_doc = "document_family_name" in ClientCreate.model_fields
    items = []
    for i, row in enumerate(rows):
        names = _names(row)
        item = {
            "family_name": names["family_name"],
            "given_names": names["given_names"],
            "birth_date": (dt.date(1950, 1, 1) + dt.timedelta(days=i)).isoformat(),
        }
        if with_doc:
            item.update({k: names[k] for k in ("document_family_name", "document_given_names") if names[k]})
        items.append(item)
    ids = [c.id for c in clients.create_clients(ctx, items=items, allow_duplicate=True)]
    if not with_doc:
        updates = [{"id": cid, **_names(row)} for cid, row in zip(ids, rows) if row["document_spelling"]]
        if updates:
            with ctx.vault.write() as conn:
                conn.execute(
                    text(
                        "UPDATE client SET document_family_name = :document_family_name, "
                        "document_given_names = :document_given_names WHERE id = :id"
                    ),
                    updates,
                )
                v2_search.rebuild(conn, [u["id"] for u in updates])
    return ids


@dataclass
class Result:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    false_positives: list[tuple[str, str]] = field(default_factory=list)
    false_negatives: list[tuple[str, str]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0


def evaluate(ctx: Any, rows: list[dict[str, str]], ids: list[int]) -> Result:
    result = Result()
    for row, cid in zip(rows, ids):
        found = cid in set(clients.search_ids(ctx, query=clients.ClientQuery(text=row["query"])))
        wanted = row["should_match"] == "yes"
        if found and wanted:
            result.tp += 1
        elif found:
            result.fp += 1
            result.false_positives.append((row["query"], row["stored"]))
        elif wanted:
            result.fn += 1
            result.false_negatives.append((row["query"], row["stored"]))
        else:
            result.tn += 1
    return result
