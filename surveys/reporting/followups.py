"""Follow-up actions (rencana tindak lanjut, RTL): their states and the PEKPPP indicators.

Pure: plain values in, small frozen dataclasses out. PermenPANRB 29/2022 (PEKPPP) scores
the share of follow-up items done and how fast they were done.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from surveys.method.elements import N_
from surveys.method.scoring import round_half_up

STATUSES = ("planned", "in_progress", "done", "cancelled")
STATUS_LABELS = {
    "planned": N_("Direncanakan"),
    "in_progress": N_("Sedang dikerjakan"),
    "done": N_("Selesai"),
    "cancelled": N_("Dibatalkan"),
}
OPEN_STATUSES = ("planned", "in_progress")


@dataclass(frozen=True)
class FollowUpItem:
    """One RTL item as the report and the indicators need it."""

    id: int
    element: str
    problem: str
    action: str
    responsible: str
    target_date: date
    status: str
    done_on: date | None
    evidence: str
    created_on: date  # local day the item was created
    period_start: date
    period_end: date

    def overdue(self, today: date) -> bool:
        return self.status in OPEN_STATUSES and self.target_date < today

    @property
    def days_to_done(self) -> int | None:
        if self.status != "done" or self.done_on is None:
            return None
        return max((self.done_on - self.created_on).days, 0)


@dataclass(frozen=True)
class FollowUpIndicators:
    """PEKPPP figures over a set of items; cancelled items count in neither part of the share."""

    total: int  # items that count (all but cancelled)
    done: int
    cancelled: int
    overdue: int
    share_done: Decimal | None  # percent, 2 decimals; None without items
    median_days: Decimal | None  # 1 decimal; None without done items
    mean_days: Decimal | None

    @property
    def open(self) -> int:
        return self.total - self.done


def indicators(items: Iterable[FollowUpItem], today: date) -> FollowUpIndicators:
    items = list(items)
    counted = [item for item in items if item.status != "cancelled"]
    done = [item for item in counted if item.status == "done"]
    days = [item.days_to_done for item in done if item.days_to_done is not None]
    share = round_half_up(Fraction(100 * len(done), len(counted)), 2) if counted else None
    median = round_half_up(Fraction(statistics.median(days)), 1) if days else None
    mean = round_half_up(Fraction(sum(days), len(days)), 1) if days else None
    return FollowUpIndicators(
        total=len(counted),
        done=len(done),
        cancelled=len(items) - len(counted),
        overdue=sum(1 for item in items if item.overdue(today)),
        share_done=share,
        median_days=median,
        mean_days=mean,
    )
