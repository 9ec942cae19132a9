"""The city view: PEMKOT and any parent unit show their subtree's combined IKM, a recap of
every unit below them and its XLSX; units outside the subtree or the scope never count."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from surveys.store.tables import Unit
from tests.factories import login, make_responses, make_unit, make_user

AT = datetime(2026, 2, 10, 3, 0, tzinfo=UTC)
Q1 = "from=2026-01-01&to=2026-03-31"
ALL_4 = {f"U{i}": 4 for i in range(1, 10)}
ALL_1 = {f"U{i}": 1 for i in range(1, 10)}


@pytest.fixture
async def city(db):
    """PEMKOT over two units; RSUD is a unit of its own, outside the city's tree here."""
    pemkot = await make_unit("PEMKOT", "Pemerintah Kota Sawahlunto", kind="instansi")
    dukcapil = await make_unit("DISDUKCAPIL", "Disdukcapil", parent=pemkot["id"])
    talawi = await make_unit("KEC-TALAWI", "Kecamatan Talawi", parent=pemkot["id"])
    rsud = await make_unit("RSUD", "RSUD Sawahlunto")
    await Unit.update({Unit.minimum_responses: 5}).where(Unit.id.is_not_null())
    await make_responses(dukcapil["id"], [ALL_1] * 9, AT)  # 25,00
    await make_responses(talawi["id"], [ALL_4], AT)  # 100,00 from one respondent
    await make_responses(rsud["id"], [ALL_4] * 20, AT)  # must never count
    return {"pemkot": pemkot, "dukcapil": dukcapil, "talawi": talawi, "rsud": rsud}


async def test_the_city_page_shows_the_combined_ikm_of_its_units_from_their_answers(client, city):
    await login(
        client, await make_user("kabag", "manager", ["PEMKOT", "DISDUKCAPIL", "KEC-TALAWI"])
    )
    page = await client.get(f"/dashboard/units/PEMKOT?{Q1}")
    assert page.status_code == 200
    assert 'data-testid="combined-note"' in page.text
    # 10 respondents: (9 × 1 + 4) / 10 per element → 32,50 (the mean of IKMs would be 62,50).
    assert 'data-testid="unit-ikm">32,50<' in page.text
    recap = await client.get(f"/dashboard/units/PEMKOT/recap?{Q1}")
    assert recap.status_code == 200
    assert 'data-testid="combined-ikm">32,50<' in recap.text
    assert 'data-unit="DISDUKCAPIL"' in recap.text and 'data-unit="KEC-TALAWI"' in recap.text
    assert 'data-unit="RSUD"' not in recap.text
    talawi = recap.text.split('data-unit="KEC-TALAWI"')[1].split("</tr>")[0]
    assert "100,00" not in talawi and "belum cukup responden" in talawi  # 1 < minimum 5


async def test_a_manager_sees_only_the_units_of_the_tree_within_their_scope(client, city):
    await login(client, await make_user("camat", "manager", ["PEMKOT", "DISDUKCAPIL"]))
    page = await client.get(f"/dashboard/units/PEMKOT/recap?{Q1}")
    assert 'data-unit="KEC-TALAWI"' not in page.text
    assert 'data-testid="combined-ikm">25,00<' in page.text
    assert (await client.get(f"/dashboard/units/RSUD/recap?{Q1}")).status_code == 403


async def test_a_unit_without_units_below_it_shows_its_own_result(client, city):
    await login(client, await make_user("kadis", "manager", ["DISDUKCAPIL"]))
    page = await client.get(f"/dashboard/units/DISDUKCAPIL?{Q1}")
    assert 'data-testid="combined-note"' not in page.text
    assert 'data-testid="unit-ikm">25,00<' in page.text


async def test_the_recap_downloads_as_xlsx_with_every_unit_and_the_combined_row(
    client, city, admin
):
    from openpyxl import load_workbook

    await login(client, admin)
    response = await client.get(f"/dashboard/units/PEMKOT/recap.xlsx?{Q1}")
    assert response.status_code == 200
    assert "rekap-ikm-PEMKOT-2026-01-01-2026-03-31.xlsx" in response.headers["content-disposition"]
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Peringkat", "Kode", "Unit")
    codes = [row[1] for row in rows[1:]]
    assert set(codes[:-1]) == {"PEMKOT", "DISDUKCAPIL", "KEC-TALAWI"}
    assert "RSUD" not in codes
    by_code = {row[1]: row for row in rows[1:-1]}
    assert by_code["DISDUKCAPIL"][6] == 25.0 and by_code["DISDUKCAPIL"][7] == "D"
    assert by_code["KEC-TALAWI"][6] is None  # below the minimum: no IKM written
    combined = rows[-1]
    assert combined[2] == "Gabungan 3 unit" and (combined[4], combined[6]) == (10, 32.5)


async def test_the_recap_is_for_managers_only(client, city):
    anonymous = await client.get(f"/dashboard/units/PEMKOT/recap?{Q1}")
    assert anonymous.status_code in (302, 303, 401)
    await login(client, await make_user("fasil", "facilitator", ["PEMKOT"]))
    assert (await client.get(f"/dashboard/units/PEMKOT/recap.xlsx?{Q1}")).status_code == 403


async def test_a_recap_asked_for_a_period_that_cannot_be_refuses_it_instead_of_showing_another(
    client, city, admin
):
    await login(client, admin)
    for tail in ("recap", "recap.xlsx"):
        backwards = await client.get(
            f"/dashboard/units/PEMKOT/{tail}?from=2026-03-31&to=2026-01-01"
        )
        assert backwards.status_code == 400
        assert "Tanggal akhir tidak boleh sebelum tanggal awal." in backwards.text
        too_early = await client.get(
            f"/dashboard/units/PEMKOT/{tail}?from=1999-01-01&to=1999-12-31"
        )
        assert too_early.status_code == 400
        assert too_early.text.count("Tahun harus antara 2000 dan 2100.") == 1  # said once
