"""Shared set-up for the evaluation pages: the HR agency persona, an event with participants."""

from __future__ import annotations

import pytest

from surveys.evaluation import events as ev
from tests.evaluation_samples import NIP_ANDI, NIP_RINA, NIP_SARI, sample_event
from tests.factories import make_officer, make_user


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
    return await ev.event_by_id(await sample_event([NIP_ANDI, NIP_RINA]))


@pytest.fixture
async def rsud_event(officers) -> dict:
    """Triase IGD with Sari (RSUD) only."""
    return await ev.event_by_id(await sample_event([NIP_SARI], title="Triase IGD"))
