"""What the SKM report and the exports read: one unit, one period, valid responses only.

The totals come from ``surveys.store.scores.unit_totals``, the same as the API's, so the
report's IKM equals the API's for the same period by construction.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, tzinfo
from operator import itemgetter

from surveys.method.periods import Period
from surveys.method.scoring import ELEMENT_CODES, parse_weights
from surveys.reporting.exports import ExportRow
from surveys.reporting.followup_queries import followups_of_unit
from surveys.reporting.report import Comment, ReportInput
from surveys.reporting.unit_detail import CommentFilter, respondent_profile, unit_comments
from surveys.store.scores import unit_totals
from surveys.store.tables import Response, Unit, UnitPopulation

# Comments printed in the report; the rest are in the exports.
REPORT_COMMENTS = 200
# Rows per export query: each query is a round trip (on SQLite a new connection).
EXPORT_CHUNK = 5000
_ANSWERS = itemgetter(*(code.lower() for code in ELEMENT_CODES))
_ANCESTOR_LIMIT = 20  # a guard against a cycle in bad data


async def government_of(unit: dict) -> str:
    """The name of the unit's top instansi (the Pemda on the report's cover)."""
    parent_id = unit.get("parent")
    name = unit["name"] if unit.get("kind") == "instansi" else ""
    for _ in range(_ANCESTOR_LIMIT):
        if parent_id is None:
            break
        parent = (
            await Unit.select(Unit.name, Unit.parent, Unit.kind).where(Unit.id == parent_id).first()
        )
        if parent is None:
            break
        if parent["kind"] == "instansi":
            name = parent["name"]
        parent_id = parent["parent"]
    return name


async def population_in(unit_id: int, period: Period) -> int | None:
    """Service users recorded for periods lying inside ``period``, summed; None if none is."""
    rows = await UnitPopulation.select(UnitPopulation.population).where(
        (UnitPopulation.unit == unit_id)
        & (UnitPopulation.period_start >= period.start)
        & (UnitPopulation.period_end <= period.end)
    )
    return sum(row["population"] for row in rows) if rows else None


async def channel_counts(unit_id: int, period: Period) -> dict[str, int]:
    rows = await Response.raw(
        "SELECT channel, COUNT(*) AS n FROM response WHERE unit = {} AND local_day >= {} "
        "AND local_day <= {} AND status = 'valid' GROUP BY channel ORDER BY channel",
        unit_id,
        period.start,
        period.end,
    )
    return {row["channel"]: int(row["n"]) for row in rows}


async def report_input(
    unit: dict, period: Period, *, today: date, timezone: tzinfo, default_minimum: int
) -> ReportInput:
    """Everything the report shows for ``unit`` (a Unit row) over ``period``."""
    totals = await unit_totals(period, unit["id"])
    page = await unit_comments(unit["id"], period, CommentFilter(), per_page=REPORT_COMMENTS)
    comments = [
        Comment(row["local_day"], row["comment"], row["service_type_name"]) for row in page.comments
    ]
    return ReportInput(
        unit_code=unit["code"],
        unit_name=unit["name"],
        government=await government_of(unit),
        period=period,
        n=totals.n,
        totals=totals.totals,
        weights=parse_weights(unit["weights"]),
        minimum_n=unit["minimum_responses"] or default_minimum,
        population=await population_in(unit["id"], period),
        profile=await respondent_profile(unit["id"], period),
        channels=await channel_counts(unit["id"], period),
        comments=comments,
        comments_total=page.total,
        followups=await followups_of_unit(unit["id"], timezone, period=period),
        generated_on=today,
    )


async def export_rows(
    unit: dict, period: Period, chunk: int = EXPORT_CHUNK
) -> AsyncIterator[list[ExportRow]]:
    """The unit's valid responses in the period, in chunks, by keyset on the id."""
    last_id = 0
    while True:
        rows = (
            await Response.select(
                Response.id,
                Response.submitted_at,
                *(getattr(Response, code.lower()) for code in ELEMENT_CODES),
                Response.service_point.name.as_alias("point_name"),
                Response.officer.nip.as_alias("nip"),
                Response.gender,
                Response.age,
                Response.education,
                Response.occupation,
                Response.service_type.name.as_alias("type_name"),
                Response.comment,
            )
            .where(
                (Response.unit == unit["id"])
                & (Response.local_day >= period.start)
                & (Response.local_day <= period.end)
                & (Response.status == "valid")
                & (Response.id > last_id)
            )
            .order_by(Response.id)
            .limit(chunk)
        )
        if not rows:
            return
        yield [
            ExportRow(
                unit_code=unit["code"],
                submitted_at=row["submitted_at"],
                answers=_ANSWERS(row),
                service_point=row["point_name"],
                staff_nip=row["nip"],
                gender=row["gender"],
                age=row["age"],
                education=row["education"],
                occupation=row["occupation"],
                service_type=row["type_name"],
                comment=row["comment"] or "",
            )
            for row in rows
        ]
        if len(rows) < chunk:
            return
        last_id = rows[-1]["id"]
