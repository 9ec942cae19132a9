"""Rules against ballot stuffing (pure): limits that refuse, and signals that flag.

Refused submissions are not stored: a second answer from one device at one point on
one day, or a kiosk answer too soon after the previous one. Suspicious ones are stored
with status "flagged" and a reason, so a manager can accept or reject them; the
aggregates count only valid responses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from surveys.method.elements import N_

# One answer per device per service point per local day.
DEVICE_DAILY_LIMIT = 1
# A kiosk is shared by everyone in the queue: a minimum gap between answers instead.
KIOSK_MIN_INTERVAL = timedelta(seconds=15)
# This many identical answer sets at one point within the window look like a burst
# (counting the one being checked). Forums gather a crowd at once: a higher bar.
BURST_WINDOW = timedelta(minutes=5)
BURST_SIZE = {"counter": 4, "kiosk": 4, "forum": 12}
# Counters and kiosks serve on weekdays and Saturdays during the day; forums may meet
# in the evening or on Sunday, so the hours rule does not apply to them.
SERVICE_OPENS = time(7, 0)
SERVICE_CLOSES = time(18, 0)
SUNDAY = 6

FLAG_BURST = "burst"
FLAG_OUTSIDE_HOURS = "outside_hours"
FLAG_LABELS = {
    FLAG_BURST: N_("Banyak jawaban identik dalam waktu singkat"),
    FLAG_OUTSIDE_HOURS: N_("Dikirim di luar jam pelayanan"),
}


def device_limit_reached(earlier_today: int, limit: int = DEVICE_DAILY_LIMIT) -> bool:
    """Whether a device that already answered ``earlier_today`` times here must be refused."""
    return earlier_today >= limit


def kiosk_too_soon(
    others: Iterable[datetime], at: datetime, interval: timedelta = KIOSK_MIN_INTERVAL
) -> bool:
    """Whether another answer at the kiosk lies within ``interval`` of ``at``, before or
    after: an answer the kiosk queued while offline arrives after later ones."""
    return any(abs(at - other) < interval for other in others)


def outside_service_hours(local_time: datetime) -> bool:
    """Before opening, from closing time on, or on a Sunday (in the unit's local time)."""
    moment = local_time.time()
    return local_time.weekday() == SUNDAY or moment < SERVICE_OPENS or moment >= SERVICE_CLOSES


@dataclass(frozen=True)
class Signals:
    """What is known about one submission when it is written."""

    point_kind: str  # counter, kiosk or forum
    local_time: datetime  # aware, in the unit's time zone
    identical_recent: int  # earlier responses at the point with the same answers in the window


def flag_reason(signals: Signals) -> str:
    """The reason to flag a submission, or "" when it looks ordinary."""
    if signals.identical_recent + 1 >= BURST_SIZE.get(signals.point_kind, BURST_SIZE["counter"]):
        return FLAG_BURST
    if signals.point_kind != "forum" and outside_service_hours(signals.local_time):
        return FLAG_OUTSIDE_HOURS
    return ""


def answer_vector(answers: Mapping[str, int | None]) -> tuple[int | None, ...]:
    """The nine element answers in order: the identity used to spot bursts."""
    return tuple(answers.get(f"U{i}") for i in range(1, 10))
