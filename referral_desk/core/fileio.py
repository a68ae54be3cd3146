"""Crash-safe file writes: temp file in the same directory, fsync, replace, fsync dir.

Used for the keyring, the audit anchor, backups and exports. The temp file lives next to
the target (never the system temp dir) so personal data never leaves the chosen folder.
Its name is random and it is created with O_CREAT|O_EXCL|O_NOFOLLOW and mode 0600
(``tempfile.mkstemp``), so a file or symlink planted under a guessable name is never
followed or overwritten.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


def fsync_dir(directory: Path) -> None:
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def private_dir(directory: Path | str) -> Path:
    """Create ``directory`` (and parents) as 0700; tighten an existing one we own."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if directory.stat().st_mode & 0o077:
            os.chmod(directory, 0o700)
    except OSError:  # pragma: no cover - a folder we do not own (e.g. shared backup drive)
        pass
    return directory


def temp_beside(path: Path | str, *, suffix: str = ".tmp") -> tuple[int, Path]:
    """A new, empty 0600 file with a random name in ``path``'s folder: (fd, temp path)."""
    path = Path(path)
    fd, name = tempfile.mkstemp(prefix=".rd-", suffix=suffix, dir=path.parent)
    return fd, Path(name)


@contextmanager
def atomic_writer(path: Path | str, *, mode: int = 0o600) -> Iterator[BinaryIO]:
    """Write to a random temp file beside ``path``; on success fsync and replace ``path``."""
    path = Path(path)
    fd, tmp = temp_beside(path)
    try:
        if mode != 0o600:
            os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(path.parent)


def atomic_write_bytes(path: Path | str, data: bytes, *, mode: int = 0o600) -> None:
    with atomic_writer(path, mode=mode) as fh:
        fh.write(data)
