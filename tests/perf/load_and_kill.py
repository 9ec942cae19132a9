"""Load the citizen survey, kill the server outright mid-way, start it again, and compare
what citizens were thanked for with what is stored.

64 connections (wrk, the survey cycle of bench_survey.py: GET the form, POST random answers)
for --duration seconds against `suara serve` on a fresh database; at --kill-at seconds the
whole server (granian and its worker) gets SIGKILL, and a new one starts on the same port
while wrk keeps going. A thank-you page is only sent once the answers are committed, so
every acknowledged submission must be stored; answers stored whose thank-you never arrived
(the connection died first) are counted apart. Usage:

    .venv/bin/python tests/perf/load_and_kill.py [--duration 60] [--kill-at 30]
        [--postgres postgresql://postgres@127.0.0.1:5432/suara_bench_kill]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import bench_survey
import httpx
from harness import ROOT, load_text

sys.path.insert(0, str(ROOT))
from tests.live_server import free_port  # noqa: E402


def _start(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    handle = open(log, "ab")  # noqa: SIM115 - the server keeps writing to it
    server = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: the kill takes granian and worker
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.1)
    sys.exit(f"the server did not start: see {log}")


def run(args: argparse.Namespace) -> None:
    tmp, env, tokens = bench_survey.seeded_environment(args.postgres, history=0)
    script = tmp / "cycle.lua"
    lua = bench_survey._LUA.replace("{TOKENS}", "{" + ", ".join(f'"{t}"' for t in tokens) + "}")
    script.write_text(lua.replace("{ANSWER}", "math.random(1, 4)"))
    port = free_port()
    log = tmp / "server.log"
    servers = [_start(env, port, log)]
    killed_at: list[float] = []

    def kill_and_restart() -> None:
        time.sleep(args.kill_at)
        os.killpg(servers[-1].pid, signal.SIGKILL)
        servers[-1].wait()
        killed_at.append(time.monotonic())
        servers.append(_start(env, port, log))
        killed_at.append(time.monotonic())

    killer = threading.Thread(target=kill_and_restart)
    killer.start()
    out = subprocess.run(
        ["wrk", "-t2", f"-c{args.connections}", f"-d{args.duration}s", "--timeout", "5s"]
        + ["-s", str(script), f"http://127.0.0.1:{port}/"],
        capture_output=True,
        text=True,
        timeout=args.duration + 60,
    ).stdout
    killer.join()
    servers[-1].send_signal(signal.SIGTERM)  # drains the queued answers
    servers[-1].wait(timeout=60)
    result = json.loads(next(ln for ln in out.splitlines() if ln.startswith("RESULT "))[7:])
    counts = bench_survey._inside(env, "count")
    engine = "PostgreSQL" if args.postgres else "SQLite (WAL)"
    down = killed_at[1] - killed_at[0] if len(killed_at) == 2 else float("nan")
    stored, thanked = counts["rows"], result["thanks"]
    print(
        f"engine: {engine}; {args.connections} connections for {args.duration} s; SIGKILL at "
        f"{args.kill_at} s, serving again {down:.1f} s later; {load_text()}"
    )
    print(
        f"requests {result['requests']}, errors {result['errors']}; thank-you pages {thanked}; "
        f"stored {stored} (distinct dedupe keys {counts['distinct_keys']}); "
        f"lost {max(0, thanked - stored)}; stored without a thank-you {max(0, stored - thanked)}"
    )
    if thanked > stored or stored != counts["distinct_keys"]:
        sys.exit("FAILED: an acknowledged submission is missing or stored twice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=60)
    parser.add_argument("--kill-at", type=float, default=30.0)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database is recreated")
    run(parser.parse_args())


if __name__ == "__main__":
    main()
