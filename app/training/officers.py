"""Officers (ASN): search, create, edit with NIP validation, deactivate."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, optional_int, read_form, see_other
from app.i18n import gettext as _
from app.settings import Settings
from app.web import RowId, render
from surveys.method.nip import normalise_nip, validate_nip
from surveys.training import officers as q
from surveys.training.duties import conflicts
from surveys.training.hours import COMPETENCY_LABELS


async def officer_or_404(officer_id: int) -> dict:
    officer = await q.officer_by_id(officer_id)
    if officer is None:
        raise NotFoundException()
    return officer


async def _unit_choices() -> list[tuple[int, str]]:
    return [(u["id"], f"{u['name']} ({u['code']})") for u in await q.unit_options()]


async def _read_officer(form: Form, officer_id: int | None) -> q.OfficerFields | None:
    nip = normalise_nip(form.raw("nip"))
    if not nip:
        form.error("nip", _("Wajib diisi."))
    else:
        problem = validate_nip(nip)
        if problem:
            form.error("nip", _(problem))
        elif await q.nip_taken(nip, except_id=officer_id):
            form.error("nip", _("NIP ini sudah terdaftar untuk petugas lain."))
    name = form.text("name")
    unit = form.optional_id("unit")
    if unit is None:
        form.error("unit", _("Wajib diisi."))
    elif unit not in {value for value, _label in await _unit_choices()}:
        form.error("unit", _("Pilihan tidak dikenal."))
    position = form.text("position", required=False)
    if not form.ok:
        return None
    assert unit is not None
    return q.OfficerFields(
        nip=nip, name=name, unit=unit, position=position, active=form.boolean("active")
    )


@get("/officers", name="admin_officers")
async def list_officers(
    request: Request[Any, Any, Any],
    search: FromQuery[str] = "",
    unit: FromQuery[str] = "",
) -> Template:
    unit_id = optional_int(unit)
    search = search.strip()[:100]
    officer = await q.search_officers(search, unit_id)
    return await render(
        request,
        "training/officers.html",
        {
            "officer": officer,
            "search": search,
            "unit_filter": unit_id,
            "units": await _unit_choices(),
        },
        partial="training/_officers_table.html",
    )


async def _form_page(
    request: Request[Any, Any, Any], form: Form, status_code: int = 200
) -> Template:
    return await render(
        request,
        "training/officer_form.html",
        {"form": form, "units": await _unit_choices()},
        status_code=status_code,
    )


@get("/officers/new", name="admin_officer_new")
async def new_officer(request: Request[Any, Any, Any], unit: FromQuery[str] = "") -> Template:
    return await _form_page(request, Form.filled({"unit": unit, "active": "1"}))


def saved(request: Request[Any, Any, Any], officer_id: int, section: str = "") -> Redirect:
    """Back to the officer's page, its notice on, at ``section`` (``#trainings``) if given."""
    path = request.app.route_reverse("admin_officer_detail", officer_id=officer_id)
    return see_other(f"{path}?saved=1{section}")


@post("/officers", name="admin_officer_create")
async def create_officer(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request)
    fields = await _read_officer(form, None)
    if fields is None:
        return await _form_page(request, form, status_code=400)
    try:
        officer_id = await q.create_officer(account, fields)
    except q.NipTaken:
        form.error("nip", _("NIP ini sudah terdaftar untuk petugas lain."))
        return await _form_page(request, form, status_code=409)
    return saved(request, officer_id)


async def officer_page(
    request: Request[Any, Any, Any],
    settings: Settings,
    officer: dict,
    *,
    form: Form | None = None,
    duty_form: Form | None = None,
    end_forms: dict[int, Form] | None = None,
    status_code: int = 200,
) -> Template:
    """The officer's administration page: details, trainings, duty assignments."""
    if form is None:
        form = Form.filled(
            {
                "nip": officer["nip"],
                "name": officer["name"],
                "unit": officer["unit"],
                "position": officer["position"],
                "active": "1" if officer["active"] else "",
            }
        )
    timezone = settings.timezone
    related = await q.related_duties(officer["id"])
    duties = []
    for duty in await q.duties_of(officer["id"]):
        duties.append(
            duty
            | {
                "starts_local": duty["starts_at"].astimezone(timezone),
                "ends_local": duty["ends_at"].astimezone(timezone) if duty["ends_at"] else None,
                "conflicts": [
                    {
                        **other,
                        "starts_local": other["starts_at"].astimezone(timezone),
                        "ends_local": other["ends_at"].astimezone(timezone)
                        if other["ends_at"]
                        else None,
                    }
                    for other in conflicts(duty, related)
                ],
            }
        )
    points = await q.point_options()
    return await render(
        request,
        "training/officer_detail.html",
        {
            "officer": officer,
            "form": form,
            "units": await _unit_choices(),
            "trainings": await q.trainings_of(officer["id"]),
            "competencies": COMPETENCY_LABELS,
            "duties": duties,
            "duty_form": duty_form or Form(),
            "end_forms": end_forms or {},
            "points": [(p["id"], f"{p['unit_name']} · {p['name']}") for p in points],
            "saved": request.query_params.get("saved") == "1",
        },
        status_code=status_code,
    )


@get("/officers/{officer_id:int}", name="admin_officer_detail")
async def show_officer(
    request: Request[Any, Any, Any], officer_id: RowId, settings: AppSettings
) -> Template:
    return await officer_page(request, settings, await officer_or_404(officer_id))


@post("/officers/{officer_id:int}", name="admin_officer_update")
async def update_officer(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    officer = await officer_or_404(officer_id)
    form = await read_form(request)
    fields = await _read_officer(form, officer_id)
    if fields is None:
        return await officer_page(request, settings, officer, form=form, status_code=400)
    try:
        await q.update_officer(account, officer_id, fields)
    except q.NipTaken:
        form.error("nip", _("NIP ini sudah terdaftar untuk petugas lain."))
        return await officer_page(request, settings, officer, form=form, status_code=409)
    return saved(request, officer_id)


@post("/officers/{officer_id:int}/deactivate", name="admin_officer_deactivate")
async def deactivate_officer(
    request: Request[Any, Any, Any], officer_id: RowId, account: SignedInAccount
) -> Redirect:
    await officer_or_404(officer_id)
    await q.set_officer_active(account, officer_id, False)
    return saved(request, officer_id)


@post("/officers/{officer_id:int}/activate", name="admin_officer_activate")
async def activate_officer(
    request: Request[Any, Any, Any], officer_id: RowId, account: SignedInAccount
) -> Redirect:
    await officer_or_404(officer_id)
    await q.set_officer_active(account, officer_id, True)
    return saved(request, officer_id)


ROUTES = [
    list_officers,
    new_officer,
    create_officer,
    show_officer,
    update_officer,
    deactivate_officer,
    activate_officer,
]
