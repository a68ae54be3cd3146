"""The three-way merge rule (core.merge): who changed which field since the form was loaded."""

from __future__ import annotations

from hypothesis import given, strategies as st

from referral_desk.core.merge import plan_merge

BASE = {"family_name": "Yılmaz", "phone": "0621 1", "notes": "", "gender": "female"}


def test_only_one_side_changed_takes_that_side_without_a_conflict():
    mine = {**BASE, "phone": "0621 2"}
    theirs = {**BASE, "notes": "Termin ABH 12.01."}
    plan = plan_merge(BASE, mine, theirs)
    assert {f.key for f in plan.fields} == {"phone", "notes"}
    assert plan.conflicts == ()
    assert [f.key for f in plan.taken_from_theirs] == ["notes"]
    assert plan.merged(theirs) == {**BASE, "phone": "0621 2", "notes": "Termin ABH 12.01."}


def test_both_changed_differently_is_a_conflict_decided_per_field():
    mine = {**BASE, "family_name": "Yilmaz-Öztürk"}
    theirs = {**BASE, "family_name": "Йылмаз"}
    plan = plan_merge(BASE, mine, theirs)
    (field,) = plan.conflicts
    assert field.key == "family_name" and field.default_mine
    assert plan.merged(theirs)["family_name"] == "Yilmaz-Öztürk"
    assert plan.merged(theirs, {"family_name": False})["family_name"] == "Йылмаз"


def test_the_same_change_on_both_sides_is_no_question():
    mine = theirs = {**BASE, "phone": "+49 621 5"}
    assert plan_merge(BASE, mine, dict(theirs)).fields == ()


def test_sameness_is_the_callers_rule():
    mine = {**BASE, "notes": "  "}
    theirs = {**BASE}
    same = lambda _k, a, b: (a or "").strip() == (b or "").strip()  # noqa: E731
    assert plan_merge(BASE, mine, theirs, same=same).fields == ()
    assert len(plan_merge(BASE, mine, theirs).fields) == 1


values = st.sampled_from(["", "a", "b", "ا", "İ"])


@given(st.fixed_dictionaries(dict.fromkeys("wxyz", values)), st.data())
def test_no_change_is_lost_by_the_default_merge(base, data):
    mine = {k: data.draw(values) for k in base}
    theirs = {k: data.draw(values) for k in base}
    merged = plan_merge(base, mine, theirs).merged(theirs)
    for k in base:
        if mine[k] != base[k]:
            assert merged[k] == mine[k]  # the person's own change is kept (conflicts: preselected)
        elif theirs[k] != base[k]:
            assert merged[k] == theirs[k]  # a change saved elsewhere is never reverted
        else:
            assert merged[k] == base[k]
