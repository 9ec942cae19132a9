"""Without Redis, sessions, counters and kept downloads are files under var/store: what has
expired is removed, on access and by a sweep, and never a value another worker has just
written in its place."""

from __future__ import annotations

import asyncio
import dataclasses
import os
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from litestar.stores.base import StorageObject

from app import filestore
from app.filestore import SweptFileStore, sweep_periodically, sweep_stores
from app.main import _stores
from app.settings import Settings


def _app_store(tmp_path: Path, name: str) -> SweptFileStore:
    settings = dataclasses.replace(Settings.from_env(), redis_url=None, var_dir=tmp_path)
    store = _stores(settings).get(name)
    assert isinstance(store, SweptFileStore)
    return store


def _expired(store: SweptFileStore, key: str, data: bytes = b"old") -> Path:
    """An entry that expired a minute ago, written as the store writes."""
    path = store.file_of(key)
    past = datetime.now(tz=UTC) - timedelta(seconds=60)
    store._write_sync(path, StorageObject(data=data, expires_at=past))
    return path


async def test_an_expired_entry_read_again_is_gone_from_the_disk(tmp_path):
    store = _app_store(tmp_path, "row-errors")
    path = _expired(store, "7:report")

    assert await store.get("7:report") is None
    assert not path.exists()


async def test_the_sweep_removes_what_expired_in_every_store_and_keeps_the_rest(tmp_path):
    reports, sessions = _app_store(tmp_path, "row-errors"), _app_store(tmp_path, "sessions")
    gone = [_expired(reports, "1:a"), _expired(reports, "2:b"), _expired(sessions, "s1")]
    await reports.set("3:c", b"still wanted", expires_in=3600)
    await sessions.set("s2", b"no expiry")
    stale = reports.directory / "abc.tmpxyz"
    stale.write_bytes(b"half a write")
    old = datetime.now(tz=UTC).timestamp() - 2 * filestore.STALE_TEMPORARY_SECONDS
    os.utime(stale, (old, old))

    removed = sweep_stores(tmp_path / "store")

    assert removed == 3
    assert not any(path.exists() for path in gone) and not stale.exists()
    assert await reports.get("3:c") == b"still wanted"
    assert await sessions.get("s2") == b"no expiry"


async def test_a_value_written_while_the_sweep_looked_at_its_expired_one_is_kept(
    tmp_path, monkeypatch
):
    store = _app_store(tmp_path, "sessions")
    path = _expired(store, "s1")
    read = filestore._read
    calls = []

    def read_then_another_worker_writes(target):
        found = read(target)
        if not calls:  # the first, unlocked look: meanwhile another worker writes
            calls.append(target)
            store._locked_write("s1", b"fresh", 3600)
        return found

    monkeypatch.setattr(filestore, "_read", read_then_another_worker_writes)

    assert await store.get("s1") is None  # expired when it was read
    assert path.exists()
    monkeypatch.undo()
    assert await store.get("s1") == b"fresh"


def test_sweeping_while_another_thread_rewrites_the_entries_loses_none_of_them(tmp_path):
    store = _app_store(tmp_path, "ratelimit")
    keys = [f"k{n}" for n in range(200)]
    for key in keys:
        _expired(store, key)
    done = threading.Event()

    def sweep_until_done():
        while not done.is_set():
            filestore.sweep_directory(store.directory)

    sweeper = threading.Thread(target=sweep_until_done)
    sweeper.start()
    try:
        for key in keys:
            store._locked_write(key, b"fresh", 3600)
    finally:
        done.set()
        sweeper.join()

    missing = [key for key in keys if not store.file_of(key).exists()]
    assert missing == []


async def test_each_worker_sweeps_on_start_and_then_every_interval(tmp_path):
    store = _app_store(tmp_path, "row-errors")
    first = _expired(store, "1:a")
    task = asyncio.create_task(sweep_periodically(tmp_path / "store", every=0.05))
    try:
        for _ in range(100):
            if not first.exists():
                break
            await asyncio.sleep(0.02)
        assert not first.exists()
        later = _expired(store, "2:b")
        for _ in range(100):
            if not later.exists():
                break
            await asyncio.sleep(0.02)
        assert not later.exists()
    finally:
        task.cancel()
