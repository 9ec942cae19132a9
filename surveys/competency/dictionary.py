"""The city's competency settings: the dictionary, positions and their required levels, the
element -> competency mapping, the match bands and the JP equivalents. Every change audited.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from decimal import Decimal

from surveys.competency.rules import Band
from surveys.method.elements import ELEMENTS
from surveys.store.audit import Actor, audited_update, record_audit
from surveys.store.db import lock_for_replace, write_or_refuse, write_transaction
from surveys.store.development_tables import (
    Competency,
    ElementCompetency,
    JpEquivalent,
    MatchBand,
    Position,
    PositionRequirement,
)

ELEMENT_CODES = tuple(element.code for element in ELEMENTS)


@dataclass(frozen=True)
class CompetencyFields:
    code: str
    name: str
    kind: str
    description: str
    level_1: str
    level_2: str
    level_3: str
    level_4: str
    level_5: str
    active: bool = True


def _engine():
    return Competency._meta.db


async def competency_by_id(competency_id: int) -> dict | None:
    return await Competency.select().where(Competency.id == competency_id).first()


async def competency_code_taken(code: str, except_id: int | None = None) -> bool:
    query = Competency.exists().where(Competency.code == code)
    if except_id is not None:
        query = query.where(Competency.id != except_id)
    return await query


class CompetencyCodeTaken(Exception):
    """Another competency holds the code already (stored meanwhile by a concurrent request)."""


async def create_competency(actor: Actor, fields: CompetencyFields) -> int:
    async with write_or_refuse(_engine(), CompetencyCodeTaken(fields.code)):
        row = Competency(**asdict(fields))
        await row.save()
        await record_audit(
            actor.id, actor.username, "create", "competency", row.id, None, asdict(fields)
        )
    return row.id


async def update_competency(actor: Actor, competency_id: int, fields: CompetencyFields) -> None:
    async with write_or_refuse(_engine(), CompetencyCodeTaken(fields.code)):
        await audited_update(Competency, competency_id, asdict(fields), actor=actor)


# --- positions ----------------------------------------------------------------------------


async def positions() -> list[dict]:
    """Every position with ``requirements`` {competency id: level}, by name."""
    rows = await Position.select().order_by(Position.name)
    required = await requirements_of([row["id"] for row in rows])
    for row in rows:
        row["requirements"] = required.get(row["id"], {})
    return rows


async def position_by_id(position_id: int) -> dict | None:
    row = await Position.select().where(Position.id == position_id).first()
    if row is not None:
        row["requirements"] = (await requirements_of([position_id])).get(position_id, {})
    return row


async def requirements_of(position_ids: Collection[int]) -> dict[int, dict[int, int]]:
    if not position_ids:
        return {}
    rows = await PositionRequirement.select().where(
        PositionRequirement.position.is_in(list(position_ids))
    )
    found: dict[int, dict[int, int]] = {}
    for row in rows:
        found.setdefault(row["position"], {})[row["competency"]] = row["level"]
    return found


async def requirements_by_position_name(names: Collection[str]) -> dict[str, dict[int, int]]:
    """Required levels per position name, matched case-insensitively and without spaces
    around: an officer's ``Officer.position`` names the position they hold."""
    wanted = {name.strip().casefold() for name in names if name.strip()}
    if not wanted:
        return {}
    rows = await Position.select(Position.id, Position.name).where(Position.active.eq(True))
    chosen = {row["id"]: row["name"].strip().casefold() for row in rows}
    chosen = {pid: name for pid, name in chosen.items() if name in wanted}
    required = await requirements_of(list(chosen))
    return {name: required.get(pid, {}) for pid, name in chosen.items()}


def position_key(name: str) -> str:
    return name.strip().casefold()


async def position_taken(code: str, name: str, except_id: int | None = None) -> str | None:
    """Which field ("code" or "name") another position already uses, if any."""
    for column, value in (("code", code), ("name", name)):
        query = Position.exists().where(getattr(Position, column) == value)
        if except_id is not None:
            query = query.where(Position.id != except_id)
        if await query:
            return column
    return None


class PositionTaken(Exception):
    """Another position holds the code or the name (stored meanwhile by a concurrent request)."""


async def save_position(
    actor: Actor,
    position_id: int | None,
    code: str,
    name: str,
    requirements: Mapping[int, int],
) -> int:
    """Create or change a position and set its required levels (others removed), audited."""
    async with write_or_refuse(_engine(), PositionTaken(code)):
        await lock_for_replace(PositionRequirement)
        if position_id is None:
            position = Position(code=code, name=name)
            await position.save()
            position_id = position.id
            previous = None
        else:
            before = await position_by_id(position_id)
            if before is None:
                raise LookupError(position_id)
            await Position.update({Position.code: code, Position.name: name}).where(
                Position.id == position_id
            )
            previous = {
                "code": before["code"],
                "name": before["name"],
                "requirements": {str(k): v for k, v in sorted(before["requirements"].items())},
            }
        await PositionRequirement.delete().where(PositionRequirement.position == position_id)
        if requirements:
            await PositionRequirement.insert(
                *[
                    PositionRequirement(position=position_id, competency=c, level=level)
                    for c, level in sorted(requirements.items())
                ]
            )
        await record_audit(
            actor.id,
            actor.username,
            "create" if previous is None else "update",
            "position",
            position_id,
            previous,
            {
                "code": code,
                "name": name,
                "requirements": {str(k): v for k, v in sorted(requirements.items())},
            },
        )
    return position_id


# --- element mapping ------------------------------------------------------------------------


@dataclass(frozen=True)
class ElementLink:
    """What an element speaks to: competencies, and the position's technical ones or not."""

    competencies: frozenset[int]
    technical: bool


async def element_mapping() -> dict[str, ElementLink]:
    rows = await ElementCompetency.select()
    found: dict[str, tuple[set[int], bool]] = {code: (set(), False) for code in ELEMENT_CODES}
    for row in rows:
        ids, technical = found.setdefault(row["element"], (set(), False))
        if row["competency"] is not None:
            ids.add(row["competency"])
        if row["technical"]:
            found[row["element"]] = (ids, True)
    return {code: ElementLink(frozenset(ids), tech) for code, (ids, tech) in found.items()}


async def set_element_mapping(actor: Actor, mapping: Mapping[str, ElementLink]) -> None:
    """Replace the mapping of the elements given, audited with what it was."""
    async with write_transaction(_engine()):
        await lock_for_replace(ElementCompetency)
        before = await element_mapping()
        for element, link in mapping.items():
            await ElementCompetency.delete().where(ElementCompetency.element == element)
            rows = [
                ElementCompetency(element=element, competency=c) for c in sorted(link.competencies)
            ]
            if link.technical:
                rows.append(ElementCompetency(element=element, competency=None, technical=True))
            if rows:
                await ElementCompetency.insert(*rows)
        await record_audit(
            actor.id,
            actor.username,
            "update",
            "element_competency",
            None,
            {e: _link_json(before[e]) for e in mapping if e in before},
            {e: _link_json(link) for e, link in mapping.items()},
        )


def _link_json(link: ElementLink) -> dict:
    return {"competencies": sorted(link.competencies), "technical": link.technical}


# --- bands and JP equivalents ----------------------------------------------------------------


async def match_bands() -> list[Band]:
    rows = await MatchBand.select().order_by(MatchBand.minimum, ascending=False)
    return [Band(row["code"], row["label"], row["minimum"]) for row in rows]


async def set_band_minimums(actor: Actor, minimums: Mapping[str, int]) -> None:
    async with write_transaction(_engine()):
        for code, minimum in minimums.items():
            row = await MatchBand.select().where(MatchBand.code == code).first()
            if row is not None and row["minimum"] != minimum:
                await audited_update(
                    MatchBand, row["id"], {"minimum": minimum}, actor=actor, before=row
                )


async def jp_equivalents() -> list[dict]:
    """Every form with its basis and JP per unit, classical forms first."""
    rows = await JpEquivalent.select().order_by(JpEquivalent.id)
    for row in rows:
        row["jp_per_unit"] = Decimal(row["jp_per_unit"])
    return sorted(rows, key=lambda row: (not row["classical"], row["id"]))


async def jp_equivalent_for(form: str) -> dict | None:
    row = await JpEquivalent.select().where(JpEquivalent.form == form).first()
    if row is not None:
        row["jp_per_unit"] = Decimal(row["jp_per_unit"])
    return row


async def set_jp_equivalents(actor: Actor, values: Mapping[int, tuple[str, Decimal]]) -> None:
    """Change (basis, JP per unit) of the forms by id, audited."""
    async with write_transaction(_engine()):
        for row_id, (basis, jp) in values.items():
            row = await JpEquivalent.select().where(JpEquivalent.id == row_id).first()
            if row is None:
                continue
            if row["basis"] != basis or Decimal(row["jp_per_unit"]) != jp:
                await audited_update(
                    JpEquivalent,
                    row_id,
                    {"basis": basis, "jp_per_unit": jp},
                    actor=actor,
                    before=row,
                )
