"""Client records through the services: validation, duplicates, update, search."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from referral_desk.core.errors import DuplicateClient, InvalidInput, NotFound, PolicyRefused
from referral_desk.core.services import clients, users
from referral_desk.core.services.context import ServiceContext
from referral_desk.core.vault import Vault
from tests.conftest import client_data

pytestmark = pytest.mark.both_backends


def _count(ctx, table: str) -> int:
    with ctx.reading() as conn:
        return conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_create_and_read_back_every_field(admin_ctx):
    created = clients.create_client(admin_ctx, data=client_data())
    assert created.case_number == f"{dt.date.today().year}-00001"
    got = clients.get_client(admin_ctx, client_id=created.id)
    assert got.family_name == "Yılmaz" and got.given_names == "Ayşe"
    assert got.address.postal_code == "67059"
    assert got.nationalities == ["TR"]
    assert got.counsellor == admin_ctx.actor.name and got.case_status == "open"


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    "field, value, code",
    [
        ("birth_date", TOMORROW, "input.date_future"),
        ("birth_date", "1899-12-31", "input.date_too_early"),
        ("birth_date", "31.02.1990", "input.invalid_date"),
        ("birth_date", 19900101, "input.invalid_date"),
        ("family_name", "", "input.blank"),
        ("family_name", "   \t ", "input.blank"),
        ("given_names", "  ", "input.blank"),
        ("family_name", "X" * 10_000, "input.too_long"),
        ("family_name", "Ali\x00ev", "input.control_chars"),
        ("given_names", "Ay\u202eşe", "input.control_chars"),  # right-to-left override
        ("notes", "ok\x07bell", "input.control_chars"),
        ("nationalities", ["XX"], "input.country"),
        ("nationalities", ["TR", "TR"], "input.list_duplicate"),
        ("nationalities", [], "input.list_empty"),
        ("nationalities", "TR", "input.type"),
        ("preferred_language", "xx", "input.language"),
        ("preferred_language", "tur", "input.language"),
        ("gender", "w", "input.choice"),
        ("residence_status", "aufenthalt", "input.choice"),
        ("german_level", "B3", "input.choice"),
        ("email", "ayse.example.org", "input.email"),
        ("phone", "call me", "input.phone"),
        ("arrival_date", "1980-01-01", "input.date_before"),
        ("arrival_date", TOMORROW, "input.date_future"),
        ("interpreter_needed", "yes", "input.type"),
        ("favourite_colour", "blue", "input.unknown_field"),
        ("case_number", "2026-00001", "input.read_only_field"),
    ],
)
def test_bad_input_names_the_field_and_writes_nothing(admin_ctx, field, value, code):
    before = (_count(admin_ctx, "client"), _count(admin_ctx, "audit_event"))
    with pytest.raises(InvalidInput) as info:
        clients.create_client(admin_ctx, data=client_data(**{field: value}))
    assert info.value.code == code
    assert info.value.field == field
    message = info.value.message("de")
    assert field in message
    if isinstance(value, str) and len(value.strip()) > 3 and field in ("family_name", "given_names", "notes", "email"):
        assert value.strip() not in message  # free text is never echoed
    assert (_count(admin_ctx, "client"), _count(admin_ctx, "audit_event")) == before


def test_missing_required_field(admin_ctx):
    data = client_data()
    del data["birth_date"]
    with pytest.raises(InvalidInput) as info:
        clients.create_client(admin_ctx, data=data)
    assert info.value.field == "birth_date" and info.value.code == "input.required"


def test_nested_address_error_names_dotted_field(admin_ctx):
    with pytest.raises(InvalidInput) as info:
        clients.create_client(admin_ctx, data=client_data(address={"postal_code": "6705!"}))
    assert info.value.field == "address.postal_code"
    assert "Postleitzahl" in info.value.message("de")


def test_formula_like_and_other_scripts_are_stored_verbatim(admin_ctx):
    names = [
        ('=HYPERLINK("http://x")', "+cmd"),
        ("Иванов", "Пётр"),
        ("الحسن", "محمد"),
        ("رضایی", "علی‌رضا"),
        ("İnce", "Işıl"),
    ]
    for i, (family, given) in enumerate(names):
        c = clients.create_client(
            admin_ctx, data=client_data(family_name=family, given_names=given, birth_date=f"1980-01-{i + 1:02d}")
        )
        got = clients.get_client(admin_ctx, client_id=c.id)
        assert (got.family_name, got.given_names) == (family, given)


def test_list_is_one_transaction(admin_ctx):
    items = [
        client_data(birth_date="1970-01-01"),
        client_data(birth_date="1971-01-01"),
        client_data(birth_date="2999-01-01"),
    ]
    with pytest.raises(InvalidInput) as info:
        clients.create_clients(admin_ctx, items=items)
    assert info.value.params["item"] == 3
    assert info.value.message("de").startswith("Eintrag 3:")
    assert _count(admin_ctx, "client") == 0
    created = clients.create_clients(admin_ctx, items=items[:2])
    assert [c.case_number[-5:] for c in created] == ["00001", "00002"]


def test_likely_duplicate_refused_then_allowed(admin_ctx):
    first = clients.create_client(admin_ctx, data=client_data())
    twin = client_data(family_name="YILMAZ", given_names="Ayse")
    with pytest.raises(DuplicateClient) as info:
        clients.create_client(admin_ctx, data=twin)
    assert info.value.exit_code == 3
    assert info.value.case_numbers == [first.case_number]
    assert first.case_number in info.value.message("de")
    assert clients.likely_duplicates(admin_ctx, data=twin) == [first.case_number]
    # swapped name order is the same person too
    swapped = client_data(family_name="Ayşe", given_names="Yılmaz")
    assert clients.likely_duplicates(admin_ctx, data=swapped) == [first.case_number]
    second = clients.create_client(admin_ctx, data=twin, allow_duplicate=True)
    assert second.case_number != first.case_number
    # a different birth date is not a duplicate
    clients.create_client(admin_ctx, data=client_data(birth_date="1986-03-12"))


def test_partial_update(admin_ctx):
    c = clients.create_client(admin_ctx, data=client_data())
    updated = clients.update_client(
        admin_ctx, client_id=c.id, changes={"german_level": "B2", "address": {"city": "Mannheim"}}
    )
    assert updated.german_level == "B2" and updated.address.city == "Mannheim"
    assert updated.address.street == "Bismarckstraße 10"  # untouched
    assert updated.family_name == "Yılmaz"
    renamed = clients.update_client(admin_ctx, client_id=c.id, changes={"family_name": "Öztürk"})
    assert clients.find_clients(admin_ctx, text_query="Ozturk")[0].id == renamed.id
    assert clients.find_clients(admin_ctx, text_query="Yilmaz") == []
    with pytest.raises(InvalidInput) as info:
        clients.update_client(admin_ctx, client_id=c.id, changes={"family_name": None})
    assert info.value.field == "family_name"
    with pytest.raises(InvalidInput):
        clients.update_client(admin_ctx, client_id=c.id, changes={})
    with pytest.raises(InvalidInput) as info:
        clients.update_client(admin_ctx, client_id=c.id, changes={"birth_date": TOMORROW})
    assert info.value.field == "birth_date"
    with pytest.raises(NotFound):
        clients.update_client(admin_ctx, client_id=999, changes={"german_level": "A1"})
    # clearing an optional field with null works
    cleared = clients.update_client(admin_ctx, client_id=c.id, changes={"phone": None})
    assert cleared.phone is None


@pytest.fixture
def people(admin_ctx):
    rows = [
        ("Yılmaz", "Ayşe", "1985-03-12"),
        ("Müller", "Hans", "1970-01-01"),
        ("Şahin", "Mehmet", "1990-06-01"),
        ("Al-Hassan", "Mohammed", "1988-02-02"),
        ("Haddad", "Mohamed", "1991-02-02"),
        ("Rahimi", "Muhammad", "1992-02-02"),
        ("Иванов", "Пётр", "1975-07-07"),
        ("Yildiz", "Emre", "1999-09-09"),
        ("الحسن", "محمد", "1987-04-04"),
    ]
    ids = {}
    for family, given, birth in rows:
        ids[family] = clients.create_client(
            admin_ctx, data=client_data(family_name=family, given_names=given, birth_date=birth)
        ).id
    return ids


@pytest.mark.parametrize(
    "query, expected",
    [
        ("Yilmaz", {"Yılmaz"}),
        ("yılmaz", {"Yılmaz"}),
        ("YILMAZ", {"Yılmaz"}),
        ("Muller", {"Müller"}),
        ("Mueller", {"Müller"}),
        ("Sahin", {"Şahin"}),
        ("Ivanov", {"Иванов"}),
        ("Иванов", {"Иванов"}),
        ("Yil", {"Yılmaz", "Yildiz"}),
        ("Alhassan", {"Al-Hassan", "الحسن"}),  # the Arabic spelling is the same name
        ("12.03.1985", {"Yılmaz"}),
        ("1985-03-12", {"Yılmaz"}),
        ("12.3.1985", {"Yılmaz"}),
        ("Yilmaz 12.03.1985", {"Yılmaz"}),
        ("Yilmaz 13.03.1985", set()),
        ("Nobody", set()),
        ("!!!", set()),
    ],
)
def test_search(admin_ctx, people, query, expected):
    found = {c.family_name for c in clients.find_clients(admin_ctx, text_query=query)}
    assert found == expected


def test_mohammed_variants_find_each_other(admin_ctx, people):
    for query in ("Mohammed", "Mohamed", "Muhammad"):
        found = {c.family_name for c in clients.find_clients(admin_ctx, text_query=query)}
        assert {"Al-Hassan", "Haddad", "Rahimi", "الحسن"} <= found, query


def test_search_by_case_number(admin_ctx, people):
    target = clients.get_client(admin_ctx, client_id=people["Şahin"])
    year, n = target.case_number.split("-")
    assert [c.id for c in clients.find_clients(admin_ctx, text_query=target.case_number)] == [target.id]
    assert [c.id for c in clients.find_clients(admin_ctx, text_query=f"{year}-{int(n)}")] == [target.id]


@pytest.mark.vault_only(reason="SQLite's query plan (the server's: tests/team, make bench)")
def test_search_uses_the_name_index_not_a_scan(admin_ctx, people):
    query = clients.ClientQuery(text="Yilmaz")
    with admin_ctx.reading() as conn:
        conds, params, _ = clients._where(admin_ctx, conn, query)
        params.pop("_sorted_scan")
        sql = "EXPLAIN QUERY PLAN SELECT c.id FROM client c WHERE " + " AND ".join(conds)
        plan = " | ".join(str(r[-1]) for r in conn.execute(text(sql), params))
    assert "SEARCH k USING PRIMARY KEY (key>? AND key<?)" in plan, plan  # k = client_name_key
    assert "SCAN" not in plan, plan


def test_sorting_and_paging_in_the_database(admin_ctx, people):
    by_birth = clients.search_ids(admin_ctx, query=clients.ClientQuery(sort="birth_date"))
    rows = clients.summaries(admin_ctx, ids=by_birth)
    dates = [r.birth_date for r in rows]
    assert dates == sorted(dates) and len(rows) == len(people)
    desc = clients.search_ids(admin_ctx, query=clients.ClientQuery(sort="birth_date", descending=True))
    assert desc == list(reversed(by_birth))
    with pytest.raises(InvalidInput):
        clients.search_ids(admin_ctx, query=clients.ClientQuery(sort="drop table"))


@pytest.mark.vault_only(reason="desk user accounts (the server's are login roles: tests/team)")
def test_counsellors_see_only_their_own_clients(admin_ctx, vault_path):
    from referral_desk.core.keyring import KdfParams

    mine = clients.create_client(admin_ctx, data=client_data())
    users.add_user(admin_ctx, name="berater", role="counsellor", password="Beratung-Hemshof-1")
    users.add_user(admin_ctx, name="statistik", role="statistics", password="Zahlen-Friesenheim-2")
    vault = Vault.unlock(vault_path, user="berater", password="Beratung-Hemshof-1", kdf=KdfParams.fast_for_tests())
    try:
        counsellor = ServiceContext.sign_in(vault, "berater")
        own = clients.create_client(
            counsellor, data=client_data(family_name="Popescu", given_names="Ion", nationalities=["RO"])
        )
        assert {c.id for c in clients.find_clients(counsellor, text_query="Yilmaz")} == set()
        assert [c.id for c in clients.find_clients(counsellor, text_query="Popescu")] == [own.id]
        with pytest.raises(PolicyRefused):
            clients.get_client(counsellor, client_id=mine.id)
        stats = ServiceContext.sign_in(vault, "statistik")
        with pytest.raises(PolicyRefused):
            clients.find_clients(stats, text_query="Popescu")
    finally:
        vault.close()
    # the lead/admin sees both
    assert {c.id for c in clients.find_clients(admin_ctx, text_query="Popescu")} == {own.id}
