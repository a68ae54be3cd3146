"""UI language: German source strings, English from ``resources/translations``.

Every UI string is written in German (``self.tr("Klient*innen")``), so German needs no
translation file. English comes from ``referral_desk_en.qm`` (built from the ``.ts`` beside
it by ``resources/translations/update.sh``). For German, Qt's own ``qtbase_de.qm`` is loaded
so standard buttons and dialogs say "Abbrechen" instead of "Cancel".

Before sign-in the system locale decides (English if the system is English, else German);
after sign-in the organisation setting ``ui_language`` does. Labels of core vocabularies
(roles, services, ...) come from ``catalogues`` in the same language.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from referral_desk.core import catalogues
from referral_desk.core.paths import resource

log = logging.getLogger(__name__)

LANGUAGES = ("de", "en")
_LOCALES = {
    "de": (QLocale.Language.German, QLocale.Country.Germany),
    "en": (QLocale.Language.English, QLocale.Country.UnitedKingdom),
}

_current = "de"
_translators: list[QTranslator] = []


def current_language() -> str:
    return _current


def system_language() -> str:
    """English if the system's UI language is English, otherwise German."""
    return "en" if QLocale.system().language() == QLocale.Language.English else "de"


def translations_dir() -> str:
    return str(resource("translations"))


def apply_language(lang: str) -> str:
    """Install the translators for ``lang`` (``de`` or ``en``) and make it the default locale.

    Returns the language in effect. Widgets built afterwards use it; existing ones receive
    a LanguageChange event."""
    global _current
    lang = lang if lang in LANGUAGES else "de"
    app = QCoreApplication.instance()
    if app is None:  # pragma: no cover - always called with an application
        raise RuntimeError("apply_language needs a QApplication")
    for translator in _translators:
        app.removeTranslator(translator)
        translator.deleteLater()
    _translators.clear()
    if lang == "en":
        _load(app, "referral_desk_en", translations_dir())
    else:
        _load(app, "qtbase_de", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
        # German plural forms of "%n …" source strings (Qt applies %n forms only via a translation)
        _load(app, "referral_desk_de", translations_dir())
    language, country = _LOCALES[lang]
    QLocale.setDefault(QLocale(language, country))
    _current = lang
    return lang


def _load(app: QCoreApplication, name: str, directory: str) -> None:
    translator = QTranslator(app)
    if translator.load(name, directory):
        app.installTranslator(translator)
        _translators.append(translator)
    else:
        log.warning("translation %s not found in %s", name, directory)


def enum_label(enum: str, key: str) -> str:
    """The label of a catalogue key in the UI language (unknown keys are shown as they are)."""
    try:
        return catalogues.enum_label(enum, key, _current)
    except KeyError:
        return key


def enum_choices(enum: str) -> list[tuple[str, str]]:
    """(key, label) pairs of a catalogue enum, in file order."""
    return [(entry.key, entry.label(_current)) for entry in catalogues.enum_entries(enum)]
