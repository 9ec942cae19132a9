"""The evaluation area: training events and their evaluation at four levels.

Three routers, each declaring its guard and injected values once: the reaction form behind
an event's QR code (public, like the citizen survey, and declaring nothing); the events'
list and pages for everyone who develops officers (the HR agency and administrators see
every event, a unit's manager the events of their own officers); and managing events
(creating, participants, attendance, tests, finishing, imports) for the HR agency.
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_development, requires_hr
from app.dependencies import SIGNED_IN
from app.evaluation import (
    behaviour,
    events,
    imports,
    notes,
    overview,
    poster,
    reaction,
    report,
    self_report,
)

reaction_router = Router(path="/s", route_handlers=[*reaction.ROUTES, *self_report.ROUTES])
view_router = Router(
    path="/development",
    guards=[requires_development],
    dependencies=SIGNED_IN,
    route_handlers=[*events.VIEW_ROUTES, *report.ROUTES, *behaviour.ROUTES, *overview.ROUTES],
)
manage_router = Router(
    path="/development",
    guards=[requires_hr],
    dependencies=SIGNED_IN,
    route_handlers=[*events.MANAGE_ROUTES, *imports.ROUTES, *poster.ROUTES, *notes.ROUTES],
)

ROUTES = [reaction_router, view_router, manage_router]
