"""Deterministic demo data: a Sawahlunto-like city with 18 months of survey responses.

``seed_demo`` plans everything in memory from ``random.Random`` streams derived from the seed
(only the QR tokens come from ``secrets``: they must stay unguessable), then writes it: the
city's units, officers, points, rotations and trainings in one write transaction, the demo users,
the forum sessions, and the responses month by month.

Responses are plain column values stored through ``store_responses``, the one write path
(one write transaction, dedupe keys, the aggregates kept in step, the rows sent to the
driver's ``executemany``). Building a Piccolo object and statement per row cost twice the
CPU and kept 40,000 rows well over the 20-second budget on a busy machine.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Callable, Iterator
from datetime import date, datetime

from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.responses import store_responses
from surveys.store.seed.calendar import demo_window, season_for
from surveys.store.seed.city import UNITS
from surveys.store.seed.competency import write_competency
from surveys.store.seed.events import plan_demo_event, seed_demo_event
from surveys.store.seed.forums import plan_forums
from surveys.store.seed.people import add_trainings, duty_lookup, make_officers, plan_duties
from surveys.store.seed.publications import approve_kind_comments, write_publications
from surveys.store.seed.responses import Row, Staffing, expected_volumes, monthly_responses
from surveys.store.seed.writes import write_city, write_forums, write_users
from surveys.store.survey_versions import ensure_default_survey
from surveys.store.tables import Unit

__all__ = ["DEMO_USERS", "RESPONSES", "database_is_empty", "seed_demo"]

# Responses at scale 1 over the 18 months (counters, kiosks and forum papers together).
RESPONSES = 40_000
# Responses written at once: whole months, at least this many.
FLUSH_AT = 8000

# Logins for the demo, printed by `suara seed-demo`. Change them before any real use.
DEMO_USERS: list[dict] = [
    {"username": "admin", "password": "suara-admin-2017", "role": "admin", "units": []},
    {
        "username": "kadis.dukcapil",
        "password": "suara-dukcapil-2017",
        "role": "manager",
        "units": ["DISDUKCAPIL"],
    },
    {
        "username": "direktur.rsud",
        "password": "suara-rsud-2017",
        "role": "manager",
        "units": ["RSUD"],
    },
    {
        # Bagian Organisasi coordinates the SKM for the whole Pemerintah Kota.
        "username": "kabag.organisasi",
        "password": "suara-org-2017",
        "role": "manager",
        "units": [plan.code for plan in UNITS],
    },
    {
        # The city's HR agency (BKPSDM): competency development of every unit's officers,
        # and development events with their evaluation, city-wide.
        "username": "bkpsdm",
        "password": "suara-bkpsdm-2017",
        "role": "hr",
        "units": [],
    },
    {
        "username": "fasilitator",
        "password": "suara-forum-2017",
        "role": "facilitator",
        "units": ["KEC-BARANGIN", "KEC-TALAWI"],
    },
]


async def database_is_empty() -> bool:
    """True when no unit exists yet (a fresh install)."""
    return await Unit.count() == 0


async def seed_demo(
    seed: int = 2017,
    progress: Callable[[str], None] | None = None,
    *,
    scale: float = 1.0,
    today: date | None = None,
) -> str:
    """Fill the database with the demo city; returns a one-line summary.

    ``scale`` multiplies the number of responses (tests use a fraction); ``today`` fixes the
    window (18 full months before today's month) for reproducible runs.
    """
    say = progress or (lambda message: None)
    today = today or datetime.now(DEFAULT_TIMEZONE).date()
    window = demo_window(today)
    season = season_for(window)
    officers = make_officers(_rng(seed, "officers"), UNITS, today)
    add_trainings(_rng(seed, "trainings"), officers, window)
    duties, desk_cards = plan_duties(_rng(seed, "duties"), officers, UNITS, window)
    staffing = Staffing(officers, desk_cards, duty_lookup(duties))
    demo_event = plan_demo_event(officers, staffing, today)
    volumes = expected_volumes(UNITS, window, season, RESPONSES * scale)
    forums = plan_forums(_rng(seed, "forums"), UNITS, window, season)

    survey_id = await ensure_default_survey()
    say(f"City: {len(UNITS)} units, {len(officers)} officers, their duties and trainings")
    ids = await write_city(
        _rng(seed, "city"), survey_id, officers, duties, desk_cards, volumes, window
    )
    say(f"Demo users: {', '.join(user['username'] for user in DEMO_USERS)}")
    facilitator = await write_users(DEMO_USERS)
    paper = await write_forums(forums, ids, facilitator)

    knack = {officer.nip: officer.knack for officer in officers}
    say("Competency development: " + await write_competency(_rng(seed, "competency"), today, knack))

    batches = monthly_responses(_rng(seed, "responses"), UNITS, window, volumes, staffing, ids)
    stored = await _store_responses(window.months, batches, paper, say)
    published = await write_publications(window, today)
    say(f"Published results: {published} unit-quarters, with follow-up items")
    say(f"Comments approved for the hall displays: {await approve_kind_comments()}")
    event = await seed_demo_event(_rng(seed, "events"), demo_event)
    if event:
        say(f"Development event evaluated at four levels: {event}")
    # The counters and kiosks, plus the QR point each forum session had.
    points = sum(len(plan.points) for plan in UNITS) + len(forums)
    trainings = sum(len(officer.trainings) for officer in officers)
    return (
        f"{len(UNITS)} units, {points} service points, {len(officers)} officers, "
        f"{trainings:,} training records, {len(forums)} forum sessions, {stored:,} responses "
        f"({window.start:%Y-%m} to {window.end:%Y-%m})"
    )


async def _store_responses(
    months: tuple[date, ...],
    batches: Iterator[list[Row]],
    paper: dict[tuple[int, int], list[Row]],
    say: Callable[[str], None],
) -> int:
    """Write whole months at a time while the next months are generated in a worker thread.

    The generator runs in one thread at a time, in order, so the draws stay deterministic;
    the overlap hides SQLite's (or PostgreSQL's) execution time behind Python's generation.
    """
    stored = 0
    pending: list[Row] = []
    writing: asyncio.Task[int] | None = None
    try:
        for month in months:
            pending.extend(await asyncio.to_thread(next, batches))
            pending.extend(paper.get((month.year, month.month), []))
            if len(pending) >= FLUSH_AT or month == months[-1]:
                if writing is not None:
                    stored += await writing
                    say(f"Responses stored: {stored:,}")
                writing = asyncio.create_task(store_responses(pending))
                pending = []
        if writing is not None:
            stored += await writing
    except BaseException:
        if writing is not None and not writing.done():
            writing.cancel()
        raise
    say(f"Responses stored: {stored:,} (up to {months[-1]:%Y-%m})")
    return stored


def _rng(seed: int, part: str) -> random.Random:
    # One stream per part, so that changing how many responses are drawn leaves the officers,
    # rotations and trainings as they were. String seeds hash the same in every process.
    return random.Random(f"suara-demo:{seed}:{part}")
