"""Time a large responses import (default 100,000 rows) and its re-import.

    .venv/bin/python tests/perf/import_responses.py [ROWS] [DATABASE_URL]

Without a DATABASE_URL it uses a fresh SQLite file in a temporary directory. A
PostgreSQL URL's database must exist; it is emptied first. Prints the time to read and validate,
to write, and to re-import the same file (which must store nothing).
"""

from __future__ import annotations

import asyncio
import csv
import io
import os
import random
import sys
import tempfile
import time

from harness import Stopwatch  # also puts the project root on sys.path

ROWS = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
URL = sys.argv[2] if len(sys.argv) > 2 else f"sqlite:///{tempfile.mkdtemp()}/perf.sqlite3"
os.environ["DATABASE_URL"] = URL
UNITS = ("DISDUKCAPIL", "RSUD", "DPMPTSP", "DINSOS", "PUSKESMAS")


def make_csv(rows: int) -> str:
    rng = random.Random(2017)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["unit_code", "submitted_at", *[f"U{i}" for i in range(1, 10)]]
    writer.writerow([*header, "service_point", "gender", "age", "education", "comment"])
    for _ in range(rows):
        unit = rng.choice(UNITS)
        day = f"2026-{rng.randint(1, 10):02d}-{rng.randint(1, 28):02d}"
        at = f"{day}T{rng.randint(8, 16):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}"
        answers = [rng.choice(("", "2", "3", "3", "4", "4")) for _ in range(9)]
        answers[0] = answers[0] or "3"
        writer.writerow(
            [
                unit,
                at,
                *answers,
                f"Loket {rng.randint(1, 3)}",
                rng.choice(("L", "P", "")),
                rng.randint(17, 70),
                rng.choice(("SMA", "S1/D4", "")),
                rng.choice(("", "", "", "Pelayanan cepat.", "Antrean panjang.")),
            ]
        )
    return out.getvalue()


async def main() -> None:
    from piccolo.engine import engine_finder

    from surveys.store.db import prepare_engine, release_engine
    from surveys.store.imports import import_csv
    from surveys.store.migrate import migrate
    from surveys.store.tables import Response, ServicePoint, Unit
    from tests.database import empty_all_tables

    engine = engine_finder()
    await migrate()
    await prepare_engine(engine)
    await empty_all_tables()
    for code in UNITS:
        unit = Unit(code=code, name=code)
        await unit.save()
        for number in (1, 2, 3):
            await ServicePoint(
                unit=unit.id, name=f"Loket {number}", token=f"{code}-{number}"
            ).save()

    text = make_csv(ROWS)
    print(f"{ROWS} rows, {len(text) / 1e6:.1f} MB, {URL.split(':')[0]}")
    marks: dict[str, float] = {}

    def progress(done: int, total: int) -> None:
        if done >= ROWS and "validated" not in marks:
            marks["validated"] = time.perf_counter()

    clock = Stopwatch()
    report = await import_csv("responses", text, progress)
    end = time.perf_counter()
    assert not report.errors, report.errors[:5]
    print(
        f"first import:  {end - clock.started:6.2f} s wall, {clock.cpu:6.2f} s CPU of "
        f"this process ({report.created} created)"
    )
    print(f"  read + validate {marks['validated'] - clock.started:6.2f} s")
    print(f"  write + aggregates {end - marks['validated']:6.2f} s")
    marks.clear()
    clock.restart()
    again = await import_csv("responses", text, progress)
    end = time.perf_counter()
    print(
        f"re-import:     {end - clock.started:6.2f} s wall, {clock.cpu:6.2f} s CPU "
        f"({again.created} created)"
    )
    print(f"  read + validate {marks['validated'] - clock.started:6.2f} s")
    print(f"  check stored keys {end - marks['validated']:6.2f} s")
    assert again.created == 0 and await Response.count() == ROWS
    await release_engine(engine)


if __name__ == "__main__":
    asyncio.run(main())
