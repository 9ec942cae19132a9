"""The training analysis in words: one table of verdicts, plurals, both languages."""

from __future__ import annotations

import dataclasses
import itertools
import re

import pytest

from app.i18n import current_language
from app.training.views import WORDS
from surveys.training.phrases import SHORT_VERDICTS, SIZES, SURE, UNSURE, VERDICTS
from surveys.training.statistics import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    NOTE_TOO_FEW_OFFICERS,
    OUTCOMES,
    PRETREND,
    SPEARMAN_JP,
    TESTS,
    OutcomeSample,
    TestResult,
    TrainingAnalysis,
)
from surveys.training.summary import Indonesian, size_word, summarise, verdict

# A standardized effect inside each size class, for correlations and for Cohen's d.
SIZE_VALUES = {
    SPEARMAN_JP: (0.05, 0.2, 0.4, 0.6),
    MANNWHITNEY_20JP: (0.05, 0.2, 0.4, 0.6),
    DID_TRAINING: (0.1, 0.3, 0.6, 1.0),
}
CERTAINTY_Q = {SURE: 0.01, UNSURE: 0.4}
# Words that say there is (almost) nothing, and words that say the finding is solid.
NOTHING = {
    "id": ("hampir tidak", "hampir sama"),
    "en": ("almost no", "almost the same", "almost as"),
}
SOLID = {"id": ("cukup meyakinkan",), "en": ("fairly certain",)}


@pytest.fixture(params=["id", "en"])
def language(request):
    token = current_language.set(request.param)
    yield request.param
    current_language.reset(token)


def _analysis_with(
    row: TestResult, included: int = 40, below: int = 3, missing: int = 0
) -> TrainingAnalysis:
    samples = tuple(OutcomeSample(o, included, missing, 6, 7, 1, 1) for o in OUTCOMES)
    rows = [row] + [
        TestResult.not_run(o, t, 0, NOTE_TOO_FEW_OFFICERS)
        for o in OUTCOMES
        for t in TESTS
        if (o, t) != (row.outcome, row.test)
    ]
    pretrends = tuple(
        TestResult(o, PRETREND, 0.01, -0.1, 0.12, 0.8, None, 13, "", None, (6, 7), 2)
        for o in OUTCOMES
    )
    return TrainingAnalysis(
        included + below, below, 20, 0.05, 999, 0, samples, tuple(rows), pretrends
    )


def _row(test: str, size: int, certainty: str, sign: int = 1, n: int = 40) -> TestResult:
    value = sign * SIZE_VALUES[test][size]
    groups = (n // 2, n - n // 2)
    q = CERTAINTY_Q[certainty]
    return TestResult("U6", test, value, value - 0.1, value + 0.1, q, q, n, "", value, groups, 2)


def test_every_size_and_certainty_has_its_own_phrase_in_both_languages(language):
    cells = list(itertools.product(range(len(SIZES)), (SURE, UNSURE)))
    assert set(VERDICTS) == set(SHORT_VERDICTS) == set(cells)
    phrases = [WORDS.gettext(VERDICTS[cell], q="0.01") for cell in cells]
    assert len(set(phrases)) == len(cells)
    if language == "en":
        # Translated, not the Indonesian id falling through.
        for cell in cells:
            assert WORDS.gettext(VERDICTS[cell], q="x") != VERDICTS[cell] % {"q": "x"}
            assert WORDS.gettext(SHORT_VERDICTS[cell]) != SHORT_VERDICTS[cell]


@pytest.mark.parametrize("test", TESTS)
def test_size_and_certainty_words_never_contradict_over_the_whole_grid(language, test):
    for size, certainty, sign in itertools.product(range(4), (SURE, UNSURE), (1, -1)):
        row = _row(test, size, certainty, sign)
        paragraph = summarise(_analysis_with(row), WORDS)[2]
        says_nothing = any(word in paragraph for word in NOTHING[language])
        says_solid = any(word in paragraph for word in SOLID[language])
        assert not (says_nothing and says_solid), (size, certainty, sign, paragraph)
        # A solid finding is called solid, an unsure one never is.
        assert says_solid == (certainty == SURE and size > 0), (size, certainty, paragraph)
        cell = verdict(row, 0.05, WORDS)
        assert not (size == 0 and any(word in cell for word in SOLID[language]))


def test_a_negligible_effect_gets_no_direction(language):
    paragraph = summarise(_analysis_with(_row(SPEARMAN_JP, 0, SURE)), WORDS)[2]
    higher = {"id": "lebih tinggi", "en": "higher"}[language]
    assert higher not in paragraph
    assert {"id": "terlalu kecil", "en": "too small"}[language] in paragraph


@pytest.mark.parametrize("count", [0, 1, 2, 5])
def test_counts_of_one_are_singular_and_others_plural(count):
    token = current_language.set("en")
    try:
        row = _row(MANNWHITNEY_20JP, 2, SURE, n=2 * max(count, 1))
        analysis = _analysis_with(row, included=count, below=count, missing=count)
        text = " ".join(summarise(analysis, WORDS))
    finally:
        current_language.reset(token)
    assert not re.search(r"\b1 (officers|units|tests)\b", text), text
    assert not re.search(r"\b([02-9]|\d\d+) (officer|unit|test)\b(?! was| has)", text), text
    if count == 1:
        assert "1 officer was left out" in text
        assert "another 1 officer has no score" in text


def test_the_summary_says_the_comparison_is_within_units_and_counts_who_took_part():
    row = TestResult("U6", SPEARMAN_JP, 0.42, 0.15, 0.63, 0.004, 0.012, 40, "", 0.42, None, 4)
    analysis = _analysis_with(row)

    indonesian = " ".join(summarise(analysis, Indonesian()))
    token = current_language.set("en")
    try:
        english = " ".join(summarise(analysis, WORDS))
    finally:
        current_language.reset(token)

    assert "hanya dengan rekan satu unitnya" in indonesian
    assert "40 petugas dalam 4 unit" in indonesian
    assert "only with colleagues of their own unit" in english
    assert "40 officers in 4 units" in english
    assert "0,15 sampai 0,63" in indonesian and "0.15 to 0.63" in english
    assert "q = 0,012" in indonesian
    assert "bukan sebab-akibat" in indonesian and "not causation" in english


def test_size_words_follow_the_conventional_cut_offs():
    def row(test, standardized):
        return TestResult("U6", test, standardized, None, None, 0.5, 0.5, 50, "", standardized)

    words = Indonesian()
    assert size_word(row(SPEARMAN_JP, 0.05), words) == "sangat kecil"
    assert size_word(row(SPEARMAN_JP, -0.2), words) == "lemah"
    assert size_word(row(MANNWHITNEY_20JP, 0.35), words) == "sedang"
    assert size_word(row(SPEARMAN_JP, 0.6), words) == "kuat"
    assert size_word(row(DID_TRAINING, 0.35), words) == "lemah"  # Cohen's d, not r
    assert (
        size_word(TestResult.not_run("U6", DID_TRAINING, 0, NOTE_TOO_FEW_OFFICERS), words) is None
    )


def test_a_test_that_did_not_run_says_why():
    row = TestResult.not_run("U6", DID_TRAINING, 3, NOTE_TOO_FEW_OFFICERS, (1, 2))
    text = " ".join(summarise(_analysis_with(row, included=12), Indonesian()))
    assert "tidak dihitung: terlalu sedikit petugas (3; perlu sedikitnya 8)" in text
    assert "kecil (" not in text or "kecil (12)" in text


def _with_detectable(test: str, q: float, detectable: float | None) -> TestResult:
    return dataclasses.replace(_row(test, 1, UNSURE), q_value=q, p_value=q, detectable=detectable)


def test_an_uncertain_result_says_how_large_an_effect_the_test_could_have_seen():
    did = _with_detectable(DID_TRAINING, 0.4, 0.31)
    text = " ".join(summarise(_analysis_with(did), Indonesian()))
    assert "pengaruh sebesar 0,31 poin pada skala 1-4 atau lebih 8 dari 10 kali" in text
    assert "tidak berarti pelatihan tidak berpengaruh" in text

    token = current_language.set("en")
    try:
        split = _with_detectable(MANNWHITNEY_20JP, 0.4, 0.55)
        english = " ".join(summarise(_analysis_with(split), WORDS))
    finally:
        current_language.reset(token)
    assert "finds an effect as large as a correlation of 0.55 (or larger) 8 times in 10" in english


def test_a_certain_result_or_one_without_an_mde_adds_no_detection_sentence():
    for row in (
        _with_detectable(DID_TRAINING, 0.01, 0.31),  # certain: found, nothing to qualify
        _with_detectable(DID_TRAINING, 0.4, None),  # no usable standard error
    ):
        text = " ".join(summarise(_analysis_with(row), Indonesian()))
        assert "8 dari 10 kali" not in text, row
