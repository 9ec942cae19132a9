"""Training events on a real database: participants, attendance, the training records a
finished event writes (never twice, with imports), the import of events, and who sees them."""

from __future__ import annotations

from datetime import date

import pytest

from surveys.evaluation import events as ev
from surveys.evaluation.event_import import import_events
from surveys.store.development_tables import EventParticipant, TrainingEvent
from surveys.store.imports import import_csv
from surveys.store.tables import Training
from tests.evaluation_samples import (
    BKPSDM,
    NIP_ANDI,
    NIP_RINA,
    NIP_SARI,
    event_fields,
    sample_event,
)
from tests.factories import make_officer
from tests.integration.test_imports import csv_text


@pytest.fixture
async def andi(disdukcapil):
    return await make_officer(disdukcapil["id"], NIP_ANDI, "Andi")


@pytest.fixture
async def rina(disdukcapil):
    return await make_officer(disdukcapil["id"], NIP_RINA, "Rina")


@pytest.fixture
async def sari(rsud):
    return await make_officer(rsud["id"], NIP_SARI, "Sari")


@pytest.fixture
async def event(andi, rina):
    return await sample_event(
        [NIP_ANDI, NIP_RINA], trainers="Dr. Yusuf, Ibu Lestari", cost=15_000_000
    )


async def _trainings() -> list[dict]:
    return await Training.select().order_by(Training.officer)


async def test_registering_reports_unknown_nips_and_never_registers_an_officer_twice(event):
    again = await ev.register_participants(BKPSDM, event, [NIP_ANDI, "199912312020121001"])
    assert again == ev.Registration(added=0, already=1, unknown=("199912312020121001",))
    assert await EventParticipant.count() == 2


async def test_finishing_writes_the_training_records_of_those_present_only(event, andi, rina):
    present = [p["id"] for p in await ev.participants(event) if p["officer"] == andi["id"]]
    await ev.record_attendance(BKPSDM, event, present)
    assert await ev.finish_event(BKPSDM, event) == 1
    records = await _trainings()
    assert [(r["officer"], r["title"], r["jp"]) for r in records] == [
        (andi["id"], "Pelayanan Prima", 32)
    ]
    assert (await ev.event_by_id(event))["status"] == "finished"


async def test_finishing_twice_writes_no_second_record(event):
    await ev.record_attendance(BKPSDM, event, [p["id"] for p in await ev.participants(event)])
    assert await ev.finish_event(BKPSDM, event) == 2
    assert await ev.finish_event(BKPSDM, event) == 0
    assert len(await _trainings()) == 2


async def test_a_record_imported_before_is_completed_not_doubled_and_keeps_its_certificate(
    event, andi
):
    imported = {
        "nip": NIP_ANDI,
        "title": "Pelayanan Prima",
        "form": "Pelatihan teknis",
        "classical": "ya",
        "competency": "teknis",
        "provider": "BPSDM Provinsi",
        "start_date": "2026-03-02",
        "end_date": "2026-03-05",
        "jp": "30",
        "certificate_no": "SERT/001",
    }
    assert (await import_csv("trainings", csv_text([imported]))).created == 1
    await ev.record_attendance(BKPSDM, event, [p["id"] for p in await ev.participants(event)])
    assert await ev.finish_event(BKPSDM, event) == 1  # Rina's only
    andi_record = next(r for r in await _trainings() if r["officer"] == andi["id"])
    assert (andi_record["jp"], andi_record["certificate_no"]) == (32, "SERT/001")
    assert len(await _trainings()) == 2


async def test_a_manager_sees_only_events_their_officers_take_part_in(
    event, sari, disdukcapil, rsud
):
    other = await ev.create_event(BKPSDM, event_fields(title="Triase IGD"))
    await ev.register_participants(BKPSDM, other, [NIP_SARI])
    empty = await ev.create_event(BKPSDM, event_fields(title="Belum ada peserta"))
    mine = await ev.events_in_scope(frozenset({disdukcapil["id"]}))
    assert [row["id"] for row in mine] == [event]
    assert await ev.event_visible(event, frozenset({disdukcapil["id"]}))
    assert not await ev.event_visible(other, frozenset({disdukcapil["id"]}))
    assert {row["id"] for row in await ev.events_in_scope(None)} == {event, other, empty}


async def test_events_of_a_period_are_those_ending_within_it(event):
    await ev.create_event(
        BKPSDM,
        event_fields(title="Tahun lalu", start_date=date(2025, 3, 2), end_date=date(2025, 3, 5)),
    )
    found = await ev.events_in_scope(None, date(2026, 1, 1), date(2026, 12, 31))
    assert [row["id"] for row in found] == [event]


def _event_row(nip: str, **changes) -> dict:
    row = {
        "title": "Pelayanan Prima",
        "form": "Pelatihan teknis",
        "classical": "ya",
        "competency": "teknis",
        "provider": "BPSDM Provinsi",
        "trainers": "Dr. Yusuf",
        "start_date": "2026-03-02",
        "end_date": "2026-03-05",
        "jp": "32",
        "cost": "",
        "nip": nip,
        "attended": "ya",
        "pre_score": "40",
        "post_score": "70",
    }
    return row | changes


async def test_importing_events_twice_creates_each_event_and_participant_once(andi, rina):
    text = csv_text([_event_row(NIP_ANDI), _event_row(NIP_RINA, attended="tidak")])
    first = await import_events(text)
    assert (first.created, first.errors) == (2, ())
    again = await import_events(text)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert await TrainingEvent.count() == 1
    rows = {p["nip"]: p for p in await ev.participants((await TrainingEvent.select())[0]["id"])}
    assert (rows[NIP_ANDI]["attended"], rows[NIP_ANDI]["post_score"]) == (True, 70)
    assert rows[NIP_RINA]["attended"] is False


async def test_an_event_file_with_one_bad_row_imports_nothing_and_names_every_problem(andi):
    text = csv_text(
        [
            _event_row(NIP_ANDI),
            _event_row("199912312020121001"),
            _event_row(NIP_ANDI, title="Lain", pre_score="120"),
            _event_row(NIP_ANDI, jp="40"),
        ]
    )
    report = await import_events(text)
    assert [(e.row, e.column) for e in report.errors] == [
        (3, "nip"),
        (4, "pre_score"),
        (5, "jp"),
    ]
    assert await TrainingEvent.count() == 0


async def test_reactions_group_by_provider_and_by_each_trainer(event, sari):
    from surveys.evaluation.reactions import (
        ALREADY,
        NOT_PARTICIPANT,
        STORED,
        Reaction,
        reactions_by_provider_and_trainer,
        record_reaction,
    )

    other = await ev.create_event(
        BKPSDM, event_fields(title="Triase", provider="RSUP", trainers="Dr. Yusuf")
    )
    await ev.register_participants(BKPSDM, other, [NIP_SARI])

    def answer(event_id: int, nip: str, value: int, key: str) -> Reaction:
        ratings = dict.fromkeys(
            ("material", "trainer", "method", "facilities", "usefulness"), value
        )
        return Reaction(event_id, nip, ratings, "", key)

    assert await record_reaction(answer(event, NIP_ANDI, 4, "a")) == STORED
    assert await record_reaction(answer(event, NIP_ANDI, 1, "b")) == ALREADY
    assert await record_reaction(answer(event, NIP_SARI, 1, "c")) == NOT_PARTICIPANT
    assert await record_reaction(answer(other, NIP_SARI, 2, "d")) == STORED
    events = await ev.events_in_scope(None)
    providers, trainers = await reactions_by_provider_and_trainer(events)
    assert [(p.name, p.summary.n, str(p.summary.overall.mean)) for p in providers] == [
        ("BPSDM Provinsi", 1, "4.00"),
        ("RSUP", 1, "2.00"),
    ]
    yusuf = next(t for t in trainers if t.name == "Dr. Yusuf")
    lestari = next(t for t in trainers if t.name == "Ibu Lestari")
    assert (yusuf.events, yusuf.summary.n, str(yusuf.summary.overall.mean)) == (2, 2, "3.00")
    assert (lestari.events, lestari.summary.n) == (1, 1)
