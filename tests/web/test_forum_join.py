"""A participant without a QR scanner types the meeting's six-digit code or its short link."""

from __future__ import annotations

import pytest

from surveys.forum.sessions import session_by_short_code, typed_short_code
from surveys.store.tables import ForumSession
from tests.factories import client_at, login, make_forum_session


async def _post(client, url, data=None):
    return await client.post(url, data={**(data or {}), "_csrf_token": client.cookies["csrftoken"]})


@pytest.fixture
async def open_meeting(disdukcapil):
    return await make_forum_session(disdukcapil["id"], "open", short_code="482913")


@pytest.mark.parametrize("typed", ["482913", "482 913", " 482-913 "])
async def test_a_participant_who_types_the_code_reaches_the_meetings_survey(
    client, open_meeting, typed
):
    response = await client.get("/f", params={"kode": typed})
    assert response.status_code == 303
    assert response.headers["location"] == f"/s/{open_meeting['token']}"


async def test_the_short_link_leads_to_the_same_survey(client, open_meeting):
    response = await client.get("/f/482913")
    assert response.status_code == 303
    assert response.headers["location"] == f"/s/{open_meeting['token']}"


async def test_the_entry_page_asks_for_the_code_with_the_numeric_keyboard(client, db):
    page = await client.get("/f")
    assert page.status_code == 200
    assert 'data-testid="join-code"' in page.text
    assert 'inputmode="numeric"' in page.text


async def test_a_code_no_meeting_holds_is_explained_and_kept_in_the_box(client, open_meeting):
    page = await client.get("/f", params={"kode": "111111"})
    assert page.status_code == 404
    assert "Tidak ada pertemuan yang sedang berlangsung dengan kode 111111" in page.text
    assert 'value="111111"' in page.text


async def test_a_code_that_is_not_six_digits_is_explained(client, db):
    page = await client.get("/f/12ab")
    assert page.status_code == 400
    assert "Kode terdiri dari 6 angka" in page.text


async def test_the_code_of_a_closed_meeting_says_the_meeting_is_over(client, disdukcapil):
    await make_forum_session(disdukcapil["id"], "closed", short_code="700700")
    page = await client.get("/f/700700")
    assert page.status_code == 404
    assert "Pertemuan dengan kode 700700 sudah selesai" in page.text


async def test_a_closed_meetings_qr_code_speaks_of_the_meeting_not_a_counter(client, disdukcapil):
    closed = await make_forum_session(disdukcapil["id"], "closed")
    page = await client.get(f"/s/{closed['token']}")
    assert page.status_code == 410
    assert 'data-testid="meeting-closed"' in page.text
    assert "loket" not in page.text


def test_typed_codes_are_read_with_spaces_and_dashes_and_nothing_else():
    assert typed_short_code("123 456") == "123456"
    assert typed_short_code("123-456") == "123456"
    assert typed_short_code("12345") is None
    assert typed_short_code("1234567") is None
    assert typed_short_code("١٢٣٤٥٦") is None  # digits, but not ones the code is made of


async def test_opening_two_meetings_gives_them_different_codes_and_reopening_keeps_one(
    client, facilitator, manager_of_disdukcapil, disdukcapil
):
    first = await make_forum_session(disdukcapil["id"])
    second = await make_forum_session(disdukcapil["id"])
    await login(client, facilitator)
    for session in (first, second):
        assert (await _post(client, f"/forum/sessions/{session['id']}/open")).status_code == 303
    codes = await ForumSession.select(ForumSession.short_code).output(as_list=True)
    assert len(set(codes)) == 2 and all(len(code) == 6 for code in codes)
    [before] = (
        await ForumSession.select(ForumSession.short_code)
        .where(ForumSession.id == first["id"])
        .output(as_list=True)
    )
    await _post(client, f"/forum/sessions/{first['id']}/close")
    assert (await session_by_short_code(before)).status == "closed"
    await login(client, manager_of_disdukcapil)
    assert (await _post(client, f"/forum/sessions/{first['id']}/reopen")).status_code == 303
    found = await session_by_short_code(before)
    assert found.status == "open" and found.token is not None


async def test_a_reopened_meeting_whose_code_was_taken_meanwhile_gets_another(
    client, manager_of_disdukcapil, disdukcapil
):
    closed = await make_forum_session(disdukcapil["id"], "closed", short_code="555555")
    await make_forum_session(disdukcapil["id"], "open", short_code="555555")
    await login(client, manager_of_disdukcapil)
    assert (await _post(client, f"/forum/sessions/{closed['id']}/reopen")).status_code == 303
    [code] = (
        await ForumSession.select(ForumSession.short_code)
        .where(ForumSession.id == closed["id"])
        .output(as_list=True)
    )
    assert code != "555555" and len(code) == 6


async def test_the_attendance_and_votes_fields_bring_up_the_numeric_keyboard(
    client, facilitator, disdukcapil, open_meeting
):
    await login(client, facilitator)
    form = await client.get("/forum/sessions/new")
    assert 'name="attendance_male" type="text"' in form.text
    assert form.text.count('inputmode="numeric"') >= 2
    assert "&#34;" not in form.text and "&quot;numeric" not in form.text
    inputs = await client.get(f"/forum/sessions/{open_meeting['id']}/inputs")
    assert 'inputmode="numeric" data-testid="input-votes"' in inputs.text


# --- guessing codes: wrong ones are counted per address --------------------------------------


@pytest.fixture
def three_guesses(app):
    """The app allows three wrong codes per address per quarter hour."""
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, forum_code_attempts=3)
    return app


async def test_someone_trying_codes_one_by_one_is_stopped_after_the_limit(
    client, three_guesses, open_meeting
):
    tries = [(await client.get(f"/f/{code}")).status_code for code in range(100000, 100004)]
    assert tries == [404, 404, 404, 429]
    # Past the limit, even the right code is not looked up: it would confirm a guess.
    refused = await client.get("/f", params={"kode": "482913"})
    assert refused.status_code == 429
    assert "Terlalu banyak kode yang dicoba dari jaringan ini" in refused.text
    assert 'value="482913"' in refused.text


async def test_a_participant_who_mistypes_then_finds_the_code_is_not_held_to_it(
    client, three_guesses, open_meeting
):
    assert (await client.get("/f/111111")).status_code == 404
    assert (await client.get("/f/222222")).status_code == 404
    for _ in range(5):  # a room of phones behind one address, all typing the right code
        assert (await client.get("/f/482913")).status_code == 303
    assert (await client.get("/f/333333")).status_code == 404
    assert (await client.get("/f/444444")).status_code == 429


async def test_another_address_keeps_its_own_count(client, three_guesses, open_meeting):
    for code in range(100000, 100004):
        await client.get(f"/f/{code}")
    async with client_at(three_guesses, "198.51.100.4") as elsewhere:
        assert (await elsewhere.get("/f/482913")).status_code == 303
        assert (await elsewhere.get("/f/111111")).status_code == 404


async def test_a_burst_of_guesses_sent_at_once_looks_up_no_more_than_the_limit(
    client, three_guesses, open_meeting, monkeypatch
):
    import asyncio

    from app.forum import join

    looked_up = []
    lookup = join.session_by_short_code

    async def counted(code):
        looked_up.append(code)
        await asyncio.sleep(0.01)  # let the other guesses arrive meanwhile
        return await lookup(code)

    monkeypatch.setattr(join, "session_by_short_code", counted)
    replies = await asyncio.gather(*(client.get(f"/f/{100000 + n}") for n in range(20)))

    statuses = sorted(reply.status_code for reply in replies)
    assert statuses == [404] * 3 + [429] * 17
    assert len(looked_up) == 3


async def test_the_limit_message_is_in_english_for_an_english_reader(
    client, three_guesses, open_meeting
):
    await client.get("/lang/en?next=/")
    for code in range(100000, 100004):
        page = await client.get(f"/f/{code}")
    assert page.status_code == 429
    assert "Too many codes have been tried from this network" in page.text


async def test_the_guess_counter_names_a_hash_of_the_address_never_the_address(
    client, three_guesses, open_meeting, monkeypatch
):
    from app.ratelimit import RateLimiter

    names = []
    add = RateLimiter._add

    async def recorded(self, counted, amount):
        names.extend(counted)
        return await add(self, counted, amount)

    monkeypatch.setattr(RateLimiter, "_add", recorded)
    await client.get("/f/100000")
    async with client_at(three_guesses, "198.51.100.4") as elsewhere:
        await elsewhere.get("/f/100000")

    assert len(names) == 2 and all(name.startswith("forum-code-ip:") for name in names)
    assert names[0] != names[1]
    assert not any("203.0.113" in name or "198.51.100" in name for name in names)
