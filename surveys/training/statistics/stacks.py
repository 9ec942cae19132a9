"""Who is compared with whom in the staggered difference in differences (``did``): one stack per
trained officer, their months around the training, and the clean controls of their unit.

Decided before any outcome is looked at, once for all outcomes; kept apart from the estimation
in ``did`` so each module holds one step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from surveys.training.statistics.model import (
    EVENT_MONTHS,
    LEAD_MONTHS,
    OUTCOME_SUMS,
    WINDOW_MONTHS,
    MonthSums,
    OfficerOutcomes,
)
from surveys.training.statistics.resampling import FloatArray


@dataclass(frozen=True)
class Stacks:
    """Who is compared with whom: one stack per trained officer with a clean control.

    Officers are positions in ``officers`` (sorted by unit). ``months[s]`` are the calendar
    months of stack s in EVENT_MONTHS order; ``pairs`` lists (stack, control) positions.
    """

    officers: tuple[OfficerOutcomes, ...]
    unit_sizes: tuple[int, ...]
    treated: np.ndarray  # position of each stack's trained officer
    months: np.ndarray  # (stacks, 9) calendar month numbers
    pairs: np.ndarray  # (pairs, 2): stack, control position
    without_control: int  # trained officers with no clean control in their unit

    @cached_property
    def panel(self) -> tuple[int, FloatArray]:
        """Every officer's six monthly sums over the stacks' months: the first month, and an
        (officers, months, sums) array (zero where an officer served nobody). Built once for
        all outcomes."""
        first = int(self.months.min())
        width = int(self.months.max()) - first + 1
        where: list[tuple[int, int]] = []
        sums: list[MonthSums] = []
        for j, officer in enumerate(self.officers):
            for month, month_sums in officer.monthly.items():
                if first <= month < first + width:
                    where.append((j, month - first))
                    sums.append(month_sums)
        panel = np.zeros((len(self.officers), width, len(OUTCOME_SUMS) * 2))
        if where:
            at = np.array(where, dtype=np.intp)
            panel[at[:, 0], at[:, 1]] = sums
        return first, panel


def stack_officers(officers: Sequence[OfficerOutcomes]) -> Stacks:
    """The stacks of the design, before any outcome is looked at."""
    ordered = tuple(sorted(officers, key=lambda o: o.unit_id))
    colleagues: dict[int, list[int]] = {}
    for position, officer in enumerate(ordered):
        colleagues.setdefault(officer.unit_id, []).append(position)
    unit_sizes = tuple(len(positions) for positions in colleagues.values())
    treated: list[int] = []
    months: list[list[int]] = []
    pairs: list[tuple[int, int]] = []
    without_control = 0
    for t, officer in enumerate(ordered):
        if officer.event is None:
            continue
        first, last = officer.event
        stack_months = [first + k for k in EVENT_MONTHS[: 2 * WINDOW_MONTHS]]
        stack_months += [last + k for k in EVENT_MONTHS[2 * WINDOW_MONTHS :]]
        if any(m in officer.training_months for m in stack_months[: 2 * WINDOW_MONTHS]):
            continue  # an earlier training of theirs runs through their 'before' months
        quiet = range(stack_months[0] - LEAD_MONTHS, stack_months[-1] + 1)
        controls = [
            c
            for c in colleagues[officer.unit_id]
            if c != t and ordered[c].training_months.isdisjoint(quiet)
        ]
        if not controls:
            without_control += 1
            continue
        pairs += [(len(treated), c) for c in controls]
        treated.append(t)
        months.append(stack_months)
    return Stacks(
        officers=ordered,
        unit_sizes=unit_sizes,
        treated=np.array(treated, dtype=np.intp),
        months=np.array(months, dtype=np.int64).reshape(-1, len(EVENT_MONTHS)),
        pairs=np.array(pairs, dtype=np.intp).reshape(-1, 2),
        without_control=without_control,
    )
