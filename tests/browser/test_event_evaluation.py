"""One event through the levels on phones: BKPSDM creates it and registers Andi, Andi rates it
from the QR link without an account, BKPSDM records attendance and tests and finishes it, and
Andi's head of unit finds the evaluation due on the dashboard, answers it and plans coaching."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from tests.browser.conftest import log_in, screenshot, serious_accessibility_violations
from tests.factories import make_officer, make_unit, make_user

NIP_ANDI = "198503102010011001"


@pytest.fixture
def city(run):
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    return {
        "andi": run(make_officer(unit["id"], NIP_ANDI, "Andi Saputra")),
        "ratna": run(make_user("ratna", "hr")),
        "kadis": run(make_user("kadis", "manager", ["DISDUKCAPIL"])),
    }


def test_an_event_goes_from_creation_to_a_planned_coaching(page, phone, browser, city):
    page.set_default_timeout(20_000)
    ended = date.today() - timedelta(days=70)
    # BKPSDM creates the event and registers Andi.
    log_in(page, city["ratna"])
    page.goto("/development/events/new")
    page.fill("#title", "Pelayanan Prima")
    page.fill("#form", "Pelatihan teknis")
    page.fill("#start_date", (ended - timedelta(days=3)).isoformat())
    page.fill("#end_date", ended.isoformat())
    page.fill("#jp", "32")
    page.fill("#cost", "9600000")
    page.get_by_test_id("save-event").click()
    page.get_by_test_id("event-title").wait_for()
    page.get_by_test_id("nips").fill(NIP_ANDI)
    page.get_by_test_id("register").click()
    page.get_by_test_id(f"participant-{NIP_ANDI}").wait_for()
    link = page.get_by_test_id("reaction-link").get_attribute("href")

    # Andi rates it on his own phone, with no account.
    andi = browser.new_context(viewport={"width": 360, "height": 740})
    form = andi.new_page()
    form.goto(link.replace("http://127.0.0.1:8000", page.url.split("/development")[0]))
    form.get_by_test_id("nip").fill(NIP_ANDI)
    for item in ("material", "trainer", "method", "facilities", "usefulness"):
        form.get_by_test_id(f"{item}-4").check()
    assert serious_accessibility_violations(form) == []
    screenshot(form, "event-reaction-form")
    form.get_by_test_id("submit").click()
    form.get_by_test_id("thanks").wait_for()
    andi.close()

    # BKPSDM records attendance and the tests, then finishes the event.
    page.reload()
    page.get_by_test_id(f"attended-{NIP_ANDI}").check()
    page.get_by_test_id(f"pre-{NIP_ANDI}").fill("40")
    page.get_by_test_id(f"post-{NIP_ANDI}").fill("80")
    page.get_by_test_id("save-results").click()
    page.get_by_test_id("saved").wait_for()
    page.get_by_test_id("finish").click()
    page.get_by_test_id("records-written").wait_for()
    assert "1" in page.get_by_test_id("reaction-count").inner_text()
    screenshot(page, "event-page-bkpsdm")
    page.get_by_test_id("logout").click()

    # Andi's head of unit finds the evaluation due on the dashboard and answers it.
    log_in(page, city["kadis"])
    page.goto("/dashboard")
    due = page.get_by_test_id("behaviour-due")
    due.wait_for()
    due.get_by_role("link", name="Andi Saputra").click()
    page.get_by_test_id("c0-1").check()
    page.get_by_test_id("example").fill("Belum menerapkan alur antrean baru.")
    assert serious_accessibility_violations(page) == []
    screenshot(page, "event-behaviour-form")
    page.get_by_test_id("save-behaviour").click()
    page.get_by_test_id(f"plan-follow-up-{NIP_ANDI}").click()
    page.get_by_test_id("follow-up-planned").wait_for()
    page.get_by_test_id(f"follow-up-{NIP_ANDI}").wait_for()
    assert page.get_by_test_id("impact-not-ready").is_visible()
    screenshot(page, "event-page-manager")
    page.goto("/development/events/overview")
    page.get_by_test_id("overview").wait_for()
    screenshot(page, "event-overview")
    page.go_back()
    page.get_by_test_id("event-report-link").click()
    page.get_by_test_id("reading-en").wait_for()
    screenshot(page, "event-report")
