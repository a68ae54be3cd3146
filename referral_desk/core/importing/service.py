"""Importing a client list (DESIGN.md §11): preview, check, import.

``check_import`` reads the whole sheet, converts and validates every row like
``client add`` and looks for duplicates within the file and in the vault; it writes
nothing. ``import_clients`` does the same and then, unless refused, creates the clients in
ONE transaction with one ``client.import`` audit event carrying the file's sha256 (never
its name) plus the usual ``client.create`` event per record. Cancelling (the wizard) rolls
the transaction back: nothing is written.

Reports name rows, columns and message codes, never a cell's value.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_desk.core import clock, policy, sqlcompat
from referral_desk.core.errors import InvalidInput, ReferralDeskError
from referral_desk.core.importing import (
    convert as cv,
    messages as _messages,  # noqa: F401 - registers the texts
)
from referral_desk.core.importing.mapping import (
    FIELDS,
    Layout,
    Mapping,
    MappingFile,
    auto_mapping,
    check_mapping,
    detect_layout,
)
from referral_desk.core.importing.readers import MAX_FILE_BYTES, Sheet, column_letter, file_sha256, open_sheet
from referral_desk.core.messages import render
from referral_desk.core.models import CLIENT_READ_ONLY, ClientCreate, Contact, utcnow
from referral_desk.core.services import clients
from referral_desk.core.services.common import validate
from referral_desk.core.services.context import ServiceContext

ON_DUPLICATE = ("refuse", "skip", "create")
ON_INVALID = ("refuse", "skip")
PREVIEW_ROWS = 20
_CHUNK = 500  # rows per insert statement; progress and cancel are checked between chunks
# No cell of a client list needs more (notes allow 20,000 characters).
MAX_CELL_CHARS = 20_000

Progress = Callable[[str, int, int | None], None]

_CONVERTERS: dict[str, Callable[[Any], Any]] = {
    "family_name": cv.text_value,
    "given_names": cv.text_value,
    "birth_date": cv.date_value,
    "gender": cv.gender_value,
    "nationalities": cv.nationalities_value,
    "preferred_language": cv.language_value,
    "interpreter_needed": cv.bool_value,
    "residence_status": cv.residence_status_value,
    "residence_valid_until": cv.future_date_value,
    "employment_permitted": cv.enum_converter("employment_permitted"),
    "german_level": cv.enum_converter("german_level"),
    "integration_course": cv.enum_converter("integration_course"),
    "arrival_date": cv.date_value,
    "phone": cv.phone_value,
    "email": cv.text_value,
    "street": cv.text_value,
    "postal_code": cv.postal_code_value,
    "city": cv.text_value,
    "jobcenter_customer_number": cv.text_value,
    "notes": cv.text_value,
    "last_contact": cv.date_value,
    "full_name": cv.full_name_value,
    "residence_basis": cv.residence_basis_value,
}
_ADDRESS = ("street", "postal_code", "city")


def _memoised(fn: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """Columns like nationality or residence status repeat a few dozen values over
    thousands of rows: convert each distinct value once (errors included)."""
    memo: dict[tuple[type, Any], tuple[bool, Any]] = {}

    def convert(value: Any) -> Any:
        try:
            key = (value.__class__, value)
            hit = memo.get(key)
        except TypeError:  # unhashable: not from our readers, convert directly
            return fn(value)
        if hit is None:
            try:
                hit = (True, fn(value))
            except cv.CellError as exc:
                hit = (False, exc)
            if len(memo) < 10_000:
                memo[key] = hit
        if not hit[0]:
            raise cv.CellError(hit[1].code, **hit[1].params)
        return list(hit[1]) if isinstance(hit[1], list) else hit[1]

    return convert


for _f in (
    "gender",
    "nationalities",
    "preferred_language",
    "interpreter_needed",
    "residence_status",
    "employment_permitted",
    "german_level",
    "integration_course",
    "postal_code",
    "city",
):
    _CONVERTERS[_f] = _memoised(_CONVERTERS[_f])


class ImportCancelled(ReferralDeskError):
    exit_code = 1

    def __init__(self) -> None:
        super().__init__("import.cancelled")


# --- results -------------------------------------------------------------------------------


@dataclass
class Problem:
    row: int
    column: str | None  # header text (or column letter) as in the file
    field: str | None
    code: str
    # dataclasses.field by its full name: `field` is also an attribute of this class
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message(self, lang: str = "de") -> str:
        params = {k: v for k, v in self.params.items() if k != "value"}
        if "value" in self.params:
            params["value"] = "…"  # closed-vocabulary echoes are dropped too: never a cell value
        return render(self.code, lang, field=self.field, **params)

    def to_json(self, lang: str = "de") -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "field": self.field, "message": self.message(lang)}


@dataclass
class Duplicate:
    row: int
    case_number: str | None = None  # only where the user may open that record
    in_vault: bool = False
    of_row: int | None = None  # the earlier row of this file with the same person

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"row": self.row}
        if self.case_number:
            out["case_number"] = self.case_number
        if self.of_row is not None:
            out["same_as_row"] = self.of_row
        else:
            out["in_vault"] = self.in_vault
        return out


@dataclass
class ImportReport:
    sha256: str
    sheet: str
    header_row: int
    rows: int = 0
    created: int = 0
    would_create: int = 0
    skipped: int = 0
    duplicates: list[Duplicate] = field(default_factory=list)
    invalid: list[Problem] = field(default_factory=list)
    contacts: int = 0
    dry_run: bool = False
    outcome: str = "ok"  # ok | dry_run | refused_invalid | refused_duplicates | cancelled
    client_ids: list[int] = field(default_factory=list)

    @property
    def invalid_rows(self) -> int:
        return len({p.row for p in self.invalid})

    @property
    def exit_code(self) -> int:
        return {"refused_invalid": 2, "refused_duplicates": 3, "cancelled": 1}.get(self.outcome, 0)

    def to_json(self, lang: str = "de") -> dict[str, Any]:
        return {
            "rows": self.rows,
            "created": self.created,
            "duplicates": [d.to_json() for d in self.duplicates],
            "skipped": self.skipped,
            "invalid": [p.to_json(lang) for p in self.invalid],
            "dry_run": self.dry_run,
            "would_create": self.would_create,
            "contacts": self.contacts,
            "outcome": self.outcome,
            "sheet": self.sheet,
            "header_row": self.header_row,
            "sha256": self.sha256,
            "client_ids": self.client_ids,
        }


@dataclass
class PreviewCell:
    text: str
    mapped: bool
    error: str | None = None  # message (German/English), never the value


@dataclass
class Preview:
    sheet: str
    sheet_names: list[str]
    layout: Layout
    mapping: Mapping
    rows: list[tuple[int, list[PreviewCell]]]


# --- shared steps -------------------------------------------------------------------------


@dataclass
class _Source:
    sheet: Sheet
    layout: Layout
    mapping: Mapping
    body: Any  # iterator over the rows below the header


def _open(
    path: str | Path,
    *,
    sheet: str | None,
    mapping: MappingFile | Mapping | None,
    header_row: int | None,
    max_bytes: int,
    strict: bool,
) -> _Source:
    src = open_sheet(path, sheet=sheet, max_bytes=max_bytes)
    rows = src.rows()
    head: list[tuple[int, list[Any]]] = []
    for number, cells in rows:
        head.append((number, cells))
        if len(head) >= 20:
            break
    if not any(any(not cv.is_blank(c) for c in cells) for _, cells in head):
        raise InvalidInput("import.empty", field="file")
    file_map = mapping if isinstance(mapping, MappingFile) else None
    wanted_row = header_row if header_row is not None else (file_map.header_row if file_map else None)
    layout = detect_layout(head, header_row=wanted_row, known_headers=set(file_map.columns) if file_map else None)
    if isinstance(mapping, Mapping):
        resolved = mapping
    elif file_map is not None:
        resolved = file_map.apply(layout)
    else:
        resolved = auto_mapping(layout)
        if strict and resolved.conflicts:
            f, headers = resolved.conflicts[0]
            raise InvalidInput("import.header_twice", field=f, headers=", ".join(headers)[:200])
    if strict:
        check_mapping(resolved)

    def body() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in head:
            if number > layout.header_row:
                yield number, cells
        for number, cells in rows:
            yield number, cells

    return _Source(src, layout, resolved, body())


def _convert_row(cells: list[Any], source: _Source, number: int) -> tuple[dict[str, Any], dict[str, Problem]]:
    """Converted values by field, and conversion problems by field."""
    values: dict[str, Any] = {}
    problems: dict[str, Problem] = {}
    for idx, f in source.mapping.fields.items():
        cell = cells[idx] if idx < len(cells) else None
        header = source.layout.columns[idx].header if idx < len(source.layout.columns) else column_letter(idx)
        if isinstance(cell, str) and len(cell) > MAX_CELL_CHARS:
            problems[f] = Problem(number, header, f, "import.cell_too_long", {"max": MAX_CELL_CHARS})
            continue
        try:
            value = _CONVERTERS[f](cell)
        except cv.CellError as exc:
            problems[f] = Problem(number, header, f, exc.code, dict(exc.params))
            continue
        if value is not None:
            values[f] = value
    return values, problems


def _client_payload(values: dict[str, Any]) -> dict[str, Any]:
    data = {k: v for k, v in values.items() if k not in _ADDRESS and k not in ("last_contact", "full_name")}
    if "full_name" in values:
        data["family_name"], data["given_names"] = values["full_name"]
    address = {k: values[k] for k in _ADDRESS if k in values}
    if address:
        data["address"] = address
    return data


def _header_for(source: _Source, f: str | None) -> str | None:
    if not f:
        return None
    key = f.split(".")[-1] if f.startswith("address.") else f
    idx = source.mapping.column_for(key)
    if idx is None and key in ("family_name", "given_names"):
        idx = source.mapping.column_for("full_name")
    if idx is None or idx >= len(source.layout.columns):
        return None
    return source.layout.columns[idx].header


@dataclass
class _Row:
    number: int
    data: ClientCreate
    last_contact: dt.date | None
    key: str


def _analyse(
    ctx: ServiceContext, source: _Source, progress: Progress | None, cancelled: Callable[[], bool] | None
) -> tuple[int, list[_Row], list[Problem]]:
    """Convert and validate every row. Returns (data rows, valid rows, problems)."""
    count = 0
    valid: list[_Row] = []
    problems: list[Problem] = []
    total = source.sheet.height
    for number, cells in source.body:
        if all(cv.is_blank(c) for c in cells):
            continue
        count += 1
        if count % 500 == 0:
            if cancelled and cancelled():
                raise ImportCancelled()
            if progress:
                progress("check", number, total)
        values, row_problems = _convert_row(cells, source, number)
        if row_problems:
            problems.extend(row_problems.values())
            continue
        try:
            data = validate(ClientCreate, _client_payload(values), read_only=CLIENT_READ_ONLY)
        except InvalidInput as exc:
            params = {k: v for k, v in exc.params.items() if k not in ("field", "item")}
            problems.append(Problem(number, _header_for(source, exc.field), exc.field, exc.code, params))
            continue
        last = values.get("last_contact")
        if last is not None:
            if last > clock.today():
                problems.append(
                    Problem(number, _header_for(source, "last_contact"), "last_contact", "input.date_future")
                )
                continue
            if last < data.birth_date:
                problems.append(
                    Problem(
                        number,
                        _header_for(source, "last_contact"),
                        "last_contact",
                        "input.date_before",
                        {"other": "birth_date"},
                    )
                )
                continue
        valid.append(_Row(number, data, last, clients.dup_key(data.family_name, data.given_names, data.birth_date)))
    if count == 0:
        raise InvalidInput("import.no_rows", field="file")
    return count, valid, problems


def _duplicates(ctx: ServiceContext, valid: list[_Row]) -> dict[int, Duplicate]:
    """Row number → duplicate (earlier row of the file, or existing record)."""
    found: dict[int, Duplicate] = {}
    first: dict[str, int] = {}
    for r in valid:
        if r.key in first:
            found[r.number] = Duplicate(r.number, of_row=first[r.key])
        else:
            first[r.key] = r.number
    with ctx.reading() as conn:
        existing = clients.duplicates_visible_to(conn, ctx.actor, list(first))
    for r in valid:
        if r.number in found or r.key not in existing:
            continue
        visible = [c for c in existing[r.key] if c]
        found[r.number] = Duplicate(r.number, case_number=", ".join(visible) or None, in_vault=True)
    return found


def _prepare(
    ctx: ServiceContext,
    path: str | Path,
    *,
    sheet: str | None,
    mapping: MappingFile | Mapping | None,
    header_row: int | None,
    on_duplicate: str,
    on_invalid: str,
    max_bytes: int,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
    expected_sha256: str | None,
) -> tuple[ImportReport, list[_Row]]:
    policy.require_client_role(ctx.actor, "client import")
    if on_duplicate not in ON_DUPLICATE:
        raise InvalidInput(
            "input.choice", field="on_duplicate", value=str(on_duplicate)[:20], allowed=", ".join(ON_DUPLICATE)
        )
    if on_invalid not in ON_INVALID:
        raise InvalidInput(
            "input.choice", field="on_invalid", value=str(on_invalid)[:20], allowed=", ".join(ON_INVALID)
        )
    path = Path(path)
    source = _open(path, sheet=sheet, mapping=mapping, header_row=header_row, max_bytes=max_bytes, strict=True)
    digest = file_sha256(path)
    if expected_sha256 and digest != expected_sha256:
        raise InvalidInput("import.file_changed", field="file")
    report = ImportReport(sha256=digest, sheet=source.sheet.name, header_row=source.layout.header_row)
    report.rows, valid, report.invalid = _analyse(ctx, source, progress, cancelled)
    dups = _duplicates(ctx, valid)
    report.duplicates = sorted(dups.values(), key=lambda d: d.row)
    to_create = valid
    if on_duplicate == "skip":
        to_create = [r for r in valid if r.number not in dups]
    report.skipped = report.invalid_rows + (len(valid) - len(to_create))
    if report.invalid and on_invalid == "refuse":
        report.outcome = "refused_invalid"
        report.skipped = 0
        return report, []
    if dups and on_duplicate == "refuse":
        report.outcome = "refused_duplicates"
        report.skipped = 0
        return report, []
    report.would_create = len(to_create)
    return report, to_create


def check_import(
    ctx: ServiceContext,
    *,
    path: str | Path,
    sheet: str | None = None,
    mapping: MappingFile | Mapping | None = None,
    header_row: int | None = None,
    on_duplicate: str = "refuse",
    on_invalid: str = "refuse",
    max_bytes: int = MAX_FILE_BYTES,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportReport:
    """Everything an import does except writing (``--dry-run``, the wizard's check page)."""
    report, _ = _prepare(
        ctx,
        path,
        sheet=sheet,
        mapping=mapping,
        header_row=header_row,
        on_duplicate=on_duplicate,
        on_invalid=on_invalid,
        max_bytes=max_bytes,
        progress=progress,
        cancelled=cancelled,
        expected_sha256=None,
    )
    report.dry_run = True
    if report.outcome == "ok":
        report.outcome = "dry_run"
    return report


def import_clients(
    ctx: ServiceContext,
    *,
    path: str | Path,
    sheet: str | None = None,
    mapping: MappingFile | Mapping | None = None,
    header_row: int | None = None,
    on_duplicate: str = "refuse",
    on_invalid: str = "refuse",
    dry_run: bool = False,
    max_bytes: int = MAX_FILE_BYTES,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    expected_sha256: str | None = None,
) -> ImportReport:
    """Import a client list in one transaction (see the module docstring). A refused
    import returns its report with ``outcome`` saying why and writes nothing."""
    if dry_run:
        return check_import(
            ctx,
            path=path,
            sheet=sheet,
            mapping=mapping,
            header_row=header_row,
            on_duplicate=on_duplicate,
            on_invalid=on_invalid,
            max_bytes=max_bytes,
            progress=progress,
            cancelled=cancelled,
        )
    report, to_create = _prepare(
        ctx,
        path,
        sheet=sheet,
        mapping=mapping,
        header_row=header_row,
        on_duplicate=on_duplicate,
        on_invalid=on_invalid,
        max_bytes=max_bytes,
        progress=progress,
        cancelled=cancelled,
        expected_sha256=expected_sha256,
    )
    if report.outcome != "ok":
        return report
    today = clock.today()
    total = len(to_create)
    # ImportCancelled propagates out of the transaction: it rolls back, nothing is written.
    with ctx.transaction() as uow:
        ids: list[int] = []
        contacts: list[dict[str, Any]] = []
        now = utcnow()
        for start in range(0, total, _CHUNK):
            if cancelled and cancelled():
                raise ImportCancelled()
            if progress:
                progress("import", start, total)
            chunk = to_create[start : start + _CHUNK]
            new_ids = clients.insert_clients_bulk(
                uow,
                [r.data for r in chunk],
                counsellor_id=ctx.actor_id,
                opened_on=today,
                last_contact=[r.last_contact for r in chunk],
                dup_keys=[r.key for r in chunk],
            )
            ids.extend(new_ids)
            # The list gives the date of the last contact only: duration unknown (0 minutes),
            # no topics; the record shows it as a contact on that day.
            contacts.extend(
                {
                    "client_id": cid,
                    "date": r.last_contact,
                    "minutes": 0,
                    "mode": "in_person",
                    "topics": [],
                    "interpreter": False,
                    "language": None,
                    "note": None,
                    "with_family": 0,
                    "counsellor_id": ctx.actor_id,
                    "created_at": now,
                    "updated_at": now,
                }
                for cid, r in zip(new_ids, chunk)
                if r.last_contact is not None
            )
        if contacts:
            for c, contact_id in zip(contacts, sqlcompat.new_ids(uow.conn, "contact", len(contacts)), strict=True):
                c["id"] = contact_id
            clients.bulk_insert(uow.conn, Contact.__table__, contacts)  # type: ignore[attr-defined]  # set by SQLModel
            for c in contacts:
                uow.record("contact.create", entity="contact", entity_id=c["id"], fields=["client_id", "date"])
        if cancelled and cancelled():
            raise ImportCancelled()
        uow.record(
            "client.import",
            entity="import",
            entity_id=None,
            fields=[
                f"sha256:{report.sha256}",
                f"rows:{report.rows}",
                f"created:{len(ids)}",
                f"skipped:{report.skipped}",
            ],
        )
        if progress:
            progress("import", total, total)
    report.created = len(ids)
    report.would_create = 0
    report.contacts = len(contacts)
    report.client_ids = ids
    return report


# --- preview (no vault needed) ----------------------------------------------------------------


def sheet_names(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> list[str]:
    return open_sheet(path, max_bytes=max_bytes).sheet_names


def preview(
    path: str | Path,
    *,
    sheet: str | None = None,
    mapping: MappingFile | Mapping | None = None,
    header_row: int | None = None,
    limit: int = PREVIEW_ROWS,
    lang: str = "de",
    max_bytes: int = MAX_FILE_BYTES,
) -> Preview:
    """The first ``limit`` data rows converted with ``mapping`` (automatic if None). Cells
    of unmapped columns are shown as read; conversion and validation problems per cell."""
    source = _open(path, sheet=sheet, mapping=mapping, header_row=header_row, max_bytes=max_bytes, strict=False)
    out: list[tuple[int, list[PreviewCell]]] = []
    width = len(source.layout.columns)
    for number, cells in source.body:
        if all(cv.is_blank(c) for c in cells):
            continue
        values, problems = _convert_row(cells, source, number)
        if (
            not problems
            and "birth_date" in values
            and ("full_name" in values or ("family_name" in values and "given_names" in values))
        ):
            try:
                validate(ClientCreate, _client_payload(values), read_only=CLIENT_READ_ONLY)
            except InvalidInput as exc:
                key = (exc.field or "").split(".")[-1]
                params = {k: v for k, v in exc.params.items() if k not in ("field", "item")}
                problems[key] = Problem(number, None, exc.field, exc.code, params)
        row: list[PreviewCell] = []
        for idx in range(width):
            f = source.mapping.fields.get(idx)
            cell = cells[idx] if idx < len(cells) else None
            if f is None:
                row.append(PreviewCell(cv.to_text(cell) or "", mapped=False))
                continue
            problem = problems.get(f)
            if f == "full_name" and problem is None:
                problem = problems.get("family_name") or problems.get("given_names")
            shown = _display(f, values[f], lang) if f in values else (cv.to_text(cell) or "")
            row.append(PreviewCell(shown, mapped=True, error=problem.message(lang) if problem else None))
        out.append((number, row))
        if len(out) >= limit:
            break
    return Preview(source.sheet.name, source.sheet.sheet_names, source.layout, source.mapping, out)


def _display(f: str, value: Any, lang: str) -> str:
    """A converted value as the record will show it (labels, not keys)."""
    from referral_desk.core import catalogues

    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y") if lang == "de" else value.isoformat()
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if f == "full_name":
        return f"{value[0]}, {value[1]}"
    try:
        if f == "nationalities":
            return ", ".join(catalogues.country_name(v, lang) for v in value)
        if f == "preferred_language":
            return catalogues.language_name(value, lang)
        if f == "residence_status":
            return catalogues.residence_status_label(value, lang)
        if f in ("gender", "employment_permitted", "german_level", "integration_course"):
            return catalogues.enum_label(f, value, lang)
    except KeyError:
        pass
    return str(value)


__all__ = [
    "FIELDS",
    "Duplicate",
    "ImportCancelled",
    "ImportReport",
    "Preview",
    "Problem",
    "check_import",
    "import_clients",
    "preview",
    "sheet_names",
]
