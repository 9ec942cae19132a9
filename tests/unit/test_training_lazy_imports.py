"""The training area loads numpy, scipy and pygal only when an analysis or a chart runs: a
worker that never opens the analysis never pays for them."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _loaded_after(statement: str) -> set[str]:
    code = (
        f"import sys; {statement}; "
        "print(' '.join(m for m in ('numpy', 'scipy', 'pygal') if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return set(done.stdout.split())


def test_the_training_routes_import_without_numpy_scipy_or_pygal():
    assert _loaded_after("import app.training") == set()


def test_the_statistics_values_import_without_numpy_and_the_analysis_loads_on_use():
    assert _loaded_after("from surveys.training.statistics import TESTS, TestResult") == set()
    loaded = _loaded_after("from surveys.training.statistics import analyse_training")
    assert {"numpy", "scipy"} <= loaded
