"""Officers' training history against citizen satisfaction: pure statistics.

Plain values in (one OfficerOutcomes per officer), frozen dataclasses out. numpy and scipy only:
no database, no web.

numpy and scipy load only when the analysis (or the simulation) is first used: the values in
``model`` are plain Python, so a web worker that never runs an analysis never loads them.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from surveys.training.statistics.model import (
    DID_TRAINING,
    EVENT_MONTHS,
    JP_THRESHOLD,
    LEAD_MONTHS,
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
    PRETREND,
    ROLE_CONTROL,
    ROLE_NOT_COMPARED,
    ROLE_TRAINED,
    SPEARMAN_JP,
    TESTS,
    WINDOW_MIN_RESPONSES,
    WINDOW_MONTHS,
    EventPoint,
    MonthSums,
    OfficerOutcomes,
    OutcomeSample,
    TestResult,
    TrainingAnalysis,
    month_number,
)

if TYPE_CHECKING:
    from surveys.training.statistics.analysis import DEFAULT_RESAMPLES, analyse_training
    from surveys.training.statistics.simulation import simulate_officers

_LAZY = {
    "DEFAULT_RESAMPLES": "analysis",
    "analyse_training": "analysis",
    "simulate_officers": "simulation",
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        module = importlib.import_module(f"{__name__}.{_LAZY[name]}")
        return getattr(module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "DEFAULT_RESAMPLES",
    "DID_TRAINING",
    "EVENT_MONTHS",
    "LEAD_MONTHS",
    "PRETREND",
    "ROLE_CONTROL",
    "ROLE_NOT_COMPARED",
    "ROLE_TRAINED",
    "WINDOW_MIN_RESPONSES",
    "WINDOW_MONTHS",
    "EventPoint",
    "MonthSums",
    "month_number",
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
