"""Shared set-up for the citizen survey HTTP tests: a fixed clock, a counter, submitting."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from surveys.store.tables import Response

# A Tuesday, 10:00 in Jakarta: inside service hours, so nothing is flagged by the clock.
TUESDAY_10_WIB = datetime(2026, 3, 10, 3, 0, tzinfo=UTC)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment

    def advance(self, seconds: float) -> None:
        self.moment += timedelta(seconds=seconds)


def form_token(html: str) -> str:
    return re.search(r'name="form_token" value="([^"]+)"', html).group(1)


def answers(value: int = 4, **overrides) -> dict[str, str]:
    data = {f"U{i}": str(value) for i in range(1, 10)}
    data.update({k: str(v) for k, v in overrides.items()})
    return data


async def submit(client, token: str, data: dict[str, str], lang: str = "id"):
    page = await client.get(f"/s/{token}?lang={lang}")
    return await client.post(
        f"/s/{token}?lang={lang}",
        data={**data, "form_token": form_token(page.text)},
        follow_redirects=True,  # a submission redirects to its final page
    )


async def stored() -> list[dict]:
    return await Response.select().order_by(Response.id)
