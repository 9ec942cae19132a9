"""Officers' competency profiles: their position's required levels against their current ones.

One officer's profile for the profile page, and a unit's matrix (officers × competencies) for
the heatmap, both built from the same pure rules (``rules.job_person_match``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from surveys.competency.assessments import assessed_levels, competencies
from surveys.competency.dictionary import match_bands, position_key, requirements_by_position_name
from surveys.competency.rules import Band, CurrentLevel, Match, current_levels, job_person_match
from surveys.method.periods import add_months
from surveys.store.aggregate_tables import OfficerScoreMonthly
from surveys.store.tables import Officer


@dataclass(frozen=True)
class Profile:
    officer: dict
    position_known: bool  # the officer's position is in the city's list of positions
    levels: dict[int, CurrentLevel]
    match: Match


@dataclass(frozen=True)
class UnitMatrix:
    competencies: list[dict]  # the columns: competencies some officer's position requires
    profiles: list[Profile]  # the rows, by name
    bands: list[Band]

    @property
    def assessed(self) -> int:
        return sum(1 for profile in self.profiles if profile.match.percent is not None)

    def band_counts(self) -> list[tuple[Band, int]]:
        return [
            (band, sum(1 for p in self.profiles if p.match.band == band)) for band in self.bands
        ]


async def profiles_of(officers: Sequence[dict], today: date) -> list[Profile]:
    """Profiles of officers given as rows with ``id`` and ``position``."""
    if not officers:
        return []
    required = await requirements_by_position_name([row["position"] for row in officers])
    history = await assessed_levels([row["id"] for row in officers])
    bands = await match_bands()
    profiles = []
    for row in officers:
        needed = required.get(position_key(row["position"]))
        levels = current_levels(history.get(row["id"], []), today)
        profiles.append(
            Profile(row, needed is not None, levels, job_person_match(needed or {}, levels, bands))
        )
    return profiles


async def officer_profile(officer: dict, today: date) -> Profile:
    return (await profiles_of([officer], today))[0]


async def unit_matrix(unit_id: int, today: date) -> UnitMatrix:
    """The active officers of a unit, by name, with the competencies their positions require."""
    officers = (
        await Officer.select(Officer.id, Officer.nip, Officer.name, Officer.position, Officer.unit)
        .where((Officer.unit == unit_id) & Officer.active.eq(True))
        .order_by(Officer.name)
    )
    profiles = await profiles_of(officers, today)
    used = {gap.competency for p in profiles for gap in p.match.gaps}
    used |= {c for p in profiles for c in p.levels}
    columns = [row for row in await competencies() if row["id"] in used]
    return UnitMatrix(columns, profiles, await match_bands())


@dataclass(frozen=True)
class UnitSummary:
    unit: dict
    officers: int
    assessed: int  # officers with a match (every required competency currently assessed)
    below: int  # officers below their position's level in at least one competency
    bands: list[tuple[Band, int]]
    members: tuple[int, ...] = ()  # the officers' ids


async def city_overview(unit_ids: frozenset[int] | None, today: date) -> list[UnitSummary]:
    """Per unit in scope (None: every unit) with active officers: how far the profiles reach."""
    query = Officer.select(
        Officer.id,
        Officer.nip,
        Officer.name,
        Officer.position,
        Officer.unit,
        Officer.unit.code.as_alias("unit_code"),
        Officer.unit.name.as_alias("unit_name"),
    ).where(Officer.active.eq(True))
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(Officer.unit.is_in(list(unit_ids)))
    officers = await query.order_by(Officer.unit.name)
    profiles = await profiles_of(officers, today)
    bands = await match_bands()
    by_unit: dict[int, list[Profile]] = {}
    for profile in profiles:
        by_unit.setdefault(profile.officer["unit"], []).append(profile)
    summaries = []
    for members in by_unit.values():
        first = members[0].officer
        summaries.append(
            UnitSummary(
                unit={"id": first["unit"], "code": first["unit_code"], "name": first["unit_name"]},
                officers=len(members),
                assessed=sum(1 for p in members if p.match.percent is not None),
                below=sum(1 for p in members if p.match.below),
                bands=[(b, sum(1 for p in members if p.match.band == b)) for b in bands],
                members=tuple(p.officer["id"] for p in members),
            )
        )
    return summaries


@dataclass(frozen=True)
class QuarterScore:
    label: str  # "2026 T1"
    n: int  # answers to U7 attributed to the officer
    u6: Decimal | None  # None below the minimum number of answers
    u7: Decimal | None


async def scores_by_quarter(officer_id: int, today: date, minimum: int, quarters: int = 8):
    """The officer's U6 and U7 per calendar quarter, newest first; no mean below the minimum."""
    start_quarter = (today.month - 1) // 3
    first = add_months(date(today.year, start_quarter * 3 + 1, 1), -3 * (quarters - 1))
    rows = await OfficerScoreMonthly.select(
        OfficerScoreMonthly.month,
        OfficerScoreMonthly.s6,
        OfficerScoreMonthly.c6,
        OfficerScoreMonthly.s7,
        OfficerScoreMonthly.c7,
    ).where((OfficerScoreMonthly.officer == officer_id) & (OfficerScoreMonthly.month >= first))
    sums: dict[tuple[int, int], list[int]] = {}
    for row in rows:
        key = (row["month"].year, (row["month"].month - 1) // 3 + 1)
        totals = sums.setdefault(key, [0, 0, 0, 0])
        for i, name in enumerate(("s6", "c6", "s7", "c7")):
            totals[i] += int(row[name] or 0)
    found = []
    for k in range(quarters):
        month = add_months(first, 3 * k)
        key = (month.year, (month.month - 1) // 3 + 1)
        s6, c6, s7, c7 = sums.get(key, [0, 0, 0, 0])
        found.append(
            QuarterScore(
                label=f"{key[0]} T{key[1]}",
                n=c7,
                u6=_mean(s6, c6, minimum),
                u7=_mean(s7, c7, minimum),
            )
        )
    return list(reversed(found))


def _mean(total: int, count: int, minimum: int) -> Decimal | None:
    if count < minimum or count == 0:
        return None
    return (Decimal(total) / count).quantize(Decimal("0.01"))
