"""Encrypted backup files (``*.rdbackup``) and restoring them.

Layout::

    MAGIC (10 bytes) | header length (4, big-endian) | header (JSON, UTF-8)
    | chunk* : length (4) | AES-256-GCM(chunk)
    | END (6 bytes) | HMAC-SHA256 (32 bytes)                          (format 2)

* The header is readable without a password: format, vault id, the vault's keyring (its
  slots only hold sealed keys), and a public copy of the manifest (schema version, audit
  head, creation time and user id, SHA-256 of the parts) so ``verify`` can compare audit
  heads with every backup without decrypting it.
* The payload (manifest + the SQLCipher database file, itself still encrypted with the
  data key) is encrypted again with a key derived from the data key (HKDF, per-backup
  salt), in 4 MiB chunks; each chunk's associated data binds the header's SHA-256, the
  chunk number and a last-chunk flag, so chunks cannot be reordered, dropped or swapped
  between backups, and a changed header is detected.
* Format 2 ends with an HMAC-SHA256 over *everything before it* (magic, header, every
  chunk with its length, the end marker) under a key derived from the vault's audit key
  (HKDF, per-backup salt). The audit key does not change when the data key is rotated, so
  ``verify`` authenticates every backup of this vault — header included — and refuses a
  damaged, truncated, re-ordered or spliced one instead of skipping it. (Format 1 backups,
  without the trailer, are still restored; ``verify`` can only check their structure.)
* The database copy is made with ``sqlcipher_export`` inside a read transaction (never by
  copying live files), so data still in the WAL is included.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import text

from referral_desk.core import audit, clock
from referral_desk.core.backup_format import (
    CHUNK,
    END,
    FORMAT_VERSION,
    MAGIC,
    SUFFIX,
    authenticate,
    chunk_aad,
    mac_key,
    parse_file,
    read_header,
)
from referral_desk.core.errors import IntegrityFailure, InvalidInput
from referral_desk.core.fileio import atomic_writer, fsync_dir, private_dir, temp_beside
from referral_desk.core.keyring import Keyring, parse_recovery_key
from referral_desk.core.locations import DB_FILE
from referral_desk.core.vault import Vault


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


def info(path: Path) -> BackupInfo:
    header, _, _ = read_header(path)
    m = header.get("manifest", {})
    return BackupInfo(
        path=path,
        vault_id=str(header.get("vault_id")),
        created_at=str(m.get("created_at")),
        schema_version=int(m.get("schema_version", 0)),
        audit_seq=int(m.get("audit_head", {}).get("seq", 0)),
        size=path.stat().st_size,
    )


def create(vault: Vault, out: Path, *, created_by: int | None, chunk_size: int = CHUNK) -> BackupInfo:
    """Write an encrypted backup of ``vault`` to ``out`` (atomically). ``chunk_size`` only
    changes for tests that need several chunks from a small vault."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    # The snapshot is written encrypted with the same data key (never plaintext), under a
    # random name created O_EXCL|O_NOFOLLOW next to the target, and removed below.
    snap_fd, snapshot = temp_beside(out, suffix=".db")
    os.close(snap_fd)
    try:
        with vault._lock:
            raw = vault.engine.raw_connection()
            try:
                key_literal = f"x'{vault.data_key.hex()}'"
                raw.execute(f'ATTACH DATABASE ? AS backup_copy KEY "{key_literal}"', (str(snapshot),))
                try:
                    # One transaction: the audit head and the copied data are the same snapshot.
                    raw.execute("BEGIN")
                    try:
                        row = raw.execute("SELECT seq, mac FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
                        head = audit.ChainHead(0, audit.GENESIS) if row is None else audit.ChainHead(row[0], row[1])
                        schema_version = int(
                            raw.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0]
                        )
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
            "created_at": clock.now_utc().isoformat(timespec="seconds"),
            "created_by": created_by,
            "parts": {
                "database": {"sha256": hashlib.sha256(database).hexdigest(), "size": len(database)},
                "keyring": {"sha256": hashlib.sha256(json.dumps(keyring_doc, sort_keys=True).encode()).hexdigest()},
            },
        }
        salt = os.urandom(16)
        mac_salt = os.urandom(16)
        header = {
            "format": "referral-desk-backup",
            "version": FORMAT_VERSION,
            "vault_id": vault.vault_id,
            "salt": salt.hex(),
            "mac_salt": mac_salt.hex(),
            "nonce_prefix": os.urandom(4).hex(),
            "chunk_size": chunk_size,
            "keyring": keyring_doc,
            "manifest": manifest,
        }
        header_raw = json.dumps(header, ensure_ascii=True, sort_keys=True).encode()
        header_hash = hashlib.sha256(header_raw).digest()
        aes = AESGCM(_backup_key(bytes(vault.data_key), salt))
        mac = hmac.new(mac_key(vault.audit_key, mac_salt), digestmod=hashlib.sha256)
        prefix = bytes.fromhex(header["nonce_prefix"])
        manifest_raw = json.dumps(manifest, sort_keys=True).encode()
        payload = struct.pack(">I", len(manifest_raw)) + manifest_raw + database
        with atomic_writer(out) as fh:

            def put(part: bytes) -> None:
                fh.write(part)
                mac.update(part)

            put(MAGIC + struct.pack(">I", len(header_raw)) + header_raw)
            chunks = [payload[i : i + chunk_size] for i in range(0, len(payload), chunk_size)] or [b""]
            for index, chunk in enumerate(chunks):
                last = index == len(chunks) - 1
                nonce = prefix + struct.pack(">Q", index)
                sealed = aes.encrypt(nonce, chunk, chunk_aad(header_hash, index, last))
                put(struct.pack(">I", len(sealed)) + sealed)
            put(END)
            fh.write(mac.digest())
    finally:
        snapshot.unlink(missing_ok=True)
    return info(out)


def _decrypt(path: Path, data_key: bytes) -> tuple[dict[str, Any], bytes]:
    parsed = parse_file(path)
    header = parsed.header
    try:
        aes = AESGCM(_backup_key(data_key, bytes.fromhex(header["salt"])))
        prefix = bytes.fromhex(header["nonce_prefix"])
    except (KeyError, ValueError, TypeError):
        raise IntegrityFailure("backup.damaged") from None
    parts: list[bytes] = []
    for index, sealed in enumerate(parsed.chunks):
        # Each chunk's associated data binds the header, its position and whether it is the
        # last: a re-ordered, duplicated, dropped or truncated chunk list fails here.
        last = index == len(parsed.chunks) - 1
        try:
            parts.append(
                aes.decrypt(prefix + struct.pack(">Q", index), sealed, chunk_aad(parsed.header_hash, index, last))
            )
        except InvalidTag:
            raise IntegrityFailure("backup.damaged") from None
    payload = b"".join(parts)
    try:
        (mlen,) = struct.unpack(">I", payload[:4])
        manifest = json.loads(payload[4 : 4 + mlen])
    except (struct.error, ValueError, RecursionError):
        raise IntegrityFailure("backup.damaged") from None
    database = payload[4 + mlen :]
    if manifest != header.get("manifest"):
        raise IntegrityFailure("backup.damaged")
    if hashlib.sha256(database).hexdigest() != manifest["parts"]["database"]["sha256"]:
        raise IntegrityFailure("backup.damaged")
    return header, database


def restore(
    path: Path, target: Path, *, user: str | None = None, password: str | None = None, recovery_key: str | None = None
) -> Vault:
    """Restore a backup into an empty directory and return the opened, verified vault.

    Unlocks with a user's password or the recovery key as they were when the backup was
    made. Integrity is verified before anything is written to ``target``."""
    path, target = Path(path), Path(target)
    if target.exists() and any(target.iterdir()):
        raise InvalidInput("vault.not_empty", field="target", path=str(target))
    header, _, _ = read_header(path)
    try:
        keyring = Keyring.from_bytes(json.dumps(header["keyring"]).encode())
    except (KeyError, TypeError, ValueError):
        raise IntegrityFailure("backup.damaged") from None
    if keyring.vault_id != header.get("vault_id"):
        raise IntegrityFailure("backup.damaged")
    if recovery_key is not None:
        slot = keyring.open_with_recovery(parse_recovery_key(recovery_key))
    else:
        if not user or password is None:
            raise InvalidInput("input.no_user", field="user")
        slot = keyring.open_with_password(user, password)
    header, database = _decrypt(path, bytes(slot.data_key))
    manifest = header["manifest"]
    private_dir(target)
    try:
        db_path = target / DB_FILE
        with atomic_writer(db_path) as fh:
            fh.write(database)
        keyring.generation -= 1  # save() counts it up again
        keyring.save(target)
        vault = Vault._open(target, keyring, slot)
        try:
            if header.get("version") == FORMAT_VERSION:
                authenticate(path, vault.audit_key)
            vault.verify_structure()
            with vault.read() as conn:
                head, broken = audit.verify_chain(conn, vault.audit_key)
            if broken is not None:
                raise IntegrityFailure("verify.audit_chain", seq=broken)
            if (head.seq, head.mac) != (manifest["audit_head"]["seq"], manifest["audit_head"]["mac"]):
                raise IntegrityFailure("backup.damaged")
            # Restoring is a deliberate step back in time: audited in the restored vault, and
            # the anchors (this folder's and this profile's) start again from here.
            with vault.write() as conn:
                row = conn.execute(
                    text("SELECT id FROM user_account WHERE name_folded = :n"), {"n": (user or "").casefold()}
                ).first()
                writer = audit.AuditWriter(
                    conn, vault.audit_key, row[0] if row else None, clock.now_utc().isoformat(timespec="seconds")
                )
                writer.record("vault.restored", entity="vault", fields=["database", "keyring"])
                writer.flush()
                head = writer.head
            vault.write_anchor(head, reset=True)
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
    when = when or clock.now()
    return f"referral-desk-{vault_id[:8]}-{when.strftime('%Y%m%d-%H%M%S')}{SUFFIX}"
