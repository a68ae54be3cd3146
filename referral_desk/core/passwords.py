"""A simple, explainable password gate (used by the services, the CLI and the wizard)."""
from __future__ import annotations

MIN_LENGTH = 10
MAX_LENGTH = 1024

_COMMON = {"passwort123", "password123", "1234567890", "qwertzuiop", "qwertyuiop", "0123456789",
           "passwort1234", "password1234", "sommer2026", "winter2026", "ludwigshafen", "caritas123",
           "diakonie123", "referraldesk"}


def problem_code(password: str, *, user: str = "") -> str | None:
    """None if acceptable, else a message code (``password.*`` in messages.py)."""
    if len(password) < MIN_LENGTH:
        return "password.too_short"
    if len(password) > MAX_LENGTH:
        return "password.too_long"
    if len(set(password)) < 4:
        return "password.too_uniform"
    folded = password.casefold()
    if user and user.casefold() in folded:
        return "password.contains_user"
    if folded in _COMMON:
        return "password.common"
    return None


def require_acceptable(password: str, *, user: str = "", field: str = "password") -> None:
    """Raise InvalidInput naming ``field`` if the password does not pass the gate."""
    code = problem_code(password, user=user)
    if code:
        from referral_desk.core.errors import InvalidInput

        raise InvalidInput(code, field=field, min=MIN_LENGTH, max=MAX_LENGTH)


def password_problem(password: str, *, user: str = "", lang: str = "de") -> str | None:
    """The problem in words, for inline hints."""
    from referral_desk.core.messages import render

    code = problem_code(password, user=user)
    return None if code is None else render(code, lang, min=MIN_LENGTH, max=MAX_LENGTH)


def strength(password: str) -> int:
    """0..4 for a strength bar: length and character variety."""
    classes = sum(any(f(c) for c in password) for f in (str.islower, str.isupper, str.isdigit,
                                                      lambda c: not c.isalnum()))
    score = 0
    if len(password) >= MIN_LENGTH:
        score += 1
    if len(password) >= 14:
        score += 1
    if classes >= 3:
        score += 1
    if len(password) >= 20 or (len(password) >= 14 and classes == 4):
        score += 1
    return score
