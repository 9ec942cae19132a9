"""The city's settings: positions and their levels, the element mapping, bands, JP equivalents."""

from decimal import Decimal

import pytest

from surveys.competency.dictionary import (
    ElementLink,
    element_mapping,
    jp_equivalent_for,
    match_bands,
    position_by_id,
    positions,
    requirements_by_position_name,
    save_position,
    set_band_minimums,
    set_element_mapping,
    set_jp_equivalents,
)
from surveys.competency.position_import import import_positions
from surveys.store.audit import Someone
from surveys.store.competency_dictionary import ensure_competency_dictionary
from surveys.store.development_tables import Competency
from surveys.store.tables import AuditEntry

BKPSDM = Someone(None, "bkpsdm")


@pytest.fixture
async def dictionary(db):
    await ensure_competency_dictionary()
    rows = await Competency.select(Competency.id, Competency.code)
    return {row["code"]: row["id"] for row in rows}


async def test_a_positions_levels_are_found_by_the_name_officers_carry(dictionary):
    await save_position(BKPSDM, None, "PLK", "Pelaksana Pelayanan", {dictionary["komunikasi"]: 3})
    await save_position(BKPSDM, None, "VRF", "Verifikator", {dictionary["integritas"]: 4})

    found = await requirements_by_position_name([" pelaksana pelayanan ", "Kepala Seksi"])

    assert found == {"pelaksana pelayanan": {dictionary["komunikasi"]: 3}}


async def test_saving_a_position_sets_exactly_its_levels_and_audits_the_change(dictionary):
    pid = await save_position(
        BKPSDM, None, "PLK", "Pelaksana", {dictionary["komunikasi"]: 3, dictionary["integritas"]: 3}
    )
    await save_position(BKPSDM, pid, "PLK", "Pelaksana", {dictionary["komunikasi"]: 2})

    assert (await position_by_id(pid))["requirements"] == {dictionary["komunikasi"]: 2}
    entries = (
        await AuditEntry.select().where(AuditEntry.table_name == "position").output(load_json=True)
    )
    assert [e["action"] for e in entries] == ["create", "update"]
    assert entries[1]["previous"]["requirements"] == {
        str(dictionary["komunikasi"]): 3,
        str(dictionary["integritas"]): 3,
    }


async def test_the_element_mapping_can_be_changed_and_other_elements_keep_theirs(dictionary):
    before = await element_mapping()
    await set_element_mapping(
        BKPSDM, {"U7": ElementLink(frozenset({dictionary["perekat_bangsa"]}), technical=True)}
    )

    after = await element_mapping()
    assert after["U7"] == ElementLink(frozenset({dictionary["perekat_bangsa"]}), True)
    assert after["U8"] == before["U8"]


async def test_bands_and_jp_equivalents_are_the_citys_to_change(dictionary):
    await set_band_minimums(BKPSDM, {"optimal": 85})
    mentoring = await jp_equivalent_for("Mentoring")
    await set_jp_equivalents(BKPSDM, {mentoring["id"]: ("session", Decimal(2))})

    assert [(b.code, b.minimum) for b in await match_bands()][0] == ("optimal", 85)
    changed = await jp_equivalent_for("Mentoring")
    assert (changed["basis"], changed["jp_per_unit"]) == ("session", Decimal(2))
    assert await AuditEntry.count().where(AuditEntry.table_name == "jp_equivalent") == 1


POSITIONS_CSV = (
    "position_code,position_name,competency,level\n"
    "PLK,Pelaksana Pelayanan,komunikasi,3\n"
    "PLK,Pelaksana Pelayanan,pelayanan_publik,3\n"
    "KSI,Kepala Seksi,pengambilan_keputusan,3\n"
)


async def test_a_positions_file_imports_once(dictionary):
    first = await import_positions(BKPSDM, POSITIONS_CSV)
    again = await import_positions(BKPSDM, POSITIONS_CSV)

    assert (first.created, first.unchanged) == (2, 0)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    stored = {row["code"]: row["requirements"] for row in await positions()}
    assert stored["PLK"] == {dictionary["komunikasi"]: 3, dictionary["pelayanan_publik"]: 3}


async def test_a_positions_file_with_an_unknown_competency_imports_nothing(dictionary):
    text = POSITIONS_CSV + "KSI,Kepala Seksi,analisis_data,6\n"

    report = await import_positions(BKPSDM, text)

    assert {(e.row, e.column) for e in report.errors} == {(5, "competency"), (5, "level")}
    assert await positions() == []
