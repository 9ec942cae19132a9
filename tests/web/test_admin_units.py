from datetime import UTC, date, datetime

from surveys.store.audit import recent_audit_entries
from surveys.store.tables import ServiceType, Unit, UnitPopulation
from tests.factories import csrf_token, login, make_responses


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


UNIT_FORM = {
    "code": "DPMPTSP",
    "name": "Dinas Penanaman Modal dan PTSP",
    "kind": "unit_layanan",
    "parent": "",
    "minimum_responses": "30",
    "active": "1",
}


async def test_the_home_page_counts_units_and_links_to_each_area(client, admin, disdukcapil, rsud):
    await login(client, admin)
    page = await client.get("/admin")
    assert page.status_code == 200
    assert 'data-testid="admin-counts"' in page.text
    assert "<strong>2</strong> unit aktif" in page.text
    for href in ("/admin/units", "/admin/points", "/admin/officers", "/admin/users"):
        assert f'href="{href}"' in page.text


async def test_it_lists_units_with_their_parent(client, admin):
    parent = Unit(code="PEMKOT", name="Pemerintah Kota Sawahlunto", kind="instansi")
    await parent.save()
    await Unit(code="DISDUK", name="Disdukcapil", parent=parent.id).save()
    await login(client, admin)
    page = await client.get("/admin/units")
    assert page.status_code == 200
    assert "Pemerintah Kota Sawahlunto</td>" in page.text
    assert 'href="/admin/units/' in page.text


async def test_it_creates_a_unit_and_audits_it(client, admin):
    await login(client, admin)
    response = await _post(client, "/admin/units", UNIT_FORM | {"code": "dpmptsp"})
    assert response.status_code == 303
    unit = await Unit.select().where(Unit.code == "DPMPTSP").first()
    assert unit["name"] == "Dinas Penanaman Modal dan PTSP"
    assert response.headers["location"] == f"/admin/units/{unit['id']}?saved=1"
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"], entry["row_id"]) == ("create", "unit", unit["id"])
    assert entry["username"] == "admin"
    assert entry["previous"] is None and entry["current"]["code"] == "DPMPTSP"


async def test_it_keeps_the_answers_and_explains_a_bad_unit_form(client, admin, disdukcapil):
    await login(client, admin)
    response = await _post(
        client,
        "/admin/units",
        UNIT_FORM | {"code": "DISDUKCAPIL", "minimum_responses": "nol", "name": "Nama Tetap"},
    )
    assert response.status_code == 400
    assert "Kode ini sudah dipakai unit lain." in response.text
    assert "Isi dengan bilangan bulat." in response.text
    assert 'value="Nama Tetap"' in response.text
    assert 'value="nol"' in response.text
    assert await Unit.count() == 1


async def test_it_edits_a_unit_and_audits_the_previous_values(client, admin, disdukcapil):
    await login(client, admin)
    path = f"/admin/units/{disdukcapil['id']}"
    response = await _post(
        client, path, UNIT_FORM | {"code": "DISDUKCAPIL", "name": "Disdukcapil Baru", "active": ""}
    )
    assert response.status_code == 303
    unit = await Unit.select().where(Unit.id == disdukcapil["id"]).first()
    assert (unit["name"], unit["active"]) == ("Disdukcapil Baru", False)
    [entry] = await recent_audit_entries()
    assert entry["previous"]["name"] == "Dinas Kependudukan dan Pencatatan Sipil"
    assert entry["previous"]["active"] is True
    assert entry["current"]["name"] == "Disdukcapil Baru"


async def test_it_refuses_a_parent_that_would_make_a_cycle(client, admin):
    top = Unit(code="TOP", name="Top", kind="instansi")
    await top.save()
    child = Unit(code="CHILD", name="Child", parent=top.id)
    await child.save()
    await login(client, admin)
    response = await _post(
        client,
        f"/admin/units/{top.id}",
        UNIT_FORM | {"code": "TOP", "name": "Top", "parent": str(child.id)},
    )
    assert response.status_code == 400
    assert "bawahannya" in response.text
    assert (await Unit.select(Unit.parent).where(Unit.id == top.id).first())["parent"] is None


async def test_it_answers_404_for_an_unknown_unit(client, admin):
    await login(client, admin)
    assert (await client.get("/admin/units/9999")).status_code == 404


async def test_it_adds_renames_and_deactivates_a_service_type(client, admin, disdukcapil, rsud):
    await login(client, admin)
    base = f"/admin/units/{disdukcapil['id']}/service-types"
    assert (await _post(client, base, {"name": "KTP-el"})).status_code == 303
    service_type = await ServiceType.select().first()
    assert service_type["unit"] == disdukcapil["id"]
    response = await _post(client, f"{base}/{service_type['id']}", {"name": "KTP elektronik"})
    assert response.status_code == 303
    renamed = await ServiceType.select().first()
    assert (renamed["name"], renamed["active"]) == ("KTP elektronik", False)
    # The same type through another unit's URL is not found.
    other = f"/admin/units/{rsud['id']}/service-types/{service_type['id']}"
    assert (await _post(client, other, {"name": "x", "active": "1"})).status_code == 404
    entries = await recent_audit_entries(table_name="service_type")
    assert entries[0]["previous"] == {"name": "KTP-el", "active": True}


async def test_an_empty_service_type_name_is_explained(client, admin, disdukcapil):
    await login(client, admin)
    path = f"/admin/units/{disdukcapil['id']}/service-types"
    response = await _post(client, path, {"name": " "})
    assert response.status_code == 400
    assert 'id="new-type-name-error"' in response.text


async def test_it_shows_the_krejcie_morgan_target_for_a_population(client, admin, disdukcapil):
    await login(client, admin)
    path = f"/admin/units/{disdukcapil['id']}/populations"
    form = {"period_start": "2026-01-01", "period_end": "2026-03-31", "population": "1.000"}
    assert (await _post(client, path, form)).status_code == 303
    row = await UnitPopulation.select().first()
    assert (row["period_start"], row["population"]) == (date(2026, 1, 1), 1000)
    await make_responses(disdukcapil["id"], [{"U1": 4}] * 3, datetime(2026, 2, 1, 3, tzinfo=UTC))
    page = await client.get(f"/admin/units/{disdukcapil['id']}")
    assert '<td class="num" data-testid="sample-target">278</td>' in page.text
    assert '<td class="num">3</td>' in page.text


async def test_it_refuses_an_overlapping_or_reversed_population_period(client, admin, disdukcapil):
    await login(client, admin)
    path = f"/admin/units/{disdukcapil['id']}/populations"
    form = {"period_start": "2026-01-01", "period_end": "2026-03-31", "population": "500"}
    await _post(client, path, form)
    overlapping = await _post(client, path, form | {"period_start": "2026-03-01"})
    assert overlapping.status_code == 400
    assert "tumpang tindih" in overlapping.text
    reversed_ = await _post(client, path, form | {"period_end": "2025-12-31"})
    assert reversed_.status_code == 400
    assert "Akhir periode tidak boleh sebelum awal periode." in reversed_.text
    assert await UnitPopulation.count() == 1


async def test_it_edits_and_deletes_a_population_with_audit(client, admin, disdukcapil):
    await login(client, admin)
    row = UnitPopulation(
        unit=disdukcapil["id"],
        period_start=date(2026, 1, 1),
        period_end=date(2026, 6, 30),
        population=100,
    )
    await row.save()
    base = f"/admin/units/{disdukcapil['id']}/populations/{row.id}"
    form = {"period_start": "2026-01-01", "period_end": "2026-06-30", "population": "2000"}
    assert (await _post(client, base, form)).status_code == 303
    assert (await UnitPopulation.select().first())["population"] == 2000
    assert (await _post(client, f"{base}/delete", {})).status_code == 303
    assert await UnitPopulation.count() == 0
    delete, update = await recent_audit_entries(table_name="unit_population")
    assert update["previous"]["population"] == 100
    assert delete["action"] == "delete" and delete["previous"]["population"] == 2000


async def test_the_audit_page_shows_who_changed_what(client, admin, disdukcapil):
    await login(client, admin)
    path = f"/admin/units/{disdukcapil['id']}"
    await _post(client, path, UNIT_FORM | {"code": "DISDUKCAPIL", "name": "Disdukcapil Baru"})
    page = await client.get("/admin/audit")
    assert page.status_code == 200
    row = page.text.split('data-testid="audit-table"')[1].split("</tr>")[1]
    assert "admin" in row and "mengubah" in row and f"unit #{disdukcapil['id']}" in row
    assert "<del>Dinas Kependudukan dan Pencatatan Sipil</del> → Disdukcapil Baru" in row
