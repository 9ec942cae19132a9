"""Level 1 behind the event's QR code: one answer per participant, by phone, without JavaScript,
with the citizen survey's single-use tokens, size budget and limits."""

from __future__ import annotations

import asyncio
import re

from surveys.citizen.tokens import issue_token
from surveys.store.development_tables import ReactionAnswer
from tests.evaluation_samples import NIP_ANDI, NIP_RINA, NIP_SARI
from tests.web.survey_support import form_token

RATINGS = {"material": "4", "trainer": "3", "method": "3", "facilities": "2", "usefulness": "4"}


async def _send(client, event: dict, nip: str = NIP_ANDI, **changes):
    page = await client.get(f"/s/e/{event['token']}")
    data = {**RATINGS, "nip": nip, "form_token": form_token(page.text)} | changes
    return await client.post(f"/s/e/{event['token']}", data=data)


async def test_andi_answers_from_his_phone_and_is_thanked(client, event):
    response = await _send(client, event, comment="Lebih banyak praktik")
    assert response.status_code == 200
    assert 'data-testid="thanks"' in response.text
    [stored] = await ReactionAnswer.select()
    assert (stored["material"], stored["facilities"], stored["comment"]) == (
        4,
        2,
        "Lebih banyak praktik",
    )


async def test_andi_answers_once_however_often_he_opens_the_form(client, event):
    await _send(client, event)
    again = await _send(client, event, material="1")
    assert 'data-testid="already-answered"' in again.text
    assert [row["material"] for row in await ReactionAnswer.select()] == [4]


async def test_a_form_sent_twice_stores_one_answer_and_thanks_both_times(client, event):
    page = await client.get(f"/s/e/{event['token']}")
    data = {**RATINGS, "nip": NIP_ANDI, "form_token": form_token(page.text)}
    first = await client.post(f"/s/e/{event['token']}", data=data)
    second = await client.post(f"/s/e/{event['token']}", data=data)
    assert 'data-testid="thanks"' in first.text and 'data-testid="thanks"' in second.text
    assert await ReactionAnswer.count() == 1


async def test_someone_not_registered_for_the_event_keeps_their_answers_and_is_told(client, event):
    response = await _send(client, event, nip=NIP_SARI)
    assert response.status_code == 400
    assert 'id="nip-error"' in response.text
    assert re.search(r'value="4"[^>]*checked', response.text)
    assert await ReactionAnswer.count() == 0


async def test_a_missing_answer_is_marked_and_the_rest_kept(client, event):
    response = await _send(client, event, method="")
    assert response.status_code == 400
    assert 'id="method-error"' in response.text
    assert f'value="{NIP_ANDI}"' in response.text
    assert await ReactionAnswer.count() == 0


async def test_a_short_nip_is_marked_with_the_missing_answers_at_the_first_try(client, event):
    response = await _send(client, event, nip="12345", method="")
    assert response.status_code == 400
    assert 'id="nip-error"' in response.text and 'id="method-error"' in response.text
    assert "Isi NIP Anda (18 angka)." in response.text
    assert await ReactionAnswer.count() == 0


async def test_a_citizen_survey_token_does_not_open_the_reaction_form(client, event):
    from datetime import UTC, datetime

    survey_token = issue_token(
        "test-secret-key-that-is-long-enough-0123456789", event["id"], datetime.now(UTC)
    )
    data = {**RATINGS, "nip": NIP_ANDI, "form_token": survey_token}
    response = await client.post(f"/s/e/{event['token']}", data=data)
    assert response.status_code == 400
    assert 'data-testid="form-alert"' in response.text
    assert await ReactionAnswer.count() == 0


async def test_an_unknown_event_link_says_so(client, db):
    response = await client.get("/s/e/no-such-event")
    assert response.status_code == 404
    assert 'data-testid="event-unknown"' in response.text


async def test_the_reaction_page_with_its_styles_is_under_30_kb_compressed_and_has_no_script(
    client, event
):
    url = f"/s/e/{event['token']}"
    page = await client.get(url, headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    assert "<script" not in page.text
    total = 0
    for address in [url, *re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text)]:
        async with client.stream("GET", address, headers={"accept-encoding": "gzip"}) as raw:
            total += len(b"".join([chunk async for chunk in raw.aiter_raw()]))
    print(f"reaction page with assets: {total} bytes compressed")
    assert total <= 30 * 1024, total


async def test_the_reaction_form_reads_in_english_on_request(client, event):
    page = await client.get(f"/s/e/{event['token']}?lang=en")
    assert page.status_code == 200
    assert 'lang="en"' in page.text


async def test_too_many_answers_from_one_network_are_refused_on_the_events_own_page(
    client, app, event
):
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, survey_address_limit=1)
    assert 'data-testid="thanks"' in (await _send(client, event)).text
    refused = await _send(client, event, nip=NIP_RINA)
    assert refused.status_code == 429 and 'data-testid="too-many"' in refused.text
    assert "hanya sebagai rekap seluruh peserta" in refused.text
    assert f'href="/s/e/{event["token"]}?lang=en"' in refused.text
    assert await ReactionAnswer.count() == 1


async def test_a_form_sent_four_times_at_once_stores_one_answer_and_never_fails(client, event):
    page = await client.get(f"/s/e/{event['token']}")
    data = {**RATINGS, "nip": NIP_ANDI, "form_token": form_token(page.text)}
    replies = await asyncio.gather(
        *(client.post(f"/s/e/{event['token']}", data=data) for _ in range(4))
    )
    assert [reply.status_code for reply in replies] == [200, 200, 200, 200]
    assert await ReactionAnswer.count() == 1
