"""Benchmark: administration pages, QR rendering, posters and desk cards.

QR codes are pure Python (qrcode 8.2, no Pillow): tens of milliseconds each. This measures
the rendering itself, then full HTTP requests through the ASGI app in-process
(httpx.ASGITransport: routing, session, guard, queries, Jinja) against a bare Litestar
endpoint in the same run: the poster and a sheet of 48 desk cards the first time
(cold: every code rendered) and again (warm: the per-process cache), the officer search
over 5,000 officers, and the admin home page.

    .venv/bin/python tests/perf/bench_admin.py
    .venv/bin/python tests/perf/bench_admin.py --database postgresql://postgres@127.0.0.1:5432/suara_bench_admin

Not a pytest test; prints a table.
"""

from __future__ import annotations

import argparse
import asyncio

from harness import (
    PASSWORD,
    Stopwatch,
    asgi_client,
    engine_name,
    log_in,
    measure,
    measure_bare,
    prepare_database,
    prepare_environment,
    print_table,
)

CARDS = 48
OFFICERS = 5000
URL = "https://skm.sawahluntokota.go.id/s/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="sqlite", help="sqlite or a postgresql:// URL")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per URL")
    args = parser.parse_args()
    prepare_environment(args.database, "suara-bench-admin-")
    asyncio.run(run(args.database, args.requests))


def _qr_figures() -> dict[str, float]:
    from surveys.method import qr

    figures = {}
    for name, render in (("qr_svg", qr.qr_svg.__wrapped__), ("qr_png", qr.qr_png.__wrapped__)):
        clock = Stopwatch()
        for i in range(20):
            render(f"{URL}{i:032d}")
        figures[name] = clock.wall / 20 * 1000
    return figures


async def _seed() -> dict[str, int]:
    from piccolo.engine import engine_finder

    from surveys.store.accounts import create_user
    from surveys.store.tables import Officer, ServicePoint, Unit

    async with engine_finder().transaction():
        unit = Unit(code="DISDUKCAPIL", name="Dinas Kependudukan dan Pencatatan Sipil")
        await unit.save()
        await Officer.insert(
            *[
                Officer(nip=f"19850101201001{i:04d}", name=f"Petugas {i:04d}", unit=unit.id)
                for i in range(OFFICERS)
            ]
        )
        officers = await Officer.select(Officer.id).limit(CARDS)
        await ServicePoint.insert(
            *[
                ServicePoint(
                    unit=unit.id, name=f"Meja {i + 1}", token=f"{i:032d}", officer=officer["id"]
                )
                for i, officer in enumerate(officers)
            ]
        )
    await create_user("bench-admin", PASSWORD, "admin")
    point = await ServicePoint.select(ServicePoint.id).first()
    return {"unit": unit.id, "point": point["id"]}


async def _once(client, url: str) -> float:
    return (await measure(lambda: client.get(url), 1)).median


async def _median(client, url: str, requests: int) -> float:
    return (await measure(lambda: client.get(url), requests, warmup=2)).median


async def run(database: str, requests: int) -> None:
    from app.main import create_app
    from surveys.method import qr

    await prepare_database()
    ids = await _seed()
    figures = _qr_figures()
    async with asgi_client(create_app()) as client:
        await log_in(client, "bench-admin")
        figures["bare"] = (await measure_bare(requests, warmup=2)).median
        qr.qr_svg.cache_clear()
        figures["poster_cold"] = await _once(client, f"/admin/points/{ids['point']}/poster")
        figures["poster_warm"] = await _median(
            client, f"/admin/points/{ids['point']}/poster", requests
        )
        qr.qr_svg.cache_clear()
        figures["cards_cold"] = await _once(client, "/admin/desk-cards")
        figures["cards_warm"] = await _median(client, "/admin/desk-cards", requests)
        figures["home"] = await _median(client, "/admin", requests)
        figures["officer_search"] = await _median(
            client, "/admin/officers?search=Petugas+12", requests
        )
        figures["officer_list"] = await _median(client, "/admin/officers", requests)
    print(
        f"\nAdministration benchmark on {engine_name(database)} (median of {requests} requests unless cold)\n"
    )
    rows = (
        ("qr_svg() one code, uncached", "qr_svg"),
        ("qr_png() one code, uncached", "qr_png"),
        ("bare Litestar endpoint", "bare"),
        ("GET /admin (home, counts, audit)", "home"),
        ("GET poster, cold (1 code rendered)", "poster_cold"),
        ("GET poster, warm", "poster_warm"),
        (f"GET desk cards x{CARDS}, cold", "cards_cold"),
        (f"GET desk cards x{CARDS}, warm", "cards_warm"),
        (f"GET /admin/officers, {OFFICERS:,} officers (first 200)", "officer_list"),
        ("GET /admin/officers?search=…", "officer_search"),
    )
    print_table([(label, f"{figures[key]:9.2f} ms") for label, key in rows], 48)


if __name__ == "__main__":
    main()
