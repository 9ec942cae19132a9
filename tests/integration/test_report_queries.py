"""Report and export queries on a real database; every test has rows that must not match."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from surveys.method.periods import Period
from surveys.reporting.exports import ExportRow
from surveys.reporting.report import AGE_BANDS, build_report
from surveys.reporting.report_queries import (
    channel_counts,
    export_rows,
    government_of,
    population_in,
    report_input,
)
from surveys.reporting.unit_detail import AGE_BANDS as DASHBOARD_AGE_BANDS
from surveys.store.tables import Officer, ServiceType, UnitPopulation
from surveys.store.units import unit_by_code
from tests.factories import check_case_answers, make_responses, make_service_point, make_unit

JAKARTA = ZoneInfo("Asia/Jakarta")
Q1 = Period(date(2026, 1, 1), date(2026, 3, 31))
IN_Q1 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
IN_Q2 = datetime(2026, 4, 10, 3, 0, tzinfo=UTC)


async def test_the_government_is_the_top_instansi_above_the_unit(db):
    pemkot = await make_unit("PEMKOT", "Pemerintah Kota Sawahlunto", kind="instansi")
    dinas = await make_unit("DINAS", "Dinas", parent=pemkot["id"])
    upt = await make_unit("UPT", "UPT Dinas", parent=dinas["id"])
    lone = await make_unit("LONE", "Unit tanpa induk")
    assert await government_of(await unit_by_code("UPT")) == "Pemerintah Kota Sawahlunto"
    assert await government_of(await unit_by_code("LONE")) == ""
    assert upt and lone


async def test_the_population_sums_the_periods_inside_the_report_period_only(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    rows = [
        (unit, date(2026, 1, 1), date(2026, 1, 31), 100),
        (unit, date(2026, 2, 1), date(2026, 3, 31), 250),
        (unit, date(2026, 4, 1), date(2026, 6, 30), 999),  # another period
        (other, date(2026, 1, 1), date(2026, 3, 31), 777),  # another unit
    ]
    for owner, start, end, population in rows:
        await UnitPopulation(
            unit=owner["id"], period_start=start, period_end=end, population=population
        ).save()
    assert await population_in(unit["id"], Q1) == 350
    assert await population_in(unit["id"], Period(date(2025, 1, 1), date(2025, 12, 31))) is None


async def test_channels_count_valid_responses_of_the_unit_in_the_period(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    await make_responses(unit["id"], [{"U1": 4}] * 3, IN_Q1)
    await make_responses(unit["id"], [{"U1": 4}] * 2, IN_Q1, channel="forum_paper")
    await make_responses(unit["id"], [{"U1": 4}], IN_Q1, status="flagged")
    await make_responses(unit["id"], [{"U1": 4}], IN_Q2)
    await make_responses(other["id"], [{"U1": 4}], IN_Q1)
    assert await channel_counts(unit["id"], Q1) == {"forum_paper": 2, "qr": 3}


async def test_the_report_input_has_the_check_case_and_nothing_from_elsewhere(db):
    unit = await make_unit("A", "Dinas A", minimum_responses=20)
    other = await make_unit("B")
    answers = check_case_answers()
    await make_responses(unit["id"], answers[:28], IN_Q1, gender="P", age=35, comment="")
    await make_responses(unit["id"], answers[28:], IN_Q1, gender="L", comment="Ruang tunggu panas")
    await make_responses(unit["id"], [{"U1": 1}], IN_Q2, comment="lain periode")
    await make_responses(unit["id"], [{"U1": 1}], IN_Q1, status="flagged", comment="ditandai")
    await make_responses(other["id"], [{"U1": 1}], IN_Q1, comment="unit lain")
    source = await report_input(
        await unit_by_code("A"), Q1, today=date(2026, 4, 2), timezone=JAKARTA, default_minimum=30
    )
    report = build_report(source)
    assert (source.n, str(report.result.ikm), source.minimum_n) == (29, "91.48", 20)
    assert [c.text for c in source.comments] == ["Ruang tunggu panas"]
    assert source.comments_total == 1
    assert source.profile["gender"] == {"P": 28, "L": 1}
    assert source.profile["age"] == {"30-39": 28, None: 1}
    assert report.result.enough


def test_the_report_uses_the_dashboard_age_bands():
    assert tuple(AGE_BANDS) == tuple(DASHBOARD_AGE_BANDS)


async def test_export_rows_come_in_chunks_with_names_and_nips_and_only_valid_ones(db):
    unit = await make_unit("A")
    other = await make_unit("B")
    officer = Officer(nip="198501012010011001", name="Budi", unit=unit["id"])
    await officer.save()
    kind = ServiceType(unit=unit["id"], name="KTP-el")
    await kind.save()
    point = await make_service_point(unit["id"], "Loket 2")
    await make_responses(
        unit["id"],
        [{"U1": 4, "U2": None, "U3": 3}] * 5,
        IN_Q1,
        officer=officer.id,
        service_type=kind.id,
        service_point=point["id"],
        comment="Baik",
    )
    await make_responses(unit["id"], [{"U1": 2}], IN_Q1, status="rejected")
    await make_responses(unit["id"], [{"U1": 2}], IN_Q2)
    await make_responses(other["id"], [{"U1": 2}], IN_Q1)
    chunks = [chunk async for chunk in export_rows(await unit_by_code("A"), Q1, chunk=2)]
    assert [len(chunk) for chunk in chunks] == [2, 2, 1]
    first: ExportRow = chunks[0][0]
    assert first.unit_code == "A"
    assert first.answers == (4, None, 3, None, None, None, None, None, None)
    assert (first.service_point, first.staff_nip, first.service_type) == (
        "Loket 2",
        "198501012010011001",
        "KTP-el",
    )
    assert first.submitted_at == IN_Q1
