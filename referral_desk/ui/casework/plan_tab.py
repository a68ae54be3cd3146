"""The "Förderplan" tab of the client record: the support plan (goals per life area with
steps and reviews; printable for the client's signature) and signposting without data
transfer. All data comes from ``services.casework`` through the DB worker."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from referral_desk.core import catalogues
from referral_desk.core.casework_models import PlanRead, SignpostRead
from referral_desk.core.documents.naming import suggested_filename
from referral_desk.core.errors import VersionConflict
from referral_desk.core.services import casework
from referral_desk.ui import file_dialogs
from referral_desk.ui.casework.dialogs import GoalDialog, ReviewDialog, SignpostDialog, StepDialog
from referral_desk.ui.widgets import ErrorLabel, error_text, format_date, guarded, ui_lang

GOAL, STEP, REVIEW = "goal", "step", "review"


class PlanTab(QWidget):
    """Support plan and signposting of one saved client."""

    changed = Signal()

    def __init__(self, db: Any, client_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("plan_tab")
        self.db = db
        self.client_id = client_id
        self.plan: PlanRead | None = None
        self.signposts: list[SignpostRead] = []
        self._dialog = None
        self.last_pdf: bytes | None = None

        self.status_label = QLabel()
        self.status_label.setObjectName("plan_status_label")
        self.status_label.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setObjectName("plan_tree")
        self.tree.setColumnCount(4)
        self.tree.setHeaderLabels(
            [self.tr("Ziel / Schritt"), self.tr("Bis / am"), self.tr("Wer / Ergebnis"), self.tr("Erledigt")]
        )
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2, 3):
            self.tree.header().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.setAlternatingRowColors(True)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.add_goal_button = self._button("add_goal_button", self.tr("Ziel hinzufügen …"), self.add_goal)
        self.add_step_button = self._button("add_step_button", self.tr("Schritt …"), self.add_step)
        self.review_button = self._button("review_goal_button", self.tr("Überprüfen …"), self.review_goal)
        self.step_done_button = self._button("step_done_button", self.tr("Schritt erledigt"), self.complete_step)
        self.pdf_button = self._button("plan_pdf_button", self.tr("Förderplan als PDF …"), self.save_pdf)
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("plan_error_label")
        plan_box = QGroupBox(self.tr("Förderplan (Case Management)"))
        plan_lay = QVBoxLayout(plan_box)
        plan_lay.addWidget(self.status_label)
        plan_lay.addWidget(self.tree, 1)
        row = QHBoxLayout()
        for b in (self.add_goal_button, self.add_step_button, self.review_button, self.step_done_button):
            row.addWidget(b)
        row.addStretch(1)
        row.addWidget(self.pdf_button)
        plan_lay.addLayout(row)

        self.signpost_table = QTableWidget(0, 4)
        self.signpost_table.setObjectName("signpost_table")
        self.signpost_table.setHorizontalHeaderLabels(
            [self.tr("Datum"), self.tr("Verwiesen an"), self.tr("Thema"), self.tr("Berater*in")]
        )
        self.signpost_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.signpost_table.verticalHeader().setVisible(False)
        self.signpost_table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.signpost_table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.signpost_table.setMaximumHeight(150)
        self.add_signpost_button = self._button(
            "add_signpost_button", self.tr("Verweisberatung erfassen …"), self.add_signpost
        )
        sign_box = QGroupBox(self.tr("Verweisberatung (ohne Datenweitergabe)"))
        sign_lay = QVBoxLayout(sign_box)
        sign_lay.addWidget(self.signpost_table)
        sign_lay.addWidget(self.add_signpost_button, 0, Qt.AlignmentFlag.AlignRight)

        lay = QVBoxLayout(self)
        lay.setContentsMargins(8, 8, 8, 8)
        lay.addWidget(self.error_label)
        lay.addWidget(plan_box, 3)
        lay.addWidget(sign_box, 1)
        self._update_buttons()
        self.reload()

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setObjectName(name)
        b.setAutoDefault(False)
        b.clicked.connect(slot)
        return b

    # --- data ----------------------------------------------------------------------------

    def set_client_id(self, client_id: int) -> None:
        self.client_id = client_id
        self.reload()

    def reload(self) -> None:
        self.db.call(
            casework.get_plan,
            client_id=self.client_id,
            on_success=guarded(self, self._show_plan),
            on_error=guarded(self, self._failed),
        )
        self.db.call(
            casework.list_signposts,
            client_id=self.client_id,
            on_success=guarded(self, self._show_signposts),
            on_error=guarded(self, self._failed),
        )

    def _failed(self, exc: BaseException) -> None:
        self.error_label.set_error(error_text(exc))

    def _show_plan(self, plan: PlanRead) -> None:
        lang = ui_lang()
        self.plan = plan
        self.tree.clear()
        n = len(plan.goals)
        if n == 0:
            self.status_label.setText(
                self.tr(
                    "Beratungsfall – noch kein Förderplan. Mit dem ersten Ziel wird die Akte ein Case-Management-Fall."
                )
            )
        else:
            self.status_label.setText(self.tr("Case-Management-Fall: %1 Ziel(e).").replace("%1", str(n)))
        for goal in plan.goals:
            area = catalogues.enum_label("plan_area", goal.area, lang)
            outcome = catalogues.enum_label("plan_outcome", goal.outcome, lang) if goal.outcome else self.tr("offen")
            item = QTreeWidgetItem([f"{area}: {goal.goal}", format_date(goal.due_on), outcome, ""])
            item.setData(0, Qt.ItemDataRole.UserRole, (GOAL, goal.id))
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            for step in goal.steps:
                who = catalogues.enum_label("plan_responsible", step.responsible, lang)
                child = QTreeWidgetItem([step.text, format_date(step.due_on), who, format_date(step.done_on)])
                child.setData(0, Qt.ItemDataRole.UserRole, (STEP, step.id))
                item.addChild(child)
            for review in goal.reviews:
                text = self.tr("Überprüfung") + (f": {review.note}" if review.note else "")
                child = QTreeWidgetItem(
                    [text, format_date(review.on_date), catalogues.enum_label("plan_outcome", review.outcome, lang), ""]
                )
                child.setData(0, Qt.ItemDataRole.UserRole, (REVIEW, review.id))
                child.setForeground(0, Qt.GlobalColor.darkGray)
                item.addChild(child)
            self.tree.addTopLevelItem(item)
            item.setExpanded(True)
        self._update_buttons()

    def _show_signposts(self, rows: list[SignpostRead]) -> None:
        lang = ui_lang()
        self.signposts = rows
        self.signpost_table.setRowCount(len(rows))
        for r, s in enumerate(rows):
            topic = catalogues.topic_label(s.topic, lang) if s.topic else ""
            for c, text in enumerate((format_date(s.date), s.to_whom, topic, s.counsellor or "")):
                self.signpost_table.setItem(r, c, QTableWidgetItem(text))

    # --- selection -----------------------------------------------------------------------

    def selected(self) -> tuple[str, int] | None:
        items = self.tree.selectedItems()
        return items[0].data(0, Qt.ItemDataRole.UserRole) if items else None

    def selected_goal_id(self) -> int | None:
        items = self.tree.selectedItems()
        if not items:
            return None
        item = items[0]
        parent = item.parent()
        if parent is not None:
            item = parent
        kind, ident = item.data(0, Qt.ItemDataRole.UserRole)
        return ident if kind == GOAL else None

    def select_goal(self, index: int) -> None:
        item = self.tree.topLevelItem(index)
        if item is not None:
            self.tree.setCurrentItem(item)

    def _update_buttons(self) -> None:
        has_goal = self.selected_goal_id() is not None
        sel = self.selected()
        self.add_step_button.setEnabled(has_goal)
        self.review_button.setEnabled(has_goal)
        self.step_done_button.setEnabled(bool(sel and sel[0] == STEP))
        self.pdf_button.setEnabled(bool(self.plan and self.plan.goals))

    # --- actions -------------------------------------------------------------------------

    def _open(self, dialog) -> Any:
        self._dialog = dialog
        dialog.saved.connect(lambda _v: (self.reload(), self.changed.emit()))
        dialog.show()
        return dialog

    def add_goal(self) -> GoalDialog:
        return self._open(GoalDialog(self.db, self.client_id, self))

    def add_step(self) -> StepDialog | None:
        goal = self.selected_goal_id()
        return None if goal is None else self._open(StepDialog(self.db, goal, self))

    def review_goal(self) -> ReviewDialog | None:
        goal = self.selected_goal_id()
        return None if goal is None else self._open(ReviewDialog(self.db, goal, self))

    def add_signpost(self) -> SignpostDialog:
        return self._open(SignpostDialog(self.db, self.client_id, self))

    def complete_step(self) -> None:
        sel = self.selected()
        if not sel or sel[0] != STEP:
            return
        step = next((st for g in (self.plan.goals if self.plan else []) for st in g.steps if st.id == sel[1]), None)

        def failed(exc: BaseException) -> None:
            self._failed(exc)
            if isinstance(exc, VersionConflict):
                self.reload()  # show the step as it is stored now (the message stays)

        self.db.call(
            casework.complete_step,
            step_id=sel[1],
            expected_version=step.version if step is not None else None,
            on_success=guarded(self, lambda _s: self.reload()),
            on_error=guarded(self, failed),
        )

    def close_children(self) -> None:
        if self._dialog is not None:
            self._dialog.close()

    def save_pdf(self, path: str | None = None) -> None:
        """Render the plan (German + the client's language where a template exists) and
        save it where the user chooses; the file name carries only the case number."""
        if self.plan is None:
            return
        if not path:
            name = suggested_filename(self.plan.case_number, "support_plan")
            path = file_dialogs.save_file(
                self, self.tr("Förderplan speichern"), name, self.tr("PDF-Dateien (*.pdf)"), db=self.db
            )
            if not path:
                return
        target = Path(path)

        def write(pdf: bytes) -> None:
            from referral_desk.core.fileio import atomic_write_bytes

            self.last_pdf = pdf
            atomic_write_bytes(target, pdf)
            self.error_label.clear_error()
            self.status_label.setText(self.tr("Förderplan gespeichert: %1").replace("%1", target.name))

        self.db.call(
            casework.render_plan,
            client_id=self.client_id,
            on_success=guarded(self, write),
            on_error=guarded(self, self._failed),
        )
