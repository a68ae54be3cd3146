"""The app's own file dialogs: open a file, save a file, choose a folder.

Why not ``QFileDialog``: it writes the last folder and a history of folders into
``~/.config/QtProject.conf`` when it closes (``lastVisited=…/Ayşe Yılmaz (Klientin)``), a
plain file outside the vault, and native dialogs add files to the desktop's recent-files
list. This dialog is built from a ``QFileSystemModel`` and writes no settings anywhere.

The last folder is remembered *inside the vault*, per person
(``core.services.preferences``): loaded on the worker after sign-in, kept in memory while
unlocked, forgotten on lock. Otherwise a dialog starts in the person's documents folder.
Every place in the UI that asks for a path uses ``open_file``, ``save_file`` or
``choose_folder`` from here.
"""

from __future__ import annotations

import fnmatch
import re
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDir, QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileSystemModel,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

OPEN, SAVE, FOLDER = "open", "save", "folder"

# Per worker (one per window): the signed-in person's last folder, or None.
_memory: dict[int, str | None] = {}
_attached: set[int] = set()


def documents_folder() -> str:
    """The person's documents folder, or their home folder where there is none."""
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return docs if docs and Path(docs).is_dir() else str(Path.home())


def attach(db: Any) -> None:
    """Load the last folder from the vault after each sign-in; forget it on lock."""
    if db is None or id(db) in _attached:
        return
    _attached.add(id(db))
    from referral_desk.core.services import preferences

    def signed_in(*_args: Any) -> None:
        _memory.pop(id(db), None)
        db.call(
            preferences.get_last_folder,
            on_success=lambda folder: _memory.__setitem__(id(db), folder),
            on_error=lambda _exc: None,
        )

    db.signed_in.connect(signed_in)
    db.locked.connect(lambda: _memory.pop(id(db), None))
    if getattr(db, "context", None) is not None:
        signed_in()


def _start_folder(db: Any, suggested: str | None) -> tuple[str, str]:
    """(folder, file name) to start with."""
    name = ""
    if suggested:
        p = Path(suggested)
        if p.is_absolute() and p.parent.is_dir():
            return str(p.parent), p.name
        name = p.name
    remembered = _memory.get(id(db)) if db is not None else None
    if remembered and Path(remembered).is_dir():
        return remembered, name
    return documents_folder(), name


def _remember(db: Any, folder: str) -> None:
    if db is None or getattr(db, "context", None) is None:
        return  # before sign-in (set-up wizard) nothing is remembered
    _memory[id(db)] = folder
    from referral_desk.core.services import preferences

    db.call(preferences.set_last_folder, folder=folder, on_error=lambda _exc: None)


def _patterns(filters: str | None) -> list[str]:
    """``"PDF-Dateien (*.pdf)"`` → ``["*.pdf"]``."""
    if not filters:
        return []
    return [p for group in re.findall(r"\(([^)]*)\)", filters) for p in group.split() if p != "*"]


class _FilesOnlyMatching(QSortFilterProxyModel):
    def __init__(self, patterns: list[str], show_files: bool, parent: QWidget) -> None:
        super().__init__(parent)
        self.patterns = [p.lower() for p in patterns]
        self.show_files = show_files

    def filterAcceptsRow(self, row: int, parent: QModelIndex | QPersistentModelIndex) -> bool:  # noqa: N802 - Qt API
        model = self.sourceModel()
        assert isinstance(model, QFileSystemModel)
        index = model.index(row, 0, parent)
        if model.isDir(index):
            return True
        if not self.show_files:
            return False
        name = model.fileName(index).lower()
        return not self.patterns or any(fnmatch.fnmatch(name, p) for p in self.patterns)


class FileDialog(QDialog):
    def __init__(
        self, parent: QWidget | None, mode: str, title: str, folder: str, name: str = "", filters: str | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("file_dialog")
        self.setWindowTitle(title)
        self.mode = mode
        self.patterns = _patterns(filters)
        self.selected: str | None = None

        self.model = QFileSystemModel(self)
        self.model.setFilter(QDir.Filter.AllDirs | QDir.Filter.Files | QDir.Filter.NoDotAndDotDot)
        self.model.setRootPath(QDir.rootPath())
        self.proxy = _FilesOnlyMatching(self.patterns, mode != FOLDER, self)
        self.proxy.setSourceModel(self.model)

        self.folder = ""
        self.folder_edit = QLineEdit()
        self.folder_edit.setObjectName("folder_edit")
        self.folder_edit.returnPressed.connect(lambda: self.go(self.folder_edit.text()))
        up = QPushButton(self.tr("Übergeordneter Ordner"))
        up.setObjectName("up_button")
        up.clicked.connect(lambda: self.go(str(Path(self.folder).parent)))
        documents = QPushButton(self.tr("Dokumente"))
        documents.setObjectName("documents_button")
        documents.clicked.connect(lambda: self.go(documents_folder()))

        self.view = QTreeView()
        self.view.setObjectName("file_view")
        self.view.setModel(self.proxy)
        # A flat list of one folder at a time (double-click enters a folder).
        self.view.setRootIsDecorated(False)
        self.view.setItemsExpandable(False)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setColumnWidth(0, 320)
        self.view.doubleClicked.connect(self._double_clicked)
        self.view.selectionModel().currentChanged.connect(self._current_changed)

        self.name_edit = QLineEdit(name)
        self.name_edit.setObjectName("file_name_edit")
        name_row = QHBoxLayout()
        name_label = QLabel(self.tr("Dateiname:"))
        name_row.addWidget(name_label)
        name_row.addWidget(self.name_edit, 1)
        if filters:
            name_row.addWidget(QLabel(filters))
        for w in (name_label, self.name_edit):
            w.setVisible(mode != FOLDER)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setObjectName("file_dialog_ok_button")
        self.ok_button.setText(
            {OPEN: self.tr("Öffnen"), SAVE: self.tr("Speichern"), FOLDER: self.tr("Ordner wählen")}[mode]
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        buttons.accepted.connect(self.finish)
        buttons.rejected.connect(self.reject)

        top = QHBoxLayout()
        top.addWidget(self.folder_edit, 1)
        top.addWidget(up)
        top.addWidget(documents)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(name_row)
        layout.addWidget(buttons)
        self.resize(720, 480)
        self.folder = ""
        self.go(folder)

    def go(self, folder: str) -> None:
        path = Path(folder).expanduser()
        if not path.is_dir():
            return
        self.folder = str(path)
        self.folder_edit.setText(self.folder)
        self.view.setRootIndex(self.proxy.mapFromSource(self.model.index(self.folder)))

    def _path_at(self, index: QModelIndex) -> Path:
        return Path(self.model.filePath(self.proxy.mapToSource(index)))

    def _double_clicked(self, index: QModelIndex) -> None:
        path = self._path_at(index)
        if path.is_dir():
            self.go(str(path))
        elif self.mode != FOLDER:
            self.name_edit.setText(path.name)
            self.finish()

    def _current_changed(self, index: QModelIndex, _previous: QModelIndex) -> None:
        if index.isValid() and self.mode != FOLDER:
            path = self._path_at(index)
            if path.is_file():
                self.name_edit.setText(path.name)

    def finish(self) -> None:
        if self.mode == FOLDER:
            current = self.view.currentIndex()
            chosen = (
                self._path_at(current) if current.isValid() and self._path_at(current).is_dir() else Path(self.folder)
            )
            self.selected = str(chosen)
            self.accept()
            return
        name = self.name_edit.text().strip()
        if not name:
            return
        target = Path(name).expanduser()
        if not target.is_absolute():
            target = Path(self.folder) / target
        if target.is_dir():
            self.go(str(target))
            self.name_edit.clear()
            return
        if self.mode == OPEN and not target.is_file():
            QMessageBox.warning(self, self.windowTitle(), self.tr("Die Datei gibt es nicht."))
            return
        if self.mode == SAVE:
            if not target.parent.is_dir():
                QMessageBox.warning(self, self.windowTitle(), self.tr("Den Ordner gibt es nicht."))
                return
            if (
                target.exists()
                and QMessageBox.question(
                    self,
                    self.windowTitle(),
                    self.tr("Die Datei gibt es schon. Ersetzen?"),
                    QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                    QMessageBox.StandardButton.No,
                )
                != QMessageBox.StandardButton.Yes
            ):
                return
        self.selected = str(target)
        self.accept()


def _run(
    parent: QWidget | None,
    mode: str,
    title: str,
    *,
    db: Any = None,
    suggested: str | None = None,
    filters: str | None = None,
) -> str | None:
    folder, name = _start_folder(db, suggested)
    dialog = FileDialog(parent, mode, title, folder, name, filters)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selected:
            return None
        chosen = dialog.selected
    finally:
        dialog.deleteLater()
    _remember(db, chosen if mode == FOLDER else str(Path(chosen).parent))
    return chosen


def open_file(parent: QWidget | None, title: str, filters: str | None = None, *, db: Any = None) -> str | None:
    return _run(parent, OPEN, title, db=db, filters=filters)


def save_file(
    parent: QWidget | None, title: str, suggested: str | None = None, filters: str | None = None, *, db: Any = None
) -> str | None:
    return _run(parent, SAVE, title, db=db, suggested=suggested, filters=filters)


def choose_folder(parent: QWidget | None, title: str, *, db: Any = None) -> str | None:
    return _run(parent, FOLDER, title, db=db)
