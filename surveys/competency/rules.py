"""The rules of competency development, on plain values: currency, current levels, gaps,
the job-person match and its bands, and JP equivalents.

- An assessment is current for three years from its date (Perban BKN 26/2019); on the day
  three years later it has expired. An expired result is still shown, marked, and no longer
  counts towards gaps or the match.
- Assessments are append-only: a correction is a new assessment naming the one it replaces,
  and a replaced assessment no longer speaks for any competency.
- An officer's current level of a competency comes from the newest assessment (by date, then
  by the order of recording) that is neither replaced nor expired and assessed it.
- Gap = required level − current level (positive: below the position's requirement).
- Job-person match = Σ min(current, required) / Σ required × 100, over the position's
  required competencies; a surplus in one competency does not hide a gap in another. It is
  only computed when every required competency has a current level.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

CURRENT_YEARS = 3


def expires_on(assessed_on: date, years: int = CURRENT_YEARS) -> date:
    """The first day an assessment of ``assessed_on`` is no longer current (29 Feb → 28 Feb)."""
    try:
        return assessed_on.replace(year=assessed_on.year + years)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + years, day=28)


def is_current(assessed_on: date, today: date) -> bool:
    return assessed_on <= today < expires_on(assessed_on)


@dataclass(frozen=True)
class AssessedLevel:
    """One level an assessment found: what the history of an officer is made of."""

    assessment: int
    assessed_on: date
    competency: int
    level: int
    replaces: int | None = None


@dataclass(frozen=True)
class CurrentLevel:
    competency: int
    level: int
    assessment: int
    assessed_on: date
    expires_on: date
    expired: bool


def current_levels(history: Iterable[AssessedLevel], today: date) -> dict[int, CurrentLevel]:
    """Per competency, the newest level from an assessment nobody replaced.

    When the newest such level has expired it is returned marked ``expired`` (to be shown,
    not counted); a current level from an older assessment cannot exist then, since the
    older one expired earlier.
    """
    rows = list(history)
    replaced = {row.replaces for row in rows if row.replaces is not None}
    found: dict[int, AssessedLevel] = {}
    for row in rows:
        if row.assessment in replaced:
            continue
        best = found.get(row.competency)
        if best is None or (row.assessed_on, row.assessment) > (best.assessed_on, best.assessment):
            found[row.competency] = row
    return {
        competency: CurrentLevel(
            competency=competency,
            level=row.level,
            assessment=row.assessment,
            assessed_on=row.assessed_on,
            expires_on=expires_on(row.assessed_on),
            expired=not is_current(row.assessed_on, today),
        )
        for competency, row in found.items()
    }


@dataclass(frozen=True)
class Gap:
    competency: int
    required: int
    level: int | None  # None: no current assessment

    @property
    def gap(self) -> int | None:
        return None if self.level is None else self.required - self.level

    @property
    def below(self) -> bool:
        return self.level is not None and self.level < self.required


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    minimum: int


@dataclass(frozen=True)
class Match:
    gaps: tuple[Gap, ...]
    percent: Decimal | None  # None until every required competency has a current level
    band: Band | None

    @property
    def missing(self) -> int:
        return sum(1 for gap in self.gaps if gap.level is None)

    @property
    def below(self) -> int:
        return sum(1 for gap in self.gaps if gap.below)


def band_for(percent: Decimal, bands: Sequence[Band]) -> Band | None:
    """The band with the highest minimum that ``percent`` reaches."""
    reached = [band for band in bands if percent >= band.minimum]
    return max(reached, key=lambda band: band.minimum) if reached else None


def job_person_match(
    required: Mapping[int, int],
    levels: Mapping[int, CurrentLevel],
    bands: Sequence[Band] = (),
) -> Match:
    """Gaps per required competency, and the match once every one has a current level."""
    gaps = []
    for competency, need in required.items():
        current = levels.get(competency)
        level = None if current is None or current.expired else current.level
        gaps.append(Gap(competency, need, level))
    total = sum(required.values())
    if not gaps or total == 0 or any(gap.level is None for gap in gaps):
        return Match(tuple(gaps), None, None)
    held = sum(min(gap.level or 0, gap.required) for gap in gaps)
    percent = (Decimal(held) * 100 / Decimal(total)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return Match(tuple(gaps), percent, band_for(percent, bands))


def jp_for(amount: Decimal, jp_per_unit: Decimal) -> int:
    """Whole JP for ``amount`` hours, days, sessions or JP of a form, rounded half up."""
    if amount < 0 or jp_per_unit < 0:
        raise ValueError("amounts and equivalents are not negative")
    return int((amount * jp_per_unit).quantize(Decimal(1), ROUND_HALF_UP))
