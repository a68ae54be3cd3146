"""Finding 6: no path may land in ~/.config/QtProject.conf or any other settings file.

The app's own dialog (ui/file_dialogs.py) is driven in a separate process whose HOME and
XDG_CONFIG_HOME point into a temporary folder; afterwards no file there contains the
folder's name. The same script with QFileDialog shows what it would have written.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from referral_desk.core.services import preferences
from referral_desk.ui import file_dialogs
from tests.ui.conftest import ADMIN, ADMIN_PASSWORD, sign_in, wait_idle

ROOT = Path(__file__).resolve().parents[2]

DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication, QDialog, QFileDialog
    app = QApplication([])
    app.setOrganizationName("referral-desk")
    app.setApplicationName("referral-desk")
    kind, target = sys.argv[1], sys.argv[2]

    def accept():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QDialog) and w.isVisible():
                if kind == "ours":
                    w.name_edit.setText(target)
                    w.finish()
                else:
                    w.selectFile(target)
                    w.accept()
                return
        QTimer.singleShot(50, accept)

    QTimer.singleShot(100, accept)
    if kind == "ours":
        from referral_desk.ui import file_dialogs
        chosen = file_dialogs.save_file(None, "Speichern", "x.pdf", "PDF-Dateien (*.pdf)")
    else:
        chosen, _ = QFileDialog.getSaveFileName(None, "Speichern", str(Path(target).parent / "x.pdf"),
                                                "PDF-Dateien (*.pdf)", options=QFileDialog.Option.DontUseNativeDialog)
    print(chosen)
""")


def _drive(kind: str, tmp_path: Path) -> tuple[str, list[Path], Path]:
    home = tmp_path / f"home-{kind}"
    (home / ".config").mkdir(parents=True)
    folder = home / "Ayse Yilmaz (Klientin)"
    folder.mkdir()
    script = tmp_path / "driver.py"
    script.write_text(DRIVER)
    env = {
        **os.environ,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / ".local/share"),
        "XDG_STATE_HOME": str(home / ".local/state"),
        "QT_QPA_PLATFORM": "offscreen",
        "PYTHONPATH": str(ROOT),
    }
    r = subprocess.run(
        [sys.executable, str(script), kind, str(folder / "brief.pdf")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    leaked = [p for p in home.rglob("*") if p.is_file() and "Klientin" in p.read_text("utf-8", "replace")]
    return r.stdout.strip(), leaked, home


@pytest.mark.slow
def test_qt_file_dialog_would_write_the_folder_into_qtproject_conf(tmp_path):
    chosen, leaked, _home = _drive("qt", tmp_path)
    assert "(Klientin)" in chosen and chosen.endswith(".pdf")
    assert leaked and leaked[0].name == "QtProject.conf"  # what finding 6 saw


@pytest.mark.slow
def test_our_file_dialog_writes_no_path_into_any_settings_file(tmp_path):
    chosen, leaked, home = _drive("ours", tmp_path)
    assert chosen.endswith("brief.pdf")
    assert leaked == []
    assert not (home / ".config" / "QtProject.conf").exists()


def _answer(name: str) -> None:
    def go() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, file_dialogs.FileDialog) and w.isVisible():
                w.name_edit.setText(name)
                w.finish()
                return
        QTimer.singleShot(30, go)

    QTimer.singleShot(30, go)


def test_last_folder_is_kept_inside_the_vault_per_person(qtbot, main_window, tmp_path, monkeypatch):
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    db = main_window.db
    wait_idle(qtbot, db)
    folder = tmp_path / "Exporte"
    folder.mkdir()
    _answer(str(folder / "bogen.pdf"))
    assert file_dialogs.save_file(main_window, "Speichern", "bogen.pdf", "PDF-Dateien (*.pdf)", db=db) == str(
        folder / "bogen.pdf"
    )
    wait_idle(qtbot, db)
    got = []
    db.call(preferences.get_last_folder, on_success=got.append)
    qtbot.waitUntil(lambda: bool(got))
    assert got == [str(folder)]
    # the next dialog starts there; after lock the memory is gone, the vault still has it
    seen = []

    def look() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, file_dialogs.FileDialog) and w.isVisible():
                seen.append(w.folder)
                w.reject()
                return
        QTimer.singleShot(30, look)

    QTimer.singleShot(30, look)
    assert file_dialogs.open_file(main_window, "Öffnen", "PNG-Bilder (*.png)", db=db) is None
    assert seen == [str(folder)]
    main_window.lock()
    qtbot.waitUntil(lambda: main_window.unlock_page is not None)
    assert file_dialogs._memory.get(id(db)) is None
    seen.clear()
    QTimer.singleShot(30, look)
    file_dialogs.choose_folder(main_window, "Ordner", db=db)
    assert seen == [file_dialogs.documents_folder()]
