"""The citizen survey's hot path: cached point lookups, pre-rendered pages, the device cookie.

Rendering the nine-element form through Jinja on every request was the bottleneck
(DESIGN.md): the page depends only on the service point and the language, plus a
per-request form token. So each (point, language) page is rendered and gzip-compressed
once, split at a placeholder, and a request only joins the halves around its token
(app/precompressed.py). The cache key
is the point's full state (a frozen dataclass), so any change to the point, its unit
name or its service types renders anew; point lookups themselves live a few seconds,
so an edit or a revoked QR code takes effect within ``POINT_TTL``.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

from cachetools import TTLCache
from litestar import Request

from app import i18n
from app.precompressed import (
    DEVICE_COOKIE,
    DEVICE_ID,
    SplitPage,
    device_cookie,
    html_response,
    redirect_response,
    rendered,
)
from surveys.citizen.survey_point import PointLookup, SurveyPoint, find_survey_point
from surveys.method.elements import ELEMENTS
from surveys.store.tables import EDUCATIONS, OCCUPATIONS

POINT_TTL = 5.0
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


render = rendered


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


__all__ = ["DEVICE_COOKIE", "DEVICE_ID", "device_cookie", "html_response", "redirect_response"]
