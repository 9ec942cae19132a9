"""The demo's development event: finished, and evaluated at every level from the seeded city."""

from __future__ import annotations

from datetime import date

import pytest

from surveys.evaluation import behaviour, events, reactions
from surveys.evaluation.results import event_impact, verdict
from surveys.evaluation.scores import learning_summary
from surveys.store.development_tables import TrainingEvent
from surveys.store.seed import DEMO_USERS, seed_demo
from surveys.training.statistics import MIN_OFFICERS_PER_GROUP
from tests.database import empty_all_tables

TODAY = date(2026, 11, 23)
# Enough citizens' answers for the participants' and their colleagues' months (the full demo
# has about three times as many).
SCALE = 0.3


@pytest.fixture(scope="module")
async def demo_event(migrated):
    await empty_all_tables()
    await seed_demo(2017, scale=SCALE, today=TODAY)
    [event] = await TrainingEvent.select(TrainingEvent.id)
    return await events.event_by_id(event["id"])


async def test_the_demo_event_is_finished_and_over_before_its_after_window(demo_event):
    assert demo_event["status"] == "finished"
    assert (await event_impact(demo_event, TODAY, n_resamples=199)).ready


async def test_the_demo_event_has_reactions_tests_and_supervisors_answers(demo_event):
    people = await events.participants(demo_event["id"])
    assert len(people) >= 5 and all(p["attended"] for p in people)
    reaction = await reactions.event_reactions(demo_event["id"])
    assert 0 < reaction.n < len(people)
    learning = learning_summary((p["pre_score"], p["post_score"]) for p in people)
    assert learning.tested == len(people) and learning.gain.mean > 0
    answers = await behaviour.answers_of_event(demo_event["id"])
    summary = behaviour.behaviour_summary(answers, len(people))
    assert 0 < summary.supervisors < len(people)
    assert summary.weak >= 1


async def test_the_demo_event_reads_level_4_against_colleagues_who_did_not_attend(demo_event):
    impact = await event_impact(demo_event, TODAY, n_resamples=199)
    ikm = impact.result("IKM")
    assert ikm.ran and ikm.note == "", ikm.note
    assert impact.participants >= MIN_OFFICERS_PER_GROUP
    assert impact.comparisons >= MIN_OFFICERS_PER_GROUP
    assert ikm.ci_low is not None and ikm.ci_low < ikm.estimate < ikm.ci_high
    assert verdict(ikm) is not None
    participants, colleagues = impact.means["IKM"]
    assert participants.n == impact.participants and colleagues.n >= 1


def test_the_demo_has_a_bkpsdm_login():
    assert [user["role"] for user in DEMO_USERS if user["username"] == "bkpsdm"] == ["hr"]
