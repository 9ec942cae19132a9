"""The event report as a PDF: BKPSDM and the participants' own unit head download it, in their
language, with the four levels side by side and each level's n; other units' heads and
facilitators do not."""

from __future__ import annotations

import pytest

from surveys.evaluation import events as ev
from tests.evaluation_samples import BKPSDM
from tests.factories import login
from tests.pdf_text import pdf_text


@pytest.fixture
async def tested_event(event) -> dict:
    """Pelayanan Prima: Andi and Rina present, both tested (45 → 70 and 60 → 90)."""
    scores = iter([(45, 70), (60, 90)])
    results = {
        p["id"]: ev.ParticipantResult(True, *next(scores))
        for p in await ev.participants(event["id"])
    }
    await ev.record_results(BKPSDM, event["id"], results)
    return event


def _pdf(event: dict, language: str = "id") -> str:
    return f"/development/events/{event['id']}/report.pdf?lang={language}"


async def test_ratna_downloads_the_report_with_the_four_levels_and_their_n(
    client, ratna_from_bkpsdm, tested_event
):
    await login(client, ratna_from_bkpsdm)
    response = await client.get(_pdf(tested_event))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert "attachment" in response.headers["content-disposition"]
    text = pdf_text(response.content)
    assert "Laporan evaluasi kegiatan: Pelayanan Prima" in text
    levels = ["1 · Reaksi", "2 · Pembelajaran", "3 · Penerapan", "4 · Warga"]
    positions = [text.index(level) for level in levels]
    assert positions == sorted(positions)  # side by side, in order
    assert "2 hadir dari 2 terdaftar" in text
    assert "n = 2" in text  # the two tested participants (and the two present)
    assert "n = 0" in text  # no reaction yet
    # The plain reading of each level, in Indonesian, with its small samples said so.
    assert "Pembelajaran: 2 peserta dengan kedua tes, terlalu sedikit." in text
    assert "Reaksi: baru 0 peserta menilai, terlalu sedikit untuk disimpulkan." in text
    assert "Level 4: apa yang dirasakan warga" in text


async def test_the_report_is_in_english_for_an_english_reader(
    client, ratna_from_bkpsdm, tested_event
):
    await login(client, ratna_from_bkpsdm)
    text = pdf_text((await client.get(_pdf(tested_event, "en"))).content)
    assert "Learning: 2 participants took both tests, too few to read." in text
    assert "Pembelajaran: 2 peserta" not in text
    assert "1 · Reaction" in text and "4 · Citizens" in text


async def test_the_participants_unit_head_downloads_it_and_another_units_head_does_not(
    client, manager_of_disdukcapil, manager_of_rsud, tested_event
):
    await login(client, manager_of_disdukcapil)
    response = await client.get(_pdf(tested_event))
    assert response.status_code == 200 and response.content.startswith(b"%PDF-")
    await login(client, manager_of_rsud)
    assert (await client.get(_pdf(tested_event))).status_code == 404


async def test_a_facilitator_may_not_download_it(client, facilitator, tested_event):
    await login(client, facilitator)
    response = await client.get(_pdf(tested_event))
    assert response.status_code in (302, 303, 401, 403)
    assert not response.content.startswith(b"%PDF-")


async def test_the_event_page_links_the_pdf(client, ratna_from_bkpsdm, tested_event):
    await login(client, ratna_from_bkpsdm)
    page = await client.get(f"/development/events/{tested_event['id']}")
    assert f'href="/development/events/{tested_event["id"]}/report.pdf"' in page.text
