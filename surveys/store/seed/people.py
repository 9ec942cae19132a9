"""The demo's officers: NIPs, names, duty rotations and training histories. Pure.

Each officer gets a training habit (none, low, meets the 20 JP a year, high) mixed within
every unit, so that comparing officers by JP is not a comparison of units in disguise.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import accumulate

from surveys.method.periods import add_months
from surveys.store.seed.calendar import Window
from surveys.store.seed.city import UnitPlan
from surveys.store.seed.courses import COURSES, LEADERSHIP, Course
from surveys.store.seed.vocabulary import FEMALE_NAMES, FEMALE_SECOND, MALE_NAMES, MALE_SECOND

# Yearly JP ranges per habit, and how the habits are mixed (repeated to each unit's size).
HABITS = {"none": (0, 0), "low": (4, 16), "meets": (20, 44), "high": (45, 80)}
_HABIT_MIX = ("none", "low", "meets", "meets", "low", "none", "high", "meets", "low", "high")
# How far back training histories reach before the response window.
HISTORY_MONTHS = 30


@dataclass
class DemoOfficer:
    index: int
    nip: str
    name: str
    unit: str
    position: str
    pool: str
    habit: str
    female: bool
    # DemoOfficer-specific shift of U6/U7 (some people are simply better at the counter).
    knack: float
    trainings: list[TrainingRecord] = field(default_factory=list)
    # (end date, JP) sorted by date: for "JP in the 12 months before" lookups.
    _ends: list[date] = field(default_factory=list)
    _cumulative: list[int] = field(default_factory=list)

    def index_trainings(self) -> None:
        self.trainings.sort(key=lambda t: t.end_date)
        self._ends = [t.end_date for t in self.trainings]
        running, self._cumulative = 0, []
        for training in self.trainings:
            running += training.jp
            self._cumulative.append(running)

    def jp_before(self, day: date, days: int = 365) -> int:
        """JP of trainings that ended in the ``days`` days before ``day``."""
        upto = bisect_right(self._ends, day - timedelta(days=1))
        since = bisect_right(self._ends, day - timedelta(days=days + 1))
        total = self._cumulative[upto - 1] if upto else 0
        return total - (self._cumulative[since - 1] if since else 0)


@dataclass(frozen=True)
class TrainingRecord:
    course: Course
    start_date: date
    end_date: date
    jp: int
    certificate_no: str


@dataclass(frozen=True)
class Duty:
    officer: int  # DemoOfficer.index
    point: tuple[str, str]  # (unit code, point name)
    start: date  # first local day
    end: date | None  # first day no longer served; None: still serving


def make_officers(
    rng: random.Random, plans: tuple[UnitPlan, ...], today: date
) -> list[DemoOfficer]:
    officers: list[DemoOfficer] = []
    nips: set[str] = set()
    names: set[str] = set()
    for plan in plans:
        habits = list(_HABIT_MIX)
        rng.shuffle(habits)
        slots = [(p, i) for p in plan.positions for i in range(p.count)]
        for k, (position, _) in enumerate(slots):
            female = rng.random() < position.female
            head = position.pool == "head"
            nip = _unique_nip(rng, nips, female, head, today)
            name = rng.choice(position.names).format(_unique_name(rng, names, female))
            officers.append(
                DemoOfficer(
                    index=len(officers),
                    nip=nip,
                    name=name,
                    unit=plan.code,
                    position=position.title,
                    pool=position.pool,
                    habit=habits[k % len(habits)],
                    female=female,
                    knack=rng.gauss(0, 0.1),
                )
            )
    return officers


def _unique_nip(rng: random.Random, taken: set[str], female: bool, head: bool, today: date) -> str:
    """birth YYYYMMDD + appointment YYYYMM + gender 1/2 + sequence 001–999."""
    while True:
        birth = date(rng.randint(1968, 1978) if head else rng.randint(1972, 1997), 1, 1)
        birth += timedelta(days=rng.randrange(365))
        year = min(birth.year + rng.randint(22, 31), today.year - 2)
        if head:
            year = min(year, today.year - 15)
        month = rng.choice((1, 1, 1, 2, 3, 3, 3, 4, 5, 6, 10, 12))
        if (year, month) < (birth.year + 19, birth.month):
            continue
        nip = f"{birth:%Y%m%d}{year:04d}{month:02d}{2 if female else 1}{rng.randint(1, 350):03d}"
        if nip not in taken:
            taken.add(nip)
            return nip


def _unique_name(rng: random.Random, taken: set[str], female: bool) -> str:
    first, second = (FEMALE_NAMES, FEMALE_SECOND) if female else (MALE_NAMES, MALE_SECOND)
    while True:
        name = f"{rng.choice(first)} {rng.choice(second)}"
        if name not in taken:
            taken.add(name)
            return name


def add_trainings(rng: random.Random, officers: list[DemoOfficer], window: Window) -> None:
    """Training histories from HISTORY_MONTHS before the window to its end, year by year."""
    serial = {course.title: 0 for course in COURSES}
    first = add_months(window.start, -HISTORY_MONTHS)
    for officer in officers:
        courses = [c for c in COURSES if _fits(c, officer)]
        weights = list(accumulate(c.weight for c in courses))
        year_start = first
        while year_start <= window.end:
            low, high = HABITS[officer.habit]
            # Habits hold most years, not every year.
            if officer.habit != "none" and rng.random() < 0.15:
                low, high = HABITS["low"]
            target = rng.randint(low, high)
            done = 0
            while done < target and courses:
                course = rng.choices(courses, cum_weights=weights)[0]
                jp = rng.choice(course.jp)
                if done + jp > target + 10 and jp > 20 and target < 200:
                    continue  # a long course would overshoot this year's plan; pick another
                start = _weekday(year_start + timedelta(days=rng.randrange(350)))
                end = _weekday(start + timedelta(days=course.days - 1))
                if end > window.end:
                    break
                if any(t.course is course and t.start_date == start for t in officer.trainings):
                    continue  # one record per officer, course and start date
                serial[course.title] += 1
                number = course.certificate.format(n=serial[course.title], year=end.year)
                if rng.random() < 0.08:
                    number = ""  # some certificates are never handed in
                officer.trainings.append(TrainingRecord(course, start, end, jp, number))
                done += jp
            year_start = add_months(year_start, 12)
        # A supervisor's leadership course, once in a career, for about half the heads.
        if officer.position.startswith("Kepala") and rng.random() < 0.5:
            start = _weekday(first - timedelta(days=rng.randrange(200, 1500)))
            end = _weekday(start + timedelta(days=LEADERSHIP.days - 1))
            serial[LEADERSHIP.title] = serial.get(LEADERSHIP.title, 0) + 1
            number = LEADERSHIP.certificate.format(n=serial[LEADERSHIP.title], year=end.year)
            officer.trainings.append(
                TrainingRecord(LEADERSHIP, start, end, LEADERSHIP.jp[0], number)
            )
        officer.index_trainings()


def _fits(course: Course, officer: DemoOfficer) -> bool:
    if course.units and officer.unit not in course.units:
        return False
    return not course.pools or officer.pool in course.pools


def _weekday(day: date) -> date:
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def plan_duties(
    rng: random.Random, officers: list[DemoOfficer], plans: tuple[UnitPlan, ...], window: Window
) -> tuple[list[Duty], dict[tuple[str, str], int]]:
    """Rotations at every staffed point, and the desk cards (point -> officer index).

    Each unit reshuffles a pool's officers over that pool's counters every few months, so
    an officer serves one counter for a while and then moves on.
    """
    duties: list[Duty] = []
    desk_cards: dict[tuple[str, str], int] = {}
    first = add_months(window.start, -rng.randint(2, 5))
    for plan in plans:
        officer = [o for o in officers if o.unit == plan.code]
        for pool in sorted({p.pool for p in plan.points if p.pool}):
            members = [o.index for o in officer if o.pool == pool]
            points = [p for p in plan.points if p.pool == pool]
            for point in [p for p in points if p.desk_card]:
                holder = members.pop(0)
                desk_cards[(plan.code, point.name)] = holder
                duties.append(Duty(holder, (plan.code, point.name), first, None))
            rotating = [(plan.code, p.name) for p in points if not p.desk_card]
            duties.extend(_rotate(rng, members, rotating, first, window))
    return duties, desk_cards


def _rotate(
    rng: random.Random,
    members: list[int],
    points: list[tuple[str, str]],
    first: date,
    window: Window,
) -> list[Duty]:
    current: dict[tuple[str, str], tuple[int, date]] = {}
    finished: list[Duty] = []
    start = first
    while start <= window.end:
        chosen = rng.sample(members, len(points))
        for point, officer in zip(points, chosen, strict=True):
            serving = current.get(point)
            if serving and serving[0] == officer:
                continue  # stays on for another stint
            if serving:
                finished.append(Duty(serving[0], point, serving[1], start))
            current[point] = (officer, start)
        start = add_months(start, rng.choice((2, 3, 3, 4, 4, 6)))
    finished.extend(Duty(o, point, since, None) for point, (o, since) in current.items())
    return finished


def duty_lookup(duties: list[Duty]) -> dict[tuple[str, str], list[tuple[date, int]]]:
    """Per point, (start, officer) sorted: the officer on duty on a day is the last start <= it."""
    table: dict[tuple[str, str], list[tuple[date, int]]] = {}
    for duty in duties:
        table.setdefault(duty.point, []).append((duty.start, duty.officer))
    for starts in table.values():
        starts.sort()
    return table
