"""The citizen survey through HTTP: the form, submissions, limits and friendly pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app import survey_pages
from surveys.tables import Response
from tests.factories import make_service_point

# A Tuesday, 10:00 in Jakarta: inside service hours, so nothing is flagged by the clock.
TUESDAY_10_WIB = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(TUESDAY_10_WIB)
    monkeypatch.setattr(survey_pages, "now", clock)
    survey_pages.clear_caches()
    yield clock
    survey_pages.clear_caches()


@pytest.fixture
async def counter(disdukcapil, clock):
    return await make_service_point(disdukcapil["id"], "Loket 1")


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def answers(value: int = 4, **overrides) -> dict[str, str]:
    data = {f"U{i}": str(value) for i in range(1, 10)}
    data.update({k: str(v) for k, v in overrides.items()})
    return data


async def submit(client, token: str, data: dict[str, str], lang: str = "id"):
    page = await client.get(f"/s/{token}?lang={lang}")
    return await client.post(
        f"/s/{token}?lang={lang}", data={**data, "form_token": form_token(page.text)}
    )


async def stored() -> list[dict]:
    return await Response.select().order_by(Response.id)


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
    from surveys.tables import ServiceType

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
    from surveys.tables import ServiceType

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
    from surveys.tables import Staff

    officer = Staff(nip="198703152010012001", name="Rina", unit=disdukcapil["id"])
    await officer.save()
    point = await make_service_point(disdukcapil["id"], "Meja Rina", staff=officer.id)
    await submit(client, point["token"], answers(4))
    assert (await stored())[0]["staff"] == officer.id


async def test_the_officer_on_duty_is_recorded_without_a_desk_card(client, counter, disdukcapil):
    from surveys.tables import DutyAssignment, Staff

    officer = Staff(nip="199001012015011002", name="Budi", unit=disdukcapil["id"])
    await officer.save()
    await DutyAssignment(
        staff=officer.id, service_point=counter["id"], starts_at=TUESDAY_10_WIB - timedelta(hours=1)
    ).save()
    await submit(client, counter["token"], answers(4))
    assert (await stored())[0]["staff"] == officer.id


async def test_a_retired_qr_code_shows_a_friendly_page(client, counter):
    from surveys.tables import RetiredToken

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


async def test_a_missing_answer_is_shown_next_to_its_question_and_the_rest_is_kept(client, counter):
    data = answers(3, comment="Ruang tunggu panas", gender="P", age="abc", education="SMP")
    del data["U5"]
    response = await submit(client, counter["token"], data)
    assert response.status_code == 400
    html = response.text
    assert 'id="U5-error"' in html and 'aria-describedby="U5-error"' in html
    assert 'id="age-error"' in html and 'aria-describedby="age-error"' in html
    assert 'role="alert"' in html and 'href="#f-U5"' in html
    assert html.count('value="3" checked') == 8
    assert ">Ruang tunggu panas</textarea>" in html
    assert 'value="P" checked' in html and '<option value="SMP" selected>' in html
    assert 'value="abc"' in html
    assert '<details class="s-card s-profile" open>' in html
    assert await stored() == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("U1", "5"),
        ("U2", "0"),
        ("U3", "x"),
        ("age", "9"),
        ("age", "121"),
        ("gender", "X"),
        ("education", "PhD"),
        ("occupation", "Astronaut"),
    ],
)
async def test_out_of_range_values_are_refused_with_a_message(client, counter, field, value):
    response = await submit(client, counter["token"], {**answers(4), field: value})
    assert response.status_code == 400
    assert f'id="{field}-error"' in response.text
    assert await stored() == []


async def test_a_service_type_of_another_unit_is_refused(client, disdukcapil, rsud, clock):
    from surveys.tables import ServiceType

    await ServiceType(unit=disdukcapil["id"], name="KTP-el").save()
    theirs = ServiceType(unit=rsud["id"], name="Rawat Jalan")
    await theirs.save()
    point = await make_service_point(disdukcapil["id"], "Loket 1")
    response = await submit(client, point["token"], answers(4, service_type=theirs.id))
    assert response.status_code == 400 and 'id="service_type-error"' in response.text
    assert await stored() == []


async def test_a_tampered_token_shows_the_form_again_with_the_answers(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    token = form_token(page.text)
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = await client.post(
        f"/s/{counter['token']}", data={**answers(2, comment="Ok"), "form_token": forged}
    )
    assert response.status_code == 400
    assert 'data-testid="form-alert"' in response.text
    assert response.text.count('value="2" checked') == 9
    assert await stored() == []


async def test_an_expired_form_is_shown_again_and_its_fresh_token_is_accepted(
    client, counter, clock
):
    page = await client.get(f"/s/{counter['token']}")
    clock.advance(7 * 3600)
    expired = await client.post(
        f"/s/{counter['token']}", data={**answers(4), "form_token": form_token(page.text)}
    )
    assert expired.status_code == 400 and "kedaluwarsa" in expired.text
    assert expired.text.count('value="4" checked') == 9
    fresh = form_token(expired.text)
    done = await client.post(f"/s/{counter['token']}", data={**answers(4), "form_token": fresh})
    assert 'data-testid="thanks"' in done.text
    assert len(await stored()) == 1


async def test_english_is_offered_and_kept_through_the_post(client, counter):
    page = await client.get(f"/s/{counter['token']}?lang=en")
    assert '<html lang="en">' in page.text
    assert "How polite and friendly was the officer?" in page.text
    assert f'action="/s/{counter["token"]}?lang=en"' in page.text
    assert 'data-testid="lang-id"' in page.text
    indonesian = await client.get(f"/s/{counter['token']}")
    assert 'data-testid="lang-en"' in indonesian.text and "Bagaimana pendapat" in indonesian.text
    response = await client.post(
        f"/s/{counter['token']}?lang=en", data={**answers(4), "form_token": form_token(page.text)}
    )
    assert '<html lang="en">' in response.text
    assert (await stored())[0]["locale"] == "en"


async def test_too_many_answers_from_one_address_are_refused(client, app, counter):
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, survey_address_limit=2)
    for i in range(2):
        client.cookies.clear()
        client.headers["user-agent"] = f"phone-{i}"
        assert (
            'data-testid="thanks"' in (await submit(client, counter["token"], answers(i + 1))).text
        )
    client.cookies.clear()
    refused = await submit(client, counter["token"], answers(4))
    assert refused.status_code == 429 and 'data-testid="too-many"' in refused.text
    assert len(await stored()) == 2


async def test_a_failed_write_asks_to_send_again_with_the_answers_kept(
    client, counter, monkeypatch
):
    from app.routes import survey

    async def broken(_):
        raise RuntimeError("disk full")

    page = await client.get(f"/s/{counter['token']}")
    sent = form_token(page.text)
    working = survey.submission_writer._write
    monkeypatch.setattr(survey.submission_writer, "_write", broken)
    data = {**answers(3, comment="Tolong"), "form_token": sent}
    response = await client.post(f"/s/{counter['token']}", data=data)
    assert response.status_code == 503
    assert response.text.count('value="3" checked') == 9 and ">Tolong</textarea>" in response.text
    assert form_token(response.text) == sent  # the retry cannot store twice
    assert await stored() == []
    monkeypatch.setattr(survey.submission_writer, "_write", working)
    retried = await client.post(f"/s/{counter['token']}", data=data)
    assert 'data-testid="thanks"' in retried.text
    assert len(await stored()) == 1


async def test_an_edited_point_shows_its_new_name_once_its_cache_entry_expires(client, counter):
    from surveys.tables import ServicePoint

    assert "Loket 1" in (await client.get(f"/s/{counter['token']}")).text
    await ServicePoint.update({ServicePoint.name: "Loket Satu"}).where(
        ServicePoint.id == counter["id"]
    )
    survey_pages._points.clear()  # what POINT_TTL seconds do
    assert "Loket Satu" in (await client.get(f"/s/{counter['token']}")).text


async def test_every_form_display_gets_its_own_token(client, counter):
    first = form_token((await client.get(f"/s/{counter['token']}")).text)
    second = form_token((await client.get(f"/s/{counter['token']}")).text)
    assert first != second


async def test_the_form_page_with_its_styles_is_under_30_kb_compressed(client, counter):
    page = await client.get(f"/s/{counter['token']}", headers={"accept-encoding": "gzip"})
    assert page.headers["content-encoding"] == "gzip"
    total = len(await _raw_size(client, f"/s/{counter['token']}"))
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text):
        total += len(await _raw_size(client, asset))
    assert "<script" not in page.text  # no script is needed on the citizen pages
    print(f"form page with assets: {total} bytes compressed")
    assert total <= 30 * 1024, total


async def _raw_size(client, url: str) -> bytes:
    """The compressed bytes as sent on the wire."""
    async with client.stream("GET", url, headers={"accept-encoding": "gzip"}) as response:
        return b"".join([chunk async for chunk in response.aiter_raw()])


async def test_the_citizen_pages_send_no_session_and_a_strict_csp(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert "suara_session" not in page.headers.get("set-cookie", "")
    assert "suara_device" in page.headers.get("set-cookie", "")
    assert page.headers["cache-control"] == "no-store"


async def test_many_phones_opening_the_form_at_once_cost_one_lookup(client, counter, monkeypatch):
    import asyncio

    from surveys.queries import submissions

    calls = []
    real = submissions.find_survey_point

    async def counted(token):
        calls.append(token)
        await asyncio.sleep(0.01)
        return await real(token)

    monkeypatch.setattr(survey_pages, "find_survey_point", counted)
    pages = await asyncio.gather(*(client.get(f"/s/{counter['token']}") for _ in range(20)))
    assert all(page.status_code == 200 for page in pages)
    assert calls == [counter["token"]]


async def test_a_client_without_gzip_gets_plain_html(client, counter):
    page = await client.get(f"/s/{counter['token']}", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in page.headers
    assert page.content.startswith(b"<!doctype html>")
    assert 'name="form_token" value="' in page.text


async def test_the_app_drains_the_survey_writer_on_shutdown(app):
    from app.routes import survey

    assert survey.submission_writer.close in app.on_shutdown
