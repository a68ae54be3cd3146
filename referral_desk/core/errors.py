"""Errors the services raise, each tied to one CLI exit code (DESIGN.md §3).

An error carries a message *code* and parameters, never a pre-rendered sentence, so the CLI
and the desktop app can show it in the user's language (see ``messages.py``). Parameters
must never hold client data: field names, keys, ids and case numbers only.
"""

from __future__ import annotations

from typing import Any


class ReferralDeskError(Exception):
    exit_code = 1

    def __init__(self, code: str, **params: Any) -> None:
        self.code = code
        self.params = params
        super().__init__(code)

    def message(self, lang: str = "de") -> str:
        from referral_desk.core.messages import render

        return render(self.code, lang, **self.params)

    def __str__(self) -> str:  # English, for logs and tracebacks under --debug
        return self.message("en")


class InvalidInput(ReferralDeskError):
    """Bad input or usage. ``field`` names the offending field (dotted path)."""

    exit_code = 2

    def __init__(self, code: str, *, field: str | None = None, **params: Any) -> None:
        super().__init__(code, field=field, **params)
        self.field = field


class NotFound(InvalidInput):
    pass


class PolicyRefused(ReferralDeskError):
    """Refused by policy: missing consent or permission, likely duplicate."""

    exit_code = 3


class DuplicateClient(PolicyRefused):
    """A likely duplicate. ``case_numbers`` are only those the person may open; ``hidden``
    counts matches in caseloads they may not see (named to them only as "another caseload")."""

    def __init__(self, case_numbers: list[str], hidden: int = 0) -> None:
        if not case_numbers:
            super().__init__("client.duplicate_elsewhere")
        elif hidden:
            super().__init__("client.duplicate_and_elsewhere", case_numbers=", ".join(case_numbers))
        else:
            super().__init__("client.duplicate", case_numbers=", ".join(case_numbers))
        self.case_numbers = list(case_numbers)
        self.hidden = hidden


class VersionConflict(PolicyRefused):
    """The record changed since the caller read it (optimistic concurrency, field
    ``version``): the second writer is told, never silently overwrites."""

    def __init__(self, *, entity: str, id: int | str, expected: int | None, current: int | None) -> None:
        super().__init__(f"{entity}.version_conflict", field="version", id=id, expected=expected, current=current)


class AuthenticationFailed(ReferralDeskError):
    exit_code = 4


class IntegrityFailure(ReferralDeskError):
    """The vault is tampered, corrupt, rolled back, or not a vault at all."""

    exit_code = 5
