"""Shared set-up for the citizen submission tests: points, submissions, stored rows."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from surveys.citizen.submissions import Submission, find_survey_point
from surveys.store.tables import Officer, Response

JAKARTA = ZoneInfo("Asia/Jakarta")
TUESDAY_10 = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)  # 10:00 WIB
_keys = itertools.count(1)


async def point_of(token: str):
    found = await find_survey_point(token)
    assert found.status == "open"
    return found.point


def submission(point, at=TUESDAY_10, answers=None, key=None, device=None, **fields) -> Submission:
    n = next(_keys)
    return Submission(
        survey_id=fields.pop("survey_id"),
        point=point,
        answers=answers or {f"U{i}": (n + i) % 4 + 1 for i in range(1, 10)},
        submitted_at=at,
        local_time=at.astimezone(JAKARTA),
        dedupe_key=key or f"f:key{n}",
        device_hash=device if device is not None else f"device{n}",
        **fields,
    )


async def make_officer(unit_id: int, nip: str, name: str) -> int:
    officer = Officer(nip=nip, name=name, unit=unit_id)
    await officer.save()
    return officer.id


async def rows() -> list[dict]:
    return await Response.select().order_by(Response.id)
