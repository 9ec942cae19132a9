"""Publishing results (managers), and the public pages: a unit's published result, the method.

The public page shows only what a manager recorded as published, from the snapshot taken
then; a unit with nothing published gets a friendly page (200), an unknown unit 404.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.auth import requires_manager
from app.dependencies import signed_in
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.reporting.reports import (
    chart_svg,
    chosen_period,
    element_name,
    managed_unit,
    period_query,
    today,
)
from app.web import render
from surveys.method.periods import Period
from surveys.method.scoring import grade_for
from surveys.reporting import publication as q
from surveys.reporting.report_queries import government_of
from surveys.store.units import unit_by_code


def _channel_choices() -> list[tuple[str, str]]:
    return [(code, _(q.CHANNEL_LABELS[code])) for code in q.CHANNELS]


def _read_fields(form: Form, today_: date) -> q.PublicationFields | None:
    start = form.date("period_start")
    end = form.date("period_end")
    channel = form.choice("channel", q.CHANNELS)
    url = form.text("url", required=False, max_length=500)
    published_on = form.date("published_on")
    if start and end and end < start:
        form.error("period_end", _("Akhir periode tidak boleh sebelum awal periode."))
    if url and (urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc):
        form.error("url", _("Tautan harus diawali http:// atau https://."))
    if published_on and published_on > today_:
        form.error("published_on", _("Tanggal pengumuman tidak boleh di masa depan."))
    if not form.ok:
        return None
    assert start and end and published_on
    return q.PublicationFields(start, end, channel, url, published_on)


async def _page(
    request: Request[Any, Any, Any],
    unit: dict,
    period: Period,
    form: Form | None = None,
    status_code: int = 200,
) -> Template:
    settings = request.app.state.settings
    result = await q.current_result(unit, period, settings.min_responses)
    publications = await q.publications_of_unit(unit["id"])
    media: dict[tuple[date, date], set[str]] = {}
    for row in publications:
        media.setdefault((row["period_start"], row["period_end"]), set()).add(row["channel"])
    if form is None:
        form = Form.filled(
            {
                "period_start": period.start.isoformat(),
                "period_end": period.end.isoformat(),
                "published_on": today(request).isoformat(),
                "channel": "website",
            }
        )
    context = {
        "unit": unit,
        "period": period,
        "query": period_query(period),
        "result": result,
        "form": form,
        "publications": publications,
        "media_counts": {key: len(channels) for key, channels in media.items()},
        "channel_choices": _channel_choices(),
        "channel_labels": q.CHANNEL_LABELS,
        "saved": request.query_params.get("saved") == "1",
    }
    return await render(request, "reporting/publications.html", context, status_code=status_code)


@get(
    "/dashboard/units/{unit_code:str}/publications",
    name="publications_list",
    guards=[requires_manager],
)
async def list_publications(request: Request[Any, Any, Any], unit_code: FromPath[str]) -> Template:
    unit = await managed_unit(request, unit_code)
    return await _page(request, unit, chosen_period(request))


@post(
    "/dashboard/units/{unit_code:str}/publications",
    name="publications_create",
    guards=[requires_manager],
)
async def publish_result(
    request: Request[Any, Any, Any], unit_code: FromPath[str]
) -> Template | Redirect:
    unit = await managed_unit(request, unit_code)
    form = await read_form(request)
    fields = _read_fields(form, today(request))
    if fields is not None:
        period = Period(fields.period_start, fields.period_end)
        result = await q.current_result(unit, period, request.app.state.settings.min_responses)
        if result.ikm is not None:
            await q.publish(await signed_in(request), unit, fields, result)
            query = period_query(period)
            return see_other(f"/dashboard/units/{unit['code']}/publications?{query}&saved=1")
        form.error(
            "period_start",
            _("Belum ada responden pada periode ini: tidak ada hasil untuk diumumkan."),
        )
    return await _page(request, unit, _form_period(form, request), form, status_code=400)


def _form_period(form: Form, request: Request[Any, Any, Any]) -> Period:
    """The period typed in the form when it is valid, else the page's own."""
    try:
        start = date.fromisoformat(form.raw("period_start"))
        end = date.fromisoformat(form.raw("period_end"))
        return Period(start, end)
    except ValueError:
        return chosen_period(request)


@post(
    "/dashboard/units/{unit_code:str}/publications/{publication_id:int}/delete",
    name="publications_delete",
    guards=[requires_manager],
)
async def retract_publication(
    request: Request[Any, Any, Any], unit_code: FromPath[str], publication_id: FromPath[int]
) -> Redirect:
    unit = await managed_unit(request, unit_code)
    row = await q.publication_of_unit(unit["id"], publication_id)
    if row is None:
        raise NotFoundException()
    await q.retract_publication(await signed_in(request), publication_id)
    period = Period(row["period_start"], row["period_end"])
    return see_other(f"/dashboard/units/{unit['code']}/publications?{period_query(period)}&saved=1")


# --- public ----------------------------------------------------------------------------------


@get("/p/{unit_code:str}", name="public_unit")
async def show_public_unit(request: Request[Any, Any, Any], unit_code: FromPath[str]) -> Template:
    unit = await unit_by_code(unit_code)
    if unit is None:
        raise NotFoundException(_("Unit %(code)s tidak ditemukan.", code=unit_code))
    found = await q.latest_public_result(unit["id"], today(request))
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
        minimum = unit["minimum_responses"] or request.app.state.settings.min_responses
        context |= {
            "published": latest,
            "channels": channels,
            "ikm": ikm,
            "grade": grade_for(ikm),
            "elements": elements,
            "too_few": latest["n"] < minimum,
            "minimum": minimum,
            "chart": chart_svg(
                [(e["code"], e["nrr"], e["grade"]) for e in elements],
                _("Nilai rata-rata (NRR) per unsur"),
            ),
        }
    return await render(request, "reporting/public_unit.html", context)


@get("/metodologi", name="methodology")
async def show_methodology(request: Request[Any, Any, Any]) -> Template:
    return await render(request, "reporting/methodology.html", {})


ROUTES = [
    list_publications,
    publish_result,
    retract_publication,
    show_public_unit,
    show_methodology,
]
