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
import random
import resource
from datetime import UTC, datetime, timedelta

from harness import (
    PASSWORD,
    Stopwatch,
    asgi_client,
    engine_name,
    log,
    log_in,
    measure,
    measure_bare,
    prepare_database,
    prepare_environment,
)

QUERY = "from=2026-01-01&to=2026-03-31"
BASE = "/dashboard/units/DISDUKCAPIL"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--size", type=int, default=50_000, help="responses in the period")
    args = parser.parse_args()
    prepare_environment(args.database, "suara-bench-reports-")
    asyncio.run(run(args.database, args.size))


async def _seed(size: int) -> None:
    from surveys.method.periods import local_day
    from surveys.store.accounts import create_user
    from surveys.store.responses import record_responses
    from surveys.store.survey_versions import ensure_default_survey
    from surveys.store.tables import Response, Unit, UnitPopulation

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


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def run(database: str, size: int) -> None:
    from app.main import create_app

    await prepare_database()
    clock = Stopwatch()
    await _seed(size)
    log(f"{size:,} responses stored in {clock.wall:.1f} s")
    bare = await measure_bare(50)
    rows = [("bare Litestar endpoint", bare.median, bare.size, None)]
    async with asgi_client(create_app(), timeout=600) as client:
        await log_in(client, "bench-manager")
        for label, route, times in (
            ("processing.csv (table only)", "processing.csv", 10),
            ("report (HTML)", "report", 5),
            ("report.pdf", "report.pdf", 3),
            ("responses.csv (streamed)", "responses.csv", 3),
            ("responses.xlsx", "responses.xlsx", 2),
        ):
            url = f"{BASE}/{route}?{QUERY}"
            timings = await measure(lambda url=url: client.get(url), times, warmup=1)
            rows.append((label, timings.median, timings.size, _peak_mb()))
            log(f"{label}: {timings.median:.0f} ms")
    engine = engine_name(database)
    print(f"\nReport and export benchmark on {engine}: one unit, {size:,} responses in a triwulan")
    print(f"{'':32} {'median ms':>10} {'bytes':>12} {'peak RSS MB':>12}")
    for label, median, length, peak in rows:
        peak_text = "" if peak is None else f"{peak:.0f}"
        print(f"{label:32} {median:>10.1f} {length:>12,} {peak_text:>12}")


if __name__ == "__main__":
    main()
