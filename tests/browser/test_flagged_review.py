"""A manager reviews flagged responses in a real browser (htmx swaps the list)."""

from __future__ import annotations

from datetime import UTC, datetime

from playwright.sync_api import expect

from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import make_responses, make_service_point, make_unit, make_user

NIGHT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)


def test_a_manager_accepts_one_flagged_response_and_rejects_another(browser, live_server, run):
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    point = run(make_service_point(unit["id"], "Loket 1"))
    for comment in ("Antrean panjang", "Petugas ramah"):
        run(
            make_responses(
                unit["id"],
                [{f"U{i}": 4 for i in range(1, 10)}],
                NIGHT,
                service_point=point["id"],
                status="flagged",
                flag_reason="outside_hours",
                comment=comment,
            )
        )
    manager = run(make_user("kadis", "manager", ["DISDUKCAPIL"]))
    context = browser.new_context(viewport={"width": 1024, "height": 700}, base_url=live_server)
    page = context.new_page()
    log_in(page, manager)
    page.goto("/dashboard/flagged")
    expect(page.locator("tr[data-testid^=flagged-]")).to_have_count(2)
    assert serious_accessibility_violations(page) == []
    screenshot(page, "review-flagged")
    page.locator("button[data-testid^=accept-]").first.click()
    expect(page.locator("tr[data-testid^=flagged-]")).to_have_count(1)
    page.locator("button[data-testid^=reject-]").first.click()
    page.get_by_test_id("flagged-empty").wait_for()
    context.close()


def test_a_manager_on_a_phone_accepts_two_ticked_responses_at_once(page, run):
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    point = run(make_service_point(unit["id"], "Loket 1"))
    for comment in ("Antrean panjang", "Petugas ramah", "Ruang tunggu panas"):
        run(
            make_responses(
                unit["id"],
                [{f"U{i}": 4 for i in range(1, 10)}],
                NIGHT,
                service_point=point["id"],
                status="flagged",
                flag_reason="outside_hours",
                comment=comment,
            )
        )
    log_in(page, run(make_user("kadis", "manager", ["DISDUKCAPIL"])))
    page.goto("/dashboard/flagged")
    ticks = page.locator("input[data-testid^=tick-]")
    expect(ticks).to_have_count(3)
    ticks.nth(0).check()
    ticks.nth(2).check()
    page.get_by_test_id("ticked-accept").click()
    expect(page.get_by_test_id("flagged-decided")).to_have_text("2 jawaban diterima.")
    expect(page.locator("tr[data-testid^=flagged-]")).to_have_count(1)
    assert "Petugas ramah" in page.locator("tr[data-testid^=flagged-]").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
