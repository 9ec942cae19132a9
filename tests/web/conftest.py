"""Fixtures shared by the web tests of the citizen survey."""

import pytest

from app.citizen import pages as survey_pages
from tests.factories import make_service_point
from tests.web.survey_support import TUESDAY_10_WIB, Clock


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
