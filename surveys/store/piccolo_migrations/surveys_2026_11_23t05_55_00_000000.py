"""The staff monthly rollup's key and scan indexes, and its rows for the data already stored."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.engine.sqlite import SQLiteEngine
from piccolo.table import Table

ID = "2026-11-23T05:55:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "staff rollup indexes and backfill"

INDEXES = (
    # The before/after windows look officers up by staff and month.
    "CREATE UNIQUE INDEX IF NOT EXISTS staff_score_monthly_key "
    "ON staff_score_monthly (staff, month, unit)",
    # A period within some units.
    "CREATE INDEX IF NOT EXISTS staff_score_monthly_unit_month "
    "ON staff_score_monthly (unit, month)",
)
_COLUMNS = ["n", *(f"s{i}" for i in range(1, 10)), *(f"c{i}" for i in range(1, 10))]
_COLUMNS += ["complete_n", "complete_sum", "complete_squares"]


class RawTable(Table):
    pass


def _backfill(sqlite: bool) -> str:
    month = "strftime('%Y-%m-01', day)" if sqlite else "CAST(date_trunc('month', day) AS DATE)"
    return (
        f"INSERT INTO staff_score_monthly (month, unit, staff, {', '.join(_COLUMNS)}) "
        f"SELECT {month}, unit, staff, {', '.join(f'SUM({c})' for c in _COLUMNS)} "
        f"FROM score_daily WHERE staff IS NOT NULL GROUP BY {month}, unit, staff"
    )


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        for statement in INDEXES:
            await RawTable.raw(statement)
        await RawTable.raw("DELETE FROM staff_score_monthly")
        await RawTable.raw(_backfill(isinstance(RawTable._meta.db, SQLiteEngine)))

    async def run_backwards():
        for statement in INDEXES:
            name = statement.split(" IF NOT EXISTS ")[1].split(" ")[0]
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
