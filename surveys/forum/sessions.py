"""Forum sessions: their life cycle (draft → open → closed), their own QR point, and
the scores and counts of the questionnaires tied to them.

Every change is audited inside its own transaction. Audit entries about rows other
than the session itself carry ``forum_session`` in their values, which is how the
session's history finds them.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Collection
from dataclasses import asdict, dataclass
from datetime import date, datetime

from piccolo.query.functions.aggregate import Count, Sum
from piccolo.querystring import Selectable

from surveys.method.elements import N_
from surveys.method.scoring import ELEMENT_CODES, ElementTotals
from surveys.store.accounts import Account
from surveys.store.audit import audited_update, record_audit
from surveys.store.db import is_sqlite, write_transaction
from surveys.store.scores import GroupTotals
from surveys.store.tables import PAPER_KEY, AuditEntry, ForumSession, Response, ServicePoint

STATUS_ORDER = {"open": 0, "draft": 1, "closed": 2}
SESSION_FIELDS = (
    "unit",
    "area",
    "kind",
    "held_on",
    "place",
    "attendance_male",
    "attendance_female",
)
# Prefixes of the dedupe keys of what facilitators type (paper forms, tallies).


class ForumError(Exception):
    """A change refused because of the session's state; ``template`` is a message id."""

    template = ""

    def __init__(self) -> None:
        super().__init__(self.template)


class SessionMissing(ForumError):
    template = N_("Sesi forum ini tidak ditemukan.")


class SessionClosed(ForumError):
    template = N_("Sesi ini sudah ditutup: entri tidak dapat ditambah, diubah atau dihapus.")


class SessionNotOpen(ForumError):
    template = N_("Sesi ini belum dibuka. Buka sesi dulu untuk mulai mencatat.")


class SessionInFuture(ForumError):
    template = N_("Tanggal sesi masih di masa depan: sesi dapat dibuka pada hari pelaksanaannya.")


class SessionNotClosed(ForumError):
    template = N_("Hanya sesi yang sudah ditutup yang dapat dibuka kembali.")


@dataclass(frozen=True)
class SessionFields:
    unit: int
    area: str
    kind: str
    held_on: date
    place: str
    attendance_male: int
    attendance_female: int


@dataclass(frozen=True)
class Reconciliation:
    """Questionnaires tied to a session, by how they came in, against the attendance."""

    paper: int  # typed one by one
    tally: int  # rows expanded from tallies
    upload: int  # rows of an uploaded CSV
    phone: int  # citizens' own phones through the session's QR code
    attendance: int

    @property
    def total(self) -> int:
        return self.paper + self.tally + self.upload + self.phone

    @property
    def exceeds_attendance(self) -> bool:
        return self.attendance > 0 and self.total > self.attendance


def _session_columns():
    return (
        ForumSession.all_columns(),
        ForumSession.unit.code.as_alias("unit_code"),
        ForumSession.unit.name.as_alias("unit_name"),
        ForumSession.unit.weights.as_alias("unit_weights"),
        ForumSession.unit.minimum_responses.as_alias("unit_minimum_responses"),
        ForumSession.service_point.token.as_alias("token"),
        ForumSession.service_point.active.as_alias("point_active"),
        ForumSession.facilitator.username.as_alias("facilitator_name"),
    )


async def sessions_for(unit_ids: Collection[int] | None, limit: int = 300) -> list[dict]:
    """Sessions of these units (all when None): open ones first, then newest first."""
    query = (
        ForumSession.select(*_session_columns())
        .order_by(ForumSession.held_on, ascending=False)
        .order_by(ForumSession.id, ascending=False)
        .limit(limit)
    )
    if unit_ids is not None:
        if not unit_ids:
            return []
        query = query.where(ForumSession.unit.is_in(list(unit_ids)))
    rows = await query
    return sorted(rows, key=lambda row: STATUS_ORDER.get(row["status"], 9))


async def session_by_id(session_id: int) -> dict | None:
    return (
        await ForumSession.select(*_session_columns()).where(ForumSession.id == session_id).first()
    )


async def _locked_session(session_id: int) -> dict:
    """The session row, locked against a concurrent close (call inside a transaction)."""
    query = ForumSession.select(*ForumSession.all_columns()).where(ForumSession.id == session_id)
    if not is_sqlite(ForumSession._meta.db):
        # SQLite's IMMEDIATE write transaction already serialises writers.
        query = query.lock_rows()
    session = await query.first()
    if session is None:
        raise SessionMissing()
    return session


async def writable_session(session_id: int) -> dict:
    """The open session, locked; raises when it is closed or not yet opened."""
    session = await _locked_session(session_id)
    if session["status"] == "closed":
        raise SessionClosed()
    if session["status"] != "open":
        raise SessionNotOpen()
    return session


async def create_session(fields: SessionFields, actor: Account) -> int:
    async with write_transaction(ForumSession._meta.db):
        session = ForumSession(**asdict(fields), status="draft", facilitator=actor.id)
        await session.save()
        current = {**asdict(fields), "status": "draft"}
        await record_audit(
            actor.id, actor.username, "create", "forum_session", session.id, None, current
        )
    return session.id


async def update_session(session_id: int, fields: SessionFields, actor: Account) -> None:
    """Change a session's details; its unit only while it is a draft with no point yet."""
    async with write_transaction(ForumSession._meta.db):
        session = await _locked_session(session_id)
        if session["status"] == "closed":
            raise SessionClosed()
        changes = asdict(fields)
        if session["status"] != "draft":
            changes["unit"] = session["unit"]
        await audited_update(ForumSession, session_id, changes, actor=actor, before=session)


async def open_session(
    session_id: int, actor: Account, token: str, point_name: str, now: datetime, today: date
) -> None:
    """Open a draft: it gets its own service point (kind "forum") behind its QR code."""
    async with write_transaction(ForumSession._meta.db):
        session = await _locked_session(session_id)
        if session["status"] == "open":
            return
        if session["status"] == "closed":
            raise SessionClosed()
        if session["held_on"] > today:
            raise SessionInFuture()
        point = ServicePoint(unit=session["unit"], name=point_name[:200], kind="forum", token=token)
        await point.save()
        code = await _free_short_code()
        await record_audit(
            actor.id,
            actor.username,
            "create",
            "service_point",
            point.id,
            None,
            {"forum_session": session_id, "name": point.name, "kind": "forum", "active": True},
        )
        # A draft was never opened: no opening time and no point yet.
        await audited_update(
            ForumSession,
            session_id,
            {"status": "open", "opened_at": now, "service_point": point.id, "short_code": code},
            actor=actor,
            action="open",
            before={
                "status": "draft",
                "opened_at": None,
                "service_point": None,
                "short_code": None,
            },
        )


async def close_session(session_id: int, actor: Account, now: datetime) -> None:
    """Lock a session's entries; its QR point stops taking answers."""
    async with write_transaction(ForumSession._meta.db):
        session = await _locked_session(session_id)
        if session["status"] == "closed":
            return
        await audited_update(
            ForumSession,
            session_id,
            {"status": "closed", "closed_at": now},
            actor=actor,
            action="close",
            before={"status": session["status"], "closed_at": None},
        )
        await _set_point_active(session, False)


async def reopen_session(session_id: int, actor: Account) -> None:
    """Undo a close (managers and administrators only: the web layer's guard)."""
    async with write_transaction(ForumSession._meta.db):
        session = await _locked_session(session_id)
        if session["status"] != "closed":
            raise SessionNotClosed()
        status = "open" if session["service_point"] else "draft"
        changes: dict = {"status": status, "closed_at": None}
        if status == "open":  # its code again, unless an open session took it meanwhile
            changes["short_code"] = await _free_short_code(session["short_code"])
        await audited_update(
            ForumSession,
            session_id,
            changes,
            actor=actor,
            action="reopen",
            before=session,
        )
        await _set_point_active(session, True)


# --- the short code participants type -----------------------------------------------------

SHORT_CODE_DIGITS = 6


def typed_short_code(text: str) -> str | None:
    """The code in what a participant typed ("123 456", "123-456"), or None if it is none."""
    digits = "".join(text.split()).replace("-", "")
    if len(digits) == SHORT_CODE_DIGITS and digits.isascii() and digits.isdigit():
        return digits
    return None


async def _free_short_code(preferred: str | None = None) -> str:
    """``preferred`` when no open session holds it, else a random code none holds.

    Called in the transaction that opens the session: on SQLite no other opening slips in
    between; on PostgreSQL two openings in the same instant would draw the same code only
    once in a million such pairs, and the lookup would then lead to one of them.
    """
    taken = set(
        await ForumSession.select(ForumSession.short_code)
        .where(ForumSession.status == "open")
        .output(as_list=True)
    )
    code = preferred
    while code is None or code in taken:
        code = f"{secrets.randbelow(10**SHORT_CODE_DIGITS):0{SHORT_CODE_DIGITS}d}"
    return code


@dataclass(frozen=True)
class CodeLookup:
    status: str  # "open", "closed" (the code's session is over) or "unknown"
    token: str | None = None  # the open session's survey token


async def session_by_short_code(code: str) -> CodeLookup:
    """Where a typed code leads: the open session holding it, or why there is none."""
    rows = await ForumSession.select(
        ForumSession.status, ForumSession.service_point.token.as_alias("token")
    ).where(ForumSession.short_code == code)
    for row in rows:
        if row["status"] == "open" and row["token"]:
            return CodeLookup("open", row["token"])
    return CodeLookup("closed" if rows else "unknown")


async def _set_point_active(session: dict, active: bool) -> None:
    if session["service_point"]:
        await ServicePoint.update({ServicePoint.active: active}).where(
            ServicePoint.id == session["service_point"]
        )


# --- what came in ------------------------------------------------------------------------


async def session_totals(session_id: int) -> GroupTotals:
    """Element sums and counts over the session's valid questionnaires (one GROUP BY)."""
    aggregates: list[Selectable] = [Count(alias="n")]
    for i in range(1, 10):
        column = getattr(Response, f"u{i}")
        aggregates.append(Sum(column).as_alias(f"s{i}"))
        aggregates.append(Count(column, alias=f"c{i}"))
    row = (
        await Response.select(*aggregates)
        .where((Response.forum_session == session_id) & (Response.status == "valid"))
        .first()
    ) or {}
    totals = {
        code: ElementTotals(code, int(row.get(f"s{i}") or 0), int(row.get(f"c{i}") or 0))
        for i, code in enumerate(ELEMENT_CODES, start=1)
    }
    return GroupTotals(key=session_id, n=int(row.get("n") or 0), totals=totals)


async def session_reconciliation(session: dict) -> Reconciliation:
    by_channel = {
        row["channel"]: row["n"]
        for row in await Response.select(Response.channel, Count(alias="n"))
        .where(Response.forum_session == session["id"])
        .group_by(Response.channel)
    }
    typed = await Response.count().where(
        (Response.forum_session == session["id"])
        & (Response.channel == "forum_paper")
        & Response.dedupe_key.like(PAPER_KEY + "%")
    )
    return Reconciliation(
        paper=typed,
        tally=by_channel.get("forum_tally", 0),
        upload=by_channel.get("forum_paper", 0) - typed,
        # The session's QR code gives channel "forum"; any other channel counts here too.
        phone=sum(n for channel, n in by_channel.items() if not channel.startswith("forum_")),
        attendance=session["attendance_male"] + session["attendance_female"],
    )


async def session_history(session: dict, limit: int = 500) -> list[dict]:
    """Audit entries about the session and everything entered for it, newest first."""
    value = "COALESCE(current, previous)"
    session_key: int | str = session["id"]
    if is_sqlite(AuditEntry._meta.db):
        belongs = f"CAST(json_extract({value}, '$.forum_session') AS INTEGER) = {{}}"
    else:
        belongs = f"({value}::jsonb ->> 'forum_session') = {{}}"
        session_key = str(session["id"])
    rows = await AuditEntry.raw(
        f"""
        SELECT id, at, username, action, table_name, row_id, previous, current
        FROM audit_entry
        WHERE at >= {{}} AND (
          (table_name = 'forum_session' AND row_id = {{}})
          OR (table_name IN ('response', 'forum_input', 'service_point') AND {belongs})
        )
        ORDER BY at DESC, id DESC
        LIMIT {{}}
        """,
        session["created_at"],
        session["id"],
        session_key,
        limit,
    )
    for row in rows:
        for key in ("previous", "current"):
            if isinstance(row[key], str):
                row[key] = json.loads(row[key])
    return rows
