"""Entering a session's paper questionnaires: one by one by paper code, as a tally per
element, or as an uploaded CSV; and undoing the last typed entry.

Without JavaScript every form posts and redirects (post/redirect/get). static/forum.js
sends the same forms with ``HX-Request: true`` from its offline queue and swaps in the
``#entry-status`` fragment these handlers return.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, optional_int
from app.forum.common import (
    client_key,
    labels,
    new_client_key,
    now_and_today,
    refused,
    session_ikm,
    session_title,
    to_page,
    visible_session,
)
from app.i18n import gettext as _
from app.uploads import keep_problems, read_upload, row_problems
from app.web import (
    MAX_SHOWN_ROW_ERRORS,
    RowId,
    is_htmx,
    render,
)
from surveys.forum import entries
from surveys.forum import sessions as q
from surveys.forum.paper import PaperError, cell_name, client_rules, parse_paper_code, parse_tally
from surveys.method.elements import ELEMENTS

# A forum's CSV is small; anything bigger is the wrong file.
MAX_UPLOAD_BYTES = 2_000_000
# The fragment htmx swaps in after an entry, and the one it reads a refusal from.
STATUS = "forum/_entry_status.html"
ERROR = "forum/_entry_error.html"


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


async def _stored(
    request: Request[Any, Any, Any], session: dict, page: str, back: str
) -> Template | Redirect:
    """Stored (or stored before): the fresh status for htmx, else back to the empty form."""
    if is_htmx(request):
        return await render(request, page, await _status_context(session), partial=STATUS)
    return to_page(request, back, session_id=session["id"])


@get("/sessions/{session_id:int}/paper", name="forum_paper")
async def show_paper(
    request: Request[Any, Any, Any], account: SignedInAccount, session_id: RowId
) -> Template:
    session = await visible_session(account, session_id)
    context = await _page_context(session, rules=_translated_rules())
    return await render(request, "forum/paper.html", context, partial=STATUS)


@post("/sessions/{session_id:int}/paper", name="forum_paper_store")
async def store_paper(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    form = await request.form()
    code = str(form.get("code") or "")
    try:
        entry = parse_paper_code(code)
    except PaperError as error:
        message = _(error.template, **error.params)
        context = await _page_context(
            session, rules=_translated_rules(), code=code, error=message, message=message
        )
        return await render(request, "forum/paper.html", context, partial=ERROR, status_code=422)
    key = client_key(form.get("client_key"))
    try:
        now, _today = now_and_today(settings)
        await entries.record_paper_entry(session_id, entry, key, account, now, settings.timezone)
    except q.ForumError as error:
        context = await _page_context(session, rules=_translated_rules(), code=code)
        return await refused(request, error, "forum/paper.html", context)
    return await _stored(request, session, "forum/paper.html", "forum_paper")


@post("/sessions/{session_id:int}/undo", name="forum_entry_undo")
async def undo_entry(
    request: Request[Any, Any, Any], account: SignedInAccount, session_id: RowId
) -> Template | Redirect:
    """Delete the entry the button was shown for (the newest), never a guess at "last"."""
    session = await visible_session(account, session_id)
    form = await request.form()
    back = "forum_tally" if form.get("back") == "tally" else "forum_paper"
    response_id = optional_int(str(form.get("entry") or ""))
    if response_id is None:
        return to_page(request, back, session_id=session_id)
    try:
        await entries.undo_entry(session_id, response_id, account)
    except q.ForumError as error:
        context = await _page_context(session, rules=_translated_rules())
        return await refused(request, error, "forum/paper.html", context)
    return await _stored(request, session, "forum/paper.html", back)


def _tally_rows() -> list[dict]:
    return [
        {
            "code": element.code,
            "name": element.name,
            "cells": [cell_name(element.code, value) for value in range(1, 5)],
        }
        for element in ELEMENTS
    ]


async def _tally_context(session: dict, **extra: Any) -> dict:
    extra.setdefault("values", {})
    extra.setdefault("errors", {})
    return await _page_context(session, rows=_tally_rows(), **extra)


@get("/sessions/{session_id:int}/tally", name="forum_tally")
async def show_tally(
    request: Request[Any, Any, Any], account: SignedInAccount, session_id: RowId
) -> Template:
    session = await visible_session(account, session_id)
    return await render(request, "forum/tally.html", await _tally_context(session))


@post("/sessions/{session_id:int}/tally", name="forum_tally_store")
async def store_tally(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    form = await request.form()
    values = {name: str(form.get(name) or "") for row in _tally_rows() for name in row["cells"]}
    result = parse_tally(values)
    if not result.ok:
        errors = {name: _(message) for name, message in result.errors.items()}
        message = errors.get("") or _("Periksa kembali sel yang ditandai.")
        context = await _tally_context(session, values=values, errors=errors, message=message)
        return await render(request, "forum/tally.html", context, partial=ERROR, status_code=422)
    key = client_key(form.get("client_key"))
    try:
        now, _today = now_and_today(settings)
        await entries.record_tally(session_id, result.counts, key, account, now, settings.timezone)
    except q.ForumError as error:
        context = await _tally_context(session, values=values)
        return await refused(request, error, "forum/tally.html", context)
    return await _stored(request, session, "forum/tally.html", "forum_tally")


@get("/sessions/{session_id:int}/upload", name="forum_upload")
async def show_upload(
    request: Request[Any, Any, Any], account: SignedInAccount, session_id: RowId
) -> Template:
    session = await visible_session(account, session_id)
    return await render(request, "forum/upload.html", await _page_context(session))


async def _upload_file(request: Request[Any, Any, Any]) -> tuple[str, bytes] | str:
    """The uploaded file's name and bytes (CSV or XLSX), or why there is none to import."""
    form, upload = Form(), (await request.form()).get("file")
    data = await read_upload(
        form,
        upload,
        limit=MAX_UPLOAD_BYTES,
        missing=_("Pilih berkas CSV atau XLSX yang akan diunggah."),
        too_large=_("Berkas terlalu besar (paling besar 2 MB)."),
    )
    if data is None or not isinstance(upload, UploadFile):  # read_upload took only a file
        return form.errors["file"]
    return upload.filename, data


@post("/sessions/{session_id:int}/upload", name="forum_upload_store")
async def store_upload(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    session = await visible_session(account, session_id)
    context = await _page_context(session)
    upload = await _upload_file(request)
    if isinstance(upload, str):
        context["error"] = upload
        return await render(request, "forum/upload.html", context, status_code=400)
    filename, data = upload
    try:
        report = await entries.import_session_csv(
            session_id, data, filename, account, settings.timezone
        )
    except q.ForumError as error:
        return await refused(request, error, "forum/upload.html", context)
    context.update(await _status_context(session))
    context["report"] = report

    # A page of thousands of problems helps nobody: the first ones, how many in all, and
    # every one of them as a CSV kept for the facilitator who uploaded the file.
    context |= await row_problems(
        report.errors, keep_problems(request, account.id), MAX_SHOWN_ROW_ERRORS
    )
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
