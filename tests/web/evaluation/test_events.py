"""The events pages: BKPSDM manages events city-wide; a unit's manager sees their officers'
events only and changes nothing; bad input is shown back with every value kept."""

from __future__ import annotations

from surveys.evaluation import events as ev
from surveys.store.development_tables import EventCompetency, TrainingEvent
from surveys.store.tables import Training
from tests.evaluation_samples import NIP_ANDI, NIP_RINA
from tests.factories import client_at, csrf_token, login
from tests.web.evaluation.conftest import make_competency


async def _post(client, path: str, data: dict):
    """A form post; a list value sends its field once per item."""
    token = await csrf_token(client)
    return await client.post(path, data={**data, "_csrf_token": token})


def _new_event(**changes) -> dict:
    return {
        "title": "Etika Pelayanan",
        "form": "Workshop/lokakarya",
        "classical": "1",
        "competency": "sosial_kultural",
        "provider": "BKPSDM",
        "trainers": "Ibu Lestari,  Pak Budi , Ibu Lestari",
        "start_date": "2026-04-06",
        "end_date": "2026-04-07",
        "jp": "16",
        "cost": "7.500.000",
    } | changes


async def test_ratna_creates_an_event_aimed_at_a_competency(client, ratna_from_bkpsdm):
    await login(client, ratna_from_bkpsdm)
    integrity = await make_competency()
    data = _new_event(competencies=[str(integrity["id"])])
    response = await _post(client, "/development/events/new", data)
    assert response.status_code == 303
    stored = (await TrainingEvent.select())[0]
    assert (stored["trainers"], stored["cost"]) == ("Ibu Lestari, Pak Budi", 7_500_000)
    aimed = await EventCompetency.select(EventCompetency.competency)
    assert aimed == [{"competency": integrity["id"]}]
    page = await client.get(response.headers["location"])
    assert integrity["name"] in page.text


async def test_an_event_ending_before_it_starts_is_shown_back_with_its_values(
    client, ratna_from_bkpsdm
):
    await login(client, ratna_from_bkpsdm)
    response = await _post(
        client, "/development/events/new", _new_event(end_date="2026-04-01", jp="x")
    )
    assert response.status_code == 400
    assert 'data-testid="error-end_date"' in response.text
    assert 'data-testid="error-jp"' in response.text
    assert 'value="Etika Pelayanan"' in response.text
    assert await TrainingEvent.count() == 0


async def test_an_event_in_year_one_or_9999_is_refused_so_its_page_keeps_working(
    client, ratna_from_bkpsdm
):
    await login(client, ratna_from_bkpsdm)
    for start, end in (("0001-01-01", "0001-01-03"), ("9999-12-29", "9999-12-31")):
        response = await _post(
            client, "/development/events/new", _new_event(start_date=start, end_date=end)
        )
        assert response.status_code == 400
        assert "Isi tanggal antara tahun 2000 dan 2099." in response.text
        assert 'data-testid="error-start_date"' in response.text
        assert 'data-testid="error-end_date"' in response.text
    assert await TrainingEvent.count() == 0
    created = await _post(client, "/development/events/new", _new_event())
    event_path = created.headers["location"]
    edited = await _post(client, f"{event_path}/edit", _new_event(end_date="9999-12-31"))
    assert edited.status_code == 400
    assert (await client.get(event_path)).status_code == 200


async def test_an_event_file_with_a_date_in_year_9999_names_the_row_and_imports_nothing(
    client, ratna_from_bkpsdm, officers
):
    await login(client, ratna_from_bkpsdm)
    text = (
        "title,form,classical,competency,start_date,end_date,jp,nip\n"
        f"Pelayanan Prima,Pelatihan teknis,ya,teknis,2026-03-02,9999-12-31,32,{NIP_ANDI}\n"
    )
    token = await csrf_token(client)
    response = await client.post(
        "/development/events/import",
        data={"_csrf_token": token},
        files={"file": ("events.csv", text.encode(), "text/csv")},
    )
    assert response.status_code == 400
    assert "9999-12-31 di luar tahun 2000–2099." in response.text
    assert await TrainingEvent.count() == 0


async def test_an_event_without_its_form_of_development_points_at_the_hint_and_the_error(
    client, ratna_from_bkpsdm
):
    await login(client, ratna_from_bkpsdm)
    blank = await client.get("/development/events/new")
    assert 'list="form-suggestions"' in blank.text and "<datalist" in blank.text
    assert 'aria-describedby="form-hint"' in blank.text
    response = await _post(client, "/development/events/new", _new_event(form=""))
    assert response.status_code == 400
    assert 'data-testid="error-form"' in response.text
    assert 'aria-describedby="form-hint form-error"' in response.text
    assert 'aria-describedby="title-' not in response.text  # the valid title stays plain
    assert await TrainingEvent.count() == 0


async def test_ratna_records_attendance_and_scores_then_finishes_the_event(
    client, ratna_from_bkpsdm, event
):
    await login(client, ratna_from_bkpsdm)
    people = {p["nip"]: p["id"] for p in await ev.participants(event["id"])}
    andi = people[NIP_ANDI]
    data = {"attended": [str(andi)], f"pre_{andi}": "40", f"post_{andi}": "70"}
    response = await _post(client, f"/development/events/{event['id']}/results", data)
    assert response.status_code == 303
    finished = await _post(client, f"/development/events/{event['id']}/finish", {})
    assert finished.status_code == 303
    page = await client.get(finished.headers["location"])
    assert 'data-testid="records-written"' in page.text
    assert [row["officer"] for row in await Training.select(Training.officer)] == [
        (await ev.participants(event["id"]))[0]["officer"]
    ]
    assert 'data-testid="learning-gain"' in page.text


async def test_the_scores_of_someone_marked_absent_do_not_count_towards_learning(
    client, ratna_from_bkpsdm, event
):
    await login(client, ratna_from_bkpsdm)
    people = {p["nip"]: p["id"] for p in await ev.participants(event["id"])}
    andi, rina = people[NIP_ANDI], people[NIP_RINA]
    data = {
        "attended": [str(andi)],
        f"pre_{andi}": "40",
        f"post_{andi}": "70",
        f"pre_{rina}": "10",
        f"post_{rina}": "90",
    }
    assert (await _post(client, f"/development/events/{event['id']}/results", data)).status_code
    page = await client.get(f"/development/events/{event['id']}")
    assert "1 peserta dengan kedua nilai tes." in page.text


async def test_a_score_above_100_keeps_the_page_and_stores_nothing(
    client, ratna_from_bkpsdm, event
):
    await login(client, ratna_from_bkpsdm)
    rina = next(p["id"] for p in await ev.participants(event["id"]) if p["nip"] == NIP_RINA)
    response = await _post(
        client, f"/development/events/{event['id']}/results", {f"post_{rina}": "150"}
    )
    assert response.status_code == 400
    assert 'value="150"' in response.text
    assert all(p["post_score"] is None for p in await ev.participants(event["id"]))


async def test_registering_an_unknown_nip_names_it_and_registers_the_others(
    client, ratna_from_bkpsdm, event, officers
):
    await login(client, ratna_from_bkpsdm)
    nips = "199105122019022003\n199912312020121001"
    response = await _post(
        client, f"/development/events/{event['id']}/participants", {"nips": nips}
    )
    assert response.status_code == 400
    assert "199912312020121001" in response.text
    assert len(await ev.participants(event["id"])) == 3


async def test_the_disdukcapil_manager_sees_their_officers_events_and_not_the_hospitals(
    client, manager_of_disdukcapil, event, rsud_event
):
    await login(client, manager_of_disdukcapil)
    listing = await client.get("/development/events")
    assert listing.status_code == 200
    assert "Pelayanan Prima" in listing.text and "Triase IGD" not in listing.text
    assert (await client.get(f"/development/events/{event['id']}")).status_code == 200
    assert (await client.get(f"/development/events/{rsud_event['id']}")).status_code == 404


async def test_a_manager_cannot_create_change_or_finish_events(
    client, manager_of_disdukcapil, event
):
    await login(client, manager_of_disdukcapil)
    assert (await client.get("/development/events/new")).status_code == 403
    response = await _post(client, f"/development/events/{event['id']}/finish", {})
    assert response.status_code == 403
    assert (await ev.event_by_id(event["id"]))["status"] == "planned"


async def test_an_empty_event_list_says_what_comes_next_for_each_reader(
    client, ratna_from_bkpsdm, manager_of_disdukcapil
):
    await login(client, ratna_from_bkpsdm)
    hr = await client.get("/development/events")
    assert 'data-testid="no-events"' in hr.text
    assert 'href="/development/events/new"' in hr.text
    assert 'href="/development/events/import"' in hr.text
    await login(client, manager_of_disdukcapil)
    manager = await client.get("/development/events?lang=en")
    assert 'data-testid="no-events"' in manager.text
    assert "BKPSDM records development events" in manager.text
    assert 'href="/development/events/new"' not in manager.text


async def test_a_facilitator_and_an_anonymous_visitor_see_no_events(client, facilitator, event):
    anonymous = await client.get("/development/events")
    assert anonymous.status_code in (302, 303)
    await login(client, facilitator)
    assert (await client.get(f"/development/events/{event['id']}")).status_code == 403


async def test_importing_an_event_file_reports_its_counts(client, ratna_from_bkpsdm, officers):
    await login(client, ratna_from_bkpsdm)
    text = (
        "title,form,classical,competency,start_date,end_date,jp,nip,pre_score,post_score\n"
        f"Pelayanan Prima,Pelatihan teknis,ya,teknis,2026-03-02,2026-03-05,32,{NIP_ANDI},40,70\n"
    )
    token = await csrf_token(client)
    response = await client.post(
        "/development/events/import",
        data={"_csrf_token": token},
        files={"file": ("events.csv", text.encode(), "text/csv")},
    )
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert 'data-testid="import-report"' in page.text
    assert await TrainingEvent.count() == 1


async def test_an_event_workbook_imports_like_its_csv(client, ratna_from_bkpsdm, officers):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(
        ["title", "form", "classical", "competency", "start_date", "end_date", "jp", "nip"]
    )
    sheet.append(
        [
            "Pelayanan Prima",
            "Pelatihan teknis",
            "ya",
            "teknis",
            "2026-03-02",
            "2026-03-05",
            32,
            NIP_ANDI,
        ]
    )
    data = io.BytesIO()
    book.save(data)
    await login(client, ratna_from_bkpsdm)
    token = await csrf_token(client)
    response = await client.post(
        "/development/events/import",
        data={"_csrf_token": token},
        files={"file": ("events.xlsx", data.getvalue(), "application/octet-stream")},
    )
    assert response.status_code == 303
    assert (await TrainingEvent.select(TrainingEvent.jp))[0]["jp"] == 32


async def test_the_poster_carries_the_reaction_link(client, ratna_from_bkpsdm, event):
    await login(client, ratna_from_bkpsdm)
    page = await client.get(f"/development/events/{event['id']}/poster")
    assert page.status_code == 200
    assert f"/s/e/{event['token']}" in page.text
    assert "<svg" in page.text


async def test_the_event_page_shows_the_cost_per_jp_and_per_participant_present(
    client, ratna_from_bkpsdm, officers
):
    from surveys.evaluation.events import create_event, record_attendance, register_participants
    from tests.evaluation_samples import BKPSDM, event_fields

    event_id = await create_event(BKPSDM, event_fields(cost=16_000_000, jp=32))
    await register_participants(BKPSDM, event_id, [NIP_ANDI, NIP_RINA])
    await record_attendance(BKPSDM, event_id, [p["id"] for p in await ev.participants(event_id)])
    await login(client, ratna_from_bkpsdm)
    page = await client.get(f"/development/events/{event_id}")
    cost = page.text.split('data-testid="event-cost"')[1].split("</dd>")[0]
    assert "Rp 500.000 per JP" in cost and "Rp 8.000.000 per peserta hadir" in cost


async def test_the_printable_report_reads_the_levels_in_both_languages(
    client, manager_of_disdukcapil, event, rsud_event
):
    await login(client, manager_of_disdukcapil)
    page = await client.get(f"/development/events/{event['id']}/report")
    assert page.status_code == 200
    assert "terlalu sedikit untuk disimpulkan" in page.text.split('data-testid="reading-id"')[1]
    assert "too few to read" in page.text.split('data-testid="reading-en"')[1]
    assert (await client.get(f"/development/events/{rsud_event['id']}/report")).status_code == 404


async def test_a_bad_event_file_shows_every_problem_and_imports_nothing(
    client, ratna_from_bkpsdm, officers
):
    await login(client, ratna_from_bkpsdm)
    text = (
        "title,form,classical,competency,start_date,end_date,jp,nip\n"
        "Pelayanan Prima,Pelatihan teknis,ya,teknis,2026-03-02,2026-03-05,x,199912312020121001\n"
    )
    token = await csrf_token(client)
    response = await client.post(
        "/development/events/import",
        data={"_csrf_token": token},
        files={"file": ("events.csv", text.encode(), "text/csv")},
    )
    assert response.status_code == 400
    assert response.text.count('<td class="num">2</td>') == 2  # jp and nip of row 2
    assert await TrainingEvent.count() == 0


async def test_a_file_with_many_bad_rows_shows_the_first_hundred_and_keeps_all_for_ratna_alone(
    app, client, ratna_from_bkpsdm, manager_of_disdukcapil, officers
):
    import csv
    import io
    import re

    await login(client, ratna_from_bkpsdm)
    header = "title,form,classical,competency,start_date,end_date,jp,nip\n"
    bad = "Pelayanan Prima,Pelatihan teknis,ya,teknis,2026-03-02,2026-03-05,x,{nip}\n"
    text = header + "".join(bad.format(nip=f"1999123120201210{i:02d}") for i in range(75))
    response = await client.post(
        "/development/events/import",
        data={"_csrf_token": await csrf_token(client)},
        files={"file": ("events.csv", text.encode(), "text/csv")},
    )

    assert response.status_code == 400
    assert response.text.count('data-testid="row-error"') == 100
    assert "150 masalah ditemukan" in response.text  # a bad JP and an unknown NIP per row
    link = re.search(r'href="([^"]+)" download data-testid="row-errors-download"', response.text)
    report = await client.get(link.group(1))
    assert report.status_code == 200
    rows = list(csv.reader(io.StringIO(report.content.decode("utf-8-sig"))))
    assert rows[0] == ["row", "column", "message"] and len(rows) == 151
    assert await TrainingEvent.count() == 0
    # The list is Ratna's: a unit manager who guesses the link gets nothing, a stranger logs in.
    async with client_at(app, "203.0.113.9") as other:
        assert (await other.get(link.group(1))).status_code in (302, 303)
        await login(other, manager_of_disdukcapil)
        assert (await other.get(link.group(1))).status_code == 404
