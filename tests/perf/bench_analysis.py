"""Benchmark: the training analysis for all units over a year, 5,000 officers.

Generates 500 units of 10 officers each, their trainings, and the daily per-officer aggregates
(``score_daily``) that the write path would keep for 1,000,000 responses in the analysed year
(2026) plus 250,000 in the quarter before it (so the first trainings' 'before' windows have
data). The analysis never reads the response table, so only the aggregates are generated,
straight into the database (sqlite3 executemany / asyncpg COPY); the officers' monthly rollup
(``officer_score_monthly``) is then built from them by the migration's backfill statement. Officers' skill rises with
their JP and trained officers improve afterwards: a relation for the tests to find.

Then times, in one process: the SQL aggregation alone, the statistics alone, the full analysis
through HTTP (GET /api/v1/analysis/training, the per-app cache cleared before each request,
so every request does the SQL and the statistics), the page with a warm cache, and a bare
Litestar endpoint through the same in-process ASGI transport.

    .venv/bin/python tests/perf/bench_analysis.py --database sqlite
    .venv/bin/python tests/perf/bench_analysis.py \
        --database postgresql://postgres@127.0.0.1:5432/suara_bench_analysis

Prints a table; not a pytest test.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import sqlite3
from datetime import date, timedelta
from urllib.parse import urlparse

import numpy as np
from harness import (
    PASSWORD,
    Stopwatch,
    asgi_client,
    connect_postgres,
    engine_name,
    log,
    log_in,
    measure,
    measure_bare,
    prepare_database,
    prepare_environment,
    print_table,
)

UNITS, PER_UNIT = 500, 10
YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
DATA_START = date(2025, 10, 1)
RESPONSES_IN_YEAR = 1_000_000
API = "/api/v1/analysis/training?from=2026-01-01&to=2026-12-31"
PAGE = "/dashboard/analysis?from=2026-01-01&to=2026-12-31"
_CUTS = np.array([-1.2, -0.2, 1.0])  # latent thresholds between the answers 1|2, 2|3, 3|4


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    args = parser.parse_args()
    url = prepare_environment(args.database)
    log(f"database: {url}")
    figures = asyncio.run(run(url, args.repeat))
    print(
        f"\nTraining analysis benchmark on {engine_name(url)}: {figures['officers']:,} officers with "
        f"responses, {figures['rows']:,} score_daily rows, {figures['trainings']:,} trainings "
        f"(median of {args.repeat} runs; setup {figures['setup']:.0f} s)\n"
    )
    rows = (
        ("sql", "SQL aggregation (training_data)"),
        ("stats", "statistics (analyse_training)"),
        ("api_cold", "GET API, cache cleared (SQL + statistics + JSON)"),
        ("page_warm", "GET page, cache warm (HTML)"),
        ("api_warm", "GET API, cache warm"),
        ("bare", "bare Litestar endpoint"),
    )
    print_table(
        [
            (label, f"{figures[name].median:9.1f} ms wall {figures[name].cpu_median:9.1f} ms CPU")
            for name, label in rows
        ],
        52,
    )
    print(f"\n  U6 spearman_jp: rho {figures['rho']:.3f}, p {figures['p']:.3f}")


async def run(url: str, repeat: int) -> dict:
    await prepare_database()
    clock = Stopwatch()
    units, officer = await _make_units_and_officers()
    trainings, jp = _trainings(officer)
    rows = _score_rows(units, officer, trainings, jp)
    await _load(url, trainings, rows)
    await _build_officer_rollup(url)
    setup = clock.wall
    log(f"setup: {len(rows):,} score_daily rows, {len(trainings):,} trainings in {setup:.0f} s")
    figures = await _measure(repeat)
    return figures | {"setup": setup, "rows": len(rows), "trainings": len(trainings)}


async def _make_units_and_officers() -> tuple[list[int], list[tuple[int, int]]]:
    from piccolo.engine import engine_finder

    from surveys.store.accounts import create_user
    from surveys.store.tables import Officer, Unit

    async with engine_finder().transaction():
        await Unit.insert(*(Unit(code=f"U{i:03d}", name=f"Unit {i:03d}") for i in range(UNITS)))
    units = [row["id"] for row in await Unit.select(Unit.id).order_by(Unit.id)]
    async with engine_finder().transaction():
        officers = [
            Officer(unit=unit, nip=f"19800101{unit:06d}{k:04d}", name=f"Petugas {unit}-{k}")
            for unit in units
            for k in range(PER_UNIT)
        ]
        for start in range(0, len(officers), 1000):
            await Officer.insert(*officers[start : start + 1000])
    officer = [(row["id"], row["unit"]) for row in await Officer.select(Officer.id, Officer.unit)]
    await create_user("bench-admin", PASSWORD, "admin")
    return units, officer


def _trainings(officer: list[tuple[int, int]]) -> tuple[list[tuple], dict[int, int]]:
    """0-4 trainings per officer over 2025-2026; returns rows and each officer's JP as the
    analysis of 2026 counts it: trainings ended in the 365 days before the year starts."""
    rng = np.random.default_rng(6)
    rows, jp_before = [], {}
    for officer_id, _unit in officer:
        jp_before[officer_id] = 0
        for k in range(int(rng.choice([0, 1, 1, 2, 2, 3, 4]))):
            start = date(2025, 1, 1) + timedelta(days=int(rng.integers(0, 700)))
            end = start + timedelta(days=int(rng.integers(0, 5)))
            jp = int(rng.choice([4, 8, 16, 24, 32, 40]))
            kind = ("teknis", "manajerial", "sosial_kultural")[int(rng.integers(0, 3))]
            rows.append(
                (
                    officer_id,
                    f"Pelatihan {k}",
                    "Pelatihan teknis",
                    True,
                    kind,
                    "",
                    start,
                    end,
                    jp,
                    "",
                )
            )
            if YEAR_START - timedelta(days=365) <= end < YEAR_START:
                jp_before[officer_id] += jp
    return rows, jp_before


def _score_rows(
    units: list[int], officer: list[tuple[int, int]], trainings: list[tuple], jp: dict[int, int]
) -> list[tuple]:
    """Per officer and office day, the aggregates of the responses they served."""
    rng = np.random.default_rng(7)
    days = [DATA_START + timedelta(days=i) for i in range((YEAR_END - DATA_START).days + 1)]
    office = [d for d in days if d.weekday() < 5]
    in_year = sum(d >= YEAR_START for d in office)
    rate = RESPONSES_IN_YEAR / (len(officer) * in_year)
    first_end = {}
    for row in trainings:
        if YEAR_START <= row[7] <= YEAR_END:
            first_end[row[0]] = min(first_end.get(row[0], row[7]), row[7])
    jp_values = np.array([jp[s] for s, _ in officer], dtype=float)
    skill = 0.3 * (jp_values - jp_values.mean()) / (jp_values.std() or 1)
    skill += rng.normal(0, 0.5, len(officer))
    unit_level = dict(zip(units, rng.normal(0.8, 0.3, len(units)), strict=True))
    counts = rng.poisson(rate, (len(officer), len(office)))
    rows = []
    for i, (officer_id, unit) in enumerate(officer):
        served = np.flatnonzero(counts[i])
        n = counts[i, served]
        total = int(n.sum())
        officer_days = np.repeat(served, n)
        improved = np.array(
            [
                first_end.get(officer_id) is not None and office[d] > first_end[officer_id]
                for d in officer_days
            ]
        )
        level = unit_level[unit] + skill[i] + 0.3 * improved
        latent = level[:, None] + rng.normal(0, 0.9, (total, 9))
        answers = 1 + (latent[:, :, None] > _CUTS).sum(axis=2)
        sums = np.add.reduceat(answers, np.concatenate(([0], np.cumsum(n)[:-1])), axis=0)
        totals = answers.sum(axis=1)
        squares = np.add.reduceat(totals**2, np.concatenate(([0], np.cumsum(n)[:-1])))
        day_totals = np.add.reduceat(totals, np.concatenate(([0], np.cumsum(n)[:-1])))
        for j, d in enumerate(served):
            k = int(n[j])
            rows.append(
                (
                    office[d],
                    unit,
                    None,
                    None,
                    officer_id,
                    k,
                    *map(int, sums[j]),
                    *([k] * 9),
                    k,
                    int(day_totals[j]),
                    int(squares[j]),
                )
            )
    return rows


_SCORE_COLUMNS = (
    "day",
    "unit",
    "service_point",
    "service_type",
    "officer",
    "n",
    *(f"s{i}" for i in range(1, 10)),
    *(f"c{i}" for i in range(1, 10)),
    "complete_n",
    "complete_sum",
    "complete_squares",
)
_TRAINING_COLUMNS = (
    "officer",
    "title",
    "form",
    "classical",
    "competency",
    "provider",
    "start_date",
    "end_date",
    "jp",
    "certificate_no",
)


async def _load(url: str, trainings: list[tuple], rows: list[tuple]) -> None:
    if url.startswith("sqlite"):
        connection = sqlite3.connect(urlparse(url).path[1:])
        with connection:
            for table, columns, data in (
                ("training", _TRAINING_COLUMNS, trainings),
                ("score_daily", _SCORE_COLUMNS, rows),
            ):
                marks = ", ".join("?" for _ in columns)
                connection.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})",
                    ([v.isoformat() if isinstance(v, date) else v for v in row] for row in data),
                )
        connection.execute("ANALYZE")
        connection.close()
        return
    connection = await connect_postgres(url)
    await connection.copy_records_to_table("training", records=trainings, columns=_TRAINING_COLUMNS)
    await connection.copy_records_to_table("score_daily", records=rows, columns=_SCORE_COLUMNS)
    await connection.execute("ANALYZE")
    await connection.close()


async def _build_officer_rollup(url: str) -> None:
    """officer_score_monthly from score_daily, as the migration that added it backfills it."""
    from importlib import import_module

    from surveys.store.aggregate_tables import OfficerScoreMonthly

    migration = import_module("surveys.store.piccolo_migrations.surveys_2026_11_23t05_55_00_000000")
    clock = Stopwatch()
    # That migration still named the table and its column staff; a later one renamed them.
    statement = migration._backfill(url.startswith("sqlite"))
    statement = re.sub(r"\bstaff\b", "officer", statement.replace("staff_score", "officer_score"))
    await OfficerScoreMonthly.raw(statement)
    count = await OfficerScoreMonthly.count()
    log(f"officer_score_monthly: {count:,} rows in {clock.wall:.1f} s")


async def _measure(repeat: int) -> dict:
    """Timings (wall and CPU ms, after one untimed run) of each part, and the U6 result."""
    from app.main import create_app
    from app.training.views import SEED
    from surveys.method.periods import Period
    from surveys.training.analysis import training_data
    from surveys.training.statistics import analyse_training

    year = Period(YEAR_START, YEAR_END)
    data = await training_data(year, None)
    log(f"{len(data.officers):,} officers with responses")
    sql = await measure(lambda: training_data(year, None), repeat, warmup=1, ok=None)
    log(f"  SQL aggregation     {sql.median:8.1f} ms")
    outcomes = data.outcomes()

    async def stats() -> None:
        analyse_training(outcomes, min_responses=30, seed=SEED)

    stats_time = await measure(stats, repeat, warmup=1)
    log(f"  statistics          {stats_time.median:8.1f} ms")
    result = analyse_training(outcomes, min_responses=30, seed=SEED).result("U6", "spearman_jp")
    app = create_app()
    async with asgi_client(app, timeout=120) as web:
        await log_in(web, "bench-admin")

        async def cold():
            app.state["training_analysis"] = {}
            return await web.get(API)

        api_cold = await measure(cold, repeat, warmup=1)
        log(f"  API, cache cleared  {api_cold.median:8.1f} ms")
        page_warm = await measure(lambda: web.get(PAGE), repeat, warmup=1)
        api_warm = await measure(lambda: web.get(API), repeat, warmup=1)
    bare = await measure_bare(max(repeat, 50), warmup=1)
    return {
        "officers": len(data.officers),
        "sql": sql,
        "stats": stats_time,
        "api_cold": api_cold,
        "page_warm": page_warm,
        "api_warm": api_warm,
        "bare": bare,
        "rho": result.estimate,
        "p": result.p_value,
    }


if __name__ == "__main__":
    main()
