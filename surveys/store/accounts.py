"""Logins, their roles and the units they may see."""

from __future__ import annotations

import asyncio
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from piccolo.apps.user.tables import BaseUser

from surveys.store.audit import record_audit
from surveys.store.db import DUPLICATE_ROW, write_transaction
from surveys.store.tables import CITY_WIDE_ROLES, ROLES, Unit, UserRole, UserUnit


@dataclass(frozen=True)
class Account:
    """A logged-in user as the web layer needs it."""

    id: int
    username: str
    role: str
    unit_ids: frozenset[int]
    locale: str = "id"
    session_version: int = 0

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def sees_every_unit(self) -> bool:
        return self.role in CITY_WIDE_ROLES

    def may_see_unit(self, unit_id: int) -> bool:
        return self.sees_every_unit or unit_id in self.unit_ids


async def account_by_id(user_id: int) -> Account | None:
    user = (
        await BaseUser.select(BaseUser.id, BaseUser.username)
        .where((BaseUser.id == user_id) & (BaseUser.active.eq(True)))
        .first()
    )
    if user is None:
        return None
    role = (
        await UserRole.select(UserRole.role, UserRole.locale, UserRole.session_version)
        .where(UserRole.user == user_id)
        .first()
    )
    if role is None:
        return None
    units = await UserUnit.select(UserUnit.unit).where(UserUnit.user == user_id)
    return Account(
        id=user["id"],
        username=user["username"],
        role=role["role"],
        unit_ids=frozenset(row["unit"] for row in units),
        locale=role["locale"],
        session_version=role["session_version"],
    )


async def end_sessions(user_id: int) -> None:
    """Every session signed in as ``user_id`` so far stops being valid."""
    await UserRole.update({UserRole.session_version: UserRole.session_version + 1}).where(
        UserRole.user == user_id
    )


# A hash to compare against when the username is unknown, so both cases cost the same.
_DUMMY_HASH = BaseUser.hash_password(secrets.token_urlsafe(16), iterations=600_000)


async def authenticate(username: str, password: str) -> int | None:
    """The user id when the password matches an active user, hashing in a worker thread."""
    if not username or not password or len(password) > BaseUser._max_password_length:
        return None
    row = (
        await BaseUser.select(BaseUser.id, BaseUser.password, BaseUser.active)
        .where(BaseUser.username == username)
        .first()
    )
    stored = row["password"] if row else _DUMMY_HASH
    _algorithm, iterations, salt, _hashed = BaseUser.split_stored_password(stored)
    candidate = await asyncio.to_thread(BaseUser.hash_password, password, salt, int(iterations))
    if row is None or not row["active"] or not secrets.compare_digest(candidate, stored):
        return None
    await BaseUser.update({BaseUser.last_login: _now()}).where(BaseUser.id == row["id"])
    return row["id"]


def _now() -> datetime:
    # Piccolo's BaseUser.last_login is a naive Timestamp column: store UTC without tzinfo.
    return datetime.now(UTC).replace(tzinfo=None)


class UserError(ValueError):
    pass


async def create_user(
    username: str,
    password: str,
    role: str,
    unit_codes: list[str] | None = None,
    email: str = "",
    actor: Account | None = None,
) -> int:
    """Create a login with a role and unit scope; the password is hashed in a worker thread.

    With an ``actor`` (an administrator in the web app) the creation is audited.
    """
    if role not in ROLES:
        raise UserError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    if not username or len(username) > 100:
        raise UserError("the username must be 1 to 100 characters")
    if len(password) < 8:
        raise UserError("the password must be at least 8 characters")
    if await BaseUser.exists().where(BaseUser.username == username):
        raise UserError(f"user {username!r} already exists")
    units = []
    for code in unit_codes or []:
        unit = await Unit.select(Unit.id).where(Unit.code == code).first()
        if unit is None:
            raise UserError(f"unknown unit {code!r}")
        units.append(unit["id"])
    if role == "manager" and not units:
        raise UserError("a manager needs at least one --unit")
    hashed = await asyncio.to_thread(BaseUser.hash_password, password)
    try:
        return await _store_user(username, hashed, role, units, email, actor, unit_codes or [])
    except DUPLICATE_ROW as exc:  # the same name stored by another worker meanwhile
        raise UserError(f"user {username!r} already exists") from exc


async def _store_user(
    username: str,
    hashed: str,
    role: str,
    units: list[int],
    email: str,
    actor: Account | None,
    unit_codes: list[str],
) -> int:
    async with write_transaction(BaseUser._meta.db):
        user = BaseUser(
            username=username,
            password=hashed,
            email=email or f"{username}@suara.invalid",
            active=True,
            admin=role == "admin",
        )
        await user.save()
        await UserRole(user=user.id, role=role).save()
        if units:
            await UserUnit.insert(*[UserUnit(user=user.id, unit=unit_id) for unit_id in units])
        if actor is not None:
            created = {"username": username, "role": role, "units": unit_codes}
            await record_audit(actor.id, actor.username, "create", "user", user.id, None, created)
    return user.id
