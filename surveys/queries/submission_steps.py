"""Deciding and writing a batch of citizen submissions, as steps that name their SQL (sans-IO).

``batch_steps`` is a generator of the steps of surveys/queries/responses/steps.py: it yields
``(kind, sql, params)`` and receives the rows a "fetch" returns; ``run_steps`` runs them in
one write transaction (on SQLite in a single worker-thread call).

Idempotency by the form token's nonce, the per-device and per-kiosk limits, the
stuffing flags and the serving officer are all settled against what is committed; the
rows are then stored like every other response (``insert_steps``).
"""

from __future__ import annotations

from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from surveys.queries.responses.steps import Step, Steps, insert_steps, marks, stored_keys
from surveys.queries.surveys import DEFAULT_SURVEY_KEY
from surveys.stuffing import (
    BURST_WINDOW,
    KIOSK_MIN_INTERVAL,
    Signals,
    answer_vector,
    device_limit_reached,
    flag_reason,
    kiosk_too_soon,
)

if TYPE_CHECKING:
    from surveys.queries.submissions import SurveyPoint

STORED = "stored"
DUPLICATE = "duplicate"  # already stored: the citizen sees the thank-you again
DEVICE_LIMIT = "device_limit"
TOO_SOON = "too_soon"


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
    survey_id: int | None = None  # None: the standard SKM survey

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

    stored_keys: set[str] = field(default_factory=set)
    device_counts: dict[tuple[int, date, str], int] = field(default_factory=dict)
    kiosk_last: dict[int, datetime] = field(default_factory=dict)
    identical: dict[tuple[int, tuple], int] = field(default_factory=dict)
    duties: dict[int, list[tuple]] = field(default_factory=dict)
    forum_sessions: dict[int, int] = field(default_factory=dict)


class NoDefaultSurvey(LookupError):
    """The standard survey does not exist yet: create it (surveys.ensure_default_survey)."""


def batch_steps(batch: Sequence[Submission], sqlite: bool) -> Steps:
    """The whole batch: read what decisions depend on, decide, insert, add to aggregates."""
    surveys = yield (
        "fetch",
        "SELECT id FROM survey WHERE key = ? AND unit IS NULL AND active = ?"
        " ORDER BY version DESC LIMIT 1",
        [DEFAULT_SURVEY_KEY, True],
    )
    if not surveys:
        raise NoDefaultSurvey()
    default_survey = surveys[0][0]
    known = yield from _load_known(batch, sqlite)
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
            outcome, row = _decide(submission, known, default_survey)
            first_by_key[key] = outcome
            if row is not None:
                rows.append(row)
        outcomes.append(outcome)
    yield from insert_steps(rows)
    return outcomes


def _decide(s: Submission, known: _Known, default_survey: int) -> tuple[Outcome, dict | None]:
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
        "survey": s.survey_id or default_survey,
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


def _officer_on_duty(duties: list[tuple], at: datetime) -> int | None:
    """The officer whose duty at the point covers ``at``; the latest start wins.

    ``duties`` rows are (staff, starts_at, ends_at).
    """
    covering = [d for d in duties if d[1] <= at and (d[2] is None or d[2] > at)]
    return max(covering, key=lambda d: d[1])[0] if covering else None


# An answer set as one number, so the database filters to the vectors in the batch with
# the response_burst expression index (its migration repeats this expression exactly).
VECTOR_SQL = " + ".join(f"COALESCE(u{i}, 0) * {10 ** (9 - i)}" for i in range(1, 10))


def _vector_number(vector: tuple) -> int:
    return sum((value or 0) * 10 ** (9 - i) for i, value in enumerate(vector, start=1))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _load_known(batch: Sequence[Submission], sqlite: bool) -> Generator[Step, Any, _Known]:
    known = _Known()
    points = sorted({s.point.id for s in batch})
    earliest = min(s.submitted_at for s in batch)
    latest = max(s.submitted_at for s in batch)
    known.stored_keys = yield from stored_keys(sorted({s.dedupe_key for s in batch}), sqlite)

    hashes = sorted({s.device_hash for s in batch if s.device_hash and s.point.kind != "kiosk"})
    if hashes:
        days = sorted({s.local_day for s in batch})
        rows = yield (
            "fetch",
            "SELECT service_point, local_day, device_hash, COUNT(*) FROM response"
            f" WHERE device_hash IN ({marks(hashes)}) AND service_point IN ({marks(points)})"
            f" AND local_day IN ({marks(days)}) GROUP BY service_point, local_day, device_hash",
            [*hashes, *points, *days],
        )
        known.device_counts = {(r[0], _as_date(r[1]), r[2]): r[3] for r in rows}

    for point_id in sorted({s.point.id for s in batch if s.point.kind == "kiosk"}):
        rows = yield (
            "fetch",
            "SELECT submitted_at FROM response WHERE service_point = ? AND submitted_at >= ?"
            " ORDER BY submitted_at DESC LIMIT 1",
            [point_id, earliest - KIOSK_MIN_INTERVAL],
        )
        if rows:
            known.kiosk_last[point_id] = rows[0][0]

    # Integers computed here, never user text: safe to inline.
    numbers = ", ".join(
        str(n) for n in sorted({_vector_number(answer_vector(s.answers)) for s in batch})
    )
    elements = ", ".join(f"u{i}" for i in range(1, 10))
    rows = yield (
        "fetch",
        f"SELECT service_point, {elements}, COUNT(*) FROM response"
        f" WHERE service_point IN ({marks(points)}) AND submitted_at >= ?"
        f" AND ({VECTOR_SQL}) IN ({numbers}) GROUP BY service_point, {elements}",
        [*points, earliest - BURST_WINDOW],
    )
    known.identical = {(r[0], tuple(r[1:10])): r[10] for r in rows}

    without_desk_card = sorted({s.point.id for s in batch if s.point.staff_id is None})
    if without_desk_card:
        rows = yield (
            "fetch",
            "SELECT service_point, staff, starts_at, ends_at FROM duty_assignment"
            f" WHERE service_point IN ({marks(without_desk_card)}) AND starts_at <= ?"
            " AND (ends_at IS NULL OR ends_at > ?)",
            [*without_desk_card, latest, earliest],
        )
        for row in rows:
            known.duties.setdefault(row[0], []).append((row[1], row[2], row[3]))

    forum_points = sorted({s.point.id for s in batch if s.point.kind == "forum"})
    if forum_points:
        rows = yield (
            "fetch",
            f"SELECT id, service_point FROM forum_session WHERE service_point IN"
            f" ({marks(forum_points)}) ORDER BY id",
            forum_points,
        )
        # The most recent session holding the point (a point normally has one).
        known.forum_sessions = {row[1]: row[0] for row in rows}
    return known
