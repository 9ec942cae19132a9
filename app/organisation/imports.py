"""Uploading officer and training CSV files: every bad row shown, nothing stored from a bad file."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.dependencies import SignedInAccount
from app.forms import Form, optional_int, read_upload, see_other
from app.i18n import gettext as _
from app.settings import PROJECT_ROOT
from app.web import render
from surveys.store.imports import audit_import, import_csv
from surveys.store.imports.officers import (
    OFFICER_OPTIONAL,
    OFFICER_REQUIRED,
    TRAINING_OPTIONAL,
    TRAINING_REQUIRED,
)

KINDS = ("staff", "trainings")
SAMPLES = PROJECT_ROOT / "docs" / "samples"


def _kind_choices() -> list[tuple[str, str]]:
    return [("staff", _("Petugas")), ("trainings", _("Riwayat pelatihan"))]


def _columns() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {
        "staff": (OFFICER_REQUIRED, OFFICER_OPTIONAL),
        "trainings": (TRAINING_REQUIRED, TRAINING_OPTIONAL),
    }


async def _page(
    request: Request[Any, Any, Any],
    form: Form,
    *,
    errors: list[dict] | None = None,
    report: dict | None = None,
    status_code: int = 200,
) -> Template:
    return await render(
        request,
        "organisation/imports.html",
        {
            "form": form,
            "kinds": _kind_choices(),
            "columns": _columns(),
            "row_errors": errors or [],
            "report": report,
        },
        status_code=status_code,
    )


@get("/imports", name="admin_imports")
async def show_imports(
    request: Request[Any, Any, Any],
    kind: FromQuery[str] = "",
    rows: FromQuery[str] = "",
    created: FromQuery[str] = "",
    updated: FromQuery[str] = "",
    unchanged: FromQuery[str] = "",
) -> Template:
    """The upload form; after an import, its counts (from the redirect's query string)."""
    report = None
    if kind in KINDS and rows.isdigit():
        counts = {"rows": rows, "created": created, "updated": updated, "unchanged": unchanged}
        report = {
            "kind": dict(_kind_choices())[kind],
            **{key: optional_int(value) or 0 for key, value in counts.items()},
        }
    return await _page(request, Form.filled({"kind": kind or "staff"}), report=report)


@post("/imports", name="admin_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount
) -> Template | Redirect:
    data = await request.form()
    form = Form({"kind": data.get("kind", "")})
    kind = form.choice("kind", KINDS)
    text = await read_upload(form, data.get("file"))
    if not form.ok or text is None:
        return await _page(request, form, status_code=400)
    report = await import_csv(kind, text)  # type: ignore[arg-type]
    if report.errors:
        errors = [
            {"row": e.row, "column": e.column, "message": e.translated(_)} for e in report.errors
        ]
        form.error(
            "file", _("Berkas tidak diimpor: perbaiki baris-baris di bawah lalu unggah lagi.")
        )
        return await _page(request, form, errors=errors, status_code=400)
    upload = data.get("file")
    filename = upload.filename if isinstance(upload, UploadFile) else ""
    await audit_import(kind, report, account.id, account.username, filename)  # type: ignore[arg-type]
    query = urlencode({"kind": kind, **report.counts})
    return see_other(f"{request.app.route_reverse('admin_imports')}?{query}")


# The path parameter is not called "name": url_for and route_reverse take that for the route.
@get("/imports/sample/{file_name:str}", name="admin_import_sample")
async def download_sample(file_name: FromPath[str]) -> Response[bytes]:
    """The sample files of docs/samples, as a template to fill in."""
    if file_name not in ("staff.csv", "trainings.csv"):
        raise NotFoundException()
    return Response(
        (SAMPLES / file_name).read_bytes(),
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="contoh-{file_name}"'},
    )


ROUTES = [show_imports, upload_import, download_sample]
