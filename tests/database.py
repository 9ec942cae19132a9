"""Helpers for test suites and benchmarks that need a clean database."""

from __future__ import annotations

from piccolo.apps.user.tables import BaseUser
from piccolo.engine import engine_finder
from piccolo.engine.sqlite import SQLiteEngine

from surveys.store.piccolo_app import APP_CONFIG


# Children before parents, so DELETE never trips a RESTRICT foreign key.
def _tables_in_delete_order() -> list[str]:
    names = [t._meta.tablename for t in APP_CONFIG.table_classes]
    order = [
        "event_note",
        "behaviour_answer",
        "event_competency",
        "reaction_answer",
        "event_participant",
        "training_event",
        "mentoring_session",
        "mentoring_pair",
        "development_activity",
        "development_plan",
        "need",
        "assessment_level",
        "assessment",
        "position_requirement",
        "element_competency",
        "competency",
        "answer",
        "score_daily",
        "response",
        "forum_input",
        "forum_session",
        "retired_token",
        "duty_assignment",
        "training",
        "publication",
        "follow_up",
        "user_unit",
        "user_role",
        "audit_entry",
        "question",
        "survey",
        "service_point",
        "service_type",
        "unit_population",
        "officer",
    ]
    rest = [n for n in names if n not in order and n != "unit"]
    return order + rest + ["unit", BaseUser._meta.tablename]


async def empty_all_tables() -> None:
    engine = engine_finder()
    tables = _tables_in_delete_order()
    if isinstance(engine, SQLiteEngine):
        async with engine.transaction():
            await BaseUser.raw("UPDATE unit SET parent = NULL")
            # RESTRICT acts row by row on SQLite: a correction would block what it replaces.
            await BaseUser.raw("UPDATE assessment SET replaces = NULL")
            for name in tables:
                await BaseUser.raw(f'DELETE FROM "{name}"')
    else:
        joined = ", ".join(f'"{name}"' for name in tables)
        await BaseUser.raw(f"TRUNCATE {joined} RESTART IDENTITY CASCADE")
