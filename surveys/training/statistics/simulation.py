"""Simulated officers for calibration and power tests and for benchmarks.

Honest simulation means simulating what the analysis will really meet: individual responses
nested in officers nested in units, answers on the 1-4 scale, officers who served very different
numbers of citizens (some below the minimum), many tied JP values, units whose whole level moves
between two windows, and units that send more or fewer officers to training.
"""

from __future__ import annotations

import math

import numpy as np

from surveys.method.scoring import ELEMENT_CODES
from surveys.training.statistics.model import OfficerOutcomes

_OFFICER_ELEMENTS = np.isin(np.array(ELEMENT_CODES), ["U6", "U7"])
_BASE = 0.8  # most answers are 3 or 4, as in real SKM data
_CUTS = np.array([-1.2, -0.2, 1.0])  # latent thresholds between the answers 1|2, 2|3, 3|4
_OFFICER_SD = 0.5  # officer skill, in the latent scale of a single answer
_UNIT_SD = 0.4
_UNIT_SHOCK_SD = 0.3  # whatever moves a whole unit between the 'before' and 'after' windows
_HALO_SD = 0.5  # a respondent's overall mood, shared by their nine answers
_NOISE_SD = 0.8
_KINDS = ("teknis", "manajerial", "sosial_kultural")


def simulate_officers(
    n_officers: int,
    effect: float = 0.0,
    seed: int = 0,
    *,
    did_effect: float | None = None,
    officers_per_unit: int = 10,
    mean_responses: float = 40.0,
) -> list[OfficerOutcomes]:
    """n_officers simulated officers.

    effect: the correlation between an officer's JP in the last 12 months and their latent service
    skill, which drives U6 and U7 (and through them, 2/9 of the IKM). 0 means training and
    satisfaction are unrelated.
    did_effect (default: effect): how much officers trained between the 'before' and 'after'
    windows improve, in standard deviations of officer skill.
    """
    if not -1 <= effect <= 1:
        raise ValueError("effect is a correlation: it must lie in [-1, 1]")
    did_effect = effect if did_effect is None else did_effect
    rng = np.random.default_rng(seed)
    n_units = max(1, math.ceil(n_officers / officers_per_unit))
    unit = np.arange(n_officers) % n_units
    unit_level = rng.normal(0, _UNIT_SD, n_units)

    # JP: a fifth with none, the rest skewed around 20 JP, whole numbers so ties abound.
    jp = np.where(rng.random(n_officers) < 0.2, 0, np.ceil(rng.gamma(2.0, 12.0, n_officers)))
    jp_z = (jp - jp.mean()) / jp.std() if n_officers > 1 and jp.std() > 0 else np.zeros(n_officers)
    skill = effect * jp_z + math.sqrt(1 - effect**2) * rng.standard_normal(n_officers)

    trained = rng.random(n_officers) < rng.beta(2, 3, n_units)[unit]
    shock_before = rng.normal(0, _UNIT_SHOCK_SD, n_units)[unit]
    shock_after = rng.normal(0, _UNIT_SHOCK_SD, n_units)[unit]

    responses = _response_counts(rng, mean_responses, n_officers)
    level = unit_level[unit]
    period = _officer_means(rng, responses, level, skill)
    window_counts = _response_counts(rng, mean_responses / 2, 2 * n_officers)
    before = _officer_means(rng, window_counts[:n_officers], level + shock_before, skill)
    improved = skill + did_effect * trained
    after = _officer_means(rng, window_counts[n_officers:], level + shock_after, improved)

    trainings = np.ceil(jp / 12).astype(int)
    officers = []
    for i in range(n_officers):
        by_kind = rng.multinomial(trainings[i], [0.6, 0.3, 0.1])
        officers.append(
            OfficerOutcomes(
                officer_id=i + 1,
                unit_id=int(unit[i]) + 1,
                responses=int(responses[i]),
                mean_u6=period["U6"][i],
                mean_u7=period["U7"][i],
                ikm=period["IKM"][i],
                jp_12m=int(jp[i]),
                trainings_by_kind={k: int(c) for k, c in zip(_KINDS, by_kind, strict=True) if c},
                days_since_last=None if jp[i] == 0 else int(rng.integers(1, 366)),
                trained_in_window=bool(trained[i]),
                before={name: before[name][i] for name in before},
                after={name: after[name][i] for name in after},
            )
        )
    return officers


def _response_counts(rng: np.random.Generator, mean: float, size: int) -> np.ndarray:
    # Negative binomial: overdispersed, so some officers serve a handful of citizens, some hundreds.
    dispersion = 3.0
    return rng.negative_binomial(dispersion, dispersion / (dispersion + mean), size)


def _officer_means(
    rng: np.random.Generator, counts: np.ndarray, level: np.ndarray, skill: np.ndarray
) -> dict[str, list[float | None]]:
    """Simulate every response's nine answers and return each officer's U6, U7 and IKM means."""
    officer = np.repeat(np.arange(len(counts)), counts)
    n_responses = len(officer)
    latent = (
        _BASE
        + level[officer][:, None]
        + _OFFICER_SD * np.outer(skill[officer], _OFFICER_ELEMENTS)
        + rng.normal(0, _HALO_SD, (n_responses, 1))
        + rng.normal(0, _NOISE_SD, (n_responses, len(ELEMENT_CODES)))
    )
    answers = 1 + (latent[:, :, None] > _CUTS).sum(axis=2)
    served = np.bincount(officer, minlength=len(counts))

    def mean(weights: np.ndarray, scale: float = 1.0) -> list[float | None]:
        totals = np.bincount(officer, weights=weights, minlength=len(counts))
        return [float(scale * t / s) if s else None for t, s in zip(totals, served, strict=True)]

    # Every simulated respondent answers all nine elements, so IKM = 25 x the mean answer.
    return {
        "U6": mean(answers[:, ELEMENT_CODES.index("U6")]),
        "U7": mean(answers[:, ELEMENT_CODES.index("U7")]),
        "IKM": mean(answers.mean(axis=1), scale=25.0),
    }
