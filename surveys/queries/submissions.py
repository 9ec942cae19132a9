"""Citizen survey submissions: finding the point behind a QR code, and writing batches.

``record_submissions`` decides and writes a whole batch in ONE write transaction (the
batching writer calls it): idempotency by the form token's nonce, the per-device and
per-kiosk limits, the stuffing flags and the serving officer are all settled against
what is committed, so concurrent requests cannot slip past a limit together.

The aggregates are ADDED to (``add_to_aggregates``) rather than rebuilt: rebuilding a
unit's day (``responses.refresh_daily_scores``) costs as much as the day has responses,
which made every batch slower as the day filled up. A test checks that both agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from piccolo.columns.combination import WhereRaw
from piccolo.query.functions.aggregate import Count

from surveys.db import is_sqlite, write_transaction
from surveys.queries.responses import existing_dedupe_keys
from surveys.queries.surveys import ensure_default_survey
from surveys.stuffing import (
    BURST_WINDOW,
    KIOSK_MIN_INTERVAL,
    Signals,
    answer_vector,
    device_limit_reached,
    flag_reason,
    kiosk_too_soon,
)
from surveys.tables import (
    DutyAssignment,
    ForumSession,
    Response,
    RetiredToken,
    ScoreDaily,
    ServicePoint,
    ServiceType,
    UnitScoreDaily,
    UnitScoreMonthly,
)

STORED = "stored"
DUPLICATE = "duplicate"  # already stored: the citizen sees the thank-you again
DEVICE_LIMIT = "device_limit"
TOO_SOON = "too_soon"


# --- the point behind a QR code ---------------------------------------------------------------


@dataclass(frozen=True)
class SurveyPoint:
    """What the citizen pages need to know about a service point."""

    id: int
    token: str
    name: str
    kind: str
    unit_id: int
    unit_name: str
    staff_id: int | None
    service_type_id: int | None
    service_types: tuple[tuple[int, str], ...]

    @property
    def channel(self) -> str:
        return {"kiosk": "kiosk", "forum": "forum"}.get(self.kind, "qr")


@dataclass(frozen=True)
class PointLookup:
    status: str  # "open", "retired" (revoked token or inactive point/unit), "unknown"
    point: SurveyPoint | None = None


async def find_survey_point(token: str) -> PointLookup:
    """The open service point behind a QR token, or why there is none."""
    row = (
        await ServicePoint.select(
            ServicePoint.id,
            ServicePoint.token,
            ServicePoint.name,
            ServicePoint.kind,
            ServicePoint.active,
            ServicePoint.staff,
            ServicePoint.service_type,
            ServicePoint.unit.id.as_alias("unit_id"),
            ServicePoint.unit.name.as_alias("unit_name"),
            ServicePoint.unit.active.as_alias("unit_active"),
        )
        .where(ServicePoint.token == token)
        .first()
    )
    if row is None:
        retired = await RetiredToken.exists().where(RetiredToken.token == token)
        return PointLookup("retired" if retired else "unknown")
    if not row["active"] or not row["unit_active"]:
        return PointLookup("retired")
    types = (
        await ServiceType.select(ServiceType.id, ServiceType.name)
        .where((ServiceType.unit == row["unit_id"]) & ServiceType.active.eq(True))
        .order_by(ServiceType.name)
    )
    point = SurveyPoint(
        id=row["id"],
        token=row["token"],
        name=row["name"],
        kind=row["kind"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        staff_id=row["staff"],
        service_type_id=row["service_type"],
        service_types=tuple((t["id"], t["name"]) for t in types),
    )
    return PointLookup("open", point)


# --- writing a batch ------------------------------------------------------------------------


@dataclass
class Submission:
    """One citizen's validated answers, as the web layer hands them to the writer."""

    point: SurveyPoint
    answers: dict[str, int]  # "U1".."U9" -> 1..4
    submitted_at: datetime  # aware, UTC
    local_time: datetime  # the same moment in the unit's time zone
    dedupe_key: str
    device_hash: str | None = None
    service_type_id: int | None = None
    gender: str | None = None
    age: int | None = None
    education: str | None = None
    occupation: str | None = None
    comment: str = ""
    locale: str = "id"
    survey_id: int | None = None  # None: the standard SKM survey, looked up per batch

    @property
    def local_day(self) -> date:
        return self.local_time.date()


@dataclass(frozen=True)
class Outcome:
    result: str  # STORED, DUPLICATE, DEVICE_LIMIT or TOO_SOON
    status: str = ""  # "valid" or "flagged" when stored
    flag_reason: str = ""
    staff_id: int | None = None


@dataclass
class _Known:
    """What is already committed that the batch's decisions depend on."""

    stored_keys: set[str]
    device_counts: dict[tuple[int, date, str], int]
    kiosk_last: dict[int, datetime]
    identical: dict[tuple[int, tuple], int]
    duties: dict[int, list[dict]] = field(default_factory=dict)
    forum_sessions: dict[int, int] = field(default_factory=dict)
    default_survey: int | None = None


async def record_submissions(batch: Sequence[Submission]) -> list[Outcome]:
    """Decide and store a batch in one write transaction; one outcome per submission."""
    engine = Response._meta.db
    async with write_transaction(engine) as transaction:
        known = await _load_known(batch)
        if any(s.survey_id is None for s in batch):
            known.default_survey = await ensure_default_survey()
        outcomes: list[Outcome] = []
        rows: list[dict] = []
        first_by_key: dict[str, Outcome] = {}
        for submission in batch:
            key = submission.dedupe_key
            if key in known.stored_keys:
                outcome = Outcome(DUPLICATE)
            elif key in first_by_key:  # the same token twice in one batch: a double tap
                first = first_by_key[key]
                outcome = Outcome(DUPLICATE) if first.result == STORED else first
            else:
                outcome, row = _decide(submission, known)
                first_by_key[key] = outcome
                if row is not None:
                    rows.append(row)
            outcomes.append(outcome)
        if rows:
            await _insert(transaction.connection, rows, postgres=not is_sqlite(engine))
            await add_to_aggregates(rows)
    return outcomes


_INSERT_COLUMNS = (
    "survey",
    "unit",
    "service_point",
    "service_type",
    "staff",
    "forum_session",
    "channel",
    "submitted_at",
    "local_day",
    *(f"u{i}" for i in range(1, 10)),
    "gender",
    "age",
    "education",
    "occupation",
    "comment",
    "locale",
    "status",
    "flag_reason",
    "dedupe_key",
    "device_hash",
)


async def _insert(connection, rows: list[dict], postgres: bool) -> None:
    """One prepared INSERT run for every row: building Piccolo rows cost more than the write."""
    if postgres:
        marks = ", ".join(f"${i}" for i in range(1, len(_INSERT_COLUMNS) + 1))
    else:
        marks = ", ".join("?" * len(_INSERT_COLUMNS))
    sql = f"INSERT INTO response ({', '.join(_INSERT_COLUMNS)}) VALUES ({marks})"
    await connection.executemany(sql, [tuple(row[c] for c in _INSERT_COLUMNS) for row in rows])


def _decide(s: Submission, known: _Known) -> tuple[Outcome, dict | None]:
    point = s.point
    if point.kind == "kiosk":
        if kiosk_too_soon(known.kiosk_last.get(point.id), s.submitted_at):
            return Outcome(TOO_SOON), None
        known.kiosk_last[point.id] = s.submitted_at
    elif s.device_hash:
        device = (point.id, s.local_day, s.device_hash)
        if device_limit_reached(known.device_counts.get(device, 0)):
            return Outcome(DEVICE_LIMIT), None
        known.device_counts[device] = known.device_counts.get(device, 0) + 1
    vector = (point.id, answer_vector(s.answers))
    identical = known.identical.get(vector, 0)
    known.identical[vector] = identical + 1
    reason = flag_reason(Signals(point.kind, s.local_time, identical))
    staff_id = point.staff_id or _officer_on_duty(known.duties.get(point.id, []), s.submitted_at)
    status = "flagged" if reason else "valid"
    row = {
        "survey": s.survey_id or known.default_survey,
        "unit": point.unit_id,
        "service_point": point.id,
        "service_type": s.service_type_id,
        "staff": staff_id,
        "forum_session": known.forum_sessions.get(point.id),
        "channel": point.channel,
        "submitted_at": s.submitted_at,
        "local_day": s.local_day,
        **{f"u{i}": s.answers.get(f"U{i}") for i in range(1, 10)},
        "gender": s.gender,
        "age": s.age,
        "education": s.education,
        "occupation": s.occupation,
        "comment": s.comment,
        "locale": s.locale,
        "status": status,
        "flag_reason": reason,
        "dedupe_key": s.dedupe_key,
        "device_hash": s.device_hash,
    }
    return Outcome(STORED, status, reason, staff_id), row


def _officer_on_duty(duties: list[dict], at: datetime) -> int | None:
    """The officer whose duty at the point covers ``at``; the latest start wins."""
    covering = [
        d for d in duties if d["starts_at"] <= at and (d["ends_at"] is None or d["ends_at"] > at)
    ]
    return max(covering, key=lambda d: d["starts_at"])["staff"] if covering else None


async def _load_known(batch: Sequence[Submission]) -> _Known:
    points = sorted({s.point.id for s in batch})
    earliest = min(s.submitted_at for s in batch)
    latest = max(s.submitted_at for s in batch)
    known = _Known(
        stored_keys=await existing_dedupe_keys([s.dedupe_key for s in batch]),
        device_counts=await _device_counts(batch),
        kiosk_last=await _kiosk_last(batch, earliest),
        identical=await _identical_counts(batch, points, earliest),
    )
    without_desk_card = sorted({s.point.id for s in batch if s.point.staff_id is None})
    if without_desk_card:
        rows = await DutyAssignment.select(
            DutyAssignment.service_point,
            DutyAssignment.staff,
            DutyAssignment.starts_at,
            DutyAssignment.ends_at,
        ).where(
            DutyAssignment.service_point.is_in(without_desk_card)
            & (DutyAssignment.starts_at <= latest)
            & (DutyAssignment.ends_at.is_null() | (DutyAssignment.ends_at > earliest))
        )
        for row in rows:
            known.duties.setdefault(row["service_point"], []).append(row)
    forum_points = sorted({s.point.id for s in batch if s.point.kind == "forum"})
    if forum_points:
        sessions = (
            await ForumSession.select(ForumSession.id, ForumSession.service_point)
            .where(ForumSession.service_point.is_in(forum_points))
            .order_by(ForumSession.id)
        )
        # The most recent session holding the point (a point normally has one).
        known.forum_sessions = {row["service_point"]: row["id"] for row in sessions}
    return known


async def _device_counts(batch: Sequence[Submission]) -> dict[tuple[int, date, str], int]:
    hashes = sorted({s.device_hash for s in batch if s.device_hash and s.point.kind != "kiosk"})
    if not hashes:
        return {}
    points = sorted({s.point.id for s in batch})
    days = sorted({s.local_day for s in batch})
    rows = (
        await Response.select(
            Response.service_point, Response.local_day, Response.device_hash, Count()
        )
        .where(
            Response.device_hash.is_in(hashes)
            & Response.service_point.is_in(points)
            & Response.local_day.is_in(days)
        )
        .group_by(Response.service_point, Response.local_day, Response.device_hash)
    )
    return {
        (row["service_point"], _as_date(row["local_day"]), row["device_hash"]): row["count"]
        for row in rows
    }


async def _kiosk_last(batch: Sequence[Submission], earliest: datetime) -> dict[int, datetime]:
    kiosks = sorted({s.point.id for s in batch if s.point.kind == "kiosk"})
    last: dict[int, datetime] = {}
    for point_id in kiosks:
        row = (
            await Response.select(Response.submitted_at)
            .where(
                (Response.service_point == point_id)
                & (Response.submitted_at >= earliest - KIOSK_MIN_INTERVAL)
            )
            .order_by(Response.submitted_at, ascending=False)
            .first()
        )
        if row:
            last[point_id] = row["submitted_at"]
    return last


# An answer set as one number, so the database filters to the vectors in the batch.
_VECTOR_SQL = " + ".join(f"COALESCE(u{i}, 0) * {10 ** (9 - i)}" for i in range(1, 10))


def _vector_number(vector: tuple) -> int:
    return sum((value or 0) * 10 ** (9 - i) for i, value in enumerate(vector, start=1))


async def _identical_counts(
    batch: Sequence[Submission], points: list[int], earliest: datetime
) -> dict[tuple[int, tuple], int]:
    numbers = sorted({_vector_number(answer_vector(s.answers)) for s in batch})
    elements = [getattr(Response, f"u{i}") for i in range(1, 10)]
    rows = (
        await Response.select(Response.service_point, *elements, Count())
        .where(
            Response.service_point.is_in(points)
            & (Response.submitted_at >= earliest - BURST_WINDOW)
            # Integers computed here, never user text: safe to inline.
            & WhereRaw(f"({_VECTOR_SQL}) IN ({', '.join(str(int(n)) for n in numbers)})")
        )
        .group_by(Response.service_point, *elements)
    )
    return {
        (row["service_point"], tuple(row[f"u{i}"] for i in range(1, 10))): row["count"]
        for row in rows
    }


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


# --- adding a batch to the aggregates -------------------------------------------------------

_SUM_COLUMNS = (
    "n",
    *(f"s{i}" for i in range(1, 10)),
    *(f"c{i}" for i in range(1, 10)),
    "complete_n",
    "complete_sum",
    "complete_squares",
)


def _sums(rows: Sequence[dict]) -> dict[str, int]:
    sums = dict.fromkeys(_SUM_COLUMNS, 0)
    for row in rows:
        sums["n"] += 1
        values = [row[f"u{i}"] for i in range(1, 10)]
        for i, value in enumerate(values, start=1):
            if value is not None:
                sums[f"s{i}"] += value
                sums[f"c{i}"] += 1
        if all(value is not None for value in values):
            total = sum(values)
            sums["complete_n"] += 1
            sums["complete_sum"] += total
            sums["complete_squares"] += total * total
    return sums


async def add_to_aggregates(rows: Sequence[dict]) -> None:
    """Add new response rows (column -> value) to score_daily and the unit rollups.

    Call inside the write transaction that inserts them; only valid rows count.
    """
    daily: dict[tuple, list[dict]] = {}
    unit_daily: dict[tuple, list[dict]] = {}
    unit_monthly: dict[tuple, list[dict]] = {}
    for row in rows:
        if row["status"] != "valid":
            continue
        day, unit = row["local_day"], row["unit"]
        key = (day, unit, row["service_point"], row["service_type"], row["staff"])
        daily.setdefault(key, []).append(row)
        unit_daily.setdefault((day, unit), []).append(row)
        unit_monthly.setdefault((day.replace(day=1), unit), []).append(row)
    for (day, unit, point, service_type, staff), members in daily.items():
        keys = {
            "day": day,
            "unit": unit,
            "service_point": point,
            "service_type": service_type,
            "staff": staff,
        }
        await _add(ScoreDaily, keys, _sums(members))
    for (day, unit), members in unit_daily.items():
        await _add(UnitScoreDaily, {"day": day, "unit": unit}, _sums(members))
    for (month, unit), members in unit_monthly.items():
        await _add(UnitScoreMonthly, {"month": month, "unit": unit}, _sums(members))


async def _add(table: type, keys: dict, sums: dict[str, int]) -> None:
    condition = None
    for name, value in keys.items():
        column = getattr(table, name)
        clause = column.is_null() if value is None else column == value
        condition = clause if condition is None else condition & clause
    existing = await table.select(table.id).where(condition).first()
    if existing is None:
        await table.insert(table(**keys, **sums))
        return
    await table.update(
        {getattr(table, name): getattr(table, name) + value for name, value in sums.items()}
    ).where(table.id == existing["id"])
