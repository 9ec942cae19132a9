"""The training area: officers and their training records, the officer page and the
training analysis (page and API).

Two routers, each declaring its guard and its injected values once: the administration of
officers under /admin for administrators, and the officer page, the analysis page and its
API for managers (scoped to their units), the HR agency and administrators (every unit).
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_admin, requires_development
from app.dependencies import SIGNED_IN
from app.training import analysis, api, officer_page, officers, trainings

admin_router = Router(
    path="/admin",
    guards=[requires_admin],
    dependencies=SIGNED_IN,
    route_handlers=[*officers.ROUTES, *trainings.ROUTES],
)
manager_router = Router(
    path="/",
    guards=[requires_development],
    dependencies=SIGNED_IN,
    route_handlers=[*officer_page.ROUTES, *analysis.ROUTES, *api.ROUTES],
)

ROUTES = [admin_router, manager_router]
