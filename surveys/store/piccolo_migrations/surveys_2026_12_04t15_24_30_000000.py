"""One row per pair: an event's competency, and a participant's Level 3 answer per respondent."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T15:24:30:000000"
VERSION = "1.38.0"
DESCRIPTION = "event competency and behaviour answer keys"

KEYS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS event_competency_pair"
    " ON event_competency (event, competency)",
    "CREATE UNIQUE INDEX IF NOT EXISTS behaviour_answer_key"
    " ON behaviour_answer (participant, respondent)",
)


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        for statement in KEYS:
            await RawTable.raw(statement)

    async def run_backwards():
        for statement in KEYS:
            name = statement.split(" IF NOT EXISTS ")[1].split(" ")[0]
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
