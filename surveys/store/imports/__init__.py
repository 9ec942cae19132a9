"""Imports of responses, officer and trainings (CSV or XLSX): all-or-nothing and idempotent.

The whole file is validated first and every bad row reported (row number, column,
reason); a file with any bad row imports nothing, and importing the same file again
changes nothing. Formats: see DESIGN.md and docs/samples/.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Literal

from surveys.method.elements import N_
from surveys.method.periods import DEFAULT_TIMEZONE
from surveys.store.audit import record_audit
from surveys.store.db import DUPLICATE_ROW
from surveys.store.imports import queries
from surveys.store.imports.csvfile import ImportReport, Progress, RowError, read_rows, row_error
from surveys.store.imports.officers import (
    OFFICER_OPTIONAL,
    OFFICER_REQUIRED,
    TRAINING_OPTIONAL,
    TRAINING_REQUIRED,
    plan_upsert,
    referenced_nips,
    validate_officer,
    validate_trainings,
)
from surveys.store.imports.responses import (
    OPTIONAL,
    REQUIRED,
    ResponseRow,
    officer_on_duty,
    referenced_codes,
    validate_responses,
)
from surveys.store.imports.siasn import siasn_as_suara
from surveys.store.responses import store_responses
from surveys.store.survey_versions import ensure_default_survey
from surveys.store.tables import Officer, Training

__all__ = ["ImportKind", "ImportReport", "RowError", "audit_import", "import_csv"]

ImportKind = Literal["responses", "staff", "trainings"]
# The table each kind of import writes, as audit entries name it.
IMPORTED_TABLE = {"responses": "response", "staff": "officer", "trainings": "training"}


async def import_csv(
    kind: ImportKind,
    source: str | bytes,
    progress: Progress | None = None,
    *,
    timezone: tzinfo = DEFAULT_TIMEZONE,
    forum_session_id: int | None = None,
) -> ImportReport:
    """Validate ``source`` (a whole file: CSV text, or a CSV's or an XLSX's bytes) and,
    when every row is good, store it.

    ``progress(done, total)`` is called during validation and writing. Responses
    imported for a forum session are its paper questionnaires (channel forum_paper).
    """
    if kind == "responses":
        return await _import_responses(source, progress, timezone, forum_session_id)
    if kind == "staff":
        return await _import_officers(source, progress)
    if kind == "trainings":
        return await _import_trainings(source, progress)
    raise ValueError(f"unknown import kind {kind!r}")


async def audit_import(
    kind: ImportKind, report: ImportReport, user_id: int | None, username: str, filename: str
) -> None:
    """An audit entry for an import that went through: who, which file, what it changed."""
    current = report.counts | {"file": filename}
    await record_audit(user_id, username, "import", IMPORTED_TABLE[kind], None, None, current)


def _rejected(rows: int, errors: list[RowError]) -> ImportReport:
    """Nothing stored; the problems in file order (a row's columns in checking order)."""
    ordered = sorted(errors, key=lambda error: error.row)
    return ImportReport(rows=rows, created=0, unchanged=0, errors=tuple(ordered))


async def _import_responses(
    source: str | bytes, progress: Progress | None, timezone: tzinfo, forum_session_id: int | None
) -> ImportReport:
    # Rows of the wrong length are reported together with the other rows' problems.
    rows, broken = read_rows(source, REQUIRED, OPTIONAL)
    if not rows:
        return _rejected(0, broken)
    session = None
    if forum_session_id is not None:
        session = await queries.forum_session(forum_session_id)
        if session is None:
            missing = row_error(
                1, "", N_("Sesi forum %(id)s tidak ditemukan."), id=forum_session_id
            )
            return _rejected(len(rows), [missing, *broken])
    unit_codes, nips = referenced_codes(rows)
    lookups = await queries.response_lookups(
        unit_codes, nips, session_unit=session["unit"] if session else None
    )
    total = 2 * len(rows)
    valid, errors = validate_responses(
        rows,
        lookups,
        timezone=timezone,
        now=datetime.now(timezone),
        forum_session_id=forum_session_id,
        progress=progress,
        total=total,
    )
    if errors or broken:
        return _rejected(len(rows), broken + errors)
    values = await _response_values(valid, session)

    def written(done: int, fresh: int) -> None:  # the writing phase spans len(rows) steps
        if progress is not None:
            progress(len(rows) + done * len(rows) // fresh, total)

    created = await store_responses(values, written)
    if progress is not None:
        progress(total, total)
    return ImportReport(rows=len(rows), created=created, unchanged=len(rows) - created)


async def _response_values(rows: list[ResponseRow], session: dict | None) -> list[dict]:
    """Column values per response, with the serving officer filled in where known."""
    survey_id = await ensure_default_survey()
    channel = "forum_paper" if session else "import"
    session_point = session["service_point"] if session else None
    points: set[int] = {
        point
        for point in (row.service_point or session_point for row in rows if row.officer is None)
        if point is not None
    }
    desk_officer, duties = await queries.point_officers(points) if points else ({}, {})
    values = []
    for row in rows:
        point = row.service_point or session_point
        values.append(
            {
                "survey": survey_id,
                "unit": row.unit,
                "service_point": point,
                "service_type": row.service_type,
                "officer": row.officer
                or officer_on_duty(point, row.submitted_at, desk_officer, duties),
                "forum_session": session["id"] if session else None,
                "channel": channel,
                "submitted_at": row.submitted_at,
                "local_day": row.local_day,
                **{f"u{i}": value for i, value in enumerate(row.answers, start=1)},
                "gender": row.gender,
                "age": row.age,
                "education": row.education,
                "occupation": row.occupation,
                "comment": row.comment,
                "locale": "id",
                "status": "valid",
                "flag_reason": "",
                "dedupe_key": row.dedupe_key,
            }
        )
    return values


async def _import_officers(source: str | bytes, progress: Progress | None) -> ImportReport:
    # Rows of the wrong length are reported together with the other rows' problems.
    rows, broken = read_rows(source, OFFICER_REQUIRED, OFFICER_OPTIONAL)
    if not rows:
        return _rejected(0, broken)
    units = await queries.unit_ids_by_code({row.values["unit_code"] for row in rows})
    valid, errors = validate_officer(rows, units, progress=progress)
    if errors or broken:
        return _rejected(len(rows), broken + errors)
    nips = [nip for nip, _ in valid]
    try:
        plan = plan_upsert(valid, await queries.stored_officer(nips))
        await queries.apply_plan(Officer, plan, progress, len(rows), 2 * len(rows))
    except DUPLICATE_ROW:  # the same file imported meanwhile: plan again against its rows
        plan = plan_upsert(valid, await queries.stored_officer(nips))
        await queries.apply_plan(Officer, plan, progress, len(rows), 2 * len(rows))
    return ImportReport(len(rows), len(plan.inserts), plan.unchanged, len(plan.updates))


async def _import_trainings(source: str | bytes, progress: Progress | None) -> ImportReport:
    # Rows of the wrong length are reported together with the other rows' problems.
    rows, broken = read_rows(siasn_as_suara(source), TRAINING_REQUIRED, TRAINING_OPTIONAL)
    if not rows:
        return _rejected(0, broken)
    officer = await queries.officer_ids_by_nip(referenced_nips(rows))
    valid, errors = validate_trainings(rows, officer, progress=progress)
    if errors or broken:
        return _rejected(len(rows), broken + errors)
    officer_ids = set(officer.values())
    try:
        plan = plan_upsert(valid, await queries.stored_trainings(officer_ids))
        await queries.apply_plan(Training, plan, progress, len(rows), 2 * len(rows))
    except DUPLICATE_ROW:  # the same file imported meanwhile: plan again against its rows
        plan = plan_upsert(valid, await queries.stored_trainings(officer_ids))
        await queries.apply_plan(Training, plan, progress, len(rows), 2 * len(rows))
    return ImportReport(len(rows), len(plan.inserts), plan.unchanged, len(plan.updates))
