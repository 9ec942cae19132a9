"""`make run` on a fresh clone: migrate, seed the demo, serve, and a citizen's answer is stored.

The seed writes in granian's parent process before it forks the worker that serves the
citizen; a writer thread inherited over the fork once left every answer waiting forever.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.conftest import ENGINE_NAME

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(
    ENGINE_NAME != "sqlite", reason="make run serves SQLite; the suite's SQLite run covers it"
)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_first_run_seeds_the_demo_and_stores_a_citizens_answer(tmp_path):
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    database = tmp_path / "suara.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "SUARA_VAR_DIR": str(tmp_path)}
    env.pop("REDIS_URL", None)
    log = open(tmp_path / "server.log", "wb")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--migrate", "--seed-demo-once"]
        + ["--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_healthy(base, server, timeout=90)
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
            thanks = phone.post(f"/s/{token}", data={**answers, "form_token": signed})
        assert 'data-testid="thanks"' in thanks.text
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    stored = sqlite3.connect(database).execute(
        "SELECT COUNT(*) FROM response WHERE dedupe_key = ?", ["f:" + signed.split(".")[2]]
    )
    assert stored.fetchone()[0] == 1


def _wait_until_healthy(base: str, server: subprocess.Popen, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert server.poll() is None, "the server exited"
        try:
            if httpx.get(base + "/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("the server did not answer /healthz in time")
