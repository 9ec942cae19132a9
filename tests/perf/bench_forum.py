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
import random
import statistics

from harness import (
    PASSWORD,
    Stopwatch,
    asgi_client,
    bare_app,
    engine_name,
    log_in,
    measure,
    percentile,
    prepare_database,
    prepare_environment,
    print_table,
)

HX = {"HX-Request": "true"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--requests", type=int, default=50, help="timed requests per figure")
    parser.add_argument("--background", type=int, default=1000, help="unit's responses that day")
    args = parser.parse_args()
    prepare_environment(args.database, "suara-bench-forum-")
    asyncio.run(run(args.database, args.requests, args.background))


async def _seed(background: int) -> int:
    from datetime import datetime

    from surveys.method.periods import DEFAULT_TIMEZONE, local_day
    from surveys.store.accounts import create_user
    from surveys.store.responses import record_responses
    from surveys.store.survey_versions import ensure_default_survey
    from surveys.store.tables import ForumSession, Response, ServicePoint, Unit

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


def _code(rng: random.Random) -> str:
    return "".join(rng.choice("1234") for _ in range(9))


async def _timed(call, times: int) -> list[float]:
    return (await measure(call, times, ok=(200, 303))).wall


async def _each(calls) -> list[float]:
    """One timed request per call: each paper and tally is a different form."""
    return [(await _timed(call, 1))[0] for call in calls]


async def run(database: str, requests: int, background: int) -> None:
    from app.main import create_app
    from surveys.store.tables import Response

    await prepare_database()
    session_id = await _seed(background)
    rng = random.Random(2)
    figures: dict[str, list[float]] = {}
    base = f"/forum/sessions/{session_id}"
    async with asgi_client(bare_app()) as bare_client, asgi_client(create_app()) as client:
        token = await log_in(client, "bench-fasil")

        def paper(key: str):
            data = {"code": _code(rng), "client_key": key, "_csrf_token": token}
            return lambda: client.post(f"{base}/paper", data=data, headers=HX)

        for _ in range(3):
            await bare_client.get("/bare")
            await paper(f"warm-{_:04d}")()
        figures["bare"] = await _timed(lambda: bare_client.get("/bare"), requests)
        figures["page"] = await _timed(lambda: client.get(f"{base}/paper"), 20)
        figures["paper"] = await _each(paper(f"bench-{i:06d}") for i in range(requests))
        figures["resend"] = await _timed(paper("bench-000000"), requests)
        clock = Stopwatch()
        for i in range(50):
            await paper(f"stack-{i:06d}")()
        stack = clock.wall * 1000
        tally = {f"U{i}_{v}": "12" if v > 1 else "2" for i in range(1, 10) for v in range(1, 5)}
        figures["tally"] = await _each(
            lambda i=i: client.post(
                f"{base}/tally",
                data={**tally, "client_key": f"tally-{i:04d}", "_csrf_token": token},
                headers=HX,
            )
            for i in range(10)
        )
        stored = await Response.count().where(Response.forum_session == session_id)
    expected = 3 + requests + 50 + 10 * 38
    assert stored == expected, (stored, expected)
    print(
        f"\nForum entry benchmark on {engine_name(database)} ({background:,} responses that day already)\n"
    )
    rows = (
        ("bare Litestar endpoint", "bare"),
        ("GET …/paper (entry page)", "page"),
        ("POST …/paper, htmx (store + fragment)", "paper"),
        ("POST …/paper, resend of a stored key", "resend"),
        ("POST …/tally of 38 forms, htmx", "tally"),
    )
    print(f"  {'':<42} {'median':>9} {'p95':>9}")
    print_table(
        [
            (
                label,
                f"{statistics.median(figures[key]):8.2f}ms {percentile(figures[key], 0.95):8.2f}ms",
            )
            for label, key in rows
        ],
        42,
    )
    print(f"  {'50 papers in a row, one after another':<42} {stack:8.0f}ms total")


if __name__ == "__main__":
    main()
