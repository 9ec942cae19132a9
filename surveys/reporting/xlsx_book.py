"""XLSX workbooks of the exports (openpyxl), loaded only when a book is written.

Rows come already in their columns' order from surveys/reporting/exports.py. Nothing in a
cell is ever written as a spreadsheet formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font

# A sheet: its title, its header and its rows.
Sheet = tuple[str, Sequence[str], Iterable[Sequence[Any]]]

_BOLD = Font(bold=True)
# Number formats of the processing table's rows, by the row's key (its first cell).
_FORMATS = {"nrr": "0.0000", "weighted_nrr": "0.0000", "ikm_1_4": "0.0000", "ikm": "0.00"}


def responses_book(responses: Sheet, processing: Sheet) -> bytes:
    """The responses' sheet, then the processing table's."""
    book = Workbook(write_only=True)
    title, header, rows = responses
    sheet = book.create_sheet(title)
    sheet.append([_text_cell(sheet, name, bold=True) for name in header])
    for values in rows:
        sheet.append([_cell(sheet, value) for value in values])
    _write_processing(book, processing)
    return _saved(book)


def processing_book(processing: Sheet) -> bytes:
    book = Workbook(write_only=True)
    _write_processing(book, processing)
    return _saved(book)


def sheets_book(sheets: Iterable[Sheet]) -> bytes:
    """Plain sheets: a bold header, then the rows (decimals as numbers, 2 places)."""
    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title)
        sheet.append([_text_cell(sheet, name, bold=True) for name in header])
        for values in rows:
            sheet.append([_cell(sheet, value, "0.00") for value in values])
    return _saved(book)


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


def _write_processing(book: Workbook, processing: Sheet) -> None:
    title, header, rows = processing
    sheet = book.create_sheet(title)
    sheet.append([_text_cell(sheet, name, bold=True) for name in header])
    for values in rows:
        number_format = _FORMATS.get(str(values[0]))
        sheet.append([_cell(sheet, value, number_format) for value in values])


def _saved(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
