"""The events overview reads all its events at once: a few queries however many events, the
same Level 4 as the event page's computation, and Level 4 computed again only when what it is
computed from changes."""

from __future__ import annotations

from datetime import UTC, datetime
from fractions import Fraction

import pytest
from piccolo.engine import engine_finder

from surveys.evaluation import events as ev
from surveys.evaluation import overview, results
from surveys.store.tables import Officer
from tests.factories import make_responses
from tests.integration.test_evaluation_results import AUGUST, BKPSDM, city_with_event


class Statements:
    """Counts the SQL statements sent while it is open."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        engine_class = type(engine_finder())
        original = engine_class.run_querystring

        async def counted(engine, *args, **kwargs):
            self.count += 1
            return await original(engine, *args, **kwargs)

        monkeypatch.setattr(engine_class, "run_querystring", counted)


@pytest.fixture(autouse=True)
def empty_cache():
    overview.forget_cached_impacts()
    yield
    overview.forget_cached_impacts()


async def _copies(event: dict, count: int) -> list[dict]:
    """``count`` more events of the same dates with the same participants."""
    nips = [p["nip"] for p in await ev.participants(event["id"])]
    copies = []
    for k in range(count):
        fields = ev.EventFields(
            f"Salinan {k}", "Pelatihan teknis", True, "teknis", "BPSDM", "",
            event["start_date"], event["end_date"], 24, None,
        )  # fmt: skip
        event_id = await ev.create_event(BKPSDM, fields)
        await ev.register_participants(BKPSDM, event_id, nips)
        people = await ev.participants(event_id)
        await ev.record_attendance(BKPSDM, event_id, [p["id"] for p in people])
        copies.append(await ev.event_by_id(event_id))
    return copies


async def test_the_overview_reads_level_4_as_the_event_computes_it(db):
    event = await city_with_event(participants_per_unit=6, effect=0.5, seed=3)
    [row] = await overview.event_rows([event], AUGUST)
    alone = await results.event_impact(event, AUGUST, n_resamples=overview.OVERVIEW_RESAMPLES)
    ikm = alone.result("IKM")
    assert row.ikm_change == overview.rounded(Fraction(ikm.estimate), 2)
    assert row.ikm_verdict == results.verdict(ikm) == results.IMPROVED
    assert (row.ikm_participants, row.ikm_comparisons) == (alone.participants, alone.comparisons)
    assert row.present == 12


async def test_more_events_cost_no_more_queries(db, monkeypatch):
    event = await city_with_event(participants_per_unit=6, effect=0.0, seed=4)
    copies = await _copies(event, 3)
    statements = Statements(monkeypatch)
    await overview.event_rows([event], AUGUST)
    one, statements.count = statements.count, 0
    rows = await overview.event_rows([event, *copies], AUGUST)
    assert statements.count == one <= 8
    assert len({row.ikm_change for row in rows}) == 1  # the same people, the same reading


async def test_level_4_is_computed_again_only_when_its_data_changes(db, monkeypatch):
    event = await city_with_event(participants_per_unit=6, effect=0.5, seed=5)
    computed = []
    real = results.impact_of

    def counting(*args, **kwargs):
        computed.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(results, "impact_of", counting)
    first = await overview.event_rows([event], AUGUST)
    again = await overview.event_rows([event], AUGUST)
    assert len(computed) == 1 and again == first
    # A citizen's answer in the after window, for a participant: computed afresh.
    participant = (await ev.participants(event["id"]))[0]
    officer = await Officer.select(Officer.unit).where(Officer.id == participant["officer"]).first()
    at = datetime(2026, 6, 10, 3, tzinfo=UTC)
    answers = [dict.fromkeys([f"U{i}" for i in range(1, 10)], 1)] * 6
    await make_responses(officer["unit"], answers, at, officer=participant["officer"])
    changed = await overview.event_rows([event], AUGUST)
    assert len(computed) == 2
    assert changed[0].ikm_change != first[0].ikm_change
