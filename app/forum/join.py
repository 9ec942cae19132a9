"""Joining a forum's survey by typing its short code: /f (a form) and /f/{code} (a link).

A villager without a QR scanner types the six digits the projector shows, or the short
link itself; both lead to the open session's survey. No login: the code only leads to a
form anyone at the meeting may fill in, and the form keeps its own single-use rules.

Six digits can be tried one by one, so wrong codes are counted per network address (its
salted hash, never the address) in the shared limiter: past the limit, no code is looked
up until the quarter hour is over. A code that leads somewhere is not held against anyone.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app.dependencies import AppSettings
from app.forms import see_other
from app.i18n import current_language
from app.i18n import gettext as _
from app.ratelimit import (
    address_allowed,
    address_forgiven,
    client_address,
    client_fingerprint,
    local_counters,
)
from app.settings import Settings
from app.web import render
from surveys.forum.sessions import SHORT_CODE_DIGITS, session_by_short_code, typed_short_code

# The window of SUARA_FORUM_CODE_ATTEMPTS: wrong codes per address per quarter hour.
CODE_WINDOW = 15 * 60


@get("/", name="forum_join")
async def show_join(
    request: Request[Any, Any, Any], settings: AppSettings, kode: FromQuery[str] = ""
) -> Template | Redirect:
    """The typed-entry form; with ``kode`` filled in, where that code leads."""
    if not kode.strip():
        return await _page(request, "")
    return await _follow(request, settings, kode)


@get("/{code:str}", name="forum_join_code")
async def follow_short_link(
    request: Request[Any, Any, Any], settings: AppSettings, code: FromPath[str]
) -> Template | Redirect:
    return await _follow(request, settings, code)


async def _follow(
    request: Request[Any, Any, Any], settings: Settings, typed: str
) -> Template | Redirect:
    code = typed_short_code(typed)
    if code is None:
        message = _("Kode terdiri dari %(n)s angka, misalnya 123 456.", n=SHORT_CODE_DIGITS)
        return await _page(request, typed, message, status_code=400)
    # Counted before the lookup, atomically across workers: a burst of guesses sent at once
    # gets one count each, so never more than the limit are looked up.
    guesses = _guess_counter(request, settings)
    if not await address_allowed(*guesses):
        message = _(
            "Terlalu banyak kode yang dicoba dari jaringan ini. Tunggu 15 menit lalu coba "
            "lagi, atau pindai kode QR di layar."
        )
        return await _page(request, typed, message, status_code=429)
    found = await session_by_short_code(code)
    if found.token is not None:
        await address_forgiven(*guesses)
        return see_other(request.app.route_reverse("survey_form", token=found.token))
    if found.status == "closed":
        message = _("Pertemuan dengan kode %(code)s sudah selesai. Terima kasih.", code=code)
    else:
        message = _(
            "Tidak ada pertemuan yang sedang berlangsung dengan kode %(code)s. Periksa "
            "kembali angkanya di layar atau tanyakan kepada fasilitator.",
            code=code,
        )
    return await _page(request, typed, message, status_code=404)


def _guess_counter(request: Request[Any, Any, Any], settings: Settings) -> tuple:
    """The arguments of ``address_allowed`` for this address's code guesses."""
    network = client_fingerprint(settings.secret_key, client_address(request))
    stores, counters = request.app.stores, local_counters(request.app.state)
    return "forum-code-ip:" + network, settings.forum_code_attempts, stores, counters, CODE_WINDOW


async def _page(
    request: Request[Any, Any, Any], typed: str, error: str = "", *, status_code: int = 200
) -> Template:
    context = {"typed": typed[:40], "error": error, "lang": current_language.get(), "point": None}
    return await render(request, "forum/join.html", context, status_code=status_code)


ROUTES = [show_join, follow_short_link]
