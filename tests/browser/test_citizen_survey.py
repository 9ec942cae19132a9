"""A citizen on a phone: scan, answer, thank-you; errors keep answers; no JavaScript; kiosk."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import make_service_point, make_unit

KIOSK_MORNING = datetime(2026, 3, 2, 8, 0)


@pytest.fixture
def unit(run):
    return run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))


@pytest.fixture
def point(run, unit):
    return run(make_service_point(unit["id"], "Loket 2 Kartu Keluarga"))


def answer_all(page, value: int = 4, skip: tuple[str, ...] = ()) -> None:
    for i in range(1, 10):
        if f"U{i}" not in skip:
            page.get_by_test_id(f"U{i}-{value}").check()


def test_a_citizen_scans_answers_and_is_thanked(page, point):
    page.goto(f"/s/{point['token']}")
    assert (
        page.get_by_test_id("unit-name").inner_text() == "Dinas Kependudukan dan Pencatatan Sipil"
    )
    assert serious_accessibility_violations(page) == []
    screenshot(page, "survey-form")
    answer_all(page, 4)
    page.get_by_test_id("U7-3").check()
    page.get_by_test_id("comment").fill("Petugas ramah dan cepat.")
    screenshot(page, "survey-form-answered")
    page.get_by_test_id("submit").click()
    thanks = page.get_by_test_id("thanks")
    thanks.wait_for()
    assert "Loket 2 Kartu Keluarga" in thanks.inner_text()
    assert serious_accessibility_violations(page) == []
    screenshot(page, "survey-thanks")


def test_a_forgotten_question_is_pointed_out_and_every_other_answer_kept(page, point):
    page.goto(f"/s/{point['token']}")
    answer_all(page, 3, skip=("U5",))
    page.get_by_test_id("comment").fill("Ruang tunggu kurang kursi.")
    page.get_by_text("Tentang Anda").click()
    page.get_by_test_id("gender-P").check()
    page.get_by_test_id("age").fill("7")
    page.get_by_test_id("education").select_option("SMA")
    page.get_by_test_id("submit").click()
    alert = page.get_by_test_id("form-alert")
    alert.wait_for()
    assert page.locator("#U5-error").is_visible()
    assert page.locator("#age-error").is_visible()
    for i in (1, 2, 3, 4, 6, 7, 8, 9):
        assert page.get_by_test_id(f"U{i}-3").is_checked()
    assert page.get_by_test_id("comment").input_value() == "Ruang tunggu kurang kursi."
    assert page.get_by_test_id("gender-P").is_checked()
    assert page.get_by_test_id("education").input_value() == "SMA"
    assert serious_accessibility_violations(page) == []
    screenshot(page, "survey-errors")
    page.get_by_test_id("U5-2").check()
    page.get_by_test_id("age").fill("70")
    page.get_by_test_id("submit").click()
    page.get_by_test_id("thanks").wait_for()


def test_the_survey_works_with_javascript_turned_off(phone_without_js, point):
    page = phone_without_js.new_page()
    page.goto(f"/s/{point['token']}")
    answer_all(page, 2)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("thanks").wait_for()
    # Back to the form (never cached, so a fresh one) and answering again the same day.
    page.go_back()
    answer_all(page, 1)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("already-answered").wait_for()
    screenshot(page, "survey-already-answered")
    page.close()


def test_the_english_form_keeps_english_after_sending(page, point):
    page.goto(f"/s/{point['token']}")
    page.get_by_test_id("lang-en").click()
    page.wait_for_url("**lang=en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "How polite and friendly was the officer?" in page.content()
    screenshot(page, "survey-form-english")
    answer_all(page, 4)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("thanks").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"


def test_a_kiosk_returns_to_an_empty_form_for_the_next_citizen(run, unit, browser, live_server):
    from tests.browser.conftest import PHONE

    kiosk = run(make_service_point(unit["id"], "Anjungan Mandiri", kind="kiosk"))
    context = browser.new_context(viewport=PHONE, base_url=live_server, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"/s/{kiosk['token']}")
    answer_all(page, 4)
    page.get_by_test_id("submit").click()
    page.get_by_test_id("kiosk-reset").wait_for()
    screenshot(page, "survey-kiosk-thanks")
    page.get_by_test_id("survey-form").wait_for(timeout=30_000)  # after the 5 s refresh
    assert not page.get_by_test_id("U1-4").is_checked()
    context.close()


def test_a_kiosk_form_left_half_filled_warns_then_clears_itself(run, unit, browser, live_server):
    """The kiosk's clock is Playwright's, paused: only run_for moves it, so a slow machine
    (a screenshot, a loaded CI) cannot let the form clear itself between two steps."""
    from tests.browser.conftest import PHONE

    kiosk = run(make_service_point(unit["id"], "Anjungan Mandiri", kind="kiosk"))
    context = browser.new_context(viewport=PHONE, base_url=live_server)
    page = context.new_page()
    page.clock.install(time=KIOSK_MORNING)
    page.clock.pause_at(KIOSK_MORNING + timedelta(seconds=1))
    page.goto(f"/s/{kiosk['token']}")
    page.get_by_test_id("U1-4").check()
    page.get_by_test_id("U2-3").check()
    warning = page.get_by_test_id("idle-warning")
    page.clock.run_for(60_000)
    assert warning.is_hidden()  # a minute of thinking is fine
    page.clock.run_for(20_000)  # 80 s without a touch: 10 s before the form clears
    assert warning.is_visible()
    screenshot(page, "survey-kiosk-idle-warning")
    page.get_by_role("button", name="Ya, lanjutkan mengisi").click()
    assert warning.is_hidden()
    page.clock.run_for(60_000)
    assert page.get_by_test_id("U1-4").is_checked()  # the touch kept the answers
    page.clock.run_for(40_000)  # 100 s since the last touch
    page.wait_for_load_state()
    page.get_by_test_id("survey-form").wait_for()
    assert not page.get_by_test_id("U1-4").is_checked()
    assert not page.get_by_test_id("U2-3").is_checked()
    context.close()


def test_a_counter_form_on_a_citizens_own_phone_never_clears_itself(page, point):
    page.clock.install()
    page.goto(f"/s/{point['token']}")
    page.get_by_test_id("U1-4").check()
    page.clock.run_for(600_000)
    assert page.get_by_test_id("U1-4").is_checked()
    assert page.get_by_test_id("idle-warning").count() == 0
