"""Reporting periods (month, triwulan, semester, year, custom) over local calendar days."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo

DEFAULT_TIMEZONE = ZoneInfo("Asia/Jakarta")


@dataclass(frozen=True)
class Period:
    start: date  # first local day, inclusive
    end: date  # last local day, inclusive

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("the period ends before it starts")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Period:
        """The period of the same kind just before this one (same number of months or days)."""
        if self.start.day == 1 and (self.end + timedelta(days=1)).day == 1:
            months = (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1
            start = add_months(self.start, -months)
            return Period(start, self.start - timedelta(days=1))
        return Period(self.start - timedelta(days=self.days), self.start - timedelta(days=1))


def add_months(day: date, months: int) -> date:
    """The first of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month(year: int, month_number: int) -> Period:
    start = date(year, month_number, 1)
    return Period(start, add_months(start, 1) - timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    """Triwulan 1–4."""
    if not 1 <= number <= 4:
        raise ValueError("a triwulan is numbered 1 to 4")
    start = date(year, 3 * number - 2, 1)
    return Period(start, add_months(start, 3) - timedelta(days=1))


def semester(year: int, number: int) -> Period:
    if number not in (1, 2):
        raise ValueError("a semester is numbered 1 or 2")
    start = date(year, 6 * number - 5, 1)
    return Period(start, add_months(start, 6) - timedelta(days=1))


def year(year_number: int) -> Period:
    return Period(date(year_number, 1, 1), date(year_number, 12, 31))


def local_day(moment: datetime, tz: tzinfo = DEFAULT_TIMEZONE) -> date:
    if moment.tzinfo is None:
        raise ValueError("naive datetime: every stored time is timezone-aware")
    return moment.astimezone(tz).date()


def split_by_months(period: Period) -> tuple[tuple[date, date] | None, tuple[Period, ...]]:
    """The period as whole calendar months (first days of the first and last) plus edge days.

    Rollups kept per month answer the months; the edge days come from daily rows.
    """
    first_month = period.start if period.start.day == 1 else add_months(period.start, 1)
    ends_a_month = (period.end + timedelta(days=1)).day == 1
    after_months = add_months(period.end, 1 if ends_a_month else 0)
    if first_month >= after_months:
        return None, (period,)
    edges = []
    if period.start < first_month:
        edges.append(Period(period.start, first_month - timedelta(days=1)))
    if after_months <= period.end:
        edges.append(Period(after_months, period.end))
    return (first_month, add_months(after_months, -1)), tuple(edges)
