"""Client list, client record and counselling contacts (the "Klient*innen" page)."""

from referral_desk.ui.clients.page import ClientsPage

__all__ = ["ClientsPage"]
