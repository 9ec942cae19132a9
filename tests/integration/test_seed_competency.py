"""The demo city's competency development reads as a believable picture on every page."""

from datetime import date

import pytest

from surveys.competency.needs import unit_needs
from surveys.competency.profiles import city_overview
from surveys.competency.rules import is_current
from surveys.store.development_tables import (
    Assessment,
    DevelopmentActivity,
    MentoringPair,
    Position,
)
from surveys.store.seed import seed_demo
from surveys.store.tables import Officer, Training, Unit
from tests.database import empty_all_tables

TODAY = date(2026, 11, 23)


@pytest.fixture(scope="module")
async def seeded(migrated):
    await empty_all_tables()
    await seed_demo(2017, scale=0.06, today=TODAY)
    yield
    await empty_all_tables()


async def test_every_officers_position_has_a_standard(seeded):
    titles = {row["position"] for row in await Officer.select(Officer.position)} - {""}
    assert titles <= {row["name"] for row in await Position.select(Position.name)}


async def test_most_officers_are_assessed_and_some_results_have_expired(seeded):
    rows = await Assessment.select(Assessment.officer, Assessment.assessed_on)
    officers = await Officer.count()
    assert len({row["officer"] for row in rows}) >= 0.7 * officers
    expired = [row for row in rows if not is_current(row["assessed_on"], TODAY)]
    assert 0 < len(expired) < len(rows) / 3
    assert await Assessment.count().where(Assessment.replaces.is_not_null()) >= 1


async def test_the_overview_shows_every_unit_with_assessed_officers_below_and_above(seeded):
    summaries = await city_overview(None, TODAY)
    assert len(summaries) >= 8
    assert sum(s.assessed for s in summaries) > 0
    assert 0 < sum(s.below for s in summaries) < sum(s.officers for s in summaries)


async def test_disdukcapils_needs_read_as_a_plan_led_by_what_several_sources_support(seeded):
    unit = await Unit.select().where(Unit.code == "DISDUKCAPIL").first()

    analysis = await unit_needs(unit["id"], TODAY, minimum=30)

    assert analysis.needs, "the demo unit has needs"
    assert analysis.needs[0].sources >= 1
    assert all(need.evidence for need in analysis.needs)
    assert analysis.officers


async def test_done_activities_and_mentoring_have_their_training_records(seeded):
    done = await DevelopmentActivity.select().where(DevelopmentActivity.status == "done")
    assert done and all(activity["training"] for activity in done)
    assert await MentoringPair.count() >= 3
    mentoring = await Training.count().where(Training.form.is_in(["Mentoring", "Coaching"]))
    assert mentoring >= 1
