"""Closed forum sessions in the kecamatan: attendance, inputs and paper questionnaires. Pure."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.seed.answers import Profile, answer, comment, profile
from surveys.store.seed.calendar import Season, Window, office_days
from surveys.store.seed.city import ELEMENT_OFFSETS, UnitPlan
from surveys.store.seed.vocabulary import FORUM_IDEAS, FORUM_KINDS, FORUM_PLACES, ForumIdea

PAPER_BLANK_RATE = 0.03  # paper forms come back with the odd element left empty


@dataclass(frozen=True)
class ForumInputPlan:
    idea: ForumIdea
    text: str
    votes: int
    minute: int  # minutes after opening


@dataclass(frozen=True)
class PaperPlan:
    values: list[int | None]
    who: Profile
    comment: str
    minute: int


@dataclass(frozen=True)
class ForumPlan:
    unit: str
    kind: str
    held_on: date
    area: str
    place: str
    male: int
    female: int
    opened_at: datetime
    closed_at: datetime
    inputs: list[ForumInputPlan]
    papers: list[PaperPlan]


def plan_forums(
    rng: random.Random, plans: tuple[UnitPlan, ...], window: Window, season: Season
) -> list[ForumPlan]:
    days = office_days(window, season)
    forums = []
    for plan in plans:
        places = FORUM_PLACES.get(plan.code)
        if not places:
            continue
        # One forum in each third of the window, so that a recent one is among them.
        third = len(window.months) // len(FORUM_KINDS)
        for k, kind in enumerate(FORUM_KINDS):
            month = window.months[k * third + rng.randrange(third)]
            held_on = rng.choice(
                [d for d in days if (d.year, d.month) == (month.year, month.month)]
            )
            forums.append(_forum(rng, plan, kind, held_on, rng.choice(places)))
    return forums


def _forum(rng: random.Random, plan: UnitPlan, kind: str, held_on: date, area: str) -> ForumPlan:
    place = f"Aula {plan.name}" if kind.startswith("musrenbang") else f"Balai Pertemuan Desa {area}"
    male, female = rng.randint(12, 40), rng.randint(8, 35)
    opened = datetime.combine(held_on, time(9, rng.choice((0, 15, 30))), tzinfo=DEFAULT_TIMEZONE)
    duration = rng.randint(120, 210)
    ideas = rng.sample(FORUM_IDEAS, rng.randint(4, 7))
    inputs = [
        ForumInputPlan(
            idea,
            idea.text.format(place=area),
            rng.randint(0, 15) if idea.kind == "pengaduan" else rng.randint(2, male + female),
            rng.randint(20, duration - 20),
        )
        for idea in ideas
    ]
    means = {code: plan.base + offset for code, offset in ELEMENT_OFFSETS.items()}
    papers = []
    for _ in range(int((male + female) * rng.uniform(0.55, 0.85))):
        values: list[int | None] = list(answer(rng, means, plan.free))
        values = [None if rng.random() < PAPER_BLANK_RATE else v for v in values]
        answered = [v for v in values if v is not None] or [3]
        papers.append(
            PaperPlan(
                values,
                profile(rng, female / (male + female)),
                comment(rng, [v or 3 for v in values], plan.code) if min(answered) <= 2 else "",
                rng.randint(duration - 30, duration),
            )
        )
    return ForumPlan(
        unit=plan.code,
        kind=kind,
        held_on=held_on,
        area=f"Desa {area}",
        place=place,
        male=male,
        female=female,
        opened_at=opened,
        closed_at=opened + timedelta(minutes=duration),
        inputs=inputs,
        papers=papers,
    )
