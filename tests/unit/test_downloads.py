"""The one way a table becomes a file to save: CSV with a byte-order mark, or XLSX."""

import csv
import io

from openpyxl import load_workbook

from app.web import table_download

HEADER = ["nip", "name"]
ROWS = [["199001012020121001", "Rina Ayu"], ["199202022021011002", "=cmd|' /C calc'!A0"]]


async def test_a_csv_download_starts_with_the_mark_excel_needs_and_keeps_its_name():
    response = await table_download("kebutuhan-DISDUKCAPIL", "csv", HEADER, ROWS)

    assert response.media_type.startswith("text/csv")
    assert response.headers["content-disposition"] == (
        'attachment; filename="kebutuhan-DISDUKCAPIL.csv"'
    )
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADER and rows[1] == ROWS[0]
    assert rows[2][1].startswith("'=")  # a formula is shown, not run


async def test_an_xlsx_download_names_its_sheet_apart_from_its_file_when_asked():
    response = await table_download("kegiatan-2026", "xlsx", HEADER, ROWS, sheet="kegiatan")

    assert response.headers["content-disposition"] == 'attachment; filename="kegiatan-2026.xlsx"'
    assert "spreadsheetml" in response.media_type
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet.title == "kegiatan"
    assert [[c.value for c in row] for row in sheet.iter_rows(max_row=2)] == [HEADER, ROWS[0]]
    assert not response.content.startswith("\ufeff".encode())
