"""The needs analysis of a unit: gaps, citizens' weak elements, forum topics, 20 JP, ranked."""

from datetime import date

import pytest

from surveys.competency.assessments import AssessmentFields, record_assessment
from surveys.competency.dictionary import save_position
from surveys.competency.needs import unit_needs
from surveys.competency.needs_queries import forum_topics_of, jp_in_year, officer_element_sums
from surveys.store.aggregate_tables import OfficerScoreMonthly
from surveys.store.audit import Someone
from surveys.store.tables import ForumInput
from tests.competency_support import PELAKSANA
from tests.factories import make_forum_session, make_officer, make_training

SETUP = Someone(None, "setup")
TODAY = date(2026, 11, 20)


async def _answers(officer_id, unit_id, month, means, n=40):
    """A month of an officer's answers with these element means (U1..U9)."""
    row = {"month": month, "unit": unit_id, "officer": officer_id, "n": n}
    for i, mean in enumerate(means, start=1):
        row[f"s{i}"] = round(mean * n)
        row[f"c{i}"] = n
    await OfficerScoreMonthly(**row).save()


async def _forum_input(unit_id, topic, kind="pengaduan", votes=0, held_on=date(2026, 9, 1)):
    session = await make_forum_session(unit_id, held_on=held_on)
    await ForumInput(session=session["id"], kind=kind, topic=topic, text="-", votes=votes).save()


@pytest.fixture
async def city(dictionary, disdukcapil, rsud, rina):
    """Disdukcapil's officers rated low on U7; the hospital's are not."""
    await save_position(SETUP, None, "PLK", PELAKSANA, {dictionary["komunikasi"]: 3})
    officers = [rina["id"]]
    for k in range(5):
        officers.append(
            (await make_officer(disdukcapil["id"], f"19900101201503{k:04d}", f"Dk{k}"))["id"]
        )
    for k, officer in enumerate(officers):
        wobble = 0.04 * (k % 3)
        means = [3.2 + wobble] * 9
        means[6] = 2.5 + wobble
        await _answers(officer, disdukcapil["id"], date(2026, 6, 1), means)
    for k in range(6):
        officer = (await make_officer(rsud["id"], f"19800101200503{k:04d}", f"Rs{k}"))["id"]
        await _answers(officer, rsud["id"], date(2026, 6, 1), [3.1 + 0.04 * (k % 3)] * 9)
    await record_assessment(
        SETUP,
        AssessmentFields(
            rina["id"], date(2026, 2, 1), "uji_kompetensi", "", "", {dictionary["komunikasi"]: 2}
        ),
    )
    await _forum_input(disdukcapil["id"], "U7", votes=12)
    await _forum_input(disdukcapil["id"], "U7", kind="saran")  # a suggestion: not a need
    await _forum_input(disdukcapil["id"], "U7", held_on=date(2025, 6, 1))  # too old
    await _forum_input(rsud["id"], "U7", votes=40)  # another unit's
    await make_training(rina["id"], date(2026, 3, 1), date(2026, 3, 2), 8)
    await make_training(rina["id"], date(2025, 3, 1), date(2025, 3, 5), 30)  # last year
    return officers


async def test_forum_topics_count_only_the_units_recent_complaints_and_aspirations(
    city, disdukcapil
):
    topics = await forum_topics_of(disdukcapil["id"], date(2025, 11, 20))
    assert topics == {"U7": (1, 12)}


async def test_jp_counts_only_the_trainings_that_ended_in_the_year(city, rina):
    assert await jp_in_year([rina["id"]], 2026) == {rina["id"]: 8}


async def test_officers_element_sums_cover_only_the_months_asked(city, rina, disdukcapil):
    await _answers(rina["id"], disdukcapil["id"], date(2024, 1, 1), [1] * 9)  # outside
    sums = await officer_element_sums(date(2025, 11, 1), TODAY)
    unit, rina_sums = sums[rina["id"]]
    assert unit == disdukcapil["id"]
    assert rina_sums["U7"] == (100, 40)


async def test_communication_leads_the_units_needs_with_three_sources(
    city, dictionary, disdukcapil
):
    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=30)

    first = analysis.needs[0]
    assert first.competency == dictionary["komunikasi"]
    assert {item.source for item in first.evidence} == {"gap", "citizens", "forum"}
    citizens = next(item for item in first.evidence if item.source == "citizens")
    assert citizens.figures["element"] == "U7"
    assert analysis.citizens_compared


async def test_the_officer_needs_name_the_gap_and_the_jp_shortfall(
    city, dictionary, rina, disdukcapil
):
    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=30)

    rina_needs = next(o for o in analysis.officers if o.profile.officer["id"] == rina["id"])
    sources = {
        (need.competency, item.source) for need in rina_needs.needs for item in need.evidence
    }
    assert (dictionary["komunikasi"], "gap") in sources
    assert (None, "jp") in sources
    assert rina["id"] in [officer["id"] for officer, _ in analysis.below_jp]


async def test_no_citizens_evidence_below_the_minimum_sample(city, dictionary, disdukcapil):
    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=41)

    assert not analysis.citizens_compared
    sources = {item.source for need in analysis.needs for item in need.evidence}
    assert "citizens" not in sources


async def _point_day(unit_id, point_id, day, mean, n):
    from surveys.store.aggregate_tables import ScoreDaily

    row = {"day": day, "unit": unit_id, "service_point": point_id, "n": n}
    for i in range(1, 10):
        row[f"s{i}"], row[f"c{i}"] = round((3.3 if i != 7 else mean) * n), n
    await ScoreDaily(**row).save()


async def test_a_counter_the_officer_staffs_rated_low_on_u7_is_evidence_for_them(
    dictionary, disdukcapil, rsud, rina
):
    from tests.factories import make_service_point

    loket1 = await make_service_point(disdukcapil["id"], "Loket 1", officer=rina["id"])
    loket2 = await make_service_point(disdukcapil["id"], "Loket 2")
    pendaftaran = await make_service_point(rsud["id"], "Pendaftaran")
    await _point_day(disdukcapil["id"], loket1["id"], date(2026, 9, 1), 2.2, 60)
    await _point_day(disdukcapil["id"], loket2["id"], date(2026, 9, 1), 3.5, 200)
    await _point_day(rsud["id"], pendaftaran["id"], date(2026, 9, 1), 1.5, 500)  # not the unit's

    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=30)

    rina_needs = next(o for o in analysis.officers if o.profile.officer["id"] == rina["id"])
    counters = [
        item.figures
        for need in rina_needs.needs
        for item in need.evidence
        if item.source == "citizens" and "point" in item.figures
    ]
    assert counters and {f["point"] for f in counters} == {"Loket 1"}
    assert counters[0]["element"] == "U7" and counters[0]["reference_n"] == 200
    # The unit's list carries it too: one counter for communication, none at the hospital.
    rolled = [
        item.figures
        for need in analysis.needs
        if need.competency == dictionary["komunikasi"]
        for item in need.evidence
        if item.source == "citizens"
    ]
    assert rolled == [{"element": "U7", "officers_flagged": 0, "points_flagged": 1}]
    hospital = await unit_needs(rsud["id"], TODAY, minimum=30)
    assert all(
        "points_flagged" not in item.figures for need in hospital.needs for item in need.evidence
    )


async def test_an_officer_citizens_rate_below_colleagues_is_counted_in_the_units_needs(
    dictionary, disdukcapil, rina
):
    colleagues = [
        (await make_officer(disdukcapil["id"], f"19910101201503{k:04d}", f"Dk{k}"))["id"]
        for k in range(4)
    ]
    await _answers(rina["id"], disdukcapil["id"], date(2026, 6, 1), [3.3] * 6 + [2.4] + [3.3] * 2)
    for officer in colleagues:
        await _answers(officer, disdukcapil["id"], date(2026, 6, 1), [3.3] * 9, n=60)

    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=30)

    rolled = {
        need.competency: item.figures
        for need in analysis.needs
        for item in need.evidence
        if item.source == "citizens"
    }
    flagged = {"element": "U7", "officers_flagged": 1, "points_flagged": 0}
    assert rolled[dictionary["komunikasi"]] == flagged
    assert rolled[dictionary["integritas"]] == flagged
    assert dictionary["perekat_bangsa"] not in rolled  # U7 does not map to it


async def test_a_weak_counter_is_not_the_need_of_an_officer_whose_own_answers_clear_them(
    dictionary, disdukcapil, rina
):
    from tests.factories import make_service_point

    budi = await make_officer(disdukcapil["id"], "199202022015031002", "Budi Santoso")
    loket1 = await make_service_point(disdukcapil["id"], "Loket 1", officer=rina["id"])
    loket2 = await make_service_point(disdukcapil["id"], "Loket 2", officer=budi["id"])
    await _point_day(disdukcapil["id"], loket1["id"], date(2026, 9, 1), 2.2, 60)
    await _point_day(disdukcapil["id"], loket2["id"], date(2026, 9, 1), 3.5, 200)
    # Rina's own answers on U7 are at her colleague's level: Loket 1's low U7 is not hers.
    await _answers(rina["id"], disdukcapil["id"], date(2026, 9, 1), [3.3] * 9, n=60)
    await _answers(budi["id"], disdukcapil["id"], date(2026, 9, 1), [3.3] * 9, n=60)

    analysis = await unit_needs(disdukcapil["id"], TODAY, minimum=30)

    points = {
        o.profile.officer["name"]: {
            item.figures["point"]
            for need in o.needs
            for item in need.evidence
            if "point" in item.figures
        }
        for o in analysis.officers
    }
    assert points.get("Rina Marlina", set()) == set()
