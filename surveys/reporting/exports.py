"""CSV and XLSX writers for the responses and the processing table (tabel pengolahan).

Pure: rows in, text or bytes out (the XLSX books in surveys/reporting/xlsx_book.py, which
loads openpyxl when a book is asked for). The responses CSV is exactly the import format of
DESIGN.md (same headers, ISO 8601 times with their offset, blank = not answered), so an
export imports back unchanged. Nothing in a cell is ever written as a spreadsheet formula
(surveys/store/spreadsheet.py; the import takes the CSV's protecting apostrophe away again).
"""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from decimal import Decimal

from surveys.method.elements import N_
from surveys.method.scoring import ELEMENT_CODES
from surveys.reporting.report import ProcessingTable
from surveys.store.imports.responses import OPTIONAL, REQUIRED
from surveys.store.spreadsheet import csv_document, csv_lines

RESPONSE_COLUMNS: tuple[str, ...] = (*REQUIRED, *OPTIONAL)


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
    return csv_document([RESPONSE_COLUMNS])


def responses_csv_rows(rows: Iterable[ExportRow], timezone: tzinfo) -> str:
    return csv_lines(response_values(row, timezone) for row in rows)


async def responses_csv_chunks(
    chunks: AsyncIterable[Iterable[ExportRow]], timezone: tzinfo
) -> AsyncIterator[str]:
    """The header, then one CSV text per chunk of rows: a streamed response, so a year of a
    big unit never sits in memory at once."""
    yield responses_csv_header()
    async for chunk in chunks:
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
    return csv_document([PROCESSING_HEADER, *processing_rows(table, gettext)])


# --- XLSX ------------------------------------------------------------------------------------


def responses_xlsx(
    rows: Iterable[ExportRow],
    table: ProcessingTable,
    timezone: tzinfo,
    gettext: Callable[[str], str] = str,
) -> bytes:
    """Sheet "Responden" with the CSV's columns, sheet "Pengolahan" with the processing table."""
    from surveys.reporting import xlsx_book

    values = (response_values(row, timezone) for row in rows)
    return xlsx_book.responses_book(
        (gettext(N_("Responden")), RESPONSE_COLUMNS, values), _processing_sheet(table, gettext)
    )


def processing_xlsx(table: ProcessingTable, gettext: Callable[[str], str] = str) -> bytes:
    from surveys.reporting import xlsx_book

    return xlsx_book.processing_book(_processing_sheet(table, gettext))


def _processing_sheet(
    table: ProcessingTable, gettext: Callable[[str], str]
) -> tuple[str, Sequence[str], list[list]]:
    return gettext(N_("Pengolahan")), PROCESSING_HEADER, processing_rows(table, gettext)
