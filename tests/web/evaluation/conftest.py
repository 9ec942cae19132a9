"""Shared set-up for the evaluation pages: the HR agency persona, an event with participants."""

from __future__ import annotations

from datetime import date

import pytest

from surveys.evaluation import events as ev
from surveys.store.audit import Someone
from tests.factories import make_officer, make_user

NIP_ANDI = "198503102010011001"
NIP_RINA = "199002282015032002"
NIP_SARI = "199105122019022003"
BKPSDM = Someone(None, "bkpsdm")


def event_fields(**changes) -> ev.EventFields:
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


async def make_competency(code: str = "PP", name: str = "Pelayanan Publik") -> dict:
    from surveys.store.development_tables import Competency

    competency = Competency(code=code, name=name, kind="manajerial")
    await competency.save()
    return {"id": competency.id, "code": code, "name": name}


@pytest.fixture
async def ratna_from_bkpsdm(db):
    return await make_user("ratna", "hr")


@pytest.fixture
async def officers(disdukcapil, rsud):
    return {
        "andi": await make_officer(disdukcapil["id"], NIP_ANDI, "Andi"),
        "rina": await make_officer(disdukcapil["id"], NIP_RINA, "Rina"),
        "sari": await make_officer(rsud["id"], NIP_SARI, "Sari"),
    }


@pytest.fixture
async def event(officers) -> dict:
    """Pelayanan Prima with Andi and Rina (Disdukcapil) registered."""
    event_id = await ev.create_event(BKPSDM, event_fields())
    await ev.register_participants(BKPSDM, event_id, [NIP_ANDI, NIP_RINA])
    return await ev.event_by_id(event_id)


@pytest.fixture
async def rsud_event(officers) -> dict:
    """Triase IGD with Sari (RSUD) only."""
    event_id = await ev.create_event(BKPSDM, event_fields(title="Triase IGD"))
    await ev.register_participants(BKPSDM, event_id, [NIP_SARI])
    return await ev.event_by_id(event_id)
