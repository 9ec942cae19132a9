"""A unit's competency matrix as a table for CSV and XLSX: one row per officer.

Columns: NIP, name, position, the match and its band, then per competency "level/standard"
(a level alone when the position does not require it; blank when not currently assessed).
openpyxl is loaded only when a workbook is asked for.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from surveys.competency.profiles import UnitMatrix


def matrix_table(matrix: UnitMatrix) -> tuple[list[str], list[list[str]]]:
    header = ["nip", "name", "position", "match_percent", "band"]
    header += [c["code"] for c in matrix.competencies]
    rows = []
    for profile in matrix.profiles:
        gaps = {gap.competency: gap for gap in profile.match.gaps}
        row = [
            profile.officer["nip"],
            profile.officer["name"],
            profile.officer["position"],
            "" if profile.match.percent is None else str(profile.match.percent),
            profile.match.band.label if profile.match.band else "",
        ]
        for competency in matrix.competencies:
            gap = gaps.get(competency["id"])
            current = profile.levels.get(competency["id"])
            level = None if current is None or current.expired else current.level
            if gap is not None:
                row.append(f"{'' if gap.level is None else gap.level}/{gap.required}")
            else:
                row.append("" if level is None else str(level))
        rows.append(row)
    return header, rows


def xlsx_bytes(title: str, header: Sequence[str], rows: Sequence[Sequence[str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        # Spreadsheets run a leading "=" as a formula: officers' names are plain text.
        sheet.append([f"'{v}" if isinstance(v, str) and v.startswith("=") else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
