"""The printed support plan: templates complete, every character covered by a bundled font,
German always, the client's language where a template exists, a real PDF."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from referral_desk.core.documents import fonts, support_plan
from referral_desk.core.documents.layout import Trace
from referral_desk.core.paths import forms_dir
from referral_desk.core.services import casework, clients
from tests.conftest import client_data

pytestmark = pytest.mark.both_backends


def _keys(d, prefix=""):
    out = set()
    for k, v in d.items():
        out.add(prefix + k)
        if isinstance(v, dict):
            out |= _keys(v, prefix + k + ".")
    return out


@pytest.mark.parametrize("language", support_plan.available_languages())
def test_every_template_has_every_key_of_the_german_one(language):
    de = json.loads((forms_dir() / "plan" / "de.json").read_text("utf-8"))
    other = json.loads((forms_dir() / "plan" / f"{language}.json").read_text("utf-8"))
    assert _keys(other) == _keys(de)
    assert other["language"] == language


def _data(language):
    goal = support_plan.PlanGoal(
        "language",
        "Deutsch auf Niveau B1 erreichen",
        dt.date(2026, 9, 1),
        dt.date(2027, 6, 30),
        [
            support_plan.PlanStep("Anmeldung zum Integrationskurs", "client", dt.date(2026, 10, 1), None),
            support_plan.PlanStep("Kinderbetreuung klären", "together", None, dt.date(2026, 9, 9)),
        ],
        [support_plan.PlanReview(dt.date(2026, 11, 1), "partly", "Kurs begonnen")],
    )
    return support_plan.PlanData(
        "Caritasverband Ludwigshafen",
        "",
        "jmd",
        "2026-00012",
        "Rami Haddad",
        dt.date(2007, 3, 1),
        "Maria Schneider",
        dt.date(2026, 11, 2),
        [goal],
        language,
    )


@pytest.mark.parametrize("language", support_plan.available_languages())
def test_every_character_of_every_template_is_drawn_with_a_font_that_has_it(language):
    trace = Trace()
    pdf = support_plan.render_pdf(_data(language), trace=trace)
    assert pdf.startswith(b"%PDF")
    missing = {
        (ch, font) for text, font in trace.runs for ch in text if not ch.isspace() and ord(ch) not in fonts.cmap(font)
    }
    assert not missing


def test_plan_pdf_through_the_service_records_the_document(admin_ctx):
    from sqlalchemy import text

    c = clients.create_client(admin_ctx, data=client_data(preferred_language="tr"))
    with pytest.raises(Exception) as info:
        casework.render_plan(admin_ctx, client_id=c.id)
    assert getattr(info.value, "field", None) == "client_id"  # no goals: nothing to print
    casework.add_goal(admin_ctx, client_id=c.id, data={"area": "work", "goal": "Arbeit als Pflegehelferin"})
    pdf = casework.render_plan(admin_ctx, client_id=c.id)
    assert pdf.startswith(b"%PDF")
    with admin_ctx.vault.read() as conn:
        kinds = [r[0] for r in conn.execute(text("SELECT kind FROM generated_document"))]
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_event WHERE action = 'plan.printed'"))]
    assert kinds == ["support_plan"] and actions == ["plan.printed"]
    assert casework.plan_language("tr") == "tr" and casework.plan_language("ps") is None
