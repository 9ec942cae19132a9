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
from surveys.method.scoring import ELEMENT_CODES, ElementTotals, IkmResult, compute_ikm
from surveys.store.tables import ScoreDaily

Dimension = Literal["unit", "service_type", "service_point", "officer"]
DIMENSIONS: tuple[Dimension, ...] = ("unit", "service_type", "service_point", "officer")


@dataclass(frozen=True)
class GroupTotals:
    """The sufficient statistics of one group (a unit, an officer, …) in a period."""

    key: int | None
    n: int
    totals: dict[str, ElementTotals]

    def ikm(self, minimum_n: int = 0, weights=None) -> IkmResult:
        return compute_ikm(self.totals, self.n, weights=weights, minimum_n=minimum_n)


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
    return groups.get(unit_id) or _group_totals({"key": unit_id})


def _group_totals(row: dict) -> GroupTotals:
    totals = {
        code: ElementTotals(code, int(row.get(f"s{i}") or 0), int(row.get(f"c{i}") or 0))
        for i, code in enumerate(ELEMENT_CODES, start=1)
    }
    return GroupTotals(key=row["key"], n=int(row.get("n") or 0), totals=totals)
