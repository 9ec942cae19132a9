"""Benchmark: what a worker costs to start, in import time and memory.

Each measurement runs in a fresh Python process (with this venv's interpreter), so nothing
is cached in memory between them (the operating system's file cache is warm after the first
run, which is discarded):

  (a) ``python -c pass``: the interpreter's floor;
  (b) ``import litestar``: the framework's floor;
  (c) ``import app.main``: the app's modules, without building the app;
  (d) ``import app.asgi``: what a granian worker does (imports, create_app, gc.freeze).

For each: the median wall time of the import inside the process, the median wall time of
the whole process (start to exit), the peak resident memory (VmHWM from /proc/self/status)
and which heavy libraries (scipy, numpy, fpdf, openpyxl, pygal, PIL) the import loaded.

Then (e) a served worker: migrate a fresh SQLite database, seed one service point, start
the real server (`suara serve --workers 1`, tests/live_server.py), read the granian worker's
VmRSS and VmHWM from /proc/<pid>/status after start-up, after GET /s/{token} and after
POSTing an answer, and list which heavy native libraries it has mapped (/proc/<pid>/maps;
fpdf, openpyxl and pygal are pure Python and do not show there).

    .venv/bin/python tests/perf/bench_startup.py [--runs 5] [--importtime 12]

--importtime N also prints the N slowest packages of ``import app.main``
(`python -X importtime`, cumulative; one process). Linux only (/proc). Not a pytest test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from harness import ROOT, SECRET_KEY, load_text, log, print_table, running_server

HEAVY = ("scipy", "numpy", "fpdf", "openpyxl", "pygal", "PIL")
# Shared objects that betray a heavy library in a process's memory map.
NATIVE_MARKS = {
    "numpy": "/numpy/",
    "scipy": "/scipy/",
    "PIL": "/PIL/",
    "numpy.libs": "/numpy.libs/",
    "scipy.libs": "/scipy.libs/",
}
TOKEN = "bench-startup-point"

# Runs in the measured process: times the import, then reports memory and modules.
_PROBE = """
import json, resource, sys, time
started, started_cpu = time.perf_counter(), time.process_time()
{statement}
elapsed, cpu = time.perf_counter() - started, time.process_time() - started_cpu
status = dict(
    line.split(":", 1) for line in open("/proc/self/status").read().splitlines() if ":" in line
)
print(json.dumps({{
    "import_s": elapsed,
    "cpu_s": cpu,
    "hwm_kb": int(status["VmHWM"].split()[0]),
    "rss_kb": int(status["VmRSS"].split()[0]),
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "modules": len(sys.modules),
    "heavy": [name for name in {heavy!r} if name in sys.modules],
}}))
"""

CASES = (
    ("python -c pass", "pass"),
    ("import litestar", "import litestar"),
    ("import app.main", "import app.main"),
    ("import app.asgi (create_app)", "import app.asgi"),
)


def _environment(tmp: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
        "SUARA_VAR_DIR": str(tmp / "var"),
        "SECRET_KEY": SECRET_KEY,
        "SUARA_SURVEY_ADDRESS_LIMIT": "0",
    }
    env.pop("REDIS_URL", None)
    env.pop("PYTHONSTARTUP", None)
    return env


def _probe(statement: str, env: dict[str, str]) -> dict:
    code = _PROBE.format(statement=statement, heavy=HEAVY)
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - started
    return result


def measure_imports(env: dict[str, str], runs: int) -> list[tuple[str, dict]]:
    rows = []
    for label, statement in CASES:
        log(f"{label}: {runs} runs")
        _probe(statement, env)  # warms the file cache and the .pyc files; not counted
        results = [_probe(statement, env) for _ in range(runs)]
        rows.append(
            (
                label,
                {
                    "import_ms": statistics.median(r["import_s"] for r in results) * 1000,
                    "cpu_ms": statistics.median(r["cpu_s"] for r in results) * 1000,
                    "process_ms": statistics.median(r["process_s"] for r in results) * 1000,
                    "hwm_mb": statistics.median(r["hwm_kb"] for r in results) / 1024,
                    "maxrss_mb": statistics.median(r["maxrss_kb"] for r in results) / 1024,
                    "modules": results[-1]["modules"],
                    "heavy": results[-1]["heavy"],
                },
            )
        )
    return rows


def import_times(env: dict[str, str], top: int) -> list[tuple[str, float]]:
    """The slowest packages of `import app.main` (-X importtime), cumulative ms.

    A package's time is that of each import of one of its modules from outside the package,
    including whatever that import pulled in (so a framework includes its dependencies).
    """
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import app.main"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stderr
    lines = []
    for line in err.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            lines.append((len(match.group(2)), match.group(3), int(match.group(1)) / 1000))
    totals: dict[str, float] = {}
    # Children are printed before their parent, one level deeper.
    for i, (depth, name, cumulative) in enumerate(lines):
        package = name.split(".")[0]
        parent = next((other for d, other, _ in lines[i + 1 :] if d < depth), None)
        if parent is None or parent.split(".")[0] != package:
            totals[package] = totals.get(package, 0.0) + cumulative
    totals.pop("app", None)
    return sorted(totals.items(), key=lambda item: -item[1])[:top]


# --- a served worker ------------------------------------------------------------------------


def _seed() -> None:
    """One unit, one service type and one service point (runs in a subprocess)."""
    import asyncio

    from piccolo.engine import engine_finder

    from surveys.store.db import prepare_engine, release_engine
    from surveys.store.survey_versions import ensure_default_survey
    from surveys.store.tables import ServicePoint, ServiceType, Unit

    async def seed() -> None:
        engine = engine_finder()
        await prepare_engine(engine)
        unit = Unit(code="BENCH", name="Dinas Kependudukan dan Pencatatan Sipil")
        await unit.save()
        await ServiceType(unit=unit.id, name="KTP-el").save()
        await ensure_default_survey()
        await ServicePoint(unit=unit.id, name="Loket 1", token=TOKEN).save()
        await release_engine(engine)

    asyncio.run(seed())


def _status(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM", "RssAnon", "RssFile"):
            fields[name] = int(value.split()[0]) / 1024
    return fields


def _mapped_heavy(pid: int) -> list[str]:
    maps = Path(f"/proc/{pid}/maps").read_text()
    return [name for name, mark in NATIVE_MARKS.items() if mark in maps]


def _workers(server: int) -> list[int]:
    """granian's worker processes: the server process's children."""
    children = Path(f"/proc/{server}/task/{server}/children").read_text().split()
    return [int(pid) for pid in children]


def measure_worker(
    env: dict[str, str], tmp: Path
) -> tuple[list[tuple[str, dict[str, float]]], list[str]]:
    """Memory of the server and its worker at each step, and the worker's heavy libraries."""
    import httpx

    subprocess.run(
        [sys.executable, "-m", "app.cli", "migrate"],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    subprocess.run(
        [sys.executable, __file__, "--seed-only"], env=env, cwd=ROOT, check=True, timeout=120
    )
    log("serving: suara serve --workers 1")
    with running_server(env, tmp / "server.log", ["--workers", "1"]) as (base, server):
        workers = _workers(server.pid)
        if len(workers) != 1:
            sys.exit(f"expected one granian worker under {server.pid}, found {workers}")
        worker = workers[0]
        time.sleep(1.0)  # let start-up settle (the first /healthz has been answered)
        rows = [("server (parent) after start-up", _status(server.pid))]
        rows.append(("worker after start-up", _status(worker)))
        with httpx.Client(base_url=base, timeout=30) as phone:
            form = phone.get(f"/s/{TOKEN}")
            assert form.status_code == 200, form.text[:300]
            rows.append(("worker after GET /s/{token}", _status(worker)))
            signed = re.search(r'name="form_token" value="([^"]+)"', form.text)
            action = re.search(r'action="([^"]+)"', form.text)
            assert signed and action, form.text[:500]
            answers = {f"U{i}": "4" for i in range(1, 10)}
            thanks = phone.post(
                action.group(1),
                data={**answers, "form_token": signed.group(1)},
                follow_redirects=True,  # to the thank-you page (post/redirect/get)
            )
            assert 'data-testid="thanks"' in thanks.text, thanks.text[:500]
            rows.append(("worker after POST (thank-you)", _status(worker)))
        mapped = _mapped_heavy(worker)
    return rows, mapped


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="timed processes per import")
    parser.add_argument("--importtime", type=int, default=0, metavar="N")
    parser.add_argument("--seed-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.seed_only:
        _seed()
        return
    tmp = Path(tempfile.mkdtemp(prefix="suara-bench-startup-"))
    env = _environment(tmp)
    imports = measure_imports(env, max(1, args.runs))
    worker, mapped = measure_worker(env, tmp)

    print(f"\nWorker start-up: Python {sys.version.split()[0]}; {load_text()}")
    print(f"medians of {args.runs} fresh processes each (after one discarded warm-up)\n")
    header = (
        f"{'import ms':>10} {'CPU ms':>8} {'process ms':>11} {'peak RSS MB':>12} "
        f"{'modules':>8}  heavy"
    )
    print_table([("", header)], 30)
    print_table(
        [
            (
                label,
                f"{row['import_ms']:>10.0f} {row['cpu_ms']:>8.0f} {row['process_ms']:>11.0f} "
                f"{row['hwm_mb']:>12.1f} "
                f"{row['modules']:>8}  {', '.join(row['heavy']) or '-'}",
            )
            for label, row in imports
        ],
        30,
    )
    print("\nserved worker (suara serve --workers 1, SQLite, one service point)\n")
    print_table([("", f"{'VmRSS MB':>9} {'VmHWM MB':>9} {'RssAnon':>8} {'RssFile':>8}")], 32)
    print_table(
        [
            (
                label,
                f"{row['VmRSS']:>9.1f} {row['VmHWM']:>9.1f} "
                f"{row['RssAnon']:>8.1f} {row['RssFile']:>8.1f}",
            )
            for label, row in worker
        ],
        32,
    )
    print_table([("heavy native libraries mapped", ", ".join(mapped) or "-")], 32)
    if args.importtime:
        print("\nslowest packages of `import app.main` (cumulative ms, -X importtime, one run)\n")
        print_table([(name, f"{ms:>8.0f}") for name, ms in import_times(env, args.importtime)], 24)


if __name__ == "__main__":
    main()
