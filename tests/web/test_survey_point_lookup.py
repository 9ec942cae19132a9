"""Many requests for one QR code share one lookup of its service point, and a phone that
drops its connection while waiting does not take the others down with it."""

from __future__ import annotations

import asyncio

import pytest

from app.citizen import pages
from surveys.citizen.survey_point import PointLookup


@pytest.fixture
def slow_lookup(monkeypatch: pytest.MonkeyPatch):
    """find_survey_point held until the test lets it answer; counts its calls."""
    release = asyncio.Event()
    calls: list[str] = []

    async def held(token: str) -> PointLookup:
        calls.append(token)
        await release.wait()
        return PointLookup("unknown")

    monkeypatch.setattr(pages, "find_survey_point", held)
    pages.clear_caches()
    yield release, calls
    pages.clear_caches()


async def test_a_cancelled_first_request_leaves_the_others_their_answer(slow_lookup) -> None:
    release, calls = slow_lookup
    first = asyncio.create_task(pages.lookup_point("tok-shared"))
    await asyncio.sleep(0)
    second = asyncio.create_task(pages.lookup_point("tok-shared"))
    await asyncio.sleep(0)
    first.cancel()
    await asyncio.sleep(0)
    release.set()
    assert (await second).status == "unknown"
    assert first.cancelled()
    assert calls == ["tok-shared"]


async def test_concurrent_requests_for_one_token_make_one_query(slow_lookup) -> None:
    release, calls = slow_lookup
    waiting = [asyncio.create_task(pages.lookup_point("tok-many")) for _ in range(20)]
    await asyncio.sleep(0)
    release.set()
    results = await asyncio.gather(*waiting)
    assert {r.status for r in results} == {"unknown"}
    assert calls == ["tok-many"]
    assert "tok-many" not in pages._lookups


async def test_a_failed_lookup_is_not_kept_and_the_next_request_tries_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    attempts = 0

    async def flaky(token: str) -> PointLookup:
        nonlocal attempts
        attempts += 1
        if attempts == 1:
            raise ConnectionError("database restarting")
        return PointLookup("unknown")

    monkeypatch.setattr(pages, "find_survey_point", flaky)
    pages.clear_caches()
    with pytest.raises(ConnectionError):
        await pages.lookup_point("tok-flaky")
    assert (await pages.lookup_point("tok-flaky")).status == "unknown"
    assert attempts == 2
    pages.clear_caches()
