import zipfile
from datetime import UTC, datetime

import pytest

from surveys.method.periods import Period
from surveys.store.accounts import authenticate
from surveys.store.backup import BackupError, restore_backup, write_backup
from surveys.store.scores import unit_totals
from surveys.store.tables import Officer, Response, Unit
from tests.database import empty_all_tables
from tests.factories import (
    PASSWORD,
    check_case_answers,
    make_officer,
    make_responses,
    make_unit,
    make_user,
)

AT = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)
MARCH = Period(AT.date().replace(day=1), AT.date().replace(day=31))


async def test_a_backup_restores_every_row_and_the_same_ikm(db, tmp_path):
    parent = await make_unit("PEMKOT", "Pemerintah Kota")
    unit = await make_unit("DISDUKCAPIL", "Disdukcapil", parent=parent["id"])
    await make_user("kadis", "manager", ["DISDUKCAPIL"])
    await make_responses(unit["id"], check_case_answers(), AT, comment="Antrean panjang")
    before = (await unit_totals(MARCH, unit["id"])).ikm().ikm
    path = tmp_path / "suara.zip"
    counts = await write_backup(path)
    assert counts["response"] == 29

    await empty_all_tables()
    restored = await restore_backup(path)

    assert restored == counts
    assert await Response.count() == 29
    assert (await unit_totals(MARCH, unit["id"])).ikm().ikm == before
    assert str((await unit_totals(MARCH, unit["id"])).ikm().ikm) == "91.48"
    assert (await Unit.select(Unit.parent).where(Unit.code == "DISDUKCAPIL").first())[
        "parent"
    ] == parent["id"]
    assert await authenticate("kadis", PASSWORD) is not None
    # New rows get fresh ids after a restore (PostgreSQL sequences are moved past the data).
    extra = await make_unit("BARU")
    assert extra["id"] > unit["id"]


async def test_it_refuses_to_restore_over_existing_data(db, tmp_path):
    await make_unit("X")
    path = tmp_path / "b.zip"
    await write_backup(path)
    with pytest.raises(BackupError, match="not empty"):
        await restore_backup(path)


async def test_it_refuses_a_file_that_is_not_a_backup(db, tmp_path):
    import zipfile

    path = tmp_path / "other.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(BackupError, match="manifest"):
        await restore_backup(path)


async def test_a_backup_from_before_the_officer_rename_restores_its_officers(db, tmp_path):
    unit = await make_unit("RSUD", "RSUD Kota")
    nurse = await make_officer(unit["id"], "198502022010012002", "Sari")
    await make_responses(unit["id"], check_case_answers()[:3], AT, officer=nurse["id"])
    path = tmp_path / "current.zip"
    await write_backup(path)
    old = tmp_path / "old.zip"
    with zipfile.ZipFile(path) as current, zipfile.ZipFile(old, "w") as former:
        for name in current.namelist():
            text = current.read(name).decode()
            if name == "officer.jsonl":
                name = "staff.jsonl"
            text = text.replace('"officer":', '"staff":')  # the former column name
            former.writestr(name, text)

    await empty_all_tables()
    await restore_backup(old)

    assert await Officer.count().where(Officer.nip == "198502022010012002") == 1
    assert await Response.count().where(Response.officer == nurse["id"]) == 3


async def test_a_comment_holding_a_nul_restores_without_it_and_the_restore_says_so(db, tmp_path):
    """SQLite stores a NUL that PostgreSQL refuses: the restore repairs it on both."""
    import json
    import zipfile

    unit = await make_unit("DISDUKCAPIL")
    await make_responses(unit["id"], check_case_answers()[:1], AT, comment="Antre lama")
    path = tmp_path / "suara.zip"
    await write_backup(path)
    patched = tmp_path / "with-nul.zip"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "response.jsonl":
                row = json.loads(data)
                row["comment"] = "Antre\x00 lama"
                data = json.dumps(row).encode() + b"\n"
            target.writestr(name, data)

    await empty_all_tables()
    repairs: dict[str, int] = {}
    counts = await restore_backup(patched, repairs=repairs)

    assert counts["response"] == 1
    assert repairs == {"response.comment": 1}
    assert await Response.select(Response.comment).output(as_list=True) == ["Antre lama"]


async def test_a_backup_taken_while_citizens_submit_restores_with_aggregates_that_agree(
    db, tmp_path, monkeypatch
):
    import asyncio

    from piccolo.query.functions.aggregate import Sum

    from surveys.store import backup
    from surveys.store.aggregate_tables import ScoreDaily, UnitScoreDaily, UnitScoreMonthly

    unit = await make_unit("DISDUKCAPIL")
    await make_responses(unit["id"], check_case_answers(), AT)
    monkeypatch.setattr(backup, "CHUNK", 5)  # many small reads, so writes land between them
    writing = True

    async def citizens_keep_submitting():
        while writing:
            await make_responses(unit["id"], check_case_answers()[:3], AT)
            await asyncio.sleep(0)

    submissions = asyncio.create_task(citizens_keep_submitting())
    path = tmp_path / "during.zip"
    await asyncio.sleep(0.05)
    await write_backup(path)
    writing = False
    await submissions

    await empty_all_tables()
    counts = await restore_backup(path)

    rows = await Response.count()
    assert rows == counts["response"] > 29
    for table in (ScoreDaily, UnitScoreDaily, UnitScoreMonthly):
        total = await table.select(Sum(table.n).as_alias("n")).first()
        assert (table._meta.tablename, total["n"]) == (table._meta.tablename, rows)
