"""The competency tables hold the loop's records, and the starting dictionary is filled once."""

from datetime import date
from decimal import Decimal

import pytest

from surveys.store.competency_dictionary import ensure_competency_dictionary
from surveys.store.development_tables import (
    Assessment,
    AssessmentLevel,
    Competency,
    DevelopmentActivity,
    DevelopmentPlan,
    ElementCompetency,
    JpEquivalent,
    MatchBand,
    MentoringPair,
    MentoringSession,
    Need,
    Position,
    PositionRequirement,
)
from tests.factories import make_officer


async def test_the_dictionary_holds_the_nine_competencies_with_five_levels_each(db):
    await ensure_competency_dictionary()

    rows = await Competency.select().order_by(Competency.code)
    assert {r["code"] for r in rows} >= {"integritas", "kerja_sama", "perekat_bangsa"}
    assert len(rows) == 9
    assert [r["kind"] for r in rows if r["code"] == "perekat_bangsa"] == ["sosial_kultural"]
    assert all(r[f"level_{n}"] for r in rows for n in range(1, 6))


async def test_filling_the_dictionary_again_keeps_what_the_city_edited(db):
    await ensure_competency_dictionary()
    await Competency.update({Competency.level_1: "Versi kota"}).where(
        Competency.code == "komunikasi"
    )

    await ensure_competency_dictionary()

    assert await Competency.count() == 9
    edited = await Competency.select(Competency.level_1).where(Competency.code == "komunikasi")
    assert edited[0]["level_1"] == "Versi kota"
    assert await MatchBand.count() == 3


async def test_u7_maps_to_communication_integrity_and_public_service(db):
    await ensure_competency_dictionary()

    rows = await ElementCompetency.select(ElementCompetency.competency.code).where(
        ElementCompetency.element == "U7"
    )
    assert {r["competency.code"] for r in rows} == {"komunikasi", "integritas", "pelayanan_publik"}
    technical = await ElementCompetency.select().where(ElementCompetency.technical.eq(True))
    assert {r["element"] for r in technical} == {"U5", "U6"}


async def test_mentoring_counts_an_hour_as_four_thirds_of_a_jp_by_default(db):
    await ensure_competency_dictionary()

    row = await JpEquivalent.select().where(JpEquivalent.form == "Mentoring").first()
    assert row["basis"] == "hour"
    assert Decimal(row["jp_per_unit"]) == Decimal("1.33")


async def test_a_position_requires_one_level_per_competency(db):
    await ensure_competency_dictionary()
    komunikasi = await Competency.select().where(Competency.code == "komunikasi").first()
    position = Position(code="PELAKSANA", name="Pelaksana Pelayanan")
    await position.save()
    await PositionRequirement(position=position.id, competency=komunikasi["id"], level=2).save()

    with pytest.raises(Exception):  # noqa: B017 - the engines raise different errors
        await PositionRequirement(position=position.id, competency=komunikasi["id"], level=3).save()


async def test_the_whole_loop_can_be_recorded(db, disdukcapil):
    await ensure_competency_dictionary()
    officer = await make_officer(disdukcapil["id"], "199001012015031001", "Rina")
    mentor = await make_officer(disdukcapil["id"], "198001012005031001", "Budi")
    komunikasi = await Competency.select().where(Competency.code == "komunikasi").first()

    first = Assessment(officer=officer["id"], assessed_on=date(2026, 3, 1), method="uji_kompetensi")
    await first.save()
    correction = Assessment(
        officer=officer["id"],
        assessed_on=date(2026, 3, 1),
        method="uji_kompetensi",
        replaces=first.id,
    )
    await correction.save()
    await AssessmentLevel(assessment=correction.id, competency=komunikasi["id"], level=2).save()
    need = Need(
        unit=disdukcapil["id"],
        officer=officer["id"],
        competency=komunikasi["id"],
        year=2026,
        source="gap",
        evidence={"required": 3, "assessed": 2},
    )
    await need.save()
    plan = DevelopmentPlan(officer=officer["id"], year=2026)
    await plan.save()
    activity = DevelopmentActivity(
        plan=plan.id,
        title="Mentoring komunikasi",
        form="Mentoring",
        classical=False,
        competency=komunikasi["id"],
        need=need.id,
        amount=Decimal("6"),
        jp=8,
    )
    await activity.save()
    pair = MentoringPair(
        mentor=mentor["id"],
        mentee=officer["id"],
        competency=komunikasi["id"],
        starts_on=date(2026, 4, 1),
        activity=activity.id,
    )
    await pair.save()
    await MentoringSession(pair=pair.id, held_on=date(2026, 4, 8), minutes=90, topic="Salam").save()

    stored = await Need.select(Need.evidence).where(Need.id == need.id).first()
    assert stored["evidence"] in ({"required": 3, "assessed": 2}, '{"required": 3, "assessed": 2}')
    replaced = await Assessment.select(Assessment.replaces).where(Assessment.id == correction.id)
    assert replaced[0]["replaces"] == first.id
    assert await MentoringSession.count().where(MentoringSession.pair == pair.id) == 1
