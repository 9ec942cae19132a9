"""Benchmark the citizen survey cycle against a bare Litestar endpoint on the same server.

Starts the real server (granian, `suara serve`) on a fresh temporary SQLite database (or,
with --postgres URL, on a PostgreSQL database that it recreates), seeds a unit with a few
service points and --history responses over the 90 days before (a deployment that has been
running, its PostgreSQL statistics current), then loads 127.0.0.1 only, for a bounded time,
with wrk (Debian's `wrk`):

  (a) GET /bench/bare, a route that exists only with SUARA_BENCH_BARE=1, and
  (b) the citizen cycle: GET the form -> POST nine answers with its token -> thank-you,
      each cycle as a new phone (its own device cookie) with random answers.

It prints req/s, p50/p99 latency, the ratio (b)/(a), and checks that every acknowledged
submission (a thank-you page received) is stored. Usage:

    .venv/bin/python tests/perf/bench_survey.py [--duration 20] [--connections 64]
        [--workers 1] [--history 100000] [--identical]
        [--postgres postgresql://postgres@127.0.0.1:5432/suara_bench]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from harness import ROOT, load_text, recreate_postgres, serve, tree_cpu_seconds

POINTS = 4
HISTORY_DAYS = 90

_LUA = r"""
local tokens = {TOKENS}
local pending = {}
local counter = 0
thanks, already, forms, other = 0, 0, 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 100000)
end

function request()
  local item = table.remove(pending)
  if item then
    local body = {"form_token=" .. item.token}
    for i = 1, 9 do body[#body + 1] = "U" .. i .. "=" .. {ANSWER} end
    local headers = {["Content-Type"] = "application/x-www-form-urlencoded"}
    if item.cookie then headers["Cookie"] = item.cookie end
    return wrk.format("POST", item.path, headers, table.concat(body, "&"))
  end
  counter = counter + 1
  return wrk.format("GET", "/s/" .. tokens[counter % #tokens + 1] .. "?lang=id")
end

function response(status, headers, body)
  local token = body:match('name="form_token" value="([^"]+)"')
  if token then
    forms = forms + 1
    local cookie = headers["set-cookie"] or headers["Set-Cookie"]
    if cookie then cookie = cookie:match("^([^;]+)") end
    table.insert(pending, {path = body:match('action="([^"]+)"'), token = token, cookie = cookie})
  elseif status == 303 then
    -- A stored answer is acknowledged by the redirect to its final page (post/redirect/get).
    local target = headers["location"] or headers["Location"] or ""
    if target:find("/terima-kasih", 1, true) then
      thanks = thanks + 1
    elseif target:find("/sudah-dijawab", 1, true) then
      already = already + 1
    else
      other = other + 1
    end
  else
    other = other + 1
  end
end

function done(summary, latency, requests)
  local t = {thanks = 0, already = 0, forms = 0, other = 0}
  for _, thread in ipairs(threads) do
    for name, _ in pairs(t) do t[name] = t[name] + thread:get(name) end
  end
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, ' ..
    '"errors": %d, "thanks": %d, "already": %d, "forms": %d, "other": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout,
    t.thanks, t.already, t.forms, t.other))
end
"""

_BARE_LUA = r"""
function done(summary, latency, requests)
  io.write(string.format(
    'RESULT {"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p99_ms": %.2f, "errors": %d}\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.status + summary.errors.timeout))
end
"""


# --- run inside the database environment (subprocesses of this script) ---------------------


async def _seed(history: int) -> list[str]:
    from piccolo.engine import engine_finder

    from surveys.store.db import is_sqlite, prepare_engine
    from surveys.store.survey_versions import ensure_default_survey
    from surveys.store.tables import Response, ServicePoint, ServiceType, Unit

    engine = engine_finder()
    await prepare_engine(engine)
    unit = Unit(code="BENCH", name="Dinas Kependudukan dan Pencatatan Sipil")
    await unit.save()
    await ServiceType(unit=unit.id, name="KTP-el").save()
    survey = await ensure_default_survey()
    tokens, point_ids = [], []
    for i in range(POINTS):
        point = ServicePoint(unit=unit.id, name=f"Loket {i + 1}", token=f"bench-point-{i}")
        await point.save()
        tokens.append(point.token)
        point_ids.append(point.id)
    await _store_history(history, survey, unit.id, point_ids)
    if not is_sqlite(engine):
        # What autovacuum keeps current in a running deployment; without it the planner
        # takes the fresh table for empty and scans a whole day to count one device.
        await Response.raw("ANALYZE")
    return tokens


async def _store_history(rows: int, survey: int, unit: int, points: list[int]) -> None:
    """Earlier days' responses, as a deployment that has been running has them."""
    import random
    from datetime import UTC, datetime, timedelta

    from surveys.method.periods import local_day
    from surveys.store.responses import store_responses

    rng = random.Random(7)
    start = datetime.now(UTC) - timedelta(days=HISTORY_DAYS)
    batch = []
    for i in range(rows):
        at = start + timedelta(seconds=i * HISTORY_DAYS * 86400 // max(1, rows))
        batch.append(
            {
                "survey": survey,
                "unit": unit,
                "service_point": points[i % len(points)],
                "channel": "qr",
                "submitted_at": at,
                "local_day": local_day(at),
                **{f"u{e}": rng.randint(1, 4) for e in range(1, 10)},
                "dedupe_key": f"history-{i}",
                "device_hash": f"{rng.getrandbits(64):016x}",
            }
        )
        if len(batch) == 10_000:
            await store_responses(batch)
            batch = []
    if batch:
        await store_responses(batch)


async def _count() -> dict[str, int]:
    from surveys.store.tables import Response

    return {
        "rows": await Response.count(),
        "distinct_keys": len({r["dedupe_key"] for r in await Response.select(Response.dedupe_key)}),
    }


# --- the benchmark --------------------------------------------------------------------------


def _inside(env: dict[str, str], what: str, *extra: str) -> dict | list:
    out = subprocess.run(
        [sys.executable, __file__, f"--{what}-only", *extra],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _wrk(
    url: str, script: Path, duration: int, connections: int, threads: int, server: int
) -> dict:
    cpu_before = tree_cpu_seconds(server)
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "5s",
            "-s",
            str(script),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=duration + 30,
    ).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    result = json.loads(line[len("RESULT ") :])
    result["rate"] = result["requests"] / result["seconds"]
    # The machine is shared: server CPU per request is steadier than req/s under load.
    result["cpu_ms"] = (tree_cpu_seconds(server) - cpu_before) * 1000 / max(1, result["requests"])
    return result


def seeded_environment(postgres: str | None, history: int) -> tuple[Path, dict[str, str], list]:
    """A temporary folder, the server's environment on a fresh migrated database (SQLite
    there, or ``postgres`` recreated) and the seeded service points' tokens."""
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")
    tmp = Path(tempfile.mkdtemp(prefix="suara-bench-"))
    database = postgres or f"sqlite:///{tmp / 'bench.sqlite3'}"
    if postgres:
        recreate_postgres(postgres)
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SUARA_VAR_DIR": str(tmp / "var"),
        "SECRET_KEY": "bench-secret-key-that-is-long-enough-0123456789",
        "SUARA_BENCH_BARE": "1",
        "SUARA_SURVEY_ADDRESS_LIMIT": "0",  # every request comes from 127.0.0.1
    }
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return tmp, env, _inside(env, "seed", "--history", str(history))


def bench(args: argparse.Namespace) -> None:
    tmp, env, tokens = seeded_environment(args.postgres, args.history)
    # on leaving, SIGTERM: the lifespan drains the batching writer before the count
    with serve(env, args.workers, tmp / "server.log") as (base, server):
        bare_lua = tmp / "bare.lua"
        bare_lua.write_text(_BARE_LUA)
        cycle_lua = tmp / "cycle.lua"
        with_tokens = _LUA.replace("{TOKENS}", "{" + ", ".join(f'"{t}"' for t in tokens) + "}")
        cycle_lua.write_text(with_tokens.replace("{ANSWER}", "math.random(1, 4)"))
        load = (args.connections, args.threads, server)
        _wrk(base + "/bench/bare", bare_lua, 2, *load)  # warm up
        bare = _wrk(base + "/bench/bare", bare_lua, args.duration, *load)
        cycle = _wrk(base + "/", cycle_lua, args.duration, *load)
        identical = None
        if args.identical:
            # Every POST the same nine answers (what the burst rule looks for), right after
            # the random run on the same server and database.
            identical_lua = tmp / "identical.lua"
            identical_lua.write_text(with_tokens.replace("{ANSWER}", "4"))
            identical = _wrk(base + "/", identical_lua, args.duration, *load)
    counts = _inside(env, "count")
    engine = "PostgreSQL" if args.postgres else "SQLite (WAL)"
    print(
        f"engine: {engine}; granian workers: {args.workers}; connections: {args.connections}; "
        f"{args.duration} s per run; wrk threads: {args.threads}"
    )
    print(
        f"bare endpoint:  {bare['rate']:8.0f} req/s  p50 {bare['p50_ms']:.2f} ms  "
        f"p99 {bare['p99_ms']:.2f} ms  errors {bare['errors']}"
    )
    print(
        f"survey cycle:   {cycle['rate']:8.0f} req/s  p50 {cycle['p50_ms']:.2f} ms  "
        f"p99 {cycle['p99_ms']:.2f} ms  errors {cycle['errors']}  "
        f"({cycle['rate'] / bare['rate']:.0%} of bare)"
    )
    print(
        f"server CPU per request: bare {bare['cpu_ms']:.3f} ms, survey cycle "
        f"{cycle['cpu_ms']:.3f} ms (the cycle gets {bare['cpu_ms'] / cycle['cpu_ms']:.0%} of "
        f"bare's requests per CPU second); {load_text()}"
    )
    print(
        f"  forms served {cycle['forms']}, thank-you pages {cycle['thanks']}, "
        f"already-answered {cycle['already']}, other {cycle['other']}"
    )
    acknowledged = cycle["thanks"]
    if identical is not None:
        print(
            f"identical answers: {identical['rate']:8.0f} req/s  p50 {identical['p50_ms']:.2f} ms"
            f"  p99 {identical['p99_ms']:.2f} ms  errors {identical['errors']}  "
            f"({identical['rate'] / cycle['rate']:.0%} of the random-answer cycle); "
            f"thank-you pages {identical['thanks']}"
        )
        acknowledged += identical["thanks"]
    in_flight = counts["rows"] - args.history - acknowledged
    print(
        f"  stored rows {counts['rows'] - args.history} besides the {args.history} of history "
        f"(distinct dedupe keys {counts['distinct_keys'] - args.history}); "
        f"acknowledged {acknowledged}; lost {max(0, -in_flight)}; "
        f"stored but unacknowledged when the clock stopped {max(0, in_flight)}"
    )
    if in_flight < 0 or counts["rows"] != counts["distinct_keys"]:
        sys.exit("FAILED: an acknowledged submission is missing or stored twice")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=20, help="seconds per run (max 60)")
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--workers", type=int, default=1, help="granian workers")
    parser.add_argument("--postgres", help="a PostgreSQL URL whose database is recreated")
    parser.add_argument(
        "--history",
        type=int,
        default=100_000,
        help=f"responses stored over the {HISTORY_DAYS} days before the run",
    )
    parser.add_argument(
        "--identical",
        action="store_true",
        help="then run the cycle again with the same nine answers in every POST",
    )
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--count-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only or args.count_only:
        sys.path.insert(0, str(ROOT))
        work = _seed(args.history) if args.seed_only else _count()
        print(json.dumps(asyncio.run(work)))
        return
    args.duration = max(1, min(args.duration, 60))
    bench(args)


if __name__ == "__main__":
    main()
