"""Interviews and focus groups about an event: recorded by BKPSDM, coded to competencies and
themes, a focus group named by its forum session; listed on the event page for BKPSDM only."""

from __future__ import annotations

from surveys.evaluation import events as ev
from surveys.store.development_tables import EventNote
from tests.evaluation_samples import BKPSDM
from tests.factories import csrf_token, login, make_forum_session
from tests.web.evaluation.conftest import make_competency


async def _post(client, event_id: int, data: dict):
    token = await csrf_token(client)
    return await client.post(
        f"/development/events/{event_id}/notes", data={**data, "_csrf_token": token}
    )


async def test_ratna_records_a_focus_group_held_as_a_forum_session(
    client, ratna_from_bkpsdm, event, disdukcapil
):
    competency = await make_competency()
    await ev.update_event(BKPSDM, event["id"], _fields(event), [competency["id"]])
    session = await make_forum_session(disdukcapil["id"], status="closed", place="Aula BKPSDM")
    await login(client, ratna_from_bkpsdm)
    data = {
        "kind": "fgd",
        "held_on": "2026-06-10",
        "forum_session": str(session["id"]),
        "themes": "antrean, sikap",
        "note_competencies": [str(competency["id"])],
        "notes": "Peserta sudah memakai alur antrean baru.",
    }
    response = await _post(client, event["id"], data)
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert "Peserta sudah memakai alur antrean baru." in page.text
    assert f"/forum/sessions/{session['id']}" in page.text
    [note] = await EventNote.select().output(load_json=True)
    assert note["competencies"] == [competency["id"]]


async def test_a_focus_group_without_its_forum_session_is_refused_and_kept(
    client, ratna_from_bkpsdm, event
):
    await login(client, ratna_from_bkpsdm)
    data = {"kind": "fgd", "held_on": "2026-06-10", "notes": "Catatan diskusi"}
    response = await _post(client, event["id"], data)
    assert response.status_code == 400
    assert "Catatan diskusi" in response.text
    assert await EventNote.count() == 0


async def test_a_manager_neither_reads_nor_writes_notes(client, manager_of_disdukcapil, event):
    await login(client, manager_of_disdukcapil)
    data = {"kind": "interview", "held_on": "2026-06-10", "notes": "x"}
    assert (await _post(client, event["id"], data)).status_code == 403
    page = await client.get(f"/development/events/{event['id']}")
    assert 'id="notes"' not in page.text


def _fields(event: dict) -> ev.EventFields:
    names = ev.EventFields.__dataclass_fields__
    return ev.EventFields(**{name: event[name] for name in names})
