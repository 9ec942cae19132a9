"""Running write steps: all of them or none, and score_daily's unique key on upgrade."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, date, datetime

import asyncpg
import pytest

from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.db import is_sqlite
from surveys.store.responses.drivers import run_steps
from surveys.store.responses.steps import Insert, one_read
from surveys.store.tables import Unit
from tests.factories import make_unit


def _unit(code: str) -> Insert:
    return Insert(
        "unit",
        ("code", "name", "kind", "minimum_responses", "active"),
        [(code, f"Unit {code}", "unit_layanan", 30, True)],
    )


def _steps(*inserts: Insert):
    for insert in inserts:
        yield ("inserts", "", [insert])
    return "done"


async def test_steps_whose_later_write_fails_store_nothing(db):
    await make_unit("A")
    with pytest.raises((sqlite3.IntegrityError, asyncpg.UniqueViolationError)):  # A exists
        await run_steps(_steps(_unit("B"), _unit("A")))
    assert [u["code"] for u in await Unit.select(Unit.code)] == ["A"]


async def test_steps_that_all_succeed_are_stored_and_return_their_value(db):
    assert await run_steps(_steps(_unit("B"), _unit("C"))) == "done"
    assert sorted(u["code"] for u in await Unit.select(Unit.code)) == ["B", "C"]


async def test_one_read_returns_each_selects_rows_and_empty_ones_as_empty(db):
    await make_unit("A")
    await make_unit("B")
    sqlite = is_sqlite(Unit._meta.db)

    def read():
        statement = one_read(
            [
                ("SELECT code AS c0, minimum_responses AS c1 FROM unit ORDER BY code", 2),
                ("SELECT code AS c0 FROM unit WHERE code = ?", 1),
            ],
            sqlite,
        )
        return (yield ("fetch", statement, ["nothing"]))[0]

    units, nothing = (json.loads(value) for value in await run_steps(read()))
    assert (units, nothing) == ([["A", 30], ["B", 30]], [])


def _on_todays_columns(sql: str) -> str:
    """That migration ran while score_daily's officer column was still named staff."""
    return sql.replace("staff", "officer")  # still named staff then


async def test_the_key_migration_merges_groups_stored_twice_into_one(db):
    from surveys.store.piccolo_migrations import surveys_2026_12_02t14_30_00_000000 as migration

    unit = await make_unit("A")
    day = date(2026, 3, 10)
    await ScoreDaily.raw("DROP INDEX score_daily_key")
    try:
        for n, s1 in ((2, 7), (3, 10)):  # one group, twice (two workers once raced)
            await ScoreDaily(day=day, unit=unit["id"], n=n, s1=s1, c1=n).save()
        await ScoreDaily(day=day, unit=unit["id"], officer=None, service_point=None, n=1).save()
        other_day = ScoreDaily(day=date(2026, 3, 11), unit=unit["id"], n=4, s1=16, c1=4)
        await other_day.save()
        await ScoreDaily.raw(_on_todays_columns(migration.MERGE_DUPLICATES))
        await ScoreDaily.raw(_on_todays_columns(migration.DELETE_DUPLICATES))
    finally:
        await ScoreDaily.raw(_on_todays_columns(migration.INDEX))
    rows = await ScoreDaily.select(ScoreDaily.day, ScoreDaily.n, ScoreDaily.s1, ScoreDaily.c1)
    assert sorted((r["day"], r["n"], r["s1"], r["c1"]) for r in rows) == [
        (day, 6, 17, 5),
        (date(2026, 3, 11), 4, 16, 4),
    ]


async def test_the_tally_migration_takes_tally_rows_out_of_stored_respondent_totals(db):
    from surveys.store.aggregate_tables import UnitScoreDaily
    from surveys.store.piccolo_migrations import surveys_2026_12_02t16_00_00_000000 as migration
    from surveys.store.responses import store_responses
    from surveys.store.survey_versions import ensure_default_survey

    unit = await make_unit("A")
    survey = await ensure_default_survey()
    at = datetime(2026, 3, 10, 3, tzinfo=UTC)
    rows = [
        {"survey": survey, "unit": unit["id"], "channel": channel, "submitted_at": at}
        | {"local_day": date(2026, 3, 10), "dedupe_key": f"k{i}"}
        | {f"u{e}": 4 for e in range(1, 10)}
        for i, channel in enumerate(("qr", "forum_tally"))
    ]
    await store_responses(rows)
    # As an earlier version stored them: the tally row counted as a respondent.
    await UnitScoreDaily.update({UnitScoreDaily.complete_n: 2}, force=True)
    await migration.rebuild_units_with_tallies()
    stored = await UnitScoreDaily.select(UnitScoreDaily.n, UnitScoreDaily.complete_n).first()
    assert stored == {"n": 2, "complete_n": 1}
