"""A unit's competency matrix and needs lists as tables for CSV and XLSX.

The matrix: one row per officer; NIP, name, position, the match and its band, then per
competency "level/standard" (a level alone when the position does not require it; blank when
not currently assessed). The needs: one row per line of evidence behind a need, in the page's
order, with its numbers in their own columns and the page's sentence beside them.
openpyxl is loaded only when a workbook is asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from surveys.competency.needs import Evidence, Need
from surveys.competency.profiles import UnitMatrix

NEEDS_HEADER = [
    "nip",
    "officer",
    "rank",
    "competency_code",
    "competency",
    "sources",
    "source",
    "element",
    "point",
    "level",
    "required",
    "gap",
    "officers_below",
    "officers_assessed",
    "mean_gap",
    "mean",
    "n",
    "reference_mean",
    "reference_n",
    "relative",
    "reference_relative",
    "difference",
    "officers_compared",
    "reference_officers",
    "officers_flagged",
    "points_flagged",
    "forum_inputs",
    "forum_votes",
    "jp",
    "jp_shortfall",
    "evidence",
]
# A figure's column where its name alone would be ambiguous between sources.
_COLUMN = {
    "gap": {"officers": "officers_below", "assessed": "officers_assessed"},
    "citizens": {"officers": "officers_compared"},
    "forum": {"inputs": "forum_inputs", "votes": "forum_votes"},
    "jp": {"shortfall": "jp_shortfall"},
}
_SLOT = {name: i for i, name in enumerate(NEEDS_HEADER)}


def needs_rows(
    needs: Sequence[Need],
    dictionary: Mapping[int, Mapping[str, Any]],
    describe: Callable[[Evidence], str],
    jp_label: str,
    officer: Mapping[str, Any] | None = None,
) -> list[list[Any]]:
    """The rows of one ranked needs list (a unit's, or an officer's when ``officer`` is given):
    one per line of evidence, ``describe`` giving its sentence."""
    rows = []
    for rank, need in enumerate(needs, start=1):
        competency = dictionary.get(need.competency) if need.competency else None
        for item in need.evidence:
            row: list[Any] = [None] * len(NEEDS_HEADER)
            row[:7] = [
                officer["nip"] if officer else None,
                officer["name"] if officer else None,
                rank,
                competency["code"] if competency else None,
                competency["name"] if competency else jp_label,
                need.sources,
                item.source,
            ]
            for key, value in item.figures.items():
                row[_SLOT[_COLUMN.get(item.source, {}).get(key, key)]] = value
            row[-1] = describe(item)
            rows.append(row)
    return rows


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
