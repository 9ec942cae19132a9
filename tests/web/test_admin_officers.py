import asyncio
from datetime import UTC, date, datetime

from surveys.store.audit import recent_audit_entries
from surveys.store.tables import DutyAssignment, Officer, Training
from tests.factories import csrf_token, login, make_service_point

NIP = "198501012010012001"


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


async def _officer(unit_id, name="Siti Rahma", nip=NIP, **fields):
    officer = Officer(nip=nip, name=name, unit=unit_id, **fields)
    await officer.save()
    return officer


def _officer_form(unit_id, **extra):
    return {
        "nip": "19850101 201001 2 001",
        "name": "Siti Rahma, S.E.",
        "unit": str(unit_id),
        "position": "Pengadministrasi Kependudukan",
        "active": "1",
    } | extra


async def test_it_lists_and_searches_officers_by_name_or_nip(client, admin, disdukcapil, rsud):
    await _officer(disdukcapil["id"], "Siti Rahma")
    await _officer(rsud["id"], "Budi Santoso", "198703152010011002")
    await login(client, admin)
    everyone = await client.get("/admin/officers")
    assert "Siti Rahma" in everyone.text and "Budi Santoso" in everyone.text
    by_name = await client.get("/admin/officers?search=siti")
    assert "Siti Rahma" in by_name.text and "Budi Santoso" not in by_name.text
    by_nip = await client.get("/admin/officers?search=19870315")
    assert "Budi Santoso" in by_nip.text and "Siti Rahma" not in by_nip.text


async def test_it_filters_officers_by_unit(client, admin, disdukcapil, rsud):
    await _officer(disdukcapil["id"], "Siti Rahma")
    await _officer(rsud["id"], "Budi Santoso", "198703152010011002")
    await login(client, admin)
    page = await client.get(f"/admin/officers?unit={rsud['id']}")
    assert "Budi Santoso" in page.text and "Siti Rahma" not in page.text
    assert (await client.get("/admin/officers?unit=")).status_code == 200


async def test_the_search_answers_htmx_with_the_table_alone(client, admin, disdukcapil):
    await _officer(disdukcapil["id"], "Siti Rahma")
    await login(client, admin)
    plain = await client.get("/admin/officers?search=siti")
    assert "<html" in plain.text and 'id="officer-table"' in plain.text
    fragment = await client.get("/admin/officers?search=siti", headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert fragment.text.lstrip().startswith('<div id="officer-table"')
    assert "<html" not in fragment.text and "Siti Rahma" in fragment.text
    empty = await client.get("/admin/officers?search=zzz", headers={"HX-Request": "true"})
    assert 'data-testid="no-officer"' in empty.text


async def test_it_creates_an_officer_with_a_normalised_nip(client, admin, disdukcapil):
    await login(client, admin)
    response = await _post(client, "/admin/officers", _officer_form(disdukcapil["id"]))
    assert response.status_code == 303
    officer = await Officer.select().first()
    assert officer["nip"] == NIP
    assert response.headers["location"] == f"/admin/officers/{officer['id']}?saved=1"
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"], entry["current"]["nip"]) == (
        "create",
        "officer",
        NIP,
    )


async def test_a_bad_nip_is_explained_in_indonesian_next_to_the_field(client, admin, disdukcapil):
    await login(client, admin)
    response = await _post(
        client, "/admin/officers", _officer_form(disdukcapil["id"], nip="19850101201001200")
    )
    assert response.status_code == 400
    assert 'id="nip-error"' in response.text
    assert "NIP harus terdiri dari tepat 18 angka." in response.text
    assert 'value="Siti Rahma, S.E."' in response.text
    bad_date = await _post(
        client, "/admin/officers", _officer_form(disdukcapil["id"], nip="198513012010012001")
    )
    assert "Tanggal lahir pada NIP" in bad_date.text
    assert await Officer.count() == 0


async def test_a_nip_already_registered_is_refused(client, admin, disdukcapil):
    await _officer(disdukcapil["id"])
    await login(client, admin)
    response = await _post(client, "/admin/officers", _officer_form(disdukcapil["id"]))
    assert response.status_code == 400
    assert "NIP ini sudah terdaftar untuk petugas lain." in response.text


async def test_it_edits_an_officer_and_audits_the_previous_values(client, admin, disdukcapil, rsud):
    officer = await _officer(disdukcapil["id"])
    await login(client, admin)
    response = await _post(
        client, f"/admin/officers/{officer.id}", _officer_form(rsud["id"], name="Siti Rahma, M.M.")
    )
    assert response.status_code == 303
    row = await Officer.select().first()
    assert (row["name"], row["unit"]) == ("Siti Rahma, M.M.", rsud["id"])
    [entry] = await recent_audit_entries()
    assert entry["previous"]["unit"] == disdukcapil["id"]
    assert entry["previous"]["name"] == "Siti Rahma"


async def test_it_deactivates_and_reactivates_an_officer(client, admin, disdukcapil):
    officer = await _officer(disdukcapil["id"])
    await login(client, admin)
    assert (await _post(client, f"/admin/officers/{officer.id}/deactivate", {})).status_code == 303
    assert (await Officer.select(Officer.active).first())["active"] is False
    page = await client.get(f"/admin/officers/{officer.id}")
    assert 'data-testid="activate-officer"' in page.text
    assert f'action="/admin/officers/{officer.id}/activate"' in page.text
    assert f'action="/admin/officers/{officer.id}"' in page.text
    assert f'href="/officers/{officer.id}"' in page.text
    await _post(client, f"/admin/officers/{officer.id}/activate", {})
    assert (await Officer.select(Officer.active).first())["active"] is True
    actions = [e["action"] for e in await recent_audit_entries(table_name="officer")]
    assert actions == ["activate", "deactivate"]


TRAINING = {
    "title": "Bimtek Pelayanan Prima",
    "form": "Bimbingan teknis",
    "classical": "1",
    "competency": "teknis",
    "provider": "BPSDM Sumatera Barat",
    "start_date": "2026-02-02",
    "end_date": "2026-02-04",
    "jp": "24",
    "certificate_no": "BPSDM/2026/0042",
}


async def test_it_adds_edits_and_deletes_a_training_with_audit(client, admin, disdukcapil):
    officer = await _officer(disdukcapil["id"])
    await login(client, admin)
    base = f"/admin/officers/{officer.id}/trainings"
    assert (await client.get(f"{base}/new")).status_code == 200
    assert (await _post(client, base, TRAINING)).status_code == 303
    training = await Training.select().first()
    assert (training["officer"], training["jp"], training["end_date"]) == (
        officer.id,
        24,
        date(2026, 2, 4),
    )
    page = await client.get(f"/admin/officers/{officer.id}")
    assert f'href="{base}/new"' in page.text and f'href="{base}/{training["id"]}"' in page.text
    assert f'action="{base}/{training["id"]}/delete"' in page.text
    assert f'action="{base}"' in (await client.get(f"{base}/new")).text
    edit = await client.get(f"{base}/{training['id']}")
    assert 'value="Bimtek Pelayanan Prima"' in edit.text
    assert f'action="{base}/{training["id"]}"' in edit.text
    changed = TRAINING | {"jp": "32", "classical": "0", "form": "E-learning"}
    assert (await _post(client, f"{base}/{training['id']}", changed)).status_code == 303
    updated = await Training.select().first()
    assert (updated["jp"], updated["classical"]) == (32, False)
    assert (await _post(client, f"{base}/{training['id']}/delete", {})).status_code == 303
    assert await Training.count() == 0
    delete, update, create = await recent_audit_entries(table_name="training")
    assert update["previous"]["jp"] == 24 and update["current"]["jp"] == 32
    assert delete["previous"]["title"] == "Bimtek Pelayanan Prima"


async def test_a_bad_training_keeps_its_values_and_explains_each_field(client, admin, disdukcapil):
    officer = await _officer(disdukcapil["id"])
    await login(client, admin)
    response = await _post(
        client,
        f"/admin/officers/{officer.id}/trainings",
        TRAINING | {"end_date": "2026-01-01", "jp": "0", "competency": "sihir"},
    )
    assert response.status_code == 400
    assert "Tanggal selesai tidak boleh sebelum tanggal mulai." in response.text
    assert 'id="jp-error"' in response.text and 'id="competency-error"' in response.text
    assert 'value="BPSDM Sumatera Barat"' in response.text
    assert await Training.count() == 0


async def test_a_training_entered_twice_is_refused_with_its_values_kept(client, admin, disdukcapil):
    officer = await _officer(disdukcapil["id"])
    await login(client, admin)
    base = f"/admin/officers/{officer.id}/trainings"
    assert (await _post(client, base, TRAINING)).status_code == 303
    again = await _post(client, base, TRAINING)
    assert again.status_code == 409
    assert "sudah punya catatan pelatihan dengan judul dan tanggal mulai yang sama" in again.text
    assert 'id="title-error"' in again.text and 'value="BPSDM Sumatera Barat"' in again.text
    other = await _post(client, base, TRAINING | {"title": "Bimtek Arsip"})
    assert other.status_code == 303
    arsip = await Training.select().where(Training.title == "Bimtek Arsip").first()
    onto_the_first = await _post(client, f"{base}/{arsip['id']}", TRAINING)
    assert onto_the_first.status_code == 409
    assert await Training.count() == 2


async def test_a_training_sent_twice_at_once_is_stored_once_and_refused_once(
    client, admin, disdukcapil
):
    officer = await _officer(disdukcapil["id"])
    await login(client, admin)
    token = await csrf_token(client)
    path = f"/admin/officers/{officer.id}/trainings"
    replies = await asyncio.gather(
        *(client.post(path, data=TRAINING | {"_csrf_token": token}) for _ in range(4))
    )
    assert sorted(reply.status_code for reply in replies) == [303, 409, 409, 409]
    assert await Training.count() == 1


async def test_a_training_of_another_officer_is_not_found_through_this_one(
    client, admin, disdukcapil
):
    siti = await _officer(disdukcapil["id"])
    budi = await _officer(disdukcapil["id"], "Budi", "198703152010011002")
    training = Training(
        officer=budi.id,
        title="X",
        form="Kursus",
        competency="teknis",
        start_date=date(2026, 1, 1),
        end_date=date(2026, 1, 1),
        jp=2,
    )
    await training.save()
    await login(client, admin)
    path = f"/admin/officers/{siti.id}/trainings/{training.id}"
    assert (await client.get(path)).status_code == 404
    assert (await _post(client, f"{path}/delete", {})).status_code == 404
    assert await Training.count() == 1


async def test_it_records_a_duty_in_local_time_and_warns_about_overlaps(client, admin, disdukcapil):
    siti = await _officer(disdukcapil["id"])
    budi = await _officer(disdukcapil["id"], "Budi Santoso", "198703152010011002")
    point = await make_service_point(disdukcapil["id"], "Loket 1")
    await DutyAssignment(
        officer=budi.id,
        service_point=point["id"],
        starts_at=datetime(2026, 3, 1, 0, tzinfo=UTC),
        ends_at=None,
    ).save()
    await login(client, admin)
    response = await _post(
        client,
        f"/admin/officers/{siti.id}/duties",
        {"service_point": str(point["id"]), "starts_at": "2026-03-02T08:00", "ends_at": ""},
    )
    assert response.status_code == 303
    duty = await DutyAssignment.select().where(DutyAssignment.officer == siti.id).first()
    # 08.00 in Asia/Jakarta is 01.00 UTC.
    assert duty["starts_at"] == datetime(2026, 3, 2, 1, tzinfo=UTC)
    assert duty["ends_at"] is None
    page = await client.get(f"/admin/officers/{siti.id}")
    assert 'data-testid="duty-overlap"' in page.text
    assert "Budi Santoso juga bertugas di titik ini" in page.text


async def test_back_to_back_duties_raise_no_warning(client, admin, disdukcapil):
    siti = await _officer(disdukcapil["id"])
    point = await make_service_point(disdukcapil["id"])
    await login(client, admin)
    base = f"/admin/officers/{siti.id}/duties"
    await _post(
        client,
        base,
        {
            "service_point": str(point["id"]),
            "starts_at": "2026-03-01T08:00",
            "ends_at": "2026-03-01T12:00",
        },
    )
    await _post(
        client,
        base,
        {"service_point": str(point["id"]), "starts_at": "2026-03-01T12:00", "ends_at": ""},
    )
    page = await client.get(f"/admin/officers/{siti.id}")
    assert page.text.count("2026") >= 0
    assert 'data-testid="duty-overlap"' not in page.text
    assert await DutyAssignment.count() == 2


async def test_a_duty_needs_a_point_and_an_end_after_its_start(client, admin, disdukcapil):
    siti = await _officer(disdukcapil["id"])
    point = await make_service_point(disdukcapil["id"])
    await login(client, admin)
    response = await _post(
        client,
        f"/admin/officers/{siti.id}/duties",
        {"service_point": "", "starts_at": "2026-03-01T08:00", "ends_at": "2026-03-01T07:00"},
    )
    assert response.status_code == 400
    assert 'id="duty-service_point-error"' in response.text
    assert "Waktu selesai harus sesudah waktu mulai." in response.text
    assert 'value="2026-03-01T08:00"' in response.text
    assert point and await DutyAssignment.count() == 0


async def test_it_ends_and_deletes_a_duty_with_audit(client, admin, disdukcapil):
    siti = await _officer(disdukcapil["id"])
    point = await make_service_point(disdukcapil["id"])
    duty = DutyAssignment(
        officer=siti.id, service_point=point["id"], starts_at=datetime(2026, 3, 1, 1, tzinfo=UTC)
    )
    await duty.save()
    await login(client, admin)
    base = f"/admin/officers/{siti.id}/duties/{duty.id}"
    page = (await client.get(f"/admin/officers/{siti.id}")).text
    assert f'action="{base}/end"' in page and f'action="{base}/delete"' in page
    assert f'action="/admin/officers/{siti.id}/duties"' in page
    too_early = await _post(client, f"{base}/end", {"ends_at": "2026-02-01T08:00"})
    assert too_early.status_code == 400
    assert (await _post(client, f"{base}/end", {"ends_at": "2026-03-31T17:00"})).status_code == 303
    ended = await DutyAssignment.select().first()
    assert ended["ends_at"] == datetime(2026, 3, 31, 10, tzinfo=UTC)
    assert (await _post(client, f"{base}/delete", {})).status_code == 303
    assert await DutyAssignment.count() == 0
    delete, update = await recent_audit_entries(table_name="duty_assignment")
    assert update["previous"]["ends_at"] is None
    assert update["current"]["ends_at"] == "2026-03-31T17:00:00+07:00"
    assert delete["action"] == "delete"
