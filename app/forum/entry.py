"""Entering a session's paper questionnaires: one by one by paper code, as a tally per
element, or as an uploaded CSV; and undoing the last typed entry.

Without JavaScript every form posts and redirects (post/redirect/get). static/forum.js
sends the same forms with ``HX-Request: true`` from its offline queue and swaps in the
``#entry-status`` fragment these handlers return.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from app.forum.common import (
    actor,
    client_key,
    is_htmx,
    labels,
    new_client_key,
    now_and_today,
    refused,
    see_other,
    session_ikm,
    session_path,
    session_title,
    visible_session,
)
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.forum import entries
from surveys.forum import sessions as q
from surveys.forum.paper import PaperError, cell_name, client_rules, parse_paper_code, parse_tally
from surveys.method.elements import ELEMENTS

# A forum's CSV is small; anything bigger is the wrong file.
MAX_UPLOAD_BYTES = 2_000_000


async def _status_context(session: dict) -> dict:
    """What #entry-status shows: counts against attendance, the live IKM, the last entries."""
    return {
        "session": session,
        "counts": await q.session_reconciliation(session),
        "result": session_ikm(session, await q.session_totals(session["id"])),
        "recent": await entries.recent_entries(session["id"]),
    }


async def _page_context(session: dict, **extra: Any) -> dict:
    return {
        "title": session_title(session),
        "labels": labels(),
        "client_key": new_client_key(),
        **await _status_context(session),
        **extra,
    }


def _translated_rules() -> dict:
    rules = client_rules()
    rules["messages"] = {name: _(message) for name, message in rules["messages"].items()}
    return rules


async def _paper_page(
    request: Request[Any, Any, Any], session: dict, status_code: int = 200, **extra: Any
) -> Template:
    context = await _page_context(session, rules=_translated_rules(), **extra)
    return await render(request, "forum/paper.html", context, status_code=status_code)


async def _stored(
    request: Request[Any, Any, Any], session: dict, page: str, back: str
) -> Template | Redirect:
    """Stored (or stored before): the fresh status for htmx, else back to the empty form."""
    if is_htmx(request):
        return await render(
            request, page, await _status_context(session), partial="forum/_entry_status.html"
        )
    return see_other(session_path(session, back))


@get("/sessions/{session_id:int}/paper", name="forum_paper")
async def show_paper(request: Request[Any, Any, Any], session_id: RowId) -> Template:
    session = await visible_session(request, session_id)
    if is_htmx(request):
        return await render(
            request,
            "forum/paper.html",
            await _status_context(session),
            partial="forum/_entry_status.html",
        )
    return await _paper_page(request, session)


@post("/sessions/{session_id:int}/paper", name="forum_paper_store")
async def store_paper(request: Request[Any, Any, Any], session_id: RowId) -> Template | Redirect:
    account = await actor(request)
    session = await visible_session(request, session_id)
    form = await request.form()
    code = str(form.get("code") or "")
    try:
        entry = parse_paper_code(code)
    except PaperError as error:
        message = _(error.template, **error.params)
        if is_htmx(request):
            return await render(
                request,
                "forum/paper.html",
                {"message": message},
                partial="forum/_entry_error.html",
                status_code=422,
            )
        return await _paper_page(request, session, 422, code=code, error=message)
    timezone = request.app.state.settings.timezone
    key = client_key(form.get("client_key"))
    try:
        now, _today = now_and_today(request)
        await entries.record_paper_entry(session_id, entry, key, account, now, timezone)
    except q.ForumError as error:
        context = await _page_context(session, rules=_translated_rules(), code=code)
        return await refused(request, error, "forum/paper.html", context)
    return await _stored(request, session, "forum/paper.html", "/paper")


@post("/sessions/{session_id:int}/undo", name="forum_entry_undo")
async def undo_entry(request: Request[Any, Any, Any], session_id: RowId) -> Template | Redirect:
    """Delete the entry the button was shown for (the newest), never a guess at "last"."""
    account = await actor(request)
    session = await visible_session(request, session_id)
    form = await request.form()
    back = "/tally" if form.get("back") == "tally" else "/paper"
    try:
        response_id = int(str(form.get("entry") or ""))
    except ValueError:
        return see_other(session_path(session, back))
    try:
        await entries.undo_entry(session_id, response_id, account)
    except q.ForumError as error:
        context = await _page_context(session, rules=_translated_rules())
        return await refused(request, error, "forum/paper.html", context)
    if is_htmx(request):
        return await render(
            request,
            "forum/paper.html",
            await _status_context(session),
            partial="forum/_entry_status.html",
        )
    return see_other(session_path(session, back))


def _tally_rows() -> list[dict]:
    return [
        {
            "code": element.code,
            "name": element.name,
            "cells": [cell_name(element.code, value) for value in range(1, 5)],
        }
        for element in ELEMENTS
    ]


async def _tally_page(
    request: Request[Any, Any, Any], session: dict, status_code: int = 200, **extra: Any
) -> Template:
    extra.setdefault("values", {})
    extra.setdefault("errors", {})
    context = await _page_context(session, rows=_tally_rows(), **extra)
    return await render(request, "forum/tally.html", context, status_code=status_code)


@get("/sessions/{session_id:int}/tally", name="forum_tally")
async def show_tally(request: Request[Any, Any, Any], session_id: RowId) -> Template:
    session = await visible_session(request, session_id)
    return await _tally_page(request, session)


@post("/sessions/{session_id:int}/tally", name="forum_tally_store")
async def store_tally(request: Request[Any, Any, Any], session_id: RowId) -> Template | Redirect:
    account = await actor(request)
    session = await visible_session(request, session_id)
    form = await request.form()
    values = {name: str(form.get(name) or "") for row in _tally_rows() for name in row["cells"]}
    result = parse_tally(values)
    if not result.ok:
        errors = {name: _(message) for name, message in result.errors.items()}
        if is_htmx(request):
            message = errors.get("") or _("Periksa kembali sel yang ditandai.")
            return await render(
                request,
                "forum/tally.html",
                {"message": message},
                partial="forum/_entry_error.html",
                status_code=422,
            )
        return await _tally_page(request, session, 422, values=values, errors=errors)
    timezone = request.app.state.settings.timezone
    key = client_key(form.get("client_key"))
    try:
        now, _today = now_and_today(request)
        await entries.record_tally(session_id, result.counts, key, account, now, timezone)
    except q.ForumError as error:
        context = await _page_context(session, rows=_tally_rows(), values=values, errors={})
        return await refused(request, error, "forum/tally.html", context)
    return await _stored(request, session, "forum/tally.html", "/tally")


@get("/sessions/{session_id:int}/upload", name="forum_upload")
async def show_upload(request: Request[Any, Any, Any], session_id: RowId) -> Template:
    session = await visible_session(request, session_id)
    return await render(request, "forum/upload.html", await _page_context(session))


@post("/sessions/{session_id:int}/upload", name="forum_upload_store")
async def store_upload(request: Request[Any, Any, Any], session_id: RowId) -> Template:
    account = await actor(request)
    session = await visible_session(request, session_id)
    form = await request.form()
    upload = form.get("file")
    context = await _page_context(session)
    if upload is None or isinstance(upload, str) or not upload.filename:
        context["error"] = _("Pilih berkas CSV yang akan diunggah.")
        return await render(request, "forum/upload.html", context, status_code=400)
    raw = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        context["error"] = _("Berkas terlalu besar (paling besar 2 MB).")
        return await render(request, "forum/upload.html", context, status_code=400)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        context["error"] = _("Berkas harus berupa teks UTF-8 (simpan ulang sebagai CSV UTF-8).")
        return await render(request, "forum/upload.html", context, status_code=400)
    try:
        timezone = request.app.state.settings.timezone
        report = await entries.import_session_csv(
            session_id, text, upload.filename, account, timezone
        )
    except q.ForumError as error:
        return await refused(request, error, "forum/upload.html", context)
    context.update(await _status_context(session))
    context["report"] = report
    context["row_errors"] = [
        {"row": e.row, "column": e.column, "message": e.translated(_)} for e in report.errors
    ]
    return await render(
        request, "forum/upload.html", context, status_code=422 if report.errors else 200
    )


ROUTES = [
    show_paper,
    store_paper,
    undo_entry,
    show_tally,
    store_tally,
    show_upload,
    store_upload,
]
