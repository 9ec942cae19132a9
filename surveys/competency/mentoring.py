"""Mentoring and coaching: pairs, their logged sessions, the JP they earn, and what citizens
said about the mentee before and during.

A session's minutes count through the city's JP equivalent of the pair's form (Mentoring or
Coaching). The sessions of one pair in one year make one training record, updated as sessions
are logged, so the 20 JP right and the training analysis see mentoring like any training.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from piccolo.columns import Column

from surveys.competency.dictionary import jp_equivalent_for
from surveys.competency.evidence import compare_element
from surveys.competency.rules import jp_for
from surveys.method.periods import add_months
from surveys.store.aggregate_tables import OfficerScoreMonthly
from surveys.store.audit import Actor, record_audit
from surveys.store.db import write_transaction
from surveys.store.development_tables import Competency, MentoringPair, MentoringSession
from surveys.store.tables import Officer, Training

FORM_BY_KIND = {"mentoring": "Mentoring", "coaching": "Coaching"}
MINUTES_PER_JP = 45
# The "before" window is as long as the pair has run, at most this many months.
MAX_BEFORE_MONTHS = 6
OUTCOME_ELEMENTS = ("U6", "U7")


class PairRefused(ValueError):
    pass


def _engine():
    return MentoringPair._meta.db


_PAIR_COLUMNS = (
    *MentoringPair.all_columns(),
    MentoringPair.mentor.name.as_alias("mentor_name"),
    MentoringPair.mentee.name.as_alias("mentee_name"),
    MentoringPair.mentee.unit.as_alias("mentee_unit"),
    MentoringPair.competency.name.as_alias("competency_name"),
)


async def create_pair(
    actor: Actor,
    kind: str,
    mentor: int,
    mentee: int,
    competency: int | None,
    starts_on: date,
    ends_on: date | None,
) -> int:
    if mentor == mentee:
        raise PairRefused("a mentor does not mentor themselves")
    async with write_transaction(_engine()):
        same = (
            await MentoringPair.select(MentoringPair.id)
            .where(
                (MentoringPair.kind == kind)
                & (MentoringPair.mentor == mentor)
                & (MentoringPair.mentee == mentee)
                & (MentoringPair.starts_on == starts_on)
            )
            .where(
                MentoringPair.competency.is_null()
                if competency is None
                else MentoringPair.competency == competency
            )
            .first()
        )
        if same is not None:  # the same form sent twice: one pair
            return int(same["id"])
        pair = MentoringPair(
            kind=kind,
            mentor=mentor,
            mentee=mentee,
            competency=competency,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        await pair.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "mentoring_pair",
            pair.id,
            None,
            {
                "kind": kind,
                "mentor": mentor,
                "mentee": mentee,
                "competency": competency,
                "starts_on": starts_on,
                "ends_on": ends_on,
            },
        )
    return pair.id


async def pairs_in(unit_ids: frozenset[int] | None) -> list[dict]:
    """Pairs whose mentee belongs to these units (None: every unit), newest first."""
    query = MentoringPair.select(*_PAIR_COLUMNS).order_by(MentoringPair.starts_on, ascending=False)
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(MentoringPair.mentee.unit.is_in(list(unit_ids)))
    return await query


async def pairs_of_officer(officer_id: int) -> list[dict]:
    """Pairs the officer is mentee or mentor in, newest first."""
    return await (
        MentoringPair.select(*_PAIR_COLUMNS)
        .where((MentoringPair.mentee == officer_id) | (MentoringPair.mentor == officer_id))
        .order_by(MentoringPair.starts_on, ascending=False)
    )


async def pair_by_id(pair_id: int) -> dict | None:
    return await MentoringPair.select(*_PAIR_COLUMNS).where(MentoringPair.id == pair_id).first()


async def sessions_of(pair_id: int) -> list[dict]:
    return await (
        MentoringSession.select()
        .where(MentoringSession.pair == pair_id)
        .order_by(MentoringSession.held_on, ascending=False)
    )


async def session_jp(kind: str, minutes_in_year: int, sessions_in_year: int) -> int:
    """JP of a pair's sessions in one year through the city's equivalent of its form."""
    equivalent = await jp_equivalent_for(FORM_BY_KIND[kind])
    if equivalent is None:
        return minutes_in_year // MINUTES_PER_JP
    rate, basis = equivalent["jp_per_unit"], equivalent["basis"]
    amount = {
        "hour": Decimal(minutes_in_year) / 60,
        "day": Decimal(minutes_in_year) / (60 * 8),
        "session": Decimal(sessions_in_year),
        "jp": Decimal(minutes_in_year) / MINUTES_PER_JP,
    }[basis]
    return jp_for(amount, rate)


async def log_session(
    actor: Actor, pair: dict, held_on: date, minutes: int, topic: str, next_step: str
) -> int:
    """Store a session and bring the pair's training record of that year up to date."""
    async with write_transaction(_engine()):
        session = MentoringSession(
            pair=pair["id"], held_on=held_on, minutes=minutes, topic=topic, next_step=next_step
        )
        await session.save()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "mentoring_session",
            session.id,
            None,
            {"pair": pair["id"], "held_on": held_on, "minutes": minutes, "topic": topic},
        )
        await _update_training(actor, pair, held_on.year)
    return session.id


async def _update_training(actor: Actor, pair: dict, year: int) -> None:
    sessions = await MentoringSession.select().where(
        (MentoringSession.pair == pair["id"])
        & (MentoringSession.held_on >= date(year, 1, 1))
        & (MentoringSession.held_on <= date(year, 12, 31))
    )
    jp = await session_jp(pair["kind"], sum(s["minutes"] for s in sessions), len(sessions))
    record = next((s["training"] for s in sessions if s["training"] is not None), None)
    if jp < 1:
        return
    first = min(s["held_on"] for s in sessions)
    last = max(s["held_on"] for s in sessions)
    kind = "manajerial"
    if pair["competency"] is not None:
        row = (
            await Competency.select(Competency.kind)
            .where(Competency.id == pair["competency"])
            .first()
        )
        kind = row["kind"] if row else kind
    values: dict[Column | str, Any] = {
        "officer": pair["mentee"],
        "title": f"{FORM_BY_KIND[pair['kind']]}: {pair['competency_name'] or ''} "
        f"({pair['mentor_name']})".replace(":  (", ": ("),
        "form": FORM_BY_KIND[pair["kind"]],
        "classical": False,
        "competency": kind,
        "provider": pair["mentor_name"],
        "start_date": first,
        "end_date": last,
        "jp": jp,
        "certificate_no": "",
    }
    if record is None:
        training = Training(**{str(key): value for key, value in values.items()})
        await training.save()
        record = training.id
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "training",
            record,
            None,
            {"jp": jp, "from_pair": pair["id"]},
        )
    else:
        await Training.update(values).where(Training.id == record)
    await MentoringSession.update({MentoringSession.training: record}).where(
        MentoringSession.id.is_in([s["id"] for s in sessions])
    )


# --- the mentee's citizens' scores ---------------------------------------------------------


@dataclass(frozen=True)
class Window:
    start: date
    end: date
    n: int  # respondents attributed to the mentee
    means: dict[str, Decimal | None]  # element -> mean, None below the minimum


@dataclass(frozen=True)
class BeforeDuring:
    before: Window
    during: Window
    # element -> "up", "down" or "same" (not distinguishable from chance); absent when either
    # window is below the minimum sample, so no verdict is ever shown there.
    changes: dict[str, str]
    minimum: int


async def _window(officer_id: int, start: date, end: date, minimum: int) -> tuple[Window, dict]:
    columns = ", ".join(f"SUM(s{i}) AS s{i}, SUM(c{i}) AS c{i}" for i in range(1, 10))
    rows = await OfficerScoreMonthly.raw(
        f"SELECT SUM(n) AS n, {columns} FROM officer_score_monthly"
        " WHERE officer = {} AND month >= {} AND month <= {}",
        officer_id,
        start.replace(day=1),
        end,
    )
    row = rows[0] if rows else {}
    sums = {f"U{i}": (int(row.get(f"s{i}") or 0), int(row.get(f"c{i}") or 0)) for i in range(1, 10)}
    means: dict[str, Decimal | None] = {}
    for element in OUTCOME_ELEMENTS:
        total, count = sums[element]
        means[element] = (
            (Decimal(total) / count).quantize(Decimal("0.01")) if count >= minimum else None
        )
    return Window(start, end, int(row.get("n") or 0), means), sums


async def before_and_during(pair: dict, today: date, minimum: int) -> BeforeDuring:
    """The mentee's U6 and U7 in the months before the pair began and since (whole months);
    a mean only from the minimum number of answers, a comparison only when both have it."""
    start = pair["starts_on"].replace(day=1)
    end = min(pair["ends_on"] or today, today)
    months = max(
        1, min(MAX_BEFORE_MONTHS, (end.year - start.year) * 12 + end.month - start.month + 1)
    )
    before_start = add_months(start, -months)
    during, during_sums = await _window(pair["mentee"], start, end, minimum)
    before, before_sums = await _window(
        pair["mentee"], before_start, start - timedelta(days=1), minimum
    )
    changes: dict[str, str] = {}
    for element in OUTCOME_ELEMENTS:
        (b_total, b_n), (d_total, d_n) = before_sums[element], during_sums[element]
        up = compare_element(element, b_total, b_n, d_total, d_n, minimum)
        down = compare_element(element, d_total, d_n, b_total, b_n, minimum)
        if up is None or down is None:
            continue
        changes[element] = "up" if up.below else "down" if down.below else "same"
    return BeforeDuring(before, during, changes, minimum)


async def active_officers() -> list[dict]:
    """Active officers by name, with their unit: who can mentor or be mentored."""
    return await (
        Officer.select(
            Officer.id, Officer.name, Officer.unit, Officer.unit.name.as_alias("unit_name")
        )
        .where(Officer.active.eq(True))
        .order_by(Officer.name)
    )
