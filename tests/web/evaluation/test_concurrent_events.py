"""Event forms sent several times at once (a double tap, two workers) store each row once."""

import asyncio

from surveys.evaluation import events as ev
from surveys.store.development_tables import EventCompetency, EventParticipant, TrainingEvent
from tests.evaluation_samples import NIP_ANDI, NIP_SARI
from tests.factories import csrf_token, login
from tests.web.evaluation.conftest import make_competency


async def _four_at_once(client, path, data):
    token = await csrf_token(client)
    replies = await asyncio.gather(
        *(client.post(path, data=data | {"_csrf_token": token}) for _ in range(4))
    )
    return sorted(reply.status_code for reply in replies)


async def test_participants_sent_four_times_at_once_are_registered_once(
    client, ratna_from_bkpsdm, event, officers
):
    await login(client, ratna_from_bkpsdm)
    path = f"/development/events/{event['id']}/participants"
    codes = await _four_at_once(client, path, {"nips": NIP_SARI})
    assert codes == [303, 303, 303, 303]
    assert len(await ev.participants(event["id"])) == 3


async def test_an_event_edit_sent_four_times_at_once_keeps_one_aim(
    client, ratna_from_bkpsdm, event
):
    await login(client, ratna_from_bkpsdm)
    aim = await make_competency()
    form = {
        "title": "Pelayanan Prima",
        "form": "Workshop/lokakarya",
        "classical": "1",
        "competency": "sosial_kultural",
        "provider": "BKPSDM",
        "trainers": "Ibu Lestari",
        "start_date": "2026-04-06",
        "end_date": "2026-04-07",
        "jp": "16",
        "cost": "0",
        "competencies": [str(aim["id"])],
    }
    path = f"/development/events/{event['id']}/edit"
    codes = await _four_at_once(client, path, form)
    assert codes == [303, 303, 303, 303]
    assert await EventCompetency.count().where(EventCompetency.event == event["id"]) == 1


async def test_an_event_file_imported_four_times_at_once_stores_its_rows_once(
    client, ratna_from_bkpsdm, officers
):
    await login(client, ratna_from_bkpsdm)
    text = (
        "title,form,classical,competency,start_date,end_date,jp,nip,pre_score,post_score\n"
        f"Pelayanan Prima,Pelatihan teknis,ya,teknis,2026-03-02,2026-03-05,32,{NIP_ANDI},40,70\n"
    )
    token = await csrf_token(client)
    replies = await asyncio.gather(
        *(
            client.post(
                "/development/events/import",
                data={"_csrf_token": token},
                files={"file": ("events.csv", text.encode(), "text/csv")},
            )
            for _ in range(4)
        )
    )
    assert [reply.status_code for reply in replies] == [303, 303, 303, 303]
    assert await TrainingEvent.count() == 1
    assert await EventParticipant.count() == 1
