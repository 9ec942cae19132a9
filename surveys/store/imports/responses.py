"""Validating imported responses against the units, points, types and officer that exist.

Pure: the lookups come in as plain mappings, so every rule is testable without a DB.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo

from surveys.method.elements import N_
from surveys.method.nip import normalise_nip
from surveys.method.periods import local_day
from surveys.method.scoring import ELEMENT_CODES
from surveys.store.imports.csvfile import (
    Invalid,
    Progress,
    Row,
    RowError,
    counted,
    parse_choice,
    parse_int,
    parse_moment,
    parse_text,
    row_error,
)
from surveys.store.tables import EDUCATIONS, GENDERS, OCCUPATIONS

REQUIRED = ("unit_code", "submitted_at", *ELEMENT_CODES)
OPTIONAL = (
    "service_point",
    "staff_nip",
    "gender",
    "age",
    "education",
    "occupation",
    "service_type",
    "comment",
)
COMMENT_LIMIT = 4000
EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
_NIP = re.compile(r"[0-9]{18}")


@dataclass(frozen=True)
class ResponseLookups:
    units: Mapping[str, int]  # code -> id
    service_points: Mapping[tuple[int, str], int]  # (unit id, casefolded name) -> id
    service_types: Mapping[tuple[int, str], int]  # (unit id, casefolded name) -> id
    officer: Mapping[str, int]  # NIP -> id
    # A forum session's paper forms all belong to its unit.
    session_unit: int | None = None


@dataclass(frozen=True)
class ResponseRow:
    """A validated row, in the values the response table stores."""

    line: int
    unit: int
    submitted_at: datetime
    local_day: date
    answers: tuple[int | None, ...]  # U1 … U9, None when not answered
    service_point: int | None
    service_type: int | None
    officer: int | None
    gender: str | None
    age: int | None
    education: str | None
    occupation: str | None
    comment: str
    dedupe_key: str


def referenced_codes(rows: Sequence[Row]) -> tuple[set[str], set[str]]:
    """The unit codes and officer NIPs the rows mention, to look them up in bulk."""
    units = {row.values["unit_code"] for row in rows}
    nips = {normalise_nip(row.values.get("staff_nip", "")) for row in rows}
    return units - {""}, nips - {""}


def validate_responses(
    rows: Sequence[Row],
    lookups: ResponseLookups,
    *,
    timezone: tzinfo,
    now: datetime,
    forum_session_id: int | None = None,
    progress: Progress | None = None,
    total: int = 0,
) -> tuple[list[ResponseRow], list[RowError]]:
    """Every row checked; the valid ones keyed so that re-importing them is a no-op.

    The key hashes the row's normalised content and how many identical rows came
    before it in the file: identical rows are distinct respondents, the same file
    twice is the same respondents.
    """
    valid: list[ResponseRow] = []
    errors: list[RowError] = []
    occurrences: dict[str, int] = {}
    for row in counted(rows, progress, 0, total or len(rows)):
        parsed, row_errors = _validate_row(row, lookups, timezone, now)
        if row_errors:
            errors.extend(row_errors)
            continue
        assert parsed is not None
        content = _content_key(parsed, forum_session_id)
        index = occurrences.get(content, 0)
        occurrences[content] = index + 1
        key = hashlib.sha256(f"{content}#{index}".encode()).hexdigest()
        valid.append(ResponseRow(line=row.line, dedupe_key=key, **parsed))
    return valid, errors


def _validate_row(
    row: Row, lookups: ResponseLookups, timezone: tzinfo, now: datetime
) -> tuple[dict | None, list[RowError]]:
    values = row.values
    errors: list[RowError] = []
    parsed: dict = {}

    def check(column: str, parse, into: str | None = None) -> None:
        try:
            parsed[into or column] = parse(values.get(column, ""))
        except Invalid as problem:
            errors.append(problem.at(row.line, column))

    check("unit_code", lambda code: _unit(code, lookups), into="unit")
    check("submitted_at", lambda text: _moment(text, timezone, now))
    answers = []
    for code in ELEMENT_CODES:
        check(code, _answer)
        answers.append(parsed.pop(code, None))
    if all(answer is None for answer in answers) and not any(
        error.column in ELEMENT_CODES for error in errors
    ):
        errors.append(
            row_error(row.line, "U1", N_("Kesembilan unsur U1–U9 kosong: tidak ada jawaban."))
        )
    unit = parsed.pop("unit", None)
    if unit is not None:
        check("service_point", lambda t: _named(t, unit, lookups.service_points, _NO_POINT))
        check("service_type", lambda t: _named(t, unit, lookups.service_types, _NO_TYPE))
    check("staff_nip", lambda t: _officer(t, lookups), into="officer")
    check("gender", lambda t: parse_choice(t, GENDERS) if t else None)
    check("age", lambda t: parse_int(t, 10, 120) if t else None)
    check("education", lambda t: parse_choice(t, EDUCATIONS) if t else None)
    check("occupation", lambda t: parse_choice(t, OCCUPATIONS) if t else None)
    check("comment", lambda t: parse_text(t, COMMENT_LIMIT))
    if errors:
        return None, errors
    moment = parsed.pop("submitted_at")
    return {
        "unit": unit,
        "submitted_at": moment,
        "local_day": local_day(moment, timezone),
        "answers": tuple(answers),
        **parsed,
    }, []


_NO_POINT = N_("Titik layanan %(value)s tidak ada di unit ini.")
_NO_TYPE = N_("Jenis layanan %(value)s tidak ada di unit ini.")


def _unit(code: str, lookups: ResponseLookups) -> int:
    if not code:
        raise Invalid(N_("Wajib diisi."))
    unit = lookups.units.get(code)
    if unit is None:
        raise Invalid(N_("Unit %(value)s tidak ditemukan."), value=code)
    if lookups.session_unit is not None and unit != lookups.session_unit:
        raise Invalid(N_("Unit %(value)s bukan unit sesi forum ini."), value=code)
    return unit


def _moment(text: str, timezone: tzinfo, now: datetime) -> datetime:
    if not text:
        raise Invalid(N_("Wajib diisi."))
    moment = parse_moment(text, timezone)
    if moment > now:
        raise Invalid(N_("Waktu %(value)s ada di masa depan."), value=text)
    if moment < EARLIEST:
        raise Invalid(N_("Waktu %(value)s terlalu lampau (sebelum tahun 2000)."), value=text)
    return moment


def _answer(text: str) -> int | None:
    if not text:
        return None  # not answered: not a zero
    if text not in ("1", "2", "3", "4"):
        raise Invalid(N_("Nilai unsur harus 1, 2, 3 atau 4, bukan %(value)s."), value=text)
    return int(text)


def _named(text: str, unit: int, known: Mapping[tuple[int, str], int], message: str) -> int | None:
    if not text:
        return None
    found = known.get((unit, text.casefold()))
    if found is None:
        raise Invalid(message, value=text)
    return found


def _officer(text: str, lookups: ResponseLookups) -> int | None:
    nip = normalise_nip(text)
    if not nip:
        return None
    if not _NIP.fullmatch(nip):
        raise Invalid(N_("NIP harus terdiri dari tepat 18 angka."))
    officer = lookups.officer.get(nip)
    if officer is None:
        raise Invalid(N_("Petugas dengan NIP %(value)s tidak terdaftar."), value=nip)
    return officer


def _content_key(parsed: dict, forum_session_id: int | None) -> str:
    return json.dumps(
        [
            "responses",
            forum_session_id,
            parsed["unit"],
            parsed["submitted_at"].astimezone(UTC).isoformat(),
            parsed["answers"],
            parsed["service_point"],
            parsed["service_type"],
            parsed["officer"],
            parsed["gender"],
            parsed["age"],
            parsed["education"],
            parsed["occupation"],
            parsed["comment"],
        ],
        ensure_ascii=False,
    )


def officer_on_duty(
    point: int | None,
    at: datetime,
    desk_officer: Mapping[int, int],
    duties: Mapping[int, Sequence[tuple[datetime, datetime | None, int]]],
) -> int | None:
    """Who served at ``point`` at ``at``: its desk card's officer, else the duty assignment
    covering that moment (the latest-starting one if several overlap)."""
    if point is None:
        return None
    if point in desk_officer:
        return desk_officer[point]
    covering = [
        (starts_at, officer)
        for starts_at, ends_at, officer in duties.get(point, ())
        if starts_at <= at and (ends_at is None or at < ends_at)
    ]
    return max(covering, key=lambda duty: duty[0])[1] if covering else None
