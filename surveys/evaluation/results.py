"""Level 4, results: what citizens noticed at the counter after an event.

The design is the training analysis's staggered difference in differences
(``surveys.training.statistics.did``), with this event as every participant's training:

- *Participants* are the officers present at the event. Their months are those of the training
  analysis around the event's dates: the three whole months before the month the event starts
  (*before*), the three after the month it ends (*after*), and the three before *before* (the
  pre-trend check). A participant whose earlier training runs through those first six months is
  not measured (as in the training analysis).
- *Comparison officers* are the other officers of the participants' units with no training of
  their own from three months before those months to their end: not trained in the window.
- In every calendar month, each participant's mean minus the pooled mean of their own unit's
  comparison officers in the same month, read from the officers' monthly sums (the monthly
  rollup); the participant's effect is the mean of these differences after minus before, and
  participants count equally. Whatever hit a whole unit in a month (a new queue, a season)
  cancels. A participant with fewer than five responses before or after (or whose comparison
  officers have fewer) is not measured.
- Inference resamples officers within their unit (the bootstrap of the training analysis); the
  p-value is the matching t test. Under the analysis's minimum sample no number is shown.

Nothing can be said before the after window is over; the page says when it will be.
"""

from __future__ import annotations

import asyncio
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from surveys.method.periods import Period, add_months
from surveys.store.development_tables import EventParticipant
from surveys.store.tables import Officer
from surveys.training.analysis import monthly_sums, training_months
from surveys.training.statistics import (
    EVENT_MONTHS,
    LEAD_MONTHS,
    OUTCOMES,
    ROLE_CONTROL,
    ROLE_TRAINED,
    WINDOW_MONTHS,
    MonthSums,
    OfficerOutcomes,
    TestResult,
    month_number,
)

N_RESAMPLES = 999
ALPHA = 0.05
SEED = 0
# Whether the page shows the interval (estimate ± t × bootstrap SE over officers). It does: in
# 300 simulated events each (units that differ, months and a before/after change hitting whole
# units, participants who start weaker), the 95% interval of the IKM held the true effect in 97%
# of events of three units with four participants and four colleagues each, with and without an
# effect, and in 99% of events of four units with six and six; with no effect the page called an
# improvement in 1% and a decline in 1.7% of events. The calibration test measures these figures
# (tests/unit/test_evaluation_impact_calibration.py) and fails when the interval is shown while
# its coverage drops below 93%.
SHOW_INTERVAL = True

IMPROVED = "improved"
WORSENED = "worsened"
UNCLEAR = "unclear"

# The value and answer-count positions of each outcome in MonthSums, and its scale.
_SUMS = {"U6": (0, 1), "U7": (2, 3), "IKM": (4, 5)}
_SCALE = {"U6": 1.0, "U7": 1.0, "IKM": 25.0}


def verdict(row: TestResult, alpha: float = ALPHA) -> str | None:
    """What the page may say of one outcome: None when the test did not run (below the
    minimum sample), else improved or worsened (two-sided p below ``alpha``), else unclear."""
    if not row.ran or row.p_value is None or row.estimate is None:
        return None
    if row.p_value < alpha:
        return IMPROVED if row.estimate > 0 else WORSENED
    return UNCLEAR


@dataclass(frozen=True)
class EventWindows:
    """The calendar months measured around an event (whole months, first to last day)."""

    early: Period  # the pre-trend check: the three months before 'before'
    before: Period
    after: Period
    event: tuple[int, int]  # the first and last month of the event (``month_number``)


def event_windows(start: date, end: date) -> EventWindows:
    first = add_months(start.replace(day=1), EVENT_MONTHS[0])
    before = add_months(start.replace(day=1), -WINDOW_MONTHS)
    after = add_months(end.replace(day=1), 1)

    def months(day: date, count: int) -> Period:
        return Period(day, add_months(day, count) - timedelta(days=1))

    return EventWindows(
        early=months(first, WINDOW_MONTHS),
        before=months(before, WINDOW_MONTHS),
        after=months(after, WINDOW_MONTHS),
        event=(month_number(start.year, start.month), month_number(end.year, end.month)),
    )


@dataclass(frozen=True)
class GroupMeans:
    """One group's mean before and after, officers counting equally, for one outcome:
    participants measured, or the comparison officers they were measured against."""

    n: int
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Impact:
    """An event's Level 4: the windows, who was measured, and one result per outcome."""

    windows: EventWindows
    ready: bool  # the after window is over
    participants: int  # present at the event and measured (IKM)
    comparisons: int  # comparison officers of those participants (IKM)
    results: tuple[TestResult, ...]
    pretrends: tuple[TestResult, ...]
    means: dict[str, tuple[GroupMeans, GroupMeans]]  # outcome -> (participants, comparison)
    show_interval: bool = SHOW_INTERVAL

    def result(self, outcome: str) -> TestResult:
        return next(row for row in self.results if row.outcome == outcome)

    def pretrend(self, outcome: str) -> TestResult:
        return next(row for row in self.pretrends if row.outcome == outcome)


def _window_mean(monthly: Mapping[int, MonthSums], months: range, outcome: str) -> float | None:
    value_at, count_at = _SUMS[outcome]
    value = sum(monthly[m][value_at] for m in months if m in monthly)
    count = sum(monthly[m][count_at] for m in months if m in monthly)
    return _SCALE[outcome] * value / count if count else None


def _group_means(
    officers: Sequence[OfficerOutcomes], windows: EventWindows, outcome: str
) -> GroupMeans:
    first, last = windows.event
    before = range(first - WINDOW_MONTHS, first)
    after = range(last + 1, last + 1 + WINDOW_MONTHS)
    pairs = [
        (_window_mean(o.monthly, before, outcome), _window_mean(o.monthly, after, outcome))
        for o in officers
    ]
    both = [(b, a) for b, a in pairs if b is not None and a is not None]
    if not both:
        return GroupMeans(0, None, None)
    return GroupMeans(
        len(both),
        math.fsum(b for b, _ in both) / len(both),
        math.fsum(a for _, a in both) / len(both),
    )


def impact_of(
    windows: EventWindows,
    ready: bool,
    officers: Sequence[OfficerOutcomes],
    *,
    seed: int = SEED,
    n_resamples: int = N_RESAMPLES,
    alpha: float = ALPHA,
    outcomes: Sequence[str] = OUTCOMES,
) -> Impact:
    """The difference in differences for each outcome (pure; numpy and scipy load here).

    ``officers`` are the participants' units' officers: a participant carries the event as
    ``event``, every officer their training months (a participant's include the event's)."""
    from surveys.training.statistics.did import did_training, stack_officers
    from surveys.training.statistics.resampling import Resampler

    resampler = Resampler(seed, n_resamples)
    stacks = stack_officers(officers)
    by_id = {o.officer_id: o for o in officers}
    results, pretrends, means = [], [], {}
    counts = (0, 0)
    for outcome in outcomes:
        did = did_training(outcome, stacks, resampler=resampler, alpha=alpha)
        results.append(did.effect)
        pretrends.append(did.pretrend)
        measured = [by_id[i] for i, role in did.roles.items() if role == ROLE_TRAINED]
        compared = [by_id[i] for i, role in did.roles.items() if role == ROLE_CONTROL]
        means[outcome] = (
            _group_means(measured, windows, outcome),
            _group_means(compared, windows, outcome),
        )
        if outcome == "IKM" or counts == (0, 0):
            counts = (did.trained, did.controls)
    return Impact(
        windows=windows,
        ready=ready,
        participants=counts[0],
        comparisons=counts[1],
        results=tuple(results),
        pretrends=tuple(pretrends),
        means=means,
    )


def event_officers(
    windows: EventWindows,
    participant_ids: Collection[int],
    unit_of: Mapping[int, int],
    touched: Mapping[int, frozenset[int]],
    monthly: Mapping[int, Mapping[int, MonthSums]],
) -> list[OfficerOutcomes]:
    """The statistics' input: every officer of the participants' units, the participants with
    the event as their training (its months among their training months even before the event
    is finished and its training records written)."""
    first, last = windows.event
    event_months = frozenset(range(first, last + 1))
    officers = []
    for officer, unit in sorted(unit_of.items()):
        takes_part = officer in participant_ids
        sums = monthly.get(officer, {})
        officers.append(
            OfficerOutcomes(
                officer_id=officer,
                unit_id=unit,
                responses=sum(s[_SUMS["U6"][1]] for s in sums.values()),
                mean_u6=None,
                mean_u7=None,
                ikm=None,
                jp_12m=0,
                event=windows.event if takes_part else None,
                training_months=touched.get(officer, frozenset())
                | (event_months if takes_part else frozenset()),
                monthly=sums,
            )
        )
    return officers


@dataclass(frozen=True)
class Neighbourhood:
    """What Level 4 reads for one or several events, loaded at once: the participants present,
    every officer of their units, their training months and their monthly sums over the span
    of all the events' windows."""

    present: dict[int, set[int]]  # event -> officers present
    unit_of: dict[int, int]  # officer -> unit, every officer of the participants' units
    touched: Mapping[int, frozenset[int]]
    monthly: Mapping[int, Mapping[int, MonthSums]]


async def neighbourhood(event_list: Sequence[dict]) -> Neighbourhood:
    """Four queries, however many events: participants present, their units' officers, the
    training months and the monthly sums (the training analysis's queries)."""
    ids = [event["id"] for event in event_list]
    if not ids:
        return Neighbourhood({}, {}, {}, {})
    rows = await EventParticipant.select(
        EventParticipant.event,
        EventParticipant.officer,
        EventParticipant.officer._.unit.as_alias("unit"),
    ).where(EventParticipant.event.is_in(ids) & (EventParticipant.attended == True))  # noqa: E712
    present: dict[int, set[int]] = {}
    for row in rows:
        present.setdefault(row["event"], set()).add(row["officer"])
    units = sorted({row["unit"] for row in rows})
    if not units:
        return Neighbourhood(present, {}, {}, {})
    colleagues = await Officer.select(Officer.id, Officer.unit).where(Officer.unit.is_in(units))
    span = Period(
        min(event["start_date"] for event in event_list),
        max(event["end_date"] for event in event_list),
    )
    touched, monthly = await asyncio.gather(training_months(span, units), monthly_sums(span, units))
    return Neighbourhood(present, {r["id"]: r["unit"] for r in colleagues}, touched, monthly)


def officers_of_event(
    event: dict, windows: EventWindows, hood: Neighbourhood
) -> list[OfficerOutcomes]:
    """One event's input to the statistics out of a neighbourhood: the officers of its
    participants' units, with the months its own windows reach (as if loaded for it alone)."""
    participant_ids = hood.present.get(event["id"], set())
    units = {hood.unit_of[officer] for officer in participant_ids if officer in hood.unit_of}
    unit_of = {officer: unit for officer, unit in hood.unit_of.items() if unit in units}
    first, last = windows.event
    reach = range(first + EVENT_MONTHS[0], last + EVENT_MONTHS[-1] + 1)
    early = range(reach.start - LEAD_MONTHS, reach.stop)
    touched = {
        officer: frozenset(m for m in months if m in early)
        for officer, months in hood.touched.items()
        if officer in unit_of
    }
    monthly = {
        officer: {m: sums for m, sums in months.items() if m in reach}
        for officer, months in hood.monthly.items()
        if officer in unit_of
    }
    return event_officers(windows, participant_ids, unit_of, touched, monthly)


async def officer_outcomes(event: dict, windows: EventWindows) -> list[OfficerOutcomes]:
    """Participants present and their units' other officers, with their training months and
    monthly sums around the event (the training analysis's queries)."""
    return officers_of_event(event, windows, await neighbourhood([event]))


async def event_impact(event: dict, today: date, *, n_resamples: int = N_RESAMPLES) -> Impact:
    """What citizens noticed: computed once the after window is over, else only its dates."""
    windows = event_windows(event["start_date"], event["end_date"])
    ready = today > windows.after.end
    if not ready:
        return impact_of(windows, False, [], n_resamples=n_resamples)
    officers = await officer_outcomes(event, windows)
    # The resampling takes a moment: off the event loop.
    return await asyncio.to_thread(impact_of, windows, True, officers, n_resamples=n_resamples)
