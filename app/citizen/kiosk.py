"""A kiosk that keeps answers while offline: its web app manifest, its service worker,
its stock of form tokens, and the page that says an answer waits on the device.

Only a kiosk's pages link the manifest and load the worker (static/kiosk.js), so a
citizen's own phone scanning a counter's QR code downloads nothing more. The worker is
served beneath the kiosk's form (``/s/{token}/kiosk-sw.js``) and allowed the form's path
as its scope, so each kiosk's worker sees that one form and nothing else: no staff page,
no other point. How the offline answers stay single-use: docs/kiosk.md.
"""

from __future__ import annotations

import gzip
import json
from functools import cache
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from app.citizen import pages
from app.citizen.survey import closed_page
from app.i18n import gettext as _
from app.ratelimit import (
    address_allowed,
    client_address,
    client_fingerprint,
    local_counters,
    seconds_left,
)
from app.settings import PROJECT_ROOT, Settings
from surveys.citizen.offline import issue_stock
from surveys.citizen.survey_point import PointLookup, SurveyPoint

WORKER_FILE = PROJECT_ROOT / "static" / "kiosk-sw.js"
# The manifest and the worker change only with a release: browsers keep them a day (a
# worker is checked for updates on navigation whatever its cache time).
LONG_CACHE = "public, max-age=86400"
# The window of SUARA_KIOSK_STOCK_FETCHES: stocks per kiosk and network address per hour.
STOCK_WINDOW = 3600


@get("/{token:str}/kiosk.webmanifest", name="kiosk_manifest", include_in_schema=False)
async def show_kiosk_manifest(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    """The web app manifest that installs this kiosk's form as the app "Suara"."""
    point = await _kiosk(token)
    if point is None:
        return await _not_a_kiosk(request, token)
    form = request.app.route_reverse("survey_form", token=point.token)

    def icon(name: str, sizes: str, kind: str) -> dict[str, str]:
        src = request.app.route_reverse("static", file_path=name)
        return {"src": src, "sizes": sizes, "type": kind}

    manifest = {
        "name": "Suara",
        "short_name": "Suara",
        "description": _("Survei Kepuasan Masyarakat") + f": {point.unit_name} ({point.name})",
        "lang": pages.language(),
        "id": form,
        "start_url": f"{form}?lang={pages.language()}",
        "scope": form,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5cab",
        "icons": [
            icon("icon.svg", "any", "image/svg+xml"),
            icon("icon-192.png", "192x192", "image/png"),
            icon("icon-512.png", "512x512", "image/png"),
        ],
    }
    body = json.dumps(manifest, ensure_ascii=False).encode()
    headers = {"cache-control": LONG_CACHE}
    return Response(body, media_type="application/manifest+json", headers=headers)


@get("/{token:str}/kiosk-sw.js", name="kiosk_worker", include_in_schema=False)
async def show_kiosk_worker(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    """The service worker script, allowed the form's own path as its scope."""
    point = await _kiosk(token)
    if point is None:
        return await _not_a_kiosk(request, token)
    plain, compressed = _worker_script()
    form = request.app.route_reverse("survey_form", token=point.token)
    headers = {
        "cache-control": LONG_CACHE,
        "service-worker-allowed": form,
        "vary": "Accept-Encoding",
    }
    body = plain
    if "gzip" in request.headers.get("accept-encoding", ""):
        body, headers["content-encoding"] = compressed, "gzip"
    return Response(body, media_type="text/javascript; charset=utf-8", headers=headers)


@get("/{token:str}/kiosk-tokens", name="kiosk_tokens", include_in_schema=False)
async def issue_kiosk_tokens(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    """A stock of fresh form tokens, one for each form the kiosk may show offline.

    Public like the form itself, but a stock is a hundred forms at once: each kiosk may
    fetch a few an hour from one network address, counted across workers like the other
    limits; past them, 429 and when to come back, which the worker takes as "later".
    """
    point = await _kiosk(token)
    if point is None:
        return await _not_a_kiosk(request, token)
    settings: Settings = request.app.state.settings
    if not await _stock_allowed(request, settings, point):
        return _stock_refused()
    moment = pages.now()
    stock = issue_stock(settings.secret_key, point.id, moment)
    body = json.dumps({"issued_at": moment.isoformat(), "tokens": stock}).encode()
    return Response(body, media_type="application/json", headers={"cache-control": "no-store"})


async def _stock_allowed(
    request: Request[Any, Any, Any], settings: Settings, point: SurveyPoint
) -> bool:
    """Counts one stock fetched by this kiosk from this address (its salted hash)."""
    network = client_fingerprint(settings.secret_key, client_address(request))
    name = f"kiosk-stock:{point.id}:{network}"
    counters = local_counters(request.app.state)
    limit = settings.kiosk_stock_fetches
    return await address_allowed(name, limit, request.app.stores, counters, STOCK_WINDOW)


def _stock_refused() -> Response[bytes]:
    message = _(
        "Anjungan ini sudah terlalu sering meminta persediaan formulir. Formulir yang ada "
        "tetap dapat dipakai; persediaan baru dapat diminta lagi nanti."
    )
    body = json.dumps({"error": message}, ensure_ascii=False).encode()
    headers = {"cache-control": "no-store", "retry-after": str(seconds_left(STOCK_WINDOW))}
    return Response(body, status_code=429, media_type="application/json", headers=headers)


@get("/{token:str}/tersimpan", name="kiosk_saved", include_in_schema=False)
async def show_kiosk_saved(
    request: Request[Any, Any, Any], token: FromPath[str]
) -> Response[bytes]:
    """What the worker shows when an answer waits on the device (it keeps a copy of this
    page per language and shows it offline), and when it has no forms left to show."""
    point = await _kiosk(token)
    if point is None:
        return await _not_a_kiosk(request, token)
    settings: Settings = request.app.state.settings
    page = pages.cached(request, "citizen/saved_offline.html", point)
    return pages.html_response(request, settings, page)


async def _kiosk(token: str) -> SurveyPoint | None:
    found = await pages.lookup_point(token)
    return found.point if found.point is not None and found.point.kind == "kiosk" else None


async def _not_a_kiosk(request: Request[Any, Any, Any], token: str) -> Response[bytes]:
    """Not found (or gone, for a revoked kiosk): a counter's pages have no manifest,
    worker or stock."""
    settings: Settings = request.app.state.settings
    found = await pages.lookup_point(token)
    return closed_page(request, settings, PointLookup("unknown") if found.point else found)


@cache
def _worker_script() -> tuple[bytes, bytes]:
    """The worker's text and its gzip, read once per process."""
    plain = WORKER_FILE.read_bytes()
    return plain, gzip.compress(plain, mtime=0)


ROUTES = [show_kiosk_manifest, show_kiosk_worker, issue_kiosk_tokens, show_kiosk_saved]
