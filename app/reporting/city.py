"""The city view of a parent unit (PEMKOT, an instansi): the combined IKM of every unit
below it and the recap of all of them, as a printable page and as XLSX."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, get
from litestar.response import Response, Template

from app.dependencies import AppSettings, UnitScope
from app.i18n import gettext as _
from app.periods import checked_period, period_label, period_query
from app.reporting.dependencies import VisibleUnit
from app.reporting.present import attachment_headers
from app.web import render
from surveys.reporting.city import city_recap, recap_xlsx
from surveys.store.spreadsheet import XLSX_MEDIA_TYPE


@get("/units/{unit_code:str}/recap", name="city_recap")
async def show_city_recap(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, unit_scope: UnitScope
) -> Template:
    choice = checked_period(request)
    recap = await city_recap(unit, unit_scope, choice, settings.min_responses)
    context = {
        "unit": unit,
        "recap": recap,
        "choice": choice,
        "label": period_label(choice),
        "query": period_query(choice),
    }
    return await render(request, "reporting/city_recap.html", context)


@get("/units/{unit_code:str}/recap.xlsx", name="city_recap_xlsx")
async def download_city_recap_xlsx(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, unit_scope: UnitScope
) -> Response[bytes]:
    choice = checked_period(request)
    recap = await city_recap(unit, unit_scope, choice, settings.min_responses)
    data = await asyncio.to_thread(recap_xlsx, recap, _)
    period = choice.period
    name = f"rekap-ikm-{unit['code']}-{period.start.isoformat()}-{period.end.isoformat()}.xlsx"
    return Response(
        data,
        media_type=XLSX_MEDIA_TYPE,
        headers=attachment_headers(request, name),
    )


ROUTES = [show_city_recap, download_city_recap_xlsx]
