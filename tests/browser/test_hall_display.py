"""The hall display on a TV (and a phone): it updates itself within seconds of a new answer,
and keeps the last numbers on screen while the network is down."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import expect

from tests.browser.conftest import screenshot
from tests.factories import make_responses, make_unit

TOKEN = "layar-ruang-tunggu-uji-0123456789abcdef"
ALL_4 = {f"U{i}": 4 for i in range(1, 10)}


async def _seed() -> int:
    from surveys.store.tables import HallDisplay

    unit = await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
    await make_responses(unit["id"], [ALL_4] * 2, datetime.now(UTC))
    await HallDisplay(unit=unit["id"], token=TOKEN).save()
    return unit["id"]


def test_the_hall_display_updates_itself_and_survives_a_network_drop(page, phone, run):
    unit_id = run(_seed())
    page.goto(f"/tv/{TOKEN}")
    today = page.locator("[data-testid=hall-today-n]")
    expect(today).to_have_text("2")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    run(make_responses(unit_id, [ALL_4], datetime.now(UTC)))
    expect(today).to_have_text("3", timeout=25_000)  # the page polls every 5 s

    phone.set_offline(True)
    expect(page.locator("[data-testid=hall-offline]")).to_be_visible(timeout=25_000)
    expect(today).to_have_text("3")  # the last numbers stay
    run(make_responses(unit_id, [ALL_4], datetime.now(UTC)))
    phone.set_offline(False)
    expect(today).to_have_text("4", timeout=25_000)
    expect(page.locator("[data-testid=hall-offline]")).to_be_hidden()
    screenshot(page, "hall-display-phone")
