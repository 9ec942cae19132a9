"""Interface language: Bahasa Indonesia first, English second, through gettext catalogs.

Message ids are the Indonesian texts, so a string without an English translation
still shows in the primary language. The current language lives in a context
variable set per request, which the Jinja environment's gettext reads.
"""

from __future__ import annotations

from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
LANGUAGES = ("id", "en")
DEFAULT_LANGUAGE = "id"
LANGUAGE_COOKIE = "lang"

current_language: ContextVar[str] = ContextVar("current_language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return NullTranslations()
    return Translations.load(str(LOCALE_DIR), locales=[language], domain="messages")


def gettext(message: str, **params: object) -> str:
    text = translations(current_language.get()).ugettext(message)
    return text % params if params else text


def ngettext(singular: str, plural: str, n: int, **params: object) -> str:
    text = translations(current_language.get()).ungettext(singular, plural, n)
    return text % ({"num": n} | params)


def choose_language(query_value: str | None, cookie_value: str | None, accept: str | None) -> str:
    """The language asked for by ?lang=, else the cookie, else Indonesian.

    Accept-Language is deliberately not followed: many phones in Indonesia are set
    to English while their owners prefer Indonesian forms.
    """
    for candidate in (query_value, cookie_value):
        if candidate in LANGUAGES:
            return candidate
    return DEFAULT_LANGUAGE
