"""Service points (counters, kiosks, forums) and their QR tokens."""

from __future__ import annotations

from surveys.store.tables import ServicePoint


async def active_service_points() -> list[dict]:
    """Active points of active units, by unit code then name."""
    return (
        await ServicePoint.select(
            ServicePoint.id,
            ServicePoint.name,
            ServicePoint.kind,
            ServicePoint.token,
            ServicePoint.unit.code.as_alias("unit_code"),
        )
        .where((ServicePoint.active.eq(True)) & (ServicePoint.unit._.active.eq(True)))
        .order_by(ServicePoint.unit.code)
        .order_by(ServicePoint.name)
    )
