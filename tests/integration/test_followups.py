"""Follow-up (RTL) and publication queries on a real database, with rows that must not match."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from surveys.method.periods import Period
from surveys.reporting import followup_queries as q
from surveys.reporting import publication as pub
from surveys.reporting.followups import indicators
from surveys.store.accounts import Account
from surveys.store.audit import recent_audit_entries
from surveys.store.tables import FollowUp, Publication
from surveys.store.units import unit_by_code
from tests.factories import check_case_answers, make_responses, make_unit

JAKARTA = ZoneInfo("Asia/Jakarta")
Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
Q2 = Period(date(2026, 4, 1), date(2026, 6, 30))
ACTOR = Account(id=None, username="kadis", role="manager", unit_ids=frozenset())  # type: ignore[arg-type]


def fields(period: Period = Q1, **changes) -> q.FollowUpFields:
    values = dict(
        element="U3",
        period_start=period.start,
        period_end=period.end,
        problem="Antrean panjang",
        action="Tambah loket",
        responsible="Kasi Pelayanan",
        target_date=date(2026, 5, 31),
        status="planned",
        done_on=None,
        evidence="",
    )
    return q.FollowUpFields(**(values | changes))


async def created_at(followup_id: int, moment: datetime) -> None:
    await FollowUp.update({FollowUp.created_at: moment}).where(FollowUp.id == followup_id)


async def test_creating_updating_and_deleting_an_item_is_audited(db):
    unit = await make_unit("A")
    item_id = await q.create_followup(ACTOR, unit["id"], fields())
    await q.update_followup(ACTOR, item_id, fields(status="done", done_on=date(2026, 4, 20)))
    await q.delete_followup(ACTOR, item_id)
    entries = await recent_audit_entries(table_name="follow_up", row_id=item_id)
    assert [e["action"] for e in entries] == ["delete", "update", "create"]
    assert entries[1]["previous"]["status"] == "planned"
    assert entries[1]["current"]["done_on"] == "2026-04-20"
    assert entries[2]["username"] == "kadis"
    assert await q.followup_of_unit(unit["id"], item_id) is None


async def test_the_list_keeps_to_the_unit_and_the_overlapping_period(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    mine = await q.create_followup(ACTOR, unit["id"], fields())
    await q.create_followup(ACTOR, unit["id"], fields(Q2))  # another period
    await q.create_followup(ACTOR, other["id"], fields())  # another unit
    march = Period(date(2026, 3, 1), date(2026, 3, 31))
    assert [i.id for i in await q.followups_of_unit(unit["id"], JAKARTA, period=march)] == [mine]
    assert len(await q.followups_of_unit(unit["id"], JAKARTA)) == 2
    assert await q.followups_of_unit(unit["id"], JAKARTA, period=Q1, status="done") == []
    assert await q.followups_of_unit(unit["id"], JAKARTA, period=Q1, element="U9") == []
    assert await q.followup_of_unit(other["id"], mine) is None


async def test_the_indicators_use_the_local_creation_day(db):
    unit = await make_unit("A")
    first = await q.create_followup(
        ACTOR, unit["id"], fields(status="done", done_on=date(2026, 4, 11))
    )
    second = await q.create_followup(
        ACTOR, unit["id"], fields(status="done", done_on=date(2026, 4, 4))
    )
    await q.create_followup(ACTOR, unit["id"], fields(status="cancelled"))
    await q.create_followup(ACTOR, unit["id"], fields(target_date=date(2026, 4, 30)))
    # 31 March 18:00 UTC is already 1 April in Jakarta.
    await created_at(first, datetime(2026, 3, 31, 18, 0, tzinfo=UTC))
    await created_at(second, datetime(2026, 4, 1, 2, 0, tzinfo=UTC))
    items = await q.followups_of_unit(unit["id"], JAKARTA, period=Q1)
    result = indicators(items, today=date(2026, 5, 2))
    assert [i.days_to_done for i in items if i.status == "done"] == [10, 3]
    assert (result.total, result.done, result.overdue) == (3, 2, 1)
    assert str(result.share_done) == "66.67"
    assert (str(result.median_days), str(result.mean_days)) == ("6.5", "6.5")


async def test_the_overdue_list_covers_only_the_given_units_and_open_items(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    late = await q.create_followup(ACTOR, unit["id"], fields(target_date=date(2026, 4, 1)))
    await q.create_followup(ACTOR, unit["id"], fields(target_date=date(2026, 6, 1)))  # not yet
    await q.create_followup(
        ACTOR,
        unit["id"],
        fields(target_date=date(2026, 4, 1), status="done", done_on=date(2026, 4, 3)),
    )
    theirs = await q.create_followup(ACTOR, other["id"], fields(target_date=date(2026, 4, 1)))
    today = date(2026, 5, 1)
    assert [r["id"] for r in await q.overdue_followups([unit["id"]], today)] == [late]
    assert {r["id"] for r in await q.overdue_followups(None, today)} == {late, theirs}
    assert await q.overdue_followups([], today) == []
    assert (await q.overdue_followups([unit["id"]], today))[0]["unit_code"] == "A"


async def test_a_publication_keeps_the_snapshot_and_is_audited(db):
    unit = await make_unit("A")
    await make_responses(unit["id"], check_case_answers(), datetime(2026, 3, 10, 3, tzinfo=UTC))
    row = await unit_by_code("A")
    result = await pub.current_result(row, Q1, 30)
    fields_ = pub.PublicationFields(
        Q1.start, Q1.end, "website", "https://x.go.id/skm", date(2026, 4, 5)
    )
    publication_id = await pub.publish(ACTOR, row, fields_, result)
    # Late responses for the period change the live result, not the published one.
    await make_responses(unit["id"], [{"U1": 1}] * 5, datetime(2026, 3, 11, 3, tzinfo=UTC))
    latest, channels = await pub.latest_public_result(unit["id"], date(2026, 4, 5))
    assert (latest["id"], latest["n"], latest["ikm"]) == (publication_id, 29, "91.48")
    assert latest["elements"][0] == {
        "code": "U1",
        "nrr": "3.6207",
        "n": 29,
        "score": "90.52",
        "grade": "A",
        "priority": False,
    }
    assert [c["channel"] for c in channels] == ["website"]
    entries = await recent_audit_entries(table_name="publication")
    assert entries[0]["current"]["ikm"] == "91.48"


async def test_the_public_result_is_the_newest_published_period_and_never_a_future_one(db):
    unit = await make_unit("A")
    other = await make_unit("B")

    async def add(owner, period, channel, published_on, ikm="80.00"):
        await Publication(
            unit=owner["id"],
            period_start=period.start,
            period_end=period.end,
            channel=channel,
            published_on=published_on,
            n=40,
            ikm=ikm,
        ).save()

    assert await pub.latest_public_result(unit["id"], date(2026, 8, 1)) is None
    await add(unit, Q1, "website", date(2026, 4, 5), "81.00")
    await add(unit, Q1, "media_sosial", date(2026, 4, 9), "81.50")
    await add(unit, Q2, "website", date(2026, 9, 1), "90.00")  # dated after "today"
    await add(other, Q2, "website", date(2026, 7, 2), "70.00")  # another unit
    latest, channels = await pub.latest_public_result(unit["id"], date(2026, 8, 1))
    assert (latest["period_start"], latest["ikm"]) == (Q1.start, "81.50")
    assert [c["channel"] for c in channels] == ["website", "media_sosial"]
    latest, _ = await pub.latest_public_result(unit["id"], date(2026, 9, 1))
    assert latest["ikm"] == "90.00"
