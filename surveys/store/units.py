"""Units: lookups, the hierarchy and the lists shown to the public and to managers."""

from __future__ import annotations

from collections.abc import Collection

from surveys.store.tables import Unit


async def unit_by_code(code: str) -> dict | None:
    return await Unit.select().where((Unit.code == code) & (Unit.active.eq(True))).first()


async def active_units(unit_ids: Collection[int] | None = None) -> list[dict]:
    """Active units ordered by name, with the parent's code; optionally only some."""
    query = (
        Unit.select(
            Unit.id,
            Unit.code,
            Unit.name,
            Unit.kind,
            Unit.minimum_responses,
            Unit.weights,
            Unit.parent.code.as_alias("parent_code"),
        )
        .where(Unit.active.eq(True))
        .order_by(Unit.name)
    )
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(Unit.id.is_in(list(unit_ids)))
    return await query
