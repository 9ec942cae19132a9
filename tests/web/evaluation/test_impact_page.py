"""The event page's Level 4, "what citizens noticed", from citizens' answers stored per officer."""

from __future__ import annotations

from tests.factories import login, make_user
from tests.integration.test_evaluation_results import city_with_event


async def test_bkpsdm_reads_that_participants_improved_beyond_their_colleagues(client, db):
    event = await city_with_event(participants_per_unit=6, effect=0.8, seed=1)
    await login(client, await make_user("ratna", "hr"))
    page = await client.get(f"/development/events/{event['id']}")
    assert page.status_code == 200
    assert 'data-testid="impact-sample"' in page.text
    verdict = page.text.split('data-testid="verdict-U6"')[1].split("</td>")[0]
    assert "badge-ok" in verdict
    interval = page.text.split('data-testid="interval-U6"')[1].split("</td>")[0]
    assert "s.d." in interval and "+" in interval


async def test_with_two_participants_per_unit_the_page_draws_no_conclusion(client, db):
    event = await city_with_event(participants_per_unit=2, effect=0.8, seed=3)
    await login(client, await make_user("ratna", "hr"))
    page = await client.get(f"/development/events/{event['id']}")
    verdict = page.text.split('data-testid="verdict-IKM"')[1].split("</td>")[0]
    assert "badge" not in verdict and "muted" in verdict
