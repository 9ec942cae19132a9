"""Writing responses, and keeping the daily score aggregates in step with them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from surveys.db import write_transaction
from surveys.periods import add_months
from surveys.tables import (
    Response,
    ScoreDaily,
    StaffScoreMonthly,
    UnitScoreDaily,
    UnitScoreMonthly,
)

CHUNK = 1000
_ONE_DAY = timedelta(days=1)
ELEMENT_COLUMNS = tuple(f"u{i}" for i in range(1, 10))

_SUMS = ", ".join(f"COALESCE(SUM(u{i}), 0)" for i in range(1, 10))
_COUNTS = ", ".join(f"COUNT(u{i})" for i in range(1, 10))
_TARGET = ", ".join([f"s{i}" for i in range(1, 10)] + [f"c{i}" for i in range(1, 10)])
_SPREAD_TARGET = "complete_n, complete_sum, complete_squares"
# A respondent's total is NULL unless all nine elements were answered.
_TOTAL = "(" + " + ".join(f"u{i}" for i in range(1, 10)) + ")"
_SPREAD = f"COUNT({_TOTAL}), COALESCE(SUM({_TOTAL}), 0), COALESCE(SUM({_TOTAL} * {_TOTAL}), 0)"
# Rebuild the aggregates of one unit over a day range from the valid responses.
_REFRESH_INSERT = f"""
INSERT INTO score_daily
  (day, unit, service_point, service_type, staff, n, {_TARGET}, {_SPREAD_TARGET})
SELECT local_day, unit, service_point, service_type, staff, COUNT(*), {_SUMS}, {_COUNTS}, {_SPREAD}
FROM response
WHERE unit = {{}} AND local_day >= {{}} AND local_day <= {{}} AND status = 'valid'
GROUP BY local_day, unit, service_point, service_type, staff
"""


async def existing_dedupe_keys(keys: Sequence[str]) -> set[str]:
    """Which of these keys are already stored (for idempotent imports and resubmits)."""
    found: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        chunk = list(keys[start : start + CHUNK])
        rows = await Response.select(Response.dedupe_key).where(Response.dedupe_key.is_in(chunk))
        found.update(row["dedupe_key"] for row in rows)
    return found


async def record_responses(responses: Sequence[Response]) -> int:
    """Store responses and refresh the aggregates they touch, in one write transaction.

    Responses whose ``dedupe_key`` is already stored are skipped; returns how many
    were stored.
    """
    keys = [r.dedupe_key for r in responses if r.dedupe_key]
    already = await existing_dedupe_keys(keys) if keys else set()
    fresh = [r for r in responses if not r.dedupe_key or r.dedupe_key not in already]
    if not fresh:
        return 0
    async with write_transaction(Response._meta.db):
        for start in range(0, len(fresh), CHUNK):
            await Response.insert(*fresh[start : start + CHUNK])
        await refresh_daily_scores(_day_ranges(fresh))
    return len(fresh)


def _day_ranges(responses: Iterable[Response]) -> dict[int, tuple[date, date]]:
    days: dict[int, list[date]] = defaultdict(list)
    for response in responses:
        days[response.unit].append(response.local_day)
    return {unit: (min(ds), max(ds)) for unit, ds in days.items()}


async def refresh_daily_scores(day_ranges: dict[int, tuple[date, date]]) -> None:
    """Recompute score_daily for each unit over its day range (call inside a transaction)."""
    for unit_id, (first, last) in day_ranges.items():
        await ScoreDaily.delete().where(
            (ScoreDaily.unit == unit_id) & (ScoreDaily.day >= first) & (ScoreDaily.day <= last)
        )
        await ScoreDaily.raw(_REFRESH_INSERT, unit_id, first, last)
        await _refresh_unit_rollups(unit_id, first, last)


_ROLLUP_COLUMNS = ["n", *(f"s{i}" for i in range(1, 10)), *(f"c{i}" for i in range(1, 10))]
_ROLLUP_COLUMNS += ["complete_n", "complete_sum", "complete_squares"]
_ROLLUP_SUMS = ", ".join(f"SUM({c})" for c in _ROLLUP_COLUMNS)
_UNIT_DAILY_INSERT = f"""
INSERT INTO unit_score_daily (day, unit, {", ".join(_ROLLUP_COLUMNS)})
SELECT day, unit, {_ROLLUP_SUMS} FROM score_daily
WHERE unit = {{}} AND day >= {{}} AND day <= {{}}
GROUP BY day, unit
"""
_MONTH_SUMS = f"""
SELECT {", ".join(f"SUM({c}) AS {c}" for c in _ROLLUP_COLUMNS)} FROM unit_score_daily
WHERE unit = {{}} AND day >= {{}} AND day <= {{}}
"""


async def _refresh_unit_rollups(unit_id: int, first: date, last: date) -> None:
    """Rebuild the unit's daily and monthly rollups over the days just refreshed."""
    await UnitScoreDaily.delete().where(
        (UnitScoreDaily.unit == unit_id)
        & (UnitScoreDaily.day >= first)
        & (UnitScoreDaily.day <= last)
    )
    await UnitScoreDaily.raw(_UNIT_DAILY_INSERT, unit_id, first, last)
    month = first.replace(day=1)
    while month <= last:
        following = add_months(month, 1)
        await UnitScoreMonthly.delete().where(
            (UnitScoreMonthly.unit == unit_id) & (UnitScoreMonthly.month == month)
        )
        sums = (await UnitScoreDaily.raw(_MONTH_SUMS, unit_id, month, following - _ONE_DAY))[0]
        if sums["n"]:
            values = {c: int(sums[c]) for c in _ROLLUP_COLUMNS}
            await UnitScoreMonthly.insert(UnitScoreMonthly(month=month, unit=unit_id, **values))
        await _refresh_staff_month(unit_id, month, following - _ONE_DAY)
        month = following


_STAFF_MONTH_SUMS = f"""
SELECT staff, {", ".join(f"SUM({c}) AS {c}" for c in _ROLLUP_COLUMNS)} FROM score_daily
WHERE unit = {{}} AND day >= {{}} AND day <= {{}} AND staff IS NOT NULL
GROUP BY staff
"""


async def _refresh_staff_month(unit_id: int, month: date, last: date) -> None:
    """Rebuild the officers' monthly rollup of one unit and month from score_daily."""
    await StaffScoreMonthly.delete().where(
        (StaffScoreMonthly.unit == unit_id) & (StaffScoreMonthly.month == month)
    )
    rows = await ScoreDaily.raw(_STAFF_MONTH_SUMS, unit_id, month, last)
    if rows:
        await StaffScoreMonthly.insert(
            *(
                StaffScoreMonthly(
                    month=month,
                    unit=unit_id,
                    staff=row["staff"],
                    **{c: int(row[c]) for c in _ROLLUP_COLUMNS},
                )
                for row in rows
            )
        )


async def rebuild_all_aggregates(progress=None) -> int:
    """Recompute every unit's aggregates from its responses (after a migration adds one).

    Each unit is rebuilt in its own write transaction; returns how many units were rebuilt.
    """
    from piccolo.query.functions.aggregate import Max, Min

    spans = await Response.select(
        Response.unit,
        Min(Response.local_day).as_alias("first"),
        Max(Response.local_day).as_alias("last"),
    ).group_by(Response.unit)
    for done, span in enumerate(spans, start=1):
        # SQLite returns MIN/MAX of a date column as text.
        first, last = (date.fromisoformat(str(span[key])) for key in ("first", "last"))
        async with write_transaction(Response._meta.db):
            await refresh_daily_scores({span["unit"]: (first, last)})
        if progress:
            progress(done, len(spans))
    return len(spans)
