"""Aspirations, complaints and suggestions raised at a forum session.

Writes refuse once the session is closed, store each client key once (a resend
after a dropped connection changes nothing) and are audited with previous values.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from surveys.forum.sessions import writable_session
from surveys.store.accounts import Account
from surveys.store.audit import audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.tables import ForumInput

_AUDITED = ("kind", "topic", "text", "votes", "addressed_unit")


@dataclass(frozen=True)
class InputFields:
    kind: str
    topic: str
    text: str
    votes: int
    addressed_unit: int | None


@dataclass(frozen=True)
class InputFilters:
    kind: str | None = None
    topic: str | None = None
    addressed_unit: int | None = None


def _columns():
    return (
        ForumInput.all_columns(),
        ForumInput.addressed_unit.name.as_alias("addressed_unit_name"),
        ForumInput.addressed_unit.code.as_alias("addressed_unit_code"),
        ForumInput.created_by.username.as_alias("created_by_name"),
    )


async def session_inputs(session_id: int, filters: InputFilters | None = None) -> list[dict]:
    """The session's inputs ranked by support (most votes first), then oldest first."""
    query = (
        ForumInput.select(*_columns())
        .where(ForumInput.session == session_id)
        .order_by(ForumInput.votes, ascending=False)
        .order_by(ForumInput.id)
    )
    filters = filters or InputFilters()
    if filters.kind:
        query = query.where(ForumInput.kind == filters.kind)
    if filters.topic:
        query = query.where(ForumInput.topic == filters.topic)
    if filters.addressed_unit:
        query = query.where(ForumInput.addressed_unit == filters.addressed_unit)
    return await query


async def input_by_id(session_id: int, input_id: int) -> dict | None:
    return (
        await ForumInput.select(*_columns())
        .where((ForumInput.id == input_id) & (ForumInput.session == session_id))
        .first()
    )


async def _stored_key(client_key: str) -> bool:
    return await ForumInput.exists().where(ForumInput.client_key == client_key)


async def create_input(
    session_id: int, fields: InputFields, client_key: str, actor: Account
) -> bool:
    """Store an input; False when this client key was stored before."""
    if await _stored_key(client_key):
        return False  # a resend succeeds even after the session closed
    try:
        async with write_transaction(ForumInput._meta.db):
            await writable_session(session_id)
            if await _stored_key(client_key):  # again, now that the session is locked
                return False
            row = ForumInput(
                session=session_id, **asdict(fields), client_key=client_key, created_by=actor.id
            )
            await row.save()
            await record_audit(
                actor.id,
                actor.username,
                "create",
                "forum_input",
                row.id,
                None,
                {"forum_session": session_id, **asdict(fields)},
            )
            return True
    except Exception:
        # A concurrent twin with the same key won the unique index: stored once.
        if await _stored_key(client_key):
            return False
        raise


async def update_input(session_id: int, input_id: int, fields: InputFields, actor: Account) -> bool:
    """Change an input; False when it is not (any longer) an input of this session."""
    async with write_transaction(ForumInput._meta.db):
        await writable_session(session_id)
        current = await input_by_id(session_id, input_id)
        if current is None:
            return False
        await audited_update(
            ForumInput,
            input_id,
            asdict(fields),
            actor=actor,
            before=current,
            context={"forum_session": session_id},
        )
    return True


async def delete_input(session_id: int, input_id: int, actor: Account) -> bool:
    async with write_transaction(ForumInput._meta.db):
        await writable_session(session_id)
        current = await input_by_id(session_id, input_id)
        if current is None:
            return False
        await ForumInput.delete().where(ForumInput.id == input_id)
        await record_audit(
            actor.id,
            actor.username,
            "delete",
            "forum_input",
            input_id,
            {"forum_session": session_id, **{name: current[name] for name in _AUDITED}},
            None,
        )
    return True
