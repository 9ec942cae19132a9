"""Small helpers shared by the route modules: rendering pages and their htmx partials."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlsplit

from litestar import Request
from litestar.params import PathParameter
from litestar.plugins.htmx import HTMXTemplate
from litestar.response import Template

from app.auth import current_account

# Row ids are 32-bit serials on PostgreSQL; a larger number cannot name a row (and would
# overflow the database driver), so it is refused with 400 before any query.
MAX_ID = 2**31 - 1
# A row id in a URL path.
RowId = Annotated[int, PathParameter(ge=1, le=MAX_ID)]


# An import's problems shown on its page; all of them go into a CSV kept for an hour.
MAX_SHOWN_ROW_ERRORS = 100
ROW_ERROR_REPORT_SECONDS = 3600


async def keep_row_errors(request: Request[Any, Any, Any], owner: int, rows: list[dict]) -> str:
    """Store every row problem as CSV for ``owner`` (an account id); the key to fetch it."""
    import secrets

    from surveys.store.spreadsheet import csv_lines

    key = secrets.token_urlsafe(16)
    text = csv_lines(
        [("row", "column", "message")] + [(r["row"], r["column"], r["message"]) for r in rows]
    )
    store = request.app.stores.get("row-errors")
    await store.set(f"{owner}:{key}", text.encode("utf-8-sig"), expires_in=ROW_ERROR_REPORT_SECONDS)
    return key


async def kept_row_errors(request: Request[Any, Any, Any], owner: int, key: str) -> bytes | None:
    """The CSV kept by ``keep_row_errors`` for this owner, while it lasts."""
    return await request.app.stores.get("row-errors").get(f"{owner}:{key}")


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
