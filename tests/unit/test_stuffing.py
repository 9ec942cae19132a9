from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from surveys.citizen.stuffing import (
    FLAG_BURST,
    FLAG_OUTSIDE_HOURS,
    Signals,
    answer_vector,
    device_limit_reached,
    flag_reason,
    kiosk_too_soon,
    outside_service_hours,
)

JAKARTA = ZoneInfo("Asia/Jakarta")
TUESDAY_10 = datetime(2026, 3, 10, 10, 0, tzinfo=JAKARTA)


def test_a_device_may_answer_once_per_point_per_day():
    assert not device_limit_reached(0)
    assert device_limit_reached(1)
    assert device_limit_reached(3)


def test_a_kiosk_refuses_an_answer_within_fifteen_seconds_of_the_previous_one():
    now = datetime(2026, 3, 10, 3, 0, 0, tzinfo=UTC)
    assert not kiosk_too_soon([], now)
    assert kiosk_too_soon([now - timedelta(seconds=14)], now)
    assert not kiosk_too_soon([now - timedelta(seconds=15)], now)


def test_a_kiosk_answer_queued_offline_is_refused_near_a_later_one_but_not_far_from_it():
    queued = datetime(2026, 3, 10, 3, 0, 0, tzinfo=UTC)
    assert kiosk_too_soon([queued + timedelta(seconds=10)], queued)
    assert not kiosk_too_soon([queued + timedelta(hours=1), queued - timedelta(minutes=1)], queued)


@pytest.mark.parametrize(
    ("moment", "outside"),
    [
        (datetime(2026, 3, 10, 6, 59, tzinfo=JAKARTA), True),
        (datetime(2026, 3, 10, 7, 0, tzinfo=JAKARTA), False),
        (datetime(2026, 3, 10, 17, 59, tzinfo=JAKARTA), False),
        (datetime(2026, 3, 10, 18, 0, tzinfo=JAKARTA), True),
        (datetime(2026, 3, 14, 9, 0, tzinfo=JAKARTA), False),  # Saturday
        (datetime(2026, 3, 15, 9, 0, tzinfo=JAKARTA), True),  # Sunday
    ],
)
def test_service_hours_are_seven_to_eighteen_except_sunday(moment, outside):
    assert outside_service_hours(moment) is outside


def test_an_ordinary_answer_is_not_flagged():
    assert flag_reason(Signals("counter", TUESDAY_10, identical_recent=0)) == ""


def test_the_fourth_identical_answer_set_at_a_counter_is_a_burst():
    assert flag_reason(Signals("counter", TUESDAY_10, identical_recent=2)) == ""
    assert flag_reason(Signals("counter", TUESDAY_10, identical_recent=3)) == FLAG_BURST


def test_a_forum_crowd_needs_many_more_identical_answers_to_be_a_burst():
    assert flag_reason(Signals("forum", TUESDAY_10, identical_recent=3)) == ""
    assert flag_reason(Signals("forum", TUESDAY_10, identical_recent=11)) == FLAG_BURST


def test_answers_at_night_or_on_sunday_are_flagged_except_at_forums():
    night = datetime(2026, 3, 10, 22, 30, tzinfo=JAKARTA)
    sunday = datetime(2026, 3, 15, 10, 0, tzinfo=JAKARTA)
    assert flag_reason(Signals("counter", night, 0)) == FLAG_OUTSIDE_HOURS
    assert flag_reason(Signals("kiosk", sunday, 0)) == FLAG_OUTSIDE_HOURS
    assert flag_reason(Signals("forum", night, 0)) == ""


def test_the_answer_vector_follows_element_order_with_gaps_as_none():
    assert answer_vector({"U2": 3, "U1": 4, "U9": 1}) == (
        4,
        3,
        None,
        None,
        None,
        None,
        None,
        None,
        1,
    )
