"""An officer's competency development hours (JP) per year against the 20 JP right.

PP 11/2017 gives every ASN the right to at least 20 JP (1 JP = 45 minutes) of
competency development a year. A training counts in the year it ends (**decision**:
a course running from December into January counts once, when it is completed).
Pure: takes plain records, returns frozen dataclasses.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from surveys.method.elements import N_

JP_RIGHT_PER_YEAR = 20
# Years shown even without any training, so a gap is visible rather than silent.
YEARS_SHOWN = 5

COMPETENCY_LABELS: dict[str, str] = {
    "teknis": N_("Teknis"),
    "manajerial": N_("Manajerial"),
    "sosial_kultural": N_("Sosial kultural"),
}

# Peraturan LAN 10/2018: the common forms, offered as suggestions (the field is free text).
CLASSICAL_FORMS = (
    "Pelatihan struktural kepemimpinan",
    "Pelatihan manajerial",
    "Pelatihan teknis",
    "Pelatihan fungsional",
    "Pelatihan sosial kultural",
    "Seminar/konferensi",
    "Workshop/lokakarya",
    "Kursus",
    "Penataran",
    "Bimbingan teknis",
    "Sosialisasi",
)
NON_CLASSICAL_FORMS = (
    "Coaching",
    "Mentoring",
    "E-learning",
    "Pelatihan jarak jauh",
    "Datasering",
    "Pembelajaran alam terbuka",
    "Patok banding",
    "Pertukaran PNS dengan swasta",
    "Belajar mandiri",
    "Komunitas belajar",
    "Bimbingan di tempat kerja",
    "Magang/praktik kerja",
)


@dataclass(frozen=True)
class YearHours:
    year: int
    jp: int
    trainings: int
    by_competency: dict[str, int]

    @property
    def meets_right(self) -> bool:
        return self.jp >= JP_RIGHT_PER_YEAR

    @property
    def shortfall(self) -> int:
        return max(0, JP_RIGHT_PER_YEAR - self.jp)


@dataclass(frozen=True)
class FormHours:
    form: str
    classical: bool
    trainings: int
    jp: int


@dataclass(frozen=True)
class HoursSummary:
    years: tuple[YearHours, ...]  # newest first
    by_form: tuple[FormHours, ...]  # most JP first
    by_competency: dict[str, int]
    total_jp: int
    years_meeting_right: int


def summarise_hours(
    trainings: Iterable[Mapping[str, Any]], today: date, since_year: int | None = None
) -> HoursSummary:
    """JP per year (by competency kind) and per form, from records with ``end_date``, ``jp``,
    ``competency``, ``form`` and ``classical``.

    Years run from the first training (or ``YEARS_SHOWN`` years back, but never before
    ``since_year``, e.g. the appointment year) up to this year, zero-JP years included.
    """
    records = list(trainings)
    per_year: dict[int, list[Mapping[str, Any]]] = {}
    for record in records:
        per_year.setdefault(record["end_date"].year, []).append(record)
    first = today.year - YEARS_SHOWN + 1
    if since_year is not None:
        first = max(first, min(since_year, today.year))
    if per_year:
        first = min(first, min(per_year))
    last = max([today.year, *per_year])
    years = tuple(_year(year, per_year.get(year, [])) for year in range(last, first - 1, -1))
    return HoursSummary(
        years=years,
        by_form=_by_form(records),
        by_competency=_by_competency(records),
        total_jp=sum(int(r["jp"]) for r in records),
        years_meeting_right=sum(1 for y in years if y.meets_right),
    )


def _by_competency(records: list[Mapping[str, Any]]) -> dict[str, int]:
    totals = dict.fromkeys(COMPETENCY_LABELS, 0)
    for record in records:
        totals[record["competency"]] = totals.get(record["competency"], 0) + int(record["jp"])
    return totals


def _year(year: int, records: list[Mapping[str, Any]]) -> YearHours:
    return YearHours(
        year=year,
        jp=sum(int(r["jp"]) for r in records),
        trainings=len(records),
        by_competency=_by_competency(records),
    )


def _by_form(records: list[Mapping[str, Any]]) -> tuple[FormHours, ...]:
    groups: dict[tuple[str, bool], list[int]] = {}
    for record in records:
        key = (record["form"], bool(record["classical"]))
        groups.setdefault(key, []).append(int(record["jp"]))
    rows = [
        FormHours(form, classical, len(jps), sum(jps)) for (form, classical), jps in groups.items()
    ]
    return tuple(sorted(rows, key=lambda row: (-row.jp, row.form.casefold())))


def appointment_year(nip: str) -> int | None:
    """The appointment year in an 18-digit NIP (digits 9-12), when it looks like one."""
    if len(nip) == 18 and nip.isascii() and nip.isdigit():
        year = int(nip[8:12])
        return year if 1950 <= year <= 2100 else None
    return None
