import csv
import io

import pytest

from surveys.store.audit import recent_audit_entries
from surveys.store.tables import ForumInput
from tests.factories import login, make_forum_session, make_user

HX = {"HX-Request": "true"}


async def _post(client, url, data=None, headers=None):
    payload = {**(data or {}), "_csrf_token": client.cookies.get("csrftoken")}
    return await client.post(url, data=payload, headers=headers or {})


@pytest.fixture
async def session(disdukcapil):
    return await make_forum_session(disdukcapil["id"], "open")


@pytest.fixture
async def logged_in(client, facilitator):
    await login(client, facilitator)
    return client


def _input(**changes):
    values = {
        "kind": "pengaduan",
        "topic": "U3",
        "text": "Antrean KTP-el terlalu lama.",
        "votes": "14",
        "addressed_unit": "",
        "client_key": "input-key-0001",
    }
    return values | changes


async def test_an_input_is_recorded_and_listed(logged_in, session):
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input())
    assert response.status_code == 303
    page = await logged_in.get(response.headers["location"])
    assert "Antrean KTP-el terlalu lama." in page.text
    assert "Waktu Penyelesaian" in page.text  # the topic shown by the element's name
    row = await ForumInput.select().first()
    assert (row["kind"], row["topic"], row["votes"], row["client_key"]) == (
        "pengaduan",
        "U3",
        14,
        "input-key-0001",
    )


async def test_with_htmx_an_input_returns_the_list_fragment_and_a_resend_stores_once(
    logged_in, session
):
    for _ in range(2):
        response = await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input(), HX)
        assert response.status_code == 200
        assert response.text.lstrip().startswith('<section id="inputs-list"')
    assert await ForumInput.count() == 1


async def test_a_bad_input_keeps_what_was_typed(logged_in, session):
    response = await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/inputs",
        _input(text="", votes="-2", kind="saran"),
    )
    assert response.status_code == 422
    assert 'data-testid="error-text"' in response.text
    assert 'data-testid="error-votes"' in response.text
    assert '<option value="saran" selected>' in response.text
    fragment = await _post(
        logged_in, f"/forum/sessions/{session['id']}/inputs", _input(topic="nope"), HX
    )
    assert fragment.status_code == 422 and "data-error-message" in fragment.text
    assert await ForumInput.count() == 0


async def test_filters_narrow_the_list_as_a_page_and_as_a_fragment(logged_in, session, rsud):
    await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input())
    await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/inputs",
        _input(
            kind="aspirasi",
            topic="air_bersih",
            text="Sumur bor untuk RW 2.",
            addressed_unit=str(rsud["id"]),
            client_key="input-key-0002",
        ),
    )
    base = f"/forum/sessions/{session['id']}/inputs"
    page = await logged_in.get(base + "?kind=aspirasi")
    assert "Sumur bor" in page.text and "Antrean KTP-el" not in page.text
    assert "<html" in page.text
    fragment = await logged_in.get(base + "?topic=U3", headers=HX)
    assert "<html" not in fragment.text
    assert "Antrean KTP-el" in fragment.text and "Sumur bor" not in fragment.text
    by_unit = await logged_in.get(base + f"?unit={rsud['id']}", headers=HX)
    assert "Sumur bor" in by_unit.text and "Antrean" not in by_unit.text


async def test_an_edit_is_audited_with_the_previous_values(logged_in, session):
    await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input())
    row = await ForumInput.select(ForumInput.id).first()
    edit_url = f"/forum/sessions/{session['id']}/inputs/{row['id']}/edit"
    form = await logged_in.get(edit_url)
    assert "Antrean KTP-el terlalu lama." in form.text
    response = await _post(logged_in, edit_url, _input(votes="30"))
    assert response.status_code == 303
    entry = (await recent_audit_entries())[0]
    assert (entry["action"], entry["previous"]["votes"], entry["current"]["votes"]) == (
        "update",
        14,
        30,
    )


async def test_a_delete_is_audited(logged_in, session):
    await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input())
    row = await ForumInput.select(ForumInput.id).first()
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/inputs/{row['id']}/delete")
    assert response.status_code == 303
    assert await ForumInput.count() == 0
    entry = (await recent_audit_entries())[0]
    assert (
        entry["action"] == "delete" and entry["previous"]["text"] == "Antrean KTP-el terlalu lama."
    )


async def test_the_csv_export_follows_the_filters_and_defuses_formulas(logged_in, session):
    await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input())
    await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/inputs",
        _input(kind="saran", text="=HYPERLINK(1)", votes="3", client_key="input-key-0003"),
    )
    export = await logged_in.get(f"/forum/sessions/{session['id']}/inputs.csv")
    assert export.status_code == 200
    assert export.headers["content-type"].startswith("text/csv")
    assert export.content.startswith(b"\xef\xbb\xbfsession_id,")  # Excel reads it as UTF-8
    rows = list(csv.DictReader(io.StringIO(export.text)))
    assert [row["votes"] for row in rows] == ["14", "3"]
    assert rows[1]["text"] == "'=HYPERLINK(1)"
    assert rows[0]["topic_label"] == "Waktu Penyelesaian"
    only = await logged_in.get(f"/forum/sessions/{session['id']}/inputs.csv?kind=saran")
    assert len(list(csv.DictReader(io.StringIO(only.text)))) == 1


async def test_a_closed_session_refuses_input_writes(logged_in, disdukcapil, session):
    await _post(logged_in, f"/forum/sessions/{session['id']}/inputs", _input())
    row = await ForumInput.select(ForumInput.id).first()
    await _post(logged_in, f"/forum/sessions/{session['id']}/close")
    base = f"/forum/sessions/{session['id']}/inputs"
    created = await _post(logged_in, base, _input(client_key="input-key-0009"))
    assert created.status_code == 409 and "sudah ditutup" in created.text
    fragment = await _post(logged_in, base, _input(client_key="input-key-0009"), HX)
    assert fragment.status_code == 409 and "data-error-message" in fragment.text
    edited = await _post(logged_in, f"{base}/{row['id']}/edit", _input(votes="1"))
    assert edited.status_code == 409
    deleted = await _post(logged_in, f"{base}/{row['id']}/delete")
    assert deleted.status_code == 409
    assert (await ForumInput.select(ForumInput.votes).first())["votes"] == 14


async def test_another_units_facilitator_cannot_touch_an_input(client, session, rsud):
    other = await make_user("fasil-rsud", "facilitator", [rsud["code"]])
    await login(client, other)
    response = await client.get(f"/forum/sessions/{session['id']}/inputs/1/edit")
    assert response.status_code == 404


async def test_the_summary_and_the_berita_acara_show_attendance_result_and_ranked_inputs(
    logged_in, disdukcapil
):
    session = await make_forum_session(
        disdukcapil["id"], "open", attendance_male=12, attendance_female=9
    )
    base = f"/forum/sessions/{session['id']}"
    await _post(logged_in, f"{base}/paper", {"code": "444444444", "client_key": "sum-paper-1"})
    await _post(logged_in, f"{base}/inputs", _input(votes="5", client_key="sum-input-01"))
    await _post(
        logged_in,
        f"{base}/inputs",
        _input(
            text="Jalan berlubang di RT 4.",
            topic="infrastruktur_jalan",
            votes="40",
            client_key="sum-input-02",
        ),
    )
    for path in ("/summary", "/berita-acara"):
        page = await logged_in.get(base + path)
        assert page.status_code == 200
        assert 'data-testid="attendance-table"' in page.text
        assert ">21<" in page.text  # total attendance
        assert 'data-testid="session-ikm">100,00<' in page.text
        assert page.text.index("Jalan berlubang") < page.text.index("Antrean KTP-el")
    record = await logged_in.get(base + "/berita-acara")
    assert "BERITA ACARA" in record.text and "/static/print.js" in record.text
