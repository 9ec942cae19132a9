from datetime import date

import pytest

from surveys.method.nip import normalise_nip, validate_nip

TODAY = date(2026, 3, 10)
GOOD = "198503102010011001"  # born 1985-03-10, appointed 2010-01, man, number 001


def test_it_accepts_a_well_formed_nip():
    assert validate_nip(GOOD, TODAY) is None


def test_it_accepts_a_woman_s_nip():
    assert validate_nip("199002282015032002", TODAY) is None


def test_it_accepts_a_leap_day_birth():
    assert validate_nip("198802292010011001", TODAY) is None


@pytest.mark.parametrize(
    "nip",
    ["", "19850310201001100", "1985031020100110011", "19850310201001100x", "١٩٨٥٠٣١٠٢٠١٠٠١١٠٠١"],
)
def test_it_rejects_anything_but_eighteen_ascii_digits(nip):
    assert "18 angka" in validate_nip(nip, TODAY)


@pytest.mark.parametrize("birth", ["19850230", "19851301", "19850000", "19870229"])
def test_it_rejects_a_birth_date_that_does_not_exist(birth):
    assert "bukan tanggal yang sah" in validate_nip(birth + "2010011001", TODAY)


@pytest.mark.parametrize("birth", ["19391231", "20110101"])
def test_it_rejects_a_birth_year_outside_1940_to_2010(birth):
    assert "1940 dan 2010" in validate_nip(birth + "2030011001", TODAY)


def test_it_accepts_the_birth_year_bounds():
    assert validate_nip("194001012000011001", TODAY) is None
    assert validate_nip("201001012028011001", date(2028, 6, 1)) is None


@pytest.mark.parametrize("appointed", ["195912", "202701"])
def test_it_rejects_an_appointment_year_outside_1960_to_this_year(appointed):
    assert "Tahun pengangkatan" in validate_nip("19400101" + appointed + "1001", TODAY)


def test_it_accepts_an_appointment_in_the_current_year():
    assert validate_nip("198503102026011001", TODAY) is None


@pytest.mark.parametrize("month", ["00", "13"])
def test_it_rejects_an_appointment_month_outside_1_to_12(month):
    assert "Bulan pengangkatan" in validate_nip("198503102010" + month + "1001", TODAY)


def test_it_rejects_an_appointment_before_the_18th_birthday():
    assert "18 tahun" in validate_nip("199006152008051001", TODAY)


def test_it_accepts_an_appointment_in_the_month_of_the_18th_birthday():
    assert validate_nip("199006152008061001", TODAY) is None


@pytest.mark.parametrize("gender", ["0", "3", "9"])
def test_it_rejects_a_gender_digit_other_than_1_or_2(gender):
    assert "jenis kelamin" in validate_nip("19850310201001" + gender + "001", TODAY)


def test_it_uses_today_when_no_date_is_given():
    assert validate_nip(GOOD) is None
    assert validate_nip(f"19850310{date.today().year + 1}011001") is not None


def test_it_drops_the_spaces_of_a_grouped_nip():
    assert normalise_nip(" 19850310 201001 1 001 ") == GOOD
