"""Shared pieces of the training evaluation tests: three officers' NIPs, the HR agency as the
actor, and the sample event Pelayanan Prima (four days in March 2026, 32 JP)."""

from __future__ import annotations

from datetime import date

from surveys.evaluation import events as ev
from surveys.store.audit import Someone

NIP_ANDI = "198503102010011001"
NIP_RINA = "199002282015032002"
NIP_SARI = "199105122019022003"
BKPSDM = Someone(None, "bkpsdm")


def event_fields(**changes) -> ev.EventFields:
    """Pelayanan Prima, with ``changes`` to any of its fields."""
    values = {
        "title": "Pelayanan Prima",
        "form": "Pelatihan teknis",
        "classical": True,
        "competency": "teknis",
        "provider": "BPSDM Provinsi",
        "trainers": "Dr. Yusuf",
        "start_date": date(2026, 3, 2),
        "end_date": date(2026, 3, 5),
        "jp": 32,
        "cost": None,
    }
    return ev.EventFields(**(values | changes))


async def sample_event(nips: list[str], **changes) -> int:
    """The id of a new sample event (with ``changes``) with these officers registered."""
    event_id = await ev.create_event(BKPSDM, event_fields(**changes))
    await ev.register_participants(BKPSDM, event_id, nips)
    return event_id
