"""Importing events with their participants and test scores from a CSV or XLSX file, the way
every import page does (app/uploads.py): every bad row shown, nothing stored from a bad file,
the same file twice changes nothing."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from app.dependencies import SignedInAccount
from app.uploads import ImportPage, show_import_page, upload_to_import
from surveys.evaluation.event_import import EVENT_OPTIONAL, EVENT_REQUIRED, import_events
from surveys.store.audit import record_audit


async def _columns() -> dict[str, Any]:
    return {"required": EVENT_REQUIRED, "optional": EVENT_OPTIONAL}


PAGE = ImportPage("evaluation/import.html", "event_import", "event_import_upload", context=_columns)


@get("/events/import", name="event_import")
async def show_import(request: Request[Any, Any, Any]) -> Template:
    return await show_import_page(request, PAGE)


@post("/events/import", name="event_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    async def run(_kind: str, source: bytes, filename: str) -> Any:
        report = await import_events(source)
        if not report.errors:
            current = report.counts | {"file": filename}
            await record_audit(
                account.id, account.username, "import", "event_participant", None, None, current
            )
        return report

    return await upload_to_import(request, PAGE, run, owner=account.id)


ROUTES = [show_import, upload_import]
