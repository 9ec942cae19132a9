"""Small helpers shared by the route modules: rendering pages and their htmx partials, and
files to download."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable, Sequence
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from litestar.params import PathParameter
from litestar.plugins.htmx import HTMXTemplate
from litestar.response import Template

from app.auth import current_account
from app.i18n import gettext as _
from surveys.store.spreadsheet import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, csv_document, xlsx_document

# Row ids are 32-bit serials on PostgreSQL; a larger number cannot name a row (and would
# overflow the database driver), so it is refused with 400 before any query.
MAX_ID = 2**31 - 1
# A row id in a URL path.
RowId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


# An import's problems shown on its page; all of them go into a CSV kept for an hour.
MAX_SHOWN_ROW_ERRORS = 100
ROW_ERROR_REPORT_SECONDS = 3600


def attachment(name: str) -> dict[str, str]:
    """The header that has a browser save the response as ``name``."""
    return {"content-disposition": f'attachment; filename="{name}"'}


def download(content: str | bytes, name: str, media_type: str) -> Response:
    """``content`` as a file called ``name`` to save."""
    return Response(content, media_type=media_type, headers=attachment(name))


async def table_download(
    name: str,
    kind: Literal["csv", "xlsx"],
    header: Sequence[str],
    rows: Iterable[Sequence],
    *,
    sheet: str | None = None,
) -> Response[bytes]:
    """A table as ``name.csv`` (with the byte-order mark Excel needs) or ``name.xlsx`` (one
    sheet called ``sheet``, by default ``name``; built off the event loop)."""
    if kind == "csv":
        body, media_type = csv_document([header, *rows]).encode(), CSV_MEDIA_TYPE
    else:
        body = await asyncio.to_thread(xlsx_document, sheet or name, header, list(rows))
        media_type = XLSX_MEDIA_TYPE
    return download(body, f"{name}.{kind}", media_type)


async def keep_row_errors(request: Request[Any, Any, Any], owner: int, rows: list[dict]) -> str:
    """Store every row problem as CSV for ``owner`` (an account id); the key to fetch it."""
    import secrets

    key = secrets.token_urlsafe(16)
    text = csv_document(
        [("row", "column", "message")] + [(r["row"], r["column"], r["message"]) for r in rows]
    )
    store = request.app.stores.get("row-errors")
    await store.set(f"{owner}:{key}", text.encode(), expires_in=ROW_ERROR_REPORT_SECONDS)
    return key


async def kept_row_errors(
    request: Request[Any, Any, Any], owner: int, key: str, name: str
) -> Response[bytes]:
    """The CSV kept by ``keep_row_errors`` for this owner, as the file ``name``, while it
    lasts; 404 once it is gone (or when it was kept for someone else)."""
    content = await request.app.stores.get("row-errors").get(f"{owner}:{key}")
    if content is None:
        raise NotFoundException(_("Laporan masalah ini sudah tidak tersedia; unggah lagi."))
    return download(content, name, CSV_MEDIA_TYPE)


async def render(
    request: Request[Any, Any, Any],
    template: str,
    context: dict[str, Any] | None = None,
    *,
    partial: str | None = None,
    status_code: int = 200,
    **htmx: Any,
) -> Template:
    """The full page, or only ``partial`` when htmx asks: the markup exists once.

    The one htmx idiom of the app: a page template includes its partials, and an htmx
    request (``request.htmx``, from Litestar's HTMX plugin) gets the partial alone.
    ``htmx`` are HTMXTemplate's response headers for that partial (``push_url``,
    ``re_target``, ``re_swap``).
    """
    ctx = dict(context or {})
    ctx.setdefault("account", await current_account(request))
    ctx.setdefault("request_path", request.url.path)
    if partial and is_htmx(request):
        return HTMXTemplate(template_name=partial, context=ctx, status_code=status_code, **htmx)
    return Template(template_name=template, context=ctx, status_code=status_code)


def is_htmx(request: Request[Any, Any, Any]) -> bool:
    """The request comes from htmx (Litestar's ``HTMXRequest.htmx`` details, or none)."""
    return bool(getattr(request, "htmx", None))


def safe_next(target: str | None, default: str = "/") -> str:
    """Only same-site relative paths are followed after login (no open redirects)."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target
