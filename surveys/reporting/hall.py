"""The hall display: a TV in a unit's waiting room showing today's and this period's
satisfaction, the comments a manager approved and what the unit changed.

Nobody logs in to a TV: it opens an unguessable link a manager creates (and can replace,
which retires the old one). Scores follow the same rules as everywhere: no IKM below the
unit's minimum number of respondents. Comments appear only once a manager approved them.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from surveys.method.periods import Period
from surveys.method.scoring import IkmResult, parse_weights
from surveys.store.accounts import Account
from surveys.store.audit import audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.scores import Dimension, element_totals_by, empty_group
from surveys.store.tables import FollowUp, HallDisplay, Response, ServicePoint

COMMENTS_SHOWN = 4
CHANGES_SHOWN = 3
# Approved comments older than this leave the screen.
COMMENT_DAYS = 90


@dataclass(frozen=True)
class HallFigures:
    today_n: int
    today: IkmResult
    period: IkmResult
    comments: list[dict]
    changes: list[dict]


async def display_by_token(token: str) -> dict | None:
    """The display behind ``token`` with its unit (active) and service point, or None."""
    if not token or len(token) > 64:
        return None
    return await (
        HallDisplay.select(
            HallDisplay.id,
            HallDisplay.token,
            HallDisplay.service_point,
            HallDisplay.unit.id.as_alias("unit_id"),
            HallDisplay.unit.code.as_alias("unit_code"),
            HallDisplay.unit.name.as_alias("unit_name"),
            HallDisplay.unit.minimum_responses.as_alias("minimum_responses"),
            HallDisplay.unit.weights.as_alias("weights"),
            HallDisplay.service_point.name.as_alias("service_point_name"),
        )
        .where((HallDisplay.token == token) & (HallDisplay.unit._.active.eq(True)))
        .first()
        .output(load_json=True)
    )


async def displays_of_unit(unit_id: int) -> dict[int | None, dict]:
    """The unit's displays by service point id (None: the whole unit's)."""
    rows = await HallDisplay.select().where(HallDisplay.unit == unit_id)
    return {row["service_point"]: row for row in rows}


async def replace_display(actor: Account, unit_id: int, service_point_id: int | None) -> str:
    """A new link for the unit's (or its service point's) display; the old one stops working."""
    if service_point_id is not None:
        point = await ServicePoint.exists().where(
            (ServicePoint.id == service_point_id) & (ServicePoint.unit == unit_id)
        )
        if not point:
            raise LookupError(service_point_id)
    token = secrets.token_urlsafe(24)
    same = (HallDisplay.unit == unit_id) & (
        HallDisplay.service_point.is_null()
        if service_point_id is None
        else HallDisplay.service_point == service_point_id
    )
    async with write_transaction(HallDisplay._meta.db):
        await HallDisplay.delete().where(same)
        row = HallDisplay(unit=unit_id, service_point=service_point_id, token=token)
        await row.save()
        # The token itself is a credential: the trail records that it changed, not its value.
        await record_audit(
            actor.id,
            actor.username,
            "create",
            HallDisplay._meta.tablename,
            row.id,
            None,
            {"unit": unit_id, "service_point": service_point_id},
        )
    return token


async def set_comment_public(actor: Account, unit_id: int, response_id: int, public: bool) -> None:
    """Approve a comment of the unit for the hall display, or hide it again."""
    async with write_transaction(Response._meta.db):
        before = await (
            Response.select(Response.id, Response.comment_public)
            .where((Response.id == response_id) & (Response.unit == unit_id))
            .first()
        )
        if before is None:
            raise LookupError(response_id)
        await audited_update(
            Response,
            response_id,
            {"comment_public": public},
            actor=actor,
            action="approve_comment" if public else "hide_comment",
            before=before,
            context={"unit": unit_id},
        )


async def hall_figures(
    display: Mapping, today: date, period: Period, default_minimum: int
) -> HallFigures:
    """What the display shows now, for its unit or its service point."""
    unit_id, point_id = display["unit_id"], display["service_point"]
    minimum = display["minimum_responses"] or default_minimum
    weights = parse_weights(display["weights"])
    dimension: Dimension = "unit" if point_id is None else "service_point"
    key = unit_id if point_id is None else point_id
    results = []
    for span in (Period(today, today), period):
        groups = await element_totals_by(dimension, span, [unit_id])
        totals = groups.get(key) or empty_group(key)
        results.append(totals.ikm(minimum_n=minimum, weights=weights))
    return HallFigures(
        today_n=results[0].n,
        today=results[0],
        period=results[1],
        comments=await approved_comments(unit_id, point_id, today),
        changes=await recent_changes(unit_id, today),
    )


async def approved_comments(unit_id: int, point_id: int | None, today: date) -> list[dict]:
    """The newest comments a manager approved, of the unit or of one service point."""
    where = (
        (Response.unit == unit_id)
        & Response.comment_public.eq(True)
        & (Response.status == "valid")
        & (Response.comment != "")
        & (Response.local_day >= today - timedelta(days=COMMENT_DAYS))
    )
    if point_id is not None:
        where = where & (Response.service_point == point_id)
    return await (
        Response.select(Response.id, Response.comment, Response.local_day)
        .where(where)
        .order_by(Response.submitted_at, ascending=False)
        .limit(COMMENTS_SHOWN)
    )


async def recent_changes(unit_id: int, today: date) -> list[dict]:
    """ "What we changed": follow-up items done in the last year, newest first."""
    return await (
        FollowUp.select(FollowUp.id, FollowUp.element, FollowUp.action, FollowUp.done_on)
        .where(
            (FollowUp.unit == unit_id)
            & (FollowUp.status == "done")
            & (FollowUp.done_on >= today - timedelta(days=365))
        )
        .order_by(FollowUp.done_on, ascending=False)
        .order_by(FollowUp.id, ascending=False)
        .limit(CHANGES_SHOWN)
    )


async def active_points_of_unit(unit_id: int) -> list[dict]:
    """The unit's active service points, by name, for choosing a display."""
    return await (
        ServicePoint.select(ServicePoint.id, ServicePoint.name, ServicePoint.kind)
        .where((ServicePoint.unit == unit_id) & ServicePoint.active.eq(True))
        .order_by(ServicePoint.name)
    )
