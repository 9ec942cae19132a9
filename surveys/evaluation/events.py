"""Training events (kegiatan pengembangan), their participants and attendance, audited.

Finishing an event writes the training record of every participant who attended, keyed
like the trainings import (officer, title, start date): an event finished twice, or a
record imported before or after, is one record, never two.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime

from surveys.method.nip import normalise_nip
from surveys.store.audit import Actor, audited_update, record_audit
from surveys.store.db import lock_for_replace, write_transaction
from surveys.store.development_tables import (
    Competency,
    EventCompetency,
    EventParticipant,
    TrainingEvent,
)
from surveys.store.imports import queries as stored
from surveys.store.imports.officers import plan_upsert
from surveys.store.tables import Training


@dataclass(frozen=True)
class EventFields:
    title: str
    form: str
    classical: bool
    competency: str
    provider: str
    trainers: str
    start_date: date
    end_date: date
    jp: int
    cost: int | None


# An event's days lie in these years: the evaluation windows around it (months before and
# after) must remain calendar dates.
EARLIEST_EVENT_DAY = date(2000, 1, 1)
LATEST_EVENT_DAY = date(2099, 12, 31)

_EVENT_COLUMNS = (
    TrainingEvent.id,
    TrainingEvent.title,
    TrainingEvent.form,
    TrainingEvent.classical,
    TrainingEvent.competency,
    TrainingEvent.provider,
    TrainingEvent.trainers,
    TrainingEvent.start_date,
    TrainingEvent.end_date,
    TrainingEvent.jp,
    TrainingEvent.cost,
    TrainingEvent.token,
    TrainingEvent.status,
    TrainingEvent.finished_at,
)


def trainer_names(trainers: str) -> list[str]:
    """The trainers of an event, as typed between commas, without blanks or repeats."""
    names: list[str] = []
    for part in trainers.split(","):
        name = " ".join(part.split())
        if name and name.casefold() not in {n.casefold() for n in names}:
            names.append(name)
    return names


def _engine():
    return TrainingEvent._meta.db


async def create_event(
    actor: Actor, fields: EventFields, competency_ids: Collection[int] = ()
) -> int:
    values = asdict(fields) | {"token": secrets.token_urlsafe(16)}
    async with write_transaction(_engine()):
        event = TrainingEvent(**values, created_by=actor.id)
        await event.save()
        await _aim_at(event.id, competency_ids)
        current = values | {"competencies": sorted(competency_ids)}
        await record_audit(
            actor.id, actor.username, "create", "training_event", event.id, None, current
        )
    return event.id


async def update_event(
    actor: Actor, event_id: int, fields: EventFields, competency_ids: Collection[int] = ()
) -> None:
    async with write_transaction(_engine()):
        before = await aimed_competency_ids(event_id)
        await audited_update(TrainingEvent, event_id, asdict(fields), actor=actor)
        if before != set(competency_ids):
            await EventCompetency.delete().where(EventCompetency.event == event_id)
            await _aim_at(event_id, competency_ids)
            await record_audit(
                actor.id,
                actor.username,
                "update",
                "event_competency",
                event_id,
                {"competencies": sorted(before)},
                {"competencies": sorted(competency_ids)},
            )


async def _aim_at(event_id: int, competency_ids: Collection[int]) -> None:
    if competency_ids:
        await EventCompetency.insert(
            *[EventCompetency(event=event_id, competency=c) for c in sorted(set(competency_ids))]
        )


async def aimed_competency_ids(event_id: int) -> set[int]:
    rows = await EventCompetency.select(EventCompetency.competency).where(
        EventCompetency.event == event_id
    )
    return {row["competency"] for row in rows}


async def aimed_competencies(event_id: int) -> list[dict]:
    """The competencies the event aims at, by name."""
    return await (
        EventCompetency.select(
            EventCompetency.competency.id.as_alias("id"),
            EventCompetency.competency.code.as_alias("code"),
            EventCompetency.competency.name.as_alias("name"),
        )
        .where(EventCompetency.event == event_id)
        .order_by(EventCompetency.competency.name)
    )


async def competency_choices() -> list[dict]:
    """The active competencies of the dictionary, by kind and name."""
    return await (
        Competency.select(Competency.id, Competency.code, Competency.name, Competency.kind)
        .where(Competency.active == True)  # noqa: E712 - a column comparison
        .order_by(Competency.kind)
        .order_by(Competency.name)
    )


async def event_by_id(event_id: int) -> dict | None:
    return await TrainingEvent.select(*_EVENT_COLUMNS).where(TrainingEvent.id == event_id).first()


async def event_by_token(token: str) -> dict | None:
    if not token or len(token) > 64:
        return None
    return await TrainingEvent.select(*_EVENT_COLUMNS).where(TrainingEvent.token == token).first()


async def events_in_scope(
    unit_scope: frozenset[int] | None, start: date | None = None, end: date | None = None
) -> list[dict]:
    """Events, newest first, that ended within [start, end] when given; a unit-scoped
    account sees only the events one of its officers takes part in."""
    query = TrainingEvent.select(*_EVENT_COLUMNS).order_by(
        TrainingEvent.start_date, ascending=False
    )
    if start is not None:
        query = query.where(TrainingEvent.end_date >= start)
    if end is not None:
        query = query.where(TrainingEvent.end_date <= end)
    if unit_scope is not None:
        taking_part = EventParticipant.select(EventParticipant.event).where(
            EventParticipant.officer._.unit.is_in(list(unit_scope) or [-1])
        )
        query = query.where(TrainingEvent.id.is_in(taking_part))
    return await query


async def event_visible(event_id: int, unit_scope: frozenset[int] | None) -> bool:
    """Whether an account with this unit scope may see the event."""
    if unit_scope is None:
        return await TrainingEvent.exists().where(TrainingEvent.id == event_id)
    return await EventParticipant.exists().where(
        (EventParticipant.event == event_id)
        & EventParticipant.officer._.unit.is_in(list(unit_scope) or [-1])
    )


async def participants(event_id: int) -> list[dict]:
    """The event's participants by name, with their unit and scores."""
    return await (
        EventParticipant.select(
            EventParticipant.id,
            EventParticipant.officer,
            EventParticipant.attended,
            EventParticipant.pre_score,
            EventParticipant.post_score,
            EventParticipant.officer.nip.as_alias("nip"),
            EventParticipant.officer.name.as_alias("name"),
            EventParticipant.officer._.unit.as_alias("unit"),
            EventParticipant.officer._.unit._.name.as_alias("unit_name"),
        )
        .where(EventParticipant.event == event_id)
        .order_by(EventParticipant.officer.name)
    )


@dataclass(frozen=True)
class Registration:
    added: int
    already: int
    unknown: tuple[str, ...]


async def register_participants(actor: Actor, event_id: int, nips: Collection[str]) -> Registration:
    """Register the officers behind ``nips``; NIPs nobody holds are returned, not stored."""
    wanted = {normalise_nip(nip) for nip in nips} - {""}
    found = await stored.officer_ids_by_nip(wanted)
    unknown = tuple(sorted(wanted - found.keys()))
    async with write_transaction(_engine()):
        await lock_for_replace(EventParticipant)
        present = {
            row["officer"]
            for row in await EventParticipant.select(EventParticipant.officer).where(
                EventParticipant.event == event_id
            )
        }
        fresh = sorted(set(found.values()) - present)
        if fresh:
            await EventParticipant.insert(
                *[EventParticipant(event=event_id, officer=officer_id) for officer_id in fresh]
            )
            await record_audit(
                actor.id,
                actor.username,
                "register",
                "event_participant",
                event_id,
                None,
                {"event": event_id, "officer": fresh},
            )
    return Registration(len(fresh), len(found) - len(fresh), unknown)


@dataclass(frozen=True)
class ParticipantResult:
    """What the event page records per participant: attendance and the Level 2 tests."""

    attended: bool
    pre_score: int | None = None
    post_score: int | None = None


async def record_results(
    actor: Actor, event_id: int, results: Mapping[int, ParticipantResult]
) -> int:
    """Store attendance and test scores of the event's participants named in ``results``
    (by participant id; ids of another event are ignored); how many rows changed."""
    changed = 0
    async with write_transaction(_engine()):
        rows = await EventParticipant.select(
            EventParticipant.id,
            EventParticipant.attended,
            EventParticipant.pre_score,
            EventParticipant.post_score,
        ).where(EventParticipant.event == event_id)
        for row in rows:
            result = results.get(row["id"])
            if result is None:
                continue
            changes = {k: v for k, v in asdict(result).items() if row[k] != v}
            if changes:
                changed += 1
                await audited_update(
                    EventParticipant,
                    row["id"],
                    changes,
                    actor=actor,
                    before=row,
                    context={"event": event_id},
                )
    return changed


async def record_attendance(actor: Actor, event_id: int, present_ids: Collection[int]) -> None:
    """Mark exactly the participants in ``present_ids`` as present, the others absent."""
    rows = await participants(event_id)
    results = {
        row["id"]: ParticipantResult(row["id"] in present_ids, row["pre_score"], row["post_score"])
        for row in rows
    }
    await record_results(actor, event_id, results)


async def remove_participant(actor: Actor, event_id: int, participant_id: int) -> bool:
    async with write_transaction(_engine()):
        row = (
            await EventParticipant.select()
            .where((EventParticipant.id == participant_id) & (EventParticipant.event == event_id))
            .first()
        )
        if row is None:
            return False
        await EventParticipant.delete().where(EventParticipant.id == participant_id)
        await record_audit(
            actor.id, actor.username, "delete", "event_participant", participant_id, row, None
        )
    return True


def training_record(event: dict, officer_id: int) -> tuple[tuple[int, str, date], dict]:
    """The training record an event gives one officer who attended, with the import's key."""
    values = {
        "officer": officer_id,
        "title": event["title"],
        "form": event["form"],
        "classical": event["classical"],
        "competency": event["competency"],
        "provider": event["provider"],
        "start_date": event["start_date"],
        "end_date": event["end_date"],
        "jp": event["jp"],
        "certificate_no": "",
    }
    return (officer_id, event["title"], event["start_date"]), values


async def finish_event(actor: Actor, event_id: int) -> int:
    """Close the event and write the training records of those present; how many were new.

    A record already there (imported, or from finishing before) is updated to the event's
    values but keeps its certificate number."""
    event = await event_by_id(event_id)
    if event is None:
        raise LookupError(event_id)
    present = [row["officer"] for row in await participants(event_id) if row["attended"]]
    items = [training_record(event, officer_id) for officer_id in present]
    existing = await stored.stored_trainings(present)
    existing = {
        key: (row_id, row | {"certificate_no": ""}) for key, (row_id, row) in existing.items()
    }
    plan = plan_upsert(items, existing)
    # The records first, in their own transaction: finishing again after a failure in
    # between writes nothing twice.
    await stored.apply_plan(Training, plan, None, 0, 0)
    async with write_transaction(_engine()):
        await audited_update(
            TrainingEvent,
            event_id,
            {"status": "finished", "finished_at": datetime.now(UTC)},
            actor=actor,
            action="finish",
        )
    return len(plan.inserts)
