"""Unique keys of the unit rollups, and the index the dashboards scan by period."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T05:02:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "unit rollup indexes"

INDEXES = (
    "CREATE UNIQUE INDEX IF NOT EXISTS unit_score_daily_unit_day ON unit_score_daily (unit, day)",
    "CREATE INDEX IF NOT EXISTS unit_score_daily_day ON unit_score_daily (day, unit)",
    "CREATE UNIQUE INDEX IF NOT EXISTS unit_score_monthly_unit_month "
    "ON unit_score_monthly (unit, month)",
    "CREATE INDEX IF NOT EXISTS unit_score_monthly_month ON unit_score_monthly (month, unit)",
)


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        for statement in INDEXES:
            await RawTable.raw(statement)

    async def run_backwards():
        for statement in INDEXES:
            name = statement.split(" IF NOT EXISTS ")[1].split(" ")[0]
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
