"""Citizen submissions: finding the point, idempotency, limits, flags and the serving officer."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from surveys.citizen.submissions import (
    DEVICE_LIMIT,
    DUPLICATE,
    STORED,
    TOO_SOON,
    find_survey_point,
    record_submissions,
)
from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.tables import DutyAssignment, ForumSession, RetiredToken, ServiceType
from tests.factories import make_service_point
from tests.integration.submission_support import (
    TUESDAY_10,
    make_officer,
    point_of,
    rows,
    submission,
)

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


async def test_a_kiosk_answer_soon_after_a_stored_one_waits_for_its_interval(
    survey_id, disdukcapil, counter
):
    kiosk = await point_of(
        (await make_service_point(disdukcapil["id"], "Kios", kind="kiosk"))["token"]
    )
    stored = await record_submissions([submission(kiosk, at=TUESDAY_10, survey_id=survey_id)])
    # The interval is the kiosk's own: a counter answering meanwhile does not move it.
    await record_submissions(
        [submission(counter, at=TUESDAY_10 + timedelta(seconds=10), survey_id=survey_id)]
    )
    soon = await record_submissions(
        [submission(kiosk, at=TUESDAY_10 + timedelta(seconds=14), survey_id=survey_id)]
    )
    assert [stored[0].result, soon[0].result] == [STORED, TOO_SOON]


async def test_a_kiosk_answer_queued_offline_is_judged_against_the_answers_around_its_moment(
    survey_id, disdukcapil
):
    kiosk, other = [
        await point_of((await make_service_point(disdukcapil["id"], name, kind="kiosk"))["token"])
        for name in ("Kios", "Kios 2")
    ]
    later = TUESDAY_10 + timedelta(hours=1)
    await record_submissions([submission(kiosk, at=later, survey_id=survey_id)])
    # Another kiosk's answer at the very moment does not count against this kiosk.
    await record_submissions([submission(other, at=TUESDAY_10, survey_id=survey_id)])
    queued = await record_submissions(
        [
            submission(kiosk, at=TUESDAY_10, survey_id=survey_id),
            submission(kiosk, at=TUESDAY_10 + timedelta(seconds=20), survey_id=survey_id),
            submission(kiosk, at=later - timedelta(seconds=10), survey_id=survey_id),
        ]
    )
    # Stored an hour before a later answer; refused 10 s before it (it came after it).
    assert [o.result for o in queued] == [STORED, STORED, TOO_SOON]


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
    # The point held an earlier session too: the newest one gets the answers.
    for held_on in (date(2026, 2, 10), date(2026, 3, 10)):
        session = ForumSession(
            unit=disdukcapil["id"], kind="musrenbang", held_on=held_on, service_point=made["id"]
        )
        await session.save()
    forum = await point_of(made["token"])
    evening = datetime(2026, 3, 10, 13, 0, tzinfo=UTC)  # 20:00 WIB
    outcome = (await record_submissions([submission(forum, at=evening, survey_id=survey_id)]))[0]
    row = (await rows())[0]
    assert (row["channel"], row["forum_session"], outcome.status) == ("forum", session.id, "valid")


# --- the serving officer ---------------------------------------------------------------------


async def test_a_desk_card_attributes_every_answer_to_its_officer(survey_id, disdukcapil):
    officer = await make_officer(disdukcapil["id"], "198703152010012001", "Rina")
    other = await make_officer(disdukcapil["id"], "199001012015011002", "Budi")
    made = await make_service_point(disdukcapil["id"], "Meja Rina", officer=officer)
    await DutyAssignment(
        officer=other, service_point=made["id"], starts_at=TUESDAY_10 - timedelta(hours=2)
    ).save()
    point = await point_of(made["token"])
    outcome = (await record_submissions([submission(point, survey_id=survey_id)]))[0]
    assert outcome.officer_id == officer
    assert (await rows())[0]["officer"] == officer


async def test_without_a_desk_card_the_duty_assignment_at_that_time_is_used(survey_id, disdukcapil):
    morning = await make_officer(disdukcapil["id"], "198703152010012001", "Rina")
    afternoon = await make_officer(disdukcapil["id"], "199001012015011002", "Budi")
    made = await make_service_point(disdukcapil["id"], "Loket 3")
    day = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 08:00 WIB
    await DutyAssignment(
        officer=morning, service_point=made["id"], starts_at=day, ends_at=day + timedelta(hours=4)
    ).save()
    await DutyAssignment(
        officer=afternoon, service_point=made["id"], starts_at=day + timedelta(hours=4)
    ).save()
    point = await point_of(made["token"])
    outcomes = await record_submissions(
        [
            submission(point, at=day + timedelta(hours=1), survey_id=survey_id),
            submission(point, at=day + timedelta(hours=5), survey_id=survey_id),
            submission(point, at=day - timedelta(minutes=30), survey_id=survey_id),  # nobody yet
        ]
    )
    assert [o.officer_id for o in outcomes] == [morning, afternoon, None]
