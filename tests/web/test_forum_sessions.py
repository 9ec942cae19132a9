from datetime import datetime, timedelta

import pytest

from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.audit import recent_audit_entries
from surveys.store.tables import ForumSession, ServicePoint
from tests.factories import login, make_forum_session, make_user

HX = {"HX-Request": "true"}


async def _post(client, url, data=None, headers=None):
    payload = {**(data or {}), "_csrf_token": client.cookies.get("csrftoken")}
    return await client.post(url, data=payload, headers=headers or {})


def _today():
    return datetime.now(DEFAULT_TIMEZONE).date()


def _session_form(unit_id, **changes):
    values = {
        "unit": str(unit_id),
        "area": "Kelurahan Durian II, Kecamatan Barangin",
        "kind": "musyawarah_kelurahan",
        "held_on": _today().isoformat(),
        "place": "Balai Kelurahan",
        "attendance_male": "20",
        "attendance_female": "15",
    }
    return values | changes


@pytest.fixture
async def other_facilitator(rsud):
    return await make_user("fasil-rsud", "facilitator", [rsud["code"]])


async def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = await client.get("/forum")
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


async def test_the_list_shows_only_sessions_of_the_facilitators_units(
    client, facilitator, disdukcapil, rsud
):
    await make_forum_session(disdukcapil["id"], "open", place="Aula Disdukcapil")
    await make_forum_session(rsud["id"], "open", place="Aula RSUD")
    await login(client, facilitator)
    page = await client.get("/forum")
    assert page.status_code == 200
    assert "Aula Disdukcapil" in page.text and "Aula RSUD" not in page.text


async def test_a_facilitator_creates_a_session_as_a_draft(client, facilitator, disdukcapil):
    await login(client, facilitator)
    form = await client.get("/forum/sessions/new")
    assert 'name="attendance_female"' in form.text
    response = await _post(client, "/forum/sessions", _session_form(disdukcapil["id"]))
    assert response.status_code == 303
    session = await ForumSession.select().first()
    assert response.headers["location"] == f"/forum/sessions/{session['id']}"
    assert (session["status"], session["attendance_male"], session["attendance_female"]) == (
        "draft",
        20,
        15,
    )
    hub = await client.get(response.headers["location"])
    assert "20 laki-laki, 15 perempuan, jumlah 35" in hub.text


async def test_a_bad_session_form_keeps_what_was_typed(client, facilitator, disdukcapil):
    await login(client, facilitator)
    response = await _post(
        client,
        "/forum/sessions",
        _session_form(disdukcapil["id"], place="", attendance_male="-3", area="Desa Talawi"),
    )
    assert response.status_code == 400
    assert 'data-testid="error-place"' in response.text
    assert 'data-testid="error-attendance_male"' in response.text
    assert 'value="Desa Talawi"' in response.text
    assert not await ForumSession.exists()


async def test_a_facilitator_cannot_create_a_session_for_another_unit(client, facilitator, rsud):
    await login(client, facilitator)
    response = await _post(client, "/forum/sessions", _session_form(rsud["id"]))
    assert response.status_code == 400
    assert 'data-testid="error-unit"' in response.text
    assert not await ForumSession.exists()


async def test_opening_creates_the_sessions_qr_point_and_projector_page(
    client, facilitator, disdukcapil
):
    session = await make_forum_session(disdukcapil["id"])
    await login(client, facilitator)
    response = await _post(client, f"/forum/sessions/{session['id']}/open")
    assert response.status_code == 303
    row = await ForumSession.select().first()
    point = await ServicePoint.select().where(ServicePoint.id == row["service_point"]).first()
    assert row["status"] == "open" and point["kind"] == "forum" and len(point["token"]) == 32
    qr = await client.get(f"/forum/sessions/{session['id']}/qr")
    assert qr.status_code == 200
    assert 'data-testid="session-qr"' in qr.text and "<svg" in qr.text
    code = row["short_code"]
    assert len(code) == 6 and code.isdigit()
    assert (
        f'data-testid="short-code" aria-label="Kode pertemuan {code}">{code[:3]} {code[3:]}'
        in qr.text
    )
    assert f"testserver/f/{code}</strong>" in qr.text or f"/f/{code}</strong>" in qr.text
    assert "style=" not in qr.text  # the CSP forbids inline styles


async def test_the_qr_page_of_a_draft_shows_no_code(client, facilitator, disdukcapil):
    session = await make_forum_session(disdukcapil["id"])
    await login(client, facilitator)
    qr = await client.get(f"/forum/sessions/{session['id']}/qr")
    assert 'data-testid="qr-unavailable"' in qr.text and "<svg" not in qr.text


async def test_a_session_dated_in_the_future_cannot_be_opened_yet(client, facilitator, disdukcapil):
    session = await make_forum_session(disdukcapil["id"], held_on=_today() + timedelta(days=2))
    await login(client, facilitator)
    response = await _post(client, f"/forum/sessions/{session['id']}/open")
    assert response.status_code == 409
    assert "masa depan" in response.text
    assert not await ServicePoint.exists()


@pytest.mark.parametrize(
    "path",
    [
        "",
        "/qr",
        "/paper",
        "/tally",
        "/upload",
        "/inputs",
        "/inputs.csv",
        "/summary",
        "/berita-acara",
        "/edit",
        "/close",
    ],
)
async def test_a_facilitator_of_another_unit_gets_404_for_every_page(
    client, other_facilitator, disdukcapil, path
):
    session = await make_forum_session(disdukcapil["id"], "open")
    await login(client, other_facilitator)
    plain = await client.get(f"/forum/sessions/{session['id']}{path}")
    fragment = await client.get(f"/forum/sessions/{session['id']}{path}", headers=HX)
    assert plain.status_code == 404 and fragment.status_code == 404


@pytest.mark.parametrize(
    ("path", "data"),
    [
        ("/paper", {"code": "444444444"}),
        ("/tally", {"U1_4": "3"}),
        ("/undo", {"entry": "1"}),
        ("/inputs", {"kind": "saran", "topic": "U3", "text": "x"}),
        ("/close", {}),
        ("/edit", {"place": "x"}),
    ],
)
async def test_a_facilitator_of_another_unit_cannot_write_to_the_session(
    client, other_facilitator, disdukcapil, path, data
):
    session = await make_forum_session(disdukcapil["id"], "open")
    await login(client, other_facilitator)
    for headers in ({}, HX):
        response = await _post(client, f"/forum/sessions/{session['id']}{path}", data, headers)
        assert response.status_code == 404
    assert (await ForumSession.select().first())["status"] == "open"


async def test_closing_locks_the_session_and_deactivates_its_qr_point(
    client, facilitator, disdukcapil
):
    session = await make_forum_session(disdukcapil["id"], "open")
    await login(client, facilitator)
    confirm = await client.get(f"/forum/sessions/{session['id']}/close")
    assert 'data-testid="confirm-close"' in confirm.text
    assert (await ServicePoint.select().first())["active"] is True  # asking changes nothing
    response = await _post(client, f"/forum/sessions/{session['id']}/close")
    assert response.status_code == 303
    point = await ServicePoint.select().first()
    assert point["active"] is False
    hub = await client.get(f"/forum/sessions/{session['id']}")
    assert 'data-testid="closed-notice"' in hub.text
    assert 'data-testid="reopen-session"' not in hub.text  # facilitators cannot reopen
    edit = await _post(
        client, f"/forum/sessions/{session['id']}/edit", _session_form(disdukcapil["id"])
    )
    assert edit.status_code == 409
    assert "sudah ditutup" in edit.text


async def test_a_facilitator_may_not_reopen(client, facilitator, disdukcapil):
    session = await make_forum_session(disdukcapil["id"], "closed")
    await login(client, facilitator)
    response = await _post(client, f"/forum/sessions/{session['id']}/reopen")
    assert response.status_code == 403
    assert (await ForumSession.select().first())["status"] == "closed"


async def test_a_manager_of_the_unit_reopens_and_it_is_audited(
    client, manager_of_disdukcapil, disdukcapil
):
    session = await make_forum_session(disdukcapil["id"], "closed")
    await login(client, manager_of_disdukcapil)
    response = await _post(client, f"/forum/sessions/{session['id']}/reopen")
    assert response.status_code == 303
    assert (await ForumSession.select().first())["status"] == "open"
    assert (await ServicePoint.select().first())["active"] is True
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["username"], entry["previous"]["status"]) == (
        "reopen",
        "kadis",
        "closed",
    )


async def test_a_manager_of_another_unit_cannot_reopen(client, manager_of_rsud, disdukcapil):
    session = await make_forum_session(disdukcapil["id"], "closed")
    await login(client, manager_of_rsud)
    response = await _post(client, f"/forum/sessions/{session['id']}/reopen")
    assert response.status_code == 404
    assert (await ForumSession.select().first())["status"] == "closed"


async def test_an_admin_reopens_any_session(client, admin, disdukcapil):
    session = await make_forum_session(disdukcapil["id"], "closed")
    await login(client, admin)
    response = await _post(client, f"/forum/sessions/{session['id']}/reopen")
    assert response.status_code == 303


async def test_an_edit_updates_attendance_and_the_history_shows_previous_values(
    client, facilitator, manager_of_disdukcapil, disdukcapil
):
    session = await make_forum_session(disdukcapil["id"], "open", attendance_male=4)
    await login(client, facilitator)
    response = await _post(
        client,
        f"/forum/sessions/{session['id']}/edit",
        _session_form(disdukcapil["id"], attendance_male="41"),
    )
    assert response.status_code == 303
    assert (await ForumSession.select().first())["attendance_male"] == 41
    assert (await client.get(f"/forum/sessions/{session['id']}/history")).status_code == 403
    client.cookies.clear()
    await login(client, manager_of_disdukcapil)
    history = await client.get(f"/forum/sessions/{session['id']}/history")
    assert history.status_code == 200
    assert "<del>4</del>" in history.text and "<ins>41</ins>" in history.text
    assert "fasil" in history.text
    assert 'data-testid="history"' in history.text
    assert '<td data-testid="history-action">Diubah</td>' in history.text


async def test_a_manager_of_another_unit_cannot_read_the_history(
    client, manager_of_rsud, disdukcapil
):
    session = await make_forum_session(disdukcapil["id"], "open")
    await login(client, manager_of_rsud)
    assert (await client.get(f"/forum/sessions/{session['id']}/history")).status_code == 404
