"""Benchmark: the dashboard's units overview at 10 thousand and 1 million responses.

Generates 200 units (20 instansi of 10 units each) over 24 months straight into the response
table (bulk insert), refreshes the aggregates once per unit as the write path does, then
times full HTTP requests through the ASGI app in-process (httpx.ASGITransport: routing,
session, guards, queries, Jinja) against a bare Litestar endpoint in the same run.

    .venv/bin/python tests/perf/bench_dashboard.py --database sqlite
    .venv/bin/python tests/perf/bench_dashboard.py \
        --database postgresql://postgres@127.0.0.1:5432/suara_bench_dashboard

Each size runs in its own process on a fresh database (a temporary SQLite file, or the named
PostgreSQL database dropped and recreated). Prints one table per run; not a pytest test.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from urllib.parse import urlparse

from harness import (
    PASSWORD,
    ROOT,
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
)

FIRST_DAY = date(2025, 1, 1)
DAYS = 730  # 24 months
INSTANSI, UNITS_EACH = 20, 10  # 200 units: 20 parents with 9 children each
OVERVIEW = "/dashboard?from=2026-04-01&to=2026-06-30"  # a triwulan, 6-period sparklines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--sizes", default="10000,1000000", help="comma-separated responses")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per URL")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one is not None:
        url = prepare_environment(args.database)  # before the loop: it runs its own
        asyncio.run(run_one(url, args.one, args.requests))
        return
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        out = subprocess.run(
            [
                sys.executable,
                __file__,
                "--database",
                args.database,
                "--one",
                str(size),
                "--requests",
                str(args.requests),
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        sys.stderr.write(out.stderr)
        if out.returncode:
            sys.exit(f"the run with {size:,} responses failed")
        results.append(json.loads(out.stdout.strip().splitlines()[-1]))
    print(
        f"\nDashboard overview benchmark on {engine_name(args.database)} ({args.requests} timed requests each)\n"
    )
    print("median wall-clock ms per request (this process's CPU ms in brackets; on PostgreSQL")
    print("the server's own CPU is not in the bracket); load = 1-minute load average at the end\n")
    print(
        f"{'responses':>10} {'setup s':>8} {'bare':>12} {'overview (200 units)':>22} "
        f"{'p90':>7} {'manager (10)':>15} {'unit page':>15} {'load':>5}"
    )
    for r in results:
        print(
            f"{r['size']:>10,} {r['setup']:>8.1f} {_cell(r, 'bare', 12)} "
            f"{_cell(r, 'overview', 22)} {r['overview_p90']:>7.1f} "
            f"{_cell(r, 'manager', 15)} {_cell(r, 'unit_page', 15)} {r['load']:>5.1f}"
        )
    if len(results) > 1:
        growth = results[-1]["overview"] / results[0]["overview"]
        print(
            f"\noverview growth from {results[0]['size']:,} to {results[-1]['size']:,}: "
            f"{growth:.2f}x"
        )


def _cell(result: dict, name: str, width: int) -> str:
    return f"{result[name]:.1f} ({result[name + '_cpu']:.1f})".rjust(width)


async def run_one(url: str, size: int, requests: int) -> None:
    await prepare_database()
    clock = Stopwatch()
    unit_ids = await _make_units()
    await _insert_responses(url, unit_ids, size)
    await _refresh(unit_ids)
    setup = clock.wall
    log(f"{size:,} responses generated and aggregated in {setup:.1f} s")
    figures = await _measure(requests, unit_ids)
    print(json.dumps({"size": size, "setup": setup, **figures}))


async def _make_units() -> dict[int, dict]:
    """200 units with service points, service types, officers; most with a population."""
    from piccolo.engine import engine_finder

    from surveys.store.accounts import create_user

    units: dict[int, dict] = {}
    async with engine_finder().transaction():  # one commit, not thousands
        await _make_unit_rows(units)
    await create_user("bench-admin", PASSWORD, "admin")
    codes = [f"U{i:02d}{j}" for i in range(10) for j in (1,)]
    await create_user("bench-manager", PASSWORD, "manager", codes)
    return units


async def _make_unit_rows(units: dict[int, dict]) -> None:
    from surveys.store.tables import Officer, ServicePoint, ServiceType, Unit, UnitPopulation

    for i in range(INSTANSI):
        parent = Unit(code=f"I{i:02d}", name=f"Instansi {i:02d}", kind="instansi")
        await parent.save()
        members = [parent.id]
        for j in range(1, UNITS_EACH):
            child = Unit(code=f"U{i:02d}{j}", name=f"Unit {i:02d}-{j}", parent=parent.id)
            await child.save()
            members.append(child.id)
        for unit_id in members:
            points, types, officer = [], [], []
            for k in range(2):
                point = ServicePoint(unit=unit_id, name=f"Loket {k + 1}", token=f"t{unit_id}-{k}")
                await point.save()
                points.append(point.id)
                kind = ServiceType(unit=unit_id, name=f"Layanan {k + 1}")
                await kind.save()
                types.append(kind.id)
            for k in range(3):
                person = Officer(unit=unit_id, nip=f"{unit_id:09d}{k:09d}", name=f"Petugas {k}")
                await person.save()
                officer.append(person.id)
            units[unit_id] = {"points": points, "types": types, "officer": officer}
            if unit_id % 4:
                await UnitPopulation(
                    unit=unit_id,
                    period_start=date(2026, 1, 1),
                    period_end=date(2026, 12, 31),
                    population=5000,
                ).save()


_COLUMNS = (
    "survey",
    "unit",
    "service_point",
    "service_type",
    "officer",
    "channel",
    "submitted_at",
    "local_day",
    "u1",
    "u2",
    "u3",
    "u4",
    "u5",
    "u6",
    "u7",
    "u8",
    "u9",
    "gender",
    "age",
    "education",
    "occupation",
    "comment",
    "locale",
    "status",
    "flag_reason",
)
_COMMENTS = (
    "Pelayanan cepat dan ramah",
    "Antrean terlalu lama",
    "Ruang tunggu panas",
    "Petugas membantu sekali",
    "Persyaratan kurang jelas",
)


def _rows(unit_ids: dict[int, dict], size: int, survey_id: int):
    rng = random.Random(size)
    ids = list(unit_ids)
    # Each unit has its own level, so rankings are not all ties.
    level = {unit_id: rng.uniform(2.6, 3.8) for unit_id in ids}
    for _ in range(size):
        unit_id = rng.choice(ids)
        unit = unit_ids[unit_id]
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        moment = datetime(day.year, day.month, day.day, rng.randrange(1, 9), tzinfo=UTC)
        centre = level[unit_id]
        answers = [min(4, max(1, round(rng.gauss(centre, 0.6)))) for _ in range(9)]
        if rng.random() < 0.05:
            answers[7] = None
        yield (
            survey_id,
            unit_id,
            rng.choice(unit["points"]),
            rng.choice(unit["types"]),
            rng.choice(unit["officer"]),
            "qr",
            moment,
            day,
            *answers,
            rng.choice(("L", "P", None)),
            rng.randrange(17, 70),
            rng.choice(("SMA", "S1/D4", "D1-D3", None)),
            rng.choice(("PNS", "Swasta", None)),
            rng.choice(_COMMENTS) if rng.random() < 0.1 else "",
            "id",
            "valid",
            "",
        )


async def _insert_responses(url: str, unit_ids: dict[int, dict], size: int) -> None:
    from surveys.store.survey_versions import ensure_default_survey

    survey_id = await ensure_default_survey()
    rows = _rows(unit_ids, size, survey_id)
    if url.startswith("sqlite"):
        import sqlite3

        path = urlparse(url).path[1:]
        connection = sqlite3.connect(path)
        placeholders = ", ".join("?" for _ in _COLUMNS)
        sql = f"INSERT INTO response ({', '.join(_COLUMNS)}) VALUES ({placeholders})"
        with connection:
            connection.executemany(
                sql, ((*row[:6], str(row[6]), row[7].isoformat(), *row[8:]) for row in rows)
            )
        connection.close()
    else:
        connection = await connect_postgres(url)
        await connection.copy_records_to_table("response", records=rows, columns=_COLUMNS)
        await connection.execute("ANALYZE")
        await connection.close()


async def _refresh(unit_ids: dict[int, dict]) -> None:
    """The write path's refresh, once per unit over the whole range."""
    from piccolo.engine import engine_finder

    from surveys.store.db import write_transaction
    from surveys.store.responses import refresh_daily_scores

    last = FIRST_DAY + timedelta(days=DAYS - 1)
    async with write_transaction(engine_finder()):
        await refresh_daily_scores({unit_id: (FIRST_DAY, last) for unit_id in unit_ids})


async def _measure(requests: int, unit_ids: dict[int, dict]) -> dict[str, float]:
    from app.main import create_app

    figures = {}

    def record(name: str, timings) -> None:
        figures[name] = timings.median
        figures[f"{name}_cpu"] = timings.cpu_median
        if name == "overview":
            figures["overview_p90"] = statistics.quantiles(timings.wall, n=10)[-1]
        log(f"  {name:<10} median {figures[name]:7.2f} ms, cpu {figures[name + '_cpu']:.2f} ms")

    record("bare", await measure_bare(requests, warmup=3))
    async with asgi_client(create_app()) as app_client, asgi_client(create_app()) as manager:
        await log_in(app_client, "bench-admin")
        await log_in(manager, "bench-manager")
        for name, client, url in (
            ("overview", app_client, OVERVIEW),
            ("manager", manager, OVERVIEW),
            ("unit_page", app_client, "/dashboard/units/U011?from=2026-04-01&to=2026-06-30"),
        ):
            record(name, await measure(lambda c=client, u=url: c.get(u), requests, warmup=3))
        figures["load"] = os.getloadavg()[0]
        page = await app_client.get(OVERVIEW)
        assert page.text.count('data-testid="unit-row"') == len(unit_ids), "not every unit shown"
    return figures


if __name__ == "__main__":
    main()
