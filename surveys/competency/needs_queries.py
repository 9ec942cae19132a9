"""What the needs analysis reads from the store, by intent: officers' and counters' element
sums over months, the counters officers staff, forum topics, JP in a year (needs.py joins
them)."""

from __future__ import annotations

from datetime import date, datetime

from surveys.competency.evidence import ELEMENT_CODES, Sums
from surveys.method.periods import add_months
from surveys.store.aggregate_tables import OfficerScoreMonthly, ScoreDaily
from surveys.store.tables import DutyAssignment, ForumInput, ServicePoint, Training

FORUM_KINDS = ("aspirasi", "pengaduan")


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
        if previous is None or answer_count(previous[1]) < answer_count(sums):
            found[row["officer"]] = (row["unit"], sums)
    return found


def answer_count(sums: Sums) -> int:
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
