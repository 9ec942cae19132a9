"""The demo data: deterministic, plausible, valid NIPs, and the planted training relation.

Seeding runs once per module at a small scale; the determinism test seeds it again the same
way. The last two tests (emptiness, then the full size on SQLite) leave other data behind.
"""

from __future__ import annotations

import hashlib
import time
from datetime import date, timedelta

import pytest
from piccolo.query.functions.aggregate import Avg, Count, Sum

from surveys.forum.sessions import session_reconciliation
from surveys.forum.vocabulary import FORUM_KIND_LABELS, TOPIC_LABELS
from surveys.method.nip import validate_nip
from surveys.method.periods import DEFAULT_TIMEZONE, Period
from surveys.store.accounts import authenticate
from surveys.store.scores import element_totals_by
from surveys.store.seed import DEMO_USERS, RESPONSES, _rng, database_is_empty, seed_demo
from surveys.store.seed.calendar import demo_window, idul_fitri_dates, season_for
from surveys.store.seed.city import UNITS
from surveys.store.seed.courses import COURSES
from surveys.store.seed.people import TrainingRecord, make_officers
from surveys.store.seed.responses import expected_volumes
from surveys.store.tables import (
    DutyAssignment,
    ForumInput,
    ForumSession,
    Officer,
    Response,
    ServicePoint,
    Training,
    Unit,
    UnitPopulation,
)
from surveys.training.duties import conflicts
from surveys.training.hours import CLASSICAL_FORMS, COMPETENCY_LABELS, NON_CLASSICAL_FORMS
from tests.conftest import ENGINE_NAME
from tests.database import empty_all_tables

TODAY = date(2026, 11, 23)
SCALE = 0.06
WINDOW = demo_window(TODAY)
PERIOD = Period(WINDOW.start, WINDOW.end)


async def _seed(seed: int = 2017, scale: float = SCALE) -> str:
    return await seed_demo(seed, scale=scale, today=TODAY)


@pytest.fixture(scope="module")
async def seeded(migrated):
    await empty_all_tables()
    return await _seed()


async def _fingerprint() -> dict:
    """Per-unit counts and IKMs, plus a digest of every response's content and officer."""
    codes = {row["id"]: row["code"] for row in await Unit.select(Unit.id, Unit.code)}
    groups = await element_totals_by("unit", PERIOD)
    ikms = {codes[key]: (g.n, g.ikm().ikm_display()) for key, g in groups.items()}
    rows = await Response.select(
        Response.unit.code,
        Response.submitted_at,
        *(getattr(Response, f"u{i}") for i in range(1, 10)),
        Response.gender,
        Response.age,
        Response.education,
        Response.occupation,
        Response.comment,
        Response.channel,
        Response.officer.nip,
        Response.service_point.name,
    )
    lines = sorted(repr(sorted((k, str(v)) for k, v in row.items())) for row in rows)
    officer = await Officer.select(Officer.nip, Officer.name, Officer.position).order_by(
        Officer.nip
    )
    trainings = await Training.select(Training.officer.nip, Training.title, Training.start_date)
    return {
        "units": ikms,
        "responses": hashlib.sha256("\n".join(lines).encode()).hexdigest(),
        "officer": officer,
        "trainings": sorted(repr(sorted(t.items())) for t in trainings),
        "duties": await DutyAssignment.count(),
    }


async def test_the_same_seed_gives_the_same_city_and_answers(seeded):
    first = await _fingerprint()
    await empty_all_tables()
    await _seed()
    assert await _fingerprint() == first


def test_another_seed_gives_other_officers_and_answers():
    window = demo_window(TODAY)
    plans = [make_officers(_rng(seed, "officers"), UNITS, TODAY) for seed in (2017, 2018, 2017)]
    nips = [[o.nip for o in officers] for officers in plans]
    assert nips[0] == nips[2] and nips[0] != nips[1]
    volumes = expected_volumes(UNITS, window, season_for(window), 500)
    assert all(volumes.values())


def test_the_window_is_the_18_full_months_before_the_current_month():
    window = demo_window(date(2027, 1, 5))
    assert (window.start, window.end) == (date(2025, 7, 1), date(2026, 12, 31))
    assert len(window.months) == 18
    assert demo_window(date(2027, 1, 31)) == window
    assert demo_window(date(2027, 2, 1)).end == date(2027, 1, 31)


def test_lebaran_closes_the_offices_for_about_a_week():
    assert idul_fitri_dates(2025) == [date(2025, 3, 31)]
    assert idul_fitri_dates(2026) == [date(2026, 3, 20)]
    season = season_for(demo_window(TODAY))
    assert date(2026, 3, 20) in season.holidays and date(2026, 3, 23) in season.holidays
    assert date(2026, 3, 5) in season.ramadan and date(2026, 3, 5) not in season.holidays
    assert date(2026, 8, 17) in season.holidays


def test_jp_in_the_last_12_months_counts_trainings_that_ended_before_the_day():
    officer = make_officers(_rng(1, "officers"), UNITS, TODAY)[0]
    course = COURSES[0]
    officer.trainings = [
        TrainingRecord(course, date(2025, 1, 6), date(2025, 1, 9), 24, ""),
        TrainingRecord(course, date(2025, 9, 1), date(2025, 9, 4), 30, ""),
        TrainingRecord(course, date(2026, 2, 2), date(2026, 2, 2), 8, ""),
    ]
    officer.index_trainings()
    assert officer.jp_before(date(2026, 2, 1)) == 30  # January 2025 is over a year back
    assert officer.jp_before(date(2026, 2, 3)) == 38
    assert officer.jp_before(date(2026, 2, 2)) == 30  # ends that day: not before it
    assert officer.jp_before(date(2024, 12, 1)) == 0


async def test_every_service_unit_has_responses_and_a_plausible_ikm(seeded):
    units = await Unit.select(Unit.id, Unit.code, Unit.kind)
    groups = await element_totals_by("unit", PERIOD)
    service_units = [u for u in units if u["kind"] == "unit_layanan"]
    assert len(units) == 12 and len(service_units) == 11
    for unit in service_units:
        result = groups[unit["id"]].ikm()
        assert result.n >= 30, unit["code"]
        assert 70 <= result.ikm <= 95, (unit["code"], result.ikm)
    # The Pemerintah Kota is the instansi above them; it serves nobody directly.
    instansi = next(u for u in units if u["kind"] == "instansi")
    assert instansi["id"] not in groups


async def test_elements_differ_as_planned_free_services_rate_cost_highest(seeded):
    groups = await element_totals_by("unit", PERIOD)
    totals = {code: [0, 0] for code in ("U3", "U4", "U6", "U9")}
    for group in groups.values():
        for code, pair in totals.items():
            pair[0] += group.totals[code].total
            pair[1] += group.totals[code].count
    mean = {code: total / count for code, (total, count) in totals.items()}
    assert mean["U4"] > mean["U6"] > mean["U3"]
    assert mean["U6"] > mean["U9"]


async def test_every_nip_is_eighteen_valid_digits_and_unique(seeded):
    nips = [row["nip"] for row in await Officer.select(Officer.nip)]
    assert 110 <= len(nips) <= 130
    assert len(set(nips)) == len(nips)
    for nip in nips:
        assert len(nip) == 18 and nip.isdigit(), nip
        assert validate_nip(nip, today=TODAY) is None, nip
        assert nip[-3:] != "000"


async def test_officers_with_20_jp_in_the_last_12_months_score_higher_on_u6(seeded):
    year_start = WINDOW.end - timedelta(days=364)
    jp_rows = (
        await Training.select(Training.officer, Sum(Training.jp).as_alias("jp"))
        .where((Training.end_date >= year_start) & (Training.end_date <= WINDOW.end))
        .group_by(Training.officer)
    )
    jp = {row["officer"]: row["jp"] for row in jp_rows}
    outcome_rows = (
        await Response.select(
            Response.officer, Avg(Response.u6).as_alias("u6"), Count().as_alias("n")
        )
        .where(Response.officer.is_not_null() & (Response.local_day >= year_start))
        .group_by(Response.officer)
    )
    officers = [row for row in outcome_rows if row["n"] >= 10]
    trained = [float(r["u6"]) for r in officers if jp.get(r["officer"], 0) >= 20]
    untrained = [float(r["u6"]) for r in officers if jp.get(r["officer"], 0) == 0]
    assert len(trained) >= 10 and len(untrained) >= 5
    difference = sum(trained) / len(trained) - sum(untrained) / len(untrained)
    # Planted at +0.1 to +0.25 on the 1-4 scale: visible, not absurd.
    assert 0.05 < difference < 0.4, difference


async def test_trainings_use_the_lan_vocabulary_and_jp_ranges_from_none_to_above_20(seeded):
    trainings = await Training.select()
    forms = {t["form"]: t["classical"] for t in trainings}
    for form, classical in forms.items():
        assert form in (CLASSICAL_FORMS if classical else NON_CLASSICAL_FORMS), form
    assert {t["competency"] for t in trainings} == set(COMPETENCY_LABELS)
    assert all(t["start_date"] <= t["end_date"] <= WINDOW.end and t["jp"] > 0 for t in trainings)
    year_start = WINDOW.end - timedelta(days=364)
    jp: dict[int, int] = {}
    for t in trainings:
        if t["end_date"] >= year_start:
            jp[t["officer"]] = jp.get(t["officer"], 0) + t["jp"]
    officer = [row["id"] for row in await Officer.select(Officer.id)]
    yearly = [jp.get(person, 0) for person in officer]
    assert sum(1 for v in yearly if v == 0) >= 15
    assert sum(1 for v in yearly if v >= 20) >= 40
    assert sum(1 for v in yearly if 0 < v < 20) >= 10


async def test_duty_assignments_never_overlap_at_a_point_or_for_an_officer(seeded):
    duties = await DutyAssignment.select()
    assert len(duties) >= 60
    for duty in duties:
        assert conflicts(duty, duties) == []


async def test_responses_are_attributed_to_the_desk_card_or_the_officer_on_duty(seeded):
    desk = {
        row["id"]: row["officer"]
        for row in await ServicePoint.select(ServicePoint.id, ServicePoint.officer)
        if row["officer"]
    }
    duties = await DutyAssignment.select()
    rows = await Response.select(
        Response.service_point, Response.officer, Response.submitted_at, Response.channel
    ).where(Response.channel.is_in(["qr", "kiosk"]))
    checked = 0
    for row in rows:
        if row["service_point"] in desk:
            assert row["officer"] == desk[row["service_point"]]
        elif row["officer"] is not None:
            on_duty = [
                d["officer"]
                for d in duties
                if d["service_point"] == row["service_point"]
                and d["starts_at"] <= row["submitted_at"]
                and (d["ends_at"] is None or row["submitted_at"] < d["ends_at"])
            ]
            assert on_duty == [row["officer"]]
            checked += 1
    assert checked > len(rows) / 2
    kiosk = [r for r in rows if r["channel"] == "kiosk"]
    assert kiosk and all(r["officer"] is None for r in kiosk)


async def test_responses_fall_on_office_hours_of_weekdays_in_the_window(seeded):
    rows = await Response.select(Response.submitted_at, Response.local_day)
    for row in rows:
        local = row["submitted_at"].astimezone(DEFAULT_TIMEZONE)
        assert local.date() == row["local_day"]
        assert WINDOW.start <= row["local_day"] <= WINDOW.end
        assert local.weekday() < 5
        assert 8 <= local.hour < 16


async def test_forum_sessions_are_closed_with_attendance_inputs_and_paper_responses(seeded):
    sessions = await ForumSession.select()
    assert len(sessions) >= 4
    points = set()
    for session in sessions:
        assert session["status"] == "closed" and session["kind"] in FORUM_KIND_LABELS
        point = (
            await ServicePoint.select().where(ServicePoint.id == session["service_point"]).first()
        )
        assert point["kind"] == "forum" and point["active"] is False
        points.add(point["id"])
        inputs = await ForumInput.select().where(ForumInput.session == session["id"])
        assert len(inputs) >= 3
        assert {i["kind"] for i in inputs} <= {"aspirasi", "pengaduan", "saran"}
        assert {i["topic"] for i in inputs} <= set(TOPIC_LABELS)
        reconciliation = await session_reconciliation(session)
        assert 0 < reconciliation.paper <= reconciliation.attendance
        assert reconciliation.tally == reconciliation.upload == reconciliation.phone == 0
    assert len(points) == len(sessions)


async def test_counters_and_kiosks_are_active_and_a_few_carry_a_desk_card(seeded):
    points = await ServicePoint.select().where(ServicePoint.kind != "forum")
    assert 36 <= len(points) <= 46
    assert all(p["active"] for p in points)
    assert {p["kind"] for p in points} == {"counter", "kiosk"}
    desk_cards = [p for p in points if p["officer"] is not None]
    assert 5 <= len(desk_cards) <= 12
    assert len({p["token"] for p in points}) == len(points)
    assert all(len(p["token"]) >= 32 for p in points)


async def test_each_service_unit_has_populations_per_triwulan(seeded):
    rows = await UnitPopulation.select(UnitPopulation.unit, UnitPopulation.period_start)
    per_unit: dict[int, int] = {}
    for row in rows:
        per_unit[row["unit"]] = per_unit.get(row["unit"], 0) + 1
        assert row["period_start"].month in (1, 4, 7, 10) and row["period_start"].day == 1
    assert len(per_unit) == 11 and min(per_unit.values()) >= 6


async def test_the_demo_users_can_log_in_with_their_roles(seeded):
    roles = {user["role"] for user in DEMO_USERS}
    assert roles == {"admin", "manager", "facilitator", "hr"}
    managed = {code for u in DEMO_USERS if u["role"] == "manager" for code in u["units"]}
    assert {"DISDUKCAPIL", "RSUD"} <= managed
    for user in DEMO_USERS:
        assert await authenticate(user["username"], user["password"]) is not None
    assert await authenticate(DEMO_USERS[0]["username"], "not-the-password") is None


async def test_database_is_empty_flips(seeded):
    assert await database_is_empty() is False
    await empty_all_tables()
    assert await database_is_empty() is True
    await _seed(scale=0.01)
    assert await database_is_empty() is False


@pytest.mark.slow
@pytest.mark.skipif(ENGINE_NAME != "sqlite", reason="the 20-second budget is for SQLite")
async def test_the_full_demo_seeds_about_forty_thousand_responses(migrated):
    await empty_all_tables()
    started = time.perf_counter()
    summary = await seed_demo(today=TODAY)
    elapsed = time.perf_counter() - started
    count = await Response.count()
    assert 0.95 * RESPONSES <= count <= 1.05 * RESPONSES, summary
    assert f"{count:,} responses" in summary
    # Generous: the budget is 20 s on an idle machine, tests often share it.
    assert elapsed < 60, elapsed
