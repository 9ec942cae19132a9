"""Storing response rows and keeping every score aggregate in step, as steps naming their SQL.

A step is ``(kind, sql, params)``: "fetch" answers with the rows (indexable by position),
"run" and "many" (executemany) with None. The SQL uses ``?`` marks; the PostgreSQL driver
numbers them. surveys/queries/responses/drivers.py runs steps in one write transaction.

New rows are ADDED to the aggregates (score_daily, unit_score_daily, unit_score_monthly,
staff_score_monthly): rebuilding a unit's days costs as much as the days have responses.
A batch touching many groups (a big import, the demo seed) rebuilds its units' day ranges
instead, one set-based statement per table, which is then the cheaper way. Status changes
rebuild too (``rebuild_steps``). A test checks adding and rebuilding agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Sequence
from datetime import date, timedelta
from typing import Any

from surveys.periods import add_months

Step = tuple[str, str, Any]  # ("fetch" | "run" | "many", sql, params)
Steps = Generator[Step, Any, Any]

ELEMENTS = tuple(f"u{i}" for i in range(1, 10))
RESPONSE_COLUMNS = (
    "survey",
    "unit",
    "service_point",
    "service_type",
    "staff",
    "forum_session",
    "channel",
    "submitted_at",
    "local_day",
    *ELEMENTS,
    "gender",
    "age",
    "education",
    "occupation",
    "comment",
    "locale",
    "status",
    "flag_reason",
    "dedupe_key",
    "device_hash",
)
# What a row may leave out (the table's defaults); the other columns are required.
DEFAULTS: dict[str, Any] = {
    "service_point": None,
    "service_type": None,
    "staff": None,
    "forum_session": None,
    **dict.fromkeys(ELEMENTS),
    "gender": None,
    "age": None,
    "education": None,
    "occupation": None,
    "comment": "",
    "locale": "id",
    "status": "valid",
    "flag_reason": "",
    "dedupe_key": None,
    "device_hash": None,
}
SUM_COLUMNS = (
    "n",
    *(f"s{i}" for i in range(1, 10)),
    *(f"c{i}" for i in range(1, 10)),
    "complete_n",
    "complete_sum",
    "complete_squares",
)
# Rows per executemany call (and per progress report).
INSERT_ROWS = 5000
# Dedupe keys per lookup, passed as ONE parameter (a JSON text or an array).
KEY_CHUNK = 10_000
# A batch adding to more score_daily groups than this rebuilds its day ranges instead.
REBUILD_GROUPS = 300
_ONE_DAY = timedelta(days=1)


def marks(values: Sequence[Any]) -> str:
    return ", ".join("?" * len(values))


INSERT_SQL = (
    f"INSERT INTO response ({', '.join(RESPONSE_COLUMNS)}) VALUES ({marks(RESPONSE_COLUMNS)})"
)


def _values(row: dict[str, Any]) -> tuple:
    return tuple(row[c] if c not in DEFAULTS else row.get(c, DEFAULTS[c]) for c in RESPONSE_COLUMNS)


def stored_keys(keys: Sequence[str], sqlite: bool) -> Generator[Step, Any, set[str]]:
    """Which of these dedupe keys are stored already."""
    if sqlite:
        sql = "SELECT dedupe_key FROM response WHERE dedupe_key IN (SELECT value FROM json_each(?))"
    else:
        sql = "SELECT dedupe_key FROM response WHERE dedupe_key = ANY(?)"
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        chunk = list(keys[start : start + KEY_CHUNK])
        rows = yield ("fetch", sql, [json.dumps(chunk) if sqlite else chunk])
        found.update(row[0] for row in rows)
    return found


def store_steps(
    rows: Sequence[dict[str, Any]],
    sqlite: bool,
    written: Callable[[int, int], None] | None = None,
) -> Steps:
    """Store the rows whose dedupe key is new (the first of a key repeated in the batch)
    and add them to the aggregates; returns the rows stored."""
    keys = [row["dedupe_key"] for row in rows if row.get("dedupe_key")]
    seen = (yield from stored_keys(keys, sqlite)) if keys else set()
    fresh = []
    for row in rows:
        key = row.get("dedupe_key")
        if key:
            if key in seen:
                continue
            seen.add(key)
        fresh.append(row)
    yield from insert_steps(fresh, written)
    return fresh


def insert_steps(
    rows: Sequence[dict[str, Any]], written: Callable[[int, int], None] | None = None
) -> Steps:
    """Insert new rows (column -> value) and add them to every aggregate.

    ``written(done, total)`` is told after each executemany chunk.
    """
    for start in range(0, len(rows), INSERT_ROWS):
        chunk = rows[start : start + INSERT_ROWS]
        yield ("many", INSERT_SQL, [_values(row) for row in chunk])
        if written is not None:
            written(start + len(chunk), len(rows))
    if rows:
        yield from add_to_aggregates(rows)


def _sums(rows: Sequence[dict]) -> dict[str, int]:
    sums = dict.fromkeys(SUM_COLUMNS, 0)
    for row in rows:
        sums["n"] += 1
        values = [row.get(c) for c in ELEMENTS]
        for i, value in enumerate(values, start=1):
            if value is not None:
                sums[f"s{i}"] += value
                sums[f"c{i}"] += 1
        if all(value is not None for value in values):
            total = sum(values)
            sums["complete_n"] += 1
            sums["complete_sum"] += total
            sums["complete_squares"] += total * total
    return sums


def add_to_aggregates(rows: Sequence[dict]) -> Steps:
    """Add new response rows to score_daily and the unit and staff rollups (valid rows
    only); run in the transaction that inserts them."""
    daily: dict[tuple, list[dict]] = {}
    for row in rows:
        if row.get("status", "valid") != "valid":
            continue
        key = (
            row["local_day"],
            row["unit"],
            row.get("service_point"),
            row.get("service_type"),
            row.get("staff"),
        )
        daily.setdefault(key, []).append(row)
    if len(daily) > REBUILD_GROUPS:
        yield from rebuild_steps(day_ranges(key[:2] for key in daily))
        return
    unit_daily: dict[tuple, list[dict]] = {}
    unit_monthly: dict[tuple, list[dict]] = {}
    staff_monthly: dict[tuple, list[dict]] = {}
    for (day, unit, point, service_type, staff), members in daily.items():
        keys = {
            "day": day,
            "unit": unit,
            "service_point": point,
            "service_type": service_type,
            "staff": staff,
        }
        yield from _add("score_daily", keys, _sums(members))
        unit_daily.setdefault((day, unit), []).extend(members)
        unit_monthly.setdefault((day.replace(day=1), unit), []).extend(members)
        if staff is not None:
            staff_monthly.setdefault((day.replace(day=1), unit, staff), []).extend(members)
    for (day, unit), members in unit_daily.items():
        yield from _add("unit_score_daily", {"day": day, "unit": unit}, _sums(members))
    for (month, unit), members in unit_monthly.items():
        yield from _add("unit_score_monthly", {"month": month, "unit": unit}, _sums(members))
    for (month, unit, staff), members in staff_monthly.items():
        keys = {"month": month, "unit": unit, "staff": staff}
        yield from _add("staff_score_monthly", keys, _sums(members))


def _add(table: str, keys: dict, sums: dict[str, int]) -> Steps:
    """Add to the group's row, or create it: one round trip when it exists (the usual case)."""
    where = " AND ".join(f"{k} IS NULL" if v is None else f"{k} = ?" for k, v in keys.items())
    params = [v for v in keys.values() if v is not None]
    assignments = ", ".join(f"{c} = {c} + ?" for c in SUM_COLUMNS)
    # Exactly one row, even if two PostgreSQL workers once both created the group's row.
    updated = yield (
        "fetch",
        f"UPDATE {table} SET {assignments}"
        f" WHERE id = (SELECT id FROM {table} WHERE {where} LIMIT 1) RETURNING id",
        [*sums.values(), *params],
    )
    if updated:
        return
    columns = [*keys, *SUM_COLUMNS]
    yield (
        "run",
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks(columns)})",
        [*keys.values(), *sums.values()],
    )


def day_ranges(unit_days) -> dict[int, tuple[date, date]]:
    """(unit, day) pairs -> each unit's first and last day."""
    ranges: dict[int, tuple[date, date]] = {}
    for day, unit in unit_days:
        first, last = ranges.get(unit, (day, day))
        ranges[unit] = (min(first, day), max(last, day))
    return ranges


# --- rebuilding from the responses ----------------------------------------------------------

_ELEMENT_SUMS = ", ".join(f"COALESCE(SUM({c}), 0)" for c in ELEMENTS)
_ELEMENT_COUNTS = ", ".join(f"COUNT({c})" for c in ELEMENTS)
# A respondent's total is NULL unless all nine elements were answered.
_TOTAL = "(" + " + ".join(ELEMENTS) + ")"
_SPREAD = f"COUNT({_TOTAL}), COALESCE(SUM({_TOTAL}), 0), COALESCE(SUM({_TOTAL} * {_TOTAL}), 0)"
_DAILY_INSERT = f"""
INSERT INTO score_daily (day, unit, service_point, service_type, staff, {", ".join(SUM_COLUMNS)})
SELECT local_day, unit, service_point, service_type, staff, COUNT(*), {_ELEMENT_SUMS},
  {_ELEMENT_COUNTS}, {_SPREAD}
FROM response
WHERE unit = ? AND local_day >= ? AND local_day <= ? AND status = 'valid'
GROUP BY local_day, unit, service_point, service_type, staff
"""
_ROLLUP_SUMS = ", ".join(f"SUM({c})" for c in SUM_COLUMNS)
_UNIT_DAILY_INSERT = f"""
INSERT INTO unit_score_daily (day, unit, {", ".join(SUM_COLUMNS)})
SELECT day, unit, {_ROLLUP_SUMS} FROM score_daily
WHERE unit = ? AND day >= ? AND day <= ?
GROUP BY day, unit
"""
_MONTH_SUMS = (
    f"SELECT {_ROLLUP_SUMS} FROM unit_score_daily WHERE unit = ? AND day >= ? AND day <= ?"
)
_STAFF_MONTH_SUMS = f"""
SELECT staff, {_ROLLUP_SUMS} FROM score_daily
WHERE unit = ? AND day >= ? AND day <= ? AND staff IS NOT NULL
GROUP BY staff
"""
_MONTH_INSERT = (
    f"INSERT INTO unit_score_monthly (month, unit, {', '.join(SUM_COLUMNS)})"
    f" VALUES (?, ?, {marks(SUM_COLUMNS)})"
)
_STAFF_MONTH_INSERT = (
    f"INSERT INTO staff_score_monthly (month, unit, staff, {', '.join(SUM_COLUMNS)})"
    f" VALUES (?, ?, ?, {marks(SUM_COLUMNS)})"
)


def rebuild_steps(ranges: dict[int, tuple[date, date]]) -> Steps:
    """Recompute every aggregate of each unit over its day range from the valid responses
    (after a status change, or instead of adding a big batch)."""
    for unit, (first, last) in ranges.items():
        span = [unit, first, last]
        yield ("run", "DELETE FROM score_daily WHERE unit = ? AND day >= ? AND day <= ?", span)
        yield ("run", _DAILY_INSERT, span)
        yield ("run", "DELETE FROM unit_score_daily WHERE unit = ? AND day >= ? AND day <= ?", span)
        yield ("run", _UNIT_DAILY_INSERT, span)
        month = first.replace(day=1)
        while month <= last:
            yield from _rebuild_month(unit, month)
            month = add_months(month, 1)


def _rebuild_month(unit: int, month: date) -> Steps:
    """The unit's and its officers' monthly rollups, from the daily rows."""
    span = [unit, month, add_months(month, 1) - _ONE_DAY]
    yield ("run", "DELETE FROM unit_score_monthly WHERE unit = ? AND month = ?", [unit, month])
    sums = (yield ("fetch", _MONTH_SUMS, span))[0]
    if sums[0]:
        yield ("run", _MONTH_INSERT, [month, unit, *(int(value) for value in sums)])
    yield ("run", "DELETE FROM staff_score_monthly WHERE unit = ? AND month = ?", [unit, month])
    rows = yield ("fetch", _STAFF_MONTH_SUMS, span)
    if rows:
        values = [[month, unit, row[0], *(int(value) for value in row[1:])] for row in rows]
        yield ("many", _STAFF_MONTH_INSERT, values)
