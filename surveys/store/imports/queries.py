"""The lookups and writes behind the imports: one query per table (chunked), never per row."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from piccolo.table import Table

from surveys.store.db import write_transaction
from surveys.store.imports.csvfile import Progress
from surveys.store.imports.officers import Plan
from surveys.store.imports.responses import ResponseLookups
from surveys.store.tables import (
    DutyAssignment,
    ForumSession,
    Officer,
    ServicePoint,
    ServiceType,
    Training,
    Unit,
)

# Values per IN (...) list: well under SQLite's bound on query parameters.
IN_CHUNK = 1000


async def _select_in(query_for, values: Collection) -> list[dict]:
    """Run ``query_for(chunk)`` over ``values`` in chunks and join the rows."""
    items = list(values)
    rows: list[dict] = []
    for start in range(0, len(items), IN_CHUNK):
        rows.extend(await query_for(items[start : start + IN_CHUNK]))
    return rows


async def unit_ids_by_code(codes: Collection[str]) -> dict[str, int]:
    rows = await _select_in(
        lambda chunk: Unit.select(Unit.id, Unit.code).where(Unit.code.is_in(chunk)), codes
    )
    return {row["code"]: row["id"] for row in rows}


async def officer_ids_by_nip(nips: Collection[str]) -> dict[str, int]:
    rows = await _select_in(
        lambda chunk: Officer.select(Officer.id, Officer.nip).where(Officer.nip.is_in(chunk)), nips
    )
    return {row["nip"]: row["id"] for row in rows}


async def response_lookups(
    unit_codes: Collection[str], nips: Collection[str], session_unit: int | None = None
) -> ResponseLookups:
    """Units, their service points and types, and officer, for the codes a file mentions."""
    units = await unit_ids_by_code(unit_codes)
    unit_ids = list(set(units.values()))
    return ResponseLookups(
        units=units,
        service_points=await _named_in_units(ServicePoint, unit_ids),
        service_types=await _named_in_units(ServiceType, unit_ids),
        officer=await officer_ids_by_nip(nips),
        session_unit=session_unit,
    )


async def _named_in_units(table: Any, unit_ids: list[int]) -> dict[tuple[int, str], int]:
    """(unit, casefolded name) -> id of service points or types; an active row wins over
    an inactive one of the same name, then the oldest."""
    rows = await _select_in(
        lambda chunk: (
            table.select(table.id, table.unit, table.name, table.active)
            .where(table.unit.is_in(chunk))
            .order_by(table.active)
            .order_by(table.id, ascending=False)
        ),
        unit_ids,
    )
    # Later rows overwrite earlier ones.
    return {(row["unit"], row["name"].strip().casefold()): row["id"] for row in rows}


async def forum_session(session_id: int) -> dict | None:
    return (
        await ForumSession.select(ForumSession.id, ForumSession.unit, ForumSession.service_point)
        .where(ForumSession.id == session_id)
        .first()
    )


async def point_officers(
    point_ids: Collection[int],
) -> tuple[dict[int, int], dict[int, list[tuple[datetime, datetime | None, int]]]]:
    """Desk-card officers and duty assignments of these service points."""
    points = await _select_in(
        lambda chunk: ServicePoint.select(ServicePoint.id, ServicePoint.officer).where(
            ServicePoint.id.is_in(chunk) & ServicePoint.officer.is_not_null()
        ),
        point_ids,
    )
    duties = await _select_in(
        lambda chunk: DutyAssignment.select(
            DutyAssignment.service_point,
            DutyAssignment.starts_at,
            DutyAssignment.ends_at,
            DutyAssignment.officer,
        ).where(DutyAssignment.service_point.is_in(chunk)),
        point_ids,
    )
    by_point: dict[int, list[tuple[datetime, datetime | None, int]]] = defaultdict(list)
    for duty in duties:
        by_point[duty["service_point"]].append(
            (duty["starts_at"], duty["ends_at"], duty["officer"])
        )
    return {row["id"]: row["officer"] for row in points}, dict(by_point)


async def stored_officer(nips: Collection[str]) -> dict[str, tuple[int, dict[str, Any]]]:
    rows = await _select_in(
        lambda chunk: Officer.select(
            Officer.id, Officer.nip, Officer.name, Officer.unit, Officer.position
        ).where(Officer.nip.is_in(chunk)),
        nips,
    )
    return {row["nip"]: (row.pop("id"), row) for row in rows}


async def stored_trainings(
    officer_ids: Collection[int],
) -> dict[tuple[int, str, date], tuple[int, dict[str, Any]]]:
    rows = await _select_in(
        lambda chunk: Training.select().where(Training.officer.is_in(chunk)), officer_ids
    )
    return {(row["officer"], row["title"], row["start_date"]): (row.pop("id"), row) for row in rows}


async def apply_plan(
    table: type[Table], plan: Plan, progress: Progress | None, done: int, total: int
) -> None:
    """Insert the new rows and update the changed ones, in one write transaction."""
    async with write_transaction(table._meta.db):
        for start in range(0, len(plan.inserts), IN_CHUNK):
            chunk = plan.inserts[start : start + IN_CHUNK]
            await table.insert(*[table(**values) for values in chunk])
            if progress is not None:
                progress(done + start + len(chunk), total)
        for index, (row_id, changes) in enumerate(plan.updates, start=1):
            await table.update(**changes).where(table._meta.primary_key == row_id)
            if progress is not None and index % 500 == 0:
                progress(done + len(plan.inserts) + index, total)
    if progress is not None:
        progress(total, total)
