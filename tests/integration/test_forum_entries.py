import asyncio
from datetime import UTC, date, datetime

import pytest

from surveys.forum import entries
from surveys.forum import sessions as q
from surveys.forum.paper import expand_tally, parse_paper_code
from surveys.method.periods import DEFAULT_TIMEZONE, Period
from surveys.store.accounts import account_by_id
from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.audit import recent_audit_entries
from surveys.store.scores import unit_totals
from surveys.store.tables import Response
from tests.factories import check_case_answers, make_forum_session, make_responses

TZ = DEFAULT_TIMEZONE


@pytest.fixture
async def fasil(facilitator):
    return await account_by_id(facilitator["id"])


@pytest.fixture
async def session(disdukcapil):
    return await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 3, 10))


def _now():
    return datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 in Jakarta, the forum's day


async def _paper(session, fasil, code, key):
    return await entries.record_paper_entry(
        session["id"], parse_paper_code(code), key, fasil, _now(), TZ
    )


async def test_a_paper_form_is_stored_with_its_session_channel_and_profile(session, fasil):
    assert await _paper(session, fasil, "34-344334 P 45 SMA # antre lama", "key-1")
    row = await Response.select().first()
    assert row["channel"] == "forum_paper"
    assert row["forum_session"] == session["id"] and row["unit"] == session["unit"]
    assert [row[f"u{i}"] for i in range(1, 10)] == [3, 4, None, 3, 4, 4, 3, 3, 4]
    assert (row["gender"], row["age"], row["education"], row["comment"]) == (
        "P",
        45,
        "SMA",
        "antre lama",
    )
    assert row["local_day"] == date(2026, 3, 10)
    assert row["dedupe_key"] == "fp:key-1"


async def test_a_paper_form_entered_after_the_forum_day_counts_on_that_day(disdukcapil, fasil):
    past = await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 2, 1))
    await _paper(past, fasil, "444444444", "late")
    row = await Response.select(Response.local_day, Response.submitted_at).first()
    assert row["local_day"] == date(2026, 2, 1)
    assert row["submitted_at"].astimezone(TZ).hour == 12


async def test_a_resent_paper_form_is_stored_once(session, fasil):
    assert await _paper(session, fasil, "343344334", "same-key")
    assert not await _paper(session, fasil, "343344334", "same-key")
    assert await Response.count() == 1
    creates = [e for e in await recent_audit_entries() if e["action"] == "create"]
    assert len(creates) == 1


async def test_concurrent_resends_store_once(session, fasil):
    results = await asyncio.gather(
        *[_paper(session, fasil, "343344334", "racing-key") for _ in range(4)]
    )
    assert sorted(results) == [False, False, False, True]
    assert await Response.count() == 1


async def test_paper_forms_refresh_the_unit_aggregates(session, fasil, disdukcapil):
    await _paper(session, fasil, "444444444", "a")
    await _paper(session, fasil, "222222222", "b")
    totals = await unit_totals(Period(date(2026, 3, 1), date(2026, 3, 31)), disdukcapil["id"])
    assert totals.n == 2 and totals.totals["U1"].total == 6


async def test_a_closed_session_refuses_paper_tally_and_undo(session, fasil):
    await _paper(session, fasil, "444444444", "before")
    await q.close_session(session["id"], fasil, _now())
    with pytest.raises(q.SessionClosed):
        await _paper(session, fasil, "444444444", "after")
    with pytest.raises(q.SessionClosed):
        await entries.record_tally(session["id"], {"U1": {4: 1}}, "t", fasil, _now(), TZ)
    row = await Response.select(Response.id).first()
    with pytest.raises(q.SessionClosed):
        await entries.undo_entry(session["id"], row["id"], fasil)
    assert await Response.count() == 1


async def test_a_draft_session_takes_no_entries_yet(disdukcapil, fasil):
    draft = await make_forum_session(disdukcapil["id"])
    with pytest.raises(q.SessionNotOpen):
        await _paper(draft, fasil, "444444444", "k")


async def test_a_resend_of_a_stored_entry_after_closing_still_counts_as_stored(session, fasil):
    await _paper(session, fasil, "444444444", "sent-twice")
    await q.close_session(session["id"], fasil, _now())
    assert not await _paper(session, fasil, "444444444", "sent-twice")


async def test_undo_deletes_the_paper_form_refreshes_scores_and_audits_it(
    session, fasil, disdukcapil
):
    await _paper(session, fasil, "111111111", "first")
    await _paper(session, fasil, "444444444 L", "second")
    [newest, _] = await entries.recent_entries(session["id"])
    undone = await entries.undo_entry(session["id"], newest.id, fasil)
    assert undone.code == "444444444 L"
    assert await Response.count() == 1
    day = await ScoreDaily.select(ScoreDaily.n, ScoreDaily.s1).first()
    assert (day["n"], day["s1"]) == (1, 1)
    deletion = (await recent_audit_entries())[0]
    assert deletion["action"] == "delete" and deletion["current"] is None
    assert deletion["previous"]["code"] == "444444444 L"
    assert deletion["previous"]["forum_session"] == session["id"]
    assert await entries.undo_entry(session["id"], newest.id, fasil) is None


async def test_undo_does_not_touch_another_sessions_or_a_phone_response(
    session, fasil, disdukcapil
):
    other = await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 3, 10))
    await _paper(other, fasil, "444444444", "theirs")
    await make_responses(
        disdukcapil["id"], [{"U1": 3}], _now(), forum_session=session["id"], channel="forum"
    )
    for row in await Response.select(Response.id):
        assert await entries.undo_entry(session["id"], row["id"], fasil) is None
    assert await Response.count() == 2


async def test_a_tally_is_stored_as_rows_and_undone_as_a_whole(session, fasil):
    counts = {"U1": {4: 3, 3: 2}, "U2": {2: 1}}
    assert await entries.record_tally(session["id"], counts, "tally-1", fasil, _now(), TZ)
    assert not await entries.record_tally(session["id"], counts, "tally-1", fasil, _now(), TZ)
    rows = await Response.select().order_by(Response.id)
    assert len(rows) == 5 and {row["channel"] for row in rows} == {"forum_tally"}
    assert [row["u2"] for row in rows] == [2, None, None, None, None]
    await _paper(session, fasil, "444444444", "after-tally")
    recent = await entries.recent_entries(session["id"])
    assert [(e.kind, e.rows) for e in recent] == [("paper", 1), ("tally", 5)]
    undone = await entries.undo_entry(session["id"], rows[3]["id"], fasil)
    assert (undone.kind, undone.rows) == ("tally", 5)
    assert await Response.count() == 1
    deletion = (await recent_audit_entries())[0]
    assert deletion["previous"]["tally"]["U1"] == {"1": 0, "2": 0, "3": 2, "4": 3}


async def test_a_tally_scores_exactly_like_the_same_forms_entered_one_by_one(disdukcapil, fasil):
    """The SKM check case, once as a tally and once as 29 individual forms."""
    tallied = await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 3, 10))
    answers = check_case_answers()
    counts = {code: {} for code in answers[0]}
    for answer in answers:
        for code, value in answer.items():
            counts[code][value] = counts[code].get(value, 0) + 1
    await entries.record_tally(tallied["id"], counts, "check-case", fasil, _now(), TZ)
    typed = await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 3, 10))
    for index, answer in enumerate(answers):
        code = "".join(str(answer[f"U{i}"]) for i in range(1, 10))
        await _paper(typed, fasil, code, f"typed-{index}")
    from_tally = (await q.session_totals(tallied["id"])).ikm()
    one_by_one = (await q.session_totals(typed["id"])).ikm()
    assert str(from_tally.ikm) == str(one_by_one.ikm) == "91.48"
    assert from_tally == one_by_one
    assert len(expand_tally(counts)) == 29


async def test_recent_entries_are_those_of_the_session_newest_first(session, fasil, disdukcapil):
    other = await make_forum_session(disdukcapil["id"], "open", held_on=date(2026, 3, 10))
    for index in range(10):
        await _paper(session, fasil, f"{index % 4 + 1}44444444", f"mine-{index}")
    await _paper(other, fasil, "111111111", "not-mine")
    recent = await entries.recent_entries(session["id"], limit=3)
    assert [e.code for e in recent] == ["244444444", "144444444", "444444444"]
