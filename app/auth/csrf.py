"""The CSRF token bound to the signed-in session.

Litestar's CSRF check is a double submit: the form's token must match the ``csrftoken``
cookie. A cookie can be planted by a neighbouring site (a sibling subdomain, a network
attacker on plain HTTP), so for a signed-in user the cookie must also be the token minted
at sign-in and kept in the server-side session. A mismatch is refused with 403, and the
refusal puts the session's token back in the browser, so reloading the page heals it.
"""

from __future__ import annotations

import hmac
from typing import Any

from litestar import Request
from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.enums import ScopeType
from litestar.exceptions import PermissionDeniedException
from litestar.middleware import ASGIMiddleware
from litestar.middleware.csrf import generate_csrf_token
from litestar.types import ASGIApp, Receive, Scope, Send

from app.auth import SESSION_USER_KEY
from app.i18n import gettext as _

SESSION_CSRF_KEY = "csrf"


def session_token_cookie(config: CSRFConfig, token: str, max_age: int) -> Cookie:
    """The cookie carrying the session's token, kept as long as the session."""
    return Cookie(
        key=config.cookie_name,
        value=token,
        path=config.cookie_path,
        secure=config.cookie_secure,
        httponly=config.cookie_httponly,
        samesite=config.cookie_samesite,
        domain=config.cookie_domain,
        max_age=max_age,
    )


def app_csrf_config(request: Request[Any, Any, Any]) -> CSRFConfig:
    config = request.app.csrf_config
    if config is None:  # pragma: no cover - create_app always configures it
        raise RuntimeError("the app has no CSRF configuration")
    return config


def new_session_token(config: CSRFConfig) -> str:
    """A fresh token for a new session: never one a visitor held before signing in."""
    return generate_csrf_token(secret=config.secret)


class SessionBoundCSRFMiddleware(ASGIMiddleware):
    """Refuses a state-changing request whose CSRF cookie is not its session's token."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, config: CSRFConfig, max_age: int) -> None:
        self.config = config
        self.max_age = max_age

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method", "GET") not in self.config.safe_methods:
            session = scope.get("session")
            bound = session.get(SESSION_CSRF_KEY) if isinstance(session, dict) else None
            if isinstance(session, dict) and session.get(SESSION_USER_KEY) and bound:
                cookie = ASGIConnection[Any, Any, Any, Any](scope).cookies.get(
                    self.config.cookie_name, ""
                )
                if not hmac.compare_digest(cookie.encode(), str(bound).encode()):
                    restore = session_token_cookie(self.config, str(bound), self.max_age)
                    raise PermissionDeniedException(
                        _("Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu coba lagi."),
                        headers={"set-cookie": restore.to_header(header="")},
                    )
        await next_app(scope, receive, send)
