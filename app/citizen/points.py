"""Service points: the list, create and edit, QR codes, posters, desk cards, token revocation.

The router (app/citizen/__init__.py) lets administrators alone in and injects the
account and the settings.
"""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from markupsafe import Markup

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, RowId, optional_int, point_kind_choices, read_form, see_other
from app.i18n import gettext as _
from app.settings import Settings
from app.web import render
from surveys.citizen import points as q
from surveys.method import qr
from surveys.store.tables import SERVICE_POINT_KINDS


def survey_url(request: Request[Any, Any, Any], settings: Settings, token: str) -> str:
    """The full address a QR code holds: the site's base URL and the survey's path."""
    return settings.base_url + request.app.route_reverse("survey_form", token=token)


def _back_to_point(request: Request[Any, Any, Any], point_id: int, notice: str) -> Redirect:
    """Back to the point's page with its notice (``saved`` or ``revoked``)."""
    return see_other(request.app.route_reverse("admin_point", point_id=point_id) + f"?{notice}=1")


async def _point_or_404(point_id: int) -> dict:
    point = await q.point_by_id(point_id)
    if point is None:
        raise NotFoundException()
    return point


def _grouped(rows: list[dict], units: list[dict], label) -> list[tuple[str, list[tuple[int, str]]]]:
    """Options grouped by unit (<optgroup>), so one select works without JavaScript."""
    groups = []
    for unit in units:
        options = [(row["id"], label(row)) for row in rows if row["unit"] == unit["id"]]
        if options:
            groups.append((unit["name"], options))
    return groups


async def _form_page(
    request: Request[Any, Any, Any], form: Form, point: dict | None, status_code: int = 200
) -> Template:
    units = await q.unit_choices()
    officer = _grouped(await q.officer_choices(), units, lambda s: f"{s['name']} ({s['nip']})")
    types = _grouped(await q.service_type_choices(), units, lambda t: t["name"])
    return await render(
        request,
        "citizen/point_form.html",
        {
            "form": form,
            "point": point,
            "units": [(u["id"], f"{u['name']} ({u['code']})") for u in units],
            "kinds": point_kind_choices(),
            "officer_groups": officer,
            "type_groups": types,
        },
        status_code=status_code,
    )


async def _read_fields(form: Form) -> q.PointFields | None:
    unit = form.optional_id("unit")
    if unit is None:
        form.error("unit", _("Wajib diisi."))
    name = form.text("name")
    kind = form.choice("kind", SERVICE_POINT_KINDS)
    officer = form.optional_id("officer")
    service_type = form.optional_id("service_type")
    if unit is not None and officer is not None and not await q.officers_in_unit(officer, unit):
        form.error("officer", _("Petugas harus dari unit yang sama dengan titik layanan."))
    if (
        unit is not None
        and service_type is not None
        and not await q.service_type_in_unit(service_type, unit)
    ):
        form.error("service_type", _("Jenis layanan harus milik unit yang sama."))
    if not form.ok:
        return None
    assert unit is not None
    return q.PointFields(
        unit=unit,
        name=name,
        kind=kind,
        officer=officer,
        service_type=service_type,
        active=form.boolean("active"),
    )


@get("/points", name="admin_points")
async def list_points(request: Request[Any, Any, Any], unit: FromQuery[str] = "") -> Template:
    unit_id = optional_int(unit)
    points = await q.points_for_admin(unit_id)
    units = await q.unit_choices()
    return await render(
        request,
        "citizen/points.html",
        {
            "points": points,
            "units": units,
            "unit_filter": unit_id,
            "kinds": dict(point_kind_choices()),
        },
    )


@get("/points/new", name="admin_point_new")
async def new_point(request: Request[Any, Any, Any], unit: FromQuery[str] = "") -> Template:
    form = Form.filled({"unit": optional_int(unit) or "", "kind": "counter", "active": "1"})
    return await _form_page(request, form, None)


@post("/points", name="admin_point_create")
async def create_point(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request)
    fields = await _read_fields(form)
    if fields is None:
        return await _form_page(request, form, None, status_code=400)
    point_id = await q.create_point(account, fields)
    return _back_to_point(request, point_id, "saved")


@get("/points/{point_id:int}", name="admin_point")
async def show_point(
    request: Request[Any, Any, Any], point_id: RowId, settings: AppSettings
) -> Template:
    point = await _point_or_404(point_id)
    form = Form.filled(
        {
            "unit": point["unit"],
            "name": point["name"],
            "kind": point["kind"],
            "officer": point["officer"],
            "service_type": point["service_type"],
            "active": "1" if point["active"] else "",
        }
    )
    return await _form_page(request, form, await _details(request, settings, point))


async def _details(request: Request[Any, Any, Any], settings: Settings, point: dict) -> dict:
    return point | {
        "url": survey_url(request, settings, point["token"]),
        "retired": await q.retired_tokens_of(point["id"]),
        "saved": request.query_params.get("saved") == "1",
        "revoked": request.query_params.get("revoked") == "1",
    }


@post("/points/{point_id:int}", name="admin_point_update")
async def update_point(
    request: Request[Any, Any, Any],
    point_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    point = await _point_or_404(point_id)
    form = await read_form(request)
    fields = await _read_fields(form)
    if fields is None:
        details = await _details(request, settings, point)
        return await _form_page(request, form, details, status_code=400)
    await q.update_point(account, point_id, fields)
    return _back_to_point(request, point_id, "saved")


@get("/points/{point_id:int}/qr.svg", name="admin_point_qr_svg")
async def point_qr_svg(
    request: Request[Any, Any, Any], point_id: RowId, settings: AppSettings
) -> Response[str]:
    point = await _point_or_404(point_id)
    return Response(
        await asyncio.to_thread(qr.qr_svg, survey_url(request, settings, point["token"])),
        media_type="image/svg+xml",
        headers={"cache-control": "private, no-store"},
    )


@get("/points/{point_id:int}/qr.png", name="admin_point_qr_png")
async def point_qr_png(
    request: Request[Any, Any, Any], point_id: RowId, settings: AppSettings
) -> Response[bytes]:
    point = await _point_or_404(point_id)
    filename = f"qr-{point['unit_code']}-{point['id']}.png"
    return Response(
        await asyncio.to_thread(qr.qr_png, survey_url(request, settings, point["token"])),
        media_type="image/png",
        headers={
            "cache-control": "private, no-store",
            "content-disposition": f'inline; filename="{filename}"',
        },
    )


async def _inline_qrs(urls: list[str]) -> list[Markup]:
    """SVGs to put in the page, rendered off the event loop (tens of ms each when new).

    Our own SVG: path data and numbers only, no user text, so it is safe to inline.
    """
    svgs = await asyncio.to_thread(lambda: [qr.qr_svg(url) for url in urls])
    return [Markup(svg) for svg in svgs]


@get("/points/{point_id:int}/poster", name="admin_point_poster")
async def show_poster(
    request: Request[Any, Any, Any], point_id: RowId, settings: AppSettings
) -> Template:
    point = await _point_or_404(point_id)
    url = survey_url(request, settings, point["token"])
    [svg] = await _inline_qrs([url])
    return await render(request, "citizen/poster.html", {"point": point, "url": url, "qr": svg})


@get("/desk-cards", name="admin_desk_cards")
async def show_desk_cards(
    request: Request[Any, Any, Any], settings: AppSettings, unit: FromQuery[str] = ""
) -> Template:
    unit_id = optional_int(unit)
    points = await q.desk_card_points(unit_id)
    urls = [survey_url(request, settings, point["token"]) for point in points]
    svgs = await _inline_qrs(urls)
    cards = [p | {"url": u, "qr": s} for p, u, s in zip(points, urls, svgs, strict=True)]
    return await render(
        request,
        "citizen/desk_cards.html",
        {"cards": cards, "units": await q.unit_choices(), "unit_filter": unit_id},
    )


@get("/points/{point_id:int}/revoke", name="admin_point_revoke_confirm")
async def confirm_revoke(request: Request[Any, Any, Any], point_id: RowId) -> Template:
    point = await _point_or_404(point_id)
    return await render(request, "citizen/revoke.html", {"point": point})


@post("/points/{point_id:int}/revoke", name="admin_point_revoke")
async def revoke_token(
    request: Request[Any, Any, Any], point_id: RowId, account: SignedInAccount
) -> Redirect:
    await _point_or_404(point_id)
    await q.revoke_token(account, point_id)
    return _back_to_point(request, point_id, "revoked")


ROUTES = [
    list_points,
    new_point,
    create_point,
    show_point,
    update_point,
    point_qr_svg,
    point_qr_png,
    show_poster,
    show_desk_cards,
    confirm_revoke,
    revoke_token,
]
