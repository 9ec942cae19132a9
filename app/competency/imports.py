"""Uploading positions or assessment results (CSV with commas or semicolons, or XLSX)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from app.competency.access import today
from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, optional_int, see_other
from app.i18n import gettext as _
from app.web import render
from surveys.competency import assessment_import, position_import
from surveys.competency.assessments import competencies
from surveys.competency.uploads import UnreadableUpload, upload_text
from surveys.method.text import whole_number

KINDS = ("positions", "assessments")
MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _kinds() -> list[tuple[str, str]]:
    return [
        ("assessments", _("Hasil penilaian kompetensi")),
        ("positions", _("Jabatan dan standar")),
    ]


async def _page(
    request: Request[Any, Any, Any],
    form: Form,
    *,
    errors: list[dict] | None = None,
    report: dict | None = None,
    status_code: int = 200,
) -> Template:
    codes = [row["code"] for row in await competencies()]
    return await render(
        request,
        "competency/imports.html",
        {
            "form": form,
            "kinds": _kinds(),
            "columns": {
                "assessments": (
                    assessment_import.REQUIRED,
                    (*assessment_import.OPTIONAL, *codes),
                ),
                "positions": (position_import.REQUIRED, ()),
            },
            "row_errors": errors or [],
            "report": report,
        },
        status_code=status_code,
    )


@get("/imports", name="competency_imports")
async def show_imports(
    request: Request[Any, Any, Any],
    kind: FromQuery[str] = "",
    rows: FromQuery[str] = "",
    created: FromQuery[str] = "",
    updated: FromQuery[str] = "",
    unchanged: FromQuery[str] = "",
) -> Template:
    report = None
    if kind in KINDS and whole_number(rows, 0, 10**9) is not None:
        report = {
            "kind": dict(_kinds())[kind],
            **{
                key: optional_int(value) or 0
                for key, value in (
                    ("rows", rows),
                    ("created", created),
                    ("updated", updated),
                    ("unchanged", unchanged),
                )
            },
        }
    return await _page(request, Form.filled({"kind": kind or "assessments"}), report=report)


async def _read_upload(form: Form, upload: Any) -> str | None:
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.error("file", _("Pilih berkas CSV atau XLSX yang akan diimpor."))
        return None
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        form.error("file", _("Berkas terlalu besar (paling besar 5 MB)."))
        return None
    try:
        text = upload_text(data)
    except UnreadableUpload:
        form.error("file", _("Berkas harus CSV (UTF-8) atau XLSX."))
        return None
    if not text.strip():
        form.error("file", _("Berkas kosong."))
        return None
    return text


@post("/imports", name="competency_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount, settings: AppSettings
) -> Template | Redirect:
    data = await request.form()
    form = Form({"kind": data.get("kind", "")})
    kind = form.choice("kind", KINDS)
    upload = data.get("file")
    text = await _read_upload(form, upload)
    if not form.ok or text is None:
        return await _page(request, form, status_code=400)
    filename = upload.filename if isinstance(upload, UploadFile) else ""
    if kind == "assessments":
        report = await assessment_import.import_assessments(
            account, text, today(settings), filename
        )
    else:
        report = await position_import.import_positions(account, text)
    if report.errors:
        errors = [
            {"row": e.row, "column": e.column, "message": e.translated(_)} for e in report.errors
        ]
        form.error(
            "file", _("Berkas tidak diimpor: perbaiki baris-baris di bawah lalu unggah lagi.")
        )
        return await _page(request, form, errors=errors, status_code=400)
    query = urlencode({"kind": kind, **report.counts})
    return see_other(f"{request.app.route_reverse('competency_imports')}?{query}")


ROUTES = [show_imports, upload_import]
