"""The Litestar application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from http import HTTPStatus
from typing import Any

from litestar import Litestar, Request, Response
from litestar.config.compression import CompressionConfig
from litestar.config.csrf import CSRFConfig
from litestar.datastructures import MutableScopeHeaders
from litestar.exceptions import (
    HTTPException,
    NotAuthorizedException,
)
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.response import Redirect, Template
from litestar.static_files import create_static_files_router
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry
from litestar.types import Message, Scope
from redis.exceptions import RedisError

from app import (
    citizen,
    competency,
    evaluation,
    forum,
    i18n,
    organisation,
    reporting,
    training,
    uploads,
)
from app.auth import routes as auth_routes
from app.auth.csrf import SessionBoundCSRFMiddleware
from app.auth.sessions import LeanSessionConfig
from app.edge import CleanInputMiddleware
from app.filestore import SweptFileStore, sweep_periodically
from app.i18n import gettext as _
from app.ratelimit import StoreUnavailable
from app.settings import PROJECT_ROOT, Settings
from app.templating import template_config
from app.web import is_htmx
from surveys.store.db import prepare_engine, release_engine

logger = logging.getLogger("suara")

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; worker-src 'self'; manifest-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; object-src 'none'"
)
SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"
# Litestar's default body limit (413 beyond), which the input cleaning keeps too.
MAX_BODY_SIZE = 10_000_000
# The citizen survey posts carry their own signed single-use token; the API is read-only.
CSRF_EXEMPT = [r"^/s/", r"^/api/"]


def _stores(settings: Settings) -> StoreRegistry:
    if settings.redis_url:
        from redis.asyncio import Redis

        # Short timeouts: an unreachable Redis is noticed in a second, not a request's life.
        client = Redis.from_url(settings.redis_url, socket_connect_timeout=1.0, socket_timeout=1.0)
        root = RedisStore(client, namespace="suara", handle_client_shutdown=True)
        return StoreRegistry(default_factory=root.with_namespace)
    base = settings.var_dir / "store"

    def file_store(name: str) -> SweptFileStore:
        (base / name).mkdir(parents=True, exist_ok=True)
        return SweptFileStore(base / name, create_directories=True)

    # Files, not memory: several worker processes on one machine share them.
    return StoreRegistry(default_factory=file_store)


def _wants_html(request: Request[Any, Any, Any]) -> bool:
    return not request.url.path.startswith(("/api/", "/schema"))


def _error_page(request: Request[Any, Any, Any], exc: Exception) -> Response[Any]:
    if isinstance(exc, NotAuthorizedException) and _wants_html(request):
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        login = request.app.route_reverse("login")
        if is_htmx(request):
            # 401, not ClientRedirect's 200: a script polling a fragment sees the refusal.
            return Response(content="", status_code=401, headers={"HX-Redirect": login})
        return Redirect(f"{login}?next={target}")
    if isinstance(exc, RedisError | StoreUnavailable):
        # Sessions live in Redis: a signed-in page cannot be served without it, but it is an
        # outage to wait out, not a bug (the survey itself keeps working).
        logger.warning("Redis unreachable on %s %s: %s", request.method, request.url.path, exc)
        exc = HTTPException(
            status_code=503,
            detail=_("Layanan sedang terganggu sebentar. Coba lagi beberapa menit lagi."),
        )
    status = exc.status_code if isinstance(exc, HTTPException) else 500
    if status >= 500 and status != 503:
        logger.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    detail = (
        exc.detail
        if isinstance(exc, HTTPException) and (status < 500 or status == 503)
        else "Internal Server Error"
    )
    if not _wants_html(request):
        return Response(content={"status_code": status, "detail": detail}, status_code=status)
    # An unmatched route never ran before_request: choose the language here too.
    _set_language(request)
    return Template(
        template_name="error.html",
        context={
            "status": status,
            "detail": _shown_detail(status, detail),
            # Whoever a guard or handler already recognised keeps their menu: a wrong
            # address is not a sign-out.
            "account": request.state.get("account"),
            "request_path": request.url.path,
        },
        status_code=status,
        headers=exc.headers if isinstance(exc, HTTPException) else None,
    )


def _shown_detail(status: int, detail: str) -> str:
    """The message the error page shows: a refusal's own words, never Litestar's English."""
    if status == 403 and detail == "CSRF token verification failed":
        return _("Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu coba lagi.")
    if status == 400 and detail.startswith("Validation failed for "):  # a path or query value
        return _(
            "Alamat atau isian ini memuat nilai yang tidak sah, misalnya nomor yang terlalu "
            "besar. Periksa tautannya, atau buka halaman itu lagi dari menu."
        )
    if status in (400, 403, 503) and detail != HTTPStatus(status).phrase:
        return detail
    return ""


def _set_language(request: Request[Any, Any, Any]) -> None:
    i18n.current_language.set(
        i18n.choose_language(
            request.query_params.get("lang"),
            request.cookies.get(i18n.LANGUAGE_COOKIE),
            request.headers.get("accept-language"),
        )
    )


async def _before_request(request: Request[Any, Any, Any]) -> None:
    _set_language(request)


def security_headers(settings: Settings) -> Any:
    """A before-send hook: the headers on every response, errors and redirects included."""
    wanted = dict(SECURITY_HEADERS)
    if settings.secure_cookies:  # served over HTTPS only: browsers must never fall back
        wanted["strict-transport-security"] = STRICT_TRANSPORT_SECURITY

    async def add_security_headers(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.start":
            headers = MutableScopeHeaders.from_message(message)
            for name, value in wanted.items():
                if name not in headers:
                    headers[name] = value

    return add_security_headers


def create_app(settings: Settings | None = None) -> Litestar:
    settings = settings or Settings.from_env()
    engine = _engine()

    @asynccontextmanager
    async def lifespan(_: Litestar) -> AsyncIterator[None]:
        await prepare_engine(engine)
        # Without Redis the stores are files: their expired entries are swept away.
        sweeper = None
        if not settings.redis_url:
            sweeper = asyncio.create_task(sweep_periodically(settings.var_dir / "store"))
        try:
            yield
        finally:
            if sweeper is not None:
                sweeper.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await sweeper
            # Queued answers are written while the database is still open (on_shutdown
            # hooks would run after this closes the PostgreSQL pool).
            await citizen.survey.submission_writer.close()
            await release_engine(engine)

    csrf = CSRFConfig(
        secret=settings.secret_key,
        cookie_secure=settings.secure_cookies,
        cookie_samesite="lax",
        exclude=CSRF_EXEMPT,
    )
    session = LeanSessionConfig(
        key="suara_session",
        max_age=settings.session_max_age,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
        # The public API stays session-free, except where a signed-in account sees more (a
        # unit's IKM), and the training and competency APIs, which need the login.
        exclude=[
            r"^/static/",
            r"^/s/",
            r"^/api/(?!v1/(?:analysis|competency)/|v1/units/[^/]+/ikm)",
            r"^/schema",
        ],
    )
    app = Litestar(
        route_handlers=[
            *auth_routes.ROUTES,
            *citizen.ROUTES,
            *forum.ROUTES,
            *reporting.ROUTES,
            *training.ROUTES,
            *competency.ROUTES,
            *evaluation.ROUTES,
            *organisation.ROUTES,
            *uploads.ROUTES,
            *_bench_routes(),
            create_static_files_router(path="/static", directories=[PROJECT_ROOT / "static"]),
        ],
        lifespan=[lifespan],
        # The citizen form page must stay small on slow connections (gzip level 6 is as
        # small as 9 for these pages and cheaper).
        # Citizen pages (/s/) arrive compressed once and cached (app/precompressed.py).
        compression_config=CompressionConfig(
            backend="gzip", gzip_compress_level=6, exclude=r"^/s/"
        ),
        middleware=[
            CleanInputMiddleware(max_body_size=MAX_BODY_SIZE),
            session.middleware,
            SessionBoundCSRFMiddleware(csrf, settings.session_max_age),
        ],
        stores=_stores(settings),
        csrf_config=csrf,
        template_config=template_config(),
        plugins=[HTMXPlugin()],
        before_request=_before_request,
        before_send=[security_headers(settings)],
        exception_handlers={Exception: _error_page},
        openapi_config=OpenAPIConfig(
            title="Suara API",
            version="1",
            path="/schema",
            # JSON only: a rendered UI would load scripts from a CDN, which the CSP forbids.
            render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"])],
        ),
        debug=settings.debug,
    )
    app.state.settings = settings
    return app


def _bench_routes() -> list[Any]:
    """A bare endpoint for benchmarks (tests/perf), only when SUARA_BENCH_BARE=1."""
    import os

    if os.environ.get("SUARA_BENCH_BARE") != "1":
        return []
    from litestar import get

    @get("/bench/bare", include_in_schema=False, sync_to_thread=False)
    def bare() -> str:
        return "ok"

    return [bare]


def _engine():
    from piccolo.engine import engine_finder

    engine = engine_finder()
    if engine is None:
        raise RuntimeError("piccolo_conf.py defines no engine")
    return engine
