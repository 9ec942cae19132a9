"""How a demo citizen answers: element values, profile and comment. Pure.

Each element's value comes from a latent satisfaction: the unit's mean for that element,
plus a mood the respondent carries across all nine answers, plus noise, cut at 1.5, 2.5 and
3.5. U4 is "Gratis" (4) outright for the share of citizens who paid nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from itertools import accumulate

from surveys.store.seed.vocabulary import COMMENTS
from surveys.store.tables import EDUCATIONS, OCCUPATIONS

ELEMENTS = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
MOOD_SD = 0.4
NOISE_SD = 0.45
# The planted relation: up to this much on the latent U6 for 40+ JP in the last 12 months
# (U7 gets 70% of it). About +0.1 to +0.2 on the observed 1–4 mean: visible, not absurd.
TRAINING_BONUS = 0.24
TRAINING_FULL_JP = 40

_AGE_BANDS = ((17, 22), (23, 30), (31, 40), (41, 50), (51, 60), (61, 78))
_AGE_CUMULATIVE = tuple(accumulate((0.14, 0.22, 0.25, 0.2, 0.12, 0.07)))
_EDUCATION_CUMULATIVE = tuple(accumulate((0.08, 0.12, 0.42, 0.12, 0.22, 0.035, 0.005)))
_OCCUPATION_CUMULATIVE = tuple(accumulate((0.12, 0.015, 0.015, 0.23, 0.25, 0.1, 0.27)))


@dataclass(frozen=True)
class Profile:
    gender: str | None
    age: int | None
    education: str | None
    occupation: str | None


def training_bonus(jp_12_months: int) -> float:
    return TRAINING_BONUS * min(jp_12_months, TRAINING_FULL_JP) / TRAINING_FULL_JP


def answer(rng: random.Random, means: dict[str, float], free: float) -> list[int]:
    """Nine values 1–4 in element order."""
    mood = rng.gauss(0, MOOD_SD)
    values = []
    for code in ELEMENTS:
        if code == "U4" and rng.random() < free:
            values.append(4)
            continue
        x = means[code] + mood + rng.gauss(0, NOISE_SD)
        values.append(1 if x < 1.5 else 2 if x < 2.5 else 3 if x < 3.5 else 4)
    return values


def profile(rng: random.Random, female_share: float) -> Profile:
    """Optional fields: most citizens fill the profile, some skip it, a few skip one field."""
    if rng.random() > 0.87:
        return Profile(None, None, None, None)
    gender = ("P" if rng.random() < female_share else "L") if rng.random() < 0.96 else None
    low, high = _AGE_BANDS[_pick(rng, _AGE_CUMULATIVE)]
    age = rng.randint(low, high)
    education = EDUCATIONS[_pick(rng, _EDUCATION_CUMULATIVE)]
    if age <= 22 and education in ("S1/D4", "S2", "S3"):
        education = "SMA"
    if age <= 22 and rng.random() < 0.6:
        occupation = "Pelajar/Mahasiswa"
    else:
        occupation = OCCUPATIONS[_pick(rng, _OCCUPATION_CUMULATIVE)]
        if occupation == "Pelajar/Mahasiswa" and age > 28:
            occupation = "Lainnya"
    return Profile(
        gender,
        age if rng.random() < 0.93 else None,
        education if rng.random() < 0.92 else None,
        occupation if rng.random() < 0.94 else None,
    )


def comment(rng: random.Random, values: list[int], unit_code: str) -> str:
    """Kritik dan saran: rare when satisfied, more likely after a low answer."""
    lowest = min(values)
    unhappy = lowest == 1 or sum(v <= 2 for v in values) >= 3
    if rng.random() > (0.2 if unhappy else 0.03):
        return ""
    if lowest <= 2 and rng.random() < 0.7:
        theme = rng.choice([code for code, v in zip(ELEMENTS, values, strict=True) if v == lowest])
    elif rng.random() < 0.3:
        theme = _unit_theme(unit_code)
    elif sum(values) >= 32:
        theme = "positive"
    else:
        theme = "suggestion"
    return rng.choice(COMMENTS[theme])


def _unit_theme(unit_code: str) -> str:
    for prefix, theme in (("PKM-", "PKM"), ("KEC-", "KEC")):
        if unit_code.startswith(prefix):
            return theme
    return unit_code if unit_code in COMMENTS else "suggestion"


def _pick(rng: random.Random, cumulative: tuple[float, ...]) -> int:
    r = rng.random() * cumulative[-1]
    for index, bound in enumerate(cumulative):
        if r < bound:
            return index
    return len(cumulative) - 1
