"""Uploaded tables arrive as CSV with commas, with semicolons, or as XLSX: all read alike."""

import io
from datetime import date

import pytest

from surveys.competency.uploads import UnreadableUpload, upload_text


def test_a_comma_csv_is_taken_as_it_is():
    assert upload_text(b"\xef\xbb\xbfnip,level\n1,2\n") == "nip,level\n1,2\n"


def test_a_semicolon_csv_from_an_indonesian_excel_becomes_commas():
    assert upload_text(b'nip;catatan\n1;"a, b"\n').splitlines() == [
        "nip,catatan",
        '1,"a, b"',
    ]


def test_an_xlsx_sheet_becomes_csv_with_iso_dates_and_whole_numbers():
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["nip", "assessed_on", "komunikasi"])
    sheet.append(["199001012015031001", date(2026, 3, 1), 3.0])
    buffer = io.BytesIO()
    book.save(buffer)

    assert upload_text(buffer.getvalue()).splitlines() == [
        "nip,assessed_on,komunikasi",
        "199001012015031001,2026-03-01,3",
    ]


def test_bytes_that_are_neither_text_nor_a_workbook_are_refused():
    with pytest.raises(UnreadableUpload):
        upload_text(b"\xff\xfe\x00garbage")
    with pytest.raises(UnreadableUpload):
        upload_text(b"PK\x03\x04broken zip")
