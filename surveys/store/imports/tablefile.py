"""An uploaded table's records, whatever the office saved it as (pure).

Three forms reach an import: an XLSX workbook (its first sheet), a CSV separated by
commas, or a CSV separated by semicolons (what Excel writes when Windows is set to
Indonesian, where the comma is the decimal separator). CSV text is UTF-8, with or
without the byte-order mark Excel puts in front. The separator is read from the header
line: the column names contain neither character, so whichever of the two it holds
more of separates the columns (a comment with commas in a semicolon file cannot fool it).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime, time

from surveys.method.elements import N_
from surveys.method.text import without_control_characters

Record = tuple[int, list[str]]  # the record's first line in the file (header = 1), its cells

# Every XLSX (a zip archive) starts with these bytes; no UTF-8 text does.
_ZIP_MAGIC = b"PK\x03\x04"


class Unreadable(ValueError):
    """The file, or the record at ``line``, cannot be read; no record after it can be trusted."""

    def __init__(self, line: int, template: str, /, **params: object) -> None:
        super().__init__(template)
        self.line = line
        self.template = template
        self.params = params


def table_records(source: str | bytes) -> Iterator[Record]:
    """The records of ``source``: CSV text, or the bytes of a CSV or XLSX file.

    Raises ``Unreadable`` (while iterating) for a file that is neither, or at the record
    where a CSV breaks.
    """
    if isinstance(source, bytes):
        if source.startswith(_ZIP_MAGIC):
            return _workbook_records(source)
        try:
            source = source.decode("utf-8-sig")
        except UnicodeDecodeError:
            return _refused(
                N_(
                    "Berkas bukan CSV UTF-8 maupun XLSX. Di Excel, simpan dengan "
                    "'Simpan Sebagai' → 'CSV UTF-8' atau 'Buku Kerja Excel (.xlsx)'."
                )
            )
    # A NUL or other control character in a cell is dropped, as from every form.
    return _csv_records(without_control_characters(source.removeprefix("\ufeff")))


def csv_delimiter(text: str) -> str:
    """``;`` when the header line holds more semicolons than commas, else ``,``."""
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


def _refused(template: str) -> Iterator[Record]:
    raise Unreadable(1, template)
    yield  # pragma: no cover - makes this a generator, so it raises while iterating


def _csv_records(text: str) -> Iterator[Record]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=csv_delimiter(text))
    line = 0
    while True:
        start = line + 1
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise Unreadable(
                start, N_("Baris ini tidak terbaca: %(reason)s."), reason=error
            ) from None
        line = reader.line_num
        yield start, record


def _workbook_records(data: bytes) -> Iterator[Record]:
    from openpyxl import load_workbook  # only an XLSX import pays for openpyxl

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # a damaged archive raises whatever its first broken part does
        raise Unreadable(
            1, N_("Berkas XLSX tidak terbaca: %(reason)s."), reason=type(error).__name__
        ) from None
    try:
        sheet = book.worksheets[0]
        width = 0
        for line, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = _without_trailing_blanks(
                [without_control_characters(cell_text(value)) for value in values]
            )
            width = width or len(cells)  # the header's
            # A cell left empty at a row's end is no cell at all to openpyxl.
            yield line, cells + [""] * (width - len(cells))
    finally:
        book.close()


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells.pop()
    return cells


def cell_text(value: object) -> str:
    """A spreadsheet cell's value as the text a CSV would hold for it.

    Whole numbers lose Excel's ``.0``; a date-time at midnight is the date alone (Excel
    stores dates as date-times), any other moment its ISO 8601 form.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        if value.time() == time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, date | time):
        return value.isoformat()
    return str(value)
