"""Assessments: append-only corrections, currency, imports all-or-nothing and idempotent, audit."""

from datetime import date

import pytest

from surveys.competency.assessment_import import import_assessments
from surveys.competency.assessments import (
    AssessmentFields,
    AssessmentRefused,
    assessed_levels,
    assessments_of,
    record_access,
    record_assessment,
)
from surveys.competency.rules import current_levels
from surveys.store.audit import Someone
from surveys.store.development_tables import Assessment
from surveys.store.tables import AuditEntry
from tests.competency_support import BUDI_NIP, RINA_NIP

BKPSDM = Someone(None, "bkpsdm")
TODAY = date(2026, 6, 1)


def _fields(officer_id, levels, **extra):
    values = dict(
        officer=officer_id,
        assessed_on=date(2026, 3, 2),
        method="uji_kompetensi",
        assessor="UPT Penilaian Kompetensi",
        notes="",
        levels=levels,
    )
    return AssessmentFields(**(values | extra))


async def test_a_correction_is_a_new_record_and_the_old_one_stays(dictionary, rina):
    first = await record_assessment(BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 4}))
    second = await record_assessment(
        BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 2}, replaces=first)
    )

    history = await assessments_of(rina["id"])
    assert [row["id"] for row in history] == [second, first]
    assert history[1]["replaced_by"] == second
    assert history[1]["levels"] == {dictionary["komunikasi"]: 4}
    levels = current_levels((await assessed_levels([rina["id"]]))[rina["id"]], TODAY)
    assert levels[dictionary["komunikasi"]].level == 2


async def test_an_assessment_cannot_be_corrected_twice(dictionary, rina):
    first = await record_assessment(BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 4}))
    await record_assessment(
        BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 3}, replaces=first)
    )

    with pytest.raises(AssessmentRefused):
        await record_assessment(
            BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 2}, replaces=first)
        )
    assert await Assessment.count() == 2


async def test_a_correction_must_be_of_the_same_officer(dictionary, rina, budi):
    first = await record_assessment(BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 4}))

    with pytest.raises(AssessmentRefused):
        await record_assessment(
            BKPSDM, _fields(budi["id"], {dictionary["komunikasi"]: 2}, replaces=first)
        )


async def test_levels_are_read_for_the_officers_asked_and_no_other(dictionary, rina, budi):
    await record_assessment(BKPSDM, _fields(rina["id"], {dictionary["integritas"]: 3}))
    await record_assessment(BKPSDM, _fields(budi["id"], {dictionary["integritas"]: 5}))

    history = await assessed_levels([rina["id"]])

    assert list(history) == [rina["id"]]
    assert [row.level for row in history[rina["id"]]] == [3]


async def test_recording_and_reading_results_are_both_audited(dictionary, rina):
    assessment = await record_assessment(BKPSDM, _fields(rina["id"], {dictionary["komunikasi"]: 3}))
    await record_access(BKPSDM, rina["id"], "officer_profile")

    entries = (
        await AuditEntry.select()
        .where(AuditEntry.table_name == "assessment")
        .output(load_json=True)
    )
    assert [(e["action"], e["row_id"]) for e in entries] == [("create", assessment), ("view", None)]
    assert entries[1]["current"]["officer"] == rina["id"]


CSV = (
    "nip,assessed_on,method,assessor,komunikasi,integritas\n"
    f"{RINA_NIP},2026-03-02,uji_kompetensi,UPT,2,3\n"
    f"{BUDI_NIP},2026-03-03,penilaian_atasan,Kepala,4,\n"
)


async def test_an_assessment_file_imports_once(dictionary, rina, budi):
    report = await import_assessments(BKPSDM, CSV, TODAY, "hasil.csv")
    again = await import_assessments(BKPSDM, CSV, TODAY, "hasil.csv")

    assert (report.created, report.unchanged) == (2, 0)
    assert (again.created, again.unchanged) == (0, 2)
    assert await Assessment.count() == 2
    budi_rows = await assessments_of(budi["id"])
    assert budi_rows[0]["levels"] == {dictionary["komunikasi"]: 4}


async def test_a_file_with_one_bad_row_imports_nothing_and_names_every_problem(dictionary, rina):
    text = (
        "nip,assessed_on,method,komunikasi\n"
        f"{RINA_NIP},2026-03-02,uji_kompetensi,2\n"
        "199912312020121001,2026-13-01,wawancara,7\n"
        f"{RINA_NIP},2027-01-01,uji_kompetensi,\n"
    )

    report = await import_assessments(BKPSDM, text, TODAY)

    assert report.created == 0
    assert await Assessment.count() == 0
    problems = {(e.row, e.column) for e in report.errors}
    assert {(3, "nip"), (3, "assessed_on"), (3, "method"), (3, "komunikasi")} <= problems
    assert (4, "assessed_on") in problems
