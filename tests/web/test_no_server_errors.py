"""No input gets a 500: every route's integer ids, one at a time, far out of range."""

import re

from tests.factories import csrf_token, login

HUGE = "99999999999999999999999"


def _paths_with_one_huge_id(app) -> list[tuple[str, str]]:
    cases = []
    for route in app.routes:
        placeholders = re.findall(r"\{[^}]+:int\}", route.path)
        for index in range(len(placeholders)):
            path = route.path
            for position, placeholder in enumerate(placeholders):
                path = path.replace(placeholder, HUGE if position == index else "1", 1)
            path = re.sub(r"\{[^}]+\}", "x", path)
            for method in sorted(getattr(route, "methods", ())):
                if method in ("GET", "POST"):
                    cases.append((method, path))
    return cases


async def test_there_are_routes_with_integer_ids(app):
    assert len(_paths_with_one_huge_id(app)) > 20


async def test_an_admin_never_gets_a_server_error_for_an_out_of_range_id(app, client, admin):
    await login(client, admin)
    token = await csrf_token(client)
    failures = []
    for method, path in _paths_with_one_huge_id(app):
        if method == "GET":
            response = await client.get(path)
        else:
            response = await client.post(path, data={"_csrf_token": token})
        if response.status_code >= 500:
            failures.append((method, path, response.status_code))
    assert failures == []
