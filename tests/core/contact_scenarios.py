"""The start both trigger-kept statistics tables are tested from (test_contact_month_stats,
test_person_stats): no contacts, three fresh clients, contacts added and then edited."""

from __future__ import annotations

from sqlalchemy import text

from referral_desk.core.services import clients, contacts
from tests.conftest import client_data


def three_clients_with_contacts(ctx, added, edits) -> tuple[list[int], list[int]]:
    """(client ids, contact ids): ``added`` are (client 0–2, contact data), ``edits`` are
    (contact number, changes); an edit of a contact that was not made is skipped."""
    with ctx.vault.write() as conn:  # each example starts without contacts
        conn.execute(text("DELETE FROM contact"))
    people = [
        clients.create_client(ctx, data=client_data(birth_date="1980-01-01"), allow_duplicate=True).id for _ in range(3)
    ]
    made = [contacts.add_contact(ctx, client_id=people[i], data=dict(data)).id for i, data in added]
    for i, changes in edits:
        if changes and i < len(made):
            contacts.update_contact(ctx, contact_id=made[i], changes=dict(changes))
    return people, made
