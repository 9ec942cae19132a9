"""Engine-independent backups: every table as JSON lines in one zip file.

A backup taken on SQLite restores into PostgreSQL and back, which is also how a
deployment moves from the embedded database to a server.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import JSON, Date, Timestamp, Timestamptz
from piccolo.engine.postgres import PostgresEngine
from piccolo.engine.sqlite import TransactionType
from piccolo.table import Table

from surveys.method.text import without_control_characters
from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.db import write_transaction
from surveys.store.development_tables import (
    Assessment,
    AssessmentLevel,
    Competency,
    DevelopmentActivity,
    DevelopmentPlan,
    ElementCompetency,
    JpEquivalent,
    MatchBand,
    MentoringPair,
    MentoringSession,
    Need,
    Position,
    PositionRequirement,
)
from surveys.store.responses import rebuild_all_aggregates
from surveys.store.tables import (
    Answer,
    AuditEntry,
    DutyAssignment,
    FollowUp,
    ForumInput,
    ForumSession,
    Officer,
    Publication,
    Question,
    Response,
    RetiredToken,
    ServicePoint,
    ServiceType,
    Survey,
    Training,
    Unit,
    UnitPopulation,
    UserRole,
    UserUnit,
)

FORMAT_VERSION = 1
CHUNK = 1000
# Backups written before the officer tables had their present names still restore.
FORMER_TABLE_NAMES = {"officer": "staff", "officer_score_monthly": "staff_score_monthly"}
FORMER_COLUMN_NAMES = {"staff": "officer"}


def _known_tables() -> list[type[Table]]:
    """Parents before children, so a restore never breaks a foreign key."""
    from surveys.store.piccolo_app import APP_CONFIG

    ordered: list[type[Table]] = [
        BaseUser,
        Unit,
        ServiceType,
        UnitPopulation,
        Officer,
        ServicePoint,
        RetiredToken,
        DutyAssignment,
        Training,
        Survey,
        Question,
        ForumSession,
        Response,
        Answer,
        ScoreDaily,
        ForumInput,
        FollowUp,
        Publication,
        UserRole,
        UserUnit,
        AuditEntry,
        Competency,
        Position,
        PositionRequirement,
        Assessment,
        AssessmentLevel,
        ElementCompetency,
        MatchBand,
        Need,
        JpEquivalent,
        DevelopmentPlan,
        DevelopmentActivity,
        MentoringPair,
        MentoringSession,
    ]
    # Tables added later are appended, so a backup never silently skips one.
    return ordered + [t for t in APP_CONFIG.table_classes if t not in ordered]


class BackupError(ValueError):
    pass


def _encode(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _repaired(value: Any) -> tuple[Any, bool]:
    """``value`` without control characters (PostgreSQL cannot hold NUL); whether it changed."""
    if isinstance(value, str):
        cleaned = without_control_characters(value)
        return cleaned, cleaned is not value
    if isinstance(value, list):
        items = [_repaired(item) for item in value]
        return [item for item, _ in items], any(changed for _, changed in items)
    if isinstance(value, dict):
        entries = {key: _repaired(item) for key, item in value.items()}
        return {k: item for k, (item, _) in entries.items()}, any(
            changed for _, changed in entries.values()
        )
    return value, False


def _decoder(
    table: type[Table], repairs: dict[str, int]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    timestamps = {
        c._meta.name for c in table._meta.columns if isinstance(c, Timestamptz | Timestamp)
    }
    dates = {c._meta.name for c in table._meta.columns if isinstance(c, Date)}
    jsons = {c._meta.name for c in table._meta.columns if isinstance(c, JSON)}
    renamed = {
        old: new
        for old, new in FORMER_COLUMN_NAMES.items()
        if new in {c._meta.name for c in table._meta.columns}
    }

    def decode(row: dict[str, Any]) -> dict[str, Any]:
        for old, new in renamed.items():
            if old in row:
                row[new] = row.pop(old)
        for name, value in row.items():
            row[name], changed = _repaired(value)
            if changed:
                key = f"{table._meta.tablename}.{name}"
                repairs[key] = repairs.get(key, 0) + 1
        for name in timestamps:
            if row.get(name):
                row[name] = datetime.fromisoformat(row[name])
        for name in dates:
            if row.get(name):
                row[name] = date.fromisoformat(row[name])
        for name in jsons:
            if row.get(name) is not None and not isinstance(row[name], str):
                row[name] = json.dumps(row[name])
        return row

    return decode


@asynccontextmanager
async def _snapshot(engine: Any) -> AsyncIterator[None]:
    """One read transaction: every table as of one moment, however long the backup takes.

    PostgreSQL: REPEATABLE READ, READ ONLY (its snapshot is taken at the first read).
    SQLite in WAL mode: a deferred transaction reads one snapshot from its first read on,
    while the writer keeps committing beside it.
    """
    if isinstance(engine, PostgresEngine):
        async with engine.transaction() as transaction:
            await transaction.connection.execute(
                "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
            )
            yield
    else:
        async with engine.transaction(transaction_type=TransactionType.deferred):
            yield


async def write_backup(path: Path, progress: Callable[[str, int], None] | None = None) -> dict:
    """Dump every table into ``path`` (a zip), as one consistent snapshot; returns row
    counts per table."""
    async with _snapshot(Unit._meta.db):
        return await _write_tables(path, progress)


async def _write_tables(path: Path, progress: Callable[[str, int], None] | None) -> dict:
    counts: dict[str, int] = {}
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for table in _known_tables():
            name = table._meta.tablename
            with archive.open(f"{name}.jsonl", "w") as handle:
                count, last_id = 0, 0
                while True:
                    rows = (
                        await table.select()
                        .where(table._meta.primary_key > last_id)
                        .order_by(table._meta.primary_key)
                        .limit(CHUNK)
                    )
                    if not rows:
                        break
                    for row in rows:
                        line = json.dumps(
                            {k: _encode(v) for k, v in row.items()}, ensure_ascii=False
                        )
                        handle.write(line.encode() + b"\n")
                    count += len(rows)
                    last_id = rows[-1]["id"]
            counts[name] = count
            if progress:
                progress(name, count)
        archive.writestr("manifest.json", json.dumps({"format": FORMAT_VERSION, "counts": counts}))
    return counts


def _member(names: list[str], tablename: str) -> str | None:
    for candidate in (tablename, FORMER_TABLE_NAMES.get(tablename)):
        if candidate and f"{candidate}.jsonl" in names:
            return f"{candidate}.jsonl"
    return None


async def restore_backup(
    path: Path,
    progress: Callable[[str, int], None] | None = None,
    repairs: dict[str, int] | None = None,
) -> dict:
    """Load a backup into an empty, migrated database, then rebuild every aggregate from
    the restored responses (so they agree with the rows whatever the backup held).

    Text holding control characters (a NUL stored by SQLite, which PostgreSQL refuses) is
    restored without them; ``repairs`` receives how many values per "table.column".
    """
    repairs = {} if repairs is None else repairs
    with zipfile.ZipFile(path) as archive:
        try:
            manifest = json.loads(archive.read("manifest.json"))
        except KeyError:
            raise BackupError("not a Suara backup: manifest.json is missing") from None
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(f"unsupported backup format {manifest.get('format')!r}")
        if await Unit.count() or await BaseUser.count():
            raise BackupError("the database is not empty; restore only into a fresh database")
        engine = Unit._meta.db
        counts: dict[str, int] = {}
        async with write_transaction(engine):
            for table in _known_tables():
                name = table._meta.tablename
                member = _member(archive.namelist(), name)
                if member is None:
                    continue
                decode = _decoder(table, repairs)
                batch: list[Table] = []
                count = 0
                with archive.open(member) as handle:
                    for line in handle:
                        batch.append(table(_ignore_missing=True, **decode(json.loads(line))))
                        if len(batch) >= CHUNK:
                            await table.insert(*batch)
                            count += len(batch)
                            batch = []
                if batch:
                    await table.insert(*batch)
                    count += len(batch)
                counts[name] = count
                if progress:
                    progress(name, count)
        if isinstance(engine, PostgresEngine):
            for table in _known_tables():
                name = table._meta.tablename
                await table.raw(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', 'id'), "
                    f'COALESCE((SELECT MAX(id) FROM "{name}"), 0) + 1, false)'
                )
    await rebuild_all_aggregates()
    return counts
