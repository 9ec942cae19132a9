"""A unique key for score_daily, so a batch adds to its groups with one upsert per table.

The key's officer, service point and service type may be empty, and NULLs are never equal
in a unique index, so the index is on COALESCE(column, 0) (ids start at 1). Groups that two
PostgreSQL workers once both created are merged into their first row first.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-02T14:30:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "score_daily unique key"

_KEY = "day, unit, COALESCE(service_point, 0), COALESCE(service_type, 0), COALESCE(staff, 0)"
_SUMS = ["n", *(f"s{i}" for i in range(1, 10)), *(f"c{i}" for i in range(1, 10))]
_SUMS += ["complete_n", "complete_sum", "complete_squares"]
_SAME_GROUP = (
    "later.day = score_daily.day AND later.unit = score_daily.unit"
    " AND COALESCE(later.service_point, 0) = COALESCE(score_daily.service_point, 0)"
    " AND COALESCE(later.service_type, 0) = COALESCE(score_daily.service_type, 0)"
    " AND COALESCE(later.staff, 0) = COALESCE(score_daily.staff, 0)"
    " AND later.id > score_daily.id"
)
_FIRST_ROWS = f"SELECT MIN(id) FROM score_daily GROUP BY {_KEY}"
MERGE_DUPLICATES = (
    "UPDATE score_daily SET "
    + ", ".join(
        f"{c} = {c} + (SELECT COALESCE(SUM(later.{c}), 0) FROM score_daily AS later"
        f" WHERE {_SAME_GROUP})"
        for c in _SUMS
    )
    + f" WHERE id IN ({_FIRST_ROWS} HAVING COUNT(*) > 1)"
)
DELETE_DUPLICATES = f"DELETE FROM score_daily WHERE id NOT IN ({_FIRST_ROWS})"
INDEX = f"CREATE UNIQUE INDEX IF NOT EXISTS score_daily_key ON score_daily ({_KEY})"


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        await RawTable.raw(MERGE_DUPLICATES)
        await RawTable.raw(DELETE_DUPLICATES)
        await RawTable.raw(INDEX)

    async def run_backwards():
        await RawTable.raw("DROP INDEX IF EXISTS score_daily_key")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
