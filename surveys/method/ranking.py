"""Ranking units by IKM without pretending thin samples are solid.

Pure. Units below their minimum number of respondents are not ranked: they follow the
ranked ones, most respondents first, marked as "not enough responses".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Ranked(Generic[T]):
    item: T
    rank: int | None  # None: not ranked (not enough respondents or no IKM)


def rank_by_ikm(
    items: Iterable[T],
    ikm: Callable[[T], Decimal | None],
    enough: Callable[[T], bool],
    respondents: Callable[[T], int],
    name: Callable[[T], str],
) -> list[Ranked[T]]:
    """Highest IKM first with shared ranks for ties (1, 2, 2, 4), then the unranked."""
    items = list(items)
    solid = [i for i in items if enough(i) and ikm(i) is not None]
    thin = [i for i in items if not (enough(i) and ikm(i) is not None)]
    solid.sort(key=lambda i: (-ikm(i), name(i)))  # type: ignore[operator]
    thin.sort(key=lambda i: (-respondents(i), name(i)))
    ranked: list[Ranked[T]] = []
    for position, item in enumerate(solid, start=1):
        tied = ranked and ikm(ranked[-1].item) == ikm(item)
        ranked.append(Ranked(item, ranked[-1].rank if tied else position))
    return ranked + [Ranked(item, None) for item in thin]


def split_by_minimum(
    items: Iterable[T], respondents: Callable[[T], int], minimum: int
) -> tuple[list[T], int]:
    """The items with at least ``minimum`` respondents, and how many others were held back.

    Officers' individual scores are shown only above the minimum: below it a score says
    more about chance than about the officer.
    """
    shown, held_back = [], 0
    for item in items:
        if respondents(item) >= minimum:
            shown.append(item)
        else:
            held_back += 1
    return shown, held_back
