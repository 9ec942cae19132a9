"""The period picker the manager pages share: reading it, labels, the form, API periods.

Presentation helpers only; the numbers come from surveys/ (queries and pure modules).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from babel.dates import format_date
from litestar import Request
from litestar.exceptions import ValidationException

from app.formatting import short_date
from app.i18n import current_language
from app.i18n import gettext as _
from surveys.method.period_choice import PeriodChoice, parse_period_choice
from surveys.method.periods import Period

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
PERIOD_FIELDS = ("kind", "year", "month", "quarter", "semester", "from", "to")
_BABEL = {"id": "id_ID", "en": "en_GB"}


def _today(request: Request[Any, Any, Any]) -> date:
    return datetime.now(request.app.state.settings.timezone).date()


def read_period(request: Request[Any, Any, Any]) -> tuple[PeriodChoice, dict[str, str]]:
    """The period asked for in the query string; errors are translated, per field."""
    today = _today(request)
    params = {field: request.query_params.get(field) for field in PERIOD_FIELDS}
    choice, errors = parse_period_choice(params, today)
    return choice, {field: _(message) for field, message in errors.items()}


def period_errors_text(errors: dict[str, str]) -> str:
    """The picker's errors as one sentence each, a reason given for two fields said once."""
    return " ".join(dict.fromkeys(errors.values()))


def checked_period(request: Request[Any, Any, Any]) -> PeriodChoice:
    """The period asked for, for a page or file without a picker: a bad one is a 400 with
    the reason, never another period in its place."""
    choice, errors = read_period(request)
    if errors:
        raise ValidationException(period_errors_text(errors))
    return choice


def asks_for_picker_fields(request: Request[Any, Any, Any]) -> bool:
    """The picker form was submitted (``kind`` etc.), not a canonical ``from``/``to`` link."""
    return "kind" in request.query_params


def period_query(choice: PeriodChoice, **extra: str | int | None) -> str:
    """The canonical query string of a page: from/to plus any non-empty extras."""
    params = choice.query() | {k: str(v) for k, v in extra.items() if v not in (None, "")}
    return urlencode(params)


def following_query(
    request: Request[Any, Any, Any], choice: PeriodChoice, **extra: str | int | None
) -> str:
    """The next period's query string, or "" while that period has not begun."""
    following = choice.following_begun_by(_today(request))
    return period_query(following, **extra) if following else ""


def period_label(choice: PeriodChoice) -> str:
    """ "Triwulan I 2026", "Januari 2026", "1 Jan 2026 – 15 Feb 2026" …"""
    start = choice.period.start
    if choice.kind == "month":
        return format_date(start, format="LLLL y", locale=_babel())
    if choice.kind == "quarter":
        return _("Triwulan %(n)s %(year)s", n=ROMAN[choice.number or 1], year=start.year)
    if choice.kind == "semester":
        return _("Semester %(n)s %(year)s", n=ROMAN[choice.number or 1], year=start.year)
    if choice.kind == "year":
        return _("Tahun %(year)s", year=start.year)
    return f"{short_date(start)} – {short_date(choice.period.end)}"


def short_period_label(choice: PeriodChoice) -> str:
    """A label short enough for a chart axis: "TW I 2026", "Jan 2026", "2026"."""
    start = choice.period.start
    if choice.kind == "month":
        return format_date(start, format="LLL y", locale=_babel())
    if choice.kind == "quarter":
        return _("TW %(n)s %(year)s", n=ROMAN[choice.number or 1], year=start.year)
    if choice.kind == "semester":
        return _("Smt %(n)s %(year)s", n=ROMAN[choice.number or 1], year=start.year)
    if choice.kind == "year":
        return str(start.year)
    return format_date(start, format="d MMM", locale=_babel())


def kind_label(kind: str) -> str:
    return {
        "month": _("Bulan"),
        "quarter": _("Triwulan"),
        "semester": _("Semester"),
        "year": _("Tahun"),
        "custom": _("Rentang tanggal"),
    }[kind]


def period_form(
    choice: PeriodChoice, errors: dict[str, str], request: Request[Any, Any, Any]
) -> dict[str, Any]:
    """Values for the picker: what was asked (kept on error) or the chosen period."""
    asked = {field: request.query_params.get(field) or "" for field in PERIOD_FIELDS}
    values: dict[str, Any] = {
        "kind": choice.kind,
        "year": choice.year,
        "month": choice.period.start.month,
        "quarter": (choice.period.start.month - 1) // 3 + 1,
        "semester": (choice.period.start.month - 1) // 6 + 1,
        "from": choice.period.start.isoformat(),
        "to": choice.period.end.isoformat(),
    }
    if errors:
        values.update({field: value for field, value in asked.items() if value})
    today_year = _today(request).year
    return {
        "values": values,
        "errors": errors,
        "kinds": [(kind, kind_label(kind)) for kind in ("month", "quarter", "semester", "year")]
        + [("custom", kind_label("custom"))],
        # Up to this year: a year still ahead has no answers to show.
        "years": list(range(today_year, today_year - 10, -1)),
        "months": [
            (number, format_date(datetime(2000, number, 1), "LLLL", locale=_babel()))
            for number in range(1, 13)
        ],
        "roman": ROMAN,
    }


def _babel() -> str:
    return _BABEL.get(current_language.get(), "id_ID")


def parse_period(start: str | None, end: str | None, today: date) -> Period:
    """``from``/``to`` as ISO dates; missing ones default to the current year up to today."""
    try:
        first = date.fromisoformat(start) if start else date(today.year, 1, 1)
        last = date.fromisoformat(end) if end else today
    except ValueError:
        raise ValidationException(
            _("Tanggal harus berformat YYYY-MM-DD, misalnya 2026-01-31.")
        ) from None
    if last < first:
        raise ValidationException(_("Tanggal 'to' tidak boleh sebelum tanggal 'from'."))
    return Period(first, last)
