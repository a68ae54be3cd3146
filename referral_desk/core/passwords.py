"""A simple, explainable password gate (used by the CLI and the set-up wizard)."""
from __future__ import annotations

MIN_LENGTH = 10

_COMMON = {"passwort123", "password123", "1234567890", "qwertzuiop", "qwertyuiop", "0123456789",
           "passwort1234", "password1234", "sommer2026", "winter2026", "ludwigshafen", "caritas123",
           "diakonie123", "referraldesk"}


def password_problem(password: str, *, user: str = "", lang: str = "de") -> str | None:
    """None if acceptable, else a short reason in the requested language."""
    de = lang != "en"
    if len(password) < MIN_LENGTH:
        return (f"mindestens {MIN_LENGTH} Zeichen nötig." if de else f"at least {MIN_LENGTH} characters needed.")
    if len(password) > 1024:
        return "höchstens 1024 Zeichen." if de else "at most 1024 characters."
    if len(set(password)) < 4:
        return "zu wenige verschiedene Zeichen." if de else "too few different characters."
    folded = password.casefold()
    if user and user.casefold() in folded:
        return "darf den Benutzernamen nicht enthalten." if de else "must not contain the user name."
    if folded in _COMMON:
        return "zu bekannt, bitte ein anderes wählen." if de else "too common, please choose another."
    return None


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
