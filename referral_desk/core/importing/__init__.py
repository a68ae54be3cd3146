"""Importing client lists from CSV, XLSX and ODS (DESIGN.md §11, docs/import.md).

``readers`` opens a file and yields rows, ``mapping`` finds the header row and maps columns
to client fields, ``convert`` turns cells into field values, ``service`` validates, checks
duplicates and writes in one transaction.
"""

from referral_desk.core.importing.mapping import FIELDS, MappingFile
from referral_desk.core.importing.service import (
    ImportCancelled,
    ImportReport,
    check_import,
    import_clients,
    preview,
    sheet_names,
)

__all__ = [
    "FIELDS",
    "ImportCancelled",
    "ImportReport",
    "MappingFile",
    "check_import",
    "import_clients",
    "preview",
    "sheet_names",
]
