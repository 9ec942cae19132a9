"""A kiosk that keeps answers offline, through HTTP: its manifest, worker and token stock,
and the server's side of a queued answer sent later (its time, its single use, its limits)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from tests.factories import client_at, make_service_point
from tests.web.survey_support import answers, form_token, stored


@pytest.fixture
async def kiosk(disdukcapil, clock):
    return await make_service_point(disdukcapil["id"], "Anjungan Mandiri", kind="kiosk")


async def _stock(client, kiosk) -> list[str]:
    response = await client.get(f"/s/{kiosk['token']}/kiosk-tokens")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    return response.json()["tokens"]


def _queued(token: str, at, value: int = 4) -> dict[str, str]:
    """A body as the kiosk's worker replays it: the form and when it was answered."""
    return {**answers(value), "form_token": token, "queued_at": str(int(at.timestamp() * 1000))}


async def test_a_kiosk_form_links_its_manifest_and_worker_but_a_counter_form_does_not(
    client, kiosk, counter
):
    page = (await client.get(f"/s/{kiosk['token']}")).text
    assert f'<link rel="manifest" href="/s/{kiosk["token"]}/kiosk.webmanifest?lang=id">' in page
    assert f'data-worker="/s/{kiosk["token"]}/kiosk-sw.js"' in page
    assert f'data-scope="/s/{kiosk["token"]}"' in page
    other = (await client.get(f"/s/{counter['token']}")).text
    assert 'rel="manifest"' not in other and "kiosk-sw.js" not in other


async def test_a_kiosk_form_with_its_styles_and_script_stays_within_the_form_budget(client, kiosk):
    """The page budget of the citizen form (30 KB compressed) holds for a kiosk's too; the
    manifest and the worker are files of their own, fetched once and kept."""
    url = f"/s/{kiosk['token']}"
    page = await client.get(url)
    total = len(await _raw(client, url))
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text):
        total += len(await _raw(client, asset))
    once = sum(
        [len(await _raw(client, f"{url}/{name}")) for name in ("kiosk.webmanifest", "kiosk-sw.js")]
    )
    print(f"kiosk form with assets: {total} bytes compressed; manifest and worker: {once}")
    assert total <= 30 * 1024, total
    assert once <= 8 * 1024, once


async def _raw(client, url: str) -> bytes:
    async with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        assert response.status_code == 200, url
        return b"".join([chunk async for chunk in response.aiter_raw()])


async def test_the_manifest_installs_the_kiosk_form_as_suara_in_indonesian_first(client, kiosk):
    response = await client.get(f"/s/{kiosk['token']}/kiosk.webmanifest")
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert (manifest["name"], manifest["lang"], manifest["display"]) == (
        "Suara",
        "id",
        "standalone",
    )
    assert manifest["start_url"] == f"/s/{kiosk['token']}?lang=id"
    assert manifest["scope"] == f"/s/{kiosk['token']}"
    assert "Anjungan Mandiri" in manifest["description"]
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512"} <= sizes
    for icon in manifest["icons"]:
        assert (await client.get(icon["src"])).status_code == 200


async def test_the_worker_is_allowed_the_kiosk_form_as_its_scope_and_nothing_wider(client, kiosk):
    response = await client.get(f"/s/{kiosk['token']}/kiosk-sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == f"/s/{kiosk['token']}"
    assert 'addEventListener("fetch"' in response.text
    assert "worker-src 'self'" in response.headers["content-security-policy"]


async def test_a_counter_or_an_unknown_code_has_no_manifest_worker_stock_or_saved_page(
    client, counter
):
    for tail in ("kiosk.webmanifest", "kiosk-sw.js", "kiosk-tokens", "tersimpan"):
        assert (await client.get(f"/s/{counter['token']}/{tail}")).status_code == 404
        assert (await client.get(f"/s/tidak-ada/{tail}")).status_code == 404


async def test_a_forum_point_or_a_retired_kiosk_gets_no_stock(client, kiosk, disdukcapil):
    from surveys.store.tables import ServicePoint

    forum = await make_service_point(disdukcapil["id"], "Forum Warga", kind="forum")
    assert (await client.get(f"/s/{forum['token']}/kiosk-tokens")).status_code == 404
    await ServicePoint.update({ServicePoint.active: False}).where(ServicePoint.id == kiosk["id"])
    retired = await client.get(f"/s/{kiosk['token']}/kiosk-tokens")
    assert retired.status_code == 410
    assert "form_token" not in retired.text and "tokens" not in retired.text


async def test_the_saved_page_says_the_answer_waits_on_the_device_in_both_languages(client, kiosk):
    page = await client.get(f"/s/{kiosk['token']}/tersimpan?lang=id")
    assert "Jawaban tersimpan di perangkat ini dan akan dikirim saat tersambung." in page.text
    assert f'content="5;url=/s/{kiosk["token"]}?lang=id"' in page.text
    english = await client.get(f"/s/{kiosk['token']}/tersimpan?lang=en")
    assert "saved on this device" in english.text


async def test_a_stock_holds_distinct_tokens_each_good_for_one_answer(client, kiosk, clock):
    stock = await _stock(client, kiosk)
    assert len(stock) == len(set(stock)) == 100
    first = await client.post(f"/s/{kiosk['token']}", data={**answers(4), "form_token": stock[0]})
    assert first.status_code == 303
    clock.advance(20)
    again = await client.post(f"/s/{kiosk['token']}", data={**answers(4), "form_token": stock[0]})
    assert again.status_code == 303  # the server's "already received": the worker deletes it
    assert len(await stored()) == 1


async def test_a_queued_answer_is_stored_once_at_the_time_it_was_given_however_often_replayed(
    client, kiosk, clock
):
    stock = await _stock(client, kiosk)
    given = clock.moment + timedelta(hours=2)
    clock.advance(26 * 3600)  # back online the next day
    body = _queued(stock[0], given)
    replies = [await client.post(f"/s/{kiosk['token']}?lang=id", data=body) for _ in range(3)]
    assert [reply.status_code for reply in replies] == [303, 303, 303]
    rows = await stored()
    assert len(rows) == 1
    assert rows[0]["submitted_at"] == given  # not the moment it reached the server
    assert rows[0]["channel"] == "kiosk"


async def test_a_queued_answer_is_judged_against_the_kiosk_answers_around_it(client, kiosk, clock):
    stock = await _stock(client, kiosk)
    start = clock.moment
    clock.advance(3600)
    replies = [
        await client.post(f"/s/{kiosk['token']}", data=_queued(stock[0], start)),
        await client.post(
            f"/s/{kiosk['token']}", data=_queued(stock[1], start + timedelta(seconds=5))
        ),
        await client.post(
            f"/s/{kiosk['token']}", data=_queued(stock[2], start + timedelta(minutes=2))
        ),
    ]
    # The second came 5 s after the first: refused for good (409, not "try later").
    assert [reply.status_code for reply in replies] == [303, 409, 303]
    assert len(await stored()) == 2


async def test_an_answer_queued_before_a_later_live_one_is_still_stored(client, kiosk, clock):
    stock = await _stock(client, kiosk)
    given = clock.moment
    clock.advance(600)
    page = await client.get(f"/s/{kiosk['token']}")
    live = await client.post(
        f"/s/{kiosk['token']}", data={**answers(3), "form_token": form_token(page.text)}
    )
    late = await client.post(f"/s/{kiosk['token']}", data=_queued(stock[0], given))
    assert (live.status_code, late.status_code) == (303, 303)
    assert sorted(row["u1"] for row in await stored()) == [3, 4]


async def test_a_stock_token_opens_only_its_own_kiosk_and_never_a_counter(
    client, kiosk, counter, disdukcapil
):
    stock = await _stock(client, kiosk)
    other = await make_service_point(disdukcapil["id"], "Anjungan 2", kind="kiosk")
    refused = [
        await client.post(f"/s/{counter['token']}", data={**answers(4), "form_token": stock[0]}),
        await client.post(f"/s/{other['token']}", data={**answers(4), "form_token": stock[1]}),
    ]
    assert [reply.status_code for reply in refused] == [400, 400]
    assert 'data-testid="form-alert"' in refused[0].text
    assert await stored() == []


async def test_a_counter_ignores_a_claimed_answer_time(client, counter, clock):
    page = await client.get(f"/s/{counter['token']}")
    earlier = clock.moment - timedelta(hours=3)
    body = {**answers(4), "form_token": form_token(page.text)}
    body["queued_at"] = str(int(earlier.timestamp() * 1000))
    assert (await client.post(f"/s/{counter['token']}", data=body)).status_code == 303
    assert (await stored())[0]["submitted_at"] == clock.moment


async def test_a_queued_answer_too_old_to_replay_is_refused_with_a_message(client, kiosk, clock):
    stock = await _stock(client, kiosk)
    given = clock.moment
    clock.advance(8 * 86400)
    reply = await client.post(f"/s/{kiosk['token']}", data=_queued(stock[0], given))
    assert reply.status_code == 400
    assert re.search(r"kedaluwarsa", reply.text)
    assert await stored() == []


async def test_replays_count_against_the_hourly_address_limit_and_wait_rather_than_fail(
    client, app, kiosk, clock
):
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, survey_address_limit=2)
    stock = await _stock(client, kiosk)
    given = clock.moment
    clock.advance(600)
    replies = [
        await client.post(f"/s/{kiosk['token']}", data=_queued(token, given + timedelta(minutes=n)))
        for n, token in enumerate(stock[:3])
    ]
    # 429 is "later" to the kiosk's worker: the third answer stays queued on the device.
    assert [reply.status_code for reply in replies] == [303, 303, 429]
    assert len(await stored()) == 2


@pytest.mark.parametrize(
    "claimed", ["soon", "-5", "9000000000000000", "99999999999999999999", "1e12", "٣"]
)
async def test_a_claimed_answer_time_that_is_no_time_is_ignored_not_an_error(
    client, kiosk, clock, claimed
):
    page = await client.get(f"/s/{kiosk['token']}")
    body = {**answers(4), "form_token": form_token(page.text), "queued_at": claimed}
    assert (await client.post(f"/s/{kiosk['token']}", data=body)).status_code == 303
    assert (await stored())[0]["submitted_at"] == clock.moment


# --- how often a kiosk may fetch a stock ------------------------------------------------------


@pytest.fixture
def three_stocks(app):
    """The app gives each kiosk three stocks per address per hour."""
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, kiosk_stock_fetches=3)
    return app


async def test_a_kiosk_that_asks_too_often_for_a_stock_is_told_to_wait(
    client, three_stocks, kiosk, disdukcapil
):
    replies = [await client.get(f"/s/{kiosk['token']}/kiosk-tokens") for _ in range(4)]

    assert [reply.status_code for reply in replies] == [200, 200, 200, 429]
    refused = replies[-1]
    assert 0 < int(refused.headers["retry-after"]) <= 3600
    assert refused.headers["cache-control"] == "no-store"
    assert "terlalu sering meminta persediaan formulir" in refused.json()["error"]
    assert "tokens" not in refused.json()
    # Another kiosk at the same address has its own count.
    other = await make_service_point(disdukcapil["id"], "Anjungan 2", kind="kiosk")
    assert (await client.get(f"/s/{other['token']}/kiosk-tokens")).status_code == 200


async def test_the_same_kiosk_seen_from_another_address_keeps_its_own_count(
    client, three_stocks, kiosk
):
    for _ in range(4):
        await client.get(f"/s/{kiosk['token']}/kiosk-tokens")
    async with client_at(three_stocks, "198.51.100.4") as elsewhere:
        assert (await elsewhere.get(f"/s/{kiosk['token']}/kiosk-tokens")).status_code == 200


async def test_the_stock_limit_message_is_in_english_for_an_english_kiosk(
    client, three_stocks, kiosk
):
    await client.get("/lang/en?next=/")
    for _ in range(4):
        reply = await client.get(f"/s/{kiosk['token']}/kiosk-tokens")
    assert reply.status_code == 429
    assert "asked for a new stock of forms too often" in reply.json()["error"]


async def test_a_burst_of_stock_fetches_at_once_gets_exactly_the_limit(client, three_stocks, kiosk):
    import asyncio

    replies = await asyncio.gather(
        *(client.get(f"/s/{kiosk['token']}/kiosk-tokens") for _ in range(20))
    )

    assert sorted(reply.status_code for reply in replies) == [200] * 3 + [429] * 17


async def test_the_stock_counter_names_the_kiosk_and_a_hash_of_the_address_never_the_address(
    client, three_stocks, kiosk, monkeypatch
):
    from app.ratelimit import RateLimiter

    names = []
    add = RateLimiter._add

    async def recorded(self, counted, amount):
        names.extend(counted)
        return await add(self, counted, amount)

    monkeypatch.setattr(RateLimiter, "_add", recorded)
    await client.get(f"/s/{kiosk['token']}/kiosk-tokens")

    assert len(names) == 1 and names[0].startswith(f"kiosk-stock:{kiosk['id']}:")
    assert "203.0.113" not in names[0]


async def test_no_limit_when_the_setting_is_zero(client, app, kiosk):
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, kiosk_stock_fetches=0)
    statuses = {
        (await client.get(f"/s/{kiosk['token']}/kiosk-tokens")).status_code for _ in range(15)
    }
    assert statuses == {200}


# --- what the kiosk's staff see of the answers it holds ---------------------------------------


async def test_a_kiosk_form_carries_its_hidden_held_answers_note_and_a_counter_form_does_not(
    client, kiosk, counter
):
    page = (await client.get(f"/s/{kiosk['token']}")).text
    note = re.search(r"<div class=\"s-held\"[^>]*>", page).group(0)
    assert " hidden " in note
    assert 'data-waiting="{n} jawaban tersimpan di perangkat, menunggu jaringan"' in note
    assert 'data-reason-410="kode anjungan tidak berlaku lagi"' in note
    english = (await client.get(f"/s/{kiosk['token']}?lang=en")).text
    assert 'data-waiting-one="{n} answer saved on this device, waiting for the network"' in english
    assert 'data-refused="{n} answers refused by the server: {reason}"' in english
    assert "s-held" not in (await client.get(f"/s/{counter['token']}")).text
