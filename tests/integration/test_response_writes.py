"""The one write path for responses: dedupe keys, and aggregates added equal to rebuilt ones."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from unittest.mock import ANY

from surveys.method.periods import local_day
from surveys.store.aggregate_tables import (
    OfficerScoreMonthly,
    ScoreDaily,
    UnitScoreDaily,
    UnitScoreMonthly,
)
from surveys.store.responses import rebuild_all_aggregates, store_responses
from surveys.store.responses.steps import REBUILD_GROUPS
from surveys.store.survey_versions import ensure_default_survey
from surveys.store.tables import Response, ServiceType
from tests.factories import make_officer, make_service_point, make_unit

START = datetime(2026, 1, 28, 1, 0, tzinfo=UTC)  # a month boundary falls in the range


async def _world() -> list[dict]:
    """Per unit: its id, points, service types and officers (the choices a row draws from)."""
    units = []
    for i in range(3):
        unit = await make_unit(f"W{i}")
        points, types, officer = [], [], []
        for j in range(2):
            points.append((await make_service_point(unit["id"], f"Loket {j}"))["id"])
            service_type = ServiceType(unit=unit["id"], name=f"Layanan {j}")
            await service_type.save()
            types.append(service_type.id)
            officer.append((await make_officer(unit["id"], f"1980010120050110{i}{j}"))["id"])
        units.append({"id": unit["id"], "points": points, "types": types, "officer": officer})
    return units


def _rows(rng: random.Random, survey_id: int, units: list[dict], count: int, days: int):
    rows = []
    for _ in range(count):
        unit = rng.choice(units)
        moment = START + timedelta(days=rng.randint(0, days), hours=rng.randint(0, 12))
        answers = {f"u{i}": None if rng.random() < 0.1 else rng.randint(1, 4) for i in range(1, 10)}
        rows.append(
            {
                "survey": survey_id,
                "unit": unit["id"],
                "service_point": rng.choice([*unit["points"], None]),
                "service_type": rng.choice([*unit["types"], None]),
                "officer": rng.choice([*unit["officer"], None]),
                "channel": rng.choice(["qr", "qr", "forum_tally"]),
                "submitted_at": moment,
                "local_day": local_day(moment),
                "status": rng.choice(["valid"] * 8 + ["flagged", "rejected"]),
                "dedupe_key": f"w:{rng.getrandbits(64):x}",
                **answers,
            }
        )
    return rows


async def _aggregates() -> dict[str, list]:
    """Every aggregate row, without ids, summed per group key."""

    async def grouped(table, keys):
        totals: dict[tuple, list[int]] = {}
        for row in await table.select():
            values = [int(row[c]) for c in sorted(row) if c not in keys and c != "id"]
            key = tuple(str(row[k]) for k in keys)
            old = totals.get(key, [0] * len(values))
            totals[key] = [a + b for a, b in zip(old, values, strict=True)]
        return sorted(totals.items())

    return {
        "daily": await grouped(
            ScoreDaily, ("day", "unit", "service_point", "service_type", "officer")
        ),
        "unit_daily": await grouped(UnitScoreDaily, ("day", "unit")),
        "unit_monthly": await grouped(UnitScoreMonthly, ("month", "unit")),
        "officer_monthly": await grouped(OfficerScoreMonthly, ("month", "unit", "officer")),
    }


async def test_aggregates_added_batch_by_batch_equal_a_full_rebuild(db):
    rng = random.Random(2026)
    units = await _world()
    survey_id = await ensure_default_survey()
    for _ in range(6):  # small batches: added to the aggregates
        await store_responses(_rows(rng, survey_id, units, 40, days=10))
    added = await _aggregates()
    assert added["daily"] and added["officer_monthly"] and len(added["unit_monthly"]) > 3
    await rebuild_all_aggregates()
    assert await _aggregates() == added


async def test_batches_written_at_once_add_up_to_one_row_per_group(db):
    """Several writers at once (on PostgreSQL, several connections: as several app
    processes) upsert the same groups without a deadlock or a lost addition."""
    import asyncio

    rng = random.Random(99)
    units = await _world()
    survey_id = await ensure_default_survey()
    batches = [_rows(rng, survey_id, units, 30, days=2) for _ in range(8)]
    await asyncio.gather(*(store_responses(batch) for batch in batches))
    added = await _aggregates()
    daily_rows = await ScoreDaily.select(ScoreDaily.day, ScoreDaily.unit, ScoreDaily.officer)
    assert len(daily_rows) == len(added["daily"])  # no group stored twice
    await rebuild_all_aggregates()
    assert await _aggregates() == added


async def test_a_batch_touching_many_groups_rebuilds_and_agrees_with_adding(db):
    rng = random.Random(17)
    units = await _world()
    survey_id = await ensure_default_survey()
    small = _rows(rng, survey_id, units, 60, days=40)
    big = _rows(rng, survey_id, units, 3 * REBUILD_GROUPS, days=40)
    await store_responses(small)
    await store_responses(big)  # rebuilds its units' day ranges, keeping `small` counted
    stored = await _aggregates()
    await rebuild_all_aggregates()
    assert await _aggregates() == stored
    valid = sum(1 for row in small + big if row["status"] == "valid")
    assert sum(row["n"] for row in await UnitScoreDaily.select(UnitScoreDaily.n)) == valid


async def test_tally_rows_count_in_each_element_but_have_no_respondent_total(db):
    rng = random.Random(5)
    units = await _world()
    survey_id = await ensure_default_survey()
    rows = _rows(rng, survey_id, units[:1], 3, days=0)
    for row, channel in zip(rows, ("qr", "forum_tally", "forum_tally"), strict=True):
        row.update(status="valid", channel=channel, **{f"u{i}": 3 for i in range(1, 10)})
    await store_responses(rows)
    added = await UnitScoreDaily.select().first()
    assert (added["n"], added["s1"], added["c9"]) == (3, 9, 3)
    assert (added["complete_n"], added["complete_sum"], added["complete_squares"]) == (
        1,
        27,
        27 * 27,
    )
    await rebuild_all_aggregates()
    assert await UnitScoreDaily.select().first() == {**added, "id": ANY}


async def test_stored_keys_and_repeats_within_a_batch_are_stored_once(db):
    rng = random.Random(3)
    units = await _world()
    survey_id = await ensure_default_survey()
    first, second, third = _rows(rng, survey_id, units, 3, days=1)
    first["status"] = second["status"] = third["status"] = "valid"
    assert await store_responses([first]) == 1
    repeat = {**second, "dedupe_key": "twice"}
    assert await store_responses([first, repeat, {**third, "dedupe_key": "twice"}]) == 1
    assert await store_responses([{**first, "dedupe_key": None}]) == 1  # no key: always new
    assert await Response.count() == 3
    assert sum(row["n"] for row in await UnitScoreDaily.select(UnitScoreDaily.n)) == 3
