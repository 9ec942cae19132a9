"""The city's own view: a parent unit (PEMKOT, an instansi) with every unit below it.

The combined IKM of a parent is computed from its subtree's responses by the same exact
rule as any unit's: the element sums and counts of every unit are added (integers), then
the IKM is computed once from the totals. Averaging the units' IKMs would weigh a unit of
ten respondents like one of a thousand, and is never done here.

Only units the account may see count: a manager's recap covers the subtree within their
scope, an administrator's the whole subtree.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from surveys.method.elements import N_
from surveys.method.period_choice import PeriodChoice
from surveys.method.ranking import Ranked
from surveys.method.scoring import IkmResult, parse_weights
from surveys.method.trends import PeriodSums
from surveys.reporting.overview import UnitRow, overview_rows
from surveys.reporting.overview_queries import populations_for, unit_sums_by_period
from surveys.store.units import subtree, units_in_scope


def combined_series(
    unit_ids: Collection[int], sums: Mapping[int, Sequence[PeriodSums]], periods: int
) -> list[PeriodSums]:
    """Per period, the sums of all ``unit_ids`` added together (integers, never IKMs)."""
    combined = [PeriodSums()] * periods
    for unit_id in unit_ids:
        for index, found in enumerate(sums.get(unit_id, ())):
            combined[index] = combined[index] + found
    return combined


@dataclass(frozen=True)
class Recap:
    """A parent unit's combined result and the row of every unit below it."""

    root: Mapping
    units: int  # units counted, the root included
    combined: IkmResult
    previous_ikm: Decimal | None
    rows: list[Ranked[UnitRow]]

    @property
    def ranked(self) -> list[Ranked[UnitRow]]:
        return [row for row in self.rows if row.rank is not None]

    @property
    def unranked(self) -> list[Ranked[UnitRow]]:
        return [row for row in self.rows if row.rank is None]

    @property
    def target_met(self) -> int:
        return sum(1 for row in self.rows if row.item.target and row.item.target.met)


async def visible_subtree(root: Mapping, scope: frozenset[int] | None) -> list[Mapping]:
    """The root and every unit below it that the account may see."""
    return subtree(await units_in_scope(scope), root["id"])


async def subtree_series(
    root: Mapping, scope: frozenset[int] | None, periods: Sequence[PeriodChoice]
) -> tuple[list[Mapping], list[PeriodSums]]:
    """The visible subtree and its combined sums per period (a unit alone: its own)."""
    units = await visible_subtree(root, scope)
    ids = [unit["id"] for unit in units] or [root["id"]]
    sums = await unit_sums_by_period([p.period for p in periods], ids)
    return units, combined_series(ids, sums, len(periods))


async def city_recap(
    root: Mapping, scope: frozenset[int] | None, choice: PeriodChoice, default_minimum: int
) -> Recap:
    """The recap of ``root``'s visible subtree for the chosen period (and the one before)."""
    units = await visible_subtree(root, scope)
    ids = [unit["id"] for unit in units]
    periods = choice.recent(2)
    sums = await unit_sums_by_period([p.period for p in periods], ids)
    populations = await populations_for(choice.period, ids)
    rows = overview_rows(
        units,
        sums,
        populations,
        len(periods),
        default_minimum,
    )
    previous, current = combined_series(ids, sums, len(periods))
    weights = parse_weights(root.get("weights"))
    minimum = root.get("minimum_responses") or default_minimum
    return Recap(
        root=root,
        units=len(units),
        combined=current.result(minimum_n=minimum, weights=weights),
        previous_ikm=previous.ikm(weights),
        rows=rows,
    )


RECAP_HEADER = (
    N_("Peringkat"),
    N_("Kode"),
    N_("Unit"),
    N_("Induk"),
    N_("Responden"),
    N_("Minimum"),
    N_("IKM"),
    N_("Mutu"),
    N_("Kinerja"),
    N_("Populasi"),
    N_("Target sampel"),
    N_("Target tercapai"),
)


def recap_rows(recap: Recap, translate: Callable[[str], str]) -> list[list[object]]:
    """The recap as spreadsheet rows: every unit (ranked first), then the combined row.

    A unit below its minimum has no rank, and neither its IKM nor its grade is written.
    """
    yes, no = translate(N_("ya")), translate(N_("tidak"))
    rows: list[list[object]] = []
    for ranked in recap.rows:
        row = ranked.item
        shown = row.ikm if row.enough else None
        grade = row.grade if row.enough else None
        rows.append(
            [
                ranked.rank,
                row.unit["code"],
                row.unit["name"],
                row.parent["code"] if row.parent else None,
                row.n,
                row.minimum,
                shown,
                grade.letter if grade else None,
                translate(grade.label) if grade else translate(N_("belum cukup responden")),
                row.target.population if row.target else None,
                row.target.target if row.target else None,
                (yes if row.target.met else no) if row.target else None,
            ]
        )
    combined = recap.combined
    grade = combined.grade if combined.enough else None
    rows.append(
        [
            None,
            recap.root["code"],
            translate(N_("Gabungan %(n)s unit")) % {"n": recap.units},
            None,
            combined.n,
            None,
            combined.ikm if combined.enough else None,
            grade.letter if grade else None,
            translate(grade.label) if grade else translate(N_("belum cukup responden")),
            None,
            None,
            None,
        ]
    )
    return rows


def recap_xlsx(recap: Recap, translate: Callable[[str], str]) -> bytes:
    from surveys.reporting.xlsx_book import sheets_book  # openpyxl loads on the first book

    header = [translate(name) for name in RECAP_HEADER]
    return sheets_book([(translate(N_("Rekap IKM")), header, recap_rows(recap, translate))])
