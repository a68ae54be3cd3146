"""Reading client lists: CSV, XLSX and ODS, one sheet at a time, row by row.

* CSV: UTF-8 with or without BOM, else Windows-1252 (what Excel writes on a German
  Windows); a file that mixes both is refused naming the first row that does not decode.
  The delimiter (``;``, ``,`` or tab) is sniffed; quoted cells may hold line breaks. The
  file is decoded as it is read, never loaded whole.
* XLSX/XLSM/XLSB/XLS and ODS through python-calamine (a Rust reader, maintained). Formulas
  are never evaluated: the reader returns the value the spreadsheet program cached when it
  saved the file (``=HYPERLINK(...)`` → its text). A password-protected workbook is
  refused with a clear message. Merged cells: the value of the merged area is given to
  every cell it covers, as the spreadsheet shows it. Hidden rows and columns are read like
  visible ones (a filter must not silently lose records; docs/import.md).

Nothing is written to disk: files are read in place and only their sha256 is kept.
Row numbers are 1-based as the spreadsheet shows them (CSV: the record number).
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from referral_desk.core.errors import InvalidInput

# Files above this size are refused before reading (a client list of 100,000 rows as XLSX
# is about 10 MB, as CSV about 20 MB). Callers may pass another limit.
MAX_FILE_BYTES = 100 * 1024 * 1024
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
CSV_SUFFIXES = (".csv", ".txt", ".tsv")
_CHUNK = 1 << 16


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@dataclass
class Sheet:
    """One readable table: its name and a fresh row iterator per call of ``rows()``."""

    path: Path
    kind: str  # "csv" | "spreadsheet"
    name: str
    sheet_names: list[str] = field(default_factory=list)
    height: int | None = None  # number of rows, where the format tells it up front
    _workbook: Any = None
    _encoding: str = "utf-8-sig"
    _delimiter: str = ";"
    _sheet: Any = None

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        if self.kind == "csv":
            return self._csv_rows()
        return self._spreadsheet_rows()

    # --- CSV ---------------------------------------------------------------------------

    def _csv_rows(self) -> Iterator[tuple[int, list[Any]]]:
        with open(self.path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding=self._encoding, newline="", errors="strict")
            reader = csv.reader(text, delimiter=self._delimiter)
            number = 0
            while True:
                try:
                    row = next(reader)
                except StopIteration:
                    return
                except UnicodeDecodeError:
                    raise InvalidInput("import.mixed_encoding", field="file", row=number + 1) from None
                except csv.Error:
                    raise InvalidInput("import.csv_broken", field="file", row=number + 1) from None
                number += 1
                yield number, list(row)

    # --- XLSX / ODS --------------------------------------------------------------------

    def _spreadsheet_rows(self) -> Iterator[tuple[int, list[Any]]]:
        sheet = self._sheet if self._sheet is not None else self._workbook.get_sheet_by_name(self.name)
        self._sheet = None  # a second pass (the import after the check) loads it again
        start_row, start_col = sheet.start or (0, 0)
        merged = []
        try:
            merged = list(sheet.merged_cell_ranges or [])
        except Exception:  # noqa: BLE001 - formats without merge information (ODS)
            merged = []
        # Merged areas: (first row, first col) → covered cells; values are filled in as
        # their first row passes.
        pending: dict[tuple[int, int], Any] = {}
        by_top = {(r0, c0): ((r0, c0), (r1, c1)) for (r0, c0), (r1, c1) in merged}
        number = start_row
        for cells in sheet.iter_rows():
            number += 1
            row_index = number - 1
            row = [""] * start_col + list(cells)
            for (r0, c0), ((_, _), (r1, c1)) in by_top.items():
                if r0 == row_index and c0 < len(row):
                    value = row[c0]
                    for r in range(r0, r1 + 1):
                        for c in range(c0, c1 + 1):
                            if (r, c) != (r0, c0):
                                pending[(r, c)] = value
            if pending:
                for r, c in [k for k in pending if k[0] == row_index]:
                    value = pending.pop((r, c))
                    while len(row) <= c:
                        row.append("")
                    if row[c] in ("", None):
                        row[c] = value
            yield number, row


def _check_size(path: Path, max_bytes: int) -> int:
    try:
        size = os.stat(path).st_size
    except OSError:
        # No path in the message: a list's file name may carry a person's name.
        raise InvalidInput("import.file_missing", field="file") from None
    if size == 0:
        raise InvalidInput("import.empty", field="file")
    if size > max_bytes:
        raise InvalidInput("import.too_large", field="file", max_mb=max_bytes // (1024 * 1024))
    return size


def _sniff_encoding(path: Path) -> str:
    """UTF-8 (BOM or not) if the whole file decodes as UTF-8; Windows-1252 if it contains
    no valid multi-byte UTF-8 at all; otherwise the file mixes encodings (refused, naming
    the first record that does not decode)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    saw_multibyte = False
    record = 1
    with open(path, "rb") as fh:
        head = fh.read(4)
        fh.seek(0)
        if b"\x00" in head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise InvalidInput("import.not_text", field="file")
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            if b"\x00" in chunk:
                raise InvalidInput("import.not_text", field="file")
            try:
                text = decoder.decode(chunk)
            except UnicodeDecodeError as exc:
                good = chunk[: exc.start]
                if saw_multibyte or any(b > 127 for b in good.replace(b"\xef\xbb\xbf", b"")):
                    record += good.count(b"\n")
                    raise InvalidInput("import.mixed_encoding", field="file", row=record) from None
                return "cp1252"
            if not saw_multibyte and any(ord(c) > 127 and c != "\ufeff" for c in text):
                saw_multibyte = True
            record += chunk.count(b"\n")
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


# A UTF-8 encoded umlaut or letter with accent (two or three bytes); in real
# Windows-1252 text these byte pairs ("Ã¼", "Ã¶") practically never occur.
_UTF8_SEQUENCE = re.compile(rb"[\xC2-\xDF][\x80-\xBF]|[\xE0-\xEF][\x80-\xBF]{2}")


def _check_cp1252(path: Path) -> None:
    """Windows-1252 leaves five bytes undefined; a file with them is not text we know. A
    Windows-1252 file that also holds UTF-8 sequences mixes encodings: refused, naming
    the line, rather than importing garbled names."""
    decoder = codecs.getincrementaldecoder("cp1252")("strict")
    line = 1
    with open(path, "rb") as fh:
        tail = b""
        for chunk in iter(lambda: fh.read(_CHUNK), b""):
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                raise InvalidInput("import.not_text", field="file") from None
            data = tail + chunk
            m = _UTF8_SEQUENCE.search(data)
            if m:
                line += data[: m.start()].count(b"\n") - tail.count(b"\n")
                raise InvalidInput("import.mixed_encoding", field="file", row=max(line, 1))
            line += chunk.count(b"\n")
            tail = chunk[-2:]


def _looks_binary(sample: str) -> bool:
    if not sample:
        return False
    bad = sum(1 for c in sample if (ord(c) < 32 and c not in "\r\n\t") or 0x7F <= ord(c) < 0xA0)
    return bad > max(2, len(sample) // 100)


def _sniff_delimiter(sample: str) -> str:
    lines = [ln for ln in sample.splitlines() if ln.strip()][:20]
    best, best_score = ";", -1
    for delim in (";", ",", "\t"):
        counts = []
        for ln in lines:
            # outside quotes only
            n, quoted = 0, False
            for ch in ln:
                if ch == '"':
                    quoted = not quoted
                elif ch == delim and not quoted:
                    n += 1
            counts.append(n)
        if not counts:
            continue
        # the delimiter that splits most lines into the same, largest number of columns
        score = max(counts) * 10 + sum(1 for c in counts if c and c == max(counts))
        if score > best_score:
            best, best_score = delim, score
    return best


def open_sheet(path: str | Path, *, sheet: str | None = None, max_bytes: int = MAX_FILE_BYTES) -> Sheet:
    """Open ``path`` and choose a sheet (default: the first visible worksheet)."""
    path = Path(path)
    _check_size(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix in SPREADSHEET_SUFFIXES:
        return _open_spreadsheet(path, sheet)
    if suffix in CSV_SUFFIXES or not suffix:
        if sheet not in (None, "", path.stem, "CSV"):
            raise InvalidInput("import.sheet_unknown", field="sheet", sheets="CSV")
        return _open_csv(path)
    raise InvalidInput("import.format", field="file", suffix=suffix[:10])


def _open_csv(path: Path) -> Sheet:
    with open(path, "rb") as fh:
        if fh.read(8).startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
            raise InvalidInput("import.not_text", field="file")  # a workbook renamed .csv
    encoding = _sniff_encoding(path)
    if encoding == "cp1252":
        _check_cp1252(path)
    with open(path, encoding=encoding, newline="") as fh:
        sample = fh.read(_CHUNK)
    if _looks_binary(sample):
        raise InvalidInput("import.not_text", field="file")
    if not sample.strip():
        raise InvalidInput("import.empty", field="file")
    return Sheet(
        path=path, kind="csv", name="CSV", sheet_names=["CSV"], _encoding=encoding, _delimiter=_sniff_delimiter(sample)
    )


def _open_spreadsheet(path: Path, sheet: str | None) -> Sheet:
    import python_calamine as pc

    try:
        workbook = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError:
        raise InvalidInput("import.password", field="file") from None
    except Exception:  # noqa: BLE001 - calamine reports broken files with several error types
        raise InvalidInput("import.unreadable", field="file") from None
    visible = []
    for meta in workbook.sheets_metadata:
        if str(meta.typ).endswith("WorkSheet") and str(meta.visible).endswith(".Visible"):
            visible.append(meta.name)
    names = visible or list(workbook.sheet_names)
    if not names:
        raise InvalidInput("import.empty", field="file")
    if sheet:
        if sheet not in workbook.sheet_names:
            raise InvalidInput("import.sheet_unknown", field="sheet", sheets=", ".join(names)[:300])
        chosen = sheet
    else:
        chosen = names[0]
    try:
        loaded = workbook.get_sheet_by_name(chosen)
    except Exception:  # noqa: BLE001
        raise InvalidInput("import.unreadable", field="file") from None
    return Sheet(
        path=path,
        kind="spreadsheet",
        name=chosen,
        sheet_names=names,
        height=loaded.height,
        _workbook=workbook,
        _sheet=loaded,
    )
