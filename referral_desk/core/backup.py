"""Encrypted backup files (``*.rdbackup``) and restoring them.

Layout::

    MAGIC (10 bytes) | header length (4, big-endian) | header (JSON, UTF-8)
    | chunk* : length (4) | AES-256-GCM(chunk)

* The header is readable without a password: format, vault id, the vault's keyring (its
  slots only hold sealed keys), and a public copy of the manifest (schema version, audit
  head, creation time and user id, SHA-256 of the parts) so ``verify`` can compare audit
  heads with every backup without decrypting it.
* The payload (manifest + the SQLCipher database file, itself still encrypted with the
  data key) is encrypted again with a key derived from the data key (HKDF, per-backup
  salt), in 4 MiB chunks; each chunk's associated data binds the header's SHA-256, the
  chunk number and a last-chunk flag, so chunks cannot be reordered, dropped or swapped
  between backups, and a changed header is detected.
* The database copy is made with ``sqlcipher_export`` inside a read transaction (never by
  copying live files), so data still in the WAL is included.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from referral_desk.core import audit
from referral_desk.core.errors import IntegrityFailure, InvalidInput
from referral_desk.core.fileio import fsync_dir
from referral_desk.core.keyring import KEYRING_FILE, Keyring, parse_recovery_key
from referral_desk.core.vault import DB_FILE, Vault

MAGIC = b"RDBACKUP\x00\x01"
FORMAT_VERSION = 1
CHUNK = 4 * 1024 * 1024
SUFFIX = ".rdbackup"


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    vault_id: str
    created_at: str
    schema_version: int
    audit_seq: int
    size: int


def _backup_key(data_key: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"referral-desk backup").derive(data_key)


def _chunk_aad(header_hash: bytes, index: int, last: bool) -> bytes:
    return header_hash + struct.pack(">Q?", index, last)


def _read_exact(fh: BinaryIO, n: int) -> bytes:
    data = fh.read(n)
    if len(data) != n:
        raise IntegrityFailure("backup.damaged")
    return data


def read_header(path: Path) -> tuple[dict[str, Any], bytes, int]:
    """(header, sha256 of the header bytes, offset of the first chunk)."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(MAGIC)) != MAGIC:
                raise IntegrityFailure("backup.not_a_backup")
            (length,) = struct.unpack(">I", _read_exact(fh, 4))
            if length > 16 * 1024 * 1024:
                raise IntegrityFailure("backup.damaged")
            raw = _read_exact(fh, length)
    except OSError:
        raise InvalidInput("input.file", field="file", path=path.name) from None
    try:
        header = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise IntegrityFailure("backup.damaged") from None
    if not isinstance(header, dict) or header.get("format") != "referral-desk-backup" \
            or header.get("version") != FORMAT_VERSION:
        raise IntegrityFailure("backup.not_a_backup")
    return header, hashlib.sha256(raw).digest(), len(MAGIC) + 4 + length


def info(path: Path) -> BackupInfo:
    header, _, _ = read_header(path)
    m = header.get("manifest", {})
    return BackupInfo(path=path, vault_id=str(header.get("vault_id")), created_at=str(m.get("created_at")),
                      schema_version=int(m.get("schema_version", 0)), audit_seq=int(m.get("audit_head", {}).get("seq", 0)),
                      size=path.stat().st_size)


def create(vault: Vault, out: Path, *, created_by: int | None) -> BackupInfo:
    """Write an encrypted backup of ``vault`` to ``out`` (atomically)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    snapshot = out.with_name(f".{out.name}.db-{os.getpid()}")
    tmp = out.with_name(f".{out.name}.tmp-{os.getpid()}")
    snapshot.unlink(missing_ok=True)
    try:
        # The snapshot is written encrypted with the same data key (never plaintext), next to
        # the target, and removed below.
        with vault._lock:
            raw = vault.engine.raw_connection()
            try:
                key_literal = f"x'{vault.data_key.hex()}'"
                raw.execute(f"ATTACH DATABASE ? AS backup_copy KEY \"{key_literal}\"", (str(snapshot),))
                try:
                    # One transaction: the audit head and the copied data are the same snapshot.
                    raw.execute("BEGIN")
                    try:
                        row = raw.execute("SELECT seq, mac FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
                        head = audit.ChainHead(0, audit.GENESIS) if row is None else audit.ChainHead(row[0], row[1])
                        schema_version = int(raw.execute(
                            "SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
                        raw.execute("SELECT sqlcipher_export('backup_copy')")
                        raw.execute("COMMIT")
                    except BaseException:
                        raw.execute("ROLLBACK")
                        raise
                finally:
                    raw.execute("DETACH DATABASE backup_copy")
            finally:
                raw.close()
        database = snapshot.read_bytes()
        keyring_doc = json.loads(Keyring.load(vault.directory).to_bytes())
        manifest = {
            "vault_id": vault.vault_id,
            "schema_version": schema_version,
            "audit_head": {"seq": head.seq, "mac": head.mac},
            "created_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            "created_by": created_by,
            "parts": {"database": {"sha256": hashlib.sha256(database).hexdigest(), "size": len(database)},
                      "keyring": {"sha256": hashlib.sha256(json.dumps(keyring_doc, sort_keys=True).encode()).hexdigest()}},
        }
        salt = os.urandom(16)
        header = {"format": "referral-desk-backup", "version": FORMAT_VERSION, "vault_id": vault.vault_id,
                  "salt": salt.hex(), "nonce_prefix": os.urandom(4).hex(), "chunk_size": CHUNK,
                  "keyring": keyring_doc, "manifest": manifest}
        header_raw = json.dumps(header, ensure_ascii=True, sort_keys=True).encode()
        header_hash = hashlib.sha256(header_raw).digest()
        aes = AESGCM(_backup_key(vault.data_key, salt))
        prefix = bytes.fromhex(header["nonce_prefix"])
        manifest_raw = json.dumps(manifest, sort_keys=True).encode()
        payload = struct.pack(">I", len(manifest_raw)) + manifest_raw + database
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(MAGIC + struct.pack(">I", len(header_raw)) + header_raw)
            chunks = [payload[i:i + CHUNK] for i in range(0, len(payload), CHUNK)] or [b""]
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                nonce = prefix + struct.pack(">Q", index)
                sealed = aes.encrypt(nonce, chunk, _chunk_aad(header_hash, index, last))
                fh.write(struct.pack(">I", len(sealed)) + sealed)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, out)
        fsync_dir(out.parent)
    finally:
        snapshot.unlink(missing_ok=True)
        tmp.unlink(missing_ok=True)
    return info(out)


def _decrypt(path: Path, data_key: bytes) -> tuple[dict[str, Any], bytes]:
    header, header_hash, offset = read_header(path)
    aes = AESGCM(_backup_key(data_key, bytes.fromhex(header["salt"])))
    prefix = bytes.fromhex(header["nonce_prefix"])
    parts: list[bytes] = []
    with open(path, "rb") as fh:
        fh.seek(offset)
        index = 0
        while True:
            raw_len = fh.read(4)
            if not raw_len:
                raise IntegrityFailure("backup.damaged")  # ended before the last chunk
            (length,) = struct.unpack(">I", raw_len)
            sealed = _read_exact(fh, length)
            nonce = prefix + struct.pack(">Q", index)
            last = fh.peek(1)[:1] == b"" if hasattr(fh, "peek") else False
            try:
                parts.append(aes.decrypt(nonce, sealed, _chunk_aad(header_hash, index, last)))
            except InvalidTag:
                raise IntegrityFailure("backup.damaged") from None
            index += 1
            if last:
                break
    payload = b"".join(parts)
    (mlen,) = struct.unpack(">I", payload[:4])
    manifest = json.loads(payload[4:4 + mlen])
    database = payload[4 + mlen:]
    if manifest != header.get("manifest"):
        raise IntegrityFailure("backup.damaged")
    if hashlib.sha256(database).hexdigest() != manifest["parts"]["database"]["sha256"]:
        raise IntegrityFailure("backup.damaged")
    return header, database


def restore(path: Path, target: Path, *, user: str | None = None, password: str | None = None,
            recovery_key: str | None = None) -> Vault:
    """Restore a backup into an empty directory and return the opened, verified vault.

    Unlocks with a user's password or the recovery key as they were when the backup was
    made. Integrity is verified before anything is written to ``target``."""
    path, target = Path(path), Path(target)
    if target.exists() and any(target.iterdir()):
        raise InvalidInput("vault.not_empty", field="target", path=str(target))
    header, _, _ = read_header(path)
    keyring = Keyring.from_bytes(json.dumps(header["keyring"]).encode())
    if keyring.vault_id != header.get("vault_id"):
        raise IntegrityFailure("backup.damaged")
    if recovery_key is not None:
        data_key = keyring.unwrap_with_recovery(parse_recovery_key(recovery_key))
    else:
        if not user or password is None:
            raise InvalidInput("input.no_user", field="user")
        data_key = keyring.unwrap_with_password(user, password)
    _, database = _decrypt(path, data_key)
    manifest = header["manifest"]
    target.mkdir(parents=True, exist_ok=True, mode=0o700)
    written: list[Path] = []
    try:
        db_path = target / DB_FILE
        tmp = target / f".{DB_FILE}.restore"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(database)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, db_path)
        written.append(db_path)
        keyring.generation -= 1  # save() counts it up again
        keyring.save(target)
        written.append(target / KEYRING_FILE)
        vault = Vault._open(target, keyring, data_key)
        try:
            vault.verify_structure()
            with vault.read() as conn:
                head, broken = audit.verify_chain(conn, vault.audit_key)
            if broken is not None:
                raise IntegrityFailure("verify.audit_chain", seq=broken)
            if (head.seq, head.mac) != (manifest["audit_head"]["seq"], manifest["audit_head"]["mac"]):
                raise IntegrityFailure("backup.damaged")
            vault.write_anchor(head)
        except BaseException:
            vault.close()
            raise
        fsync_dir(target)
        return vault
    except BaseException:
        for p in target.iterdir():
            p.unlink(missing_ok=True)
        raise


def rotate(directory: Path, *, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backups in ``directory``; returns the deleted."""
    backups = sorted(directory.glob(f"*{SUFFIX}"), key=lambda p: p.name)
    doomed = backups[:-keep] if keep > 0 else []
    for p in doomed:
        p.unlink(missing_ok=True)
    return doomed


def suggested_name(vault_id: str, when: dt.datetime | None = None) -> str:
    when = when or dt.datetime.now()
    return f"referral-desk-{vault_id[:8]}-{when.strftime('%Y%m%d-%H%M%S')}{SUFFIX}"
