"""Before and after windows for the training difference in differences. Pure.

The design, in full:

- An officer is *trained* when a training of theirs ends inside the analysed period; the first
  such training (earliest end date, then earliest start) is their event T.
- A trained officer's windows are whole calendar months, read from the officers' monthly
  rollup: *before* = the WINDOW_MONTHS months before the month T starts in, *after* = the
  WINDOW_MONTHS months after the month T ends in. The months of the training itself are in
  neither. The windows may reach outside the period (before its start, after its end): a change
  needs both sides.
- Every other officer of a unit with trained officers is compared over the unit's *typical*
  windows: those around the unit's median T (lower median of the start dates, and of the end
  dates, separately), so trained and untrained colleagues are measured over the same months of
  the unit's history: "the same units over the same windows".
- Such an officer is a *comparison* officer only when none of their trainings overlaps the
  unit's span (first day of the before window to last day of the after window); otherwise they
  are left out of the comparison (trained near the windows but not inside the period: neither
  a clean control nor an event).
- Officers of units without a trained officer get the windows around the median T of all trained
  officers (or, when nobody trained, around the middle of the period): they have no one to be
  compared with in their unit, and the statistics report them as such rather than as missing.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import median_low

from surveys.method.periods import Period, add_months

WINDOW_MONTHS = 3
_DAY = timedelta(days=1)

TRAINED = "trained"
COMPARISON = "comparison"
TRAINED_NEARBY = "trained_nearby"  # a training overlaps the unit's span but ends outside the period
NO_TRAINED_COLLEAGUE = "no_trained_colleague"


@dataclass(frozen=True)
class Windows:
    before: Period
    after: Period

    @property
    def span(self) -> Period:
        return Period(self.before.start, self.after.end)


@dataclass(frozen=True)
class Assignment:
    """An officer's part in the difference in differences and the windows they are measured in
    (None for officers left out of it)."""

    role: str
    windows: Windows | None


def windows_around(start: date, end: date, months: int = WINDOW_MONTHS) -> Windows:
    """The whole-month windows around a training running from ``start`` to ``end``."""
    if end < start:
        raise ValueError("a training cannot end before it starts")
    if months < 1:
        raise ValueError("a window needs at least one month")
    first, last = start.replace(day=1), end.replace(day=1)
    before = Period(add_months(first, -months), first - _DAY)
    after = Period(add_months(last, 1), add_months(last, 1 + months) - _DAY)
    return Windows(before, after)


def typical_windows(events: Collection[tuple[date, date]], months: int = WINDOW_MONTHS) -> Windows:
    """The windows around the median event: lower medians of start and end dates."""
    if not events:
        raise ValueError("no events to take a median of")
    start = date.fromordinal(median_low(s.toordinal() for s, _ in events))
    end = date.fromordinal(median_low(e.toordinal() for _, e in events))
    # Each end follows its own start, so the k-th end never precedes the k-th start.
    return windows_around(start, end, months)


def first_events(
    trainings: Collection[tuple[int, date, date]], period: Period
) -> dict[int, tuple[date, date]]:
    """Per officer, the training that ends first inside ``period``: (officer, start, end) rows in."""
    events: dict[int, tuple[date, date]] = {}
    for officer, start, end in trainings:
        if not period.start <= end <= period.end:
            continue
        known = events.get(officer)
        if known is None or (end, start) < (known[1], known[0]):
            events[officer] = (start, end)
    return events


def assign(
    unit_of: Mapping[int, int],
    events: Mapping[int, tuple[date, date]],
    period: Period,
    months: int = WINDOW_MONTHS,
) -> tuple[dict[int, Assignment], dict[int, Windows]]:
    """Roles and windows before the check for trainings near the windows.

    Returns each officer's provisional assignment (trained, or a comparison candidate) and the
    typical windows of every unit that has trained officers; the caller turns candidates with a
    training overlapping their unit's span into TRAINED_NEARBY (see ``settle``).
    """
    by_unit: dict[int, list[tuple[date, date]]] = {}
    for officer, event in events.items():
        if officer in unit_of:
            by_unit.setdefault(unit_of[officer], []).append(event)
    unit_windows = {unit: typical_windows(found, months) for unit, found in by_unit.items()}
    everyone = [event for found in by_unit.values() for event in found]
    if everyone:
        fallback = typical_windows(everyone, months)
    else:
        middle = period.start + timedelta(days=(period.days - 1) // 2)
        fallback = windows_around(middle, middle, months)

    assignments: dict[int, Assignment] = {}
    for officer, unit in unit_of.items():
        if officer in events:
            start, end = events[officer]
            assignments[officer] = Assignment(TRAINED, windows_around(start, end, months))
        elif unit in unit_windows:
            assignments[officer] = Assignment(COMPARISON, unit_windows[unit])
        else:
            assignments[officer] = Assignment(NO_TRAINED_COLLEAGUE, fallback)
    return assignments, unit_windows


def settle(
    assignments: Mapping[int, Assignment], trained_nearby: Collection[int]
) -> dict[int, Assignment]:
    """Comparison candidates who trained within their unit's span are left out."""
    nearby = set(trained_nearby)
    return {
        officer: Assignment(TRAINED_NEARBY, None)
        if assignment.role == COMPARISON and officer in nearby
        else assignment
        for officer, assignment in assignments.items()
    }
