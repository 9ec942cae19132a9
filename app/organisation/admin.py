"""The administration home page and the audit trail."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.response import Template

from app.dependencies import AppSettings
from app.settings import Settings
from app.web import render
from surveys.organisation.units import overview_counts
from surveys.store.audit import changed_fields, recent_audit_entries


async def _audit_rows(settings: Settings, limit: int) -> list[dict]:
    rows = await recent_audit_entries(limit=limit)
    for row in rows:
        row["when"] = row["at"].astimezone(settings.timezone)
        row["changes"] = changed_fields(row["previous"], row["current"])
    return rows


@get("/", name="admin_home")
async def show_home(request: Request[Any, Any, Any], settings: AppSettings) -> Template:
    context = {"counts": await overview_counts(), "entries": await _audit_rows(settings, 10)}
    return await render(request, "organisation/home.html", context)


@get("/audit", name="admin_audit")
async def show_audit(request: Request[Any, Any, Any], settings: AppSettings) -> Template:
    entries = await _audit_rows(settings, 300)
    return await render(request, "organisation/audit.html", {"entries": entries})


ROUTES = [show_home, show_audit]
