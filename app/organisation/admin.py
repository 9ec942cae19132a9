"""The administration area under /admin: every handler behind the admin guard.

The areas live in their own modules (admin_units, admin_points, …); this module
holds the home page and the audit trail and gathers them under one guarded router.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get
from litestar.response import Template

from app.auth import requires_admin
from app.organisation import imports as admin_imports
from app.organisation import units as admin_units
from app.organisation import users as admin_users
from app.web import render
from surveys.organisation.units import overview_counts
from surveys.store.audit import changed_fields, recent_audit_entries


async def _audit_rows(request: Request[Any, Any, Any], limit: int) -> list[dict]:
    timezone = request.app.state.settings.timezone
    rows = await recent_audit_entries(limit=limit)
    for row in rows:
        row["when"] = row["at"].astimezone(timezone)
        row["changes"] = changed_fields(row["previous"], row["current"])
    return rows


@get("/", name="admin_home")
async def show_home(request: Request[Any, Any, Any]) -> Template:
    return await render(
        request,
        "organisation/home.html",
        {"counts": await overview_counts(), "entries": await _audit_rows(request, 10)},
    )


@get("/audit", name="admin_audit")
async def show_audit(request: Request[Any, Any, Any]) -> Template:
    return await render(
        request, "organisation/audit.html", {"entries": await _audit_rows(request, 300)}
    )


admin_router = Router(
    path="/admin",
    guards=[requires_admin],
    route_handlers=[
        show_home,
        show_audit,
        *admin_units.ROUTES,
        *admin_imports.ROUTES,
        *admin_users.ROUTES,
    ],
)

ROUTES = [admin_router]
