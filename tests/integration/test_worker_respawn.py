"""`suara serve` starts a worker again when it dies: killing it does not stop the server."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import httpx

from tests.live_server import running_server


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "/healthz", timeout=1.0).status_code == 200
    except httpx.HTTPError:
        return False


def test_a_killed_worker_is_started_again_and_the_server_keeps_answering(migrated, tmp_path):
    with running_server(os.environ, tmp_path / "server.log") as (base, server):
        [worker] = _children(server.pid)
        os.kill(worker, signal.SIGKILL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            time.sleep(0.5)
            replacement = [pid for pid in _children(server.pid) if pid != worker]
            if replacement and _answers(base):
                break
        assert server.poll() is None
        assert replacement and _answers(base)
