"""An officer's development plan for a year: draft from needs, add, mark done, remove."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.response import Redirect, Template

from app.competency.access import today, visible_officer
from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.competency import plans as q
from surveys.competency.assessments import competencies
from surveys.competency.dictionary import jp_equivalents
from surveys.competency.needs import needs_of_officer
from surveys.competency.needs_queries import jp_in_year
from surveys.store.units import unit_by_code
from surveys.training.hours import JP_RIGHT_PER_YEAR
from surveys.training.officers import TrainingExists

Year = Annotated[int, PathParameter(ge=2000, le=2100)]
MAX_AMOUNT = Decimal(1000)


async def _page(
    request: Request[Any, Any, Any],
    officer: dict,
    year: int,
    form: Form,
    status_code: int = 200,
    message: str = "",
) -> Template:
    plan = await q.plan_of(officer["id"], year)
    jp = (await jp_in_year([officer["id"]], year))[officer["id"]]
    return await render(
        request,
        "competency/plan.html",
        {
            "officer": officer,
            "year": year,
            "plan": plan,
            "jp_done": jp,
            "jp_planned": q.planned_jp(plan)
            - sum(a["jp"] for a in (plan or {}).get("activities", []) if a["status"] == "done"),
            "right": JP_RIGHT_PER_YEAR,
            "form": form,
            "forms": await jp_equivalents(),
            "dictionary": await competencies(),
            "today": today(request.app.state.settings),
            "message": message,
        },
        status_code=status_code,
    )


@get("/officers/{officer_id:int}/plans/{year:int}", name="competency_plan")
async def show_plan(
    request: Request[Any, Any, Any], officer_id: RowId, year: Year, account: SignedInAccount
) -> Template:
    officer = await visible_officer(account, officer_id)
    return await _page(request, officer, year, Form.filled({"amount": "1"}))


@post("/officers/{officer_id:int}/plans/{year:int}/draft", name="competency_plan_draft")
async def draft_plan(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    year: Year,
    account: SignedInAccount,
    settings: AppSettings,
) -> Redirect:
    officer = await visible_officer(account, officer_id)
    unit = await unit_by_code(officer["unit_code"])
    minimum = (unit or {}).get("minimum_responses") or settings.min_responses
    needs = await needs_of_officer(officer_id, officer["unit"], today(settings), minimum)
    jp = (await jp_in_year([officer_id], year))[officer_id]
    await q.draft_from_needs(
        account, officer_id, officer["unit"], year, needs, jp, JP_RIGHT_PER_YEAR
    )
    return see_other(request.app.route_reverse("competency_plan", officer_id=officer_id, year=year))


def _amount(form: Form) -> Decimal | None:
    raw = form.raw("amount").replace(",", ".")
    try:
        value = Decimal(raw)
    except InvalidOperation:
        form.error("amount", _("Isi dengan angka, misalnya 6 atau 1,5."))
        return None
    if not value.is_finite() or not 0 < value <= MAX_AMOUNT:
        form.error("amount", _("Lebih dari 0 dan paling besar %(n)s.", n=MAX_AMOUNT))
        return None
    return value


async def _read_activity(form: Form, year: int) -> q.ActivityFields | None:
    title = form.text("title", max_length=300)
    training_form = form.text("form", max_length=100)
    competency = form.optional_id("competency")
    if competency is not None and competency not in {r["id"] for r in await competencies()}:
        form.error("competency", _("Pilihan tidak dikenal."))
    amount = _amount(form)
    provider = form.text("provider", required=False, max_length=200)
    planned_on = form.date("planned_on", required=False)
    if planned_on is not None and planned_on.year != year:
        form.error("planned_on", _("Tanggal harus di tahun %(year)s.", year=year))
    if not form.ok:
        return None
    assert amount is not None
    classical, jp = await q.jp_of(training_form, amount)
    if jp < 1:
        form.error("amount", _("Kegiatan ini bernilai kurang dari 1 JP."))
        return None
    return q.ActivityFields(
        title, training_form, classical, competency, amount, jp, provider, planned_on
    )


@post("/officers/{officer_id:int}/plans/{year:int}/activities", name="competency_activity_create")
async def create_activity(
    request: Request[Any, Any, Any], officer_id: RowId, year: Year, account: SignedInAccount
) -> Template | Redirect:
    officer = await visible_officer(account, officer_id)
    form = await read_form(request)
    fields = await _read_activity(form, year)
    if fields is None:
        return await _page(request, officer, year, form, status_code=400)
    plan_id = await q.ensure_plan(account, officer_id, year)
    await q.add_activity(account, plan_id, fields)
    path = request.app.route_reverse("competency_plan", officer_id=officer_id, year=year)
    return see_other(f"{path}#activities")


async def _activity_page(
    request: Request[Any, Any, Any],
    officer: dict,
    year: int,
    activity: dict,
    form: Form,
    status_code: int = 200,
) -> Template:
    return await render(
        request,
        "competency/activity_form.html",
        {
            "officer": officer,
            "year": year,
            "activity": activity,
            "form": form,
            "forms": await jp_equivalents(),
            "dictionary": await competencies(),
        },
        status_code=status_code,
    )


@get(
    "/officers/{officer_id:int}/plans/{year:int}/activities/{activity_id:int}",
    name="competency_activity",
)
async def edit_activity(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    year: Year,
    activity_id: RowId,
    account: SignedInAccount,
) -> Template:
    officer = await visible_officer(account, officer_id)
    activity = await _activity(officer_id, year, activity_id)
    values = {
        key: "" if activity[key] is None else str(activity[key])
        for key in ("title", "form", "competency", "amount", "provider", "planned_on")
    }
    return await _activity_page(request, officer, year, activity, Form.filled(values))


@post(
    "/officers/{officer_id:int}/plans/{year:int}/activities/{activity_id:int}",
    name="competency_activity_update",
)
async def update_activity(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    year: Year,
    activity_id: RowId,
    account: SignedInAccount,
) -> Template | Redirect:
    officer = await visible_officer(account, officer_id)
    activity = await _activity(officer_id, year, activity_id)
    form = await read_form(request)
    fields = await _read_activity(form, year)
    if fields is None:
        return await _activity_page(request, officer, year, activity, form, status_code=400)
    try:
        await q.update_activity(account, activity, fields)
    except q.PlanRefused:
        form.error("", _("Kegiatan yang sudah selesai tetap tercatat."))
        return await _activity_page(request, officer, year, activity, form, status_code=409)
    path = request.app.route_reverse("competency_plan", officer_id=officer_id, year=year)
    return see_other(f"{path}#activities")


async def _activity(officer_id: int, year: int, activity_id: int) -> dict:
    plan = await q.plan_of(officer_id, year)
    activity = None if plan is None else await q.activity_of(plan["id"], activity_id)
    if activity is None:
        raise NotFoundException()
    return activity


@post(
    "/officers/{officer_id:int}/plans/{year:int}/activities/{activity_id:int}/done",
    name="competency_activity_done",
)
async def mark_activity_done(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    year: Year,
    activity_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    officer = await visible_officer(account, officer_id)
    activity = await _activity(officer_id, year, activity_id)
    form = await read_form(request)
    done_on = form.date("done_on")
    if done_on is not None and done_on > today(settings):
        form.error("done_on", _("Tanggal selesai belum terjadi."))
    if not form.ok:
        message = next(iter(form.errors.values()))
        return await _page(request, officer, year, Form.filled({}), 400, message)
    assert done_on is not None
    try:
        await q.mark_done(account, officer_id, activity, done_on)
    except q.PlanRefused:
        message = _("Kegiatan ini sudah selesai atau belum bernilai JP.")
        return await _page(request, officer, year, Form.filled({}), 409, message)
    except TrainingExists:
        message = _(
            "Petugas ini sudah punya catatan pelatihan dengan judul dan tanggal mulai yang sama: "
            "ubah judul kegiatan atau tanggal selesainya."
        )
        return await _page(request, officer, year, Form.filled({}), 409, message)
    path = request.app.route_reverse("competency_plan", officer_id=officer_id, year=year)
    return see_other(f"{path}#activities")


@post(
    "/officers/{officer_id:int}/plans/{year:int}/activities/{activity_id:int}/delete",
    name="competency_activity_delete",
)
async def delete_activity(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    year: Year,
    activity_id: RowId,
    account: SignedInAccount,
) -> Template | Redirect:
    officer = await visible_officer(account, officer_id)
    activity = await _activity(officer_id, year, activity_id)
    try:
        await q.delete_activity(account, activity)
    except q.PlanRefused:
        message = _("Kegiatan yang sudah selesai tetap tercatat.")
        return await _page(request, officer, year, Form.filled({}), 409, message)
    path = request.app.route_reverse("competency_plan", officer_id=officer_id, year=year)
    return see_other(f"{path}#activities")


ROUTES = [
    show_plan,
    draft_plan,
    create_activity,
    edit_activity,
    update_activity,
    mark_activity_done,
    delete_activity,
]
