"""Development plans: an officer's activities for a year, in the LAN 10/2018 forms.

An activity is aimed at a competency (and the need it answers), counts JP through the city's
JP equivalents (``amount`` hours, days, sessions or JP of its form), and when it is done turns
into a training record, which is what the 20 JP right and the training analysis count. A plan
can be drafted from the officer's needs in one click and then edited. Every change audited.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal

from surveys.competency.dictionary import jp_equivalent_for, jp_equivalents
from surveys.competency.needs import Need as FoundNeed
from surveys.competency.rules import jp_for
from surveys.store.accounts import Account
from surveys.store.audit import Actor, audited_delete, audited_update, record_audit
from surveys.store.db import write_transaction
from surveys.store.development_tables import Competency, DevelopmentActivity, DevelopmentPlan, Need
from surveys.training.officers import TrainingFields, add_training

# What a drafted plan proposes: a classical course for a gap of two levels or more, coaching
# for a smaller gap or what citizens point at, e-learning to make up the 20 JP.
COURSE_BY_KIND = {
    "manajerial": "Pelatihan manajerial",
    "sosial_kultural": "Pelatihan sosial kultural",
    "teknis": "Pelatihan teknis",
}
COURSE_JP = Decimal(24)
COACHING = "Coaching"
COACHING_HOURS = Decimal(6)
TOP_UP = "E-learning"


class PlanRefused(ValueError):
    """A change the plan's state does not allow (an activity already done, zero JP)."""


@dataclass(frozen=True)
class ActivityFields:
    title: str
    form: str
    classical: bool
    competency: int | None
    amount: Decimal
    jp: int
    provider: str = ""
    planned_on: date | None = None
    need: int | None = None


def _engine():
    return DevelopmentPlan._meta.db


async def plan_of(officer_id: int, year: int) -> dict | None:
    """The officer's plan for the year with its ``activities`` (planned first, by date)."""
    plan = (
        await DevelopmentPlan.select()
        .where((DevelopmentPlan.officer == officer_id) & (DevelopmentPlan.year == year))
        .first()
    )
    if plan is None:
        return None
    plan["activities"] = await (
        DevelopmentActivity.select(
            *DevelopmentActivity.all_columns(),
            DevelopmentActivity.competency.name.as_alias("competency_name"),
        )
        .where(DevelopmentActivity.plan == plan["id"])
        .order_by(DevelopmentActivity.id)
    )
    return plan


async def activity_of(plan_id: int, activity_id: int) -> dict | None:
    return (
        await DevelopmentActivity.select()
        .where((DevelopmentActivity.id == activity_id) & (DevelopmentActivity.plan == plan_id))
        .first()
    )


async def ensure_plan(actor: Actor, officer_id: int, year: int) -> int:
    """The officer's plan for the year, created (audited) when there is none."""
    async with write_transaction(_engine()):
        existing = await plan_of(officer_id, year)
        if existing is not None:
            return existing["id"]
        plan = DevelopmentPlan(officer=officer_id, year=year, created_by=actor.id)
        await plan.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "development_plan",
            plan.id,
            None,
            {"officer": officer_id, "year": year},
        )
        return plan.id


async def jp_of(form: str, amount: Decimal) -> tuple[bool, int]:
    """(classical, JP) of ``amount`` of a form through the city's equivalents; a form the city
    has not listed counts its amount as JP and as classical."""
    equivalent = await jp_equivalent_for(form)
    if equivalent is None:
        return True, jp_for(amount, Decimal(1))
    return equivalent["classical"], jp_for(amount, equivalent["jp_per_unit"])


async def add_activity(actor: Actor, plan_id: int, fields: ActivityFields) -> int:
    async with write_transaction(_engine()):
        activity = DevelopmentActivity(plan=plan_id, **asdict(fields))
        await activity.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "development_activity",
            activity.id,
            None,
            {"plan": plan_id, **asdict(fields)},
        )
    return activity.id


async def update_activity(actor: Actor, activity: dict, fields: ActivityFields) -> None:
    """Change a planned activity (a done one has its training record and stays), audited."""
    if activity["status"] == "done":
        raise PlanRefused("a done activity stays as it was done")
    values = asdict(fields)
    values.pop("need")  # what the activity answers stays
    async with write_transaction(_engine()):
        await audited_update(DevelopmentActivity, activity["id"], values, actor=actor)


async def delete_activity(actor: Actor, activity: dict) -> None:
    if activity["status"] == "done":
        raise PlanRefused("a done activity stays: it has a training record")
    async with write_transaction(_engine()):
        await audited_delete(DevelopmentActivity, activity["id"], actor=actor)


async def mark_done(actor: Account, officer_id: int, activity: dict, done_on: date) -> int:
    """Record the activity as done on ``done_on`` and write its training record; the record's
    id. The training counts in the year it ends, like every other training record."""
    if activity["status"] == "done":
        raise PlanRefused("already done")
    if activity["jp"] < 1:
        raise PlanRefused("an activity without JP cannot become a training record")
    kind = "teknis"
    if activity["competency"] is not None:
        row = (
            await Competency.select(Competency.kind)
            .where(Competency.id == activity["competency"])
            .first()
        )
        kind = row["kind"] if row else kind
    start = (
        activity["planned_on"]
        if activity["planned_on"] and activity["planned_on"] <= done_on
        else done_on
    )
    fields = TrainingFields(
        title=activity["title"],
        form=activity["form"],
        classical=activity["classical"],
        competency=kind,
        provider=activity["provider"],
        start_date=start,
        end_date=done_on,
        jp=activity["jp"],
        certificate_no="",
    )
    async with write_transaction(_engine()):
        training = await add_training(actor, officer_id, fields)
        await audited_update(
            DevelopmentActivity,
            activity["id"],
            {"status": "done", "done_on": done_on, "training": training},
            actor=actor,
            before=activity,
        )
    return training


def planned_jp(plan: dict | None) -> int:
    if plan is None:
        return 0
    return sum(int(a["jp"]) for a in plan["activities"] if a["status"] != "cancelled")


async def draft_from_needs(
    actor: Actor,
    officer_id: int,
    unit_id: int,
    year: int,
    needs: list[FoundNeed],
    jp_this_year: int,
    right: int,
) -> int:
    """Create the plan (or add to it) with one activity per need, each need stored with its
    evidence; e-learning makes up what is left of the 20 JP. Returns the plan's id."""
    async with write_transaction(_engine()):
        return await _draft(actor, officer_id, unit_id, year, needs, jp_this_year, right)


async def _draft(
    actor: Actor,
    officer_id: int,
    unit_id: int,
    year: int,
    needs: list[FoundNeed],
    jp_this_year: int,
    right: int,
) -> int:
    plan_id = await ensure_plan(actor, officer_id, year)
    names = {
        row["id"]: row
        for row in await Competency.select(Competency.id, Competency.name, Competency.kind)
    }
    equivalents = {row["form"]: row for row in await jp_equivalents()}
    existing = await plan_of(officer_id, year)
    aimed = {a["competency"] for a in (existing or {}).get("activities", [])}
    total = jp_this_year + planned_jp(existing)
    for need in needs:
        if need.competency is None or need.competency in aimed:
            continue
        competency = names[need.competency]
        stored = await _store_need(unit_id, officer_id, year, need)
        gap = max(
            (int(item.figures.get("gap") or 0) for item in need.evidence if item.source == "gap"),
            default=0,
        )
        if gap >= 2:
            form, amount = COURSE_BY_KIND.get(competency["kind"], "Pelatihan teknis"), COURSE_JP
        else:
            form, amount = COACHING, COACHING_HOURS
        classical, jp = _jp(equivalents, form, amount)
        await add_activity(
            actor,
            plan_id,
            ActivityFields(
                title=f"{form}: {competency['name']}",
                form=form,
                classical=classical,
                competency=need.competency,
                amount=amount,
                jp=jp,
                need=stored,
            ),
        )
        total += jp
    if total < right:
        amount = Decimal(right - total)
        classical, jp = _jp(equivalents, TOP_UP, amount)
        await add_activity(
            actor,
            plan_id,
            ActivityFields(
                title=f"{TOP_UP}: {right} JP",
                form=TOP_UP,
                classical=classical,
                competency=None,
                amount=amount,
                jp=jp,
            ),
        )
    return plan_id


def _jp(equivalents: dict[str, dict], form: str, amount: Decimal) -> tuple[bool, int]:
    row = equivalents.get(form)
    if row is None:
        return True, jp_for(amount, Decimal(1))
    return row["classical"], jp_for(amount, row["jp_per_unit"])


async def _store_need(unit_id: int, officer_id: int, year: int, need: FoundNeed) -> int:
    main = max(need.evidence, key=lambda item: item.weight)
    row = Need(
        unit=unit_id,
        officer=officer_id,
        competency=need.competency,
        year=year,
        source=main.source,
        evidence=[{"source": item.source, **item.figures} for item in need.evidence],
    )
    await row.save()
    return row.id
