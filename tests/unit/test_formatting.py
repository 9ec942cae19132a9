from datetime import date
from decimal import Decimal

import pytest

from app import formatting
from app.i18n import current_language


@pytest.fixture
def english():
    token = current_language.set("en")
    yield
    current_language.reset(token)


def test_numbers_use_a_decimal_comma_in_indonesian():
    assert formatting.number(Decimal("91.48")) == "91,48"
    assert formatting.integer(38512) == "38.512"


def test_numbers_use_a_decimal_point_in_english(english):
    assert formatting.number(Decimal("91.48")) == "91.48"
    assert formatting.integer(38512) == "38,512"


def test_a_missing_number_shows_a_dash():
    assert formatting.number(None) == "–"


def test_nrr_keeps_four_decimals():
    assert formatting.number(Decimal("3.6207"), 4) == "3,6207"


def test_dates_use_indonesian_month_names():
    assert formatting.long_date(date(2026, 8, 17)) == "17 Agustus 2026"


def test_dates_use_english_month_names_in_english(english):
    assert formatting.long_date(date(2026, 8, 17)) == "17 August 2026"


def test_a_half_cent_is_shown_rounded_up_as_every_ikm_is():
    assert formatting.number(Decimal("76.605")) == "76,61"
    assert formatting.number(Decimal("88.304")) == "88,30"
    assert formatting.number(Decimal("-0.125")) == "-0,13"


def test_an_officers_float_mean_is_shown_half_up_too(english):
    assert formatting.number(3.125) == "3.13"


def test_a_change_carries_its_sign_and_a_true_minus():
    assert formatting.signed(1.374) == "+1,37"
    assert formatting.signed(-0.892, 1) == "−0,9"
    assert formatting.signed(0.001) == "0,00"  # no sign on what rounds to nothing
    assert formatting.signed(None) == "–"


def test_a_change_uses_a_decimal_point_in_english(english):
    assert formatting.signed(Decimal("2.5"), 1) == "+2.5"


def test_a_count_in_a_template_plural_is_grouped_like_every_other_number():
    from app.templating import build_environment

    env = build_environment()
    template = env.from_string('{{ ngettext("%(num)s responden", "%(num)s responden", n) }}')
    assert template.render(n=1439) == "1.439 responden"
    assert template.render(n=7) == "7 responden"
    comments = env.from_string('{{ ngettext("%(num)s komentar", "%(num)s komentar", n) }}')
    token = current_language.set("en")
    try:
        assert comments.render(n=1) == "1 comment"
        assert comments.render(n=12500) == "12,500 comments"
    finally:
        current_language.reset(token)
