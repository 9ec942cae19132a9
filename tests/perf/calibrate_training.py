"""Calibration benchmark of the training analysis: not a timed test, a table of honesty.

Simulates thousands of data sets per scenario (surveys.training.statistics.calibration: null
with unit confounding, null with unit x month shocks, null with staggered training and drifting
units, planted effects, an effect hidden by the units) and runs the full analysis on each. Prints,
per scenario, outcome and test: how often the test ran, how often p <= 0.05 (false positives
under a null, power under an effect), how often the q-value flagged it, how often the 95%
interval held the true value (0 under a null; the simulated training gain for the U6 difference
in differences), how often a significant result had the true sign, and the mean minimum
detectable effect (MDE) the page states beside the power that MDE implies for the mean estimate
(planted scenarios: set it beside the measured power to check the MDE), and the mean true gain
on U6 of the trained (or >= 20 JP) officers on the 1-4 scale, as simulated. The table in
docs/methodology.md comes from

    .venv/bin/python tests/perf/calibrate_training.py --data-sets 2000

(499 resamples per test, as printed; the page uses 999.)
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from surveys.training.statistics.calibration import calibrate, scenarios  # noqa: E402


def _percent(value: float) -> str:
    return "–" if value != value else f"{100 * value:.1f}%"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-sets", type=int, default=2000)
    parser.add_argument("--resamples", type=int, default=499)
    parser.add_argument("--seed", type=int, default=100_000)
    parser.add_argument("--only", nargs="*", help="scenario names (default: all)")
    arguments = parser.parse_args()

    print(f"{arguments.data_sets} data sets per scenario, {arguments.resamples} resamples per test")
    print()
    print(
        "| scenario | outcome | test | ran | p ≤ 0.05 | q ≤ 0.05 | 95% interval covers "
        "| right sign | mean MDE | power the MDE implies | true U6 gain |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|---|")
    for number, scenario in enumerate(scenarios()):
        if arguments.only and scenario.name not in arguments.only:
            continue
        started = time.perf_counter()
        tallies = calibrate(
            scenario,
            arguments.data_sets,
            seed=arguments.seed + 1_000_000 * number,
            n_resamples=arguments.resamples,
        )
        for (outcome, test), tally in tallies.items():
            signed = any(scenario.truth.values())
            print(
                f"| {scenario.name} | {outcome} | {test} | {tally.ran} "
                f"| {_percent(tally.rate(tally.significant))} "
                f"| {_percent(tally.rate(tally.flagged))} "
                f"| {_percent(tally.rate(tally.covered, tally.intervals))} "
                f"| {_percent(tally.rate(tally.right_sign)) if signed else '–'} "
                f"| {tally.mean_detectable:.3f} "
                f"| {_percent(tally.implied_power()) if signed else '–'} "
                f"| {'–' if tally.mean_truth != tally.mean_truth else f'{tally.mean_truth:.3f}'} |",
                flush=True,
            )
        print(
            f"<!-- {scenario.name}: {time.perf_counter() - started:.0f} s; {scenario.description} -->",
            file=sys.stderr,
            flush=True,
        )


if __name__ == "__main__":
    main()
