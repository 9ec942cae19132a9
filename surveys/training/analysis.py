"""What the training analysis reads: per officer, their outcomes in a period, their
training history, and their means in the before and after windows.

Outcomes come from the maintained aggregates with GROUP BY in SQL, never from responses: whole
months from ``officer_score_monthly`` (officer x unit x month) and only the edge days of a period
that does not start or end on a month boundary from ``score_daily``, so a year over thousands of
officers reads tens of thousands of rows. Only valid responses count (the aggregates hold
nothing else). An officer belongs to their officer record's unit; in a scope,
only responses served in the scope's units count, and only officers of those units appear.
The before/after design is described in ``surveys.training.windows``.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from surveys.method.periods import Period, split_by_months
from surveys.store.db import is_sqlite
from surveys.store.tables import ScoreDaily
from surveys.training.statistics import OfficerOutcomes
from surveys.training.windows import (
    TRAINED,
    Assignment,
    Windows,
    assign,
    first_events,
    settle,
)

# JP count when the training ended in the 365 days up to the period's last day.
JP_LOOKBACK_DAYS = 365
# A window mean over fewer responses than this is too noisy to difference: left out.
WINDOW_MIN_RESPONSES = 5

_ELEMENTS = range(1, 10)
_COLUMNS = ", ".join(["n"] + [f"s{i}, c{i}" for i in _ELEMENTS])
_SUMS = ", ".join(["SUM(n) AS n"] + [f"SUM(s{i}) AS s{i}, SUM(c{i}) AS c{i}" for i in _ELEMENTS])


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
    """One officer as the analysis page shows them: who, the statistics' input, and the design."""

    nip: str
    name: str
    outcomes: OfficerOutcomes
    role: str  # a role from surveys.training.windows
    event: tuple[date, date] | None  # the training that defines T (trained officers)
    windows: Windows | None
    before_n: int
    after_n: int


@dataclass(frozen=True)
class TrainingData:
    period: Period
    officers: tuple[OfficerFigures, ...]

    def outcomes(self) -> list[OfficerOutcomes]:
        return [officer.outcomes for officer in self.officers]

    def count(self, role: str) -> int:
        return sum(officer.role == role for officer in self.officers)


async def training_data(period: Period, unit_ids: Collection[int] | None) -> TrainingData:
    """Every officer of the scope (None: all units) who served someone in the period."""
    if unit_ids is not None and not unit_ids:
        return TrainingData(period, ())
    scope = None if unit_ids is None else sorted({int(u) for u in unit_ids})
    # Independent reads, run side by side (each has its own connection).
    served, history, ending = await asyncio.gather(
        _period_sums(period, scope),
        _training_history(period, scope),
        _trainings_ending_in(period, scope),
    )
    if not served:
        return TrainingData(period, ())
    unit_of = {row["officer"]: row["unit"] for row in served}
    events = first_events(ending, period)
    assignments, unit_windows = assign(unit_of, events, period)
    nearby = await trained_within(unit_windows, scope) if unit_windows else set()
    assignments = settle(assignments, nearby)
    windows = await window_sums(assignments, scope)

    officers = []
    for row in served:
        officer = row["officer"]
        assignment = assignments[officer]
        before, after = windows.get(officer, (Means(), Means()))
        officers.append(
            _figures(row, assignment, events.get(officer), history, before, after, period)
        )
    officers.sort(key=lambda o: (o.outcomes.unit_id, o.name, o.nip))
    return TrainingData(period, tuple(officers))


def _figures(
    row: Mapping,
    assignment: Assignment,
    event: tuple[date, date] | None,
    history: Mapping[int, dict],
    before: Means,
    after: Means,
    period: Period,
) -> OfficerFigures:
    officer = row["officer"]
    trained = history.get(officer, {})
    last = trained.get("last")
    # Officers without a comparison in their unit are measured too: the statistics then say
    # why they are not compared, instead of counting them as missing a window.
    in_did = assignment.windows is not None
    period_means = _means(row)
    return OfficerFigures(
        nip=row["nip"],
        name=row["name"],
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
            trained_in_window=assignment.role == TRAINED,
            before=window_outcomes(before) if in_did else {},
            after=window_outcomes(after) if in_did else {},
        ),
        role=assignment.role,
        event=event if assignment.role == TRAINED else None,
        windows=assignment.windows if in_did else None,
        before_n=before.n,
        after_n=after.n,
    )


def window_outcomes(means: Means) -> dict[str, float | None]:
    if means.n < WINDOW_MIN_RESPONSES:
        return dict.fromkeys(("U6", "U7", "IKM"))
    return means.outcomes()


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
        f"SELECT a.officer AS officer, {_outcome_columns('a')}, "
        "st.unit AS unit, st.nip AS nip, st.name AS name FROM ("
        f"SELECT officer, {_SUMS} FROM ({' UNION ALL '.join(parts)}) p GROUP BY officer"
        f") a JOIN officer st ON st.id = a.officer WHERE 1 = 1{_in('st.unit', scope)}"
    )
    return await ScoreDaily.raw(sql, *arguments)


async def _training_history(period: Period, scope: list[int] | None) -> dict[int, dict]:
    """Per officer: JP and trainings by competency kind in the lookback, and the last end date."""
    since = period.end - timedelta(days=JP_LOOKBACK_DAYS - 1)
    rows = await ScoreDaily.raw(
        "SELECT t.officer AS officer, t.competency AS competency, SUM(t.jp) AS jp, "
        "COUNT(*) AS trainings FROM training t JOIN officer st ON st.id = t.officer "
        f"WHERE t.end_date >= {{}} AND t.end_date <= {{}}{_in('st.unit', scope)} "
        "GROUP BY t.officer, t.competency",
        since,
        period.end,
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


async def trained_within(unit_windows: Mapping[int, Windows], scope: list[int] | None) -> set[int]:
    """Officers with a training overlapping their unit's span (before start to after end)."""
    spans = ", ".join(
        f"({int(unit)}, {_day(w.span.start)}, {_day(w.span.end)})"
        for unit, w in unit_windows.items()
    )
    rows = await ScoreDaily.raw(
        f"WITH spans (unit, first_day, last_day) AS (VALUES {spans}) "
        "SELECT DISTINCT t.officer AS officer FROM training t "
        "JOIN officer st ON st.id = t.officer JOIN spans w ON w.unit = st.unit "
        f"WHERE t.start_date <= w.last_day AND t.end_date >= w.first_day{_in('st.unit', scope)}"
    )
    return {row["officer"] for row in rows}


async def window_sums(
    assignments: Mapping[int, Assignment], scope: list[int] | None
) -> dict[int, tuple[Means, Means]]:
    """Each officer's sums in their before and after windows (whole months): one join of the
    monthly rollup with a VALUES list of windows, one GROUP BY; dates and ids are generated
    here, never user text."""
    windows = [(officer, a.windows) for officer, a in assignments.items() if a.windows is not None]
    if not windows:
        return {}
    values = ", ".join(
        f"({int(officer)}, {_day(w.before.start)}, {_day(w.before.end)}, "
        f"{_day(w.after.start)}, {_day(w.after.end)})"
        for officer, w in windows
    )
    columns = ["n", *(f"{kind}{i}" for i in _ELEMENTS for kind in ("s", "c"))]
    parts = []
    for side, condition in (("b_", "sd.month <= w.b1"), ("a_", "sd.month >= w.a0")):
        parts += [
            f"SUM(CASE WHEN {condition} THEN sd.{c} ELSE 0 END) AS {side}{c}" for c in columns
        ]
    rows = await ScoreDaily.raw(
        f"WITH w (officer, b0, b1, a0, a1) AS (VALUES {values}) "
        f"SELECT x.officer AS officer, {_outcome_columns('x', 'b_')}, {_outcome_columns('x', 'a_')} "
        f"FROM (SELECT sd.officer AS officer, {', '.join(parts)} FROM officer_score_monthly sd "
        "JOIN w ON sd.officer = w.officer WHERE "
        "((sd.month >= w.b0 AND sd.month <= w.b1) OR (sd.month >= w.a0 AND sd.month <= w.a1))"
        f"{_in('sd.unit', scope)} GROUP BY sd.officer) x"
    )
    return {row["officer"]: (_means(row, "b_"), _means(row, "a_")) for row in rows}


def _day(value: date) -> str:
    """A date literal both engines compare with a DATE column (ISO text on SQLite)."""
    text = value.isoformat()
    return f"'{text}'" if is_sqlite(ScoreDaily._meta.db) else f"DATE '{text}'"


def _as_date(value: date | str | None) -> date | None:
    # SQLite hands back ISO text for dates computed in a subquery; PostgreSQL a date.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])
