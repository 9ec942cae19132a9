"""Deciding and writing a batch of citizen submissions, as steps that name their SQL (sans-IO).

``batch_steps`` is a generator of the steps of surveys/store/responses/steps.py: it yields
``(kind, sql, params)`` and receives the rows a "fetch" returns; ``run_steps`` runs them
all or nothing (on SQLite in a single worker-thread call).

Idempotency by the form token's nonce, the per-device and per-kiosk limits, the
stuffing flags and the serving officer are all settled against what is committed; the
rows are then stored like every other response (``insert_steps``).
"""

from __future__ import annotations

import json
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from surveys.citizen.stuffing import (
    BURST_SIZE,
    BURST_WINDOW,
    KIOSK_MIN_INTERVAL,
    Signals,
    answer_vector,
    device_limit_reached,
    flag_reason,
    kiosk_too_soon,
)
from surveys.citizen.survey_point import SurveyPoint
from surveys.store.responses.steps import Step, Steps, insert_steps, one_of, one_read
from surveys.store.survey_versions import DEFAULT_SURVEY_KEY

# PostgreSQL advisory locks on service points, in this key space, taken in id order so two
# batches never wait on each other in a circle; released at the commit.
POINT_LOCK_SPACE = 0x5355
POINT_LOCKS = (
    "SELECT pg_advisory_xact_lock(?, point)"
    " FROM (SELECT DISTINCT unnest(?::integer[]) AS point ORDER BY point) AS points"
)

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
    officer_id: int | None = None


@dataclass
class _Known:
    """What is already committed that the batch's decisions depend on."""

    stored_keys: set[str] = field(default_factory=set)
    device_counts: dict[tuple[int, date, str], int] = field(default_factory=dict)
    kiosk_times: dict[int, list[datetime]] = field(default_factory=dict)
    identical: dict[tuple[int, int], int] = field(default_factory=dict)  # (point, vector)
    duties: dict[int, list[tuple]] = field(default_factory=dict)
    forum_sessions: dict[int, int] = field(default_factory=dict)


class NoDefaultSurvey(LookupError):
    """The standard survey does not exist yet: create it (surveys.ensure_default_survey)."""


def batch_steps(batch: Sequence[Submission], sqlite: bool) -> Steps:
    """The whole batch: read what decisions depend on, decide, insert, add to aggregates.

    Two steps: one read of everything the decisions depend on, one write. On PostgreSQL
    each is one statement, after a third that locks the batch's points (three round trips
    in one transaction); SQLite runs them in BEGIN IMMEDIATE on its writer thread, where a
    statement costs no trip through the loop.
    """
    if not sqlite:
        # Two app processes writing answers for one point take turns from here to the
        # commit, so the device, kiosk and burst decisions see each other's rows. (SQLite's
        # BEGIN IMMEDIATE already admits one writer at a time.)
        yield ("run", POINT_LOCKS, [POINT_LOCK_SPACE, sorted({s.point.id for s in batch})])
    default_survey, known = yield from _load_known(batch, sqlite)
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
        times = known.kiosk_times.setdefault(point.id, [])
        if kiosk_too_soon(times, s.submitted_at):
            return Outcome(TOO_SOON), None
        times.append(s.submitted_at)
    elif s.device_hash:
        device = (point.id, s.local_day, s.device_hash)
        if device_limit_reached(known.device_counts.get(device, 0)):
            return Outcome(DEVICE_LIMIT), None
        known.device_counts[device] = known.device_counts.get(device, 0) + 1
    vector = (point.id, _vector_number(answer_vector(s.answers)))
    identical = known.identical.get(vector, 0)
    known.identical[vector] = identical + 1
    reason = flag_reason(Signals(point.kind, s.local_time, identical))
    officer_id = point.officer_id or _officer_on_duty(
        known.duties.get(point.id, []), s.submitted_at
    )
    status = "flagged" if reason else "valid"
    row = {
        "survey": s.survey_id or default_survey,
        "unit": point.unit_id,
        "service_point": point.id,
        "service_type": s.service_type_id,
        "officer": officer_id,
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
    return Outcome(STORED, status, reason, officer_id), row


def _officer_on_duty(duties: list[tuple], at: datetime) -> int | None:
    """The officer whose duty at the point covers ``at``; the latest start wins.

    ``duties`` rows are (officer, starts_at, ends_at).
    """
    covering = [d for d in duties if d[1] <= at and (d[2] is None or d[2] > at)]
    return max(covering, key=lambda d: d[1])[0] if covering else None


BURST_COUNT_CAP = max(BURST_SIZE.values())

# An answer set as one number, so the database filters to the vectors in the batch with
# the response_burst expression index (its migration repeats this expression exactly).
VECTOR_SQL = " + ".join(f"COALESCE(u{i}, 0) * {10 ** (9 - i)}" for i in range(1, 10))


def _vector_number(vector: tuple) -> int:
    return sum((value or 0) * 10 ** (9 - i) for i, value in enumerate(vector, start=1))


def _as_date(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _as_datetime(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def _load_known(
    batch: Sequence[Submission], sqlite: bool
) -> Generator[Step, Any, tuple[int, _Known]]:
    """The standard survey's id and what is committed that the decisions depend on, in
    ONE statement: each read is a subquery whose rows come back as one JSON value."""
    points = sorted({s.point.id for s in batch})
    earliest = min(s.submitted_at for s in batch)
    latest = max(s.submitted_at for s in batch)
    reads: dict[str, tuple[str, int, list]] = {}

    def read(
        name: str, width: int, select: str, *conditions: tuple[str, Any], params: Sequence = ()
    ) -> None:
        """``select`` names its ``width`` columns c0, c1…; the ``one_of`` conditions fill
        its ``{where}``, ``params`` the ``?`` marks after it."""
        where = " AND ".join(condition for condition, _ in conditions)
        values = [value for _, value in conditions] + list(params)
        reads[name] = (select.format(where=where), width, values)

    read(
        "survey",
        1,
        "SELECT id AS c0 FROM survey WHERE key = ? AND unit IS NULL AND active = ?"
        " ORDER BY version DESC LIMIT 1",
        params=[DEFAULT_SURVEY_KEY, True],
    )
    read(
        "stored_keys",
        1,
        "SELECT dedupe_key AS c0 FROM response WHERE {where}",
        one_of("dedupe_key", sorted({s.dedupe_key for s in batch}), sqlite),
    )
    hashes = sorted({s.device_hash for s in batch if s.device_hash and s.point.kind != "kiosk"})
    if hashes:
        read(
            "devices",
            4,
            "SELECT service_point AS c0, local_day AS c1, device_hash AS c2, COUNT(*) AS c3"
            " FROM response WHERE {where} GROUP BY service_point, local_day, device_hash",
            one_of("device_hash", hashes, sqlite),
            one_of("service_point", points, sqlite),
            one_of("local_day", sorted({s.local_day for s in batch}), sqlite),
        )
    kiosks = sorted({s.point.id for s in batch if s.point.kind == "kiosk"})
    if kiosks:
        # Every answer near the batch's, before and after: a queued answer from a kiosk
        # that was offline arrives after later ones (surveys/citizen/offline.py).
        read(
            "kiosks",
            2,
            "SELECT service_point AS c0, submitted_at AS c1 FROM response"
            " WHERE {where} AND submitted_at > ? AND submitted_at < ?",
            one_of("service_point", kiosks, sqlite),
            params=[earliest - KIOSK_MIN_INTERVAL, latest + KIOSK_MIN_INTERVAL],
        )
    pairs = sorted({(s.point.id, _vector_number(answer_vector(s.answers))) for s in batch})
    # Counted only up to the largest burst size: the rule needs no more, and a flood of
    # identical answers then costs each batch the same as any other answers.
    capped = (
        "(SELECT COUNT(*) FROM (SELECT 1 FROM response WHERE service_point = {point}"
        f" AND ({VECTOR_SQL}) = {{vector}} AND submitted_at >= ? LIMIT {BURST_COUNT_CAP})"
        " AS recent)"
    )
    if sqlite:
        count = capped.format(
            point="json_extract(pair.value, '$[0]')", vector="json_extract(pair.value, '$[1]')"
        )
        select = (
            "SELECT json_extract(pair.value, '$[0]') AS c0, json_extract(pair.value, '$[1]')"
            f" AS c1, {count} AS c2 FROM json_each(?) AS pair"
        )
        values: list[Any] = [earliest - BURST_WINDOW, json.dumps(pairs)]
    else:
        count = capped.format(point="pair.point", vector="pair.vector")
        select = (
            f"SELECT pair.point AS c0, pair.vector AS c1, {count} AS c2"
            " FROM unnest(?::integer[], ?::integer[]) AS pair(point, vector)"
        )
        values = [earliest - BURST_WINDOW, [p for p, _ in pairs], [v for _, v in pairs]]
    read("identical", 3, select, params=values)
    without_desk_card = sorted({s.point.id for s in batch if s.point.officer_id is None})
    if without_desk_card:
        read(
            "duties",
            4,
            "SELECT service_point AS c0, officer AS c1, starts_at AS c2, ends_at AS c3"
            " FROM duty_assignment WHERE {where} AND starts_at <= ?"
            " AND (ends_at IS NULL OR ends_at > ?)",
            one_of("service_point", without_desk_card, sqlite),
            params=[latest, earliest],
        )
    forum_points = sorted({s.point.id for s in batch if s.point.kind == "forum"})
    if forum_points:
        read(
            "forum_sessions",
            2,
            "SELECT id AS c0, service_point AS c1 FROM forum_session WHERE {where}",
            one_of("service_point", forum_points, sqlite),
        )

    statement = one_read([(select, width) for select, width, _ in reads.values()], sqlite)
    params = [value for _, _, values in reads.values() for value in values]
    row = (yield ("fetch", statement, params))[0]
    found = {name: json.loads(value) for name, value in zip(reads, row, strict=True)}
    if not found["survey"]:
        raise NoDefaultSurvey()
    known = _Known()
    known.stored_keys = {r[0] for r in found["stored_keys"]}
    known.device_counts = {(r[0], _as_date(r[1]), r[2]): r[3] for r in found.get("devices", [])}
    for r in found.get("kiosks", []):
        known.kiosk_times.setdefault(r[0], []).append(_as_datetime(r[1]))
    known.identical = {(r[0], r[1]): r[2] for r in found["identical"]}
    for r in found.get("duties", []):
        duty = (r[1], _as_datetime(r[2]), r[3] and _as_datetime(r[3]))
        known.duties.setdefault(r[0], []).append(duty)
    # The most recent session holding the point (a point normally has one).
    for session, point in sorted(found.get("forum_sessions", [])):
        known.forum_sessions[point] = session
    return found["survey"][0][0], known
