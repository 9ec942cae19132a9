"""A session's aspirations, complaints and suggestions: record, filter, edit, delete, export."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template

from app.dependencies import SignedInAccount
from app.forms import Form, read_form
from app.forum.common import (
    client_key,
    labels,
    new_client_key,
    refused,
    session_title,
    to_page,
    visible_session,
)
from app.i18n import gettext as _
from app.web import MAX_ID, RowId, download, is_htmx, render
from surveys.forum import inputs
from surveys.forum import sessions as q
from surveys.forum.vocabulary import INPUT_KINDS, INPUT_TEXT_LIMIT, MAX_VOTES, TOPICS
from surveys.method.text import whole_number
from surveys.store.spreadsheet import CSV_MEDIA_TYPE, csv_document
from surveys.store.units import active_units

# The fragment htmx swaps into #inputs-list, and the one it reads a refusal from.
LIST = "forum/_inputs_list.html"
ERROR = "forum/_entry_error.html"
INPUT_FIELDS = ("kind", "topic", "text", "votes", "addressed_unit")


def _filters(kind: str, topic: str, unit: str) -> inputs.InputFilters:
    kinds = {code for code, _label in INPUT_KINDS}
    topics = {code for code, _label in TOPICS}
    return inputs.InputFilters(
        kind=kind if kind in kinds else None,
        topic=topic if topic in topics else None,
        addressed_unit=whole_number(unit, 1, MAX_ID),
    )


def _query(filters: inputs.InputFilters) -> str:
    values = {
        "kind": filters.kind or "",
        "topic": filters.topic or "",
        "unit": filters.addressed_unit or "",
    }
    present = {name: value for name, value in values.items() if value}
    return "?" + urlencode(present) if present else ""


async def _unit_options() -> list[tuple[int, str]]:
    """Any unit may be addressed: a forum's complaint can be about another agency."""
    return [(unit["id"], unit["name"]) for unit in await active_units()]


async def _read_input(form: Form, units: list[dict]) -> inputs.InputFields | None:
    kind = form.choice("kind", [code for code, _label in INPUT_KINDS])
    topic = form.choice("topic", [code for code, _label in TOPICS])
    text = form.text("text", max_length=INPUT_TEXT_LIMIT)
    votes = form.integer("votes", minimum=0, maximum=MAX_VOTES, required=False)
    unit = form.optional_id("addressed_unit")
    if unit is not None and unit not in {u["id"] for u in units}:
        form.error("addressed_unit", _("Pilih salah satu pilihan yang tersedia."))
    if not form.ok:
        return None
    return inputs.InputFields(kind, topic, text, votes or 0, unit)


def _empty_form() -> Form:
    return Form.filled({"kind": "aspirasi", "topic": "", "votes": "0"})


async def _context(session: dict, filters: inputs.InputFilters, **extra: Any) -> dict:
    return {
        "session": session,
        "title": session_title(session),
        "labels": labels(),
        "kinds": INPUT_KINDS,
        "topics": TOPICS,
        "unit_options": await _unit_options(),
        "filters": filters,
        "filter_query": _query(filters),
        "inputs": await inputs.session_inputs(session["id"], filters),
        "client_key": new_client_key(),
        **extra,
    }


@get("/sessions/{session_id:int}/inputs", name="forum_inputs")
async def show_inputs(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    session_id: RowId,
    kind: FromQuery[str] = "",
    topic: FromQuery[str] = "",
    unit: FromQuery[str] = "",
) -> Template:
    session = await visible_session(account, session_id)
    filters = _filters(kind, topic, unit)
    context = await _context(session, filters, form=_empty_form())
    return await render(request, "forum/inputs.html", context, partial=LIST)


@post("/sessions/{session_id:int}/inputs", name="forum_input_create")
async def create_input(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    session_id: RowId,
    kind: FromQuery[str] = "",
    topic: FromQuery[str] = "",
    unit: FromQuery[str] = "",
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    filters = _filters(kind, topic, unit)
    form = await read_form(request)
    fields = await _read_input(form, await active_units())
    if fields is None:
        context = await _context(session, filters, form=form)
        context["message"] = next(iter(form.errors.values()))
        return await render(request, "forum/inputs.html", context, partial=ERROR, status_code=422)
    try:
        await inputs.create_input(session_id, fields, client_key(form.raw("client_key")), account)
    except q.ForumError as error:
        return await refused(
            request, error, "forum/inputs.html", await _context(session, filters, form=form)
        )
    if is_htmx(request):
        context = await _context(session, filters)
        return await render(request, "forum/inputs.html", context, partial=LIST)
    return to_page(request, "forum_inputs", _query(filters), session_id=session_id)


async def _input_or_404(session: dict, input_id: int) -> dict:
    row = await inputs.input_by_id(session["id"], input_id)
    if row is None:
        raise NotFoundException()
    return row


async def _edit_page(
    request: Request[Any, Any, Any], session: dict, row: dict, form: Form, status_code: int = 200
) -> Template:
    context = {
        "session": session,
        "title": session_title(session),
        "row": row,
        "form": form,
        "kinds": INPUT_KINDS,
        "topics": TOPICS,
        "unit_options": await _unit_options(),
        "labels": labels(),
    }
    return await render(request, "forum/input_form.html", context, status_code=status_code)


def _filled_form(row: dict) -> Form:
    return Form.filled({name: row[name] for name in INPUT_FIELDS})


@get("/sessions/{session_id:int}/inputs/{input_id:int}/edit", name="forum_input_edit")
async def edit_input(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    session_id: RowId,
    input_id: RowId,
) -> Template:
    session = await visible_session(account, session_id)
    row = await _input_or_404(session, input_id)
    return await _edit_page(request, session, row, _filled_form(row))


@post("/sessions/{session_id:int}/inputs/{input_id:int}/edit", name="forum_input_update")
async def update_input(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    session_id: RowId,
    input_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    row = await _input_or_404(session, input_id)
    form = await read_form(request)
    fields = await _read_input(form, await active_units())
    if fields is None:
        return await _edit_page(request, session, row, form, status_code=422)
    try:
        await inputs.update_input(session_id, input_id, fields, account)
    except q.ForumError as error:
        form.error("", _(error.template))
        return await _edit_page(request, session, row, form, status_code=409)
    return to_page(request, "forum_inputs", session_id=session_id)


@post("/sessions/{session_id:int}/inputs/{input_id:int}/delete", name="forum_input_delete")
async def delete_input(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    session_id: RowId,
    input_id: RowId,
) -> Template | Redirect:
    session = await visible_session(account, session_id)
    row = await _input_or_404(session, input_id)
    try:
        await inputs.delete_input(session_id, input_id, account)
    except q.ForumError as error:
        form = _filled_form(row)
        form.error("", _(error.template))
        return await _edit_page(request, session, row, form, status_code=409)
    return to_page(request, "forum_inputs", session_id=session_id)


@get("/sessions/{session_id:int}/inputs.csv", name="forum_inputs_csv")
async def export_inputs(
    account: SignedInAccount,
    session_id: RowId,
    kind: FromQuery[str] = "",
    topic: FromQuery[str] = "",
    unit: FromQuery[str] = "",
) -> Response[str]:
    session = await visible_session(account, session_id)
    rows = await inputs.session_inputs(session_id, _filters(kind, topic, unit))
    names = labels()
    header = ["session_id", "held_on", "kind", "topic", "topic_label", "text", "votes"]
    lines: list[list[Any]] = [[*header, "addressed_unit"]]
    for row in rows:
        topic = row["topic"]
        lines.append(
            [session_id, session["held_on"].isoformat(), row["kind"], topic]
            + [names["topics"].get(topic, topic), row["text"], row["votes"]]
            + [row["addressed_unit_code"] or ""]
        )
    filename = f"forum-{session_id}-masukan.csv"
    return download(csv_document(lines), filename, CSV_MEDIA_TYPE)


ROUTES = [show_inputs, create_input, edit_input, update_input, delete_input, export_inputs]
