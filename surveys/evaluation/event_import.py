"""Importing events with their participants (and Level 2 test scores) from one CSV or XLSX file.

One row per participant; the event's columns repeat on each of its rows, and an event is
known by its title and start date. Like every import: the whole file is checked first,
every bad row reported, a file with a bad row imports nothing, and importing the same
file again changes nothing.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from surveys.evaluation.events import EARLIEST_EVENT_DAY, LATEST_EVENT_DAY
from surveys.method.elements import N_
from surveys.store.db import lock_for_replace, write_transaction
from surveys.store.development_tables import EventParticipant, TrainingEvent
from surveys.store.imports import queries as stored
from surveys.store.imports.csvfile import (
    ImportReport,
    Invalid,
    Row,
    RowError,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    read_rows,
    row_error,
)
from surveys.store.imports.officers import (
    MAX_JP,
    parse_competency,
    parse_fields,
    plan_upsert,
    referenced_nips,
    registered_officer,
    repeated_row,
)

EVENT_REQUIRED = (
    "title",
    "form",
    "classical",
    "competency",
    "start_date",
    "end_date",
    "jp",
    "nip",
)
EVENT_OPTIONAL = ("provider", "trainers", "cost", "attended", "pre_score", "post_score")
EVENT_COLUMNS = (
    "title",
    "form",
    "classical",
    "competency",
    "provider",
    "trainers",
    "start_date",
    "end_date",
    "jp",
    "cost",
)
MAX_COST = 10**12
EventKey = tuple[str, date]


@dataclass(frozen=True)
class EventRows:
    """A checked file: each event's values, and each participant's by (event, officer)."""

    events: dict[EventKey, dict[str, Any]]
    participants: list[tuple[tuple[EventKey, int], dict[str, Any]]]


def _event_day(text: str) -> date:
    day = parse_date(text)
    if not EARLIEST_EVENT_DAY <= day <= LATEST_EVENT_DAY:
        raise Invalid(
            N_("%(value)s di luar tahun %(start)s–%(end)s."),
            value=text,
            start=EARLIEST_EVENT_DAY.year,
            end=LATEST_EVENT_DAY.year,
        )
    return day


def _optional(parse):
    return lambda text: parse(text) if text else None


def validate_event_rows(
    rows: Sequence[Row], officer: Mapping[str, int]
) -> tuple[EventRows, list[RowError]]:
    """Check every row; the rows of one event must agree on the event's columns."""
    events: dict[EventKey, dict[str, Any]] = {}
    first_line: dict[EventKey, int] = {}
    seen: dict[tuple[EventKey, int], int] = {}
    participants: list[tuple[tuple[EventKey, int], dict[str, Any]]] = []
    errors: list[RowError] = []
    for row in rows:
        values, row_errors = parse_fields(
            row,
            {
                "title": lambda t: parse_text(t, 300, required=True),
                "form": lambda t: parse_text(t, 100, required=True),
                "classical": parse_bool,
                "competency": parse_competency,
                "provider": lambda t: parse_text(t, 200),
                "trainers": lambda t: parse_text(t, 500),
                "start_date": _event_day,
                "end_date": _event_day,
                "jp": lambda t: parse_int(t, 1, MAX_JP),
                "cost": _optional(lambda t: parse_int(t, 0, MAX_COST)),
                "nip": lambda t: registered_officer(t, officer),
                "attended": lambda t: parse_bool(t) if t else True,
                "pre_score": _optional(lambda t: parse_int(t, 0, 100)),
                "post_score": _optional(lambda t: parse_int(t, 0, 100)),
            },
        )
        start, end = values.get("start_date"), values.get("end_date")
        if start is not None and end is not None and end < start:
            row_errors.append(
                row_error(row.line, "end_date", N_("Tanggal selesai sebelum tanggal mulai."))
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        key: EventKey = (values["title"], values["start_date"])
        event = {name: values[name] for name in EVENT_COLUMNS}
        if key not in events:
            events[key], first_line[key] = event, row.line
        elif events[key] != event:
            differing = next(name for name in EVENT_COLUMNS if events[key][name] != event[name])
            errors.append(
                row_error(
                    row.line,
                    differing,
                    N_("Berbeda dengan baris %(row)s untuk kegiatan yang sama."),
                    row=first_line[key],
                )
            )
            continue
        participant_key = (key, values["nip"])
        if participant_key in seen:
            errors.append(repeated_row(row.line, "nip", seen[participant_key]))
            continue
        seen[participant_key] = row.line
        # A blank score leaves one entered on the event page as it is.
        scores = {"attended": values["attended"]} | {
            name: values[name] for name in ("pre_score", "post_score") if values[name] is not None
        }
        participants.append((participant_key, scores))
    return EventRows(events, participants), errors


async def import_events(source: str | bytes) -> ImportReport:
    """Validate ``source`` (a whole file: CSV text, or a CSV's or an XLSX's bytes) and, when
    every row is good, store it.

    The counts are of participants: created, updated or unchanged."""
    rows, broken = read_rows(source, EVENT_REQUIRED, EVENT_OPTIONAL)
    if not rows:
        return _rejected(0, broken)
    officer = await stored.officer_ids_by_nip(referenced_nips(rows))
    checked, errors = validate_event_rows(rows, officer)
    if errors or broken:
        return _rejected(len(rows), broken + errors)
    async with write_transaction(TrainingEvent._meta.db):
        await lock_for_replace(TrainingEvent)
        await lock_for_replace(EventParticipant)
        event_ids = await _store_events(checked.events)
        items = [
            (
                (event_ids[key], officer_id),
                {"event": event_ids[key], "officer": officer_id, **scores},
            )
            for (key, officer_id), scores in checked.participants
        ]
        plan = plan_upsert(items, await _stored_participants(set(event_ids.values())))
        if plan.inserts:
            await EventParticipant.insert(*[EventParticipant(**v) for v in plan.inserts])
        for row_id, changes in plan.updates:
            await EventParticipant.update(**changes).where(EventParticipant.id == row_id)
    return ImportReport(len(rows), len(plan.inserts), plan.unchanged, len(plan.updates))


def _rejected(rows: int, errors: list[RowError]) -> ImportReport:
    ordered = sorted(errors, key=lambda error: error.row)
    return ImportReport(rows=rows, created=0, unchanged=0, errors=tuple(ordered))


async def _store_events(events: dict[EventKey, dict[str, Any]]) -> dict[EventKey, int]:
    """The id of each event, stored (new) or brought up to the file's values (known)."""
    titles = list({title for title, _ in events})
    known = await TrainingEvent.select().where(TrainingEvent.title.is_in(titles or [""]))
    existing = {
        (row["title"], row["start_date"]): (row["id"], {c: row[c] for c in EVENT_COLUMNS})
        for row in known
    }
    plan = plan_upsert(list(events.items()), existing)
    for row_id, changes in plan.updates:
        await TrainingEvent.update(**changes).where(TrainingEvent.id == row_id)
    ids = {key: existing[key][0] for key in events if key in existing}
    for values in plan.inserts:
        event = TrainingEvent(**values, token=secrets.token_urlsafe(16))
        await event.save()
        ids[(values["title"], values["start_date"])] = event.id
    return ids


async def _stored_participants(event_ids: set[int]) -> dict[tuple[int, int], tuple[int, dict]]:
    rows = await EventParticipant.select().where(
        EventParticipant.event.is_in(list(event_ids) or [-1])
    )
    return {
        (row["event"], row["officer"]): (
            row["id"],
            {
                name: row[name]
                for name in ("event", "officer", "attended", "pre_score", "post_score")
            },
        )
        for row in rows
    }
