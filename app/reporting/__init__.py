"""The reporting area: the dashboard and unit pages, reports and exports, follow-up
actions, publication, the public pages and the public API."""

from __future__ import annotations

from app.reporting import api, dashboard, followups, public, publication, reports, unit

ROUTES = [
    *public.ROUTES,
    *api.ROUTES,
    *dashboard.ROUTES,
    *unit.ROUTES,
    *reports.ROUTES,
    *followups.ROUTES,
    *publication.ROUTES,
]
