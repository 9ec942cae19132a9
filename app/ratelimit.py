"""Fixed-window counters in a Litestar store (Redis when configured, so workers share them;
else files, which the workers of one machine share)."""

from __future__ import annotations

import asyncio
import fcntl
import hashlib
import logging
import os
import time
import weakref
from collections.abc import Callable, Sequence
from ipaddress import IPv4Network, IPv6Network, ip_address
from pathlib import Path
from typing import Any

import anyio.to_thread
from litestar import Request
from litestar.stores.base import StorageObject, Store
from litestar.stores.file import FileStore
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from redis.exceptions import RedisError

Network = IPv4Network | IPv6Network


def client_fingerprint(secret: str, *parts: str) -> str:
    """A salted hash of request signals (address, user agent): never the raw address."""
    digest = hashlib.sha256(secret.encode())
    for part in parts:
        digest.update(b"\0" + part.encode())
    return digest.hexdigest()[:32]


def client_address(request: Request[Any, Any, Any]) -> str:
    """The address of the client, seen through the reverse proxies the settings trust."""
    peer = request.client.host if request.client else ""
    trusted = request.app.state.settings.trusted_proxies
    if not trusted:
        return peer
    return address_behind_proxies(peer, request.headers.get("x-forwarded-for"), trusted)


def address_behind_proxies(peer: str, forwarded_for: str | None, trusted: Sequence[Network]) -> str:
    """The client's address from X-Forwarded-For, read from the right: each trusted proxy
    appends the address it received from, so the first untrusted one is the client. Entries
    further left are whatever the client claimed, and are ignored."""
    if not forwarded_for or not _is_trusted(peer, trusted):
        return peer
    hops = [hop.strip() for hop in forwarded_for.split(",") if hop.strip()]
    for hop in reversed(hops):
        if not _is_trusted(hop, trusted):
            return hop
    return hops[0] if hops else peer


def _is_trusted(address: str, trusted: Sequence[Network]) -> bool:
    try:
        parsed = ip_address(address)
    except ValueError:
        return False
    return any(parsed in network for network in trusted)


# A counter's name (say "login-user:" + whatever was typed) longer than this is hashed, so a
# huge username makes an ordinary key.
MAX_NAME_LENGTH = 96

# INCRBY and its expiry in one step, for each key: a key is never left without one,
# whatever fails between. Taking back (a negative amount) never creates a key nor goes below
# zero. Several keys are counted in one call, so one request's counts are taken together.
_INCREMENT_SCRIPT = b"""
local counts = {}
for index, key in ipairs(KEYS) do
    local amount = tonumber(ARGV[2])
    local count = 0
    if amount < 0 then
        local current = tonumber(redis.call('GET', key) or '0')
        amount = math.max(amount, -current)
    end
    if amount ~= 0 or redis.call('EXISTS', key) == 1 then
        count = redis.call('INCRBY', key, amount)
        if redis.call('TTL', key) < 0 then
            redis.call('EXPIRE', key, ARGV[1])
        end
    end
    counts[index] = count
end
return counts
"""


def bounded_name(name: str) -> str:
    """The name itself, or, when long, its kind (the part before the first colon) and a hash."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    digest = hashlib.sha256(name.encode(errors="surrogatepass")).hexdigest()[:40]
    kind, colon, _ = name.partition(":")
    if colon and len(kind) <= MAX_NAME_LENGTH - len(digest) - 2:
        return f"{kind}:#{digest}"
    return f"#{digest}"


class StoreUnavailable(RuntimeError):
    """The shared store (Redis) cannot be reached: the caller decides how to degrade."""


class RateLimiter:
    """Fixed-window counters: ``hit`` counts one attempt and returns the count so far.

    Counting is atomic, so many requests at once, in one worker or several, each get a count
    of their own: on Redis a script increments and sets the expiry in one step; on the file
    store a lock file serialises the read and write across processes; any other store
    (memory) is guarded by a lock in this process.
    """

    def __init__(self, store: Store, limit: int, window_seconds: int) -> None:
        self.store = store
        self.limit = limit
        self.window = window_seconds

    def _key(self, name: str) -> str:
        return f"{bounded_name(name)}:{int(time.time()) // self.window}"

    async def exceeded(self, name: str) -> bool:
        raw = await self.store.get(self._key(name))
        return raw is not None and int(raw) >= self.limit

    async def hit(self, name: str) -> int:
        """Count one attempt; the count so far, this one included."""
        [count] = await self._add([name], 1)
        return count

    async def hit_all(self, names: Sequence[str]) -> list[int]:
        """Count one attempt under each name at once: no other request's count comes
        between them, so of a burst the same first ``limit`` requests are within every
        limit (counted one by one, each counter could admit a different part of it)."""
        return await self._add(names, 1)

    async def take_back(self, name: str) -> int:
        """Uncount one attempt made earlier in this window (one that turned out fine)."""
        [count] = await self._add([name], -1)
        return count

    async def take_back_all(self, names: Sequence[str]) -> list[int]:
        return await self._add(names, -1)

    async def _add(self, names: Sequence[str], amount: int) -> list[int]:
        keys = [self._key(name) for name in names]
        store = self.store
        if isinstance(store, RedisStore):
            # The store's own client and key prefix: counters stay in its namespace.
            redis = store._redis
            script = redis.register_script(_INCREMENT_SCRIPT)
            full_keys = [store._make_key(key) for key in keys]
            try:
                counts = await script(keys=full_keys, args=[self.window, amount])
            except (RedisError, OSError) as error:
                raise StoreUnavailable(str(error)) from error
            return [int(count) for count in counts]
        if isinstance(store, FileStore):
            return await anyio.to_thread.run_sync(
                _increment_files, store, keys, self.window, amount
            )
        async with _local_lock(store):
            counts = []
            for key in keys:
                raw = await store.get(key)
                count = max((int(raw) if raw is not None else 0) + amount, 0)
                await store.set(key, str(count), expires_in=self.window)
                counts.append(count)
            return counts

    async def reset(self, name: str) -> None:
        await self.store.delete(self._key(name))


def _increment_files(
    store: FileStore, keys: Sequence[str], window: int, amount: int = 1
) -> list[int]:
    """Read, add ``amount`` (never below zero) and write back each key's counter, all under
    one exclusive lock on ``<store>.lock``.

    flock, not lockf: its locks belong to the open file, so threads of one worker exclude
    each other as well as other workers. The write itself replaces the file whole (the
    store's own writer), so a reader without the lock never sees half a counter.
    """
    directory = os.fspath(store.path)
    os.makedirs(directory, exist_ok=True)
    counts = []
    with open(directory + ".lock", "a+b") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            for key in keys:
                target = store._path_from_key(key)
                path = Path(os.fspath(target))
                try:
                    stored: StorageObject | None = StorageObject.from_bytes(path.read_bytes())
                except FileNotFoundError:
                    stored = None
                count = max(amount, 0)
                if stored is not None and not stored.expired:
                    count = max(int(stored.data) + amount, 0)
                store._write_sync(
                    target,
                    StorageObject.new(data=str(count).encode(), expires_in=window),
                )
                counts.append(count)
            return counts
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


_local_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[int, asyncio.Lock]] = (
    weakref.WeakKeyDictionary()
)


def _local_lock(store: Store) -> asyncio.Lock:
    """One lock per store and event loop, for stores that live in this process only."""
    locks = _local_locks.setdefault(asyncio.get_running_loop(), {})
    lock = locks.get(id(store))
    if lock is None:
        lock = locks[id(store)] = asyncio.Lock()
    return lock


# --- the hourly limit per network address of the forms behind a QR code -------------------

ADDRESS_WINDOW = 3600
# With Redis unreachable the hourly limit is counted in this process and the fact logged,
# at most once per this many seconds.
UNREACHABLE_LOG_EVERY = 60.0

logger = logging.getLogger("suara.citizen")


class LocalLimiter:
    """Fixed-window counters in this process: the fallback while Redis is unreachable.

    With several workers each counts on its own, so the effective limit is then at most
    workers × limit.
    """

    def __init__(self, limit: int, window_seconds: int, clock: Callable[[], float] = time.time):
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._counts: dict[str, int] = {}
        self._current = -1

    async def hit(self, name: str) -> int:
        window = int(self.clock()) // self.window
        if window != self._current:
            self._counts.clear()
            self._current = window
        self._counts[name] = self._counts.get(name, 0) + 1
        return self._counts[name]

    async def take_back(self, name: str) -> int:
        window = int(self.clock()) // self.window
        if window != self._current:
            return 0
        self._counts[name] = max(self._counts.get(name, 0) - 1, 0)
        return self._counts[name]


def seconds_left(window: int, now: float | None = None) -> int:
    """Seconds until the current fixed window ends and its counts start again: the
    Retry-After of a refusal (the windows are the same in every store)."""
    moment = int(time.time() if now is None else now)
    return window - moment % window


# The app's state key of its in-process counters, per (limit, window): one app's counts are
# never another's (a test's app, or a second app in the same process).
LOCAL_COUNTERS = "survey_address_counters"


def local_counters(state: Any) -> dict[tuple[int, int], LocalLimiter]:
    """The app's in-process counters (``request.app.state``), made on first use."""
    counters: dict[tuple[int, int], LocalLimiter] = state.setdefault(LOCAL_COUNTERS, {})
    return counters


async def address_allowed(
    name: str,
    limit: int,
    stores: StoreRegistry,
    counters: dict[tuple[int, int], LocalLimiter],
    window: int = ADDRESS_WINDOW,
) -> bool:
    """Counts one submission under ``name`` (a form's prefix and the sender's hashed
    address); False once over ``limit`` an hour. No limit when ``limit`` is 0.

    The count is shared by every worker: Redis (one atomic script), else files under one lock.
    With Redis unreachable the answers matter more than the limit: it is counted in the app's
    own ``counters`` (see ``local_counters``) until Redis is back, and that is logged once a
    minute.
    """
    if not limit:
        return True
    local = counters.setdefault((limit, window), LocalLimiter(limit, window))
    try:
        shared = RateLimiter(stores.get("ratelimit"), limit, window)
        return await shared.hit(name) <= limit
    except StoreUnavailable as error:
        _log_unreachable(error)
    return await local.hit(name) <= limit


async def address_forgiven(
    name: str,
    limit: int,
    stores: StoreRegistry,
    counters: dict[tuple[int, int], LocalLimiter],
    window: int = ADDRESS_WINDOW,
) -> None:
    """Takes back one count of ``address_allowed`` (an attempt that turned out fine), where
    it was counted: the shared store, or this process while Redis is unreachable."""
    if not limit:
        return
    try:
        await RateLimiter(stores.get("ratelimit"), limit, window).take_back(name)
    except StoreUnavailable as error:
        _log_unreachable(error)
        local = counters.get((limit, window))
        if local is not None:
            await local.take_back(name)


_last_logged = [0.0]


def _log_unreachable(error: StoreUnavailable) -> None:
    now = time.monotonic()
    if now - _last_logged[0] >= UNREACHABLE_LOG_EVERY:
        _last_logged[0] = now
        logger.warning("Redis unreachable (%s): address limits counted per process", error)
