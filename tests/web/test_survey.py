"""The citizen survey through HTTP: the form, submissions, limits and friendly pages."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest

from app import survey_pages
from surveys.tables import Response
from tests.factories import make_service_point

# A Tuesday, 10:00 in Jakarta: inside service hours, so nothing is flagged by the clock.
TUESDAY_10_WIB = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch):
    clock = Clock(TUESDAY_10_WIB)
    monkeypatch.setattr(survey_pages, "now", clock)
    survey_pages.clear_caches()
    yield clock
    survey_pages.clear_caches()


@pytest.fixture
async def counter(disdukcapil, clock):
    return await make_service_point(disdukcapil["id"], "Loket 1")


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def answers(value: int = 4, **overrides) -> dict[str, str]:
    data = {f"U{i}": str(value) for i in range(1, 10)}
    data.update({k: str(v) for k, v in overrides.items()})
    return data


async def submit(client, token: str, data: dict[str, str], lang: str = "id"):
    page = await client.get(f"/s/{token}?lang={lang}")
    return await client.post(f"/s/{token}?lang={lang}", data={**data, "form_token": form_token(page.text)})


async def stored() -> list[dict]:
    return await Response.select().order_by(Response.id)


async def test_it_shows_the_nine_elements_with_four_choices_each(client, counter):
    page = await client.get(f"/s/{counter['token']}")
    assert page.status_code == 200
    for i in range(1, 10):
        assert len(re.findall(rf'name="U{i}" value="[1-4]"', page.text)) == 4
    assert page.text.count("<fieldset") >= 9
    assert "Dinas Kependudukan dan Pencatatan Sipil" in page.text and "Loket 1" in page.text


async def test_a_submission_is_stored_once_and_thanked(client, counter):
    response = await submit(client, counter["token"], answers(3, comment="Cepat sekali"))
    assert response.status_code == 200, response.text
    assert 'data-testid="thanks"' in response.text
    rows = await stored()
    assert len(rows) == 1
    assert rows[0]["u1"] == 3 and rows[0]["comment"] == "Cepat sekali"
    assert rows[0]["channel"] == "qr" and rows[0]["status"] == "valid"
