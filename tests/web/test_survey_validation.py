"""The citizen survey through HTTP: bad answers, tokens, language, limits and failed writes."""

from __future__ import annotations

import pytest

from tests.factories import make_service_point
from tests.web.survey_support import (
    answers,
    form_token,
    stored,
    submit,
)


async def test_a_missing_answer_is_shown_next_to_its_question_and_the_rest_is_kept(client, counter):
    data = answers(3, comment="Ruang tunggu panas", gender="P", age="abc", education="SMP")
    del data["U5"]
    response = await submit(client, counter["token"], data)
    assert response.status_code == 400
    html = response.text
    assert 'id="U5-error"' in html and 'aria-describedby="U5-error"' in html
    assert 'id="age-error"' in html and 'aria-describedby="age-error"' in html
    assert 'role="alert"' in html and 'href="#f-U5"' in html
    assert html.count('value="3" checked') == 8
    assert ">Ruang tunggu panas</textarea>" in html
    assert 'value="P" checked' in html and '<option value="SMP" selected>' in html
    assert 'value="abc"' in html
    assert '<details class="s-card s-profile" open>' in html
    assert await stored() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("U1", "5"),
        ("U2", "0"),
        ("U3", "x"),
        ("age", "9"),
        ("age", "121"),
        ("gender", "X"),
        ("education", "PhD"),
        ("occupation", "Astronaut"),
    ],
)
async def test_out_of_range_values_are_refused_with_a_message(client, counter, field, value):
    response = await submit(client, counter["token"], {**answers(4), field: value})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert await stored() == []


async def test_a_service_type_of_another_unit_is_refused(client, disdukcapil, rsud, clock):
    from surveys.store.tables import ServiceType

    await ServiceType(unit=disdukcapil["id"], name="KTP-el").save()
    theirs = ServiceType(unit=rsud["id"], name="Rawat Jalan")
    await theirs.save()
    point = await make_service_point(disdukcapil["id"], "Loket 1")
    response = await submit(client, point["token"], answers(4, service_type=theirs.id))
    assert response.status_code == 400 and 'id="service_type-error"' in response.text
    assert await stored() == []


async def test_a_tampered_token_shows_the_form_again_with_the_answers(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    token = form_token(page.text)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = await client.post(
        f"/s/{counter['token']}", data={**answers(2, comment="Ok"), "form_token": forged}
    )
    assert response.status_code == 400
    assert 'data-testid="form-alert"' in response.text
    assert response.text.count('value="2" checked') == 9
    assert await stored() == []


async def test_an_expired_form_is_shown_again_and_its_fresh_token_is_accepted(
    client, counter, clock
):
    page = await client.get(f"/s/{counter['token']}")
    clock.advance(7 * 3600)
    expired = await client.post(
        f"/s/{counter['token']}", data={**answers(4), "form_token": form_token(page.text)}
    )
    assert expired.status_code == 400 and "kedaluwarsa" in expired.text
    assert expired.text.count('value="4" checked') == 9
    fresh = form_token(expired.text)
    done = await client.post(
        f"/s/{counter['token']}", data={**answers(4), "form_token": fresh}, follow_redirects=True
    )
    assert 'data-testid="thanks"' in done.text
    assert len(await stored()) == 1


async def test_english_is_offered_and_kept_through_the_post(client, counter):
    page = await client.get(f"/s/{counter['token']}?lang=en")
    assert '<html lang="en">' in page.text
    assert "How polite and friendly was the officer?" in page.text
    assert f'action="/s/{counter["token"]}?lang=en"' in page.text
    assert 'data-testid="lang-id"' in page.text
    indonesian = await client.get(f"/s/{counter['token']}")
    assert 'data-testid="lang-en"' in indonesian.text and "Bagaimana pendapat" in indonesian.text
    response = await client.post(
        f"/s/{counter['token']}?lang=en",
        data={**answers(4), "form_token": form_token(page.text)},
        follow_redirects=True,
    )
    assert '<html lang="en">' in response.text
    assert (await stored())[0]["locale"] == "en"


async def test_too_many_answers_from_one_address_are_refused(client, app, counter):
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, survey_address_limit=2)
    for i in range(2):
        client.cookies.clear()
        client.headers["user-agent"] = f"phone-{i}"
        assert (
            'data-testid="thanks"' in (await submit(client, counter["token"], answers(i + 1))).text
        )
    client.cookies.clear()
    refused = await submit(client, counter["token"], answers(4))
    assert refused.status_code == 429 and 'data-testid="too-many"' in refused.text
    assert len(await stored()) == 2


async def test_behind_a_trusted_proxy_each_phones_own_address_is_limited(client, app, counter):
    import dataclasses
    from ipaddress import ip_network

    proxy = ip_network("203.0.113.7/32")  # the test client's address
    settings = dataclasses.replace(
        app.state.settings, survey_address_limit=1, trusted_proxies=(proxy,)
    )
    app.state.settings = settings

    async def from_phone(address: str, value: int):
        client.cookies.clear()
        client.headers["x-forwarded-for"] = address
        return await submit(client, counter["token"], answers(value))

    assert 'data-testid="thanks"' in (await from_phone("198.51.100.1", 1)).text
    assert 'data-testid="thanks"' in (await from_phone("198.51.100.2", 2)).text
    assert (await from_phone("198.51.100.1", 3)).status_code == 429
    assert len(await stored()) == 2


async def test_a_failed_write_asks_to_send_again_with_the_answers_kept(
    client, counter, monkeypatch
):
    from app.citizen import service

    async def broken(_):
        raise RuntimeError("disk full")

    page = await client.get(f"/s/{counter['token']}")
    sent = form_token(page.text)
    working = service.submission_writer._write
    monkeypatch.setattr(service.submission_writer, "_write", broken)
    data = {**answers(3, comment="Tolong"), "form_token": sent}
    response = await client.post(f"/s/{counter['token']}", data=data, follow_redirects=True)
    assert response.status_code == 503
    assert response.text.count('value="3" checked') == 9 and ">Tolong</textarea>" in response.text
    assert form_token(response.text) == sent  # the retry cannot store twice
    assert await stored() == []
    monkeypatch.setattr(service.submission_writer, "_write", working)
    retried = await client.post(f"/s/{counter['token']}", data=data, follow_redirects=True)
    assert 'data-testid="thanks"' in retried.text
    assert len(await stored()) == 1


async def test_the_language_links_lead_to_the_same_survey(client, counter):
    indonesian = await client.get(f"/s/{counter['token']}")
    assert f'href="/s/{counter["token"]}?lang=en"' in indonesian.text
    english = await client.get(f"/s/{counter['token']}?lang=en")
    assert f'href="/s/{counter["token"]}?lang=id"' in english.text
    assert 'href="/static/survey.css"' in english.text
