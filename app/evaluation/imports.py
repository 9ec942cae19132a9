"""Importing events with their participants and test scores from a CSV or XLSX file:
every bad row shown, nothing stored from a bad file, the same file twice changes nothing."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.dependencies import SignedInAccount
from app.forms import Form, optional_int, read_upload, see_other
from app.i18n import gettext as _
from app.web import render
from surveys.evaluation.event_import import EVENT_OPTIONAL, EVENT_REQUIRED, import_events
from surveys.method.text import whole_number
from surveys.store.audit import record_audit


async def _page(
    request: Request[Any, Any, Any],
    form: Form,
    *,
    errors: list[dict] | None = None,
    report: dict | None = None,
    status_code: int = 200,
) -> Template:
    context = {
        "form": form,
        "required": EVENT_REQUIRED,
        "optional": EVENT_OPTIONAL,
        "row_errors": errors or [],
        "report": report,
    }
    return await render(request, "evaluation/import.html", context, status_code=status_code)


@get("/events/import", name="event_import")
async def show_import(
    request: Request[Any, Any, Any],
    rows: FromQuery[str] = "",
    created: FromQuery[str] = "",
    updated: FromQuery[str] = "",
    unchanged: FromQuery[str] = "",
) -> Template:
    report = None
    if whole_number(rows, 0, 10**9) is not None:
        counts = {"rows": rows, "created": created, "updated": updated, "unchanged": unchanged}
        report = {key: optional_int(value) or 0 for key, value in counts.items()}
    return await _page(request, Form(), report=report)


@post("/events/import", name="event_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    data = await request.form()
    form = Form()
    text = await read_upload(form, data.get("file"), xlsx=True)
    if text is None:
        return await _page(request, form, status_code=400)
    report = await import_events(text)
    if report.errors:
        errors = [
            {"row": e.row, "column": e.column, "message": e.translated(_)} for e in report.errors
        ]
        form.error(
            "file", _("Berkas tidak diimpor: perbaiki baris-baris di bawah lalu unggah lagi.")
        )
        return await _page(request, form, errors=errors, status_code=400)
    upload = data.get("file")
    current = report.counts | {"file": upload.filename if isinstance(upload, UploadFile) else ""}
    await record_audit(
        account.id, account.username, "import", "event_participant", None, None, current
    )
    query = urlencode(report.counts)
    return see_other(f"{request.app.route_reverse('event_import')}?{query}")


ROUTES = [show_import, upload_import]
