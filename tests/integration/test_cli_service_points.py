"""`suara service-points` prints what an administrator needs to script posters."""

import asyncio
import os
import sys
from pathlib import Path

from tests.factories import make_service_point, make_unit

PROJECT_ROOT = Path(__file__).resolve().parents[2]


async def _run_cli(*args: str, **env: str) -> tuple[int, str, str]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "app.cli",
        *args,
        cwd=PROJECT_ROOT,
        env={**os.environ, **env},
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    return process.returncode, out.decode(), err.decode()


async def test_it_prints_active_points_of_active_units_tab_separated(db, disdukcapil, rsud):
    closed = await make_unit("LAMA", "Unit Lama", active=False)
    ktp = await make_service_point(disdukcapil["id"], "Loket KTP")
    igd = await make_service_point(rsud["id"], "Kios\tIGD", kind="kiosk")
    await make_service_point(rsud["id"], "Loket Tutup", active=False)
    await make_service_point(closed["id"], "Loket Unit Lama")
    code, out, err = await _run_cli(
        "service-points", SUARA_BASE_URL="https://skm.sawahluntokota.go.id/"
    )
    assert code == 0, err
    assert out.splitlines() == [
        f"DISDUKCAPIL\tLoket KTP\tcounter\thttps://skm.sawahluntokota.go.id/s/{ktp['token']}",
        f"RSUD\tKios IGD\tkiosk\thttps://skm.sawahluntokota.go.id/s/{igd['token']}",
    ]


async def test_it_prints_nothing_without_points(db):
    code, out, err = await _run_cli("service-points")
    assert code == 0, err
    assert out == ""
