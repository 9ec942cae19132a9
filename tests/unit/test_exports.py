"""CSV and XLSX writers: the import format exactly, and no formulas from citizens' text."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook

from surveys.method.scoring import totals_from_answers
from surveys.reporting.exports import (
    PROCESSING_HEADER,
    RESPONSE_COLUMNS,
    ExportRow,
    processing_csv,
    processing_xlsx,
    response_values,
    responses_csv_chunks,
    responses_xlsx,
)
from surveys.reporting.report import processing_table
from surveys.store.imports.csvfile import read_rows
from surveys.store.imports.responses import OPTIONAL, REQUIRED
from tests.factories import check_case_answers

JAKARTA = ZoneInfo("Asia/Jakarta")


def row(**fields) -> ExportRow:
    values = dict(
        unit_code="DISDUKCAPIL",
        submitted_at=datetime(2026, 3, 2, 2, 39, tzinfo=UTC),
        answers=(4, 4, 3, None, 4, 4, 4, 4, 4),
        service_point="Loket 1",
        staff_nip=None,
        gender="P",
        age=31,
        education="S1/D4",
        occupation="Swasta",
        service_type=None,
        comment='Cepat, "ramah"\nterima kasih',
    )
    return ExportRow(**(values | fields))


def test_the_header_is_the_import_format_of_design_md():
    assert ",".join(RESPONSE_COLUMNS) == (
        "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9,service_point,staff_nip,"
        "gender,age,education,occupation,service_type,comment"
    )


def test_times_are_local_iso_8601_with_the_offset():
    assert response_values(row(), JAKARTA)[1] == "2026-03-02T09:39:00+07:00"


def csv_text(*chunks: list[ExportRow]) -> str:
    """The streamed CSV of these chunks of rows, joined."""

    async def source():
        for chunk in chunks:
            yield chunk

    async def text() -> str:
        return "".join([part async for part in responses_csv_chunks(source(), JAKARTA)])

    return asyncio.run(text())


def test_the_csv_reads_back_through_the_importer_with_blanks_and_quotes_intact():
    text = csv_text([row()], [row(comment="")])
    assert text.startswith("\ufeffunit_code,") and text.count("\ufeff") == 1
    rows, errors = read_rows(text, REQUIRED, OPTIONAL)
    assert errors == []
    assert len(rows) == 2
    assert rows[0].values["U4"] == ""  # blank stays blank, not 0
    assert rows[0].values["comment"] == 'Cepat, "ramah"\nterima kasih'
    assert rows[0].values["staff_nip"] == ""


def test_a_comment_that_looks_like_a_formula_is_defused_and_imports_back_unchanged():
    text = csv_text([row(comment="=HYPERLINK(1)")])
    cells = list(csv.reader(io.StringIO(text)))[1]
    assert cells[-1] == "'=HYPERLINK(1)"
    rows, errors = read_rows(text, REQUIRED, OPTIONAL)
    assert errors == [] and rows[0].values["comment"] == "=HYPERLINK(1)"


def test_the_processing_csv_has_the_sums_nrr_and_ikm_of_the_check_case():
    table = processing_table(totals_from_answers(check_case_answers()), 29)
    text = processing_csv(table)
    assert text.startswith("\ufeff")  # so Excel reads it as UTF-8 and shows "Σ"
    rows = {r[0]: r for r in csv.reader(io.StringIO(text.removeprefix("\ufeff")))}
    assert tuple(rows["kode"]) == PROCESSING_HEADER
    assert rows["sum"][2:] == ["105", "101", "100", "116", "102", "105", "106", "105", "115", "955"]
    assert rows["nrr"][2] == "3.6207"
    assert rows["weight"][2] == "1/9"
    assert rows["weighted_nrr"][-1] == "3.6590"
    assert rows["ikm"][-1] == "91.48"
    assert (rows["grade"][-1], rows["label"][-1]) == ("A", "Sangat Baik")


def test_the_xlsx_has_the_responses_and_the_processing_sheet():
    table = processing_table(totals_from_answers(check_case_answers()), 29)
    data = responses_xlsx([row(), row(comment='=HYPERLINK("http://x")')], table, JAKARTA)
    book = load_workbook(io.BytesIO(data))
    assert book.sheetnames == ["Responden", "Pengolahan"]
    sheet = book["Responden"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == RESPONSE_COLUMNS
    assert values[1][:5] == ("DISDUKCAPIL", "2026-03-02T09:39:00+07:00", 4, 4, 3)
    assert values[1][5] is None  # U4 not answered
    formula_cell = sheet.cell(row=3, column=len(RESPONSE_COLUMNS))
    assert formula_cell.data_type == "s"
    assert formula_cell.value.startswith("=HYPERLINK")
    processing = {r[0]: r for r in book["Pengolahan"].iter_rows(values_only=True)}
    assert processing["ikm"][-1] == 91.48
    assert processing["nrr"][2] == 3.6207


def test_the_processing_xlsx_alone_has_one_sheet():
    table = processing_table(totals_from_answers([]), 0)
    book = load_workbook(io.BytesIO(processing_xlsx(table)))
    assert book.sheetnames == ["Pengolahan"]
    rows = {r[0]: r for r in book["Pengolahan"].iter_rows(values_only=True)}
    assert rows["ikm"][-1] is None
