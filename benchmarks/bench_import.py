"""List import: 10,000 rows of a German Excel list into a vault of 100,000 clients, with
the duplicate check against the vault (issue 15: ≤ 10 s, ≤ 300 MB).

Floor: the same rows, already converted to client JSON, created through the ``client
add`` path (``create_clients``: validation, duplicate check, insert) in one transaction.
That transaction is rolled back at the end, so the import then meets the same vault.

Both run in child processes so their memory figures are their own (peak RSS of the
child). Standalone smoke run:  python -m benchmarks.bench_import --clients 2000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.common import BenchEnv, Figure

ROOT = Path(__file__).resolve().parent.parent
USER = "admin"
PASSWORD = "Benchmark-Rheinufer-2026"
ROWS = 10_000


def _vault(env: BenchEnv) -> Path:
    """A vault of its own (the import would change the shared one other modules measure)."""
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services import demo, setup

    vault_dir = env.workdir / "import-vault"
    ctx, _ = setup.initialise(
        vault_dir, org_name="Benchmark e. V.", admin=USER, password=PASSWORD, kdf=KdfParams.fast_for_tests()
    )
    try:
        demo.generate(ctx, clients=env.clients, seed=3)
    finally:
        ctx.vault.close()
    return vault_dir


def _child(mode: str, vault_dir: Path, path: Path) -> dict[str, Any]:
    from referral_desk.core.keyring import KdfParams
    from referral_desk.core.services.context import ServiceContext
    from referral_desk.core.vault import Vault

    vault = Vault.unlock(vault_dir, user=USER, password=PASSWORD, kdf=KdfParams.fast_for_tests())
    ctx = ServiceContext.sign_in(vault, USER)
    try:
        if mode == "import":
            from referral_desk.core.importing import import_clients

            t, c = time.perf_counter(), time.process_time()
            # The demo vault may hold someone of the list (same names, random birth dates):
            # checked and reported, then created anyway, like the floor.
            report = import_clients(ctx, path=path, on_duplicate="create")
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            assert report.outcome == "ok", report.outcome
            result = {"created": report.created, "rows": report.rows, "duplicates": len(report.duplicates)}
        else:
            items = _as_json(path)
            t, c = time.perf_counter(), time.process_time()
            created = _client_add_rolled_back(ctx, items)
            wall, cpu = time.perf_counter() - t, time.process_time() - c
            result = {"created": created}
    finally:
        vault.close()
    result.update(wall_s=wall, cpu_s=cpu, rss_mb=_peak_rss_mb())
    return result


def _peak_rss_mb() -> float:
    """VmHWM: this process image's peak RSS. (``ru_maxrss`` survives exec on Linux and would
    report the parent's peak, which built the 100,000-client vault.)"""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class _Rollback(Exception):
    pass


def _client_add_rolled_back(ctx, items: list[dict[str, Any]]) -> int:
    """``create_clients`` step by step (validate all, then insert each with the duplicate
    check) inside one transaction that is rolled back once the work is done."""
    import datetime as dt

    from referral_desk.core.errors import DuplicateClient
    from referral_desk.core.models import CLIENT_READ_ONLY, ClientCreate
    from referral_desk.core.services import clients
    from referral_desk.core.services.common import validate

    validated = [validate(ClientCreate, item, item=i + 1, read_only=CLIENT_READ_ONLY) for i, item in enumerate(items)]
    n = 0
    try:
        with ctx.transaction() as uow:
            for data in validated:
                try:  # the duplicate check of client add; a hit is then created anyway (--allow-duplicate)
                    clients.insert_client(
                        uow, data, counsellor_id=ctx.actor_id, opened_on=dt.date.today(), allow_duplicate=False
                    )
                except DuplicateClient:
                    clients.insert_client(
                        uow, data, counsellor_id=ctx.actor_id, opened_on=dt.date.today(), allow_duplicate=True
                    )
                n += 1
            uow.session.flush()
            raise _Rollback()
    except _Rollback:
        pass
    return n


def _as_json(path: Path) -> list[dict[str, Any]]:
    """The list's rows as client JSON (what ``client add`` would be given)."""
    from referral_desk.core.importing import service

    source = service._open(
        path, sheet=None, mapping=None, header_row=None, max_bytes=service.MAX_FILE_BYTES, strict=True
    )
    out = []
    for number, cells in source.body:
        values, problems = service._convert_row(cells, source, number)
        assert not problems
        data = service._client_payload(values)
        out.append(json.loads(json.dumps(data, default=str)))
    return out


def run(env: BenchEnv) -> list[Figure]:
    sys.path.insert(0, str(ROOT))
    from tests.core.import_lists import german_rows, write_xlsx

    vault_dir = _vault(env)
    path = write_xlsx(env.workdir / "liste.xlsx", german_rows(ROWS, seed=11))
    results = {}
    for mode in ("floor", "import"):
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.bench_import", "--child", mode, str(vault_dir), str(path)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=3600,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("{")]
        if proc.returncode != 0 or not lines:
            raise RuntimeError(f"import benchmark child ({mode}) failed:\n{proc.stderr[-4000:]}")
        results[mode] = json.loads(lines[-1])
    imp, floor = results["import"], results["floor"]
    n = f"{env.clients:,}"
    return [
        Figure(
            f"client import: {ROWS:,}-row XLSX into {n} clients with duplicate check (wall)",
            imp["wall_s"],
            "s",
            "≤ 10 s",
            floor["wall_s"],
            "same rows as JSON through the client add path, one transaction",
            ok=imp["wall_s"] <= 10,
            note=f"CPU {imp['cpu_s']:.1f} s (floor {floor['cpu_s']:.1f} s); {imp['duplicates']} rows found as "
            f"likely duplicates of demo clients (created anyway, as in the floor); reading, header detection, "
            f"conversion and validation of every row are inside the import figure, the floor starts "
            f"from converted JSON",
        ),
        Figure(
            f"client import: peak RSS of the importing process ({ROWS:,} rows)",
            imp["rss_mb"],
            "MB",
            "≤ 300 MB",
            floor["rss_mb"],
            "client add path, same rows",
            ok=imp["rss_mb"] <= 300,
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--child", nargs=3, metavar=("MODE", "VAULT", "FILE"))
    parser.add_argument("--clients", type=int, default=2000)
    args = parser.parse_args(argv)
    if args.child:
        mode, vault, path = args.child
        print(json.dumps(_child(mode, Path(vault), Path(path))))
        return 0
    import shutil
    import tempfile

    work = Path(tempfile.mkdtemp(prefix="bench-import-", dir=ROOT))
    try:
        for f in run(BenchEnv(workdir=work, clients=args.clients)):
            print(f"{f.name}: {f.value:.2f} {f.unit} (floor {f.floor:.2f}) ok={f.ok} {f.note}")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
