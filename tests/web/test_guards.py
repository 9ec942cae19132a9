"""The role guards, on a small app of their own so each role's answer is explicit."""

import httpx
import pytest
from litestar import get

from app.auth import requires_admin, requires_facilitator, requires_manager
from app.main import create_app
from tests.factories import login


@get("/only-admin", guards=[requires_admin], sync_to_thread=False)
def only_admin() -> str:
    return "admin area"


@get("/only-manager", guards=[requires_manager], sync_to_thread=False)
def only_manager() -> str:
    return "manager area"


@get("/only-facilitator", guards=[requires_facilitator], sync_to_thread=False)
def only_facilitator() -> str:
    return "forum area"


@pytest.fixture
async def guarded_client(db):
    app = create_app()
    for handler in (only_admin, only_manager, only_facilitator):
        app.register(handler)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", ["/only-admin", "/only-manager", "/only-facilitator"])
async def test_anonymous_visitors_are_sent_to_log_in(guarded_client, path):
    response = await guarded_client.get(path)
    assert response.status_code in (302, 303)
    assert response.headers["location"] == f"/login?next={path}"


async def test_an_htmx_request_without_login_gets_a_client_redirect(guarded_client):
    response = await guarded_client.get("/only-manager", headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert response.headers["hx-redirect"] == "/login"


PATHS = ("/only-admin", "/only-manager", "/only-facilitator")


async def _reachable(client) -> set[str]:
    answers = {path: (await client.get(path)).status_code for path in PATHS}
    assert set(answers.values()) <= {200, 403}, answers
    return {path for path, status in answers.items() if status == 200}


async def test_an_admin_reaches_every_area(guarded_client, admin):
    await login(guarded_client, admin)
    assert await _reachable(guarded_client) == set(PATHS)


async def test_a_manager_reaches_the_manager_and_forum_areas(
    guarded_client, manager_of_disdukcapil
):
    await login(guarded_client, manager_of_disdukcapil)
    assert await _reachable(guarded_client) == {"/only-manager", "/only-facilitator"}


async def test_a_facilitator_reaches_only_the_forum_area(guarded_client, facilitator):
    await login(guarded_client, facilitator)
    assert await _reachable(guarded_client) == {"/only-facilitator"}


async def test_a_forbidden_page_says_so_in_indonesian(guarded_client, facilitator):
    await login(guarded_client, facilitator)
    response = await guarded_client.get("/only-admin")
    assert response.status_code == 403
    assert "Akses ditolak" in response.text
