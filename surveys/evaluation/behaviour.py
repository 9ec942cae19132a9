"""Level 3, behaviour on the job: 60-90 days after an event, the participant's supervisor (and
the participant, as a self-report) says how far each competency the event aimed at is
applied at work; a weak result can start a follow-up (coaching or mentoring) in the
participant's development plan.

Ratings: 1 not applied, 2 applied a little, 3 applied mostly, 4 applied fully. A result is
weak when its mean is below 2.5 or any competency is rated 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from surveys.evaluation.scores import rounded
from surveys.store.audit import Actor, record_audit
from surveys.store.db import lock_for_replace, write_transaction
from surveys.store.development_tables import (
    BehaviourAnswer,
    DevelopmentActivity,
    DevelopmentPlan,
    EventParticipant,
)

OPENS_AFTER = timedelta(days=60)
DUE_AFTER = timedelta(days=90)
WEAK_MEAN = Fraction(5, 2)
FOLLOW_UP_FORMS = ("Coaching", "Mentoring")

NOT_YET = "not_yet"
DUE = "due"
OVERDUE = "overdue"
DONE = "done"


@dataclass(frozen=True)
class Window:
    opens: date
    due: date


def behaviour_window(event_end: date) -> Window:
    """When the supervisor's evaluation opens (60 days after the event) and is due (90)."""
    return Window(event_end + OPENS_AFTER, event_end + DUE_AFTER)


def behaviour_status(event_end: date, today: date, answered: bool) -> str:
    if answered:
        return DONE
    window = behaviour_window(event_end)
    if today < window.opens:
        return NOT_YET
    return DUE if today <= window.due else OVERDUE


def is_weak(ratings: Mapping[int, int]) -> bool:
    """Below 2.5 on average, or any competency not applied at all."""
    if not ratings:
        return False
    values = list(ratings.values())
    return Fraction(sum(values), len(values)) < WEAK_MEAN or min(values) == 1


def mean_rating(ratings: Mapping[int, int]) -> Decimal | None:
    if not ratings:
        return None
    return rounded(Fraction(sum(ratings.values()), len(ratings)), 2)


def weakest(ratings: Mapping[int, int]) -> int | None:
    """The competency rated lowest (the first of equals by id)."""
    if not ratings:
        return None
    return min(sorted(ratings), key=lambda competency: ratings[competency])


# --- queries ---------------------------------------------------------------------------------


async def pending_evaluations(unit_scope: frozenset[int] | None, today: date) -> list[dict]:
    """Participants present at a finished event whose supervisor's evaluation is open or
    overdue and not answered, in the scope's units; most overdue first."""
    query = EventParticipant.select(
        EventParticipant.id,
        EventParticipant.event,
        EventParticipant.event.title.as_alias("title"),
        EventParticipant.event.end_date.as_alias("end_date"),
        EventParticipant.officer.name.as_alias("name"),
        EventParticipant.officer._.unit._.name.as_alias("unit_name"),
    ).where(
        (EventParticipant.attended == True)  # noqa: E712 - a column comparison
        & (EventParticipant.event.status == "finished")
        & (EventParticipant.event.end_date <= today - OPENS_AFTER)
        & EventParticipant.id.not_in(
            BehaviourAnswer.select(BehaviourAnswer.participant).where(
                BehaviourAnswer.respondent == "supervisor"
            )
        )
    )
    if unit_scope is not None:
        query = query.where(EventParticipant.officer._.unit.is_in(list(unit_scope) or [-1]))
    rows = await query.order_by(EventParticipant.event.end_date)
    for row in rows:
        row["window"] = behaviour_window(row["end_date"])
        row["status"] = behaviour_status(row["end_date"], today, answered=False)
    return rows


async def participant(participant_id: int) -> dict | None:
    return await (
        EventParticipant.select(
            EventParticipant.id,
            EventParticipant.event,
            EventParticipant.officer,
            EventParticipant.attended,
            EventParticipant.officer.name.as_alias("name"),
            EventParticipant.officer._.unit.as_alias("unit"),
        )
        .where(EventParticipant.id == participant_id)
        .first()
    )


async def answers_of_event(event_id: int) -> list[dict]:
    return (await answers_of_events([event_id])).get(event_id, [])


async def answers_of_events(event_ids: list[int]) -> dict[int, list[dict]]:
    """Every answer (supervisors' and participants' own) of these events, per event, about the
    participants present: one later marked absent no longer counts towards Level 3."""
    rows = await (
        BehaviourAnswer.select(
            BehaviourAnswer.id,
            BehaviourAnswer.participant,
            BehaviourAnswer.participant._.event.as_alias("event"),
            BehaviourAnswer.respondent,
            BehaviourAnswer.ratings,
            BehaviourAnswer.example,
            BehaviourAnswer.follow_up,
            BehaviourAnswer.answered_at,
        )
        .where(BehaviourAnswer.participant._.event.is_in(event_ids or [-1]))
        .where(BehaviourAnswer.participant._.attended == True)  # noqa: E712 - a column comparison
        .output(load_json=True)
    )
    found: dict[int, list[dict]] = {}
    for row in rows:
        row["ratings"] = {int(key): value for key, value in (row["ratings"] or {}).items()}
        found.setdefault(row.pop("event"), []).append(row)
    return found


async def answer_with_its_event(answer_id: int) -> dict | None:
    """An answer's ratings with its participant's event and unit."""
    row = await (
        BehaviourAnswer.select(
            BehaviourAnswer.ratings,
            BehaviourAnswer.participant.as_alias("participant"),
            BehaviourAnswer.participant._.event.as_alias("event"),
            BehaviourAnswer.participant._.officer._.unit.as_alias("unit"),
        )
        .where(BehaviourAnswer.id == answer_id)
        .first()
        .output(load_json=True)
    )
    if row is not None:
        row["ratings"] = {int(key): value for key, value in (row["ratings"] or {}).items()}
    return row


async def record_behaviour(
    actor: Actor | None,
    participant_id: int,
    respondent: str,
    ratings: Mapping[int, int],
    example: str,
) -> bool:
    """Store the answer of ``respondent`` ("supervisor" or "self"); False when there is one."""
    async with write_transaction(BehaviourAnswer._meta.db):
        await lock_for_replace(BehaviourAnswer)
        if await BehaviourAnswer.exists().where(
            (BehaviourAnswer.participant == participant_id)
            & (BehaviourAnswer.respondent == respondent)
        ):
            return False
        answer = BehaviourAnswer(
            participant=participant_id,
            respondent=respondent,
            ratings={str(key): value for key, value in ratings.items()},
            example=example,
            answered_by=actor.id if actor else None,
        )
        await answer.save()
        if actor is not None:
            current = {"participant": participant_id, "respondent": respondent}
            await record_audit(
                actor.id, actor.username, "create", "behaviour_answer", answer.id, None, current
            )
    return True


async def plan_follow_up(
    actor: Actor, answer_id: int, form: str, competency_id: int | None, today: date
) -> int:
    """A coaching or mentoring activity in the participant's development plan for this year
    (the plan is started when there is none), tied to the answer that asked for it."""
    answer = await (
        BehaviourAnswer.select(
            BehaviourAnswer.follow_up,
            BehaviourAnswer.participant._.officer.as_alias("officer"),
            BehaviourAnswer.participant._.event._.title.as_alias("title"),
        )
        .where(BehaviourAnswer.id == answer_id)
        .first()
    )
    if answer is None:
        raise LookupError(answer_id)
    if answer["follow_up"] is not None:
        return answer["follow_up"]
    async with write_transaction(BehaviourAnswer._meta.db):
        plan = await (
            DevelopmentPlan.select(DevelopmentPlan.id)
            .where(
                (DevelopmentPlan.officer == answer["officer"])
                & (DevelopmentPlan.year == today.year)
            )
            .first()
        )
        if plan is None:
            new_plan = DevelopmentPlan(
                officer=answer["officer"], year=today.year, created_by=actor.id
            )
            await new_plan.save()
            plan_id = new_plan.id
        else:
            plan_id = plan["id"]
        activity = DevelopmentActivity(
            plan=plan_id,
            title=f"{form}: {answer['title']}"[:300],
            form=form,
            classical=False,
            competency=competency_id,
            planned_on=today,
        )
        await activity.save()
        await BehaviourAnswer.update({BehaviourAnswer.follow_up: activity.id}).where(
            BehaviourAnswer.id == answer_id
        )
        current = {"plan": plan_id, "form": form, "competency": competency_id}
        await record_audit(
            actor.id,
            actor.username,
            "follow_up",
            "development_activity",
            activity.id,
            None,
            current,
        )
    return activity.id


@dataclass(frozen=True)
class BehaviourSummary:
    """An event's Level 3: how many supervisors answered of those present, and the mean
    rating per competency from supervisors and from the participants themselves."""

    present: int
    supervisors: int
    selves: int
    supervisor_means: dict[int, Decimal]
    self_means: dict[int, Decimal]
    weak: int

    @property
    def completion(self) -> Fraction | None:
        return Fraction(self.supervisors, self.present) if self.present else None


def behaviour_summary(answers: list[dict], present: int) -> BehaviourSummary:
    """``answers``: rows with ``respondent`` and ``ratings`` (competency id → 1-4)."""

    def means(respondent: str) -> dict[int, Decimal]:
        totals: dict[int, list[int]] = {}
        for answer in answers:
            if answer["respondent"] == respondent:
                for competency, value in answer["ratings"].items():
                    totals.setdefault(competency, []).append(value)
        return {key: rounded(Fraction(sum(v), len(v)), 2) for key, v in sorted(totals.items())}

    supervisors = [a for a in answers if a["respondent"] == "supervisor"]
    return BehaviourSummary(
        present=present,
        supervisors=len(supervisors),
        selves=sum(1 for a in answers if a["respondent"] == "self"),
        supervisor_means=means("supervisor"),
        self_means=means("self"),
        weak=sum(1 for a in supervisors if is_weak(a["ratings"])),
    )


async def participant_present(event_id: int, nip: str) -> int | None:
    """The participant id of the officer with this NIP, when present at the event."""
    row = await (
        EventParticipant.select(EventParticipant.id)
        .where(
            (EventParticipant.event == event_id)
            & (EventParticipant.officer._.nip == nip)
            & (EventParticipant.attended == True)  # noqa: E712 - a column comparison
        )
        .first()
    )
    return row["id"] if row else None
