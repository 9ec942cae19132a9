"""The audit trail: who changed what, when, and what it was before.

``record_audit`` is called inside the transaction of the change it describes, so
an entry exists exactly when the change does.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date, datetime, time
from decimal import Decimal
from fractions import Fraction
from typing import Any

from surveys.store.tables import AuditEntry

ACTIONS = (
    "create",
    "update",
    "delete",
    "revoke",
    "deactivate",
    "activate",
    "reset_password",
    "import",
)


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
