from datetime import UTC, date, datetime, timedelta

import pytest

from surveys.forum import sessions as q
from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.accounts import account_by_id
from surveys.store.tables import ForumSession, ServicePoint
from tests.factories import make_forum_session, make_responses

NOW = datetime(2026, 3, 10, 2, 0, tzinfo=UTC)
TODAY = date(2026, 3, 10)


def _fields(unit_id: int, **changes) -> q.SessionFields:
    values = {
        "unit": unit_id,
        "area": "Kelurahan Durian II, Kecamatan Barangin",
        "kind": "musyawarah_kelurahan",
        "held_on": TODAY,
        "place": "Balai Kelurahan",
        "attendance_male": 20,
        "attendance_female": 15,
    }
    return q.SessionFields(**(values | changes))


@pytest.fixture
async def fasil(facilitator):
    return await account_by_id(facilitator["id"])


@pytest.fixture
async def boss(manager_of_disdukcapil):
    return await account_by_id(manager_of_disdukcapil["id"])


async def test_it_creates_a_draft_session_and_audits_it(disdukcapil, fasil):
    session_id = await q.create_session(_fields(disdukcapil["id"]), fasil)
    session = await q.session_by_id(session_id)
    assert session["status"] == "draft"
    assert session["unit_code"] == "DISDUKCAPIL"
    assert session["facilitator_name"] == "fasil"
    [entry] = await q.session_history(session)
    assert entry["action"] == "create"
    assert entry["current"]["attendance_male"] == 20


async def test_it_lists_only_sessions_of_the_given_units_open_first(disdukcapil, rsud):
    older_open = await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 1, 5))
    newer_draft = await make_forum_session(disdukcapil["id"], held_on=date(2026, 3, 1))
    await make_forum_session(rsud["id"], "open")
    rows = await q.sessions_for({disdukcapil["id"]})
    assert [row["id"] for row in rows] == [older_open["id"], newer_draft["id"]]
    assert len(await q.sessions_for(None)) == 3
    assert await q.sessions_for(set()) == []


async def test_opening_gives_the_session_its_own_forum_service_point(disdukcapil, fasil):
    session_id = await q.create_session(_fields(disdukcapil["id"]), fasil)
    await q.open_session(session_id, fasil, "tok" * 10, "Forum Durian II", NOW, TODAY)
    session = await q.session_by_id(session_id)
    assert session["status"] == "open" and session["opened_at"] is not None
    point = await ServicePoint.select().where(ServicePoint.id == session["service_point"]).first()
    assert (point["kind"], point["unit"], point["token"], point["active"]) == (
        "forum",
        disdukcapil["id"],
        "tok" * 10,
        True,
    )
    actions = [(e["table_name"], e["action"]) for e in await q.session_history(session)]
    assert ("service_point", "create") in actions and ("forum_session", "open") in actions


async def test_it_refuses_to_open_a_session_dated_in_the_future(disdukcapil, fasil):
    session_id = await q.create_session(
        _fields(disdukcapil["id"], held_on=TODAY + timedelta(days=1)), fasil
    )
    with pytest.raises(q.SessionInFuture):
        await q.open_session(session_id, fasil, "t" * 32, "Forum", NOW, TODAY)
    assert not await ServicePoint.exists()


async def test_closing_deactivates_the_point_and_locks_writes(disdukcapil, fasil):
    session = await make_forum_session(disdukcapil["id"], "open")
    await q.close_session(session["id"], fasil, NOW)
    row = await q.session_by_id(session["id"])
    assert row["status"] == "closed" and row["point_active"] is False
    with pytest.raises(q.SessionClosed):
        await q.update_session(session["id"], _fields(disdukcapil["id"]), fasil)
    with pytest.raises(q.SessionClosed):
        await q.open_session(session["id"], fasil, "x" * 32, "Forum", NOW, TODAY)


async def test_reopening_is_audited_with_the_previous_state(disdukcapil, fasil, boss):
    session = await make_forum_session(disdukcapil["id"], "open")
    await q.close_session(session["id"], fasil, NOW)
    await q.reopen_session(session["id"], boss)
    row = await q.session_by_id(session["id"])
    assert row["status"] == "open" and row["point_active"] is True and row["closed_at"] is None
    reopen = (await q.session_history(row))[0]
    assert (reopen["action"], reopen["username"]) == ("reopen", "kadis")
    assert reopen["previous"]["status"] == "closed"
    assert reopen["previous"]["closed_at"] is not None


async def test_it_reopens_only_a_closed_session(disdukcapil, boss):
    session = await make_forum_session(disdukcapil["id"], "open")
    with pytest.raises(q.SessionNotClosed):
        await q.reopen_session(session["id"], boss)


async def test_an_update_records_the_previous_values_and_keeps_the_unit_once_open(
    disdukcapil, rsud, fasil
):
    session = await make_forum_session(disdukcapil["id"], "open", attendance_male=3)
    await q.update_session(
        session["id"], _fields(rsud["id"], attendance_male=30, place="Aula"), fasil
    )
    row = await q.session_by_id(session["id"])
    assert (row["unit"], row["attendance_male"], row["place"]) == (disdukcapil["id"], 30, "Aula")
    [entry] = await q.session_history(row)
    assert entry["previous"]["attendance_male"] == 3
    assert entry["previous"]["place"] == "Balai warga"
    assert entry["current"]["attendance_male"] == 30


async def test_the_history_leaves_out_other_sessions(disdukcapil, fasil):
    first = await q.create_session(_fields(disdukcapil["id"]), fasil)
    second = await q.create_session(_fields(disdukcapil["id"], place="Masjid"), fasil)
    await q.open_session(second, fasil, "s" * 32, "Forum", NOW, TODAY)
    history = await q.session_history(await q.session_by_id(first))
    assert [(e["table_name"], e["row_id"]) for e in history] == [("forum_session", first)]


async def test_the_session_score_counts_only_its_own_valid_questionnaires(disdukcapil):
    session = await make_forum_session(disdukcapil["id"], "open")
    other = await make_forum_session(disdukcapil["id"], "open")
    at = datetime.now(DEFAULT_TIMEZONE)
    await make_responses(
        disdukcapil["id"], [{"U1": 4, "U2": 3}, {"U1": 2}], at, forum_session=session["id"]
    )
    await make_responses(disdukcapil["id"], [{"U1": 1}], at, forum_session=other["id"])
    await make_responses(
        disdukcapil["id"], [{"U1": 1}], at, forum_session=session["id"], status="flagged"
    )
    await make_responses(disdukcapil["id"], [{"U1": 1}], at)
    totals = await q.session_totals(session["id"])
    assert totals.n == 2
    assert (totals.totals["U1"].total, totals.totals["U1"].count) == (6, 2)
    assert (totals.totals["U2"].total, totals.totals["U2"].count) == (3, 1)


async def test_reconciliation_counts_each_channel_and_warns_above_attendance(disdukcapil):
    session = await make_forum_session(
        disdukcapil["id"], "open", attendance_male=2, attendance_female=1
    )
    at = datetime.now(DEFAULT_TIMEZONE)
    sid = session["id"]
    await make_responses(
        disdukcapil["id"],
        [{"U1": 4}],
        at,
        forum_session=sid,
        channel="forum_paper",
        dedupe_key="fp:abc",
    )
    await make_responses(
        disdukcapil["id"],
        [{"U1": 4}],
        at,
        forum_session=sid,
        channel="forum_paper",
        dedupe_key="a" * 64,
    )
    await make_responses(disdukcapil["id"], [{"U1": 4}], at, forum_session=sid, channel="forum")
    await make_responses(disdukcapil["id"], [{"U1": 3}], at, channel="forum")  # no session
    row = await q.session_by_id(sid)
    counts = await q.session_reconciliation(row)
    assert (counts.paper, counts.upload, counts.phone, counts.tally) == (1, 1, 1, 0)
    assert counts.total == 3 and not counts.exceeds_attendance
    await make_responses(
        disdukcapil["id"], [{"U1": 4}], at, forum_session=sid, channel="forum_tally"
    )
    counts = await q.session_reconciliation(row)
    assert counts.total == 4 and counts.exceeds_attendance


async def test_a_session_without_attendance_never_warns(disdukcapil):
    session = await make_forum_session(disdukcapil["id"], "open")
    await make_responses(
        disdukcapil["id"], [{"U1": 4}], datetime.now(DEFAULT_TIMEZONE), forum_session=session["id"]
    )
    counts = await q.session_reconciliation(await q.session_by_id(session["id"]))
    assert counts.total == 1 and not counts.exceeds_attendance


async def test_sessions_table_has_no_leftover_rows_between_tests(db):
    assert not await ForumSession.exists()
