"""The session's own QR code: participants answer on their phones, and closing stops it."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from app.citizen import pages as survey_pages
from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.tables import Response
from tests.factories import login, make_forum_session


@pytest.fixture(autouse=True)
def service_hours(monkeypatch):
    """10:00 in Jakarta on the forum's day, so the survey's clock flags nothing."""
    moment = datetime.now(DEFAULT_TIMEZONE).replace(hour=10, minute=0)
    monkeypatch.setattr(survey_pages, "now", lambda: moment)
    survey_pages.clear_caches()
    yield
    survey_pages.clear_caches()


async def _answer(client, token: str):
    page = await client.get(f"/s/{token}")
    form_token = re.search(r'name="form_token" value="([^"]+)"', page.text).group(1)
    answers = {f"U{i}": "4" for i in range(1, 10)}
    return await client.post(
        f"/s/{token}", data={**answers, "form_token": form_token}, follow_redirects=True
    )


async def test_a_phone_answer_counts_for_the_session_and_closing_stops_the_code(
    client, facilitator, disdukcapil
):
    session = await make_forum_session(disdukcapil["id"], "open", attendance_male=10)
    response = await _answer(client, session["token"])
    assert response.status_code == 200, response.text
    row = await Response.select(Response.channel, Response.forum_session).first()
    assert row == {"channel": "forum", "forum_session": session["id"]}

    await login(client, facilitator)
    hub = await client.get(f"/forum/sessions/{session['id']}")
    assert 'data-testid="count-phone">1<' in hub.text
    assert 'data-testid="session-ikm">100,00<' in hub.text
    closed = await client.post(
        f"/forum/sessions/{session['id']}/close",
        data={"_csrf_token": client.cookies.get("csrftoken")},
    )
    assert closed.status_code == 303
    survey_pages.clear_caches()  # the survey caches a point for POINT_TTL (5 s)
    client.cookies.clear()
    after = await client.get(f"/s/{session['token']}")
    assert after.status_code == 410 and 'name="U1"' not in after.text
    assert await Response.count() == 1
