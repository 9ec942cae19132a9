"""CSV and XLSX writers for the responses and the processing table (tabel pengolahan).

Pure: rows in, text or bytes out. The responses CSV is exactly the import format of
DESIGN.md (same headers, ISO 8601 times with their offset, blank = not answered), so an
export imports back unchanged. Nothing in a cell is ever written as a spreadsheet formula
(surveys/store/spreadsheet.py; the import takes the CSV's protecting apostrophe away again).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

from surveys.method.elements import N_
from surveys.method.scoring import ELEMENT_CODES
from surveys.reporting.report import ProcessingTable
from surveys.store.imports.responses import OPTIONAL, REQUIRED
from surveys.store.spreadsheet import csv_lines

RESPONSE_COLUMNS: tuple[str, ...] = (*REQUIRED, *OPTIONAL)
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class ExportRow:
    """One valid response, with names and NIPs in place of ids (as the import expects)."""

    unit_code: str
    submitted_at: datetime
    answers: tuple[int | None, ...]  # U1 … U9
    service_point: str | None
    staff_nip: str | None
    gender: str | None
    age: int | None
    education: str | None
    occupation: str | None
    service_type: str | None
    comment: str


def response_values(row: ExportRow, timezone: tzinfo) -> list[str | int | None]:
    """The row in RESPONSE_COLUMNS order; the time in local time with its UTC offset."""
    moment = row.submitted_at.astimezone(timezone).isoformat(timespec="seconds")
    return [
        row.unit_code,
        moment,
        *row.answers,
        row.service_point,
        row.staff_nip,
        row.gender,
        row.age,
        row.education,
        row.occupation,
        row.service_type,
        row.comment,
    ]


def responses_csv_header() -> str:
    return csv_lines([RESPONSE_COLUMNS])


def responses_csv_rows(rows: Iterable[ExportRow], timezone: tzinfo) -> str:
    return csv_lines(response_values(row, timezone) for row in rows)


def responses_csv_chunks(chunks: Iterable[Iterable[ExportRow]], timezone: tzinfo) -> Iterator[str]:
    """The header, then one CSV text per chunk of rows (for a streamed response)."""
    yield responses_csv_header()
    for chunk in chunks:
        yield responses_csv_rows(chunk, timezone)


# --- the processing table ------------------------------------------------------------------

PROCESSING_HEADER = ("kode", "baris", *ELEMENT_CODES, "jumlah")
_ROW_LABELS = {
    "sum": N_("Σ nilai per unsur"),
    "count": N_("Jumlah jawaban per unsur"),
    "nrr": N_("NRR per unsur"),
    "weight": N_("Bobot"),
    "weighted_nrr": N_("NRR tertimbang per unsur"),
    "n": N_("Jumlah responden"),
    "ikm_1_4": N_("IKM (skala 1–4)"),
    "ikm": N_("IKM unit pelayanan (skala 25–100)"),
    "grade": N_("Mutu pelayanan"),
    "label": N_("Kinerja unit pelayanan"),
}


def processing_rows(
    table: ProcessingTable, gettext: Callable[[str], str] = str
) -> list[list[str | int | Decimal | None]]:
    """The table as rows: key, label, U1…U9, total. Decimals are already rounded for show."""
    columns = table.columns
    result = table.result

    def row(key: str, values: list, total=None) -> list:
        return [key, gettext(_ROW_LABELS[key]), *values, total]

    def summary(key: str, value) -> list:
        return row(key, [None] * len(columns), value)

    rows = [
        row("sum", [c.total for c in columns], table.total),
        row("count", [c.count for c in columns], sum(c.count for c in columns)),
        row("nrr", [c.nrr_display for c in columns]),
        row("weight", [_fraction(c.weight) for c in columns], "1"),
        row("weighted_nrr", [c.weighted_display for c in columns], table.ni_display),
        summary("n", table.n),
        summary("ikm_1_4", table.ni_display),
        summary("ikm", result.ikm),
        summary("grade", result.grade.letter if result.grade else None),
        summary("label", gettext(result.grade.label) if result.grade else None),
    ]
    return rows


def _fraction(value) -> str:
    return f"{value.numerator}/{value.denominator}" if value.denominator != 1 else str(value)


def processing_csv(table: ProcessingTable, gettext: Callable[[str], str] = str) -> str:
    return csv_lines([PROCESSING_HEADER, *processing_rows(table, gettext)])


# --- XLSX ------------------------------------------------------------------------------------

_BOLD = Font(bold=True)
_FORMATS = {"nrr": "0.0000", "weighted_nrr": "0.0000", "ikm_1_4": "0.0000", "ikm": "0.00"}


def _text_cell(sheet, value: str, bold: bool = False) -> WriteOnlyCell:
    # Forced to a string: a comment starting with "=" must never become a formula.
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
    cell.data_type = "s"
    if bold:
        cell.font = _BOLD
    return cell


def _cell(sheet, value, number_format: str | None = None):
    if isinstance(value, str):
        # Only a leading "=" makes openpyxl write a formula; other text goes in as is,
        # which keeps a 50,000-row sheet several times faster than a cell object each.
        text = ILLEGAL_CHARACTERS_RE.sub("", value)
        return _text_cell(sheet, text) if text.startswith("=") else text
    if isinstance(value, Decimal):
        cell = WriteOnlyCell(sheet, value=float(value))
        if number_format:
            cell.number_format = number_format
        return cell
    return value


def _write_processing(sheet, table: ProcessingTable, gettext: Callable[[str], str]) -> None:
    sheet.append([_text_cell(sheet, name, bold=True) for name in PROCESSING_HEADER])
    for values in processing_rows(table, gettext):
        number_format = _FORMATS.get(str(values[0]))
        sheet.append([_cell(sheet, value, number_format) for value in values])


def responses_xlsx(
    rows: Iterable[ExportRow],
    table: ProcessingTable,
    timezone: tzinfo,
    gettext: Callable[[str], str] = str,
) -> bytes:
    """Sheet "Responden" with the CSV's columns, sheet "Pengolahan" with the processing table."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext(N_("Responden")))
    sheet.append([_text_cell(sheet, name, bold=True) for name in RESPONSE_COLUMNS])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in response_values(row, timezone)])
    _write_processing(book.create_sheet(gettext(N_("Pengolahan"))), table, gettext)
    return _saved(book)


def processing_xlsx(table: ProcessingTable, gettext: Callable[[str], str] = str) -> bytes:
    book = Workbook(write_only=True)
    _write_processing(book.create_sheet(gettext(N_("Pengolahan"))), table, gettext)
    return _saved(book)


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
