"""Shared parts of the benchmark scripts in tests/perf (not a benchmark itself).

A script imports it as ``harness`` (its folder is first on sys.path when it runs). Importing it
puts the project root on sys.path too, so ``app`` and ``surveys`` import from a script.

- databases: ``prepare_environment`` (a temporary SQLite file, or a PostgreSQL database
  dropped and recreated), ``connect_postgres``, ``prepare_database`` (migrate, engine ready);
- the app in-process: ``asgi_client``, ``log_in``, and ``measure_bare``, the bare Litestar
  endpoint every figure is compared with;
- timing: ``measure`` (wall and CPU per call), ``Timings``, ``percentile``, ``Stopwatch``;
- a real server: ``serve`` (tests/live_server.py's, with the process id), ``tree_cpu_seconds``;
- reporting: ``log`` (to stderr), ``engine_name``, ``load_text``, ``print_table``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
from tests.live_server import running_server  # noqa: E402 - needs ROOT on sys.path

PASSWORD = "benchmark-password-123"
SECRET_KEY = "benchmark-secret-key-that-is-long-enough-0123"

logging.getLogger("httpx").setLevel(logging.WARNING)


def log(message: str) -> None:
    """Progress goes to stderr, so stdout holds only the figures."""
    print(message, file=sys.stderr, flush=True)


def engine_name(database: str) -> str:
    return "SQLite" if database.startswith("sqlite") else "PostgreSQL"


def load_text() -> str:
    """The machine is shared: every figure is read beside the load at the time."""
    return f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"


# --- databases ------------------------------------------------------------------------------


def prepare_environment(database: str, prefix: str = "suara-bench-") -> str:
    """Point this process at a fresh database; returns its DATABASE_URL.

    ``database`` is "sqlite" (a new file in a temporary directory) or a postgresql:// URL
    whose database is dropped and recreated. Call it before any event loop runs.
    """
    tmp = Path(tempfile.mkdtemp(prefix=prefix))
    os.environ["SUARA_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("SECRET_KEY", SECRET_KEY)
    os.environ.pop("REDIS_URL", None)
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = database
        recreate_postgres(database)
    return os.environ["DATABASE_URL"]


async def connect_postgres(url: str, database: str | None = None):
    """An asyncpg connection to the URL's database, or to ``database`` on that server."""
    import asyncpg

    parsed = urlparse(url)
    return await asyncpg.connect(
        host=parsed.hostname,
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        database=database or parsed.path.lstrip("/"),
    )


def recreate_postgres(url: str) -> None:
    """Drop and create the URL's database (sessions still on it are ended)."""

    async def recreate() -> None:
        conn = await connect_postgres(url, "postgres")
        name = urlparse(url).path.lstrip("/")
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(recreate())


async def prepare_database() -> None:
    """Migrate and ready the engine; cheap password hashing (logging in is not measured)."""
    from piccolo.apps.user.tables import BaseUser
    from piccolo.engine import engine_finder

    from surveys.store.db import prepare_engine
    from surveys.store.migrate import migrate

    BaseUser._pbkdf2_iteration_count = 1_000
    await migrate()
    await prepare_engine(engine_finder())


# --- the app in-process ---------------------------------------------------------------------


def asgi_client(app: Any, timeout: float = 5.0):
    """An httpx client calling the ASGI app in this process, as if from 127.0.0.1."""
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://bench", timeout=timeout)


async def log_in(client: Any, username: str, password: str = PASSWORD) -> str:
    """Log the client in through the login form; returns the CSRF token for later forms."""
    await client.get("/login")
    token = client.cookies.get("csrftoken", "")
    response = await client.post(
        "/login", data={"username": username, "password": password, "_csrf_token": token}
    )
    assert response.status_code in (302, 303), response.text[:300]
    return token


def bare_app():
    """A Litestar app with one route, GET /bare returning "ok": the floor to compare with."""
    from litestar import Litestar, get

    @get("/bare", sync_to_thread=False)
    def bare() -> str:
        return "ok"

    return Litestar(route_handlers=[bare])


async def measure_bare(times: int, warmup: int = 0) -> Timings:
    """GET /bare of ``bare_app`` through the same in-process transport as the app's figures."""
    async with asgi_client(bare_app()) as client:
        return await measure(lambda: client.get("/bare"), times, warmup=warmup)


# --- timing ---------------------------------------------------------------------------------


@dataclass
class Timings:
    """Milliseconds per call: wall clock, and this process's CPU time."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    size: int = 0  # bytes of the last response body

    @property
    def median(self) -> float:
        return statistics.median(self.wall)

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu)

    def percentile(self, fraction: float) -> float:
        return percentile(self.wall, fraction)


def percentile(values: Sequence[float], fraction: float) -> float:
    """The sorted value at rank int(n * fraction) (no interpolation; the largest at most)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * fraction))]


async def measure(
    call: Callable[[], Awaitable[Any]],
    times: int,
    *,
    warmup: int = 0,
    ok: tuple[int, ...] | None = (200,),
) -> Timings:
    """Await ``call`` ``warmup`` times untimed, then ``times`` times timed.

    A call returning an HTTP response must have a status in ``ok`` (None: no check).
    """

    def check(response: Any) -> None:
        if ok is not None and response is not None:
            assert response.status_code in ok, (response.status_code, response.text[:300])

    for _ in range(warmup):
        check(await call())
    timings = Timings()
    for _ in range(times):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = await call()
        timings.wall.append((time.perf_counter() - started) * 1000)
        timings.cpu.append((time.process_time() - started_cpu) * 1000)
        check(response)
        if response is not None and hasattr(response, "content"):
            timings.size = len(response.content)
    return timings


class Stopwatch:
    """Wall and CPU seconds since it was made (or last restarted)."""

    def __init__(self) -> None:
        self.restart()

    def restart(self) -> None:
        self.started, self.started_cpu = time.perf_counter(), time.process_time()

    @property
    def wall(self) -> float:
        return time.perf_counter() - self.started

    @property
    def cpu(self) -> float:
        return time.process_time() - self.started_cpu


# --- a real server --------------------------------------------------------------------------


@contextmanager
def serve(env: dict[str, str], workers: int, log_path: Path) -> Iterator[tuple[str, int]]:
    """Run `suara serve` on a free 127.0.0.1 port; yields its base URL and process id.

    Waits for /healthz (30 s at most); on leaving, SIGTERM (so shutdown hooks run), then kill.
    """
    try:
        with running_server(env, log_path, ["--workers", str(workers)]) as (base, server):
            yield base, server.pid
    except RuntimeError as error:
        sys.exit(str(error))


def tree_cpu_seconds(root: int) -> float:
    """User + system CPU time of a process and its descendants (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    stats: dict[int, tuple[int, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
    total, todo = 0.0, [root]
    while todo:
        pid = todo.pop()
        total += stats.get(pid, (0, 0.0))[1]
        todo.extend(child for child, (parent, _) in stats.items() if parent == pid)
    return total


# --- reporting ------------------------------------------------------------------------------


def print_table(rows: Sequence[tuple[str, str]], width: int, indent: str = "  ") -> None:
    """One line per (label, already formatted figures), labels padded to ``width``."""
    for label, figures in rows:
        print(f"{indent}{label:<{width}} {figures}")
