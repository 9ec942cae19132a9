"""Element sums and counts per unit, service type, service point or officer, for a period.

The sums come from ``score_daily`` with GROUP BY in SQL; the IKM itself is then
computed by the pure ``surveys.method.scoring`` functions from these sufficient statistics.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

from piccolo.query.functions.aggregate import Sum

from surveys.method.periods import Period
from surveys.method.scoring import (
    ELEMENT_CODES,
    ElementTotals,
    IkmResult,
    compute_ikm,
    priority_codes,
)
from surveys.method.trends import Interval, Spread, ikm_interval
from surveys.store.aggregate_tables import ScoreDaily

Dimension = Literal["unit", "service_type", "service_point", "officer"]
DIMENSIONS: tuple[Dimension, ...] = ("unit", "service_type", "service_point", "officer")


@dataclass(frozen=True)
class GroupTotals:
    """The sufficient statistics of one group (a unit, an officer, …) in a period."""

    key: int | None
    n: int
    totals: dict[str, ElementTotals]
    spread: Spread = Spread()  # the complete respondents' totals, for the interval

    def ikm(self, minimum_n: int = 0, weights=None) -> IkmResult:
        return compute_ikm(self.totals, self.n, weights=weights, minimum_n=minimum_n)

    def interval(self, weights=None) -> Interval | None:
        """The IKM's 95 % interval (see ``surveys.method.trends.ikm_interval``)."""
        return ikm_interval(self.ikm(weights=weights).ikm, self.spread)


async def element_totals_by(
    dimension: Dimension,
    period: Period,
    unit_ids: Collection[int] | None = None,
) -> dict[int | None, GroupTotals]:
    """Sums per group of ``dimension`` over the period's days, optionally within some units."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"unknown dimension {dimension!r}")
    group_column = getattr(ScoreDaily, dimension)
    aggregates = [Sum(ScoreDaily.n).as_alias("n")]
    for i in range(1, 10):
        aggregates.append(Sum(getattr(ScoreDaily, f"s{i}")).as_alias(f"s{i}"))
        aggregates.append(Sum(getattr(ScoreDaily, f"c{i}")).as_alias(f"c{i}"))
    for column in ("complete_n", "complete_sum", "complete_squares"):
        aggregates.append(Sum(getattr(ScoreDaily, column)).as_alias(column))
    query = (
        ScoreDaily.select(group_column.as_alias("key"), *aggregates)
        .where((ScoreDaily.day >= period.start) & (ScoreDaily.day <= period.end))
        .group_by(group_column)
    )
    if unit_ids is not None:
        if not unit_ids:
            return {}
        query = query.where(ScoreDaily.unit.is_in(list(unit_ids)))
    return {row["key"]: _group_totals(row) for row in await query}


async def unit_totals(period: Period, unit_id: int) -> GroupTotals:
    """One unit's sums in the period (zero respondents when it has none)."""
    groups = await element_totals_by("unit", period, [unit_id])
    return groups.get(unit_id) or empty_group(unit_id)


def empty_group(key: int | None) -> GroupTotals:
    """A group without respondents."""
    return _group_totals({"key": key})


def _group_totals(row: dict) -> GroupTotals:
    totals = {
        code: ElementTotals(code, int(row.get(f"s{i}") or 0), int(row.get(f"c{i}") or 0))
        for i, code in enumerate(ELEMENT_CODES, start=1)
    }
    spread = Spread(
        int(row.get("complete_n") or 0),
        int(row.get("complete_sum") or 0),
        int(row.get("complete_squares") or 0),
    )
    return GroupTotals(key=row["key"], n=int(row.get("n") or 0), totals=totals, spread=spread)


def result_snapshot(result: IkmResult) -> dict:
    """What a publication keeps of a result: n, the IKM and every element as announced,
    with which elements were the improvement priorities."""
    priorities = priority_codes(result)
    return {
        "n": result.n,
        "ikm": result.ikm_display() or "",
        # Score and grade too: regrading a rounded NRR could differ at a bound.
        "elements": [
            {
                "code": e.code,
                "nrr": e.nrr_display,
                "n": e.n,
                "score": None if e.score is None else str(e.score),
                "grade": e.grade.letter if e.grade else None,
                "priority": e.code in priorities,
            }
            for e in result.elements
        ],
    }
