"""Level 3 for the supervisor: the evaluations due and overdue (a panel of the manager's
dashboard), the short form per participant, and a follow-up planned from a weak result."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, ValidationException
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount, UnitScope
from app.evaluation.common import event_or_404, event_url
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.evaluation import behaviour as q
from surveys.evaluation.events import aimed_competencies
from surveys.store.accounts import Account

MAX_EXAMPLE = 2000
# The key of the one overall question when an event names no competency.
OVERALL = 0


def application_labels() -> list[str]:
    return [
        _("Belum menerapkan"),
        _("Menerapkan sebagian kecil"),
        _("Menerapkan sebagian besar"),
        _("Menerapkan sepenuhnya"),
    ]


async def questions(event_id: int) -> list[dict]:
    """The competencies asked about, or one overall question."""
    aimed = await aimed_competencies(event_id)
    return aimed or [{"id": OVERALL, "name": _("Yang dipelajari dalam kegiatan ini")}]


@get("/behaviour/due", name="behaviour_due")
async def list_due(
    request: Request[Any, Any, Any], unit_scope: UnitScope, settings: AppSettings
) -> Template:
    today = datetime.now(settings.timezone).date()
    pending = await q.pending_evaluations(unit_scope, today)
    return await render(
        request,
        "evaluation/behaviour_due.html",
        {"pending": pending},
        partial="evaluation/_behaviour_due.html",
    )


async def _participant_or_404(event_id: int, participant_id: int, account: Account) -> dict:
    participant = await q.participant(participant_id)
    if participant is None or participant["event"] != event_id:
        raise NotFoundException()
    if not account.may_see_unit(participant["unit"]):
        raise NotFoundException()
    return participant


async def _form_page(
    request: Request[Any, Any, Any],
    event: dict,
    participant: dict,
    form: Form,
    status_code: int = 200,
) -> Template:
    context = {
        "event": event,
        "participant": participant,
        "questions": await questions(event["id"]),
        "labels": application_labels(),
        "window": q.behaviour_window(event["end_date"]),
        "form": form,
    }
    return await render(request, "evaluation/behaviour_form.html", context, status_code=status_code)


@get("/events/{event_id:int}/behaviour/{participant_id:int}", name="behaviour_form")
async def show_form(
    request: Request[Any, Any, Any],
    event_id: RowId,
    participant_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
) -> Template:
    event = await event_or_404(event_id, unit_scope)
    participant = await _participant_or_404(event_id, participant_id, account)
    return await _form_page(request, event, participant, Form())


RATINGS = ("1", "2", "3", "4")


def read_ratings(form: Form, asked: list[dict]) -> dict[int, int]:
    ratings = {}
    for question in asked:
        value = form.choice(f"c{question['id']}", RATINGS)
        if value in RATINGS:
            ratings[question["id"]] = int(value)
    return ratings


@post("/events/{event_id:int}/behaviour/{participant_id:int}", name="behaviour_submit")
async def submit_form(
    request: Request[Any, Any, Any],
    event_id: RowId,
    participant_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
) -> Template | Redirect:
    event = await event_or_404(event_id, unit_scope)
    participant = await _participant_or_404(event_id, participant_id, account)
    form = await read_form(request)
    ratings = read_ratings(form, await questions(event_id))
    example = form.text("example", required=False, max_length=MAX_EXAMPLE)
    if not participant["attended"]:
        form.error("", _("Peserta ini tidak hadir; tidak ada penerapan yang dinilai."))
    if not form.ok:
        return await _form_page(request, event, participant, form, status_code=400)
    if not await q.record_behaviour(account, participant_id, "supervisor", ratings, example):
        form.error("", _("Penilaian atasan untuk peserta ini sudah tersimpan sebelumnya."))
        return await _form_page(request, event, participant, form, status_code=409)
    return see_other(event_url(request, event_id) + "#behaviour")


@post("/behaviour/{answer_id:int}/follow-up", name="behaviour_follow_up")
async def plan_follow_up(
    request: Request[Any, Any, Any],
    answer_id: RowId,
    account: SignedInAccount,
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Redirect:
    answer = await q.answer_with_its_event(answer_id)
    if answer is None or not account.may_see_unit(answer["unit"]):
        raise NotFoundException()
    form = await read_form(request)
    kind = form.choice("form", q.FOLLOW_UP_FORMS)
    if not form.ok:
        raise ValidationException(_("Pilih coaching atau mentoring."))
    competency = q.weakest({k: v for k, v in answer["ratings"].items() if k != OVERALL})
    today = datetime.now(settings.timezone).date()
    await q.plan_follow_up(account, answer_id, kind, competency, today)
    return see_other(event_url(request, answer["event"]) + "?follow_up=1#behaviour")


ROUTES = [list_due, show_form, submit_form, plan_follow_up]
