"""The .docx report's NRR chart (a PNG): every text stands in the space given to it, in the
chart's own layout and font, so a label that would be cut or run into a bar fails here."""

from __future__ import annotations

import io
from itertools import combinations

from surveys.method.elements import ELEMENTS_BY_CODE
from surveys.reporting.chart_png import layout, nrr_bars_png, wrap

NINE = [f"{code} {element.name}" for code, element in ELEMENTS_BY_CODE.items()]


def indonesian(value: float) -> str:
    return f"{value:.2f}".replace(".", ",")


def overlaps(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def check_everything_fits(placed) -> None:
    width, height = placed.size
    column_left, column_right = placed.label_column
    for text in placed.texts:
        left, top, right, bottom = text.box
        assert left >= 0 and top >= 0 and right <= width and bottom <= height, text
        if text.role == "label":
            assert column_left <= left and right <= column_right, f"{text.text!r} is cut"
        for bar in placed.bars:
            if text.role == "value" and text.fill == "#ffffff":
                continue  # written inside its own bar, checked below
            assert not overlaps(text.box, bar.box), f"{text.text!r} runs into a bar"
    for first, second in combinations(placed.texts, 2):
        assert not overlaps(first.box, second.box), (first.text, second.text)
    for text in placed.texts:
        if text.role == "value" and text.fill == "#ffffff":
            bar = next(bar for bar in placed.bars if overlaps(text.box, bar.box))
            assert bar.box[0] <= text.box[0] and text.box[2] <= bar.box[2], text.text


def test_the_nine_long_element_names_and_their_values_each_fit_their_space():
    bars = [(label, 3.45 - index * 0.1, "B") for index, label in enumerate(NINE)]
    placed = layout("Nilai rata-rata (NRR) per unsur", bars, indonesian)
    check_everything_fits(placed)
    labels = [text.text for text in placed.texts if text.role == "label"]
    # Nothing was dropped: the lines of each label add up to the label.
    assert " ".join(labels).replace("- ", "").replace("-", "") == " ".join(NINE).replace("-", "")


def test_a_value_too_wide_for_its_short_bar_is_written_after_it_in_dark_ink():
    bars = [("U1 Persyaratan", 0.35, "D"), ("U2 Sistem", 3.45, "B")]
    placed = layout("NRR", bars, indonesian)
    check_everything_fits(placed)
    short, long = (text for text in placed.texts if text.role == "value")
    assert short.text == "0,35" and short.box[0] > placed.bars[0].box[2]
    assert short.fill != "#ffffff" and long.fill == "#ffffff"


def test_an_english_label_with_a_word_longer_than_the_column_is_broken_not_cut():
    label = "U8 Complaints-handling-suggestions-and-feedback-management-procedures"
    placed = layout("Mean score per element", [(label, 3.1, "B")], indonesian)
    check_everything_fits(placed)
    assert sum(text.role == "label" for text in placed.texts) >= 2


def test_a_long_title_wraps_instead_of_running_off_the_picture():
    title = "Nilai rata-rata (NRR) per unsur pelayanan " * 4
    placed = layout(title, [("U1 Persyaratan", 3.2, "B")], indonesian)
    check_everything_fits(placed)
    assert sum(text.role == "title" for text in placed.texts) >= 2


def test_wrapping_keeps_words_whole_when_they_fit_and_breaks_only_the_one_that_cannot():
    fits = lambda line: len(line) <= 8  # noqa: E731
    assert wrap("Biaya dan Tarif", fits) == ["Biaya", "dan", "Tarif"]
    assert wrap("ab Persyaratannya", fits) == ["ab", "Persyar-", "atannya"]
    assert wrap("", fits) == [""]


def test_the_picture_is_as_tall_as_its_layout_and_a_missing_score_draws_no_bar():
    from PIL import Image

    bars = [("U1 Persyaratan", 3.2, "B"), ("U2 Sistem", None, None)]
    image = Image.open(io.BytesIO(nrr_bars_png("NRR", bars, indonesian)))
    placed = layout("NRR", bars, indonesian)
    assert image.size == placed.size and len(placed.bars) == 1
