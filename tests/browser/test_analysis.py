"""A unit head reads the training analysis: summary, forest plots, scatter plots, officers."""

from __future__ import annotations

import pytest

from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import make_unit, make_user
from tests.training_data import PERIOD, plant_officers

DESKTOP = {"width": 1280, "height": 900}


async def _seed() -> dict:
    unit = await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
    other = await make_unit("RSUD", "RSUD Sawahlunto")
    await plant_officers(unit["id"], "19800101200501")
    await plant_officers(other["id"], "19800101200502")
    return await make_user("kadis", "manager", ["DISDUKCAPIL"])


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, base_url=live_server, locale="id-ID")
    page = context.new_page()
    yield page
    context.close()


def test_a_manager_reads_the_training_analysis_and_changes_the_period_in_place(desk, run):
    manager = run(_seed())
    page = desk
    log_in(page, manager)
    page.goto(f"/dashboard?{PERIOD}")
    page.click("[data-testid=analysis-link]")
    page.wait_for_url(f"**/dashboard/analysis?{PERIOD}")

    results = page.locator("[data-testid=analysis-results]")
    assert "Triwulan I 2026" in results.locator("[data-testid=period-label]").inner_text()
    summary = page.locator("[data-testid=summary]").inner_text()
    assert "Kompetensi Pelaksana (U6): di antara rekan satu unit, petugas dengan lebih" in summary
    assert "hanya dengan rekan satu unitnya" in summary
    assert page.locator("[data-testid=result-row]").count() == 9
    spearman = page.locator("[data-testid=result-row][data-outcome=U6][data-test=spearman_jp]")
    assert "meyakinkan" in spearman.inner_text()
    # Beside each result: the smallest effect the test would find 8 times in 10.
    did = page.locator("[data-testid=result-row][data-outcome=U6][data-test=did_training]")
    assert float(did.locator("[data-testid=detectable]").inner_text().replace(",", ".")) > 0
    assert "8 dari 10 kali" in page.locator("[data-testid=detectable-note]").inner_text()
    charts = ("forest-correlation", "forest-did", "event-study-u6", "scatter-u6", "scatter-u7")
    for testid in charts:
        image = page.locator(f"[data-testid={testid}]")
        image.scroll_into_view_if_needed()
        page.wait_for_function(
            "el => el.complete && el.naturalWidth > 0", arg=image.element_handle()
        )
    rows = page.locator("[data-testid=officer-row]")
    assert rows.count() == 12
    assert "RSUD" not in page.locator("[data-testid=officer-table]").inner_text()
    screenshot(page, "analysis")
    assert serious_accessibility_violations(page) == []

    # Another triwulan: htmx swaps the results alone and the address bar follows.
    page.evaluate("document.body.dataset.marker = 'same page'")
    page.select_option("[data-testid=period-quarter]", "4")
    page.select_option("[data-testid=period-year]", "2025")
    page.wait_for_url("**/dashboard/analysis?from=2025-10-01&to=2025-12-31")
    page.wait_for_function(
        "document.querySelector('[data-testid=period-label]').textContent.includes('IV 2025')"
    )
    assert page.evaluate("document.body.dataset.marker") == "same page"
    assert rows.count() == 0
    screenshot(page, "analysis-empty-period")


def test_the_analysis_reads_on_a_phone(page, run):
    manager = run(_seed())
    log_in(page, manager)
    page.goto(f"/dashboard/analysis?{PERIOD}&unit=DISDUKCAPIL")
    assert page.locator("[data-testid=result-row]").count() == 9
    screenshot(page, "analysis-phone")
    wide = page.evaluate(
        "[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right"
        " > window.innerWidth + 1 && !e.closest('.table-scroll')).map(e => e.tagName + '.'"
        " + e.className + '#' + e.id).slice(0, 5)"
    )
    assert wide == []  # wide tables scroll inside their own box
