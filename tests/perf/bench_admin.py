"""Benchmark: administration pages, QR rendering, posters and desk cards.

QR codes are pure Python (qrcode 8.2, no Pillow): tens of milliseconds each. This measures
the rendering itself, then full HTTP requests through the ASGI app in-process
(httpx.ASGITransport: routing, session, guard, queries, Jinja) against a bare Litestar
endpoint in the same run: the poster and a sheet of 48 desk cards the first time
(cold: every code rendered) and again (warm: the per-process cache), the staff search
over 5,000 officers, and the admin home page.

    .venv/bin/python tests/perf/bench_admin.py
    .venv/bin/python tests/perf/bench_admin.py --database postgresql://postgres@127.0.0.1:5432/suara_bench_admin

Not a pytest test; prints a table.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "benchmark-password-123"
CARDS = 48
OFFICERS = 5000
URL = "https://skm.sawahluntokota.go.id/s/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per URL")
    args = parser.parse_args()
    _prepare_environment(args.database)
    asyncio.run(run(args.database, args.requests))


def _prepare_environment(database: str) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="suara-bench-admin-"))
    os.environ["SUARA_VAR_DIR"] = str(tmp / "var")
    os.environ.setdefault("SECRET_KEY", "benchmark-secret-key-that-is-long-enough-0123")
    os.environ.pop("REDIS_URL", None)
    if database == "sqlite":
        os.environ["DATABASE_URL"] = f"sqlite:///{tmp / 'bench.sqlite3'}"
    else:
        os.environ["DATABASE_URL"] = database
        _recreate_postgres(database)


def _recreate_postgres(url: str) -> None:
    import asyncpg

    parsed = urlparse(url)

    async def recreate() -> None:
        conn = await asyncpg.connect(
            host=parsed.hostname,
            port=parsed.port or 5432,
            user=parsed.username or "postgres",
            password=parsed.password,
            database="postgres",
        )
        name = parsed.path.lstrip("/")
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.execute(f'CREATE DATABASE "{name}"')
        await conn.close()

    asyncio.run(recreate())


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _qr_figures() -> dict[str, float]:
    from surveys import qr

    figures = {}
    for name, render in (("qr_svg", qr.qr_svg.__wrapped__), ("qr_png", qr.qr_png.__wrapped__)):
        started = time.perf_counter()
        for i in range(20):
            render(f"{URL}{i:032d}")
        figures[name] = (time.perf_counter() - started) / 20 * 1000
    return figures


async def _seed() -> dict[str, int]:
    from piccolo.engine import engine_finder

    from surveys.queries.users import create_user
    from surveys.tables import ServicePoint, Staff, Unit

    async with engine_finder().transaction():
        unit = Unit(code="DISDUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil")
        await unit.save()
        await Staff.insert(
            *[
                Staff(nip=f"19850101201001{i:04d}", name=f"Petugas {i:04d}", unit=unit.id)
                for i in range(OFFICERS)
            ]
        )
        officers = await Staff.select(Staff.id).limit(CARDS)
        await ServicePoint.insert(
            *[
                ServicePoint(
                    unit=unit.id, name=f"Meja {i + 1}", token=f"{i:032d}", staff=officer["id"]
                )
                for i, officer in enumerate(officers)
            ]
        )
    await create_user("bench-admin", PASSWORD, "admin")
    point = await ServicePoint.select(ServicePoint.id).first()
    return {"unit": unit.id, "point": point["id"]}


async def _client(app):
    import httpx

    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    return httpx.AsyncClient(transport=transport, base_url="http://bench")


async def _once(client, url: str) -> float:
    started = time.perf_counter()
    response = await client.get(url)
    elapsed = (time.perf_counter() - started) * 1000
    assert response.status_code == 200, (url, response.status_code, response.text[:300])
    return elapsed


async def _median(client, url: str, requests: int) -> float:
    for _ in range(2):
        await _once(client, url)
    return statistics.median([await _once(client, url) for _ in range(requests)])


async def run(database: str, requests: int) -> None:
    sys.path.insert(0, str(ROOT))
    logging.getLogger("httpx").setLevel(logging.WARNING)
    from litestar import Litestar, get
    from piccolo.apps.user.tables import BaseUser
    from piccolo.engine import engine_finder

    from app.main import create_app
    from surveys import qr
    from surveys.db import prepare_engine
    from surveys.migrate import migrate

    BaseUser._pbkdf2_iteration_count = 1_000  # logging in is not what is measured
    await migrate()
    await prepare_engine(engine_finder())
    ids = await _seed()
    figures = _qr_figures()

    @get("/bare", sync_to_thread=False)
    def bare() -> str:
        return "ok"

    bare_client = await _client(Litestar(route_handlers=[bare]))
    client = await _client(create_app())
    async with bare_client, client:
        await client.get("/login")
        token = client.cookies.get("csrftoken", "")
        await client.post(
            "/login", data={"username": "bench-admin", "password": PASSWORD, "_csrf_token": token}
        )
        figures["bare"] = await _median(bare_client, "/bare", requests)
        qr.qr_svg.cache_clear()
        figures["poster_cold"] = await _once(client, f"/admin/points/{ids['point']}/poster")
        figures["poster_warm"] = await _median(
            client, f"/admin/points/{ids['point']}/poster", requests
        )
        qr.qr_svg.cache_clear()
        figures["cards_cold"] = await _once(client, "/admin/desk-cards")
        figures["cards_warm"] = await _median(client, "/admin/desk-cards", requests)
        figures["home"] = await _median(client, "/admin", requests)
        figures["staff_search"] = await _median(client, "/admin/staff?search=Petugas+12", requests)
        figures["staff_list"] = await _median(client, "/admin/staff", requests)
    engine = "SQLite" if database == "sqlite" else "PostgreSQL"
    print(f"\nAdministration benchmark on {engine} (median of {requests} requests unless cold)\n")
    rows = (
        ("qr_svg() one code, uncached", "qr_svg"),
        ("qr_png() one code, uncached", "qr_png"),
        ("bare Litestar endpoint", "bare"),
        ("GET /admin (home, counts, audit)", "home"),
        ("GET poster, cold (1 code rendered)", "poster_cold"),
        ("GET poster, warm", "poster_warm"),
        (f"GET desk cards x{CARDS}, cold", "cards_cold"),
        (f"GET desk cards x{CARDS}, warm", "cards_warm"),
        (f"GET /admin/staff, {OFFICERS:,} officers (first 200)", "staff_list"),
        ("GET /admin/staff?search=…", "staff_search"),
    )
    for label, key in rows:
        print(f"  {label:<48} {figures[key]:9.2f} ms")


if __name__ == "__main__":
    main()
