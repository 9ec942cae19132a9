"""Benchmark: the overview of a year's development events, 30 events, all four levels.

Seeds the demo city (its citizens' answers at ``--scale``, 0.3 by default: about 12,000
responses over 18 months) with its one evaluated event, then adds 29 events of the
same year. Level 4 is the costly level, and a small city has few officers it can measure: each
added event takes three quarters of the demo event's participants in the same weeks (so every
event has a Level 4 reading against the same colleagues), with their attendance, test scores, a
few reactions and supervisors' answers; it is left unfinished, so that no training record takes
the comparable colleagues away. Then times, in one process:

- the overview's rows (``surveys.evaluation.overview.event_rows``), with the number of SQL
  statements it runs, first with an empty Level 4 cache (every event's difference in
  differences computed) and then warm;
- the overview page through HTTP (GET /development/events/overview), warm.

    .venv/bin/python tests/perf/bench_overview.py --database sqlite
    .venv/bin/python tests/perf/bench_overview.py \
        --database postgresql://postgres@127.0.0.1:5432/suara_bench_overview

Prints a table; not a pytest test.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import time
from datetime import date, timedelta

from harness import (
    Stopwatch,
    asgi_client,
    engine_name,
    load_text,
    log,
    log_in,
    measure,
    prepare_database,
    prepare_environment,
    print_table,
)

TODAY = date(2026, 11, 23)
EVENTS = 30
PAGE = "/development/events/overview?year=2026"


class QueryCounter:
    """Counts the SQL statements Piccolo sends while it is installed."""

    def __init__(self) -> None:
        from piccolo.engine import engine_finder

        self.engine_class = type(engine_finder())
        self.original = self.engine_class.run_querystring
        self.count = 0

    def __enter__(self) -> QueryCounter:
        original = self.original

        async def counted(engine, *args, **kwargs):
            self.count += 1
            return await original(engine, *args, **kwargs)

        self.engine_class.run_querystring = counted  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        self.engine_class.run_querystring = self.original  # type: ignore[method-assign]


async def plant_events(rng: random.Random) -> None:
    """29 finished events of 2026 besides the demo's, with their first three levels."""
    from surveys.evaluation import events as ev
    from surveys.store.audit import Someone
    from surveys.store.development_tables import (
        REACTION_ITEMS,
        BehaviourAnswer,
        EventParticipant,
        ReactionAnswer,
    )

    bkpsdm = Someone(None, "bkpsdm")
    from surveys.store.development_tables import TrainingEvent

    demo = await TrainingEvent.select().first()
    measured = [p["nip"] for p in await ev.participants(demo["id"])]
    for k in range(EVENTS - 1):
        start = demo["start_date"] + timedelta(days=k % 3)
        fields = ev.EventFields(
            title=f"Pelatihan {k + 1:02d}",
            form="Pelatihan teknis",
            classical=True,
            competency="teknis",
            provider=rng.choice(("BPSDM Provinsi", "BKPSDM", "LAN")),
            trainers="Dr. Yusuf",
            start_date=start,
            end_date=start + timedelta(days=2),
            jp=24,
            cost=None,
        )
        event_id = await ev.create_event(bkpsdm, fields)
        chosen = rng.sample(measured, max(5, len(measured) * 3 // 4))
        await ev.register_participants(bkpsdm, event_id, chosen)
        people = await ev.participants(event_id)
        results = {}
        for person in people:
            pre = rng.randint(30, 70)
            results[person["id"]] = ev.ParticipantResult(True, pre, pre + rng.randint(0, 30))
        await ev.record_results(bkpsdm, event_id, results)
        # Not finished: no training records, so each event's colleagues stay comparable
        # (a small city cannot give thirty events clean colleagues otherwise).
        for index, person in enumerate(people):
            if index % 3 != 2:
                ratings = {item: rng.randint(2, 4) for item in REACTION_ITEMS}
                await ReactionAnswer(
                    event=event_id,
                    participant=person["id"],
                    dedupe_key=f"bench:{event_id}:{person['id']}",
                    **ratings,
                ).save()
            if index % 2 == 0:
                await BehaviourAnswer(
                    participant=person["id"], respondent="supervisor", ratings={"0": 3}
                ).save()
    log(f"events: {await EventParticipant.count()} participants in {EVENTS} events")


async def run(scale: float, repeat: int) -> list[tuple[str, str]]:
    from app.main import create_app
    from surveys.evaluation import overview as q
    from surveys.evaluation.events import events_in_scope
    from surveys.store.seed import seed_demo
    from tests.factories import make_user

    await prepare_database()
    clock = Stopwatch()
    log(await seed_demo(2017, scale=scale, today=TODAY))
    await plant_events(random.Random(2017))
    log(f"seeded in {clock.wall:.1f} s")
    found = await events_in_scope(None, date(2026, 1, 1), date(2026, 12, 31))
    assert len(found) == EVENTS, len(found)

    rows_out: list[tuple[str, str]] = []
    cold = getattr(q, "forget_cached_impacts", None)
    await q.event_rows(found, TODAY)  # numpy and scipy load once, untimed
    for label, warm in (("cold", False), ("warm", True)):
        walls = []
        for attempt in range(repeat):
            if not warm and cold is not None:
                cold()
            with QueryCounter() as counter:
                started = time.perf_counter()
                rows = await q.event_rows(found, TODAY)
                walls.append(time.perf_counter() - started)
            if attempt == 0:
                ready = sum(1 for row in rows if row.ikm_verdict is not None)
                rows_out.append(
                    (f"rows, {label}: SQL statements", f"{counter.count} ({ready} L4 readings)")
                )
        walls.sort()
        rows_out.append((f"rows, {label}: median s", f"{walls[len(walls) // 2]:.3f}"))

    app = create_app()
    async with app.lifespan(), asgi_client(app, timeout=120) as client:
        user = await make_user("bench-hr", "hr")
        await log_in(client, user["username"], user["password"])
        page = await measure(lambda: client.get(PAGE), repeat, warmup=1)
        rows_out.append(("page, warm: median ms", f"{sorted(page.wall)[len(page.wall) // 2]:.0f}"))
    return rows_out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--scale", type=float, default=0.3, help="the demo's response scale")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each measurement")
    args = parser.parse_args()
    prepare_environment(args.database, "suara-bench-overview-")
    rows = asyncio.run(run(args.scale, args.repeat))
    print(f"Events overview, {EVENTS} events, {engine_name(args.database)}, {load_text()}")
    print_table(rows, 34)


if __name__ == "__main__":
    main()
