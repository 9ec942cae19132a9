"""Mentoring and coaching pairs: list and create, and a pair's page with its sessions and the
mentee's citizens' scores before and during."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template

from app.competency.access import today
from app.dependencies import AppSettings, SignedInAccount, UnitScope
from app.forms import Form, read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.competency import mentoring as q
from surveys.competency.assessments import competencies
from surveys.store.accounts import Account
from surveys.store.development_tables import MENTORING_KINDS
from surveys.store.units import active_units

MAX_MINUTES = 8 * 60


def _kinds() -> list[tuple[str, str]]:
    return [("mentoring", _("Mentoring")), ("coaching", _("Coaching"))]


async def _list_page(
    request: Request[Any, Any, Any], scope: frozenset[int] | None, form: Form, status: int = 200
) -> Template:
    officers = await q.active_officers()
    return await render(
        request,
        "competency/mentoring.html",
        {
            "pairs": await q.pairs_in(scope),
            "form": form,
            "kinds": _kinds(),
            "mentees": [
                (o["id"], f"{o['name']} · {o['unit_name']}")
                for o in officers
                if scope is None or o["unit"] in scope
            ],
            "mentors": [(o["id"], f"{o['name']} · {o['unit_name']}") for o in officers],
            "competencies": [(row["id"], row["name"]) for row in await competencies()],
        },
        status_code=status,
    )


@get("/mentoring", name="competency_mentoring")
async def list_pairs(
    request: Request[Any, Any, Any], unit_scope: UnitScope, settings: AppSettings
) -> Template:
    form = Form.filled({"kind": "mentoring", "starts_on": today(settings).isoformat()})
    return await _list_page(request, unit_scope, form)


@post("/mentoring", name="competency_pair_create")
async def create_pair(
    request: Request[Any, Any, Any], account: SignedInAccount, unit_scope: UnitScope
) -> Template | Redirect:
    form = await read_form(request)
    kind = form.choice("kind", MENTORING_KINDS)
    mentor = form.optional_id("mentor")
    mentee = form.optional_id("mentee")
    officers = {o["id"]: o for o in await q.active_officers()}
    if mentor is None or mentor not in officers:
        form.error("mentor", _("Pilih petugas yang aktif."))
    if mentee is None or mentee not in officers:
        form.error("mentee", _("Pilih petugas yang aktif."))
    elif not account.may_see_unit(officers[mentee]["unit"]):
        form.error("mentee", _("Petugas ini di luar unit Anda."))
    if mentor is not None and mentor == mentee:
        form.error("mentor", _("Mentor dan yang dibimbing harus orang yang berbeda."))
    competency = form.optional_id("competency")
    if competency is not None and competency not in {c["id"] for c in await competencies()}:
        form.error("competency", _("Pilihan tidak dikenal."))
    starts_on = form.date("starts_on")
    ends_on = form.date("ends_on", required=False)
    if starts_on and ends_on and ends_on < starts_on:
        form.error("ends_on", _("Tanggal selesai tidak boleh sebelum tanggal mulai."))
    if not form.ok:
        return await _list_page(request, unit_scope, form, status=400)
    assert mentor is not None and mentee is not None and starts_on is not None
    pair_id = await q.create_pair(account, kind, mentor, mentee, competency, starts_on, ends_on)
    return see_other(request.app.route_reverse("competency_pair", pair_id=pair_id))


async def _visible_pair(account: Account, pair_id: int) -> dict:
    pair = await q.pair_by_id(pair_id)
    if pair is None:
        raise NotFoundException()
    if not account.may_see_unit(pair["mentee_unit"]):
        raise PermissionDeniedException()
    return pair


async def _pair_page(
    request: Request[Any, Any, Any],
    pair: dict,
    settings: Any,
    form: Form,
    status: int = 200,
) -> Template:
    units = {u["id"]: u for u in await active_units([pair["mentee_unit"]])}
    minimum = units.get(pair["mentee_unit"], {}).get("minimum_responses") or settings.min_responses
    sessions = await q.sessions_of(pair["id"])
    return await render(
        request,
        "competency/pair.html",
        {
            "pair": pair,
            "sessions": sessions,
            "minutes": sum(s["minutes"] for s in sessions),
            "scores": await q.before_and_during(pair, today(settings), minimum),
            "form": form,
        },
        status_code=status,
    )


@get("/mentoring/{pair_id:int}", name="competency_pair")
async def show_pair(
    request: Request[Any, Any, Any],
    pair_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template:
    pair = await _visible_pair(account, pair_id)
    form = Form.filled({"held_on": today(settings).isoformat(), "minutes": "60"})
    return await _pair_page(request, pair, settings, form)


@post("/mentoring/{pair_id:int}/sessions", name="competency_session_create")
async def log_session(
    request: Request[Any, Any, Any],
    pair_id: RowId,
    account: SignedInAccount,
    settings: AppSettings,
) -> Template | Redirect:
    pair = await _visible_pair(account, pair_id)
    form = await read_form(request)
    held_on = form.date("held_on")
    if held_on is not None and (held_on > today(settings) or held_on < pair["starts_on"]):
        form.error("held_on", _("Tanggal harus antara awal pendampingan dan hari ini."))
    minutes = form.integer("minutes", minimum=5, maximum=MAX_MINUTES)
    topic = form.text("topic", max_length=300)
    next_step = form.text("next_step", required=False, max_length=2000)
    if not form.ok:
        return await _pair_page(request, pair, settings, form, status=400)
    assert held_on is not None and minutes is not None
    await q.log_session(account, pair, held_on, minutes, topic, next_step)
    path = request.app.route_reverse("competency_pair", pair_id=pair_id)
    return see_other(f"{path}#sessions")


ROUTES = [list_pairs, create_pair, show_pair, log_session]
