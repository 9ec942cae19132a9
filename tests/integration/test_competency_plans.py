"""Development plans: JP through the city's equivalents, done -> training record -> 20 JP."""

from datetime import date
from decimal import Decimal

import pytest

from surveys.competency.assessments import AssessmentFields, record_assessment
from surveys.competency.dictionary import jp_equivalent_for, save_position, set_jp_equivalents
from surveys.competency.needs import unit_needs
from surveys.competency.needs_queries import jp_in_year
from surveys.competency.plans import (
    ActivityFields,
    PlanRefused,
    activity_of,
    add_activity,
    delete_activity,
    draft_from_needs,
    ensure_plan,
    jp_of,
    mark_done,
    plan_of,
)
from surveys.store.audit import Someone
from surveys.store.development_tables import Need
from surveys.store.tables import Training
from tests.competency_support import PELAKSANA

BKPSDM = Someone(None, "bkpsdm")
TODAY = date(2026, 5, 4)


async def test_mentoring_hours_count_as_jp_through_the_citys_equivalent(dictionary):
    assert await jp_of("Mentoring", Decimal(6)) == (False, 8)
    mentoring = await jp_equivalent_for("Mentoring")
    await set_jp_equivalents(BKPSDM, {mentoring["id"]: ("hour", Decimal(1))})
    assert await jp_of("Mentoring", Decimal(6)) == (False, 6)
    assert await jp_of("Kursus bahasa isyarat", Decimal(12)) == (True, 12)


async def test_a_done_activity_becomes_a_training_record_that_counts_towards_20_jp(
    dictionary, rina
):
    plan = await ensure_plan(BKPSDM, rina["id"], 2026)
    activity = await add_activity(
        BKPSDM,
        plan,
        ActivityFields(
            "Coaching komunikasi", "Coaching", False, dictionary["komunikasi"], Decimal(15), 20
        ),
    )
    assert await jp_in_year([rina["id"]], 2026) == {rina["id"]: 0}

    training = await mark_done(BKPSDM, rina["id"], await activity_of(plan, activity), TODAY)

    record = await Training.select().where(Training.id == training).first()
    assert (record["jp"], record["form"], record["competency"]) == (20, "Coaching", "manajerial")
    assert record["end_date"] == TODAY
    assert await jp_in_year([rina["id"]], 2026) == {rina["id"]: 20}
    done = await activity_of(plan, activity)
    assert (done["status"], done["training"]) == ("done", training)


async def test_a_done_activity_is_neither_done_again_nor_deleted(dictionary, rina):
    plan = await ensure_plan(BKPSDM, rina["id"], 2026)
    activity = await add_activity(
        BKPSDM, plan, ActivityFields("Kursus", "Kursus", True, None, Decimal(8), 8)
    )
    await mark_done(BKPSDM, rina["id"], await activity_of(plan, activity), TODAY)

    with pytest.raises(PlanRefused):
        await mark_done(BKPSDM, rina["id"], await activity_of(plan, activity), TODAY)
    with pytest.raises(PlanRefused):
        await delete_activity(BKPSDM, await activity_of(plan, activity))
    assert await Training.count() == 1


async def test_one_plan_per_officer_and_year(dictionary, rina, budi):
    first = await ensure_plan(BKPSDM, rina["id"], 2026)
    assert await ensure_plan(BKPSDM, rina["id"], 2026) == first
    assert await ensure_plan(BKPSDM, rina["id"], 2027) != first
    assert await ensure_plan(BKPSDM, budi["id"], 2026) != first
    assert (await plan_of(budi["id"], 2025)) is None


async def test_a_plan_drafted_from_needs_aims_at_each_need_and_makes_up_20_jp(
    dictionary, rina, disdukcapil
):
    required = {dictionary["komunikasi"]: 3, dictionary["integritas"]: 3}
    await save_position(BKPSDM, None, "PLK", PELAKSANA, required)
    levels = {dictionary["komunikasi"]: 1, dictionary["integritas"]: 2}
    await record_assessment(
        BKPSDM, AssessmentFields(rina["id"], date(2026, 2, 1), "uji_kompetensi", "", "", levels)
    )
    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=30)
    needs = analysis.officers[0].needs

    plan_id = await draft_from_needs(BKPSDM, rina["id"], disdukcapil["id"], 2026, needs, 0, 20)

    plan = await plan_of(rina["id"], 2026)
    assert plan["id"] == plan_id
    by_competency = {a["competency"]: a for a in plan["activities"]}
    assert by_competency[dictionary["komunikasi"]]["form"] == "Pelatihan manajerial"  # gap 2
    assert by_competency[dictionary["komunikasi"]]["jp"] == 24
    assert by_competency[dictionary["integritas"]]["form"] == "Coaching"  # gap 1: 6 h = 8 JP
    assert by_competency[dictionary["integritas"]]["jp"] == 8
    assert sum(a["jp"] for a in plan["activities"]) >= 20
    stored = await Need.select().where(Need.officer == rina["id"]).output(load_json=True)
    assert {row["competency"] for row in stored} == set(levels)
    assert all(a["need"] for a in plan["activities"] if a["competency"])

    # Drafting again adds nothing for needs the plan already answers.
    await draft_from_needs(BKPSDM, rina["id"], disdukcapil["id"], 2026, needs, 0, 20)
    assert len((await plan_of(rina["id"], 2026))["activities"]) == len(plan["activities"])


async def test_a_siasn_trainings_file_imports_and_counts_in_its_year(dictionary, rina):
    from surveys.store.imports import import_csv

    text = (
        "nip,title,form,classical,jenisKompetensi,institusiPenyelenggara,jumlahJam,tahun\n"
        f"{rina['nip']},Pelayanan Prima,Pelatihan teknis,ya,Teknis,BPSDM Provinsi,24,2025\n"
    )

    report = await import_csv("trainings", text)

    assert report.errors == () and report.created == 1
    assert await jp_in_year([rina["id"]], 2025) == {rina["id"]: 24}
