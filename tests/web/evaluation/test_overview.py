"""The overview of a year's events: four levels per event, sorted on request, exported as CSV
and XLSX, within the reader's units."""

from __future__ import annotations

import io
from datetime import date

from surveys.evaluation import events as ev
from surveys.evaluation.overview import EventRow, sorted_rows
from surveys.evaluation.reactions import Reaction, record_reaction
from tests.evaluation_samples import BKPSDM, NIP_ANDI, NIP_RINA, NIP_SARI, event_fields
from tests.factories import login


async def _rated(title: str, nips: list[str], value: int) -> int:
    event_id = await ev.create_event(BKPSDM, event_fields(title=title))
    await ev.register_participants(BKPSDM, event_id, nips)
    for nip in nips:
        ratings = dict.fromkeys(
            ("material", "trainer", "method", "facilities", "usefulness"), value
        )
        await record_reaction(Reaction(event_id, nip, ratings, "", f"{title}{nip}"))
    return event_id


async def test_events_sort_by_their_reaction_and_export_within_the_managers_units(
    client, manager_of_disdukcapil, officers
):
    low = await _rated("Arsip Digital", [NIP_ANDI], 2)
    high = await _rated("Pelayanan Prima", [NIP_RINA], 4)
    hospital = await _rated("Triase IGD", [NIP_SARI], 3)
    await login(client, manager_of_disdukcapil)
    page = await client.get("/development/events/overview?year=2026&sort=reaction")
    assert page.status_code == 200
    order = [page.text.index(f'data-testid="overview-{i}"') for i in (high, low)]
    assert order == sorted(order)
    assert f'data-testid="overview-{hospital}"' not in page.text
    csv = await client.get("/development/events/overview.csv?year=2026&sort=reaction")
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0].startswith("title,provider,start_date")
    assert [line.split(",")[0] for line in lines[1:]] == ["Pelayanan Prima", "Arsip Digital"]
    xlsx = await client.get("/development/events/overview.xlsx?year=2026")
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet.max_row == 3


async def test_another_year_shows_none_of_this_years_events(
    client, manager_of_disdukcapil, officers
):
    await _rated("Pelayanan Prima", [NIP_ANDI], 4)
    await login(client, manager_of_disdukcapil)
    page = await client.get("/development/events/overview?year=2025")
    assert 'data-testid="no-events"' in page.text


def _row(identifier: int, reaction: str | None) -> EventRow:
    from decimal import Decimal

    day = date(2026, 3, identifier)
    mean = None if reaction is None else Decimal(reaction)
    return EventRow(identifier, "", "", day, day, 8, 0, 0, mean, 0, None, 0, None, None, 0, 0, None)


def test_rows_without_a_value_come_last_whichever_way_they_are_sorted():
    rows = [_row(1, None), _row(2, "3.10"), _row(3, "2.50")]
    assert [r.id for r in sorted_rows(rows, "reaction")] == [2, 3, 1]
    assert [r.id for r in sorted_rows(rows, "reaction", descending=False)] == [3, 2, 1]
    assert [r.id for r in sorted_rows(rows, "nonsense")] == [3, 2, 1]  # by date, newest first
