"""Public JSON API: units and their IKM for a period (no personal data).

Anonymous callers (and signed-in accounts outside the unit's scope) get only what was
published: the announced snapshot of a published period, with no score below the unit's
minimum number of respondents. Signed-in officer get any period of the units in their scope,
computed now.
"""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath, QueryParameter
from msgspec import Struct

from app.dependencies import AppSettings
from app.i18n import gettext as _
from app.periods import parse_period
from app.reporting.dependencies import Today, Viewer
from surveys.method.periods import Period
from surveys.method.scoring import parse_weights
from surveys.reporting.public_results import (
    published_period,
    published_periods_of_unit,
    published_result_for,
)
from surveys.store.scores import unit_totals
from surveys.store.units import active_units, unit_by_code


class UnitSummary(Struct):
    code: str
    name: str
    kind: str
    parent: str | None


class ElementResult(Struct):
    code: str
    n: int
    nrr: str | None
    score: str | None
    grade: str | None


class UnitIkm(Struct):
    unit: str
    name: str
    period_from: str
    period_to: str
    n: int
    ikm: str | None
    grade: str | None
    label: str | None
    enough: bool
    minimum_responses: int
    elements: list[ElementResult]
    published_on: str | None = None  # the announcement's date, for a published result


@get("/api/v1/units", name="api_units")
async def list_units() -> list[UnitSummary]:
    return [
        UnitSummary(code=u["code"], name=u["name"], kind=u["kind"], parent=u["parent_code"])
        for u in await active_units()
    ]


@get("/api/v1/units/{unit_code:str}/ikm", name="api_unit_ikm")
async def unit_ikm(
    unit_code: FromPath[str],
    settings: AppSettings,
    today: Today,
    viewer: Viewer,
    from_date: Annotated[str | None, QueryParameter(name="from", description="YYYY-MM-DD")] = None,
    to_date: Annotated[str | None, QueryParameter(name="to", description="YYYY-MM-DD")] = None,
) -> UnitIkm:
    unit = await unit_by_code(unit_code)
    if unit is None:
        raise NotFoundException(_("Unit %(code)s tidak ditemukan.", code=unit_code))
    minimum = unit["minimum_responses"] or settings.min_responses
    if viewer is not None and viewer.may_see_unit(unit["id"]):
        return await _current_result(unit, parse_period(from_date, to_date, today), minimum)
    return await _published_result(unit, from_date, to_date, today, minimum)


async def _current_result(unit: dict, period: Period, minimum: int) -> UnitIkm:
    """Officer within their scope: the period's result computed now."""
    result = (await unit_totals(period, unit["id"])).ikm(
        minimum_n=minimum, weights=parse_weights(unit["weights"])
    )
    return UnitIkm(
        unit=unit["code"],
        name=unit["name"],
        period_from=period.start.isoformat(),
        period_to=period.end.isoformat(),
        n=result.n,
        ikm=result.ikm_display(),
        grade=result.grade.letter if result.grade else None,
        label=result.grade.label if result.grade else None,
        enough=result.enough,
        minimum_responses=minimum,
        elements=[
            ElementResult(
                code=e.code,
                n=e.n,
                nrr=e.nrr_display,
                score=None if e.score is None else str(e.score),
                grade=e.grade.letter if e.grade else None,
            )
            for e in result.elements
        ],
    )


async def _published_result(
    unit: dict, from_date: str | None, to_date: str | None, today, minimum: int
) -> UnitIkm:
    """Everyone else: the announced snapshot of a published period (the latest without
    ``from``/``to``); 404 when that period was not published, 403 below the minimum."""
    if from_date is None and to_date is None:
        latest = (await published_periods_of_unit(unit, today, minimum)).latest
        row = None if latest is None else await published_result_for(unit, latest.period, today)
    else:
        period = parse_period(from_date, to_date, today)
        row = await published_result_for(unit, period, today)
    if row is None:
        raise NotFoundException(
            _(
                "Hasil %(unit)s untuk periode ini belum diumumkan. Hasil yang sudah "
                "diumumkan dapat dilihat di halaman publik unit.",
                unit=unit["name"],
            )
        )
    shown = published_period(row, minimum)
    if not shown.enough:
        raise PermissionDeniedException(
            _(
                "Hasil periode ini berasal dari %(n)s responden, di bawah batas minimum "
                "%(minimum)s: nilainya tidak ditampilkan.",
                n=row["n"],
                minimum=minimum,
            )
        )
    return UnitIkm(
        unit=unit["code"],
        name=unit["name"],
        period_from=shown.period.start.isoformat(),
        period_to=shown.period.end.isoformat(),
        n=shown.n,
        ikm=None if shown.ikm is None else str(shown.ikm),
        grade=shown.grade.letter if shown.grade else None,
        label=shown.grade.label if shown.grade else None,
        enough=True,
        minimum_responses=minimum,
        elements=[
            ElementResult(
                code=e["code"],
                n=int(e.get("n") or 0),
                nrr=e.get("nrr"),
                score=e.get("score"),
                grade=e.get("grade"),
            )
            for e in shown.elements
        ],
        published_on=shown.published_on.isoformat(),
    )


ROUTES = [list_units, unit_ikm]
