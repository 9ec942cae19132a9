"""The SKM report, its PDF and the exports: scoping, formats, and numbers equal to the API's."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from surveys.method.scoring import ikm_from_answers
from surveys.store.imports import import_csv
from tests.database import empty_all_tables
from tests.factories import check_case_answers, login, make_responses, make_unit

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
Q1 = "from=2026-01-01&to=2026-03-31"
BASE = "/dashboard/units/DISDUKCAPIL"
ROOT = Path(__file__).resolve().parents[2]
ROUTES = [
    "report",
    "report.pdf",
    "report.docx",
    "responses.csv",
    "responses.xlsx",
    "processing.csv",
    "processing.xlsx",
]


@pytest.fixture
async def check_case(disdukcapil, rsud):
    await make_responses(disdukcapil["id"], check_case_answers(), AT, comment="")
    await make_responses(rsud["id"], [{"U1": 1, "U2": 1}], AT)  # another unit
    await make_responses(disdukcapil["id"], [{"U1": 1}], datetime(2026, 4, 2, tzinfo=UTC))
    await make_responses(disdukcapil["id"], [{"U1": 1}], AT, status="flagged")


@pytest.mark.parametrize("route", ROUTES)
async def test_anonymous_visitors_are_sent_to_log_in(client, disdukcapil, route):
    response = await client.get(f"{BASE}/{route}?{Q1}")
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("route", ROUTES)
async def test_a_facilitator_is_refused(client, facilitator, route):
    await login(client, facilitator)
    assert (await client.get(f"{BASE}/{route}?{Q1}")).status_code == 403


@pytest.mark.parametrize("route", ROUTES)
async def test_the_manager_of_another_unit_is_refused(client, manager_of_rsud, disdukcapil, route):
    await login(client, manager_of_rsud)
    assert (await client.get(f"{BASE}/{route}?{Q1}")).status_code == 403


async def test_an_unknown_unit_is_404(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    assert (await client.get(f"/dashboard/units/NOPE/report?{Q1}")).status_code == 404


async def test_a_bad_date_is_a_400_with_the_reason(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"{BASE}/responses.csv?from=2026-13-01&to=2026-03-31")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.text


def text_of(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)<', html, re.S)
    assert match, testid
    return match.group(1).strip()


async def test_the_report_shows_the_apis_numbers(client, manager_of_disdukcapil, check_case):
    await login(client, manager_of_disdukcapil)  # the API shows unpublished periods to officer
    api = (await client.get(f"/api/v1/units/DISDUKCAPIL/ikm?{Q1}")).json()
    response = await client.get(f"{BASE}/report?{Q1}")
    assert response.status_code == 200
    html = response.text
    assert api["ikm"] == "91.48" and api["n"] == 29
    assert text_of(html, "ikm-value") == api["ikm"].replace(".", ",")
    assert text_of(html, "processing-ikm") == api["ikm"].replace(".", ",")
    assert text_of(html, "processing-n") == str(api["n"])
    assert text_of(html, "ikm-grade") == api["grade"]
    nrr_row = re.search(r'data-row="nrr">(.*?)</tr>', html, re.S).group(1)
    shown = re.findall(r'<td class="num">([0-9,]+)</td>', nrr_row)
    assert shown == [e["nrr"].replace(".", ",") for e in api["elements"]]
    # The chapters of the official report are all there.
    for heading in ("BAB I", "BAB II", "BAB III", "BAB IV", "RENCANA TINDAK LANJUT"):
        assert heading in html
    assert "Krejcie" in html
    # The weakest elements get a follow-up button with the element and period filled in.
    assert f'href="{BASE}/followups/new?element=U3&amp;{Q1.replace("&", "&amp;")}"' in html


async def test_an_admin_sees_the_report_in_english_too(client, admin, check_case):
    await login(client, admin)
    response = await client.get(f"{BASE}/report?{Q1}&lang=en")
    assert response.status_code == 200
    assert 'lang="en"' in response.text


async def test_the_pdf_is_a_pdf_with_the_unit_in_it(client, manager_of_disdukcapil, check_case):
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"{BASE}/report.pdf?{Q1}")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert (
        "laporan-skm-DISDUKCAPIL-2026-01-01-2026-03-31.pdf"
        in response.headers["content-disposition"]
    )


async def test_the_csv_parses_back_to_the_numbers_on_screen(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"{BASE}/responses.csv?{Q1}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbfunit_code,")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert len(rows) == 29  # valid, this unit, this period only
    answers = [{f"U{i}": int(row[f"U{i}"]) for i in range(1, 10)} for row in rows]
    assert str(ikm_from_answers(answers).ikm) == "91.48"
    assert rows[0]["submitted_at"] == "2026-03-10T10:00:00+07:00"


@pytest.mark.parametrize("export", ["responses.csv", "responses.xlsx"])
async def test_an_export_round_trips_through_the_import_into_an_empty_database(
    client, manager_of_disdukcapil, check_case, export
):
    await login(client, manager_of_disdukcapil)
    exported = (await client.get(f"{BASE}/{export}?{Q1}")).content
    before = await _result_of("DISDUKCAPIL")
    await empty_all_tables()
    await make_unit("DISDUKCAPIL")
    report = await import_csv("responses", exported)
    assert report.errors == () and report.created == 29
    after = await _result_of("DISDUKCAPIL")
    assert after == before and after.n == 29
    assert (await import_csv("responses", exported)).created == 0  # again: nothing changes


async def _result_of(code: str):
    """The unit's Q1 result as the API computes it for a signed-in account (the session is
    gone once the tables are emptied)."""
    from surveys.method.periods import quarter
    from surveys.store.scores import unit_totals
    from surveys.store.units import unit_by_code

    unit = await unit_by_code(code)
    return (await unit_totals(quarter(2026, 1), unit["id"])).ikm()


async def test_the_xlsx_has_the_responses_and_the_processing_table(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"{BASE}/responses.xlsx?{Q1}")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Responden", "Pengolahan"]
    rows = list(book["Responden"].iter_rows(values_only=True))
    assert len(rows) == 30
    answers = [
        dict(zip([f"U{i}" for i in range(1, 10)], row[2:11], strict=True)) for row in rows[1:]
    ]
    assert str(ikm_from_answers(answers).ikm) == "91.48"
    processing = {r[0]: r for r in book["Pengolahan"].iter_rows(values_only=True)}
    assert processing["ikm"][-1] == 91.48
    assert processing["sum"][-1] == 955


async def test_the_processing_table_exports_alone(client, manager_of_disdukcapil, check_case):
    await login(client, manager_of_disdukcapil)
    text = (await client.get(f"{BASE}/processing.csv?{Q1}")).text
    rows = {row[0]: row for row in csv.reader(io.StringIO(text))}
    assert rows["ikm"][-1] == "91.48"
    assert rows["nrr"][2:11] == [
        "3.6207",
        "3.4828",
        "3.4483",
        "4.0000",
        "3.5172",
        "3.6207",
        "3.6552",
        "3.6207",
        "3.9655",
    ]
    book = load_workbook(io.BytesIO((await client.get(f"{BASE}/processing.xlsx?{Q1}")).content))
    assert book.sheetnames == ["Pengolahan"]


async def test_an_empty_period_still_gives_a_report_and_empty_exports(
    client, manager_of_disdukcapil
):
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{BASE}/report?from=2025-01-01&to=2025-03-31")
    assert page.status_code == 200
    assert "IKM belum dapat dihitung" in page.text
    assert (await client.get(f"{BASE}/report.pdf?from=2025-01-01&to=2025-03-31")).status_code == 200
    exported = await client.get(f"{BASE}/responses.csv?from=2025-01-01&to=2025-03-31")
    assert exported.text.strip().startswith("\ufeffunit_code,submitted_at,U1")
    assert len(exported.text.strip().splitlines()) == 1


async def test_a_period_too_large_for_xlsx_asks_for_the_csv(
    client, manager_of_disdukcapil, check_case, monkeypatch
):
    from app.reporting import reports

    monkeypatch.setattr(reports, "XLSX_ROW_LIMIT", 10)
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"{BASE}/responses.xlsx?{Q1}")
    assert response.status_code == 400
    assert "CSV" in response.text


async def test_the_unit_page_offers_follow_up_buttons_for_its_low_elements(
    client, manager_of_disdukcapil, check_case
):
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{BASE}?{Q1}")
    assert page.status_code == 200
    html = page.text
    assert 'data-testid="unit-followups"' in html
    for code in ("U3", "U2", "U5"):
        assert f"{BASE}/followups/new?element={code}&amp;" in html
    assert f"{BASE}/followups/new?element=U4&amp;" not in html


def test_the_reporting_area_loads_no_pdf_spreadsheet_or_chart_library_at_start():
    # fpdf2, python-docx, openpyxl and pygal load with the first PDF, document, workbook or chart.
    code = (
        "import sys, app.reporting, app.charts; "
        "print(','.join(m for m in ('fpdf', 'docx', 'openpyxl', 'pygal') if m in sys.modules))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert loaded.stdout.strip() == ""


def test_the_reporting_templates_build_internal_links_with_url_for():
    literal = re.compile(r'\b(?:href|action|src|formaction|hx-(?:get|post|put|delete))="/')
    found = [
        f"{path.name}: {line.strip()}"
        for path in sorted((ROOT / "templates" / "reporting").glob("*.html"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if literal.search(line)
    ]
    assert found == []
