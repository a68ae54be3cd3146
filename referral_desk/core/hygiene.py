"""Process hygiene at start-up: no core dumps and no debugger access from other processes
(memory holds decrypted records and keys)."""

from __future__ import annotations

import sys


def disable_core_dumps() -> bool:
    """Set the core-file size limit to zero and make the process non-dumpable (Linux).
    Returns True where the core limit could be set."""
    disable_ptrace_and_dumps()
    try:
        import resource
    except ImportError:  # Windows: no core dumps in this sense
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return True


PR_SET_DUMPABLE = 4


def disable_ptrace_and_dumps() -> bool:
    """Linux: mark the process not dumpable (``prctl(PR_SET_DUMPABLE, 0)``): no core file
    even if the limit is raised again, and other processes of the same user can no longer
    attach a debugger or read ``/proc/<pid>/mem`` — where the keys and decrypted records
    are. Returns True where it took effect."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return bool(libc.prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0)
    except (OSError, AttributeError):  # pragma: no cover - unusual libc
        return False
