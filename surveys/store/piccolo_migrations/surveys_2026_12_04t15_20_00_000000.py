"""An officer is registered for an event once: a unique key on (event, officer)."""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T15:20:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "event participant key"

PARTICIPANT_KEY = (
    "CREATE UNIQUE INDEX IF NOT EXISTS event_participant_key ON event_participant (event, officer)"
)


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        await RawTable.raw(PARTICIPANT_KEY)

    async def run_backwards():
        await RawTable.raw("DROP INDEX IF EXISTS event_participant_key")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
