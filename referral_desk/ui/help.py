"""Hilfe → Handbuch (F1): the German user handbook in a window of its own, opened at the
page for the current screen. The handbook is Markdown in ``docs/handbuch/`` (shipped in the
wheel); QTextBrowser renders it with its screenshots and follows the links between pages."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QDialog, QListWidget, QListWidgetItem, QTextBrowser, QWidget

from referral_desk.core.paths import handbook_dir
from referral_desk.ui.widgets import hbox

# (file stem, title) in reading order; the file names are what F1 asks for.
PAGES = (
    ("index", "Übersicht"),
    ("einrichtung", "Einrichtung"),
    ("anmelden", "Anmelden und Sperren"),
    ("passwort", "Passwort"),
    ("klientinnen", "Klient*innen"),
    ("ueberleitungen", "Überleitungen"),
    ("gruppen", "Gruppenangebote"),
    ("statistik", "Statistik"),
    ("verwaltung", "Verwaltung"),
    ("sicherung", "Sicherung und Wiederherstellung"),
    ("protokoll", "Protokoll"),
    ("demo", "Demo-Tresor"),
    ("teamdatenbank", "Teamdatenbank"),
    ("tastenkuerzel", "Tastenkürzel"),
)


class HelpWindow(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("help_window")
        self.setWindowTitle(self.tr("Referral Desk – Handbuch"))
        self.setModal(False)
        self.contents_list = QListWidget()
        self.contents_list.setObjectName("help_contents_list")
        for stem, title in PAGES:
            item = QListWidgetItem(title)
            item.setData(0x0100, stem)
            self.contents_list.addItem(item)
        self.contents_list.setFixedWidth(max(200, self.contents_list.sizeHintForColumn(0) + 24))
        self.contents_list.currentItemChanged.connect(
            lambda item, _old: self._load(item.data(0x0100)) if item is not None else None
        )
        self.browser = QTextBrowser()
        self.browser.setObjectName("help_browser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setSearchPaths([str(handbook_dir())])
        self.browser.sourceChanged.connect(self._sync_contents)
        layout = hbox(self.contents_list, self.browser, margins=8)
        layout.setStretch(1, 1)
        self.setLayout(layout)
        self.resize(1000, 680)
        self.current_page = ""

    def show_page(self, stem: str) -> None:
        stems = [s for s, _ in PAGES]
        self.contents_list.setCurrentRow(stems.index(stem) if stem in stems else 0)
        self._load(stem if stem in stems else "index")

    def _load(self, stem: str) -> None:
        if stem == self.current_page:
            return
        path = handbook_dir() / f"{stem}.md"
        self.current_page = stem
        self.browser.setSource(QUrl.fromLocalFile(str(path)), QTextDocument.ResourceType.MarkdownResource)

    def _sync_contents(self, url: QUrl) -> None:
        stem = url.fileName().rsplit(".", 1)[0]
        self.current_page = stem
        stems = [s for s, _ in PAGES]
        if stem in stems and self.contents_list.currentRow() != stems.index(stem):
            self.contents_list.blockSignals(True)
            self.contents_list.setCurrentRow(stems.index(stem))
            self.contents_list.blockSignals(False)
