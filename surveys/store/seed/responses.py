"""Eighteen months of citizens' responses at the counters and kiosks, month by month. Pure.

Volumes follow each unit's share, weekdays, holidays and seasons; answers follow the unit's
element means with trends, a busy-day penalty on speed (U3), the serving officer's knack and,
on U6/U7, the officer's training in the preceding 12 months.
"""

from __future__ import annotations

import math
import random
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import accumulate
from typing import Any

from surveys.method.periods import DEFAULT_TIMEZONE, local_day
from surveys.store.seed.answers import answer, comment, profile, training_bonus
from surveys.store.seed.calendar import Season, Window, day_factor, office_days
from surveys.store.seed.city import ELEMENT_OFFSETS, UnitPlan
from surveys.store.seed.people import DemoOfficer

# A response as plain column values (every column of the response table, set explicitly).
Row = dict[str, Any]

DAY_NOISE_SD = 0.25
OPENING = time(8, 0)
OFFICE_MINUTES = 8 * 60


@dataclass(frozen=True)
class Ids:
    """Database ids of what the generated rows refer to."""

    survey: int
    units: dict[str, int]
    points: dict[tuple[str, str], int]
    service_types: dict[tuple[str, str], int]
    officer: dict[int, int]  # DemoOfficer.index -> officer id


@dataclass(frozen=True)
class Staffing:
    officers: list[DemoOfficer]
    desk_cards: dict[tuple[str, str], int]
    # Per point, (first day, officer index) sorted by day.
    rotations: dict[tuple[str, str], list[tuple[date, int]]]

    def on_duty(self, point: tuple[str, str], day: date) -> DemoOfficer | None:
        holder = self.desk_cards.get(point)
        if holder is None:
            starts = self.rotations.get(point)
            if not starts:
                return None
            at = bisect_right(starts, (day, math.inf)) - 1
            if at < 0:
                return None
            holder = starts[at][1]
        return self.officers[holder]


def expected_volumes(
    plans: tuple[UnitPlan, ...], window: Window, season: Season, total: float
) -> dict[str, dict[date, float]]:
    """Expected responses per unit and office day, summing to ``total`` over the window."""
    days = office_days(window, season)
    shares = sum(plan.share for plan in plans)
    volumes = {}
    for plan in plans:
        if not plan.share:
            continue
        factors = {d: day_factor(d, season, plan.after_lebaran, plan.before_lebaran) for d in days}
        scale = total * plan.share / shares / sum(factors.values())
        volumes[plan.code] = {d: f * scale for d, f in factors.items()}
    return volumes


def monthly_responses(
    rng: random.Random,
    plans: tuple[UnitPlan, ...],
    window: Window,
    volumes: dict[str, dict[date, float]],
    staffing: Staffing,
    ids: Ids,
) -> Iterator[list[Row]]:
    """One list of response rows per month of the window, oldest first."""
    served = [plan for plan in plans if plan.code in volumes]
    months = len(window.months)
    for index, month_start in enumerate(window.months):
        progress = index / max(months - 1, 1)
        rows: list[Row] = []
        for plan in served:
            unit = _UnitMonth(rng, plan, staffing, ids, month_start)
            wobble = rng.gauss(0, 0.04)
            means = {
                code: plan.base
                + offset
                + plan.offsets.get(code, 0.0)
                + plan.trends.get(code, 0.0) * progress
                + wobble
                for code, offset in ELEMENT_OFFSETS.items()
            }
            unit_volumes = volumes[plan.code]
            mean_volume = sum(unit_volumes.values()) / len(unit_volumes)
            for day, expected in unit_volumes.items():
                if (day.year, day.month) != (month_start.year, month_start.month):
                    continue
                noise = rng.lognormvariate(-(DAY_NOISE_SD**2) / 2, DAY_NOISE_SD)
                count = int(expected * noise + rng.random())
                # Long queues on busy days cost speed (U3) first.
                busy = max(-0.15, min(0.25, expected / mean_volume - 1.0))
                day_means = dict(means, U3=means["U3"] - 0.3 * busy)
                rows.extend(unit.response(day, day_means) for _ in range(count))
        rows.sort(key=lambda r: r["submitted_at"])
        yield rows


class _UnitMonth:
    """Draws one unit's responses in one month."""

    def __init__(
        self, rng: random.Random, plan: UnitPlan, staffing: Staffing, ids: Ids, month: date
    ) -> None:
        self.rng, self.plan, self.staffing, self.ids, self.month = rng, plan, staffing, ids, month
        self.points = [p for p in plan.points if p.weight]
        self.point_weights = tuple(accumulate(p.weight for p in self.points))
        self.types = [name for name, _ in plan.service_types]
        self.type_weights = tuple(accumulate(w for _, w in plan.service_types))
        # Training JP in the 12 months before the month, per officer: it moves U6 and U7.
        self.bonus: dict[int, float] = {}

    def response(self, day: date, means: dict[str, float]) -> Row:
        rng, plan, ids = self.rng, self.plan, self.ids
        point = self.points[bisect_right(self.point_weights, rng.random() * self.point_weights[-1])]
        key = (plan.code, point.name)
        officer = self.staffing.on_duty(key, day) if point.pool else None
        if officer is not None:
            bonus = self.bonus.get(officer.index)
            if bonus is None:
                bonus = training_bonus(officer.jp_before(self.month))
                self.bonus[officer.index] = bonus
            means = dict(
                means,
                U6=means["U6"] + officer.knack + bonus,
                U7=means["U7"] + officer.knack + 0.7 * bonus,
            )
        values = answer(rng, means, plan.free)
        who = profile(rng, plan.respondent_female)
        service_type = point.service_type
        if service_type is None or rng.random() < 0.1:
            r = rng.random() * self.type_weights[-1]
            service_type = self.types[bisect_right(self.type_weights, r)]
        at = _moment(rng, day)
        return dict(
            survey=ids.survey,
            unit=ids.units[plan.code],
            service_point=ids.points[key],
            service_type=ids.service_types[(plan.code, service_type)],
            officer=ids.officer[officer.index] if officer else None,
            channel="kiosk" if point.kind == "kiosk" else "qr",
            submitted_at=at,
            local_day=local_day(at),
            **answer_columns(values, who),
            comment=comment(rng, values, plan.code),
            locale="en" if rng.random() < 0.005 else "id",
        )


def answer_columns(values: Sequence[int | None], who: Any) -> Row:
    """A respondent's nine answers and profile as response columns (the rest of a row's
    columns default in ``store_responses``)."""
    return {
        **{f"u{i}": value for i, value in enumerate(values, start=1)},
        "gender": who.gender,
        "age": who.age,
        "education": who.education,
        "occupation": who.occupation,
    }


def _moment(rng: random.Random, day: date) -> datetime:
    """A time between 08:00 and 16:00 WIB: mornings busiest, quiet at lunch and Jumat prayers."""
    while True:
        minute = rng.triangular(0, OFFICE_MINUTES, 90)
        if 240 <= minute < 300 and rng.random() < 0.5:
            continue  # lunch hour
        if day.weekday() == 4 and 225 <= minute < 330:
            continue  # Friday prayers
        break
    opening = datetime.combine(day, OPENING, tzinfo=DEFAULT_TIMEZONE)
    return opening + timedelta(seconds=int(minute * 60))
