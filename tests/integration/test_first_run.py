"""`make run` on a fresh clone: migrate, seed the demo, serve, and a citizen's answer is stored.

The seed writes in granian's parent process before it forks the worker that serves the
citizen; a writer thread inherited over the fork once left every answer waiting forever.
"""

from __future__ import annotations

import os
import re
import sqlite3

import httpx
import pytest

from tests.conftest import ENGINE_NAME
from tests.live_server import running_server

pytestmark = pytest.mark.skipif(
    ENGINE_NAME != "sqlite", reason="make run serves SQLite; the suite's SQLite run covers it"
)


def test_the_first_run_seeds_the_demo_and_stores_a_citizens_answer(tmp_path):
    database = tmp_path / "suara.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SUARA_VAR_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    first_run = ["--migrate", "--seed-demo-once"]
    with running_server(env, tmp_path / "server.log", first_run, timeout=90) as (base, _):
        token = (
            sqlite3.connect(database)
            .execute(
                "SELECT token FROM service_point WHERE kind = 'counter' AND active ORDER BY id"
            )
            .fetchone()[0]
        )
        with httpx.Client(base_url=base, timeout=10) as phone:
            form = phone.get(f"/s/{token}")
            signed = re.search(r'name="form_token" value="([^"]+)"', form.text).group(1)
            answers = {f"U{i}": "4" for i in range(1, 10)}
            # Post/redirect/get: the answer is stored, then the thanks page is fetched.
            sent = phone.post(f"/s/{token}", data={**answers, "form_token": signed})
            assert sent.status_code == 303
            thanks = phone.get(sent.headers["location"])
        assert 'data-testid="thanks"' in thanks.text
    stored = sqlite3.connect(database).execute(
        "SELECT COUNT(*) FROM response WHERE dedupe_key = ?", ["f:" + signed.split(".")[2]]
    )
    assert stored.fetchone()[0] == 1
