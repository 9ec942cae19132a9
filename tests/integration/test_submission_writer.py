"""Citizen submissions: the batching writer, reviewing flagged answers, and the aggregates."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from surveys.citizen.flagged import count_flagged, flagged_responses, review_flagged_response
from surveys.citizen.submissions import (
    DUPLICATE,
    STORED,
    record_submissions,
)
from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.tables import ServicePoint
from surveys.store.writer import BatchWriter
from tests.conftest import ENGINE_NAME
from tests.factories import make_service_point
from tests.integration.submission_support import (
    TUESDAY_10,
    make_officer,
    point_of,
    rows,
    submission,
)

# --- the batching writer ---------------------------------------------------------------------


async def test_the_writer_commits_concurrent_submissions_in_few_transactions(survey_id, counter):
    writer: BatchWriter = BatchWriter(record_submissions)
    outcomes = await asyncio.gather(
        *(writer.submit(submission(counter, survey_id=survey_id)) for _ in range(50))
    )
    assert all(o.result == STORED for o in outcomes)
    assert len(await rows()) == 50
    assert writer.batches < 50
    await writer.close()


async def test_the_writer_isolates_a_failing_item_and_reports_it_to_its_request(survey_id, counter):
    calls = []

    async def write(items):
        calls.append(len(items))
        if any(item == "bad" for item in items):
            raise ValueError("bad item")
        return [f"ok:{item}" for item in items]

    writer: BatchWriter = BatchWriter(write)
    results = await asyncio.gather(
        writer.submit("a"), writer.submit("bad"), writer.submit("c"), return_exceptions=True
    )
    assert results[0] == "ok:a" and results[2] == "ok:c"
    assert isinstance(results[1], ValueError)
    assert calls[0] == 3  # one batch first, then one by one
    await writer.close()


@pytest.mark.skipif(ENGINE_NAME != "postgres", reason="SQLite has one writer at a time")
async def test_a_double_tap_reaching_two_workers_at_once_is_stored_once_and_thanked_twice(
    survey_id, counter, monkeypatch
):
    """Two app processes (here two writers with their own connections) reach the database
    at the same moment: the point's lock makes the second decide after the first commits."""
    from surveys.citizen.submission_steps import POINT_LOCKS
    from surveys.store.responses import drivers

    arrived, both_read = [], asyncio.Event()
    execute = drivers._execute

    async def both_read_before_either_writes(step, connection, sqlite):
        if step[1] == POINT_LOCKS and len(arrived) < 2:
            arrived.append(step)
            if len(arrived) == 2:
                both_read.set()
            await both_read.wait()
        return await execute(step, connection, sqlite)

    monkeypatch.setattr(drivers, "_execute", both_read_before_either_writes)
    first_worker: BatchWriter = BatchWriter(record_submissions)
    second_worker: BatchWriter = BatchWriter(record_submissions)
    tap = submission(counter, survey_id=survey_id, key="f:double-tap")
    other = submission(counter, survey_id=survey_id)
    again = submission(counter, survey_id=survey_id, key="f:double-tap", device="another")
    outcomes = await asyncio.gather(
        first_worker.submit(tap), first_worker.submit(other), second_worker.submit(again)
    )
    assert sorted(o.result for o in (outcomes[0], outcomes[2])) == [DUPLICATE, STORED]
    assert outcomes[1].result == STORED
    assert sorted(r["dedupe_key"] for r in await rows()) == sorted(
        ["f:double-tap", other.dedupe_key]
    )
    await first_worker.close()
    await second_worker.close()


async def test_closing_the_writer_drains_what_is_queued(survey_id, counter):
    writer: BatchWriter = BatchWriter(record_submissions)
    pending = [
        asyncio.ensure_future(writer.submit(submission(counter, survey_id=survey_id)))
        for _ in range(5)
    ]
    await asyncio.sleep(0)
    await writer.close()
    assert len(await rows()) == 5
    assert all(task.done() for task in pending)
    # A closed writer starts again on the next submission.
    assert (await writer.submit(submission(counter, survey_id=survey_id))).result == STORED


# --- reviewing flagged responses -------------------------------------------------------------


async def test_flagged_responses_are_listed_within_the_managers_units(
    survey_id, counter, other_counter
):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    await record_submissions(
        [
            submission(counter, at=night, survey_id=survey_id),
            submission(other_counter, at=night, survey_id=survey_id),
            submission(counter, at=TUESDAY_10, survey_id=survey_id),  # valid: not listed
        ]
    )
    mine = await flagged_responses([counter.unit_id])
    assert [r["unit_id"] for r in mine] == [counter.unit_id]
    assert mine[0]["point_name"] == "Loket 1" and mine[0]["flag_reason"] == "outside_hours"
    assert len(await flagged_responses(None)) == 2
    assert await flagged_responses([]) == []
    assert await count_flagged([other_counter.unit_id]) == 1


async def test_accepting_a_flagged_response_counts_it_and_rejecting_does_not(survey_id, counter):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    await record_submissions([submission(counter, at=night, survey_id=survey_id) for _ in range(2)])
    first, second = [r["id"] for r in await flagged_responses(None)]
    assert await review_flagged_response(first, True, [counter.unit_id], username="kadis")
    assert await review_flagged_response(second, False, None, username="admin")
    assert not await review_flagged_response(second, True, None)  # already decided
    statuses = {r["id"]: r["status"] for r in await rows()}
    assert statuses == {first: "valid", second: "rejected"}
    scores = await ScoreDaily.select(ScoreDaily.n).where(ScoreDaily.unit == counter.unit_id)
    assert sum(r["n"] for r in scores) == 1


async def test_a_manager_cannot_review_another_units_response(survey_id, counter, other_counter):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    await record_submissions([submission(other_counter, at=night, survey_id=survey_id)])
    (theirs,) = [r["id"] for r in await flagged_responses(None)]
    assert not await review_flagged_response(theirs, True, [counter.unit_id])
    assert (await rows())[0]["status"] == "flagged"


async def test_an_edit_to_the_point_is_seen_on_the_next_lookup(disdukcapil):
    made = await make_service_point(disdukcapil["id"], "Loket 1")
    await ServicePoint.update({ServicePoint.name: "Loket Satu"}).where(
        ServicePoint.id == made["id"]
    )
    assert (await point_of(made["token"])).name == "Loket Satu"


async def _aggregate_rows() -> dict[str, list[tuple]]:
    from surveys.store.aggregate_tables import OfficerScoreMonthly, UnitScoreDaily, UnitScoreMonthly

    def totals(rows, keys):
        grouped: dict[tuple, list[int]] = {}
        for row in rows:
            key = tuple(row[k] for k in keys)
            values = [int(row[c]) for c in sorted(row) if c not in keys and c != "id"]
            grouped[key] = [
                a + b for a, b in zip(grouped.get(key, [0] * len(values)), values, strict=True)
            ]
        return sorted(grouped.items(), key=str)

    return {
        "daily": totals(
            await ScoreDaily.select(), ("day", "unit", "service_point", "service_type", "officer")
        ),
        "unit_daily": totals(await UnitScoreDaily.select(), ("day", "unit")),
        "unit_monthly": totals(await UnitScoreMonthly.select(), ("month", "unit")),
        "officer_monthly": totals(await OfficerScoreMonthly.select(), ("month", "unit", "officer")),
    }


async def test_adding_batches_to_the_aggregates_equals_rebuilding_them(
    survey_id, counter, other_counter, disdukcapil
):
    from surveys.store.responses import refresh_daily_scores

    officer = await make_officer(disdukcapil["id"], "198703152010012001", "Rina")
    desk = await point_of(
        (await make_service_point(disdukcapil["id"], "Meja", officer=officer))["token"]
    )
    moments = [
        TUESDAY_10,
        TUESDAY_10 + timedelta(hours=2),
        datetime(2026, 3, 31, 4, 0, tzinfo=UTC),
        datetime(2026, 4, 1, 2, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 0, tzinfo=UTC),  # night: flagged, not counted
    ]
    for round_ in range(3):
        batch = [
            submission(point, at=moment + timedelta(minutes=round_), survey_id=survey_id)
            for point in (counter, other_counter, desk)
            for moment in moments
        ]
        await record_submissions(batch)
    added = await _aggregate_rows()
    assert added["daily"] and added["unit_monthly"]
    await refresh_daily_scores(
        {
            counter.unit_id: (date(2026, 3, 1), date(2026, 4, 30)),
            other_counter.unit_id: (date(2026, 3, 1), date(2026, 4, 30)),
        }
    )
    assert await _aggregate_rows() == added


async def test_the_first_submission_on_a_fresh_database_creates_the_standard_survey(counter):
    from surveys.store.tables import Survey

    outcome = (await record_submissions([submission(counter, survey_id=None)]))[0]
    assert outcome.result == STORED
    survey = await Survey.select(Survey.id, Survey.key).first()
    assert survey["key"] == "skm"
    assert (await rows())[0]["survey"] == survey["id"]
