"""Benchmark: the SKM report (HTML and PDF) and the exports of one large unit-period.

Seeds one unit with N responses in one triwulan (profile, 10% with a comment, some blank
elements) through the normal write path, then times full HTTP requests through the ASGI
app in-process (httpx.ASGITransport: routing, session, guard, queries, rendering) against a
bare Litestar endpoint in the same run, and the process's peak memory after each export.

    .venv/bin/python tests/perf/bench_reports.py --size 50000
    .venv/bin/python tests/perf/bench_reports.py --size 50000 \
        --database postgresql://postgres@127.0.0.1:5432/suara_bench_reports

Not a pytest test; prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "benchmark-password-123"
QUERY = "from=2026-01-01&to=2026-03-31"
BASE = "/dashboard/units/DISDUKCAPIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--size", type=int, default=50_000, help="responses in the period")
    args = parser.parse_args()
    _prepare_environment(args.database)
    asyncio.run(run(args.database, args.size))


def _prepare_environment(database: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="suara-bench-reports-"))
    os.environ["SUARA_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-that-is-long-enough-0123")
    os.environ.pop("REDIS_URL", None)
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
        return
    os.environ["DATABASE_URL"] = database
    import asyncpg

    parsed = urlparse(database)

    async def recreate() -> None:
        conn = await asyncpg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            database="postgres",
        )
        name = parsed.path.lstrip("/")
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(recreate())


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


async def _seed(size: int) -> None:
    from surveys.periods import local_day
    from surveys.queries.responses import record_responses
    from surveys.queries.surveys import ensure_default_survey
    from surveys.queries.users import create_user
    from surveys.tables import Response, Unit, UnitPopulation

    unit = Unit(code="DISDUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil")
    await unit.save()
    await UnitPopulation(
        unit=unit.id,
        period_start=datetime(2026, 1, 1).date(),
        period_end=datetime(2026, 3, 31).date(),
        population=size * 6,
    ).save()
    await create_user("bench-manager", PASSWORD, "manager", ["DISDUKCAPIL"])
    survey = await ensure_default_survey()
    rng = random.Random(size)
    start = datetime(2026, 1, 1, 1, tzinfo=UTC)
    chunk: list[Response] = []
    for i in range(size):
        moment = start + timedelta(minutes=rng.randrange(89 * 24 * 60))
        answers = {f"u{k}": min(4, max(1, round(rng.gauss(3.3, 0.6)))) for k in range(1, 10)}
        if rng.random() < 0.05:
            answers["u8"] = None
        chunk.append(
            Response(
                survey=survey,
                unit=unit.id,
                channel="qr",
                submitted_at=moment,
                local_day=local_day(moment),
                gender=rng.choice(("L", "P", None)),
                age=rng.randrange(17, 75),
                education=rng.choice(("SMA", "S1/D4", "SMP", None)),
                occupation=rng.choice(("Swasta", "PNS", "Wirausaha", None)),
                comment="Antrean pagi panjang, mohon tambah kursi." if rng.random() < 0.1 else "",
                **answers,
            )
        )
        if len(chunk) == 5000 or i == size - 1:
            await record_responses(chunk)
            chunk = []


async def _client(app):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=600)


async def _timed(client, url: str, times: int) -> tuple[float, int]:
    durations, size = [], 0
    for _ in range(times):
        started = time.perf_counter()
        response = await client.get(url)
        durations.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code, response.text[:300])
        size = len(response.content)
    return statistics.median(durations), size


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(database: str, size: int) -> None:
    sys.path.insert(0, str(ROOT))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from litestar import Litestar, get
    from piccolo.apps.user.tables import BaseUser
    from piccolo.engine import engine_finder

    from app.main import create_app
    from surveys.db import prepare_engine
    from surveys.migrate import migrate

    BaseUser._pbkdf2_iteration_count = 1_000  # logging in is not what is measured
    await migrate()
    await prepare_engine(engine_finder())
    started = time.perf_counter()
    await _seed(size)
    log(f"{size:,} responses stored in {time.perf_counter() - started:.1f} s")

    @get("/bare", sync_to_thread=False)
    def bare() -> str:
        return "ok"

    rows = []
    bare_client = await _client(Litestar(route_handlers=[bare]))
    client = await _client(create_app())
    async with bare_client, client:
        await client.get("/login")
        token = client.cookies.get("csrftoken", "")
        await client.post(
            "/login",
            data={"username": "bench-manager", "password": PASSWORD, "_csrf_token": token},
        )
        rows.append(("bare Litestar endpoint", *await _timed(bare_client, "/bare", 50), None))
        for label, route, times in (
            ("processing.csv (table only)", "processing.csv", 10),
            ("report (HTML)", "report", 5),
            ("report.pdf", "report.pdf", 3),
            ("responses.csv (streamed)", "responses.csv", 3),
            ("responses.xlsx", "responses.xlsx", 2),
        ):
            await client.get(f"{BASE}/{route}?{QUERY}")  # warm
            median, length = await _timed(client, f"{BASE}/{route}?{QUERY}", times)
            rows.append((label, median, length, _peak_mb()))
            log(f"{label}: {median:.0f} ms")
    engine = "SQLite" if database == "sqlite" else "PostgreSQL"
    print(f"\nReport and export benchmark on {engine}: one unit, {size:,} responses in a triwulan")
    print(f"{'':32} {'median ms':>10} {'bytes':>12} {'peak RSS MB':>12}")
    for label, median, length, peak in rows:
        peak_text = "" if peak is None else f"{peak:.0f}"
        print(f"{label:32} {median:>10.1f} {length:>12,} {peak_text:>12}")


if __name__ == "__main__":
    main()
