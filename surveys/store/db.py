"""Database engines from a URL, and the SQLite settings that make one writer safe."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from urllib.parse import unquote, urlparse

from asyncpg import UniqueViolationError
from piccolo.engine.base import Engine
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import SQLiteEngine, TransactionType
from piccolo.table import Table

# Seconds a SQLite connection waits for a lock before failing.
SQLITE_BUSY_TIMEOUT = 30


def engine_from_url(url: str) -> Engine:
    """``sqlite:///path`` or ``postgresql://user:pw@host:port/db`` to a Piccolo engine."""
    parsed = urlparse(url)
    if parsed.scheme == "sqlite":
        # sqlite:///relative.db has the path "/relative.db", sqlite:////abs.db "//abs.db".
        path = unquote(parsed.path)[1:]
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return SQLiteEngine(path=path, timeout=SQLITE_BUSY_TIMEOUT)
    if parsed.scheme in ("postgres", "postgresql"):
        return PostgresEngine(
            config={
                "host": parsed.hostname or "127.0.0.1",
                "port": parsed.port or 5432,
                "user": unquote(parsed.username or "postgres"),
                "password": unquote(parsed.password or "") or None,
                "database": parsed.path.lstrip("/") or "postgres",
            }
        )
    raise ValueError(f"DATABASE_URL must start with sqlite:/// or postgresql://, got {url!r}")


def is_sqlite(engine: Engine) -> bool:
    return isinstance(engine, SQLiteEngine)


# What a UNIQUE index raises when a concurrent request stored the same row first. On SQLite the
# only integrity error a checked form can still meet is that one.
DUPLICATE_ROW = (UniqueViolationError, sqlite3.IntegrityError)


def write_transaction(engine: Engine):
    """A transaction that takes the write lock up front on SQLite.

    DEFERRED transactions that later write fail with "database is locked" under
    concurrency; IMMEDIATE ones wait for the busy timeout instead.
    """
    if isinstance(engine, SQLiteEngine):
        return engine.transaction(transaction_type=TransactionType.immediate)
    return engine.transaction()


@asynccontextmanager
async def write_or_refuse(engine: Engine, refusal: Exception) -> AsyncIterator[None]:
    """A write transaction that raises ``refusal``, the domain's own word, where a UNIQUE
    index refuses its row: the same row stored meanwhile by a concurrent request."""
    try:
        async with write_transaction(engine):
            yield
    except DUPLICATE_ROW as exc:
        raise refusal from exc


async def lock_for_replace(table: type[Table]) -> None:
    """Inside a write transaction: hold ``table`` against other writers until the commit.

    A delete-then-insert replace, or a look-then-insert of the rows not there yet, run twice
    at once on PostgreSQL would otherwise insert the same unique rows twice; SQLite's
    IMMEDIATE transaction serialises writers already.
    """
    if not isinstance(table._meta.db, SQLiteEngine):
        await table.raw(f"LOCK TABLE {table._meta.tablename} IN SHARE ROW EXCLUSIVE MODE")


async def prepare_engine(engine: Engine) -> None:
    """Per-process start-up: WAL for SQLite, the connection pool for PostgreSQL."""
    if isinstance(engine, SQLiteEngine):
        await engine.run_ddl("PRAGMA journal_mode=WAL")
    elif isinstance(engine, PostgresEngine) and engine.pool is None:
        await engine.start_connection_pool(min_size=1, max_size=10)


async def release_engine(engine: Engine) -> None:
    if isinstance(engine, PostgresEngine) and engine.pool is not None:
        await engine.close_connection_pool()
