"""Follow-up actions (RTL): listing, the overdue list, and audited create/update/delete."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date, tzinfo

from surveys.method.periods import Period
from surveys.reporting.followups import OPEN_STATUSES, FollowUpItem
from surveys.store.accounts import Account
from surveys.store.audit import audited_delete, audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.tables import FollowUp

TABLE = "follow_up"


@dataclass(frozen=True)
class FollowUpFields:
    element: str
    period_start: date
    period_end: date
    problem: str
    action: str
    responsible: str
    target_date: date
    status: str
    done_on: date | None
    evidence: str


def _item(row: dict, timezone: tzinfo) -> FollowUpItem:
    return FollowUpItem(
        id=row["id"],
        element=row["element"],
        problem=row["problem"],
        action=row["action"],
        responsible=row["responsible"],
        target_date=row["target_date"],
        status=row["status"],
        done_on=row["done_on"],
        evidence=row["evidence"],
        created_on=row["created_at"].astimezone(timezone).date(),
        period_start=row["period_start"],
        period_end=row["period_end"],
    )


async def followups_of_unit(
    unit_id: int,
    timezone: tzinfo,
    *,
    period: Period | None = None,
    status: str | None = None,
    element: str | None = None,
) -> list[FollowUpItem]:
    """The unit's items, optionally those whose period overlaps ``period``; by target date."""
    query = FollowUp.select().where(FollowUp.unit == unit_id)
    if period is not None:
        query = query.where(
            (FollowUp.period_start <= period.end) & (FollowUp.period_end >= period.start)
        )
    if status:
        query = query.where(FollowUp.status == status)
    if element:
        query = query.where(FollowUp.element == element)
    rows = await query.order_by(FollowUp.target_date).order_by(FollowUp.id)
    return [_item(row, timezone) for row in rows]


async def followup_of_unit(unit_id: int, followup_id: int) -> dict | None:
    return (
        await FollowUp.select()
        .where((FollowUp.id == followup_id) & (FollowUp.unit == unit_id))
        .first()
    )


async def overdue_followups(unit_ids: Collection[int] | None, today: date) -> list[dict]:
    """Open items past their target date in these units (all units for None), oldest first."""
    query = FollowUp.select(
        *FollowUp.all_columns(),
        FollowUp.unit.code.as_alias("unit_code"),
        FollowUp.unit.name.as_alias("unit_name"),
    ).where(
        FollowUp.status.is_in(list(OPEN_STATUSES))
        & (FollowUp.target_date < today)
        & (FollowUp.unit._.active.eq(True))
    )
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(FollowUp.unit.is_in(list(unit_ids)))
    return await query.order_by(FollowUp.target_date).order_by(FollowUp.id)


def _audited(fields: FollowUpFields, unit_id: int) -> dict:
    return {"unit": unit_id, **asdict(fields)}


async def create_followup(actor: Account, unit_id: int, fields: FollowUpFields) -> int:
    async with write_transaction(FollowUp._meta.db):
        row = FollowUp(unit=unit_id, **asdict(fields))
        await row.save()
        await record_audit(
            actor.id, actor.username, "create", TABLE, row.id, None, _audited(fields, unit_id)
        )
    return row.id


async def update_followup(actor: Account, followup_id: int, fields: FollowUpFields) -> None:
    async with write_transaction(FollowUp._meta.db):
        before = await FollowUp.select().where(FollowUp.id == followup_id).first()
        if before is None:
            raise LookupError(followup_id)
        await audited_update(
            FollowUp,
            followup_id,
            asdict(fields),
            actor=actor,
            before=before,
            context={"unit": before["unit"]},
        )


async def delete_followup(actor: Account, followup_id: int) -> None:
    async with write_transaction(FollowUp._meta.db):
        await audited_delete(FollowUp, followup_id, actor=actor)
