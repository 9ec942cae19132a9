"""Every limit holds when concurrent requests reach two app processes at once: on PostgreSQL
with the counters in Redis, as a deployment behind a load balancer has them; on SQLite with
the counters in files under a lock, as the workers of one machine share them."""

from __future__ import annotations

import asyncio
import os
import re
import secrets

import httpx
import pytest

from surveys.store.tables import Response
from tests.conftest import ENGINE_NAME
from tests.factories import PASSWORD, make_service_point, make_user
from tests.live_server import running_server

REDIS_URL = "redis://127.0.0.1:6379/14"  # this suite's own Redis database
ADDRESS_LIMIT = 20
LOGIN_ATTEMPTS = 5
FORUM_CODE_ATTEMPTS = 8
KIOSK_STOCK_FETCHES = 4


def _redis_or_skip():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError:
        if os.environ.get("CI"):
            pytest.fail("Redis must be reachable on 127.0.0.1:6379 in CI")
        pytest.skip("no Redis on 127.0.0.1:6379")
    return client


@pytest.fixture
async def two_servers(db, tmp_path):
    """Two `suara serve` processes sharing the test database and their counters."""
    env = dict(os.environ) | {
        # Counters are named by a hash salted with the secret: a secret of its own keeps
        # this test's counters apart from any other run sharing the Redis database (the
        # same suite started elsewhere on the machine), which it must not flush either.
        "SECRET_KEY": secrets.token_urlsafe(48),
        "SUARA_SURVEY_ADDRESS_LIMIT": str(ADDRESS_LIMIT),
        "SUARA_LOGIN_ATTEMPTS": str(LOGIN_ATTEMPTS),
        "SUARA_FORUM_CODE_ATTEMPTS": str(FORUM_CODE_ATTEMPTS),
        "SUARA_KIOSK_STOCK_FETCHES": str(KIOSK_STOCK_FETCHES),
        "SUARA_VAR_DIR": str(tmp_path / "var"),
    }
    redis = None
    if ENGINE_NAME == "postgres":
        redis = _redis_or_skip()
        env["REDIS_URL"] = REDIS_URL
    with (
        running_server(env, tmp_path / "first.log") as (first, _),
        running_server(env, tmp_path / "second.log") as (second, _),
    ):
        yield [first, second], redis


def _device() -> str:
    return secrets.token_urlsafe(16)


async def _form_token(base: str, token: str, device: str) -> str:
    async with httpx.AsyncClient(base_url=base, cookies={"suara_device": device}) as client:
        page = await client.get(f"/s/{token}")
    return re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)


# An accepted answer is sent on to the thank-you page (post/redirect/get); anything else,
# the form again with an error included, is not.
ACCEPTED = "accepted"


async def _post_answers(base: str, token: str, device: str, form_token: str) -> int | str:
    data = {f"U{i}": "3" for i in range(1, 10)} | {"form_token": form_token}
    async with httpx.AsyncClient(base_url=base, cookies={"suara_device": device}) as client:
        response = await client.post(f"/s/{token}", data=data, timeout=30)
    location = response.headers.get("location", "")
    if response.status_code == 303 and location.split("?")[0] == f"/s/{token}/terima-kasih":
        return ACCEPTED
    return response.status_code


async def _at_once(servers: list[str], token: str, devices: list[str]) -> list[int | str]:
    """Each device gets its form, then all post at the same moment, alternating servers."""
    bases = [servers[i % 2] for i in range(len(devices))]
    forms = await asyncio.gather(
        *(_form_token(base, token, d) for base, d in zip(bases, devices, strict=True))
    )
    return await asyncio.gather(
        *(
            _post_answers(base, token, d, f)
            for base, d, f in zip(bases, devices, forms, strict=True)
        )
    )


async def _stored_at(point: dict) -> int:
    return await Response.count().where(Response.service_point == point["id"])


async def test_one_device_posting_ten_forms_at_once_to_two_processes_is_stored_once(
    two_servers, disdukcapil
):
    servers, _ = two_servers
    counter = await make_service_point(disdukcapil["id"], "Loket 1")
    device = _device()

    statuses = await _at_once(servers, counter["token"], [device] * 10)

    assert await _stored_at(counter) == 1
    assert statuses.count(ACCEPTED) == 1
    assert all(status == ACCEPTED or status < 500 for status in statuses)


async def test_ten_people_at_a_kiosk_at_once_store_one_answer_per_interval(
    two_servers, disdukcapil
):
    servers, _ = two_servers
    kiosk = await make_service_point(disdukcapil["id"], "Kios", kind="kiosk")

    statuses = await _at_once(servers, kiosk["token"], [_device() for _ in range(10)])

    assert await _stored_at(kiosk) == 1
    assert statuses.count(ACCEPTED) == 1
    assert statuses.count(429) == 9


async def test_one_address_posting_past_its_hourly_limit_to_two_processes_gets_exactly_it(
    two_servers, disdukcapil
):
    servers, _ = two_servers
    counter = await make_service_point(disdukcapil["id"], "Loket 2")

    statuses = await _at_once(servers, counter["token"], [_device() for _ in range(30)])

    assert statuses.count(ACCEPTED) == ADDRESS_LIMIT
    assert statuses.count(429) == 30 - ADDRESS_LIMIT
    assert await _stored_at(counter) == ADDRESS_LIMIT


async def test_a_burst_of_wrong_passwords_to_two_processes_checks_no_more_than_the_limit(
    two_servers, db
):
    servers, _ = two_servers
    await make_user("admin", "admin")

    async def guess(base: str, number: int) -> int:
        async with httpx.AsyncClient(base_url=base) as client:
            await client.get("/login")
            token = client.cookies.get("csrftoken")
            data = {"username": "admin", "password": f"guess-{number}", "_csrf_token": token}
            return (await client.post("/login", data=data, timeout=30)).status_code

    statuses = await asyncio.gather(*(guess(servers[i % 2], i) for i in range(40)))

    # Each guess is counted on its address and its name at once, in whichever process:
    # exactly the limit reach the check.
    assert statuses.count(400) == LOGIN_ATTEMPTS
    assert statuses.count(429) == 40 - LOGIN_ATTEMPTS
    async with httpx.AsyncClient(base_url=servers[0]) as client:
        await client.get("/login")
        data = {
            "username": "admin",
            "password": PASSWORD,
            "_csrf_token": client.cookies.get("csrftoken"),
        }
        assert (await client.post("/login", data=data)).status_code == 429


async def test_a_burst_of_forum_code_guesses_to_two_processes_gets_exactly_the_limit(
    two_servers, disdukcapil
):
    from tests.factories import make_forum_session

    servers, _ = two_servers
    await make_forum_session(disdukcapil["id"], "open", short_code="482913")

    async def guess(base: str, code: int) -> int:
        async with httpx.AsyncClient(base_url=base) as client:
            return (await client.get(f"/f/{code}", timeout=30)).status_code

    statuses = await asyncio.gather(*(guess(servers[i % 2], 100000 + i) for i in range(30)))

    assert statuses.count(404) == FORUM_CODE_ATTEMPTS
    assert statuses.count(429) == 30 - FORUM_CODE_ATTEMPTS
    # Past the limit even the right code is refused, from either process.
    assert await guess(servers[0], 482913) == 429
    assert await guess(servers[1], 482913) == 429


async def test_a_burst_of_stock_fetches_by_one_kiosk_to_two_processes_gets_exactly_the_limit(
    two_servers, disdukcapil
):
    servers, _ = two_servers
    kiosk = await make_service_point(disdukcapil["id"], "Anjungan", kind="kiosk")

    async def fetch(base: str) -> int:
        async with httpx.AsyncClient(base_url=base) as client:
            return (await client.get(f"/s/{kiosk['token']}/kiosk-tokens", timeout=30)).status_code

    statuses = await asyncio.gather(*(fetch(servers[i % 2]) for i in range(16)))

    assert statuses.count(200) == KIOSK_STOCK_FETCHES
    assert statuses.count(429) == 16 - KIOSK_STOCK_FETCHES
