"""One word for the civil servant who serves citizens: the staff tables and columns become officer.

The audit trail's table name follows, so an officer's history reads as one.
"""

from piccolo.apps.migrations.auto.migration_manager import MigrationManager
from piccolo.table import Table

ID = "2026-12-04T15:40:00:000000"
VERSION = "1.38.0"
DESCRIPTION = "staff becomes officer"

# (table class, table name after the rename) holding a foreign key column named staff.
_COLUMNS = (
    ("ServicePoint", "service_point"),
    ("DutyAssignment", "duty_assignment"),
    ("Training", "training"),
    ("Response", "response"),
    ("ScoreDaily", "score_daily"),
    ("OfficerScoreMonthly", "officer_score_monthly"),
)


class RawTable(Table):
    pass


async def rename_audit_entries() -> None:
    await RawTable.raw("UPDATE audit_entry SET table_name = 'officer' WHERE table_name = 'staff'")


async def forwards():
    manager = MigrationManager(migration_id=ID, app_name="surveys", description=DESCRIPTION)
    manager.rename_table(
        old_class_name="Staff",
        old_tablename="staff",
        new_class_name="Officer",
        new_tablename="officer",
    )
    manager.rename_table(
        old_class_name="StaffScoreMonthly",
        old_tablename="staff_score_monthly",
        new_class_name="OfficerScoreMonthly",
        new_tablename="officer_score_monthly",
    )
    for class_name, tablename in _COLUMNS:
        manager.rename_column(
            table_class_name=class_name,
            tablename=tablename,
            old_column_name="staff",
            new_column_name="officer",
        )
    manager.add_raw(rename_audit_entries)
    return manager
