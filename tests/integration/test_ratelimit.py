"""The rate limiter's counters hold under concurrency: within one process (many requests at
once) and across worker processes, on Redis and on the file store."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from litestar.stores.base import Store
from litestar.stores.file import FileStore
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore

from app.ratelimit import MAX_NAME_LENGTH, RateLimiter

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/15"
# One window for the whole test: a test never straddles two windows (and two counters).
WINDOW = 1_000_000
CONCURRENT = 100


def _redis_reachable() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_timeout=1).ping())
    except redis.RedisError:
        return False


def _require_redis() -> None:
    if not _redis_reachable():
        if os.environ.get("CI"):
            pytest.fail("Redis must be reachable on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")


@pytest.fixture
async def redis_store() -> AsyncIterator[RedisStore]:
    """A Redis store in a namespace of its own, emptied afterwards."""
    _require_redis()
    namespace = f"suara-test-ratelimit-{uuid.uuid4().hex}"
    store = RedisStore.with_client(url=REDIS_URL, namespace=namespace)
    try:
        yield store
    finally:
        await store.delete_all()
        await store._shutdown()


@pytest.fixture
def file_store(tmp_path: Path) -> FileStore:
    (tmp_path / "ratelimit").mkdir()
    return FileStore(tmp_path / "ratelimit", create_directories=True)


@pytest.fixture(params=["file", "redis", "memory"])
def store(request: pytest.FixtureRequest) -> Store:
    if request.param == "file":
        return request.getfixturevalue("file_store")
    if request.param == "memory":
        return MemoryStore()
    return request.getfixturevalue("redis_store")


async def _stored_count(store: Store, limiter: RateLimiter, name: str) -> int:
    raw = await store.get(limiter._key(name))
    return int(raw) if raw is not None else 0


async def test_concurrent_hits_on_one_key_are_all_counted(store):
    limiter = RateLimiter(store, limit=1_000, window_seconds=WINDOW)
    counts = await asyncio.gather(*(limiter.hit("login-ip:abc") for _ in range(CONCURRENT)))
    # Each hit saw a count of its own: none was lost or counted twice.
    assert sorted(counts) == list(range(1, CONCURRENT + 1))
    assert await _stored_count(store, limiter, "login-ip:abc") == CONCURRENT


async def test_the_limit_admits_exactly_limit_of_many_concurrent_requests(store):
    limiter = RateLimiter(store, limit=10, window_seconds=WINDOW)
    counts = await asyncio.gather(*(limiter.hit("survey-ip:abc") for _ in range(CONCURRENT)))
    assert sum(count <= limiter.limit for count in counts) == limiter.limit
    assert await limiter.exceeded("survey-ip:abc")


async def test_exceeded_and_reset(store):
    limiter = RateLimiter(store, limit=3, window_seconds=WINDOW)
    assert not await limiter.exceeded("login-user:siti")
    for expected in (1, 2):
        assert await limiter.hit("login-user:siti") == expected
    assert not await limiter.exceeded("login-user:siti")
    assert await limiter.hit("login-user:siti") == 3
    assert await limiter.exceeded("login-user:siti")
    assert not await limiter.exceeded("login-user:budi")
    await limiter.reset("login-user:siti")
    assert not await limiter.exceeded("login-user:siti")
    assert await limiter.hit("login-user:siti") == 1


async def test_a_counter_expires_with_its_window(store):
    limiter = RateLimiter(store, limit=3, window_seconds=WINDOW)
    await limiter.hit("login-ip:abc")
    expires_in = await store.expires_in(limiter._key("login-ip:abc"))
    assert expires_in is not None and 0 < expires_in <= WINDOW


async def test_a_huge_name_makes_a_short_key_of_its_own(store):
    limiter = RateLimiter(store, limit=3, window_seconds=WINDOW)
    huge, other = "login-user:" + "a" * 100_000, "login-user:" + "a" * 99_999 + "b"
    key = limiter._key(huge)
    assert len(key) <= MAX_NAME_LENGTH + 24
    assert key.startswith("login-user:")  # the kind of counter stays readable
    assert await limiter.hit(huge) == 1
    assert await limiter.hit(huge) == 2
    assert await limiter.hit(other) == 1
    # Short names are kept as they are.
    assert limiter._key("login-user:siti").startswith("login-user:siti:")


async def test_the_redis_key_stays_in_the_stores_namespace_and_short(redis_store):
    limiter = RateLimiter(redis_store, limit=3, window_seconds=WINDOW)
    await limiter.hit("login-user:" + "x" * 10_000)
    keys = [key async for key in redis_store._redis.scan_iter(f"{redis_store.namespace}:*")]
    assert len(keys) == 1
    assert keys[0].startswith(f"{redis_store.namespace}:login-user:".encode())
    assert len(keys[0]) < 200
    ttl = await redis_store._redis.ttl(keys[0])
    assert 0 < ttl <= WINDOW


# --- two worker processes -------------------------------------------------------------------

_WORKER = textwrap.dedent(
    """
    import asyncio, sys, time
    from app.ratelimit import RateLimiter

    kind, where, namespace, name, times, start_at, window = sys.argv[1:8]

    async def main():
        if kind == "file":
            from litestar.stores.file import FileStore
            store = FileStore(where, create_directories=True)
        else:
            from litestar.stores.redis import RedisStore
            store = RedisStore.with_client(url=where, namespace=namespace)
        limiter = RateLimiter(store, limit=10**9, window_seconds=int(window))
        while time.time() < float(start_at):
            time.sleep(0.001)
        # One after another: any lost update comes from the other process.
        for _ in range(int(times)):
            await limiter.hit(name)

    asyncio.run(main())
    """
)


def _run_two_processes(kind: str, where: str, namespace: str, name: str, times: int) -> None:
    start_at = time.time() + 2.0  # both have imported the app by then
    workers = [
        subprocess.Popen(
            [sys.executable, "-c", _WORKER, kind, where, namespace, name]
            + [str(times), str(start_at), str(WINDOW)],
            cwd=ROOT,
            stderr=subprocess.PIPE,
        )
        for _ in range(2)
    ]
    for worker in workers:
        _, error = worker.communicate(timeout=120)
        assert worker.returncode == 0, error.decode(errors="replace")[-2000:]


async def test_two_processes_counting_on_the_file_store_lose_nothing(file_store):
    times = 150
    await asyncio.to_thread(
        _run_two_processes, "file", os.fspath(file_store.path), "", "login-ip:shared", times
    )
    limiter = RateLimiter(file_store, limit=10, window_seconds=WINDOW)
    assert await _stored_count(file_store, limiter, "login-ip:shared") == 2 * times


async def test_two_processes_counting_on_redis_lose_nothing(redis_store):
    times = 300
    await asyncio.to_thread(
        _run_two_processes, "redis", REDIS_URL, redis_store.namespace, "login-ip:shared", times
    )
    limiter = RateLimiter(redis_store, limit=10, window_seconds=WINDOW)
    assert await _stored_count(redis_store, limiter, "login-ip:shared") == 2 * times


async def test_taking_back_uncounts_one_attempt_and_never_goes_below_zero(store):
    limiter = RateLimiter(store, limit=5, window_seconds=60)
    assert await limiter.take_back("nobody-yet") == 0
    assert await _stored_count(store, limiter, "nobody-yet") == 0
    for _ in range(3):
        await limiter.hit("someone")
    assert await limiter.take_back("someone") == 2
    assert await limiter.hit("someone") == 3
    assert await _stored_count(store, limiter, "someone") == 3


async def test_hits_and_take_backs_at_once_end_at_their_difference(store):
    limiter = RateLimiter(store, limit=1000, window_seconds=60)
    for _ in range(50):
        await limiter.hit("busy")
    await asyncio.gather(
        *(limiter.hit("busy") for _ in range(40)), *(limiter.take_back("busy") for _ in range(30))
    )
    assert await _stored_count(store, limiter, "busy") == 60


async def test_a_burst_counted_on_two_names_at_once_gets_the_same_count_on_both(store):
    limiter = RateLimiter(store, limit=10, window_seconds=60)
    counts = await asyncio.gather(
        *(limiter.hit_all(["login-ip:abc", "login-user:abc"]) for _ in range(CONCURRENT))
    )
    # No other request's count came between a request's two: the counters move together.
    assert all(ip == user for ip, user in counts)
    assert sorted(ip for ip, _ in counts) == list(range(1, CONCURRENT + 1))
    assert await limiter.take_back_all(["login-ip:abc", "login-user:abc"]) == [
        CONCURRENT - 1,
        CONCURRENT - 1,
    ]
    assert await limiter.take_back_all(["nobody:abc"]) == [0]
