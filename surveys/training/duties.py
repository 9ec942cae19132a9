"""Duty assignments (who served at which service point when): overlap checks. Pure.

An assignment covers [starts_at, ends_at); an open end (None) runs until further notice.
Two overlapping assignments make a response's serving officer ambiguous, so the
administration pages warn about them (they are not refused: handovers happen).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any


def overlap(
    a_start: datetime, a_end: datetime | None, b_start: datetime, b_end: datetime | None
) -> bool:
    """Whether [a_start, a_end) and [b_start, b_end) share any instant."""
    return (b_end is None or a_start < b_end) and (a_end is None or b_start < a_end)


def conflicts(
    duty: Mapping[str, Any], others: Iterable[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Other assignments overlapping ``duty`` in time that share its officer or its point."""
    found = []
    for other in others:
        if other["id"] == duty["id"]:
            continue
        if other["officer"] != duty["officer"] and other["service_point"] != duty["service_point"]:
            continue
        if overlap(duty["starts_at"], duty["ends_at"], other["starts_at"], other["ends_at"]):
            found.append(other)
    return found
