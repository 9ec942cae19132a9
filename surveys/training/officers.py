"""Administering officers (ASN), their training records and duty assignments, audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from surveys.store.accounts import Account
from surveys.store.audit import audited_delete, audited_update, record_audit
from surveys.store.db import is_sqlite, write_transaction
from surveys.store.tables import DutyAssignment, ServicePoint, Staff, Training, Unit


@dataclass(frozen=True)
class StaffFields:
    nip: str
    name: str
    unit: int
    position: str
    active: bool


@dataclass(frozen=True)
class TrainingFields:
    title: str
    form: str
    classical: bool
    competency: str
    provider: str
    start_date: date
    end_date: date
    jp: int
    certificate_no: str


@dataclass(frozen=True)
class DutyFields:
    service_point: int
    starts_at: datetime
    ends_at: datetime | None


def _engine():
    return Staff._meta.db


_STAFF_COLUMNS = (
    Staff.id,
    Staff.nip,
    Staff.name,
    Staff.unit,
    Staff.position,
    Staff.active,
    Staff.unit.code.as_alias("unit_code"),
    Staff.unit.name.as_alias("unit_name"),
)


async def search_staff(
    text: str = "", unit_id: int | None = None, *, limit: int = 200
) -> list[dict]:
    """Officers whose name, NIP or position contains ``text``, optionally in one unit."""
    query = Staff.select(*_STAFF_COLUMNS).order_by(Staff.name).limit(limit)
    if text:
        digits = "".join(text.split())
        # SQLite's LIKE ignores ASCII case already (and warns about ILIKE).
        sqlite = is_sqlite(_engine())
        name = Staff.name.like if sqlite else Staff.name.ilike
        position = Staff.position.like if sqlite else Staff.position.ilike
        query = query.where(
            name(f"%{text}%") | position(f"%{text}%") | Staff.nip.like(f"%{digits}%")
        )
    if unit_id is not None:
        query = query.where(Staff.unit == unit_id)
    return await query


async def staff_by_id(staff_id: int) -> dict | None:
    return await Staff.select(*_STAFF_COLUMNS).where(Staff.id == staff_id).first()


async def nip_taken(nip: str, except_id: int | None = None) -> bool:
    query = Staff.exists().where(Staff.nip == nip)
    if except_id is not None:
        query = query.where(Staff.id != except_id)
    return await query


async def unit_options() -> list[dict]:
    """Units an officer can belong to (active ones)."""
    return (
        await Unit.select(Unit.id, Unit.code, Unit.name)
        .where(Unit.active.eq(True))
        .order_by(Unit.name)
    )


async def create_staff(actor: Account, fields: StaffFields) -> int:
    async with write_transaction(_engine()):
        staff = Staff(**asdict(fields))
        await staff.save()
        await record_audit(
            actor.id, actor.username, "create", "staff", staff.id, None, asdict(fields)
        )
    return staff.id


async def update_staff(actor: Account, staff_id: int, fields: StaffFields) -> None:
    async with write_transaction(_engine()):
        await audited_update(Staff, staff_id, asdict(fields), actor=actor)


async def set_staff_active(actor: Account, staff_id: int, active: bool) -> None:
    async with write_transaction(_engine()):
        await audited_update(
            Staff,
            staff_id,
            {"active": active},
            actor=actor,
            action="activate" if active else "deactivate",
        )


# --- training records ------------------------------------------------------------------------


async def trainings_of(staff_id: int) -> list[dict]:
    return (
        await Training.select()
        .where(Training.staff == staff_id)
        .order_by(Training.start_date, ascending=False)
        .order_by(Training.id, ascending=False)
    )


async def training_by_id(training_id: int) -> dict | None:
    return await Training.select().where(Training.id == training_id).first()


async def add_training(actor: Account, staff_id: int, fields: TrainingFields) -> int:
    async with write_transaction(_engine()):
        training = Training(staff=staff_id, **asdict(fields))
        await training.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "training",
            training.id,
            None,
            {"staff": staff_id, **asdict(fields)},
        )
    return training.id


async def update_training(actor: Account, training_id: int, fields: TrainingFields) -> None:
    async with write_transaction(_engine()):
        await audited_update(Training, training_id, asdict(fields), actor=actor)


async def delete_training(actor: Account, training_id: int) -> None:
    async with write_transaction(_engine()):
        await audited_delete(Training, training_id, actor=actor)


# --- duty assignments ------------------------------------------------------------------------

_DUTY_COLUMNS = (
    DutyAssignment.id,
    DutyAssignment.staff,
    DutyAssignment.service_point,
    DutyAssignment.starts_at,
    DutyAssignment.ends_at,
    DutyAssignment.staff.name.as_alias("staff_name"),
    DutyAssignment.service_point.name.as_alias("point_name"),
    DutyAssignment.service_point._.unit._.name.as_alias("unit_name"),
)


async def duties_of(staff_id: int) -> list[dict]:
    return (
        await DutyAssignment.select(*_DUTY_COLUMNS)
        .where(DutyAssignment.staff == staff_id)
        .order_by(DutyAssignment.starts_at, ascending=False)
    )


async def related_duties(staff_id: int) -> list[dict]:
    """Assignments of this officer and of anyone at the points this officer served at."""
    points = await DutyAssignment.select(DutyAssignment.service_point).where(
        DutyAssignment.staff == staff_id
    )
    point_ids = list({row["service_point"] for row in points})
    condition: Any = DutyAssignment.staff == staff_id
    if point_ids:
        condition = condition | DutyAssignment.service_point.is_in(point_ids)
    return await DutyAssignment.select(*_DUTY_COLUMNS).where(condition)


async def duty_by_id(duty_id: int) -> dict | None:
    return await DutyAssignment.select(*_DUTY_COLUMNS).where(DutyAssignment.id == duty_id).first()


async def point_options() -> list[dict]:
    """Active service points with their unit, for the duty form."""
    return (
        await ServicePoint.select(
            ServicePoint.id,
            ServicePoint.name,
            ServicePoint.unit,
            ServicePoint.unit.name.as_alias("unit_name"),
        )
        .where(ServicePoint.active.eq(True))
        .order_by(ServicePoint.unit.name)
        .order_by(ServicePoint.name)
    )


async def point_exists(point_id: int) -> bool:
    return await ServicePoint.exists().where(ServicePoint.id == point_id)


async def add_duty(actor: Account, staff_id: int, fields: DutyFields) -> int:
    async with write_transaction(_engine()):
        duty = DutyAssignment(staff=staff_id, **asdict(fields))
        await duty.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "duty_assignment",
            duty.id,
            None,
            {"staff": staff_id, **asdict(fields)},
        )
    return duty.id


async def update_duty(actor: Account, duty_id: int, fields: DutyFields) -> None:
    async with write_transaction(_engine()):
        await audited_update(DutyAssignment, duty_id, asdict(fields), actor=actor)


async def delete_duty(actor: Account, duty_id: int) -> None:
    async with write_transaction(_engine()):
        await audited_delete(DutyAssignment, duty_id, actor=actor)
