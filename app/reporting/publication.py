"""Publishing results: a unit's managers record where and when a period's result was
announced; the public page (app/reporting/public.py) shows only what was recorded."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlsplit

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.reporting.dependencies import Today, VisibleUnit
from app.reporting.present import period_query
from app.reporting.reports import chosen_period
from app.settings import Settings
from app.web import RowId, render
from surveys.method.periods import Period
from surveys.reporting import publication as q


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
    unit: VisibleUnit,
    period: Period,
    settings: Settings,
    today: date,
    form: Form | None = None,
    status_code: int = 200,
) -> Template:
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
                "published_on": today.isoformat(),
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


@get("/units/{unit_code:str}/publications", name="publications_list")
async def list_publications(
    request: Request[Any, Any, Any], unit: VisibleUnit, settings: AppSettings, today: Today
) -> Template:
    return await _page(request, unit, chosen_period(request), settings, today)


def _saved(request: Request[Any, Any, Any], unit: dict, period: Period) -> Redirect:
    """Back to the unit's publications of ``period``, saying it was saved."""
    target = request.app.route_reverse("publications_list", unit_code=unit["code"])
    return see_other(f"{target}?{period_query(period)}&saved=1")


@post("/units/{unit_code:str}/publications", name="publications_create")
async def publish_result(
    request: Request[Any, Any, Any],
    unit: VisibleUnit,
    account: SignedInAccount,
    settings: AppSettings,
    today: Today,
) -> Template | Redirect:
    form = await read_form(request)
    fields = _read_fields(form, today)
    if fields is not None:
        period = Period(fields.period_start, fields.period_end)
        result = await q.current_result(unit, period, settings.min_responses)
        if result.ikm is not None:
            await q.publish(account, unit, fields, result)
            return _saved(request, unit, period)
        form.error(
            "period_start",
            _("Belum ada responden pada periode ini: tidak ada hasil untuk diumumkan."),
        )
    period = _form_period(form, request)
    return await _page(request, unit, period, settings, today, form, status_code=400)


def _form_period(form: Form, request: Request[Any, Any, Any]) -> Period:
    """The period typed in the form when it is valid, else the page's own."""
    try:
        start = date.fromisoformat(form.raw("period_start"))
        end = date.fromisoformat(form.raw("period_end"))
        return Period(start, end)
    except ValueError:
        return chosen_period(request)


@post("/units/{unit_code:str}/publications/{publication_id:int}/delete", name="publications_delete")
async def retract_publication(
    request: Request[Any, Any, Any],
    unit: VisibleUnit,
    publication_id: RowId,
    account: SignedInAccount,
) -> Redirect:
    row = await q.publication_of_unit(unit["id"], publication_id)
    if row is None:
        raise NotFoundException()
    await q.retract_publication(account, publication_id)
    return _saved(request, unit, Period(row["period_start"], row["period_end"]))


ROUTES = [list_publications, publish_result, retract_publication]
