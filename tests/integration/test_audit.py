from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from surveys.store.audit import (
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
    await record_audit(None, "system", "create", "staff", 1, None, {"nip": "1"})
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
