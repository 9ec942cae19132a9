"""Intervals, change verdicts, the year-earlier period and profile scores on the dashboard and
the unit page, as a manager reads them."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from tests.factories import login, make_responses, make_unit

CODES = [f"U{i}" for i in range(1, 10)]
FULL_4 = dict.fromkeys(CODES, 4)
FULL_3 = dict.fromkeys(CODES, 3)
Q1 = "from=2026-01-01&to=2026-03-31"


def at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 3, tzinfo=UTC)


def _tag(page: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>(.*?)</(div|td)>', page, re.S)
    assert match, f"no {testid}"
    return " ".join(match.group(1).split())


async def _a_rise_between_two_quarters_of_five(client, admin, minimum: int) -> tuple[str, str]:
    """All 3s in Q4 2025 and all 4s in Q1 2026, five respondents each: the dashboard and the
    unit page for Q1."""
    unit = await make_unit("UNIT", "Unit", minimum_responses=minimum)
    await make_responses(unit["id"], [FULL_3] * 5, at(date(2025, 11, 1)))
    await make_responses(unit["id"], [FULL_4] * 5, at(date(2026, 2, 1)))
    await login(client, admin)
    dashboard = (await client.get(f"/dashboard?{Q1}")).text
    return dashboard, (await client.get(f"/dashboard/units/UNIT?{Q1}")).text


def _table_row(page: str, table_marker: str, row_marker: str) -> tuple[str, str]:
    """The first table after ``table_marker``, and its row holding ``row_marker``."""
    table = page[page.index(table_marker) :]
    table = table[: table.index("</table>")]
    row = table[table.index(row_marker) :]
    return table, row[: row.index("</tr>")]


async def test_a_change_between_thin_periods_is_shown_without_a_verdict(client, admin, db):
    dashboard, page = await _a_rise_between_two_quarters_of_five(client, admin, minimum=10)
    assert "+25,00" in dashboard
    assert _tag(dashboard, "change-verdict") == "terlalu sedikit responden untuk menilai"
    assert "Terlalu sedikit responden untuk menilai (minimum 10 tiap periode)." in page
    assert "Perubahan nyata" not in page


async def test_the_same_change_above_the_minimum_is_judged_real(client, admin, db):
    dashboard, page = await _a_rise_between_two_quarters_of_five(client, admin, minimum=5)
    assert _tag(dashboard, "change-verdict") == "nyata"
    assert "Perubahan nyata" in page


async def test_every_ikm_carries_its_interval_and_n(client, admin, db):
    unit = await make_unit("UNIT", "Unit", minimum_responses=2)
    # 3 respondents with all 4s and 3 with all 3s: IKM 87,50, totals sd 4.93 -> ±14,37 (t, df 5)
    await make_responses(unit["id"], [FULL_4] * 3 + [FULL_3] * 3, at(date(2026, 2, 1)))
    await make_responses(unit["id"], [FULL_4] * 40, at(date(2026, 5, 1)))  # another quarter
    await login(client, admin)
    dashboard = (await client.get(f"/dashboard?{Q1}")).text
    assert _tag(dashboard, "ikm-interval") == "73,13–100,00 · n 6"
    page = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    assert _tag(page, "unit-ikm-interval") == "selang 95%: 73,13 s.d. 100,00 · n 6"


async def test_the_same_quarter_a_year_earlier_stands_beside_the_current_one(client, admin, db):
    unit = await make_unit("UNIT", "Unit", minimum_responses=2)
    await make_responses(unit["id"], [FULL_3] * 4, at(date(2025, 2, 1)))  # Q1 2025
    await make_responses(unit["id"], [FULL_4] * 4, at(date(2025, 11, 1)))  # Q4 2025: not it
    await make_responses(unit["id"], [FULL_4] * 4, at(date(2026, 2, 1)))
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    tile = page[page.index('data-testid="year-earlier"') :][:900]
    assert "75,00" in tile
    assert "from=2025-01-01&amp;to=2025-03-31" in tile
    assert "4 responden" in tile


async def test_each_element_says_whether_its_change_is_real_after_the_correction(client, admin, db):
    unit = await make_unit("UNIT", "Unit", minimum_responses=5)
    before = [dict(FULL_4, U3=4) for _ in range(8)] + [dict(FULL_4, U3=3) for _ in range(8)]
    now = [dict(FULL_4, U3=1) for _ in range(16)]
    await make_responses(unit["id"], before, at(date(2025, 11, 1)))
    await make_responses(unit["id"], now, at(date(2026, 2, 1)))
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    u3 = page[page.index('data-element="U3"') :]
    assert "-62,50" in _tag(u3, "element-change") and "nyata" in _tag(u3, "element-change")
    u1 = page[page.index('data-element="U1"') :]
    assert "bisa kebetulan" in _tag(u1, "element-change")


async def test_profile_groups_below_the_minimum_show_their_count_but_no_score(client, admin, db):
    unit = await make_unit("UNIT", "Unit", minimum_responses=3)
    await make_responses(unit["id"], [FULL_4] * 3, at(date(2026, 2, 1)), gender="P")
    await make_responses(unit["id"], [FULL_3] * 2, at(date(2026, 2, 1)), gender="L")
    other = await make_unit("LAIN", "Unit lain")
    await make_responses(other["id"], [FULL_3] * 5, at(date(2026, 2, 1)), gender="P")
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    gender, women = _table_row(page, 'data-testid="profile-gender"', 'data-value="P"')
    _, men = _table_row(page, 'data-testid="profile-gender"', 'data-value="L"')
    assert "100,00" in women and ">3<" in women
    assert 'data-testid="suppressed"' in men
    assert "75,00" not in gender


async def test_a_service_type_below_the_minimum_shows_its_count_not_its_score(client, admin, db):
    from tests.factories import make_service_type

    unit = await make_unit("UNIT", "Unit", minimum_responses=3)
    ktp = await make_service_type(unit["id"], "KTP-el")
    akta = await make_service_type(unit["id"], "Akta kelahiran")
    day = at(date(2026, 2, 1))
    await make_responses(unit["id"], [FULL_4] * 3, day, service_type=ktp["id"])
    await make_responses(unit["id"], [FULL_3] * 2, day, service_type=akta["id"])
    await login(client, admin)
    page = (await client.get(f"/dashboard/units/UNIT?{Q1}")).text
    types, ktp_row = _table_row(page, 'data-testid="service-types"', "KTP-el")
    _, akta_row = _table_row(page, 'data-testid="service-types"', "Akta kelahiran")
    assert "100,00" in ktp_row
    assert 'data-testid="suppressed"' in akta_row
    assert "75,00" not in types
