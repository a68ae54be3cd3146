"""The backup file format: magic, header, sealed chunks and (format 2) a trailer MAC.

Reading and authenticating a file needs no vault, so ``vault.verify`` uses this module and
``backup`` (which opens vaults) builds on it; neither imports the other's caller.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from referral_desk.core.errors import IntegrityFailure, InvalidInput

MAGIC_V1 = b"RDBACKUP\x00\x01"
MAGIC = b"RDBACKUP\x00\x02"
FORMAT_VERSION = 2
END = b"RDEND\x00"
CHUNK = 4 * 1024 * 1024
SUFFIX = ".rdbackup"
_MAX_CHUNK = 64 * 1024 * 1024


def chunk_aad(header_hash: bytes, index: int, last: bool) -> bytes:
    """The associated data of a sealed chunk: the header's SHA-256, the chunk's position and
    whether it is the last, so chunks cannot be re-ordered, dropped or moved between files."""
    return header_hash + struct.pack(">Q?", index, last)


def mac_key(audit_key: bytes | bytearray, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"referral-desk backup mac").derive(
        bytes(audit_key)
    )


@dataclass
class _Parsed:
    header: dict[str, Any]
    header_hash: bytes
    chunks: list[bytes]
    version: int
    signed: bytes  # the bytes the trailer MAC covers (format 2)
    mac: bytes


def parse_file(path: Path) -> _Parsed:
    """Split a backup file into header and sealed chunks; structure only, nothing trusted."""
    try:
        data = Path(path).read_bytes()
    except OSError:
        raise InvalidInput("input.file", field="file", path=Path(path).name) from None
    magic = data[: len(MAGIC)]
    if magic not in (MAGIC, MAGIC_V1):
        raise IntegrityFailure("backup.not_a_backup")
    version = 2 if magic == MAGIC else 1
    pos = len(MAGIC)
    if len(data) < pos + 4:
        raise IntegrityFailure("backup.damaged")
    (length,) = struct.unpack(">I", data[pos : pos + 4])
    pos += 4
    if length > 16 * 1024 * 1024 or len(data) < pos + length:
        raise IntegrityFailure("backup.damaged")
    raw = data[pos : pos + length]
    pos += length
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise IntegrityFailure("backup.damaged") from None
    if (
        not isinstance(header, dict)
        or header.get("format") != "referral-desk-backup"
        or header.get("version") != version
    ):
        raise IntegrityFailure("backup.not_a_backup")
    end = len(data) - (len(END) + 32) if version == 2 else len(data)
    if version == 2 and (end < pos or data[end : end + len(END)] != END):
        raise IntegrityFailure("backup.damaged")
    chunks: list[bytes] = []
    while pos < end:
        if end - pos < 4:
            raise IntegrityFailure("backup.damaged")
        (clen,) = struct.unpack(">I", data[pos : pos + 4])
        pos += 4
        if clen > _MAX_CHUNK or end - pos < clen:
            raise IntegrityFailure("backup.damaged")
        chunks.append(data[pos : pos + clen])
        pos += clen
    if not chunks:
        raise IntegrityFailure("backup.damaged")
    signed = data[: end + len(END)] if version == 2 else b""
    mac = data[end + len(END) :] if version == 2 else b""
    return _Parsed(header, hashlib.sha256(raw).digest(), chunks, version, signed, mac)


def read_header(path: Path) -> tuple[dict[str, Any], bytes, int]:
    """(header, sha256 of the header bytes, format version). Not authenticated: use
    ``authenticate`` (with the vault's audit key) before trusting anything in it."""
    parsed = parse_file(path)
    return parsed.header, parsed.header_hash, parsed.version


def authenticate(path: Path, audit_key: bytes | bytearray) -> dict[str, Any]:
    """Check a format-2 backup's trailer MAC over header and every chunk; returns the now
    trusted header. IntegrityFailure if anything was changed, dropped, added or re-ordered."""
    parsed = parse_file(path)
    if parsed.version != 2:
        raise IntegrityFailure("backup.unauthenticated", name=Path(path).name)
    try:
        salt = bytes.fromhex(str(parsed.header["mac_salt"]))
    except (KeyError, ValueError):
        raise IntegrityFailure("backup.damaged", name=Path(path).name) from None
    want = hmac.new(mac_key(audit_key, salt), parsed.signed, hashlib.sha256).digest()
    if not hmac.compare_digest(want, parsed.mac):
        raise IntegrityFailure("backup.damaged", name=Path(path).name)
    return parsed.header
