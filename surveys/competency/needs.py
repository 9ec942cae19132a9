"""Needs analysis (analisis kebutuhan pengembangan kompetensi) of a unit and of its officers.

Each need is a competency with its evidence in numbers, from up to four sources:

(a) ``gap``: officers below their position's required level (current assessments only);
(b) ``citizens``: SKM elements citizens rate lower than the statistics allow to be chance
    (``evidence``): the unit's against other units, an officer's against colleagues, and a
    counter the officer staffs against the unit's other counters, turned into competencies
    through the city's element mapping;
(c) ``forum``: aspirations and complaints raised at forums about an element, likewise mapped;
(d) ``jp``: officers short of the 20 JP a year (a need without a competency).

Needs are ranked by how many sources support them, then by their weight (officers below the
standard, how far below, how many forum voices). What it reads from the store is in
needs_queries.py. Citizens' figures cover the twelve whole months
before the current one plus the current one; forum inputs the last twelve months.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from surveys.competency.dictionary import ElementLink, element_mapping
from surveys.competency.evidence import (
    ELEMENT_CODES,
    MIN_OFFICERS,
    Comparison,
    UnitComparison,
    clears,
    unit_weak_elements,
    weak_elements,
    weak_points,
)
from surveys.competency.needs_queries import (
    answer_count,
    forum_topics_of,
    jp_in_year,
    officer_element_sums,
    point_element_sums,
    points_staffed,
    technical_competencies,
    twelve_months,
)
from surveys.competency.profiles import Profile, UnitMatrix, unit_matrix
from surveys.training.hours import JP_RIGHT_PER_YEAR


@dataclass(frozen=True)
class Evidence:
    source: str  # gap, citizens, forum, jp
    figures: dict[str, Any]
    weight: float


@dataclass
class Need:
    competency: int | None
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def sources(self) -> int:
        return len({item.source for item in self.evidence})

    @property
    def weight(self) -> float:
        return sum(item.weight for item in self.evidence)


@dataclass(frozen=True)
class OfficerNeeds:
    profile: Profile
    needs: list[Need]
    jp_this_year: int


@dataclass(frozen=True)
class UnitNeeds:
    matrix: UnitMatrix
    needs: list[Need]  # the unit's, ranked
    officers: list[OfficerNeeds]  # every officer with a need, best-supported needs first
    below_jp: list[tuple[dict, int]]  # (officer, JP this year) below the 20 JP, fewest first
    citizens_compared: bool  # enough officers and answers for the unit comparison
    year: int


def ranked(needs: Iterable[Need]) -> list[Need]:
    return sorted(needs, key=lambda need: (-need.sources, -need.weight, need.competency or 0))


def mapped(link: ElementLink, technical: Iterable[int]) -> set[int]:
    """The competencies an element speaks to, for holders of the given technical ones."""
    found = set(link.competencies)
    if link.technical:
        found |= set(technical)
    return found


def _add(needs: dict[int | None, Need], competency: int | None, evidence: Evidence) -> None:
    needs.setdefault(competency, Need(competency)).evidence.append(evidence)


def officer_needs(
    profile: Profile,
    comparisons: list[Comparison],
    mapping: Mapping[str, ElementLink],
    technical: Iterable[int],
    jp_this_year: int,
    counters: Iterable[tuple[str, Comparison]] = (),
) -> list[Need]:
    """An officer's ranked needs: gaps, weak elements against colleagues and at the counters
    they officer, JP shortfall."""
    needs: dict[int | None, Need] = {}
    for gap in profile.match.gaps:
        if gap.below:
            figures: dict[str, Any] = {"required": gap.required, "level": gap.level, "gap": gap.gap}
            _add(needs, gap.competency, Evidence("gap", figures, 2.0 * (gap.gap or 0)))
    technical = list(technical)
    weighed: list[tuple[dict[str, Any], Comparison, float]] = [({}, c, 1.0) for c in comparisons]
    weighed += [({"point": point}, c, 0.5) for point, c in counters]
    for where, comparison, weight in weighed:
        figures = where | {
            "element": comparison.element,
            "mean": str(comparison.mean),
            "n": comparison.n,
            "reference_mean": str(comparison.reference_mean),
            "reference_n": comparison.reference_n,
        }
        for competency in mapped(mapping[comparison.element], technical):
            _add(needs, competency, Evidence("citizens", figures, weight))
    if jp_this_year < JP_RIGHT_PER_YEAR:
        figures = {"jp": jp_this_year, "shortfall": JP_RIGHT_PER_YEAR - jp_this_year}
        _add(needs, None, Evidence("jp", figures, 0.5))
    return ranked(needs.values())


def unit_needs_from(
    profiles: list[Profile],
    comparisons: list[UnitComparison],
    forum_topics: Mapping[str, tuple[int, int]],
    mapping: Mapping[str, ElementLink],
    technical: Iterable[int],
    flagged: Mapping[int | None, Mapping[str, tuple[int, int]]] | None = None,
) -> list[Need]:
    """A unit's ranked needs: officers' gaps, weak elements (the unit's against other units;
    ``flagged``: per competency and element, how many of its officers and counters citizens
    rate lower than colleagues or the other counters), forum topics on elements."""
    needs: dict[int | None, Need] = {}
    below: dict[int, list[int]] = {}
    for profile in profiles:
        for gap in profile.match.gaps:
            if gap.below:
                below.setdefault(gap.competency, []).append(gap.gap or 0)
    for competency, gaps in below.items():
        figures: dict[str, Any] = {
            "officers": len(gaps),
            "assessed": sum(
                1
                for p in profiles
                for g in p.match.gaps
                if g.competency == competency and g.level is not None
            ),
            "mean_gap": round(sum(gaps) / len(gaps), 1),
        }
        _add(needs, competency, Evidence("gap", figures, float(sum(gaps))))
    technical = list(technical)
    for comparison in comparisons:
        figures = {
            "element": comparison.element,
            "relative": str(comparison.relative),
            "reference_relative": str(comparison.reference_relative),
            "difference": str(comparison.reference_relative - comparison.relative),
            "officers": comparison.officers,
            "reference_officers": comparison.reference_officers,
        }
        for competency in mapped(mapping[comparison.element], technical):
            _add(needs, competency, Evidence("citizens", figures, 2.0))
    for aimed, elements in (flagged or {}).items():
        for element, (officers, points) in sorted(elements.items()):
            figures = {"element": element, "officers_flagged": officers, "points_flagged": points}
            _add(needs, aimed, Evidence("citizens", figures, officers + 0.5 * points))
    for element, (inputs, votes) in forum_topics.items():
        if element not in mapping:
            continue
        figures = {"element": element, "inputs": inputs, "votes": votes}
        for competency in mapped(mapping[element], technical):
            _add(needs, competency, Evidence("forum", figures, 0.5 + inputs / 10))
    return ranked(needs.values())


def flagged_by_competency(
    officers: Iterable[OfficerNeeds],
) -> dict[int | None, dict[str, tuple[int, int]]]:
    """From the officers' needs, per competency and element: how many officers citizens rate
    lower than their colleagues, and at how many counters lower than the other counters."""
    people: dict[tuple[int | None, str], set[int]] = {}
    points: dict[tuple[int | None, str], set[str]] = {}
    for item in officers:
        for need in item.needs:
            for evidence in need.evidence:
                if evidence.source != "citizens":
                    continue
                key = (need.competency, evidence.figures["element"])
                if "point" in evidence.figures:
                    points.setdefault(key, set()).add(evidence.figures["point"])
                else:
                    people.setdefault(key, set()).add(item.profile.officer["id"])
    found: dict[int | None, dict[str, tuple[int, int]]] = {}
    for competency, element in people.keys() | points.keys():
        key = (competency, element)
        counts = (len(people.get(key, ())), len(points.get(key, ())))
        found.setdefault(competency, {})[element] = counts
    return found


async def unit_needs(unit_id: int, today: date, minimum: int) -> UnitNeeds:
    """The needs analysis of a unit and its officers as of ``today``."""
    matrix = await unit_matrix(unit_id, today)
    mapping = await element_mapping()
    technical_ids = await technical_competencies()
    since = twelve_months(today)
    sums = await officer_element_sums(since, today)
    own = {officer: s for officer, (unit, s) in sums.items() if unit == unit_id}
    others = [s for unit, s in sums.values() if unit != unit_id]
    comparisons = unit_weak_elements(list(own.values()), others, minimum)
    forum = await forum_topics_of(unit_id, today - timedelta(days=365))
    required_technical = {
        gap.competency
        for p in matrix.profiles
        for gap in p.match.gaps
        if gap.competency in technical_ids
    }
    jp = await jp_in_year([p.officer["id"] for p in matrix.profiles], today.year)
    points = await point_element_sums(unit_id, since, today)
    staffed = await points_staffed(
        [p.officer["id"] for p in matrix.profiles],
        datetime.combine(since, time(), tzinfo=UTC),
    )
    officers = []
    for profile in matrix.profiles:
        officer_id = profile.officer["id"]
        weak: list[Comparison] = []
        counters = weak_points(staffed.get(officer_id, set()), points, minimum)
        if officer_id in own:
            colleagues = [s for other, s in own.items() if other != officer_id]
            reference = {
                code: (
                    sum(s[code][0] for s in colleagues),
                    sum(s[code][1] for s in colleagues),
                )
                for code in ELEMENT_CODES
            }
            weak = weak_elements(own[officer_id], reference, minimum)
            # A weak counter is not this officer's when their own answers clear them.
            counters = [
                (name, c)
                for name, c in counters
                if not clears(own[officer_id], reference, c, minimum)
            ]
        technical = [g.competency for g in profile.match.gaps if g.competency in technical_ids]
        found = officer_needs(profile, weak, mapping, technical, jp.get(officer_id, 0), counters)
        if found:
            officers.append(OfficerNeeds(profile, found, jp.get(officer_id, 0)))
    # Who first: the officers whose needs several sources agree on, then those with most needs.
    officers.sort(
        key=lambda o: (
            -sum(1 for n in o.needs if n.competency and n.sources > 1),
            -sum(1 for n in o.needs if n.competency),
            o.profile.officer["name"],
        )
    )
    needs = unit_needs_from(
        matrix.profiles,
        comparisons,
        forum,
        mapping,
        required_technical,
        flagged_by_competency(officers),
    )
    below = sorted(
        (
            (p.officer, jp.get(p.officer["id"], 0))
            for p in matrix.profiles
            if jp.get(p.officer["id"], 0) < JP_RIGHT_PER_YEAR
        ),
        key=lambda pair: (pair[1], pair[0]["name"]),
    )
    enough = sum(1 for s in own.values() if answer_count(s) >= minimum)
    return UnitNeeds(matrix, needs, officers, below, enough >= MIN_OFFICERS, today.year)


async def needs_of_officer(officer_id: int, unit_id: int, today: date, minimum: int) -> list[Need]:
    """One officer's ranked needs, within the analysis of their unit (colleagues compared)."""
    analysis = await unit_needs(unit_id, today, minimum)
    for item in analysis.officers:
        if item.profile.officer["id"] == officer_id:
            return item.needs
    return []
