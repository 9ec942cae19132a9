"""Level 4 through the real path: citizens' answers stored per officer, the monthly rollup, the
event's windows, the comparison officers and the difference in differences.

Two units whose whole officer moves between the windows (one improves for its own reasons), and
participants who were weaker to begin with: only a change that participants show beyond their
own unit's colleagues is attributed to the event.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from surveys.evaluation import events as ev
from surveys.evaluation.results import IMPROVED, UNCLEAR, event_impact, verdict
from surveys.store.audit import Someone
from surveys.training.statistics import NOTE_TOO_FEW_IN_GROUP
from tests.factories import make_officer, make_responses, make_training, make_unit

BKPSDM = Someone(None, "bkpsdm")
# The event runs in April: before = January-March, after = May-July.
START, END = date(2026, 4, 6), date(2026, 4, 9)
BEFORE_DAYS = [datetime(2026, m, d, 3, tzinfo=UTC) for m in (1, 2, 3) for d in (5, 19)]
AFTER_DAYS = [datetime(2026, m, d, 3, tzinfo=UTC) for m in (5, 6, 7) for d in (5, 19)]
AUGUST = date(2026, 8, 15)
ELEMENTS = [f"U{i}" for i in range(1, 10)]


def _answer(rng: random.Random, level: float) -> dict[str, int]:
    return {code: min(4, max(1, round(level + rng.gauss(0, 0.5)))) for code in ELEMENTS}


async def city_with_event(participants_per_unit: int, effect: float, seed: int) -> dict:
    """Two units of 12 officers; the first ``participants_per_unit`` of each attend the event.

    Participants start 0.4 lower; the hospital's whole officer improves by 0.4 (a new queue);
    participants improve by ``effect`` more. Each officer serves 12 citizens per window."""
    rng = random.Random(seed)
    event_id = await ev.create_event(
        BKPSDM,
        ev.EventFields(
            "Pelayanan Prima", "Pelatihan teknis", True, "teknis", "BPSDM", "", START, END, 24, None
        ),
    )
    nips = []
    for unit_index, (code, shock) in enumerate((("DKC", 0.0), ("RSUD", 0.4))):
        unit = await make_unit(code)
        for k in range(12):
            nip = f"1990010120200{unit_index}1{k:03d}"
            officer = await make_officer(unit["id"], nip, f"Petugas {code} {k}")
            attends = k < participants_per_unit
            if attends:
                nips.append(nip)
            base = 2.9 - (0.4 if attends else 0.0) + rng.gauss(0, 0.15)
            after = base + shock + (effect if attends else 0.0)
            for level, days in ((base, BEFORE_DAYS), (after, AFTER_DAYS)):
                for day in days:
                    answers = [_answer(rng, level) for _ in range(2)]
                    await make_responses(unit["id"], answers, day, officer=officer["id"])
    await ev.register_participants(BKPSDM, event_id, nips)
    await ev.record_attendance(BKPSDM, event_id, [p["id"] for p in await ev.participants(event_id)])
    await ev.finish_event(BKPSDM, event_id)
    return await ev.event_by_id(event_id)


async def test_a_planted_improvement_of_participants_shows_with_an_interval_above_zero(db):
    event = await city_with_event(participants_per_unit=6, effect=0.8, seed=1)
    impact = await event_impact(event, AUGUST, n_resamples=199)
    assert (impact.ready, impact.participants, impact.comparisons) == (True, 12, 12)
    for outcome in ("U6", "U7", "IKM"):
        row = impact.result(outcome)
        assert verdict(row) == IMPROVED, (outcome, row)
    # The hospital's own improvement is not credited to the event: U6 moves by about 0.8 points.
    assert 0.4 < impact.result("U6").estimate < 1.2
    assert impact.show_interval and impact.result("U6").ci_low > 0


async def test_no_improvement_beyond_the_units_own_gives_an_interval_around_zero(db):
    event = await city_with_event(participants_per_unit=6, effect=0.0, seed=2)
    impact = await event_impact(event, AUGUST, n_resamples=199)
    for outcome in ("U6", "U7", "IKM"):
        row = impact.result(outcome)
        assert verdict(row) == UNCLEAR, (outcome, row)
    # Before and after alone would credit the event with the hospital's new queue.
    participants, _ = impact.means["U6"]
    assert participants.after - participants.before > 0.1


async def test_with_too_few_participants_no_number_is_shown(db):
    event = await city_with_event(participants_per_unit=2, effect=0.8, seed=3)
    impact = await event_impact(event, AUGUST, n_resamples=199)
    row = impact.result("IKM")
    assert verdict(row) is None and row.estimate is None
    assert row.note == NOTE_TOO_FEW_IN_GROUP


async def test_nothing_is_computed_before_the_after_window_is_over(db):
    event = await city_with_event(participants_per_unit=6, effect=0.8, seed=4)
    impact = await event_impact(event, date(2026, 7, 31), n_resamples=199)
    assert not impact.ready
    assert impact.windows.after.end == date(2026, 7, 31)
    assert not any(row.ran for row in impact.results)


async def test_a_colleague_trained_during_the_windows_is_no_comparison(db):
    event = await city_with_event(participants_per_unit=6, effect=0.0, seed=5)
    before = await event_impact(event, AUGUST, n_resamples=199)
    from surveys.store.development_tables import EventParticipant
    from surveys.store.tables import Officer

    present = {row["officer"] for row in await EventParticipant.select(EventParticipant.officer)}
    colleague = next(
        row["id"] for row in await Officer.select(Officer.id) if row["id"] not in present
    )
    await make_training(colleague, date(2026, 6, 1), date(2026, 6, 3), 8)
    after = await event_impact(event, AUGUST, n_resamples=199)
    assert after.comparisons == before.comparisons - 1


async def test_a_participant_whose_earlier_training_runs_through_the_months_before_is_not_measured(
    db,
):
    event = await city_with_event(participants_per_unit=6, effect=0.0, seed=6)
    before = await event_impact(event, AUGUST, n_resamples=199)
    from surveys.store.development_tables import EventParticipant

    participant = (await EventParticipant.select(EventParticipant.officer))[0]["officer"]
    await make_training(participant, date(2026, 2, 2), date(2026, 2, 4), 8)
    after = await event_impact(event, AUGUST, n_resamples=199)
    assert after.participants == before.participants - 1
    assert after.comparisons == before.comparisons
