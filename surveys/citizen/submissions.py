"""Citizen survey submissions: finding the point behind a QR code, and writing batches.

``record_submissions`` runs ``submission_steps.batch_steps`` (the decisions and the SQL)
in ONE write transaction (``run_steps``); the batching writer (surveys/store/writer.py) calls it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from asyncpg import UniqueViolationError

from surveys.citizen.submission_steps import (
    DEVICE_LIMIT,
    DUPLICATE,
    STORED,
    TOO_SOON,
    NoDefaultSurvey,
    Outcome,
    Submission,
    batch_steps,
)
from surveys.store.responses.drivers import engine_is_sqlite, run_steps
from surveys.store.survey_versions import ensure_default_survey
from surveys.store.tables import RetiredToken, ServicePoint, ServiceType

# --- the point behind a QR code ---------------------------------------------------------------


@dataclass(frozen=True)
class SurveyPoint:
    """What the citizen pages need to know about a service point."""

    id: int
    token: str
    name: str
    kind: str
    unit_id: int
    unit_name: str
    staff_id: int | None
    service_type_id: int | None
    service_types: tuple[tuple[int, str], ...]

    @property
    def channel(self) -> str:
        return {"kiosk": "kiosk", "forum": "forum"}.get(self.kind, "qr")


@dataclass(frozen=True)
class PointLookup:
    status: str  # "open", "retired" (revoked token or inactive point/unit), "unknown"
    point: SurveyPoint | None = None


async def find_survey_point(token: str) -> PointLookup:
    """The open service point behind a QR token, or why there is none."""
    row = (
        await ServicePoint.select(
            ServicePoint.id,
            ServicePoint.token,
            ServicePoint.name,
            ServicePoint.kind,
            ServicePoint.active,
            ServicePoint.staff,
            ServicePoint.service_type,
            ServicePoint.unit.id.as_alias("unit_id"),
            ServicePoint.unit.name.as_alias("unit_name"),
            ServicePoint.unit.active.as_alias("unit_active"),
        )
        .where(ServicePoint.token == token)
        .first()
    )
    if row is None:
        retired = await RetiredToken.exists().where(RetiredToken.token == token)
        return PointLookup("retired" if retired else "unknown")
    if not row["active"] or not row["unit_active"]:
        return PointLookup("retired")
    types = (
        await ServiceType.select(ServiceType.id, ServiceType.name)
        .where((ServiceType.unit == row["unit_id"]) & ServiceType.active.eq(True))
        .order_by(ServiceType.name)
    )
    point = SurveyPoint(
        id=row["id"],
        token=row["token"],
        name=row["name"],
        kind=row["kind"],
        unit_id=row["unit_id"],
        unit_name=row["unit_name"],
        staff_id=row["staff"],
        service_type_id=row["service_type"],
        service_types=tuple((t["id"], t["name"]) for t in types),
    )
    return PointLookup("open", point)


# --- writing a batch ------------------------------------------------------------------------


async def record_submissions(batch: Sequence[Submission]) -> list[Outcome]:
    """Decide and store a batch in one write transaction; one outcome per submission."""
    try:
        return await run_steps(batch_steps(batch, engine_is_sqlite()))
    except NoDefaultSurvey:  # a fresh database: create the standard survey, then write
        await ensure_default_survey()
    except UniqueViolationError:
        # Another PostgreSQL app process stored one of these form tokens between this
        # batch's read and its write (a double tap reaching two workers; SQLite's writers
        # take turns). Nothing of the batch was written: decided again, that answer is a
        # duplicate and the rest are stored.
        pass
    return await run_steps(batch_steps(batch, engine_is_sqlite()))


__all__ = [
    "DEVICE_LIMIT",
    "DUPLICATE",
    "STORED",
    "TOO_SOON",
    "Outcome",
    "PointLookup",
    "Submission",
    "SurveyPoint",
    "find_survey_point",
    "record_submissions",
]
