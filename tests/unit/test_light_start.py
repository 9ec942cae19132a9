"""A worker starts light: the app's modules load no heavy library until a page needs it
(statistics, PDF, spreadsheets, charts, images)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("scipy", "numpy", "fpdf", "openpyxl", "pygal", "PIL")


def test_importing_the_app_loads_no_heavy_library():
    probe = f"import json, sys; import app.main; print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))"
    env = {**os.environ}
    env.pop("REDIS_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    loaded = json.loads(out.strip().splitlines()[-1])
    assert loaded == [], f"import app.main loaded {', '.join(loaded)}"
