"""The management dashboard's overview: units ranked by IKM for a period.

Managers see their own units, administrators all; facilitators get 403 from the guard.
The units table is an htmx swap target; the URL stays canonical (``?from=&to=&unit=``)
and shareable, with or without JavaScript.
"""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.exceptions import ValidationException
from litestar.params import QueryParameter
from litestar.response import Redirect, Template
from markupsafe import Markup

from app.charts import CHART_HEADERS, sparkline_svg
from app.dependencies import AppSettings, UnitScope
from app.formatting import number
from app.i18n import gettext as _
from app.periods import (
    asks_for_picker_fields,
    following_query,
    period_form,
    period_label,
    period_query,
    read_period,
    short_period_label,
)
from app.web import is_htmx, render
from surveys.reporting.overview import overview_rows
from surveys.reporting.overview_queries import populations_for, unit_sums_by_period
from surveys.store.units import hierarchy_options, subtree, units_in_scope

# Periods drawn in each unit's sparkline, the current one included.
TREND_PERIODS = 6
MAX_SPARKLINE_POINTS = 12


@get("/", name="dashboard")
async def show_dashboard(
    request: Request[Any, Any, Any], unit_scope: UnitScope, settings: AppSettings
) -> Template | Redirect:
    choice, errors = read_period(request)
    all_units = await units_in_scope(unit_scope)
    unit_code = (request.query_params.get("unit") or "").strip()
    chosen_unit = next((u for u in all_units if u["code"] == unit_code), None)
    if unit_code and chosen_unit is None:
        errors["unit"] = _("Pilih unit dari daftar.")
    query = period_query(choice, unit=unit_code if chosen_unit else None)
    here = request.app.route_reverse("dashboard")
    if not errors and asks_for_picker_fields(request) and not is_htmx(request):
        # The plain form posts every picker field: land on the short, shareable URL.
        return Redirect(f"{here}?{query}", status_code=303)

    context: dict[str, Any] = {
        "form": period_form(choice, errors, request),
        "form_action": here,
        "htmx_target": "#units-table",
        "unit_options": hierarchy_options(all_units),
        "unit_code": unit_code,
    }
    if errors and is_htmx(request):
        # Show the messages next to the fields; the table keeps what it showed.
        return await render(
            request,
            "reporting/overview.html",
            context,
            partial="reporting/_period_form.html",
            re_target="#period-form",
            re_swap="outerHTML",
            push_url=False,
        )
    units = subtree(all_units, chosen_unit["id"]) if chosen_unit else all_units
    # Administrators without a filter read every unit: no IN list needed.
    unit_ids = None if unit_scope is None and not chosen_unit else [u["id"] for u in units]
    periods = choice.recent(TREND_PERIODS)
    sums = await unit_sums_by_period([p.period for p in periods], unit_ids)
    populations = await populations_for(choice.period, unit_ids)
    rows = overview_rows(
        units,
        sums,
        populations,
        len(periods),
        settings.min_responses,
    )
    context |= {
        "choice": choice,
        "label": period_label(choice),
        "query": query,
        "previous_query": period_query(choice.previous(), unit=unit_code or None),
        "next_query": following_query(request, choice, unit=unit_code or None),
        "trend_labels": [short_period_label(p) for p in periods],
        "trends": {r.item.unit["id"]: _trend_view(r.item.trend) for r in rows},
        "ranked": [r for r in rows if r.rank is not None],
        "unranked": [r for r in rows if r.rank is None],
        "populations": populations,
        "chosen_unit": chosen_unit,
    }
    return await render(
        request,
        "reporting/overview.html",
        context,
        partial="reporting/_units_table.html",
        push_url=f"{here}?{query}",
    )


def _trend_view(trend: tuple[float | None, ...]) -> dict[str, Any]:
    """The sparkline's image query (None when there is no line to draw), its alt text and the
    cells of its row in the data table, formatted once here: a 200-unit table has 1,200."""
    texts = ["–" if value is None else number(value) for value in trend]
    drawable = sum(value is not None for value in trend) >= 2
    return {
        "query": ",".join("" if v is None else f"{v:.2f}" for v in trend) if drawable else None,
        "alt": f"{_('Tren IKM')}: {'; '.join(texts)}",
        # Only digits, separators and dashes from number(): nothing to escape.
        "cells": Markup("".join(f'<td class="num">{text}</td>' for text in texts)),
    }


@get("/sparkline.svg", name="dashboard_sparkline")
async def show_sparkline(v: Annotated[str, QueryParameter(name="v")] = "") -> Response[str]:
    """A sparkline of the IKMs given in ``v`` (comma-separated, blank for a gap).

    The numbers are the ones the overview already shows: the image depends on nothing
    else, so it is cached by the browser and costs no query.
    """
    parts = v.split(",") if v else []
    if len(parts) > MAX_SPARKLINE_POINTS:
        raise ValidationException(_("Terlalu banyak titik."))
    values: list[float | None] = []
    for part in parts:
        try:
            value = float(part) if part else None
        except ValueError:
            raise ValidationException(_("Nilai tren tidak valid.")) from None
        if value is not None and not 25 <= value <= 100:
            raise ValidationException(_("Nilai tren tidak valid."))
        values.append(value)
    headers = CHART_HEADERS | {"cache-control": "private, max-age=86400, immutable"}
    return Response(sparkline_svg(values), media_type="image/svg+xml", headers=headers)


ROUTES = [show_dashboard, show_sparkline]
