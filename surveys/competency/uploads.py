"""An uploaded table as CSV text: UTF-8 CSV with commas or semicolons, or an XLSX workbook.

The imports read CSV (surveys/store/imports/csvfile.py); a spreadsheet saved by Excel in an
Indonesian locale uses semicolons, and many offices keep XLSX. Both become the same CSV text
here, so every rule of the import applies to them alike. openpyxl is loaded only for XLSX.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

XLSX_MAGIC = b"PK\x03\x04"


class UnreadableUpload(ValueError):
    """Neither UTF-8 text nor a readable workbook."""


def upload_text(data: bytes) -> str:
    """CSV text (comma-separated) from the bytes of a CSV or XLSX file."""
    if data.startswith(XLSX_MAGIC):
        return _xlsx_text(data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableUpload("not UTF-8") from None
    header = text.split("\n", 1)[0]
    if header.count(";") > header.count(","):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        return _csv(rows)
    return text


def _xlsx_text(data: bytes) -> str:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        raise UnreadableUpload(str(error)) from None
    sheet = book.worksheets[0]
    rows = [[_cell(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    book.close()
    return _csv(rows)


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _csv(rows: list[list[str]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(row)
    return buffer.getvalue()
