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


async def staff_or_404(staff_id: int) -> dict:
    staff = await q.staff_by_id(staff_id)
    if staff is None:
        raise NotFoundException()
    return staff


async def _unit_choices() -> list[tuple[int, str]]:
    return [(u["id"], f"{u['name']} ({u['code']})") for u in await q.unit_options()]


async def _read_staff(form: Form, staff_id: int | None) -> q.StaffFields | None:
    nip = normalise_nip(form.raw("nip"))
    if not nip:
        form.error("nip", _("Wajib diisi."))
    else:
        problem = validate_nip(nip)
        if problem:
            form.error("nip", _(problem))
        elif await q.nip_taken(nip, except_id=staff_id):
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
    return q.StaffFields(
        nip=nip, name=name, unit=unit, position=position, active=form.boolean("active")
    )


@get("/staff", name="admin_staff")
async def list_staff(
    request: Request[Any, Any, Any],
    search: FromQuery[str] = "",
    unit: FromQuery[str] = "",
) -> Template:
    unit_id = optional_int(unit)
    search = search.strip()[:100]
    staff = await q.search_staff(search, unit_id)
    return await render(
        request,
        "training/staff.html",
        {
            "staff": staff,
            "search": search,
            "unit_filter": unit_id,
            "units": await _unit_choices(),
        },
        partial="training/_staff_table.html",
    )


async def _form_page(
    request: Request[Any, Any, Any], form: Form, status_code: int = 200
) -> Template:
    return await render(
        request,
        "training/staff_form.html",
        {"form": form, "units": await _unit_choices()},
        status_code=status_code,
    )


@get("/staff/new", name="admin_staff_new")
async def new_staff(request: Request[Any, Any, Any], unit: FromQuery[str] = "") -> Template:
    return await _form_page(request, Form.filled({"unit": unit, "active": "1"}))


def saved(request: Request[Any, Any, Any], staff_id: int, section: str = "") -> Redirect:
    """Back to the officer's page, its notice on, at ``section`` (``#trainings``) if given."""
    path = request.app.route_reverse("admin_staff_detail", staff_id=staff_id)
    return see_other(f"{path}?saved=1{section}")


@post("/staff", name="admin_staff_create")
async def create_staff(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request)
    fields = await _read_staff(form, None)
    if fields is None:
        return await _form_page(request, form, status_code=400)
    staff_id = await q.create_staff(account, fields)
    return saved(request, staff_id)


async def staff_page(
    request: Request[Any, Any, Any],
    settings: Settings,
    staff: dict,
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
                "nip": staff["nip"],
                "name": staff["name"],
                "unit": staff["unit"],
                "position": staff["position"],
                "active": "1" if staff["active"] else "",
            }
        )
    timezone = settings.timezone
    related = await q.related_duties(staff["id"])
    duties = []
    for duty in await q.duties_of(staff["id"]):
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
        "training/staff_detail.html",
        {
            "staff": staff,
            "form": form,
            "units": await _unit_choices(),
            "trainings": await q.trainings_of(staff["id"]),
            "competencies": COMPETENCY_LABELS,
            "duties": duties,
            "duty_form": duty_form or Form(),
            "end_forms": end_forms or {},
            "points": [(p["id"], f"{p['unit_name']} · {p['name']}") for p in points],
            "saved": request.query_params.get("saved") == "1",
        },
        status_code=status_code,
    )


@get("/staff/{staff_id:int}", name="admin_staff_detail")
async def show_staff(
    request: Request[Any, Any, Any], staff_id: RowId, settings: AppSettings
) -> Template:
    return await staff_page(request, settings, await staff_or_404(staff_id))


@post("/staff/{staff_id:int}", name="admin_staff_update")
async def update_staff(
    request: Request[Any, Any, Any],
    staff_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    staff = await staff_or_404(staff_id)
    form = await read_form(request)
    fields = await _read_staff(form, staff_id)
    if fields is None:
        return await staff_page(request, settings, staff, form=form, status_code=400)
    await q.update_staff(account, staff_id, fields)
    return saved(request, staff_id)


@post("/staff/{staff_id:int}/deactivate", name="admin_staff_deactivate")
async def deactivate_staff(
    request: Request[Any, Any, Any], staff_id: RowId, account: SignedInAccount
) -> Redirect:
    await staff_or_404(staff_id)
    await q.set_staff_active(account, staff_id, False)
    return saved(request, staff_id)


@post("/staff/{staff_id:int}/activate", name="admin_staff_activate")
async def activate_staff(
    request: Request[Any, Any, Any], staff_id: RowId, account: SignedInAccount
) -> Redirect:
    await staff_or_404(staff_id)
    await q.set_staff_active(account, staff_id, True)
    return saved(request, staff_id)


ROUTES = [
    list_staff,
    new_staff,
    create_staff,
    show_staff,
    update_staff,
    deactivate_staff,
    activate_staff,
]
