"""The citizen survey's hot path: cached point lookups, pre-rendered pages, the device cookie.

Rendering the nine-element form through Jinja on every request was the bottleneck
(DESIGN.md): the page depends only on the service point and the language, plus a
per-request form token. So each (point, language) page is rendered and gzip-compressed
once, split at a placeholder, and a request only joins the halves around its token
(app/citizen/precompressed.py). The cache key
is the point's full state (a frozen dataclass), so any change to the point, its unit
name or its service types renders anew; point lookups themselves live a few seconds,
so an edit or a revoked QR code takes effect within ``POINT_TTL``.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from datetime import UTC, datetime
from typing import Any

from cachetools import TTLCache
from litestar import Request, Response
from litestar.enums import MediaType

from app import i18n
from app.citizen.precompressed import SplitPage
from app.settings import Settings
from surveys.citizen.survey_point import PointLookup, SurveyPoint, find_survey_point
from surveys.method.elements import ELEMENTS
from surveys.store.tables import EDUCATIONS, OCCUPATIONS

POINT_TTL = 5.0
DEVICE_COOKIE = "suara_device"
DEVICE_COOKIE_AGE = 400 * 86400  # the longest browsers keep a cookie
DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_TOKEN_SLOT = "\x00form-token\x00"


def now() -> datetime:
    """The current time (tests replace this to pin the clock)."""
    return datetime.now(UTC)


_points: TTLCache[str, PointLookup] = TTLCache(maxsize=4096, ttl=POINT_TTL)
_pages: TTLCache[tuple[str, SurveyPoint, str], SplitPage] = TTLCache(maxsize=2048, ttl=3600.0)
_lookups: dict[str, asyncio.Task[PointLookup]] = {}


async def lookup_point(token: str) -> PointLookup:
    """The point behind a token, from the cache; one query per token however many ask.

    The query runs as a task of its own: a phone that drops its connection cancels only its
    own wait, never the lookup the other requests for the same token are waiting on.
    """
    if len(token) > 64:
        return PointLookup("unknown")
    found = _points.get(token)
    if found is not None:
        return found
    pending = _lookups.get(token)
    if pending is None or pending.get_loop() is not asyncio.get_running_loop():
        pending = asyncio.get_running_loop().create_task(_load_point(token))
        _lookups[token] = pending
        pending.add_done_callback(lambda task: _forget_lookup(token, task))
    return await asyncio.shield(pending)


async def _load_point(token: str) -> PointLookup:
    found = await find_survey_point(token)
    _points[token] = found
    return found


def _forget_lookup(token: str, task: asyncio.Task[PointLookup]) -> None:
    if _lookups.get(token) is task:  # not a newer lookup (another event loop, in tests)
        del _lookups[token]
    if not task.cancelled():
        task.exception()  # retrieved: a failure nobody awaited any more is not logged


def clear_caches() -> None:
    """Forget cached points and pages (tests that edit a point in place)."""
    _points.clear()
    _pages.clear()


# --- rendering -----------------------------------------------------------------------------


def language() -> str:
    return i18n.current_language.get()


def page_context(point: SurveyPoint | None, **extra: Any) -> dict[str, Any]:
    return {
        "point": point,
        "lang": language(),
        "elements": ELEMENTS,
        "educations": EDUCATIONS,
        "occupations": OCCUPATIONS,
        "values": {},
        "errors": {},
        **extra,
    }


def render(request: Request[Any, Any, Any], template: str, context: dict[str, Any]) -> str:
    """The page as text; ``url_for`` in it finds the app's routes through the request."""
    environment = request.app.template_engine.engine  # type: ignore[union-attr]
    idle = request.app.state.settings.kiosk_idle_seconds  # the kiosk form clears itself
    return environment.get_template(template).render(
        {"kiosk_idle_seconds": idle, **context, "request": request}
    )


def cached(request: Request[Any, Any, Any], template: str, point: SurveyPoint) -> SplitPage:
    """A page that depends only on the point and the language, rendered and compressed once."""
    key = (template, point, language())
    page = _pages.get(key)
    if page is None:
        page = _pages[key] = SplitPage.from_html(render(request, template, page_context(point)))
    return page


def blank_form(request: Request[Any, Any, Any], point: SurveyPoint) -> SplitPage:
    """The empty form, split where each request puts its own token."""
    key = ("citizen/form.html", point, language())
    page = _pages.get(key)
    if page is None:
        html = render(request, "citizen/form.html", page_context(point, token=_TOKEN_SLOT))
        page = _pages[key] = SplitPage.from_html(html, _TOKEN_SLOT)
    return page


def html_response(
    request: Request[Any, Any, Any],
    settings: Settings,
    page: SplitPage | str,
    middle: str = "",
    status_code: int = 200,
) -> Response[bytes]:
    """An uncached HTML response, gzip-compressed here when the client accepts it.

    The app's compression middleware skips /s/: these pages come compressed already.
    A browser without a device cookie gets one (see ``app.citizen.service.Sender``).
    """
    if isinstance(page, str):
        page = SplitPage.from_html(page)
    headers = {"cache-control": "no-store", "vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = page.gzip(middle)
        headers["content-encoding"] = "gzip"
    else:
        body = page.plain(middle)
    if not DEVICE_ID.match(request.cookies.get(DEVICE_COOKIE, "")):
        headers["set-cookie"] = device_cookie(secrets.token_urlsafe(16), settings.secure_cookies)
    return Response(
        content=body, media_type=MediaType.HTML, status_code=status_code, headers=headers
    )


def redirect_response(
    request: Request[Any, Any, Any], settings: Settings, target: str
) -> Response[bytes]:
    """A 303 to ``target`` after a submission, giving a device cookie as pages do."""
    headers = {"cache-control": "no-store", "location": target}
    if not DEVICE_ID.match(request.cookies.get(DEVICE_COOKIE, "")):
        headers["set-cookie"] = device_cookie(secrets.token_urlsafe(16), settings.secure_cookies)
    return Response(content=b"", status_code=303, headers=headers)


def device_cookie(device: str, secure: bool) -> str:
    """The Set-Cookie value naming a new device, written out: Litestar's Cookie goes
    through http.cookies and dataclass copies, a tenth of a form request's time."""
    return (
        f"{DEVICE_COOKIE}={device}; HttpOnly; Max-Age={DEVICE_COOKIE_AGE}; Path=/s/;"
        f" SameSite=Lax{'; Secure' if secure else ''}"
    )
