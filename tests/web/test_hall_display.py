"""The hall display: an unguessable link a manager creates, today's and this period's
numbers under the minimum-sample rule, approved comments only, and what was changed."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.tables import FollowUp, HallDisplay, Response, Unit
from tests.factories import csrf_token, login, make_responses, make_service_point

ALL_4 = {f"U{i}": 4 for i in range(1, 10)}
ALL_3 = {f"U{i}": 3 for i in range(1, 10)}


def now() -> datetime:
    return datetime.now(UTC)


async def post(client, url: str, data: dict):
    return await client.post(url, data=data | {"_csrf_token": await csrf_token(client)})


async def make_link(client, manager, point_id: int | None = None) -> str:
    await login(client, manager)
    response = await post(
        client,
        "/dashboard/units/DISDUKCAPIL/displays",
        {"service_point": "" if point_id is None else str(point_id)},
    )
    assert response.status_code == 303
    page = await client.get("/dashboard/units/DISDUKCAPIL/displays")
    key = "unit" if point_id is None else str(point_id)
    card = page.text.split(f'data-testid="display-{key}"')[1]
    path = re.search(r'href="http://testserver(/tv/[^"]+)"', card).group(1)
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    return path


@pytest.fixture
async def few_today(disdukcapil):
    await Unit.update({Unit.minimum_responses: 5}).where(Unit.id == disdukcapil["id"])
    await make_responses(disdukcapil["id"], [ALL_4] * 3, now())


async def test_a_manager_creates_a_link_that_shows_the_unit_without_login(
    client, manager_of_disdukcapil, few_today
):
    path = await make_link(client, manager_of_disdukcapil)
    assert len(path.rsplit("/", 1)[1]) >= 32  # unguessable
    page = await client.get(path)
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert page.headers["referrer-policy"] == "no-referrer"
    assert re.search(r'data-testid="hall-today-n">3<', page.text)
    # 3 answers today, minimum 5: no IKM today nor for the period.
    assert 'data-testid="hall-today-thin"' in page.text
    assert 'data-testid="hall-period-thin"' in page.text
    assert "100,00" not in page.text
    assert 'hx-trigger="every 5s"' in page.text


async def test_the_period_ikm_shows_once_the_minimum_is_reached(
    client, disdukcapil, manager_of_disdukcapil, few_today
):
    await make_responses(disdukcapil["id"], [ALL_3] * 2, now())
    path = await make_link(client, manager_of_disdukcapil)
    page = (await client.get(path)).text
    # 3 × 4 and 2 × 3 per element: (12 + 6) / 5 = 3,6 → 90,00.
    assert re.search(r'data-testid="hall-period-ikm">90,00', page)
    assert re.search(r'data-testid="hall-today-ikm">90,00', page)
    assert "<svg" in page


async def test_htmx_polls_get_the_live_numbers_alone(client, manager_of_disdukcapil, few_today):
    path = await make_link(client, manager_of_disdukcapil)
    fragment = await client.get(path, headers={"HX-Request": "true"})
    assert 'id="hall-live"' in fragment.text and "<html" not in fragment.text


async def test_an_unknown_or_replaced_link_is_404(client, manager_of_disdukcapil, few_today):
    assert (await client.get("/tv/tebakan")).status_code == 404
    old = await make_link(client, manager_of_disdukcapil)
    new = await make_link(client, manager_of_disdukcapil)
    assert old != new
    assert (await client.get(old)).status_code == 404
    assert (await client.get(new)).status_code == 200
    assert await HallDisplay.count() == 1


async def test_a_service_point_display_counts_that_point_only(
    client, disdukcapil, manager_of_disdukcapil
):
    counter = await make_service_point(disdukcapil["id"], "Loket 2")
    await make_responses(disdukcapil["id"], [ALL_4] * 2, now(), service_point=counter["id"])
    await make_responses(disdukcapil["id"], [ALL_3] * 7, now())  # other points: not counted
    path = await make_link(client, manager_of_disdukcapil, counter["id"])
    page = (await client.get(path)).text
    assert "Loket 2" in page
    assert re.search(r'data-testid="hall-today-n">2<', page)


async def test_only_comments_a_manager_approved_appear_and_can_be_hidden_again(
    client, disdukcapil, rsud, manager_of_disdukcapil, manager_of_rsud
):
    await make_responses(disdukcapil["id"], [ALL_4], now(), comment="Petugasnya ramah sekali")
    await make_responses(disdukcapil["id"], [ALL_3], now(), comment="Kata kasar yang tak pantas")
    await make_responses(rsud["id"], [ALL_3], now(), comment="Komentar unit lain")
    kind = await Response.select(Response.id).where(Response.comment == "Petugasnya ramah sekali")
    other = await Response.select(Response.id).where(Response.comment == "Komentar unit lain")
    path = await make_link(client, manager_of_disdukcapil)
    assert "Petugasnya ramah sekali" not in (await client.get(path)).text

    await login(client, manager_of_rsud)
    url = f"/dashboard/units/DISDUKCAPIL/comments/{kind[0]['id']}/display"
    assert (await post(client, url, {"show": "1"})).status_code == 403
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})

    await login(client, manager_of_disdukcapil)
    unit_page = (await client.get("/dashboard/units/DISDUKCAPIL")).text
    assert 'data-testid="comment-approve"' in unit_page
    approved = await post(client, url, {"show": "1", "next": "/dashboard/units/DISDUKCAPIL"})
    assert approved.status_code == 303
    assert approved.headers["location"] == "/dashboard/units/DISDUKCAPIL#comments"
    # Another unit's response cannot be approved through this unit.
    foreign = f"/dashboard/units/DISDUKCAPIL/comments/{other[0]['id']}/display"
    assert (await post(client, foreign, {"show": "1"})).status_code == 404
    shown = (await client.get(path)).text
    assert "Petugasnya ramah sekali" in shown
    assert "Kata kasar yang tak pantas" not in shown and "Komentar unit lain" not in shown

    await post(client, url, {"show": "0"})
    assert "Petugasnya ramah sekali" not in (await client.get(path)).text


async def test_what_we_changed_lists_recent_done_follow_ups_only(
    client, disdukcapil, manager_of_disdukcapil, few_today
):
    today = datetime.now(DEFAULT_TIMEZONE).date()
    for action, status, done_on in (
        ("Menambah kursi ruang tunggu", "done", today - timedelta(days=10)),
        ("Rencana yang belum selesai", "in_progress", None),
        ("Perbaikan lama sekali", "done", today - timedelta(days=500)),
    ):
        await FollowUp(
            unit=disdukcapil["id"],
            period_start=date(2026, 1, 1),
            period_end=date(2026, 3, 31),
            element="U9",
            problem="-",
            action=action,
            responsible="-",
            target_date=today,
            status=status,
            done_on=done_on,
        ).save()
    path = await make_link(client, manager_of_disdukcapil)
    changes = (await client.get(path)).text.split('data-testid="hall-changes"')[1]
    assert "Menambah kursi ruang tunggu" in changes
    assert "Rencana yang belum selesai" not in changes
    assert "Perbaikan lama sekali" not in changes


async def test_the_display_settings_are_for_the_units_managers_only(
    client, disdukcapil, manager_of_rsud, facilitator
):
    assert (await client.get("/dashboard/units/DISDUKCAPIL/displays")).status_code in (302, 303)
    await login(client, manager_of_rsud)
    assert (await client.get("/dashboard/units/DISDUKCAPIL/displays")).status_code == 403
    denied = await post(client, "/dashboard/units/DISDUKCAPIL/displays", {"service_point": ""})
    assert denied.status_code == 403
    bad = await post(client, "/dashboard/units/RSUD/displays", {"service_point": "abc"})
    assert bad.status_code == 400
    assert await HallDisplay.count() == 0
