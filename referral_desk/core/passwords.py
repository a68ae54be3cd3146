"""The password policy (used by the services, the CLI, the wizard and every password field).

A password must pass the simple rules below AND reach score 3 of 4 in zxcvbn, a maintained
estimator that knows common passwords, names, keyboard rows, dates and repeats. The strength
bar shows the same score, so the meter and the gate can never disagree (the old meter said
"schwach" while the gate accepted ``passwort12``). zxcvbn's feedback is English; we show it in
German through ``FEEDBACK`` below.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

MIN_LENGTH = 10
MAX_LENGTH = 1024
MIN_SCORE = 3  # zxcvbn: 3 = "safely unguessable: moderate protection from offline attacks"
_ESTIMATE_CHARS = 72  # zxcvbn refuses longer input; the first 72 characters decide the score

_COMMON = {
    "passwort123",
    "password123",
    "1234567890",
    "qwertzuiop",
    "qwertyuiop",
    "0123456789",
    "passwort1234",
    "password1234",
    "sommer2026",
    "winter2026",
    "ludwigshafen",
    "caritas123",
    "diakonie123",
    "referraldesk",
}

# German (and English) texts for zxcvbn's feedback strings; unknown strings are dropped,
# never shown in English inside the German UI.
FEEDBACK: dict[str, tuple[str, str]] = {
    "Use a few words, avoid common phrases.": (
        "Mehrere Wörter verwenden, keine bekannten Redewendungen.",
        "Use a few words, avoid common phrases.",
    ),
    "No need for symbols, digits, or uppercase letters.": (
        "Sonderzeichen, Ziffern oder Großbuchstaben sind nicht nötig.",
        "No need for symbols, digits, or uppercase letters.",
    ),
    "Add another word or two. Uncommon words are better.": (
        "Ein oder zwei weitere Wörter anhängen – ungewöhnliche Wörter sind besser.",
        "Add another word or two. Uncommon words are better.",
    ),
    "Straight rows of keys are easy to guess.": (
        "Tastenreihen (wie „qwertz“) sind leicht zu erraten.",
        "Straight rows of keys are easy to guess.",
    ),
    "Short keyboard patterns are easy to guess.": (
        "Kurze Tastaturmuster sind leicht zu erraten.",
        "Short keyboard patterns are easy to guess.",
    ),
    "Use a longer keyboard pattern with more turns.": (
        "Längere Tastaturmuster mit mehr Richtungswechseln verwenden.",
        "Use a longer keyboard pattern with more turns.",
    ),
    'Repeats like "aaa" are easy to guess.': (
        "Wiederholungen wie „aaa“ sind leicht zu erraten.",
        'Repeats like "aaa" are easy to guess.',
    ),
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "Wiederholungen wie „abcabcabc“ sind kaum schwerer zu erraten als „abc“.",
        'Repeats like "abcabcabc" are only slightly harder to guess than "abc".',
    ),
    "Avoid repeated words and characters.": (
        "Wörter und Zeichen nicht wiederholen.",
        "Avoid repeated words and characters.",
    ),
    'Sequences like "abc" or "6543" are easy to guess.': (
        "Folgen wie „abc“ oder „6543“ sind leicht zu erraten.",
        'Sequences like "abc" or "6543" are easy to guess.',
    ),
    "Avoid sequences.": ("Keine Zeichenfolgen wie „1234“ verwenden.", "Avoid sequences."),
    "Recent years are easy to guess.": (
        "Jahreszahlen der letzten Jahre sind leicht zu erraten.",
        "Recent years are easy to guess.",
    ),
    "Avoid recent years.": ("Keine aktuellen Jahreszahlen verwenden.", "Avoid recent years."),
    "Avoid years that are associated with you.": (
        "Keine Jahreszahlen verwenden, die mit Ihnen zu tun haben.",
        "Avoid years that are associated with you.",
    ),
    "Dates are often easy to guess.": ("Datumsangaben sind oft leicht zu erraten.", "Dates are often easy to guess."),
    "Avoid dates and years that are associated with you.": (
        "Keine Daten und Jahreszahlen verwenden, die mit Ihnen zu tun haben.",
        "Avoid dates and years that are associated with you.",
    ),
    "This is a top-10 common password.": (
        "Dies ist eines der 10 häufigsten Passwörter.",
        "This is a top-10 common password.",
    ),
    "This is a top-100 common password.": (
        "Dies ist eines der 100 häufigsten Passwörter.",
        "This is a top-100 common password.",
    ),
    "This is a very common password.": ("Dies ist ein sehr häufiges Passwort.", "This is a very common password."),
    "This is similar to a commonly used password.": (
        "Dies ähnelt einem häufig verwendeten Passwort.",
        "This is similar to a commonly used password.",
    ),
    "A word by itself is easy to guess.": (
        "Ein einzelnes Wort ist leicht zu erraten.",
        "A word by itself is easy to guess.",
    ),
    "Names and surnames by themselves are easy to guess.": (
        "Vor- und Nachnamen allein sind leicht zu erraten.",
        "Names and surnames by themselves are easy to guess.",
    ),
    "Common names and surnames are easy to guess.": (
        "Häufige Vor- und Nachnamen sind leicht zu erraten.",
        "Common names and surnames are easy to guess.",
    ),
    "Capitalization doesn't help very much.": (
        "Ein großer Anfangsbuchstabe hilft kaum.",
        "Capitalization doesn't help very much.",
    ),
    "All-uppercase is almost as easy to guess as all-lowercase.": (
        "Nur Großbuchstaben sind fast so leicht zu erraten wie nur Kleinbuchstaben.",
        "All-uppercase is almost as easy to guess as all-lowercase.",
    ),
    "Reversed words aren't much harder to guess.": (
        "Rückwärts geschriebene Wörter sind kaum schwerer zu erraten.",
        "Reversed words aren't much harder to guess.",
    ),
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (
        "Vorhersehbare Ersetzungen wie „@“ statt „a“ helfen kaum.",
        "Predictable substitutions like '@' instead of 'a' don't help very much.",
    ),
}

# Words every German counselling office would try first; zxcvbn's lists are English.
_LOCAL_WORDS = (
    "passwort",
    "kennwort",
    "beratung",
    "migration",
    "caritas",
    "diakonie",
    "awo",
    "ludwigshafen",
    "referral",
    "desk",
    "sommer",
    "winter",
    "fruehling",
    "herbst",
    "hallo",
    "geheim",
)


@dataclass(frozen=True)
class Assessment:
    score: int  # 0..4
    warning: str = ""  # zxcvbn's English text (key of FEEDBACK)
    suggestions: tuple[str, ...] = field(default_factory=tuple)

    def feedback(self, lang: str = "de") -> str:
        index = 1 if lang == "en" else 0
        texts = [FEEDBACK[t][index] for t in (self.warning, *self.suggestions) if t in FEEDBACK]
        return " ".join(dict.fromkeys(texts))


@lru_cache(maxsize=64)
def _assess(password: str, user: str) -> Assessment:
    from zxcvbn import zxcvbn

    inputs = [*_LOCAL_WORDS, *([user] if user else [])]
    result = zxcvbn(password[:_ESTIMATE_CHARS], user_inputs=inputs)
    fb = result.get("feedback") or {}
    return Assessment(int(result["score"]), fb.get("warning") or "", tuple(fb.get("suggestions") or ()))


def assess(password: str, *, user: str = "") -> Assessment:
    if not password:
        return Assessment(0)
    return _assess(password, user)


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
    if assess(password, user=user).score < MIN_SCORE:
        return "password.weak"
    return None


def require_acceptable(password: str, *, user: str = "", field: str = "password") -> None:
    """Raise InvalidInput naming ``field`` if the password does not pass the policy. The
    error carries zxcvbn's advice (``hint``, German; ``hint_en``) for the message."""
    code = problem_code(password, user=user)
    if code:
        from referral_desk.core.errors import InvalidInput

        advice = assess(password, user=user)
        raise InvalidInput(
            code, field=field, min=MIN_LENGTH, max=MAX_LENGTH, hint=advice.feedback("de"), hint_en=advice.feedback("en")
        )


def password_problem(password: str, *, user: str = "", lang: str = "de") -> str | None:
    """The problem in words, for inline hints (with the estimator's advice)."""
    from referral_desk.core.messages import render

    code = problem_code(password, user=user)
    if code is None:
        return None
    advice = assess(password, user=user)
    return render(code, lang, min=MIN_LENGTH, max=MAX_LENGTH, hint=advice.feedback(lang), hint_en=advice.feedback("en"))


def strength(password: str, *, user: str = "") -> int:
    """0..4 for a strength bar: the same zxcvbn score the policy uses, capped at 2 while a
    simple rule (length, user name) still refuses the password."""
    if not password:
        return 0
    score = assess(password, user=user).score
    if problem_code(password, user=user) is not None:
        score = min(score, MIN_SCORE - 1)
    return score
