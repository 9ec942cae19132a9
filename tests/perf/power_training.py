"""Power of the training analysis, and its ceiling: not a timed test, a table for the method page.

Two tables for docs/methodology.md:

- the ceiling (``--ceiling``): on the planted scenarios (60 officers, +0.25 on U6 for >= 20 JP),
  how often an oracle that knows every unit's level, and the best parametric tests within units,
  find the 20 JP difference (surveys.training.statistics.ceiling), beside van Elteren's test as
  the analysis runs it; and their false positives under the null scenarios;
- the power curve (default): the planted scenario with 60, 90, 120 and 180 officers and a gain of
  0.25, 0.35 and 0.45 on U6 (on the 1-4 scale, as the officers who receive it see it), the power
  of U6's three tests, the mean minimum detectable effect (MDE) the page would state, and the
  power that MDE implies for the mean estimate (to check the MDE against the simulation).
  ``--officers 60 120`` runs some rows only, each cell with the seed of the full run.

    .venv/bin/python tests/perf/power_training.py --ceiling --data-sets 2000
    .venv/bin/python tests/perf/power_training.py --data-sets 400
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from surveys.training.statistics.calibration import (  # noqa: E402
    Scenario,
    calibrate,
    planted_gains,
    scenarios,
)
from surveys.training.statistics.model import DID_TRAINING, MANNWHITNEY_20JP, SPEARMAN_JP  # noqa: E402

OFFICERS = (60, 90, 120, 180)
# Gains as the receiving officers see them on U6 (planted_gains). Not +0.5: officers with
# >= 20 JP, in the better-rated units, answer 3.3-3.4 on average, so no shift gives them and
# the trained officers +0.5 together.
GAINS = (0.25, 0.35, 0.45)


def _percent(value: float) -> str:
    return "–" if value != value else f"{100 * value:.1f}%"


def _number(value: float) -> str:
    return "–" if value != value else f"{value:.3f}"


def ceiling_table(data_sets: int, seed: int) -> None:
    from surveys.training.statistics.ceiling import CEILING_TESTS, ceiling

    named = {scenario.name: scenario for scenario in scenarios()}
    print(f"{data_sets} data sets per scenario")
    print()
    print("| scenario | " + " | ".join(CEILING_TESTS) + " |")
    print("|---|" + "---|" * len(CEILING_TESTS))
    for number, name in enumerate(("planted", "planted_even", "null_units", "null_shocks")):
        started = time.perf_counter()
        shares = ceiling(named[name], data_sets, seed=seed + 1_000_000 * number)
        print(f"| {name} | " + " | ".join(_percent(shares[t]) for t in CEILING_TESTS) + " |")
        print(f"<!-- {name}: {time.perf_counter() - started:.0f} s -->", file=sys.stderr)


def power_curve(
    data_sets: int, seed: int, resamples: int, only: tuple[int, ...] = OFFICERS
) -> None:
    planted = next(s for s in scenarios() if s.name == "planted")
    given = {k: v for k, v in planted.settings.items() if k not in ("jp_gain", "did_effect")}
    print(f"{data_sets} data sets per cell, {resamples} resamples per test")
    print()
    print(
        "| officers | gain | test | ran | power | mean estimate | true gain | mean MDE "
        "| power the MDE implies |"
    )
    print("|---|---|---|---|---|---|---|---|---|")
    for i, officers in enumerate(OFFICERS):
        if officers not in only:
            continue  # each cell keeps its seed whichever cells run
        for j, points in enumerate(GAINS):
            started = time.perf_counter()
            settings = {**given, **planted_gains(points, **given)}
            scenario = dataclasses.replace(
                planted, name=f"planted_{officers}_{points}", settings=settings, officers=officers
            )
            assert isinstance(scenario, Scenario)
            tallies = calibrate(
                scenario,
                data_sets,
                seed=seed + 1_000_000 * (len(GAINS) * i + j),
                n_resamples=resamples,
            )
            for test in (MANNWHITNEY_20JP, DID_TRAINING, SPEARMAN_JP):
                tally = tallies["U6", test]
                print(
                    f"| {officers} | +{points} | {test} | {tally.ran} "
                    f"| {_percent(tally.rate(tally.significant))} "
                    f"| {_number(tally.mean_estimate)} | {_number(tally.mean_truth)} "
                    f"| {_number(tally.mean_detectable)} | {_percent(tally.implied_power())} |",
                    flush=True,
                )
            print(
                f"<!-- {officers} officers, +{points}: {time.perf_counter() - started:.0f} s -->",
                file=sys.stderr,
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-sets", type=int, default=400)
    parser.add_argument("--resamples", type=int, default=499)
    parser.add_argument("--seed", type=int, default=200_000)
    parser.add_argument("--ceiling", action="store_true", help="the ceiling table instead")
    parser.add_argument(
        "--officers", type=int, nargs="*", default=OFFICERS, help="the curve's rows to run"
    )
    arguments = parser.parse_args()
    if arguments.ceiling:
        ceiling_table(arguments.data_sets, arguments.seed)
    else:
        power_curve(
            arguments.data_sets, arguments.seed, arguments.resamples, tuple(arguments.officers)
        )


if __name__ == "__main__":
    main()
