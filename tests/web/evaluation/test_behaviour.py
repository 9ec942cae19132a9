"""Level 3: the supervisor's evaluations due 60-90 days after an event, on the manager's
dashboard; answering once; a follow-up planned from a weak result."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta

import pytest

from surveys.evaluation import events as ev
from surveys.store.development_tables import (
    BehaviourAnswer,
    DevelopmentActivity,
    DevelopmentPlan,
    EventParticipant,
)
from tests.evaluation_samples import BKPSDM, NIP_ANDI, NIP_RINA, NIP_SARI, event_fields
from tests.factories import csrf_token, login
from tests.web.evaluation.conftest import make_competency


async def _finished_event(days_ago: int, nips: list[str], present: list[str], **changes) -> dict:
    end = date.today() - timedelta(days=days_ago)
    fields = event_fields(start_date=end - timedelta(days=3), end_date=end, **changes)
    competency = await make_competency(code=f"C{days_ago}{changes.get('title', '')}"[:40])
    event_id = await ev.create_event(BKPSDM, fields, [competency["id"]])
    await ev.register_participants(BKPSDM, event_id, nips)
    people = await ev.participants(event_id)
    await ev.record_attendance(BKPSDM, event_id, [p["id"] for p in people if p["nip"] in present])
    await ev.finish_event(BKPSDM, event_id)
    return {"id": event_id, "competency": competency, "people": {p["nip"]: p for p in people}}


@pytest.fixture
async def seventy_days_ago(officers) -> dict:
    """Andi attended, Rina did not; Sari (RSUD) attended."""
    return await _finished_event(70, [NIP_ANDI, NIP_RINA, NIP_SARI], [NIP_ANDI, NIP_SARI])


async def test_the_disdukcapil_manager_sees_andi_due_on_the_dashboard_panel(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    dashboard = await client.get("/dashboard")
    assert 'data-testid="behaviour-due-link"' in dashboard.text
    fragment = await client.get("/development/behaviour/due", headers={"HX-Request": "true"})
    assert fragment.text.lstrip().startswith('<section class="card" id="behaviour-due"')
    andi = seventy_days_ago["people"][NIP_ANDI]["id"]
    assert f'data-testid="pending-{andi}"' in fragment.text
    # Rina was absent and Sari belongs to the hospital: neither is listed.
    for nip in (NIP_RINA, NIP_SARI):
        assert f'data-testid="pending-{seventy_days_ago["people"][nip]["id"]}"' not in fragment.text
    page = await client.get("/development/behaviour/due")
    assert "<html" in page.text and f'data-testid="pending-{andi}"' in page.text


async def test_an_event_of_last_month_is_not_yet_due_and_one_of_100_days_ago_is_overdue(
    client, manager_of_disdukcapil, officers
):
    recent = await _finished_event(30, [NIP_ANDI], [NIP_ANDI], title="Baru")
    old = await _finished_event(100, [NIP_RINA], [NIP_RINA], title="Lama")
    await login(client, manager_of_disdukcapil)
    fragment = (await client.get("/development/behaviour/due", headers={"HX-Request": "true"})).text
    assert f'pending-{recent["people"][NIP_ANDI]["id"]}"' not in fragment
    assert f'pending-{old["people"][NIP_RINA]["id"]}"' in fragment
    assert 'data-testid="overdue"' in fragment


async def _answer(client, event: dict, nip: str, value: str):
    participant = event["people"][nip]["id"]
    token = await csrf_token(client)
    data = {f"c{event['competency']['id']}": value, "example": "", "_csrf_token": token}
    return await client.post(
        f"/development/events/{event['id']}/behaviour/{participant}", data=data
    )


async def test_the_manager_answers_once_and_andi_leaves_the_list(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    assert (await _answer(client, seventy_days_ago, NIP_ANDI, "3")).status_code == 303
    again = await _answer(client, seventy_days_ago, NIP_ANDI, "1")
    assert again.status_code == 409
    assert [a["respondent"] for a in await BehaviourAnswer.select()] == ["supervisor"]
    fragment = (await client.get("/development/behaviour/due", headers={"HX-Request": "true"})).text
    assert 'data-testid="nothing-due"' in fragment


async def test_a_missing_rating_is_shown_back_and_nothing_is_stored(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    response = await _answer(client, seventy_days_ago, NIP_ANDI, "")
    assert response.status_code == 400
    assert await BehaviourAnswer.count() == 0


async def test_a_rating_that_is_not_one_of_the_four_is_refused_not_an_error(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    for value in ("NaN", "1e308", "x" * 5000, "5", "\u00b3"):
        response = await _answer(client, seventy_days_ago, NIP_ANDI, value)
        assert response.status_code == 400, value
        assert "Pilih salah satu pilihan yang tersedia." in response.text
    assert await BehaviourAnswer.count() == 0


async def test_an_answer_about_someone_later_marked_absent_no_longer_counts(
    client, manager_of_disdukcapil, ratna_from_bkpsdm, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    assert (await _answer(client, seventy_days_ago, NIP_ANDI, "3")).status_code == 303
    await login(client, ratna_from_bkpsdm)
    path = f"/development/events/overview?year={(date.today() - timedelta(days=70)).year}"
    overview = await client.get(path)
    assert "50,0% <span" in overview.text and "(1/2)" in overview.text
    andi = seventy_days_ago["people"][NIP_ANDI]["id"]
    await EventParticipant.update(attended=False).where(EventParticipant.id == andi)
    page = await client.get(f"/development/events/{seventy_days_ago['id']}")
    assert "Atasan sudah menilai 0 dari 1 peserta hadir" in page.text
    overview = await client.get(path)
    assert "0,0% <span" in overview.text and "(0/1)" in overview.text
    assert "100,0%" not in overview.text


async def test_the_disdukcapil_manager_cannot_answer_for_the_hospitals_officer(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    response = await _answer(client, seventy_days_ago, NIP_SARI, "3")
    assert response.status_code == 404
    assert await BehaviourAnswer.count() == 0


async def test_a_weak_result_plans_a_coaching_in_andis_development_plan(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    await _answer(client, seventy_days_ago, NIP_ANDI, "1")
    page = await client.get(f"/development/events/{seventy_days_ago['id']}")
    assert f'data-testid="plan-follow-up-{NIP_ANDI}"' in page.text
    [answer] = await BehaviourAnswer.select(BehaviourAnswer.id)
    token = await csrf_token(client)
    response = await client.post(
        f"/development/behaviour/{answer['id']}/follow-up",
        data={"form": "Coaching", "_csrf_token": token},
    )
    assert response.status_code == 303
    [activity] = await DevelopmentActivity.select()
    assert (activity["form"], activity["competency"]) == (
        "Coaching",
        seventy_days_ago["competency"]["id"],
    )
    [plan] = await DevelopmentPlan.select()
    assert plan["officer"] == seventy_days_ago["people"][NIP_ANDI]["officer"]
    page = await client.get(response.headers["location"])
    assert f'data-testid="follow-up-{NIP_ANDI}"' in page.text


async def test_an_answer_sent_four_times_at_once_is_stored_once_and_refused_three_times(
    client, manager_of_disdukcapil, seventy_days_ago
):
    await login(client, manager_of_disdukcapil)
    replies = await asyncio.gather(
        *(_answer(client, seventy_days_ago, NIP_ANDI, "3") for _ in range(4))
    )
    assert sorted(reply.status_code for reply in replies) == [303, 409, 409, 409]
    assert await BehaviourAnswer.count() == 1
