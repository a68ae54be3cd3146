"""The merge dialog: a record was saved elsewhere while it was open here.

Shows, per field that differs, the person's input beside the value stored now, with the side
preselected by ``core.merge`` (their own change, else the stored value); conflicts (both
changed the field) come first and are marked. Nothing is written by the dialog itself: the
record window applies the chosen values and saves against the stored version.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core.merge import FieldChoice, MergePlan

_CONFLICT_BACKGROUND = QColor("#fff4ce")


class MergeDialog(QDialog):
    """``choices()`` after ``accepted``: field key -> keep the person's own value."""

    def __init__(
        self,
        plan: MergePlan,
        *,
        label: Any,
        display: Any,
        from_draft: bool = False,
        title: str | None = None,
        intro: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        """``title`` / ``intro`` name another kind of record (default: the client record)."""
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.setWindowTitle(title or self.tr("Akte wurde inzwischen geändert"))
        self.plan = plan
        fields = sorted(plan.fields, key=lambda f: not f.conflict)  # conflicts first, else form order

        if intro is not None:
            pass
        elif from_draft:
            intro = self.tr(
                "Ihr Entwurf stammt von vor der letzten Speicherung dieser Akte: Sie wurde inzwischen an einem "
                "anderen Arbeitsplatz geändert. Bitte wählen Sie je Feld, welcher Wert gelten soll."
            )
        else:
            intro = self.tr(
                "Während Sie diese Akte bearbeitet haben, wurde sie an einem anderen Arbeitsplatz gespeichert. "
                "Ihre Eingaben sind nicht verloren. Bitte wählen Sie je Feld, welcher Wert gelten soll."
            )
        self.intro_label = QLabel(intro)
        self.intro_label.setObjectName("merge_intro_label")
        self.intro_label.setWordWrap(True)
        n = len(plan.conflicts)
        summary = (
            self.tr("Auf beiden Seiten geändert (⚠): %1 Feld(er) – bitte besonders prüfen.").replace("%1", str(n))
            if n
            else self.tr("Keine Überschneidung: Ihre Änderungen und die gespeicherten werden zusammengeführt.")
        )
        summary += " " + self.tr("Fett: seit dem Öffnen geändert.")
        self.summary_label = QLabel(summary)
        self.summary_label.setObjectName("merge_summary_label")
        self.summary_label.setWordWrap(True)

        table = self.table = QTableWidget(len(fields), 3)
        table.setObjectName("merge_table")
        table.setHorizontalHeaderLabels([self.tr("Feld"), self.tr("Ihre Eingabe"), self.tr("Jetzt gespeichert")])
        table.verticalHeader().setVisible(False)
        table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self._mine: dict[str, QRadioButton] = {}
        self._groups: list[QButtonGroup] = []
        for row, f in enumerate(fields):
            name = QTableWidgetItem(label(f.key) + (" ⚠" if f.conflict else ""))
            if f.conflict:
                name.setBackground(QBrush(_CONFLICT_BACKGROUND))
                name.setToolTip(self.tr("Auf beiden Seiten geändert"))
            table.setItem(row, 0, name)
            mine = self._radio(display(f.key, f.mine), f"merge_mine_{f.key}", f, mine_side=True)
            theirs = self._radio(display(f.key, f.theirs), f"merge_theirs_{f.key}", f, mine_side=False)
            group = QButtonGroup(self)
            group.addButton(mine)
            group.addButton(theirs)
            self._groups.append(group)
            (mine if f.default_mine else theirs).setChecked(True)
            table.setCellWidget(row, 1, mine)
            table.setCellWidget(row, 2, theirs)
            self._mine[f.key] = mine
        table.resizeRowsToContents()

        buttons = QDialogButtonBox()
        self.merge_button = buttons.addButton(
            self.tr("Übernehmen") if from_draft else self.tr("Zusammenführen und speichern"),
            QDialogButtonBox.ButtonRole.AcceptRole,
        )
        self.merge_button.setObjectName("merge_button")
        cancel = buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("merge_cancel_button")
        cancel.setToolTip(
            self.tr(
                "Nichts wird gespeichert. Das Formular zeigt Ihre Eingaben zusammen mit den inzwischen gespeicherten "
                "Änderungen."
            )
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(760, min(620, 190 + 34 * len(fields)))

    def _radio(self, text: str, name: str, f: FieldChoice, *, mine_side: bool) -> QRadioButton:
        button = QRadioButton(text or self.tr("(leer)"))
        button.setObjectName(name)
        button.setToolTip(text)
        changed = f.mine_changed if mine_side else f.theirs_changed
        if changed:
            font = button.font()
            font.setBold(True)
            button.setFont(font)
        button.setAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
        return button

    def choose(self, key: str, *, mine: bool) -> None:
        """Pick one side of a field (tests and keyboard users alike go through the buttons)."""
        button = self._mine[key]
        if mine:
            button.setChecked(True)
        else:
            other = next(b for b in button.group().buttons() if b is not button)
            other.setChecked(True)

    def choices(self) -> dict[str, bool]:
        return {key: button.isChecked() for key, button in self._mine.items()}
