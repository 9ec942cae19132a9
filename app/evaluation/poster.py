"""The printable QR poster of an event's reaction form (A4, error correction H)."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, get
from litestar.response import Template
from markupsafe import Markup

from app.evaluation.common import event_or_404, reaction_url
from app.web import RowId, render
from surveys.method import qr


@get("/events/{event_id:int}/poster", name="event_poster")
async def show_poster(request: Request[Any, Any, Any], event_id: RowId) -> Template:
    event = await event_or_404(event_id, None)
    url = reaction_url(request, event["token"])
    # Our own SVG: path data and numbers only, no user text, so it is safe to inline.
    svg = Markup(await asyncio.to_thread(qr.qr_svg, url))
    return await render(request, "evaluation/poster.html", {"event": event, "url": url, "qr": svg})


ROUTES = [show_poster]
