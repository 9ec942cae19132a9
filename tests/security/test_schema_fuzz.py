"""Schemathesis against the OpenAPI schema at /schema: every documented operation, with
parameters generated from its schema (and beyond it), never answers with a server error.

A real `suara serve` answers, as a client on the network would see it. The suite draws a
few cases per operation; ``SUARA_FUZZ_EXAMPLES`` raises the count for a benchmark run.
"""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from tests.factories import make_responses, make_unit
from tests.live_server import running_server

EXAMPLES = int(os.environ.get("SUARA_FUZZ_EXAMPLES", "150"))


@pytest.fixture
async def server(db, tmp_path):
    from datetime import UTC, datetime

    unit = await make_unit("DISDUKCAPIL")
    answers = [dict.fromkeys([f"U{n}" for n in range(1, 10)], 3)]
    await make_responses(unit["id"], answers, datetime(2026, 3, 3, 3, tzinfo=UTC))
    with running_server(os.environ, tmp_path / "server.log") as (base, _):
        yield base


def _cases(operation, count: int) -> list:
    drawn: list = []

    @settings(
        max_examples=count, database=None, deadline=None, suppress_health_check=list(HealthCheck)
    )
    @given(operation.as_strategy())
    def collect(case):
        drawn.append(case)

    collect()
    return drawn


def test_no_documented_operation_answers_generated_parameters_with_a_server_error(server):
    schema = schemathesis.openapi.from_url(server + "/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 3
    failures, sent = [], 0
    for operation in operations:
        for case in _cases(operation, max(1, EXAMPLES // len(operations))):
            response = case.call(base_url=server, timeout=10)
            sent += 1
            if response.status_code >= 500:
                failures.append((operation.label, case.path_parameters, case.query))
    assert failures == []
    assert sent >= len(operations)
