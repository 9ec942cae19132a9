"""The participant's own Level 3 report by the event's link: open from 60 days after the
event, once per participant present, no account."""

from __future__ import annotations

from datetime import date, timedelta

from surveys.evaluation import events as ev
from surveys.store.development_tables import BehaviourAnswer
from tests.evaluation_samples import BKPSDM, NIP_ANDI, NIP_RINA, event_fields
from tests.web.survey_support import form_token


async def _finished(days_ago: int) -> dict:
    end = date.today() - timedelta(days=days_ago)
    event_id = await ev.create_event(
        BKPSDM, event_fields(start_date=end - timedelta(days=2), end_date=end)
    )
    await ev.register_participants(BKPSDM, event_id, [NIP_ANDI, NIP_RINA])
    andi = [p["id"] for p in await ev.participants(event_id) if p["nip"] == NIP_ANDI]
    await ev.record_attendance(BKPSDM, event_id, andi)
    await ev.finish_event(BKPSDM, event_id)
    return await ev.event_by_id(event_id)


async def _send(client, event: dict, nip: str, value: str = "3"):
    page = await client.get(f"/s/e/{event['token']}/self")
    data = {"nip": nip, "c0": value, "form_token": form_token(page.text)}
    return await client.post(f"/s/e/{event['token']}/self", data=data)


async def test_andi_reports_once_on_his_own_application(client, officers):
    event = await _finished(65)
    response = await _send(client, event, NIP_ANDI)
    assert 'data-testid="thanks"' in response.text
    again = await _send(client, event, NIP_ANDI, "1")
    assert 'data-testid="already-answered"' in again.text
    assert [
        (a["respondent"], a["ratings"])
        for a in await BehaviourAnswer.select().output(load_json=True)
    ] == [("self", {"0": 3})]


async def test_rina_who_was_absent_is_told_and_nothing_is_stored(client, officers):
    event = await _finished(65)
    response = await _send(client, event, NIP_RINA)
    assert response.status_code == 400
    assert await BehaviourAnswer.count() == 0


async def test_the_self_report_is_not_open_a_month_after_the_event(client, officers):
    event = await _finished(30)
    page = await client.get(f"/s/e/{event['token']}/self")
    assert 'data-testid="not-open"' in page.text


async def test_too_many_reports_from_one_network_are_refused_on_the_events_own_page(
    client, app, officers
):
    import dataclasses

    app.state.settings = dataclasses.replace(app.state.settings, survey_address_limit=1)
    event = await _finished(65)
    assert 'data-testid="thanks"' in (await _send(client, event, NIP_ANDI)).text
    refused = await _send(client, event, NIP_ANDI, "1")
    assert refused.status_code == 429 and 'data-testid="too-many"' in refused.text
    assert "hanya sebagai rekap seluruh peserta" in refused.text
    assert [a["respondent"] for a in await BehaviourAnswer.select()] == ["self"]
