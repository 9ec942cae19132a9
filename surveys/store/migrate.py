"""Apply Piccolo migrations from code (the CLI and the tests share this)."""

from __future__ import annotations

import contextlib
import io

from piccolo.apps.migrations.commands.forwards import run_forwards


class MigrationError(RuntimeError):
    pass


async def migrate() -> None:
    # Piccolo prints a table per app on every start; keep it for the error case only.
    output = io.StringIO()
    with contextlib.redirect_stdout(output):
        result = await run_forwards(app_name="all")
    if not result.success:
        raise MigrationError(f"{result.message or 'migrations failed'}\n{output.getvalue()}")
