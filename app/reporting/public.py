"""Public pages: the home page and the language switch."""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from app import i18n
from app.web import render, safe_next
from surveys.store.units import active_units


@get("/", name="home")
async def show_home(request: Request[Any, Any, Any]) -> Template:
    units = await active_units()
    return await render(request, "reporting/public_home.html", {"units": units})


@get("/lang/{language:str}", name="set_language")
async def set_language(language: FromPath[str], next: FromQuery[str] = "/") -> Redirect:
    if language not in i18n.LANGUAGES:
        raise NotFoundException()
    response = Redirect(safe_next(next))
    response.cookies.append(
        Cookie(key=i18n.LANGUAGE_COOKIE, value=language, max_age=365 * 86400, samesite="lax")
    )
    return response


@get("/healthz", name="health", include_in_schema=False)
async def health() -> dict[str, str]:
    return {"status": "ok"}


ROUTES = [show_home, set_language, health]
