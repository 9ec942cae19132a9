"""Units: lookups, the hierarchy and the lists shown to the public and to managers."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

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


async def units_in_scope(unit_ids: Collection[int] | None) -> list[dict]:
    """Active units (all when ``unit_ids`` is None) with what the dashboard needs."""
    query = Unit.select(
        Unit.id,
        Unit.code,
        Unit.name,
        Unit.kind,
        Unit.parent,
        Unit.minimum_responses,
        Unit.weights,
    ).where(Unit.active.eq(True))
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(Unit.id.is_in(list(unit_ids)))
    return await query.order_by(Unit.name)


def subtree(units: Sequence[Mapping], root_id: int) -> list[Mapping]:
    """The unit and every unit below it in the hierarchy (among ``units``)."""
    children: dict[int | None, list[Mapping]] = {}
    for unit in units:
        children.setdefault(unit.get("parent"), []).append(unit)
    found = [unit for unit in units if unit["id"] == root_id]
    queue = list(found)
    seen = {root_id}
    while queue:
        for child in children.get(queue.pop()["id"], []):
            if child["id"] not in seen:  # a cycle in bad data must not loop forever
                seen.add(child["id"])
                found.append(child)
                queue.append(child)
    return found


def hierarchy_options(units: Sequence[Mapping]) -> list[tuple[Mapping, int]]:
    """Units in tree order with their depth, for an indented filter list.

    A unit whose parent is not among ``units`` (out of scope) starts a tree of its own.
    """
    ids = {unit["id"] for unit in units}
    children: dict[int | None, list[Mapping]] = {}
    for unit in units:
        parent = unit.get("parent") if unit.get("parent") in ids else None
        children.setdefault(parent, []).append(unit)
    ordered: list[tuple[Mapping, int]] = []
    seen: set[int] = set()

    def walk(parent: int | None, depth: int) -> None:
        for unit in sorted(children.get(parent, []), key=lambda u: u["name"]):
            if unit["id"] in seen:
                continue
            seen.add(unit["id"])
            ordered.append((unit, depth))
            walk(unit["id"], depth + 1)

    walk(None, 0)
    return ordered
