"""Hypothesis over the public and officer forms: whatever text arrives in whichever fields,
no request gets a server error.

The suite draws a few hundred cases; ``SUARA_FUZZ_EXAMPLES=10000`` makes the benchmark run
(see docs/performance.md). Hypothesis draws the cases; the app, being async, is then asked
them one by one and every 5xx is reported with its input.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import csrf_token, login
from tests.security.routes import endpoints, field_names
from tests.web.survey_support import form_token

EXAMPLES = int(os.environ.get("SUARA_FUZZ_EXAMPLES", "150"))

# Any character a client can send (surrogates cannot be encoded), control characters and odd
# digits included, and the shapes of values the forms expect.
_TEXT = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    st.sampled_from(["", "1", "4", "0", "-1", "2026-03-03", "9999-12-31", "0001-01-01"]),
    st.integers().map(str),
    st.from_regex(r"[0-9²³¹፩١２]{1,30}", fullmatch=True),
)


def _draw(strategy, count: int) -> list:
    """``count`` cases drawn by Hypothesis (examples collected, then sent by the async test)."""
    drawn: list = []

    @settings(
        max_examples=count,
        database=None,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def collect(case):
        drawn.append(case)

    collect()
    return drawn


async def test_the_citizen_survey_never_answers_a_fuzzed_form_with_a_server_error(client, counter):
    fields = [f"U{i}" for i in range(1, 10)] + [
        "age",
        "gender",
        "education",
        "occupation",
        "service_type",
        "comment",
        "website",
    ]
    cases = _draw(st.dictionaries(st.sampled_from(fields), _TEXT), EXAMPLES)
    page = await client.get(f"/s/{counter['token']}")
    token = form_token(page.text)
    failures = []
    for case in cases:
        client.cookies.clear()
        response = await client.post(f"/s/{counter['token']}", data=case | {"form_token": token})
        if response.status_code >= 500:
            failures.append(case)
    assert failures == []


async def test_the_login_form_never_answers_fuzzed_text_with_a_server_error(client, admin):
    cases = _draw(st.fixed_dictionaries({"username": _TEXT, "password": _TEXT}), EXAMPLES // 3)
    token = await csrf_token(client)
    failures = []
    for case in cases:
        response = await client.post("/login", data=case | {"_csrf_token": token})
        if response.status_code >= 500:
            failures.append(case)
    assert failures == []


async def test_no_officer_form_answers_fuzzed_fields_with_a_server_error(app, client, city, admin):
    await login(client, admin)
    token = await csrf_token(client)
    posts = [e for e in endpoints(app) if e.method == "POST" and e.name != "logout"]
    names = field_names()
    cases = _draw(
        st.tuples(st.integers(0, len(posts) - 1), st.dictionaries(st.sampled_from(names), _TEXT)),
        EXAMPLES,
    )
    failures = []
    for index, case in cases:
        endpoint = posts[index]
        response = await client.post(endpoint.fill(city), data=case | {"_csrf_token": token})
        if response.status_code >= 500:
            failures.append((endpoint.path, case))
    assert failures == []
