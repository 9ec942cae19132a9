"""What the evaluation pages share: finding an event the account may see, and its addresses."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

from surveys.evaluation import events as q


async def event_or_404(event_id: int, unit_scope: frozenset[int] | None) -> dict:
    """The event, when it exists and the unit scope reaches one of its participants
    (None: every event); 404 otherwise, so a manager learns nothing of other units' events."""
    event = await q.event_by_id(event_id)
    if event is None or not await q.event_visible(event_id, unit_scope):
        raise NotFoundException()
    return event


def event_url(request: Request[Any, Any, Any], event_id: int) -> str:
    return request.app.route_reverse("event", event_id=event_id)


def reaction_url(request: Request[Any, Any, Any], token: str) -> str:
    """The full address the event's QR code holds."""
    settings = request.app.state.settings
    return str(settings.base_url) + request.app.route_reverse("reaction_form", token=token)
