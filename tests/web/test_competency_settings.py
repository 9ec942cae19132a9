"""BKPSDM keeps the dictionary, positions, element mapping, bands and JP equivalents; imports."""

import io
from datetime import date
from decimal import Decimal

from surveys.competency.dictionary import element_mapping, jp_equivalent_for, positions
from surveys.store.development_tables import Assessment, Competency
from tests.competency_support import RINA_NIP
from tests.factories import csrf_token, login


async def _post(client, path, data):
    return await client.post(path, data={**data, "_csrf_token": await csrf_token(client)})


LEVELS = {f"level_{n}": f"Uraian level {n}" for n in range(1, 6)}


async def test_ratna_adds_a_technical_competency_to_the_dictionary(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    response = await _post(
        client,
        "/competency/dictionary",
        {"code": "analisis_data", "name": "Analisis data", "kind": "teknis", "active": "1"}
        | LEVELS,
    )

    assert response.status_code == 303
    page = await client.get("/competency/dictionary")
    assert 'data-testid="competency-analisis_data"' in page.text


async def test_a_taken_code_and_a_missing_level_description_are_refused(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    levels = LEVELS | {"level_3": ""}
    response = await _post(
        client,
        "/competency/dictionary",
        {"code": "komunikasi", "name": "Lagi", "kind": "teknis"} | levels,
    )

    assert response.status_code == 400
    assert 'data-testid="error-code"' in response.text
    assert 'data-testid="error-level_3"' in response.text
    assert await Competency.count() == 9


async def test_ratna_edits_a_level_description(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    cid = dictionary["komunikasi"]
    form = {"code": "komunikasi", "name": "Komunikasi", "kind": "manajerial", "active": "1"}
    await _post(client, f"/competency/dictionary/{cid}", form | LEVELS)

    row = await Competency.select().where(Competency.id == cid).first()
    assert row["level_1"] == "Uraian level 1"


async def test_ratna_creates_a_position_with_its_required_levels(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    response = await _post(
        client,
        "/competency/positions",
        {"code": "PLK", "name": "Pelaksana Pelayanan", f"level_{dictionary['komunikasi']}": "3"},
    )

    assert response.status_code == 303
    assert [row["requirements"] for row in await positions()] == [{dictionary["komunikasi"]: 3}]


async def test_ratna_changes_the_mapping_of_an_element(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    form = {"U7_competencies": str(dictionary["perekat_bangsa"]), "U6_technical": "1"}
    response = await _post(client, "/competency/mapping", form)

    assert response.status_code == 303
    mapping = await element_mapping()
    assert mapping["U7"].competencies == {dictionary["perekat_bangsa"]}
    assert mapping["U1"].competencies == frozenset()
    assert mapping["U6"].technical


async def test_settings_refuse_a_negative_jp_and_keep_the_old_value(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    page = await client.get("/competency/settings")
    mentoring = await jp_equivalent_for("Mentoring")
    assert page.status_code == 200

    response = await _post(
        client,
        "/competency/settings",
        {"band_optimal": "90", "band_cukup_optimal": "78", "band_kurang_optimal": "0"}
        | {f"basis_{mentoring['id']}": "hour", f"jp_{mentoring['id']}": "-1"},
    )

    assert response.status_code == 400
    assert (await jp_equivalent_for("Mentoring"))["jp_per_unit"] == Decimal("1.33")


async def test_an_xlsx_of_assessments_imports_through_the_page(client, bkpsdm, rina, dictionary):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["nip", "assessed_on", "method", "komunikasi"])
    book.active.append([RINA_NIP, date(2026, 3, 2), "uji_kompetensi", 3])
    data = io.BytesIO()
    book.save(data)
    await login(client, bkpsdm)

    response = await client.post(
        "/competency/imports",
        data={"kind": "assessments", "_csrf_token": await csrf_token(client)},
        files={"file": ("hasil.xlsx", data.getvalue(), "application/octet-stream")},
    )

    assert response.status_code == 303
    assert await Assessment.count() == 1


async def test_a_bad_positions_file_lists_its_rows_and_imports_nothing(client, bkpsdm, dictionary):
    await login(client, bkpsdm)
    text = "position_code;position_name;competency;level\nPLK;Pelaksana;tidak_ada;9\n"
    response = await client.post(
        "/competency/imports",
        data={"kind": "positions", "_csrf_token": await csrf_token(client)},
        files={"file": ("jabatan.csv", text.encode(), "text/csv")},
    )

    assert response.status_code == 400
    assert 'data-testid="row-errors"' in response.text
    assert await positions() == []


async def test_a_positions_file_not_in_utf8_is_explained_and_a_good_one_reports_its_counts(
    client, bkpsdm, dictionary
):
    await login(client, bkpsdm)
    token = await csrf_token(client)
    latin = "position_code,position_name,competency,level\nPLK,Pelaksana Pelayanan Publik,komunikasi,3\n"
    refused = await client.post(
        "/competency/imports",
        data={"kind": "positions", "_csrf_token": token},
        files={"file": ("jabatan.csv", "Jos\xe9\n".encode("latin-1") + latin.encode(), "text/csv")},
    )
    assert refused.status_code == 400 and "UTF-8" in refused.text
    assert await positions() == []

    done = await client.post(
        "/competency/imports",
        data={"kind": "positions", "_csrf_token": token},
        files={"file": ("jabatan.csv", latin.encode(), "text/csv")},
    )
    assert done.status_code == 303
    page = await client.get(done.headers["location"])
    report = page.text.split('data-testid="import-report"')[1].split("</div>")[0]
    assert "Jabatan dan standar" in report and "1 baris" in report
    assert len(await positions()) == 1


async def test_a_manager_cannot_change_the_citys_settings(
    client, manager_of_disdukcapil, dictionary
):
    await login(client, manager_of_disdukcapil)
    for path in (
        "/competency/dictionary",
        "/competency/positions",
        "/competency/settings",
        "/competency/mapping",
        "/competency/imports",
    ):
        assert (await client.get(path)).status_code == 403, path
    response = await _post(client, "/competency/mapping", {"U7_technical": "1"})
    assert response.status_code == 403
