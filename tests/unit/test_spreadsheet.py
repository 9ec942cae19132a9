"""Defusing text a spreadsheet would run, and restoring it on import (plain values)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.store.spreadsheet import defused, restored


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_text_a_spreadsheet_would_run_gets_an_apostrophe(text):
    assert defused(text) == "'" + text


@pytest.mark.parametrize("text", ["Pelayanan cepat", "", "-0.25", "+62", "-3", "'kutip'"])
def test_plain_text_and_numbers_stay_as_they_are(text):
    assert defused(text) == text


def test_an_apostrophe_that_protects_nothing_is_kept_on_import():
    assert restored("'kutip'") == "'kutip'"
    assert restored("'-0.25") == "'-0.25"


def test_text_that_starts_with_an_apostrophe_and_a_formula_keeps_its_apostrophe():
    assert defused("'=1") == "''=1"
    assert restored("''=1") == "'=1"


@given(st.text(alphabet="'=+-@\t\r0.a ", max_size=12) | st.text(max_size=30))
def test_any_text_defused_is_restored_to_itself(text):
    assert restored(defused(text)) == text


def test_a_workbook_names_its_sheet_bolds_its_header_and_runs_no_formula():
    import io
    from datetime import date
    from decimal import Decimal

    from openpyxl import load_workbook

    from surveys.store.spreadsheet import xlsx_document

    data = xlsx_document(
        "kebutuhan-DISDUKCAPIL-dan-seterusnya-panjang",
        ["name", "score", "day"],
        [["=SUM(A1)", Decimal("3.25"), date(2026, 3, 1)], ["Rina", None, None]],
    )
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet.title == "kebutuhan-DISDUKCAPIL-dan-seter"  # Excel's 31 characters
    assert [cell.font.bold for cell in sheet[1]] == [True, True, True]
    assert [cell.font.bold for cell in sheet[2]] == [False, False, False]
    assert sheet["A2"].value == "'=SUM(A1)" and sheet["A3"].value == "Rina"
    assert sheet["B2"].value == 3.25 and sheet["B2"].data_type == "n"
    assert sheet["C2"].value.date() == date(2026, 3, 1)
    assert sheet["B3"].value is None
