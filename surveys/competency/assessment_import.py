"""Importing assessment results from CSV or XLSX: one row per assessment, one column per
competency code holding its level (blank: not assessed). All-or-nothing and idempotent.

Columns: ``nip,assessed_on,method`` and optionally ``assessor,notes`` and the codes of the
dictionary. ``method`` is one of the method codes (assessment_center, uji_kompetensi,
penilaian_atasan, self_assessment). A row already imported (same officer, date, method,
assessor, notes and levels) is left as it is, so importing a file twice records it once.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from datetime import date

from surveys.competency.assessments import AssessmentFields, import_key_exists, record_assessments
from surveys.method.elements import N_
from surveys.method.nip import normalise_nip
from surveys.store.audit import Actor, record_audit
from surveys.store.development_tables import ASSESSMENT_METHODS, Competency
from surveys.store.imports.csvfile import (
    ImportReport,
    Invalid,
    Row,
    RowError,
    parse_choice,
    parse_date,
    parse_int,
    parse_text,
    read_rows,
    row_error,
)
from surveys.store.imports.queries import officer_ids_by_nip

REQUIRED = ("nip", "assessed_on", "method")
OPTIONAL = ("assessor", "notes")


def import_key(fields: AssessmentFields, nip: str) -> str:
    canonical = json.dumps(
        [
            nip,
            fields.assessed_on.isoformat(),
            fields.method,
            fields.assessor,
            fields.notes,
            sorted(fields.levels.items()),
        ]
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def validate_assessments(
    rows: Sequence[Row], officer: Mapping[str, int], codes: Mapping[str, int], today: date
) -> tuple[list[AssessmentFields], list[RowError]]:
    """One ``AssessmentFields`` per good row (with its import key), or every problem found."""
    valid: list[AssessmentFields] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for row in rows:
        row_errors: list[RowError] = []

        def parsed(column: str, parse, row=row, row_errors=row_errors):
            try:
                return parse(row.values.get(column, ""))
            except Invalid as problem:
                row_errors.append(problem.at(row.line, column))
                return None

        nip = normalise_nip(row.values.get("nip", ""))
        officer_id = officer.get(nip)
        if not nip:
            row_errors.append(row_error(row.line, "nip", N_("Wajib diisi.")))
        elif officer_id is None:
            row_errors.append(
                row_error(
                    row.line, "nip", N_("Petugas dengan NIP %(value)s tidak terdaftar."), value=nip
                )
            )
        assessed_on = parsed("assessed_on", parse_date)
        if assessed_on is not None and assessed_on > today:
            row_errors.append(
                row_error(row.line, "assessed_on", N_("Tanggal penilaian belum terjadi."))
            )
        method = parsed("method", lambda t: parse_choice(t, ASSESSMENT_METHODS))
        assessor = parsed("assessor", lambda t: parse_text(t, 200))
        notes = parsed("notes", lambda t: parse_text(t, 2000))
        levels: dict[int, int] = {}
        for code, competency in codes.items():
            if row.values.get(code, ""):
                level = parsed(code, lambda t: parse_int(t, 1, 5))
                if level is not None:
                    levels[competency] = level
        if not row_errors and not levels:
            row_errors.append(
                row_error(row.line, "", N_("Isi level paling sedikit satu kompetensi."))
            )
        if row_errors:
            errors.extend(row_errors)
            continue
        assert officer_id is not None and assessed_on is not None and method is not None
        fields = AssessmentFields(
            officer=officer_id,
            assessed_on=assessed_on,
            method=method,
            assessor=assessor or "",
            notes=notes or "",
            levels=levels,
        )
        key = import_key(fields, nip)
        if key in seen:
            errors.append(
                row_error(
                    row.line, "nip", N_("Sama dengan baris %(row)s di berkas ini."), row=seen[key]
                )
            )
            continue
        seen[key] = row.line
        valid.append(AssessmentFields(**{**fields.__dict__, "import_key": key}))
    return valid, errors


async def import_assessments(
    actor: Actor, source: str | bytes, today: date, filename: str = ""
) -> ImportReport:
    """Validate the whole file and, when every row is good, store the new assessments."""
    dictionary = {
        row["code"]: row["id"]
        for row in await Competency.select(Competency.id, Competency.code).where(
            Competency.active.eq(True)
        )
    }
    rows, broken = read_rows(source, REQUIRED, (*OPTIONAL, *dictionary))
    if not rows:
        return ImportReport(0, 0, 0, errors=tuple(broken))
    nips = {normalise_nip(row.values.get("nip", "")) for row in rows} - {""}
    officer = await officer_ids_by_nip(nips)
    valid, errors = validate_assessments(rows, officer, dictionary, today)
    if errors or broken:
        ordered = sorted(broken + errors, key=lambda error: error.row)
        return ImportReport(len(rows), 0, 0, errors=tuple(ordered))
    known = await import_key_exists([fields.import_key for fields in valid if fields.import_key])
    fresh = [fields for fields in valid if fields.import_key not in known]
    created = await record_assessments(actor, fresh)
    report = ImportReport(len(rows), created, len(rows) - created)
    await record_audit(
        actor.id,
        actor.username,
        "import",
        "assessment",
        None,
        None,
        report.counts | {"file": filename},
    )
    return report
