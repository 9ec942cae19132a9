"""Administering service points: create, edit, print and revoke their QR tokens, audited."""

from __future__ import annotations

import secrets
from dataclasses import asdict, dataclass

from surveys.store.accounts import Account
from surveys.store.audit import audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.tables import Officer, RetiredToken, ServicePoint, ServiceType, Unit


@dataclass(frozen=True)
class PointFields:
    unit: int
    name: str
    kind: str
    officer: int | None
    service_type: int | None
    active: bool


def new_token() -> str:
    """32 URL-safe characters from 24 random bytes: unguessable, short enough for a QR code."""
    return secrets.token_urlsafe(24)


_COLUMNS = (
    ServicePoint.id,
    ServicePoint.unit,
    ServicePoint.name,
    ServicePoint.kind,
    ServicePoint.token,
    ServicePoint.officer,
    ServicePoint.service_type,
    ServicePoint.active,
    ServicePoint.unit.code.as_alias("unit_code"),
    ServicePoint.unit.name.as_alias("unit_name"),
    ServicePoint.officer.name.as_alias("officer_name"),
    ServicePoint.officer.nip.as_alias("staff_nip"),
    ServicePoint.service_type.name.as_alias("service_type_name"),
)


async def points_for_admin(unit_id: int | None = None) -> list[dict]:
    """Every point (inactive ones too), by unit name then point name; optionally one unit's."""
    query = (
        ServicePoint.select(*_COLUMNS).order_by(ServicePoint.unit.name).order_by(ServicePoint.name)
    )
    if unit_id is not None:
        query = query.where(ServicePoint.unit == unit_id)
    return await query


async def point_by_id(point_id: int) -> dict | None:
    return await ServicePoint.select(*_COLUMNS).where(ServicePoint.id == point_id).first()


async def desk_card_points(unit_id: int | None = None) -> list[dict]:
    """Active points tied to an officer: one desk card each."""
    query = (
        ServicePoint.select(*_COLUMNS)
        .where(
            ServicePoint.active.eq(True)
            & ServicePoint.officer.is_not_null()
            & ServicePoint.unit._.active.eq(True)
        )
        .order_by(ServicePoint.unit.name)
        .order_by(ServicePoint.officer.name)
    )
    if unit_id is not None:
        query = query.where(ServicePoint.unit == unit_id)
    return await query


async def unit_choices() -> list[dict]:
    """Active units for the point form."""
    return (
        await Unit.select(Unit.id, Unit.code, Unit.name)
        .where(Unit.active.eq(True))
        .order_by(Unit.name)
    )


async def officer_choices() -> list[dict]:
    """Active officers with their unit, for a desk-card officer select grouped by unit."""
    return (
        await Officer.select(Officer.id, Officer.name, Officer.nip, Officer.unit)
        .where(Officer.active.eq(True))
        .order_by(Officer.name)
    )


async def service_type_choices() -> list[dict]:
    return (
        await ServiceType.select(ServiceType.id, ServiceType.name, ServiceType.unit)
        .where(ServiceType.active.eq(True))
        .order_by(ServiceType.name)
    )


async def officers_in_unit(officer_id: int, unit_id: int) -> bool:
    return await Officer.exists().where((Officer.id == officer_id) & (Officer.unit == unit_id))


async def service_type_in_unit(type_id: int, unit_id: int) -> bool:
    return await ServiceType.exists().where(
        (ServiceType.id == type_id) & (ServiceType.unit == unit_id)
    )


async def create_point(actor: Account, fields: PointFields) -> int:
    async with write_transaction(ServicePoint._meta.db):
        point = ServicePoint(**asdict(fields), token=new_token())
        await point.save()
        await record_audit(
            actor.id, actor.username, "create", "service_point", point.id, None, asdict(fields)
        )
    return point.id


async def update_point(actor: Account, point_id: int, fields: PointFields) -> None:
    async with write_transaction(ServicePoint._meta.db):
        await audited_update(ServicePoint, point_id, asdict(fields), actor=actor)


async def revoke_token(actor: Account, point_id: int) -> str:
    """Retire the point's token (old posters stop at once) and give it a new one."""
    token = new_token()
    async with write_transaction(ServicePoint._meta.db):
        before = await audited_update(
            ServicePoint, point_id, {"token": token}, actor=actor, action="revoke"
        )
        await RetiredToken(token=before["token"], service_point=point_id).save()
    return token


async def retired_tokens_of(point_id: int) -> list[dict]:
    return (
        await RetiredToken.select(RetiredToken.token, RetiredToken.retired_at)
        .where(RetiredToken.service_point == point_id)
        .order_by(RetiredToken.retired_at, ascending=False)
    )
