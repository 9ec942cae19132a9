"""The overview of a year's events, four levels side by side: sortable, exportable."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from litestar import Request, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from app.dependencies import AppSettings, UnitScope
from app.web import render, table_download
from surveys.evaluation import overview as q
from surveys.evaluation.events import events_in_scope
from surveys.method.text import whole_number


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


async def _export(
    unit_scope: frozenset[int] | None,
    settings: Any,
    year: str,
    sort: str,
    kind: Literal["csv", "xlsx"],
) -> Response[bytes]:
    today = datetime.now(settings.timezone).date()
    chosen = _year(year, today)
    rows = await _rows(unit_scope, chosen, sort, today)
    table = q.overview_table(rows)
    return await table_download(f"kegiatan-{chosen}", kind, q.COLUMNS, table, sheet="kegiatan")


@get("/events/overview.csv", name="events_overview_csv")
async def export_overview_csv(
    unit_scope: UnitScope,
    settings: AppSettings,
    year: FromQuery[str] = "",
    sort: FromQuery[str] = "date",
) -> Response[bytes]:
    return await _export(unit_scope, settings, year, sort, "csv")


@get("/events/overview.xlsx", name="events_overview_xlsx")
async def export_overview_xlsx(
    unit_scope: UnitScope,
    settings: AppSettings,
    year: FromQuery[str] = "",
    sort: FromQuery[str] = "date",
) -> Response[bytes]:
    return await _export(unit_scope, settings, year, sort, "xlsx")


ROUTES = [show_overview, export_overview_csv, export_overview_xlsx]
