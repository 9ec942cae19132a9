import ast
import sys
from collections import Counter
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from surveys.method import scoring
from surveys.method.scoring import (
    ELEMENT_CODES,
    EQUAL_WEIGHTS,
    ElementTotals,
    Grade,
    compute_ikm,
    grade_for,
    ikm_from_answers,
    krejcie_morgan,
    round_half_up,
    sample_target,
    totals_from_answers,
    totals_from_tally,
    validate_value,
)
from tests.check_case import CHECK_CASE_COUNTS, check_case_answers


def all_answers(value: int, n: int) -> list[dict[str, int]]:
    return [dict.fromkeys(ELEMENT_CODES, value) for _ in range(n)]


# --- the check values of the SKM method (docs/methodology.md) ---


def test_the_check_case_has_29_respondents_who_answered_every_element():
    answers = check_case_answers()
    assert len(answers) == 29
    assert all(set(answer) == set(ELEMENT_CODES) for answer in answers)


def test_it_gives_91_48_for_the_29_respondent_check_case():
    result = ikm_from_answers(check_case_answers())
    assert result.n == 29
    assert result.ikm == Decimal("91.48")
    assert result.ikm_display() == "91.48"
    assert result.grade == Grade("A", "Sangat Baik")


def test_it_sums_the_nine_element_totals_of_the_check_case():
    totals = totals_from_answers(check_case_answers())
    assert [totals[code].total for code in ELEMENT_CODES] == [
        105, 101, 100, 116, 102, 105, 106, 105, 115,
    ]  # fmt: skip
    assert sum(t.total for t in totals.values()) == 955
    assert all(totals[code].count == 29 for code in ELEMENT_CODES)


def test_it_shows_each_nrr_of_the_check_case_to_four_decimals():
    result = ikm_from_answers(check_case_answers())
    assert [e.nrr_display for e in result.elements] == [
        "3.6207", "3.4828", "3.4483", "4.0000", "3.5172", "3.6207", "3.6552", "3.6207", "3.9655",
    ]  # fmt: skip


def test_it_keeps_the_nrrs_exact_and_rounds_only_the_index():
    result = ikm_from_answers(check_case_answers())
    assert result.elements[0].nrr == Fraction(105, 29)
    assert result.ni == Fraction(955, 9 * 29)


def test_it_grades_each_element_on_its_own_rounded_score():
    by_code = {e.code: e for e in ikm_from_answers(check_case_answers()).elements}
    assert by_code["U1"].score == Decimal("90.52")
    assert by_code["U1"].grade.letter == "A"
    assert by_code["U3"].score == Decimal("86.21")
    assert by_code["U3"].grade.letter == "B"
    assert by_code["U4"].score == Decimal("100.00")


def test_weights_of_0_11_would_give_90_56_the_bug_the_exact_ninth_avoids():
    # What many published apps do; kept here to document why EQUAL_WEIGHTS is Fraction(1, 9).
    def ikm_with_weight_0_11(totals: dict[str, ElementTotals]) -> Decimal:
        ni = sum(Decimal("0.11") * Decimal(t.total) / Decimal(t.count) for t in totals.values())
        return round_half_up(25 * ni, 2)

    totals = totals_from_answers(check_case_answers())
    assert ikm_with_weight_0_11(totals) == Decimal("90.56")
    assert compute_ikm(totals, 29).ikm == Decimal("91.48")


def test_it_refuses_weights_of_0_11_because_they_do_not_sum_to_one():
    weights = dict.fromkeys(ELEMENT_CODES, Decimal("0.11"))
    with pytest.raises(ValueError, match="sum to exactly 1"):
        ikm_from_answers(check_case_answers(), weights=weights)


def test_the_equal_weights_are_exactly_one_ninth():
    assert set(EQUAL_WEIGHTS) == set(ELEMENT_CODES)
    assert all(w == Fraction(1, 9) for w in EQUAL_WEIGHTS.values())
    assert sum(EQUAL_WEIGHTS.values()) == 1


def test_it_gives_100_00_a_when_every_answer_is_4():
    result = ikm_from_answers(all_answers(4, 7))
    assert result.ikm_display() == "100.00"
    assert result.grade.letter == "A"


def test_it_gives_25_00_d_when_every_answer_is_1():
    result = ikm_from_answers(all_answers(1, 7))
    assert result.ikm_display() == "25.00"
    assert result.grade == Grade("D", "Tidak Baik")


@pytest.mark.parametrize(
    ("raw", "rounded", "letter"),
    [
        ("64.99", "64.99", "D"),
        ("65.00", "65.00", "C"),
        ("76.60", "76.60", "C"),
        ("76.605", "76.61", "B"),
        ("88.30", "88.30", "B"),
        ("88.304", "88.30", "B"),
        ("88.305", "88.31", "A"),
    ],
)
def test_it_grades_the_value_rounded_half_up_to_two_decimals(raw, rounded, letter):
    value = round_half_up(Decimal(raw), 2)
    assert str(value) == rounded
    assert grade_for(value).letter == letter


def test_it_grades_an_unrounded_value_as_its_rounded_value():
    assert grade_for(Decimal("76.605")).letter == "B"
    assert grade_for(Decimal("88.3049")).letter == "B"


def test_it_uses_the_official_indonesian_grade_labels():
    labels = [grade_for(Decimal(v)).label for v in ("100", "80", "70", "25")]
    assert labels == ["Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"]


# --- rounding ---


def test_it_rounds_halves_up_rather_than_to_even():
    assert round_half_up(Decimal("0.125"), 2) == Decimal("0.13")
    assert round_half_up(Fraction(1, 8), 2) == Decimal("0.13")
    assert round_half_up(Fraction(5, 2), 0) == Decimal("3")
    assert round_half_up(Fraction(-5, 2), 0) == Decimal("-3")


def test_it_keeps_trailing_zeros_when_rounding():
    assert str(round_half_up(Fraction(4), 4)) == "4.0000"
    assert str(round_half_up(Decimal("91.5"), 2)) == "91.50"


def test_it_refuses_to_round_a_float_which_is_already_inexact():
    with pytest.raises(TypeError):
        round_half_up(76.605, 2)


# --- Krejcie-Morgan sample size ---


@pytest.mark.parametrize(
    ("population", "sample"),
    [(100, 80), (500, 217), (1000, 278), (2000, 322), (10000, 370)],
)
def test_it_matches_the_krejcie_morgan_table(population, sample):
    assert krejcie_morgan(population) == sample


def test_it_never_asks_for_more_than_384_respondents():
    assert krejcie_morgan(10**12) == 384


def test_it_asks_for_no_respondents_without_a_population():
    assert krejcie_morgan(0) == 0
    assert krejcie_morgan(-5) == 0


def test_it_asks_a_population_of_one_for_its_one_member():
    assert krejcie_morgan(1) == 1


def test_it_reports_the_sample_target_as_met_only_when_reached():
    assert sample_target(1000, 278) == scoring.SampleTarget(1000, 278, 278, met=True)
    assert sample_target(1000, 277).met is False


# --- input rules ---


def test_blank_answers_are_not_counted_as_zeros():
    result = ikm_from_answers([{"U1": 4}, {"U1": None}, {}])
    u1 = result.elements[0]
    assert (u1.n, u1.nrr) == (1, Fraction(4))
    assert result.n == 3


@pytest.mark.parametrize("value", [0, 5, -1, True, 3.0, "3", None])
def test_it_rejects_values_outside_1_to_4(value):
    with pytest.raises(ValueError):
        validate_value(value)


@pytest.mark.parametrize("value", [0, 5, True])
def test_it_rejects_an_answer_outside_1_to_4(value):
    with pytest.raises(ValueError):
        totals_from_answers([{"U1": value}])


def test_it_rejects_an_unknown_element_code_rather_than_treat_it_as_blank():
    with pytest.raises(ValueError, match="Q1"):
        totals_from_answers([{"Q1": 3}])


def test_a_tally_equals_the_equivalent_individual_answers():
    tally = {code: {4: fours, 3: threes, 2: twos} for code, (fours, threes, twos)
             in CHECK_CASE_COUNTS.items()}  # fmt: skip
    assert totals_from_tally(tally) == totals_from_answers(check_case_answers())
    assert compute_ikm(totals_from_tally(tally), 29).ikm == Decimal("91.48")


@pytest.mark.parametrize("tally", [{"U1": {3: -1}}, {"U1": {5: 2}}, {"U1": {0: 1}}, {"X": {}}])
def test_it_rejects_a_tally_with_a_negative_count_or_a_bad_value(tally):
    with pytest.raises(ValueError):
        totals_from_tally(tally)


def test_empty_input_gives_no_index_and_not_enough_responses():
    result = ikm_from_answers([])
    assert (result.n, result.ni, result.ikm, result.grade) == (0, None, None, None)
    assert result.ikm_display() is None
    assert result.enough is False
    assert all(e.nrr is None and e.grade is None for e in result.elements)


def test_it_gives_no_index_when_an_element_has_no_answers():
    answers = [{code: 3 for code in ELEMENT_CODES if code != "U8"}]
    result = ikm_from_answers(answers)
    assert result.ikm is None
    assert result.elements[7].nrr_display is None
    assert result.elements[0].score == Decimal("75.00")


def test_an_element_weighted_zero_may_be_left_unanswered():
    weights = {"U1": Fraction(1, 2), "U2": Fraction(1, 2)}
    result = ikm_from_answers([{"U1": 4, "U2": 3}], weights=weights)
    assert result.ni == Fraction(7, 2)
    assert result.ikm == Decimal("87.50")


@pytest.mark.parametrize(
    "weights",
    [
        {"U1": Fraction(3, 2), "U2": Fraction(-1, 2)},
        {"U1": Fraction(1, 2)},
        {"X1": Fraction(1)},
        {"U1": 1.0},
    ],
)
def test_it_refuses_negative_unknown_inexact_or_unbalanced_weights(weights):
    with pytest.raises(ValueError):
        ikm_from_answers(all_answers(3, 2), weights=weights)


def test_it_flags_fewer_responses_than_the_minimum_as_not_enough():
    assert ikm_from_answers(all_answers(3, 29), minimum_n=30).enough is False
    assert ikm_from_answers(all_answers(3, 30), minimum_n=30).enough is True


def test_it_still_computes_the_index_when_there_are_not_enough_responses():
    assert ikm_from_answers(all_answers(3, 2), minimum_n=30).ikm == Decimal("75.00")


def test_it_refuses_totals_that_no_answers_could_produce():
    with pytest.raises(ValueError):
        ElementTotals("U1", total=9, count=2)
    with pytest.raises(ValueError):
        compute_ikm({"U1": ElementTotals("U1", 12, 3)}, n=2)


def test_the_scoring_module_imports_only_the_standard_library():
    tree = ast.parse(Path(scoring.__file__).read_text())
    imported = {alias.name.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.Import) for alias in node.names}  # fmt: skip
    imported |= {node.module.split(".")[0] for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and node.module}  # fmt: skip
    assert imported <= set(sys.stdlib_module_names) | {"__future__"}


# --- properties ---

values = st.integers(min_value=1, max_value=4)
complete_answers = st.fixed_dictionaries({code: values for code in ELEMENT_CODES})
answers_with_blanks = st.fixed_dictionaries(
    {}, optional={code: st.none() | values for code in ELEMENT_CODES}
)
# At least one complete response, so that every element has an answer and the index exists.
answer_lists = st.builds(
    lambda complete, partial: complete + partial,
    st.lists(complete_answers, min_size=1, max_size=20),
    st.lists(answers_with_blanks, max_size=20),
)


@given(answer_lists)
def test_the_index_stays_within_25_and_100(answers):
    result = ikm_from_answers(answers)
    assert 1 <= result.ni <= 4
    assert Decimal(25) <= result.ikm <= Decimal(100)
    assert all(Decimal(25) <= e.score <= Decimal(100) for e in result.elements)


@given(values, st.integers(min_value=1, max_value=200))
def test_identical_answers_v_give_exactly_25_times_v(value, n):
    result = ikm_from_answers(all_answers(value, n))
    assert result.ni == value
    assert result.ikm_display() == f"{25 * value}.00"


@given(st.lists(complete_answers, min_size=1, max_size=40))
def test_the_grand_total_formula_agrees_when_nothing_is_blank(answers):
    grand_total = sum(sum(answer.values()) for answer in answers)
    result = ikm_from_answers(answers)
    assert 25 * result.ni == Fraction(25 * grand_total, 9 * len(answers))
    assert result.ikm == round_half_up(Fraction(25 * grand_total, 9 * len(answers)), 2)


@given(st.data(), answer_lists)
def test_the_order_of_responses_does_not_matter(data, answers):
    shuffled = data.draw(st.permutations(answers))
    assert ikm_from_answers(shuffled) == ikm_from_answers(answers)


@given(answer_lists)
def test_a_tally_of_the_answers_gives_the_same_result_as_the_answers(answers):
    tally = {
        code: Counter(a[code] for a in answers if a.get(code) is not None) for code in ELEMENT_CODES
    }
    assert totals_from_tally(tally) == totals_from_answers(answers)
    assert compute_ikm(totals_from_tally(tally), len(answers)) == ikm_from_answers(answers)


def test_the_population_rule_prefers_the_periods_own_entry_then_its_parts_then_a_cover():
    from datetime import date

    from surveys.method.scoring import population_for

    q1 = (date(2026, 1, 1), date(2026, 3, 31))
    year = (date(2026, 1, 1), date(2026, 12, 31), 12000)
    months = [(date(2026, m, 1), date(2026, m, 28), 100) for m in (1, 2, 3)]
    assert population_for([year, (*q1, 2500), *months], *q1) == 2500
    assert population_for([year, *months], *q1) == 300
    overlapping = [year, (date(2026, 1, 1), date(2026, 2, 28), 50), months[1]]
    assert population_for(overlapping, *q1) == 12000
    assert population_for([year], *q1) == 12000
    assert population_for([months[0]], date(2026, 4, 1), date(2026, 6, 30)) is None


def test_suara_follows_the_krejcie_morgan_formula_where_the_table_prints_384():
    # The printed table says 384 for N = 100,000; the formula gives 382.63.
    assert krejcie_morgan(100_000) == 383
    assert krejcie_morgan(1_000_000) == 384
    assert krejcie_morgan(75_000) == 382


def test_the_printed_weight_0_11_lowers_an_ikm_by_at_most_one_point_and_flips_grades():
    def with_0_11(exact: Decimal) -> Decimal:
        return round_half_up(Fraction(exact) * Fraction(99, 100), 2)

    shifts = [Decimal(c) / 100 - with_0_11(Decimal(c) / 100) for c in range(2500, 10001)]
    assert max(shifts) == Decimal("1.00")
    flipped = [
        Decimal(c) / 100
        for c in range(2500, 10001)
        if grade_for(with_0_11(Decimal(c) / 100)) != grade_for(Decimal(c) / 100)
    ]
    a_to_b = [v for v in flipped if grade_for(v).letter == "A"]
    assert (min(a_to_b), max(a_to_b)) == (Decimal("88.31"), Decimal("89.19"))
