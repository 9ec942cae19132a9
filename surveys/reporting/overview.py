"""The units overview, assembled from plain values: one row per unit with its IKM, sample
against target, change from the previous period and trend, ranked.

Pure: the queries hand over units, per-period sums and populations; the web layer only
formats. "Not enough responses" is decided here, once.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from surveys.method.ranking import Ranked, rank_by_ikm
from surveys.method.scoring import Grade, SampleTarget, krejcie_morgan, parse_weights
from surveys.method.trends import Change, Interval, PeriodSums, grade_of, ikm_change, ikm_interval


@dataclass(frozen=True)
class UnitRow:
    unit: Mapping
    parent: Mapping | None
    n: int
    minimum: int
    ikm: Decimal | None
    interval: Interval | None  # the IKM's 95 % interval, from the complete respondents
    grade: Grade | None
    enough: bool
    target: SampleTarget | None  # None: no population entered for the period
    previous_ikm: Decimal | None
    change: Change | None
    trend: tuple[float | None, ...]  # oldest first, the current period last


def unit_row(
    unit: Mapping,
    parent: Mapping | None,
    series: Sequence[PeriodSums],
    population: int | None,
    default_minimum: int,
) -> UnitRow:
    """One unit's row from its sums over recent periods (the last is the current one)."""
    weights = parse_weights(unit.get("weights"))
    current, previous = series[-1], (series[-2] if len(series) > 1 else PeriodSums())
    ikm = current.ikm(weights)
    previous_ikm = previous.ikm(weights)
    minimum = unit.get("minimum_responses") or default_minimum
    if weights is None:
        trend = tuple(sums.rough_ikm() for sums in series)
    else:
        trend = tuple(_as_float(sums.ikm(weights)) for sums in series)
    return UnitRow(
        unit=unit,
        parent=parent,
        n=current.n,
        minimum=minimum,
        ikm=ikm,
        interval=ikm_interval(ikm, current.spread),
        grade=grade_of(ikm),
        enough=ikm is not None and current.n >= minimum,
        target=None if population is None else _target(population, current.n),
        previous_ikm=previous_ikm,
        change=ikm_change(ikm, current.spread, previous_ikm, previous.spread, minimum),
        trend=trend,
    )


@lru_cache(maxsize=4096)
def _sample_size(population: int) -> int:
    return krejcie_morgan(population)


def _target(population: int, achieved: int) -> SampleTarget:
    """sample_target, with the exact Krejcie–Morgan arithmetic done once per population."""
    target = _sample_size(population)
    return SampleTarget(population, target, achieved, met=achieved >= target)


def _as_float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def overview_rows(
    units: Sequence[Mapping],
    sums: Mapping[int, Sequence[PeriodSums]],
    populations: Mapping[int, int],
    periods: int,
    default_minimum: int,
) -> list[Ranked[UnitRow]]:
    """Every unit's row, ranked by IKM; thin samples after the ranked ones."""
    by_id = {unit["id"]: unit for unit in units}
    empty = [PeriodSums()] * periods
    rows = [
        unit_row(
            unit,
            by_id.get(unit.get("parent")),
            sums.get(unit["id"], empty),
            populations.get(unit["id"]),
            default_minimum,
        )
        for unit in units
    ]
    return rank_by_ikm(
        rows,
        ikm=lambda row: row.ikm,
        enough=lambda row: row.enough,
        respondents=lambda row: row.n,
        name=lambda row: row.unit["name"],
    )
