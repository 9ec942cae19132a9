"""The training area: officers and their training records, the officer page and the
training analysis (page and API)."""

from __future__ import annotations

from litestar import Router

from app.auth import requires_admin
from app.training import analysis, api, officer_page, officers, trainings

admin_router = Router(
    path="/admin", guards=[requires_admin], route_handlers=[*officers.ROUTES, *trainings.ROUTES]
)

ROUTES = [admin_router, *officer_page.ROUTES, *analysis.ROUTES, *api.ROUTES]
