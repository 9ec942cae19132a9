"""Logging in and out: public pages, on a router that injects the settings."""

from __future__ import annotations

import asyncio
import unicodedata
from typing import Annotated, Any

from litestar import Request, Router, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromQuery
from litestar.response import Redirect, Template
from msgspec import Struct

from app.auth import SESSION_USER_KEY, SESSION_VERSION_KEY
from app.auth.csrf import (
    SESSION_CSRF_KEY,
    app_csrf_config,
    new_session_token,
    session_token_cookie,
)
from app.auth.sessions import ROTATE_KEY
from app.dependencies import PUBLIC, AppSettings
from app.i18n import gettext as _
from app.ratelimit import RateLimiter, StoreUnavailable, client_address, client_fingerprint
from app.web import render, safe_next
from surveys.store.accounts import account_by_id, authenticate

# BaseUser's username column: a longer name belongs to nobody and never becomes a key.
MAX_USERNAME = 100
# The longest wait of the slower path (seconds): a guess per address per few seconds.
MAX_LOGIN_DELAY = 5.0
# The page each role lands on after logging in (route names).
HOME_BY_ROLE = {
    "admin": "admin_home",
    "manager": "dashboard",
    "facilitator": "forum_home",
    "hr": "competency_home",
}


class LoginForm(Struct):
    username: str = ""
    password: str = ""
    next: str = ""


def login_name(typed: str) -> str:
    """The name a login counts against: " Admin", "admin" and "ａｄｍｉｎ" are one person."""
    return unicodedata.normalize("NFKC", typed).strip().casefold()


async def slow_down(excess: int) -> None:
    """The slower path for a name guessed at from many addresses: each check waits a little
    longer, up to ``MAX_LOGIN_DELAY`` seconds, instead of refusing the real user."""
    await asyncio.sleep(min(MAX_LOGIN_DELAY, 0.25 * excess))


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
    context = {"next": safe_next(data.next, ""), "username": data.username[:MAX_USERNAME]}
    if len(login_name(data.username)) > MAX_USERNAME:
        context["error"] = _("Nama pengguna atau kata sandi salah.")
        return await render(request, "auth/login.html", context, status_code=400)
    name = login_name(data.username)
    address = client_address(request)
    # Walls per address and per address + name: a stranger elsewhere cannot lock the real
    # user out. The name's count over every address only slows its checks down.
    keys = (
        "login-ip:" + client_fingerprint(settings.secret_key, address),
        "login-user:" + client_fingerprint(settings.secret_key, address, name),
    )
    everywhere = "login-name:" + name
    # Counted before the password is checked, atomically and all three at once: a burst of
    # guesses sent at once gets one count each, the same on every counter, so exactly the
    # limit reach the check. What stays counted is the failures; a success or a refusal
    # takes its counts back.
    try:
        *counts, across_addresses = await limiter.hit_all([*keys, everywhere])
    except StoreUnavailable:
        # Without the shared store no attempt can be counted nor any session kept.
        context["error"] = _(
            "Layanan masuk sedang tidak tersedia karena gangguan penyimpanan. "
            "Coba lagi beberapa menit lagi."
        )
        return await render(request, "auth/login.html", context, status_code=503)
    if any(count > limiter.limit for count in counts):
        # Refused unchecked: not an attempt on the password.
        await limiter.take_back_all([*keys, everywhere])
        context["error"] = _("Terlalu banyak percobaan masuk. Coba lagi beberapa menit lagi.")
        return await render(request, "auth/login.html", context, status_code=429)
    if across_addresses > limiter.limit:
        await slow_down(across_addresses - limiter.limit)
    user_id = await authenticate(data.username.strip(), data.password)
    account = await account_by_id(user_id) if user_id else None
    if account is None:
        context["error"] = _("Nama pengguna atau kata sandi salah.")
        return await render(request, "auth/login.html", context, status_code=400)
    await limiter.take_back_all([*keys, everywhere])  # only failures count against the limit
    # A fresh CSRF token, kept in the session: never the one held before signing in.
    csrf_config = app_csrf_config(request)
    token = new_session_token(csrf_config)
    request.set_session(
        {
            SESSION_USER_KEY: account.id,
            SESSION_VERSION_KEY: account.session_version,
            SESSION_CSRF_KEY: token,
            ROTATE_KEY: True,
        }
    )
    home = request.app.route_reverse(HOME_BY_ROLE[account.role])
    cookie = session_token_cookie(csrf_config, token, settings.session_max_age)
    return Redirect(safe_next(data.next, home), cookies=[cookie])


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
