"""Reading what an office saves from Excel: XLSX, comma or semicolon CSV, with or without BOM."""

from __future__ import annotations

import io
from datetime import date, datetime

import pytest
from openpyxl import Workbook

from surveys.store.imports.csvfile import read_rows
from surveys.store.imports.responses import OPTIONAL, REQUIRED
from surveys.store.imports.tablefile import Unreadable, cell_text, csv_delimiter, table_records

HEADER = "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9,comment"
ROW = 'DISDUKCAPIL,2026-03-10T09:00:00,4,4,3,,4,4,4,4,4,"Cepat, ramah"'
COMMA_CSV = f"{HEADER}\n{ROW}\n"
# What Excel writes with Indonesian regional settings: semicolons, and a comma in the text.
SEMICOLON_CSV = COMMA_CSV.replace(",", ";").replace('"Cepat; ramah"', "Cepat, ramah")


def workbook(*rows: tuple) -> bytes:
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def the_one_row(source: str | bytes) -> dict[str, str]:
    rows, errors = read_rows(source, REQUIRED, OPTIONAL)
    assert errors == []
    [row] = rows
    return row.values


@pytest.mark.parametrize(
    "source",
    [
        COMMA_CSV,
        COMMA_CSV.encode(),
        ("\ufeff" + COMMA_CSV).encode(),
        SEMICOLON_CSV.encode(),
        ("\ufeff" + SEMICOLON_CSV).encode("utf-8"),
        SEMICOLON_CSV.replace("\n", "\r\n").encode(),
    ],
    ids=["text", "comma", "comma-bom", "semicolon", "semicolon-bom", "semicolon-crlf"],
)
def test_every_csv_excel_writes_reads_to_the_same_row(source):
    values = the_one_row(source)
    assert values["unit_code"] == "DISDUKCAPIL"
    assert (values["U3"], values["U4"]) == ("3", "")
    assert values["comment"] == "Cepat, ramah"


def test_the_header_decides_the_separator_not_the_commas_in_the_text():
    assert csv_delimiter("a;b;c\nx,y,z;1\n") == ";"
    assert csv_delimiter("a,b,c\nx;y;z;w;v\n") == ","


def test_the_first_sheet_of_a_workbook_reads_like_the_csv():
    data = workbook(
        tuple(HEADER.split(",")),
        ("DISDUKCAPIL", "2026-03-10T09:00:00", 4, 4, 3, None, 4, 4, 4, 4, 4, "Cepat, ramah"),
    )
    assert the_one_row(data) == the_one_row(COMMA_CSV)


def test_a_workbook_row_whose_last_cells_are_empty_still_has_every_column():
    data = workbook(
        tuple(HEADER.split(",")),
        ("DISDUKCAPIL", datetime(2026, 3, 10), 4, 4, 4, 4, 4, 4, 4, 4, 4),
    )
    values = the_one_row(data)
    assert values["comment"] == ""
    assert values["submitted_at"] == "2026-03-10"  # Excel's date cell, as the date alone


def test_a_workbook_row_with_a_value_beyond_the_header_is_reported_with_its_row():
    data = workbook(("nip", "name"), ("1", "Andi", "lebih"))
    rows, errors = read_rows(data, ("nip", "name"))
    assert rows == []
    assert [(e.row, e.message) for e in errors] == [(2, "Baris ini berisi 3 kolom, seharusnya 2.")]


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, ""),
        (4, "4"),
        (4.0, "4"),
        (3.25, "3.25"),
        (True, "true"),
        (datetime(2026, 3, 10), "2026-03-10"),
        (datetime(2026, 3, 10, 9, 30), "2026-03-10T09:30:00"),
        (date(2026, 3, 10), "2026-03-10"),
        ("=1", "=1"),
    ],
)
def test_a_cell_reads_as_the_text_a_csv_would_hold(value, text):
    assert cell_text(value) == text


def test_a_file_in_the_windows_code_page_is_refused_with_how_to_save_it():
    rows, errors = read_rows("nip,name\n1,Jos\xe9\n".encode("cp1252"), ("nip", "name"))
    assert rows == []
    [error] = errors
    assert error.row == 1 and "CSV UTF-8" in error.message


def test_a_damaged_workbook_is_refused_not_crashed_on():
    with pytest.raises(Unreadable):
        list(table_records(b"PK\x03\x04 not really a zip"))
    rows, errors = read_rows(b"PK\x03\x04 not really a zip", ("nip",))
    assert rows == [] and "XLSX" in errors[0].message


def test_a_record_the_csv_reader_cannot_read_is_reported_at_its_row():
    endless = "a" * 200_000  # past the csv module's field size limit: a runaway quote
    rows, errors = read_rows(f'nip,name\n1,"{endless}\n', ("nip", "name"))
    assert rows == []
    assert errors and errors[0].row == 2
