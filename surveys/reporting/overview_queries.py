"""What the units overview reads: units in scope, their sums per period, their populations.

Sums come from the per-unit rollups, never from responses: whole months from
``unit_score_monthly`` and the edge days of a custom range from ``unit_score_daily``, so a
request costs the same at ten thousand responses as at ten million.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date

from surveys.method.periods import Period, split_by_months
from surveys.method.scoring import population_for
from surveys.method.trends import PeriodSums, sums_from_row
from surveys.store.aggregate_tables import UnitScoreDaily
from surveys.store.tables import UnitPopulation

_COLUMNS = ["n", *(f"s{i}" for i in range(1, 10)), *(f"c{i}" for i in range(1, 10))]
_COLUMNS += ["complete_n", "complete_sum", "complete_squares"]
_EMPTY = PeriodSums()
_SUMS = ", ".join(f"SUM({c}) AS {c}" for c in _COLUMNS)


async def unit_sums_by_period(
    periods: Sequence[Period], unit_ids: Collection[int] | None = None
) -> dict[int, list[PeriodSums]]:
    """Per unit, its sums in each of ``periods`` (which must not overlap), in that order.

    Units without any response in any of the periods are absent.
    """
    if unit_ids is not None and not unit_ids:
        return {}
    month_spans: list[tuple[int, date, date]] = []
    day_spans: list[tuple[int, date, date]] = []
    for index, period in enumerate(periods):
        months, edges = split_by_months(period)
        if months is not None:
            month_spans.append((index, *months))
        day_spans.extend((index, edge.start, edge.end) for edge in edges)
    result: dict[int, list[PeriodSums]] = {}
    for table, column, spans in (
        ("unit_score_monthly", "month", month_spans),
        ("unit_score_daily", "day", day_spans),
    ):
        if not spans:
            continue
        for row in await _grouped_sums(table, column, spans, unit_ids):
            if row["idx"] is None:
                continue  # a month only partly inside a custom period: its days come from daily
            sums = result.setdefault(row["unit"], [_EMPTY] * len(periods))
            found = sums_from_row(row)
            index = row["idx"]
            sums[index] = found if sums[index] is _EMPTY else sums[index] + found
    return result


async def _grouped_sums(
    table: str,
    column: str,
    spans: list[tuple[int, date, date]],
    unit_ids: Collection[int] | None,
) -> list[dict]:
    """One GROUP BY over a rollup, labelling each row with the index of its period."""
    between = f"{column} >= {{}} AND {column} <= {{}}"
    cases = " ".join(f"WHEN {between} THEN {index}" for index, *_ in spans)
    ranges = " OR ".join(f"({between})" for _ in spans)
    arguments: list[object] = [day for _, first, last in spans for day in (first, last)]
    scope = ""
    if unit_ids is not None:
        scope = f" AND unit IN ({', '.join(str(int(unit_id)) for unit_id in unit_ids)})"
    sql = (
        f"SELECT unit, CASE {cases} END AS idx, {_SUMS} FROM {table} "
        f"WHERE ({ranges}){scope} GROUP BY unit, idx"
    )
    return await UnitScoreDaily.raw(sql, *arguments, *arguments)


async def populations_for(period: Period, unit_ids: Collection[int] | None) -> dict[int, int]:
    """Per unit, the population behind the period's sample target (``population_for``'s rule:
    entries inside the period summed, else the shortest entry covering it)."""
    query = UnitPopulation.select(
        UnitPopulation.unit,
        UnitPopulation.population,
        UnitPopulation.period_start,
        UnitPopulation.period_end,
    ).where(
        # inside the period, or covering it: either way it overlaps it
        (UnitPopulation.period_start <= period.end) & (UnitPopulation.period_end >= period.start)
    )
    if unit_ids is not None:
        if not unit_ids:
            return {}
        query = query.where(UnitPopulation.unit.is_in(list(unit_ids)))
    entries: dict[int, list[tuple[date, date, int]]] = {}
    for row in await query:
        entries.setdefault(row["unit"], []).append(
            (row["period_start"], row["period_end"], row["population"])
        )
    found = {unit: population_for(rows, period.start, period.end) for unit, rows in entries.items()}
    return {unit: population for unit, population in found.items() if population is not None}
