"""The `suara` command: serve, migrate, seed-demo, create-user, service-points, import, export."""

from __future__ import annotations

import asyncio
import getpass
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
from rich.console import Console

from surveys.store.tables import ROLES

if TYPE_CHECKING:
    from surveys.store.imports import ImportKind


T = TypeVar("T")
console = Console(stderr=True)


def run_with_db(work: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine with the engine prepared (WAL / connection pool) and released."""

    async def runner() -> T:
        from piccolo.engine import engine_finder

        from surveys.store.db import prepare_engine, release_engine

        engine = engine_finder()
        if engine is None:
            raise click.ClickException("piccolo_conf.py defines no database engine")
        await prepare_engine(engine)
        try:
            return await work()
        finally:
            await release_engine(engine)

    return asyncio.run(runner())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def main() -> None:
    """Suara: citizen satisfaction surveys (SKM/IKM) for local government."""


@main.command()
def migrate() -> None:
    """Apply the database migrations."""
    from surveys.store.migrate import migrate as run_migrations

    run_with_db(run_migrations)
    console.print("[green]Database is up to date.[/green]")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option("--migrate", "run_migrations", is_flag=True, help="Apply migrations first.")
@click.option("--seed-demo-once", is_flag=True, help="Seed the demo data if the database is empty.")
def serve(host: str, port: int, workers: int, run_migrations: bool, seed_demo_once: bool) -> None:
    """Serve the web app (granian, ASGI)."""
    from granian import Granian
    from granian.constants import Interfaces

    if run_migrations:
        from surveys.store.migrate import migrate as apply_migrations

        run_with_db(apply_migrations)
    if seed_demo_once:
        _seed_demo_if_empty()
    console.print(
        f"Suara on [bold]http://{host}:{port}[/bold] ({workers} worker(s)); Ctrl+C stops it."
    )
    # The event loop is granian's "auto": uvloop (a dependency) where it installs.
    Granian(
        "app.asgi:app", address=host, port=port, interface=Interfaces.ASGI, workers=workers
    ).serve()


def _seed_demo_if_empty() -> None:
    from surveys.store.seed import DEMO_USERS, database_is_empty, seed_demo

    if not run_with_db(database_is_empty):
        return
    console.print("First start: seeding the demo data (a city like Sawahlunto)…")
    summary = run_with_db(lambda: seed_demo(progress=_progress_printer()))
    console.print(f"[green]Demo data ready:[/green] {summary}")
    _print_demo_users(DEMO_USERS)


def _print_demo_users(users: list[dict[str, Any]]) -> None:
    from rich.table import Table

    table = Table(title="Demo users (change these passwords before real use)")
    for column in ("username", "password", "role", "units"):
        table.add_column(column)
    for user in users:
        table.add_row(user["username"], user["password"], user["role"], ", ".join(user["units"]))
    Console().print(table)


def _progress_printer() -> Callable[[str], None]:
    return lambda message: console.print(f"  {message}")


@main.command("seed-demo")
@click.option("--seed", default=2017, show_default=True, type=int, help="Random seed.")
@click.option("--force", is_flag=True, help="Seed even if the database already has data.")
def seed_demo_command(seed: int, force: bool) -> None:
    """Fill an empty database with deterministic demo data."""
    from surveys.store.migrate import migrate as apply_migrations
    from surveys.store.seed import DEMO_USERS, database_is_empty, seed_demo

    run_with_db(apply_migrations)
    if not force and not run_with_db(database_is_empty):
        console.print("[yellow]The database already has data; use --force to seed anyway.[/yellow]")
        sys.exit(1)
    summary = run_with_db(lambda: seed_demo(seed=seed, progress=_progress_printer()))
    console.print(f"[green]Demo data ready:[/green] {summary}")
    _print_demo_users(DEMO_USERS)


@main.command("create-user")
@click.option("--username", required=True)
@click.option("--role", required=True, type=click.Choice(ROLES))
@click.option("--unit", "units", multiple=True, help="Unit code in the user's scope (repeatable).")
@click.option("--email", default="", help="Optional e-mail address.")
def create_user_command(username: str, role: str, units: tuple[str, ...], email: str) -> None:
    """Create a login. The password comes from standard input, or a prompt on a terminal."""
    from surveys.store.accounts import UserError, create_user

    if sys.stdin.isatty():
        password = getpass.getpass("Password: ")
        if getpass.getpass("Again: ") != password:
            console.print("[red]The passwords differ.[/red]")
            sys.exit(2)
    else:
        password = sys.stdin.readline().rstrip("\r\n")
    try:
        user_id = run_with_db(lambda: create_user(username, password, role, list(units), email))
    except UserError as error:
        console.print(f"[red]{error}[/red]")
        sys.exit(2)
    console.print(f"[green]Created {role} {username!r} (id {user_id}).[/green]")


@main.command("service-points")
def service_points_command() -> None:
    """Print each active service point: unit code, name, kind and survey URL (tab-separated)."""
    from app.settings import Settings
    from surveys.citizen.point_list import active_service_points

    base_url = Settings.from_env().base_url
    for point in run_with_db(active_service_points):
        name = point["name"].replace("\t", " ")
        click.echo(f"{point['unit_code']}\t{name}\t{point['kind']}\t{base_url}/s/{point['token']}")


@main.group("import")
def import_group() -> None:
    """Import responses, officer or trainings from CSV (all-or-nothing, idempotent)."""


def _run_import(kind: ImportKind, path: Path) -> None:
    from rich.progress import Progress

    from app.settings import Settings
    from surveys.store import imports

    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        console.print(f"[red]{path} is not UTF-8 text; save it as CSV UTF-8 first.[/red]")
        sys.exit(1)
    timezone = Settings.from_env().timezone
    with Progress(console=console, transient=True) as progress:
        task = progress.add_task(f"Importing {kind}", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        async def import_and_audit() -> imports.ImportReport:
            report = await imports.import_csv(kind, text, progress=advance, timezone=timezone)
            if not report.errors:
                who = f"cli:{getpass.getuser()}"
                await imports.audit_import(kind, report, None, who, path.name)  # type: ignore[arg-type]
            return report

        report = run_with_db(import_and_audit)
    if report.errors:
        console.print(f"[red]{path}: {len(report.errors)} problem(s); nothing was imported.[/red]")
        for error in report.errors:
            where = f"row {error.row}, {error.column}" if error.column else f"row {error.row}"
            click.echo(f"{where}: {error.message}", err=True)
        sys.exit(1)
    console.print(
        f"[green]{path}: {report.created} new, {report.updated} updated, "
        f"{report.unchanged} already present ({report.rows} rows).[/green]"
    )


IMPORT_KINDS: tuple[ImportKind, ...] = ("responses", "staff", "trainings")

for _kind in IMPORT_KINDS:

    def _make(kind: ImportKind) -> None:
        @import_group.command(kind, help=f"Import {kind} from FILE (CSV, UTF-8).")
        @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
        def command(file: Path) -> None:
            _run_import(kind, file)

    _make(_kind)


@main.command("refresh-aggregates")
def refresh_aggregates_command() -> None:
    """Rebuild the score aggregates from the stored responses (after an upgrade)."""
    from surveys.store.responses import rebuild_all_aggregates

    units = run_with_db(rebuild_all_aggregates)
    console.print(f"[green]Aggregates rebuilt for {units} unit(s).[/green]")


@main.group("export")
def export_group() -> None:
    """Export data as CSV (the same format the import reads)."""


@export_group.command("responses")
@click.option("--unit", "unit_codes", multiple=True, help="Unit code (repeatable; default all).")
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="File (default stdout)."
)
def export_responses_command(
    unit_codes: tuple[str, ...], start: Any, end: Any, output: Path | None
) -> None:
    """Valid responses of the period (local days, inclusive) in the responses CSV format."""
    from app.settings import Settings
    from surveys.method.periods import Period
    from surveys.reporting.exports import responses_csv_header, responses_csv_rows
    from surveys.reporting.report_queries import export_rows
    from surveys.store.units import active_units

    if end.date() < start.date():
        console.print("[red]--to is before --from.[/red]")
        sys.exit(2)
    period = Period(start.date(), end.date())
    timezone = Settings.from_env().timezone
    sink = output.open("w", encoding="utf-8", newline="") if output else sys.stdout

    async def write() -> int:
        units = [u for u in await active_units() if not unit_codes or u["code"] in unit_codes]
        missing = set(unit_codes) - {u["code"] for u in units}
        if missing:
            console.print(f"[red]Unknown unit(s): {', '.join(sorted(missing))}[/red]")
            sys.exit(2)
        sink.write(responses_csv_header())
        written = 0
        for unit in units:
            async for chunk in export_rows(unit, period):
                sink.write(responses_csv_rows(chunk, timezone))
                written += len(chunk)
        return written

    try:
        written = run_with_db(write)
    finally:
        if output:
            sink.close()
    console.print(f"[green]{written} responses exported.[/green]")


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
def backup(file: Path) -> None:
    """Write every table into FILE (a zip of JSON lines; restores into SQLite or PostgreSQL)."""
    from surveys.store.backup import write_backup

    counts = run_with_db(lambda: write_backup(file))
    console.print(f"[green]{file}: {sum(counts.values())} rows from {len(counts)} tables.[/green]")


@main.command()
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def restore(file: Path) -> None:
    """Load a backup FILE into an empty database (migrated first)."""
    from surveys.store.backup import BackupError, restore_backup
    from surveys.store.migrate import migrate as apply_migrations

    run_with_db(apply_migrations)
    try:
        counts = run_with_db(lambda: restore_backup(file))
    except (BackupError, OSError, ValueError) as error:
        console.print(f"[red]{file}: {error}[/red]")
        sys.exit(1)
    console.print(f"[green]Restored {sum(counts.values())} rows from {file}.[/green]")


if __name__ == "__main__":  # pragma: no cover
    main()
