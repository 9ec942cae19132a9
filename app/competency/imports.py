"""Uploading positions or assessment results (CSV with commas or semicolons, or XLSX), the
way every import page does (app/uploads.py)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template

from app.competency.access import today
from app.dependencies import AppSettings, SignedInAccount
from app.i18n import gettext as _
from app.uploads import ImportPage, show_import_page, upload_to_import
from surveys.competency import assessment_import, position_import
from surveys.competency.assessments import competencies


def _kinds() -> list[tuple[str, str]]:
    return [
        ("assessments", _("Hasil penilaian kompetensi")),
        ("positions", _("Jabatan dan standar")),
    ]


async def _columns() -> dict[str, Any]:
    codes = [row["code"] for row in await competencies()]
    return {
        "columns": {
            "assessments": (assessment_import.REQUIRED, (*assessment_import.OPTIONAL, *codes)),
            "positions": (position_import.REQUIRED, ()),
        }
    }


PAGE = ImportPage(
    "competency/imports.html",
    "competency_imports",
    "competency_import_upload",
    kinds=_kinds,
    context=_columns,
)


@get("/imports", name="competency_imports")
async def show_imports(request: Request[Any, Any, Any]) -> Template:
    return await show_import_page(request, PAGE)


@post("/imports", name="competency_import_upload")
async def upload_import(
    request: Request[Any, Any, Any], account: SignedInAccount, settings: AppSettings
) -> Template | Redirect:
    async def run(kind: str, source: bytes, filename: str) -> Any:
        if kind == "assessments":
            return await assessment_import.import_assessments(
                account, source, today(settings), filename
            )
        return await position_import.import_positions(account, source)

    return await upload_to_import(request, PAGE, run, owner=account.id)


ROUTES = [show_imports, upload_import]
