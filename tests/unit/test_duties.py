from datetime import UTC, datetime

from surveys.training.duties import conflicts, overlap


def at(day: int, hour: int = 8) -> datetime:
    return datetime(2026, 3, day, hour, tzinfo=UTC)


def test_back_to_back_assignments_do_not_overlap():
    assert not overlap(at(1), at(2), at(2), at(3))


def test_an_open_ended_assignment_overlaps_everything_after_its_start():
    assert overlap(at(1), None, at(20), at(21))
    assert not overlap(at(5), None, at(1), at(5))
    assert overlap(at(1), None, at(3), None)


def test_contained_assignments_overlap():
    assert overlap(at(1), at(10), at(3), at(4))


def _duty(id, officer, point, start, end):
    return {
        "id": id,
        "officer": officer,
        "service_point": point,
        "starts_at": start,
        "ends_at": end,
    }


def test_it_finds_the_same_officer_at_two_points_and_two_officers_at_one_point():
    duty = _duty(1, officer=7, point=1, start=at(1), end=at(10))
    others = [
        duty,
        _duty(2, officer=7, point=2, start=at(5), end=None),  # same officer elsewhere
        _duty(3, officer=8, point=1, start=at(9), end=at(12)),  # another officer here
        _duty(4, officer=8, point=2, start=at(2), end=at(3)),  # unrelated
        _duty(5, officer=7, point=1, start=at(10), end=at(11)),  # right after
    ]
    assert [d["id"] for d in conflicts(duty, others)] == [2, 3]
