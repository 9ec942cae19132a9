"""Entering an assessment of an officer, or a correction of one (a new record), for BKPSDM."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.competency.access import today, visible_officer
from app.competency.labels import level_choices, method_choices
from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, optional_int, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.competency.assessments import (
    AssessmentFields,
    AssessmentRefused,
    assessments_of,
    competencies,
    record_assessment,
)
from surveys.store.development_tables import ASSESSMENT_METHODS


async def _page(
    request: Request[Any, Any, Any],
    officer: dict,
    form: Form,
    corrected: dict | None,
    status_code: int = 200,
) -> Template:
    return await render(
        request,
        "competency/assessment_form.html",
        {
            "officer": officer,
            "form": form,
            "corrected": corrected,
            "methods": method_choices(),
            "levels": level_choices(),
            "dictionary": await competencies(),
        },
        status_code=status_code,
    )


async def _corrected(officer_id: int, assessment_id: int | None) -> dict | None:
    """The assessment being corrected, with its levels, when it is this officer's."""
    if assessment_id is None:
        return None
    for row in await assessments_of(officer_id):
        if row["id"] == assessment_id:
            return row
    raise NotFoundException()


@get("/officers/{officer_id:int}/assessments/new", name="competency_assessment_new")
async def new_assessment(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
    replaces: FromQuery[str] = "",
) -> Template:
    officer = await visible_officer(account, officer_id)
    corrected = await _corrected(officer_id, optional_int(replaces))
    values: dict[str, Any] = {"assessed_on": today(settings).isoformat(), "method": ""}
    if corrected is not None:
        values = {
            "assessed_on": corrected["assessed_on"].isoformat(),
            "method": corrected["method"],
            "assessor": corrected["assessor"],
            "replaces": str(corrected["id"]),
            **{f"level_{c}": str(level) for c, level in corrected["levels"].items()},
        }
    return await _page(request, officer, Form.filled(values), corrected)


@post("/officers/{officer_id:int}/assessments", name="competency_assessment_create")
async def create_assessment(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    officer = await visible_officer(account, officer_id)
    form = await read_form(request)
    replaces = form.optional_id("replaces")
    corrected = await _corrected(officer_id, replaces) if form.ok else None
    assessed_on = form.date("assessed_on")
    if assessed_on is not None and assessed_on > today(settings):
        form.error("assessed_on", _("Tanggal penilaian belum terjadi."))
    method = form.choice("method", ASSESSMENT_METHODS)
    assessor = form.text("assessor", required=False, max_length=200)
    notes = form.text("notes", required=False, max_length=2000)
    levels: dict[int, int] = {}
    for row in await competencies():
        level = form.integer(f"level_{row['id']}", minimum=1, maximum=5, required=False)
        if level is not None:
            levels[row["id"]] = level
    if form.ok and not levels:
        form.error("levels", _("Isi level paling sedikit satu kompetensi."))
    if not form.ok:
        return await _page(request, officer, form, corrected, status_code=400)
    assert assessed_on is not None
    fields = AssessmentFields(officer_id, assessed_on, method, assessor, notes, levels, replaces)
    try:
        await record_assessment(account, fields)
    except AssessmentRefused:
        form.error("replaces", _("Penilaian ini sudah dikoreksi; koreksi versi terbarunya."))
        return await _page(request, officer, form, corrected, status_code=409)
    path = request.app.route_reverse("competency_officer", officer_id=officer_id)
    return see_other(f"{path}#assessments")


ROUTES = [new_assessment, create_assessment]
