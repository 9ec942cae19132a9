"""Benchmark: a facilitator entering a stack of paper questionnaires into a forum session.

Full HTTP requests through the ASGI app in-process (httpx.ASGITransport: session, CSRF,
guard, scoping, validation, the write transaction with its aggregate refresh and audit
entry, and the #entry-status fragment) against a bare Litestar endpoint in the same run:
the htmx POST of one paper code (what static/forum.js sends per Enter), a resend of a
stored key, a tally of 38 forms, the entry page, and 50 papers in a row. The unit already
has --background responses that day (default 1,000), so the aggregate refresh that
``record_responses`` runs per write has real work.

    .venv/bin/python tests/perf/bench_forum.py
    .venv/bin/python tests/perf/bench_forum.py --database postgresql://postgres@127.0.0.1:5432/suara_bench_forum

Not a pytest test; prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "benchmark-password-123"
HX = {"HX-Request": "true"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per figure")
    parser.add_argument("--background", type=int, default=1000, help="unit's responses that day")
    args = parser.parse_args()
    _prepare_environment(args.database)
    asyncio.run(run(args.database, args.requests, args.background))


def _prepare_environment(database: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="suara-bench-forum-"))
    os.environ["SUARA_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-that-is-long-enough-0123")
    os.environ.pop("REDIS_URL", None)
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = database
        _recreate_postgres(database)


def _recreate_postgres(url: str) -> None:
    import asyncpg

    parsed = urlparse(url)

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


async def _seed(background: int) -> int:
    from datetime import datetime

    from surveys.periods import DEFAULT_TIMEZONE, local_day
    from surveys.queries.responses import record_responses
    from surveys.queries.surveys import ensure_default_survey
    from surveys.queries.users import create_user
    from surveys.tables import ForumSession, Response, ServicePoint, Unit

    unit = Unit(code="DISDUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil")
    await unit.save()
    point = ServicePoint(unit=unit.id, name="Forum", kind="forum", token="t" * 32)
    await point.save()
    now = datetime.now(DEFAULT_TIMEZONE)
    session = ForumSession(
        unit=unit.id,
        kind="musyawarah_kelurahan",
        held_on=now.date(),
        place="Balai",
        status="open",
        service_point=point.id,
        attendance_male=100,
        attendance_female=100,
    )
    await session.save()
    survey = await ensure_default_survey()
    rng = random.Random(1)
    await record_responses(
        [
            Response(
                survey=survey,
                unit=unit.id,
                channel="qr",
                submitted_at=now,
                local_day=local_day(now),
                **{f"u{i}": rng.randint(2, 4) for i in range(1, 10)},
            )
            for _ in range(background)
        ]
    )
    await create_user("bench-fasil", PASSWORD, "facilitator", ["DISDUKCAPIL"])
    return session.id


async def _client(app):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://bench")


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("1234") for _ in range(9))


async def _timed(call) -> float:
    started = time.perf_counter()
    response = await call()
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code in (200, 303), (response.status_code, response.text[:300])
    return elapsed


async def run(database: str, requests: int, background: int) -> None:
    sys.path.insert(0, str(ROOT))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from litestar import Litestar, get
    from piccolo.apps.user.tables import BaseUser
    from piccolo.engine import engine_finder

    from app.main import create_app
    from surveys.db import prepare_engine
    from surveys.migrate import migrate
    from surveys.tables import Response

    BaseUser._pbkdf2_iteration_count = 1_000  # logging in is not what is measured
    await migrate()
    await prepare_engine(engine_finder())
    session_id = await _seed(background)

    @get("/bare", sync_to_thread=False)
    def bare() -> str:
        return "ok"

    rng = random.Random(2)
    figures: dict[str, list[float]] = {}
    bare_client = await _client(Litestar(route_handlers=[bare]))
    client = await _client(create_app())
    base = f"/forum/sessions/{session_id}"
    async with bare_client, client:
        await client.get("/login")
        token = client.cookies.get("csrftoken", "")
        await client.post(
            "/login", data={"username": "bench-fasil", "password": PASSWORD, "_csrf_token": token}
        )

        def paper(key: str):
            data = {"code": _code(rng), "client_key": key, "_csrf_token": token}
            return lambda: client.post(f"{base}/paper", data=data, headers=HX)

        for _ in range(3):
            await bare_client.get("/bare")
            await paper(f"warm-{_:04d}")()
        figures["bare"] = [await _timed(lambda: bare_client.get("/bare")) for _ in range(requests)]
        figures["page"] = [await _timed(lambda: client.get(f"{base}/paper")) for _ in range(20)]
        figures["paper"] = [await _timed(paper(f"bench-{i:06d}")) for i in range(requests)]
        figures["resend"] = [await _timed(paper("bench-000000")) for _ in range(requests)]
        started = time.perf_counter()
        for i in range(50):
            await paper(f"stack-{i:06d}")()
        stack = (time.perf_counter() - started) * 1000
        tally = {f"U{i}_{v}": "12" if v > 1 else "2" for i in range(1, 10) for v in range(1, 5)}
        figures["tally"] = [
            await _timed(
                lambda i=i: client.post(
                    f"{base}/tally",
                    data={**tally, "client_key": f"tally-{i:04d}", "_csrf_token": token},
                    headers=HX,
                )
            )
            for i in range(10)
        ]
        stored = await Response.count().where(Response.forum_session == session_id)
    expected = 3 + requests + 50 + 10 * 38
    assert stored == expected, (stored, expected)
    engine = "SQLite" if database == "sqlite" else "PostgreSQL"
    print(f"\nForum entry benchmark on {engine} ({background:,} responses that day already)\n")
    rows = (
        ("bare Litestar endpoint", "bare"),
        ("GET …/paper (entry page)", "page"),
        ("POST …/paper, htmx (store + fragment)", "paper"),
        ("POST …/paper, resend of a stored key", "resend"),
        ("POST …/tally of 38 forms, htmx", "tally"),
    )
    print(f"  {'':<42} {'median':>9} {'p95':>9}")
    for label, key in rows:
        values = sorted(figures[key])
        p95 = values[min(len(values) - 1, int(len(values) * 0.95))]
        print(f"  {label:<42} {statistics.median(values):8.2f}ms {p95:8.2f}ms")
    print(f"  {'50 papers in a row, one after another':<42} {stack:8.0f}ms total")


if __name__ == "__main__":
    main()
