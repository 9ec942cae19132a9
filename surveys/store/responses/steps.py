"""Storing response rows and keeping every score aggregate in step, as steps naming their SQL.

A step is ``(kind, sql, params)``: "fetch" answers with the rows (indexable by position),
"run" and "many" (executemany) with None; "inserts" (no sql) carries a list of ``Insert``s
that PostgreSQL receives as ONE statement, and that SQLite runs one executemany each. The
SQL uses ``?`` marks; the PostgreSQL driver numbers them. surveys/store/responses/drivers.py
runs steps in one write transaction.

New rows are ADDED to the aggregates (score_daily, unit_score_daily, unit_score_monthly,
officer_score_monthly): rebuilding a unit's days costs as much as the days have responses.
A batch touching many groups (a big import, the demo seed) rebuilds its units' day ranges
instead, one set-based statement per table, which is then the cheaper way. Status changes
rebuild too (``rebuild_steps``). A test checks adding and rebuilding agree.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from surveys.method.periods import add_months

Step = tuple[str, str, Any]  # ("fetch" | "run" | "many", sql, params)
Steps = Generator[Step, Any, Any]

ELEMENTS = tuple(f"u{i}" for i in range(1, 10))
# A tally's rows are not respondents: a tally gives each element's counts, and pairing them
# into rows is arbitrary. They count in every element's NRR, but have no respondent total
# (the complete_* sums: the variance the change test reads from them would be made up).
TALLY_CHANNEL = "forum_tally"
RESPONSE_COLUMNS = (
    "survey",
    "unit",
    "service_point",
    "service_type",
    "officer",
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
    "officer": None,
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


@dataclass(frozen=True)
class Insert:
    """Rows (value tuples in ``columns`` order) for one table, with an optional
    ``ON CONFLICT …`` clause."""

    table: str
    columns: tuple[str, ...]
    rows: Sequence[Sequence[Any]]
    on_conflict: str = ""

    @property
    def sql(self) -> str:
        """The statement for one row (an executemany)."""
        return (
            f"INSERT INTO {self.table} ({', '.join(self.columns)})"
            f" VALUES ({marks(self.columns)}){self.on_conflict}"
        )


def _values(row: dict[str, Any]) -> tuple:
    return tuple(row[c] if c not in DEFAULTS else row.get(c, DEFAULTS[c]) for c in RESPONSE_COLUMNS)


def one_of(expression: str, values: Sequence[Any], sqlite: bool) -> tuple[str, Any]:
    """``expression`` is one of ``values``, as ONE parameter (a JSON text or an array), so
    the statement's text is the same for any number of values: PostgreSQL reuses its
    prepared statement instead of a round trip to prepare each new text."""
    if sqlite:
        return f"{expression} IN (SELECT value FROM json_each(?))", json.dumps(
            list(values), default=str
        )
    return f"{expression} = ANY(?)", list(values)


def one_read(selects: Sequence[tuple[str, int]], sqlite: bool) -> str:
    """Several SELECTs as ONE statement (one round trip): a row whose every column is one
    SELECT's rows as a JSON array of arrays. Each SELECT names its ``width`` columns
    c0, c1…"""
    values = []
    for select, width in selects:
        columns = ", ".join(f"c{i}" for i in range(width))
        if sqlite:
            values.append(f"(SELECT json_group_array(json_array({columns})) FROM ({select}) AS t)")
        else:
            values.append(
                f"(SELECT COALESCE(json_agg(json_build_array({columns})), '[]')"
                f" FROM ({select}) AS t)"
            )
    return "SELECT " + ", ".join(values)


def stored_keys(keys: Sequence[str], sqlite: bool) -> Generator[Step, Any, set[str]]:
    """Which of these dedupe keys are stored already."""
    found: set[str] = set()
    for start in range(0, len(keys), KEY_CHUNK):
        condition, chunk = one_of("dedupe_key", keys[start : start + KEY_CHUNK], sqlite)
        rows = yield ("fetch", f"SELECT dedupe_key FROM response WHERE {condition}", [chunk])
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

    The last chunk of rows goes with the additions to the aggregates in one "inserts"
    step (a citizen batch is one chunk: on PostgreSQL its whole write is one statement).
    ``written(done, total)`` is told after each chunk.
    """
    daily = _daily_groups(rows)
    rebuild = len(daily) > REBUILD_GROUPS
    additions = [] if rebuild else _aggregate_additions(daily)
    for start in range(0, len(rows), INSERT_ROWS):
        chunk = rows[start : start + INSERT_ROWS]
        last = start + INSERT_ROWS >= len(rows)
        responses = Insert("response", RESPONSE_COLUMNS, [_values(row) for row in chunk])
        yield ("inserts", "", [responses, *(additions if last else [])])
        if written is not None:
            written(start + len(chunk), len(rows))
    if rebuild:
        # Adding to this many groups costs more than rebuilding the days from the rows.
        yield from rebuild_steps(day_ranges(key[:2] for key in daily))


# Each aggregate's group key, and the unique index an upsert names (score_daily's key
# columns may be empty: its index is on COALESCE(column, 0)).
AGGREGATE_KEYS = {
    "score_daily": ("day", "unit", "service_point", "service_type", "officer"),
    "unit_score_daily": ("day", "unit"),
    "unit_score_monthly": ("month", "unit"),
    "officer_score_monthly": ("month", "unit", "officer"),
}
_UNIQUE_KEYS = {
    "score_daily": "day, unit, COALESCE(service_point, 0), COALESCE(service_type, 0),"
    " COALESCE(officer, 0)",
    "unit_score_daily": "unit, day",
    "unit_score_monthly": "unit, month",
    "officer_score_monthly": "officer, month, unit",
}


_ADDITIONS = {
    table: " ON CONFLICT ({}) DO UPDATE SET {}".format(
        _UNIQUE_KEYS[table], ", ".join(f"{c} = {table}.{c} + excluded.{c}" for c in SUM_COLUMNS)
    )
    for table in AGGREGATE_KEYS
}


def _daily_groups(rows: Sequence[dict]) -> dict[tuple, list[dict]]:
    """The valid rows by score_daily group: day, unit, service point, service type, officer."""
    daily: dict[tuple, list[dict]] = {}
    for row in rows:
        if row.get("status", "valid") != "valid":
            continue
        key = (
            row["local_day"],
            row["unit"],
            row.get("service_point"),
            row.get("service_type"),
            row.get("officer"),
        )
        daily.setdefault(key, []).append(row)
    return daily


def _aggregate_additions(daily: dict[tuple, list[dict]]) -> list[Insert]:
    """What the groups add to score_daily and the unit and officer rollups: one upsert per
    table, its groups in key order, so two PostgreSQL workers lock shared rows in the same
    order."""
    groups: dict[str, dict[tuple, list[int]]] = {table: {} for table in AGGREGATE_KEYS}
    for key, members in daily.items():
        day, unit, _, _, officer = key
        sums = _sums(members)
        groups["score_daily"][key] = sums
        _add_into(groups["unit_score_daily"], (day, unit), sums)
        _add_into(groups["unit_score_monthly"], (day.replace(day=1), unit), sums)
        if officer is not None:
            _add_into(groups["officer_score_monthly"], (day.replace(day=1), unit, officer), sums)
    return [
        Insert(
            table,
            (*AGGREGATE_KEYS[table], *SUM_COLUMNS),
            [(*key, *sums) for key, sums in sorted(sums_by_key.items(), key=_sortable)],
            _ADDITIONS[table],
        )
        for table, sums_by_key in groups.items()
        if sums_by_key
    ]


def _sums(rows: Sequence[dict]) -> list[int]:
    """The SUM_COLUMNS of a group of rows (tally rows have no respondent total: see
    ``_TOTAL``)."""
    n = complete_n = complete_sum = complete_squares = 0
    element_sums = [0] * 9
    element_counts = [0] * 9
    for row in rows:
        n += 1
        values = [row.get(c) for c in ELEMENTS]
        for i, value in enumerate(values):
            if value is not None:
                element_sums[i] += value
                element_counts[i] += 1
        if None not in values and row.get("channel") != TALLY_CHANNEL:
            total = sum(value for value in values if value is not None)
            complete_n += 1
            complete_sum += total
            complete_squares += total * total
    return [n, *element_sums, *element_counts, complete_n, complete_sum, complete_squares]


def _add_into(sums_by_key: dict[tuple, list[int]], key: tuple, sums: list[int]) -> None:
    current = sums_by_key.get(key)
    if current is None:
        sums_by_key[key] = list(sums)
    else:
        for i, value in enumerate(sums):
            current[i] += value


def _sortable(item: tuple[tuple, Any]) -> tuple:
    """A group's key, sortable although some of its parts are empty."""
    return tuple((part is not None, part) for part in item[0])


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
# A respondent's total is NULL unless all nine elements were answered, and for the rows
# of a tally (TALLY_CHANNEL).
_TOTAL = f"(CASE WHEN channel <> '{TALLY_CHANNEL}' THEN {' + '.join(ELEMENTS)} END)"
_SPREAD = f"COUNT({_TOTAL}), COALESCE(SUM({_TOTAL}), 0), COALESCE(SUM({_TOTAL} * {_TOTAL}), 0)"
_DAILY_INSERT = f"""
INSERT INTO score_daily (day, unit, service_point, service_type, officer, {", ".join(SUM_COLUMNS)})
SELECT local_day, unit, service_point, service_type, officer, COUNT(*), {_ELEMENT_SUMS},
  {_ELEMENT_COUNTS}, {_SPREAD}
FROM response
WHERE unit = ? AND local_day >= ? AND local_day <= ? AND status = 'valid'
GROUP BY local_day, unit, service_point, service_type, officer
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
_OFFICER_MONTH_SUMS = f"""
SELECT officer, {_ROLLUP_SUMS} FROM score_daily
WHERE unit = ? AND day >= ? AND day <= ? AND officer IS NOT NULL
GROUP BY officer
"""
_MONTH_INSERT = (
    f"INSERT INTO unit_score_monthly (month, unit, {', '.join(SUM_COLUMNS)})"
    f" VALUES (?, ?, {marks(SUM_COLUMNS)})"
)
_OFFICER_MONTH_INSERT = (
    f"INSERT INTO officer_score_monthly (month, unit, officer, {', '.join(SUM_COLUMNS)})"
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
    yield ("run", "DELETE FROM officer_score_monthly WHERE unit = ? AND month = ?", [unit, month])
    rows = yield ("fetch", _OFFICER_MONTH_SUMS, span)
    if rows:
        values = [[month, unit, row[0], *(int(value) for value in row[1:])] for row in rows]
        yield ("many", _OFFICER_MONTH_INSERT, values)
