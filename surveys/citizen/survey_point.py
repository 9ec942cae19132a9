"""The service point behind a QR token, as the citizen pages see it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from surveys.store.tables import RetiredToken, ServicePoint, ServiceType


@dataclass(frozen=True)
class SurveyPoint:
    """What the citizen pages need to know about a service point."""

    id: int
    token: str
    name: str
    kind: str
    unit_id: int
    unit_name: str
    officer_id: int | None
    service_type_id: int | None
    service_types: tuple[tuple[int, str], ...]

    @cached_property
    def service_type_ids(self) -> frozenset[int]:
        """The ids a submission may choose from (the point is cached; computed once)."""
        return frozenset(type_id for type_id, _ in self.service_types)

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
            ServicePoint.officer,
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
        officer_id=row["officer"],
        service_type_id=row["service_type"],
        service_types=tuple((t["id"], t["name"]) for t in types),
    )
    return PointLookup("open", point)
