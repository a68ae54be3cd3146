"""A private PostgreSQL cluster for the team-database tests (issue 18).

Started once per test session in a temporary folder with the Debian server binaries
(``initdb`` + ``pg_ctl``), on a free loopback port, TLS on with a throwaway CA, and
``hostssl … scram-sha-256`` as the only TCP rule: nothing here depends on a system service,
and a connection without TLS or without a password is refused exactly as in production.
"""

from __future__ import annotations

import datetime as dt
import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "rd_super"


def find_bindir() -> Path | None:
    """The newest server binaries: Debian's /usr/lib/postgresql/<ver>/bin, else PATH."""
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name) if Path(p).parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb and shutil.which("pg_ctl") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _make_certs(folder: Path) -> tuple[Path, Path, Path]:
    """A throwaway CA and a server certificate for localhost / 127.0.0.1."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Referral Desk test CA")])
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                key_cert_sign=True,
                crl_sign=True,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=2))
        .add_extension(
            x509.SubjectAlternativeName([x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    ca_file, cert_file, key_file = folder / "ca.crt", folder / "server.crt", folder / "server.key"
    ca_file.write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    key_file.chmod(0o600)
    return ca_file, cert_file, key_file


@dataclass
class PgCluster:
    bindir: Path
    root: Path
    port: int
    password: str
    ca_file: Path
    run_as: pwd.struct_passwd | None

    @property
    def data(self) -> Path:
        return self.root / "data"

    def dsn(self, user: str = SUPERUSER, password: str | None = None, dbname: str = "postgres", **extra: str) -> str:
        """A libpq URL over TCP with TLS verified against the test CA."""
        from urllib.parse import quote

        pw = self.password if password is None and user == SUPERUSER else password
        auth = quote(user, safe="") + (":" + quote(pw, safe="") if pw else "")
        params = {"sslrootcert": str(self.ca_file), **extra}
        query = "&".join(f"{k}={quote(str(v), safe='/')}" for k, v in params.items())
        return f"postgresql://{auth}@localhost:{self.port}/{dbname}?{query}"

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        kwargs = {}
        if self.run_as is not None:
            kwargs = {"user": self.run_as.pw_uid, "group": self.run_as.pw_gid, "extra_groups": []}
        return subprocess.run(
            [str(self.bindir / args[0]), *args[1:]],
            check=True,
            capture_output=True,
            text=True,
            cwd=self.root,
            env={**os.environ, "LC_ALL": "C.UTF-8", "TZ": "UTC"},
            **kwargs,
        )

    def create_database(self, name: str) -> None:
        import psycopg

        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE \"{name}\" TEMPLATE template0 ENCODING 'UTF8'")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)


def start_cluster(bindir: Path) -> PgCluster:
    # initdb refuses to run as root: as root (CI), the server runs as the unprivileged
    # ``postgres`` user created by the Debian package, in a folder it owns.
    run_as = None
    if os.geteuid() == 0:
        try:
            run_as = pwd.getpwnam("postgres")
        except KeyError:
            run_as = pwd.getpwnam("nobody")
    root = Path(tempfile.mkdtemp(prefix="rd-pg-"))
    password = secrets.token_urlsafe(18)
    (root / "pw").write_text(password + "\n")
    ca_file, cert_file, key_file = _make_certs(root)
    if run_as is not None:
        for path in (root, root / "pw", cert_file, key_file):
            os.chown(path, run_as.pw_uid, run_as.pw_gid)
        root.chmod(0o711)  # ca.crt stays readable for the client side
        ca_file.chmod(0o644)
    cluster = PgCluster(bindir, root, _free_port(), password, ca_file, run_as)
    cluster._run(
        "initdb",
        "-D",
        str(cluster.data),
        "-U",
        SUPERUSER,
        "--pwfile",
        str(root / "pw"),
        "--auth-local=scram-sha-256",
        "--auth-host=scram-sha-256",
        "-E",
        "UTF8",
        "--no-sync",
    )
    (root / "pw").unlink()
    (cluster.data / "pg_hba.conf").write_text(
        "# TLS + SCRAM only; no trust, no plain TCP.\n"
        "local all all scram-sha-256\n"
        "hostssl all all 127.0.0.1/32 scram-sha-256\n"
        "hostssl all all ::1/128 scram-sha-256\n"
    )
    with open(cluster.data / "postgresql.conf", "a") as conf:
        conf.write(
            f"\nport = {cluster.port}\nlisten_addresses = '127.0.0.1'\n"
            f"unix_socket_directories = '{root}'\n"
            f"ssl = on\nssl_cert_file = '{cert_file}'\nssl_key_file = '{key_file}'\n"
            "password_encryption = 'scram-sha-256'\ntimezone = 'UTC'\n"
            "fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n"
            "shared_buffers = 32MB\nmax_connections = 60\n"
        )
    cluster._run("pg_ctl", "-D", str(cluster.data), "-l", str(root / "server.log"), "-w", "-t", "60", "start")
    return cluster
