"""Every forum endpoint htmx talks to answers a plain request with the page (or a redirect)
and an ``HX-Request`` with its fragment alone."""

import pytest

from surveys.store.tables import ForumInput, Response
from tests.factories import login, make_forum_session

HX = {"HX-Request": "true"}


async def _post(client, url, data=None, headers=None):
    payload = {**(data or {}), "_csrf_token": client.cookies.get("csrftoken")}
    return await client.post(url, data=payload, headers=headers or {})


@pytest.fixture
async def session(disdukcapil):
    return await make_forum_session(disdukcapil["id"], "open", attendance_male=2)


@pytest.fixture
async def logged_in(client, facilitator):
    await login(client, facilitator)
    return client


def _fragment(response, starts: str) -> None:
    assert response.text.lstrip().startswith(starts)
    assert "<html" not in response.text


async def test_the_paper_page_refreshes_its_status_as_a_fragment(logged_in, session):
    url = f"/forum/sessions/{session['id']}/paper"
    await _post(logged_in, url, {"code": "444444444", "client_key": "key-frag-01"})
    page = await logged_in.get(url)
    assert page.status_code == 200 and "<html" in page.text
    assert 'data-testid="paper-form"' in page.text and 'id="entry-status"' in page.text
    fragment = await logged_in.get(url, headers=HX)
    assert fragment.status_code == 200
    _fragment(fragment, '<section id="entry-status"')
    assert 'data-testid="count-paper">1<' in fragment.text
    assert 'data-testid="paper-form"' not in fragment.text


async def test_a_tally_answers_a_page_or_the_status_fragment(logged_in, session):
    url = f"/forum/sessions/{session['id']}/tally"
    plain = await _post(logged_in, url, {"U1_4": "2", "client_key": "tally-frag-1"})
    assert plain.status_code == 303 and plain.headers["location"] == url
    fragment = await _post(logged_in, url, {"U2_3": "1", "client_key": "tally-frag-2"}, HX)
    assert fragment.status_code == 200
    _fragment(fragment, '<section id="entry-status"')
    assert 'data-testid="count-tally">3<' in fragment.text
    # The status below the tally offers undo that comes back to the tally.
    assert 'name="back" value="tally"' in fragment.text


async def test_a_bad_tally_is_a_page_or_the_error_fragment(logged_in, session):
    url = f"/forum/sessions/{session['id']}/tally"
    plain = await _post(logged_in, url, {"U1_4": "dua"})
    assert plain.status_code == 422 and "<html" in plain.text
    assert 'data-testid="tally-error"' in plain.text
    fragment = await _post(logged_in, url, {"U1_4": "dua"}, HX)
    assert fragment.status_code == 422
    _fragment(fragment, '<p class="field-error"')
    assert "data-error-message" in fragment.text and "Periksa kembali" in fragment.text
    assert await Response.count() == 0


async def test_a_closed_session_refuses_a_tally_as_a_page_or_a_fragment(logged_in, disdukcapil):
    closed = await make_forum_session(disdukcapil["id"], "closed")
    url = f"/forum/sessions/{closed['id']}/tally"
    plain = await _post(logged_in, url, {"U1_4": "12", "client_key": "tally-frag-3"})
    assert plain.status_code == 409 and "<html" in plain.text
    assert 'data-testid="refusal"' in plain.text and 'value="12"' in plain.text
    fragment = await _post(logged_in, url, {"U1_4": "12", "client_key": "tally-frag-3"}, HX)
    assert fragment.status_code == 409
    _fragment(fragment, '<p class="field-error"')
    assert "sudah ditutup" in fragment.text
    assert await Response.count() == 0


async def test_a_paper_refused_by_a_closed_session_is_a_fragment_alone(logged_in, disdukcapil):
    closed = await make_forum_session(disdukcapil["id"], "closed")
    url = f"/forum/sessions/{closed['id']}/paper"
    plain = await _post(logged_in, url, {"code": "343344334", "client_key": "key-frag-02"})
    assert plain.status_code == 409 and 'data-testid="refusal"' in plain.text
    fragment = await _post(logged_in, url, {"code": "343344334"}, HX)
    assert fragment.status_code == 409
    _fragment(fragment, '<p class="field-error"')


async def test_undo_from_the_tally_goes_back_to_the_tally_or_answers_the_status(logged_in, session):
    base = f"/forum/sessions/{session['id']}"
    await _post(logged_in, f"{base}/tally", {"U1_4": "1", "client_key": "tally-frag-4"})
    await _post(logged_in, f"{base}/tally", {"U1_3": "1", "client_key": "tally-frag-5"})
    newest, older = await Response.select(Response.id).order_by(Response.id, ascending=False)
    plain = await _post(logged_in, f"{base}/undo", {"entry": newest["id"], "back": "tally"})
    assert plain.status_code == 303 and plain.headers["location"] == f"{base}/tally"
    fragment = await _post(logged_in, f"{base}/undo", {"entry": older["id"], "back": "tally"}, HX)
    assert fragment.status_code == 200
    _fragment(fragment, '<section id="entry-status"')
    assert await Response.count() == 0


async def test_an_undo_without_an_entry_goes_back_to_the_form(logged_in, session):
    base = f"/forum/sessions/{session['id']}"
    response = await _post(logged_in, f"{base}/undo", {"entry": "x"})
    assert response.status_code == 303 and response.headers["location"] == f"{base}/paper"


async def test_an_input_refused_or_invalid_is_a_page_or_the_error_fragment(logged_in, session):
    url = f"/forum/sessions/{session['id']}/inputs"
    data = {"kind": "saran", "topic": "U3", "text": "", "client_key": "input-frag-1"}
    plain = await _post(logged_in, url, data)
    assert plain.status_code == 422 and "<html" in plain.text
    fragment = await _post(logged_in, url, data, HX)
    assert fragment.status_code == 422
    _fragment(fragment, '<p class="field-error"')
    assert await ForumInput.count() == 0


async def test_an_input_keeps_the_filters_on_the_way_back(logged_in, session):
    url = f"/forum/sessions/{session['id']}/inputs"
    data = {"kind": "saran", "topic": "U3", "text": "Ruang tunggu panas.", "votes": "3"}
    plain = await _post(logged_in, url + "?topic=U3", data | {"client_key": "input-frag-2"})
    assert plain.status_code == 303 and plain.headers["location"] == url + "?topic=U3"
    fragment = await _post(logged_in, url + "?topic=U3", data | {"client_key": "input-frag-3"}, HX)
    assert fragment.status_code == 200
    _fragment(fragment, '<section id="inputs-list"')
    assert f'href="{url}.csv?topic=U3"' in fragment.text


async def test_the_session_pages_link_by_route(logged_in, session):
    base = f"/forum/sessions/{session['id']}"
    page = await logged_in.get(f"{base}/paper")
    assert f'action="{base}/paper"' in page.text
    assert f'<a href="{base}/paper" aria-current="page">' in page.text
    assert f'href="{base}/summary"' in page.text and 'href="/static/forum.css"' in page.text
    home = await logged_in.get("/forum")
    assert f'href="{base}"' in home.text and 'href="/forum/sessions/new"' in home.text
