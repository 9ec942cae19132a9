"""A session's result: the summary page and the printable record (berita acara)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from litestar import Request, get
from litestar.response import Template

from app.dependencies import AppSettings, SignedInAccount
from app.forum.common import labels, session_ikm, session_title, visible_session
from app.settings import Settings
from app.web import RowId, render
from surveys.forum import inputs
from surveys.forum import sessions as q
from surveys.method.elements import ELEMENTS_BY_CODE


async def _result_context(session: dict, settings: Settings) -> dict:
    timezone = settings.timezone
    result = session_ikm(session, await q.session_totals(session["id"]))
    return {
        "session": session,
        "title": session_title(session),
        "labels": labels(),
        "counts": await q.session_reconciliation(session),
        "result": result,
        # NRR to four decimals as a number, so it is written the Indonesian way (3,2500).
        "nrr": {e.code: Decimal(e.nrr_display) if e.nrr_display else None for e in result.elements},
        "elements": ELEMENTS_BY_CODE,
        "inputs": await inputs.session_inputs(session["id"]),
        "opened_at": session["opened_at"].astimezone(timezone) if session["opened_at"] else None,
        "closed_at": session["closed_at"].astimezone(timezone) if session["closed_at"] else None,
    }


@get("/sessions/{session_id:int}/summary", name="forum_session_summary")
async def show_summary(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    session = await visible_session(account, session_id)
    return await render(request, "forum/summary.html", await _result_context(session, settings))


@get("/sessions/{session_id:int}/berita-acara", name="forum_session_record")
async def show_record(
    request: Request[Any, Any, Any],
    account: SignedInAccount,
    settings: AppSettings,
    session_id: RowId,
) -> Template:
    """The printable record of the session (berita acara), A4 portrait."""
    session = await visible_session(account, session_id)
    context = await _result_context(session, settings)
    return await render(request, "forum/berita_acara.html", context)


ROUTES = [show_summary, show_record]
