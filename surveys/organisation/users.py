"""Administering logins: role and unit scope, deactivation, password resets, all audited.

Creating a login goes through ``surveys.store.accounts.create_user`` (shared with the CLI).
Passwords are hashed in a worker thread: PBKDF2 at 600,000 rounds would block the loop.
"""

from __future__ import annotations

import asyncio

from piccolo.apps.user.tables import BaseUser

from surveys.store.accounts import Account, end_sessions
from surveys.store.audit import audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.tables import CITY_WIDE_ROLES, Unit, UserRole, UserUnit


async def all_users() -> list[dict]:
    """Every login with its role and unit codes, by username."""
    users = await BaseUser.select(
        BaseUser.id, BaseUser.username, BaseUser.email, BaseUser.active, BaseUser.last_login
    ).order_by(BaseUser.username)
    roles = {
        row["user"]: row["role"] for row in await UserRole.select(UserRole.user, UserRole.role)
    }
    scopes: dict[int, list[str]] = {}
    for row in await UserUnit.select(UserUnit.user, UserUnit.unit.code.as_alias("code")).order_by(
        UserUnit.unit.code
    ):
        scopes.setdefault(row["user"], []).append(row["code"])
    for user in users:
        user["role"] = roles.get(user["id"], "")
        user["units"] = scopes.get(user["id"], [])
    return users


async def user_by_id(user_id: int) -> dict | None:
    for user in await all_users():
        if user["id"] == user_id:
            return user
    return None


async def username_taken(username: str) -> bool:
    return await BaseUser.exists().where(BaseUser.username == username)


async def unit_codes() -> list[dict]:
    return (
        await Unit.select(Unit.id, Unit.code, Unit.name)
        .where(Unit.active.eq(True))
        .order_by(Unit.name)
    )


async def set_user_active(actor: Account, user_id: int, active: bool) -> None:
    async with write_transaction(BaseUser._meta.db):
        await audited_update(
            BaseUser,
            user_id,
            {"active": active},
            actor=actor,
            action="activate" if active else "deactivate",
            table_name="user",
        )
        # Reactivating must not revive a session from before the deactivation either.
        await end_sessions(user_id)


async def reset_password(actor: Account, user_id: int, password: str) -> None:
    """Set a new password; the audit entry says that it changed, never what it is."""
    hashed = await asyncio.to_thread(BaseUser.hash_password, password)
    async with write_transaction(BaseUser._meta.db):
        if not await BaseUser.exists().where(BaseUser.id == user_id):
            raise LookupError(user_id)
        await BaseUser.update({BaseUser.password: hashed}).where(BaseUser.id == user_id)
        await end_sessions(user_id)
        await record_audit(actor.id, actor.username, "reset_password", "user", user_id, None, None)


async def update_role(actor: Account, user_id: int, role: str, codes: list[str]) -> None:
    """Change a login's role and unit scope (administrators have no scope: they see all)."""
    async with write_transaction(BaseUser._meta.db):
        before = await user_by_id(user_id)
        if before is None:
            raise LookupError(user_id)
        codes = [] if role in CITY_WIDE_ROLES else sorted(set(codes))
        units = await Unit.select(Unit.id).where(Unit.code.is_in(codes)) if codes else []
        await UserRole.update({UserRole.role: role}).where(UserRole.user == user_id)
        await BaseUser.update({BaseUser.admin: role == "admin"}).where(BaseUser.id == user_id)
        await UserUnit.delete().where(UserUnit.user == user_id)
        if units:
            await UserUnit.insert(*[UserUnit(user=user_id, unit=row["id"]) for row in units])
        await record_audit(
            actor.id,
            actor.username,
            "update",
            "user",
            user_id,
            {"role": before["role"], "units": before["units"]},
            {"role": role, "units": codes},
        )
