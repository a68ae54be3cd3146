"""JSON Schema of the client import/export format, built from the catalogues.

``python -m referral_desk.core.client_schema > docs/client.schema.json`` regenerates the
published file; a test checks the file is current. The service's own validation is the
authority (it also checks cross-field rules such as arrival after birth); the schema
lets other programs validate before sending.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from referral_desk.core import catalogues


def _date(description: str) -> dict[str, Any]:
    return {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": description}


def _nullable(schema: dict[str, Any]) -> dict[str, Any]:
    return {"anyOf": [schema, {"type": "null"}]}


# Letters of the Latin script (the Unicode blocks from Basic Latin to Latin Extended-B and
# Latin Extended Additional) plus name marks; the service checks the Unicode script exactly.
_LATIN_NAME = r"^[A-Za-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u024F\u1E00-\u1EFF \-'’‘.,]+$"


def _enum(name: str) -> dict[str, Any]:
    return {"enum": list(catalogues.enum_keys(name)), "default": "unknown"}


def build() -> dict[str, Any]:
    text = {"type": "string", "minLength": 1}
    properties: dict[str, Any] = {
        "family_name": {**text, "maxLength": 200, "description": "Family name in any script."},
        "given_names": {**text, "maxLength": 200, "description": "Given name(s) in any script."},
        "birth_date": _date("ISO date, not before 1900-01-01 and not in the future."),
        "gender": {"enum": list(catalogues.enum_keys("gender")), "default": "unspecified"},
        "nationalities": {
            "type": "array",
            "minItems": 1,
            "maxItems": 5,
            "uniqueItems": True,
            "default": ["unknown"],
            "items": {"enum": sorted(catalogues.country_codes()) + ["stateless", "unknown"]},
            "description": "ISO 3166-1 alpha-2 codes (XK for Kosovo), or ['stateless'] or ['unknown'].",
        },
        "preferred_language": _nullable({"enum": sorted(catalogues.language_codes())}),
        "interpreter_needed": {"type": "boolean", "default": False},
        "residence_status": {"enum": [s.key for s in catalogues.residence_statuses()], "default": "unknown"},
        "residence_valid_until": _nullable(_date("Validity of the residence title; may be in the future.")),
        "employment_permitted": {"enum": list(catalogues.enum_keys("employment_permitted")), "default": "unknown"},
        "german_level": {"enum": list(catalogues.enum_keys("german_level")), "default": "unknown"},
        "integration_course": {"enum": list(catalogues.enum_keys("integration_course")), "default": "unknown"},
        "arrival_date": _nullable(_date("Arrival in Germany; not before the birth date, not in the future.")),
        "phone": _nullable({"type": "string", "pattern": r"^\+?[0-9][0-9 /()\-.]{2,38}$"}),
        "email": _nullable({"type": "string", "maxLength": 254, "pattern": r"^[^@\s]+@[^@\s]+\.[^@\s.]{2,}$"}),
        "address": _nullable(
            {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "street": _nullable({"type": "string", "maxLength": 200}),
                    "postal_code": _nullable({"type": "string", "pattern": r"^[A-Za-z0-9 \-]{3,10}$"}),
                    "city": _nullable({"type": "string", "maxLength": 100}),
                },
            }
        ),
        "jobcenter_customer_number": _nullable({"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9 /\-]{2,24}$"}),
        "notes": _nullable({"type": "string", "maxLength": 20000}),
        # Release 0.2: the spelling agencies file the name under, and structured facts.
        "document_family_name": _nullable(
            {
                **text,
                "maxLength": 200,
                "pattern": _LATIN_NAME,
                "description": "Family name as in the passport or residence title: Latin letters only (incl. "
                "accents, Turkish İ/ı), spaces, hyphens, apostrophes, full stops.",
            }
        ),
        "document_given_names": _nullable(
            {
                **text,
                "maxLength": 200,
                "pattern": _LATIN_NAME,
                "description": "Given name(s) as in the passport or residence title (Latin letters only).",
            }
        ),
        "school_education": _enum("school_education"),
        "vocational_training": _enum("vocational_training"),
        "vocational_field": _nullable(
            {"type": "string", "maxLength": 200, "description": "Trade or subject of the training or studies."}
        ),
        "recognition_profession": _nullable(
            {
                "type": "string",
                "maxLength": 200,
                "description": "Profession whose foreign qualification is to be recognised.",
            }
        ),
        "recognition_status": _enum("recognition_status"),
        "recognition_body": _nullable(
            {"type": "string", "maxLength": 200, "description": "Competent body of the recognition procedure."}
        ),
        "employment_status": _enum("employment_status"),
        "last_occupation": _nullable({"type": "string", "maxLength": 200}),
        "benefit_type": _enum("benefit_type"),
        "jobcenter_bg_number": _nullable(
            {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9 /\-]{2,24}$",
                "description": "Number of the benefit unit (Bedarfsgemeinschaft).",
            }
        ),
        "ba_customer_number": _nullable(
            {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9 /\-]{2,24}$",
                "description": "Customer number at the Agentur für Arbeit.",
            }
        ),
        "abh_file_reference": _nullable(
            {
                "type": "string",
                "pattern": r"^[A-Za-z0-9][A-Za-z0-9 ./:\-]{1,39}$",
                "description": "File reference at the Ausländerbehörde.",
            }
        ),
        "service": _nullable(
            {
                "enum": list(catalogues.enum_keys("service")),
                "description": "Service the case belongs to; must be one the organisation runs. "
                "Null or absent: the organisation's first service.",
            }
        ),
        "access_route": _nullable(
            {"enum": list(catalogues.enum_keys("access_route")), "description": "How the person found the service."}
        ),
        "residence_basis": _nullable(
            {
                "enum": [b.key for b in catalogues.residence_bases()],
                "description": "Legal basis refining residence_status; it must belong to that status: "
                + "; ".join(f"{b.key} ({b.legal_basis}) → {b.status}" for b in catalogues.residence_bases())
                + ".",
            }
        ),
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://referral-desk.invalid/schemas/client.schema.json",
        "title": "Referral Desk client (import)",
        "description": "One client for `referral-desk client add`. A list of such objects is accepted too. "
        "Unknown fields are rejected. See docs/client-format.md.",
        "type": "object",
        "additionalProperties": False,
        "required": ["family_name", "given_names", "birth_date"],
        "properties": properties,
    }


def main() -> int:
    json.dump(build(), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
