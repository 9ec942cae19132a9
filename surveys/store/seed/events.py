"""The demo's development event, evaluated at every level.

``plan_demo_event`` adds, before the citizens' answers are drawn, one course seven months ago
to some counter officers of the three largest units (every other one of those trained in the
past year, at most eight a unit):
their answers then carry the demo's training effect like any other course's, and the event's
Level 4 reads them against their colleagues'. ``seed_demo_event`` writes the finished event
from those training records. Its reactions, test scores and supervisors' evaluations are
drawn here from their own random stream; one supervisor's evaluation is weak. Written
straight into the tables (the store knows no area), in one write transaction.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from surveys.method.periods import add_months
from surveys.store.db import write_transaction
from surveys.store.development_tables import (
    REACTION_ITEMS,
    BehaviourAnswer,
    Competency,
    EventCompetency,
    EventParticipant,
    ReactionAnswer,
    TrainingEvent,
)
from surveys.store.seed.courses import COURSES
from surveys.store.seed.people import DemoOfficer, TrainingRecord
from surveys.store.tables import Training

# The after window (three whole months after the event's month) is over by then.
MONTHS_AGO = 7
PER_UNIT = 8
TRAINERS = "Dr. Hendra Gunawan, Ns. Rahmi Yulia"
DEMO_COURSE = "Pelatihan Pelayanan Publik Prima"


@dataclass(frozen=True)
class DemoEvent:
    title: str
    start: date
    end: date


def plan_demo_event(officers: list[DemoOfficer], today: date) -> DemoEvent:
    """Give the course to the chosen officers (in memory, before anything is written)."""
    course = next(c for c in COURSES if c.title == DEMO_COURSE)
    start = add_months(today.replace(day=1), -MONTHS_AGO) + timedelta(days=6)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    end = start + timedelta(days=course.days - 1)
    serving = [o for o in officers if o.pool != "head"]
    sizes: dict[str, int] = {}
    for officer in serving:
        sizes[officer.unit] = sizes.get(officer.unit, 0) + 1
    units = sorted(sizes, key=lambda unit: (-sizes[unit], unit))[:3]
    year_ago = today - timedelta(days=365)
    for unit in units:
        # Officers already trained this past year: the untrained stay untrained, as the demo's
        # 20 JP contrast (and its officers without any JP) need.
        colleagues = [
            o
            for o in serving
            if o.unit == unit and any(t.end_date >= year_ago for t in o.trainings)
        ]
        for officer in colleagues[::2][:PER_UNIT]:
            officer.trainings.append(TrainingRecord(course, start, end, max(course.jp), ""))
            officer.index_trainings()
    return DemoEvent(course.title, start, end)


async def seed_demo_event(rng: random.Random, demo: DemoEvent) -> str | None:
    """Create the demo event from its training records; its title (None without records)."""
    rows = await Training.select(
        Training.officer,
        Training.title,
        Training.form,
        Training.classical,
        Training.competency,
        Training.provider,
        Training.start_date,
        Training.end_date,
        Training.jp,
    ).where((Training.title == demo.title) & (Training.start_date == demo.start))
    courses: dict[tuple, list[int]] = {}
    for row in rows:
        key = tuple(row[name] for name in list(row) if name != "officer")
        courses.setdefault(key, []).append(row["officer"])
    if not courses:
        return None
    key, officer_ids = max(courses.items(), key=lambda item: (len(item[1]), str(item[0])))
    title, form, classical, kind, provider, start, end, jp = key
    competencies = await (
        Competency.select(Competency.id)
        .where(Competency.active == True)  # noqa: E712 - a column comparison
        .order_by(Competency.id)
        .limit(2)
    )
    async with write_transaction(TrainingEvent._meta.db):
        event = TrainingEvent(
            title=title,
            form=form,
            classical=classical,
            competency=kind,
            provider=provider,
            trainers=TRAINERS,
            start_date=start,
            end_date=end,
            jp=jp,
            cost=int(jp) * len(officer_ids) * 150_000,
            token=secrets.token_urlsafe(16),
            status="finished",
        )
        await event.save()
        for competency in competencies:
            await EventCompetency(event=event.id, competency=competency["id"]).save()
        aimed = [str(c["id"]) for c in competencies] or ["0"]
        for index, officer_id in enumerate(sorted(officer_ids)):
            pre = rng.randint(35, 70)
            participant = EventParticipant(
                event=event.id,
                officer=officer_id,
                attended=True,
                pre_score=pre,
                post_score=min(100, pre + rng.randint(5, 30)),
            )
            await participant.save()
            if index % 5 != 4:  # four in five answer the reaction form
                ratings: dict[str, Any] = {i: rng.choice((3, 3, 4, 4, 2)) for i in REACTION_ITEMS}
                await ReactionAnswer(
                    event=event.id,
                    participant=participant.id,
                    comment=rng.choice(("", "", "Lebih banyak praktik langsung.")),
                    dedupe_key=f"demo:{event.id}:{participant.id}",
                    **ratings,
                ).save()
            if index % 4 != 3:  # the others are still due or overdue
                weak = index == 0
                applied = {c: 1 if weak else rng.choice((2, 3, 3, 4)) for c in aimed}
                await BehaviourAnswer(
                    participant=participant.id, respondent="supervisor", ratings=applied
                ).save()
    return str(title)
