"""Statistics of a team database: published reports (issue 18, item 3).

The statistics role must never read a person table, only figures that passed disclosure
control. The report pipeline (``services.statistics``: the tables funders count, optimal
cell suppression with HiGHS or the cell-key method, and the final disclosure check) is
Python; PostgreSQL could run it only with an untrusted language and our package installed
on the database server. So the pipeline runs where the administration runs it, and the
server keeps what it **publishes**:

- ``stats publish`` (superuser connection, like ``server init`` and ``vault push``) builds a
  report over the whole organisation on one consistent snapshot (REPEATABLE READ), exactly
  as a desk does (same SQL rule, PostgreSQL spellings: ``services.statistics.report_on``),
  and stores the finished report in ``published_report`` — an owner-only table. Publishing
  is audited (``stats.publish``, the period, profile, method and table ids: no figures).
- The statistics role (and leads and admins) read it only through the SECURITY DEFINER
  function ``rd_published_report``, which returns one finished report and audits the read
  (``stats.read_published``; in the reader's transaction, so a read rolled back leaves no
  event — what it returned was published anyway);
  ``stats export --dsn`` writes it as csv, xlsx, pdf or json with the desk's exporters.

A statistics login therefore sees exactly the cells a funder sees. It cannot ask for other
periods or categories than were published, so it cannot difference or average its way past
the protection either (the attacks of issue 14 need free queries).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine

from referral_desk.core.errors import InvalidInput, NotFound
from referral_desk.core.services import statistics
from referral_desk.core.services.statistics import Period, Report, StatTable

FORMAT_VERSION = 1

TABLE_SQL = (
    "CREATE TABLE published_report (id serial PRIMARY KEY, period_from date NOT NULL, period_to date NOT NULL, "
    "profile text NOT NULL, method text NOT NULL, lang text NOT NULL, min_cell integer NOT NULL, "
    "published_at timestamptz NOT NULL DEFAULT now(), report jsonb NOT NULL, "
    "UNIQUE (period_from, period_to, profile, method, lang))"
)


def functions_sql(definer: str) -> list[str]:
    """``rd_published_report`` (one finished report, audited) and ``rd_published_reports``
    (what is there to read), both without any person data."""
    return [
        f"""CREATE FUNCTION rd_published_report(p_from date, p_to date, p_profile text, p_method text, p_lang text)
            RETURNS jsonb {definer} AS $$
            DECLARE doc jsonb;
            BEGIN
              SELECT report INTO doc FROM published_report WHERE period_from = p_from AND period_to = p_to
                AND profile = p_profile AND method = p_method AND lang = p_lang;
              IF doc IS NOT NULL THEN
                PERFORM rd_audit('stats.read_published', 'statistics', NULL,
                                 json_build_array('period:' || p_from || '..' || p_to, 'profile:' || p_profile,
                                                  'method:' || p_method)::text);
              END IF;
              RETURN doc;
            END $$""",
        f"""CREATE FUNCTION rd_published_reports()
            RETURNS TABLE(period_from date, period_to date, profile text, method text, lang text,
                          min_cell integer, published_at timestamptz) {definer} AS $$
            BEGIN
              RETURN QUERY SELECT r.period_from, r.period_to, r.profile, r.method, r.lang, r.min_cell,
                                  r.published_at FROM published_report r ORDER BY r.period_from, r.profile;
            END $$""",
    ]


# --- the report as a document (every field, so it comes back the same) ----------------------


def to_document(report: Report) -> dict[str, Any]:
    return {
        "format": FORMAT_VERSION,
        "period": [report.period.start.isoformat(), report.period.end.isoformat()],
        "min_cell": report.min_cell,
        "organisation": report.organisation,
        "service": report.service,
        "scope": report.scope,
        "lang": report.lang,
        "profile": report.profile,
        "method": report.method,
        "loss": report.loss,
        "tables": [
            {
                "id": t.id,
                "measure": t.measure,
                "dimensions": list(t.dimensions),
                "title": t.title,
                "short_title": t.short_title,
                "dimension_titles": list(t.dimension_titles),
                "measure_title": t.measure_title,
                "rows": list(t.rows),
                "cols": list(t.cols),
                "row_labels": dict(t.row_labels),
                "col_labels": dict(t.col_labels),
                "values": [[list(k), v] for k, v in t.values.items()],
                "margins": t.margins,
                "note": t.note,
            }
            for t in report.tables
        ],
    }


def from_document(doc: dict[str, Any]) -> Report:
    if doc.get("format") != FORMAT_VERSION:
        raise InvalidInput("team.report_format", field="report")
    tables = tuple(
        StatTable(
            id=t["id"],
            measure=t["measure"],
            dimensions=tuple(t["dimensions"]),
            title=t["title"],
            short_title=t["short_title"],
            dimension_titles=tuple(t["dimension_titles"]),
            measure_title=t["measure_title"],
            rows=tuple(t["rows"]),
            cols=tuple(t["cols"]),
            row_labels=dict(t["row_labels"]),
            col_labels=dict(t["col_labels"]),
            values={tuple(k): v for k, v in t["values"]},
            margins=bool(t["margins"]),
            note=t["note"],
        )
        for t in doc["tables"]
    )
    start, end = doc["period"]
    report = Report(
        period=Period(dt.date.fromisoformat(start), dt.date.fromisoformat(end)),
        min_cell=int(doc["min_cell"]),
        organisation=doc["organisation"],
        service=doc["service"],
        scope=doc["scope"],
        lang=doc["lang"],
        tables=tables,
        profile=doc["profile"],
        method=doc["method"],
        loss=float(doc["loss"]),
    )
    statistics.check_report(report)  # the same final gate as on the desk, on what comes back
    return report


# --- publishing (administration, superuser connection) ---------------------------------------


@dataclass(frozen=True)
class Published:
    period: Period
    profile: str
    method: str
    lang: str
    min_cell: int
    tables: tuple[str, ...]
    replaced: bool


def publish(
    engine: Engine,
    *,
    period_from: Any,
    period_to: Any,
    profile: str = "all",
    method: str = "suppression",
    min_cell: int | None = None,
    lang: str = "de",
) -> Published:
    """Build the organisation's report on one snapshot and store it for the statistics role.
    Publishing the same period, profile, method and language again replaces it."""
    # One snapshot for every query of the report (writers go on meanwhile).
    with engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True) as conn:
        from referral_desk.core.team.server import require_superuser  # server builds on this module

        require_superuser(conn)
        report = statistics.report_on(
            conn,
            counsellor_id=None,
            period_from=period_from,
            period_to=period_to,
            min_cell=min_cell,
            lang=lang,
            profile=profile,
            method=method,
        )
        conn.rollback()
    doc = json.dumps(to_document(report), ensure_ascii=False)
    with engine.begin() as conn:
        replaced = conn.execute(
            text(
                "DELETE FROM published_report WHERE period_from = :f AND period_to = :t AND profile = :p "
                "AND method = :m AND lang = :l"
            ),
            _key(report),
        ).rowcount
        conn.execute(
            text(
                "INSERT INTO published_report (period_from, period_to, profile, method, lang, min_cell, report) "
                "VALUES (:f, :t, :p, :m, :l, :k, CAST(:doc AS jsonb))"
            ),
            {**_key(report), "k": report.min_cell, "doc": doc},
        )
        fields = [
            f"period:{report.period.start}..{report.period.end}",
            f"profile:{report.profile}",
            f"method:{report.method}",
            f"min_cell:{report.min_cell}",
            *report.table_ids,
        ]
        conn.execute(text("SELECT rd_audit('stats.publish', 'statistics', NULL, :f)"), {"f": json.dumps(fields)})
    return Published(
        report.period, report.profile, report.method, report.lang, report.min_cell, report.table_ids, bool(replaced)
    )


def _key(report: Report) -> dict[str, Any]:
    return {
        "f": report.period.start,
        "t": report.period.end,
        "p": report.profile,
        "m": report.method,
        "l": report.lang,
    }


# --- reading (statistics role, leads, admins) --------------------------------------------------


def read_published(
    conn: Connection, *, period_from: Any, period_to: Any, profile: str, method: str, lang: str
) -> Report:
    """The published report, or NotFound naming the period, profile and method that the
    administration has not published (yet)."""
    period = statistics.make_period(period_from, period_to)
    profile = statistics.check_profile(profile)
    method = statistics.check_method(method)
    lang = "en" if lang == "en" else "de"
    doc = conn.execute(
        text("SELECT rd_published_report(:f, :t, :p, :m, :l)"),
        {"f": period.start, "t": period.end, "p": profile, "m": method, "l": lang},
    ).scalar()
    if doc is None:
        raise NotFound(
            "team.report_not_published",
            field="period",
            period=(period.dates("de"), period.dates("en")),
            profile=statistics.PROFILE_LABELS[profile],
            method=statistics.METHOD_LABELS[method],
        )
    return from_document(doc if isinstance(doc, dict) else json.loads(doc))


def published_reports(conn: Connection) -> list[dict[str, Any]]:
    return [dict(r._mapping) for r in conn.execute(text("SELECT * FROM rd_published_reports()"))]
