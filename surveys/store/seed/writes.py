"""Writing the planned demo city: one write transaction per part, inserts in chunks."""

from __future__ import annotations

import random
import secrets
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta

from piccolo.table import Table

from surveys.method.periods import DEFAULT_TIMEZONE, Period, add_months, local_day, quarter
from surveys.store.accounts import create_user
from surveys.store.db import write_transaction
from surveys.store.seed.calendar import Window
from surveys.store.seed.city import UNITS, UnitPlan
from surveys.store.seed.forums import ForumPlan
from surveys.store.seed.people import DemoOfficer, Duty
from surveys.store.seed.responses import Ids, Row, answer_columns
from surveys.store.seed.vocabulary import FORUM_KIND_NAMES
from surveys.store.tables import (
    PAPER_KEY,
    DutyAssignment,
    ForumInput,
    ForumSession,
    Officer,
    ServicePoint,
    ServiceType,
    Training,
    Unit,
    UnitPopulation,
)

INSERT_CHUNK = 1000


async def _insert(rows: Iterable[Table]) -> None:
    rows = list(rows)
    for start in range(0, len(rows), INSERT_CHUNK):
        await type(rows[0]).insert(*rows[start : start + INSERT_CHUNK])


async def write_city(
    rng: random.Random,
    survey_id: int,
    officers: list[DemoOfficer],
    duties: list[Duty],
    desk_cards: dict[tuple[str, str], int],
    volumes: dict[str, dict[date, float]],
    window: Window,
) -> Ids:
    """Units, service types, populations, officer, points, duties and trainings, atomically."""
    async with write_transaction(Unit._meta.db):
        units = await _write_units()
        await _insert(
            ServiceType(unit=units[plan.code], name=name, active=True)
            for plan in UNITS
            for name, _ in plan.service_types
        )
        type_rows = await ServiceType.select(ServiceType.id, ServiceType.name, ServiceType.unit)
        code_of = {unit_id: code for code, unit_id in units.items()}
        service_types = {(code_of[r["unit"]], r["name"]): r["id"] for r in type_rows}
        await _insert(_populations(rng, units, volumes, window))

        await _insert(
            Officer(nip=o.nip, name=o.name, unit=units[o.unit], position=o.position, active=True)
            for o in officers
        )
        by_nip = {r["nip"]: r["id"] for r in await Officer.select(Officer.id, Officer.nip)}
        officer_ids = {o.index: by_nip[o.nip] for o in officers}

        opened = _midnight(add_months(window.start, -12))
        await _insert(
            ServicePoint(
                unit=units[plan.code],
                name=point.name,
                kind=point.kind,
                token=secrets.token_urlsafe(24),
                officer=officer_ids[desk_cards[(plan.code, point.name)]]
                if point.desk_card
                else None,
                service_type=service_types.get((plan.code, point.service_type or "")),
                active=True,
                created_at=opened,
            )
            for plan in UNITS
            for point in plan.points
        )
        point_rows = await ServicePoint.select(
            ServicePoint.id, ServicePoint.name, ServicePoint.unit
        )
        points = {(code_of[r["unit"]], r["name"]): r["id"] for r in point_rows}

        await _insert(
            DutyAssignment(
                officer=officer_ids[duty.officer],
                service_point=points[duty.point],
                starts_at=_midnight(duty.start),
                ends_at=_midnight(duty.end) if duty.end else None,
            )
            for duty in duties
        )
        await _insert(
            Training(
                officer=officer_ids[officer.index],
                title=t.course.title,
                form=t.course.form,
                classical=t.course.classical,
                competency=t.course.competency,
                provider=t.course.provider,
                start_date=t.start_date,
                end_date=t.end_date,
                jp=t.jp,
                certificate_no=t.certificate_no,
            )
            for officer in officers
            for t in officer.trainings
        )
    return Ids(survey_id, units, points, service_types, officer_ids)


async def _write_units() -> dict[str, int]:
    """Parents before children; returns code -> id."""
    ids: dict[str, int] = {}
    remaining = list(UNITS)
    while remaining:
        level = [plan for plan in remaining if not plan.parent or plan.parent in ids]
        await _insert(
            Unit(
                code=plan.code,
                name=plan.name,
                kind=plan.kind,
                parent=ids.get(plan.parent),
                minimum_responses=30,
                weights=None,
                active=True,
            )
            for plan in level
        )
        rows = await Unit.select(Unit.id, Unit.code).where(
            Unit.code.is_in([plan.code for plan in level])
        )
        ids.update({row["code"]: row["id"] for row in rows})
        remaining = [plan for plan in remaining if plan.code not in ids]
    return ids


def _populations(
    rng: random.Random,
    units: dict[str, int],
    volumes: dict[str, dict[date, float]],
    window: Window,
) -> list[UnitPopulation]:
    """Service users per triwulan, from the first one the window touches to today's."""
    quarters: list[Period] = []
    day = window.start
    while day <= window.end + timedelta(days=31):
        period = quarter(day.year, (day.month - 1) // 3 + 1)
        if period not in quarters:
            quarters.append(period)
        day = add_months(day, 1)
    plans: dict[str, UnitPlan] = {plan.code: plan for plan in UNITS}
    rows = []
    for code, daily in volumes.items():
        per_quarter = sum(daily.values()) / len(window.months) * 3
        for period in quarters:
            users = per_quarter * plans[code].users_per_response * rng.uniform(0.85, 1.15)
            population = max(10, round(users, -1))
            rows.append(
                UnitPopulation(
                    unit=units[code],
                    period_start=period.start,
                    period_end=period.end,
                    population=int(population),
                )
            )
    return rows


async def write_users(users: list[dict]) -> int | None:
    """Create the demo logins; returns the facilitator's user id."""
    facilitator = None
    for user in users:
        user_id = await create_user(user["username"], user["password"], user["role"], user["units"])
        if user["role"] == "facilitator" and facilitator is None:
            facilitator = user_id
    return facilitator


async def write_forums(
    forums: list[ForumPlan], ids: Ids, facilitator: int | None
) -> dict[tuple[int, int], list[Row]]:
    """The closed sessions and their inputs; returns their paper responses by month."""
    papers: dict[tuple[int, int], list[Row]] = {}
    inputs: list[ForumInput] = []
    async with write_transaction(ForumSession._meta.db):
        for forum in forums:
            # Each session has its own QR point, as a facilitator opening one gets; closed
            # sessions' points take no more answers.
            label = FORUM_KIND_NAMES[forum.kind]
            point = ServicePoint(
                unit=ids.units[forum.unit],
                name=f"Forum: {label} · {forum.area} ({forum.held_on.isoformat()})",
                kind="forum",
                token=secrets.token_urlsafe(24),
                officer=None,
                service_type=None,
                active=False,
                created_at=forum.opened_at,
            )
            await point.save()
            session = ForumSession(
                unit=ids.units[forum.unit],
                area=forum.area,
                kind=forum.kind,
                held_on=forum.held_on,
                place=forum.place,
                attendance_male=forum.male,
                attendance_female=forum.female,
                status="closed",
                service_point=point.id,
                facilitator=facilitator,
                opened_at=forum.opened_at,
                closed_at=forum.closed_at,
                created_at=forum.opened_at - timedelta(days=7),
            )
            await session.save()
            inputs.extend(
                ForumInput(
                    session=session.id,
                    kind=item.idea.kind,
                    topic=item.idea.topic,
                    text=item.text,
                    votes=item.votes,
                    addressed_unit=ids.units.get(item.idea.addressed_to),
                    client_key=None,
                    created_by=facilitator,
                    created_at=forum.opened_at + timedelta(minutes=item.minute),
                )
                for item in forum.inputs
            )
            month = papers.setdefault((forum.held_on.year, forum.held_on.month), [])
            month.extend(_paper_responses(forum, ids, session.id, point.id))
        await _insert(inputs)
    return papers


def _paper_responses(forum: ForumPlan, ids: Ids, session_id: int, point: int) -> list[Row]:
    rows = []
    for index, paper in enumerate(forum.papers):
        at = forum.opened_at + timedelta(minutes=paper.minute)
        rows.append(
            dict(
                survey=ids.survey,
                unit=ids.units[forum.unit],
                service_point=point,
                service_type=None,
                officer=None,
                forum_session=session_id,
                channel="forum_paper",
                submitted_at=at,
                local_day=local_day(at),
                **answer_columns(paper.values, paper.who),
                comment=paper.comment,
                # The prefix the forum pages use to tell typed paper forms from uploads.
                dedupe_key=f"{PAPER_KEY}seed-{session_id}-{index}",
            )
        )
    return rows


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=DEFAULT_TIMEZONE)
