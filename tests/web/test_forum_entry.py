from datetime import datetime

import pytest

from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.audit import recent_audit_entries
from surveys.store.tables import Response
from tests.factories import (
    check_case_answers,
    client_at,
    login,
    make_forum_session,
    make_unit,
    make_user,
)

HX = {"HX-Request": "true"}


async def _post(client, url, data=None, headers=None, files=None):
    payload = {**(data or {}), "_csrf_token": client.cookies.get("csrftoken")}
    return await client.post(url, data=payload, headers=headers or {}, files=files)


@pytest.fixture
async def session(disdukcapil):
    return await make_forum_session(disdukcapil["id"], "open", attendance_male=2)


@pytest.fixture
async def logged_in(client, facilitator):
    await login(client, facilitator)
    return client


async def _paper(client, session, code, key, headers=None):
    return await _post(
        client,
        f"/forum/sessions/{session['id']}/paper",
        {"code": code, "client_key": key},
        headers,
    )


async def test_the_paper_page_explains_the_code_and_carries_the_rules(logged_in, session):
    page = await logged_in.get(f"/forum/sessions/{session['id']}/paper")
    assert page.status_code == 200
    assert 'data-testid="paper-code"' in page.text and "autofocus" in page.text
    assert "data-rules=" in page.text and "twice_gender" in page.text
    assert "343344334 L 45 SMA SWASTA" in page.text
    assert 'name="client_key"' in page.text


async def test_a_paper_form_is_stored_and_the_browser_sent_back_to_an_empty_form(
    logged_in, session
):
    response = await _paper(logged_in, session, "343344334 L 45", "key-00000001")
    assert response.status_code == 303
    assert response.headers["location"] == f"/forum/sessions/{session['id']}/paper"
    row = await Response.select().first()
    assert (row["channel"], row["forum_session"], row["u1"], row["gender"], row["age"]) == (
        "forum_paper",
        session["id"],
        3,
        "L",
        45,
    )
    page = await logged_in.get(response.headers["location"])
    assert 'data-testid="count-paper">1<' in page.text
    assert "<code>343344334 L 45</code>" in page.text


async def test_with_htmx_a_paper_form_returns_only_the_status_fragment(logged_in, session):
    response = await _paper(logged_in, session, "444444444", "key-00000002", HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="entry-status"')
    assert "<html" not in response.text
    assert 'data-testid="count-paper">1<' in response.text
    assert 'data-testid="session-ikm">100,00<' in response.text


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("343354334", "Angka ke-5 (U5) adalah 5"),
        ("34334433", "terketik 8"),
        ("343344334 Q", "Kode profil Q tidak dikenal"),
    ],
)
async def test_a_wrong_code_is_refused_with_its_reason_and_kept(logged_in, session, code, message):
    plain = await _paper(logged_in, session, code, "key-00000003")
    assert plain.status_code == 422
    assert message in plain.text
    assert f'value="{code}"' in plain.text
    assert 'aria-invalid="true"' in plain.text
    fragment = await _paper(logged_in, session, code, "key-00000003", HX)
    assert fragment.status_code == 422
    assert "data-error-message" in fragment.text and message in fragment.text
    assert "<html" not in fragment.text
    assert await Response.count() == 0


async def test_a_resent_paper_form_is_stored_once(logged_in, session):
    for headers in ({}, HX, HX):
        response = await _paper(logged_in, session, "343344334", "same-key-123", headers)
        assert response.status_code in (200, 303)
    assert await Response.count() == 1


async def test_a_closed_session_refuses_paper_with_a_clear_message(logged_in, disdukcapil):
    closed = await make_forum_session(disdukcapil["id"], "closed")
    plain = await _paper(logged_in, closed, "343344334", "key-00000004")
    assert plain.status_code == 409
    assert "sudah ditutup" in plain.text and 'value="343344334"' in plain.text
    fragment = await _paper(logged_in, closed, "343344334", "key-00000004", HX)
    assert fragment.status_code == 409 and "sudah ditutup" in fragment.text
    assert await Response.count() == 0


async def test_undo_removes_the_newest_entry_and_is_audited(logged_in, session):
    await _paper(logged_in, session, "111111111", "key-first-1")
    await _paper(logged_in, session, "444444444", "key-second")
    newest = await Response.select(Response.id).order_by(Response.id, ascending=False).first()
    page = await logged_in.get(f"/forum/sessions/{session['id']}/paper")
    assert f'name="entry" value="{newest["id"]}"' in page.text
    response = await _post(
        logged_in, f"/forum/sessions/{session['id']}/undo", {"entry": newest["id"]}
    )
    assert response.status_code == 303
    assert [row["u1"] for row in await Response.select(Response.u1)] == [1]
    fragment = await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/undo",
        {"entry": (await Response.select(Response.id).first())["id"]},
        HX,
    )
    assert fragment.status_code == 200 and 'id="entry-status"' in fragment.text
    assert await Response.count() == 0
    deletions = [e for e in await recent_audit_entries() if e["action"] == "delete"]
    assert [e["previous"]["code"] for e in deletions] == ["111111111", "444444444"]


def _tally_form(counts: dict[str, dict[int, int]]) -> dict[str, str]:
    return {f"{code}_{value}": str(n) for code, per in counts.items() for value, n in per.items()}


async def test_a_tally_is_stored_as_rows_with_its_channel(logged_in, session):
    response = await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/tally",
        {**_tally_form({"U1": {4: 2, 3: 1}, "U2": {1: 1}}), "client_key": "tally-key-1"},
    )
    assert response.status_code == 303
    rows = await Response.select(Response.channel, Response.u1, Response.u2)
    assert len(rows) == 3 and {row["channel"] for row in rows} == {"forum_tally"}
    fragment = await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/tally",
        {**_tally_form({"U1": {4: 2, 3: 1}}), "client_key": "tally-key-1"},
        HX,
    )
    assert fragment.status_code == 200 and "Tally: 3 kuesioner" in fragment.text
    assert await Response.count() == 3


async def test_a_bad_tally_marks_each_bad_cell_and_keeps_every_value(logged_in, session):
    response = await _post(
        logged_in,
        f"/forum/sessions/{session['id']}/tally",
        {"U1_4": "12", "U2_3": "-1", "U5_2": "dua"},
    )
    assert response.status_code == 422
    assert 'value="12"' in response.text and 'value="dua"' in response.text
    assert response.text.count('aria-invalid="true"') == 2
    empty = await _post(logged_in, f"/forum/sessions/{session['id']}/tally", {"U1_1": "0"}, HX)
    assert empty.status_code == 422 and "Tally kosong" in empty.text
    assert await Response.count() == 0


async def test_a_tally_gives_the_same_ikm_as_the_same_forms_typed_one_by_one(client, admin):
    """Through the public API: the check case as a tally in one unit, typed in another."""
    tally_unit = await make_unit("TALLY", "Unit tally")
    typed_unit = await make_unit("TYPED", "Unit ketik")
    tallied = await make_forum_session(tally_unit["id"], "open")
    typed = await make_forum_session(typed_unit["id"], "open")
    await login(client, admin)
    answers = check_case_answers()
    counts: dict[str, dict[int, int]] = {}
    for answer in answers:
        for code, value in answer.items():
            counts.setdefault(code, {}).setdefault(value, 0)
            counts[code][value] += 1
    await _post(
        client,
        f"/forum/sessions/{tallied['id']}/tally",
        {**_tally_form(counts), "client_key": "check-case-tally"},
    )
    for index, answer in enumerate(answers):
        code = "".join(str(answer[f"U{i}"]) for i in range(1, 10))
        await _paper(client, typed, code, f"check-case-{index:02d}", HX)
    today = datetime.now(DEFAULT_TIMEZONE).date().isoformat()
    period = f"?from={today}&to={today}"
    from_tally = (await client.get(f"/api/v1/units/TALLY/ikm{period}")).json()
    one_by_one = (await client.get(f"/api/v1/units/TYPED/ikm{period}")).json()
    assert from_tally["ikm"] == one_by_one["ikm"] == "91.48"
    assert from_tally["n"] == one_by_one["n"] == 29
    assert from_tally["elements"] == one_by_one["elements"]


async def test_the_session_page_warns_when_questionnaires_exceed_attendance(logged_in, session):
    for index in range(3):
        await _paper(logged_in, session, "444444444", f"over-{index:04d}")
    hub = await logged_in.get(f"/forum/sessions/{session['id']}")
    assert 'data-testid="exceeds-attendance"' in hub.text
    assert 'data-testid="entry-total">3<' in hub.text


async def test_the_session_page_does_not_warn_within_attendance(logged_in, session):
    await _paper(logged_in, session, "444444444", "within-0001")
    hub = await logged_in.get(f"/forum/sessions/{session['id']}")
    assert 'data-testid="exceeds-attendance"' not in hub.text


CSV_HEADER = "unit_code,submitted_at,U1,U2,U3,U4,U5,U6,U7,U8,U9,gender\n"


async def test_an_uploaded_csv_becomes_the_sessions_paper_forms(logged_in, session):
    today = datetime.now(DEFAULT_TIMEZONE).date().isoformat()
    text = (
        CSV_HEADER
        + f"DISDUKCAPIL,{today},4,4,4,4,4,4,4,4,4,L\nDISDUKCAPIL,{today},3,3,3,3,3,3,3,3,3,P\n"
    )
    files = {"file": ("forum.csv", text.encode(), "text/csv")}
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", files=files)
    assert response.status_code == 200
    assert 'data-testid="upload-done"' in response.text
    rows = await Response.select(Response.channel, Response.forum_session)
    assert rows == [{"channel": "forum_paper", "forum_session": session["id"]}] * 2
    again = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", files=files)
    assert "0 kuesioner diimpor, 2 sudah ada" in again.text
    assert await Response.count() == 2
    assert 'data-testid="count-upload">2<' in again.text
    imports = [e for e in await recent_audit_entries() if e["action"] == "import"]
    assert len(imports) == 1 and imports[0]["current"]["created"] == 2


async def test_a_bad_csv_reports_every_bad_row_and_imports_nothing(logged_in, session, rsud):
    today = datetime.now(DEFAULT_TIMEZONE).date().isoformat()
    text = (
        CSV_HEADER
        + f"DISDUKCAPIL,{today},4,4,4,4,4,4,4,4,4,L\n"
        + f"DISDUKCAPIL,{today},5,4,4,4,4,4,4,4,4,L\n"
        + f"RSUD,{today},4,4,4,4,4,4,4,4,4,X\n"
    )
    files = {"file": ("forum.csv", text.encode(), "text/csv")}
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", files=files)
    assert response.status_code == 422
    assert response.text.count('data-testid="row-error"') == 3
    assert "bukan unit sesi forum ini" in response.text
    assert await Response.count() == 0


async def test_an_upload_without_a_file_or_to_a_closed_session_is_refused(
    logged_in, disdukcapil, session
):
    empty = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", {"x": "1"})
    assert empty.status_code == 400 and 'data-testid="upload-error"' in empty.text
    closed = await make_forum_session(disdukcapil["id"], "closed")
    files = {"file": ("f.csv", (CSV_HEADER + "DISDUKCAPIL,2026-01-01,4,,,,,,,,,\n").encode())}
    refused = await _post(logged_in, f"/forum/sessions/{closed['id']}/upload", files=files)
    assert refused.status_code == 409 and "sudah ditutup" in refused.text
    assert await Response.count() == 0


async def test_an_empty_or_oversized_upload_is_refused_in_the_forums_words(logged_in, session):
    url = f"/forum/sessions/{session['id']}/upload"
    empty = await _post(logged_in, url, files={"file": ("f.csv", "\ufeff\n".encode())})
    assert empty.status_code == 400 and "Berkas kosong." in empty.text
    big = b"x" * 2_000_001
    refused = await _post(logged_in, url, files={"file": ("f.csv", big)})
    assert refused.status_code == 400 and "paling besar 2 MB" in refused.text
    just_fits = CSV_HEADER.encode() + b" " * (2_000_000 - len(CSV_HEADER))
    fits = await _post(logged_in, url, files={"file": ("f.csv", just_fits)})
    assert "paling besar 2 MB" not in fits.text
    assert await Response.count() == 0


async def test_a_manager_of_the_unit_may_enter_papers_too(client, disdukcapil, session):
    manager = await make_user("kabid", "manager", [disdukcapil["code"]])
    await login(client, manager)
    response = await _paper(client, session, "444444444", "manager-key-1")
    assert response.status_code == 303


async def test_a_csv_with_hundreds_of_bad_rows_shows_the_first_hundred_and_the_count(
    logged_in, session
):
    today = datetime.now(DEFAULT_TIMEZONE).date().isoformat()
    text = CSV_HEADER + f"DISDUKCAPIL,{today},5,4,4,4,4,4,4,4,4,L\n" * 300
    files = {"file": ("forum.csv", text.encode(), "text/csv")}
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", files=files)

    assert response.status_code == 422
    assert response.text.count('data-testid="row-error"') == 100
    assert "300 masalah ditemukan" in response.text
    assert 'data-testid="row-errors-shown"' in response.text


async def test_a_refused_upload_offers_every_problem_as_csv_to_its_facilitator_alone(
    app, logged_in, session, disdukcapil
):
    import csv
    import io
    import re

    today = datetime.now(DEFAULT_TIMEZONE).date().isoformat()
    text = CSV_HEADER + f"DISDUKCAPIL,{today},5,4,4,4,4,4,4,4,4,L\n" * 300
    files = {"file": ("forum.csv", text.encode(), "text/csv")}
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", files=files)
    assert response.status_code == 422
    link = re.search(r'href="([^"]+)" download data-testid="row-errors-download"', response.text)
    assert link, "the page links to the full list"

    report = await logged_in.get(link.group(1))
    assert report.status_code == 200
    assert report.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "message"] and len(rows) == 301
    assert {row[1] for row in rows[1:]} == {"U1"}
    assert [int(row[0]) for row in rows[1:]] == list(range(2, 302))

    # Another facilitator of the same unit, and a stranger, do not get it.
    other = await make_user("fasil2", "facilitator", [disdukcapil["code"]])
    async with client_at(app, "203.0.113.9") as second:
        stranger = await second.get(link.group(1))
        assert stranger.status_code in (302, 303, 401) and b"row,column" not in stranger.content
        await login(second, other)
        assert (await second.get(link.group(1))).status_code == 404


async def test_a_clean_upload_offers_no_problem_list(logged_in, session):
    today = datetime.now(DEFAULT_TIMEZONE).date().isoformat()
    text = CSV_HEADER + f"DISDUKCAPIL,{today},4,4,4,4,4,4,4,4,4,L\n"
    files = {"file": ("forum.csv", text.encode(), "text/csv")}
    response = await _post(logged_in, f"/forum/sessions/{session['id']}/upload", files=files)
    assert response.status_code == 200
    assert 'data-testid="row-errors-download"' not in response.text
