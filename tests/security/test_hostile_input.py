"""Nothing from outside produces a server error: control characters, odd digits, huge
numbers and far-away dates, sent to every route in its path, query string and form."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.factories import (
    csrf_token,
    login,
)
from tests.security.routes import endpoints, field_names

# What a hostile probe sends: NUL and other control characters, digits that are not ASCII
# (superscripts, Ethiopic, full-width), numbers past every column, dates at the calendar's ends.
HOSTILE_VALUES = [
    "a\x00b",
    "\x1b[2J\x7f",
    "²²",
    "፩",
    "9" * 5000,
    str(2**31),
    str(2**63),
    "0001-01-01",
    "9999-12-31",
]
LONG_VALUE_FIELDS = {"year", "month", "page", "age", "from", "to", "unit", "rows", "entry", "votes"}
PATH_VALUES = ["a\x00b", "²²", "፩", str(2**31), "9" * 5000]


async def _send(client, endpoint, path: str, fields: dict[str, str], token: str):
    if endpoint.method == "GET":
        return await client.get(path, params=fields)
    return await client.post(path, data=fields | {"_csrf_token": token})


async def test_no_route_answers_a_hostile_path_value_with_a_server_error(app, client, city, admin):
    await login(client, admin)
    token = await csrf_token(client)
    failures = []
    for endpoint in endpoints(app):
        for name in endpoint.parameters:
            for value in PATH_VALUES:
                values = city | {name: value}
                path = endpoint.fill({k: quote(v, safe="") for k, v in values.items()})
                response = await _send(client, endpoint, path, {}, token)
                if response.status_code >= 500:
                    failures.append((endpoint.method, endpoint.path, name, value[:12]))
    assert failures == [], failures


@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: repr(v[:8]))
async def test_no_route_answers_a_hostile_field_with_a_server_error(
    app, client, city, admin, value
):
    await login(client, admin)
    token = await csrf_token(client)
    names = field_names()
    if len(value) > 100:  # a query string of every field would pass any server's limit
        names = [name for name in names if name in LONG_VALUE_FIELDS]
    fields = dict.fromkeys(names, value)
    failures = []
    for endpoint in endpoints(app):
        if endpoint.path in ("/logout",):
            continue  # it would end the session the other routes need
        path = endpoint.fill(city)
        response = await _send(client, endpoint, path, fields, token)
        if response.status_code >= 500:
            failures.append((endpoint.method, endpoint.path, response.status_code))
    assert failures == [], failures


@pytest.mark.parametrize("value", ["\x00", "a\x00b", "²²", "9" * 5000])
async def test_the_login_form_refuses_hostile_text_without_a_server_error(client, admin, value):
    token = await csrf_token(client)
    response = await client.post(
        "/login", data={"username": value, "password": value, "_csrf_token": token}
    )
    assert response.status_code < 500
