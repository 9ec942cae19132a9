"""Logging in and out: public pages, on a router that injects the settings."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template
from msgspec import Struct

from app.auth import SESSION_USER_KEY
from app.auth.sessions import ROTATE_KEY
from app.dependencies import PUBLIC, AppSettings
from app.i18n import gettext as _
from app.ratelimit import RateLimiter, client_address, client_fingerprint
from app.web import render, safe_next
from surveys.store.accounts import account_by_id, authenticate

# The page each role lands on after logging in (route names).
HOME_BY_ROLE = {
    "admin": "admin_home",
    "manager": "dashboard",
    "facilitator": "forum_home",
    "hr": "training_analysis",
}


class LoginForm(Struct):
    username: str = ""
    password: str = ""
    next: str = ""


def login_name(typed: str) -> str:
    """The name a login counts against: " Admin", "admin" and "ａｄｍｉｎ" are one person."""
    return unicodedata.normalize("NFKC", typed).strip().casefold()


@get("/login", name="login")
async def show_login(request: Request[Any, Any, Any], next: FromQuery[str] = "") -> Template:
    return await render(request, "auth/login.html", {"next": safe_next(next, "")})


@post("/login", name="login_submit")
async def log_in(
    request: Request[Any, Any, Any],
    data: Annotated[LoginForm, Body(media_type=RequestEncodingType.URL_ENCODED)],
    settings: AppSettings,
) -> Template | Redirect:
    limiter = RateLimiter(
        request.app.stores.get("ratelimit"), settings.login_attempts, settings.login_window
    )
    keys = (
        "login-ip:" + client_fingerprint(settings.secret_key, client_address(request)),
        "login-user:" + login_name(data.username),
    )
    context = {"next": safe_next(data.next, ""), "username": data.username}
    # Counted before the password is checked, atomically: a burst of guesses sent at once
    # gets one count each, so never more than the limit reach the check. What stays counted
    # is the failures; a success or a refusal takes its count back.
    counts = [await limiter.hit(key) for key in keys]
    if any(count > limiter.limit for count in counts):
        for key in keys:  # refused unchecked: it is not an attempt on the password
            await limiter.take_back(key)
        context["error"] = _("Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.")
        return await render(request, "auth/login.html", context, status_code=429)
    user_id = await authenticate(data.username.strip(), data.password)
    account = await account_by_id(user_id) if user_id else None
    if account is None:
        context["error"] = _("Nama pengguna atau kata sandi salah.")
        return await render(request, "auth/login.html", context, status_code=400)
    for key in keys:  # only failures count against the limit
        await limiter.take_back(key)
    request.set_session({SESSION_USER_KEY: account.id, ROTATE_KEY: True})
    home = request.app.route_reverse(HOME_BY_ROLE[account.role])
    return Redirect(safe_next(data.next, home))


@post("/logout", name="logout")
async def log_out(request: Request[Any, Any, Any]) -> Redirect:
    request.clear_session()
    return Redirect(request.app.route_reverse("home"))


@get("/logout", name="logout_page")
async def show_logout(request: Request[Any, Any, Any]) -> Template:
    """Logging out changes state, so it is a POST; this page holds that form."""
    return await render(request, "auth/logout.html")


ROUTES = [
    Router(path="/", dependencies=PUBLIC, route_handlers=[show_login, log_in, log_out, show_logout])
]
