"""The citizen survey's hot path: cached point lookups, pre-rendered pages, device ids.

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
import time
from collections import OrderedDict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from litestar import Request, Response
from litestar.enums import MediaType

from app import i18n
from app.citizen.precompressed import SplitPage
from app.ratelimit import RateLimiter, client_address, client_fingerprint
from surveys.citizen.submissions import PointLookup, SurveyPoint, find_survey_point
from surveys.method.elements import ELEMENTS
from surveys.store.tables import EDUCATIONS, OCCUPATIONS

POINT_TTL = 5.0
DEVICE_COOKIE = "suara_device"
DEVICE_COOKIE_AGE = 400 * 86400  # the longest browsers keep a cookie
_DEVICE_ID = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
_TOKEN_SLOT = "\x00form-token\x00"
ADDRESS_WINDOW = 3600


def now() -> datetime:
    """The current time (tests replace this to pin the clock)."""
    return datetime.now(UTC)


class TTLCache:
    """A small in-process cache whose entries expire; the oldest go first when full."""

    def __init__(self, ttl: float, size: int = 4096) -> None:
        self.ttl = ttl
        self.size = size
        self._items: OrderedDict[Any, tuple[float, Any]] = OrderedDict()

    def get(self, key: Any, default: Any = None) -> Any:
        entry = self._items.get(key)
        if entry is None or entry[0] < time.monotonic():
            return default
        return entry[1]

    def set(self, key: Any, value: Any) -> None:
        self._items[key] = (time.monotonic() + self.ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def clear(self) -> None:
        self._items.clear()


_points = TTLCache(POINT_TTL)
_pages = TTLCache(ttl=3600.0, size=2048)


_lookups: dict[str, asyncio.Future[PointLookup]] = {}


async def lookup_point(token: str) -> PointLookup:
    """The point behind a token, from the cache; one query per token however many ask."""
    if len(token) > 64:
        return PointLookup("unknown")
    found = _points.get(token)
    if found is not None:
        return found
    pending = _lookups.get(token)
    if pending is not None and pending.get_loop() is asyncio.get_running_loop():
        return await asyncio.shield(pending)
    future = asyncio.get_running_loop().create_future()
    _lookups[token] = future
    try:
        found = await find_survey_point(token)
    except BaseException as error:
        future.set_exception(error)
        future.exception()  # retrieved here, so an unawaited failure is not logged twice
        raise
    finally:
        _lookups.pop(token, None)
    _points.set(token, found)
    future.set_result(found)
    return found


def clear_caches() -> None:
    """Forget cached points and pages (tests that edit a point in place)."""
    _points.clear()
    _pages.clear()


# --- rendering -----------------------------------------------------------------------------


def language() -> str:
    return i18n.current_language.get()


def page_context(point: SurveyPoint, **extra: Any) -> dict[str, Any]:
    lang = language()
    return {
        "point": point,
        "lang": lang,
        "action": f"/s/{point.token}?lang={lang}",
        "elements": ELEMENTS,
        "educations": EDUCATIONS,
        "occupations": OCCUPATIONS,
        "values": {},
        "errors": {},
        **extra,
    }


def render(request: Request[Any, Any, Any], template: str, context: dict[str, Any]) -> str:
    environment = request.app.template_engine.engine  # type: ignore[union-attr]
    return environment.get_template(template).render(context)


def cached(request: Request[Any, Any, Any], template: str, point: SurveyPoint) -> SplitPage:
    """A page that depends only on the point and the language, rendered and compressed once."""
    key = (template, point, language())
    page = _pages.get(key)
    if page is None:
        page = SplitPage.from_html(render(request, template, page_context(point)))
        _pages.set(key, page)
    return page


def blank_form(request: Request[Any, Any, Any], point: SurveyPoint) -> SplitPage:
    """The empty form, split where each request puts its own token."""
    key = ("citizen/form.html", point, language())
    page = _pages.get(key)
    if page is None:
        html = render(request, "citizen/form.html", page_context(point, token=_TOKEN_SLOT))
        page = SplitPage.from_html(html, _TOKEN_SLOT)
        _pages.set(key, page)
    return page


def html_response(
    request: Request[Any, Any, Any],
    page: SplitPage | str,
    middle: str = "",
    status_code: int = 200,
) -> Response[bytes]:
    """An uncached HTML response, gzip-compressed here when the client accepts it.

    The app's compression middleware skips /s/: these pages come compressed already.
    """
    if isinstance(page, str):
        page = SplitPage.from_html(page)
    headers = {"cache-control": "no-store", "vary": "Accept-Encoding"}
    if "gzip" in request.headers.get("accept-encoding", ""):
        body = page.gzip(middle)
        headers["content-encoding"] = "gzip"
    else:
        body = page.plain(middle)
    response = Response(
        content=body, media_type=MediaType.HTML, status_code=status_code, headers=headers
    )
    if not _DEVICE_ID.match(request.cookies.get(DEVICE_COOKIE, "")):
        secure = request.app.state.settings.secure_cookies
        response.headers["set-cookie"] = device_cookie(secrets.token_urlsafe(16), secure)
    return response


def device_cookie(device: str, secure: bool) -> str:
    """The Set-Cookie value naming a new device, written out: Litestar's Cookie goes
    through http.cookies and dataclass copies, a tenth of a form request's time."""
    return (
        f"{DEVICE_COOKIE}={device}; HttpOnly; Max-Age={DEVICE_COOKIE_AGE}; Path=/s/;"
        f" SameSite=Lax{'; Secure' if secure else ''}"
    )


# --- devices and addresses ------------------------------------------------------------------


def device_hash(request: Request[Any, Any, Any]) -> str:
    """A salted hash naming the device: its long-lived cookie, else address and browser.

    Only this hash is stored, never the address. The cookie is preferred because many
    phones share one address (office Wi-Fi, carrier NAT).
    """
    secret = request.app.state.settings.secret_key
    device = request.cookies.get(DEVICE_COOKIE, "")
    if _DEVICE_ID.match(device):
        return client_fingerprint(secret, "device", device)
    agent = request.headers.get("user-agent", "")
    return client_fingerprint(secret, "network", client_address(request), agent)


class LocalLimiter:
    """Fixed-window counters in this process: no store round trip on the hot path.

    With several workers each counts on its own, so the effective limit is at most
    workers × limit; with REDIS_URL set the shared store is used instead.
    """

    def __init__(self, limit: int, window_seconds: int, clock: Callable[[], float] = time.time):
        self.limit = limit
        self.window = window_seconds
        self.clock = clock
        self._counts: dict[str, int] = {}
        self._current = -1

    async def hit(self, name: str) -> int:
        window = int(self.clock()) // self.window
        if window != self._current:
            self._counts.clear()
            self._current = window
        self._counts[name] = self._counts.get(name, 0) + 1
        return self._counts[name]


_local_limiters: dict[tuple[int, int], LocalLimiter] = {}


async def address_allowed(request: Request[Any, Any, Any]) -> bool:
    """Counts one submission from the client's address; False once over the hourly limit."""
    settings = request.app.state.settings
    limit = settings.survey_address_limit
    if not limit:
        return True
    name = "survey-ip:" + client_fingerprint(settings.secret_key, client_address(request))
    limiter: RateLimiter | LocalLimiter
    if settings.redis_url:
        limiter = RateLimiter(request.app.stores.get("ratelimit"), limit, ADDRESS_WINDOW)
    else:
        limiter = _local_limiters.setdefault(
            (limit, ADDRESS_WINDOW), LocalLimiter(limit, ADDRESS_WINDOW)
        )
    return await limiter.hit(name) <= limit
