"""The base class of the client record's tabs. It sits below ``record`` and the tabs, so a
tab (e.g. ``contact_dialog.ContactsTab``) can subclass it without importing the record."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from referral_desk.core.models import ClientRead

if TYPE_CHECKING:
    from referral_desk.ui.clients.record import ClientRecord


class RecordTab(QWidget):
    """Base of every record tab. Override what the tab needs; the defaults do nothing."""

    #: Disabled (with a hint) until the client has been saved once.
    needs_saved_client = True

    def __init__(self, record: ClientRecord) -> None:
        super().__init__(record)
        self.record = record
        self.db = record.db

    def set_client(self, client: ClientRead | None) -> None:
        """The client was loaded or saved (None: a new, unsaved client)."""

    def is_modified(self) -> bool:
        return False

    def draft_state(self) -> dict[str, Any] | None:
        """Unsaved input of this tab as JSON-able data, or None."""
        return None

    def restore_state(self, state: dict[str, Any]) -> None:
        """Bring back what ``draft_state`` returned (called after ``set_client``)."""

    def close_children(self) -> None:
        """Close this tab's own dialogs without asking (the vault is locking)."""
