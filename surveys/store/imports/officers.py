"""Validating imported officer and training records, and planning their upsert. Pure."""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from surveys.method.elements import N_
from surveys.method.nip import normalise_nip, validate_nip
from surveys.store.imports.csvfile import (
    Invalid,
    Progress,
    Row,
    RowError,
    counted,
    parse_bool,
    parse_date,
    parse_int,
    parse_text,
    row_error,
)

OFFICER_REQUIRED = ("nip", "name", "unit_code")
OFFICER_OPTIONAL = ("position",)
TRAINING_REQUIRED = (
    "nip",
    "title",
    "form",
    "classical",
    "competency",
    "start_date",
    "end_date",
    "jp",
)
TRAINING_OPTIONAL = ("provider", "certificate_no")
COMPETENCIES = ("teknis", "manajerial", "sosial_kultural")
MAX_JP = 1000
Key = TypeVar("Key", bound=Hashable)


@dataclass(frozen=True)
class Plan:
    """What an upsert will do: rows to insert, (id, changes) to update, how many are equal."""

    inserts: list[dict[str, Any]] = field(default_factory=list)
    updates: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    unchanged: int = 0


def plan_upsert(
    items: Sequence[tuple[Key, dict[str, Any]]],
    existing: Mapping[Key, tuple[int, dict[str, Any]]],
) -> Plan:
    """Compare validated rows with stored ones by key: new, changed or the same."""
    inserts: list[dict[str, Any]] = []
    updates: list[tuple[int, dict[str, Any]]] = []
    for key, values in items:
        stored = existing.get(key)
        if stored is None:
            inserts.append(values)
            continue
        row_id, old = stored
        changes = {name: value for name, value in values.items() if old.get(name) != value}
        if changes:
            updates.append((row_id, changes))
    return Plan(inserts, updates, len(items) - len(inserts) - len(updates))


def referenced_nips(rows: Sequence[Row]) -> set[str]:
    return {normalise_nip(row.values["nip"]) for row in rows} - {""}


def validate_officer(
    rows: Sequence[Row],
    units: Mapping[str, int],
    *,
    today: date | None = None,
    progress: Progress | None = None,
) -> tuple[list[tuple[str, dict[str, Any]]], list[RowError]]:
    """(NIP, values) per valid row; a NIP twice in one file is an error."""
    valid: list[tuple[str, dict[str, Any]]] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in counted(rows, progress, 0, 2 * len(rows)):
        values, row_errors = parse_fields(
            row,
            {
                "nip": lambda t: _nip(t, today),
                "name": lambda t: parse_text(t, 200, required=True),
                "unit_code": lambda t: _unit(t, units),
                "position": lambda t: parse_text(t, 200),
            },
        )
        nip = values.get("nip")
        if nip is not None and nip in seen:
            row_errors.append(repeated_row(row.line, "nip", seen[nip]))
        elif nip is not None:
            seen[nip] = row.line
        if row_errors:
            errors.extend(row_errors)
            continue
        valid.append(
            (
                values["nip"],
                {
                    "nip": values["nip"],
                    "name": values["name"],
                    "unit": values["unit_code"],
                    "position": values["position"],
                },
            )
        )
    return valid, errors


def validate_trainings(
    rows: Sequence[Row],
    officer: Mapping[str, int],
    *,
    progress: Progress | None = None,
) -> tuple[list[tuple[tuple[int, str, date], dict[str, Any]]], list[RowError]]:
    """((officer id, title, start date), values) per valid row; that key twice is an error."""
    valid: list[tuple[tuple[int, str, date], dict[str, Any]]] = []
    errors: list[RowError] = []
    seen: dict[tuple[int, str, date], int] = {}
    for row in counted(rows, progress, 0, 2 * len(rows)):
        values, row_errors = parse_fields(
            row,
            {
                "nip": lambda t: registered_officer(t, officer),
                "title": lambda t: parse_text(t, 300, required=True),
                "form": lambda t: parse_text(t, 100, required=True),
                "classical": parse_bool,
                "competency": parse_competency,
                "provider": lambda t: parse_text(t, 200),
                "start_date": parse_date,
                "end_date": parse_date,
                "jp": lambda t: parse_int(t, 1, MAX_JP),
                "certificate_no": lambda t: parse_text(t, 100),
            },
        )
        start, end = values.get("start_date"), values.get("end_date")
        if start is not None and end is not None and end < start:
            row_errors.append(
                row_error(row.line, "end_date", N_("Tanggal selesai sebelum tanggal mulai."))
            )
        if not row_errors:
            key = (values["nip"], values["title"], values["start_date"])
            if key in seen:
                row_errors.append(repeated_row(row.line, "title", seen[key]))
            else:
                seen[key] = row.line
        if row_errors:
            errors.extend(row_errors)
            continue
        record = {name: values[name] for name in values if name != "nip"}
        valid.append((key, {"officer": values["nip"], **record}))
    return valid, errors


def parse_fields(row: Row, parsers: Mapping[str, Any]) -> tuple[dict[str, Any], list[RowError]]:
    values: dict[str, Any] = {}
    errors: list[RowError] = []
    for column, parse in parsers.items():
        try:
            values[column] = parse(row.values.get(column, ""))
        except Invalid as problem:
            errors.append(problem.at(row.line, column))
    return values, errors


def repeated_row(line: int, column: str, first: int) -> RowError:
    return row_error(line, column, N_("Sama dengan baris %(row)s di berkas ini."), row=first)


def _nip(text: str, today: date | None) -> str:
    nip = normalise_nip(text)
    if not nip:
        raise Invalid(N_("Wajib diisi."))
    problem = validate_nip(nip, today)
    if problem:
        raise Invalid(problem)
    return nip


def registered_officer(text: str, officer: Mapping[str, int]) -> int:
    nip = normalise_nip(text)
    if not nip:
        raise Invalid(N_("Wajib diisi."))
    found = officer.get(nip)
    if found is None:
        raise Invalid(N_("Petugas dengan NIP %(value)s tidak terdaftar."), value=nip)
    return found


def _unit(code: str, units: Mapping[str, int]) -> int:
    if not code:
        raise Invalid(N_("Wajib diisi."))
    unit = units.get(code)
    if unit is None:
        raise Invalid(N_("Unit %(value)s tidak ditemukan."), value=code)
    return unit


def parse_competency(text: str) -> str:
    value = text.casefold().replace(" ", "_").replace("-", "_")
    if value not in COMPETENCIES:
        raise Invalid(
            N_("%(value)s tidak dikenal; pilih teknis, manajerial atau sosial_kultural."),
            value=text,
        )
    return value
