"""The review page for flagged responses: /dashboard/flagged."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from surveys.store.aggregate_tables import ScoreDaily
from surveys.store.tables import Response
from tests.factories import csrf_token, login, make_responses, make_service_point

NIGHT = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)  # 22:00 WIB


async def flag(unit: dict, point_name: str, comment: str) -> int:
    point = await make_service_point(unit["id"], point_name)
    await make_responses(
        unit["id"],
        [{f"U{i}": 4 for i in range(1, 10)}],
        NIGHT,
        service_point=point["id"],
        status="flagged",
        flag_reason="outside_hours",
        comment=comment,
    )
    return (await Response.select(Response.id).where(Response.comment == comment).first())["id"]


@pytest.fixture
async def flagged(disdukcapil, rsud):
    return {
        "mine": await flag(disdukcapil, "Loket 1", "from disdukcapil"),
        "theirs": await flag(rsud, "Pendaftaran", "from rsud"),
    }


async def test_a_manager_sees_only_their_units_flagged_responses(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    page = await client.get("/dashboard/flagged")
    assert page.status_code == 200
    assert f'data-testid="flagged-{flagged["mine"]}"' in page.text
    assert f'data-testid="flagged-{flagged["theirs"]}"' not in page.text
    assert "Dikirim di luar jam pelayanan" in page.text


async def test_an_admin_sees_every_units_flagged_responses(client, admin, flagged):
    await login(client, admin)
    page = await client.get("/dashboard/flagged")
    assert f'data-testid="flagged-{flagged["mine"]}"' in page.text
    assert f'data-testid="flagged-{flagged["theirs"]}"' in page.text


async def test_the_list_alone_is_sent_to_htmx(client, admin, flagged):
    await login(client, admin)
    fragment = await client.get("/dashboard/flagged", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section id="flagged-list"')
    assert "<html" not in fragment.text


async def test_anonymous_visitors_are_sent_to_log_in_and_facilitators_refused(
    client, facilitator, flagged
):
    anonymous = await client.get("/dashboard/flagged")
    assert anonymous.status_code in (302, 303) and "/login" in anonymous.headers["location"]
    await login(client, facilitator)
    assert (await client.get("/dashboard/flagged")).status_code == 403
    refused = await client.post(
        f"/dashboard/flagged/{flagged['mine']}/accept",
        data={"_csrf_token": await csrf_token(client)},
    )
    assert refused.status_code == 403


async def test_accepting_counts_the_response_and_redirects_back(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    response = await client.post(
        f"/dashboard/flagged/{flagged['mine']}/accept",
        data={"_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303 and response.headers["location"] == "/dashboard/flagged"
    row = await Response.select(Response.status).where(Response.id == flagged["mine"]).first()
    assert row["status"] == "valid"
    assert sum(r["n"] for r in await ScoreDaily.select(ScoreDaily.n)) == 1


async def test_rejecting_with_htmx_answers_the_updated_list(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    response = await client.post(
        f"/dashboard/flagged/{flagged['mine']}/reject",
        headers={"HX-Request": "true", "x-csrftoken": await csrf_token(client)},
    )
    assert response.status_code in (200, 201)
    assert 'id="flagged-list"' in response.text and 'data-testid="flagged-empty"' in response.text
    row = await Response.select(Response.status).where(Response.id == flagged["mine"]).first()
    assert row["status"] == "rejected"
    assert await ScoreDaily.count() == 0


async def test_a_manager_cannot_decide_on_another_units_response(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    response = await client.post(
        f"/dashboard/flagged/{flagged['theirs']}/accept",
        data={"_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 404
    row = await Response.select(Response.status).where(Response.id == flagged["theirs"]).first()
    assert row["status"] == "flagged"


async def test_a_decision_without_the_csrf_token_is_refused(client, admin, flagged):
    await login(client, admin)
    response = await client.post(f"/dashboard/flagged/{flagged['mine']}/accept", data={})
    assert response.status_code == 403
    row = await Response.select(Response.status).where(Response.id == flagged["mine"]).first()
    assert row["status"] == "flagged"


async def test_accepting_with_htmx_answers_the_updated_list_alone(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    response = await client.post(
        f"/dashboard/flagged/{flagged['mine']}/accept",
        headers={"HX-Request": "true", "x-csrftoken": await csrf_token(client)},
    )
    assert response.status_code in (200, 201)
    assert response.text.lstrip().startswith('<section id="flagged-list"')
    assert "<html" not in response.text and 'data-testid="flagged-empty"' in response.text
    row = await Response.select(Response.status).where(Response.id == flagged["mine"]).first()
    assert row["status"] == "valid"


async def test_rejecting_without_htmx_redirects_back(client, manager_of_disdukcapil, flagged):
    await login(client, manager_of_disdukcapil)
    response = await client.post(
        f"/dashboard/flagged/{flagged['mine']}/reject",
        data={"_csrf_token": await csrf_token(client)},
    )
    assert response.status_code == 303 and response.headers["location"] == "/dashboard/flagged"
    row = await Response.select(Response.status).where(Response.id == flagged["mine"]).first()
    assert row["status"] == "rejected"


async def test_the_review_forms_post_to_the_decision_routes(client, admin, flagged):
    await login(client, admin)
    page = await client.get("/dashboard/flagged")
    for decision in ("accept", "reject"):
        path = f"/dashboard/flagged/{flagged['mine']}/{decision}"
        assert f'action="{path}" hx-post="{path}"' in page.text


async def _review_ticked(client, ids: list[int], decision: str, headers=None):
    data = {"response": [str(i) for i in ids], "decision": decision}
    data["_csrf_token"] = await csrf_token(client)
    return await client.post("/dashboard/flagged/review", data=data, headers=headers or {})


async def test_a_manager_accepts_every_ticked_response_at_once_and_they_count(
    client, manager_of_disdukcapil, disdukcapil, flagged
):
    second = await flag(disdukcapil, "Loket 2", "another night answer")
    await login(client, manager_of_disdukcapil)
    page = await client.get("/dashboard/flagged")
    assert f'form="bulk-review" id="tick-{second}"' in page.text
    response = await _review_ticked(client, [flagged["mine"], second], "accept")
    assert response.status_code == 303
    landing = await client.get(response.headers["location"])
    assert "2 jawaban diterima." in landing.text
    statuses = await Response.select(Response.id, Response.status).order_by(Response.id)
    assert {r["id"]: r["status"] for r in statuses} == {
        flagged["mine"]: "valid",
        flagged["theirs"]: "flagged",
        second: "valid",
    }
    assert sum(r["n"] for r in await ScoreDaily.select(ScoreDaily.n)) == 2


async def test_ticked_responses_of_another_unit_are_left_alone_when_rejecting_in_bulk(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    fragment = await _review_ticked(
        client, [flagged["mine"], flagged["theirs"]], "reject", {"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<section id="flagged-list"')
    assert "1 jawaban ditolak." in fragment.text
    rows = await Response.select(Response.id, Response.status)
    assert {r["id"]: r["status"] for r in rows} == {
        flagged["mine"]: "rejected",
        flagged["theirs"]: "flagged",
    }


async def test_a_bulk_decision_without_ticks_says_what_to_do(
    client, manager_of_disdukcapil, flagged
):
    await login(client, manager_of_disdukcapil)
    response = await _review_ticked(client, [], "accept")
    assert response.status_code == 400
    assert "Centang dulu jawaban" in response.text
    assert await Response.count().where(Response.status == "flagged") == 2
