"""Composite indexes for the period queries (Piccolo declares single-column ones only)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T04:50:55:322061"
VERSION = "1.38.0"
DESCRIPTION = "composite indexes"

INDEXES = (
    "CREATE INDEX IF NOT EXISTS score_daily_unit_day ON score_daily (unit, day)",
    "CREATE INDEX IF NOT EXISTS response_unit_day ON response (unit, local_day)",
    "CREATE INDEX IF NOT EXISTS response_point_time ON response (service_point, submitted_at)",
    "CREATE INDEX IF NOT EXISTS duty_point_start ON duty_assignment (service_point, starts_at)",
    "CREATE UNIQUE INDEX IF NOT EXISTS training_once ON training (staff, title, start_date)",
    "CREATE UNIQUE INDEX IF NOT EXISTS user_unit_once ON user_unit (\"user\", unit)",
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
