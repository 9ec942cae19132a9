"""Public pages: the home page, the language switch, a unit's published result and the
method. The unit page shows only what a manager recorded as published, from the snapshot
taken then; a unit with nothing published gets a friendly page (200), an unknown unit 404.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app import i18n
from app.dependencies import AppSettings
from app.i18n import gettext as _
from app.reporting.dependencies import Today
from app.reporting.present import element_chart, element_name
from app.web import render, safe_next
from surveys.method.scoring import grade_for
from surveys.reporting import publication as q
from surveys.reporting.report_queries import government_of
from surveys.store.units import active_units, unit_by_code


@get("/", name="home")
async def show_home(request: Request[Any, Any, Any]) -> Template:
    units = await active_units()
    schema = request.app.openapi_config.path if request.app.openapi_config else ""
    return await render(
        request, "reporting/public_home.html", {"units": units, "schema_path": schema}
    )


@get("/lang/{language:str}", name="set_language")
async def set_language(language: FromPath[str], next: FromQuery[str] = "/") -> Redirect:
    if language not in i18n.LANGUAGES:
        raise NotFoundException()
    response = Redirect(safe_next(next))
    response.cookies.append(
        Cookie(key=i18n.LANGUAGE_COOKIE, value=language, max_age=365 * 86400, samesite="lax")
    )
    return response


@get("/healthz", name="health", include_in_schema=False)
async def health() -> dict[str, str]:
    return {"status": "ok"}


@get("/p/{unit_code:str}", name="public_unit")
async def show_public_unit(
    request: Request[Any, Any, Any], unit_code: FromPath[str], settings: AppSettings, today: Today
) -> Template:
    unit = await unit_by_code(unit_code)
    if unit is None:
        raise NotFoundException(_("Unit %(code)s tidak ditemukan.", code=unit_code))
    found = await q.latest_public_result(unit["id"], today)
    context: dict[str, Any] = {
        "unit": unit,
        "government": await government_of(unit),
        "published": None,
        "channel_labels": q.CHANNEL_LABELS,
        "element_name": element_name,
    }
    if found is not None:
        latest, channels = found
        elements = latest["elements"] or []
        ikm = Decimal(latest["ikm"])
        minimum = unit["minimum_responses"] or settings.min_responses
        context |= {
            "published": latest,
            "channels": channels,
            "ikm": ikm,
            "grade": grade_for(ikm),
            "elements": elements,
            "too_few": latest["n"] < minimum,
            "minimum": minimum,
            "chart": element_chart((e["code"], e["nrr"], e["grade"]) for e in elements),
        }
    return await render(request, "reporting/public_unit.html", context)


@get("/metodologi", name="methodology")
async def show_methodology(request: Request[Any, Any, Any]) -> Template:
    return await render(request, "reporting/methodology.html", {})


ROUTES = [show_home, set_language, health, show_public_unit, show_methodology]
