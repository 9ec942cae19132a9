"""The city overview (BKPSDM; a manager sees their own units) and a unit's competency page."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromPath
from litestar.response import Template

from app.competency.access import today
from app.dependencies import AppSettings, SignedInAccount, UnitScope, visible_unit
from app.web import render
from surveys.competency.assessments import competencies, record_access
from surveys.competency.needs import unit_needs
from surveys.competency.needs_queries import jp_in_year
from surveys.competency.profiles import city_overview
from surveys.method.elements import ELEMENTS
from surveys.training.hours import JP_RIGHT_PER_YEAR


@get("/", name="competency_home")
async def show_overview(
    request: Request[Any, Any, Any], unit_scope: UnitScope, settings: AppSettings
) -> Template:
    day = today(settings)
    summaries = await city_overview(unit_scope, day)
    jp = await jp_in_year([officer for s in summaries for officer in s.members], day.year)
    below = {
        s.unit["id"]: sum(1 for officer in s.members if jp.get(officer, 0) < JP_RIGHT_PER_YEAR)
        for s in summaries
    }
    return await render(
        request,
        "competency/overview.html",
        {"summaries": summaries, "below_jp": below, "right": JP_RIGHT_PER_YEAR},
    )


@get("/units/{unit_code:str}", name="competency_unit")
async def show_unit(
    request: Request[Any, Any, Any],
    unit_code: FromPath[str],
    account: SignedInAccount,
    settings: AppSettings,
) -> Template:
    unit = await visible_unit(account, unit_code)
    minimum = unit["minimum_responses"] or settings.min_responses
    analysis = await unit_needs(unit["id"], today(settings), minimum)
    officers = [profile.officer["id"] for profile in analysis.matrix.profiles]
    await record_access(account, officers, "competency_unit")
    return await render(
        request,
        "competency/unit.html",
        {
            "unit": unit,
            "matrix": analysis.matrix,
            "analysis": analysis,
            "minimum": minimum,
            "right": JP_RIGHT_PER_YEAR,
            "elements": {element.code: element.name for element in ELEMENTS},
            "dictionary": {row["id"]: row for row in await competencies(active_only=False)},
        },
    )


ROUTES = [show_overview, show_unit]
