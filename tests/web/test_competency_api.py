"""The competency JSON API and exports: for BKPSDM and the unit's head, never the public."""

import csv
import io
from datetime import date

import pytest

from surveys.competency.assessments import AssessmentFields, record_assessment
from surveys.competency.dictionary import save_position
from surveys.store.audit import Someone
from surveys.store.tables import AuditEntry
from tests.competency_support import PELAKSANA, RINA_NIP
from tests.factories import login

SETUP = Someone(None, "setup")


@pytest.fixture
async def assessed_rina(dictionary, rina):
    await save_position(SETUP, None, "PLK", PELAKSANA, {dictionary["komunikasi"]: 3})
    await record_assessment(
        SETUP,
        AssessmentFields(
            rina["id"], date(2026, 3, 2), "uji_kompetensi", "UPT", "", {dictionary["komunikasi"]: 2}
        ),
    )
    return rina


async def test_the_unit_api_gives_the_match_gaps_and_ranked_needs(client, bkpsdm, assessed_rina):
    await login(client, bkpsdm)
    response = await client.get("/api/v1/competency/units/DISDUKCAPIL")

    assert response.status_code == 200
    body = response.json()
    rina = next(o for o in body["officers"] if o["nip"] == RINA_NIP)
    assert rina["match_percent"] == "66.7"
    assert rina["gaps"] == [{"competency": "komunikasi", "required": 3, "level": 2}]
    assert body["needs"][0]["competency"] == "komunikasi"
    assert body["needs"][0]["evidence"][0]["source"] == "gap"


async def test_the_officer_api_gives_the_history_and_records_the_reading(
    client, manager_of_disdukcapil, assessed_rina
):
    await login(client, manager_of_disdukcapil)
    response = await client.get(f"/api/v1/competency/officers/{RINA_NIP}")

    assert response.status_code == 200
    assert response.json()["assessments"][0]["levels"] == {"komunikasi": 2}
    assert await AuditEntry.count().where(AuditEntry.action == "view") == 1


async def test_the_api_refuses_the_public_a_facilitator_and_another_units_head(
    client, facilitator, manager_of_rsud, assessed_rina
):
    assert (await client.get("/api/v1/competency/units/DISDUKCAPIL")).status_code == 401
    await login(client, facilitator)
    assert (await client.get("/api/v1/competency/units/DISDUKCAPIL")).status_code == 403
    await login(client, manager_of_rsud)
    assert (await client.get(f"/api/v1/competency/officers/{RINA_NIP}")).status_code == 403
    assert (await client.get("/api/v1/competency/officers/000")).status_code == 404


async def test_the_api_is_described_in_the_openapi_schema(client):
    schema = (await client.get("/schema/openapi.json")).json()
    assert "/api/v1/competency/units/{unit_code}" in schema["paths"]


async def test_the_unit_matrix_exports_as_csv_and_xlsx(client, bkpsdm, assessed_rina):
    from openpyxl import load_workbook

    await login(client, bkpsdm)
    table = await client.get("/competency/units/DISDUKCAPIL/competencies.csv")
    xlsx = await client.get("/competency/units/DISDUKCAPIL/competencies.xlsx")

    assert table.status_code == 200
    assert table.headers["content-type"] == "text/csv; charset=utf-8"
    lines = table.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "nip,name,position,match_percent,band,komunikasi"
    assert lines[1] == f"{RINA_NIP},Rina Marlina,{PELAKSANA},66.7,Kurang optimal,2/3"
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[2]][-1] == "2/3"


async def test_a_unit_page_records_one_reading_naming_every_officer_shown(
    client, bkpsdm, assessed_rina, budi
):
    await login(client, bkpsdm)
    await client.get("/competency/units/DISDUKCAPIL")

    entries = await AuditEntry.select().where(AuditEntry.action == "view").output(load_json=True)
    assert [e["current"] for e in entries] == [
        {"officer": [assessed_rina["id"]], "page": "competency_unit"}
    ]


async def test_the_units_needs_export_as_csv_and_xlsx_with_their_numbers(
    client, bkpsdm, assessed_rina, budi
):
    from openpyxl import load_workbook

    await login(client, bkpsdm)
    page = await client.get("/competency/units/DISDUKCAPIL")
    assert 'data-testid="needs-csv"' in page.text
    table = await client.get("/competency/units/DISDUKCAPIL/needs.csv")
    xlsx = await client.get("/competency/units/DISDUKCAPIL/needs.xlsx")

    assert table.status_code == 200 and table.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(table.content.decode("utf-8-sig"))))
    unit_gap = next(r for r in rows if r["nip"] == "" and r["source"] == "gap")
    assert (unit_gap["rank"], unit_gap["competency_code"]) == ("1", "komunikasi")
    assert (unit_gap["officers_below"], unit_gap["officers_assessed"]) == ("1", "1")
    assert unit_gap["mean_gap"] == "1.0" and "1 dari 1 petugas" in unit_gap["evidence"]
    rina_gap = next(r for r in rows if r["nip"] == RINA_NIP and r["source"] == "gap")
    assert (rina_gap["level"], rina_gap["required"], rina_gap["gap"]) == ("2", "3", "1")
    assert {r["nip"] for r in rows} <= {"", RINA_NIP}  # Budi is RSUD's
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert [c.value for c in sheet[1]][:3] == ["nip", "officer", "rank"]
    assert sheet.max_row == len(rows) + 1
    readings = await AuditEntry.select().where(AuditEntry.action == "view").output(load_json=True)
    assert {"officer": [assessed_rina["id"]], "page": "competency_needs_export"} in [
        e["current"] for e in readings
    ]


async def test_an_officers_needs_export_names_the_officer_on_every_row(
    client, manager_of_disdukcapil, assessed_rina
):
    await login(client, manager_of_disdukcapil)
    table = await client.get(f"/competency/officers/{assessed_rina['id']}/needs.csv")
    xlsx = await client.get(f"/competency/officers/{assessed_rina['id']}/needs.xlsx")

    lines = table.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("nip,officer,rank,competency_code,competency,sources,source")
    assert len(lines) > 2 and all(
        line.startswith(f"{RINA_NIP},Rina Marlina,") for line in lines[1:]
    )
    assert any(",jp," in line for line in lines[1:])  # no training yet: the 20 JP shortfall
    assert xlsx.status_code == 200


async def test_another_units_head_and_a_facilitator_cannot_export_a_units_needs(
    client, manager_of_rsud, facilitator, assessed_rina
):
    paths = [
        "/competency/units/DISDUKCAPIL/needs.csv",
        "/competency/units/DISDUKCAPIL/needs.xlsx",
        f"/competency/officers/{assessed_rina['id']}/needs.csv",
        f"/competency/officers/{assessed_rina['id']}/needs.xlsx",
    ]
    await login(client, manager_of_rsud)
    assert [(await client.get(p)).status_code for p in paths] == [403] * 4
    assert (await client.get("/competency/units/RSUD/needs.csv")).status_code == 200
    await login(client, facilitator)
    assert [(await client.get(p)).status_code for p in paths] == [403] * 4
    assert await AuditEntry.count().where(AuditEntry.action == "view") == 0
