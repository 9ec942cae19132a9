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
standard, how far below, how many forum voices). Citizens' figures cover the twelve whole months
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
    Sums,
    UnitComparison,
    unit_weak_elements,
    weak_elements,
    weak_points,
)
from surveys.competency.profiles import Profile, UnitMatrix, unit_matrix
from surveys.method.periods import add_months
from surveys.store.tables import (
    DutyAssignment,
    ForumInput,
    OfficerScoreMonthly,
    ScoreDaily,
    ServicePoint,
    Training,
)
from surveys.training.hours import JP_RIGHT_PER_YEAR

FORUM_KINDS = ("aspirasi", "pengaduan")


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


# --- queries ------------------------------------------------------------------------------


def twelve_months(today: date) -> date:
    """The first day of the month twelve months before this one."""
    return add_months(today.replace(day=1), -12)


async def officer_element_sums(since: date, until: date) -> dict[int, tuple[int, Sums]]:
    """Per officer: (unit, {element: (sum, count)}) of their answers in the months."""
    columns = ", ".join(f"SUM(s{i}) AS s{i}, SUM(c{i}) AS c{i}" for i in range(1, 10))
    rows = await OfficerScoreMonthly.raw(
        f"SELECT officer, unit, {columns} FROM officer_score_monthly"
        " WHERE month >= {} AND month <= {} GROUP BY officer, unit",
        since,
        until,
    )
    found: dict[int, tuple[int, Sums]] = {}
    for row in rows:
        sums = {f"U{i}": (int(row[f"s{i}"] or 0), int(row[f"c{i}"] or 0)) for i in range(1, 10)}
        # An officer who moved between units counts where they served most.
        previous = found.get(row["officer"])
        if previous is None or _answers(previous[1]) < _answers(sums):
            found[row["officer"]] = (row["unit"], sums)
    return found


def _answers(sums: Sums) -> int:
    return max((count for _total, count in sums.values()), default=0)


async def forum_topics_of(unit_id: int, since: date) -> dict[str, tuple[int, int]]:
    """Element topics of the unit's forum aspirations and complaints: (inputs, votes)."""
    rows = await ForumInput.select(ForumInput.topic, ForumInput.votes, ForumInput.kind).where(
        ((ForumInput.session.unit == unit_id) | (ForumInput.addressed_unit == unit_id))
        & ForumInput.kind.is_in(list(FORUM_KINDS))
        & (ForumInput.session.held_on >= since)
        & ForumInput.topic.is_in(list(ELEMENT_CODES))
    )
    found: dict[str, tuple[int, int]] = {}
    for row in rows:
        inputs, votes = found.get(row["topic"], (0, 0))
        found[row["topic"]] = (inputs + 1, votes + int(row["votes"] or 0))
    return found


async def point_element_sums(unit_id: int, since: date, until: date) -> dict[int, tuple[str, Sums]]:
    """Per service point of the unit: (name, {element: (sum, count)}) over the days."""
    columns = ", ".join(f"SUM(d.s{i}) AS s{i}, SUM(d.c{i}) AS c{i}" for i in range(1, 10))
    rows = await ScoreDaily.raw(
        f"SELECT d.service_point AS point, p.name AS name, {columns} FROM score_daily d"
        " JOIN service_point p ON p.id = d.service_point"
        " WHERE d.unit = {} AND d.day >= {} AND d.day <= {} GROUP BY d.service_point, p.name",
        unit_id,
        since,
        until,
    )
    return {
        row["point"]: (
            row["name"],
            {f"U{i}": (int(row[f"s{i}"] or 0), int(row[f"c{i}"] or 0)) for i in range(1, 10)},
        )
        for row in rows
    }


async def points_staffed(officer_ids: list[int], since: datetime) -> dict[int, set[int]]:
    """The service points each officer served at since ``since``: duty rosters and desk cards."""
    found: dict[int, set[int]] = {officer: set() for officer in officer_ids}
    if not officer_ids:
        return found
    duties = await DutyAssignment.select(
        DutyAssignment.officer, DutyAssignment.service_point
    ).where(
        DutyAssignment.officer.is_in(officer_ids)
        & (DutyAssignment.ends_at.is_null() | (DutyAssignment.ends_at >= since))
    )
    cards = await ServicePoint.select(ServicePoint.officer, ServicePoint.id).where(
        ServicePoint.officer.is_in(officer_ids)
    )
    for row in duties:
        found[row["officer"]].add(row["service_point"])
    for row in cards:
        found[row["officer"]].add(row["id"])
    return found


async def jp_in_year(officer_ids: list[int], year: int) -> dict[int, int]:
    """JP per officer of the trainings that ended in ``year`` (as the 20 JP right counts)."""
    if not officer_ids:
        return {}
    rows = await Training.select(Training.officer, Training.jp).where(
        Training.officer.is_in(officer_ids)
        & (Training.end_date >= date(year, 1, 1))
        & (Training.end_date <= date(year, 12, 31))
    )
    found = dict.fromkeys(officer_ids, 0)
    for row in rows:
        found[row["officer"]] += int(row["jp"])
    return found


async def technical_competencies() -> set[int]:
    from surveys.store.development_tables import Competency

    rows = await Competency.select(Competency.id).where(Competency.kind == "teknis")
    return {row["id"] for row in rows}


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
        technical = [g.competency for g in profile.match.gaps if g.competency in technical_ids]
        counters = weak_points(staffed.get(officer_id, set()), points, minimum)
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
    enough = sum(1 for s in own.values() if _answers(s) >= minimum)
    return UnitNeeds(matrix, needs, officers, below, enough >= MIN_OFFICERS, today.year)


async def needs_of_officer(officer_id: int, unit_id: int, today: date, minimum: int) -> list[Need]:
    """One officer's ranked needs, within the analysis of their unit (colleagues compared)."""
    analysis = await unit_needs(unit_id, today, minimum)
    for item in analysis.officers:
        if item.profile.officer["id"] == officer_id:
            return item.needs
    return []
