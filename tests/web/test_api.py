from datetime import UTC, date, datetime

import pytest

from surveys.store.tables import Unit
from tests.factories import check_case_answers, login, make_publication, make_responses

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
Q1 = "from=2026-01-01&to=2026-03-31"


@pytest.fixture
async def signed_in_kadis(client, manager_of_disdukcapil):
    await login(client, manager_of_disdukcapil)


async def test_it_lists_units_by_name_with_public_fields_only(client, disdukcapil, rsud):
    response = await client.get("/api/v1/units")
    assert response.status_code == 200
    units = response.json()
    # Ordered by name: "Dinas Kependudukan …" before "RSUD Sawahlunto".
    assert [unit["code"] for unit in units] == ["DISDUKCAPIL", "RSUD"]
    assert set(units[0]) == {"code", "name", "kind", "parent"}


async def test_it_answers_the_check_case_ikm_with_decimal_strings(
    client, disdukcapil, rsud, signed_in_kadis
):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)
    await make_responses(rsud["id"], [{"U1": 1, "U2": 1}], AT)  # must not leak into DISDUKCAPIL
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-03-01&to=2026-03-31")
    assert response.status_code == 200
    body = response.json()
    assert body["unit"] == "DISDUKCAPIL"
    assert body["n"] == 29
    assert (body["ikm"], body["grade"], body["label"]) == ("91.48", "A", "Sangat Baik")
    assert body["elements"][0] == {
        "code": "U1",
        "n": 29,
        "nrr": "3.6207",
        "score": "90.52",
        "grade": "A",
    }
    assert [e["code"] for e in body["elements"]] == [f"U{i}" for i in range(1, 10)]


async def test_it_excludes_responses_outside_the_period(client, disdukcapil, signed_in_kadis):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-04-01&to=2026-04-30")
    assert response.json()["n"] == 0
    assert response.json()["ikm"] is None


async def test_it_rejects_a_malformed_date_with_a_clear_400(client, disdukcapil, signed_in_kadis):
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-13-01")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["detail"]


async def test_it_rejects_a_reversed_period(client, disdukcapil, signed_in_kadis):
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400


async def test_it_answers_404_for_an_unknown_unit(client, db):
    response = await client.get("/api/v1/units/NOPE/ikm")
    assert response.status_code == 404


async def test_it_serves_the_openapi_schema(client, db):
    response = await client.get("/schema")
    assert response.status_code == 200
    assert "/api/v1/units/{unit_code}/ikm" in response.json()["paths"]


async def test_an_anonymous_caller_gets_no_unpublished_period(client, disdukcapil):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)
    response = await client.get(f"/api/v1/units/DISDUKCAPIL/ikm?{Q1}")
    assert response.status_code == 404
    assert "belum diumumkan" in response.json()["detail"]
    assert "91.48" not in response.text
    # Without dates: nothing was ever published either.
    assert (await client.get("/api/v1/units/DISDUKCAPIL/ikm")).status_code == 404


async def test_an_anonymous_caller_gets_the_published_snapshot_of_that_period(client, disdukcapil):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)
    await Unit.update({Unit.minimum_responses: 20}).where(Unit.id == disdukcapil["id"])
    await make_publication(
        disdukcapil["id"], date(2026, 1, 1), date(2026, 3, 31), 29, "91.48", date(2026, 4, 5)
    )
    # A publication dated in the future is not public yet.
    await make_publication(
        disdukcapil["id"], date(2026, 4, 1), date(2026, 6, 30), 40, "70.00", date(2999, 1, 1)
    )
    body = (await client.get(f"/api/v1/units/DISDUKCAPIL/ikm?{Q1}")).json()
    assert (body["n"], body["ikm"], body["grade"], body["enough"]) == (29, "91.48", "A", True)
    assert body["published_on"] == "2026-04-05"
    assert body["elements"][0]["nrr"] == "3.6207"
    latest = (await client.get("/api/v1/units/DISDUKCAPIL/ikm")).json()
    assert (latest["period_from"], latest["period_to"]) == ("2026-01-01", "2026-03-31")
    future = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-04-01&to=2026-06-30")
    assert future.status_code == 404
    # A period inside the published one is not the published period.
    month = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-03-01&to=2026-03-31")
    assert month.status_code == 404


async def test_a_published_period_below_the_minimum_sample_shows_no_score(client, disdukcapil):
    await make_publication(
        disdukcapil["id"], date(2026, 1, 1), date(2026, 3, 31), 9, "95.00", date(2026, 4, 5)
    )
    response = await client.get(f"/api/v1/units/DISDUKCAPIL/ikm?{Q1}")
    assert response.status_code == 403
    assert "minimum" in response.json()["detail"]
    assert "95.00" not in response.text


async def test_a_manager_outside_the_unit_is_treated_as_the_public(
    client, disdukcapil, manager_of_rsud
):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)
    await login(client, manager_of_rsud)
    assert (await client.get(f"/api/v1/units/DISDUKCAPIL/ikm?{Q1}")).status_code == 404
    assert (await client.get(f"/api/v1/units/RSUD/ikm?{Q1}")).status_code == 200
