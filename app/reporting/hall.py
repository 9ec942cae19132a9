"""The hall display (a TV in the waiting room, no login) and what managers do for it:
create or replace its unguessable link, approve which comments may appear on it.

The display page refreshes its numbers with htmx polling (``#hall-live``); when the
network drops, htmx swaps nothing and the last numbers stay on screen, and without
JavaScript the page reloads itself every minute.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import read_form, see_other
from app.i18n import gettext as _
from app.periods import period_label
from app.reporting.dependencies import Today, VisibleUnit
from app.reporting.present import element_chart, element_name
from app.web import RowId, render, safe_next
from surveys.method.period_choice import default_choice
from surveys.reporting import hall as q

# Seconds between two refreshes of a display's numbers.
REFRESH_SECONDS = 5
# The token is the only key to the page: it never leaves in a Referer, nothing is cached.
_PRIVATE = {"cache-control": "no-store", "referrer-policy": "no-referrer"}


@get("/tv/{token:str}", name="hall_display", include_in_schema=False)
async def show_hall_display(
    request: Request[Any, Any, Any], token: FromPath[str], settings: AppSettings, today: Today
) -> Template:
    display = await q.display_by_token(token)
    if display is None:
        raise NotFoundException(_("Tautan layar ini tidak berlaku lagi."))
    choice = default_choice(today)
    figures = await q.hall_figures(display, today, choice.period, settings.min_responses)
    minimum = display["minimum_responses"] or settings.min_responses
    period = figures.period
    context = {
        "display": display,
        "figures": figures,
        "minimum": minimum,
        "period_label": period_label(choice),
        "chart": element_chart(
            (e.code, e.nrr_display, e.grade.letter if e.grade else None) for e in period.elements
        )
        if period.enough
        else None,
        "element_name": element_name,
        "updated_at": datetime.now(settings.timezone).strftime("%H.%M.%S"),
        "refresh_seconds": REFRESH_SECONDS,
    }
    response = await render(
        request, "reporting/hall_display.html", context, partial="reporting/_hall_live.html"
    )
    response.headers.update(_PRIVATE)
    return response


@get("/units/{unit_code:str}/displays", name="hall_displays")
async def list_hall_displays(request: Request[Any, Any, Any], unit: VisibleUnit) -> Template:
    context = {
        "unit": unit,
        "displays": await q.displays_of_unit(unit["id"]),
        "points": await q.active_points_of_unit(unit["id"]),
        "saved": request.query_params.get("saved") == "1",
        "base_url": str(request.base_url).rstrip("/"),
    }
    response = await render(request, "reporting/hall_displays.html", context)
    response.headers.update(_PRIVATE)
    return response


@post("/units/{unit_code:str}/displays", name="hall_display_replace")
async def replace_hall_display(
    request: Request[Any, Any, Any], unit: VisibleUnit, account: SignedInAccount
) -> Redirect:
    form = await read_form(request)
    point_id = form.optional_id("service_point")
    if not form.ok:
        raise ValidationException(_("Titik layanan tidak dikenal."))
    try:
        await q.replace_display(account, unit["id"], point_id)
    except LookupError:
        raise NotFoundException(_("Titik layanan tidak ditemukan di unit ini.")) from None
    target = request.app.route_reverse("hall_displays", unit_code=unit["code"])
    return see_other(f"{target}?saved=1")


@post("/units/{unit_code:str}/comments/{response_id:int}/display", name="comment_display")
async def set_comment_display(
    request: Request[Any, Any, Any],
    unit: VisibleUnit,
    response_id: RowId,
    account: SignedInAccount,
) -> Redirect:
    """Approve a comment for the hall display (``show=1``) or hide it (``show=0``)."""
    form = await read_form(request)
    try:
        await q.set_comment_public(account, unit["id"], response_id, form.raw("show") == "1")
    except LookupError:
        raise NotFoundException() from None
    back = request.app.route_reverse("dashboard_unit", unit_code=unit["code"])
    return see_other(safe_next(form.raw("next"), back) + "#comments")


PUBLIC_ROUTES = [show_hall_display]
ROUTES = [list_hall_displays, replace_hall_display, set_comment_display]
