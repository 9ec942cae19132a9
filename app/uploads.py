"""The import pages' one way of taking a file: upload, check, import all or nothing, report.

Officers, trainings and responses (``/admin/imports``), positions and assessments
(``/competency/imports``) and development events (``/development/events/import``) are
imported alike: a CSV (commas or semicolons, UTF-8) or XLSX file goes whole to its area's
import, which reads it with the store's table reader and validates every row first. A
refused file shows every problem (row, column, reason) and stores nothing; a file that went
through redirects to the page with its counts (post/redirect/get).

An area keeps only what is its own in an ``ImportPage``: its template (which includes
``_import_form.html`` and ``_row_errors.html``), its routes, its kinds, the columns it
describes, and the function that imports a file of one kind (and audits it).

The forum's questionnaire upload has a page of its own but takes its file with
``read_upload`` and shows a refused file's problems with ``row_problems`` too.

A refused file shows its first problems and how many there are in all; every one of them is
kept as a CSV for an hour for the person who uploaded it (``keep_problems``), behind one
route for every page (``download_import_problems``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urlencode

from litestar import Request, Response, get
from litestar.datastructures import UploadFile
from litestar.params import FromPath
from litestar.response import Redirect, Template

from app.auth import requires_login
from app.dependencies import SIGNED_IN, SignedInAccount
from app.forms import Form, optional_int, see_other
from app.i18n import gettext as _
from app.web import MAX_SHOWN_ROW_ERRORS, keep_row_errors, kept_row_errors, render
from surveys.method.text import whole_number
from surveys.store.spreadsheet import BYTE_ORDER_MARK

# Far above a real roster (a whole province's ASN fit in a few MB) and below the body limit.
MAX_UPLOAD_BYTES = 5 * 1024 * 1024
COUNTS = ("rows", "created", "updated", "unchanged")


class ImportReport(Protocol):
    """What every area's import returns (``surveys.store.imports.csvfile.ImportReport``)."""

    @property
    def errors(self) -> Any: ...

    @property
    def counts(self) -> dict[str, int]: ...


# Imports a whole file of a kind ("" where a page has one kind): (kind, bytes, file name).
Importer = Callable[[str, bytes, str], Awaitable[ImportReport]]
# Keeps every problem of a refused file for download; the link to it.
ErrorKeeper = Callable[[list[dict]], Awaitable[str]]


@dataclass(frozen=True)
class ImportPage:
    """What an area's import page owns."""

    template: str
    route: str  # the page (GET), where a finished import returns with its counts
    upload_route: str  # where the form posts
    kinds: Callable[[], list[tuple[str, str]]] | None = None  # (kind, label), default first
    context: Callable[[], Awaitable[dict[str, Any]]] | None = None  # columns, help


def finished_import(page: ImportPage, query: Mapping[str, str]) -> dict | None:
    """The counts of the import that just went through, from the redirect's query string;
    None on a first visit or when the query names no known kind."""
    if whole_number(query.get("rows", ""), 0, 10**9) is None:
        return None
    report: dict[str, Any] = {key: optional_int(query.get(key, "")) or 0 for key in COUNTS}
    if page.kinds is not None:
        labels = dict(page.kinds())
        if query.get("kind", "") not in labels:
            return None
        report["kind"] = labels[query["kind"]]
    return report


async def show_import_page(
    request: Request[Any, Any, Any],
    page: ImportPage,
    form: Form | None = None,
    *,
    problems: dict[str, Any] | None = None,
    status_code: int = 200,
) -> Template:
    """The page: its upload form (with the last import's counts, or a refused file's rows)."""
    report = None
    if form is None:  # a visit, perhaps back from an import with its counts
        kind = request.query_params.get("kind", "")
        default = page.kinds()[0][0] if page.kinds is not None else ""
        form = Form.filled({"kind": kind or default})
        report = finished_import(page, request.query_params)
    context = {
        "form": form,
        "kinds": page.kinds() if page.kinds is not None else None,
        "upload_route": page.upload_route,
        "row_errors": [],
        "error_count": 0,
        "error_report": "",
        "report": report,
        **(problems or {}),
    }
    if page.context is not None:
        context |= await page.context()
    return await render(request, page.template, context, status_code=status_code)


async def read_upload(
    form: Form,
    upload: Any,
    *,
    limit: int = MAX_UPLOAD_BYTES,
    missing: str | None = None,
    too_large: str | None = None,
) -> bytes | None:
    """The file's bytes (CSV or XLSX: the store's reader tells them apart), or None and why
    not on ``form`` ("file"): no file (``missing``), more than ``limit`` bytes
    (``too_large``), or nothing in it. A page with other limits or words passes its own."""
    if not isinstance(upload, UploadFile) or not upload.filename:
        form.error("file", missing or _("Pilih berkas CSV atau XLSX yang akan diimpor."))
        return None
    data = await upload.read(limit + 1)
    if len(data) > limit:
        form.error("file", too_large or _("Berkas terlalu besar (paling besar 5 MB)."))
        return None
    if not data.removeprefix(BYTE_ORDER_MARK.encode()).strip():
        form.error("file", _("Berkas kosong."))
        return None
    return data


async def row_problems(
    errors: Iterable[Any], keep_errors: ErrorKeeper | None, shown_errors: int | None
) -> dict[str, Any]:
    """A refused file's problems as ``_row_errors.html`` shows them: the first
    ``shown_errors`` (all when None), how many in all, and the link to every one of them
    that ``keep_errors`` stored ("" without one, or when there is no problem)."""
    rows = [{"row": e.row, "column": e.column, "message": e.translated(_)} for e in errors]
    return {
        "row_errors": rows[:shown_errors],
        "error_count": len(rows),
        "error_report": await keep_errors(rows) if keep_errors and rows else "",
    }


async def upload_to_import(
    request: Request[Any, Any, Any],
    page: ImportPage,
    importer: Importer,
    owner: int,
) -> Template | Redirect:
    """Read the posted form and file, import it, and answer: the page again with its first
    problems and the link to all of them (400), or a redirect to the page with the counts.
    ``owner`` is the signed-in account that uploads, the only one who may fetch the list."""
    data = await request.form()
    form = Form({"kind": data.get("kind", "")})
    kind = form.choice("kind", tuple(k for k, _label in page.kinds())) if page.kinds else ""
    upload = data.get("file")
    source = await read_upload(form, upload)
    if not form.ok or source is None:
        return await show_import_page(request, page, form, status_code=400)
    filename = upload.filename if isinstance(upload, UploadFile) else ""
    report = await importer(kind, source, filename)
    if report.errors:
        form.error(
            "file", _("Berkas tidak diimpor: perbaiki baris-baris di bawah lalu unggah lagi.")
        )
        problems = await row_problems(
            report.errors, keep_problems(request, owner), MAX_SHOWN_ROW_ERRORS
        )
        return await show_import_page(request, page, form, problems=problems, status_code=400)
    query = urlencode(({"kind": kind} if kind else {}) | report.counts)
    return see_other(f"{request.app.route_reverse(page.route)}?{query}")


def keep_problems(request: Request[Any, Any, Any], owner: int) -> ErrorKeeper:
    """Keeps a refused file's problems for ``owner``; the link to download them."""

    async def keep(rows: list[dict]) -> str:
        key = await keep_row_errors(request, owner, rows)
        return request.app.route_reverse("import_problems", key=key)

    return keep


@get(
    "/imports/problems/{key:str}",
    name="import_problems",
    guards=[requires_login],
    dependencies=SIGNED_IN,
)
async def download_import_problems(
    request: Request[Any, Any, Any], account: SignedInAccount, key: FromPath[str]
) -> Response[bytes]:
    """Every problem of a refused import or upload, as CSV: kept an hour, for the account
    that uploaded the file alone (anyone else gets 404)."""
    return await kept_row_errors(request, account.id, key, "masalah-impor.csv")


ROUTES = [download_import_problems]
