"""Every administration URL refuses anyone who is not an administrator, including htmx requests."""

import re

from tests.factories import csrf_token, login


def _admin_endpoints(app) -> list[tuple[str, str]]:
    endpoints = []
    for route in app.routes:
        if not route.path.startswith("/admin"):
            continue
        path = re.sub(r"\{[^}:]+:int\}", "1", route.path)
        path = re.sub(r"\{[^}]+\}", "x", path)
        for method in sorted(getattr(route, "methods", ())):
            if method in ("GET", "POST"):
                endpoints.append((method, path))
    return endpoints


async def _request(client, method: str, path: str, **headers):
    if method == "GET":
        return await client.get(path, headers=headers)
    token = await csrf_token(client)
    return await client.post(path, data={"_csrf_token": token}, headers=headers)


async def test_there_are_admin_endpoints_to_check(app):
    endpoints = _admin_endpoints(app)
    assert ("GET", "/admin") in endpoints
    assert len(endpoints) > 10


async def test_anonymous_visitors_are_sent_to_log_in(app, client):
    for method, path in _admin_endpoints(app):
        response = await _request(client, method, path)
        assert response.status_code in (302, 303), (method, path, response.status_code)
        assert response.headers["location"].startswith("/login"), (method, path)
        htmx = await _request(client, method, path, **{"HX-Request": "true"})
        assert htmx.status_code == 401, (method, path)
        assert htmx.headers["hx-redirect"] == "/login"


async def _assert_refused(app, client, user) -> None:
    await login(client, user)
    for method, path in _admin_endpoints(app):
        response = await _request(client, method, path)
        assert response.status_code == 403, (method, path, response.status_code)
        htmx = await _request(client, method, path, **{"HX-Request": "true"})
        assert htmx.status_code == 403, (method, path)


async def test_managers_are_refused_everywhere(app, client, manager_of_disdukcapil):
    await _assert_refused(app, client, manager_of_disdukcapil)


async def test_facilitators_are_refused_everywhere(app, client, facilitator):
    await _assert_refused(app, client, facilitator)


async def test_an_administrator_is_let_in(client, admin):
    await login(client, admin)
    assert (await client.get("/admin")).status_code == 200


async def test_out_of_range_ids_are_refused_without_a_server_error(app, client, admin):
    await login(client, admin)
    huge = "99999999999999999999999"
    for method, path in _admin_endpoints(app):
        if "/1" not in path:
            continue
        response = await _request(client, method, path.replace("/1", f"/{huge}", 1))
        assert response.status_code in (400, 404), (method, path, response.status_code)
    token = await csrf_token(client)
    form = {"unit": huge, "name": "x", "kind": "counter", "_csrf_token": token}
    assert (await client.post("/admin/points", data=form)).status_code == 400
    assert (await client.get(f"/admin/officers?unit={huge}")).status_code == 200
    assert (await client.get(f"/admin/points?unit={huge}")).status_code == 200
