"""The approval page's rules and what the PDF writes on it."""

from __future__ import annotations

from datetime import date

from surveys.reporting.approval import BLANK_NAME, Approval, read_approval, signatories
from surveys.reporting.report import build_report
from tests.unit.test_report import report_input

TODAY = date(2026, 4, 10)


def test_nips_lose_their_spaces_and_must_be_well_formed():
    found, errors = read_approval(
        {"prepared_name": "Rina", "prepared_nip": "19800101 200501 1 001", "approved_nip": "123"},
        None,
        TODAY,
    )
    assert found.prepared_nip == "198001012005011001"
    assert set(errors) == {"approved_nip", "approved_name"}  # bad NIP, and a NIP without a name


def test_an_empty_approval_is_allowed_and_prints_blanks_to_sign_by_hand():
    found, errors = read_approval({}, None, TODAY)
    assert errors == {} and found.empty
    assert [person.name for person in signatories(found)] == [BLANK_NAME, BLANK_NAME]
    assert signatories(None)[1].role == "Disahkan oleh"


def test_the_pdf_approval_page_names_both_signatories(monkeypatch):
    from surveys.reporting.pdf import _Writer

    approval = Approval(
        prepared_name="Rina Marlina",
        prepared_nip="198001012005011001",
        approved_name="Ahmad Fauzi",
        approved_nip="197503152000031002",
        approved_position="Kepala Dinas",
        place="Sawahlunto",
        signed_on=date(2026, 4, 10),
    )
    writer = _Writer(
        build_report(report_input(approval=approval)),
        str,
        lambda value, places: str(value),
        lambda day: day.isoformat(),
    )
    written: list[str] = []
    original = writer.pdf.multi_cell

    def recording(w, h, text="", *args, **kwargs):
        written.append(text)
        return original(w, h, text, *args, **kwargs)

    monkeypatch.setattr(writer.pdf, "multi_cell", recording)
    pages = writer.pdf.page
    writer.approval()
    assert writer.pdf.page == pages + 1
    page = "\n".join(written)
    for expected in (
        "LEMBAR PENGESAHAN",
        "Sawahlunto, 2026-04-10",
        "Disahkan oleh\nKepala Dinas",
        "Rina Marlina",
        "NIP 197503152000031002",
    ):
        assert expected in page, expected
