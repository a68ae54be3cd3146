"""The published client JSON Schema is current and agrees with the service."""

from __future__ import annotations

import json
from pathlib import Path

from referral_desk.core import client_schema
from referral_desk.core.models import ClientCreate

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_published_schema_is_current():
    assert json.loads((DOCS / "client.schema.json").read_text("utf-8")) == client_schema.build()


def test_schema_and_model_name_the_same_fields():
    assert set(client_schema.build()["properties"]) == set(ClientCreate.model_fields)


def test_required_contract_fields_exist():
    props = client_schema.build()["properties"]
    for name in (
        "family_name",
        "given_names",
        "birth_date",
        "gender",
        "nationalities",
        "preferred_language",
        "residence_status",
        "residence_valid_until",
        "employment_permitted",
        "german_level",
        "arrival_date",
        "phone",
        "email",
        "address",
        "jobcenter_customer_number",
        "notes",
    ):
        assert name in props
    assert "XK" in props["nationalities"]["items"]["enum"]
