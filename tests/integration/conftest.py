"""Fixtures shared by the integration tests of citizen submissions."""

import pytest

from surveys.store.survey_versions import ensure_default_survey
from tests.factories import make_service_point
from tests.integration.submission_support import point_of


@pytest.fixture
async def survey_id(db):
    return await ensure_default_survey()


@pytest.fixture
async def counter(disdukcapil):
    return await point_of((await make_service_point(disdukcapil["id"], "Loket 1"))["token"])


@pytest.fixture
async def other_counter(rsud):
    return await point_of((await make_service_point(rsud["id"], "Pendaftaran"))["token"])
