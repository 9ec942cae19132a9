"""Public JSON API: units and their IKM for a period (no personal data)."""

from __future__ import annotations

from typing import Annotated

from litestar import get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from msgspec import Struct

from app.dependencies import AppSettings
from app.i18n import gettext as _
from app.periods import parse_period
from app.reporting.dependencies import Today
from surveys.method.scoring import parse_weights, priority_codes, sample_target
from surveys.method.trends import ikm_interval
from surveys.reporting.overview_queries import populations_for
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


class IkmInterval(Struct):
    low: str
    high: str
    n: int  # complete respondents (all nine elements answered) the interval rests on


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
    priorities: list[str]  # improvement priorities, weakest first
    population: int | None  # service users behind the sample target; None when not entered
    sample_target: int | None  # Krejcie–Morgan minimum for that population
    interval: IkmInterval | None  # the IKM's 95 % t interval; None below two complete answers


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
    from_date: Annotated[str | None, QueryParameter(name="from", description="YYYY-MM-DD")] = None,
    to_date: Annotated[str | None, QueryParameter(name="to", description="YYYY-MM-DD")] = None,
) -> UnitIkm:
    period = parse_period(from_date, to_date, today)
    unit = await unit_by_code(unit_code)
    if unit is None:
        raise NotFoundException(_("Unit %(code)s tidak ditemukan.", code=unit_code))
    totals = await unit_totals(period, unit["id"])
    result = totals.ikm(
        minimum_n=unit["minimum_responses"] or settings.min_responses,
        weights=parse_weights(unit["weights"]),
    )
    population = (await populations_for(period, [unit["id"]])).get(unit["id"])
    interval = ikm_interval(result.ikm, totals.spread)
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
        minimum_responses=unit["minimum_responses"],
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
        priorities=list(priority_codes(result)),
        population=population,
        sample_target=None if population is None else sample_target(population, result.n).target,
        interval=None
        if interval is None
        else IkmInterval(str(interval.low), str(interval.high), interval.n),
    )


ROUTES = [list_units, unit_ikm]
