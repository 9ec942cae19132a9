"""The competency area: the dictionary, positions, assessments, profiles and unit pages.

Two routers under /competency, each declaring its guard and injected values once: the city's
settings and the assessments, for the HR agency (BKPSDM) and administrators; the overview,
unit pages and officers' profiles for them and for managers (scoped to their own units).
A facilitator sees none of it. Assessment results are personal data: every page that shows
them records the access in the audit trail.
"""

from __future__ import annotations

from litestar import Router

from app.auth import requires_development, requires_hr
from app.competency import (
    api,
    assessments,
    dictionary,
    exports,
    imports,
    mentoring,
    officers,
    plans,
    positions,
    settings,
    units,
)
from app.dependencies import SIGNED_IN

hr_router = Router(
    path="/competency",
    guards=[requires_hr],
    dependencies=SIGNED_IN,
    route_handlers=[
        *dictionary.ROUTES,
        *positions.ROUTES,
        *settings.ROUTES,
        *imports.ROUTES,
        *assessments.ROUTES,
    ],
)
development_router = Router(
    path="/competency",
    guards=[requires_development],
    dependencies=SIGNED_IN,
    route_handlers=[
        *units.ROUTES,
        *exports.ROUTES,
        *officers.ROUTES,
        *plans.ROUTES,
        *mentoring.ROUTES,
    ],
)
api_router = Router(
    path="/api/v1/competency",
    guards=[requires_development],
    dependencies=SIGNED_IN,
    route_handlers=api.ROUTES,
    tags=["competency"],
)

ROUTES = [hr_router, development_router, api_router]
