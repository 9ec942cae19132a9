"""The citizen survey through HTTP: the form, submissions, limits and friendly pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from tests.factories import make_service_point
from tests.web.survey_support import (
    TUESDAY_10_WIB,
    answers,
    form_token,
    stored,
    submit,
)


async def test_it_shows_the_nine_elements_with_four_choices_each(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    assert page.status_code == 200
    for i in range(1, 10):
        assert len(re.findall(rf'name="U{i}" value="[1-4]"', page.text)) == 4
    assert page.text.count("<fieldset") >= 9
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page.text and "Loket 1" in page.text


async def test_a_submission_is_stored_once_and_thanked(client, counter):
    response = await submit(client, counter["token"], answers(3, comment="Cepat sekali"))
    assert response.status_code == 200, response.text
    assert 'data-testid="thanks"' in response.text
    rows = await stored()
    assert len(rows) == 1
    assert rows[0]["u1"] == 3 and rows[0]["comment"] == "Cepat sekali"
    assert rows[0]["channel"] == "qr" and rows[0]["status"] == "valid"


async def test_it_records_the_citizens_profile_and_service_type(client, disdukcapil, clock):
    from surveys.store.tables import ServiceType

    ktp = ServiceType(unit=disdukcapil["id"], name="KTP-el")
    await ktp.save()
    point = await make_service_point(disdukcapil["id"], "Loket 1")
    data = answers(
        3, service_type=ktp.id, gender="L", age=41, education="SMA", occupation="Wirausaha"
    )
    response = await submit(client, point["token"], data)
    assert 'data-testid="thanks"' in response.text
    row = (await stored())[0]
    assert row["service_type"] == ktp.id
    assert (row["gender"], row["age"], row["education"], row["occupation"]) == (
        "L",
        41,
        "SMA",
        "Wirausaha",
    )
    assert row["submitted_at"] == TUESDAY_10_WIB
    assert str(row["local_day"]) == "2026-03-10"
    assert row["device_hash"] and "203.0.113.7" not in str(row.values())


async def test_the_points_own_service_type_is_preselected(client, disdukcapil, clock):
    from surveys.store.tables import ServiceType

    ktp = ServiceType(unit=disdukcapil["id"], name="KTP-el")
    akta = ServiceType(unit=disdukcapil["id"], name="Akta Kelahiran")
    await ktp.save()
    await akta.save()
    point = await make_service_point(disdukcapil["id"], "Loket Akta", service_type=akta.id)
    page = await client.get(f"/s/{point['token']}")
    assert f'<option value="{akta.id}" selected>Akta Kelahiran</option>' in page.text
    assert f'<option value="{ktp.id}">KTP-el</option>' in page.text


async def test_submitting_twice_stores_one_response_and_thanks_both_times(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    data = {**answers(4), "form_token": form_token(page.text)}
    first = await client.post(f"/s/{counter['token']}", data=data)
    again = await client.post(f"/s/{counter['token']}", data=data)  # back button, or a retry
    assert 'data-testid="thanks"' in first.text and 'data-testid="thanks"' in again.text
    assert len(await stored()) == 1


async def test_a_double_tap_sending_both_at_once_stores_one(client, counter):
    import asyncio

    page = await client.get(f"/s/{counter['token']}")
    data = {**answers(4), "form_token": form_token(page.text)}
    first, second = await asyncio.gather(
        client.post(f"/s/{counter['token']}", data=data),
        client.post(f"/s/{counter['token']}", data=data),
    )
    assert first.status_code == second.status_code == 200
    assert len(await stored()) == 1


async def test_a_filled_honeypot_is_thanked_and_stores_nothing(client, counter):
    response = await submit(client, counter["token"], {**answers(4), "website": "http://spam"})
    assert response.status_code == 200 and 'data-testid="thanks"' in response.text
    assert await stored() == []


async def test_a_device_that_already_answered_today_is_told_so(client, counter):
    assert 'data-testid="thanks"' in (await submit(client, counter["token"], answers(4))).text
    second = await submit(client, counter["token"], answers(2))  # same cookie jar: same phone
    assert 'data-testid="already-answered"' in second.text
    assert len(await stored()) == 1


async def test_without_the_device_cookie_address_and_browser_name_the_device(client, counter):
    await submit(client, counter["token"], answers(4))
    client.cookies.clear()
    second = await submit(client, counter["token"], answers(3))
    assert 'data-testid="thanks"' in second.text  # a new cookie: counted as another phone
    rows = await stored()
    assert len(rows) == 2 and rows[0]["device_hash"] != rows[1]["device_hash"]
    page = await client.get(f"/s/{counter['token']}")
    client.cookies.clear()
    token = form_token(page.text)
    third = await client.post(f"/s/{counter['token']}", data={**answers(2), "form_token": token})
    client.cookies.clear()
    page = await client.get(f"/s/{counter['token']}")
    client.cookies.clear()
    token = form_token(page.text)
    fourth = await client.post(f"/s/{counter['token']}", data={**answers(1), "form_token": token})
    assert 'data-testid="thanks"' in third.text
    assert 'data-testid="already-answered"' in fourth.text


async def test_a_kiosk_takes_answers_from_one_browser_but_not_within_fifteen_seconds(
    client, disdukcapil, clock
):
    kiosk = await make_service_point(disdukcapil["id"], "Anjungan Mandiri", kind="kiosk")
    first = await submit(client, kiosk["token"], answers(4))
    assert 'data-testid="thanks"' in first.text
    assert f'<meta http-equiv="refresh" content="5;url=/s/{kiosk["token"]}?lang=id">' in first.text
    clock.advance(5)
    too_soon = await submit(client, kiosk["token"], answers(2, comment="Bagus"))
    assert too_soon.status_code == 429
    assert 'data-testid="form-alert"' in too_soon.text
    assert 'value="2" checked' in too_soon.text and ">Bagus</textarea>" in too_soon.text
    clock.advance(15)
    later = await submit(client, kiosk["token"], answers(3))
    assert 'data-testid="thanks"' in later.text
    assert [r["channel"] for r in await stored()] == ["kiosk", "kiosk"]


async def test_answers_at_night_are_stored_flagged(client, counter, clock):
    clock.moment = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 22:00 WIB
    response = await submit(client, counter["token"], answers(4))
    assert 'data-testid="thanks"' in response.text  # the citizen is not accused
    row = (await stored())[0]
    assert (row["status"], row["flag_reason"]) == ("flagged", "outside_hours")


async def test_a_burst_of_identical_answers_from_many_phones_is_flagged(client, counter, clock):
    for _ in range(4):
        client.cookies.clear()
        client.headers["user-agent"] = f"phone-{_}"
        await submit(client, counter["token"], answers(1))
        clock.advance(30)
    assert [r["status"] for r in await stored()] == ["valid", "valid", "valid", "flagged"]


async def test_the_desk_card_officer_is_recorded(client, disdukcapil, clock):
    from surveys.store.tables import Officer

    officer = Officer(nip="198703152010012001", name="Rina", unit=disdukcapil["id"])
    await officer.save()
    point = await make_service_point(disdukcapil["id"], "Meja Rina", officer=officer.id)
    await submit(client, point["token"], answers(4))
    assert (await stored())[0]["officer"] == officer.id


async def test_the_officer_on_duty_is_recorded_without_a_desk_card(client, counter, disdukcapil):
    from surveys.store.tables import DutyAssignment, Officer

    officer = Officer(nip="199001012015011002", name="Budi", unit=disdukcapil["id"])
    await officer.save()
    await DutyAssignment(
        officer=officer.id,
        service_point=counter["id"],
        starts_at=TUESDAY_10_WIB - timedelta(hours=1),
    ).save()
    await submit(client, counter["token"], answers(4))
    assert (await stored())[0]["officer"] == officer.id


async def test_a_retired_qr_code_shows_a_friendly_page(client, counter):
    from surveys.store.tables import RetiredToken

    await RetiredToken(token="poster-2025", service_point=counter["id"]).save()
    page = await client.get("/s/poster-2025")
    assert page.status_code == 410
    assert 'data-testid="qr-retired"' in page.text
    posted = await client.post("/s/poster-2025", data=answers(4))
    assert posted.status_code == 410
    assert await stored() == []


async def test_an_inactive_point_shows_the_same_friendly_page(client, disdukcapil, clock):
    point = await make_service_point(disdukcapil["id"], "Loket lama", active=False)
    page = await client.get(f"/s/{point['token']}")
    assert page.status_code == 410 and 'data-testid="qr-retired"' in page.text


async def test_an_unknown_token_is_a_friendly_not_found(client, clock):
    page = await client.get("/s/does-not-exist")
    assert page.status_code == 404 and 'data-testid="qr-unknown"' in page.text
    assert (await client.get("/s/" + "x" * 300)).status_code == 404
