"""Administering units: the list, create and edit, service types and populations."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, read_form, see_other, unit_kind_choices
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.method.periods import Period
from surveys.method.scoring import krejcie_morgan
from surveys.organisation import units as q
from surveys.store.scores import unit_totals
from surveys.store.tables import UNIT_KINDS


async def _unit_or_404(unit_id: int) -> dict:
    unit = await q.unit_by_id(unit_id)
    if unit is None:
        raise NotFoundException()
    return unit


def _flag(value: bool) -> str:
    return "1" if value else ""


def _saved(request: Request[Any, Any, Any], unit_id: int, section: str = "") -> Redirect:
    """Back to the unit's page with its notice on, at ``section`` (``#populations``) if given."""
    path = request.app.route_reverse("admin_unit", unit_id=unit_id)
    return see_other(f"{path}?saved=1{section}")


async def _parent_options(unit_id: int | None) -> list[tuple[int, str]]:
    return [
        (u["id"], f"{u['name']} ({u['code']})") for u in await q.all_units() if u["id"] != unit_id
    ]


async def _read_unit_fields(form: Form, unit_id: int | None) -> q.UnitFields | None:
    code = form.text("code", max_length=32).upper()
    name = form.text("name")
    kind = form.choice("kind", UNIT_KINDS)
    parent = form.optional_id("parent")
    minimum = form.integer("minimum_responses", minimum=1, maximum=100_000)
    if code and not code.replace("-", "").replace("_", "").isalnum():
        form.error("code", _("Kode hanya boleh berisi huruf, angka, - dan _."))
    elif code and await q.unit_code_taken(code, except_id=unit_id):
        form.error("code", _("Kode ini sudah dipakai unit lain."))
    if parent is not None:
        if not await q.unit_exists(parent):
            form.error("parent", _("Pilihan tidak dikenal."))
        elif unit_id is not None and await q.would_make_cycle(unit_id, parent):
            form.error("parent", _("Unit induk tidak boleh unit ini sendiri atau bawahannya."))
    if not form.ok:
        return None
    assert minimum is not None
    return q.UnitFields(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        minimum_responses=minimum,
        active=form.boolean("active"),
    )


async def _unit_form_page(
    request: Request[Any, Any, Any], form: Form, unit: dict | None, status_code: int = 200
) -> Template:
    return await render(
        request,
        "organisation/unit_form.html",
        {
            "form": form,
            "unit": unit,
            "parent_options": await _parent_options(unit["id"] if unit else None),
            "kinds": unit_kind_choices(),
        },
        status_code=status_code,
    )


@get("/units", name="admin_units")
async def list_units(request: Request[Any, Any, Any]) -> Template:
    units = await q.all_units()
    kinds = dict(unit_kind_choices())
    return await render(request, "organisation/units.html", {"units": units, "kinds": kinds})


@get("/units/new", name="admin_unit_new")
async def new_unit(request: Request[Any, Any, Any], settings: AppSettings) -> Template:
    form = Form.filled(
        {"kind": "unit_layanan", "minimum_responses": settings.min_responses, "active": "1"}
    )
    return await _unit_form_page(request, form, None)


@post("/units", name="admin_unit_create")
async def create_unit(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request)
    fields = await _read_unit_fields(form, None)
    if fields is None:
        return await _unit_form_page(request, form, None, status_code=400)
    try:
        unit_id = await q.create_unit(account, fields)
    except q.UnitCodeTaken:
        form.error("code", _("Kode ini sudah dipakai unit lain."))
        return await _unit_form_page(request, form, None, status_code=409)
    return _saved(request, unit_id)


async def _unit_page(
    request: Request[Any, Any, Any],
    unit: dict,
    *,
    unit_form: Form | None = None,
    type_form: Form | None = None,
    population_form: Form | None = None,
    row_forms: dict[str, Form] | None = None,
    saved: bool = False,
    status_code: int = 200,
) -> Template:
    if unit_form is None:
        unit_form = Form.filled(unit | {"active": _flag(unit["active"])})
    forms = dict(row_forms or {})
    service_types = await q.service_types_of(unit["id"])
    for st in service_types:
        forms.setdefault(
            f"type-{st['id']}", Form.filled({"name": st["name"], "active": _flag(st["active"])})
        )
    populations = []
    for row in await q.populations_of(unit["id"]):
        achieved = await unit_totals(Period(row["period_start"], row["period_end"]), unit["id"])
        populations.append(
            row | {"target": krejcie_morgan(row["population"]), "achieved": achieved.n}
        )
        forms.setdefault(
            f"population-{row['id']}",
            Form.filled(
                {
                    "period_start": row["period_start"].isoformat(),
                    "period_end": row["period_end"].isoformat(),
                    "population": row["population"],
                }
            ),
        )
    return await render(
        request,
        "organisation/unit.html",
        {
            "unit": unit,
            "form": unit_form,
            "parent_options": await _parent_options(unit["id"]),
            "kinds": unit_kind_choices(),
            "service_types": service_types,
            "type_form": type_form or Form(),
            "populations": populations,
            "population_form": population_form or Form(),
            "row_forms": forms,
            "saved": saved,
        },
        status_code=status_code,
    )


@get("/units/{unit_id:int}", name="admin_unit")
async def show_unit(
    request: Request[Any, Any, Any], unit_id: RowId, saved: FromQuery[str] = ""
) -> Template:
    return await _unit_page(request, await _unit_or_404(unit_id), saved=saved == "1")


@post("/units/{unit_id:int}", name="admin_unit_update")
async def update_unit(
    request: Request[Any, Any, Any], unit_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    unit = await _unit_or_404(unit_id)
    form = await read_form(request)
    fields = await _read_unit_fields(form, unit_id)
    if fields is None:
        return await _unit_page(request, unit, unit_form=form, status_code=400)
    try:
        await q.update_unit(account, unit_id, fields)
    except q.UnitCodeTaken:
        form.error("code", _("Kode ini sudah dipakai unit lain."))
        return await _unit_page(request, unit, unit_form=form, status_code=409)
    return _saved(request, unit_id)


@post("/units/{unit_id:int}/service-types", name="admin_service_type_create")
async def add_service_type(
    request: Request[Any, Any, Any], unit_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    unit = await _unit_or_404(unit_id)
    form = await read_form(request)
    name = form.text("name")
    if not form.ok:
        return await _unit_page(request, unit, type_form=form, status_code=400)
    await q.add_service_type(account, unit_id, name)
    return _saved(request, unit_id, "#service-types")


@post("/units/{unit_id:int}/service-types/{type_id:int}", name="admin_service_type_update")
async def update_service_type(
    request: Request[Any, Any, Any], unit_id: RowId, type_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    unit = await _unit_or_404(unit_id)
    if await q.service_type_of_unit(unit_id, type_id) is None:
        raise NotFoundException()
    form = await read_form(request)
    name = form.text("name")
    if not form.ok:
        return await _unit_page(request, unit, row_forms={f"type-{type_id}": form}, status_code=400)
    await q.update_service_type(account, type_id, name, form.boolean("active"))
    return _saved(request, unit_id, "#service-types")


def _read_population(form: Form) -> q.PopulationFields | None:
    start = form.date("period_start")
    end = form.date("period_end")
    population = form.integer("population", minimum=1, maximum=100_000_000)
    if start and end and end < start:
        form.error("period_end", _("Akhir periode tidak boleh sebelum awal periode."))
    if not form.ok:
        return None
    assert start and end and population
    return q.PopulationFields(period_start=start, period_end=end, population=population)


def _overlap_message() -> str:
    return _("Sudah ada jumlah pengguna layanan untuk periode yang tumpang tindih.")


@post("/units/{unit_id:int}/populations", name="admin_population_create")
async def add_population(
    request: Request[Any, Any, Any], unit_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    unit = await _unit_or_404(unit_id)
    form = await read_form(request)
    fields = _read_population(form)
    if fields and await q.population_period_taken(unit_id, fields):
        form.error("period_start", _overlap_message())
        fields = None
    if fields is None:
        return await _unit_page(request, unit, population_form=form, status_code=400)
    await q.add_population(account, unit_id, fields)
    return _saved(request, unit_id, "#populations")


@post("/units/{unit_id:int}/populations/{population_id:int}", name="admin_population_update")
async def update_population(
    request: Request[Any, Any, Any],
    unit_id: RowId,
    population_id: RowId,
    account: SignedInAccount,
) -> Template | Redirect:
    unit = await _unit_or_404(unit_id)
    if await q.population_of_unit(unit_id, population_id) is None:
        raise NotFoundException()
    form = await read_form(request)
    fields = _read_population(form)
    if fields and await q.population_period_taken(unit_id, fields, except_id=population_id):
        form.error("period_start", _overlap_message())
        fields = None
    if fields is None:
        row_forms = {f"population-{population_id}": form}
        return await _unit_page(request, unit, row_forms=row_forms, status_code=400)
    await q.update_population(account, population_id, fields)
    return _saved(request, unit_id, "#populations")


@post(
    "/units/{unit_id:int}/populations/{population_id:int}/delete",
    name="admin_population_delete",
)
async def delete_population(
    request: Request[Any, Any, Any],
    unit_id: RowId,
    population_id: RowId,
    account: SignedInAccount,
) -> Redirect:
    await _unit_or_404(unit_id)
    if await q.population_of_unit(unit_id, population_id) is None:
        raise NotFoundException()
    await q.delete_population(account, population_id)
    return _saved(request, unit_id, "#populations")


ROUTES = [
    list_units,
    new_unit,
    create_unit,
    show_unit,
    update_unit,
    add_service_type,
    update_service_type,
    add_population,
    update_population,
    delete_population,
]
