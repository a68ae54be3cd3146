"""File names for documents a user saves: case number, kind and date, never a name.

A file name is visible in folder listings, mail attachments and "recent files" lists of
other programs, so it must not reveal who the document is about.
"""

from __future__ import annotations

import datetime as dt
import re

from referral_desk.core import clock

_SAFE = re.compile(r"[^A-Za-z0-9\-]+")

#: German words used in file names, by document kind (stable keys).
KIND_NAMES = {
    "consent_form": "Einwilligung",
    "referral_sheet": "Ueberleitung",
    "access_report": "Auskunft",
    "statistics": "Statistik",
    "support_plan": "Foerderplan",
    "consent_notice": "Widerruf-Mitteilung",
}


def suggested_filename(
    case_number: str | None, kind: str, date: dt.date | None = None, *, extension: str = "pdf"
) -> str:
    """``2026-00012_Einwilligung_2026-03-12.pdf``: only the case number, the kind and an ISO
    date (so files sort by date). Anything outside ``[A-Za-z0-9-]`` is dropped."""
    date = date or clock.today()
    word = KIND_NAMES.get(kind, kind)
    parts = [p for p in (_SAFE.sub("", case_number or ""), _SAFE.sub("", word), date.isoformat()) if p]
    ext = _SAFE.sub("", extension) or "pdf"
    return "_".join(parts) + "." + ext
