"""Plain values in and out of the training statistics.

Officers are the unit of analysis: each officer contributes one mean per outcome, however many
responses they served, and every resampling draws officers, never single responses.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

OUTCOMES: tuple[str, ...] = ("U6", "U7", "IKM")
_OUTCOME_FIELDS = {"U6": "mean_u6", "U7": "mean_u7", "IKM": "ikm"}

SPEARMAN_JP = "spearman_jp"
MANNWHITNEY_20JP = "mannwhitney_20jp"
DID_TRAINING = "did_training"
TESTS: tuple[str, ...] = (SPEARMAN_JP, MANNWHITNEY_20JP, DID_TRAINING)

# Every ASN is entitled to at least 20 JP of competency development a year (PP 11/2017).
JP_THRESHOLD = 20
# Below these sizes a test is not run: its numbers would be noise dressed up as a finding.
MIN_OFFICERS_TOTAL = 8
MIN_OFFICERS_PER_GROUP = 5

# Why a result has no numbers (TestResult.note); stats_summary turns these into sentences.
NOTE_OK = ""
NOTE_TOO_FEW_OFFICERS = "too_few_officers"
NOTE_TOO_FEW_IN_GROUP = "too_few_in_group"
NOTE_NO_JP_VARIATION = "no_jp_variation"
NOTE_NO_OUTCOME_VARIATION = "no_outcome_variation"
NOTE_NO_COMPARABLE_UNITS = "no_comparable_units"
NOTE_UNSTABLE_INTERVAL = "unstable_interval"  # too many bootstrap draws had no defined value


@dataclass(frozen=True)
class OfficerOutcomes:
    """One officer's outcomes and training history for a period and scope."""

    officer_id: int
    unit_id: int
    responses: int  # responses served in the period
    mean_u6: float | None
    mean_u7: float | None
    ikm: float | None  # the officer's IKM on the 25-100 scale
    jp_12m: int  # training JP in the 12 months before the period end
    trainings_by_kind: Mapping[str, int] = field(default_factory=dict)
    days_since_last: int | None = None
    # Difference in differences: a training between the 'before' and 'after' windows, and the
    # officer's mean of each outcome (keys in OUTCOMES) in each window.
    trained_in_window: bool = False
    before: Mapping[str, float | None] = field(default_factory=dict)
    after: Mapping[str, float | None] = field(default_factory=dict)

    def outcome(self, name: str) -> float | None:
        return _finite_or_none(getattr(self, _OUTCOME_FIELDS[name]))

    def change(self, name: str) -> float | None:
        """after - before for one outcome, or None when either window has no mean."""
        before = _finite_or_none(self.before.get(name))
        after = _finite_or_none(self.after.get(name))
        return None if before is None or after is None else after - before


def _finite_or_none(value: float | None) -> float | None:
    # NaN and infinities are as missing as None: a mean over zero responses.
    if value is None or not math.isfinite(value):
        return None
    return float(value)


@dataclass(frozen=True)
class TestResult:
    """One outcome x test row.

    estimate: Spearman's rho (spearman_jp); the rank-biserial correlation, positive when officers
    with >= 20 JP score higher (mannwhitney_20jp); the within-unit difference in differences in
    outcome points, positive when trained officers improved more (did_training).
    ci_low/ci_high: percentile bootstrap interval over officers at 1 - alpha.
    p_value: two-sided permutation p-value; q_value: Benjamini-Hochberg over all rows with a p.
    n: officers used. note: one of the NOTE_* codes ("" when the test ran normally).
    standardized: the effect on a scale whose size can be put in words: the correlation itself for
    the rank tests, the change difference divided by the pooled within-group SD (Cohen's d) for
    the difference in differences. groups: officer counts (>= 20 JP, < 20 JP) or
    (trained, untrained) for the two-group tests.
    """

    __test__ = False  # not a pytest test class, despite the name

    outcome: str
    test: str
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    p_value: float | None
    q_value: float | None
    n: int
    note: str
    standardized: float | None = None
    groups: tuple[int, int] | None = None

    @property
    def ran(self) -> bool:
        return self.estimate is not None

    @classmethod
    def not_run(
        cls, outcome: str, test: str, n: int, note: str, groups: tuple[int, int] | None = None
    ) -> TestResult:
        return cls(outcome, test, None, None, None, None, None, n, note, None, groups)


@dataclass(frozen=True)
class OutcomeSample:
    """Who entered the analysis of one outcome, and why the others did not."""

    outcome: str
    included: int  # officers with enough responses and a value for this outcome
    missing_outcome: int  # enough responses, but no value for this outcome
    did_included: int  # officers in the difference in differences
    did_missing_window: int  # no mean in the 'before' or the 'after' window
    did_no_comparison: int  # their unit had no trained or no untrained officer to compare with


@dataclass(frozen=True)
class TrainingAnalysis:
    officers_total: int
    below_min_responses: int
    min_responses: int
    alpha: float
    n_resamples: int
    seed: int
    samples: tuple[OutcomeSample, ...]
    results: tuple[TestResult, ...]

    @property
    def officers_included(self) -> int:
        return self.officers_total - self.below_min_responses

    def sample(self, outcome: str) -> OutcomeSample:
        return next(s for s in self.samples if s.outcome == outcome)

    def result(self, outcome: str, test: str) -> TestResult:
        return next(r for r in self.results if r.outcome == outcome and r.test == test)
