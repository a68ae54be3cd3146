"""Where tests and the make_*screenshots scripts save pictures.

A normal test run writes them to a temporary folder, so `make test` leaves docs/ alone;
`make screenshots` sets REFERRAL_DESK_SCREENSHOT_DIR=docs/screenshots to refresh the
committed ones (CONTRIBUTING.md)."""

from __future__ import annotations

import os
import tempfile
from functools import cache
from pathlib import Path

ENV = "REFERRAL_DESK_SCREENSHOT_DIR"


@cache
def screenshot_dir() -> Path:
    chosen = os.environ.get(ENV)
    folder = Path(chosen) if chosen else Path(tempfile.mkdtemp(prefix="referral-desk-shots-"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder
