"""Importing positions and their required levels from CSV or XLSX, all-or-nothing.

Columns ``position_code,position_name,competency,level``: one row per required competency
(``competency`` is a dictionary code, ``level`` 1-5). Each position named in the file gets
exactly the requirements its rows list; positions not in the file stay as they are.
Importing the same file again changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from surveys.competency.dictionary import PositionTaken, positions, save_position
from surveys.method.elements import N_
from surveys.store.audit import Actor
from surveys.store.development_tables import Competency
from surveys.store.imports.csvfile import (
    ImportReport,
    Invalid,
    Row,
    RowError,
    parse_int,
    parse_text,
    read_rows,
    row_error,
)

REQUIRED = ("position_code", "position_name", "competency", "level")


def validate_positions(
    rows: Sequence[Row], codes: Mapping[str, int]
) -> tuple[dict[str, tuple[str, dict[int, int]]], list[RowError]]:
    """{position code: (name, {competency id: level})}, or every problem found."""
    found: dict[str, tuple[str, dict[int, int]]] = {}
    first_row: dict[tuple[str, int], int] = {}
    errors: list[RowError] = []
    for row in rows:
        row_errors: list[RowError] = []
        values: dict[str, Any] = {}
        for column, parse in (
            ("position_code", lambda t: parse_text(t, 40, required=True)),
            ("position_name", lambda t: parse_text(t, 200, required=True)),
            ("level", lambda t: parse_int(t, 1, 5)),
        ):
            try:
                values[column] = parse(row.values.get(column, ""))
            except Invalid as problem:
                row_errors.append(problem.at(row.line, column))
        code = row.values.get("competency", "").strip().casefold()
        competency = codes.get(code)
        if competency is None:
            row_errors.append(
                row_error(
                    row.line,
                    "competency",
                    N_("Kompetensi %(value)s tidak ada di kamus."),
                    value=code,
                )
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        assert competency is not None
        name, levels = found.setdefault(values["position_code"], (values["position_name"], {}))
        if name != values["position_name"]:
            errors.append(
                row_error(
                    row.line, "position_name", N_("Kode jabatan yang sama harus bernama sama.")
                )
            )
            continue
        key = (values["position_code"], competency)
        if key in first_row:
            errors.append(
                row_error(
                    row.line,
                    "competency",
                    N_("Sama dengan baris %(row)s di berkas ini."),
                    row=first_row[key],
                )
            )
            continue
        first_row[key] = row.line
        levels[competency] = values["level"]
    return found, errors


async def import_positions(actor: Actor, source: str | bytes) -> ImportReport:
    rows, broken = read_rows(source, REQUIRED)
    if not rows:
        return ImportReport(0, 0, 0, errors=tuple(broken))
    codes = {
        row["code"].casefold(): row["id"]
        for row in await Competency.select(Competency.id, Competency.code)
    }
    found, errors = validate_positions(rows, codes)
    if errors or broken:
        return ImportReport(
            len(rows), 0, 0, errors=tuple(sorted(broken + errors, key=lambda e: e.row))
        )
    stored = {row["code"]: row for row in await positions()}
    created = updated = unchanged = 0
    for code, (name, levels) in found.items():
        before = stored.get(code)
        if before is not None and before["name"] == name and before["requirements"] == levels:
            unchanged += 1
            continue
        try:
            await save_position(actor, before["id"] if before else None, code, name, levels)
        except PositionTaken:  # created meanwhile by a concurrent import: bring it up to date
            now = next((row for row in await positions() if row["code"] == code), None)
            if now is None:
                raise
            await save_position(actor, now["id"], code, name, levels)
        if before is None:
            created += 1
        else:
            updated += 1
    return ImportReport(len(found), created, unchanged, updated)
