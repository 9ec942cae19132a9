from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.columns.column_types import ForeignKey

ID = "2026-11-23T05:30:26:181218"
VERSION = "1.38.0"
DESCRIPTION = "index response.forum_session"


async def forwards():
    manager = MigrationManager(
        migration_id=ID, app_name="surveys", description=DESCRIPTION
    )

    manager.alter_column(
        table_class_name="Response",
        tablename="response",
        column_name="forum_session",
        db_column_name="forum_session",
        params={"index": True},
        old_params={"index": False},
        column_class=ForeignKey,
        old_column_class=ForeignKey,
        schema=None,
    )

    return manager
