"""Shared pieces of the competency tests: the dictionary, a position, officers, personas."""

from __future__ import annotations

import pytest

from surveys.store.competency_dictionary import ensure_competency_dictionary
from surveys.store.development_tables import Competency
from tests.factories import make_officer, make_user

RINA_NIP = "199001012015032001"
BUDI_NIP = "198502022010011002"
PELAKSANA = "Pelaksana Pelayanan"


@pytest.fixture
async def dictionary(db):
    await ensure_competency_dictionary()
    rows = await Competency.select(Competency.id, Competency.code)
    return {row["code"]: row["id"] for row in rows}


@pytest.fixture
async def bkpsdm(db):
    """Ratna of the city's HR agency: city-wide over officers' development."""
    return await make_user("ratna", "hr")


@pytest.fixture
async def rina(disdukcapil):
    """A counter officer of Disdukcapil."""
    return await make_officer(disdukcapil["id"], RINA_NIP, "Rina Marlina", position=PELAKSANA)


@pytest.fixture
async def budi(rsud):
    """An officer of the hospital: another unit."""
    return await make_officer(rsud["id"], BUDI_NIP, "Budi Santoso", position=PELAKSANA)
