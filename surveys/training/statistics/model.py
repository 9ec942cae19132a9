"""Plain values in and out of the training statistics.

Officers are the unit of analysis: each officer contributes one mean per outcome, however many
responses they served, and every resampling draws officers, never single responses. Every test
compares officers only with officers of their own unit: units differ in their public, their
counters and their share of trained officers, and a comparison across units mistakes that for
an effect of training.

Months are plain integers (year * 12 + month - 1, see ``month_number``) so the statistics never
handle dates.
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
PRETREND = "pretrend"  # the placebo of DID_TRAINING over the months before the training
TESTS: tuple[str, ...] = (SPEARMAN_JP, MANNWHITNEY_20JP, DID_TRAINING)

# Every ASN is entitled to at least 20 JP of competency development a year (PP 11/2017).
JP_THRESHOLD = 20
# Below these sizes a test is not run: its numbers would be noise dressed up as a finding.
MIN_OFFICERS_TOTAL = 8
MIN_OFFICERS_PER_GROUP = 5

# An officer's part in the difference in differences.
ROLE_TRAINED = "trained"  # compared with clean controls of their unit around their training
ROLE_CONTROL = "comparison"  # a clean control of at least one trained colleague
ROLE_NOT_COMPARED = "not_compared"  # neither (no clean control, thin windows, trained nearby)

# The power a minimum detectable effect is stated for: the smallest effect found 80% of the time.
POWER_TARGET = 0.8

# Why a result has no numbers (TestResult.note); stats_summary turns these into sentences.
NOTE_OK = ""
NOTE_TOO_FEW_OFFICERS = "too_few_officers"
NOTE_TOO_FEW_IN_GROUP = "too_few_in_group"
NOTE_NO_JP_VARIATION = "no_jp_variation"
NOTE_NO_OUTCOME_VARIATION = "no_outcome_variation"
NOTE_NO_COMPARABLE_UNITS = "no_comparable_units"
NOTE_UNSTABLE_INTERVAL = "unstable_interval"  # too many bootstrap draws had no defined value

# The staggered difference in differences: months measured around each officer's own training.
# Before: the WINDOW_MONTHS months before the month the training starts; after: the WINDOW_MONTHS
# months after the month it ends (the training's own months are in neither); the WINDOW_MONTHS
# months before 'before' check that trained officers and their controls moved alike before.
WINDOW_MONTHS = 3
# A control has no training in the LEAD_MONTHS months before the treated officer's windows, nor
# in them: not yet trained (or never), not still carrying a training of the months before.
LEAD_MONTHS = 3
# An officer's window with fewer responses than this is too noisy to difference: not used.
WINDOW_MIN_RESPONSES = 5
# The months of a stack, relative to the training: -6..-4 (pre-trend), -3..-1, +1..+3.
EVENT_MONTHS: tuple[int, ...] = (-6, -5, -4, -3, -2, -1, 1, 2, 3)

# What each outcome sums per month (MonthSums): U6 values and answers, U7 values and answers,
# all nine elements' values and answers (IKM = 25 x their ratio).
MonthSums = tuple[int, int, int, int, int, int]
OUTCOME_SUMS = {"U6": (0, 1), "U7": (2, 3), "IKM": (4, 5)}
OUTCOME_SCALE = {"U6": 1.0, "U7": 1.0, "IKM": 25.0}
ANSWERS_PER_RESPONSE = {"U6": 1, "U7": 1, "IKM": 9}


def month_number(year: int, month: int) -> int:
    """A calendar month as one integer: consecutive months are consecutive numbers."""
    return year * 12 + month - 1


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
    # The staggered difference in differences: the officer's event (first and last month of
    # their first training ending in the period), every month any of their trainings touched
    # (to tell clean controls), and their sums per month.
    event: tuple[int, int] | None = None
    training_months: frozenset[int] = frozenset()
    monthly: Mapping[int, MonthSums] = field(default_factory=dict)

    def outcome(self, name: str) -> float | None:
        return _finite_or_none(getattr(self, _OUTCOME_FIELDS[name]))


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
    detectable: the minimum detectable effect, on the estimate's scale: the smallest true effect
    this test, on data like these, finds at p <= alpha in POWER_TARGET of data sets,
    (z_(1 - alpha/2) + z_power) x the statistic's standard error (see minimum_detectable).
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
    units: int = 0
    detectable: float | None = None

    @property
    def ran(self) -> bool:
        return self.estimate is not None

    @classmethod
    def not_run(
        cls,
        outcome: str,
        test: str,
        n: int,
        note: str,
        groups: tuple[int, int] | None = None,
        units: int = 0,
    ) -> TestResult:
        return cls(outcome, test, None, None, None, None, None, n, note, None, groups, units)


@dataclass(frozen=True)
class EventPoint:
    """One month of the event study: trained officers' difference from their controls in that
    month, minus the same difference over the 'before' months (0 = moved alike)."""

    outcome: str
    month: int  # relative to the training: -6..-1 before it starts, 1..3 after it ends
    estimate: float | None
    ci_low: float | None
    ci_high: float | None
    stacks: int  # trained officers with a value in that month


@dataclass(frozen=True)
class OutcomeSample:
    """Who entered the analysis of one outcome, and why the others did not."""

    outcome: str
    included: int  # officers with enough responses and a value for this outcome
    missing_outcome: int  # enough responses, but no value for this outcome
    did_trained: int  # trained officers compared with their unit's controls
    did_controls: int  # officers who served as a control for at least one of them
    did_thin_windows: int  # trained, but too few responses before or after (or no control's)
    did_no_comparison: int  # trained, but no clean control in their unit


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
    # Checks and pictures of the difference in differences, outside the family of tests that
    # the q-values correct for: did trained officers already move apart before their training?
    pretrends: tuple[TestResult, ...] = ()
    event_study: tuple[EventPoint, ...] = ()
    # officer_id -> ROLE_* for the difference in differences
    did_roles: Mapping[int, str] = field(default_factory=dict)

    @property
    def officers_included(self) -> int:
        return self.officers_total - self.below_min_responses

    def sample(self, outcome: str) -> OutcomeSample:
        return next(s for s in self.samples if s.outcome == outcome)

    def result(self, outcome: str, test: str) -> TestResult:
        return next(r for r in self.results if r.outcome == outcome and r.test == test)

    def pretrend(self, outcome: str) -> TestResult:
        return next(r for r in self.pretrends if r.outcome == outcome)
