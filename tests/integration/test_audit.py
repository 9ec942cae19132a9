import json
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from surveys.store.audit import (
    Someone,
    audited_delete,
    audited_update,
    changed_fields,
    jsonable,
    recent_audit_entries,
    record_audit,
)
from surveys.store.db import write_transaction
from surveys.store.tables import AuditEntry, Unit


def test_it_turns_dates_and_decimals_into_strings():
    value = {
        "day": date(2026, 1, 31),
        "at": datetime(2026, 1, 31, 8, 0, tzinfo=UTC),
        "ikm": Decimal("91.48"),
        "codes": ("U1", "U6"),
        "nested": {"n": 3, "ok": True, "none": None},
    }
    assert jsonable(value) == {
        "day": "2026-01-31",
        "at": "2026-01-31T08:00:00+00:00",
        "ikm": "91.48",
        "codes": ["U1", "U6"],
        "nested": {"n": 3, "ok": True, "none": None},
    }


def test_it_lists_only_the_fields_that_changed():
    assert changed_fields({"name": "A", "code": "X"}, {"name": "B", "code": "X"}) == [
        ("name", "A", "B")
    ]
    assert changed_fields(None, {"name": "B"}) == [("name", None, "B")]


async def test_it_stores_previous_and_current_values(db, admin):
    await record_audit(
        admin["id"],
        "admin",
        "update",
        "unit",
        7,
        {"name": "Lama", "period_start": date(2026, 1, 1)},
        {"name": "Baru", "period_start": date(2026, 4, 1)},
    )
    [entry] = await recent_audit_entries()
    assert entry["user"] == admin["id"]
    assert (entry["action"], entry["table_name"], entry["row_id"]) == ("update", "unit", 7)
    assert entry["previous"] == {"name": "Lama", "period_start": "2026-01-01"}
    assert entry["current"] == {"name": "Baru", "period_start": "2026-04-01"}
    assert entry["at"].tzinfo is not None


async def test_it_filters_entries_by_table_and_row(db):
    await record_audit(None, "system", "create", "unit", 1, None, {"code": "A"})
    await record_audit(None, "system", "create", "unit", 2, None, {"code": "B"})
    await record_audit(None, "system", "create", "officer", 1, None, {"nip": "1"})
    entries = await recent_audit_entries(table_name="unit", row_id=1)
    assert [e["current"] for e in entries] == [{"code": "A"}]


async def test_it_lists_the_newest_entry_first(db):
    for code in ("A", "B", "C"):
        await record_audit(None, "system", "create", "unit", None, None, {"code": code})
    entries = await recent_audit_entries(limit=2)
    assert [e["current"]["code"] for e in entries] == ["C", "B"]


async def test_an_entry_is_rolled_back_with_the_change_it_describes(db):
    engine = Unit._meta.db
    with pytest.raises(RuntimeError):
        async with write_transaction(engine):
            unit = Unit(code="GONE", name="Gone")
            await unit.save()
            await record_audit(None, "system", "create", "unit", unit.id, None, {"code": "GONE"})
            raise RuntimeError("the change fails after the entry was written")
    assert await AuditEntry.count() == 0
    assert await Unit.count() == 0


# --- audited_update and audited_delete ---

ACTOR = Someone(None, "system")


async def _two_units() -> tuple[int, int]:
    ids = []
    for code, name in (("A", "Alpha"), ("B", "Beta")):
        unit = Unit(code=code, name=name, minimum_responses=30)
        await unit.save()
        ids.append(unit.id)
    return ids[0], ids[1]


async def _units() -> dict[int, dict]:
    rows = await Unit.select(Unit.id, Unit.code, Unit.name, Unit.minimum_responses)
    return {row["id"]: row for row in rows}


async def test_an_audited_update_changes_that_row_only_and_records_both_sides(db, admin):
    first, second = await _two_units()
    async with write_transaction(Unit._meta.db):
        before = await audited_update(
            Unit,
            first,
            {"name": "Alfa", "minimum_responses": 50},
            actor=Someone(admin["id"], "admin"),
        )
    assert (before["code"], before["name"], before["minimum_responses"]) == ("A", "Alpha", 30)
    units = await _units()
    assert (units[first]["name"], units[first]["minimum_responses"]) == ("Alfa", 50)
    assert (units[second]["name"], units[second]["minimum_responses"]) == ("Beta", 30)
    [entry] = await recent_audit_entries()
    assert (entry["user"], entry["username"]) == (admin["id"], "admin")
    assert (entry["action"], entry["table_name"], entry["row_id"]) == ("update", "unit", first)
    assert entry["previous"] == {"name": "Alpha", "minimum_responses": 30}
    assert entry["current"] == {"name": "Alfa", "minimum_responses": 50}
    # Stored exactly as record_audit stores it, key order included.
    [raw] = await AuditEntry.select(AuditEntry.previous, AuditEntry.current)
    assert list(json.loads(raw["previous"])) == ["name", "minimum_responses"]
    assert list(json.loads(raw["current"])) == ["name", "minimum_responses"]


async def test_an_audited_update_of_a_missing_row_changes_and_records_nothing(db):
    first, second = await _two_units()
    with pytest.raises(LookupError):
        async with write_transaction(Unit._meta.db):
            await audited_update(Unit, second + 100, {"name": "Nobody"}, actor=ACTOR)
    assert {row["name"] for row in (await _units()).values()} == {"Alpha", "Beta"}
    assert await AuditEntry.count() == 0


async def test_an_audited_update_takes_the_callers_row_action_name_and_context(db):
    first, second = await _two_units()
    async with write_transaction(Unit._meta.db):
        await audited_update(
            Unit,
            second,
            {"name": "Bravo"},
            actor=ACTOR,
            action="revoke",
            table_name="unit_alias",
            before={"name": "As read under a lock"},
            context={"forum_session": 9},
        )
    units = await _units()
    assert (units[first]["name"], units[second]["name"]) == ("Alpha", "Bravo")
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"], entry["row_id"]) == (
        "revoke",
        "unit_alias",
        second,
    )
    assert entry["previous"] == {"forum_session": 9, "name": "As read under a lock"}
    assert entry["current"] == {"forum_session": 9, "name": "Bravo"}


async def test_an_audited_update_is_rolled_back_with_its_transaction(db):
    first, _second = await _two_units()
    with pytest.raises(RuntimeError):
        async with write_transaction(Unit._meta.db):
            await audited_update(Unit, first, {"name": "Alfa"}, actor=ACTOR)
            raise RuntimeError("a later step fails")
    assert (await _units())[first]["name"] == "Alpha"
    assert await AuditEntry.count() == 0


async def test_an_audited_delete_removes_that_row_only_and_records_it(db):
    first, second = await _two_units()
    async with write_transaction(Unit._meta.db):
        before = await audited_delete(Unit, first, actor=ACTOR, fields=("code", "name"))
    assert before["code"] == "A"
    assert list(await _units()) == [second]
    [entry] = await recent_audit_entries()
    assert (entry["action"], entry["table_name"], entry["row_id"]) == ("delete", "unit", first)
    assert entry["previous"] == {"code": "A", "name": "Alpha"}
    assert entry["current"] is None


async def test_an_audited_delete_records_the_whole_row_without_fields(db):
    first, second = await _two_units()
    async with write_transaction(Unit._meta.db):
        await audited_delete(Unit, second, actor=ACTOR)
    assert list(await _units()) == [first]
    [entry] = await recent_audit_entries()
    assert entry["previous"]["id"] == second
    assert (entry["previous"]["code"], entry["previous"]["active"]) == ("B", True)
    with pytest.raises(LookupError):
        async with write_transaction(Unit._meta.db):
            await audited_delete(Unit, second, actor=ACTOR)
    assert await AuditEntry.count() == 1
