"""Uploading officer, training and response files (CSV or XLSX): every bad row shown, nothing
stored from a bad file. The same validation as ``suara import`` runs behind both."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.forms import Form, optional_int, see_other
from app.i18n import gettext as _
from app.settings import PROJECT_ROOT
from app.web import MAX_SHOWN_ROW_ERRORS, keep_row_errors, kept_row_errors, render
from surveys.method.text import whole_number
from surveys.store.imports import audit_import, import_csv
from surveys.store.imports.officers import (
    OFFICER_OPTIONAL,
    OFFICER_REQUIRED,
    TRAINING_OPTIONAL,
    TRAINING_REQUIRED,
)
from surveys.store.imports.responses import OPTIONAL as RESPONSE_OPTIONAL
from surveys.store.imports.responses import REQUIRED as RESPONSE_REQUIRED
from surveys.store.spreadsheet import BYTE_ORDER_MARK, CSV_MEDIA_TYPE

KINDS = ("staff", "trainings", "responses")
# Far above a real roster (a whole province's ASN fit in a few MB) and below the body limit.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
SAMPLES = PROJECT_ROOT / "docs" / "samples"


def _kind_choices() -> list[tuple[str, str]]:
    return [
        ("staff", _("Petugas")),
        ("trainings", _("Riwayat pelatihan")),
        ("responses", _("Jawaban survei")),
    ]


def _columns() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {
        "staff": (OFFICER_REQUIRED, OFFICER_OPTIONAL),
        "trainings": (TRAINING_REQUIRED, TRAINING_OPTIONAL),
        "responses": (RESPONSE_REQUIRED, RESPONSE_OPTIONAL),
    }


async def _page(
    request: Request[Any, Any, Any],
    form: Form,
    *,
    errors: list[dict] | None = None,
    error_count: int = 0,
    error_report: str = "",
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
            "error_count": error_count,
            "error_report": error_report,
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
    if kind in KINDS and whole_number(rows, 0, 10**9) is not None:
        counts = {"rows": rows, "created": created, "updated": updated, "unchanged": unchanged}
        report = {
            "kind": dict(_kind_choices())[kind],
            **{key: optional_int(value) or 0 for key, value in counts.items()},
        }
    return await _page(request, Form.filled({"kind": kind or "staff"}), report=report)


async def _read_upload(form: Form, upload: Any) -> bytes | None:
    """The file's bytes (CSV or XLSX: the import tells them apart), or None and why not."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.error("file", _("Pilih berkas CSV atau XLSX yang akan diimpor."))
        return None
    data = await upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        form.error("file", _("Berkas terlalu besar (paling besar 5 MB)."))
        return None
    if not data.removeprefix(BYTE_ORDER_MARK.encode()).strip():
        form.error("file", _("Berkas kosong."))
        return None
    return data


@post("/imports", name="admin_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount, settings: AppSettings
) -> Template | Redirect:
    data = await request.form()
    form = Form({"kind": data.get("kind", "")})
    kind = form.choice("kind", KINDS)
    source = await _read_upload(form, data.get("file"))
    if not form.ok or source is None:
        return await _page(request, form, status_code=400)
    report = await import_csv(kind, source, timezone=settings.timezone)  # type: ignore[arg-type]
    if report.errors:
        errors = [
            {"row": e.row, "column": e.column, "message": e.translated(_)} for e in report.errors
        ]
        form.error(
            "file", _("Berkas tidak diimpor: perbaiki baris-baris di bawah lalu unggah lagi.")
        )
        # The page shows the first problems; a file with thousands gets them all as a CSV.
        key = await keep_row_errors(request, account.id, errors)
        return await _page(
            request,
            form,
            errors=errors[:MAX_SHOWN_ROW_ERRORS],
            error_count=len(errors),
            error_report=request.app.route_reverse("admin_import_errors", key=key),
            status_code=400,
        )
    upload = data.get("file")
    filename = upload.filename if isinstance(upload, UploadFile) else ""
    await audit_import(kind, report, account.id, account.username, filename)  # type: ignore[arg-type]
    query = urlencode({"kind": kind, **report.counts})
    return see_other(f"{request.app.route_reverse('admin_imports')}?{query}")


@get("/imports/errors/{key:str}", name="admin_import_errors")
async def download_row_errors(
    request: Request[Any, Any, Any], account: SignedInAccount, key: FromPath[str]
) -> Response[bytes]:
    """Every problem of the last refused import, as CSV (kept for an hour, for its admin)."""
    content = await kept_row_errors(request, account.id, key)
    if content is None:
        raise NotFoundException(_("Laporan masalah ini sudah tidak tersedia; unggah lagi."))
    return Response(
        content,
        media_type="text/csv; charset=utf-8",
        headers={"content-disposition": 'attachment; filename="masalah-impor.csv"'},
    )


# The path parameter is not called "name": url_for and route_reverse take that for the route.
@get("/imports/sample/{file_name:str}", name="admin_import_sample")
async def download_sample(file_name: FromPath[str]) -> Response[str]:
    """The sample files of docs/samples, as a template to fill in."""
    if file_name not in {f"{kind}.csv" for kind in KINDS}:
        raise NotFoundException()
    text = (SAMPLES / file_name).read_text(encoding="utf-8-sig")
    return Response(
        BYTE_ORDER_MARK + text,
        media_type=CSV_MEDIA_TYPE,
        headers={"content-disposition": f'attachment; filename="contoh-{file_name}"'},
    )


ROUTES = [show_imports, upload_import, download_row_errors, download_sample]
