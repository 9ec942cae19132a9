"""A form sent several times at once (a double tap, two workers) is stored once, never a 5xx."""

import asyncio

from piccolo.apps.user.tables import BaseUser

from surveys.competency.dictionary import element_mapping
from surveys.store.development_tables import Competency, Position
from surveys.store.tables import Officer, Unit, UserUnit
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
