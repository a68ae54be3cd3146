"""Process hygiene at start-up: no core dumps (they would contain decrypted records and
keys from memory)."""
from __future__ import annotations


def disable_core_dumps() -> bool:
    """Set the core-file size limit to zero. Returns True where the platform supports it."""
    try:
        import resource
    except ImportError:  # Windows: no core dumps in this sense
        return False
    try:
        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ValueError, OSError):
        return False
    return True
