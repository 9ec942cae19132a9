"""Responses flagged as possible stuffing: listing them for review, accepting or rejecting."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from surveys.store.audit import Someone, audited_update
from surveys.store.db import write_transaction
from surveys.store.responses import refresh_daily_scores
from surveys.store.tables import Response

REVIEW_LIMIT = 200


async def flagged_responses(
    unit_ids: Collection[int] | None, limit: int = REVIEW_LIMIT
) -> list[dict]:
    """Flagged responses, oldest first, within some units (None: every unit)."""
    if unit_ids is not None and not unit_ids:
        return []
    query = (
        Response.select(
            Response.id,
            Response.submitted_at,
            Response.channel,
            Response.flag_reason,
            Response.comment,
            *(getattr(Response, f"u{i}") for i in range(1, 10)),
            Response.unit.id.as_alias("unit_id"),
            Response.unit.name.as_alias("unit_name"),
            Response.service_point.name.as_alias("point_name"),
        )
        .where(Response.status == "flagged")
        .order_by(Response.submitted_at)
        .order_by(Response.id)
        .limit(limit)
    )
    if unit_ids is not None:
        query = query.where(Response.unit.is_in(list(unit_ids)))
    return await query


async def count_flagged(unit_ids: Collection[int] | None) -> int:
    if unit_ids is not None and not unit_ids:
        return 0
    query = Response.count().where(Response.status == "flagged")
    if unit_ids is not None:
        query = query.where(Response.unit.is_in(list(unit_ids)))
    return await query


async def review_flagged_response(
    response_id: int,
    accept: bool,
    unit_ids: Collection[int] | None,
    user_id: int | None = None,
    username: str = "",
) -> bool:
    """Mark a flagged response valid (counted from now on) or rejected; False if not found."""
    return await review_flagged_responses([response_id], accept, unit_ids, user_id, username) == 1


async def review_flagged_responses(
    response_ids: Collection[int],
    accept: bool,
    unit_ids: Collection[int] | None,
    user_id: int | None = None,
    username: str = "",
) -> int:
    """Decide several flagged responses at once, in one transaction; how many were decided.

    Responses already reviewed or outside ``unit_ids`` (None: every unit) are left alone.
    Each decision is audited; accepting refreshes the aggregates of the days concerned, once
    per unit.
    """
    if not response_ids or (unit_ids is not None and not unit_ids):
        return 0
    async with write_transaction(Response._meta.db):
        query = Response.select(
            Response.id, Response.unit, Response.local_day, Response.status
        ).where(Response.id.is_in(list(response_ids)) & (Response.status == "flagged"))
        if unit_ids is not None:
            query = query.where(Response.unit.is_in(list(unit_ids)))
        rows = await query
        days: dict[int, tuple[date, date]] = {}
        for row in rows:
            await audited_update(
                Response,
                row["id"],
                {"status": "valid" if accept else "rejected"},
                actor=Someone(user_id, username),
                action="accept_flagged" if accept else "reject_flagged",
                before=row,
            )
            first, last = days.get(row["unit"], (row["local_day"], row["local_day"]))
            days[row["unit"]] = (min(first, row["local_day"]), max(last, row["local_day"]))
        if accept and days:
            await refresh_daily_scores(days)
    return len(rows)
