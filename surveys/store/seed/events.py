"""The demo's development event, evaluated at every level.

``plan_demo_event`` adds, before the citizens' answers are drawn, one course seven months ago
to counter officers of a few units (officers with a training habit who serve at a counter
before and after it, at most eight a unit), in units where colleagues with no training around
it serve too: their answers then carry the demo's training effect like any other course's, and
the event's Level 4 reads them against those colleagues'. A participant's other courses of the
six months before are left out (BKPSDM does not send someone twice in half a year), so that
Level 4 can measure them. ``seed_demo_event`` writes the finished event from those training
records. Its reactions, test scores and supervisors' evaluations are drawn here from their own
random stream; one supervisor's evaluation is weak. Written straight into the tables (the
store knows no area), in one write transaction.
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
from surveys.store.seed.responses import Staffing
from surveys.store.tables import Training

# The after window (three whole months after the event's month) is over by then.
MONTHS_AGO = 7
PER_UNIT = 8
UNITS = 4
# Months in each window of Level 4 (before, after; the pre-trend check before 'before').
WINDOW = 3
TRAINERS = "Dr. Hendra Gunawan, Ns. Rahmi Yulia"
DEMO_COURSE = "Pelatihan Pelayanan Publik Prima"


@dataclass(frozen=True)
class DemoEvent:
    title: str
    start: date
    end: date


def plan_demo_event(officers: list[DemoOfficer], staffing: Staffing, today: date) -> DemoEvent:
    """Give the course to the chosen officers (in memory, before anything is written)."""
    course = next(c for c in COURSES if c.title == DEMO_COURSE)
    start = add_months(today.replace(day=1), -MONTHS_AGO) + timedelta(days=6)
    while start.weekday() >= 5:
        start += timedelta(days=1)
    end = start + timedelta(days=course.days - 1)
    first, last = _month(start), _month(end)
    # Level 4 measures a participant with no training of their own in the six months before
    # the event, against colleagues with none from three months before those to the end of
    # the three months after; both must serve at a counter before and after.
    gap = range(first - 2 * WINDOW, first)
    quiet = range(first - 3 * WINDOW, last + WINDOW + 1)
    before = [add_months(start.replace(day=1), -k) for k in range(1, WINDOW + 1)]
    after = [add_months(end.replace(day=1), k) for k in range(1, WINDOW + 1)]
    on_duty = {day: _on_duty(staffing, day) for day in before + after}

    def serves(officer: DemoOfficer, months: int) -> bool:
        return all(
            sum(officer.index in on_duty[day] for day in days) >= months for days in (before, after)
        )

    def touched(training: TrainingRecord) -> set[int]:
        return set(range(_month(training.start_date), _month(training.end_date) + 1))

    candidates: dict[str, list[DemoOfficer]] = {}
    clean: dict[str, int] = {}
    serving: set[str] = set()
    for officer in officers:
        if officer.pool == "head":
            continue
        months = set().union(*(touched(t) for t in officer.trainings))
        # Officers with a training habit take part: the untrained stay untrained, as the
        # demo's 20 JP contrast (and its officers without any JP) need.
        if officer.habit != "none" and serves(officer, 1):
            candidates.setdefault(officer.unit, []).append(officer)
        elif not months & set(quiet):
            clean[officer.unit] = clean.get(officer.unit, 0) + 1
            if serves(officer, 1):
                serving.add(officer.unit)
    units = sorted(
        (unit for unit in candidates if unit in serving),
        key=lambda unit: (-min(len(candidates[unit]), PER_UNIT) - clean[unit], unit),
    )[:UNITS]
    for unit in units:
        for officer in candidates[unit][:PER_UNIT]:
            # BKPSDM sends no one on a course who had another in the half year before.
            officer.trainings = [t for t in officer.trainings if not touched(t) & set(gap)]
            officer.trainings.append(TrainingRecord(course, start, end, max(course.jp), ""))
            officer.index_trainings()
    return DemoEvent(course.title, start, end)


def _month(day: date) -> int:
    return day.year * 12 + day.month - 1


def _on_duty(staffing: Staffing, day: date) -> set[int]:
    """The officers serving at any counter mid-month."""
    middle = day.replace(day=15)
    points = set(staffing.desk_cards) | set(staffing.rotations)
    return {o.index for point in points if (o := staffing.on_duty(point, middle)) is not None}


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
