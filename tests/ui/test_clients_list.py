"""The client list: lazy model over database ids, search, filters, sorting, lock."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt

from referral_desk.core.services import clients, contacts
from referral_desk.core.services.clients import ClientQuery
from referral_desk.ui.clients.list_model import COLUMN_BY_KEY, PLACEHOLDER, ClientListModel
from tests.ui.clients_fixtures import (
    SCREENSHOTS,
    add_counsellor,
    call_sync,
    call_sync_run,
    clients_ctx,  # noqa: F401 - pytest fixture
    clients_db,  # noqa: F401 - pytest fixture
    clients_page,  # noqa: F401 - pytest fixture
    demo_items,
    german_locale,  # noqa: F401 - pytest fixture
    type_text,
    wait_idle,
    wait_loaded,
)


def _displayed(model: ClientListModel, column: str) -> list[str]:
    col = COLUMN_BY_KEY[column]
    return [model.data(model.index(r, col)) for r in range(model.rowCount())]


# --- the model ---------------------------------------------------------------------------


# Qt's own QAbstractItemModelTester reports problems as warnings: make them failures.
fail_on_qt_warning = pytest.mark.qt_log_level_fail("WARNING")
ignore_offscreen_noise = pytest.mark.qt_log_ignore("This plugin does not support")


@fail_on_qt_warning
@ignore_offscreen_noise
def test_model_empty_passes_modeltester(qtbot, qtmodeltester, clients_db):
    model = ClientListModel(clients_db)
    model.refresh()
    wait_idle(qtbot, clients_db)
    assert model.rowCount() == 0
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)


@fail_on_qt_warning
@ignore_offscreen_noise
def test_model_with_300_rows_passes_modeltester(qtbot, qtmodeltester, clients_db, german_locale):
    call_sync(qtbot, clients_db, clients.create_clients, items=demo_items(300), allow_duplicate=True)
    model = ClientListModel(clients_db)
    qtmodeltester.check(model)  # the Qt tester stays attached and checks the reset and pages below
    inserted = []
    model.rowsInserted.connect(lambda _p, first, last: inserted.append((first, last)))
    model.refresh()
    # First the first page alone (painted at once), then the other ids appended
    qtbot.waitUntil(lambda: model.rowCount() == ClientListModel.PAGE_SIZE, timeout=5000)
    wait_loaded(qtbot, clients_db, model)
    assert model.rowCount() == 300
    assert inserted == [(200, 299)]
    assert model.is_row_loaded(0) and not model.is_row_loaded(250)
    # An uncached row answers at once with a placeholder and asks for its page.
    assert model.data(model.index(250, 0)) == PLACEHOLDER
    assert model.data(model.index(250, 0), ClientListModel.ClientIdRole) == model.client_id(250)
    wait_idle(qtbot, clients_db)
    assert model.is_row_loaded(250) and model.data(model.index(250, 0)) != PLACEHOLDER
    qtmodeltester.check(model, force_py=True)
    model.refresh()  # a reload while the tester watches
    wait_loaded(qtbot, clients_db, model)
    summary = model.data(model.index(5, 0), ClientListModel.SummaryRole)
    assert summary.id == model.data(model.index(5, 3), ClientListModel.ClientIdRole)
    assert (
        model.data(model.index(5, COLUMN_BY_KEY["birth_date"]), ClientListModel.SortRole)
        == summary.birth_date.isoformat()
    )
    assert model.headerData(COLUMN_BY_KEY["birth_date"], Qt.Orientation.Horizontal) == "Geburtsdatum"
    model.clear()


def test_list_shows_german_labels_and_dates(qtbot, clients_page, clients_db):
    call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={
            "family_name": "Kaya",
            "given_names": "Elif",
            "birth_date": "1990-07-04",
            "nationalities": ["TR", "DE"],
            "residence_status": "niederlassungserlaubnis",
        },
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    m = clients_page.model
    row = [m.data(m.index(0, c)) for c in range(m.columnCount())]
    assert row[1:5] == ["Kaya", "Elif", "04.07.1990", "Türkei, Deutschland"]
    assert row[5].startswith("Niederlassungserlaubnis")
    assert row[6] == "Anna Becker" and row[7] == "" and row[8] == "offen"
    assert clients_page.result_count_label.text() == "1 Klient*in"


def test_stale_results_are_dropped(qtbot, clients_db):
    call_sync(qtbot, clients_db, clients.create_clients, items=demo_items(40), allow_duplicate=True)
    model = ClientListModel(clients_db)
    resets = []
    model.reloaded.connect(resets.append)
    model.set_query(ClientQuery(text="zzzz"))
    model.set_query(ClientQuery())  # replaces the first before its answer arrives
    wait_loaded(qtbot, clients_db, model)
    assert resets == [40]
    assert model.rowCount() == 40
    model.clear()


# --- the page ----------------------------------------------------------------------------


def test_search_is_debounced_and_uses_the_database(qtbot, clients_page, clients_db):
    call_sync(
        qtbot,
        clients_db,
        clients.create_clients,
        items=[
            {"family_name": "Yılmaz", "given_names": "Ayşe", "birth_date": "1985-03-12"},
            {"family_name": "Kowalski", "given_names": "Jan", "birth_date": "1979-11-02"},
            {"family_name": "Ивaнов", "given_names": "Пётр", "birth_date": "1966-01-30"},
        ],
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 3
    gen = clients_page.model.generation
    clients_page.search_edit.setFocus()
    type_text(clients_page.search_edit, "yilm")
    assert clients_page.model.generation == gen  # nothing yet: the person is still typing
    qtbot.waitUntil(lambda: clients_page.model.generation == gen + 1, timeout=2000)
    wait_idle(qtbot, clients_db)
    assert clients_page.model.generation == gen + 1  # one query for four keys
    assert _displayed(clients_page.model, "family_name") == ["Yılmaz"]
    # a birth date and a case number are found too
    for text, expected in (("12.03.1985", ["Yılmaz"]), ("02.11.1979", ["Kowalski"])):
        clients_page.search_edit.setText(text)
        qtbot.waitUntil(lambda: not clients_page._debounce.isActive(), timeout=2000)
        wait_idle(qtbot, clients_db)
        assert _displayed(clients_page.model, "family_name") == expected
    case = clients_page.model.data(clients_page.model.index(0, COLUMN_BY_KEY["case_number"]))
    clients_page.search_edit.setText(case)
    qtbot.waitUntil(lambda: not clients_page._debounce.isActive(), timeout=2000)
    wait_idle(qtbot, clients_db)
    assert _displayed(clients_page.model, "case_number") == [case]
    clients_page.search_edit.setText("Nobody")
    qtbot.waitUntil(lambda: not clients_page._debounce.isActive(), timeout=2000)
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 0
    assert clients_page.result_count_label.text().startswith("Keine Treffer")


def test_filters_mine_and_status(qtbot, clients_page, clients_db):
    call_sync(qtbot, clients_db, clients.create_clients, items=demo_items(5, seed=1), allow_duplicate=True)
    other = add_counsellor(qtbot, clients_db, "jhoffmann", "Jonas Hoffmann")
    call_sync_run(
        qtbot, clients_db, lambda: clients.create_clients(other, items=demo_items(3, seed=2), allow_duplicate=True)
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 8
    clients_page.mine_filter_combo.setCurrentIndex(clients_page.mine_filter_combo.findData(True))
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 5
    assert set(_displayed(clients_page.model, "counsellor")) == {"Anna Becker"}
    clients_page.mine_filter_combo.setCurrentIndex(clients_page.mine_filter_combo.findData(False))
    clients_page.status_filter_combo.setCurrentIndex(clients_page.status_filter_combo.findData("closed"))
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 0
    assert "Filter" in clients_page.result_count_label.text()
    clients_page.status_filter_combo.setCurrentIndex(clients_page.status_filter_combo.findData("open"))
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 8
    # A counsellor without team access sees only their own clients, whatever the filter says.
    call_sync_run(qtbot, clients_db, lambda: None)
    ids = call_sync_run(qtbot, clients_db, lambda: clients.search_ids(other, query=ClientQuery()))
    assert len(ids) == 3


def test_sorting_by_birth_date_reorders_via_database(qtbot, clients_page, clients_db):
    call_sync(qtbot, clients_db, clients.create_clients, items=demo_items(60, seed=3), allow_duplicate=True)
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    model = clients_page.model
    by_name = [model.client_id(r) for r in range(model.rowCount())]
    header = clients_page.table.horizontalHeader()
    col = COLUMN_BY_KEY["birth_date"]
    qtbot.mouseClick(
        header.viewport(),
        Qt.MouseButton.LeftButton,
        pos=header.rect().center().__class__(header.sectionViewportPosition(col) + 10, 5),
    )
    wait_idle(qtbot, clients_db)
    assert model.query.sort == "birth_date" and not model.query.descending
    expected = call_sync(qtbot, clients_db, clients.search_ids, query=ClientQuery(sort="birth_date"))
    got = [model.client_id(r) for r in range(model.rowCount())]
    assert got == expected != by_name
    dates = [model.data(model.index(r, col), ClientListModel.SortRole) for r in range(model.rowCount())]
    assert dates == sorted(dates)
    clients_page.table.sortByColumn(col, Qt.SortOrder.DescendingOrder)
    wait_idle(qtbot, clients_db)
    got = [model.client_id(r) for r in range(model.rowCount())]
    assert got == call_sync(
        qtbot, clients_db, clients.search_ids, query=ClientQuery(sort="birth_date", descending=True)
    )


def test_lazy_loading_requests_only_visible_pages(qtbot, clients_page, clients_db):
    call_sync(
        qtbot, clients_db, clients.create_clients, items=demo_items(3000, seed=4), allow_duplicate=True, timeout=120_000
    )
    model = clients_page.model
    clients_page.refresh()
    wait_loaded(qtbot, clients_db, model)
    assert model.rowCount() == 3000
    # The first page came with the ids; showing the top needs nothing more.
    assert model.page_requests == 0
    assert model.cached_pages == [0]
    clients_page.table.scrollToBottom()
    wait_idle(qtbot, clients_db)
    assert model.page_requests <= 2
    assert model.is_row_loaded(2999)
    assert model.data(model.index(2999, 1)) not in (PLACEHOLDER, None)
    assert len(model.cached_pages) <= 3


def test_enter_and_double_click_open_the_record(qtbot, clients_page, clients_db):
    call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Popescu", "given_names": "Ioana", "birth_date": "1992-05-17"},
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    clients_page.focus_search()
    qtbot.keyClick(clients_page.search_edit, Qt.Key.Key_Down)
    assert clients_page.table.hasFocus() or clients_page.table.currentIndex().row() == 0
    qtbot.keyClick(clients_page.table, Qt.Key.Key_Return)
    wait_idle(qtbot, clients_db)
    [record] = clients_page.open_records()
    assert record.objectName() == "client_record"
    assert record.form.family_name_edit.text() == "Popescu"
    record.request_close()
    assert clients_page.open_records() == []
    rect = clients_page.table.visualRect(clients_page.model.index(0, 1))
    qtbot.mouseDClick(clients_page.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_idle(qtbot, clients_db)
    assert len(clients_page.open_records()) == 1


def test_clear_for_lock_drops_rows_search_and_records(qtbot, clients_page, clients_db):
    call_sync(qtbot, clients_db, clients.create_clients, items=demo_items(10, seed=5), allow_duplicate=True)
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    clients_page.search_edit.setText("a")
    record = clients_page.new_client()
    record.form.family_name_edit.setText("Neu")
    record.form.family_name_edit.textEdited.emit("Neu")
    assert [d[:2] for d in clients_page.drafts_for_lock()] == [("client", "new")]
    clients_page.clear_for_lock()
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 0
    assert clients_page.search_edit.text() == ""
    assert clients_page.open_records() == []
    assert clients_page.drafts_for_lock() == []


def test_screenshot_client_list(qtbot, clients_page, clients_db):
    """Demo-like data: four counsellors, 160 clients, contacts for most of them."""
    today = dt.date.today()
    contexts = [None] + [
        add_counsellor(qtbot, clients_db, name, display)
        for name, display in (("jhoffmann", "Jonas Hoffmann"), ("skrueger", "Sabine Krüger"), ("mweber", "Mia Weber"))
    ]
    items = demo_items(160, seed=11)
    for i, ctx in enumerate(contexts):
        chunk = items[i * 40 : (i + 1) * 40]
        if ctx is None:
            created = call_sync(qtbot, clients_db, clients.create_clients, items=chunk, allow_duplicate=True)
        else:
            created = call_sync_run(
                qtbot,
                clients_db,
                lambda ctx=ctx, chunk=chunk: clients.create_clients(ctx, items=chunk, allow_duplicate=True),
            )
        for j, c in enumerate(created[:30]):
            call_sync_run(
                qtbot,
                clients_db,
                lambda ctx=ctx, c=c, j=j, i=i: contacts.add_contact(
                    ctx or clients_db.context,
                    client_id=c.id,
                    data={
                        "date": (today - dt.timedelta(days=5 * j + i + 1)).isoformat(),
                        "minutes": 45,
                        "topics": ["residence"],
                    },
                ),
            )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    clients_page.resize(1400, 640)
    qtbot.wait(50)
    wait_idle(qtbot, clients_db)
    assert clients_page.model.rowCount() == 160
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    assert clients_page.grab().save(str(SCREENSHOTS / "10-client-list.png"))
