"""The organisation area under /admin: units, user accounts, imports and the audit trail.

One router declares, once, what every handler here relies on: the administrator guard and
the injected values (``account``, ``settings``; see app/dependencies.py).
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_admin
from app.dependencies import SIGNED_IN
from app.organisation import admin, imports, units, users

admin_router = Router(
    path="/admin",
    guards=[requires_admin],
    dependencies=SIGNED_IN,
    route_handlers=[*admin.ROUTES, *units.ROUTES, *imports.ROUTES, *users.ROUTES],
)

ROUTES = [admin_router]
