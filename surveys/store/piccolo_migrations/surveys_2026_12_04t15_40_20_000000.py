"""Competency development: unique pairs, and the starting dictionary filled once.

A position's requirement, an assessment's level and an element's mapping are each one row per
competency. The dictionary, element mapping, JP equivalents and match bands are written only
into empty tables (surveys/store/competency_dictionary.py).
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T15:40:20:000000"
VERSION = "1.38.0"
DESCRIPTION = "competency pairs and dictionary"

UNIQUE_PAIRS = (
    "CREATE UNIQUE INDEX IF NOT EXISTS position_requirement_pair"
    " ON position_requirement (position, competency)",
    "CREATE UNIQUE INDEX IF NOT EXISTS assessment_level_pair"
    " ON assessment_level (assessment, competency)",
    "CREATE UNIQUE INDEX IF NOT EXISTS element_competency_pair"
    " ON element_competency (element, COALESCE(competency, 0))",
)


class RawTable(Table):
    pass


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)

    async def run():
        for statement in UNIQUE_PAIRS:
            await RawTable.raw(statement)
        from surveys.store.competency_dictionary import ensure_competency_dictionary

        await ensure_competency_dictionary()

    async def run_backwards():
        for name in ("position_requirement_pair", "assessment_level_pair", "element_competency_pair"):
            await RawTable.raw(f"DROP INDEX IF EXISTS {name}")

    manager.add_raw(run)
    manager.add_raw_backwards(run_backwards)
    return manager
