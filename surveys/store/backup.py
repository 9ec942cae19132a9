"""Engine-independent backups: every table as JSON lines in one zip file.

A backup taken on SQLite restores into PostgreSQL and back, which is also how a
deployment moves from the embedded database to a server.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from piccolo.apps.user.tables import BaseUser
from piccolo.columns import JSON, Date, Timestamp, Timestamptz
from piccolo.engine.postgres import PostgresEngine
from piccolo.table import Table

from surveys.store.db import write_transaction
from surveys.store.tables import (
    Answer,
    Assessment,
    AssessmentLevel,
    AuditEntry,
    Competency,
    DevelopmentActivity,
    DevelopmentPlan,
    DutyAssignment,
    ElementCompetency,
    FollowUp,
    ForumInput,
    ForumSession,
    JpEquivalent,
    MatchBand,
    MentoringPair,
    MentoringSession,
    Need,
    Officer,
    Position,
    PositionRequirement,
    Publication,
    Question,
    Response,
    RetiredToken,
    ScoreDaily,
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


def _decoder(table: type[Table]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    timestamps = {
        c._meta.name for c in table._meta.columns if isinstance(c, Timestamptz | Timestamp)
    }
    dates = {c._meta.name for c in table._meta.columns if isinstance(c, Date)}
    jsons = {c._meta.name for c in table._meta.columns if isinstance(c, JSON)}

    def decode(row: dict[str, Any]) -> dict[str, Any]:
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


async def write_backup(path: Path, progress: Callable[[str, int], None] | None = None) -> dict:
    """Dump every table into ``path`` (a zip); returns row counts per table."""
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


async def restore_backup(path: Path, progress: Callable[[str, int], None] | None = None) -> dict:
    """Load a backup into an empty, migrated database."""
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
                if f"{name}.jsonl" not in archive.namelist():
                    continue
                decode = _decoder(table)
                batch: list[Table] = []
                count = 0
                with archive.open(f"{name}.jsonl") as handle:
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
    return counts
