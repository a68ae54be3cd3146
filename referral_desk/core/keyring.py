"""The keyring: the vault's data key, wrapped once per user and once for recovery.

The database is encrypted with a random 256-bit *data key* (SQLCipher raw-key mode). The
keyring file has one slot per user and one for the recovery key. A slot is an X25519 key
pair: the private key is sealed with AES-256-GCM under a key derived from the password
(Argon2id) or the recovery key (HKDF), and the data key is sealed to the public key. The
GCM associated data binds vault id, slot id, kind, user, KDF parameters and public key, so
a slot cannot be moved to another user or vault, nor its KDF weakened, without unsealing
failing.

Changing a password re-seals one private key; the database is untouched. Rotating the data
key re-seals it to every remaining public key — no passwords needed.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from referral_desk.core.errors import AuthenticationFailed, IntegrityFailure, InvalidInput
from referral_desk.core.fileio import atomic_write_bytes

KEYRING_FILE = "keyring.json"
PREVIOUS_KEYRING_FILE = "keyring.previous.json"
FORMAT = "referral-desk-keyring"
FORMAT_VERSION = 1
NEXT_KEYRING_FILE = "keyring.next.json"
KEY_BYTES = 32

# Refuse absurd parameters from a tampered file before spending memory on them: a keyring
# may not make every unlock attempt allocate more than 1 GiB or run more than 10 passes.
_MAX_MEMORY_KIB = 1024 * 1024
_MAX_ITERATIONS = 10
_MAX_KEYRING_BYTES = 1024 * 1024


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Defaults follow DESIGN.md §5 (64 MiB, 3 passes, 4 lanes)."""

    memory_kib: int = 65536
    iterations: int = 3
    lanes: int = 4

    def __post_init__(self) -> None:
        if not (
            1 <= self.lanes <= 64
            and 8 * self.lanes <= self.memory_kib <= _MAX_MEMORY_KIB
            and 1 <= self.iterations <= _MAX_ITERATIONS
        ):
            raise InvalidInput("input.kdf", field="kdf", max_mib=_MAX_MEMORY_KIB // 1024, max_passes=_MAX_ITERATIONS)

    @classmethod
    def fast_for_tests(cls) -> KdfParams:
        # Only for test fixtures: cheap but structurally identical.
        return cls(memory_kib=64, iterations=1, lanes=1)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: Any, what: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except (ValueError, TypeError):
        raise IntegrityFailure("vault.keyring_invalid", detail=f"{what} not base64") from None


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


@dataclass
class Slot:
    """One way into the vault.

    The slot owns an X25519 key pair. Its private key is sealed under the user's password
    (or the recovery key); the data key is sealed to its *public* key. So a password change
    re-seals only the private key, and rotating the data key (when a counsellor leaves)
    re-seals it to every remaining slot's public key without knowing anyone's password."""

    slot_id: str
    kind: str  # "password" | "recovery"
    user: str | None
    kdf: dict[str, Any]
    public_key: bytes
    private_nonce: bytes
    private_sealed: bytes
    ephemeral: bytes
    data_nonce: bytes
    data_sealed: bytes

    def to_json(self) -> dict[str, Any]:
        return {
            "slot_id": self.slot_id,
            "kind": self.kind,
            "user": self.user,
            "kdf": self.kdf,
            "public_key": _b64(self.public_key),
            "private_key": {"nonce": _b64(self.private_nonce), "sealed": _b64(self.private_sealed)},
            "data_key": {
                "ephemeral": _b64(self.ephemeral),
                "nonce": _b64(self.data_nonce),
                "sealed": _b64(self.data_sealed),
            },
        }

    @classmethod
    def from_json(cls, data: Any) -> Slot:
        if not isinstance(data, dict):
            raise IntegrityFailure("vault.keyring_invalid", detail="slot is not an object")
        try:
            return cls(
                slot_id=str(data["slot_id"]),
                kind=str(data["kind"]),
                user=None if data["user"] is None else str(data["user"]),
                kdf=dict(data["kdf"]),
                public_key=_unb64(data["public_key"], "public_key"),
                private_nonce=_unb64(data["private_key"]["nonce"], "nonce"),
                private_sealed=_unb64(data["private_key"]["sealed"], "sealed"),
                ephemeral=_unb64(data["data_key"]["ephemeral"], "ephemeral"),
                data_nonce=_unb64(data["data_key"]["nonce"], "nonce"),
                data_sealed=_unb64(data["data_key"]["sealed"], "sealed"),
            )
        except (KeyError, TypeError, ValueError):
            raise IntegrityFailure("vault.keyring_invalid", detail="slot fields missing") from None


def _private_aad(
    vault_id: str, slot_id: str, kind: str, user: str | None, kdf: dict[str, Any], public_key: bytes
) -> bytes:
    return _canonical(
        {
            "vault_id": vault_id,
            "slot_id": slot_id,
            "kind": kind,
            "user": user,
            "kdf": kdf,
            "public_key": _b64(public_key),
            "part": "private_key",
        }
    )


def _data_aad(vault_id: str, slot_id: str, public_key: bytes, ephemeral: bytes) -> bytes:
    return _canonical(
        {
            "vault_id": vault_id,
            "slot_id": slot_id,
            "public_key": _b64(public_key),
            "ephemeral": _b64(ephemeral),
            "part": "data_key",
        }
    )


def _seal_data_key(vault_id: str, slot_id: str, public_key: bytes, data_key: bytes) -> tuple[bytes, bytes, bytes]:
    """Encrypt the data key to a slot's public key (ephemeral-static X25519 + HKDF + AES-GCM)."""
    ephemeral = X25519PrivateKey.generate()
    ephemeral_pub = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(public_key))
    key = HKDF(
        algorithm=hashes.SHA256(), length=KEY_BYTES, salt=ephemeral_pub + public_key, info=b"referral-desk data key"
    ).derive(shared)
    nonce = os.urandom(12)
    sealed = AESGCM(key).encrypt(nonce, data_key, _data_aad(vault_id, slot_id, public_key, ephemeral_pub))
    return ephemeral_pub, nonce, sealed


def _open_data_key(vault_id: str, slot: Slot, private: X25519PrivateKey) -> bytes:
    shared = private.exchange(X25519PublicKey.from_public_bytes(slot.ephemeral))
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=slot.ephemeral + slot.public_key,
        info=b"referral-desk data key",
    ).derive(shared)
    return AESGCM(key).decrypt(
        slot.data_nonce, slot.data_sealed, _data_aad(vault_id, slot.slot_id, slot.public_key, slot.ephemeral)
    )


def password_kdf(kdf: KdfParams | None = None, salt: bytes | None = None) -> dict[str, Any]:
    """Argon2id parameters as stored beside what they protect (a keyring slot, a team
    backup's header): the cost of ``kdf`` (default DESIGN.md §5) and a fresh 16-byte salt."""
    kdf = kdf or KdfParams()
    return {
        "name": "argon2id",
        "memory_kib": kdf.memory_kib,
        "iterations": kdf.iterations,
        "lanes": kdf.lanes,
        "salt": _b64(os.urandom(16) if salt is None else salt),
    }


def derive_password_key(password: str, kdf: dict[str, Any]) -> bytes:
    """The key of ``password`` under stored parameters (:func:`password_kdf`); parameters out
    of the allowed range are refused before any work (a stored header is not trusted)."""
    try:
        memory = int(kdf["memory_kib"])
        iterations = int(kdf["iterations"])
        lanes = int(kdf["lanes"])
        salt = _unb64(kdf["salt"], "salt")
        if kdf.get("name") != "argon2id":
            raise ValueError
    except (KeyError, TypeError, ValueError):
        raise IntegrityFailure("vault.keyring_invalid", detail="KDF parameters") from None
    if not (
        1 <= lanes <= 64
        and 8 * lanes <= memory <= _MAX_MEMORY_KIB
        and 1 <= iterations <= _MAX_ITERATIONS
        and len(salt) >= 16
    ):
        raise IntegrityFailure("vault.keyring_invalid", detail="KDF parameters out of range")
    return Argon2id(salt=salt, length=KEY_BYTES, iterations=iterations, lanes=lanes, memory_cost=memory).derive(
        password.encode("utf-8")
    )


def _derive_recovery_key(recovery: bytes, kdf: dict[str, Any]) -> bytes:
    # The recovery key already has 256 bits of entropy: a fast KDF is enough.
    if kdf.get("name") != "hkdf-sha256":
        raise IntegrityFailure("vault.keyring_invalid", detail="KDF parameters")
    salt = _unb64(kdf.get("salt"), "salt")
    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=b"referral-desk recovery slot").derive(
        recovery
    )


# --- recovery key presentation -------------------------------------------------------


def format_recovery_key(raw: bytes) -> str:
    """256 bits as 13 groups of 4 base32 characters, for printing and typing."""
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    # People mistype 0/O and 1/I/L when copying from paper; base32 has neither 0 nor 1.
    cleaned = cleaned.replace("0", "O").replace("1", "I")
    if len(cleaned) != 52:
        raise InvalidInput("input.recovery_key", field="recovery_key")
    try:
        raw = base64.b32decode(cleaned + "====")
    except ValueError:
        raise InvalidInput("input.recovery_key", field="recovery_key") from None
    if len(raw) != KEY_BYTES:
        raise InvalidInput("input.recovery_key", field="recovery_key")
    return raw


# --- the keyring -----------------------------------------------------------------------


def _read_keyring_file(path: Path) -> bytes:
    """The file's bytes; a missing or unreadable keyring is damage to the vault (exit 5)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read(_MAX_KEYRING_BYTES + 1)
    except FileNotFoundError:
        raise IntegrityFailure("vault.keyring_missing") from None
    except OSError:
        raise IntegrityFailure("vault.keyring_invalid", detail="unreadable") from None
    return data


@dataclass(frozen=True)
class SlotKey:
    """What an unlocked slot yields: the data key, and a key for this slot's anchor entry.

    The anchor key is derived from the slot's *private* key, which only the slot's password
    (or the recovery key) unseals. It is not in the database and not derivable from the data
    key, so a colleague who can open the database cannot forge another person's anchor."""

    data_key: bytearray
    slot_id: str
    user: str | None
    anchor_key: bytearray


def _anchor_key(vault_id: str, slot_id: str, private_raw: bytes) -> bytearray:
    return bytearray(
        HKDF(
            algorithm=hashes.SHA256(),
            length=KEY_BYTES,
            salt=None,
            info=f"referral-desk anchor {vault_id} {slot_id}".encode(),
        ).derive(private_raw)
    )


@dataclass
class Keyring:
    vault_id: str
    generation: int = 0
    slots: list[Slot] = field(default_factory=list)
    # The keys of the slot written last by this object (set_password_slot, set_recovery_slot).
    last_slot_key: SlotKey | None = field(default=None, repr=False, compare=False)

    # creation and (de)serialisation

    @classmethod
    def new(cls) -> Keyring:
        return cls(vault_id=str(uuid.uuid4()))

    def to_bytes(self) -> bytes:
        doc = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "vault_id": self.vault_id,
            "generation": self.generation,
            "slots": [s.to_json() for s in self.slots],
        }
        return json.dumps(doc, indent=2, ensure_ascii=True).encode() + b"\n"

    @classmethod
    def from_bytes(cls, data: bytes) -> Keyring:
        if len(data) > _MAX_KEYRING_BYTES:
            raise IntegrityFailure("vault.keyring_invalid", detail="too large")
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            # RecursionError: deeply nested JSON planted to crash the parser.
            raise IntegrityFailure("vault.keyring_invalid", detail="not JSON") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise IntegrityFailure("vault.keyring_invalid", detail="unknown format")
        if doc.get("version") != FORMAT_VERSION:
            raise IntegrityFailure("vault.keyring_invalid", detail="unsupported version")
        slots = doc.get("slots")
        if not isinstance(slots, list):
            raise IntegrityFailure("vault.keyring_invalid", detail="slots missing")
        generation = doc.get("generation", 0)
        if type(generation) is not int or not 0 <= generation < 2**62:
            raise IntegrityFailure("vault.keyring_invalid", detail="generation")
        vault_id = doc.get("vault_id")
        if not isinstance(vault_id, str) or not 0 < len(vault_id) <= 64:
            raise IntegrityFailure("vault.keyring_invalid", detail="vault_id")
        return cls(vault_id=vault_id, generation=generation, slots=[Slot.from_json(s) for s in slots])

    # files

    @classmethod
    def load(cls, directory: Path) -> Keyring:
        """Read the current keyring; fall back to the previous generation if the current
        file is missing or unreadable (a crash between the two writes of ``save``)."""
        current = directory / KEYRING_FILE
        previous = directory / PREVIOUS_KEYRING_FILE
        try:
            return cls.from_bytes(_read_keyring_file(current))
        except IntegrityFailure:
            if previous.exists():
                return cls.from_bytes(_read_keyring_file(previous))
            raise

    def save(
        self, directory: Path, *, check_key: bytes | None = None, check_slot: tuple[str, str] | None = None
    ) -> None:
        """Write a new generation. The previous file is kept as ``keyring.previous.json``
        until the new one has been read back and (when ``check_slot`` names a user and
        password) unwrapped to ``check_key``; then it is removed, because it may hold a
        slot for an old password that must stop working."""
        self.generation += 1
        current = directory / KEYRING_FILE
        previous = directory / PREVIOUS_KEYRING_FILE
        if current.exists():
            atomic_write_bytes(previous, current.read_bytes())
        atomic_write_bytes(current, self.to_bytes())
        reread = Keyring.from_bytes(current.read_bytes())
        if (
            check_slot is not None and check_key is not None and reread.unwrap_with_password(*check_slot) != check_key
        ):  # pragma: no cover
            raise IntegrityFailure("vault.keyring_invalid", detail="new keyring does not unlock")
        previous.unlink(missing_ok=True)

    # slots

    def user_slot(self, user: str) -> Slot | None:
        wanted = user.casefold()
        for slot in self.slots:
            if slot.kind == "password" and slot.user is not None and slot.user.casefold() == wanted:
                return slot
        return None

    def users(self) -> list[str]:
        return [s.user for s in self.slots if s.kind == "password" and s.user]

    def _new_slot(
        self, kind: str, user: str | None, params: dict[str, Any], wrapping_key: bytes, data_key: bytes
    ) -> Slot:
        slot_id = str(uuid.uuid4())
        private = X25519PrivateKey.generate()
        public = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        private_raw = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
        private_nonce = os.urandom(12)
        private_sealed = AESGCM(wrapping_key).encrypt(
            private_nonce, private_raw, _private_aad(self.vault_id, slot_id, kind, user, params, public)
        )
        ephemeral, data_nonce, data_sealed = _seal_data_key(self.vault_id, slot_id, public, data_key)
        self.last_slot_key = SlotKey(
            bytearray(data_key), slot_id, user, _anchor_key(self.vault_id, slot_id, private_raw)
        )
        return Slot(
            slot_id, kind, user, params, public, private_nonce, private_sealed, ephemeral, data_nonce, data_sealed
        )

    def set_password_slot(self, user: str, password: str, data_key: bytes, kdf: KdfParams | None = None) -> None:
        params = password_kdf(kdf)
        slot = self._new_slot("password", user, params, derive_password_key(password, params), data_key)
        self.remove_user(user)
        self.slots.append(slot)

    def set_recovery_slot(self, data_key: bytes) -> bytes:
        """Create (or replace) the recovery slot; returns the new raw recovery key."""
        recovery = secrets.token_bytes(KEY_BYTES)
        params = {"name": "hkdf-sha256", "salt": _b64(os.urandom(16))}
        slot = self._new_slot("recovery", None, params, _derive_recovery_key(recovery, params), data_key)
        self.slots = [s for s in self.slots if s.kind != "recovery"]
        self.slots.append(slot)
        return recovery

    def rewrap_data_key(self, new_data_key: bytes) -> None:
        """Seal a new data key to every slot's public key (key rotation): no password is
        needed, and each user keeps their own password."""
        for slot in self.slots:
            slot.ephemeral, slot.data_nonce, slot.data_sealed = _seal_data_key(
                self.vault_id, slot.slot_id, slot.public_key, new_data_key
            )

    def remove_user(self, user: str) -> None:
        wanted = user.casefold()
        self.slots = [
            s for s in self.slots if not (s.kind == "password" and s.user is not None and s.user.casefold() == wanted)
        ]

    def _unwrap(self, slot: Slot, wrapping_key: bytes) -> bytes:
        opened = self._open_slot(slot, wrapping_key)
        return bytes(opened.data_key) if opened else b""

    def _open_slot(self, slot: Slot, wrapping_key: bytes) -> SlotKey | None:
        try:
            private_raw = AESGCM(wrapping_key).decrypt(
                slot.private_nonce,
                slot.private_sealed,
                _private_aad(self.vault_id, slot.slot_id, slot.kind, slot.user, slot.kdf, slot.public_key),
            )
            private = X25519PrivateKey.from_private_bytes(private_raw)
            if private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw) != slot.public_key:
                return None
            key = _open_data_key(self.vault_id, slot, private)
        except (InvalidTag, ValueError):
            return None
        if len(key) != KEY_BYTES:
            return None
        return SlotKey(bytearray(key), slot.slot_id, slot.user, _anchor_key(self.vault_id, slot.slot_id, private_raw))

    def open_with_password(self, user: str, password: str) -> SlotKey:
        slot = self.user_slot(user)
        if slot is None:
            derive_password_key(password, password_kdf(salt=b"\0" * 16))
            raise AuthenticationFailed("auth.failed")
        opened = self._open_slot(slot, derive_password_key(password, slot.kdf))
        if opened is None:
            raise AuthenticationFailed("auth.failed")
        return opened

    def open_with_recovery(self, recovery: bytes) -> SlotKey:
        for slot in self.slots:
            if slot.kind == "recovery":
                opened = self._open_slot(slot, _derive_recovery_key(recovery, slot.kdf))
                if opened is not None:
                    return opened
        raise AuthenticationFailed("auth.recovery_failed")

    def unwrap_with_password(self, user: str, password: str) -> bytes:
        slot = self.user_slot(user)
        if slot is None:
            # Spend the same effort as a real attempt so timing does not reveal user names.
            derive_password_key(password, password_kdf(salt=b"\0" * 16))
            raise AuthenticationFailed("auth.failed")
        key = self._unwrap(slot, derive_password_key(password, slot.kdf))
        if not key:
            raise AuthenticationFailed("auth.failed")
        return key

    def unwrap_with_recovery(self, recovery: bytes) -> bytes:
        for slot in self.slots:
            if slot.kind == "recovery":
                key = self._unwrap(slot, _derive_recovery_key(recovery, slot.kdf))
                if key:
                    return key
        raise AuthenticationFailed("auth.recovery_failed")
