"""Level 1, reaction: a participant's answer to the event's short form, and its results
per event, per provider and per trainer.

A participant answers once: the form names them by NIP, and their answer is one row per
participant. The form's single-use token is the answer's ``dedupe_key``, so a double tap
or a resent form stores one answer and thanks the sender both times.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from surveys.evaluation.events import trainer_names
from surveys.evaluation.scores import ReactionSummary, reaction_summary
from surveys.method.nip import normalise_nip
from surveys.store.db import lock_for_replace, write_transaction
from surveys.store.development_tables import REACTION_ITEMS, EventParticipant, ReactionAnswer

STORED = "stored"
ALREADY = "already"  # this participant has answered already
NOT_PARTICIPANT = "not_participant"


@dataclass(frozen=True)
class Reaction:
    event_id: int
    nip: str
    ratings: Mapping[str, int]
    comment: str
    dedupe_key: str


async def record_reaction(reaction: Reaction) -> str:
    """Store a participant's answer once; what happened (STORED, ALREADY, NOT_PARTICIPANT)."""
    nip = normalise_nip(reaction.nip)
    async with write_transaction(ReactionAnswer._meta.db):
        await lock_for_replace(ReactionAnswer)
        if await ReactionAnswer.exists().where(ReactionAnswer.dedupe_key == reaction.dedupe_key):
            return STORED  # the same form sent again
        participant = await (
            EventParticipant.select(EventParticipant.id)
            .where(
                (EventParticipant.event == reaction.event_id)
                & (EventParticipant.officer.nip == nip)
            )
            .first()
        )
        if participant is None:
            return NOT_PARTICIPANT
        if await ReactionAnswer.exists().where(ReactionAnswer.participant == participant["id"]):
            return ALREADY
        values: dict[str, Any] = {
            "event": reaction.event_id,
            "participant": participant["id"],
            "comment": reaction.comment,
            "dedupe_key": reaction.dedupe_key,
        } | {item: reaction.ratings[item] for item in REACTION_ITEMS}
        await ReactionAnswer.insert(ReactionAnswer(**values))
    return STORED


async def _answers(event_ids: list[int]) -> list[dict]:
    return await ReactionAnswer.select(
        ReactionAnswer.event, *[getattr(ReactionAnswer, item) for item in REACTION_ITEMS]
    ).where(ReactionAnswer.event.is_in(event_ids or [-1]))


async def event_reactions(event_id: int) -> ReactionSummary:
    return reaction_summary(await _answers([event_id]), REACTION_ITEMS)


async def reactions_of_events(event_ids: list[int]) -> dict[int, ReactionSummary]:
    """Each event's reaction summary, from one query (an event without answers has n = 0)."""
    answers: dict[int, list[dict]] = {event_id: [] for event_id in event_ids}
    for row in await _answers(event_ids):
        answers[row["event"]].append(row)
    return {event_id: reaction_summary(rows, REACTION_ITEMS) for event_id, rows in answers.items()}


async def event_comments(event_id: int) -> list[str]:
    rows = await (
        ReactionAnswer.select(ReactionAnswer.comment)
        .where((ReactionAnswer.event == event_id) & (ReactionAnswer.comment != ""))
        .order_by(ReactionAnswer.submitted_at)
    )
    return [row["comment"] for row in rows]


@dataclass(frozen=True)
class GroupReaction:
    """The reactions to every event of one provider or one trainer."""

    name: str
    events: int
    summary: ReactionSummary


async def reactions_by_provider_and_trainer(
    events: list[dict],
) -> tuple[list[GroupReaction], list[GroupReaction]]:
    """Reactions grouped by the events' provider and by each of their trainers (an event
    with two trainers counts for both), best overall mean first."""
    answers = await _answers([event["id"] for event in events])
    by_event: dict[int, list[dict]] = defaultdict(list)
    for answer in answers:
        by_event[answer["event"]].append(answer)
    providers: dict[str, list[int]] = defaultdict(list)
    trainers: dict[str, list[int]] = defaultdict(list)
    for event in events:
        if event["provider"]:
            providers[event["provider"]].append(event["id"])
        for name in trainer_names(event["trainers"]):
            trainers[name].append(event["id"])

    def grouped(groups: dict[str, list[int]]) -> list[GroupReaction]:
        rows = [
            GroupReaction(
                name,
                len(ids),
                reaction_summary([a for i in ids for a in by_event[i]], REACTION_ITEMS),
            )
            for name, ids in groups.items()
        ]
        return sorted(rows, key=lambda row: (-(row.summary.overall.mean or 0), row.name))

    return grouped(providers), grouped(trainers)


async def answered_count(event_id: int) -> int:
    return await ReactionAnswer.count().where(ReactionAnswer.event == event_id)
