"""Apply Piccolo migrations from code (the CLI and the tests share this)."""

from __future__ import annotations

from piccolo.apps.migrations.commands.forwards import run_forwards


class MigrationError(RuntimeError):
    pass


async def migrate() -> None:
    result = await run_forwards(app_name="all")
    if not result.success:
        raise MigrationError(result.message or "migrations failed")
