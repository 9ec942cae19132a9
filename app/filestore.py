"""The file store of one machine (sessions, rate limits, kept downloads) without Redis, and
the sweep that removes its expired entries.

Litestar's FileStore forgets an expired entry only when that very key is read again: an
import's error report, a session nobody returns to, last hour's counters stay on disk for
ever. And its deletion races: a worker that read an entry as expired unlinks the path
even if another worker has just written a fresh value there. Here every change to a
store's files (a write, a delete, the removal of an expired entry) happens under an
exclusive lock on ``<store>.lock`` (the lock the rate limiter already counts under), and an
entry is removed only if, read again under that lock, it is still expired. Readers take
no lock: a write replaces a file whole, so a reader sees the old value or the new one.

Each worker sweeps every store under ``var/store`` when it starts and then every
``SWEEP_EVERY`` seconds; several workers sweeping at once only repeat each other.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import logging
import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import anyio.to_thread
import msgspec
from litestar.stores.base import StorageObject
from litestar.stores.file import FileStore

SWEEP_EVERY = 10 * 60
# A write's temporary file older than this was left by a worker killed mid-write.
STALE_TEMPORARY_SECONDS = 3600

logger = logging.getLogger("suara.store")


@contextlib.contextmanager
def store_lock(directory: Path) -> Iterator[None]:
    """The exclusive lock on ``<directory>.lock``, across threads and processes (flock)."""
    with open(os.fspath(directory) + ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _read(path: Path) -> StorageObject | None:
    try:
        return StorageObject.from_bytes(path.read_bytes())
    except (FileNotFoundError, IsADirectoryError):
        return None
    except (msgspec.DecodeError, ValueError):  # not an entry (damaged, or not ours): leave it
        return None


def remove_if_expired(directory: Path, path: Path) -> bool:
    """Remove ``path`` if, read under the store's lock, it holds an expired entry."""
    with store_lock(directory):
        stored = _read(path)
        if stored is None or not stored.expired:
            return False
        path.unlink(missing_ok=True)
        return True


def sweep_directory(directory: Path, now: float | None = None) -> int:
    """Remove the expired entries of one store (and temporary files left by a killed
    write); how many entries were removed."""
    now = time.time() if now is None else now
    removed = 0
    try:
        paths = list(directory.iterdir())
    except FileNotFoundError:
        return 0
    for path in paths:
        if ".tmp" in path.name:
            with contextlib.suppress(FileNotFoundError):
                if now - path.stat().st_mtime > STALE_TEMPORARY_SECONDS:
                    path.unlink(missing_ok=True)
            continue
        # Read without the lock first: most entries are alive, and need no lock at all.
        stored = _read(path)
        if stored is not None and stored.expired and remove_if_expired(directory, path):
            removed += 1
    return removed


def sweep_stores(base: Path) -> int:
    """Sweep every file store under ``base`` (var/store); how many entries were removed."""
    if not base.is_dir():
        return 0
    return sum(sweep_directory(path) for path in sorted(base.iterdir()) if path.is_dir())


async def sweep_periodically(base: Path, every: float = SWEEP_EVERY) -> None:
    """Sweep now, then every ``every`` seconds, until cancelled (at shutdown)."""
    while True:
        try:
            removed = await anyio.to_thread.run_sync(sweep_stores, base)
            if removed:
                logger.info("removed %s expired entries from %s", removed, base)
        except OSError as error:  # a full or read-only disk: try again next time
            logger.warning("could not sweep %s: %s", base, error)
        await asyncio.sleep(every)


class SweptFileStore(FileStore):
    """Litestar's FileStore, whose writes and deletions hold the store's lock, and which
    removes an expired entry on access only if it is still expired under that lock."""

    @property
    def directory(self) -> Path:
        """The store's folder as a plain path (Litestar keeps an async ``anyio.Path``)."""
        return Path(os.fspath(self.path))

    def file_of(self, key: str) -> Path:
        return Path(os.fspath(self._path_from_key(key)))

    def _locked_write(self, key: str, value: bytes, expires_in: int | timedelta | None) -> None:
        os.makedirs(self.directory, exist_ok=True)
        with store_lock(self.directory):
            self._write_sync(self._path_from_key(key), StorageObject.new(value, expires_in))

    async def set(
        self, key: str, value: str | bytes, expires_in: int | timedelta | None = None
    ) -> None:
        data = value.encode("utf-8") if isinstance(value, str) else value
        await anyio.to_thread.run_sync(self._locked_write, key, data, expires_in)

    async def get(self, key: str, renew_for: int | timedelta | None = None) -> bytes | None:
        path = self.file_of(key)
        stored = await anyio.to_thread.run_sync(_read, path)
        if stored is None:
            return None
        if stored.expired:
            await anyio.to_thread.run_sync(remove_if_expired, self.directory, path)
            return None
        if renew_for and stored.expires_at:
            await self.set(key, stored.data, expires_in=renew_for)
        return stored.data

    async def delete(self, key: str) -> None:
        def locked_delete() -> None:
            with store_lock(self.directory):
                self.file_of(key).unlink(missing_ok=True)

        await anyio.to_thread.run_sync(locked_delete)

    async def delete_expired(self) -> None:
        await anyio.to_thread.run_sync(sweep_directory, self.directory)
