"""Writing responses, and keeping the daily score aggregates in step with them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date

from surveys.db import write_transaction
from surveys.tables import Response, ScoreDaily

CHUNK = 1000
ELEMENT_COLUMNS = tuple(f"u{i}" for i in range(1, 10))

_SUMS = ", ".join(f"COALESCE(SUM(u{i}), 0)" for i in range(1, 10))
_COUNTS = ", ".join(f"COUNT(u{i})" for i in range(1, 10))
_TARGET = ", ".join([f"s{i}" for i in range(1, 10)] + [f"c{i}" for i in range(1, 10)])
# Rebuild the aggregates of one unit over a day range from the valid responses.
_REFRESH_INSERT = f"""
INSERT INTO score_daily (day, unit, service_point, service_type, staff, n, {_TARGET})
SELECT local_day, unit, service_point, service_type, staff, COUNT(*), {_SUMS}, {_COUNTS}
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
