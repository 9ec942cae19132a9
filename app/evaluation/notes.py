"""Recording an interview or a focus group (a forum session) about an event (HR agency)."""

from __future__ import annotations

from typing import Any

from litestar import Request, post
from litestar.response import Redirect, Template

from app.dependencies import SignedInAccount
from app.evaluation.common import event_or_404, event_url
from app.evaluation.events import event_context
from app.forms import read_form, see_other
from app.i18n import gettext as _
from app.web import RowId, render
from surveys.evaluation import notes as q
from surveys.evaluation.events import aimed_competency_ids
from surveys.store.development_tables import EVENT_NOTE_KINDS


@post("/events/{event_id:int}/notes", name="event_note_add")
async def add_note(
    request: Request[Any, Any, Any], event_id: RowId, account: SignedInAccount
) -> Template | Redirect:
    event = await event_or_404(event_id, None)
    form = await read_form(request, multi=["note_competencies"])
    kind = form.choice("kind", EVENT_NOTE_KINDS)
    held_on = form.date("held_on")
    session = form.optional_id("forum_session")
    if session is not None and session not in {s["id"] for s in await q.forum_session_choices()}:
        form.error("forum_session", _("Pilihan tidak dikenal."))
    if kind == "fgd" and session is None:
        form.error(
            "forum_session",
            _("Diskusi kelompok terarah dicatat sebagai sesi forum: pilih sesinya."),
        )
    respondent = form.text("respondent", required=False)
    themes = form.text("themes", required=False, max_length=300)
    aimed = form.ids("note_competencies")
    if set(aimed) - await aimed_competency_ids(event_id):
        form.error("note_competencies", _("Pilihan tidak dikenal."))
    text = form.text("notes", max_length=10_000)
    if not form.ok or held_on is None:
        context = await event_context(request, event, account, note_form=form)
        return await render(request, "evaluation/event.html", context, status_code=400)
    fields = q.NoteFields(kind, held_on, session, respondent, themes, aimed, text)
    await q.add_note(account, event_id, fields)
    return see_other(event_url(request, event_id) + "#notes")


ROUTES = [add_note]
