"""The training statistics give the same numbers for the same seed, whatever is done to make
them faster: every estimate, interval, p-value, q-value and minimum detectable effect of a seeded
data set was written down from the code before it was optimised (data/training_statistics_pinned.json)
and must come out again, to 1e-12 where summing in another order legitimately moves the last bits.

To write them down afresh, after a change that is meant to change the numbers:
    PYTHONPATH=. .venv/bin/python -c "from tests.unit.test_statistics_pinned import write; write()"
"""

import dataclasses
import json
import math
from pathlib import Path

from surveys.training.statistics import analyse_training
from tests.unit.training_pinned_data import pinned_officers

PINNED = Path(__file__).parent / "data" / "training_statistics_pinned.json"


def _analysis() -> dict:
    analysis = analyse_training(pinned_officers(), min_responses=10, seed=7, n_resamples=199)
    numbers = dataclasses.asdict(analysis)
    numbers["did_roles"] = {str(k): v for k, v in analysis.did_roles.items()}
    return json.loads(json.dumps(numbers))  # tuples as lists, as read back from the file


def write() -> None:
    PINNED.write_text(json.dumps(_analysis(), indent=1) + "\n")


def _differences(expected, actual, path="") -> list[str]:
    if isinstance(expected, dict):
        if set(expected) != set(actual):
            return [f"{path}: keys differ"]
        return [d for k in expected for d in _differences(expected[k], actual[k], f"{path}.{k}")]
    if isinstance(expected, list):
        if len(expected) != len(actual):
            return [f"{path}: {len(actual)} items, pinned {len(expected)}"]
        return [
            d
            for i, pair in enumerate(zip(expected, actual, strict=True))
            for d in _differences(*pair, f"{path}[{i}]")
        ]
    if isinstance(expected, float) and isinstance(actual, float):
        if math.isclose(expected, actual, rel_tol=1e-12, abs_tol=1e-12):
            return []
    elif expected == actual and type(expected) is type(actual):
        return []
    return [f"{path}: {actual!r}, pinned {expected!r}"]


def test_the_analyst_gets_the_same_estimates_intervals_and_p_values_as_before_the_analysis_was_sped_up():
    pinned = json.loads(PINNED.read_text())
    ran = [row for row in pinned["results"] if row["estimate"] is not None]
    assert len(ran) == 9 and all(0.01 < row["p_value"] < 0.95 for row in ran)

    assert _differences(pinned, _analysis()) == []


def test_the_pin_notices_a_result_that_moved_in_its_last_digits():
    pinned = json.loads(PINNED.read_text())
    moved = json.loads(PINNED.read_text())
    moved["results"][2]["ci_low"] *= 1 + 1e-9

    assert _differences(pinned, moved) == [
        ".results[2].ci_low: "
        + repr(moved["results"][2]["ci_low"])
        + ", pinned "
        + repr(pinned["results"][2]["ci_low"])
    ]
