"""Redis unreachable: the survey still takes answers (the hourly limit counted in the
process, and logged), login says it is unavailable, pages answer 503, nothing is lost."""

from __future__ import annotations

import dataclasses
import logging

import httpx
import pytest

from app import ratelimit
from app.main import create_app
from app.settings import Settings
from tests.factories import PASSWORD, csrf_token
from tests.web.survey_support import answers, stored, submit

CLOSED_PORT = "redis://127.0.0.1:1/0"


@pytest.fixture
async def outage(db):
    """The app configured for a Redis nobody answers at."""
    app = create_app(dataclasses.replace(Settings.from_env(), redis_url=CLOSED_PORT))
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


async def test_a_citizens_answers_are_stored_while_redis_is_down(outage, counter, caplog):
    ratelimit._last_logged[0] = -1e9
    with caplog.at_level(logging.WARNING, logger="suara.citizen"):
        response = await submit(outage, counter["token"], answers(comment="Cepat"))

    assert response.status_code == 200
    assert [row["comment"] for row in await stored()] == ["Cepat"]
    assert "Redis unreachable" in caplog.text


async def test_the_hourly_address_limit_still_holds_while_redis_is_down(
    outage, counter, monkeypatch
):
    settings = outage._transport.app.state.settings
    outage._transport.app.state.settings = dataclasses.replace(settings, survey_address_limit=2)
    replies = []
    for number in range(3):
        outage.cookies.clear()  # three devices behind one address
        replies.append(await submit(outage, counter["token"], answers(comment=str(number))))

    assert [reply.status_code for reply in replies] == [200, 200, 429]
    assert len(await stored()) == 2


async def test_login_says_clearly_that_it_is_unavailable(outage, admin):
    token = await csrf_token(outage)
    response = await outage.post(
        "/login", data={"username": "admin", "password": PASSWORD, "_csrf_token": token}
    )

    assert response.status_code == 503
    assert "Layanan masuk sedang tidak tersedia" in response.text


async def test_a_signed_in_page_answers_503_with_a_message_not_500(outage):
    outage.cookies.set("suara_session", "a" * 64)
    response = await outage.get("/dashboard")

    assert response.status_code == 503
    assert "Coba lagi beberapa menit lagi" in response.text


async def test_guessing_forum_codes_is_still_limited_while_redis_is_down(outage, disdukcapil):
    from tests.factories import make_forum_session

    await make_forum_session(disdukcapil["id"], "open", short_code="482913")
    app = outage._transport.app
    app.state.settings = dataclasses.replace(app.state.settings, forum_code_attempts=2)

    tries = [(await outage.get(f"/f/{code}")).status_code for code in (111111, 222222, 333333)]

    assert tries == [404, 404, 429]
    # The right code typed by another address still leads to the meeting.
    transport = httpx.ASGITransport(app=app, client=("198.51.100.4", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as other:
        assert (await other.get("/f/482913")).status_code == 303


async def test_a_kiosk_still_gets_its_stock_and_its_limit_while_redis_is_down(outage, disdukcapil):
    from tests.factories import make_service_point

    kiosk = await make_service_point(disdukcapil["id"], "Anjungan", kind="kiosk")
    app = outage._transport.app
    app.state.settings = dataclasses.replace(app.state.settings, kiosk_stock_fetches=2)

    replies = [await outage.get(f"/s/{kiosk['token']}/kiosk-tokens") for _ in range(3)]

    assert [reply.status_code for reply in replies] == [200, 200, 429]
    assert len(replies[0].json()["tokens"]) == 100
    assert int(replies[2].headers["retry-after"]) > 0
