"""An officer's training records and duty assignments (add, edit, delete), under /admin/officers."""

from __future__ import annotations

from typing import Any
from zoneinfo import ZoneInfo

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, read_form
from app.i18n import gettext as _
from app.training.officers import officer_or_404, officer_page, saved
from app.web import RowId, render
from surveys.store.imports.officers import MAX_JP
from surveys.training import officers as q
from surveys.training.hours import CLASSICAL_FORMS, COMPETENCY_LABELS, NON_CLASSICAL_FORMS


def _read_training(form: Form) -> q.TrainingFields | None:
    title = form.text("title", max_length=300)
    training_form = form.text("form", max_length=100)
    classical = form.choice("classical", ("1", "0"))
    competency = form.choice("competency", COMPETENCY_LABELS)
    provider = form.text("provider", required=False)
    start = form.date("start_date")
    end = form.date("end_date")
    jp = form.integer("jp", minimum=1, maximum=MAX_JP)
    certificate = form.text("certificate_no", required=False, max_length=100)
    if start and end and end < start:
        form.error("end_date", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if not form.ok:
        return None
    assert start and end and jp
    return q.TrainingFields(
        title=title,
        form=training_form,
        classical=classical == "1",
        competency=competency,
        provider=provider,
        start_date=start,
        end_date=end,
        jp=jp,
        certificate_no=certificate,
    )


def _same_training() -> str:
    return _("Petugas ini sudah punya catatan pelatihan dengan judul dan tanggal mulai yang sama.")


async def _training_page(
    request: Request[Any, Any, Any],
    officer: dict,
    form: Form,
    training: dict | None,
    status_code: int = 200,
) -> Template:
    return await render(
        request,
        "training/training_form.html",
        {
            "officer": officer,
            "form": form,
            "training": training,
            "competencies": [(code, _(label)) for code, label in COMPETENCY_LABELS.items()],
            "classical_choices": [("1", _("Klasikal")), ("0", _("Nonklasikal"))],
            "suggested_forms": CLASSICAL_FORMS + NON_CLASSICAL_FORMS,
        },
        status_code=status_code,
    )


async def _training_or_404(officer_id: int, training_id: int) -> dict:
    training = await q.training_by_id(training_id)
    if training is None or training["officer"] != officer_id:
        raise NotFoundException()
    return training


@get("/officers/{officer_id:int}/trainings/new", name="admin_training_new")
async def new_training(request: Request[Any, Any, Any], officer_id: RowId) -> Template:
    officer = await officer_or_404(officer_id)
    form = Form.filled({"classical": "1", "competency": "teknis"})
    return await _training_page(request, officer, form, None)


@post("/officers/{officer_id:int}/trainings", name="admin_training_create")
async def create_training(
    request: Request[Any, Any, Any], officer_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    officer = await officer_or_404(officer_id)
    form = await read_form(request)
    fields = _read_training(form)
    if fields is None:
        return await _training_page(request, officer, form, None, status_code=400)
    try:
        await q.add_training(account, officer_id, fields)
    except q.TrainingExists:
        form.error("title", _same_training())
        return await _training_page(request, officer, form, None, status_code=409)
    return saved(request, officer_id, "#trainings")


@get("/officers/{officer_id:int}/trainings/{training_id:int}", name="admin_training")
async def show_training(
    request: Request[Any, Any, Any], officer_id: RowId, training_id: RowId
) -> Template:
    officer = await officer_or_404(officer_id)
    training = await _training_or_404(officer_id, training_id)
    form = Form.filled(
        training
        | {
            "classical": "1" if training["classical"] else "0",
            "start_date": training["start_date"].isoformat(),
            "end_date": training["end_date"].isoformat(),
        }
    )
    return await _training_page(request, officer, form, training)


@post("/officers/{officer_id:int}/trainings/{training_id:int}", name="admin_training_update")
async def update_training(
    request: Request[Any, Any, Any], officer_id: RowId, training_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    officer = await officer_or_404(officer_id)
    training = await _training_or_404(officer_id, training_id)
    form = await read_form(request)
    fields = _read_training(form)
    if fields is None:
        return await _training_page(request, officer, form, training, status_code=400)
    try:
        await q.update_training(account, officer_id, training_id, fields)
    except q.TrainingExists:
        form.error("title", _same_training())
        return await _training_page(request, officer, form, training, status_code=409)
    return saved(request, officer_id, "#trainings")


@post("/officers/{officer_id:int}/trainings/{training_id:int}/delete", name="admin_training_delete")
async def delete_training(
    request: Request[Any, Any, Any], officer_id: RowId, training_id: RowId, account: SignedInAccount
) -> Redirect:
    await officer_or_404(officer_id)
    await _training_or_404(officer_id, training_id)
    await q.delete_training(account, training_id)
    return saved(request, officer_id, "#trainings")


# --- duty assignments ------------------------------------------------------------------------


async def _read_duty(form: Form, timezone: ZoneInfo) -> q.DutyFields | None:
    point = form.optional_id("service_point")
    if point is None:
        form.error("service_point", _("Wajib diisi."))
    elif not await q.point_exists(point):
        form.error("service_point", _("Pilihan tidak dikenal."))
    starts = form.local_datetime("starts_at", timezone)
    ends = form.local_datetime("ends_at", timezone, required=False)
    if starts and ends and ends <= starts:
        form.error("ends_at", _("Waktu selesai harus sesudah waktu mulai."))
    if not form.ok:
        return None
    assert point is not None and starts is not None
    return q.DutyFields(service_point=point, starts_at=starts, ends_at=ends)


async def _duty_or_404(officer_id: int, duty_id: int) -> dict:
    duty = await q.duty_by_id(duty_id)
    if duty is None or duty["officer"] != officer_id:
        raise NotFoundException()
    return duty


@post("/officers/{officer_id:int}/duties", name="admin_duty_create")
async def create_duty(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    officer = await officer_or_404(officer_id)
    form = await read_form(request)
    fields = await _read_duty(form, settings.timezone)
    if fields is None:
        return await officer_page(request, settings, officer, duty_form=form, status_code=400)
    await q.add_duty(account, officer_id, fields)
    return saved(request, officer_id, "#duties")


@post("/officers/{officer_id:int}/duties/{duty_id:int}/delete", name="admin_duty_delete")
async def delete_duty(
    request: Request[Any, Any, Any], officer_id: RowId, duty_id: RowId, account: SignedInAccount
) -> Redirect:
    await officer_or_404(officer_id)
    await _duty_or_404(officer_id, duty_id)
    await q.delete_duty(account, duty_id)
    return saved(request, officer_id, "#duties")


@post("/officers/{officer_id:int}/duties/{duty_id:int}/end", name="admin_duty_end")
async def end_duty(
    request: Request[Any, Any, Any],
    officer_id: RowId,
    duty_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    """Close an open-ended assignment at the given time (a handover)."""
    officer = await officer_or_404(officer_id)
    duty = await _duty_or_404(officer_id, duty_id)
    form = await read_form(request)
    ends = form.local_datetime("ends_at", settings.timezone)
    if ends is not None and ends <= duty["starts_at"]:
        form.error("ends_at", _("Waktu selesai harus sesudah waktu mulai."))
    if not form.ok:
        return await officer_page(
            request, settings, officer, end_forms={duty_id: form}, status_code=400
        )
    fields = q.DutyFields(duty["service_point"], duty["starts_at"], ends)
    await q.update_duty(account, duty_id, fields)
    return saved(request, officer_id, "#duties")


ROUTES = [
    new_training,
    create_training,
    show_training,
    update_training,
    delete_training,
    create_duty,
    delete_duty,
    end_duty,
]
