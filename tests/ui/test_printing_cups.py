"""Printing that works the first time: a referral sheet goes through Qt's print path to a real
CUPS queue. The test starts its own cupsd (Debian ``cups``) with a private configuration in a
temp directory (own socket, spool, log; nothing under /etc/cups is changed) and a cups-pdf
queue (``printer-driver-cups-pdf``); the pages that come out are checked. The print dialog
remembers the printer in the vault.

cups-pdf has no per-queue output setting outside /etc/cups, so its default applies: the PDF
lands in ``~/PDF`` of the user running the test, named after the job title; the test deletes it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
QUEUE = "RD_Test_PDF"
PPD = Path("/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd")


@pytest.fixture
def cups_server(tmp_path):
    cupsd = shutil.which("cupsd") or ("/usr/sbin/cupsd" if Path("/usr/sbin/cupsd").exists() else None)
    if cupsd is None or not Path("/usr/lib/cups/backend/cups-pdf").exists() or not PPD.exists():
        pytest.skip("cups and printer-driver-cups-pdf are not installed (CI installs them: .ci/run)")
    if os.geteuid() != 0:
        pytest.skip("cupsd with a private configuration needs root (its filters run as user lp)")
    base = Path(f"/tmp/rd-cups-{os.getpid()}")  # short: the socket path must fit sun_path
    shutil.rmtree(base, ignore_errors=True)
    for sub in ("etc/ppd", "spool/tmp", "cache", "run", "log"):
        (base / sub).mkdir(parents=True)
    base.chmod(0o755)
    for sub in ("spool", "spool/tmp"):
        (base / sub).chmod(0o777)
    (base / "cupsd.conf").write_text(f"""Listen {base}/cups.sock
LogLevel info
DefaultAuthType None
WebInterface No
Browsing No
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
""")
    (base / "cups-files.conf").write_text(f"""ServerRoot {base}/etc
RequestRoot {base}/spool
CacheDir {base}/cache
StateDir {base}/run
TempDir {base}/spool/tmp
ErrorLog {base}/log/error_log
AccessLog {base}/log/access_log
PageLog {base}/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User lp
Group lp
SystemGroup root
""")
    server = subprocess.Popen(
        [cupsd, "-f", "-c", str(base / "cupsd.conf"), "-s", str(base / "cups-files.conf")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    socket = base / "cups.sock"
    env = {**os.environ, "CUPS_SERVER": str(socket)}
    try:
        deadline = time.monotonic() + 15
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert socket.exists(), (base / "log" / "error_log").read_text() if (base / "log/error_log").exists() else ""
        subprocess.run(
            ["lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-P", str(PPD)], env=env, check=True, capture_output=True
        )
        yield env, base
    finally:
        server.terminate()
        server.wait(timeout=15)
        shutil.rmtree(base, ignore_errors=True)


def test_referral_sheet_prints_to_a_real_cups_queue_and_the_printer_is_remembered(cups_server, tmp_path):
    import pwd

    env, base = cups_server
    out_dir = Path(pwd.getpwuid(os.getuid()).pw_dir) / "PDF"
    before = set(out_dir.glob("Referral_Desk*.pdf")) if out_dir.exists() else set()
    run = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "ui" / "cups_print.py"), QUEUE, str(tmp_path / "v")],
        env={**env, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert QUEUE in result["queues"]  # Qt sees the CUPS queue
    assert result["pages"] >= 3  # three copies of the sheet, each from a new page
    assert result["stored"] == QUEUE  # remembered in the vault ...
    assert result["second_dialog"] == QUEUE  # ... and offered again next time

    error_log = base / "log" / "error_log"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and "Job completed" not in error_log.read_text(errors="replace"):
        time.sleep(0.5)  # cups-pdf converts through Ghostscript; the job ends when the file is complete
    log = error_log.read_text(errors="replace")
    made = sorted(set(out_dir.glob("Referral_Desk*.pdf")) - before) if out_dir.exists() else []
    assert made, "no PDF from cups-pdf; cupsd log:\n" + log[-3000:]
    try:
        from pypdf import PdfReader

        reader = PdfReader(str(made[0]))
        assert len(reader.pages) == result["pages"]
        box = reader.pages[0].mediabox
        assert abs(float(box.width) - 595) < 3 and abs(float(box.height) - 842) < 3  # A4
        assert "Job completed" in log
        # the job title in the queue is neutral, never a client's name
        assert "Şahin" not in log and "Sahin" not in log
    finally:
        for path in made:
            path.unlink(missing_ok=True)
