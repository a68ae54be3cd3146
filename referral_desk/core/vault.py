"""The vault: a directory with the SQLCipher database, the keyring and the audit anchor.

Opening means: unwrap the data key from the keyring (password or recovery key), key
SQLCipher in raw-key mode, read once to prove the key (SQLCipher only notices a wrong key
on the first read), check the cipher version and settings, and upgrade the schema.
"""
from __future__ import annotations

import datetime as dt
import os
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import sqlcipher3.dbapi2 as sqlcipher
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import create_engine, event, exc as sa_exc, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from referral_desk.core import audit, migrations
from referral_desk.core.errors import AuthenticationFailed, IntegrityFailure, InvalidInput
from referral_desk.core.fileio import atomic_write_bytes
from referral_desk.core.locations import DB_FILE, vault_exists
from referral_desk.core.keyring import (NEXT_KEYRING_FILE, KdfParams, Keyring, format_recovery_key,
                                        parse_recovery_key)

SQLITE_PLAINTEXT_HEADER = b"SQLite format 3\x00"


def database_error(exc: sa_exc.DatabaseError) -> Exception:
    """Classify a database error: damage (exit 5) or a passing condition such as a lock."""
    orig = getattr(exc, "orig", None)
    # "file is not a database" and "database disk image is malformed" arrive as the base
    # DatabaseError; constraint violations, locks and programming errors are subclasses
    # and stay what they are (a bug or a passing condition, not damage).
    if type(orig) is sqlcipher.DatabaseError:
        return IntegrityFailure("vault.database_unreadable")
    return exc


def _subkey(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"referral-desk " + purpose).derive(data_key)


def _connect_raw(db_path: Path, data_key: bytes) -> sqlcipher.Connection:
    """A keyed, checked connection. Raises IntegrityFailure if the file is not ours."""
    if db_path.exists():
        with open(db_path, "rb") as fh:
            if fh.read(16) == SQLITE_PLAINTEXT_HEADER:
                raise IntegrityFailure("vault.plaintext")
    conn = sqlcipher.connect(str(db_path), isolation_level=None, check_same_thread=False, timeout=15.0)
    try:
        # SQLCipher would otherwise print its own diagnostics to stderr on a wrong key or a
        # damaged page; our callers report those in words.
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{data_key.hex()}'\"")
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher.DatabaseError:
            raise IntegrityFailure("vault.database_unreadable") from None
        version = conn.execute("PRAGMA cipher_version").fetchone()
        if not version or not str(version[0]).startswith("4."):
            raise IntegrityFailure("vault.cipher_version", version=version[0] if version else "?")
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA foreign_keys = ON")
        # 64 MiB of decrypted pages: searches over 100,000 clients stay in memory instead of
        # decrypting the same pages again (SQLCipher's default is about 8 MiB).
        conn.execute("PRAGMA cache_size = -65536")
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        conn.execute("PRAGMA synchronous = FULL")
        checks = {
            "temp_store": (conn.execute("PRAGMA temp_store").fetchone()[0], 2),
            "secure_delete": (conn.execute("PRAGMA secure_delete").fetchone()[0], 1),
            "synchronous": (conn.execute("PRAGMA synchronous").fetchone()[0], 2),
            "journal_mode": (str(mode).lower(), "wal"),
        }
        for name, (got, want) in checks.items():
            if got != want:  # pragma: no cover - would mean a broken SQLCipher build
                raise IntegrityFailure("vault.database_unreadable", detail=name)
        return conn
    except BaseException:
        conn.close()
        raise


def _make_engine(db_path: Path, data_key: bytes) -> Engine:
    raw = _connect_raw(db_path, data_key)
    # One connection, used by one worker thread at a time (DESIGN.md §1). Errors must never
    # carry bound parameters: they may be client data.
    engine = create_engine("sqlite://", module=sqlcipher, creator=lambda: raw, poolclass=StaticPool,
                           hide_parameters=True)

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the lock up front so a concurrent writer (CLI beside the app) waits
        # on busy_timeout instead of failing half-way through a transaction.
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass(frozen=True)
class CreatedVault:
    vault: "Vault"
    recovery_key: str  # formatted for printing; shown once


class Vault:
    """An unlocked vault. ``close()`` locks it again."""

    def __init__(self, directory: Path, keyring: Keyring, data_key: bytes, engine: Engine) -> None:
        self.directory = directory
        self.keyring = keyring
        self.vault_id = keyring.vault_id
        self._data_key: bytes | None = data_key
        self._engine: Engine | None = engine
        # The audit MAC key lives inside the encrypted database (not derived from the data
        # key) so that rotating the data key leaves the existing chain verifiable.
        with engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key = 'audit_key'")).first()
            conn.rollback()
        if row is None:
            raise IntegrityFailure("vault.database_unreadable")
        self.audit_key = bytes.fromhex(row[0])
        self.anchor_key = _subkey(self.audit_key, b"anchor")
        self._lock = threading.RLock()
        # Argon2 cost for slots written through this object (None: the default).
        self.kdf: KdfParams | None = None

    # --- lifecycle ---------------------------------------------------------------------

    @classmethod
    def create(cls, directory: Path | str, *, kdf: KdfParams | None = None) -> tuple["Vault", str]:
        """Create an empty vault (schema, no organisation yet). Returns the vault and the
        formatted recovery key. Callers add the organisation and first admin via
        ``services.setup.initialise``, which also writes the admin's keyring slot."""
        directory = Path(directory)
        if vault_exists(directory):
            raise InvalidInput("vault.exists", field="vault", path=str(directory))
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)
        keyring = Keyring.new()
        data_key = os.urandom(32)
        recovery = keyring.set_recovery_slot(data_key)
        engine = _make_engine(directory / DB_FILE, data_key)
        with engine.begin() as conn:
            migrations.create_latest(conn)
            conn.execute(text("INSERT INTO meta (key, value) VALUES ('vault_id', :v), ('created_at', :c), "
                              "('audit_key', :a)"),
                         {"v": keyring.vault_id, "c": dt.datetime.now(dt.timezone.utc).isoformat(),
                          "a": os.urandom(32).hex()})
        keyring.save(directory)
        vault = cls(directory, keyring, data_key, engine)
        vault.kdf = kdf
        return vault, format_recovery_key(recovery)

    @classmethod
    def unlock(cls, directory: Path | str, *, user: str, password: str, kdf: KdfParams | None = None) -> "Vault":
        directory = Path(directory)
        keyring = cls._load_keyring(directory)
        data_key = keyring.unwrap_with_password(user, password)
        vault = cls._open_after_rotation(directory, keyring, data_key,
                                         lambda ring: ring.unwrap_with_password(user, password))
        vault.kdf = kdf
        return vault

    @classmethod
    def unlock_with_recovery(cls, directory: Path | str, *, recovery_key: str,
                             kdf: KdfParams | None = None) -> "Vault":
        directory = Path(directory)
        raw = parse_recovery_key(recovery_key)
        keyring = cls._load_keyring(directory)
        data_key = keyring.unwrap_with_recovery(raw)
        vault = cls._open_after_rotation(directory, keyring, data_key, lambda ring: ring.unwrap_with_recovery(raw))
        vault.kdf = kdf
        return vault

    @classmethod
    def _open_after_rotation(cls, directory: Path, keyring: Keyring, data_key: bytes, unwrap) -> "Vault":
        """Open, finishing or discarding a key rotation that was interrupted.

        A rotation stages ``keyring.next.json`` (new data key), re-encrypts the database,
        then swaps the keyrings. If we stopped in between, exactly one of the two keys opens
        the database: the old one means the rekey never happened (discard the staged file),
        the new one means only the swap is missing (complete it)."""
        staged = directory / NEXT_KEYRING_FILE
        if not staged.exists():
            return cls._open(directory, keyring, data_key)
        try:
            vault = cls._open(directory, keyring, data_key)
        except IntegrityFailure:
            next_ring = Keyring.from_bytes(staged.read_bytes())
            new_key = unwrap(next_ring)
            vault = cls._open(directory, next_ring, new_key)
            next_ring.generation -= 1  # save() counts it up again
            next_ring.save(directory)
            staged.unlink(missing_ok=True)
            return vault
        staged.unlink(missing_ok=True)
        return vault

    @staticmethod
    def _load_keyring(directory: Path) -> Keyring:
        if not vault_exists(directory):
            raise InvalidInput("vault.missing", field="vault", path=str(directory))
        return Keyring.load(directory)

    @classmethod
    def _open(cls, directory: Path, keyring: Keyring, data_key: bytes) -> "Vault":
        engine = _make_engine(directory / DB_FILE, data_key)
        try:
            with engine.connect() as conn:
                with conn.execution_options(immediate=True).begin():
                    migrations.upgrade(conn)
                    row = conn.execute(text("SELECT value FROM meta WHERE key='vault_id'")).first()
            if row is None or row[0] != keyring.vault_id:
                raise IntegrityFailure("vault.id_mismatch")
        except sa_exc.DatabaseError as exc:
            engine.dispose()
            raise database_error(exc) from None
        except BaseException:
            engine.dispose()
            raise
        return cls(directory, keyring, data_key, engine)

    def close(self) -> None:
        """Lock: drop the engine and the keys held by this object."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            self._data_key = None
            self.audit_key = b""
            self.anchor_key = b""

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise AuthenticationFailed("vault.locked")
        return self._engine

    @property
    def data_key(self) -> bytes:
        if self._data_key is None:
            raise AuthenticationFailed("vault.locked")
        return self._data_key

    def __enter__(self) -> "Vault":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- connections -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE); commits on success, rolls back on error."""
        with self._lock:
            with self.engine.connect() as conn:
                conn = conn.execution_options(immediate=True)
                with conn.begin():
                    yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._lock:
            with self.engine.connect() as conn:
                with conn.begin():
                    yield conn

    # --- keyring maintenance -----------------------------------------------------------

    def set_password(self, user: str, password: str, kdf: KdfParams | None = None) -> None:
        """Add or replace one user's slot. The database is not touched."""
        keyring = Keyring.load(self.directory)
        keyring.set_password_slot(user, password, self.data_key, kdf or self.kdf)
        keyring.save(self.directory, check_key=self.data_key, check_slot=(user, password))
        self.keyring = keyring

    def remove_password(self, user: str) -> None:
        keyring = Keyring.load(self.directory)
        keyring.remove_user(user)
        keyring.save(self.directory)
        self.keyring = keyring

    def new_recovery_key(self) -> str:
        keyring = Keyring.load(self.directory)
        raw = keyring.set_recovery_slot(self.data_key)
        keyring.save(self.directory)
        self.keyring = keyring
        return format_recovery_key(raw)

    def rotate_data_key(self, *, remove_user: str | None = None, _stop_after: str | None = None) -> None:
        """Re-encrypt the database under a new random data key and re-seal it to every
        remaining slot (optionally dropping one user's slot first). Crash-safe as a pair:
        stage the new keyring, ``PRAGMA rekey``, verify with a fresh connection, swap.
        Callers take a backup first (``services.backups``). ``_stop_after`` simulates a
        crash in tests."""
        with self._lock:
            new_key = os.urandom(32)
            staged = Keyring.load(self.directory)
            if remove_user is not None:
                staged.remove_user(remove_user)
            staged.rewrap_data_key(new_key)
            staged.generation += 1
            atomic_write_bytes(self.directory / NEXT_KEYRING_FILE, staged.to_bytes())
            if _stop_after == "staged":
                return
            raw = self.engine.raw_connection()
            try:
                # Rekey under a rollback journal: in WAL mode the re-encrypted pages would sit
                # in the WAL beside old-key pages in the main file until a checkpoint, and a
                # crash there would leave a file no single key opens.
                if raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower() != "delete":
                    raise IntegrityFailure("vault.busy_elsewhere")
                raw.execute(f"PRAGMA rekey = \"x'{new_key.hex()}'\"")
                raw.execute("PRAGMA journal_mode = WAL")
            finally:
                raw.close()
            probe = _connect_raw(self.directory / DB_FILE, new_key)
            try:
                if probe.execute("PRAGMA quick_check").fetchone()[0] != "ok":  # pragma: no cover
                    raise IntegrityFailure("vault.database_unreadable")
            finally:
                probe.close()
            if _stop_after == "rekeyed":
                self._data_key = new_key
                return
            staged.generation -= 1  # save() counts it up again
            staged.save(self.directory)
            (self.directory / NEXT_KEYRING_FILE).unlink(missing_ok=True)
            self.keyring = staged
            self._data_key = new_key

    # --- audit anchor ------------------------------------------------------------------

    def write_anchor(self, head: audit.ChainHead) -> None:
        audit.write_anchor(self.directory, vault_id=self.vault_id, head=head, key=self.anchor_key)

    # --- verification ------------------------------------------------------------------

    def verify_structure(self) -> list[str]:
        """Page HMACs, b-tree integrity and foreign keys; raises IntegrityFailure."""
        passed: list[str] = []
        with self._lock:
            raw = self.engine.raw_connection()
            try:
                cur = raw.cursor()
                try:
                    problems = [r[0] for r in cur.execute("PRAGMA cipher_integrity_check").fetchall()]
                except sqlcipher.DatabaseError as exc:
                    raise IntegrityFailure("verify.cipher", detail=type(exc).__name__) from None
                if problems:
                    raise IntegrityFailure("verify.cipher", detail="; ".join(str(p) for p in problems[:3]))
                passed.append("cipher_integrity_check")
                try:
                    result = [r[0] for r in cur.execute("PRAGMA integrity_check").fetchall()]
                except sqlcipher.DatabaseError as exc:
                    raise IntegrityFailure("verify.integrity", detail=type(exc).__name__) from None
                if result != ["ok"]:
                    raise IntegrityFailure("verify.integrity", detail="; ".join(str(p) for p in result[:3]))
                passed.append("integrity_check")
                fk = cur.execute("PRAGMA foreign_key_check").fetchall()
                if fk:
                    raise IntegrityFailure("verify.integrity", detail=f"{len(fk)} foreign key violations")
                passed.append("foreign_key_check")
            finally:
                raw.close()
        return passed

    def verify(self, *, backup_dirs: list[Path] | None = None) -> list[str]:
        """Full check: page HMACs, b-tree integrity, audit chain, anchor. Raises
        IntegrityFailure naming the first problem; returns the names of passed checks.
        ``backup_dirs``: folders whose backups' audit heads must be in the chain too."""
        passed = self.verify_structure()
        with self._lock:
            with self.read() as conn:
                _head, broken = audit.verify_chain(conn, self.audit_key)
                if broken is not None:
                    raise IntegrityFailure("verify.audit_chain", seq=broken)
                passed.append("audit_chain")
                anchor = audit.read_anchor(self.directory, vault_id=self.vault_id, key=self.anchor_key)
                problem = audit.check_against_anchor(conn, anchor)
                if problem is not None:
                    raise problem
                passed.append("audit_anchor")
                if backup_dirs:
                    from referral_desk.core import backup

                    for folder in backup_dirs:
                        for path in sorted(Path(folder).glob(f"*{backup.SUFFIX}")):
                            try:
                                header, _, _ = backup.read_header(path)
                            except (IntegrityFailure, InvalidInput):
                                continue  # not ours or damaged: a backup problem, not the vault's
                            if header.get("vault_id") != self.vault_id:
                                continue
                            head = header["manifest"]["audit_head"]
                            problem = audit.check_against_anchor(conn, audit.ChainHead(int(head["seq"]),
                                                                                       str(head["mac"])))
                            if problem is not None:
                                raise IntegrityFailure("verify.backup_newer", seq=head["seq"], name=path.name)
                    passed.append("backup_heads")
        return passed

