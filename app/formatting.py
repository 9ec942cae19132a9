"""Indonesian-style number and date formatting for templates (registered in one place)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date
from babel.numbers import format_decimal

from app.i18n import current_language

_BABEL_LOCALES = {"id": "id_ID", "en": "en_GB"}


def _locale() -> str:
    return _BABEL_LOCALES.get(current_language.get(), "id_ID")


def number(value: Decimal | float | int | None, places: int = 2) -> str:
    """91.48 → "91,48" in Indonesian, "91.48" in English; None → an en dash."""
    if value is None:
        return "–"
    pattern = "#,##0" + ("." + "0" * places if places else "")
    return format_decimal(value, format=pattern, locale=_locale())


def integer(value: int | None) -> str:
    return "–" if value is None else format_decimal(value, format="#,##0", locale=_locale())


def long_date(value: date | datetime | None) -> str:
    """2026-11-23 → "23 November 2026" (Indonesian month names in Indonesian)."""
    if value is None:
        return "–"
    return format_date(value, format="d MMMM y", locale=_locale())


def short_date(value: date | datetime | None) -> str:
    if value is None:
        return "–"
    return format_date(value, format="d MMM y", locale=_locale())


FILTERS = {"number": number, "integer": integer, "long_date": long_date, "short_date": short_date}
