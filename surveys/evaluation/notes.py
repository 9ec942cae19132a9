"""Interviews and focus groups about an event: notes coded to competencies and themes.

A focus group is held as a forum session (its QR attendance and inputs are the forum's); the
note names that session. An interview is a note on its own.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date

from surveys.store.audit import Actor, record_audit
from surveys.store.db import write_transaction
from surveys.store.development_tables import EventNote
from surveys.store.tables import ForumSession


@dataclass(frozen=True)
class NoteFields:
    kind: str  # interview or fgd
    held_on: date
    forum_session: int | None
    respondent: str
    themes: str
    competencies: list[int]
    notes: str


async def add_note(actor: Actor, event_id: int, fields: NoteFields) -> int:
    async with write_transaction(EventNote._meta.db):
        note = EventNote(event=event_id, created_by=actor.id, **asdict(fields))
        await note.save()
        current = {"event": event_id, **asdict(fields)}
        await record_audit(actor.id, actor.username, "create", "event_note", note.id, None, current)
    return note.id


async def notes_of_event(event_id: int) -> list[dict]:
    return await (
        EventNote.select(
            EventNote.id,
            EventNote.kind,
            EventNote.held_on,
            EventNote.forum_session,
            EventNote.respondent,
            EventNote.themes,
            EventNote.competencies,
            EventNote.notes,
        )
        .where(EventNote.event == event_id)
        .order_by(EventNote.held_on)
        .output(load_json=True)
    )


async def forum_session_choices() -> list[dict]:
    """Forum sessions a focus group may be: the latest first."""
    return await (
        ForumSession.select(ForumSession.id, ForumSession.held_on, ForumSession.place)
        .order_by(ForumSession.held_on, ascending=False)
        .limit(200)
    )
