"""The vault: a directory with the SQLCipher database, the keyring and the audit anchor.

Opening means: unwrap the data key from the keyring (password or recovery key), key
SQLCipher in raw-key mode, read once to prove the key (SQLCipher only notices a wrong key
on the first read), check the cipher version and settings, and upgrade the schema.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3.dbapi2 as sqlcipher
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from sqlalchemy import create_engine, event, exc as sa_exc, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool

from referral_desk.core import anchors, audit, backup_format, clock, migrations
from referral_desk.core.errors import AuthenticationFailed, IntegrityFailure, InvalidInput
from referral_desk.core.fileio import atomic_write_bytes, private_dir
from referral_desk.core.keyring import (
    KEYRING_FILE,
    NEXT_KEYRING_FILE,
    PREVIOUS_KEYRING_FILE,
    KdfParams,
    Keyring,
    SlotKey,
    format_recovery_key,
    parse_recovery_key,
)
from referral_desk.core.locations import DB_FILE, vault_exists

FAILED_SIGN_INS_FILE = "sign-in-failures.json"
ROTATION_PENDING = "rotation_pending"  # meta key: a data-key rotation that must (still) happen


def wipe(buf: bytearray | None) -> None:
    """Overwrite key material we hold in a mutable buffer (best effort: Python, SQLCipher
    and OpenSSL keep their own copies we cannot reach; see docs/SECURITY.md)."""
    if buf:
        buf[:] = bytes(len(buf))


SQLITE_PLAINTEXT_HEADER = b"SQLite format 3\x00"


def database_error(exc: BaseException) -> Exception:
    """Classify a database error: damage (exit 5), a vault busy in another program (exit 2,
    naming ``vault``), or something else (returned unchanged: a bug)."""
    orig = getattr(exc, "orig", exc)
    # "file is not a database" and "database disk image is malformed" arrive as the base
    # DatabaseError; constraint violations, locks and programming errors are subclasses
    # and stay what they are (a bug or a passing condition, not damage).
    if type(orig) is sqlcipher.DatabaseError:
        return IntegrityFailure("vault.database_unreadable")
    if isinstance(orig, sqlcipher.OperationalError) and "locked" in str(orig).lower():
        return InvalidInput("vault.in_use", field="vault")
    return exc if isinstance(exc, Exception) else Exception(str(exc))


def _subkey(data_key: bytes, purpose: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"referral-desk " + purpose).derive(data_key)


def _connect_raw(db_path: Path, data_key: bytes) -> sqlcipher.Connection:
    """A keyed, checked connection. Raises IntegrityFailure if the file is not ours."""
    if db_path.exists():
        with open(db_path, "rb") as fh:
            if fh.read(16) == SQLITE_PLAINTEXT_HEADER:
                raise IntegrityFailure("vault.plaintext")
    if not db_path.exists():
        # Create the file 0600 ourselves: SQLite would use the umask (often 0644).
        os.close(os.open(db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600))
    _tighten(db_path)
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


def _tighten(path: Path) -> None:
    """Vault files are 0600 even in a folder created by someone else or an older release."""
    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            if p.exists() and p.stat().st_mode & 0o077:
                os.chmod(p, 0o600)
        except OSError:  # pragma: no cover - not our file; SQLCipher reports what matters
            pass


def _make_engine(db_path: Path, data_key: bytes) -> Engine:
    raw = _connect_raw(db_path, data_key)
    # One connection, used by one worker thread at a time (DESIGN.md §1). Errors must never
    # carry bound parameters: they may be client data.
    engine = create_engine(
        "sqlite://", module=sqlcipher, creator=lambda: raw, poolclass=StaticPool, hide_parameters=True
    )

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        # Writers take the lock up front so a concurrent writer (CLI beside the app) waits
        # on busy_timeout instead of failing half-way through a transaction.
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


@dataclass(frozen=True)
class CreatedVault:
    vault: Vault
    recovery_key: str  # formatted for printing; shown once


class Vault:
    """An unlocked vault. ``close()`` locks it again."""

    def __init__(
        self,
        directory: Path,
        keyring: Keyring,
        data_key: bytes | bytearray,
        engine: Engine,
        slot: SlotKey | None = None,
    ) -> None:
        self.directory = directory
        self.keyring = keyring
        self.vault_id = keyring.vault_id
        self._data_key: bytearray | None = bytearray(data_key)
        self._engine: Engine | None = engine
        # The audit MAC key lives inside the encrypted database (not derived from the data
        # key) so that rotating the data key leaves the existing chain verifiable. Everyone
        # who opens the database can read it; what a colleague cannot forge is the anchor
        # (``anchors``), signed with a key from the unlocking slot.
        with engine.connect() as conn:
            row = conn.execute(text("SELECT value FROM meta WHERE key = 'audit_key'")).first()
            conn.rollback()
        if row is None:
            raise IntegrityFailure("vault.database_unreadable")
        self.audit_key = bytearray.fromhex(row[0])
        # The key that verified release-0.1 anchors; only read, never written with.
        self.legacy_anchor_key = bytearray(_subkey(bytes(self.audit_key), b"anchor"))
        self.slot = slot
        self._lock = threading.RLock()
        # Argon2 cost for slots written through this object (None: the default).
        self.kdf: KdfParams | None = None
        # Set by unlock: an anchor problem an administrator is about to acknowledge, whether
        # this machine sees the vault for the first time, failed sign-ins to record, and
        # warnings for the person (e.g. a key rotation that could not be finished).
        self.anchor_problem: IntegrityFailure | None = None
        self.first_use = False
        self.failed_sign_ins: list[dict[str, str]] = []
        self.warnings: list[str] = []

    # --- lifecycle ---------------------------------------------------------------------

    @classmethod
    def create(cls, directory: Path | str, *, kdf: KdfParams | None = None) -> tuple[Vault, str]:
        """Create an empty vault (schema, no organisation yet). Returns the vault and the
        formatted recovery key. Callers add the organisation and first admin via
        ``services.setup.initialise``, which also writes the admin's keyring slot."""
        directory = Path(directory)
        if vault_exists(directory):
            raise InvalidInput("vault.exists", field="vault", path=str(directory))
        private_dir(directory)
        keyring = Keyring.new()
        data_key = os.urandom(32)
        recovery = keyring.set_recovery_slot(data_key)
        slot = keyring.last_slot_key
        engine = _make_engine(directory / DB_FILE, data_key)
        with engine.begin() as conn:
            migrations.create_latest(conn)
            conn.execute(
                text("INSERT INTO meta (key, value) VALUES ('vault_id', :v), ('created_at', :c), ('audit_key', :a)"),
                {"v": keyring.vault_id, "c": clock.now_utc().isoformat(), "a": os.urandom(32).hex()},
            )
        keyring.save(directory)
        vault = cls(directory, keyring, data_key, engine, slot)
        vault.kdf = kdf
        vault._creating = True
        return vault, format_recovery_key(recovery)

    @classmethod
    def unlock(
        cls,
        directory: Path | str,
        *,
        user: str,
        password: str,
        kdf: KdfParams | None = None,
        tolerate_anchor: bool = False,
    ) -> Vault:
        """Open with a user's password. Refuses (IntegrityFailure) a database that does not
        contain the anchored audit heads, unless ``tolerate_anchor`` (an administrator about
        to acknowledge it: the problem is then in ``anchor_problem``)."""
        directory = Path(directory)
        keyring = cls._load_keyring(directory)
        try:
            slot = keyring.open_with_password(user, password)
        except AuthenticationFailed:
            _note_failed_sign_in(directory, keyring, user)
            raise
        vault = cls._open_after_rotation(directory, keyring, slot, lambda ring: ring.open_with_password(user, password))
        vault.kdf = kdf
        vault._after_unlock(tolerate_anchor)
        return vault

    @classmethod
    def unlock_with_recovery(
        cls, directory: Path | str, *, recovery_key: str, kdf: KdfParams | None = None, tolerate_anchor: bool = False
    ) -> Vault:
        directory = Path(directory)
        raw = parse_recovery_key(recovery_key)
        keyring = cls._load_keyring(directory)
        try:
            slot = keyring.open_with_recovery(raw)
        except AuthenticationFailed:
            _note_failed_sign_in(directory, keyring, None)
            raise
        vault = cls._open_after_rotation(directory, keyring, slot, lambda ring: ring.open_with_recovery(raw))
        vault.kdf = kdf
        vault._after_unlock(tolerate_anchor)
        return vault

    @classmethod
    def _open_after_rotation(
        cls, directory: Path, keyring: Keyring, slot: SlotKey, unwrap: Callable[[Keyring], SlotKey]
    ) -> Vault:
        """Open, finishing an interrupted key rotation or marking it to be done again.

        A rotation stages ``keyring.next.json`` (new data key), re-encrypts the database,
        then swaps the keyrings. If we stopped in between, exactly one of the two keys opens
        the database: the new one means only the swap is missing (complete it); the old one
        means the rekey never happened (or was rolled back from its journal) — then the
        rotation is *not* forgotten: ``_after_unlock`` runs it again."""
        staged = directory / NEXT_KEYRING_FILE
        if not staged.exists():
            return cls._open(directory, keyring, slot)
        try:
            vault = cls._open(directory, keyring, slot)
        except IntegrityFailure:
            next_ring = Keyring.from_bytes(staged.read_bytes())
            new_slot = unwrap(next_ring)
            vault = cls._open(directory, next_ring, new_slot)
            next_ring.generation -= 1  # save() counts it up again
            next_ring.save(directory)
            staged.unlink(missing_ok=True)
            return vault
        staged.unlink(missing_ok=True)
        vault._resume_rotation = True
        return vault

    _resume_rotation = False
    _creating = False

    @staticmethod
    def _load_keyring(directory: Path) -> Keyring:
        if not vault_exists(directory):
            raise InvalidInput("vault.missing", field="vault", path=str(directory))
        return Keyring.load(directory)

    @classmethod
    def _open(cls, directory: Path, keyring: Keyring, slot: SlotKey | bytes) -> Vault:
        data_key = slot.data_key if isinstance(slot, SlotKey) else slot
        engine = _make_engine(directory / DB_FILE, bytes(data_key))
        try:
            with engine.connect() as conn, conn.execution_options(immediate=True).begin():
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
        return cls(directory, keyring, data_key, engine, slot if isinstance(slot, SlotKey) else None)

    def _after_unlock(self, tolerate_anchor: bool) -> None:
        """Checks every unlock makes, in this order: the anchors (a rolled-back database is
        refused before anything is written to it), the old keyring generation (it may hold a
        slot for a password that must stop working), sign-in failures to record, and a key
        rotation that has to be finished."""
        try:
            with self.write() as conn:
                status = self._check_anchor(conn)
                if status.problem is not None:
                    if not tolerate_anchor:
                        raise status.problem
                    self.anchor_problem = status.problem
                self.first_use = status.first_use
                pending = conn.execute(text("SELECT value FROM meta WHERE key = :k"), {"k": ROTATION_PENDING}).first()
        except sa_exc.DatabaseError as exc:
            self.close()
            raise database_error(exc) from None
        except BaseException:
            self.close()
            raise
        self._drop_previous_keyring()
        if self.anchor_problem is None:  # else they are recorded after the acknowledgement
            self.failed_sign_ins = _take_failed_sign_ins(self.directory)
        if (pending is not None or self._resume_rotation) and self.anchor_problem is None:
            remove = None
            if pending is not None:
                try:
                    remove = json.loads(pending[0]).get("remove_user")
                except (ValueError, AttributeError):
                    remove = None
            try:
                self.rotate_data_key(remove_user=remove)
                self.rotation_resumed = True
            except IntegrityFailure as exc:
                if exc.code != "vault.busy_elsewhere":
                    self.close()
                    raise
                # Someone else has the vault open: the old key keeps working until the next
                # unlock finishes the rotation. Say so; never drop it silently.
                self.warnings.append("vault.rotation_unfinished")

    rotation_resumed = False

    def _drop_previous_keyring(self) -> None:
        previous = self.directory / PREVIOUS_KEYRING_FILE
        if not previous.exists():
            return
        current = self.directory / KEYRING_FILE
        try:
            Keyring.from_bytes(current.read_bytes())
        except (OSError, IntegrityFailure):
            # We were opened from the previous generation: make it the current one first.
            self.keyring.generation -= 1
            self.keyring.save(self.directory)
        previous.unlink(missing_ok=True)

    def close(self) -> None:
        """Lock: drop the engine and wipe the keys held by this object."""
        with self._lock:
            if self._engine is not None:
                self._engine.dispose()
            self._engine = None
            wipe(self._data_key)
            self._data_key = None
            wipe(self.audit_key)
            wipe(self.legacy_anchor_key)
            for slot in (self.slot, getattr(self.keyring, "last_slot_key", None)):
                if slot is not None:
                    wipe(slot.data_key)
                    wipe(slot.anchor_key)
            self.audit_key = bytearray()
            self.legacy_anchor_key = bytearray()

    @property
    def is_open(self) -> bool:
        return self._engine is not None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            raise AuthenticationFailed("vault.locked")
        return self._engine

    @property
    def data_key(self) -> bytearray:
        if self._data_key is None:
            raise AuthenticationFailed("vault.locked")
        return self._data_key

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- connections -------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One write transaction (BEGIN IMMEDIATE); commits on success, rolls back on error."""
        with self._lock, self.engine.connect() as conn:
            conn = conn.execution_options(immediate=True)
            with conn.begin():
                yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        with self._lock, self.engine.connect() as conn, conn.begin():
            yield conn

    # --- keyring maintenance -----------------------------------------------------------

    def set_password(self, user: str, password: str, kdf: KdfParams | None = None) -> None:
        """Add or replace one user's slot. The database is not touched.

        A new slot has a new key pair, so when it is the unlocking person's own slot their
        anchor entry moves to the new slot (signed with its key) and the old entry goes."""
        keyring = Keyring.load(self.directory)
        keyring.set_password_slot(user, password, bytes(self.data_key), kdf or self.kdf)
        new_slot = keyring.last_slot_key
        keyring.save(self.directory, check_key=bytes(self.data_key), check_slot=(user, password))
        self.keyring = keyring
        # While a new vault is set up it acts through its recovery slot; the first admin's
        # slot then becomes the one this session signs anchors with.
        own = self.slot is not None and (
            (self.slot.user is None and self._creating)
            or (self.slot.user is not None and self.slot.user.casefold() == user.casefold())
        )
        if own and new_slot is not None:
            old = self.slot
            assert old is not None  # `own` needs it
            self.slot = new_slot
            with self.read() as conn:
                head = audit.read_head(conn)
            anchors.record(
                directory=self.directory,
                vault_id=self.vault_id,
                slot_id=new_slot.slot_id,
                user=new_slot.user,
                anchor_key=new_slot.anchor_key,
                head=head,
                drop=(old.slot_id,),
            )
            wipe(old.anchor_key)
            wipe(old.data_key)
            self._creating = False

    def remove_password(self, user: str) -> None:
        keyring = Keyring.load(self.directory)
        keyring.remove_user(user)
        keyring.save(self.directory)
        self.keyring = keyring

    def new_recovery_key(self) -> str:
        keyring = Keyring.load(self.directory)
        raw = keyring.set_recovery_slot(bytes(self.data_key))
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
                # Leaving WAL needs the only connection: if another program has the vault
                # open, give up after a short wait (the next unlock rotates; staged file kept).
                raw.execute("PRAGMA busy_timeout = 2000")
                try:
                    mode = raw.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower()
                except sqlcipher.OperationalError:
                    mode = "locked"
                finally:
                    raw.execute("PRAGMA busy_timeout = 15000")
                if mode != "delete":
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
            old_key, self._data_key = self._data_key, bytearray(new_key)
            wipe(old_key)
            if _stop_after == "rekeyed":
                return
            staged.generation -= 1  # save() counts it up again
            staged.save(self.directory)
            (self.directory / NEXT_KEYRING_FILE).unlink(missing_ok=True)
            self.keyring = staged
            if self.slot is not None:
                wipe(self.slot.data_key)
            # Done: the marker a deactivation left (in case we were interrupted) can go.
            with self.write() as conn:
                conn.execute(text("DELETE FROM meta WHERE key = :k"), {"k": ROTATION_PENDING})

    # --- audit anchor ------------------------------------------------------------------

    def _check_anchor(self, conn: Connection) -> anchors.Status:
        slot = self.slot
        return anchors.check(
            conn,
            directory=self.directory,
            vault_id=self.vault_id,
            slot_id=slot.slot_id if slot else None,
            anchor_key=slot.anchor_key if slot else None,
            legacy_key=self.legacy_anchor_key,
        )

    def check_anchor(self, conn: Connection) -> None:
        """Inside a write transaction, before writing: the database must still contain every
        anchored head (another program may have replaced the file since we opened it). An
        acknowledged problem (``anchor_problem``) is let through for the acknowledgement."""
        if self.anchor_problem is not None:
            return
        problem = self._check_anchor(conn).problem
        if problem is not None:
            raise problem

    def write_anchor(self, head: audit.ChainHead, *, reset: bool = False) -> None:
        """Record ``head`` (just committed) as this slot's entry in both anchors."""
        if self.slot is None:  # opened with a bare key (restore checks): nothing to sign with
            return
        anchors.record(
            directory=self.directory,
            vault_id=self.vault_id,
            slot_id=self.slot.slot_id,
            user=self.slot.user,
            anchor_key=self.slot.anchor_key,
            head=head,
            reset=reset,
        )
        if reset:
            self.anchor_problem = None

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
        with self._lock, self.read() as conn:
            _head, broken = audit.verify_chain(conn, self.audit_key)
            if broken is not None:
                raise IntegrityFailure("verify.audit_chain", seq=broken)
            passed.append("audit_chain")
            problem = self._check_anchor(conn).problem
            if problem is not None:
                raise problem
            passed.append("audit_anchor")
            if backup_dirs:
                for folder in backup_dirs:
                    for path in sorted(Path(folder).glob(f"*{backup_format.SUFFIX}")):
                        # A damaged backup is a failure, not something to skip: it may be
                        # the only copy someone relies on, or a doctored manifest.
                        try:
                            header, _, version = backup_format.read_header(path)
                        except (IntegrityFailure, InvalidInput):
                            raise IntegrityFailure("backup.damaged_named", name=path.name) from None
                        if header.get("vault_id") != self.vault_id:
                            continue  # another vault's backup: not ours to judge
                        if version == backup_format.FORMAT_VERSION:
                            try:
                                header = backup_format.authenticate(path, self.audit_key)
                            except IntegrityFailure:
                                raise IntegrityFailure("backup.damaged_named", name=path.name) from None
                        try:
                            head = header["manifest"]["audit_head"]
                            claim = audit.ChainHead(int(head["seq"]), str(head["mac"]))
                        except (KeyError, TypeError, ValueError):
                            raise IntegrityFailure("backup.damaged_named", name=path.name) from None
                        problem = audit.check_against_anchor(conn, claim)
                        if problem is not None:
                            raise IntegrityFailure("verify.backup_newer", seq=claim.seq, name=path.name)
                passed.append("backup_heads")
        return passed


# --- failed sign-ins -----------------------------------------------------------------------
# A wrong password cannot write to the database (no key), so the attempt is noted in a small
# file in the vault folder — time and slot id only, never the typed name unless it is a user
# of this vault — and turned into ``session.sign_in_failed`` audit events at the next
# successful sign-in.

_MAX_FAILURES_KEPT = 200


def _note_failed_sign_in(directory: Path, keyring: Keyring, user: str | None) -> None:
    slot = keyring.user_slot(user) if user else None
    path = directory / FAILED_SIGN_INS_FILE
    try:
        entries = _read_failures(path)
        entries.append(
            {
                "at": clock.now_utc().isoformat(timespec="seconds"),
                "user": slot.user if slot and slot.user else ("recovery" if user is None else ""),
            }
        )
        atomic_write_bytes(path, json.dumps(entries[-_MAX_FAILURES_KEPT:]).encode())
    except OSError:  # a read-only vault folder must not turn a wrong password into a crash
        pass


def _read_failures(path: Path) -> list[dict[str, str]]:
    try:
        raw = path.read_bytes()[: 256 * 1024]
        doc = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return []
    if not isinstance(doc, list):
        return []
    out = []
    for e in doc:
        if not isinstance(e, dict):
            continue
        at = str(e.get("at", ""))[:40]
        try:
            dt.datetime.fromisoformat(at)
        except ValueError:
            at = ""
        out.append({"at": at, "user": str(e.get("user", ""))[:64]})
    return out


def _take_failed_sign_ins(directory: Path) -> list[dict[str, str]]:
    path = directory / FAILED_SIGN_INS_FILE
    entries = _read_failures(path)
    path.unlink(missing_ok=True)
    return entries
