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


async def _seed_a_busy_quarter() -> None:
    import random
    from datetime import date, timedelta

    from surveys.store.tables import FollowUp, HallDisplay, Response

    rng = random.Random(3)
    unit = await make_unit("RSUD", "RSUD Sawahlunto")
    now = datetime.now(UTC)
    answers = [{f"U{i}": rng.choice((2, 3, 4)) for i in range(1, 10)} for _ in range(60)]
    await make_responses(unit["id"], answers, now)
    words = "Antrean di loket pendaftaran terlalu panjang pada pagi hari, mohon ditambah petugas."
    for index in range(4):
        await make_responses(unit["id"], [ALL_4], now, comment=f"{index + 1}. {words}")
    await Response.update({Response.comment_public: True}).where(Response.comment != "")
    today = now.date()
    for index in range(3):
        await FollowUp(
            unit=unit["id"],
            period_start=today - timedelta(days=90),
            period_end=today,
            element=f"U{index + 1}",
            problem="Nilai unsur rendah",
            action="Menambah petugas pada jam sibuk dan memasang nomor antrean elektronik",
            responsible="Kepala bagian pelayanan",
            target_date=today,
            status="done",
            done_on=date.today() - timedelta(days=index),
        ).save()
    await HallDisplay(unit=unit["id"], token=TOKEN).save()


def test_a_landscape_tv_shows_the_chart_comments_and_changes_without_scrolling(
    browser, live_server, run
):
    run(_seed_a_busy_quarter())
    for width, height in ((1920, 1080), (1366, 768)):
        context = browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.goto(f"{live_server}/tv/{TOKEN}")
        expect(page.locator("[data-testid=hall-comment]")).to_have_count(4)
        expect(page.locator("[data-testid=hall-change]")).to_have_count(3)
        screenshot(page, f"hall-display-tv-{width}")
        for part in ("hall-elements", "hall-comments", "hall-changes"):
            box = page.locator(f"#{part}").bounding_box()  # each section's heading
            assert box is not None and box["y"] + box["height"] <= height, (width, part)
        chart = page.locator("#hall-live figure.chart").bounding_box()
        assert chart is not None and chart["y"] + chart["height"] <= height, width
        if width >= 1600:  # full HD: every comment and change, with nothing to scroll
            assert page.evaluate("document.documentElement.scrollHeight") <= height
        context.close()
