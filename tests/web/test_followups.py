"""Follow-up (RTL) pages: scoping, CSRF, validation next to the fields, PRG, htmx filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from surveys.store.audit import recent_audit_entries
from surveys.store.tables import FollowUp
from tests.factories import check_case_answers, csrf_token, login, make_responses

BASE = "/dashboard/units/DISDUKCAPIL/followups"
Q1 = "from=2026-01-01&to=2026-03-31"
# A target still ahead whenever the suite runs: a past one asks to be confirmed.
AHEAD = (date.today() + timedelta(days=90)).isoformat()


def form(**changes) -> dict:
    values = {
        "element": "U3",
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "problem": "Antrean KTP-el lebih dari dua jam",
        "action": "Tambah satu loket pada Senin pagi",
        "responsible": "Kasi Pelayanan",
        "target_date": AHEAD,
        "status": "planned",
        "done_on": "",
        "evidence": "",
    }
    return values | changes


async def post(client, url: str, data: dict):
    return await client.post(url, data=data | {"_csrf_token": await csrf_token(client)})


async def make_item(unit_id: int, **changes) -> int:
    values = {
        "unit": unit_id,
        "element": "U3",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 3, 31),
        "problem": "Antrean",
        "action": "Tambah loket",
        "responsible": "Kasi",
        "target_date": date(2026, 5, 31),
        "status": "planned",
    } | changes
    row = FollowUp(**values)
    await row.save()
    return row.id


@pytest.mark.parametrize("path", ["", "/new", "/1"])
async def test_anonymous_visitors_are_sent_to_log_in(client, disdukcapil, path):
    response = await client.get(BASE + path)
    assert response.status_code in (302, 303)
    assert response.headers["location"].startswith("/login")


@pytest.mark.parametrize("path", ["", "/new"])
async def test_facilitators_and_other_managers_are_refused(
    client, facilitator, manager_of_rsud, path
):
    await login(client, facilitator)
    assert (await client.get(BASE + path)).status_code == 403
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    await login(client, manager_of_rsud)
    assert (await client.get(BASE + path)).status_code == 403


async def test_another_manager_cannot_change_or_delete_an_item(
    client, disdukcapil, manager_of_rsud
):
    item = await make_item(disdukcapil["id"])
    await login(client, manager_of_rsud)
    assert (await post(client, f"{BASE}/{item}", form(status="done"))).status_code == 403
    assert (await post(client, f"{BASE}/{item}/delete", {})).status_code == 403
    assert (await post(client, BASE, form())).status_code == 403
    assert await FollowUp.count() == 1


async def test_an_item_of_another_unit_is_404_under_this_unit(client, rsud, manager_of_disdukcapil):
    theirs = await make_item(rsud["id"])
    await login(client, manager_of_disdukcapil)
    assert (await client.get(f"{BASE}/{theirs}")).status_code == 404
    assert (await post(client, f"{BASE}/{theirs}/delete", {})).status_code == 404


async def test_a_post_without_the_csrf_token_is_refused(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    response = await client.post(BASE, data=form())
    assert response.status_code == 403
    assert await FollowUp.count() == 0


async def test_the_new_form_is_prefilled_from_the_reports_button(
    client, manager_of_disdukcapil, disdukcapil
):
    await make_responses(
        disdukcapil["id"], check_case_answers(), datetime(2026, 3, 10, 3, tzinfo=UTC)
    )
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{BASE}/new?element=U3&{Q1}")
    assert page.status_code == 200
    assert '<option value="U3" selected>' in page.text
    assert 'value="2026-01-01"' in page.text and 'value="2026-03-31"' in page.text
    assert "86,21 (mutu B)" in page.text  # U3's score in the period
    assert 'data-testid="suggestion"' in page.text


async def test_creating_an_item_redirects_and_lists_it(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    response = await post(client, BASE, form())
    assert response.status_code == 303
    assert response.headers["location"] == f"{BASE}?saved=1"
    page = await client.get(response.headers["location"])
    assert "Antrean KTP-el lebih dari dua jam" in page.text
    assert 'data-testid="saved"' in page.text
    entries = await recent_audit_entries(table_name="follow_up")
    assert entries[0]["action"] == "create" and entries[0]["username"] == "kadis"


async def test_bad_fields_get_messages_next_to_them_and_keep_the_values(
    client, manager_of_disdukcapil
):
    await login(client, manager_of_disdukcapil)
    response = await post(
        client,
        BASE,
        form(responsible="", target_date="31-05-2026", status="done", period_end="2025-12-01"),
    )
    assert response.status_code == 400
    html = response.text
    for field in ("responsible", "target_date", "done_on", "period_end"):
        assert f'data-testid="error-{field}"' in html, field
    assert "Antrean KTP-el lebih dari dua jam" in html  # kept
    assert 'value="31-05-2026"' in html
    assert await FollowUp.count() == 0


async def test_a_done_date_in_the_future_or_without_done_status_is_refused(
    client, manager_of_disdukcapil
):
    await login(client, manager_of_disdukcapil)
    future = await post(client, BASE, form(status="done", done_on="2999-01-01"))
    assert 'data-testid="error-done_on"' in future.text
    not_done = await post(client, BASE, form(status="in_progress", done_on="2026-04-01"))
    assert 'data-testid="error-done_on"' in not_done.text


async def test_a_target_date_already_past_is_questioned_once_and_kept_when_confirmed(
    client, manager_of_disdukcapil
):
    await login(client, manager_of_disdukcapil)
    past = (date.today() - timedelta(days=400)).isoformat()
    asked = await post(client, BASE, form(target_date=past))
    assert asked.status_code == 400
    assert 'data-testid="error-confirm_past_target"' in asked.text
    assert "sudah lewat" in asked.text and f'value="{past}"' in asked.text
    assert await FollowUp.count() == 0
    confirmed = await post(client, BASE, form(target_date=past, confirm_past_target="1"))
    assert confirmed.status_code == 303
    assert await FollowUp.count() == 1


async def test_a_past_target_is_not_questioned_for_done_work_or_an_item_that_went_overdue(
    client, manager_of_disdukcapil, disdukcapil
):
    await login(client, manager_of_disdukcapil)
    past = date.today() - timedelta(days=30)
    done = form(target_date=past.isoformat(), status="done", done_on=past.isoformat())
    assert (await post(client, BASE, done)).status_code == 303
    overdue = await make_item(disdukcapil["id"], target_date=past)
    still_open = await post(
        client, f"{BASE}/{overdue}", form(target_date=past.isoformat(), status="in_progress")
    )
    assert still_open.status_code == 303
    moved = await post(
        client, f"{BASE}/{overdue}", form(target_date=(past - timedelta(days=1)).isoformat())
    )
    assert 'data-testid="error-confirm_past_target"' in moved.text


async def test_updating_and_deleting_an_item(client, manager_of_disdukcapil, disdukcapil):
    item = await make_item(disdukcapil["id"])
    await login(client, manager_of_disdukcapil)
    edit = await client.get(f"{BASE}/{item}")
    assert edit.status_code == 200 and 'value="2026-05-31"' in edit.text
    done = await post(
        client,
        f"{BASE}/{item}",
        form(status="done", done_on="2026-04-10", evidence="https://x.go.id/foto"),
    )
    assert done.status_code == 303
    row = await FollowUp.select().where(FollowUp.id == item).first()
    assert (row["status"], row["done_on"]) == ("done", date(2026, 4, 10))
    deleted = await post(client, f"{BASE}/{item}/delete", {})
    assert deleted.status_code == 303
    assert await FollowUp.count() == 0


async def test_the_list_filters_work_as_a_page_and_as_an_htmx_fragment(
    client, manager_of_disdukcapil, disdukcapil
):
    await make_item(disdukcapil["id"], problem="Masalah antrean", element="U3")
    await make_item(
        disdukcapil["id"],
        problem="Masalah toilet",
        element="U9",
        status="done",
        done_on=date(2026, 4, 3),
    )
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{BASE}?element=U9")
    assert page.status_code == 200
    assert (
        "<html" in page.text
        and "Masalah toilet" in page.text
        and "Masalah antrean" not in page.text
    )
    assert 'data-testid="indicators"' in page.text
    fragment = await client.get(f"{BASE}?status=planned", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="followup-list"')
    assert "<html" not in fragment.text
    assert "Masalah antrean" in fragment.text and "Masalah toilet" not in fragment.text


async def test_a_bad_filter_date_is_reported_next_to_the_field(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{BASE}?from=2026-02-30&to=2026-03-31")
    assert page.status_code == 200
    assert 'data-testid="error-from"' in page.text


async def test_the_overdue_list_shows_only_the_managers_units(
    client, manager_of_disdukcapil, disdukcapil, rsud
):
    mine = await make_item(disdukcapil["id"], target_date=date(2020, 1, 1), action="Aksi saya")
    await make_item(rsud["id"], target_date=date(2020, 1, 1), action="Aksi RSUD")
    await make_item(disdukcapil["id"], target_date=date(2999, 1, 1), action="Belum jatuh tempo")
    await login(client, manager_of_disdukcapil)
    page = await client.get("/dashboard/followups/overdue")
    assert page.status_code == 200
    assert f'data-testid="overdue-{mine}"' in page.text
    assert "Aksi RSUD" not in page.text and "Belum jatuh tempo" not in page.text


async def test_the_overdue_list_is_for_managers_only(client, facilitator):
    await login(client, facilitator)
    assert (await client.get("/dashboard/followups/overdue")).status_code == 403


ROUTES = [
    ("get", "/dashboard/units/DISDUKCAPIL/followups"),
    ("get", "/dashboard/units/DISDUKCAPIL/followups/new"),
    ("get", "/dashboard/units/DISDUKCAPIL/followups/{id}"),
    ("post", "/dashboard/units/DISDUKCAPIL/followups"),
    ("post", "/dashboard/units/DISDUKCAPIL/followups/{id}"),
    ("post", "/dashboard/units/DISDUKCAPIL/followups/{id}/delete"),
    ("get", "/dashboard/units/DISDUKCAPIL/publications"),
    ("post", "/dashboard/units/DISDUKCAPIL/publications"),
    ("post", "/dashboard/units/DISDUKCAPIL/publications/{id}/delete"),
]


async def _request(client, method: str, url: str):
    if method == "get":
        return await client.get(url)
    return await post(client, url, form())


@pytest.mark.parametrize(("method", "path"), ROUTES)
async def test_every_route_refuses_anonymous_facilitators_and_other_managers(
    client, disdukcapil, facilitator, manager_of_rsud, method, path
):
    from surveys.store.tables import Publication

    item = await make_item(disdukcapil["id"])
    publication = Publication(
        unit=disdukcapil["id"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        channel="website",
        published_on=date(2026, 4, 5),
        n=29,
        ikm="91.48",
    )
    await publication.save()
    url = path.format(id=publication.id if "publications" in path else item)
    anonymous = await _request(client, method, url)
    assert anonymous.status_code in (302, 303, 401, 403)
    if anonymous.status_code in (302, 303):
        assert anonymous.headers["location"].startswith("/login")
    for user in (facilitator, manager_of_rsud):
        await login(client, user)
        assert (await _request(client, method, url)).status_code == 403, user["username"]
        await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    assert await FollowUp.count() == 1
    assert await Publication.count() == 1
