"""Does the training analysis keep its promises? Simulated data sets with known truth.

Each scenario simulates many data sets (surveys.training.statistics.simulation) and runs the
full analysis on each, counting per outcome and test how often it ran, how often p <= alpha
(a false positive when there is no effect, power when there is), how often the q-value flagged
it, how often the interval held the true value, and how often the estimate had the true sign.
The benchmark in tests/perf/calibrate_training.py runs thousands of data sets per scenario and
docs/methodology.md records its table; the test suite runs a small version.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from surveys.training.statistics.analysis import analyse_training
from surveys.training.statistics.model import (
    DID_TRAINING,
    MANNWHITNEY_20JP,
    OUTCOMES,
    POWER_TARGET,
    SPEARMAN_JP,
    TESTS,
)
from surveys.training.statistics.simulation import (
    _BASE,
    _CUTS,
    _HALO_SD,
    _NOISE_SD,
    _OFFICER_SD,
    _UNIT_SD,
    simulate,
    u6_gains,
)

ALPHA = 0.05
# The planted scenarios' gain on U6, on the 1-4 scale, as the officers who receive it see it.
PLANTED_POINTS = 0.25


def latent_gain(points: float) -> float:
    """The latent shift that raises the expected answer of an average officer by ``points``."""
    from scipy import optimize, stats

    spread = math.sqrt(_UNIT_SD**2 + _OFFICER_SD**2 + _HALO_SD**2 + _NOISE_SD**2)

    def mean_answer(shift: float) -> float:
        return 1 + float(stats.norm.sf((_CUTS - _BASE - shift) / spread).sum())

    return float(optimize.brentq(lambda s: mean_answer(s) - mean_answer(0) - points, 0, 3))


# The data sets the planted gains are sized on, pooled: 100,000 officers in 10,000 units, so
# that the draw of units moves the realised gain by about 0.002 (a data set of 5,000 officers
# moves it by about 0.01); drawn once per scenario's settings.
SIZING_OFFICERS = 20_000
SIZING_SEEDS = range(5)


def planted_gains(points: float, **settings: Any) -> dict[str, float]:
    """The settings ``jp_gain`` and ``did_effect`` whose gains really reach ``points`` on U6.

    ``latent_gain`` sizes a shift for an average officer; the officers who receive a planted
    gain are not average (with units confounded, those with >= 20 JP and those trained sit in
    better-rated units, near the top of the 1-4 scale, where a latent shift moves fewer
    answers). Both shifts are therefore solved numerically so that, on large data sets
    simulated with these ``settings`` and fixed seeds, the mean gain over the U6 answers of
    the officers who receive each one (as ``true_jp_u6`` and ``true_did_u6`` measure it) is
    ``points``. Cached: each scenario's settings are solved once."""
    given = tuple(sorted((k, v) for k, v in settings.items() if k not in ("jp_gain", "did_effect")))
    jp_shift, did_shift = _planted_shifts(points, given)
    return {"jp_gain": jp_shift, "did_effect": did_shift / _OFFICER_SD}


@functools.cache
def _planted_shifts(points: float, settings: tuple[tuple[str, Any], ...]) -> tuple[float, float]:
    from scipy import optimize

    gains = u6_gains(SIZING_OFFICERS, SIZING_SEEDS, **dict(settings))
    jp_shift = did_shift = latent_gain(points)

    # Each shift moves the other's gain a little (answers receiving both): solve them in turn
    # until neither moves.
    def jp_short(jp: float, did: float) -> float:
        return gains(jp, did).jp - points

    def did_short(did: float, jp: float) -> float:
        return gains(jp, did).did - points

    for _ in range(10):
        moved = did_shift
        try:
            jp_shift = optimize.brentq(jp_short, 0, 5, args=(did_shift,), xtol=1e-6)
            did_shift = optimize.brentq(did_short, 0, 5, args=(jp_shift,), xtol=1e-6)
        except ValueError:
            break  # even a shift of 5 falls short: the 1-4 scale has no room left
        if abs(did_shift - moved) < 1e-5:
            return float(jp_shift), float(did_shift)
    raise ValueError(f"no latent shifts give the receiving officers +{points} on U6 together")


@dataclass(frozen=True)
class Scenario:
    name: str
    description: str
    settings: Mapping[str, Any]
    # The true sign of each test's effect (0: no effect), for (outcome, test) pairs listed.
    truth: Mapping[tuple[str, str], int] = field(default_factory=dict)
    officers: int = 60
    mean_responses: float = 40.0


def scenarios() -> tuple[Scenario, ...]:
    """The benchmark's scenarios. Each one's seeds follow its place here (see
    tests/perf/calibrate_training.py): add new ones at the end, so recorded tables stay
    reproducible."""
    planted = {"unit_confounding": 0.8}
    hidden = {"unit_confounding": -1.0}
    planted_even = {"unit_confounding": 0.8, "even_responses": True}
    no_effect = {(o, t): 0 for o in OUTCOMES for t in TESTS}
    return (
        Scenario(
            "null_units",
            "no effect; units differ in level and the better-trained units are the more satisfied",
            {"unit_confounding": 0.8},
            no_effect,
        ),
        Scenario(
            "null_shocks",
            "no effect; shocks hit a whole unit in one month (SD 0.3 latent)",
            {"shock_sd": 0.3},
            no_effect,
        ),
        Scenario(
            "null_staggered",
            "no effect; trainings staggered over the year while units drift, the more "
            "trained upward, with unit level confounding",
            {"unit_trend_sd": 0.04, "unit_confounding": 0.5, "shock_sd": 0.15},
            no_effect,
        ),
        Scenario(
            "planted",
            "officers with >= 20 JP score +0.25 on U6 (and as much latent shift on U7); trained "
            "officers gain +0.25 on U6 after their training; units confounded as in null_units",
            {**planted_gains(PLANTED_POINTS, **planted), **planted},
            {("U6", SPEARMAN_JP): 1, ("U6", MANNWHITNEY_20JP): 1, ("U6", DID_TRAINING): 1},
        ),
        Scenario(
            "planted_120",
            "as planted, with 120 officers",
            {**planted_gains(PLANTED_POINTS, **planted), **planted},
            {("U6", SPEARMAN_JP): 1, ("U6", MANNWHITNEY_20JP): 1, ("U6", DID_TRAINING): 1},
            officers=120,
        ),
        Scenario(
            "hidden",
            "a within-unit gain of +0.25 for >= 20 JP hidden by units: the better-trained "
            "units are the less satisfied",
            {**planted_gains(PLANTED_POINTS, **hidden), **hidden},
            {("U6", SPEARMAN_JP): 1, ("U6", MANNWHITNEY_20JP): 1, ("U6", DID_TRAINING): 1},
        ),
        Scenario(
            "planted_even",
            "as planted, every officer serving about 40 citizens (none below the minimum)",
            {**planted_gains(PLANTED_POINTS, **planted_even), **planted_even},
            {("U6", SPEARMAN_JP): 1, ("U6", MANNWHITNEY_20JP): 1, ("U6", DID_TRAINING): 1},
        ),
    )


@dataclass
class Tally:
    ran: int = 0
    significant: int = 0  # p <= alpha
    flagged: int = 0  # q <= alpha
    intervals: int = 0
    covered: int = 0  # the interval holds the truth (0, or the true training effect)
    right_sign: int = 0  # significant with the true sign
    estimates: float = 0.0  # sum of the estimates
    estimate_squares: float = 0.0
    detectables: float = 0.0  # sum of the minimum detectable effects
    with_detectable: int = 0
    truths: float = 0.0  # sum of the true effects on the 1-4 scale (U6, planted scenarios)
    with_truth: int = 0

    def rate(self, count: int, of: int | None = None) -> float:
        total = self.ran if of is None else of
        return count / total if total else float("nan")

    @property
    def mean_detectable(self) -> float:
        return self.detectables / self.with_detectable if self.with_detectable else float("nan")

    @property
    def mean_estimate(self) -> float:
        return self.estimates / self.ran if self.ran else float("nan")

    @property
    def estimate_spread(self) -> float:
        """The standard deviation of the estimates over the data sets: the true standard error
        that each data set's MDE estimates (MDE / (z_(1 - alpha/2) + z_power))."""
        if self.ran < 2:
            return float("nan")
        mean = self.mean_estimate
        return math.sqrt(max(0.0, (self.estimate_squares - self.ran * mean**2) / (self.ran - 1)))

    @property
    def mean_truth(self) -> float:
        return self.truths / self.with_truth if self.with_truth else float("nan")

    def implied_power(self, alpha: float = ALPHA) -> float:
        """The power the minimum detectable effect promises for the mean estimate: a test whose
        estimate equals its MDE is significant in POWER_TARGET of data sets. Normal
        approximation; set beside the measured power to check the MDE against the simulation."""
        from scipy import stats

        if not self.with_detectable:
            return float("nan")
        z = stats.norm.ppf(1 - alpha / 2)
        reach = z + stats.norm.ppf(POWER_TARGET)
        return float(stats.norm.cdf(reach * abs(self.mean_estimate) / self.mean_detectable - z))


def calibrate(
    scenario: Scenario, data_sets: int, seed: int = 0, n_resamples: int = 499
) -> dict[tuple[str, str], Tally]:
    """Tallies per (outcome, test) over ``data_sets`` simulated data sets."""
    tallies = {key: Tally() for key in scenario.truth}
    for i in range(data_sets):
        simulated = simulate(
            scenario.officers,
            seed=seed + i,
            mean_responses=scenario.mean_responses,
            **scenario.settings,
        )
        analysis = analyse_training(
            simulated.officers, seed=i, n_resamples=n_resamples, alpha=ALPHA
        )
        for row in analysis.results:
            key = (row.outcome, row.test)
            if key not in tallies or row.p_value is None or row.estimate is None:
                continue
            tally, sign = tallies[key], scenario.truth[key]
            tally.ran += 1
            tally.estimates += row.estimate
            tally.estimate_squares += row.estimate**2
            if row.detectable is not None:
                tally.detectables += row.detectable
                tally.with_detectable += 1
            if row.outcome == "U6" and sign:
                gains = {
                    DID_TRAINING: simulated.true_did_u6,
                    MANNWHITNEY_20JP: simulated.true_jp_u6,
                }
                if row.test in gains:
                    tally.truths += gains[row.test]
                    tally.with_truth += 1
            tally.significant += row.p_value <= ALPHA
            tally.flagged += row.q_value is not None and row.q_value <= ALPHA
            tally.right_sign += (
                row.p_value <= ALPHA and sign != 0 and (row.estimate > 0) == (sign > 0)
            )
            true_value = 0.0 if sign == 0 else None
            if row.test == DID_TRAINING and row.outcome == "U6" and sign:
                true_value = simulated.true_did_u6
            if true_value is not None and row.ci_low is not None and row.ci_high is not None:
                tally.intervals += 1
                tally.covered += row.ci_low <= true_value <= row.ci_high
    return tallies
