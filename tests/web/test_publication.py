"""Publishing results and the public pages: what is shown, to whom, and what never is."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from surveys.store.tables import Publication, Unit
from tests.factories import check_case_answers, csrf_token, login, make_responses

BASE = "/dashboard/units/DISDUKCAPIL/publications"
Q1 = "from=2026-01-01&to=2026-03-31"
AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


def form(**changes) -> dict:
    values = {
        "period_start": "2026-01-01",
        "period_end": "2026-03-31",
        "channel": "website",
        "url": "https://disdukcapil.sawahluntokota.go.id/skm-2026-tw1",
        "published_on": "2026-04-05",
    }
    return values | changes


async def post(client, url: str, data: dict):
    return await client.post(url, data=data | {"_csrf_token": await csrf_token(client)})


@pytest.fixture
async def check_case(disdukcapil):
    # 29 respondents: enough for a unit whose minimum is 20.
    await Unit.update({Unit.minimum_responses: 20}).where(Unit.id == disdukcapil["id"])
    await make_responses(disdukcapil["id"], check_case_answers(), AT)


async def test_the_publication_page_is_for_the_units_managers_only(
    client, disdukcapil, facilitator, manager_of_rsud
):
    anonymous = await client.get(f"{BASE}?{Q1}")
    assert anonymous.status_code in (302, 303)
    await login(client, facilitator)
    assert (await client.get(f"{BASE}?{Q1}")).status_code == 403
    assert (await post(client, BASE, form())).status_code == 403
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    await login(client, manager_of_rsud)
    assert (await client.get(f"{BASE}?{Q1}")).status_code == 403
    assert (await post(client, BASE, form())).status_code == 403
    assert await Publication.count() == 0


async def test_publishing_records_the_snapshot_and_the_public_page_shows_it(
    client, manager_of_disdukcapil, check_case
):
    public = await client.get("/p/DISDUKCAPIL")
    assert public.status_code == 200
    assert 'data-testid="nothing-published"' in public.text
    assert "91,48" not in public.text

    await login(client, manager_of_disdukcapil)
    page = await client.get(f"{BASE}?{Q1}")
    assert page.status_code == 200 and "91,48" in page.text
    response = await post(client, BASE, form())
    assert response.status_code == 303
    assert response.headers["location"] == f"{BASE}?{Q1}&saved=1"
    row = await Publication.select().first().output(load_json=True)
    assert (row["n"], row["ikm"], row["channel"]) == (29, "91.48", "website")

    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    public = await client.get("/p/DISDUKCAPIL")
    assert public.status_code == 200
    html = public.text
    assert re.search(r'data-testid="public-ikm">91,48<', html)
    assert re.search(r'data-testid="public-grade">A<', html)
    assert "Sangat Baik" in html
    assert "<svg" in html and "U3 Waktu Penyelesaian" in html
    assert 'href="/metodologi"' in html
    assert "skm-2026-tw1" in html


async def test_a_period_without_responses_cannot_be_published(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)
    response = await post(client, BASE, form())
    assert response.status_code == 400
    assert 'data-testid="error-period_start"' in response.text
    assert await Publication.count() == 0


async def test_bad_fields_are_reported_and_kept(client, manager_of_disdukcapil, check_case):
    await login(client, manager_of_disdukcapil)
    response = await post(
        client,
        BASE,
        form(channel="radio-gelap", url="javascript:alert(1)", published_on="2999-01-01"),
    )
    assert response.status_code == 400
    for field in ("channel", "url", "published_on"):
        assert f'data-testid="error-{field}"' in response.text, field
    assert 'value="javascript:alert(1)"' in response.text
    assert await Publication.count() == 0


async def test_retracting_a_publication_hides_it_again(
    client, manager_of_disdukcapil, manager_of_rsud, check_case, disdukcapil
):
    await login(client, manager_of_disdukcapil)
    await post(client, BASE, form())
    row = await Publication.select(Publication.id).first()
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    await login(client, manager_of_rsud)
    assert (await post(client, f"{BASE}/{row['id']}/delete", {})).status_code == 403
    await client.post("/logout", data={"_csrf_token": await csrf_token(client)})
    await login(client, manager_of_disdukcapil)
    assert (await post(client, f"{BASE}/{row['id']}/delete", {})).status_code == 303
    public = await client.get("/p/DISDUKCAPIL")
    assert 'data-testid="nothing-published"' in public.text


async def test_an_unpublished_newer_period_is_never_shown(client, disdukcapil, check_case):
    await Publication(
        unit=disdukcapil["id"],
        period_start=date(2025, 10, 1),
        period_end=date(2025, 12, 31),
        channel="papan_pengumuman",
        published_on=date(2026, 1, 10),
        n=35,
        ikm="77.10",
        elements=[],
    ).save()
    public = await client.get("/p/DISDUKCAPIL")
    assert re.search(r'data-testid="public-ikm">77,10<', public.text)
    assert "91,48" not in public.text  # Q1 2026 has data but was never published
    assert "Baik" in public.text


async def test_a_publication_dated_in_the_future_is_not_shown_yet(client, disdukcapil):
    await Publication(
        unit=disdukcapil["id"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        channel="website",
        published_on=date(2999, 1, 1),
        n=35,
        ikm="77.10",
    ).save()
    assert 'data-testid="nothing-published"' in (await client.get("/p/DISDUKCAPIL")).text


async def test_an_unknown_unit_is_404_and_the_methodology_page_is_public(client, db):
    assert (await client.get("/p/NOPE")).status_code == 404
    page = await client.get("/metodologi")
    assert page.status_code == 200
    for decision in ("1/9", "setengah ke atas", "batas bawah", "bukan nol", "Krejcie", "rekap"):
        assert decision in page.text, decision


async def test_the_public_page_needs_no_inline_script_or_style(client, disdukcapil, check_case):
    await Publication(
        unit=disdukcapil["id"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        channel="website",
        published_on=date(2026, 4, 5),
        n=29,
        ikm="91.48",
        elements=[{"code": "U1", "nrr": "3.6207", "n": 29, "score": "90.52", "grade": "A"}],
    ).save()
    html = (await client.get("/p/DISDUKCAPIL")).text
    assert "<style" not in html and " style=" not in html
    assert not re.search(r"<script(?![^>]*\bsrc=)", html)
