"""Searching the client list by transliteration variants and by the document spelling
(issue 10), in the real list page on a real vault; also makes the screenshot
docs/screenshots/62-name-search-transliteration.png."""

from __future__ import annotations

from sqlalchemy import text

from referral_desk.core.migrations import v2_search
from referral_desk.core.services import clients
from referral_desk.ui.clients.list_model import COLUMN_BY_KEY
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    call_sync,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    clients_page,  # noqa: F401 - pytest fixture
    german_locale,  # noqa: F401 - pytest fixture
    type_text,
    wait_idle,
)


def _set_document_spelling(ctx, *, client_id: int, family: str, given: str) -> None:
    # Written with SQL and indexed by the migration's rebuild (the record dialog for the
    # document spelling belongs to the letters part of issue 10).
    with ctx.vault.write() as conn:
        conn.execute(
            text("UPDATE client SET document_family_name = :f, document_given_names = :g WHERE id = :id"),
            {"f": family, "g": given, "id": client_id},
        )
        v2_search.rebuild(conn, [client_id])


def _search(qtbot, page, db, query: str) -> list[tuple[str, str]]:
    page.search_edit.clear()
    page.focus_search()
    type_text(page.search_edit, query)
    qtbot.waitUntil(lambda: not page._debounce.isActive(), timeout=2000)
    wait_idle(qtbot, db)
    m = page.model
    return sorted(
        (m.data(m.index(r, COLUMN_BY_KEY["family_name"])), m.data(m.index(r, COLUMN_BY_KEY["given_names"])))
        for r in range(m.rowCount())
    )


def test_transliterations_and_document_spelling_in_the_list(qtbot, clients_page, clients_db):
    people = [
        ("الخطيب", "جمال", "1984-02-11"),
        ("Alkhatib", "Mahmoud", "1979-06-30"),
        ("Khatib", "Yusuf", "1991-03-05"),
        ("Al-Katib", "Omar", "1988-09-09"),
        ("Шевченко", "Олена", "1975-12-01"),
        ("Schewtschenko", "Iwan", "1969-04-18"),
        ("Mahmut", "Ayşe", "1993-01-22"),
    ]
    created = call_sync(
        qtbot,
        clients_db,
        clients.create_clients,
        allow_duplicate=True,
        items=[{"family_name": f, "given_names": g, "birth_date": b} for f, g, b in people],
    )
    ids = {c.family_name: c.id for c in created}
    call_sync(qtbot, clients_db, _set_document_spelling, client_id=ids["الخطيب"], family="Al-Khateeb", given="Jamal")
    call_sync(qtbot, clients_db, _set_document_spelling, client_id=ids["Шевченко"], family="Shevchenko", given="Olena")
    clients_page.refresh()
    wait_idle(qtbot, clients_db)

    assert _search(qtbot, clients_page, clients_db, "Dschamal") == [("الخطيب", "جمال")]
    assert _search(qtbot, clients_page, clients_db, "Shevchenko") == [("Schewtschenko", "Iwan"), ("Шевченко", "Олена")]
    assert _search(qtbot, clients_page, clients_db, "Mohammed") == []  # not Mahmoud, not Mahmut
    found = _search(qtbot, clients_page, clients_db, "Chatib")
    assert found == [("Alkhatib", "Mahmoud"), ("Khatib", "Yusuf"), ("الخطيب", "جمال")]  # not Al-Katib
    assert clients_page.result_count_label.text() == "3 Klient*innen"
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    clients_page.grab().save(str(SCREENSHOTS / "62-name-search-transliteration.png"))
