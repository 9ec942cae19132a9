"""Benchmark: the training analysis (issue 6) for all units over a year, 5,000 officers.

Generates 500 units of 10 officers each, their trainings, and the daily per-officer aggregates
(``score_daily``) that the write path would keep for 1,000,000 responses in the analysed year
(2026) plus 250,000 in the quarter before it (so the first trainings' 'before' windows have
data). The analysis never reads the response table, so only the aggregates are generated,
straight into the database (sqlite3 executemany / asyncpg COPY); the officers' monthly rollup
(``staff_score_monthly``) is then built from them by the migration's backfill statement. Officers' skill rises with
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
import logging
import os
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse

import numpy as np

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
UNITS, PER_UNIT = 500, 10
YEAR_START, YEAR_END = date(2026, 1, 1), date(2026, 12, 31)
DATA_START = date(2025, 10, 1)
RESPONSES_IN_YEAR = 1_000_000
PASSWORD = "benchmark-password-123"
API = "/api/v1/analysis/training?from=2026-01-01&to=2026-12-31"
PAGE = "/dashboard/analysis?from=2026-01-01&to=2026-12-31"
_CUTS = np.array([-1.2, -0.2, 1.0])  # latent thresholds between the answers 1|2, 2|3, 3|4

logging.getLogger("httpx").setLevel(logging.WARNING)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each measurement")
    args = parser.parse_args()
    url = _prepare_environment(args.database)
    log(f"database: {url}")
    figures = asyncio.run(run(url, args.repeat))
    engine = "SQLite" if url.startswith("sqlite") else "PostgreSQL"
    print(
        f"\nTraining analysis benchmark on {engine}: {figures['officers']:,} officers with "
        f"responses, {figures['rows']:,} score_daily rows, {figures['trainings']:,} trainings "
        f"(median of {args.repeat} runs; setup {figures['setup']:.0f} s)\n"
    )
    for name, label in (
        ("sql", "SQL aggregation (training_data)"),
        ("stats", "statistics (analyse_training)"),
        ("api_cold", "GET API, cache cleared (SQL + statistics + JSON)"),
        ("page_warm", "GET page, cache warm (HTML)"),
        ("api_warm", "GET API, cache warm"),
        ("bare", "bare Litestar endpoint"),
    ):
        wall, cpu = figures[name] * 1000, figures["cpu"][name] * 1000
        print(f"  {label:<52} {wall:9.1f} ms wall {cpu:9.1f} ms CPU")
    print(f"\n  U6 spearman_jp: rho {figures['rho']:.3f}, p {figures['p']:.3f}")


def _prepare_environment(database: str) -> str:
    tmp = Path(tempfile.mkdtemp(prefix="suara-bench-"))
    os.environ["SUARA_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-that-is-long-enough-0123")
    os.environ.pop("REDIS_URL", None)
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = database
        asyncio.run(_recreate_postgres(database))
    return os.environ["DATABASE_URL"]


async def _connect_postgres(url: str, database: str | None = None):
    import asyncpg

    parsed = urlparse(url)
    return await asyncpg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=database or parsed.path.lstrip("/"),
    )


async def _recreate_postgres(url: str) -> None:
    conn = await _connect_postgres(url, "postgres")
    name = urlparse(url).path.lstrip("/")
    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()


async def run(url: str, repeat: int) -> dict:
    from piccolo.apps.user.tables import BaseUser
    from piccolo.engine import engine_finder

    from surveys.db import prepare_engine
    from surveys.migrate import migrate

    BaseUser._pbkdf2_iteration_count = 1_000  # logging in is not what is measured
    await migrate()
    await prepare_engine(engine_finder())
    started = time.perf_counter()
    units, staff = await _make_units_and_staff()
    trainings, jp = _trainings(staff)
    rows = _score_rows(units, staff, trainings, jp)
    await _load(url, trainings, rows)
    await _build_staff_rollup(url)
    setup = time.perf_counter() - started
    log(f"setup: {len(rows):,} score_daily rows, {len(trainings):,} trainings in {setup:.0f} s")
    figures = await _measure(repeat)
    return figures | {"setup": setup, "rows": len(rows), "trainings": len(trainings)}


async def _make_units_and_staff() -> tuple[list[int], list[tuple[int, int]]]:
    from piccolo.engine import engine_finder

    from surveys.queries.users import create_user
    from surveys.tables import Staff, Unit

    async with engine_finder().transaction():
        await Unit.insert(*(Unit(code=f"U{i:03d}", name=f"Unit {i:03d}") for i in range(UNITS)))
    units = [row["id"] for row in await Unit.select(Unit.id).order_by(Unit.id)]
    async with engine_finder().transaction():
        officers = [
            Staff(unit=unit, nip=f"19800101{unit:06d}{k:04d}", name=f"Petugas {unit}-{k}")
            for unit in units
            for k in range(PER_UNIT)
        ]
        for start in range(0, len(officers), 1000):
            await Staff.insert(*officers[start : start + 1000])
    staff = [(row["id"], row["unit"]) for row in await Staff.select(Staff.id, Staff.unit)]
    await create_user("bench-admin", PASSWORD, "admin")
    return units, staff


def _trainings(staff: list[tuple[int, int]]) -> tuple[list[tuple], dict[int, int]]:
    """0-4 trainings per officer over 2025-2026; returns rows and each officer's 2026 JP."""
    rng = np.random.default_rng(6)
    rows, jp_2026 = [], {}
    for staff_id, _unit in staff:
        jp_2026[staff_id] = 0
        for k in range(int(rng.choice([0, 1, 1, 2, 2, 3, 4]))):
            start = date(2025, 1, 1) + timedelta(days=int(rng.integers(0, 700)))
            end = start + timedelta(days=int(rng.integers(0, 5)))
            jp = int(rng.choice([4, 8, 16, 24, 32, 40]))
            kind = ("teknis", "manajerial", "sosial_kultural")[int(rng.integers(0, 3))]
            rows.append(
                (staff_id, f"Pelatihan {k}", "Pelatihan teknis", True, kind, "", start, end, jp, "")
            )
            if YEAR_END - timedelta(days=364) <= end <= YEAR_END:
                jp_2026[staff_id] += jp
    return rows, jp_2026


def _score_rows(
    units: list[int], staff: list[tuple[int, int]], trainings: list[tuple], jp: dict[int, int]
) -> list[tuple]:
    """Per officer and office day, the aggregates of the responses they served."""
    rng = np.random.default_rng(7)
    days = [DATA_START + timedelta(days=i) for i in range((YEAR_END - DATA_START).days + 1)]
    office = [d for d in days if d.weekday() < 5]
    in_year = sum(d >= YEAR_START for d in office)
    rate = RESPONSES_IN_YEAR / (len(staff) * in_year)
    first_end = {}
    for row in trainings:
        if YEAR_START <= row[7] <= YEAR_END:
            first_end[row[0]] = min(first_end.get(row[0], row[7]), row[7])
    jp_values = np.array([jp[s] for s, _ in staff], dtype=float)
    skill = 0.3 * (jp_values - jp_values.mean()) / (jp_values.std() or 1)
    skill += rng.normal(0, 0.5, len(staff))
    unit_level = dict(zip(units, rng.normal(0.8, 0.3, len(units)), strict=True))
    counts = rng.poisson(rate, (len(staff), len(office)))
    rows = []
    for i, (staff_id, unit) in enumerate(staff):
        served = np.flatnonzero(counts[i])
        n = counts[i, served]
        total = int(n.sum())
        officer_days = np.repeat(served, n)
        improved = np.array(
            [
                first_end.get(staff_id) is not None and office[d] > first_end[staff_id]
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
                    staff_id,
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
    "staff",
    "n",
    *(f"s{i}" for i in range(1, 10)),
    *(f"c{i}" for i in range(1, 10)),
    "complete_n",
    "complete_sum",
    "complete_squares",
)
_TRAINING_COLUMNS = (
    "staff",
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
        import sqlite3

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
    connection = await _connect_postgres(url)
    await connection.copy_records_to_table("training", records=trainings, columns=_TRAINING_COLUMNS)
    await connection.copy_records_to_table("score_daily", records=rows, columns=_SCORE_COLUMNS)
    await connection.execute("ANALYZE")
    await connection.close()


async def _build_staff_rollup(url: str) -> None:
    """staff_score_monthly from score_daily, as the migration that added it backfills it."""
    from importlib import import_module

    from surveys.tables import StaffScoreMonthly

    migration = import_module("surveys.piccolo_migrations.surveys_2026_11_23t05_55_00_000000")
    started = time.perf_counter()
    await StaffScoreMonthly.raw(migration._backfill(url.startswith("sqlite")))
    count = await StaffScoreMonthly.count()
    log(f"staff_score_monthly: {count:,} rows in {time.perf_counter() - started:.1f} s")


CPU: dict[str, float] = {}


async def _timed(work, repeat: int, name: str = "") -> float:
    """Median wall time; the median CPU time of this process goes to CPU[name]."""
    await work()  # warm-up
    times, cpu = [], []
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        await work()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    CPU[name] = statistics.median(cpu)
    return statistics.median(times)


async def _measure(repeat: int) -> dict:
    import httpx
    from litestar import Litestar, get

    from app.analysis_views import SEED
    from app.main import create_app
    from surveys.periods import Period
    from surveys.queries.training_analysis import training_data
    from surveys.statistics import analyse_training

    year = Period(YEAR_START, YEAR_END)
    data = await training_data(year, None)
    log(f"{len(data.officers):,} officers with responses")
    sql = await _timed(lambda: training_data(year, None), repeat, "sql")
    log(f"  SQL aggregation     {sql * 1000:8.1f} ms")
    outcomes = data.outcomes()

    async def stats() -> None:
        analyse_training(outcomes, min_responses=30, seed=SEED)

    stats_time = await _timed(stats, repeat, "stats")
    log(f"  statistics          {stats_time * 1000:8.1f} ms")
    result = analyse_training(outcomes, min_responses=30, seed=SEED).result("U6", "spearman_jp")

    @get("/bare", sync_to_thread=False)
    def bare() -> str:
        return "ok"

    app = create_app()

    def client(target) -> httpx.AsyncClient:
        transport = httpx.ASGITransport(app=target, client=("127.0.0.1", 50000))
        return httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=120)

    async with client(app) as web, client(Litestar(route_handlers=[bare])) as bare_client:
        await web.get("/login")
        token = web.cookies.get("csrftoken", "")
        await web.post(
            "/login", data={"username": "bench-admin", "password": PASSWORD, "_csrf_token": token}
        )

        async def cold() -> None:
            app.state["training_analysis"] = {}
            response = await web.get(API)
            assert response.status_code == 200, response.text[:300]

        async def fetch(path: str, target: httpx.AsyncClient = web):
            response = await target.get(path)
            assert response.status_code == 200, response.text[:300]

        api_cold = await _timed(cold, repeat, "api_cold")
        log(f"  API, cache cleared  {api_cold * 1000:8.1f} ms")
        page_warm = await _timed(lambda: fetch(PAGE), repeat, "page_warm")
        api_warm = await _timed(lambda: fetch(API), repeat, "api_warm")
        bare_time = await _timed(lambda: fetch("/bare", bare_client), max(repeat, 50), "bare")
    return {
        "officers": len(data.officers),
        "sql": sql,
        "stats": stats_time,
        "api_cold": api_cold,
        "page_warm": page_warm,
        "api_warm": api_warm,
        "bare": bare_time,
        "cpu": dict(CPU),
        "rho": result.estimate,
        "p": result.p_value,
    }


if __name__ == "__main__":
    main()
