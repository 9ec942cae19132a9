"""Uploading officer, training and response files (CSV or XLSX), the way every import page
does (app/uploads.py): every bad row shown, nothing stored from a bad file. The same
validation as ``suara import`` runs behind both; a file with many problems gets them all as
a CSV to download."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.dependencies import AppSettings, SignedInAccount
from app.i18n import gettext as _
from app.settings import PROJECT_ROOT
from app.uploads import ImportPage, show_import_page, upload_to_import
from app.web import download
from surveys.store.imports import ImportReport, audit_import, import_csv
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
SAMPLES = PROJECT_ROOT / "docs" / "samples"


def _kind_choices() -> list[tuple[str, str]]:
    return [
        ("staff", _("Petugas")),
        ("trainings", _("Riwayat pelatihan")),
        ("responses", _("Jawaban survei")),
    ]


def _columns_of_kinds() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    return {
        "staff": (OFFICER_REQUIRED, OFFICER_OPTIONAL),
        "trainings": (TRAINING_REQUIRED, TRAINING_OPTIONAL),
        "responses": (RESPONSE_REQUIRED, RESPONSE_OPTIONAL),
    }


async def _columns() -> dict[str, Any]:
    return {"columns": _columns_of_kinds()}


PAGE = ImportPage(
    "organisation/imports.html",
    "admin_imports",
    "admin_import_upload",
    kinds=_kind_choices,
    context=_columns,
)


@get("/imports", name="admin_imports")
async def show_imports(request: Request[Any, Any, Any]) -> Template:
    """The upload form; after an import, its counts (from the redirect's query string)."""
    return await show_import_page(request, PAGE)


@post("/imports", name="admin_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount, settings: AppSettings
) -> Template | Redirect:
    async def run(kind: str, source: bytes, filename: str) -> ImportReport:
        report = await import_csv(kind, source, timezone=settings.timezone)  # type: ignore[arg-type]
        if not report.errors:
            await audit_import(kind, report, account.id, account.username, filename)  # type: ignore[arg-type]
        return report

    return await upload_to_import(request, PAGE, run, owner=account.id)


# The path parameter is not called "name": url_for and route_reverse take that for the route.
@get("/imports/sample/{file_name:str}", name="admin_import_sample")
async def download_sample(file_name: FromPath[str]) -> Response[str]:
    """The sample files of docs/samples, as a template to fill in."""
    if file_name not in {f"{kind}.csv" for kind in KINDS}:
        raise NotFoundException()
    text = (SAMPLES / file_name).read_text(encoding="utf-8-sig")
    return download(BYTE_ORDER_MARK + text, f"contoh-{file_name}", CSV_MEDIA_TYPE)


ROUTES = [show_imports, upload_import, download_sample]
