"""The figures of Levels 1 and 2, from plain numbers (pure).

Level 1 (reaction): each item's mean on the 1-4 scale, with its spread and the number of
answers. Level 2 (learning): per participant with both tests, the gain (post − pre, in
points of 100) and the normalised gain (the share of what there was left to learn that
was learnt: (post − pre) / (100 − pre)); summarised by their mean, standard deviation and
quartiles. A participant who scored 100 before has nothing left to learn: their
normalised gain is undefined and left out of its mean (their gain still counts).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

# Fewer answers than this and a mean is shown with its count but read as "too few".
MIN_REACTIONS = 5
MIN_TESTED = 5


@dataclass(frozen=True)
class Spread:
    """A mean with its standard deviation, quartiles and count; None where undefined."""

    n: int
    mean: Decimal | None
    sd: Decimal | None
    q1: Decimal | None = None
    median: Decimal | None = None
    q3: Decimal | None = None


def rounded(value: float | Fraction, places: int) -> Decimal:
    step = Decimal(1).scaleb(-places)
    if isinstance(value, Fraction):
        exact = Decimal(value.numerator) / Decimal(value.denominator)
    else:
        exact = Decimal(repr(value))
    return exact.quantize(step, rounding=ROUND_HALF_UP)


def spread(values: Iterable[float | int | Fraction], places: int = 2) -> Spread:
    """Mean, sample standard deviation (n ≥ 2) and quartiles (n ≥ 4) of ``values``."""
    items = [Fraction(v) if not isinstance(v, Fraction) else v for v in values]
    n = len(items)
    if n == 0:
        return Spread(0, None, None)
    mean = sum(items, Fraction(0)) / n
    sd = rounded(statistics.stdev([float(v) for v in items]), places) if n >= 2 else None
    quartiles: list[Decimal | None] = [None, None, None]
    if n >= 4:
        cuts = statistics.quantiles([float(v) for v in items], n=4, method="inclusive")
        quartiles = [rounded(cut, places) for cut in cuts]
    return Spread(n, rounded(mean, places), sd, *quartiles)


# --- Level 1 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReactionSummary:
    """Each item's spread, and the overall mean of every rating given."""

    n: int
    items: dict[str, Spread]
    overall: Spread

    @property
    def enough(self) -> bool:
        return self.n >= MIN_REACTIONS


def reaction_summary(answers: Sequence[Mapping[str, int]], items: Sequence[str]) -> ReactionSummary:
    """``answers``: one mapping per participant, item → 1-4."""
    by_item = {item: spread(answer[item] for answer in answers) for item in items}
    everything = spread(
        Fraction(sum(answer[item] for item in items), len(items)) for answer in answers
    )
    return ReactionSummary(len(answers), by_item, everything)


# --- Level 2 -------------------------------------------------------------------------------


@dataclass(frozen=True)
class LearningSummary:
    """The tests of an event: how many took both, the scores before and after, the gains."""

    tested: int
    pre: Spread
    post: Spread
    gain: Spread
    normalised_gain: Spread
    ceiling: int  # participants who scored 100 before (no normalised gain)

    @property
    def enough(self) -> bool:
        return self.tested >= MIN_TESTED


def normalised_gain(pre: int, post: int) -> Fraction | None:
    """(post − pre) / (100 − pre); None when the pre-test was already 100."""
    if pre >= 100:
        return None
    return Fraction(post - pre, 100 - pre)


def learning_summary(pairs: Iterable[tuple[int | None, int | None]]) -> LearningSummary:
    """``pairs``: (pre, post) per participant, 0-100; those missing a test are left out."""
    both = [(pre, post) for pre, post in pairs if pre is not None and post is not None]
    gains = [normalised_gain(pre, post) for pre, post in both]
    defined = [gain for gain in gains if gain is not None]
    return LearningSummary(
        tested=len(both),
        pre=spread(pre for pre, _ in both),
        post=spread(post for _, post in both),
        gain=spread(post - pre for pre, post in both),
        normalised_gain=spread(defined),
        ceiling=len(gains) - len(defined),
    )
