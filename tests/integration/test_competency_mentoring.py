"""Mentoring: session minutes become JP through the equivalent; scores before and during."""

from datetime import date

from surveys.competency.mentoring import before_and_during, create_pair, log_session, pair_by_id
from surveys.competency.needs_queries import jp_in_year
from surveys.store.aggregate_tables import OfficerScoreMonthly
from surveys.store.audit import Someone
from surveys.store.tables import Training
from tests.factories import make_officer

BKPSDM = Someone(None, "bkpsdm")


async def _pair(dictionary, rina, disdukcapil, starts_on=date(2026, 4, 1)):
    mentor = await make_officer(disdukcapil["id"], "197501012000031001", "Pak Harun")
    pair_id = await create_pair(
        BKPSDM, "mentoring", mentor["id"], rina["id"], dictionary["komunikasi"], starts_on, None
    )
    return await pair_by_id(pair_id)


async def test_sessions_of_a_year_make_one_training_record_with_their_jp(
    dictionary, rina, disdukcapil
):
    pair = await _pair(dictionary, rina, disdukcapil)
    await log_session(BKPSDM, pair, date(2026, 4, 8), 20, "Menyapa warga", "")
    assert await Training.count() == 0  # 1/3 h x 1.33 = 0.44 JP: not yet a whole JP

    await log_session(BKPSDM, pair, date(2026, 4, 15), 90, "Menjelaskan persyaratan", "Praktik")
    await log_session(BKPSDM, pair, date(2027, 1, 5), 60, "Evaluasi", "")

    records = await Training.select().order_by(Training.end_date)
    # 2026: 110 minutes = 1.83 h x 1.33 JP = 2.44 -> 2 JP; 2027: 1 h -> 1 JP, a record of its own.
    assert [(r["jp"], r["end_date"]) for r in records] == [
        (2, date(2026, 4, 15)),
        (1, date(2027, 1, 5)),
    ]
    assert records[0]["form"] == "Mentoring" and not records[0]["classical"]
    assert await jp_in_year([rina["id"]], 2026) == {rina["id"]: 2}


async def test_no_verdict_on_the_mentees_scores_below_the_minimum(dictionary, rina, disdukcapil):
    pair = await _pair(dictionary, rina, disdukcapil)
    for month, mean in ((date(2026, 2, 1), 2.2), (date(2026, 5, 1), 3.6)):
        row = {"month": month, "unit": disdukcapil["id"], "officer": rina["id"], "n": 20}
        for i in range(1, 10):
            row[f"s{i}"], row[f"c{i}"] = round(mean * 20), 20
        await OfficerScoreMonthly(**row).save()

    thin = await before_and_during(pair, date(2026, 6, 30), minimum=30)
    enough = await before_and_during(pair, date(2026, 6, 30), minimum=20)

    assert thin.before.means["U7"] is None and thin.changes == {}
    assert str(enough.before.means["U7"]) == "2.20"
    assert enough.changes["U7"] == "up"


async def test_scores_by_quarter_show_no_mean_below_the_minimum_and_only_the_officers_own(
    dictionary, rina, budi, disdukcapil, rsud
):
    from surveys.competency.profiles import scores_by_quarter

    for officer, unit, month, n in (
        (rina["id"], disdukcapil["id"], date(2026, 4, 1), 35),
        (rina["id"], disdukcapil["id"], date(2026, 1, 1), 10),
        (budi["id"], rsud["id"], date(2026, 4, 1), 99),  # another officer's: not counted
    ):
        row = {"month": month, "unit": unit, "officer": officer, "n": n}
        for i in range(1, 10):
            row[f"s{i}"], row[f"c{i}"] = 3 * n, n
        await OfficerScoreMonthly(**row).save()

    quarters = await scores_by_quarter(rina["id"], date(2026, 6, 30), minimum=30, quarters=3)

    assert [(q.label, q.n, q.u7) for q in quarters] == [
        ("2026 T2", 35, quarters[0].u7),
        ("2026 T1", 10, None),
        ("2025 T4", 0, None),
    ]
    assert str(quarters[0].u7) == "3.00"
