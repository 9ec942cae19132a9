"""What the training analysis reads: per officer, their outcomes in a period, their training
history before it, their training events inside it, and their sums per month around it.

Outcomes come from the maintained aggregates with GROUP BY in SQL, never from responses: whole
months from ``officer_score_monthly`` (officer x unit x month) and only the edge days of a period
that does not start or end on a month boundary from ``score_daily``, so a year over thousands of
officers reads tens of thousands of rows. Only valid responses count (the aggregates hold
nothing else). An officer belongs to their officer record's unit; in a scope, only responses
served in the scope's units count, and only officers of those units appear.

What defines 'trained' is never measured in the same months as the satisfaction it is compared
with: JP counts trainings that ended in the twelve months before the period starts, and the
difference in differences measures each officer around their own training, leaving its months
out (surveys.training.statistics.did).
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from surveys.method.periods import Period, add_months, split_by_months
from surveys.method.scoring import exact_ikm
from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.db import is_sqlite
from surveys.training.statistics import (
    EVENT_MONTHS,
    LEAD_MONTHS,
    MonthSums,
    OfficerOutcomes,
    month_number,
)

# JP counts trainings ending in the 365 days before the period's first day.
JP_LOOKBACK_DAYS = 365

_ELEMENTS = range(1, 10)
_COLUMNS = ", ".join(["n"] + [f"s{i}, c{i}" for i in _ELEMENTS])
_SUMS = ", ".join(["SUM(n) AS n"] + [f"SUM(s{i}) AS s{i}, SUM(c{i}) AS c{i}" for i in _ELEMENTS])
_SUMMED = ", ".join(f"a.s{i} AS s{i}, a.c{i} AS c{i}" for i in _ELEMENTS)


@dataclass(frozen=True)
class Means:
    """An officer's responses over some days and their mean U6, U7 and IKM (25-100, equal
    weights; None unless every element has an answer), as SQL computed them."""

    n: int = 0
    u6: float | None = None
    u7: float | None = None
    ikm: float | None = None

    def outcomes(self) -> dict[str, float | None]:
        return {"U6": self.u6, "U7": self.u7, "IKM": self.ikm}


def _outcome_columns(source: str, prefix: str = "") -> str:
    """The means of summed columns (``source.{prefix}s6`` ...), computed in SQL so that only
    four numbers per officer and window travel; a division by a zero count gives NULL."""

    def ratio(i: int) -> str:
        value = f"CAST({source}.{prefix}s{i} AS DOUBLE PRECISION)"
        return f"{value} / NULLIF(CAST({source}.{prefix}c{i} AS DOUBLE PRECISION), 0)"

    ikm = "25 * (" + " + ".join(ratio(i) for i in _ELEMENTS) + ") / 9"
    return (
        f"{source}.{prefix}n AS {prefix}n, {ratio(6)} AS {prefix}u6, "
        f"{ratio(7)} AS {prefix}u7, {ikm} AS {prefix}ikm"
    )


def _means(row: Mapping, prefix: str = "") -> Means:
    return Means(
        int(row[f"{prefix}n"] or 0), row[f"{prefix}u6"], row[f"{prefix}u7"], row[f"{prefix}ikm"]
    )


@dataclass(frozen=True)
class OfficerFigures:
    """One officer as the analysis page shows them: who, and the statistics' input."""

    nip: str
    name: str
    outcomes: OfficerOutcomes
    ikm: Decimal | None  # exact from the integer sums, rounded half-up: the figure to show
    event: tuple[date, date] | None  # their first training ending in the period


@dataclass(frozen=True)
class TrainingData:
    period: Period
    officers: tuple[OfficerFigures, ...]

    def outcomes(self) -> list[OfficerOutcomes]:
        return [officer.outcomes for officer in self.officers]


async def training_data(period: Period, unit_ids: Collection[int] | None) -> TrainingData:
    """Every officer of the scope (None: all units) who served someone in the period."""
    if unit_ids is not None and not unit_ids:
        return TrainingData(period, ())
    scope = None if unit_ids is None else sorted({int(u) for u in unit_ids})
    # Independent reads, run side by side (each has its own connection).
    served, history, ending, touched, monthly = await asyncio.gather(
        _period_sums(period, scope),
        _training_history(period, scope),
        _trainings_ending_in(period, scope),
        training_months(period, scope),
        monthly_sums(period, scope),
    )
    events = {officer: (start, end) for officer, start, end in ending}
    officers = [
        _figures(row, history, events.get(row["officer"]), touched, monthly, period)
        for row in served
    ]
    officers.sort(key=lambda o: (o.outcomes.unit_id, o.name, o.nip))
    return TrainingData(period, tuple(officers))


def _figures(
    row: Mapping,
    history: Mapping[int, dict],
    event: tuple[date, date] | None,
    touched: Mapping[int, frozenset[int]],
    monthly: Mapping[int, dict[int, MonthSums]],
    period: Period,
) -> OfficerFigures:
    officer = row["officer"]
    trained = history.get(officer, {})
    last = trained.get("last")
    period_means = _means(row)
    return OfficerFigures(
        nip=row["nip"],
        name=row["name"],
        ikm=exact_ikm(
            [int(row[f"s{i}"] or 0) for i in _ELEMENTS], [int(row[f"c{i}"] or 0) for i in _ELEMENTS]
        ),
        outcomes=OfficerOutcomes(
            officer_id=officer,
            unit_id=row["unit"],
            responses=period_means.n,
            mean_u6=period_means.u6,
            mean_u7=period_means.u7,
            ikm=period_means.ikm,
            jp_12m=trained.get("jp", 0),
            trainings_by_kind=trained.get("kinds", {}),
            days_since_last=None if last is None else (period.end - last).days,
            event=None if event is None else (_month(event[0]), _month(event[1])),
            training_months=touched.get(officer, frozenset()),
            monthly=monthly.get(officer, {}),
        ),
        event=event,
    )


def _month(day: date) -> int:
    return month_number(day.year, day.month)


def _horizon(period: Period) -> Period:
    """The months any event of the period can be measured in: its earliest window opens six
    months before a training starting in the period's first month, its last closes three months
    after one ending in the last."""
    first = add_months(period.start.replace(day=1), EVENT_MONTHS[0])
    last = add_months(period.end.replace(day=1), EVENT_MONTHS[-1] + 1) - timedelta(days=1)
    return Period(first, last)


def _in(column: str, ids: list[int] | None) -> str:
    """`AND column IN (...)` for a scope of integer ids (never user text), or nothing."""
    return "" if ids is None else f" AND {column} IN ({', '.join(str(i) for i in ids)})"


async def _period_sums(period: Period, scope: list[int] | None) -> list[dict]:
    """Per officer of the scope, their sums over the period: months from the monthly rollup,
    edge days of a period cut inside a month from score_daily."""
    months, edges = split_by_months(period)
    parts, arguments = [], []
    if months is not None:
        parts.append(
            f"SELECT officer, {_COLUMNS} FROM officer_score_monthly "
            f"WHERE month >= {{}} AND month <= {{}}{_in('unit', scope)}"
        )
        arguments += list(months)
    for edge in edges:
        parts.append(
            f"SELECT officer, {_COLUMNS} FROM score_daily WHERE day >= {{}} AND day <= {{}} "
            f"AND officer IS NOT NULL{_in('unit', scope)}"
        )
        arguments += [edge.start, edge.end]
    sql = (
        f"SELECT a.officer AS officer, {_outcome_columns('a')}, {_SUMMED}, "
        "st.unit AS unit, st.nip AS nip, st.name AS name FROM ("
        f"SELECT officer, {_SUMS} FROM ({' UNION ALL '.join(parts)}) p GROUP BY officer"
        f") a JOIN officer st ON st.id = a.officer WHERE 1 = 1{_in('st.unit', scope)}"
    )
    return await ScoreDaily.raw(sql, *arguments)


async def _training_history(period: Period, scope: list[int] | None) -> dict[int, dict]:
    """Per officer: JP and trainings by competency kind in the lookback (the 365 days before the
    period), and the last end date up to the period's end."""
    since = period.start - timedelta(days=JP_LOOKBACK_DAYS)
    until = period.start - timedelta(days=1)
    rows = await ScoreDaily.raw(
        "SELECT t.officer AS officer, t.competency AS competency, SUM(t.jp) AS jp, "
        "COUNT(*) AS trainings FROM training t JOIN officer st ON st.id = t.officer "
        f"WHERE t.end_date >= {{}} AND t.end_date <= {{}}{_in('st.unit', scope)} "
        "GROUP BY t.officer, t.competency",
        since,
        until,
    )
    history: dict[int, dict] = {}
    for row in rows:
        entry = history.setdefault(row["officer"], {"jp": 0, "kinds": {}})
        entry["jp"] += int(row["jp"] or 0)
        entry["kinds"][row["competency"]] = int(row["trainings"])
    last_rows = await ScoreDaily.raw(
        "SELECT t.officer AS officer, MAX(t.end_date) AS last FROM training t "
        f"JOIN officer st ON st.id = t.officer WHERE t.end_date <= {{}}{_in('st.unit', scope)} "
        "GROUP BY t.officer",
        period.end,
    )
    for row in last_rows:
        entry = history.setdefault(row["officer"], {"jp": 0, "kinds": {}})
        entry["last"] = _as_date(row["last"])
    return history


async def _trainings_ending_in(period: Period, scope: list[int] | None) -> list[tuple]:
    """Each officer's first training ending in the period (the window function keeps one)."""
    rows = await ScoreDaily.raw(
        "SELECT officer, start_date, end_date FROM ("
        "SELECT t.officer AS officer, t.start_date AS start_date, t.end_date AS end_date, "
        "ROW_NUMBER() OVER (PARTITION BY t.officer ORDER BY t.end_date, t.start_date, t.id) AS k "
        "FROM training t JOIN officer st ON st.id = t.officer "
        f"WHERE t.end_date >= {{}} AND t.end_date <= {{}}{_in('st.unit', scope)}"
        ") ranked WHERE k = 1",
        period.start,
        period.end,
    )
    return [
        (row["officer"], _as_date(row["start_date"]), _as_date(row["end_date"])) for row in rows
    ]


async def training_months(period: Period, scope: list[int] | None) -> dict[int, frozenset[int]]:
    """Per officer, every month one of their trainings touched, from the earliest a control's
    quiet months can reach to the horizon's end (month numbers, see ``month_number``)."""
    horizon = _horizon(period)
    since = add_months(horizon.start, -LEAD_MONTHS)
    rows = await ScoreDaily.raw(
        "SELECT t.officer AS officer, t.start_date AS start_date, t.end_date AS end_date "
        "FROM training t JOIN officer st ON st.id = t.officer "
        f"WHERE t.end_date >= {{}} AND t.start_date <= {{}}{_in('st.unit', scope)}",
        since,
        horizon.end,
    )
    months: dict[int, set[int]] = {}
    for row in rows:
        first, last = _month(_as_day(row["start_date"])), _month(_as_day(row["end_date"]))
        months.setdefault(row["officer"], set()).update(range(first, last + 1))
    return {officer: frozenset(found) for officer, found in months.items()}


async def monthly_sums(period: Period, scope: list[int] | None) -> dict[int, dict[int, MonthSums]]:
    """Per officer and month of the horizon: U6, U7 and all nine elements' values and answers
    (the officers' monthly rollup, summed over the scope's units)."""
    horizon = _horizon(period)
    total = " + ".join(f"s{i}" for i in _ELEMENTS)
    answers = " + ".join(f"c{i}" for i in _ELEMENTS)
    # One row per officer, unit and month: summing an officer's units here is cheaper than a
    # GROUP BY, which on SQLite reads the table through the officer index row by row.
    rows = await ScoreDaily.raw(
        f"SELECT officer, month, s6, c6, s7, c7, {total} AS s_all, {answers} AS c_all "
        "FROM officer_score_monthly "
        f"WHERE month >= {{}} AND month <= {{}}{_in('unit', scope)}",
        horizon.start,
        horizon.end,
    )
    monthly: dict[int, dict[int, MonthSums]] = {}
    numbers: dict[date | str, int] = {}  # a few dozen months over tens of thousands of rows
    for row in rows:
        month = numbers.get(row["month"])
        if month is None:
            month = numbers[row["month"]] = _month(_as_day(row["month"]))
        sums = tuple(int(row[k]) for k in _MONTHLY)
        officer = monthly.setdefault(row["officer"], {})
        if month in officer:  # the officer served in more than one unit that month
            sums = tuple(a + b for a, b in zip(officer[month], sums, strict=True))
        officer[month] = sums  # type: ignore[assignment]
    return monthly


_MONTHLY = ("s6", "c6", "s7", "c7", "s_all", "c_all")


def _day(value: date) -> str:
    """A date literal both engines compare with a DATE column (ISO text on SQLite)."""
    text = value.isoformat()
    return f"'{text}'" if is_sqlite(ScoreDaily._meta.db) else f"DATE '{text}'"


def _as_date(value: date | str | None) -> date | None:
    # SQLite hands back ISO text for dates computed in a subquery; PostgreSQL a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _as_day(value: date | str) -> date:
    found = _as_date(value)
    if found is None:
        raise ValueError("a date column without a date")
    return found
