"""The one rule for text from outside: control characters out, numbers in ASCII and bounded."""

import pytest

from surveys.method.text import has_control_characters, whole_number, without_control_characters


def test_a_comment_keeps_its_line_breaks_and_loses_its_nul_and_escape():
    assert without_control_characters("Antre\x00 lama\r\n\x1bsekali\t!") == (
        "Antre lama\r\nsekali\t!"
    )


def test_text_without_control_characters_is_returned_as_it_is():
    text = "Pelayanan ramah 👍"
    assert without_control_characters(text) is text
    assert not has_control_characters(text)


@pytest.mark.parametrize("text", ["\x00", "a\x7fb", "\x85", "\x9f"])
def test_nul_delete_and_the_c1_block_count_as_control_characters(text):
    assert has_control_characters(text)


@pytest.mark.parametrize(
    ("text", "number"), [("22", 22), (" 22 ", 22), ("１２", 12), ("²²", 22), ("-3", -3)]
)
def test_a_number_typed_on_any_keyboard_is_read_after_nfkc(text, number):
    assert whole_number(text, -10, 100) == number


@pytest.mark.parametrize("text", ["፩", "٣", "", "1.5", "1e3", "9" * 5000, "0x10", "+-1"])
def test_digits_that_are_not_ascii_after_nfkc_or_too_long_are_not_a_number(text):
    assert whole_number(text, -(10**20), 10**20) is None


def test_a_number_outside_its_bounds_is_not_accepted():
    assert whole_number("121", 10, 120) is None
    assert whole_number("9", 10, 120) is None
    assert whole_number(str(2**31), 1, 2**31 - 1) is None
