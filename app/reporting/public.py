"""Public pages: the home page, the language switch, a unit's published results and the
method. Only what a manager recorded as published is shown, from the snapshots taken then;
a unit with nothing published gets a friendly page (200), an unknown unit 404.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from markupsafe import Markup

from app import i18n
from app.charts import PHONE_WIDTH, WIDTH, trend_svg
from app.dependencies import AppSettings
from app.i18n import gettext as _
from app.reporting.dependencies import Today
from app.reporting.present import element_chart, element_name, label_of_period, short_label_of
from app.web import render, safe_next
from surveys.reporting import publication as q
from surveys.reporting.followups import STATUS_LABELS
from surveys.reporting.public_results import (
    PublicUnit,
    followups_of_published_periods,
    latest_per_period,
    public_units,
    published_periods_of_unit,
    published_rows,
)
from surveys.reporting.report_queries import government_of
from surveys.store.units import active_units, unit_by_code

# Published periods drawn in a unit's public trend (the latest included).
TREND_PERIODS = 8


@get("/", name="home")
async def show_home(
    request: Request[Any, Any, Any], settings: AppSettings, today: Today
) -> Template:
    units = await active_units()
    rows = latest_per_period(await published_rows(today))
    schema = request.app.openapi_config.path if request.app.openapi_config else ""
    context = {
        "units": public_units(units, rows, settings.min_responses),
        "schema_path": schema,
        "label_of_period": label_of_period,
    }
    return await render(request, "reporting/public_home.html", context)


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
    minimum = unit["minimum_responses"] or settings.min_responses
    public = await published_periods_of_unit(unit, today, minimum)
    context: dict[str, Any] = {
        "unit": unit,
        "government": await government_of(unit),
        "published": public.latest,
        "minimum": minimum,
        "channel_labels": q.CHANNEL_LABELS,
        "status_labels": STATUS_LABELS,
        "element_name": element_name,
        "label_of_period": label_of_period,
    }
    latest = public.latest
    if latest is not None:
        found = await q.latest_public_result(unit["id"], today)
        bars = [(e["code"], e["nrr"], e.get("grade")) for e in latest.elements]
        context |= {
            "channels": found[1] if found else [],
            "elements": latest.elements,
            "chart": element_chart(bars),
            "chart_phone": element_chart(bars, phone=True),
            "trend": list(reversed(public.periods[-TREND_PERIODS:])),
            "trend_chart": _trend_chart(unit, public),
            "trend_chart_phone": _trend_chart(unit, public, PHONE_WIDTH),
            "followups": await followups_of_published_periods(
                unit["id"], [p.period for p in public.periods]
            ),
        }
    return await render(request, "reporting/public_unit.html", context)


def _trend_chart(unit: dict, public: PublicUnit, width: int = WIDTH) -> Markup | None:
    """The published IKMs as a line; None with fewer than two to join."""
    periods = public.periods[-TREND_PERIODS:]
    values = [None if p.ikm is None else float(p.ikm) for p in periods]
    if sum(value is not None for value in values) < 2:
        return None
    labels = [short_label_of(p.period) for p in periods]
    title = _("Tren IKM yang diumumkan, %(unit)s", unit=unit["name"])
    return Markup(trend_svg(title, labels, values, flat=True, width=width))


@get("/metodologi", name="methodology")
async def show_methodology(request: Request[Any, Any, Any]) -> Template:
    return await render(request, "reporting/methodology.html", {})


ROUTES = [show_home, set_language, health, show_public_unit, show_methodology]
