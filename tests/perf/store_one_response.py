"""Time storing one response into a unit-day that already holds 20,000 (a forum paper form).

    .venv/bin/python tests/perf/store_one_response.py

DATABASE_URL picks the engine (default: a fresh SQLite file; a PostgreSQL database is emptied).
"""

import asyncio
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DATABASE_URL", f"sqlite:///{tempfile.mkdtemp()}/one.sqlite3")


async def main():
    from piccolo.engine import engine_finder

    from surveys.method.periods import local_day
    from surveys.store.db import prepare_engine, release_engine
    from surveys.store.migrate import migrate
    from surveys.store.responses import record_responses
    from surveys.store.survey_versions import ensure_default_survey
    from surveys.store.tables import Response, Unit
    from tests.database import empty_all_tables

    engine = engine_finder()
    await migrate()
    await prepare_engine(engine)
    await empty_all_tables()
    unit = Unit(code="U", name="U")
    await unit.save()
    survey = await ensure_default_survey()
    at = datetime(2026, 3, 10, 3, tzinfo=UTC)

    def r(i):
        return Response(
            survey=survey,
            unit=unit.id,
            channel="qr",
            submitted_at=at,
            local_day=local_day(at),
            u1=i % 4 + 1,
            u2=3,
            dedupe_key=f"k{i}",
        )

    for s in range(0, 20000, 5000):
        await record_responses([r(i) for i in range(s, s + 5000)])
    times = []
    for i in range(20000, 20020):
        t = time.perf_counter()
        await record_responses([r(i)])
        times.append(time.perf_counter() - t)
    times.sort()
    print(
        f"one row into a 20,000-row day: median {times[10] * 1000:.1f} ms, max {times[-1] * 1000:.1f} ms"
    )
    await release_engine(engine)


asyncio.run(main())
