"""Running steps (surveys/store/responses/steps.py): all of their writes or none.

Inside a Piccolo transaction the steps run on its connection, so they commit with the rest
of it (a forum entry and its audit row, a flag review). Otherwise on SQLite they run in
ONE call on a dedicated thread with its own connection (through aiosqlite each statement
is a round trip through the event loop, and a loop busy with requests delays every one),
and on PostgreSQL on a pooled asyncpg connection, with as few round trips as the steps
allow (``_run_on_postgres``).
"""

from __future__ import annotations

import asyncio
import os
import sqlite3
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from typing import Any

from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine

from surveys.store.db import SQLITE_BUSY_TIMEOUT, write_transaction
from surveys.store.piccolo_app import APP_CONFIG
from surveys.store.responses.steps import Insert, Step, Steps
from surveys.store.tables import Response


def engine_is_sqlite() -> bool:
    return isinstance(Response._meta.db, SQLiteEngine)


async def run_steps(steps: Steps) -> Any:
    """Run the steps in one write transaction (the caller's, if one is open); returns
    what the steps return."""
    engine = Response._meta.db
    sqlite = isinstance(engine, SQLiteEngine)
    if engine.current_transaction.get() is None:
        if isinstance(engine, SQLiteEngine):
            return await _sqlite_writer.run(engine.path, steps)
        if isinstance(engine, PostgresEngine):
            return await _run_on_postgres(engine, steps)
    async with write_transaction(engine) as transaction:
        return await _drive(steps, transaction.connection, sqlite)


async def _drive(steps: Steps, connection: Any, sqlite: bool) -> Any:
    """Steps on an aiosqlite or asyncpg connection."""
    try:
        step = next(steps)
        while True:
            step = steps.send(await _execute(step, connection, sqlite))
    except StopIteration as done:
        return done.value


async def _run_on_postgres(engine: PostgresEngine, steps: Steps) -> Any:
    """Steps on a pooled connection, in a transaction opened at the first write.

    Reads before it lose nothing by running on their own: in PostgreSQL's READ COMMITTED
    each statement sees what is committed when it starts, in a transaction or not. A write
    that is the last step runs on its own too, one statement being atomic. So a citizen
    batch (one read, one write) costs two round trips instead of four.
    """
    pool = engine.pool
    connection = await (pool.acquire() if pool else engine.get_new_connection())
    transaction = None
    try:
        step = next(steps)
        while True:
            if step[0] == "fetch" or transaction is not None:
                step = steps.send(await _execute(step, connection, False))
                continue
            try:  # a write's result is None: is another step to follow it?
                following = steps.send(None)
            except StopIteration:
                await _execute(step, connection, False)
                raise
            transaction = connection.transaction()
            await transaction.start()
            await _execute(step, connection, False)
            step = following
    except StopIteration as done:
        if transaction is not None:
            await transaction.commit()
        return done.value
    except BaseException:
        if transaction is not None:
            await transaction.rollback()
        raise
    finally:
        await (pool.release(connection) if pool else connection.close())


async def _execute(step: Step, connection: Any, sqlite: bool) -> Any:
    """One step on an aiosqlite or asyncpg connection: the rows of a fetch, else None."""
    kind, sql, params = step
    if sqlite:
        if kind == "inserts":
            for insert in params:
                await connection.executemany(insert.sql, insert.rows)
        elif kind == "many":
            await connection.executemany(sql, params)
        else:
            cursor = await connection.execute(sql, params)
            rows = await cursor.fetchall() if kind == "fetch" else None
            await cursor.close()
            if rows is not None:  # Piccolo's connections make dicts of rows
                return [tuple(row.values()) for row in rows]
    elif kind == "inserts":
        await connection.execute(*_one_statement(params))
    elif kind == "many":
        await connection.executemany(_numbered(sql), params)
    elif kind == "fetch":
        return await connection.fetch(_numbered(sql), *params)
    else:
        await connection.execute(_numbered(sql), *params)
    return None


def _numbered(sql: str) -> str:
    """``?`` marks to asyncpg's ``$1``, ``$2``… (the SQL here has no literal question mark)."""
    parts = sql.split("?")
    return "".join(f"{part}${i}" for i, part in enumerate(parts[:-1], start=1)) + parts[-1]


def _one_statement(inserts: Sequence[Insert]) -> tuple[Any, ...]:
    """Several inserts as ONE PostgreSQL statement (one round trip): each table's rows
    arrive as one array per column, unnested in its own WITH clause."""
    clauses: list[str] = []
    arrays: list[list[Any]] = []
    for number, insert in enumerate(inserts):
        types = _column_types(insert.table)
        columns = list(zip(*insert.rows, strict=True)) or [()] * len(insert.columns)
        unnested = []
        for name, values in zip(insert.columns, columns, strict=True):
            arrays.append(list(values))
            unnested.append(f"${len(arrays)}::{types[name]}[]")
        clauses.append(
            f"insert{number} AS (INSERT INTO {insert.table} ({', '.join(insert.columns)})"
            f" SELECT * FROM unnest({', '.join(unnested)}){insert.on_conflict})"
        )
    return (f"WITH {', '.join(clauses)} SELECT 1", *arrays)


@cache
def _column_types(table: str) -> dict[str, str]:
    """A table's column types as PostgreSQL names them (for the arrays' casts)."""
    found = next(t for t in APP_CONFIG.table_classes if t._meta.tablename == table)
    return {column._meta.db_column_name: column.column_type for column in found._meta.columns}


_inherited_connections: list[sqlite3.Connection] = []


class _SQLiteWriter:
    """Runs steps in one call on a dedicated thread with its own connection."""

    def __init__(self) -> None:
        self._start()
        if hasattr(os, "register_at_fork"):  # POSIX: where processes fork
            os.register_at_fork(after_in_child=self._after_fork)

    def _start(self) -> None:
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="suara-writer")
        self._connections: dict[str, sqlite3.Connection] = {}

    def _after_fork(self) -> None:
        """A forked process (granian's workers, after `suara serve --seed-demo-once` wrote
        in the parent) inherits the executor but not its thread, so every write would wait
        forever; and a connection must not be used across a fork. The child starts its own,
        keeping the inherited connections unclosed (closing one may checkpoint the WAL
        under the parent)."""
        _inherited_connections.extend(self._connections.values())
        self._start()

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
                if kind == "inserts":
                    for insert in params:
                        connection.executemany(insert.sql, insert.rows)
                elif kind == "many":
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
