"""Text that a spreadsheet must show, not run (CSV injection), and back again on import (pure).

A cell starting with = + - @ or a tab is read by Excel and LibreOffice as a formula, so a
citizen's comment could run on a manager's machine. The exports put an apostrophe in front,
which spreadsheets show as plain text; the imports take it away again, so an exported file
imports back unchanged.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# "-0.25" is a number to a spreadsheet, not a formula: numbers keep their sign.
_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)?")


def defused(text: str) -> str:
    """``text``, with an apostrophe in front when a spreadsheet would run it (or run it once
    an import took its own leading apostrophes away)."""
    return "'" + text if _runs(text.lstrip("'")) else text


def restored(text: str) -> str:
    """The text ``defused`` was given."""
    return text[1:] if text[:1] == "'" and _runs(text.lstrip("'")) else text


def _runs(text: str) -> bool:
    return text[:1] in FORMULA_STARTS and not _NUMBER.fullmatch(text)


# The charset is added by the response, which appends it to every text/* type.
CSV_MEDIA_TYPE = "text/csv"
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel reads a CSV as UTF-8 only when it starts with a byte-order mark; without one it
# guesses the Windows code page and garbles "Σ", "é" and every non-Latin name.
BYTE_ORDER_MARK = "\ufeff"


def csv_document(rows: Iterable[Sequence]) -> str:
    """A whole CSV file: the byte-order mark, then ``rows`` as ``csv_lines`` writes them."""
    return BYTE_ORDER_MARK + csv_lines(rows)


def xlsx_document(title: str, header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    """A workbook of one sheet named ``title`` (cut to Excel's 31 characters): ``header`` in
    bold, then ``rows`` (no text a spreadsheet would run, decimals as numbers)."""
    from decimal import Decimal

    from openpyxl import Workbook
    from openpyxl.styles import Font

    def cell(value: object) -> object:
        if isinstance(value, str):
            return defused(value)
        return float(value) if isinstance(value, Decimal) else value

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title[:31]
    sheet.append(list(header))
    for heading in sheet[1]:
        heading.font = Font(bold=True)
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_lines(rows: Iterable[Sequence]) -> str:
    """Rows as CSV text (None as an empty cell, no text a spreadsheet would run), CRLF line
    ends as RFC 4180 says."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow([_cell_text(value) for value in row])
    return buffer.getvalue()


def _cell_text(value: object) -> object:
    if value is None:
        return ""
    return defused(value) if isinstance(value, str) else value


def xlsx_as_csv(data: bytes) -> str:
    """The first sheet of an XLSX workbook as CSV text, for the CSV imports: dates as
    YYYY-MM-DD, whole numbers without a decimal point. ValueError when it is no workbook."""
    import datetime as dt
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError) as error:
        raise ValueError(str(error)) from None
    sheet = book.worksheets[0]

    def cell(value: object) -> object:
        if isinstance(value, dt.datetime):
            return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return "" if value is None else value

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in sheet.iter_rows(values_only=True):
        writer.writerow([cell(value) for value in row])
    book.close()
    return buffer.getvalue()
