"""On a phone, a unit head reads the intervals, the year-earlier tile, element changes and the
profile scores without the page growing wider than the screen; the methodology page too."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import make_responses, make_unit, make_user

CODES = [f"U{i}" for i in range(1, 10)]


async def _seed() -> dict:
    unit = await make_unit(
        "DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil", minimum_responses=5
    )
    for when, low in (
        (datetime(2025, 2, 5, 3, tzinfo=UTC), 3),
        (datetime(2025, 11, 5, 3, tzinfo=UTC), 3),
        (datetime(2026, 2, 10, 3, tzinfo=UTC), 2),
    ):
        answers = [dict.fromkeys(CODES, 4) | {"U3": low} for _ in range(6)]
        answers += [dict.fromkeys(CODES, 3) for _ in range(6)]
        await make_responses(unit["id"], answers[:8], when, gender="P", age=34)
        await make_responses(unit["id"], answers[8:], when, gender="L", age=61)
    return await make_user("kabag", "manager", ["DISDUKCAPIL"])


def _fits(page) -> bool:
    """Nothing sticks out past the screen, but inside a box that scrolls sideways on its own:
    a wide table, or a chart kept at a readable size."""
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('.table-scroll, .chart-scroll')).slice(0, 5)"
        ".map(e => e.tagName + '.' + e.className + '#' + (e.dataset.testid || ''))"
    )
    return wide == [] and page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth + 1"
    )


def test_the_unit_page_and_the_methodology_fit_a_phone(page, run):
    manager = run(_seed())
    log_in(page, manager)
    page.goto("/dashboard/units/DISDUKCAPIL?from=2026-01-01&to=2026-03-31")
    assert "selang 95%" in page.locator("[data-testid=unit-ikm-interval]").inner_text()
    assert "Triwulan I 2025" in page.locator("[data-testid=year-earlier]").inner_text()
    assert page.locator("[data-testid=suppressed]").count() >= 1  # 4 men over 60
    assert _fits(page)
    screenshot(page, "unit-statistics-phone")
    assert serious_accessibility_violations(page) == []

    page.goto("/dashboard?from=2026-01-01&to=2026-03-31")
    assert "n 12" in page.locator("[data-testid=ikm-interval]").inner_text()
    screenshot(page, "dashboard-interval-phone")

    page.goto("/metodologi")
    assert "Welch" in page.locator("[data-testid=change-method]").inner_text()
    assert _fits(page)
    screenshot(page, "methodology-phone")
