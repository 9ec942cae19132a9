"""Running steps (surveys/queries/responses/steps.py) in one write transaction.

Inside a Piccolo transaction the steps run on its connection, so they commit with the rest
of it (a forum entry and its audit row, a flag review). Otherwise on SQLite they run in
ONE call on a dedicated thread with its own connection (through aiosqlite each statement
is a round trip through the event loop, and a loop busy with requests delays every one),
and on PostgreSQL in a new transaction on an asyncpg connection.
"""

from __future__ import annotations

import asyncio
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from piccolo.engine.sqlite import SQLiteEngine

from surveys.db import SQLITE_BUSY_TIMEOUT, write_transaction
from surveys.queries.responses.steps import Steps
from surveys.tables import Response


def engine_is_sqlite() -> bool:
    return isinstance(Response._meta.db, SQLiteEngine)


async def run_steps(steps: Steps) -> Any:
    """Run the steps in one write transaction (the caller's, if one is open); returns
    what the steps return."""
    engine = Response._meta.db
    sqlite = isinstance(engine, SQLiteEngine)
    if sqlite and engine.current_transaction.get() is None:
        return await _sqlite_writer.run(engine.path, steps)
    async with write_transaction(engine) as transaction:
        return await _drive(steps, transaction.connection, sqlite)


async def _drive(steps: Steps, connection: Any, sqlite: bool) -> Any:
    """Steps on an aiosqlite or asyncpg connection."""
    result = None
    try:
        step = next(steps)
        while True:
            kind, sql, params = step
            result = None
            if sqlite:
                if kind == "many":
                    await connection.executemany(sql, params)
                else:
                    cursor = await connection.execute(sql, params)
                    if kind == "fetch":  # Piccolo's connections make dicts of rows
                        result = [tuple(row.values()) for row in await cursor.fetchall()]
                    await cursor.close()
            else:
                sql = _numbered(sql)
                if kind == "many":
                    await connection.executemany(sql, params)
                elif kind == "fetch":
                    result = await connection.fetch(sql, *params)
                else:
                    await connection.execute(sql, *params)
            step = steps.send(result)
    except StopIteration as done:
        return done.value


def _numbered(sql: str) -> str:
    """``?`` marks to asyncpg's ``$1``, ``$2``… (the SQL here has no literal question mark)."""
    parts = sql.split("?")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], start=1)) + parts[-1]


class _SQLiteWriter:
    """Runs steps in one call on a dedicated thread with its own connection."""

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
                result = None
                if kind == "many":
                    connection.executemany(sql, params)
                elif kind == "fetch":
                    result = connection.execute(sql, params).fetchall()
                else:
                    connection.execute(sql, params)
                step = steps.send(result)
        except StopIteration as done:
            connection.execute("COMMIT")
            return done.value
        except BaseException:
            connection.execute("ROLLBACK")
            raise


_sqlite_writer = _SQLiteWriter()
