"""The reporting area: the dashboard and unit pages, reports and exports, follow-up
actions, publication, the public pages and the public API.

Two routers say once who may come in and what handlers receive: the public one (home,
/p/, /metodologi, the API) and the managers' one under /dashboard.
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_manager
from app.reporting import (
    api,
    city,
    dashboard,
    followups,
    hall,
    public,
    publication,
    reports,
    unit,
)
from app.reporting.dependencies import MANAGER_PAGES, PUBLIC_PAGES

public_router = Router(
    path="/",
    route_handlers=[*public.ROUTES, *api.ROUTES, *hall.PUBLIC_ROUTES],
    dependencies=PUBLIC_PAGES,
)
manager_router = Router(
    path="/dashboard",
    route_handlers=[
        *dashboard.ROUTES,
        *unit.ROUTES,
        *city.ROUTES,
        *hall.ROUTES,
        *reports.ROUTES,
        *followups.ROUTES,
        *publication.ROUTES,
    ],
    guards=[requires_manager],
    dependencies=MANAGER_PAGES,
)

ROUTES = [public_router, manager_router]
