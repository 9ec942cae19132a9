"""A citizen on a phone: scan, answer, thank-you; errors keep answers; no JavaScript; kiosk."""

from __future__ import annotations

import pytest

from tests.browser.conftest import screenshot, serious_accessibility_violations
from tests.factories import make_service_point, make_unit


@pytest.fixture
def point(run):
    unit = run(make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil"))
    return run(make_service_point(unit["id"], "Loket 2 Kartu Keluarga"))


def answer_all(page, value: int = 4) -> None:
    for i in range(1, 10):
        page.get_by_test_id(f"U{i}-{value}").check()


def test_a_citizen_scans_answers_and_is_thanked(page, point):
    page.goto(f"/s/{point['token']}")
    screenshot(page, "survey-form")
    answer_all(page, 4)
    page.get_by_test_id("comment").fill("Petugas ramah dan cepat.")
    page.get_by_test_id("submit").click()
    page.get_by_test_id("thanks").wait_for()
    screenshot(page, "survey-thanks")
