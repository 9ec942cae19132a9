"""`suara export responses` writes the import's CSV format, and round-trips through it."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from surveys.method.periods import Period
from surveys.store.imports import import_csv
from surveys.store.scores import unit_totals
from tests.database import empty_all_tables
from tests.factories import check_case_answers, make_responses, make_unit
from tests.integration.test_cli_import import suara

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
MARCH = Period(AT.date().replace(day=1), AT.date().replace(day=31))


async def test_it_exports_one_unit_in_the_import_format(disdukcapil, rsud, tmp_path):
    await make_responses(disdukcapil["id"], check_case_answers(), AT, comment="Ramah, cepat")
    await make_responses(rsud["id"], [{"U1": 1, "U2": 1}], AT)  # another unit: not exported
    later = datetime(2026, 4, 10, 3, 0, tzinfo=UTC)
    await make_responses(disdukcapil["id"], [{"U1": 1}], later)  # another period: not exported
    target = tmp_path / "out.csv"
    code, output = await suara(
        "export",
        "responses",
        "--unit",
        "DISDUKCAPIL",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-31",
        "-o",
        target,
    )
    assert code == 0, output
    assert "29 responses exported" in output
    assert target.read_bytes().startswith(b"\xef\xbb\xbfunit_code,")  # for Excel
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8-sig"))))
    assert len(rows) == 29
    assert {row["unit_code"] for row in rows} == {"DISDUKCAPIL"}
    assert list(rows[0])[:11] == ["unit_code", "submitted_at", *(f"U{i}" for i in range(1, 10))]

    before = (await unit_totals(MARCH, disdukcapil["id"])).ikm().ikm
    await empty_all_tables()
    restored = await make_unit("DISDUKCAPIL")
    report = await import_csv("responses", target.read_bytes())
    assert (report.errors, report.created) == ((), 29)
    assert (await unit_totals(MARCH, restored["id"])).ikm().ikm == before


async def test_it_refuses_an_unknown_unit(db):
    code, output = await suara(
        "export", "responses", "--unit", "NOPE", "--from", "2026-03-01", "--to", "2026-03-31"
    )
    assert code == 2
    assert "Unknown unit" in output


async def test_it_refuses_a_reversed_period(db):
    code, output = await suara("export", "responses", "--from", "2026-03-31", "--to", "2026-03-01")
    assert code == 2
