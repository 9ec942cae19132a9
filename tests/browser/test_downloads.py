"""A manager downloads the responses' XLSX and the .docx report: the page says the file is
being prepared, then that it is ready; the files read back with openpyxl and python-docx."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in
from tests.factories import check_case_answers, make_responses, make_unit, make_user

Q1 = "from=2026-01-01&to=2026-03-31"


async def _seed() -> dict:
    unit = await make_unit("DISDUKCAPIL", "Dinas Kependudukan dan Pencatatan Sipil")
    await make_responses(unit["id"], check_case_answers(), datetime(2026, 3, 10, 3, tzinfo=UTC))
    return await make_user("kadis", "manager", ["DISDUKCAPIL"])


@pytest.fixture
def desk(browser, live_server):
    context = browser.new_context(
        viewport={"width": 1280, "height": 900},
        base_url=live_server,
        locale="id-ID",
        accept_downloads=True,
    )
    yield context.new_page()
    context.close()


def test_a_download_says_it_is_being_prepared_then_that_it_is_ready(desk, run):
    from docx import Document
    from openpyxl import load_workbook

    log_in(desk, run(_seed()))
    desk.goto(f"/dashboard/units/DISDUKCAPIL/report?{Q1}")
    status = desk.locator("[data-testid=download-status]")
    expect(status).to_be_hidden()
    with desk.expect_download() as xlsx:
        desk.click("[data-testid=download-xlsx]")
    expect(status).to_have_text("Berkas siap diunduh.")
    book = load_workbook(io.BytesIO(xlsx.value.path().read_bytes()))
    assert book.worksheets[0].max_row == 30  # the header and 29 respondents
    with desk.expect_download() as word:
        desk.click("[data-testid=download-docx]")
    document = Document(io.BytesIO(word.value.path().read_bytes()))
    assert any(p.text == "LEMBAR PENGESAHAN" for p in document.paragraphs)
