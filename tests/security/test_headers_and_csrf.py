"""Every response carries the security headers, errors and redirects included; HSTS when
cookies are secure; a signed-in user's CSRF token is the one their session was given."""

from __future__ import annotations

import dataclasses

import httpx
import pytest

from app.main import SECURITY_HEADERS, STRICT_TRANSPORT_SECURITY, create_app
from app.settings import Settings
from tests.factories import csrf_token, login


def _missing_headers(response) -> list[str]:
    return [name for name in SECURITY_HEADERS if name not in response.headers]


async def test_pages_errors_and_redirects_all_carry_the_security_headers(
    client, admin, disdukcapil
):
    anonymous = [
        await client.get("/"),  # a page
        await client.get("/tidak-ada"),  # 404, no route
        await client.get("/dashboard"),  # redirect to the login page
        await client.get("/api/v1/units/TIDAKADA/ikm"),  # JSON 404
        await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=x"),  # JSON 400
        await client.delete("/"),  # 405
        await client.post("/logout"),  # 403, no CSRF token
        await client.get("/static/css/app.css"),
        await client.get("/schema/openapi.json"),
        await client.get("/dashboard", headers={"HX-Request": "true"}),  # htmx 401
    ]
    await login(client, admin)
    token = await csrf_token(client)
    signed_in = [
        await client.post("/admin/units/99999", data={"_csrf_token": token}),  # 404 on POST
        await client.post("/admin/units", data={"_csrf_token": token}),  # 400, form again
    ]
    statuses = {response.status_code for response in anonymous + signed_in}
    assert {200, 302, 400, 401, 403, 404, 405} <= statuses
    assert [
        (r.request.method, r.request.url.path, r.status_code, _missing_headers(r))
        for r in anonymous + signed_in
        if _missing_headers(r)
    ] == []


async def test_hsts_is_sent_only_when_cookies_are_secure(db, monkeypatch):
    settings = dataclasses.replace(Settings.from_env(), secure_cookies=True)
    for app, expected in ((create_app(settings), STRICT_TRANSPORT_SECURITY), (create_app(), None)):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="https://testserver") as c:
            assert (await c.get("/tidak-ada")).headers.get("strict-transport-security") == expected


def _plant(client, token: str) -> None:
    client.cookies.delete("csrftoken")
    client.cookies.set("csrftoken", token)


@pytest.fixture
async def stranger_token(app):
    """A valid CSRF cookie token another visitor got from the site (any visitor can)."""
    transport = httpx.ASGITransport(app=app, client=("198.51.100.9", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        return await csrf_token(other)


async def test_a_planted_csrf_cookie_does_not_let_a_form_through_for_a_signed_in_admin(
    client, admin, stranger_token
):
    await login(client, admin)
    _plant(client, stranger_token)

    response = await client.post(
        "/admin/units", data={"_csrf_token": stranger_token, "code": "BARU", "name": "Baru"}
    )

    assert response.status_code == 403
    assert "Muat ulang halaman" in response.text


async def test_signing_in_replaces_the_csrf_token_held_before(client, admin):
    before = await csrf_token(client)
    await login(client, admin)

    assert client.cookies.get("csrftoken") not in (None, before)


async def test_after_a_refusal_the_reloaded_page_has_a_token_that_works(
    client, admin, stranger_token
):
    from surveys.store.tables import Unit

    await login(client, admin)
    _plant(client, stranger_token)
    refusal = await client.post("/admin/units", data={"_csrf_token": stranger_token})
    token = refusal.cookies["csrftoken"]  # the session's token, put back by the refusal
    _plant(client, token)
    response = await client.post(
        "/admin/units",
        data={"_csrf_token": token, "code": "BARU", "name": "Baru", "kind": "unit_layanan"}
        | {"minimum_responses": "30"},
    )

    assert response.status_code == 303
    assert await Unit.exists().where(Unit.code == "BARU")
