"""The dashboard's period picker: month, triwulan, semester, year or a custom range.

Pure: parses plain query values into a ``PeriodChoice`` and says which field was wrong
(errors are Indonesian message ids for the web layer to translate). A choice's canonical
form is ``from``/``to``: the kind is recognised from the dates, so report links that only
carry ``?from=&to=`` land on the same page as the picker.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from surveys.method.elements import N_
from surveys.method.periods import Period, add_months, month, quarter, semester, year
from surveys.method.text import whole_number

KINDS = ("month", "quarter", "semester", "year", "custom")
# How many of each kind make up a year, and the picker field holding the number.
_PER_YEAR = {"month": 12, "quarter": 4, "semester": 2}
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class PeriodChoice:
    kind: str
    period: Period

    @property
    def year(self) -> int:
        return self.period.start.year

    @property
    def number(self) -> int | None:
        """The month (1–12), triwulan (1–4) or semester (1–2) within the year."""
        if self.kind not in _PER_YEAR:
            return None
        months_each = 12 // _PER_YEAR[self.kind]
        return (self.period.start.month - 1) // months_each + 1

    def shifted(self, steps: int) -> PeriodChoice:
        """The choice ``steps`` periods later (negative: earlier), of the same kind and length."""
        if self.kind in _PER_YEAR or self.kind == "year":
            months = 12 if self.kind == "year" else 12 // _PER_YEAR[self.kind]
            start = add_months(self.period.start, months * steps)
            return PeriodChoice(self.kind, Period(start, add_months(start, months) - _DAY))
        length = timedelta(days=self.period.days * steps)
        return PeriodChoice("custom", Period(self.period.start + length, self.period.end + length))

    def previous(self) -> PeriodChoice:
        return self.shifted(-1)

    def following(self) -> PeriodChoice:
        return self.shifted(1)

    def a_year_earlier(self) -> PeriodChoice:
        """The same month, triwulan, semester or days one year before."""
        if self.kind in _PER_YEAR:
            return self.shifted(-_PER_YEAR[self.kind])
        if self.kind == "year":
            return self.shifted(-1)
        return PeriodChoice(
            "custom", Period(_year_before(self.period.start), _year_before(self.period.end))
        )

    def following_begun_by(self, today: date) -> PeriodChoice | None:
        """The next period, or None while it has not begun by ``today``: a period still
        ahead can hold no answers, so a "next" link there only leads to an empty page."""
        following = self.following()
        return following if following.period.start <= today else None

    def recent(self, count: int) -> list[PeriodChoice]:
        """The last ``count`` periods of this kind, oldest first, ending with this one."""
        return [self.shifted(-back) for back in range(count - 1, -1, -1)]

    def query(self) -> dict[str, str]:
        return {"from": self.period.start.isoformat(), "to": self.period.end.isoformat()}


_DAY = timedelta(days=1)


def _year_before(day: date) -> date:
    """The same date a year before; 29 February becomes the 28th."""
    return day.replace(year=day.year - 1, day=min(day.day, 28 if day.month == 2 else day.day))


def infer_kind(period: Period) -> str:
    """The kind a period is, judged from its dates alone."""
    start = period.start
    for kind in ("month", "quarter", "semester"):
        months = 12 // _PER_YEAR[kind]
        aligned = start.day == 1 and (start.month - 1) % months == 0
        if aligned and period.end == add_months(start, months) - _DAY:
            return kind
    if start.day == 1 and start.month == 1 and period.end == date(start.year, 12, 31):
        return "year"
    return "custom"


def containing(day: date, kind: str) -> PeriodChoice:
    """The month, triwulan, semester or year that contains ``day``."""
    if kind == "month":
        return PeriodChoice(kind, month(day.year, day.month))
    if kind == "quarter":
        return PeriodChoice(kind, quarter(day.year, (day.month - 1) // 3 + 1))
    if kind == "semester":
        return PeriodChoice(kind, semester(day.year, (day.month - 1) // 6 + 1))
    if kind == "year":
        return PeriodChoice(kind, year(day.year))
    raise ValueError(f"no calendar period of kind {kind!r}")


def default_choice(today: date) -> PeriodChoice:
    """Units usually report per triwulan: the current one."""
    return containing(today, "quarter")


def parse_period_choice(
    params: Mapping[str, str | None], today: date
) -> tuple[PeriodChoice, dict[str, str]]:
    """The chosen period and, per field name, what was wrong (then the default is returned).

    Fields: ``kind`` with ``year`` and ``month``/``quarter``/``semester``, or ``from``/``to``
    (ISO dates). Without any, the current triwulan.
    """
    kind = (params.get("kind") or "").strip()
    has_range = bool((params.get("from") or "").strip() or (params.get("to") or "").strip())
    errors: dict[str, str] = {}
    if not kind and not has_range:
        return default_choice(today), errors
    if not kind or kind == "custom":
        period = _parse_range(params, errors)
        if period is None:
            return default_choice(today), errors
        return PeriodChoice(infer_kind(period), period), errors
    if kind not in KINDS:
        errors["kind"] = N_("Pilih jenis periode dari daftar.")
        return default_choice(today), errors
    year_number = _parse_int(params, "year", today.year, FIRST_YEAR, LAST_YEAR, errors)
    if kind == "year":
        chosen = None if errors else PeriodChoice(kind, year(year_number))
    else:
        default_number = containing(today, kind).number or 1
        number = _parse_int(params, kind, default_number, 1, _PER_YEAR[kind], errors)
        chosen = None if errors else containing(date(year_number, 1, 1), kind).shifted(number - 1)
    return (chosen or default_choice(today)), errors


def _parse_int(
    params: Mapping[str, str | None],
    field: str,
    default: int,
    low: int,
    high: int,
    errors: dict[str, str],
) -> int:
    raw = (params.get(field) or "").strip()
    if not raw:
        return default
    number = whole_number(raw, low, high)
    if number is None:
        errors[field] = _RANGE_MESSAGES[field]
        return default
    return number


_RANGE_MESSAGES = {
    "year": N_("Tahun harus antara 2000 dan 2100."),
    "month": N_("Bulan harus antara 1 dan 12."),
    "quarter": N_("Triwulan harus antara 1 dan 4."),
    "semester": N_("Semester harus 1 atau 2."),
}


def _parse_range(params: Mapping[str, str | None], errors: dict[str, str]) -> Period | None:
    days = {}
    for field in ("from", "to"):
        raw = (params.get(field) or "").strip()
        if not raw:
            errors[field] = N_("Isi tanggal ini (format YYYY-MM-DD).")
            continue
        try:
            days[field] = date.fromisoformat(raw)
        except ValueError:
            errors[field] = N_("Tanggal harus berformat YYYY-MM-DD, misalnya 2026-01-31.")
            continue
        if not FIRST_YEAR <= days[field].year <= LAST_YEAR:
            errors[field] = N_("Tahun harus antara 2000 dan 2100.")
    if errors:
        return None
    if days["to"] < days["from"]:
        errors["to"] = N_("Tanggal akhir tidak boleh sebelum tanggal awal.")
        return None
    return Period(days["from"], days["to"])
