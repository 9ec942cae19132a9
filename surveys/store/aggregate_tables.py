"""The aggregates kept on write: element sums and counts per day and dimension, per unit and
day, per unit and month, per officer and month.

Each row is derived from ``response`` rows and can be rebuilt from them
(``suara refresh-aggregates``; a restore does it itself). Dashboards, reports and the training
analysis read these, so their cost grows with days, units and officers, not with responses.
"""

from __future__ import annotations

from piccolo.columns import BigInt, Date, ForeignKey, Integer, OnDelete, Serial
from piccolo.table import Table

from surveys.store.tables import Officer, ServicePoint, ServiceType, Unit


class ScoreDaily(Table):
    """Element sums and counts per local day and dimension, maintained on write.

    Dashboards and the API read these, so their cost does not grow with the number
    of responses. ``s1``…``s9`` are sums of values, ``c1``…``c9`` counts of answers.
    """

    id: Serial
    day = Date(index=True)
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade, index=True)
    service_point = ForeignKey(ServicePoint, null=True, on_delete=OnDelete.cascade)
    service_type = ForeignKey(ServiceType, null=True, on_delete=OnDelete.cascade)
    officer = ForeignKey(Officer, null=True, on_delete=OnDelete.cascade)
    n = Integer(default=0)
    s1 = Integer(default=0)
    s2 = Integer(default=0)
    s3 = Integer(default=0)
    s4 = Integer(default=0)
    s5 = Integer(default=0)
    s6 = Integer(default=0)
    s7 = Integer(default=0)
    s8 = Integer(default=0)
    s9 = Integer(default=0)
    c1 = Integer(default=0)
    c2 = Integer(default=0)
    c3 = Integer(default=0)
    c4 = Integer(default=0)
    c5 = Integer(default=0)
    c6 = Integer(default=0)
    c7 = Integer(default=0)
    c8 = Integer(default=0)
    c9 = Integer(default=0)
    # Respondents who answered all nine elements: their count, and the sum and sum of
    # squares of their totals (9..36), so a change of IKM can be tested against noise.
    complete_n = Integer(default=0)
    complete_sum = Integer(default=0)
    complete_squares = Integer(default=0)


class UnitScoreDaily(Table):
    """score_daily summed per unit and day: its size grows with days, not responses."""

    id: Serial
    day = Date()
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade)
    n = Integer(default=0)
    s1 = Integer(default=0)
    s2 = Integer(default=0)
    s3 = Integer(default=0)
    s4 = Integer(default=0)
    s5 = Integer(default=0)
    s6 = Integer(default=0)
    s7 = Integer(default=0)
    s8 = Integer(default=0)
    s9 = Integer(default=0)
    c1 = Integer(default=0)
    c2 = Integer(default=0)
    c3 = Integer(default=0)
    c4 = Integer(default=0)
    c5 = Integer(default=0)
    c6 = Integer(default=0)
    c7 = Integer(default=0)
    c8 = Integer(default=0)
    c9 = Integer(default=0)
    complete_n = Integer(default=0)
    complete_sum = BigInt(default=0)
    complete_squares = BigInt(default=0)


class UnitScoreMonthly(Table):
    """unit_score_daily summed per calendar month (``month`` is its first day).

    Dashboards read whole months here and only the edge days of a custom range from
    unit_score_daily, so a year over hundreds of units is a few thousand rows.
    """

    id: Serial
    month = Date()
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade)
    n = Integer(default=0)
    s1 = BigInt(default=0)
    s2 = BigInt(default=0)
    s3 = BigInt(default=0)
    s4 = BigInt(default=0)
    s5 = BigInt(default=0)
    s6 = BigInt(default=0)
    s7 = BigInt(default=0)
    s8 = BigInt(default=0)
    s9 = BigInt(default=0)
    c1 = Integer(default=0)
    c2 = Integer(default=0)
    c3 = Integer(default=0)
    c4 = Integer(default=0)
    c5 = Integer(default=0)
    c6 = Integer(default=0)
    c7 = Integer(default=0)
    c8 = Integer(default=0)
    c9 = Integer(default=0)
    complete_n = Integer(default=0)
    complete_sum = BigInt(default=0)
    complete_squares = BigInt(default=0)


class OfficerScoreMonthly(Table):
    """score_daily summed per officer, unit and calendar month (``month`` is its first day).

    The training analysis reads officers' periods and before/after windows here: a year over
    thousands of officers is tens of thousands of rows, not one per officer and day.
    """

    id: Serial
    month = Date()
    unit = ForeignKey(Unit, null=False, on_delete=OnDelete.cascade)
    officer = ForeignKey(Officer, null=False, on_delete=OnDelete.cascade)
    n = Integer(default=0)
    s1 = BigInt(default=0)
    s2 = BigInt(default=0)
    s3 = BigInt(default=0)
    s4 = BigInt(default=0)
    s5 = BigInt(default=0)
    s6 = BigInt(default=0)
    s7 = BigInt(default=0)
    s8 = BigInt(default=0)
    s9 = BigInt(default=0)
    c1 = Integer(default=0)
    c2 = Integer(default=0)
    c3 = Integer(default=0)
    c4 = Integer(default=0)
    c5 = Integer(default=0)
    c6 = Integer(default=0)
    c7 = Integer(default=0)
    c8 = Integer(default=0)
    c9 = Integer(default=0)
    complete_n = Integer(default=0)
    complete_sum = BigInt(default=0)
    complete_squares = BigInt(default=0)
