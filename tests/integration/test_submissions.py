"""Writing citizen submissions in batches: idempotency, limits, flags, attribution, review."""

from __future__ import annotations

import asyncio
import itertools
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from surveys.queries.flagged import count_flagged, flagged_responses, review_flagged_response
from surveys.queries.submissions import (
    DEVICE_LIMIT,
    DUPLICATE,
    STORED,
    TOO_SOON,
    Submission,
    find_survey_point,
    record_submissions,
)
from surveys.queries.surveys import ensure_default_survey
from surveys.tables import (
    DutyAssignment,
    ForumSession,
    Response,
    RetiredToken,
    ScoreDaily,
    ServicePoint,
    ServiceType,
    Staff,
)
from surveys.writer import BatchWriter
from tests.factories import make_service_point

JAKARTA = ZoneInfo("Asia/Jakarta")
TUESDAY_10 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 WIB
_keys = itertools.count(1)


async def point_of(token: str):
    found = await find_survey_point(token)
    assert found.status == "open"
    return found.point


def submission(point, at=TUESDAY_10, answers=None, key=None, device=None, **fields) -> Submission:
    n = next(_keys)
    return Submission(
        survey_id=fields.pop("survey_id"),
        point=point,
        answers=answers or {f"U{i}": (n + i) % 4 + 1 for i in range(1, 10)},
        submitted_at=at,
        local_time=at.astimezone(JAKARTA),
        dedupe_key=key or f"f:key{n}",
        device_hash=device if device is not None else f"device{n}",
        **fields,
    )


@pytest.fixture
async def survey_id(db):
    return await ensure_default_survey()


@pytest.fixture
async def counter(disdukcapil):
    return await point_of((await make_service_point(disdukcapil["id"], "Loket 1"))["token"])


@pytest.fixture
async def other_counter(rsud):
    return await point_of((await make_service_point(rsud["id"], "Pendaftaran"))["token"])


async def make_staff(unit_id: int, nip: str, name: str) -> int:
    staff = Staff(nip=nip, name=name, unit=unit_id)
    await staff.save()
    return staff.id


async def rows() -> list[dict]:
    return await Response.select().order_by(Response.id)


# --- finding the point ------------------------------------------------------------------------


async def test_it_finds_an_open_point_with_its_units_service_types(disdukcapil, rsud):
    ktp = ServiceType(unit=disdukcapil["id"], name="KTP-el")
    await ktp.save()
    await ServiceType(unit=disdukcapil["id"], name="Akta", active=False).save()
    await ServiceType(unit=rsud["id"], name="Rawat Jalan").save()  # another unit's: not offered
    made = await make_service_point(disdukcapil["id"], "Loket 1", service_type=ktp.id)
    point = await point_of(made["token"])
    assert (point.unit_name, point.name, point.channel) == (disdukcapil["name"], "Loket 1", "qr")
    assert point.service_types == ((ktp.id, "KTP-el"),)
    assert point.service_type_id == ktp.id


async def test_a_revoked_token_or_an_inactive_point_is_retired_and_a_stranger_unknown(disdukcapil):
    made = await make_service_point(disdukcapil["id"], "Loket 1")
    await RetiredToken(token="old-poster-token", service_point=made["id"]).save()
    inactive = await make_service_point(disdukcapil["id"], "Loket lama", active=False)
    assert (await find_survey_point("old-poster-token")).status == "retired"
    assert (await find_survey_point(inactive["token"])).status == "retired"
    assert (await find_survey_point("no-such-token")).status == "unknown"


# --- idempotency ------------------------------------------------------------------------------


async def test_the_same_form_token_stores_one_response_within_and_across_batches(
    survey_id, counter
):
    first = submission(counter, key="f:same", survey_id=survey_id)
    again = submission(counter, key="f:same", survey_id=survey_id)
    outcomes = await record_submissions([first, again])
    assert [o.result for o in outcomes] == [STORED, DUPLICATE]
    later = await record_submissions([submission(counter, key="f:same", survey_id=survey_id)])
    assert later[0].result == DUPLICATE
    assert len(await rows()) == 1


async def test_it_records_point_unit_channel_times_and_profile(survey_id, counter):
    moment = datetime(2026, 3, 10, 17, 30, tzinfo=UTC)  # 00:30 WIB the next day
    s = submission(
        counter,
        at=moment,
        survey_id=survey_id,
        gender="P",
        age=34,
        education="S1/D4",
        occupation="Swasta",
        comment="Antre lama",
        locale="en",
    )
    await record_submissions([s])
    row = (await rows())[0]
    assert row["survey"] == survey_id and row["service_point"] == counter.id
    assert row["unit"] == counter.unit_id and row["channel"] == "qr"
    assert row["submitted_at"] == moment and row["submitted_at"].tzinfo is not None
    assert row["local_day"] == date(2026, 3, 11)
    assert (row["gender"], row["age"], row["education"], row["occupation"]) == (
        "P",
        34,
        "S1/D4",
        "Swasta",
    )
    assert (row["comment"], row["locale"], row["dedupe_key"]) == ("Antre lama", "en", s.dedupe_key)


# --- limits ----------------------------------------------------------------------------------


async def test_a_device_answers_a_point_once_a_day(survey_id, counter, other_counter):
    first = await record_submissions([submission(counter, device="dev-a", survey_id=survey_id)])
    second = await record_submissions([submission(counter, device="dev-a", survey_id=survey_id)])
    elsewhere = await record_submissions(
        [submission(other_counter, device="dev-a", survey_id=survey_id)]
    )
    tomorrow = await record_submissions(
        [
            submission(
                counter, at=TUESDAY_10 + timedelta(days=1), device="dev-a", survey_id=survey_id
            )
        ]
    )
    assert [first[0].result, second[0].result] == [STORED, DEVICE_LIMIT]
    assert elsewhere[0].result == STORED and tomorrow[0].result == STORED
    assert len(await rows()) == 3


async def test_two_answers_from_one_device_in_one_batch_store_one(survey_id, counter):
    outcomes = await record_submissions(
        [submission(counter, device="dev-b", survey_id=survey_id) for _ in range(2)]
    )
    assert [o.result for o in outcomes] == [STORED, DEVICE_LIMIT]


async def test_a_kiosk_ignores_devices_but_spaces_answers_fifteen_seconds_apart(
    survey_id, disdukcapil
):
    kiosk = await point_of(
        (await make_service_point(disdukcapil["id"], "Kios", kind="kiosk"))["token"]
    )
    at = TUESDAY_10
    outcomes = await record_submissions(
        [
            submission(kiosk, at=at, device="kiosk-browser", survey_id=survey_id),
            submission(
                kiosk, at=at + timedelta(seconds=5), device="kiosk-browser", survey_id=survey_id
            ),
        ]
    )
    assert [o.result for o in outcomes] == [STORED, TOO_SOON]
    later = await record_submissions(
        [
            submission(
                kiosk, at=at + timedelta(seconds=16), device="kiosk-browser", survey_id=survey_id
            )
        ]
    )
    assert later[0].result == STORED
    assert {r["channel"] for r in await rows()} == {"kiosk"}


# --- flags -----------------------------------------------------------------------------------


async def test_the_fourth_identical_answer_set_within_minutes_is_flagged(
    survey_id, counter, other_counter
):
    same = {f"U{i}": 4 for i in range(1, 10)}
    # Identical answers at another point, or long before, do not count towards the burst.
    await record_submissions([submission(other_counter, answers=same, survey_id=survey_id)])
    await record_submissions(
        [
            submission(
                counter, at=TUESDAY_10 - timedelta(minutes=30), answers=same, survey_id=survey_id
            )
        ]
    )
    batch = [
        submission(
            counter, at=TUESDAY_10 + timedelta(seconds=20 * i), answers=same, survey_id=survey_id
        )
        for i in range(4)
    ]
    outcomes = await record_submissions(batch[:2])
    outcomes += await record_submissions(batch[2:])
    assert [o.status for o in outcomes] == ["valid", "valid", "valid", "flagged"]
    assert outcomes[3].flag_reason == "burst"


async def test_answers_outside_service_hours_are_stored_flagged_and_not_counted(survey_id, counter):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)  # 21:00 WIB
    outcomes = await record_submissions(
        [
            submission(counter, at=night, survey_id=survey_id),
            submission(counter, at=TUESDAY_10, survey_id=survey_id),
        ]
    )
    assert [(o.status, o.flag_reason) for o in outcomes] == [
        ("flagged", "outside_hours"),
        ("valid", ""),
    ]
    scores = await ScoreDaily.select(ScoreDaily.n).where(ScoreDaily.unit == counter.unit_id)
    assert sum(r["n"] for r in scores) == 1


async def test_a_forum_point_records_its_session_and_is_not_held_to_office_hours(
    survey_id, disdukcapil
):
    made = await make_service_point(disdukcapil["id"], "Musrenbang", kind="forum")
    session = ForumSession(
        unit=disdukcapil["id"],
        kind="musrenbang",
        held_on=date(2026, 3, 10),
        service_point=made["id"],
    )
    await session.save()
    forum = await point_of(made["token"])
    evening = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # 20:00 WIB
    outcome = (await record_submissions([submission(forum, at=evening, survey_id=survey_id)]))[0]
    row = (await rows())[0]
    assert (row["channel"], row["forum_session"], outcome.status) == ("forum", session.id, "valid")


# --- the serving officer ---------------------------------------------------------------------


async def test_a_desk_card_attributes_every_answer_to_its_officer(survey_id, disdukcapil):
    officer = await make_staff(disdukcapil["id"], "198703152010012001", "Rina")
    other = await make_staff(disdukcapil["id"], "199001012015011002", "Budi")
    made = await make_service_point(disdukcapil["id"], "Meja Rina", staff=officer)
    await DutyAssignment(
        staff=other, service_point=made["id"], starts_at=TUESDAY_10 - timedelta(hours=2)
    ).save()
    point = await point_of(made["token"])
    outcome = (await record_submissions([submission(point, survey_id=survey_id)]))[0]
    assert outcome.staff_id == officer
    assert (await rows())[0]["staff"] == officer


async def test_without_a_desk_card_the_duty_assignment_at_that_time_is_used(survey_id, disdukcapil):
    morning = await make_staff(disdukcapil["id"], "198703152010012001", "Rina")
    afternoon = await make_staff(disdukcapil["id"], "199001012015011002", "Budi")
    made = await make_service_point(disdukcapil["id"], "Loket 3")
    day = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 08:00 WIB
    await DutyAssignment(
        staff=morning, service_point=made["id"], starts_at=day, ends_at=day + timedelta(hours=4)
    ).save()
    await DutyAssignment(
        staff=afternoon, service_point=made["id"], starts_at=day + timedelta(hours=4)
    ).save()
    point = await point_of(made["token"])
    outcomes = await record_submissions(
        [
            submission(point, at=day + timedelta(hours=1), survey_id=survey_id),
            submission(point, at=day + timedelta(hours=5), survey_id=survey_id),
            submission(point, at=day - timedelta(minutes=30), survey_id=survey_id),  # nobody yet
        ]
    )
    assert [o.staff_id for o in outcomes] == [morning, afternoon, None]


# --- the batching writer ---------------------------------------------------------------------


async def test_the_writer_commits_concurrent_submissions_in_few_transactions(survey_id, counter):
    writer: BatchWriter = BatchWriter(record_submissions)
    outcomes = await asyncio.gather(
        *(writer.submit(submission(counter, survey_id=survey_id)) for _ in range(50))
    )
    assert all(o.result == STORED for o in outcomes)
    assert len(await rows()) == 50
    assert writer.batches < 50
    await writer.close()


async def test_the_writer_isolates_a_failing_item_and_reports_it_to_its_request(survey_id, counter):
    calls = []

    async def write(items):
        calls.append(len(items))
        if any(item == "bad" for item in items):
            raise ValueError("bad item")
        return [f"ok:{item}" for item in items]

    writer: BatchWriter = BatchWriter(write)
    results = await asyncio.gather(
        writer.submit("a"), writer.submit("bad"), writer.submit("c"), return_exceptions=True
    )
    assert results[0] == "ok:a" and results[2] == "ok:c"
    assert isinstance(results[1], ValueError)
    assert calls[0] == 3  # one batch first, then one by one
    await writer.close()


async def test_closing_the_writer_drains_what_is_queued(survey_id, counter):
    writer: BatchWriter = BatchWriter(record_submissions)
    pending = [
        asyncio.ensure_future(writer.submit(submission(counter, survey_id=survey_id)))
        for _ in range(5)
    ]
    await asyncio.sleep(0)
    await writer.close()
    assert len(await rows()) == 5
    assert all(task.done() for task in pending)
    # A closed writer starts again on the next submission.
    assert (await writer.submit(submission(counter, survey_id=survey_id))).result == STORED


# --- reviewing flagged responses -------------------------------------------------------------


async def test_flagged_responses_are_listed_within_the_managers_units(
    survey_id, counter, other_counter
):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    await record_submissions(
        [
            submission(counter, at=night, survey_id=survey_id),
            submission(other_counter, at=night, survey_id=survey_id),
            submission(counter, at=TUESDAY_10, survey_id=survey_id),  # valid: not listed
        ]
    )
    mine = await flagged_responses([counter.unit_id])
    assert [r["unit_id"] for r in mine] == [counter.unit_id]
    assert mine[0]["point_name"] == "Loket 1" and mine[0]["flag_reason"] == "outside_hours"
    assert len(await flagged_responses(None)) == 2
    assert await flagged_responses([]) == []
    assert await count_flagged([other_counter.unit_id]) == 1


async def test_accepting_a_flagged_response_counts_it_and_rejecting_does_not(survey_id, counter):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    await record_submissions([submission(counter, at=night, survey_id=survey_id) for _ in range(2)])
    first, second = [r["id"] for r in await flagged_responses(None)]
    assert await review_flagged_response(first, True, [counter.unit_id], username="kadis")
    assert await review_flagged_response(second, False, None, username="admin")
    assert not await review_flagged_response(second, True, None)  # already decided
    statuses = {r["id"]: r["status"] for r in await rows()}
    assert statuses == {first: "valid", second: "rejected"}
    scores = await ScoreDaily.select(ScoreDaily.n).where(ScoreDaily.unit == counter.unit_id)
    assert sum(r["n"] for r in scores) == 1


async def test_a_manager_cannot_review_another_units_response(survey_id, counter, other_counter):
    night = datetime(2026, 3, 10, 14, 0, tzinfo=UTC)
    await record_submissions([submission(other_counter, at=night, survey_id=survey_id)])
    (theirs,) = [r["id"] for r in await flagged_responses(None)]
    assert not await review_flagged_response(theirs, True, [counter.unit_id])
    assert (await rows())[0]["status"] == "flagged"


async def test_an_edit_to_the_point_is_seen_on_the_next_lookup(disdukcapil):
    made = await make_service_point(disdukcapil["id"], "Loket 1")
    await ServicePoint.update({ServicePoint.name: "Loket Satu"}).where(
        ServicePoint.id == made["id"]
    )
    assert (await point_of(made["token"])).name == "Loket Satu"


async def _aggregate_rows() -> dict[str, list[tuple]]:
    from surveys.tables import StaffScoreMonthly, UnitScoreDaily, UnitScoreMonthly

    def totals(rows, keys):
        grouped: dict[tuple, list[int]] = {}
        for row in rows:
            key = tuple(row[k] for k in keys)
            values = [int(row[c]) for c in sorted(row) if c not in keys and c != "id"]
            grouped[key] = [
                a + b for a, b in zip(grouped.get(key, [0] * len(values)), values, strict=True)
            ]
        return sorted(grouped.items(), key=str)

    return {
        "daily": totals(
            await ScoreDaily.select(), ("day", "unit", "service_point", "service_type", "staff")
        ),
        "unit_daily": totals(await UnitScoreDaily.select(), ("day", "unit")),
        "unit_monthly": totals(await UnitScoreMonthly.select(), ("month", "unit")),
        "staff_monthly": totals(await StaffScoreMonthly.select(), ("month", "unit", "staff")),
    }


async def test_adding_batches_to_the_aggregates_equals_rebuilding_them(
    survey_id, counter, other_counter, disdukcapil
):
    from surveys.queries.responses import refresh_daily_scores

    officer = await make_staff(disdukcapil["id"], "198703152010012001", "Rina")
    desk = await point_of(
        (await make_service_point(disdukcapil["id"], "Meja", staff=officer))["token"]
    )
    moments = [
        TUESDAY_10,
        TUESDAY_10 + timedelta(hours=2),
        datetime(2026, 3, 31, 4, 0, tzinfo=UTC),
        datetime(2026, 4, 1, 2, 0, tzinfo=UTC),
        datetime(2026, 3, 10, 14, 0, tzinfo=UTC),  # night: flagged, not counted
    ]
    for round_ in range(3):
        batch = [
            submission(point, at=moment + timedelta(minutes=round_), survey_id=survey_id)
            for point in (counter, other_counter, desk)
            for moment in moments
        ]
        await record_submissions(batch)
    added = await _aggregate_rows()
    assert added["daily"] and added["unit_monthly"]
    await refresh_daily_scores(
        {
            counter.unit_id: (date(2026, 3, 1), date(2026, 4, 30)),
            other_counter.unit_id: (date(2026, 3, 1), date(2026, 4, 30)),
        }
    )
    assert await _aggregate_rows() == added


async def test_the_first_submission_on_a_fresh_database_creates_the_standard_survey(counter):
    from surveys.tables import Survey

    outcome = (await record_submissions([submission(counter, survey_id=None)]))[0]
    assert outcome.result == STORED
    survey = await Survey.select(Survey.id, Survey.key).first()
    assert survey["key"] == "skm"
    assert (await rows())[0]["survey"] == survey["id"]
