"""Tally rows leave the respondent totals: rebuild the aggregates of the units that have them.

Since this version a tally's rows count in every element but not in the complete_* sums
(surveys/queries/responses/steps.py, TALLY_CHANNEL); aggregates written before still hold them.
"""

from datetime import date

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-02T16:00:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "tally rows out of the respondent totals"


class RawTable(Table):
    pass


async def rebuild_units_with_tallies() -> None:
    from surveys.store.responses import refresh_daily_scores

    rows = await RawTable.raw(
        "SELECT unit, MIN(local_day) AS first, MAX(local_day) AS last FROM response"
        " WHERE channel = 'forum_tally' GROUP BY unit"
    )
    ranges = {row["unit"]: (_day(row["first"]), _day(row["last"])) for row in rows}
    if ranges:
        await refresh_daily_scores(ranges)


def _day(value: date | str) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)
    manager.add_raw(rebuild_units_with_tallies)
    return manager
