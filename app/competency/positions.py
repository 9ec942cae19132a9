"""Positions (jabatan) and the level each requires per competency, for BKPSDM."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.competency.labels import kind_choices, level_choices
from app.dependencies import SignedInAccount
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.competency import dictionary as q
from surveys.competency.assessments import competencies


@get("/positions", name="competency_positions")
async def list_positions(request: Request[Any, Any, Any]) -> Template:
    return await render(
        request,
        "competency/positions.html",
        {
            "positions": await q.positions(),
            "dictionary": {row["id"]: row for row in await competencies(active_only=False)},
        },
    )


async def _page(
    request: Request[Any, Any, Any], form: Form, position: dict | None, status_code: int = 200
) -> Template:
    return await render(
        request,
        "competency/position_form.html",
        {
            "form": form,
            "position": position,
            "dictionary": await competencies(),
            "levels": level_choices(),
            "kinds": dict(kind_choices()),
        },
        status_code=status_code,
    )


async def _save(
    request: Request[Any, Any, Any], account: Any, position: dict | None
) -> Template | Redirect:
    form = await read_form(request)
    code = form.text("code", max_length=40)
    name = form.text("name", max_length=200)
    requirements: dict[int, int] = {}
    for row in await competencies():
        level = form.integer(f"level_{row['id']}", minimum=1, maximum=5, required=False)
        if level is not None:
            requirements[row["id"]] = level
    if form.ok:
        taken = await q.position_taken(code, name, position["id"] if position else None)
        if taken:
            form.error(taken, _("Sudah dipakai jabatan lain."))
    if not form.ok:
        return await _page(request, form, position, status_code=400)
    try:
        await q.save_position(
            account, position["id"] if position else None, code, name, requirements
        )
    except q.PositionTaken:
        form.error("code", _("Sudah dipakai jabatan lain."))
        return await _page(request, form, position, status_code=409)
    return see_other(request.app.route_reverse("competency_positions"))


@get("/positions/new", name="competency_position_new")
async def new_position(request: Request[Any, Any, Any]) -> Template:
    return await _page(request, Form.filled({}), None)


@post("/positions", name="competency_position_create")
async def create_position(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    return await _save(request, account, None)


async def _position_or_404(position_id: int) -> dict:
    row = await q.position_by_id(position_id)
    if row is None:
        raise NotFoundException()
    return row


@get("/positions/{position_id:int}", name="competency_position")
async def edit_position(request: Request[Any, Any, Any], position_id: RowId) -> Template:
    row = await _position_or_404(position_id)
    values = {"code": row["code"], "name": row["name"]}
    values |= {f"level_{c}": str(level) for c, level in row["requirements"].items()}
    return await _page(request, Form.filled(values), row)


@post("/positions/{position_id:int}", name="competency_position_update")
async def update_position(
    request: Request[Any, Any, Any], position_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    return await _save(request, account, await _position_or_404(position_id))


ROUTES = [list_positions, new_position, create_position, edit_position, update_position]
