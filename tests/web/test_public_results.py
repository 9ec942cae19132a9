"""The public side: the home page's published units and a unit's published periods,
their trend and their follow-ups; nothing unpublished ever shows."""

from __future__ import annotations

import re
from datetime import date

from surveys.store.tables import FollowUp
from tests.factories import make_publication, make_unit


async def publish(unit: dict, start: date, end: date, n: int, ikm: str, on=date(2026, 1, 5)):
    element = {"code": "U6", "nrr": "3.2000", "n": n, "score": "80.00", "grade": "B"}
    await make_publication(unit["id"], start, end, n, ikm, on, elements=[element])


async def followup(unit: dict, start: date, end: date, action: str, status: str = "planned"):
    await FollowUp(
        unit=unit["id"],
        period_start=start,
        period_end=end,
        element="U6",
        problem="Petugas kurang menjelaskan syarat",
        action=action,
        responsible="Kepala Seksi",
        target_date=date(2026, 6, 30),
        status=status,
    ).save()


Q3 = (date(2025, 7, 1), date(2025, 9, 30))
Q4 = (date(2025, 10, 1), date(2025, 12, 31))
Q1 = (date(2026, 1, 1), date(2026, 3, 31))


async def test_the_home_page_lists_published_units_with_ikm_grade_n_and_trend(
    client, disdukcapil, rsud
):
    await publish(disdukcapil, *Q3, 120, "76.10")
    await publish(disdukcapil, *Q4, 130, "81.25")
    # Announced again later on another channel: counted once, the latest snapshot.
    await publish(disdukcapil, *Q4, 131, "81.30", on=date(2026, 1, 20))
    await publish(rsud, *Q1, 90, "88.90", on=date(2999, 1, 1))  # not public yet
    html = (await client.get("/")).text
    card = html.split('data-testid="public-unit-DISDUKCAPIL"')[1].split("</li>")[0]
    assert re.search(r'data-testid="home-ikm">81,30<', card)
    assert "grade-B" in card and "n = 131" in card
    assert re.search(r'data-testid="home-trend">Tren: 76,10 → 81,30<', card)
    other = html.split('data-testid="public-unit-RSUD"')[1].split("</li>")[0]
    assert "88,90" not in other and "Belum ada hasil yang diumumkan" in other


async def test_a_published_period_below_the_minimum_shows_its_n_but_no_score(client, rsud):
    await publish(rsud, *Q1, 12, "95.00")
    home = (await client.get("/")).text
    public = (await client.get("/p/RSUD")).text
    for html in (home, public):
        assert "95,00" not in html
    assert 'data-testid="too-few"' in public and "12 responden" in public


async def test_the_unit_page_shows_the_published_trend_and_its_follow_ups_only(
    client, disdukcapil, rsud
):
    await publish(disdukcapil, *Q3, 120, "76.10")
    await publish(disdukcapil, *Q4, 130, "81.25")
    await followup(disdukcapil, *Q4, "Pelatihan layanan prima untuk petugas loket", "done")
    await followup(disdukcapil, *Q1, "Rencana periode yang belum diumumkan")
    await followup(rsud, *Q4, "Tindak lanjut unit lain")
    html = (await client.get("/p/DISDUKCAPIL")).text
    trend = html.split('data-testid="public-trend"')[1].split("</section>")[0]
    assert "76,10" in trend and "81,25" in trend and "<svg" in trend
    table = trend.split("<table")[1]
    assert table.index("81,25") < table.index("76,10")  # newest period first
    followups = html.split('data-testid="public-followups"')[1].split("</section>")[0]
    assert "Pelatihan layanan prima untuk petugas loket" in followups
    assert "Selesai" in followups
    assert "Rencana periode yang belum diumumkan" not in followups
    assert "Tindak lanjut unit lain" not in followups
    assert "Kepala Seksi" not in html  # who is responsible stays internal


async def test_a_unit_with_one_published_period_draws_no_trend_line(client, db):
    unit = await make_unit("KEC-TALAWI", "Kecamatan Talawi")
    await publish(unit, *Q4, 130, "81.25")
    trend = (await client.get("/p/KEC-TALAWI")).text.split('data-testid="public-trend"')[1]
    assert "<svg" not in trend.split("</section>")[0]
