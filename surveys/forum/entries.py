"""Questionnaires a facilitator enters for a forum session: paper forms one by one, tallies,
uploaded files, and undoing the last of them.

Each is stored through ``store_responses`` (so the aggregates stay in step) under a
dedupe key made from the browser's client key: a resend after a dropped connection
stores nothing new. Paper forms get ``fp:<key>``, the rows of a tally ``ft:<key>:<i>``.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date, datetime, time, tzinfo
from typing import Any

from surveys.forum.paper import PaperEntry, Tally, expand_tally, tally_from_rows
from surveys.forum.sessions import writable_session
from surveys.method.periods import local_day
from surveys.store.accounts import Account
from surveys.store.audit import record_audit
from surveys.store.db import write_transaction
from surveys.store.imports import ImportReport, import_csv
from surveys.store.responses import refresh_daily_scores, store_responses
from surveys.store.survey_versions import ensure_default_survey
from surveys.store.tables import PAPER_KEY, TALLY_KEY, Response

_ANSWER_COLUMNS = tuple(getattr(Response, f"u{i}") for i in range(1, 10))


@dataclass(frozen=True)
class Entry:
    """One thing typed for a session, newest first in lists."""

    id: int  # the response id (a tally: its first row)
    kind: str  # "paper" or "tally"
    code: str  # the paper code, or "" for a tally
    rows: int  # 1 for paper, n for a tally
    submitted_at: datetime


def entry_moment(held_on: date, now: datetime, timezone: tzinfo) -> datetime:
    """When a paper form counts as submitted: now on the forum's day; otherwise noon of
    that day (the hour is unknown, and noon falls in no survey time band)."""
    if local_day(now, timezone) == held_on:
        return now
    return datetime.combine(held_on, time(12, 0), tzinfo=timezone)


def _response(
    session: dict, survey_id: int, moment: datetime, timezone: tzinfo, **fields
) -> dict[str, Any]:
    return {
        "survey": survey_id,
        "unit": session["unit"],
        "service_point": session["service_point"],
        "forum_session": session["id"],
        "submitted_at": moment,
        "local_day": local_day(moment, timezone),
        **fields,
    }


async def _already_stored(key: str) -> bool:
    return await Response.exists().where(Response.dedupe_key == key)


async def _write_once(key: str, write: Callable[[], Coroutine[Any, Any, bool]]) -> bool:
    """Run ``write`` in one transaction unless ``key`` is stored already.

    Checked first without a lock (a resend of a stored entry succeeds even after the
    session closed), then again by ``store_responses`` once ``write`` holds the
    session's lock; a twin that still wins the race makes the unique index refuse ours.
    """
    if await _already_stored(key):
        return False
    try:
        async with write_transaction(Response._meta.db):
            return await write()
    except Exception:
        if await _already_stored(key):
            return False
        raise


async def _store_audited(
    responses: list[dict[str, Any]], key: str, actor: Account, details: dict[str, Any]
) -> bool:
    """Store the rows and audit their creation under the id of the row keyed ``key``;
    False (and no audit) when ``store_responses`` finds them stored already."""
    if not await store_responses(responses):
        return False
    stored = await Response.select(Response.id).where(Response.dedupe_key == key).first()
    await record_audit(
        actor.id,
        actor.username,
        "create",
        "response",
        stored["id"] if stored else None,
        None,
        details,
    )
    return True


async def record_paper_entry(
    session_id: int,
    entry: PaperEntry,
    client_key: str,
    actor: Account,
    now: datetime,
    timezone: tzinfo,
) -> bool:
    """Store one paper questionnaire; False when this client key was stored before."""
    survey_id = await ensure_default_survey()
    key = PAPER_KEY + client_key

    async def write() -> bool:
        session = await writable_session(session_id)
        moment = entry_moment(session["held_on"], now, timezone)
        response = _response(
            session,
            survey_id,
            moment,
            timezone,
            channel="forum_paper",
            dedupe_key=key,
            gender=entry.gender,
            age=entry.age,
            education=entry.education,
            occupation=entry.occupation,
            comment=entry.comment,
            **{code.lower(): value for code, value in entry.element_values().items()},
        )
        details = {
            "forum_session": session_id,
            "channel": "forum_paper",
            "code": entry.as_code(),
            "client_key": client_key,
        }
        return await _store_audited([response], key, actor, details)

    return await _write_once(key, write)


async def record_tally(
    session_id: int,
    counts: Tally,
    client_key: str,
    actor: Account,
    now: datetime,
    timezone: tzinfo,
) -> bool:
    """Store a tally as individual rows (channel forum_tally); False when stored before."""
    survey_id = await ensure_default_survey()
    rows = expand_tally(counts)
    if not rows:
        raise ValueError("an empty tally")
    first_key = f"{TALLY_KEY}{client_key}:0"

    async def write() -> bool:
        session = await writable_session(session_id)
        moment = entry_moment(session["held_on"], now, timezone)
        responses = [
            _response(
                session,
                survey_id,
                moment,
                timezone,
                channel="forum_tally",
                dedupe_key=f"{TALLY_KEY}{client_key}:{index}",
                **{f"u{i}": value for i, value in enumerate(row, start=1)},
            )
            for index, row in enumerate(rows)
        ]
        details = {
            "forum_session": session_id,
            "channel": "forum_tally",
            "tally": counts,
            "rows": len(rows),
            "client_key": client_key,
        }
        return await _store_audited(responses, first_key, actor, details)

    return await _write_once(first_key, write)


def _group_key(dedupe_key: str) -> str:
    """A tally row's key without its row number: the key of the whole tally."""
    return dedupe_key.rsplit(":", 1)[0] + ":"


async def recent_entries(session_id: int, limit: int = 8) -> list[Entry]:
    """The newest paper forms and tallies typed for the session."""
    columns = (Response.id, Response.dedupe_key, Response.submitted_at, *_ANSWER_COLUMNS)
    papers = (
        await Response.select(
            *columns,
            Response.gender,
            Response.age,
            Response.education,
            Response.occupation,
            Response.comment,
        )
        .where((Response.forum_session == session_id) & Response.dedupe_key.like(PAPER_KEY + "%"))
        .order_by(Response.id, ascending=False)
        .limit(limit)
    )
    entries = [
        Entry(row["id"], "paper", _paper_of(row).as_code(), 1, row["submitted_at"])
        for row in papers
    ]
    tally_rows = await Response.select(
        Response.id, Response.dedupe_key, Response.submitted_at
    ).where((Response.forum_session == session_id) & Response.dedupe_key.like(TALLY_KEY + "%"))
    groups: dict[str, list[dict]] = {}
    for row in tally_rows:
        groups.setdefault(_group_key(row["dedupe_key"]), []).append(row)
    for rows in groups.values():
        first = min(rows, key=lambda row: row["id"])
        entries.append(Entry(first["id"], "tally", "", len(rows), first["submitted_at"]))
    entries.sort(key=lambda entry: entry.id, reverse=True)
    return entries[:limit]


def _paper_of(row: dict) -> PaperEntry:
    return PaperEntry(
        answers=tuple(row[f"u{i}"] for i in range(1, 10)),
        gender=row.get("gender"),
        age=row.get("age"),
        education=row.get("education"),
        occupation=row.get("occupation"),
        comment=row.get("comment") or "",
    )


async def undo_entry(session_id: int, response_id: int, actor: Account) -> Entry | None:
    """Delete one typed paper form, or the whole tally a row belongs to (audited).

    None when the row is not a typed entry of this session (already undone, say).
    """
    async with write_transaction(Response._meta.db):
        session = await writable_session(session_id)
        row = (
            await Response.select()
            .where((Response.id == response_id) & (Response.forum_session == session["id"]))
            .first()
        )
        if row is None or not (row["dedupe_key"] or "").startswith((PAPER_KEY, TALLY_KEY)):
            return None
        if row["dedupe_key"].startswith(PAPER_KEY):
            rows = [row]
            previous: dict[str, Any] = {"code": _paper_of(row).as_code()}
        else:
            rows = await Response.select().where(
                (Response.forum_session == session["id"])
                & Response.dedupe_key.like(_group_key(row["dedupe_key"]) + "%")
            )
            answers = [tuple(r[f"u{i}"] for i in range(1, 10)) for r in rows]
            previous = {"tally": tally_from_rows(answers)}
        ids = [r["id"] for r in rows]
        await Response.delete().where(Response.id.is_in(ids))
        days = [r["local_day"] for r in rows]
        await refresh_daily_scores({session["unit"]: (min(days), max(days))})
        entry = Entry(
            min(ids),
            "paper" if len(rows) == 1 and row["channel"] == "forum_paper" else "tally",
            previous.get("code", ""),
            len(rows),
            row["submitted_at"],
        )
        await record_audit(
            actor.id,
            actor.username,
            "delete",
            "response",
            min(ids),
            {
                "forum_session": session["id"],
                "channel": row["channel"],
                "rows": len(rows),
                "ids": ids,
                "dedupe_key": row["dedupe_key"],
                **previous,
            },
            None,
        )
    return entry


async def import_session_csv(
    session_id: int, source: str | bytes, filename: str, actor: Account, timezone: tzinfo
) -> ImportReport:
    """Import a response file (CSV or XLSX) as the session's paper forms, audited in the
    same transaction.

    The import is all-or-nothing and idempotent by itself; holding the write
    transaction around it keeps a concurrent close from slipping in between.
    """
    async with write_transaction(Response._meta.db):
        await writable_session(session_id)
        report = await import_csv(
            "responses", source, timezone=timezone, forum_session_id=session_id
        )
        if report.created:
            await record_audit(
                actor.id,
                actor.username,
                "import",
                "response",
                None,
                None,
                {
                    "forum_session": session_id,
                    "channel": "forum_paper",
                    "file": filename[:200],
                    "rows": report.rows,
                    "created": report.created,
                    "unchanged": report.unchanged,
                },
            )
    return report
