"""The competency dictionary and the element mapping, for BKPSDM: list, edit, add technical."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.competency.labels import kind_choices
from app.dependencies import SignedInAccount
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.competency import dictionary as q
from surveys.competency.assessments import competencies
from surveys.method.elements import ELEMENTS
from surveys.store.development_tables import COMPETENCY_KINDS

LEVELS = range(1, 6)


@get("/dictionary", name="competency_dictionary")
async def list_competencies(request: Request[Any, Any, Any]) -> Template:
    return await render(
        request,
        "competency/dictionary.html",
        {"dictionary": await competencies(active_only=False), "kinds": dict(kind_choices())},
    )


async def _form_page(
    request: Request[Any, Any, Any], form: Form, competency: dict | None, status_code: int = 200
) -> Template:
    return await render(
        request,
        "competency/competency_form.html",
        {"form": form, "competency": competency, "kinds": kind_choices(), "levels": LEVELS},
        status_code=status_code,
    )


async def _read(form: Form, except_id: int | None) -> q.CompetencyFields | None:
    code = form.text("code", max_length=40).casefold()
    if code and not code.replace("_", "").isalnum():
        form.error("code", _("Gunakan huruf kecil, angka dan garis bawah saja."))
    elif code and await q.competency_code_taken(code, except_id):
        form.error("code", _("Kode ini sudah dipakai kompetensi lain."))
    name = form.text("name", max_length=200)
    kind = form.choice("kind", COMPETENCY_KINDS)
    description = form.text("description", required=False, max_length=2000)
    level_1, level_2, level_3, level_4, level_5 = (
        form.text(f"level_{n}", max_length=2000) for n in LEVELS
    )
    if not form.ok:
        return None
    return q.CompetencyFields(
        code,
        name,
        kind,
        description,
        level_1,
        level_2,
        level_3,
        level_4,
        level_5,
        active=form.boolean("active"),
    )


@get("/dictionary/new", name="competency_new")
async def new_competency(request: Request[Any, Any, Any]) -> Template:
    return await _form_page(request, Form.filled({"kind": "teknis", "active": "1"}), None)


@post("/dictionary", name="competency_create")
async def create_competency(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    form = await read_form(request)
    fields = await _read(form, None)
    if fields is None:
        return await _form_page(request, form, None, status_code=400)
    try:
        await q.create_competency(account, fields)
    except q.CompetencyCodeTaken:
        form.error("code", _("Kode ini sudah dipakai kompetensi lain."))
        return await _form_page(request, form, None, status_code=409)
    return see_other(request.app.route_reverse("competency_dictionary"))


async def _competency_or_404(competency_id: int) -> dict:
    row = await q.competency_by_id(competency_id)
    if row is None:
        raise NotFoundException()
    return row


@get("/dictionary/{competency_id:int}", name="competency_edit")
async def edit_competency(request: Request[Any, Any, Any], competency_id: RowId) -> Template:
    row = await _competency_or_404(competency_id)
    return await _form_page(
        request, Form.filled(row | {"active": "1" if row["active"] else ""}), row
    )


@post("/dictionary/{competency_id:int}", name="competency_update")
async def update_competency(
    request: Request[Any, Any, Any], competency_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    row = await _competency_or_404(competency_id)
    form = await read_form(request)
    fields = await _read(form, competency_id)
    if fields is None:
        return await _form_page(request, form, row, status_code=400)
    try:
        await q.update_competency(account, competency_id, fields)
    except q.CompetencyCodeTaken:
        form.error("code", _("Kode ini sudah dipakai kompetensi lain."))
        return await _form_page(request, form, row, status_code=409)
    return see_other(request.app.route_reverse("competency_dictionary"))


# --- the element mapping ----------------------------------------------------------------------


async def _mapping_page(
    request: Request[Any, Any, Any], form: Form, saved: bool = False, status_code: int = 200
) -> Template:
    return await render(
        request,
        "competency/mapping.html",
        {
            "form": form,
            "elements": ELEMENTS,
            "dictionary": await competencies(),
            "saved": saved,
        },
        status_code=status_code,
    )


@get("/mapping", name="competency_mapping")
async def show_mapping(request: Request[Any, Any, Any], saved: FromQuery[str] = "") -> Template:
    mapping = await q.element_mapping()
    values: dict[str, Any] = {}
    for code, link in mapping.items():
        values[f"{code}_competencies"] = [str(c) for c in sorted(link.competencies)]
        values[f"{code}_technical"] = "1" if link.technical else ""
    return await _mapping_page(request, Form.filled(values), saved=bool(saved))


@post("/mapping", name="competency_mapping_update")
async def update_mapping(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    codes = [element.code for element in ELEMENTS]
    form = await read_form(request, multi=[f"{code}_competencies" for code in codes])
    known = {row["id"] for row in await competencies()}
    mapping = {}
    for code in codes:
        chosen = set(form.ids(f"{code}_competencies"))
        if chosen - known:
            form.error(f"{code}_competencies", _("Pilihan tidak dikenal."))
        mapping[code] = q.ElementLink(frozenset(chosen), form.boolean(f"{code}_technical"))
    if not form.ok:
        return await _mapping_page(request, form, status_code=400)
    await q.set_element_mapping(account, mapping)
    return see_other(request.app.route_reverse("competency_mapping") + "?saved=1")


ROUTES = [
    list_competencies,
    new_competency,
    create_competency,
    edit_competency,
    update_competency,
    show_mapping,
    update_mapping,
]
