"""Level 4, results: what citizens noticed at the counter after an event.

The design is the training analysis's difference in differences, for one event:

- *Participants* are the officers present at the event. Their windows are the three whole
  months before the month the event starts and the three after the month it ends
  (``surveys.training.windows.windows_around``).
- *Comparison officers* are the other officers of the participants' units, measured over the
  same months, who had no training of their own overlapping those months (a colleague trained
  in the meantime is neither a clean comparison nor this event's participant).
- Each officer's change is their mean after minus their mean before, for U6, U7 and the IKM,
  read from the monthly rollup; a window with fewer than the analysis's minimum of responses
  gives no mean. Officers are the unit of analysis: one change each, however many citizens
  they served.
- The estimate compares participants' changes with their own unit's comparison officers
  (``did_training``: permutations within units for the p-value, a bootstrap over officers
  within unit x group for the interval). Under its minimum sample no number is shown.

Nothing can be said before the after window is over; the page says when it will be.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from surveys.store.tables import EventParticipant, Officer
from surveys.training.analysis import trained_within, window_outcomes, window_sums
from surveys.training.statistics import OUTCOMES, TestResult
from surveys.training.windows import COMPARISON, TRAINED, Assignment, Windows, windows_around

N_RESAMPLES = 999
ALPHA = 0.05
SEED = 0
# No interval is shown for an event: the percentile bootstrap interval of the training analysis
# held the true effect only 87-92% of the time (for 95%) in simulations of events of 8 to 40
# participants with their units' colleagues (tests/unit/test_evaluation_impact_calibration.py
# prints the figures). The verdict rests on the permutation p-value, which held its level.

IMPROVED = "improved"
WORSENED = "worsened"
UNCLEAR = "unclear"


def verdict(row: TestResult, alpha: float = ALPHA) -> str | None:
    """What the page may say of one outcome: None when the test did not run (below the
    minimum sample), else improved or worsened (two-sided permutation p below ``alpha``),
    else unclear."""
    if not row.ran or row.p_value is None or row.estimate is None:
        return None
    if row.p_value < alpha:
        return IMPROVED if row.estimate > 0 else WORSENED
    return UNCLEAR


@dataclass(frozen=True)
class OfficerChange:
    """One officer's part: their unit, whether they took part, their window means."""

    officer_id: int
    unit_id: int
    participant: bool
    before: dict[str, float | None]
    after: dict[str, float | None]

    def change(self, outcome: str) -> float | None:
        before, after = self.before.get(outcome), self.after.get(outcome)
        return None if before is None or after is None else after - before


@dataclass(frozen=True)
class GroupMeans:
    """The mean before and after of officers with both windows, for one outcome and group."""

    n: int
    before: float | None
    after: float | None


@dataclass(frozen=True)
class Impact:
    """An event's Level 4: the windows, who was measured, and one result per outcome."""

    windows: Windows
    ready: bool  # the after window is over
    participants: int  # present at the event and serving citizens in both windows
    comparisons: int
    results: tuple[TestResult, ...]
    means: dict[str, tuple[GroupMeans, GroupMeans]]  # outcome -> (participants, comparison)

    def result(self, outcome: str) -> TestResult:
        return next(row for row in self.results if row.outcome == outcome)


def _group_means(officers: Sequence[OfficerChange], outcome: str) -> GroupMeans:
    both = [o for o in officers if o.change(outcome) is not None]
    if not both:
        return GroupMeans(0, None, None)
    before = sum(o.before[outcome] or 0.0 for o in both) / len(both)
    after = sum(o.after[outcome] or 0.0 for o in both) / len(both)
    return GroupMeans(len(both), before, after)


def impact_of(
    windows: Windows,
    ready: bool,
    officers: Sequence[OfficerChange],
    *,
    seed: int = SEED,
    n_resamples: int = N_RESAMPLES,
    alpha: float = ALPHA,
) -> Impact:
    """The difference in differences for each outcome (pure; numpy and scipy load here)."""
    import numpy as np

    from surveys.training.statistics.did import did_training
    from surveys.training.statistics.resampling import Resampler

    resampler = Resampler(seed, n_resamples)
    results = []
    means = {}
    for outcome in OUTCOMES:
        measured = [o for o in officers if o.change(outcome) is not None]
        units = np.array([o.unit_id for o in measured], dtype=np.int64)
        trained = np.array([o.participant for o in measured], dtype=bool)
        changes = np.array([o.change(outcome) for o in measured], dtype=np.float64)
        results.append(
            did_training(outcome, units, trained, changes, resampler=resampler, alpha=alpha)
        )
        means[outcome] = (
            _group_means([o for o in officers if o.participant], outcome),
            _group_means([o for o in officers if not o.participant], outcome),
        )
    measured_ikm = [o for o in officers if o.change("IKM") is not None]
    return Impact(
        windows=windows,
        ready=ready,
        participants=sum(1 for o in measured_ikm if o.participant),
        comparisons=sum(1 for o in measured_ikm if not o.participant),
        results=tuple(results),
        means=means,
    )


async def officer_changes(event: dict, windows: Windows) -> list[OfficerChange]:
    """Participants present and their units' other officers, with their window means."""
    present = await EventParticipant.select(
        EventParticipant.officer, EventParticipant.officer._.unit.as_alias("unit")
    ).where((EventParticipant.event == event["id"]) & (EventParticipant.attended == True))  # noqa: E712
    participant_ids = {row["officer"] for row in present}
    units = sorted({row["unit"] for row in present})
    if not units:
        return []
    colleagues = await Officer.select(Officer.id, Officer.unit).where(Officer.unit.is_in(units))
    unit_of = {row["id"]: row["unit"] for row in colleagues}
    nearby = await trained_within(dict.fromkeys(units, windows), units)
    assignments = {
        officer: Assignment(TRAINED if officer in participant_ids else COMPARISON, windows)
        for officer in unit_of
        if officer in participant_ids or officer not in nearby
    }
    sums = await window_sums(assignments, units)
    changes = []
    for officer, assignment in assignments.items():
        if officer not in sums:
            continue
        before, after = sums[officer]
        changes.append(
            OfficerChange(
                officer,
                unit_of[officer],
                assignment.role == TRAINED,
                window_outcomes(before),
                window_outcomes(after),
            )
        )
    return changes


async def event_impact(event: dict, today: date, *, n_resamples: int = N_RESAMPLES) -> Impact:
    """What citizens noticed: computed once the after window is over, else only its dates."""
    windows = windows_around(event["start_date"], event["end_date"])
    ready = today > windows.after.end
    if not ready:
        return impact_of(windows, False, [], n_resamples=n_resamples)
    officers = await officer_changes(event, windows)
    # The resampling takes a moment: off the event loop.
    return await asyncio.to_thread(impact_of, windows, True, officers, n_resamples=n_resamples)
