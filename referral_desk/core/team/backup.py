"""Encrypted backups of a team database (issue 18, DESIGN.md §10): ``pg_dump`` piped into the
backup file format of a desk vault (core/backup_format.py).

* ``pg_dump --format=custom`` runs as the connecting role (the database owner's login or a
  superuser: a role under row-level security would dump only what it may see, and
  ``pg_dump`` refuses that). Its output never touches the disk unencrypted: it is read from
  the pipe into memory, sealed in 4 MiB chunks and written atomically. The password goes to
  ``pg_dump`` in its environment, never on its command line.
* A team database has no vault data key, and a key kept inside the database would be stolen
  with it. The backup key comes from a **backup passphrase** the operator keeps (Argon2id,
  the vault's cost, per-backup salt; HKDF then derives the chunk key and the MAC key).
* Layout and checks are the vault backup's: header (readable without the passphrase: kind,
  database name, server version, schema version, creation time, SHA-256 and size of the
  dump), chunks sealed with AES-256-GCM bound to the header hash, their position and a
  last-chunk flag, and a trailing HMAC over everything before it.
* ``restore`` authenticates and decrypts the whole file and compares the dump's SHA-256
  before it touches the target, then feeds the dump to ``pg_restore`` on an empty
  database. The group roles the policies name (``<database>_counsellor`` …) are
  cluster-wide, so the target is a database of the same name on a cluster that has them
  (the same server, or one where ``server init`` ran for that name; docs/team-database.md).
"""

from __future__ import annotations

import glob
import hashlib
import hmac
import json
import os
import struct
import subprocess
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from referral_desk.core import clock
from referral_desk.core.backup_format import CHUNK, END, FORMAT_VERSION, MAGIC, chunk_aad, parse_file
from referral_desk.core.errors import IntegrityFailure, InvalidInput, PolicyRefused
from referral_desk.core.fileio import atomic_writer
from referral_desk.core.keyring import KdfParams, derive_password_key, password_kdf

KIND = "team-database"
#: Shortest backup passphrase (it guards every client of the team).
MIN_PASSPHRASE = 12


@dataclass(frozen=True)
class TeamBackupInfo:
    path: Path
    database: str
    created_at: str
    schema_version: int
    server_version: str
    dump_size: int
    #: After a restore: login roles created without a password (another server).
    logins_created: tuple[str, ...] = ()


def tool(name: str) -> str:
    """``pg_dump`` / ``pg_restore``: the newest of Debian's versioned binaries (they read
    dumps of every older server), else the one on PATH."""
    found = sorted(
        glob.glob(f"/usr/lib/postgresql/*/bin/{name}"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    from shutil import which

    path = which(name)
    if path is None:
        raise PolicyRefused("team.tool_missing", tool=name)
    return path


def _pg_env(params: dict[str, str]) -> dict[str, str]:
    """libpq's environment for a child process: the connection without any argument on
    the command line (where other users of the machine could read the password)."""
    names = {
        "host": "PGHOST",
        "port": "PGPORT",
        "dbname": "PGDATABASE",
        "user": "PGUSER",
        "password": "PGPASSWORD",
        "sslmode": "PGSSLMODE",
        "sslrootcert": "PGSSLROOTCERT",
        "sslcert": "PGSSLCERT",
        "sslkey": "PGSSLKEY",
        "sslcrl": "PGSSLCRL",
        "connect_timeout": "PGCONNECT_TIMEOUT",
    }
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update({names[k]: str(v) for k, v in params.items() if k in names and v is not None})
    return env


def _keys(passphrase: str, kdf: dict[str, Any], salt: bytes, mac_salt: bytes) -> tuple[bytes, bytes]:
    try:
        root = derive_password_key(passphrase, kdf)
    except IntegrityFailure:  # parameters missing or out of range: refused before any work
        raise IntegrityFailure("backup.damaged") from None
    seal = HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"referral-desk team backup").derive(root)
    mac = HKDF(algorithm=hashes.SHA256(), length=32, salt=mac_salt, info=b"referral-desk team backup mac").derive(root)
    return seal, mac


def check_passphrase(passphrase: str) -> str:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InvalidInput("team.backup_passphrase", field="passphrase", min=MIN_PASSPHRASE)
    return passphrase


def create(
    params: dict[str, str],
    out: Path,
    *,
    passphrase: str,
    kdf: KdfParams | None = None,
    chunk_size: int = CHUNK,
) -> TeamBackupInfo:
    """Dump the team database of ``params`` (libpq connection parameters with the password
    resolved) into an encrypted backup at ``out``."""
    from sqlalchemy import text

    from referral_desk.core.team import connection

    check_passphrase(passphrase)
    engine = connection.make_engine(params)
    try:
        with engine.connect() as conn:
            database = str(conn.execute(text("SELECT current_database()")).scalar_one())
            server_version = str(conn.execute(text("SHOW server_version")).scalar_one())
            marker = conn.execute(text("SELECT to_regclass('public.meta')")).scalar()
            if marker is None:
                raise PolicyRefused("team.not_team_database")
            schema_version = int(conn.execute(text("SELECT value FROM meta WHERE key = 'schema_version'")).scalar_one())
            if (
                not conn.execute(
                    text("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user")
                ).scalar()
                and not conn.execute(
                    text("SELECT pg_has_role(current_user, :o, 'USAGE')"), {"o": f"{database}_owner"}
                ).scalar()
            ):
                raise PolicyRefused("team.backup_role")
    finally:
        engine.dispose()
    dump = subprocess.run(
        [tool("pg_dump"), "--format=custom", "--no-password", "--serializable-deferrable"],
        env=_pg_env(params),
        capture_output=True,
        check=False,
    )
    if dump.returncode != 0 or not dump.stdout:
        # pg_dump's message names tables and roles, never row contents; only its last line.
        last = (dump.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:300]
        raise PolicyRefused("team.dump_failed", detail=last)
    data = dump.stdout
    kdf_doc = password_kdf(kdf)
    salt, mac_salt = os.urandom(16), os.urandom(16)
    manifest = {
        "kind": KIND,
        "database": database,
        "server_version": server_version,
        "schema_version": schema_version,
        "created_at": clock.now_utc().isoformat(timespec="seconds"),
        "parts": {"dump": {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data), "format": "custom"}},
    }
    header: dict[str, Any] = {
        "format": "referral-desk-backup",
        "version": FORMAT_VERSION,
        "kind": KIND,
        "kdf": kdf_doc,
        "salt": salt.hex(),
        "mac_salt": mac_salt.hex(),
        "nonce_prefix": os.urandom(4).hex(),
        "chunk_size": chunk_size,
        "manifest": manifest,
    }
    seal_key, mac_key = _keys(passphrase, kdf_doc, salt, mac_salt)
    header_raw = json.dumps(header, ensure_ascii=True, sort_keys=True).encode()
    header_hash = hashlib.sha256(header_raw).digest()
    aes = AESGCM(seal_key)
    mac = hmac.new(mac_key, digestmod=hashlib.sha256)
    prefix = bytes.fromhex(header["nonce_prefix"])
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    with atomic_writer(out) as fh:

        def put(part: bytes) -> None:
            fh.write(part)
            mac.update(part)

        put(MAGIC + struct.pack(">I", len(header_raw)) + header_raw)
        count = max(1, -(-len(data) // chunk_size))
        for index in range(count):
            chunk = data[index * chunk_size : (index + 1) * chunk_size]
            aad = chunk_aad(header_hash, index, index == count - 1)
            sealed = aes.encrypt(prefix + struct.pack(">Q", index), chunk, aad)
            put(struct.pack(">I", len(sealed)) + sealed)
        put(END)
        fh.write(mac.digest())
    return info(out)


def info(path: Path) -> TeamBackupInfo:
    """What the header says (not yet authenticated: :func:`open_dump` checks it)."""
    parsed = parse_file(Path(path))
    m = parsed.header.get("manifest", {})
    if parsed.header.get("kind") != KIND or not isinstance(m, dict):
        raise IntegrityFailure("backup.not_team_backup")
    return TeamBackupInfo(
        path=Path(path),
        database=str(m.get("database")),
        created_at=str(m.get("created_at")),
        schema_version=int(m.get("schema_version", 0)),
        server_version=str(m.get("server_version")),
        dump_size=int(m.get("parts", {}).get("dump", {}).get("size", 0)),
    )


def open_dump(path: Path, *, passphrase: str) -> tuple[TeamBackupInfo, bytes]:
    """Authenticate the whole file (trailer MAC with the passphrase's key), decrypt every
    chunk and compare the dump's SHA-256: (info, the ``pg_dump`` output). A wrong
    passphrase and a changed file both fail here, before anything is restored."""
    backup = info(path)
    parsed = parse_file(Path(path))
    header = parsed.header
    try:
        salt, mac_salt = bytes.fromhex(header["salt"]), bytes.fromhex(header["mac_salt"])
        prefix = bytes.fromhex(header["nonce_prefix"])
        seal_key, mac_key = _keys(passphrase, header["kdf"], salt, mac_salt)
    except (KeyError, TypeError, ValueError):
        raise IntegrityFailure("backup.damaged") from None
    want = hmac.new(mac_key, parsed.signed, hashlib.sha256).digest()
    if not hmac.compare_digest(want, parsed.mac):
        # Either the passphrase is not this backup's or the file was changed: both refuse.
        raise IntegrityFailure("backup.team_unlock")
    aes = AESGCM(seal_key)
    parts = []
    for index, sealed in enumerate(parsed.chunks):
        last = index == len(parsed.chunks) - 1
        try:
            aad = chunk_aad(parsed.header_hash, index, last)
            parts.append(aes.decrypt(prefix + struct.pack(">Q", index), sealed, aad))
        except InvalidTag:
            raise IntegrityFailure("backup.damaged") from None
    data = b"".join(parts)
    if hashlib.sha256(data).hexdigest() != header["manifest"]["parts"]["dump"]["sha256"]:
        raise IntegrityFailure("backup.damaged")
    return backup, data


def restore(path: Path, params: dict[str, str], *, passphrase: str) -> TeamBackupInfo:
    """Restore a team backup into the empty database of ``params`` (a superuser's
    connection). Refuses a database that is not empty or is named differently from the one
    backed up (the policies name its group roles). The result names the login roles that had
    to be created (``logins_created``: on another server; they need a new password)."""
    from sqlalchemy import text

    from referral_desk.core.team import connection, server

    backup, data = open_dump(path, passphrase=passphrase)
    engine = connection.make_engine(params)
    try:
        with engine.connect() as conn:
            database = str(conn.execute(text("SELECT current_database()")).scalar_one())
            if database != backup.database:
                raise PolicyRefused("team.restore_name", database=backup.database)
            server.require_superuser(conn)
            if server.has_objects(conn):
                raise PolicyRefused("team.restore_not_empty")
            roles = server.role_names(database)
            missing = [
                r
                for r in roles.values()
                if not conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": r}).first()
            ]
            for role in missing:  # a new cluster: the group roles the grants and policies name
                conn.execute(text(f"CREATE ROLE {server._q(role)} NOLOGIN"))
            conn.commit()
    finally:
        engine.dispose()
    done = subprocess.run(
        [tool("pg_restore"), "--no-password", "--exit-on-error", "--single-transaction", "--dbname", database],
        input=data,
        env=_pg_env(params),
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        last = (done.stderr.decode("utf-8", "replace").strip().splitlines() or [""])[-1][:300]
        raise PolicyRefused("team.restore_failed", detail=last)
    # On another server the people's login roles are missing (roles are not in a database's
    # dump): create them without a password; ``user reset-password`` gives each one.
    engine = connection.make_engine(params)
    try:
        with engine.begin() as conn:
            made = server.recreate_logins(conn)
    finally:
        engine.dispose()
    return replace(backup, logins_created=tuple(made))
