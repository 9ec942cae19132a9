import asyncio
from datetime import UTC, datetime

import pytest

from surveys.forum import inputs
from surveys.forum import sessions as q
from surveys.store.accounts import account_by_id
from surveys.store.audit import recent_audit_entries
from surveys.store.tables import ForumInput
from tests.factories import make_forum_session


@pytest.fixture
async def fasil(facilitator):
    return await account_by_id(facilitator["id"])


@pytest.fixture
async def session(disdukcapil):
    return await make_forum_session(disdukcapil["id"], "open")


def _fields(**changes) -> inputs.InputFields:
    values = {
        "kind": "aspirasi",
        "topic": "air_bersih",
        "text": "Air PDAM sering mati di RT 03.",
        "votes": 12,
        "addressed_unit": None,
    }
    return inputs.InputFields(**(values | changes))


async def test_an_input_is_stored_once_per_client_key(session, fasil):
    assert await inputs.create_input(session["id"], _fields(), "k-1", fasil)
    assert not await inputs.create_input(session["id"], _fields(), "k-1", fasil)
    assert await ForumInput.count() == 1
    [entry] = await recent_audit_entries()
    assert entry["table_name"] == "forum_input" and entry["current"]["votes"] == 12


async def test_concurrent_resends_of_an_input_store_once(session, fasil):
    results = await asyncio.gather(
        *[inputs.create_input(session["id"], _fields(), "twin", fasil) for _ in range(3)]
    )
    assert sorted(results) == [False, False, True]
    assert await ForumInput.count() == 1


async def test_inputs_are_ranked_by_votes_and_filtered(session, fasil, disdukcapil, rsud):
    other = await make_forum_session(disdukcapil["id"], "open")
    await inputs.create_input(session["id"], _fields(votes=3), "a", fasil)
    await inputs.create_input(
        session["id"],
        _fields(kind="pengaduan", topic="U3", votes=40, addressed_unit=rsud["id"]),
        "b",
        fasil,
    )
    await inputs.create_input(session["id"], _fields(kind="saran", votes=7), "c", fasil)
    await inputs.create_input(other["id"], _fields(votes=99), "d", fasil)
    ranked = await inputs.session_inputs(session["id"])
    assert [row["votes"] for row in ranked] == [40, 7, 3]
    assert ranked[0]["addressed_unit_code"] == "RSUD"
    only = await inputs.session_inputs(session["id"], inputs.InputFilters(kind="saran"))
    assert [row["votes"] for row in only] == [7]
    topic = await inputs.session_inputs(session["id"], inputs.InputFilters(topic="air_bersih"))
    assert [row["votes"] for row in topic] == [7, 3]
    unit = await inputs.session_inputs(
        session["id"], inputs.InputFilters(addressed_unit=rsud["id"])
    )
    assert [row["votes"] for row in unit] == [40]


async def test_an_edit_is_audited_with_the_previous_values(session, fasil):
    await inputs.create_input(session["id"], _fields(), "e", fasil)
    row = await ForumInput.select(ForumInput.id).first()
    assert await inputs.update_input(
        session["id"], row["id"], _fields(votes=30, text="Air mati tiap pagi."), fasil
    )
    entry = (await recent_audit_entries())[0]
    assert entry["action"] == "update"
    assert (entry["previous"]["votes"], entry["current"]["votes"]) == (12, 30)
    assert entry["previous"]["text"] == "Air PDAM sering mati di RT 03."
    history = await q.session_history(await q.session_by_id(session["id"]))
    assert [e["action"] for e in history] == ["update", "create"]


async def test_a_delete_is_audited_and_refused_for_another_sessions_input(
    session, fasil, disdukcapil
):
    other = await make_forum_session(disdukcapil["id"], "open")
    await inputs.create_input(other["id"], _fields(), "theirs", fasil)
    row = await ForumInput.select(ForumInput.id).first()
    assert not await inputs.delete_input(session["id"], row["id"], fasil)
    assert not await inputs.update_input(session["id"], row["id"], _fields(), fasil)
    assert await inputs.delete_input(other["id"], row["id"], fasil)
    entry = (await recent_audit_entries())[0]
    assert entry["action"] == "delete" and entry["previous"]["topic"] == "air_bersih"
    assert await ForumInput.count() == 0


async def test_a_closed_session_refuses_every_input_write(session, fasil):
    await inputs.create_input(session["id"], _fields(), "before", fasil)
    row = await ForumInput.select(ForumInput.id).first()
    await q.close_session(session["id"], fasil, datetime.now(UTC))
    with pytest.raises(q.SessionClosed):
        await inputs.create_input(session["id"], _fields(), "after", fasil)
    with pytest.raises(q.SessionClosed):
        await inputs.update_input(session["id"], row["id"], _fields(votes=1), fasil)
    with pytest.raises(q.SessionClosed):
        await inputs.delete_input(session["id"], row["id"], fasil)
    assert not await inputs.create_input(session["id"], _fields(), "before", fasil)
    assert await ForumInput.count() == 1
