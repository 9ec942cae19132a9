"""The overview of a year's events, four levels side by side: sortable, exportable."""

from __future__ import annotations

import asyncio
from datetime import date, datetime
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from app.dependencies import AppSettings, UnitScope
from app.web import render
from surveys.evaluation import overview as q
from surveys.evaluation.events import events_in_scope
from surveys.method.text import whole_number
from surveys.store.spreadsheet import CSV_MEDIA_TYPE

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(text: str, today: date) -> int:
    chosen = whole_number(text, 2000, today.year + 1)
    return today.year if chosen is None else chosen


async def _rows(unit_scope: frozenset[int] | None, year: int, sort: str, today: date) -> list:
    found = await events_in_scope(unit_scope, date(year, 1, 1), date(year, 12, 31))
    return q.sorted_rows(await q.event_rows(found, today), sort)


@get("/events/overview", name="events_overview")
async def show_overview(
    request: Request[Any, Any, Any],
    unit_scope: UnitScope,
    settings: AppSettings,
    year: FromQuery[str] = "",
    sort: FromQuery[str] = "date",
) -> Template:
    today = datetime.now(settings.timezone).date()
    chosen = _year(year, today)
    sort = sort if sort in q.SORT_KEYS else "date"
    context = {
        "rows": await _rows(unit_scope, chosen, sort, today),
        "year": chosen,
        "years": list(range(today.year, today.year - 6, -1)),
        "sort": sort,
    }
    return await render(request, "evaluation/overview.html", context)


def _attachment(name: str) -> dict[str, str]:
    return {"content-disposition": f'attachment; filename="{name}"'}


@get("/events/overview.csv", name="events_overview_csv")
async def export_overview_csv(
    unit_scope: UnitScope,
    settings: AppSettings,
    year: FromQuery[str] = "",
    sort: FromQuery[str] = "date",
) -> Response[str]:
    today = datetime.now(settings.timezone).date()
    chosen = _year(year, today)
    rows = await _rows(unit_scope, chosen, sort, today)
    return Response(
        q.overview_csv(rows),
        media_type=CSV_MEDIA_TYPE,
        headers=_attachment(f"kegiatan-{chosen}.csv"),
    )


@get("/events/overview.xlsx", name="events_overview_xlsx")
async def export_overview_xlsx(
    unit_scope: UnitScope,
    settings: AppSettings,
    year: FromQuery[str] = "",
    sort: FromQuery[str] = "date",
) -> Response[bytes]:
    today = datetime.now(settings.timezone).date()
    chosen = _year(year, today)
    rows = await _rows(unit_scope, chosen, sort, today)
    return Response(
        await asyncio.to_thread(q.overview_xlsx, rows),
        media_type=XLSX_MEDIA_TYPE,
        headers=_attachment(f"kegiatan-{chosen}.xlsx"),
    )


ROUTES = [show_overview, export_overview_csv, export_overview_xlsx]
