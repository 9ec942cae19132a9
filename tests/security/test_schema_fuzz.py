"""Schemathesis against the OpenAPI schema at /schema: every documented operation, with
parameters generated from its schema and made hostile (``tests/security/hostile.py``:
control characters, odd Unicode digits), never answers with a server error, and a path or
query string holding a control character is refused with 400 at the edge.

The first test proves the generator can find what it is there for: with the edge cleaning
switched off, the same cases do reach a server error (PostgreSQL refuses a NUL) or a
handler that accepted a control character; with it on, none does. The last one sends the
cases to a real `suara serve`, as a client on the network would. The suite draws a few
cases per operation; ``SUARA_FUZZ_EXAMPLES`` raises the count for a benchmark run.
"""

from __future__ import annotations

import os

import httpx
import pytest
import schemathesis

from tests.conftest import ENGINE_NAME
from tests.factories import csrf_token, login, make_responses, make_unit, make_user
from tests.live_server import running_server
from tests.security.hostile import carries_control_characters, hostile_cases, request_of

EXAMPLES = int(os.environ.get("SUARA_FUZZ_EXAMPLES", "150"))
# Requests that would end the signed-in session the rest of the run needs.
SKIPPED_PATHS = {"/logout"}


def _operations(schema_json: dict) -> list:
    schema = schemathesis.openapi.from_dict(schema_json)
    operations = [result.ok() for result in schema.get_all_operations()]
    return [op for op in operations if op.path not in SKIPPED_PATHS]


def _with_string_parameters(operations: list) -> list:
    def strings(op) -> bool:
        params = [*op.path_parameters, *op.query]
        return any((p.definition.get("schema") or {}).get("type") != "integer" for p in params)

    return [op for op in operations if strings(op)]


async def _send_all(client: httpx.AsyncClient, cases: list, token: str) -> dict[str, list]:
    """Each case once; the server errors, and the control characters that got past the edge."""
    found: dict[str, list] = {"5xx": [], "control_accepted": []}
    for case in cases:
        method, path, query = request_of(case)
        response = await client.request(
            method, path, params=query, headers={"x-csrftoken": token}, timeout=30
        )
        if response.status_code >= 500:
            found["5xx"].append((method, path, query, response.status_code))
        if carries_control_characters(case) and response.status_code != 400:
            found["control_accepted"].append((method, path, query, response.status_code))
    return found


async def _signed_in_admin(client: httpx.AsyncClient) -> str:
    await login(client, await make_user("fuzz-admin", "admin"))
    return await csrf_token(client)


async def test_the_fuzzer_finds_what_the_edge_cleaning_prevents_and_nothing_with_it_on(
    app, client, monkeypatch
):
    from datetime import UTC, datetime

    import app.edge as edge

    unit = await make_unit("DISDUKCAPIL")
    answers = [dict.fromkeys([f"U{n}" for n in range(1, 10)], 3)]
    await make_responses(unit["id"], answers, datetime(2026, 3, 3, 3, tzinfo=UTC))
    token = await _signed_in_admin(client)
    operations = _with_string_parameters(
        _operations((await client.get("/schema/openapi.json")).json())
    )
    assert len(operations) >= 10
    cases = [case for op in operations for case in hostile_cases(op, 6)]
    assert sum(carries_control_characters(case) for case in cases) >= len(operations)

    with monkeypatch.context() as off:
        off.setattr(edge, "has_control_characters", lambda text: False)
        off.setattr(edge, "query_has_control_characters", lambda query: False)
        without_cleaning = await _send_all(client, cases, token)
    with_cleaning = await _send_all(client, cases, token)
    print(
        f"{len(cases)} hostile cases over {len(operations)} operations; cleaning off:"
        f" {len(without_cleaning['5xx'])} server errors,"
        f" {len(without_cleaning['control_accepted'])} control characters let through"
    )

    assert without_cleaning["control_accepted"], "the cases never got a control character past"
    if ENGINE_NAME == "postgres":
        # PostgreSQL refuses a NUL in text: without the edge, a server error.
        assert without_cleaning["5xx"], "with the cleaning off, a NUL should reach PostgreSQL"
    assert with_cleaning == {"5xx": [], "control_accepted": []}


@pytest.fixture
async def server(db, tmp_path):
    from datetime import UTC, datetime

    unit = await make_unit("DISDUKCAPIL")
    answers = [dict.fromkeys([f"U{n}" for n in range(1, 10)], 3)]
    await make_responses(unit["id"], answers, datetime(2026, 3, 3, 3, tzinfo=UTC))
    await make_user("fuzz-admin", "admin")
    with running_server(os.environ, tmp_path / "server.log") as (base, _):
        yield base


def test_no_documented_operation_answers_hostile_parameters_with_a_server_error(server):
    import asyncio

    async def run() -> tuple[int, dict[str, list]]:
        async with (
            httpx.AsyncClient(base_url=server) as anonymous,
            httpx.AsyncClient(base_url=server) as admin,
        ):
            # Signed in first: the fuzzed login posts of the anonymous pass use up the
            # address's login attempts.
            token = await _signed_in_admin_of_server(admin)
            schema = (await anonymous.get("/schema/openapi.json")).json()
            operations = _operations(schema)
            assert len(operations) >= 3
            per_operation = max(1, EXAMPLES // len(operations))
            cases = [case for op in operations for case in hostile_cases(op, per_operation)]
            # Anonymous (the guards answer), then as an administrator (the handlers do).
            found = await _send_all(anonymous, cases, await csrf_token(anonymous))
            signed_in = await _send_all(admin, cases, token)
        return 2 * len(cases), {k: found[k] + signed_in[k] for k in found}

    sent, found = asyncio.run(run())
    print(f"schemathesis: {sent} cases, {len(found['5xx'])} server errors")
    assert found == {"5xx": [], "control_accepted": []}
    assert sent >= 3


async def _signed_in_admin_of_server(client: httpx.AsyncClient) -> str:
    from tests.factories import PASSWORD

    await login(client, {"username": "fuzz-admin", "password": PASSWORD})
    return await csrf_token(client)
