"""What the public may see: each unit's published periods, their trend and follow-ups.

Only announcements dated today or earlier count. A period announced on several channels
(or announced again) counts once, with its latest snapshot. A snapshot below the unit's
minimum number of respondents is shown with its n and without a score or grade.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from surveys.method.periods import Period
from surveys.method.scoring import Grade
from surveys.method.trends import grade_of
from surveys.store.tables import FollowUp, Publication


@dataclass(frozen=True)
class PublishedPeriod:
    """One published period of a unit, as announced."""

    period: Period
    n: int
    ikm: Decimal | None  # None below the minimum sample (or nothing could be computed)
    grade: Grade | None
    enough: bool
    elements: tuple[dict, ...]
    published_on: date


@dataclass(frozen=True)
class PublicUnit:
    """A unit's public face: its published periods, oldest first (the latest is last)."""

    unit: Mapping
    periods: tuple[PublishedPeriod, ...]

    @property
    def latest(self) -> PublishedPeriod | None:
        return self.periods[-1] if self.periods else None


def published_period(row: Mapping, minimum: int) -> PublishedPeriod:
    """A publication row as the public sees it: no score below ``minimum`` respondents."""
    enough = row["n"] >= minimum and bool(row["ikm"])
    ikm = Decimal(row["ikm"]) if enough else None
    elements = tuple(row["elements"] or ()) if enough else ()
    return PublishedPeriod(
        period=Period(row["period_start"], row["period_end"]),
        n=row["n"],
        ikm=ikm,
        grade=grade_of(ikm),
        enough=enough,
        elements=elements,
        published_on=row["published_on"],
    )


def latest_per_period(rows: Iterable[Mapping]) -> dict[int, list[Mapping]]:
    """Per unit, the latest announcement of each period, oldest period first.

    ``rows`` come ordered by unit, period and announcement (oldest first), so the last row
    of a period wins.
    """
    by_unit: dict[int, dict[tuple[date, date], Mapping]] = {}
    for row in rows:
        by_unit.setdefault(row["unit"], {})[(row["period_start"], row["period_end"])] = row
    return {
        unit: [periods[key] for key in sorted(periods, key=lambda k: (k[1], k[0]))]
        for unit, periods in by_unit.items()
    }


def public_units(
    units: Iterable[Mapping],
    rows: Mapping[int, list[Mapping]],
    default_minimum: int,
) -> list[PublicUnit]:
    """Every unit with its published periods (none for a unit that published nothing)."""
    return [
        PublicUnit(
            unit,
            tuple(
                published_period(row, unit.get("minimum_responses") or default_minimum)
                for row in rows.get(unit["id"], [])
            ),
        )
        for unit in units
    ]


async def published_rows(today: date, unit_ids: Collection[int] | None = None) -> list[dict]:
    """Announcements dated today or earlier, ordered by unit, period and announcement."""
    query = Publication.select(
        Publication.unit,
        Publication.period_start,
        Publication.period_end,
        Publication.published_on,
        Publication.n,
        Publication.ikm,
        Publication.elements,
    ).where(Publication.published_on <= today)
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(Publication.unit.is_in(list(unit_ids)))
    return (
        await query.order_by(Publication.unit)
        .order_by(Publication.period_end)
        .order_by(Publication.period_start)
        .order_by(Publication.published_on)
        .order_by(Publication.id)
        .output(load_json=True)
    )


async def published_periods_of_unit(unit: Mapping, today: date, default_minimum: int) -> PublicUnit:
    rows = latest_per_period(await published_rows(today, [unit["id"]]))
    return public_units([unit], rows, default_minimum)[0]


async def published_result_for(unit: Mapping, period: Period, today: date) -> dict | None:
    """The latest announcement of exactly this period, when it is public by ``today``."""
    return (
        await Publication.select()
        .where(
            (Publication.unit == unit["id"])
            & (Publication.period_start == period.start)
            & (Publication.period_end == period.end)
            & (Publication.published_on <= today)
        )
        .order_by(Publication.published_on, ascending=False)
        .order_by(Publication.id, ascending=False)
        .first()
        .output(load_json=True)
    )


async def followups_of_published_periods(unit_id: int, periods: Iterable[Period]) -> list[dict]:
    """The unit's follow-up items whose period overlaps a published one, newest first.

    Only what the public may read: element, problem, action, target date, status and the
    day it was done (no person responsible, no evidence).
    """
    periods = list(periods)
    if not periods:
        return []
    rows = await (
        FollowUp.select(
            FollowUp.id,
            FollowUp.element,
            FollowUp.problem,
            FollowUp.action,
            FollowUp.target_date,
            FollowUp.status,
            FollowUp.done_on,
            FollowUp.period_start,
            FollowUp.period_end,
        )
        .where((FollowUp.unit == unit_id) & (FollowUp.status != "cancelled"))
        .order_by(FollowUp.period_end, ascending=False)
        .order_by(FollowUp.target_date)
        .order_by(FollowUp.id)
    )
    return [
        row
        for row in rows
        if any(row["period_start"] <= p.end and row["period_end"] >= p.start for p in periods)
    ]
