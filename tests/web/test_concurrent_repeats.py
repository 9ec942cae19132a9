"""A form sent several times at once (a double tap, two workers) is stored once, never a 5xx."""

import asyncio

from piccolo.apps.user.tables import BaseUser

from surveys.competency.dictionary import element_mapping
from surveys.store.development_tables import Assessment, Competency, Position
from surveys.store.tables import Officer, Unit, UserUnit
from tests.competency_support import RINA_NIP
from tests.factories import csrf_token, login

LEVELS = {f"level_{n}": f"Uraian level {n}" for n in range(1, 6)}


async def _four_at_once(client, path, data):
    token = await csrf_token(client)
    replies = await asyncio.gather(
        *(client.post(path, data=data | {"_csrf_token": token}) for _ in range(4))
    )
    return sorted(reply.status_code for reply in replies)


async def test_a_unit_sent_four_times_at_once_is_stored_once(client, admin):
    await login(client, admin)
    form = {
        "code": "DPMPTSP",
        "name": "Dinas Penanaman Modal dan PTSP",
        "kind": "unit_layanan",
        "parent": "",
        "minimum_responses": "30",
        "active": "1",
    }
    codes = await _four_at_once(client, "/admin/units", form)
    assert codes[0] == 303 and set(codes[1:]) <= {400, 409}
    assert await Unit.count() == 1


async def test_an_officer_sent_four_times_at_once_is_stored_once(client, admin, disdukcapil):
    await login(client, admin)
    form = {
        "nip": "19850101 201001 2 001",
        "name": "Siti Rahma, S.E.",
        "unit": str(disdukcapil["id"]),
        "position": "Pengadministrasi Kependudukan",
        "active": "1",
    }
    codes = await _four_at_once(client, "/admin/officers", form)
    assert codes[0] == 303 and set(codes[1:]) <= {400, 409}
    assert await Officer.count() == 1


async def test_a_user_sent_four_times_at_once_is_stored_once(client, admin, rsud):
    await login(client, admin)
    form = {
        "username": "kabid.rsud",
        "email": "",
        "password": "kata sandi rahasia",
        "password_again": "kata sandi rahasia",
        "role": "manager",
        "units": ["RSUD"],
    }
    codes = await _four_at_once(client, "/admin/users", form)
    assert codes == [303, 400, 400, 400]
    assert await BaseUser.count().where(BaseUser.username == "kabid.rsud") == 1


async def test_a_competency_sent_four_times_at_once_is_stored_once(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    form = {"code": "analisis_data", "name": "Analisis data", "kind": "teknis", "active": "1"}
    codes = await _four_at_once(client, "/competency/dictionary", form | LEVELS)
    assert codes[0] == 303 and set(codes[1:]) <= {400, 409}
    assert await Competency.count().where(Competency.code == "analisis_data") == 1


async def test_a_position_sent_four_times_at_once_is_stored_once(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    form = {"code": "PLK", "name": "Pelaksana", f"level_{dictionary['komunikasi']}": "3"}
    codes = await _four_at_once(client, "/competency/positions", form)
    assert codes[0] == 303 and set(codes[1:]) <= {400, 409}
    assert await Position.count() == 1


async def test_a_mapping_sent_four_times_at_once_is_saved_without_error(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    form = {"U7_competencies": str(dictionary["perekat_bangsa"]), "U6_technical": "1"}
    codes = await _four_at_once(client, "/competency/mapping", form)
    assert codes == [303, 303, 303, 303]
    assert (await element_mapping())["U7"].competencies == {dictionary["perekat_bangsa"]}


async def test_a_role_change_sent_four_times_at_once_keeps_one_scope(
    client, admin, manager_of_disdukcapil, rsud
):
    await login(client, admin)
    path = f"/admin/users/{manager_of_disdukcapil['id']}"
    codes = await _four_at_once(client, path, {"role": "manager", "units": ["RSUD"]})
    assert codes == [303, 303, 303, 303]
    assert await UserUnit.count().where(UserUnit.user == manager_of_disdukcapil["id"]) == 1


async def test_a_correction_sent_four_times_at_once_replaces_the_assessment_once(
    client, bkpsdm, rina, dictionary
):
    await login(client, bkpsdm)
    path = f"/competency/officers/{rina['id']}/assessments"
    form = {"assessed_on": "2026-03-02", "method": "uji_kompetensi"}
    form |= {f"level_{dictionary['komunikasi']}": "3"}
    token = await csrf_token(client)
    first = await client.post(path, data=form | {"_csrf_token": token})
    assert first.status_code == 303
    earlier = (await Assessment.select().first())["id"]
    codes = await _four_at_once(client, path, form | {"replaces": str(earlier)})
    assert codes == [303, 409, 409, 409]
    assert await Assessment.count() == 2


async def _import_four_at_once(client, kind, filename, content):
    token = await csrf_token(client)
    replies = await asyncio.gather(
        *(
            client.post(
                "/competency/imports",
                data={"kind": kind, "_csrf_token": token},
                files={"file": (filename, content, "application/octet-stream")},
            )
            for _ in range(4)
        )
    )
    return sorted(reply.status_code for reply in replies)


async def test_an_assessment_file_imported_four_times_at_once_stores_each_row_once(
    client, bkpsdm, rina, dictionary
):
    await login(client, bkpsdm)
    text = f"nip,assessed_on,method,komunikasi\n{RINA_NIP},2026-03-02,uji_kompetensi,3\n"
    codes = await _import_four_at_once(client, "assessments", "hasil.csv", text.encode())
    assert all(code < 500 for code in codes) and 303 in codes
    assert await Assessment.count() == 1


async def test_a_positions_file_imported_four_times_at_once_stores_each_position_once(
    client, bkpsdm, dictionary
):
    await login(client, bkpsdm)
    text = "position_code,position_name,competency,level\nPLK,Pelaksana,komunikasi,3\n"
    codes = await _import_four_at_once(client, "positions", "jabatan.csv", text.encode())
    assert all(code < 500 for code in codes) and 303 in codes
    assert await Position.count() == 1
