"""Convert (German, English) tuple entries of the core's text tables into gettext form.

Re-runnable: entries already written as ``N_("key", "Deutsch")`` are left alone; every
remaining ``"key": ("Deutsch", "English")`` in the tables below becomes
``"key": N_("<prefix>key", "Deutsch")`` and its English goes into
referral_desk/locale/en/LC_MESSAGES/referral_desk.po (msgctxt = prefix + key); then the .mo is
compiled. Run after merging branches that added tuple entries:

    python tools/messages_to_po.py && make translations
"""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "referral_desk/locale/en/LC_MESSAGES/referral_desk.po"
MO = PO.with_suffix(".mo")

# (file, table, msgctxt prefix); "X.setdefault" means calls X.setdefault("key", (de, en))
TABLES = [
    ("referral_desk/core/messages.py", "MESSAGES", ""),
    ("referral_desk/core/messages.py", "FIELD_LABELS", "field."),
    ("referral_desk/core/importing/messages.py", "IMPORT_MESSAGES", ""),
    ("referral_desk/core/importing/messages.py", "FIELD_LABELS.setdefault", "field."),
    ("referral_desk/core/audit_texts.py", "ACTIONS", "audit."),
    ("referral_desk/core/audit_texts.py", "ENTITIES", "entity."),
    ("referral_desk/core/audit_texts.py", "_EXTRA_FIELDS", "audit.field."),
    ("referral_desk/cli.py", "OUT", "cli."),
    ("referral_desk/cli_casework.py", "OUT", "cli."),
]


def _pairs(tree: ast.Module, table: str):
    """(key node, value node) of the table's tuple entries."""
    if table.endswith(".setdefault"):
        owner = table.split(".")[0]
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "setdefault"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == owner
                and len(node.args) == 2
            ):
                yield node.args[0], node.args[1]
        return
    for node in tree.body:
        target = (
            node.target
            if isinstance(node, ast.AnnAssign)
            else (node.targets[0] if isinstance(node, ast.Assign) else None)
        )
        if isinstance(target, ast.Name) and target.id == table and isinstance(node.value, ast.Dict):
            yield from zip(node.value.keys, node.value.values)


def convert_file(path: Path, tables: list[tuple[str, str]], found: list[tuple[str, str, str]]) -> bool:
    source = path.read_text("utf-8")
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line))

    def pos(lineno: int, col: int) -> int:  # col is in UTF-8 bytes
        return offsets[lineno - 1] + len(lines[lineno - 1].encode("utf-8")[:col].decode("utf-8"))

    edits = []
    for table, prefix in tables:
        for key, value in _pairs(tree, table):
            if not (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and isinstance(value, ast.Tuple)
                and len(value.elts) == 2
            ):
                continue
            try:
                de, en = (ast.literal_eval(e) for e in value.elts)
            except ValueError:
                print(f"{path}: {key.value}: not plain strings, left alone", file=sys.stderr)
                continue
            context = prefix + key.value
            de_src = source[
                pos(value.elts[0].lineno, value.elts[0].col_offset) : pos(
                    value.elts[0].end_lineno, value.elts[0].end_col_offset
                )
            ]
            edits.append(
                (
                    pos(value.lineno, value.col_offset),
                    pos(value.end_lineno, value.end_col_offset),
                    f"N_({json.dumps(context, ensure_ascii=False)}, {de_src})",
                )
            )
            found.append((context, de, en))
    if not edits:
        return False
    for table, _prefix in tables:  # the tables now hold Text entries
        for node in tree.body:
            if (
                isinstance(node, ast.AnnAssign)
                and isinstance(node.target, ast.Name)
                and node.target.id == table
                and ast.unparse(node.annotation) == "dict[str, tuple[str, str]]"
            ):
                edits.append(
                    (
                        pos(node.annotation.lineno, node.annotation.col_offset),
                        pos(node.annotation.end_lineno, node.annotation.end_col_offset),
                        "dict[str, Text]",
                    )
                )
    for start, end, new in sorted(edits, reverse=True):
        source = source[:start] + new + source[end:]
    if "from referral_desk.core.texts import" not in source:
        # after the module's last top-level import statement
        last = max(n.end_lineno for n in ast.parse(source).body if isinstance(n, (ast.Import, ast.ImportFrom)))
        at = sum(len(line) for line in source.splitlines(keepends=True)[:last])
        source = source[:at] + "from referral_desk.core.texts import N_, Text\n" + source[at:]
    path.write_text(source, "utf-8")
    return True


def update_catalogue(found: list[tuple[str, str, str]]) -> None:
    if PO.exists():
        with PO.open("rb") as f:
            catalog = read_po(f, locale="en", domain="referral_desk")
    else:
        catalog = Catalog(locale="en", domain="referral_desk", project="Referral Desk", fuzzy=False)
    for context, de, en in found:
        old = catalog.get(de, context=context)
        if old is not None and old.string and old.string != en:
            print(f"{context}: English changed", file=sys.stderr)
        catalog.add(de, en, context=context)
    PO.parent.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    write_po(buf, catalog)
    PO.write_bytes(buf.getvalue())
    buf = io.BytesIO()
    write_mo(buf, catalog)
    MO.write_bytes(buf.getvalue())


def main() -> int:
    found: list[tuple[str, str, str]] = []
    by_file: dict[str, list[tuple[str, str]]] = {}
    for file, table, prefix in TABLES:
        by_file.setdefault(file, []).append((table, prefix))
    for file, tables in by_file.items():
        if convert_file(ROOT / file, tables, found):
            print(f"converted {file}")
    seen: dict[tuple[str, str], str] = {}
    for context, de, en in found:
        if seen.setdefault((context, de), en) != en:
            print(f"conflict: {context} {de!r} has two English texts", file=sys.stderr)
            return 1
    if found:  # `make translations` then brings the .po into pybabel's layout and compiles it
        update_catalogue(found)
    print(f"{len(found)} entries moved to {PO.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
