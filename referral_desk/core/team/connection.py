"""Connecting to the team database.

The DSN is a libpq URL or key=value string. TLS with certificate and host-name verification
(``sslmode=verify-full``) is the default; only a DSN that names another ``sslmode`` gets
another. The password is never written anywhere by us: it comes from the DSN itself, env
``REFERRAL_DESK_PASSWORD``, the system keyring (``keyring`` package, if a backend is
available) or a prompt. The connection settings remembered per user (platformdirs config
dir, ``team.json``) never contain a password.
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import json
import os
import secrets
import sys
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # psycopg and SQLAlchemy load when a team database is used
    import psycopg
    from sqlalchemy.engine import Engine

from referral_desk.core.errors import AuthenticationFailed, InvalidInput

KEYRING_SERVICE = "referral-desk-team"
SETTINGS_FILE = "team.json"


def parse_dsn(dsn: str | None) -> dict[str, str]:
    """The DSN's parameters, with ``sslmode=verify-full`` unless it names one. Exit 2
    (field ``dsn``) for something that is not a DSN."""
    from psycopg.conninfo import conninfo_to_dict

    if not dsn or not dsn.strip():
        raise InvalidInput("team.dsn_invalid", field="dsn")
    try:
        params = {k: str(v) for k, v in conninfo_to_dict(dsn.strip()).items() if v is not None}
    except Exception:  # noqa: BLE001 - psycopg.ProgrammingError; the text may hold a password
        raise InvalidInput("team.dsn_invalid", field="dsn") from None
    params.setdefault("sslmode", "verify-full")
    params.setdefault("application_name", "referral-desk")
    return params


def keyring_account(params: dict[str, str]) -> str:
    return f"{params.get('user', '')}@{params.get('host', '')}:{params.get('port', '5432')}/{params.get('dbname', '')}"


def password_from_keyring(params: dict[str, str]) -> str | None:
    """The stored password for this user and server, or None (no keyring backend, none stored)."""
    try:
        import keyring
        from keyring.errors import KeyringError

        try:
            return keyring.get_password(KEYRING_SERVICE, keyring_account(params))
        except (KeyringError, RuntimeError, OSError):
            return None
    except ImportError:
        return None


def store_in_keyring(params: dict[str, str], password: str) -> bool:
    """Remember the password in the system keyring (never in a file of ours). False if no
    keyring backend is available."""
    try:
        import keyring

        keyring.set_password(KEYRING_SERVICE, keyring_account(params), password)
        return True
    except Exception:  # noqa: BLE001 - no backend, locked, refused: simply not stored
        return False


def resolve_password(
    params: dict[str, str], *, prompt: Callable[[str], str] | None = None, env: str = "REFERRAL_DESK_PASSWORD"
) -> dict[str, str]:
    """``params`` with a password: the DSN's own, env ``env`` (REFERRAL_DESK_PASSWORD; a
    command that also unlocks a vault uses another), the keyring, else the prompt (only on a
    terminal)."""
    if params.get("password"):
        return params
    password = os.environ.get(env) or password_from_keyring(params)
    if password is None:
        if prompt is None and sys.stdin is not None and sys.stdin.isatty():
            prompt = getpass.getpass
        if prompt is None:
            raise InvalidInput("input.no_password", field="password", env=env)
        password = prompt(f"Passwort für {params.get('user', '')}@{params.get('host', '')}: ")
    return {**params, "password": password}


# --- settings outside the vault -------------------------------------------------------


def settings_path() -> Path:
    from platformdirs import user_config_dir

    base = os.environ.get("REFERRAL_DESK_CONFIG_DIR") or user_config_dir("referral-desk", appauthor=False)
    return Path(base) / SETTINGS_FILE


def remember(params: dict[str, str]) -> Path:
    """Save this person's connection settings (host, port, database, user, TLS options)
    so the app can offer them next time. Never the password."""
    from psycopg.conninfo import make_conninfo

    safe = {k: v for k, v in params.items() if k not in ("password", "passfile")}
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"dsn": make_conninfo(**safe)}, fh)
    os.replace(tmp, path)
    return path


def remembered_dsn() -> str | None:
    try:
        dsn = json.loads(settings_path().read_text("utf-8")).get("dsn")
        return None if dsn is None else str(dsn)
    except (OSError, ValueError, AttributeError):
        return None


# --- engine -------------------------------------------------------------------------------


def connect_raw(params: dict[str, str]) -> psycopg.Connection[Any]:
    """One psycopg connection; authentication problems become exit 4, an unreachable or
    unverifiable server exit 4 too (message without the DSN: it may hold a password)."""
    import psycopg

    try:
        return psycopg.connect(**params)  # type: ignore[arg-type]  # libpq keywords, all strings
    except psycopg.OperationalError as exc:
        text = str(exc).lower()
        if "password" in text or "authentication" in text or "no pg_hba.conf entry" in text:
            raise AuthenticationFailed("auth.failed") from None
        raise AuthenticationFailed("team.unreachable") from None


# Each engine's connection parameters, in memory only: a password change of the person's own
# login must reach the connections the pool opens afterwards (``engine_params``).
_ENGINE_PARAMS: weakref.WeakKeyDictionary[Engine, dict[str, str]] = weakref.WeakKeyDictionary()


def make_engine(params: dict[str, str], **kwargs: Any) -> Engine:
    """An SQLAlchemy engine on psycopg 3 whose connections use ``params`` as they are (no
    URL round trip that could drop or log the password)."""
    from sqlalchemy import create_engine

    params = dict(params)

    def connect() -> psycopg.Connection[Any]:
        return connect_raw(params)

    engine = create_engine("postgresql+psycopg://", creator=connect, pool_pre_ping=False, **kwargs)
    _ENGINE_PARAMS[engine] = params
    return engine


def engine_params(engine: Engine) -> dict[str, str]:
    """The live parameters of an engine made by ``make_engine`` (the password change of the
    person's own login updates them: team/server.py ``change_own_password``)."""
    return _ENGINE_PARAMS[engine]


# --- SCRAM verifier -------------------------------------------------------------------------


def scram_verifier(password: str, *, iterations: int = 4096) -> str:
    """The SCRAM-SHA-256 verifier PostgreSQL stores (RFC 5802/7677), made on the client so
    the server (and its statement log) never sees the password itself."""
    salt = secrets.token_bytes(16)
    salted = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    client_key = hmac.digest(salted, b"Client Key", "sha256")
    stored_key = hashlib.sha256(client_key).digest()
    server_key = hmac.digest(salted, b"Server Key", "sha256")

    def b64(b: bytes) -> str:
        return base64.b64encode(b).decode("ascii")

    return f"SCRAM-SHA-256${iterations}:{b64(salt)}${b64(stored_key)}:{b64(server_key)}"
