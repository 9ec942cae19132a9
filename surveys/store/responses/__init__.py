"""Writing responses, and keeping the score aggregates in step with them: ONE write path.

``store_responses`` serves the imports, the demo seed and the forum entries; the citizen
writer (surveys/citizen/submissions.py) decides its batch first and runs the same
``insert_steps``. See steps.py for the SQL and drivers.py for the transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from surveys.store.responses.drivers import engine_is_sqlite, run_steps
from surveys.store.responses.steps import (
    RESPONSE_COLUMNS,
    day_ranges,
    rebuild_steps,
    store_steps,
)
from surveys.store.tables import Response

# A bulk load this large makes PostgreSQL's table statistics stale.
ANALYZE_AFTER = 10_000


async def store_responses(
    rows: Sequence[dict[str, Any]], written: Callable[[int, int], None] | None = None
) -> int:
    """Store response rows (column -> value) and add them to every aggregate, in one write
    transaction (the caller's, if one is open); returns how many were stored.

    Rows whose ``dedupe_key`` is stored already, or came earlier in ``rows``, are skipped.
    ``written(done, total)`` follows the inserts of the new rows.
    """
    sqlite = engine_is_sqlite()
    fresh = await run_steps(store_steps(rows, sqlite, written))
    if len(fresh) >= ANALYZE_AFTER and not sqlite:
        # Fresh planner statistics, or the next lookups by key seq-scan the grown table.
        await Response.raw("ANALYZE response")
    return len(fresh)


async def record_responses(responses: Sequence[Response]) -> int:
    """``store_responses`` for unsaved Response objects (tests and benchmarks build them)."""
    return await store_responses(
        [{column: getattr(r, column) for column in RESPONSE_COLUMNS} for r in responses]
    )


async def refresh_daily_scores(ranges: dict[int, tuple[date, date]]) -> None:
    """Recompute every aggregate of each unit over its day range, after responses changed
    status or were deleted (in the caller's transaction, if one is open)."""
    await run_steps(rebuild_steps(ranges))


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
        await refresh_daily_scores({span["unit"]: (first, last)})
        if progress:
            progress(done, len(spans))
    return len(spans)


__all__ = [
    "RESPONSE_COLUMNS",
    "day_ranges",
    "rebuild_all_aggregates",
    "record_responses",
    "refresh_daily_scores",
    "store_responses",
]
