from datetime import UTC, datetime

from tests.factories import check_case_answers, make_responses

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


async def test_it_lists_units_by_name_with_public_fields_only(client, disdukcapil, rsud):
    response = await client.get("/api/v1/units")
    assert response.status_code == 200
    units = response.json()
    # Ordered by name: "Dinas Kependudukan …" before "RSUD Sawahlunto".
    assert [unit["code"] for unit in units] == ["DISDUKCAPIL", "RSUD"]
    assert set(units[0]) == {"code", "name", "kind", "parent"}


async def test_it_answers_the_check_case_ikm_with_decimal_strings(client, disdukcapil, rsud):
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


async def test_it_excludes_responses_outside_the_period(client, disdukcapil):
    await make_responses(disdukcapil["id"], check_case_answers(), AT)
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-04-01&to=2026-04-30")
    assert response.json()["n"] == 0
    assert response.json()["ikm"] is None


async def test_it_rejects_a_malformed_date_with_a_clear_400(client, disdukcapil):
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-13-01")
    assert response.status_code == 400
    assert "YYYY-MM-DD" in response.json()["detail"]


async def test_it_rejects_a_reversed_period(client, disdukcapil):
    response = await client.get("/api/v1/units/DISDUKCAPIL/ikm?from=2026-05-01&to=2026-04-01")
    assert response.status_code == 400


async def test_it_answers_404_for_an_unknown_unit(client, db):
    response = await client.get("/api/v1/units/NOPE/ikm")
    assert response.status_code == 404


async def test_it_serves_the_openapi_schema(client, db):
    response = await client.get("/schema")
    assert response.status_code == 200
    assert "/api/v1/units/{unit_code}/ikm" in response.json()["paths"]
