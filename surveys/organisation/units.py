"""Administering units: the hierarchy, service types and populations, each change audited."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from piccolo.apps.user.tables import BaseUser

from surveys.store.accounts import Account
from surveys.store.audit import audited_delete, audited_update, record_audit
from surveys.store.db import write_or_refuse, write_transaction
from surveys.store.tables import (
    Officer,
    ServicePoint,
    ServiceType,
    Training,
    Unit,
    UnitPopulation,
)


@dataclass(frozen=True)
class UnitFields:
    code: str
    name: str
    kind: str
    parent: int | None
    minimum_responses: int
    active: bool


@dataclass(frozen=True)
class PopulationFields:
    period_start: date
    period_end: date
    population: int


def _engine():
    return Unit._meta.db


async def overview_counts() -> dict[str, int]:
    """What the administration home page counts."""
    return {
        "units": await Unit.count().where(Unit.active.eq(True)),
        "service_points": await ServicePoint.count().where(ServicePoint.active.eq(True)),
        "officer": await Officer.count().where(Officer.active.eq(True)),
        "trainings": await Training.count(),
        "users": await BaseUser.count().where(BaseUser.active.eq(True)),
    }


async def all_units() -> list[dict]:
    """Every unit, inactive ones too, with its parent and how many active points it has."""
    units = await Unit.select(
        Unit.id,
        Unit.code,
        Unit.name,
        Unit.kind,
        Unit.parent,
        Unit.minimum_responses,
        Unit.active,
        Unit.parent.name.as_alias("parent_name"),
    ).order_by(Unit.name)
    points = await ServicePoint.select(ServicePoint.unit).where(ServicePoint.active.eq(True))
    per_unit: dict[int, int] = {}
    for row in points:
        per_unit[row["unit"]] = per_unit.get(row["unit"], 0) + 1
    for unit in units:
        unit["points"] = per_unit.get(unit["id"], 0)
    return units


async def unit_by_id(unit_id: int) -> dict | None:
    return (
        await Unit.select(
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.kind,
            Unit.parent,
            Unit.minimum_responses,
            Unit.active,
            Unit.parent.name.as_alias("parent_name"),
        )
        .where(Unit.id == unit_id)
        .first()
    )


async def unit_code_taken(code: str, except_id: int | None = None) -> bool:
    query = Unit.exists().where(Unit.code == code)
    if except_id is not None:
        query = query.where(Unit.id != except_id)
    return await query


async def unit_exists(unit_id: int) -> bool:
    return await Unit.exists().where(Unit.id == unit_id)


async def would_make_cycle(unit_id: int, parent_id: int) -> bool:
    """True when ``parent_id`` is the unit itself or one of its descendants."""
    parents = {row["id"]: row["parent"] for row in await Unit.select(Unit.id, Unit.parent)}
    seen: set[int] = set()
    current: int | None = parent_id
    while current is not None and current not in seen:
        if current == unit_id:
            return True
        seen.add(current)
        current = parents.get(current)
    return False


class UnitCodeTaken(Exception):
    """Another unit holds the code already (stored meanwhile by a concurrent request)."""


async def create_unit(actor: Account, fields: UnitFields) -> int:
    async with write_or_refuse(_engine(), UnitCodeTaken(fields.code)):
        unit = Unit(**asdict(fields))
        await unit.save()
        await record_audit(
            actor.id, actor.username, "create", "unit", unit.id, None, asdict(fields)
        )
    return unit.id


async def update_unit(actor: Account, unit_id: int, fields: UnitFields) -> None:
    async with write_or_refuse(_engine(), UnitCodeTaken(fields.code)):
        await audited_update(Unit, unit_id, asdict(fields), actor=actor)


# --- service types ---------------------------------------------------------------------------


async def service_types_of(unit_id: int, only_active: bool = False) -> list[dict]:
    query = (
        ServiceType.select(ServiceType.id, ServiceType.name, ServiceType.active)
        .where(ServiceType.unit == unit_id)
        .order_by(ServiceType.name)
    )
    if only_active:
        query = query.where(ServiceType.active.eq(True))
    return await query


async def service_type_of_unit(unit_id: int, type_id: int) -> dict | None:
    return (
        await ServiceType.select()
        .where((ServiceType.id == type_id) & (ServiceType.unit == unit_id))
        .first()
    )


async def add_service_type(actor: Account, unit_id: int, name: str) -> int:
    async with write_transaction(_engine()):
        service_type = ServiceType(unit=unit_id, name=name, active=True)
        await service_type.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "service_type",
            service_type.id,
            None,
            {"unit": unit_id, "name": name, "active": True},
        )
    return service_type.id


async def update_service_type(actor: Account, type_id: int, name: str, active: bool) -> None:
    async with write_transaction(_engine()):
        await audited_update(ServiceType, type_id, {"name": name, "active": active}, actor=actor)


# --- populations (the base of the Krejcie-Morgan sample target) ------------------------------


async def populations_of(unit_id: int) -> list[dict]:
    return (
        await UnitPopulation.select()
        .where(UnitPopulation.unit == unit_id)
        .order_by(UnitPopulation.period_start, ascending=False)
    )


async def population_of_unit(unit_id: int, population_id: int) -> dict | None:
    return (
        await UnitPopulation.select()
        .where((UnitPopulation.id == population_id) & (UnitPopulation.unit == unit_id))
        .first()
    )


async def population_period_taken(
    unit_id: int, fields: PopulationFields, except_id: int | None = None
) -> bool:
    """Whether the unit already has a population for a period overlapping this one."""
    query = UnitPopulation.exists().where(
        (UnitPopulation.unit == unit_id)
        & (UnitPopulation.period_start <= fields.period_end)
        & (UnitPopulation.period_end >= fields.period_start)
    )
    if except_id is not None:
        query = query.where(UnitPopulation.id != except_id)
    return await query


async def add_population(actor: Account, unit_id: int, fields: PopulationFields) -> int:
    async with write_transaction(_engine()):
        row = UnitPopulation(unit=unit_id, **asdict(fields))
        await row.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "unit_population",
            row.id,
            None,
            {"unit": unit_id, **asdict(fields)},
        )
    return row.id


async def update_population(actor: Account, population_id: int, fields: PopulationFields) -> None:
    async with write_transaction(_engine()):
        await audited_update(UnitPopulation, population_id, asdict(fields), actor=actor)


async def delete_population(actor: Account, population_id: int) -> None:
    fields = ("unit", *PopulationFields.__dataclass_fields__)
    async with write_transaction(_engine()):
        await audited_delete(UnitPopulation, population_id, actor=actor, fields=fields)
