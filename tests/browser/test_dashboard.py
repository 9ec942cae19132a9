"""A unit head uses the dashboard: ranked units, a period change swapped in place, one unit."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import (
    make_officer,
    make_responses,
    make_service_point,
    make_service_type,
    make_unit,
    make_user,
)

DESKTOP = {"width": 1280, "height": 900}
COMMENTS = ("Antrean pagi panjang.", "Petugas ramah dan sigap.", "Ruang tunggu kurang nyaman.")


def _answers(rng: random.Random, level: float, n: int) -> list[dict[str, int]]:
    return [
        {
            f"U{i}": min(4, max(1, round(rng.gauss(level - (0.4 if i == 3 else 0), 0.55))))
            for i in range(1, 10)
        }
        for _ in range(n)
    ]


async def _seed() -> dict:
    from surveys.store.tables import UnitPopulation

    rng = random.Random(7)
    pemkot = await make_unit("PEMKOT", "Pemerintah Kota Sawahlunto", kind="instansi")
    units = {
        "DISDUKCAPIL": (
            await make_unit(
                "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", parent=pemkot["id"]
            ),
            3.5,
            3.3,
        ),
        "DPMPTSP": (
            await make_unit("DPMPTSP", "DPMPTSP (Perizinan Terpadu)", parent=pemkot["id"]),
            3.0,
            3.2,
        ),
        "PUSKESMAS": (
            await make_unit(
                "PUSKESMAS", "Puskesmas Kota", parent=pemkot["id"], minimum_responses=30
            ),
            3.6,
            3.6,
        ),
    }
    await make_unit("RSUD", "RSUD (unit lain)")
    for code, (unit, q4, q1) in units.items():
        ktp = await make_service_type(unit["id"], "Layanan utama")
        point = await make_service_point(unit["id"], "Loket 1")
        officer = await make_officer(
            unit["id"], f"19800101201001{len(code):04d}", f"Petugas {code}"
        )
        fields = {"service_type": ktp["id"], "service_point": point["id"], "officer": officer["id"]}
        small = code == "PUSKESMAS"
        for when, level, n in (
            (datetime(2025, 11, 5, 3, tzinfo=UTC), q4, 8 if small else 45),
            (datetime(2026, 2, 10, 3, tzinfo=UTC), q1, 12 if small else 60),
        ):
            answers = _answers(rng, level, n)
            await make_responses(unit["id"], answers[: n // 2], when, gender="P", age=34, **fields)
            await make_responses(
                unit["id"],
                answers[n // 2 : -3],
                when,
                gender="L",
                age=52,
                education="SMA",
                **fields,
            )
            for answer, comment in zip(answers[-3:], COMMENTS, strict=True):
                await make_responses(unit["id"], [answer], when, comment=comment, **fields)
        if code != "DPMPTSP":
            await UnitPopulation(
                unit=unit["id"],
                period_start=date(2026, 1, 1),
                period_end=date(2026, 3, 31),
                population=900,
            ).save()
    return await make_user("kabag", "manager", list(units))


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def test_a_manager_changes_the_period_in_place_and_opens_a_unit(desk, run):
    manager = run(_seed())
    page = desk
    log_in(page, manager)
    page.goto("/dashboard?from=2026-01-01&to=2026-03-31")
    table = page.locator("[data-testid=units-table]")
    assert "Triwulan I 2026" in table.locator("[data-testid=period-label]").inner_text()
    rows = table.locator("[data-testid=unit-row]")
    assert rows.count() == 3
    assert rows.last.get_attribute("data-unit") == "PUSKESMAS"  # too few: listed last
    assert "belum cukup responden" in table.locator("[data-testid=not-enough]").inner_text()
    assert "RSUD" not in table.inner_text()
    screenshot(page, "dashboard-overview")
    assert serious_accessibility_violations(page) == []

    # Another triwulan: htmx swaps the table alone and the address bar follows.
    page.evaluate("document.body.dataset.marker = 'same page'")
    page.select_option("[data-testid=period-quarter]", "4")
    page.select_option("[data-testid=period-year]", "2025")
    page.wait_for_url("**/dashboard?from=2025-10-01&to=2025-12-31")
    page.wait_for_function(
        "document.querySelector('[data-testid=period-label]').textContent.includes('IV 2025')"
    )
    assert page.evaluate("document.body.dataset.marker") == "same page"  # no full reload
    assert rows.count() == 3
    screenshot(page, "dashboard-overview-q4")

    # Each change was pushed to the history (Q4 2026, then Q4 2025): Back restores it.
    page.go_back()
    page.wait_for_url("**/dashboard?from=2026-10-01&to=2026-12-31")

    page.goto("/dashboard?from=2026-01-01&to=2026-03-31")
    page.click("[data-unit=DISDUKCAPIL] [data-testid=unit-link]")
    page.wait_for_url("**/dashboard/units/DISDUKCAPIL?from=2026-01-01&to=2026-03-31")
    assert "Dinas Kependudukan" in page.locator("[data-testid=unit-name]").inner_text()
    first_element = page.locator("[data-testid=element-row]").first
    assert first_element.get_attribute("data-element") == "U3"  # the weakest, first
    assert page.locator("[data-testid=priority]").count() == 3
    chart = page.locator("img.chart").first
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot(page, "dashboard-unit")
    assert serious_accessibility_violations(page) == []

    # Comments: filter to low scores in place.
    page.select_option("[data-testid=comment-score]", "low")
    page.wait_for_url("**score=low**")
    count = page.locator("[data-testid=comment-count]").inner_text()
    assert "komentar" in count


def test_on_a_phone_the_heading_of_the_units_with_too_few_responses_can_be_read_whole(page, run):
    manager = run(_seed())
    log_in(page, manager)
    page.goto("/dashboard?from=2026-01-01&to=2026-03-31")
    heading = page.locator("[data-testid=not-enough-heading]")
    expect(heading).to_contain_text("Belum cukup responden")
    screenshot(page, "dashboard-phone-not-enough")
    box = heading.bounding_box()
    frame = page.locator(".table-scroll:has([data-testid=ranking])").bounding_box()
    assert box is not None and frame is not None
    assert frame["x"] <= box["x"] and box["x"] + box["width"] <= frame["x"] + frame["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
