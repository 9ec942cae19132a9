"""The citizen survey page itself: caching, size, headers, compression, shutdown."""

from __future__ import annotations

import re

from app.citizen import pages as survey_pages
from tests.web.survey_support import (
    answers,
    form_token,
)


async def test_an_edited_point_shows_its_new_name_once_its_cache_entry_expires(client, counter):
    from surveys.store.tables import ServicePoint

    assert "Loket 1" in (await client.get(f"/s/{counter['token']}")).text
    await ServicePoint.update({ServicePoint.name: "Loket Satu"}).where(
        ServicePoint.id == counter["id"]
    )
    survey_pages._points.clear()  # what POINT_TTL seconds do
    assert "Loket Satu" in (await client.get(f"/s/{counter['token']}")).text


async def test_every_form_display_gets_its_own_token(client, counter):
    first = form_token((await client.get(f"/s/{counter['token']}")).text)
    second = form_token((await client.get(f"/s/{counter['token']}")).text)
    assert first != second


async def test_the_form_page_with_its_styles_is_under_30_kb_compressed(client, counter):
    page = await client.get(f"/s/{counter['token']}", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    total = len(await _raw_size(client, f"/s/{counter['token']}"))
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text):
        total += len(await _raw_size(client, asset))
    assert "<script" not in page.text  # no script is needed on the citizen pages
    print(f"form page with assets: {total} bytes compressed")
    assert total <= 30 * 1024, total


async def _raw_size(client, url: str) -> bytes:
    """The compressed bytes as sent on the wire."""
    async with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        return b"".join([chunk async for chunk in response.aiter_raw()])


async def test_the_citizen_pages_send_no_session_and_a_strict_csp(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "suara_session" not in page.headers.get("set-cookie", "")
    assert page.headers["cache-control"] == "no-store"


async def test_a_new_phone_gets_a_lasting_http_only_device_cookie_for_the_survey_pages(
    client, counter
):
    page = await client.get(f"/s/{counter['token']}")
    cookie = page.headers["set-cookie"]
    assert re.match(r"^suara_device=[A-Za-z0-9_-]{22}; ", cookie)
    attributes = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert attributes == {"httponly", "max-age=34560000", "path=/s/", "samesite=lax"}
    again = await client.get(f"/s/{counter['token']}")  # the client sends it back
    assert "set-cookie" not in again.headers


async def test_many_phones_opening_the_form_at_once_cost_one_lookup(client, counter, monkeypatch):
    import asyncio

    from surveys.citizen import submissions

    calls = []
    real = submissions.find_survey_point

    async def counted(token):
        calls.append(token)
        await asyncio.sleep(0.01)
        return await real(token)

    monkeypatch.setattr(survey_pages, "find_survey_point", counted)
    pages = await asyncio.gather(*(client.get(f"/s/{counter['token']}") for _ in range(20)))
    assert all(page.status_code == 200 for page in pages)
    assert calls == [counter["token"]]


async def test_a_client_without_gzip_gets_plain_html(client, counter):
    page = await client.get(f"/s/{counter['token']}", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in page.headers
    assert page.content.startswith(b"<!doctype html>")
    assert 'name="form_token" value="' in page.text


async def test_answers_still_queued_at_shutdown_are_written_before_the_database_closes(
    app, counter, monkeypatch
):
    import asyncio

    import httpx

    from app import main as app_main
    from app.citizen import service
    from surveys.store.db import prepare_engine
    from surveys.store.tables import Response

    events = []
    real_write, real_release = service.submission_writer._write, app_main.release_engine
    started = asyncio.Event()

    async def slow_write(batch):
        started.set()
        await asyncio.sleep(0.2)  # the app is asked to stop meanwhile
        outcomes = await real_write(batch)
        events.append("written")
        return outcomes

    async def release(engine):
        events.append("released")
        await real_release(engine)

    monkeypatch.setattr(service.submission_writer, "_write", slow_write)
    monkeypatch.setattr(app_main, "release_engine", release)
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 50000))
    try:
        async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
            async with app.lifespan():
                page = await client.get(f"/s/{counter['token']}")
                posting = asyncio.create_task(
                    client.post(
                        f"/s/{counter['token']}",
                        data={**answers(), "form_token": form_token(page.text)},
                    )
                )
                await started.wait()
            thanks = await posting
    finally:
        await prepare_engine(Response._meta.db)  # the lifespan closed the test run's pool
    assert events == ["written", "released"]
    assert thanks.status_code == 303  # to the thank-you page, once the answer is written
    assert thanks.headers["location"] == f"/s/{counter['token']}/terima-kasih?lang=id"
    assert await Response.count() == 1


def test_the_device_cookie_is_secure_only_when_the_site_is():
    assert survey_pages.device_cookie("d" * 22, secure=True).endswith("; SameSite=Lax; Secure")
    assert "Secure" not in survey_pages.device_cookie("d" * 22, secure=False)
