"""The forum area under /forum: facilitators (and managers, administrators) run community
forum sessions. The router lets signed-in facilitators, managers and administrators in and
injects ``account``, ``unit_scope`` and ``settings``; each handler then checks that the
session belongs to the account's units (``visible_session``). A second router, /f, is
public: participants type a session's short code there to reach its survey."""

from __future__ import annotations

from litestar import Router

from app.auth import requires_facilitator
from app.dependencies import PUBLIC, SIGNED_IN
from app.forum import entry as forum_entry
from app.forum import inputs as forum_inputs
from app.forum import join as forum_join
from app.forum import sessions as forum_sessions
from app.forum import summary as forum_summary

forum_router = Router(
    path="/forum",
    guards=[requires_facilitator],
    dependencies=SIGNED_IN,
    route_handlers=[
        *forum_sessions.ROUTES,
        *forum_entry.ROUTES,
        *forum_inputs.ROUTES,
        *forum_summary.ROUTES,
    ],
)

join_router = Router(path="/f", dependencies=PUBLIC, route_handlers=forum_join.ROUTES)

ROUTES = [forum_router, join_router]
