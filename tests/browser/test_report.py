"""A manager opens the SKM report, downloads its PDF and XLSX, plans a follow-up and publishes."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from openpyxl import load_workbook

from tests.browser.conftest import ARTIFACTS, log_in, screenshot, serious_accessibility_violations
from tests.factories import check_case_answers, make_responses, make_unit, make_user

DESKTOP = {"width": 1280, "height": 900}
Q1 = "from=2026-01-01&to=2026-03-31"


async def _seed() -> dict:
    from surveys.store.tables import UnitPopulation

    pemkot = await make_unit("PEMKOT", "Pemerintah Kota Sawahlunto", kind="instansi")
    unit = await make_unit(
        "DISDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil",
        parent=pemkot["id"],
        minimum_responses=20,  # the 29 respondents are enough to be published with a score
    )
    answers = check_case_answers()
    at = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
    await make_responses(unit["id"], answers[:20], at, gender="P", age=34, education="SMA")
    await make_responses(
        unit["id"], answers[20:], at, gender="L", age=52, comment="Antrean pagi panjang."
    )
    await UnitPopulation(
        unit=unit["id"], period_start=date(2026, 1, 1), period_end=date(2026, 3, 31), population=90
    ).save()
    return await make_user("kadis", "manager", ["DISDUKCAPIL"])


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(
        viewport=DESKTOP, base_url=live_server, locale="id-ID", accept_downloads=True
    )
    page = context.new_page()
    yield page
    context.close()


def test_a_manager_opens_the_report_and_downloads_the_pdf_and_xlsx(desk, run):
    manager = run(_seed())
    page = desk
    log_in(page, manager)
    page.goto(f"/dashboard/units/DISDUKCAPIL/report?{Q1}")
    assert page.locator("[data-testid=ikm-value]").inner_text() == "91,48"
    assert page.locator("[data-testid=processing-ikm]").inner_text() == "91,48"
    assert "PEMERINTAH KOTA SAWAHLUNTO" in page.locator(".report-cover").inner_text()
    assert "Krejcie" in page.locator("[data-testid=sample]").inner_text()
    screenshot(page, "report-screen")
    assert serious_accessibility_violations(page) == []

    with page.expect_download() as pdf_download:
        page.click("[data-testid=download-pdf]")
    pdf_path = ARTIFACTS / "report.pdf"
    pdf_download.value.save_as(pdf_path)
    pdf = pdf_path.read_bytes()
    assert pdf.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) >= 7

    with page.expect_download() as xlsx_download:
        page.click("[data-testid=download-xlsx]")
    xlsx_path = ARTIFACTS / "report.xlsx"
    xlsx_download.value.save_as(xlsx_path)
    book = load_workbook(io.BytesIO(xlsx_path.read_bytes()))
    processing = {row[0]: row for row in book["Pengolahan"].iter_rows(values_only=True)}
    assert processing["ikm"][-1] == 91.48
    assert book["Responden"].max_row == 30

    page.emulate_media(media="print")
    assert not page.locator("[data-testid=report-tools]").is_visible()
    screenshot(page, "report-print")
    # The browser's own A4 print of the page, to look at its pagination.
    page.pdf(path=str(ARTIFACTS / "report-print.pdf"), format="A4", print_background=True)
    page.emulate_media(media="screen")

    # The weakest element's button opens a prefilled follow-up form.
    page.click("[data-testid=followup-U3]")
    assert page.locator("#element").input_value() == "U3"
    page.fill("#action", "Tambah satu loket pada Senin pagi")
    page.fill("#responsible", "Kepala Seksi Pelayanan")
    page.fill("#target_date", (date.today() + timedelta(days=90)).isoformat())
    page.click("[data-testid=save-followup]")
    assert page.locator("[data-testid=saved]").is_visible()
    assert "Tambah satu loket" in page.locator("[data-testid=followup-list]").inner_text()
    page.select_option("#f-status", "done")
    page.wait_for_selector("[data-testid=no-followups]")  # htmx swapped the list
    screenshot(page, "followups")

    page.goto(f"/dashboard/units/DISDUKCAPIL/publications?{Q1}")
    page.fill("#url", "https://sawahluntokota.go.id/skm")
    page.click("[data-testid=publish]")
    assert page.locator("[data-testid=saved]").is_visible()
    page.goto("/p/DISDUKCAPIL")
    assert page.locator("[data-testid=public-ikm]").inner_text() == "91,48"
    assert page.locator("[data-testid=public-label]").inner_text() == "Sangat Baik"
    screenshot(page, "public-unit")
    assert serious_accessibility_violations(page) == []
