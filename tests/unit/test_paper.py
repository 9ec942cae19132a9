from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.forum.paper import (
    PaperEntry,
    PaperError,
    expand_tally,
    parse_paper_code,
    parse_tally,
    tally_from_rows,
    tally_size,
)
from surveys.method.scoring import ELEMENT_CODES, compute_ikm, ikm_from_answers, totals_from_tally


def test_it_reads_nine_answers():
    entry = parse_paper_code("343344334")
    assert entry == PaperEntry(answers=(3, 4, 3, 3, 4, 4, 3, 3, 4))


def test_it_reads_profile_codes_in_any_order_and_case():
    entry = parse_paper_code("  343344334 swasta 45 l sma ")
    assert (entry.gender, entry.age, entry.education, entry.occupation) == (
        "L",
        45,
        "SMA",
        "Swasta",
    )


@pytest.mark.parametrize(
    ("token", "education"),
    [("D3", "D1-D3"), ("d1", "D1-D3"), ("S1", "S1/D4"), ("D4", "S1/D4"), ("SMK", "SMA")],
)
def test_it_maps_education_aliases_to_the_template_values(token, education):
    assert parse_paper_code(f"111111111 {token}").education == education


@pytest.mark.parametrize(
    ("token", "occupation"),
    [("mhs", "Pelajar/Mahasiswa"), ("WIRA", "Wirausaha"), ("asn", "PNS"), ("lain", "Lainnya")],
)
def test_it_maps_occupation_aliases_to_the_template_values(token, occupation):
    assert parse_paper_code(f"111111111 {token}").occupation == occupation


def test_it_keeps_a_blank_element_as_none_not_zero():
    assert parse_paper_code("34-344334").answers == (3, 4, None, 3, 4, 4, 3, 3, 4)


def test_it_takes_everything_after_a_hash_as_the_comment():
    entry = parse_paper_code("343344334 P 30 # antre  terlalu lama # sekali")
    assert entry.comment == "antre terlalu lama # sekali"
    assert entry.age == 30


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("343354334", "Angka ke-5 (U5) adalah 5"),
        ("043344334", "Angka ke-1 (U1) adalah 0"),
        ("34334433", "terketik 8"),
        ("3433443341", "terketik 10"),
        ("", "sembilan angka"),
        ("---------", "kosong"),
        ("343344334 X", "Kode profil X tidak dikenal"),
        ("343344334 L P", "Jenis kelamin tertulis dua kali (P)"),
        ("343344334 9", "Usia 9 di luar rentang"),
        ("343344334 121", "Usia 121 di luar rentang"),
        ("343344334 SD SMA", "Pendidikan tertulis dua kali"),
    ],
)
def test_it_explains_what_is_wrong_with_a_code(text, fragment):
    with pytest.raises(PaperError) as caught:
        parse_paper_code(text)
    assert fragment in str(caught.value)
    assert caught.value.template  # an untranslated message id for the web layer


def test_it_writes_an_entry_back_as_a_code_that_parses_to_the_same_entry():
    entry = parse_paper_code("34-344334 p 45 d2 mahasiswa # bagus")
    assert entry.as_code() == "34-344334 P 45 D3 PELAJAR # bagus"
    assert parse_paper_code(entry.as_code()) == entry


def test_it_reads_a_tally_grid_with_blank_cells_as_zero():
    result = parse_tally({"U1_4": "18", "U1_3": "11", "U2_2": " 3 "})
    assert result.ok
    assert result.counts["U1"] == {1: 0, 2: 0, 3: 11, 4: 18}
    assert result.counts["U2"][2] == 3
    assert result.counts["U9"] == {1: 0, 2: 0, 3: 0, 4: 0}


def test_it_reports_every_bad_tally_cell_and_keeps_the_good_ones():
    result = parse_tally({"U1_1": "-2", "U3_4": "2,5", "U4_4": "x", "U5_4": "7"})
    assert set(result.errors) == {"U1_1", "U3_4", "U4_4"}
    assert result.counts["U5"][4] == 7


def test_it_refuses_an_empty_tally():
    result = parse_tally({"U1_1": "0", "U2_2": ""})
    assert result.errors == {"": "Tally kosong: isi paling sedikit satu jawaban."}


def test_the_tally_size_is_the_largest_element_total():
    assert tally_size({"U1": {3: 2, 4: 3}, "U2": {4: 1}}) == 5
    assert tally_size({}) == 0


def test_expanding_a_tally_keeps_every_count_and_blanks_the_shorter_elements():
    counts = {"U1": {3: 2, 4: 3}, "U2": {1: 1}}
    rows = expand_tally(counts)
    assert len(rows) == 5
    assert Counter(row[0] for row in rows) == {3: 2, 4: 3}
    assert [row[1] for row in rows] == [1, None, None, None, None]
    assert all(row[8] is None for row in rows)


def test_expanding_an_empty_tally_gives_no_rows():
    assert expand_tally({code: {} for code in ELEMENT_CODES}) == []


def test_expanding_refuses_impossible_counts():
    with pytest.raises(ValueError):
        expand_tally({"U1": {5: 1}})
    with pytest.raises(ValueError):
        expand_tally({"U1": {1: -1}})
    with pytest.raises(ValueError):
        expand_tally({"U10": {1: 1}})


def test_the_check_case_as_a_tally_gives_ikm_91_48():
    counts = {
        "U1": {4: 18, 3: 11},
        "U2": {4: 14, 3: 15},
        "U3": {4: 15, 3: 12, 2: 2},
        "U4": {4: 29},
        "U5": {4: 15, 3: 14},
        "U6": {4: 18, 3: 11},
        "U7": {4: 19, 3: 10},
        "U8": {4: 18, 3: 11},
        "U9": {4: 28, 3: 1},
    }
    rows = expand_tally(counts)
    answers = [dict(zip(ELEMENT_CODES, row, strict=True)) for row in rows]
    assert str(ikm_from_answers(answers).ikm) == "91.48"


tallies = st.fixed_dictionaries(
    {
        code: st.fixed_dictionaries({value: st.integers(0, 12) for value in range(1, 5)})
        for code in ELEMENT_CODES
    }
).filter(lambda counts: tally_size(counts) > 0)


@given(tallies)
def test_an_expanded_tally_scores_exactly_like_the_tally(counts):
    rows = expand_tally(counts)
    assert tally_from_rows(rows) == counts
    answers = [dict(zip(ELEMENT_CODES, row, strict=True)) for row in rows]
    direct = compute_ikm(totals_from_tally(counts), tally_size(counts))
    assert ikm_from_answers(answers) == direct
