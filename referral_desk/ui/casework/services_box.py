"""Which services the organisation runs (MBE, JMD, other): shown in the organisation
settings; saved on its own through ``casework.set_organisation_services`` (a service still
used by a record cannot be dropped — the service says so)."""
from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from referral_desk.core import catalogues
from referral_desk.core.services import casework
from referral_desk.ui.widgets import guarded, ui_lang
from referral_desk.ui.widgets import ErrorLabel, error_text


def _load(ctx) -> list[str]:
    with ctx.reading() as conn:
        return casework.organisation_services(conn)


class ServicesBox(QWidget):
    def __init__(self, db: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("services_box")
        self.db = db
        self.current: list[str] = []
        lang = ui_lang()
        self.checks: dict[str, QCheckBox] = {}
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for e in catalogues.enum_entries("service"):
            check = QCheckBox({"mbe": "MBE", "jmd": "JMD"}.get(e.key, e.label(lang)))
            check.setObjectName(f"service_{e.key}_check_box")
            check.setToolTip(e.label(lang))
            self.checks[e.key] = check
            row.addWidget(check)
        self.save_button = QPushButton(self.tr("Angebote speichern"))
        self.save_button.setObjectName("save_services_button")
        self.save_button.clicked.connect(self.save)
        row.addStretch(1)
        row.addWidget(self.save_button)
        self.error_label = ErrorLabel()
        self.error_label.setObjectName("services_error_label")
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addLayout(row)
        lay.addWidget(self.error_label)
        self.reload()

    def reload(self) -> None:
        self.db.call(_load, on_success=guarded(self, self._fill))

    def _fill(self, services: list[str]) -> None:
        self.current = services
        for key, check in self.checks.items():
            check.setChecked(key in services)

    def chosen(self) -> list[str]:
        keys = [k for k, c in self.checks.items() if c.isChecked()]
        first = [k for k in self.current[:1] if k in keys]  # the default service stays first
        return first + [k for k in keys if k not in first]

    def save(self) -> None:
        self.error_label.clear_error()
        self.db.call(casework.set_organisation_services, services=self.chosen(),
                     on_success=guarded(self, self._fill),
                     on_error=guarded(self, lambda exc: self.error_label.set_error(error_text(exc))))
