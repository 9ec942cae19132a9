"""Administering officers (ASN), their training records and duty assignments, audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from surveys.store.accounts import Account
from surveys.store.audit import audited_delete, audited_update, record_audit
from surveys.store.db import is_sqlite, write_or_refuse, write_transaction
from surveys.store.tables import DutyAssignment, Officer, ServicePoint, Training, Unit


@dataclass(frozen=True)
class OfficerFields:
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
    return Officer._meta.db


_OFFICER_COLUMNS = (
    Officer.id,
    Officer.nip,
    Officer.name,
    Officer.unit,
    Officer.position,
    Officer.active,
    Officer.unit.code.as_alias("unit_code"),
    Officer.unit.name.as_alias("unit_name"),
)


async def search_officers(
    text: str = "", unit_id: int | None = None, *, limit: int = 200
) -> list[dict]:
    """Officers whose name, NIP or position contains ``text``, optionally in one unit."""
    query = Officer.select(*_OFFICER_COLUMNS).order_by(Officer.name).limit(limit)
    if text:
        digits = "".join(text.split())
        # SQLite's LIKE ignores ASCII case already (and warns about ILIKE).
        sqlite = is_sqlite(_engine())
        name = Officer.name.like if sqlite else Officer.name.ilike
        position = Officer.position.like if sqlite else Officer.position.ilike
        query = query.where(
            name(f"%{text}%") | position(f"%{text}%") | Officer.nip.like(f"%{digits}%")
        )
    if unit_id is not None:
        query = query.where(Officer.unit == unit_id)
    return await query


async def officer_by_id(officer_id: int) -> dict | None:
    return await Officer.select(*_OFFICER_COLUMNS).where(Officer.id == officer_id).first()


async def nip_taken(nip: str, except_id: int | None = None) -> bool:
    query = Officer.exists().where(Officer.nip == nip)
    if except_id is not None:
        query = query.where(Officer.id != except_id)
    return await query


async def unit_options() -> list[dict]:
    """Units an officer can belong to (active ones)."""
    return (
        await Unit.select(Unit.id, Unit.code, Unit.name)
        .where(Unit.active.eq(True))
        .order_by(Unit.name)
    )


class NipTaken(Exception):
    """Another officer holds the NIP already (stored meanwhile by a concurrent request)."""


async def create_officer(actor: Account, fields: OfficerFields) -> int:
    async with write_or_refuse(_engine(), NipTaken(fields.nip)):
        officer = Officer(**asdict(fields))
        await officer.save()
        await record_audit(
            actor.id, actor.username, "create", "officer", officer.id, None, asdict(fields)
        )
    return officer.id


async def update_officer(actor: Account, officer_id: int, fields: OfficerFields) -> None:
    async with write_or_refuse(_engine(), NipTaken(fields.nip)):
        await audited_update(Officer, officer_id, asdict(fields), actor=actor)


async def set_officer_active(actor: Account, officer_id: int, active: bool) -> None:
    async with write_transaction(_engine()):
        await audited_update(
            Officer,
            officer_id,
            {"active": active},
            actor=actor,
            action="activate" if active else "deactivate",
        )


# --- training records ------------------------------------------------------------------------


async def trainings_of(officer_id: int) -> list[dict]:
    return (
        await Training.select()
        .where(Training.officer == officer_id)
        .order_by(Training.start_date, ascending=False)
        .order_by(Training.id, ascending=False)
    )


async def training_by_id(training_id: int) -> dict | None:
    return await Training.select().where(Training.id == training_id).first()


class TrainingExists(Exception):
    """The officer already has a training record with this title and start date."""


async def _refuse_a_second_record(
    officer_id: int, fields: TrainingFields, except_id: int | None = None
) -> None:
    query = Training.exists().where(
        (Training.officer == officer_id)
        & (Training.title == fields.title)
        & (Training.start_date == fields.start_date)
    )
    if except_id is not None:
        query = query.where(Training.id != except_id)
    if await query:
        raise TrainingExists(fields.title)


async def add_training(actor: Account, officer_id: int, fields: TrainingFields) -> int:
    async with write_or_refuse(_engine(), TrainingExists(fields.title)):
        await _refuse_a_second_record(officer_id, fields)
        training = Training(officer=officer_id, **asdict(fields))
        await training.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "training",
            training.id,
            None,
            {"officer": officer_id, **asdict(fields)},
        )
    return training.id


async def update_training(
    actor: Account, officer_id: int, training_id: int, fields: TrainingFields
) -> None:
    async with write_or_refuse(_engine(), TrainingExists(fields.title)):
        await _refuse_a_second_record(officer_id, fields, except_id=training_id)
        await audited_update(Training, training_id, asdict(fields), actor=actor)


async def delete_training(actor: Account, training_id: int) -> None:
    async with write_transaction(_engine()):
        await audited_delete(Training, training_id, actor=actor)


# --- duty assignments ------------------------------------------------------------------------

_DUTY_COLUMNS = (
    DutyAssignment.id,
    DutyAssignment.officer,
    DutyAssignment.service_point,
    DutyAssignment.starts_at,
    DutyAssignment.ends_at,
    DutyAssignment.officer.name.as_alias("officer_name"),
    DutyAssignment.service_point.name.as_alias("point_name"),
    DutyAssignment.service_point._.unit._.name.as_alias("unit_name"),
)


async def duties_of(officer_id: int) -> list[dict]:
    return (
        await DutyAssignment.select(*_DUTY_COLUMNS)
        .where(DutyAssignment.officer == officer_id)
        .order_by(DutyAssignment.starts_at, ascending=False)
    )


async def related_duties(officer_id: int) -> list[dict]:
    """Assignments of this officer and of anyone at the points this officer served at."""
    points = await DutyAssignment.select(DutyAssignment.service_point).where(
        DutyAssignment.officer == officer_id
    )
    point_ids = list({row["service_point"] for row in points})
    condition: Any = DutyAssignment.officer == officer_id
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


async def add_duty(actor: Account, officer_id: int, fields: DutyFields) -> int:
    async with write_transaction(_engine()):
        duty = DutyAssignment(officer=officer_id, **asdict(fields))
        await duty.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "duty_assignment",
            duty.id,
            None,
            {"officer": officer_id, **asdict(fields)},
        )
    return duty.id


async def update_duty(actor: Account, duty_id: int, fields: DutyFields) -> None:
    async with write_transaction(_engine()):
        await audited_update(DutyAssignment, duty_id, asdict(fields), actor=actor)


async def delete_duty(actor: Account, duty_id: int) -> None:
    async with write_transaction(_engine()):
        await audited_delete(DutyAssignment, duty_id, actor=actor)
