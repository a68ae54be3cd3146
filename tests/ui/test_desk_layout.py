"""Issue 16 layout: nothing moves under the mouse, long labels end in "…" with a tooltip,
people are shown with their display names, the main window fits 1366 × 768."""

from __future__ import annotations

from referral_desk.core.services import clients
from referral_desk.ui.clients.pickers import NationalityPicker
from referral_desk.ui.widgets import ElidedComboBox, combo
from tests.ui.clients_fixtures import call_sync, clients_ctx, clients_db, clients_page, german_locale  # noqa: F401

from .conftest import ADMIN, ADMIN_PASSWORD, sign_in, wait_idle


def test_adding_a_nationality_does_not_move_the_form(qtbot):
    picker = NationalityPicker()
    qtbot.addWidget(picker)
    picker.resize(500, picker.sizeHint().height())
    picker.show()
    before = picker.sizeHint().height()
    picker.set_value(["TR"])
    assert picker.sizeHint().height() == before
    picker.set_value(["TR", "SY", "UA"])
    assert picker.sizeHint().height() == before
    picker.set_value([])
    assert picker.sizeHint().height() == before


def test_long_combo_labels_are_elided_with_a_tooltip(qtbot):
    long = "Aufenthaltserlaubnis aus völkerrechtlichen, humanitären oder politischen Gründen (§§ 22–26 AufenthG)"
    box = combo("residence_combo_box", [("short", "Duldung"), ("long", long)])
    assert isinstance(box, ElidedComboBox)
    qtbot.addWidget(box)
    box.resize(220, box.sizeHint().height())
    box.show()
    box.setCurrentIndex(1)
    assert box.is_elided() and box.toolTip() == long
    box.setCurrentIndex(0)
    assert not box.is_elided() and box.toolTip() == ""
    image = box.grab().toImage()
    assert image.width() == 220


def test_record_header_shows_the_counsellors_display_name(qtbot, clients_page, clients_db):
    client = call_sync(
        qtbot,
        clients_db,
        clients.create_client,
        data={"family_name": "Kowalska", "given_names": "Anna", "birth_date": "1988-08-08", "nationalities": ["PL"]},
    )
    clients_page.refresh()
    wait_idle(qtbot, clients_db)
    record = clients_page.open_client(client.id)
    wait_idle(qtbot, clients_db)
    qtbot.waitUntil(lambda: "Anna Becker" in record.header_label.text(), timeout=10_000)
    assert "Berater*in: Anna Becker" in record.header_label.text()
    assert "Berater*in: admin" not in record.header_label.text()


def test_main_window_fits_1366_by_768(qtbot, main_window):
    sign_in(qtbot, main_window, ADMIN, ADMIN_PASSWORD)
    main_window.resize(1366, 740)  # 768 minus a task bar
    for section in ("clients", "referrals", "statistics", "admin"):
        main_window.workspace.show_section(section)
        wait_idle(qtbot, main_window.db)
        hint = main_window.minimumSizeHint()
        assert hint.width() <= 1366 and hint.height() <= 740, (section, hint)
