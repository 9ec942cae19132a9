"""Forum sessions: the facilitator's list, creating and editing one, opening it (its own QR
code), closing it, reopening it (managers and administrators), the projector page and
the session's history."""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from markupsafe import Markup

from app.auth import requires_manager
from app.dependencies import AppSettings, SignedInAccount, UnitScope
from app.forms import Form, read_form
from app.forum.common import (
    labels,
    now_and_today,
    session_ikm,
    session_title,
    to_page,
    visible_session,
)
from app.i18n import gettext as _
from app.settings import Settings
from app.web import RowId, render
from surveys.forum import sessions as q
from surveys.forum.vocabulary import FORUM_KINDS
from surveys.method.elements import N_
from surveys.store.audit import changed_fields
from surveys.store.units import active_units

MAX_ATTENDANCE = 100_000


async def _read_session(form: Form, units: list[dict]) -> q.SessionFields | None:
    unit = form.optional_id("unit")
    if unit is None:
        form.error("unit", _("Pilih unit penyelenggara."))
    elif unit not in {u["id"] for u in units}:
        form.error("unit", _("Pilih salah satu pilihan yang tersedia."))
    area = form.text("area", required=False)
    kind = form.choice("kind", [code for code, _label in FORUM_KINDS])
    held_on = form.date("held_on")
    place = form.text("place")
    male = form.integer("attendance_male", minimum=0, maximum=MAX_ATTENDANCE, required=False)
    female = form.integer("attendance_female", minimum=0, maximum=MAX_ATTENDANCE, required=False)
    if not form.ok:
        return None
    assert unit is not None and held_on is not None
    return q.SessionFields(unit, area, kind, held_on, place, male or 0, female or 0)


async def _form_page(
    request: Request[Any, Any, Any],
    form: Form,
    session: dict | None,
    units: list[dict],
    status_code: int = 200,
) -> Template:
    return await render(
        request,
        "forum/session_form.html",
        {
            "form": form,
            "session": session,
            "unit_options": [(u["id"], u["name"]) for u in units],
            "kind_options": list(labels()["forum_kinds"].items()),
            "labels": labels(),
        },
        status_code=status_code,
    )


@get("/", name="forum_home")
async def show_sessions(request: Request[Any, Any, Any], unit_scope: UnitScope) -> Template:
    sessions = await q.sessions_for(unit_scope)
    return await render(request, "forum/home.html", {"sessions": sessions, "labels": labels()})


@get("/sessions/new", name="forum_session_new")
async def new_session(
    request: Request[Any, Any, Any],
    unit_scope: UnitScope,
    settings: AppSettings,
) -> Template:
    _now, today = now_and_today(settings)
    units = await active_units(unit_scope)
    form = Form.filled(
        {
            "held_on": today.isoformat(),
            "unit": units[0]["id"] if len(units) == 1 else "",
            "kind": "musyawarah_kelurahan",
        }
    )
    return await _form_page(request, form, None, units)


@post("/sessions", name="forum_session_create")
async def create_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    unit_scope: UnitScope,
) -> Template | Redirect:
    form = await read_form(request)
    units = await active_units(unit_scope)
    fields = await _read_session(form, units)
    if fields is None:
        return await _form_page(request, form, None, units, status_code=400)
    session_id = await q.create_session(fields, account)
    return to_page(request, "forum_session", session_id=session_id)


def _survey_url(request: Request[Any, Any, Any], session: dict, settings: Settings) -> str:
    """Where the session's QR code leads (none before the session is opened)."""
    if not session["token"]:
        return ""
    return settings.base_url + request.app.route_reverse("survey_form", token=session["token"])


async def _hub_context(request: Request[Any, Any, Any], session: dict, settings: Settings) -> dict:
    return {
        "session": session,
        "title": session_title(session),
        "labels": labels(),
        "counts": await q.session_reconciliation(session),
        "result": session_ikm(session, await q.session_totals(session["id"])),
        "survey_url": _survey_url(request, session, settings),
    }


@get("/sessions/{session_id:int}", name="forum_session")
async def show_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    session = await visible_session(account, session_id)
    return await render(
        request, "forum/session.html", await _hub_context(request, session, settings)
    )


@get("/sessions/{session_id:int}/edit", name="forum_session_edit")
async def edit_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    unit_scope: UnitScope,
    session_id: RowId,
) -> Template:
    session = await visible_session(account, session_id)
    form = Form.filled({name: session[name] for name in q.SESSION_FIELDS})
    form.values["held_on"] = session["held_on"].isoformat()
    return await _form_page(request, form, session, await active_units(unit_scope))


@post("/sessions/{session_id:int}/edit", name="forum_session_update")
async def update_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    unit_scope: UnitScope,
    session_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    form = await read_form(request)
    if session["status"] != "draft":
        form.values["unit"] = str(session["unit"])  # fixed once the session has a QR point
    units = await active_units(unit_scope)
    fields = await _read_session(form, units)
    if fields is None:
        return await _form_page(request, form, session, units, status_code=400)
    try:
        await q.update_session(session_id, fields, account)
    except q.ForumError as error:
        form.error("", _(error.template))
        return await _form_page(request, form, session, units, status_code=409)
    return to_page(request, "forum_session", session_id=session_id)


async def _session_action(
    request: Request[Any, Any, Any], session: dict, settings: Settings, action
) -> Template | Redirect:
    try:
        await action()
    except q.ForumError as error:
        context = await _hub_context(request, session, settings)
        context["refusal"] = _(error.template)
        return await render(request, "forum/session.html", context, status_code=409)
    return to_page(request, "forum_session", session_id=session["id"])


@post("/sessions/{session_id:int}/open", name="forum_session_open")
async def open_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    now, today = now_and_today(settings)
    name = _("Forum: %(title)s (%(day)s)", title=session_title(session), day=session["held_on"])
    token = secrets.token_urlsafe(24)
    return await _session_action(
        request,
        session,
        settings,
        lambda: q.open_session(session_id, account, token, name, now, today),
    )


@get("/sessions/{session_id:int}/close", name="forum_session_close_confirm")
async def confirm_close(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    """Closing locks every entry and only a manager can undo it: say so, then ask."""
    session = await visible_session(account, session_id)
    return await render(request, "forum/close.html", await _hub_context(request, session, settings))


@post("/sessions/{session_id:int}/close", name="forum_session_close")
async def close_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    now, _today = now_and_today(settings)
    return await _session_action(
        request, session, settings, lambda: q.close_session(session_id, account, now)
    )


@post("/sessions/{session_id:int}/reopen", name="forum_session_reopen", guards=[requires_manager])
async def reopen_session(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    return await _session_action(
        request, session, settings, lambda: q.reopen_session(session_id, account)
    )


@get("/sessions/{session_id:int}/qr", name="forum_session_qr")
async def show_qr(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    """The projector page: the session's QR code as big as the screen allows."""
    from surveys.method.qr import qr_svg  # the QR encoder starts with its first page

    session = await visible_session(account, session_id)
    url = _survey_url(request, session, settings)
    showing = bool(url) and session["status"] == "open"
    join_url = settings.base_url + request.app.route_reverse("forum_join")
    return await render(
        request,
        "forum/qr.html",
        {
            "session": session,
            "title": session_title(session),
            "url": url,
            # What a participant without a QR scanner types: the short address, then the code.
            "join_address": join_url.split("://", 1)[-1].rstrip("/"),
            "code": session["short_code"],
            # Our own SVG; rendering is pure Python, so off the event loop (cached per URL).
            "svg": Markup(await asyncio.to_thread(qr_svg, url)) if showing else "",
            "showing": showing,
        },
    )


_ACTIONS = {
    "create": N_("Dibuat"),
    "update": N_("Diubah"),
    "delete": N_("Dihapus"),
    "open": N_("Dibuka"),
    "close": N_("Ditutup"),
    "reopen": N_("Dibuka kembali"),
    "import": N_("Diimpor"),
}
_TABLES = {
    "forum_session": N_("Sesi"),
    "response": N_("Kuesioner"),
    "forum_input": N_("Masukan"),
    "service_point": N_("Kode QR sesi"),
}


@get("/sessions/{session_id:int}/history", name="forum_session_history", guards=[requires_manager])
async def show_history(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    """Every change to the session and its entries, with who, when and previous values."""
    session = await visible_session(account, session_id)
    entries = await q.session_history(session)
    for entry in entries:
        entry["when"] = entry["at"].astimezone(settings.timezone)
        entry["action_label"] = _(_ACTIONS.get(entry["action"], entry["action"]))
        entry["table_label"] = _(_TABLES.get(entry["table_name"], entry["table_name"]))
        entry["changes"] = [
            change
            for change in changed_fields(entry["previous"], entry["current"])
            if change[0] != "forum_session"
        ]
    return await render(
        request,
        "forum/history.html",
        {"session": session, "title": session_title(session), "entries": entries},
    )


ROUTES = [
    show_sessions,
    new_session,
    create_session,
    show_session,
    edit_session,
    update_session,
    open_session,
    confirm_close,
    close_session,
    reopen_session,
    show_qr,
    show_history,
]
