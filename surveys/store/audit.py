"""The audit trail: who changed what, when, and what it was before.

``record_audit`` is called inside the transaction of the change it describes, so
an entry exists exactly when the change does. ``audited_update`` and
``audited_delete`` are the common case: read a row's previous values, change the
row, and record both in one go.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any, Protocol

from piccolo.columns import Column
from piccolo.table import Table

from surveys.store.tables import AuditEntry


class Actor(Protocol):
    """Whoever makes a change: a logged-in account, or a named system user."""

    @property
    def id(self) -> int | None: ...

    @property
    def username(self) -> str: ...


@dataclass(frozen=True)
class Someone:
    """An ``Actor`` from a bare user id and name (when there is no account at hand)."""

    id: int | None
    username: str


def jsonable(value: Any) -> Any:
    """Dates, decimals and the like as strings, recursively; JSON-ready values unchanged."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal | Fraction | uuid.UUID):
        return str(value)
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [jsonable(item) for item in value]
    return str(value)


async def record_audit(
    user_id: int | None,
    username: str,
    action: str,
    table_name: str,
    row_id: int | None,
    previous: Mapping[str, Any] | None,
    current: Mapping[str, Any] | None,
) -> int:
    """Store one audit entry; call it inside the change's own transaction."""
    entry = AuditEntry(
        user=user_id,
        username=username[:100],
        action=action[:30],
        table_name=table_name[:50],
        row_id=row_id,
        previous=None if previous is None else jsonable(previous),
        current=None if current is None else jsonable(current),
    )
    await entry.save()
    return entry.id


async def _row(table: type[Table], row_id: int) -> dict[str, Any] | None:
    query = table.select().where(table._meta.primary_key == row_id).first()
    return await query.output(load_json=True)


async def audited_update(
    table: type[Table],
    row_id: int,
    values: Mapping[str, Any],
    *,
    actor: Actor,
    action: str = "update",
    table_name: str | None = None,
    before: Mapping[str, Any] | None = None,
    context: Mapping[str, Any] | None = None,
) -> Mapping[str, Any]:
    """Update one row by primary key and audit it; call it inside the write transaction.

    ``values`` maps column names to their new values; the entry records those values
    as current and the row's values of the same columns as previous. ``before`` is the
    row when the caller has read it already (say under a lock, or with conditions of
    its own); otherwise it is read here, and a missing row raises ``LookupError``.
    ``context`` (e.g. the forum session) leads both previous and current unchanged.
    ``table_name`` defaults to the table's own name. Returns the row as it was.
    """
    if before is None:
        before = await _row(table, row_id)
        if before is None:
            raise LookupError(row_id)
    changes: dict[Column | str, Any] = {key: value for key, value in values.items()}
    await table.update(changes).where(table._meta.primary_key == row_id)
    lead = dict(context or {})
    await record_audit(
        actor.id,
        actor.username,
        action,
        table_name or table._meta.tablename,
        row_id,
        {**lead, **{key: before[key] for key in values}},
        {**lead, **values},
    )
    return before


async def audited_delete(
    table: type[Table],
    row_id: int,
    *,
    actor: Actor,
    table_name: str | None = None,
    fields: tuple[str, ...] | None = None,
) -> dict[str, Any]:
    """Delete one row by primary key and audit it with its values (only ``fields`` if
    given, else the whole row); a missing row raises ``LookupError``. Call it inside
    the write transaction. Returns the row as it was."""
    before = await _row(table, row_id)
    if before is None:
        raise LookupError(row_id)
    await table.delete().where(table._meta.primary_key == row_id)
    previous = before if fields is None else {key: before[key] for key in fields}
    await record_audit(
        actor.id,
        actor.username,
        "delete",
        table_name or table._meta.tablename,
        row_id,
        previous,
        None,
    )
    return before


async def recent_audit_entries(
    limit: int = 100, table_name: str | None = None, row_id: int | None = None
) -> list[dict]:
    """The newest entries first, optionally about one table or one row of it."""
    query = (
        AuditEntry.select()
        .order_by(AuditEntry.at, ascending=False)
        .order_by(AuditEntry.id, ascending=False)
    )
    if table_name is not None:
        query = query.where(AuditEntry.table_name == table_name)
        if row_id is not None:
            query = query.where(AuditEntry.row_id == row_id)
    return await query.limit(limit).output(load_json=True)


def changed_fields(previous: Mapping[str, Any] | None, current: Mapping[str, Any] | None) -> list:
    """(field, before, after) for every field that differs, for showing an entry."""
    before, after = previous or {}, current or {}
    keys = list(dict.fromkeys([*before, *after]))
    return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
