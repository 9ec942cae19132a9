"""Officers' training history against citizen satisfaction: pure statistics.

Plain values in (one OfficerOutcomes per officer), frozen dataclasses out. numpy and scipy only:
no database, no web.
"""

from surveys.training.statistics.analysis import DEFAULT_RESAMPLES, analyse_training
from surveys.training.statistics.model import (
    DID_TRAINING,
    JP_THRESHOLD,
    MANNWHITNEY_20JP,
    MIN_OFFICERS_PER_GROUP,
    MIN_OFFICERS_TOTAL,
    NOTE_NO_COMPARABLE_UNITS,
    NOTE_NO_JP_VARIATION,
    NOTE_NO_OUTCOME_VARIATION,
    NOTE_OK,
    NOTE_TOO_FEW_IN_GROUP,
    NOTE_TOO_FEW_OFFICERS,
    NOTE_UNSTABLE_INTERVAL,
    OUTCOMES,
    SPEARMAN_JP,
    TESTS,
    OfficerOutcomes,
    OutcomeSample,
    TestResult,
    TrainingAnalysis,
)
from surveys.training.statistics.simulation import simulate_officers

__all__ = [
    "DEFAULT_RESAMPLES",
    "DID_TRAINING",
    "JP_THRESHOLD",
    "MANNWHITNEY_20JP",
    "MIN_OFFICERS_PER_GROUP",
    "MIN_OFFICERS_TOTAL",
    "NOTE_NO_COMPARABLE_UNITS",
    "NOTE_NO_JP_VARIATION",
    "NOTE_NO_OUTCOME_VARIATION",
    "NOTE_OK",
    "NOTE_TOO_FEW_IN_GROUP",
    "NOTE_TOO_FEW_OFFICERS",
    "NOTE_UNSTABLE_INTERVAL",
    "OUTCOMES",
    "SPEARMAN_JP",
    "TESTS",
    "OfficerOutcomes",
    "OutcomeSample",
    "TestResult",
    "TrainingAnalysis",
    "analyse_training",
    "simulate_officers",
]
