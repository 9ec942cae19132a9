"""The demo's calendar: the 18-month window, office days, holidays and seasons. Pure."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from surveys.method.periods import add_months

WINDOW_MONTHS = 18
# Idul Fitri (1 Syawal) moves about 354.37 days a year; 20 March 2026 anchors the series.
# Good to a day or so, which is all a demo needs.
_IDUL_FITRI_ANCHOR = date(2026, 3, 20)
_LUNAR_YEAR_DAYS = 354.367
_FIXED_HOLIDAYS = ((1, 1), (5, 1), (6, 1), (8, 17), (12, 24), (12, 25), (12, 26))
# Busier and slower months for every unit (December: year-end leave; July: school enrolment).
_MONTH_FACTOR = {1: 0.92, 7: 1.08, 10: 1.04, 12: 0.82}
# Monday queues are longest, Friday has Jumat prayers and a short afternoon.
_WEEKDAY_FACTOR = (1.22, 1.06, 1.0, 0.95, 0.78)


@dataclass(frozen=True)
class Window:
    """The months that receive responses: ``months`` firsts-of-month, oldest first."""

    months: tuple[date, ...]

    @property
    def start(self) -> date:
        return self.months[0]

    @property
    def end(self) -> date:
        """The last day (inclusive)."""
        return add_months(self.months[-1], 1) - timedelta(days=1)

    def month_index(self, day: date) -> int:
        return (day.year - self.start.year) * 12 + day.month - self.start.month


def demo_window(today: date, months: int = WINDOW_MONTHS) -> Window:
    """The ``months`` full months that end with the last full month before ``today``."""
    this_month = today.replace(day=1)
    return Window(tuple(add_months(this_month, i) for i in range(-months, 0)))


def idul_fitri_dates(year: int) -> list[date]:
    """Approximate 1 Syawal dates falling in ``year`` (one, or two in rare years)."""
    found = []
    first = round((date(year, 1, 1) - _IDUL_FITRI_ANCHOR).days / _LUNAR_YEAR_DAYS) - 1
    for k in range(first, first + 3):
        day = _IDUL_FITRI_ANCHOR + timedelta(days=round(k * _LUNAR_YEAR_DAYS))
        if day.year == year:
            found.append(day)
    return found


@dataclass(frozen=True)
class Season:
    """Which days of a window are closed, in Ramadan, or just after/before Lebaran."""

    holidays: frozenset[date]
    ramadan: frozenset[date]
    after_lebaran: frozenset[date]  # three weeks of moving house and new documents
    before_lebaran: frozenset[date]  # four weeks of mudik preparations


def season_for(window: Window) -> Season:
    holidays: set[date] = set()
    ramadan: set[date] = set()
    after: set[date] = set()
    before: set[date] = set()
    for year in range(window.start.year - 1, window.end.year + 2):
        holidays.update(date(year, m, d) for m, d in _FIXED_HOLIDAYS)
        for fitri in idul_fitri_dates(year):
            # Idul Fitri and the cuti bersama around it: offices closed about a week.
            holidays.update(fitri + timedelta(days=k) for k in range(-2, 5))
            ramadan.update(fitri - timedelta(days=k) for k in range(3, 31))
            before.update(fitri - timedelta(days=k) for k in range(3, 29))
            after.update(fitri + timedelta(days=k) for k in range(5, 26))
            # Idul Adha (~70 days later), Islamic New Year (~90), Maulid Nabi (~160),
            # Isra Mi'raj (~45 days before): one closed day each.
            holidays.update(fitri + timedelta(days=k) for k in (69, 70, 89, 159, -46))
    return Season(frozenset(holidays), frozenset(ramadan), frozenset(after), frozenset(before))


def office_days(window: Window, season: Season) -> list[date]:
    """Weekdays in the window that are not holidays."""
    days = []
    day = window.start
    while day <= window.end:
        if day.weekday() < 5 and day not in season.holidays:
            days.append(day)
        day += timedelta(days=1)
    return days


def day_factor(day: date, season: Season, after_lebaran: float, before_lebaran: float) -> float:
    """How busy a unit is on an office day, relative to an ordinary Wednesday."""
    factor = _WEEKDAY_FACTOR[day.weekday()] * _MONTH_FACTOR.get(day.month, 1.0)
    if day in season.ramadan:
        factor *= 0.8  # shorter office hours while fasting
    if day in season.after_lebaran:
        factor *= after_lebaran
    if day in season.before_lebaran:
        factor *= before_lebaran
    return factor
