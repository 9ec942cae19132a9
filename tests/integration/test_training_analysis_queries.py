"""The training analysis' SQL: per-officer outcomes, training history and monthly sums.

Every test has rows that must not count: another unit, another period, flagged responses,
trainings after the period or too long ago.
"""

from __future__ import annotations

from datetime import date

import pytest

from surveys.method.periods import Period
from surveys.training.analysis import training_data
from surveys.training.statistics import (
    ROLE_CONTROL,
    ROLE_NOT_COMPARED,
    ROLE_TRAINED,
    analyse_training,
    month_number,
)
from tests.factories import make_officer, make_responses, make_training, make_unit
from tests.training_data import answers_with_mean, at

Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
ALL_THREES = dict.fromkeys([f"U{i}" for i in range(1, 10)], 3)
ALL_FOURS = dict.fromkeys([f"U{i}" for i in range(1, 10)], 4)


async def _officer(unit: dict, nip_tail: int, name: str = "") -> dict:
    return await make_officer(unit["id"], f"19800101200501{nip_tail:04d}", name or f"P{nip_tail}")


def _by_nip(data) -> dict:
    return {o.nip[-4:]: o for o in data.officers}


async def test_outcomes_count_valid_responses_in_the_period_and_scope_only(db):
    unit = await make_unit("DISDUKCAPIL")
    other = await make_unit("RSUD")
    officer = await _officer(unit, 1)
    stranger = await _officer(other, 2)
    await make_responses(
        unit["id"], [ALL_FOURS] * 3 + [ALL_THREES], at(date(2026, 2, 3)), officer=officer["id"]
    )
    # Must not count: flagged, before and after the period, served by someone else.
    await make_responses(
        unit["id"],
        [dict.fromkeys(ALL_FOURS, 1)] * 5,
        at(date(2026, 2, 3)),
        officer=officer["id"],
        status="flagged",
        flag_reason="burst",
    )
    await make_responses(
        unit["id"], [ALL_THREES] * 4, at(date(2025, 12, 31)), officer=officer["id"]
    )
    await make_responses(unit["id"], [ALL_THREES] * 4, at(date(2026, 4, 1)), officer=officer["id"])
    await make_responses(
        other["id"], [ALL_THREES] * 2, at(date(2026, 2, 3)), officer=stranger["id"]
    )
    await make_responses(unit["id"], [ALL_THREES] * 2, at(date(2026, 2, 3)))  # no officer

    data = await training_data(Q1, [unit["id"]])
    assert [o.nip for o in data.officers] == [officer["nip"]]
    outcomes = data.officers[0].outcomes
    assert outcomes.responses == 4 and outcomes.unit_id == unit["id"]
    assert outcomes.mean_u6 == outcomes.mean_u7 == 3.75
    assert outcomes.ikm == pytest.approx(93.75)

    everyone = await training_data(Q1, None)
    assert sorted(o.nip for o in everyone.officers) == sorted([officer["nip"], stranger["nip"]])
    assert (await training_data(Q1, [])).officers == ()


async def test_a_period_cut_inside_months_adds_its_edge_days_to_the_whole_months(db):
    unit = await make_unit("DISDUKCAPIL")
    officer = await _officer(unit, 1)
    for day, answers in (
        (date(2026, 1, 14), [ALL_FOURS] * 7),  # the day before: out
        (date(2026, 1, 15), [ALL_THREES] * 2),  # first edge day
        (date(2026, 2, 10), [ALL_FOURS] * 2),  # a whole month
        (date(2026, 3, 10), [ALL_THREES]),  # last edge day
        (date(2026, 3, 11), [ALL_FOURS] * 7),  # the day after: out
    ):
        await make_responses(unit["id"], answers, at(day), officer=officer["id"])
    custom = Period(date(2026, 1, 15), date(2026, 3, 10))
    outcomes = (await training_data(custom, [unit["id"]])).officers[0].outcomes
    assert outcomes.responses == 5 and outcomes.mean_u6 == pytest.approx(17 / 5)


async def test_the_officer_monthly_rollup_follows_score_daily(db):
    from piccolo.query.functions.aggregate import Sum

    from surveys.citizen.flagged import review_flagged_response
    from surveys.store.aggregate_tables import OfficerScoreMonthly, ScoreDaily
    from surveys.store.tables import Response

    unit = await make_unit("DISDUKCAPIL")
    first, second = await _officer(unit, 1), await _officer(unit, 2)
    await make_responses(unit["id"], [ALL_FOURS] * 3, at(date(2026, 1, 31)), officer=first["id"])
    await make_responses(unit["id"], [ALL_THREES] * 2, at(date(2026, 2, 1)), officer=first["id"])
    await make_responses(unit["id"], [ALL_THREES], at(date(2026, 2, 1)), officer=second["id"])
    await make_responses(unit["id"], [ALL_THREES], at(date(2026, 2, 1)))  # nobody's
    await make_responses(
        unit["id"],
        [ALL_FOURS],
        at(date(2026, 2, 2)),
        officer=second["id"],
        status="flagged",
        flag_reason="burst",
    )
    flagged = await Response.select(Response.id).where(Response.status == "flagged").first()

    async def rollup() -> dict:
        rows = await OfficerScoreMonthly.select(
            OfficerScoreMonthly.month,
            OfficerScoreMonthly.officer,
            OfficerScoreMonthly.n,
            OfficerScoreMonthly.s6,
        )
        return {(r["month"], r["officer"]): (r["n"], r["s6"]) for r in rows}

    assert await rollup() == {
        (date(2026, 1, 1), first["id"]): (3, 12),
        (date(2026, 2, 1), first["id"]): (2, 6),
        (date(2026, 2, 1), second["id"]): (1, 3),
    }
    await review_flagged_response(flagged["id"], accept=True, unit_ids=None)
    assert (await rollup())[(date(2026, 2, 1), second["id"])] == (2, 7)
    daily = await ScoreDaily.select(Sum(ScoreDaily.n).as_alias("n")).where(
        ScoreDaily.officer.is_not_null()
    )
    assert daily[0]["n"] == sum(n for n, _ in (await rollup()).values())


async def test_an_officer_without_every_element_answered_has_no_ikm(db):
    unit = await make_unit("DISDUKCAPIL")
    officer = await _officer(unit, 1)
    await make_responses(
        unit["id"], [ALL_THREES | {"U4": None}] * 3, at(date(2026, 2, 3)), officer=officer["id"]
    )
    outcomes = (await training_data(Q1, [unit["id"]])).officers[0].outcomes
    assert outcomes.ikm is None and outcomes.mean_u6 == 3.0


async def test_jp_counts_trainings_ending_in_the_12_months_before_the_period(db):
    unit = await make_unit("DISDUKCAPIL")
    officer = await _officer(unit, 1)
    await make_responses(unit["id"], [ALL_THREES], at(date(2026, 2, 3)), officer=officer["id"])
    await make_training(officer["id"], date(2025, 12, 30), date(2025, 12, 31), 10)  # day before
    await make_training(
        officer["id"],
        date(2025, 1, 1),
        date(2025, 1, 1),
        8,
        competency="manajerial",
        title="Manajerial",
    )  # 365th day back: in
    # Must not count: ended a day too early, or inside the period whose scores are measured.
    await make_training(officer["id"], date(2024, 12, 31), date(2024, 12, 31), 100, title="Lama")
    await make_training(officer["id"], date(2026, 1, 1), date(2026, 1, 2), 50, title="Kini")
    outcomes = (await training_data(Q1, [unit["id"]])).officers[0].outcomes
    assert outcomes.jp_12m == 18
    assert dict(outcomes.trainings_by_kind) == {"teknis": 1, "manajerial": 1}
    assert outcomes.days_since_last == 88  # from 2 January, the latest up to the period end


async def test_for_a_year_jp_counts_the_year_before_never_the_year_measured(db):
    unit = await make_unit("DISDUKCAPIL")
    officer = await _officer(unit, 1)
    await make_responses(unit["id"], [ALL_THREES], at(date(2026, 5, 3)), officer=officer["id"])
    await make_training(officer["id"], date(2025, 12, 1), date(2025, 12, 31), 12)
    await make_training(officer["id"], date(2026, 6, 1), date(2026, 6, 30), 30, title="Kini")
    year = Period(date(2026, 1, 1), date(2026, 12, 31))
    outcomes = (await training_data(year, [unit["id"]])).officers[0].outcomes
    assert outcomes.jp_12m == 12
    assert outcomes.event == (month_number(2026, 6), month_number(2026, 6))


async def test_days_since_last_counts_from_the_period_end_and_is_none_without_training(db):
    unit = await make_unit("DISDUKCAPIL")
    trained, untrained = await _officer(unit, 1), await _officer(unit, 2)
    for officer in (trained, untrained):
        await make_responses(unit["id"], [ALL_THREES], at(date(2026, 2, 3)), officer=officer["id"])
    await make_training(trained["id"], date(2024, 3, 1), date(2024, 3, 31), 40)
    officers = _by_nip(await training_data(Q1, [unit["id"]]))
    assert officers["0001"].outcomes.days_since_last == 730
    assert officers["0001"].outcomes.jp_12m == 0
    assert officers["0002"].outcomes.days_since_last is None
    assert officers["0002"].outcomes.trainings_by_kind == {}


async def test_the_event_training_months_and_monthly_sums_are_read_around_the_period(db):
    unit = await make_unit("DISDUKCAPIL")
    other = await make_unit("RSUD")
    officer = await _officer(unit, 1)
    await make_training(officer["id"], date(2026, 2, 9), date(2026, 2, 10), 24)
    await make_training(officer["id"], date(2026, 3, 30), date(2026, 4, 2), 8, title="Kedua")
    await make_training(officer["id"], date(2023, 1, 2), date(2023, 1, 3), 8, title="Dulu")
    person = officer["id"]
    await make_responses(
        unit["id"], answers_with_mean(2.5, 6), at(date(2025, 8, 20)), officer=person
    )
    await make_responses(unit["id"], [ALL_FOURS] * 2, at(date(2026, 5, 20)), officer=person)
    # Must not count: flagged, served in another unit, outside the months any window reaches.
    await make_responses(
        unit["id"],
        [ALL_FOURS] * 3,
        at(date(2025, 8, 21)),
        officer=person,
        status="flagged",
        flag_reason="burst",
    )
    await make_responses(other["id"], [ALL_FOURS] * 3, at(date(2025, 8, 22)), officer=person)
    await make_responses(unit["id"], [ALL_FOURS] * 3, at(date(2025, 6, 30)), officer=person)
    await make_responses(unit["id"], [ALL_FOURS] * 3, at(date(2026, 7, 1)), officer=person)
    await make_responses(unit["id"], [ALL_THREES], at(date(2026, 2, 3)), officer=person)

    found = (await training_data(Q1, [unit["id"]])).officers[0]
    outcomes = found.outcomes
    assert found.event == (date(2026, 2, 9), date(2026, 2, 10))  # the first ending in Q1
    assert outcomes.event == (month_number(2026, 2), month_number(2026, 2))
    # Every month a training touched, back far enough to tell clean controls (not 2023).
    assert outcomes.training_months == {month_number(2026, m) for m in (2, 3, 4)}
    august = outcomes.monthly[month_number(2025, 8)]
    assert august[:2] == (15, 6) and august[2:4] == (15, 6)  # U6, U7: mean 2.5 over 6
    assert august[5] == 54  # nine answers each
    assert outcomes.monthly[month_number(2026, 5)][:2] == (8, 2)
    assert set(outcomes.monthly) == {
        month_number(y, m) for y, m in ((2025, 8), (2026, 2), (2026, 5))
    }


async def test_an_officer_who_served_two_units_in_one_month_has_both_in_that_months_sums(db):
    unit = await make_unit("DISDUKCAPIL")
    other = await make_unit("RSUD")
    person = (await _officer(unit, 1))["id"]
    await make_responses(unit["id"], [ALL_THREES] * 2, at(date(2026, 2, 3)), officer=person)
    await make_responses(other["id"], [ALL_FOURS] * 3, at(date(2026, 2, 20)), officer=person)
    # Must not be added to February: the same unit a month later.
    await make_responses(other["id"], [ALL_FOURS], at(date(2026, 3, 2)), officer=person)

    monthly = (await training_data(Q1, None)).officers[0].outcomes.monthly

    # U6 and U7: 2 x 3 + 3 x 4 over 5 answers; all nine: 2 x 27 + 3 x 36 over 45.
    assert monthly[month_number(2026, 2)] == (18, 5, 18, 5, 162, 45)
    assert monthly[month_number(2026, 3)] == (4, 1, 4, 1, 36, 9)


async def test_colleagues_who_trained_near_a_training_are_not_its_controls(db):
    unit = await make_unit("DISDUKCAPIL")
    lonely = await make_unit("RSUD")
    trained = [await _officer(unit, i) for i in range(1, 6)]
    nearby = await _officer(unit, 10)
    clean = [await _officer(unit, i) for i in range(20, 25)]
    elsewhere = await _officer(lonely, 30)
    for officer in trained:
        await make_training(officer["id"], date(2026, 2, 9), date(2026, 2, 10), 24)
    # Ends after the period, inside the trained officers' 'after' months: not a clean control.
    await make_training(nearby["id"], date(2026, 3, 30), date(2026, 4, 2), 16)
    # More than a year before the windows: still a clean control.
    await make_training(clean[0]["id"], date(2024, 1, 8), date(2024, 1, 9), 16)
    for officer in (*trained, nearby, *clean):
        for day in (date(2025, 12, 10), date(2026, 1, 10), date(2026, 3, 10)):
            await make_responses(unit["id"], [ALL_THREES] * 5, at(day), officer=officer["id"])
    await make_responses(
        lonely["id"], [ALL_THREES] * 20, at(date(2026, 1, 20)), officer=elsewhere["id"]
    )

    data = await training_data(Q1, None)
    roles = analyse_training(data.outcomes(), min_responses=5, n_resamples=99).did_roles
    by_nip = _by_nip(data)
    assert {roles[by_nip[f"{i:04d}"].outcomes.officer_id] for i in range(1, 6)} == {ROLE_TRAINED}
    assert roles[by_nip["0010"].outcomes.officer_id] == ROLE_NOT_COMPARED
    assert {roles[by_nip[f"{i:04d}"].outcomes.officer_id] for i in range(20, 25)} == {ROLE_CONTROL}
    assert roles[by_nip["0030"].outcomes.officer_id] == ROLE_NOT_COMPARED
    # A scope of the lonely unit alone knows nothing of the other unit's officers.
    alone = (await training_data(Q1, [lonely["id"]])).officers
    assert [o.nip for o in alone] == [elsewhere["nip"]]


# --- the demo's planted relation -------------------------------------------------------------


@pytest.fixture(scope="module")
async def demo(migrated):
    from surveys.store.seed import seed_demo
    from tests.database import empty_all_tables

    await empty_all_tables()
    await seed_demo(2017, scale=0.2, today=date(2026, 11, 23))
    yield
    await empty_all_tables()


async def test_the_demo_datas_planted_relation_is_found_the_same_way_twice(demo):
    year = Period(date(2025, 11, 1), date(2026, 10, 31))
    data = await training_data(year, None)
    assert len(data.officers) >= 60
    first = analyse_training(data.outcomes(), min_responses=10, seed=2017)
    spearman = first.result("U6", "spearman_jp")
    assert spearman.estimate > 0.25 and spearman.p_value <= 0.01, spearman
    assert first.result("U7", "spearman_jp").estimate > 0
    again = analyse_training(
        (await training_data(year, None)).outcomes(), min_responses=10, seed=2017
    )
    assert again == first
