"""The SQLite writer thread in a process forked after it wrote (as `make run` seeds the demo in
granian's parent process, then forks the worker that serves citizens)."""

from __future__ import annotations

import asyncio
import multiprocessing
import sqlite3

from surveys.store.responses.drivers import _SQLiteWriter


def _insert(value: int):
    yield ("run", "INSERT INTO t VALUES (?)", [value])
    return value


def _write_in_child(writer: _SQLiteWriter, path: str) -> None:
    async def write() -> int:
        return await asyncio.wait_for(writer.run(path, _insert(2)), timeout=5)

    try:
        asyncio.run(write())
    except BaseException:
        raise SystemExit(1) from None


def test_a_process_forked_after_a_write_writes_with_its_own_thread_and_connection(tmp_path):
    path = str(tmp_path / "fork.sqlite3")
    sqlite3.connect(path).execute("CREATE TABLE t (x INTEGER)").connection.close()
    writer = _SQLiteWriter()
    assert asyncio.run(writer.run(path, _insert(1))) == 1  # the parent's thread now exists
    child = multiprocessing.get_context("fork").Process(target=_write_in_child, args=(writer, path))
    child.start()
    child.join(timeout=20)
    assert child.exitcode == 0
    rows = sqlite3.connect(path).execute("SELECT x FROM t ORDER BY x").fetchall()
    assert rows == [(1,), (2,)]
