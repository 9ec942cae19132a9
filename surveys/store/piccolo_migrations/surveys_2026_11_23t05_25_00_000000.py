"""Indexes for the citizen survey's per-batch checks, so they cost what the batch holds.

- the per-device daily limit looks up a batch's device hashes;
- the burst rule counts identical answer sets at a point in the last minutes, by an
  expression index on the nine answers as one number (the same expression as
  surveys/queries/submissions.py's ``_VECTOR_SQL``; a query must repeat it exactly).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-11-23T05:25:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "survey submission check indexes"

_VECTOR = " + ".join(f"COALESCE(u{i}, 0) * {10 ** (9 - i)}" for i in range(1, 10))
INDEXES = (
    "CREATE INDEX IF NOT EXISTS response_device ON response (device_hash, service_point, local_day)",
    f"CREATE INDEX IF NOT EXISTS response_burst ON response (service_point, ({_VECTOR}), submitted_at)",
)


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        for statement in INDEXES:
            await RawTable.raw(statement)

    async def run_backwards():
        for name in ("response_device", "response_burst"):
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
