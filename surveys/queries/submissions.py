"""Citizen survey submissions: finding the point behind a QR code, and writing batches.

``record_submissions`` runs ``submission_steps.batch_steps`` (the decisions and the SQL)
in ONE write transaction; the batching writer (surveys/writer.py) calls it.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine

from surveys.db import SQLITE_BUSY_TIMEOUT, write_transaction
from surveys.queries.submission_steps import (
    DEVICE_LIMIT,
    DUPLICATE,
    STORED,
    TOO_SOON,
    NoDefaultSurvey,
    Outcome,
    Steps,
    Submission,
    batch_steps,
)
from surveys.queries.surveys import ensure_default_survey
from surveys.tables import Response, RetiredToken, ServicePoint, ServiceType

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


async def record_submissions(batch: Sequence[Submission]) -> list[Outcome]:
    """Decide and store a batch in one write transaction; one outcome per submission."""
    try:
        return await _run(batch_steps(batch))
    except NoDefaultSurvey:  # a fresh database: create the standard survey, then write
        await ensure_default_survey()
        return await _run(batch_steps(batch))


async def _run(steps: Steps) -> Any:
    engine = Response._meta.db
    if isinstance(engine, SQLiteEngine):
        return await _sqlite_writer.run(engine.path, steps)
    async with write_transaction(engine) as transaction:
        return await _drive_postgres(steps, transaction.connection)


async def _drive_postgres(steps: Steps, connection: Any) -> Any:
    result = None
    try:
        step = next(steps)
        while True:
            kind, sql, params = step
            sql = _numbered(sql)
            if kind == "many":
                await connection.executemany(sql, params)
                result = None
            elif kind == "fetch":
                result = await connection.fetch(sql, *params)
            else:
                await connection.execute(sql, *params)
                result = None
            step = steps.send(result)
    except StopIteration as done:
        return done.value


def _numbered(sql: str) -> str:
    """``?`` marks to asyncpg's ``$1``, ``$2``… (the SQL here has no literal question mark)."""
    parts = sql.split("?")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], start=1)) + parts[-1]


class _SQLiteWriter:
    """Runs a batch's steps in one call on a dedicated thread with its own connection.

    Through aiosqlite each statement is a round trip through the event loop, and a loop
    busy with requests delays every one of them; here the whole transaction is one hop.
    """

    def __init__(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suara-writer")
        self._connections: dict[str, sqlite3.Connection] = {}

    async def run(self, path: str, steps: Steps) -> Any:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self._run, path, steps)

    def _connection(self, path: str) -> sqlite3.Connection:
        connection = self._connections.get(path)
        if connection is None:
            connection = sqlite3.connect(
                path,
                timeout=SQLITE_BUSY_TIMEOUT,
                isolation_level=None,
                detect_types=sqlite3.PARSE_DECLTYPES,
                check_same_thread=False,
            )
            connection.execute("PRAGMA foreign_keys = 1")
            self._connections[path] = connection
        return connection

    def _run(self, path: str, steps: Steps) -> Any:
        connection = self._connection(path)
        connection.execute("BEGIN IMMEDIATE")
        try:
            result = None
            step = next(steps)
            while True:
                kind, sql, params = step
                if kind == "many":
                    connection.executemany(sql, params)
                    result = None
                elif kind == "fetch":
                    result = connection.execute(sql, params).fetchall()
                else:
                    connection.execute(sql, params)
                    result = None
                step = steps.send(result)
        except StopIteration as done:
            connection.execute("COMMIT")
            return done.value
        except BaseException:
            connection.execute("ROLLBACK")
            raise


_sqlite_writer = _SQLiteWriter()

__all__ = [
    "DEVICE_LIMIT",
    "DUPLICATE",
    "STORED",
    "TOO_SOON",
    "Outcome",
    "PointLookup",
    "Submission",
    "SurveyPoint",
    "find_survey_point",
    "record_submissions",
]
